//! The settable paths of a scenario (`jeugdsim paths FILE`): what `variants`, `sweep --set`
//! and `uncertain` can name, and the closest one to a mistyped path.

use super::locate::Locator;

/// Blocks that describe runs of the scenario rather than the region: not settable.
const META: [&str; 4] = ["variants", "sweep", "uncertain", "name"];

/// Every settable value of the scenario `text`, in file order: its path with list items
/// by name where they have one (`segments[IAJ].sub_segments[behandeling].providers.count`)
/// and its current text. Scalars, and enum values such as `Lumpsum(…)` that are replaced
/// whole. Absent optional fields can be set too (they are inserted); docs/scenario.md
/// lists them.
pub fn settable(text: &str) -> Vec<(String, String)> {
    let locator = Locator::new(text);
    let all = locator.paths();
    let has_child = |p: &str| {
        all.iter().any(|(q, _)| {
            q.len() > p.len()
                && q.starts_with(p)
                && matches!(q.as_bytes()[p.len()], b'.' | b'[')
                && !p.is_empty()
        })
    };
    let mut out = Vec::new();
    for &(path, (s, e)) in &all {
        if path.is_empty() || path.ends_with(".name") || META.iter().any(|m| root(path) == *m) {
            continue;
        }
        let value = text[s..e].trim();
        let enum_value = value.split_once('(').is_some_and(|(head, _)| {
            !head.is_empty() && head.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if has_child(path) && !enum_value {
            continue;
        }
        out.push((by_name(&locator, text, path), shorten(value)));
    }
    out
}

/// `path` (list items by index, as validation names them) with each item named where it
/// has a `name`, as [`settable`] lists it.
pub fn named(text: &str, path: &str) -> String {
    by_name(&Locator::new(text), text, path)
}

/// The top-level field of `path`.
fn root(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or(path)
}

/// `path` with each `[k]` replaced by `[name]` where item k has a `name`.
fn by_name(locator: &Locator, text: &str, path: &str) -> String {
    let mut out = String::new();
    let mut index_form = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        out.push_str(&rest[..open]);
        index_form.push_str(&rest[..=close.min(rest.len() - 1)]);
        let name = locator
            .span(&format!("{index_form}.name"))
            .map(|(s, e)| text[s..e].trim().trim_matches('"').to_string())
            .filter(|n| !n.is_empty() && !n.contains([']', '[']));
        match name {
            Some(n) => out.push_str(&format!("[{n}]")),
            None => out.push_str(&rest[open..=close.min(rest.len() - 1)]),
        }
        rest = &rest[(close + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// A value on one line, cut to a readable length.
fn shorten(value: &str) -> String {
    let one_line: String = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 48 {
        format!("{}…", one_line.chars().take(47).collect::<String>())
    } else {
        one_line
    }
}

/// The settable path of `text` closest to the mistyped `path`, if one is close.
pub fn closest(text: &str, path: &str) -> Option<String> {
    settable(text)
        .into_iter()
        .map(|(p, _)| (strsim::normalized_levenshtein(path, &p), p))
        .filter(|(score, _)| *score > 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::{closest, settable};

    const TEXT: &str = r#"(
    name: "x",
    segments: [(name: "IAJ", sub_segments: [(name: "b", providers: Generated(count: 3))])],
    budget: 10.5,
    variants: [(name: "v", set: {"budget": "2"})],
)"#;

    #[test]
    fn lists_leaves_and_enum_values_by_name() {
        let paths = settable(TEXT);
        let names: Vec<&str> = paths.iter().map(|(p, _)| p.as_str()).collect();
        assert!(
            names.contains(&"segments[IAJ].sub_segments[b].providers"),
            "{names:?}"
        );
        assert!(
            names.contains(&"segments[IAJ].sub_segments[b].providers.count"),
            "{names:?}"
        );
        assert!(names.contains(&"budget"), "{names:?}");
        assert!(
            !names
                .iter()
                .any(|n| n.starts_with("variants") || *n == "name"),
            "{names:?}"
        );
        let count = paths.iter().find(|(p, _)| p.ends_with(".count")).unwrap();
        assert_eq!(count.1, "3");
    }

    #[test]
    fn suggests_the_closest_path() {
        assert_eq!(
            closest(TEXT, "segmnts[IAJ].sub_segments[b].providers.count").as_deref(),
            Some("segments[IAJ].sub_segments[b].providers.count")
        );
        assert_eq!(closest(TEXT, "zzz"), None);
    }
}
