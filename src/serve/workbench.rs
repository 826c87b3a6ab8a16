//! What the page sends — a scenario, its variants as columns of lever values, replications
//! and seed — made into one scenario file the command line runs to the same bytes, and
//! checked with the command line's own messages, each placed at its variant and lever.

use crate::error::{Error, Problem};
use crate::scenario::locate::Locator;
use crate::scenario::variants::ron_string;
use crate::scenario::{Scenario, Source, paths, variants};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The most variants a page compares at once.
pub const MAX_COLUMNS: usize = 8;
/// Bounds on what one request may hold, so a page (or anything else) cannot make the
/// server build an enormous file.
const MAX_SETS: usize = 400;
const MAX_VALUE: usize = 2_000;
const MAX_KEY: usize = 300;
const MAX_NAME: usize = 40;
const MAX_LABEL: usize = 120;

/// One variant: its name, label and the values it sets (path → RON value).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub set: BTreeMap<String, String>,
}

/// A page's request: which scenario, and what to change in it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    /// The scenario's index in the server's list.
    pub scenario: usize,
    #[serde(default)]
    pub replications: Option<u32>,
    #[serde(default)]
    pub seed: Option<u64>,
    pub columns: Vec<Column>,
    /// The language of the run's report and workbook (`nl` or `en`), as the page shows
    /// it; the server's `--lang` when absent.
    #[serde(default)]
    pub lang: Option<String>,
}

/// A problem for the page: at a variant's lever where it can be placed, else for the
/// whole request. `message` is the command line's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldProblem {
    pub column: Option<usize>,
    pub path: Option<String>,
    pub message: String,
}

impl FieldProblem {
    fn general(message: impl Into<String>) -> FieldProblem {
        FieldProblem {
            column: None,
            path: None,
            message: message.into(),
        }
    }
}

/// The variants a scenario starts with on the page: its own `variants`, or one column,
/// `basis`, for a scenario without.
pub fn initial_columns(source: &Source, scenario: &Scenario) -> Vec<Column> {
    if scenario.variants.is_empty() {
        return vec![Column {
            name: "basis".into(),
            label: None,
            set: BTreeMap::new(),
        }];
    }
    let locator = Locator::new(&source.text);
    scenario
        .variants
        .iter()
        .enumerate()
        .map(|(k, v)| Column {
            name: v.name.clone(),
            label: v.label.clone(),
            set: v
                .set
                .keys()
                .filter_map(|key| {
                    let (s, e) = locator.span(&format!("variants[{k}].set.{key}"))?;
                    Some((key.clone(), source.text[s..e].trim().to_string()))
                })
                .collect(),
        })
        .collect()
}

/// The scenario file of `request` on `base`: replications and seed set in the text; one
/// column applied to the text itself (a run); several as its `variants` (a comparison),
/// with `uncertain` entries of variants no longer there left out.
pub fn build(base: &Source, request: &Request) -> Result<String, Vec<FieldProblem>> {
    shape(request)?;
    let mut text = base.text.clone();
    let mut problems = Vec::new();
    let global = [
        ("replications", request.replications.map(|r| r.to_string())),
        ("seed", request.seed.map(|s| s.to_string())),
    ];
    for (path, value) in global {
        if let Some(value) = value
            && let Err(message) = variants::apply(&mut text, path, &value)
        {
            problems.push(FieldProblem {
                column: None,
                path: Some(path.into()),
                message,
            });
        }
    }
    if let [only] = request.columns.as_slice() {
        for (path, value) in &only.set {
            if let Err(message) = variants::apply(&mut text, path, value) {
                problems.push(FieldProblem {
                    column: Some(0),
                    path: Some(path.clone()),
                    message,
                });
            }
        }
    } else {
        let list = variant_list(&request.columns);
        if let Err(message) = variants::apply(&mut text, "variants", &list) {
            problems.push(FieldProblem::general(message));
        }
        if let Err(message) = prune_uncertain(&mut text, &request.columns) {
            problems.push(FieldProblem::general(message));
        }
    }
    if problems.is_empty() {
        Ok(text)
    } else {
        Err(problems)
    }
}

/// Refuses a request the page would never send: no variants or too many, names that are
/// not plain, values across lines or beyond their bounds.
fn shape(request: &Request) -> Result<(), Vec<FieldProblem>> {
    let n = request.columns.len();
    let mut problems = Vec::new();
    if n == 0 || n > MAX_COLUMNS {
        problems.push(FieldProblem::general(format!(
            "a run needs 1 to {MAX_COLUMNS} variants; this request has {n}"
        )));
    }
    let sets: usize = request.columns.iter().map(|c| c.set.len()).sum();
    if sets > MAX_SETS {
        problems.push(FieldProblem::general(format!(
            "the variants set {sets} values; at most {MAX_SETS} are accepted"
        )));
    }
    for (k, c) in request.columns.iter().enumerate() {
        let column = |message: String| FieldProblem {
            column: Some(k),
            path: None,
            message,
        };
        if c.name.is_empty()
            || c.name.len() > MAX_NAME
            || !c.name.chars().all(crate::check::is_plain_name_char)
        {
            problems.push(column(format!(
                "variant name `{}`: use 1 to {MAX_NAME} letters, digits, - or _",
                c.name
            )));
        }
        if request.columns[..k].iter().any(|o| o.name == c.name) {
            problems.push(column(format!("two variants are named `{}`", c.name)));
        }
        if let Some(label) = &c.label
            && (label.chars().count() > MAX_LABEL || label.chars().any(char::is_control))
        {
            problems.push(column(format!(
                "the label is longer than {MAX_LABEL} characters or holds a line break"
            )));
        }
        for (path, value) in &c.set {
            let bad_key = path.is_empty()
                || path.len() > MAX_KEY
                || path
                    .chars()
                    .any(|ch| ch.is_control() || ch == '"' || ch == '\\');
            let bad_value = value.trim().is_empty()
                || value.len() > MAX_VALUE
                || value.chars().any(char::is_control);
            if bad_key || bad_value {
                problems.push(FieldProblem {
                    column: Some(k),
                    path: Some(path.clone()),
                    message: format!(
                        "a path of at most {MAX_KEY} characters and a value of 1 to \
                         {MAX_VALUE} on one line are expected"
                    ),
                });
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The columns as a scenario's `variants` value.
fn variant_list(columns: &[Column]) -> String {
    let mut out = String::from("[\n");
    for c in columns {
        out.push_str(&format!("        (name: \"{}\"", c.name));
        if let Some(label) = c.label.as_deref().filter(|l| !l.trim().is_empty()) {
            out.push_str(&format!(", label: {}", ron_string(label)));
        }
        if c.set.is_empty() {
            out.push_str(", set: {}),\n");
            continue;
        }
        out.push_str(", set: {\n");
        for (path, value) in &c.set {
            out.push_str(&format!(
                "            {}: {},\n",
                ron_string(path),
                value.trim()
            ));
        }
        out.push_str("        }),\n");
    }
    out.push_str("    ]");
    out
}

/// Leaves out the `uncertain` entries scoped to a variant that is not among `columns`
/// (the scenario would refuse them), writing the rest as they were.
fn prune_uncertain(text: &mut String, columns: &[Column]) -> Result<(), String> {
    let Ok(scenario) = Source::from_text(Path::new(""), text.clone()).parse() else {
        return Ok(());
    };
    let kept = |entry: &str| match crate::scenario::uncertain::scope(entry).0 {
        Some(name) => columns.iter().any(|c| c.name == name),
        None => true,
    };
    if scenario.uncertain.keys().all(|k| kept(k)) {
        return Ok(());
    }
    let mut value = String::from("{\n");
    for (entry, range) in scenario.uncertain.iter().filter(|(k, _)| kept(k)) {
        value.push_str(&format!(
            "        {}: (low: {}, high: {}),\n",
            ron_string(entry),
            variants::format_number(range.low),
            variants::format_number(range.high)
        ));
    }
    value.push_str("    }");
    variants::apply(text, "uncertain", &value)
}

/// Checks the file `text` (to be saved as `file`) as `run` (one column) or `compare` would:
/// every problem the command line reports, placed at its variant and lever.
pub fn check(file: &Path, text: &str, columns: &[Column]) -> Vec<FieldProblem> {
    let source = Source::from_text(file, text.to_string());
    let result = if columns.len() == 1 {
        source.load().map(|_| ())
    } else {
        structure(&source, columns)
            .and_then(|()| crate::scenario::load_variants_of(vec![source.clone()]).map(|_| ()))
    };
    match result {
        Ok(()) => Vec::new(),
        Err(e) => place(&source, columns, e),
    }
}

/// The file holds exactly the columns as variants: no value reached beyond its place.
fn structure(source: &Source, columns: &[Column]) -> crate::error::Result<()> {
    let scenario = source.parse()?;
    let same = scenario.variants.len() == columns.len()
        && scenario
            .variants
            .iter()
            .zip(columns)
            .all(|(v, c)| v.name == c.name && v.set.keys().eq(c.set.keys()));
    if same {
        Ok(())
    } else {
        Err(Error::Usage(
            "a value reaches beyond its own place in the scenario (an unbalanced bracket or \
             quote?); check the values changed last"
                .into(),
        ))
    }
}

/// The problems of `error` placed at a variant and lever where the path says which.
fn place(source: &Source, columns: &[Column], error: Error) -> Vec<FieldProblem> {
    let problems = match error {
        Error::Invalid { problems, .. } => problems,
        Error::Parse {
            line, col, message, ..
        } => {
            let path = Locator::new(&source.text)
                .path_at(&source.text, line, col)
                .unwrap_or("")
                .to_string();
            vec![Problem {
                path,
                line,
                col,
                message,
            }]
        }
        other => return vec![FieldProblem::general(other.to_string())],
    };
    problems
        .into_iter()
        .map(|p| {
            // `variants[k].set.PATH`: the override itself.
            if let Some(rest) = p.path.strip_prefix("variants[")
                && let Some((k, key)) = rest.split_once("].set.")
                && let Ok(k) = k.parse::<usize>()
            {
                return FieldProblem {
                    column: Some(k),
                    path: Some(key.to_string()),
                    message: p.message,
                };
            }
            // A variant's model: "variant `NAME` (positions …): …".
            let column = columns
                .iter()
                .position(|c| p.message.starts_with(&format!("variant `{}`", c.name)))
                .or((columns.len() == 1).then_some(0));
            let path = (!p.path.is_empty()).then(|| paths::named(&source.text, &p.path));
            FieldProblem {
                column,
                path,
                message: p.message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Column, Request, build, check, initial_columns};
    use crate::scenario::Source;
    use std::collections::BTreeMap;
    use std::path::Path;

    fn financing() -> Source {
        Source::read(Path::new("scenarios/achterhoek-financing.ron")).unwrap()
    }

    fn request(columns: Vec<Column>) -> Request {
        Request {
            scenario: 0,
            replications: Some(20),
            seed: None,
            columns,
            lang: None,
        }
    }

    #[test]
    fn two_columns_become_the_files_variants_and_load_as_compare_loads_them() {
        let base = financing();
        let mut columns = initial_columns(&base, &base.parse().unwrap());
        assert_eq!(columns[0].name, "pxq");
        columns.truncate(2);
        columns[1].set.insert(
            "segments[IAJ].sub_segments[ondersteuning].financing.discount".into(),
            "0.05".into(),
        );
        let text = build(&base, &request(columns.clone())).unwrap();
        assert!(check(Path::new("x.ron"), &text, &columns).is_empty());
        let source = Source::from_text(Path::new("x.ron"), text.clone());
        let loaded = crate::scenario::load_variants_of(vec![source]).unwrap();
        assert_eq!(loaded.len(), 2);
        assert_eq!(loaded[0].2.replications, 20);
        // The keuzebudget variant's `uncertain` entries went with it.
        assert!(!text.contains("variants[keuzebudget]"));
        assert!(text.contains("variants[lumpsum]"));
    }

    #[test]
    fn a_bad_value_is_placed_at_its_variant_and_lever_with_the_cli_message() {
        let base = financing();
        let mut columns = initial_columns(&base, &base.parse().unwrap());
        columns.truncate(2);
        let path = "segments[IAJ].sub_segments[ondersteuning].providers.count";
        columns[1].set.insert(path.into(), "0".into());
        let text = build(&base, &request(columns.clone())).unwrap();
        let problems = check(Path::new("x.ron"), &text, &columns);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].column, Some(1));
        assert!(
            problems[0]
                .path
                .as_deref()
                .unwrap()
                .starts_with("segments[IAJ].sub_segments[ondersteuning].providers"),
            "{problems:?}"
        );
        assert!(problems[0].message.contains("variant `lumpsum`"));
    }

    #[test]
    fn one_column_is_applied_to_the_text_itself() {
        let base = financing();
        let set = BTreeMap::from([("budget_per_year".to_string(), "80000000".to_string())]);
        let columns = vec![Column {
            name: "basis".into(),
            label: None,
            set,
        }];
        let text = build(&base, &request(columns.clone())).unwrap();
        assert!(text.contains("budget_per_year: 80000000"));
        assert!(check(Path::new("x.ron"), &text, &columns).is_empty());
    }

    #[test]
    fn a_value_that_reaches_beyond_its_place_is_refused() {
        let base = financing();
        let mut columns = initial_columns(&base, &base.parse().unwrap());
        columns.truncate(2);
        columns[1].set.insert(
            "budget_per_year".into(),
            "1}), (name: \"evil\", set: {\"seed\": 2".into(),
        );
        let problems = match build(&base, &request(columns.clone())) {
            Ok(text) => check(Path::new("x.ron"), &text, &columns),
            Err(p) => p,
        };
        assert!(!problems.is_empty());
    }

    #[test]
    fn names_and_sizes_are_bounded() {
        let base = financing();
        let column = |name: &str| Column {
            name: name.into(),
            label: None,
            set: BTreeMap::new(),
        };
        assert!(build(&base, &request(vec![column("../x")])).is_err());
        assert!(build(&base, &request(vec![column("a"), column("a")])).is_err());
        assert!(build(&base, &request(Vec::new())).is_err());
        assert!(
            build(
                &base,
                &request((0..9).map(|i| column(&format!("v{i}"))).collect())
            )
            .is_err()
        );
    }
}
