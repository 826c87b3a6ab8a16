//! The levers of a scenario: the values policy staff decide, found in its text, each with
//! its scenario path (what a variant's `set` names), current value, unit, range and the
//! comment beside it in the file (its source, or "[assumption]").

use crate::scenario::{Scenario, Source, paths, variants};
use serde::Serialize;

/// What kind of field the page shows for a lever.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Number,
    /// A month, `"YYYY-MM"` (written as a RON string).
    Month,
    /// A whole financing value: a scheme and its parameters, `Lumpsum(discount: 0.05)`.
    Financing,
    /// A factor on several values (every tariff): sets each target to its value × factor.
    Factor,
}

/// One lever.
#[derive(Debug, Clone, Serialize)]
pub struct Lever {
    /// The scenario path a variant sets; for a factor, a name of its own.
    pub path: String,
    /// Which part of the region it is about (`IAJ · ondersteuning`), empty for the region.
    pub place: String,
    /// The field's name in the scenario (`financing`, `count`), the page's label key.
    pub field: String,
    pub kind: Kind,
    /// The value in the scenario text, as written (empty: absent, the default applies).
    pub value: String,
    pub unit: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The comment on or above the value's line in the file.
    pub source: Option<String>,
    /// An `uncertain` entry's variant (`variants[NAME].…`), when it names one.
    pub scope: Option<String>,
    /// For a factor: each value it multiplies, path and value.
    pub targets: Vec<(String, f64)>,
    /// For a path with `[*]`: the path of each list item and its value (empty: absent);
    /// the lever sets them all to one value.
    pub each: Vec<(String, String)>,
}

/// A group of levers, as the page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `financing`, `providers`, `transition`, `prices`, `behaviour`.
    pub id: &'static str,
    pub levers: Vec<Lever>,
}

/// A financing scheme and the parameters the page offers for it: (field, unit).
pub const SCHEMES: &[(&str, &[(&str, &str)])] = &[
    (
        "Pxq",
        &[
            ("volume_response", "share"),
            ("spare_capacity_response", "share"),
        ],
    ),
    (
        "Lumpsum",
        &[
            ("discount", "share"),
            ("bandwidth", "share"),
            ("efficiency_response", "share"),
            ("step_down_preference", "share"),
            ("rationing_tolerance", "share"),
            ("early_discharge", "share"),
        ],
    ),
    (
        "Keuzebudget",
        &[
            ("budget_factor", "factor"),
            ("consent_threshold", "€"),
            ("efficiency_response", "share"),
            ("step_down_preference", "share"),
            ("refusal_tolerance", "share"),
        ],
    ),
    (
        "Trajectory",
        &[("price", "€"), ("advance", "share"), ("response", "share")],
    ),
    (
        "Availability",
        &[("fee_per_place_month", "€"), ("occupancy_tariff", "€")],
    ),
];

/// The levers of `source` (parsed as `scenario`), by group.
pub fn levers(source: &Source, scenario: &Scenario) -> Vec<Group> {
    let text = &source.text;
    let all = paths::settable(text);
    let full = |path: &str| full_value(text, path);
    let mut financing = Vec::new();
    let mut providers = Vec::new();
    let mut transition = Vec::new();
    let mut prices = Vec::new();
    let mut tariffs = Vec::new();
    for (path, _) in &all {
        let Some(value) = full(path) else { continue };
        let (place, field) = place_and_field(text, path);
        let lever = |kind, unit: &str| Lever {
            path: path.clone(),
            place: place.clone(),
            field: field.clone(),
            kind,
            value: value.clone(),
            unit: unit.to_string(),
            low: None,
            high: None,
            source: source_note(text, path),
            scope: None,
            targets: Vec::new(),
            each: Vec::new(),
        };
        if let Some(sub) = path
            .strip_suffix("].kind")
            .filter(|p| p.starts_with("segments[") && p.contains("].sub_segments["))
        {
            // Every sub-segment has a scheme; without one written it is P×Q.
            let at = format!("{sub}].financing");
            financing.push(Lever {
                value: full(&at).unwrap_or_else(|| "Pxq()".into()),
                source: source_note(text, &at),
                field: "financing".into(),
                path: at,
                ..lever(Kind::Financing, "")
            });
        } else if path.starts_with("segments[")
            && (path.ends_with(".providers.count")
                || path.ends_with(".market.min")
                || path.ends_with(".market.max"))
        {
            providers.push(Lever {
                low: Some(if field == "count" { 1.0 } else { 0.0 }),
                ..lever(Kind::Number, "providers")
            });
        } else if path == "transition.end" {
            transition.push(lever(Kind::Month, "YYYY-MM"));
        } else if let Some(item) = path
            .strip_prefix("transition.caseload[")
            .and_then(|r| r.strip_suffix("].sub_segment"))
        {
            // Each caseload's own end, absent unless written: the transition's end applies.
            let end = format!("transition.caseload[{item}].end");
            transition.push(Lever {
                value: full(&end).unwrap_or_default(),
                source: source_note(text, &end),
                place: value.trim_matches('"').to_string(),
                field: "end".into(),
                path: end,
                ..lever(Kind::Month, "YYYY-MM")
            });
        } else if path == "budget_per_year" {
            prices.push(Lever {
                low: Some(0.0),
                ..lever(Kind::Number, "€ a year")
            });
        } else if path == "indexation.per_year" {
            prices.push(lever(Kind::Number, "share a year"));
        } else if path.ends_with(".tariff")
            && path.starts_with("segments[")
            && let Ok(v) = value.parse::<f64>()
        {
            tariffs.push((path.clone(), v));
        }
    }
    if !tariffs.is_empty() {
        prices.insert(0, tariff_factor(tariffs));
    }
    let groups = [
        ("financing", financing),
        ("providers", providers),
        ("transition", transition),
        ("prices", prices),
        ("behaviour", behaviour(source, scenario)),
    ];
    groups
        .into_iter()
        .filter(|(_, levers)| !levers.is_empty())
        .map(|(id, levers)| Group { id, levers })
        .collect()
}

/// One factor on every tariff: what a region changes when it indexes or cuts prices.
fn tariff_factor(tariffs: Vec<(String, f64)>) -> Lever {
    Lever {
        path: "tariffs".into(),
        place: String::new(),
        field: "tariff_factor".into(),
        kind: Kind::Factor,
        value: "1".into(),
        unit: "factor".into(),
        low: Some(0.0),
        high: None,
        source: None,
        scope: None,
        targets: tariffs,
        each: Vec::new(),
    }
}

/// The behaviour assumptions: every path the scenario's `uncertain` names, one lever per
/// list item where it says `[*]`, with its range as the lever's.
fn behaviour(source: &Source, scenario: &Scenario) -> Vec<Lever> {
    let text = &source.text;
    let mut out = Vec::new();
    for (entry, range) in &scenario.uncertain {
        let (scope, path) = crate::scenario::uncertain::scope(entry);
        let each: Vec<(String, String)> = if path.contains("[*]") {
            variants::items(text, path)
                .unwrap_or_default()
                .into_iter()
                .map(|p| {
                    let p = paths::named(text, &p);
                    let v = full_value(text, &p).unwrap_or_default();
                    (p, v)
                })
                .collect()
        } else {
            Vec::new()
        };
        let (place, field) = place_and_field(text, path);
        out.push(Lever {
            value: each.first().map_or_else(
                || full_value(text, path).unwrap_or_default(),
                |e| e.1.clone(),
            ),
            source: entry_note(text, entry).or_else(|| source_note(text, path)),
            path: path.to_string(),
            place: place.replace('*', "∗"),
            field,
            kind: Kind::Number,
            unit: "share".into(),
            low: Some(range.low),
            high: Some(range.high),
            scope: scope.map(str::to_string),
            targets: Vec::new(),
            each,
        });
    }
    out
}

/// The whole value at `path` in `text` (not shortened), when it is there.
pub fn full_value(text: &str, path: &str) -> Option<String> {
    let spans = variants::spans(text, path).ok()??;
    let &(s, e) = spans.first()?;
    Some(text[s..e].trim().to_string())
}

/// Where a path is (`IAJ · ondersteuning`, `Aalten`) and its last field.
fn place_and_field(text: &str, path: &str) -> (String, String) {
    let field = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .trim_end_matches(']')
        .to_string();
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        let item = &rest[open + 1..open + close];
        names.push(item.to_string());
        rest = &rest[open + close + 1..];
    }
    // A transition caseload is named by its sub-segment, not its index.
    if path.starts_with("transition.caseload[") {
        let item = path.split(']').next().unwrap_or("").to_string() + "].sub_segment";
        if let Some(sub) = full_value(text, &item) {
            names = vec![sub.trim_matches('"').to_string()];
        }
    }
    let field = match field.as_str() {
        "min" | "max" if path.contains(".market.") => format!("market_{field}"),
        _ => field,
    };
    (names.join(" · "), field)
}

/// The comment that says where the value at `path` comes from: the one at the end of its
/// line, or else the comment lines right above it (at most three).
fn source_note(text: &str, path: &str) -> Option<String> {
    let &(start, end) = variants::spans(text, path).ok()??.first()?;
    note_at(text, start, end)
}

/// The comment on or above an `uncertain` entry (a key of a map, found by its quoted text).
fn entry_note(text: &str, entry: &str) -> Option<String> {
    let key = format!("\"{entry}\"");
    let start = text.find(&key)?;
    let end = text[start..]
        .find(')')
        .map_or(start + key.len(), |i| start + i + 1);
    note_at(text, start, end)
}

/// The comment at the end of the value `start..end`'s line when nothing but a comma
/// follows the value there, or else the comment lines right above it (at most three).
fn note_at(text: &str, start: usize, end: usize) -> Option<String> {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let after = &text[end..line_end];
    if let Some(c) = after.find("//") {
        if after[..c].trim().trim_start_matches(',').trim().is_empty() {
            return Some(after[c + 2..].trim().to_string());
        }
        return None;
    }
    let mut lines: Vec<&str> = Vec::new();
    for line in text[..line_start].lines().rev() {
        match line.trim().strip_prefix("//") {
            Some(comment) if lines.len() < 3 => lines.push(comment.trim()),
            _ => break,
        }
    }
    lines.reverse();
    let note = lines.join(" ");
    (!note.is_empty()).then_some(note)
}

#[cfg(test)]
mod tests {
    use super::{Kind, levers};
    use crate::scenario::Source;
    use std::path::Path;

    #[test]
    fn the_financing_scenario_offers_each_kind_of_lever() {
        let source = Source::read(Path::new("scenarios/achterhoek-financing.ron")).unwrap();
        let groups = levers(&source, &source.parse().unwrap());
        let ids: Vec<&str> = groups.iter().map(|g| g.id).collect();
        assert_eq!(ids, ["financing", "providers", "prices", "behaviour"]);
        let all: Vec<_> = groups.iter().flat_map(|g| &g.levers).collect();
        let ondersteuning = all
            .iter()
            .find(|l| l.path == "segments[IAJ].sub_segments[ondersteuning].financing")
            .unwrap();
        assert_eq!(ondersteuning.kind, Kind::Financing);
        assert_eq!(ondersteuning.value, "Pxq()");
        assert_eq!(ondersteuning.place, "IAJ · ondersteuning");
        let tariffs = all.iter().find(|l| l.kind == Kind::Factor).unwrap();
        assert_eq!(tariffs.targets.len(), 11, "one per product");
        // `[*]` in `uncertain` is one lever for each sub-segment of IAJ, with its range.
        let early = all.iter().find(|l| l.field == "early_discharge").unwrap();
        assert_eq!(early.each.len(), 4, "{early:?}");
        assert_eq!(
            early.each[1].0,
            "segments[IAJ].sub_segments[ondersteuning].financing.early_discharge"
        );
        assert_eq!((early.low, early.high), (Some(0.0), Some(0.2)));
        assert_eq!(early.scope.as_deref(), Some("lumpsum"));
        let own = all
            .iter()
            .find(|l| l.path == "provider_economics.own_cost_share")
            .unwrap();
        assert_eq!(own.value, "0.97");
        // The file's note on the value, where the `uncertain` entry has none of its own.
        assert!(own.source.as_deref().unwrap().contains("97% of the tariff"));
        // A comment at the end of a line with several fields belongs to none of them.
        let tariff = all.iter().find(|l| l.field == "tariff_factor").unwrap();
        assert_eq!(tariff.targets[1].1, 72.6);
        let count = all
            .iter()
            .find(|l| l.path == "segments[IAJ].sub_segments[ondersteuning].providers.count")
            .unwrap();
        assert_eq!(count.value, "29");
    }

    #[test]
    fn transition_ends_are_levers_named_by_their_sub_segment() {
        let source = Source::read(Path::new("scenarios/achterhoek-transition.ron")).unwrap();
        let groups = levers(&source, &source.parse().unwrap());
        let transition = groups.iter().find(|g| g.id == "transition").unwrap();
        assert_eq!(transition.levers[0].path, "transition.end");
        assert_eq!(transition.levers[0].value, "\"2022-07\"");
        // Each caseload's own end, absent in the file (the transition's end applies).
        let own = &transition.levers[2];
        assert_eq!(own.path, "transition.caseload[1].end");
        assert_eq!(own.place, "ondersteuning");
        assert_eq!(own.value, "");
    }
}
