//! Scenario variants: named sets of overrides of a base scenario (`variants` in the file),
//! applied to the RON text itself. Patching text keeps RON's own syntax for every value
//! (enums included) and lets every problem be reported at a line and column of the file.

use super::Source;
use super::locate::Locator;
use crate::error::{Error, Problem, Result};

/// One variant, ready to validate: its name and the patched scenario text.
pub struct VariantSource {
    pub name: String,
    /// The variant's `label`, if it has one.
    pub label: Option<String>,
    pub source: Source,
}

/// Builds the text of every variant of `base`. Overrides name a path such as
/// `segments[IAJ].sub_segments[ondersteuning].financing`: list items by index or by the
/// value of their `name` field.
pub fn variant_sources(base: &Source) -> Result<Vec<VariantSource>> {
    let scenario = base.parse()?;
    let locator = Locator::new(&base.text);
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (k, v) in scenario.variants.iter().enumerate() {
        let mut text = base.text.clone();
        for key in v.set.keys() {
            let value_path = format!("variants[{k}].set.{key}");
            let Some((vs, ve)) = locator.span(&value_path) else {
                continue;
            };
            let value = &base.text[vs..ve];
            let before = text.clone();
            if let Err(message) = apply(&mut text, key, value) {
                let (line, col) = locator.exact(&value_path).unwrap_or((1, 1));
                problems.push(Problem {
                    path: value_path.clone(),
                    line,
                    col,
                    message: format!("variant `{}`: {message}", v.name),
                });
                continue;
            }
            // Check the value fits where it went, so a wrong type is reported here, at the
            // override, rather than somewhere in a text the user never wrote.
            let patched = Source::from_text(&base.file, text.clone());
            if let Err(e) = patched.parse() {
                let (line, col) = locator.exact(&value_path).unwrap_or((1, 1));
                let detail = match e {
                    Error::Parse { message, .. } => message,
                    other => other.to_string(),
                };
                problems.push(Problem {
                    path: value_path,
                    line,
                    col,
                    message: format!(
                        "variant `{}`: the value for `{key}` does not fit: {detail}",
                        v.name
                    ),
                });
                // Continue from before this override, so later ones are still checked.
                text = before;
            }
        }
        out.push(VariantSource {
            name: v.name.clone(),
            label: v.label.clone(),
            source: Source::from_text(&base.file, text),
        });
    }
    if !problems.is_empty() {
        return Err(Error::Invalid {
            file: base.file.clone(),
            problems,
        });
    }
    Ok(out)
}

/// Replaces (or inserts, when the field is absent) the value at `path` in `text`. A `[*]`
/// selector sets the value in every item of that list. A path that does not resolve gets
/// the closest settable path as a suggestion.
pub fn apply(text: &mut String, path: &str, value: &str) -> std::result::Result<(), String> {
    set(text, path, value).map_err(|message| {
        match super::paths::closest(text, path).filter(|p| p != path) {
            Some(p) => format!("{message}; did you mean `{p}`? (all paths: `jeugdsim paths FILE`)"),
            None => format!("{message} (all paths: `jeugdsim paths FILE`)"),
        }
    })
}

/// Where `path`'s values are in `text`, as byte ranges (several for a `[*]` path); `None`
/// when a value is absent (it would be inserted, not replaced).
pub fn spans(text: &str, path: &str) -> std::result::Result<Option<Vec<(usize, usize)>>, String> {
    let locator = Locator::new(text);
    let mut out = Vec::new();
    for path in items_at(&locator, text, path)? {
        match locator.span(&resolve(&locator, text, &path)?) {
            Some(span) => out.push(span),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// The paths `path` stands for, in file order: each `[*]` replaced by every item of its
/// list (`[0]`, `[1]`, …); `path` itself when it has none.
pub fn items(text: &str, path: &str) -> std::result::Result<Vec<String>, String> {
    items_at(&Locator::new(text), text, path)
}

fn items_at(locator: &Locator, text: &str, path: &str) -> std::result::Result<Vec<String>, String> {
    let Some(list) = each_item(locator, text, path)? else {
        return Ok(vec![path.to_string()]);
    };
    let mut out = Vec::new();
    for item in list {
        out.extend(items_at(locator, text, &item)?);
    }
    Ok(out)
}

fn set(text: &mut String, path: &str, value: &str) -> std::result::Result<(), String> {
    let locator = Locator::new(text);
    if let Some(items) = each_item(&locator, text, path)? {
        for item in items {
            set(text, &item, value)?;
        }
        return Ok(());
    }
    let resolved = resolve(&locator, text, path)?;
    if let Some((s, e)) = locator.span(&resolved) {
        text.replace_range(s..e, value);
        return Ok(());
    }
    // Absent: insert it as the first field of its parent struct.
    let (parent, field) = match resolved.rfind('.') {
        Some(i) => (&resolved[..i], &resolved[i + 1..]),
        None => ("", resolved.as_str()),
    };
    if field.contains('[') {
        return Err(format!("`{path}`: there is no such list item"));
    }
    let Some((s, e)) = locator.span(parent) else {
        return Err(format!("`{path}`: there is no `{parent}` in the scenario"));
    };
    let Some(open) = text[s..e].find('(').map(|i| s + i) else {
        return Err(format!("`{path}`: `{parent}` is not a struct with fields"));
    };
    if !is_field_name(field) {
        return Err(format!("`{path}`: `{field}` is not a field name"));
    }
    text.insert_str(open + 1, &format!("{field}: {value}, "));
    Ok(())
}

/// For a path with `[*]`, the path once per item of that list (`[0]`, `[1]`, …); `None`
/// for a path without.
fn each_item(
    locator: &Locator,
    text: &str,
    path: &str,
) -> std::result::Result<Option<Vec<String>>, String> {
    let Some(i) = path.find("[*]") else {
        return Ok(None);
    };
    let (head, tail) = (&path[..i], &path[i + 3..]);
    let list = resolve(locator, text, head)?;
    let items = (0..)
        .take_while(|k| locator.span(&format!("{list}[{k}]")).is_some())
        .count();
    if items == 0 {
        return Err(format!("`{path}`: `{head}` is not a list with items"));
    }
    Ok(Some(
        (0..items).map(|k| format!("{list}[{k}]{tail}")).collect(),
    ))
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Turns `[name]` selectors into `[index]`s by looking up list items' `name` fields.
fn resolve(locator: &Locator, text: &str, path: &str) -> std::result::Result<String, String> {
    let mut out = String::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let Some(close) = after.find(']') else {
                return Err(format!("`{path}`: unclosed `[`"));
            };
            let selector = &after[..close];
            rest = &after[close + 1..];
            if selector.parse::<usize>().is_ok() {
                out.push_str(&format!("[{selector}]"));
                continue;
            }
            let wanted = selector.trim_matches('"');
            let mut k = 0;
            loop {
                let item = format!("{out}[{k}]");
                let Some(_) = locator.span(&item) else {
                    return Err(format!("`{path}`: no item named `{wanted}` in `{out}`"));
                };
                if let Some((s, e)) = locator.span(&format!("{item}.name"))
                    && text[s..e].trim_matches('"') == wanted
                {
                    out = item;
                    break;
                }
                k += 1;
            }
        } else {
            let cut = rest.find(['[', '.']).unwrap_or(rest.len());
            let cut = if cut == 0 { 1 } else { cut };
            out.push_str(&rest[..cut]);
            rest = &rest[cut..];
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::apply;

    const TEXT: &str = "(\n  name: \"x\",\n  segments: [(name: \"IAJ\", subs: [(name: \"a\", tariff: 1.0), (name: \"b\", tariff: 2.0)])],\n)\n";

    #[test]
    fn replaces_by_index_and_by_name() {
        let mut t = TEXT.to_string();
        apply(&mut t, "segments[0].subs[1].tariff", "5.0").unwrap();
        assert!(t.contains("(name: \"b\", tariff: 5.0)"));
        apply(&mut t, "segments[IAJ].subs[a].tariff", "7.5").unwrap();
        assert!(t.contains("(name: \"a\", tariff: 7.5)"));
    }

    #[test]
    fn inserts_an_absent_field_and_rejects_unknown_paths() {
        let mut t = TEXT.to_string();
        apply(
            &mut t,
            "segments[IAJ].subs[b].financing",
            "Lumpsum(discount: 0.1)",
        )
        .unwrap();
        assert!(t.contains("(financing: Lumpsum(discount: 0.1), name: \"b\""));
        let err = apply(&mut t, "segments[GWV].subs[a].tariff", "1.0").unwrap_err();
        assert!(err.contains("no item named `GWV`"), "{err}");
    }

    #[test]
    fn a_star_sets_every_item_of_a_list() {
        let mut t = TEXT.to_string();
        apply(&mut t, "segments[IAJ].subs[*].tariff", "9.0").unwrap();
        assert!(t.contains("(name: \"a\", tariff: 9.0), (name: \"b\", tariff: 9.0)"));
        let err = apply(&mut t, "name[*].tariff", "1.0").unwrap_err();
        assert!(err.contains("not a list"), "{err}");
    }
}

/// A parameter sweep: `path` set to each of `values`, as variants named by the value.
pub fn sweep_sources(base: &Source, path: &str, values: &[f64]) -> Result<Vec<VariantSource>> {
    values
        .iter()
        .map(|&v| {
            let value = format_number(v);
            let mut text = base.text.clone();
            apply(&mut text, path, &value).map_err(|m| Error::Usage(format!("sweep: {m}")))?;
            Ok(VariantSource {
                name: value,
                label: None,
                source: Source::from_text(&base.file, text),
            })
        })
        .collect()
}

/// A string as a RON string literal.
pub fn ron_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A number as RON text: whole numbers without a fraction, so integer fields accept them.
pub fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        crate::check::show(v)
    }
}

/// Parses `A..B` or `A..B:STEP` (inclusive; step 1 by default) into the values to run.
pub fn parse_range(text: &str) -> std::result::Result<Vec<f64>, String> {
    let (range, step) = match text.split_once(':') {
        Some((r, s)) => (
            r,
            s.trim()
                .parse::<f64>()
                .map_err(|_| format!("step `{s}` is not a number"))?,
        ),
        None => (text, 1.0),
    };
    let (a, b) = range
        .split_once("..")
        .ok_or_else(|| format!("`{text}` is not a range; write A..B or A..B:STEP"))?;
    let a: f64 = a
        .trim()
        .parse()
        .map_err(|_| format!("`{a}` is not a number"))?;
    let b: f64 = b
        .trim()
        .parse()
        .map_err(|_| format!("`{b}` is not a number"))?;
    if !step.is_finite() || step <= 0.0 || !a.is_finite() || !b.is_finite() || b < a {
        return Err(format!("`{text}`: need A ≤ B and a step above 0"));
    }
    // Counted in floating point first: a huge range must not overflow the count.
    let values = ((b - a) / step + 1e-9).floor() + 1.0;
    if values.is_nan() || values > 1000.0 {
        return Err(format!(
            "`{text}` has more than 1000 values; at most 1000 (narrow the range or take a larger step)"
        ));
    }
    let n = values as usize;
    // Computed from the index, not by repeated addition, so 0.1 steps do not drift.
    Ok((0..n).map(|i| a + i as f64 * step).collect())
}

#[cfg(test)]
mod sweep_tests {
    use super::{format_number, parse_range};

    #[test]
    fn a_huge_range_is_refused_not_overflowed() {
        for text in ["0..1e300", "0..1e19", "-1e308..1e308:1e-300"] {
            let err = parse_range(text).unwrap_err();
            assert!(err.contains("more than 1000 values"), "{text}: {err}");
        }
    }

    #[test]
    fn ranges_are_inclusive_and_integers_stay_integers() {
        assert_eq!(
            parse_range("16..20").unwrap(),
            vec![16.0, 17.0, 18.0, 19.0, 20.0]
        );
        assert_eq!(parse_range("0..1:0.25").unwrap().len(), 5);
        assert!(parse_range("5..1").is_err());
        assert!(parse_range("1..5:0").is_err());
        assert!(parse_range("abc").is_err());
        assert_eq!(format_number(16.0), "16");
        assert_eq!(format_number(0.25), "0.25");
    }
}
