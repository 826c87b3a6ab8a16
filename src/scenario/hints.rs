//! What a syntax error probably means when the file was typed with Dutch or word-processor
//! habits: a decimal comma, a thousands separator, a percent sign, curly quotes. RON's own
//! message ("expected identifier") is right but says nothing a policy analyst can act on.

/// How the decimal-comma hint starts: it replaces RON's message (advice about raw
/// identifiers, which would only mislead).
pub const DECIMAL_COMMA: &str = "a decimal comma?";

/// A sentence to add to the parse error at (1-based) `line`, `col`, or `None`.
pub fn parse_hint(text: &str, line: usize, col: usize) -> Option<String> {
    let (row, at) = row_at(text, line, col)?;
    let (before, after) = row.split_at(at);
    let code = row.split("//").next().unwrap_or(row);
    if code.contains(['“', '”', '„', '‘', '’']) {
        return Some(
            "this line has curly quotes (“ ” ‘ ’), as word processors type them; \
             use straight double quotes: \"…\""
                .into(),
        );
    }
    if after.trim_start().starts_with('%') || code.contains('%') {
        return Some(
            "a percent sign is not part of a number here: write a share, e.g. 0.05 for 5%".into(),
        );
    }
    if let Some(n) = grouped_thousands(code) {
        return Some(format!(
            "`{n}` uses thousands separators; write {} (or with underscores: {})",
            n.replace(['.', ' '], ""),
            n.replace(['.', ' '], "_")
        ));
    }
    if let Some(name) = quoted_field(after) {
        return Some(format!(
            "`{name}` is written without quotes here: `{name}: …`, not `\"{name}\": …` (field \
             names and kinds of care are bare words; only names you choose, such as need \
             levels and sub-segments, are quoted)"
        ));
    }
    let token: &str = after
        .split(|c: char| !(c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .next()
        .unwrap_or("");
    if token.starts_with(|c: char| c.is_ascii_digit())
        && token.contains(['e', 'E'])
        && token.parse::<f64>().is_ok()
    {
        return Some(format!(
            "this field takes a whole number written in digits; `{token}` is in exponent form"
        ));
    }
    if after.starts_with('.') && before.ends_with(|c: char| c.is_ascii_digit()) {
        return Some("this field takes a whole number (no decimals)".into());
    }
    if decimal_comma(before, after) {
        let whole = before.trim_end().trim_end_matches(',');
        let int = &whole[whole.trim_end_matches(|c: char| c.is_ascii_digit()).len()..];
        let frac: String = after
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        return Some(format!(
            "{DECIMAL_COMMA} Numbers take a decimal point: write {int}.{frac} for {int},{frac} \
             (a comma separates fields)"
        ));
    }
    None
}

/// The field whose value starts at (1-based) `line`, `col`: `horizon_months` in
/// `horizon_months: "36"`, so a type error can name what it is about.
pub fn field_at(text: &str, line: usize, col: usize) -> Option<&str> {
    let (row, at) = row_at(text, line, col)?;
    let before = row[..at].trim_end().strip_suffix(':')?.trim_end();
    let start = before
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    let name = &before[start..];
    (!name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit())).then_some(name)
}

/// The text of (1-based) `line`, and the byte offset in it of (1-based, in characters)
/// `col`, as RON reports a position.
fn row_at(text: &str, line: usize, col: usize) -> Option<(&str, usize)> {
    let row = text.lines().nth(line.checked_sub(1)?)?;
    let at = row
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(row.len(), |(i, _)| i);
    Some((row, at))
}

/// A number written with more than one thousands group (`1.250.000`, `1 250 000`), which
/// RON cannot read.
fn grouped_thousands(code: &str) -> Option<String> {
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0
                || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b'_'))
        {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let head = i - start;
            let mut groups = 0;
            let mut sep = None;
            while i < b.len()
                && (b[i] == b'.' || b[i] == b' ')
                && sep.is_none_or(|s| s == b[i])
                && b.get(i + 1..i + 4)
                    .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
                && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            {
                sep = Some(b[i]);
                groups += 1;
                i += 4;
            }
            let enough = match sep {
                Some(b'.') => groups >= 2,
                Some(_) => groups >= 1,
                None => false,
            };
            if (1..=3).contains(&head) && enough {
                return Some(code[start..i].to_string());
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The name in `"name":` at the start of `after`: a struct field written as a map key.
fn quoted_field(after: &str) -> Option<&str> {
    let rest = after.strip_prefix('"')?;
    let end = rest.find('"')?;
    let name = &rest[..end];
    let is_field = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    (is_field && rest[end + 1..].trim_start().starts_with(':')).then_some(name)
}

/// The error sits just after `<digits>,` and at a digit: `0,5` read as `0`, then `5`.
fn decimal_comma(before: &str, after: &str) -> bool {
    let b = before.trim_end();
    let Some(b) = b.strip_suffix(',') else {
        return false;
    };
    b.ends_with(|c: char| c.is_ascii_digit())
        && after.trim_start().starts_with(|c: char| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::parse_hint;

    #[test]
    fn hints_for_dutch_and_word_processor_habits() {
        let h = |t: &str, col| parse_hint(t, 1, col).unwrap_or_default();
        assert!(h("  referral_rate: 0,05,", 20).contains("write 0.05"));
        assert!(h("  youth_0_17: 1.250.000,", 20).contains("write 1250000"));
        assert!(h("  youth_0_17: 12 500,", 18).contains("write 12500"));
        assert!(h("  share: 5%,", 11).contains("0.05 for 5%"));
        assert!(h("  name: “achterhoek”,", 9).contains("straight double quotes"));
        assert_eq!(parse_hint("  share: 0.5 x,", 1, 14), None);
        assert!(h("  count: 2.5,", 11).contains("whole number"));
        assert!(h("  count: 1e308,", 10).contains("`1e308` is in exponent form"));
        assert!(h("  (\"success\": 0.12)", 4).contains("`success: …`, not `\"success\": …`"));
        assert_eq!(parse_hint("  (\"light\" 0.12)", 1, 4), None);
        assert_eq!(
            super::field_at("  horizon_months: \"36\",", 1, 19),
            Some("horizon_months")
        );
        assert_eq!(super::field_at("  x: [1, \"a\"]", 1, 10), None);
    }
}
