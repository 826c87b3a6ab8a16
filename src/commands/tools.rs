//! The commands that simulate nothing: `init`, `validate`, `metrics`, `paths`, and the
//! warnings every command shows first.

use crate::error::{Error, Result};
use crate::scenario::{self, variants};
use std::path::{Path, PathBuf};

/// The starter scenario of `init`: the shipped minimal example.
const STARTER: &str = include_str!("../../scenarios/minimal.ron");

/// Writes a starter scenario `NAME.ron` in `dir` that validates and runs.
pub fn init(name: &str, dir: &Path) -> Result<PathBuf> {
    let file = new_scenario_file(name, dir)?;
    let text = STARTER.replacen("name: \"minimal\"", &format!("name: \"{name}\""), 1);
    write_validated(&file, text)?;
    Ok(file)
}

/// The file `NAME.ron` in `dir` for a new scenario: a usable name, and no file there yet.
pub(super) fn new_scenario_file(name: &str, dir: &Path) -> Result<PathBuf> {
    if name.is_empty() || !name.chars().all(crate::check::is_plain_name_char) {
        return Err(Error::Usage(format!(
            "`{name}` is not a usable name: use letters, digits, - and _"
        )));
    }
    let file = dir.join(format!("{name}.ron"));
    if file.exists() {
        return Err(Error::Usage(format!(
            "{} exists already; choose another name or remove it",
            file.display()
        )));
    }
    Ok(file)
}

/// Writes scenario `text` to `file` once it validates: never hand out a scenario that
/// does not.
pub(super) fn write_validated(file: &Path, text: String) -> Result<()> {
    scenario::Source::from_text(file, text.clone()).load()?;
    crate::results::folder::write_atomic(file, text.as_bytes())
}

/// Checks the scenario in `file` and every block a command would use — its `variants`
/// (compare), `sweep` (sweep, at the range's ends) and `uncertain` (sensitivity and
/// `run --psa`, at each parameter's low and high) — and returns the sentence saying it is
/// valid, or the first problem.
pub fn validate(file: &Path) -> Result<String> {
    let (source, model) = scenario::load(file)?;
    let sc = source.parse()?;
    let mut blocks = Vec::new();
    if !sc.variants.is_empty() {
        let variants = scenario::load_variants(&[file])?;
        blocks.push(format!("{} variants", variants.len()));
    }
    if let Some(values) = super::sweep::check_block(&source, &model)? {
        blocks.push(format!("a sweep of {values} values"));
    }
    let uncertain = super::sensitivity::check_uncertain(&source)?;
    if uncertain > 0 {
        blocks.push(format!("{uncertain} uncertain parameters"));
    }
    let checked = if blocks.is_empty() {
        String::new()
    } else {
        format!("; checked {}", blocks.join(", "))
    };
    Ok(format!(
        "{}: scenario `{}` is valid ({} municipalities, {} segments, {} sub-segments, {} provider organisations holding {} contracts{checked})",
        file.display(),
        model.name,
        model.munis.len(),
        model.segments.len(),
        model.subs.len(),
        model.providers.len(),
        model.contracts.len()
    ))
}

/// `jeugdsim metrics [FILE]`: every metric with its unit and meaning, one per line; with a
/// scenario, exactly the names its runs write.
pub fn metrics(file: Option<&Path>) -> Result<String> {
    let model = file.map(scenario::load).transpose()?.map(|(_, m)| m);
    let rows = crate::metrics::catalogue(model.as_ref());
    let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    let unit_width = rows
        .iter()
        .map(|(_, u, _)| u.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} metrics{} (details: docs/metrics.md)\n\n",
        rows.len(),
        match (&model, file) {
            (Some(m), Some(f)) => format!(" of `{}` ({})", m.name, f.display()),
            _ => String::new(),
        }
    );
    for (name, unit, meaning) in &rows {
        out.push_str(&format!("{name:<width$}  {unit:<unit_width$}  {meaning}\n"));
    }
    Ok(out)
}

/// `jeugdsim paths FILE`: the settable paths of the scenario with their current values, for
/// `variants`, `sweep --set` and `uncertain`.
pub fn paths(file: &Path) -> Result<String> {
    let source = scenario::Source::read(file)?;
    source.parse()?;
    let rows = scenario::paths::settable(&source.text);
    let width = rows
        .iter()
        .map(|(p, _)| p.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} settable paths of {} (for variants, sweep --set and uncertain; absent optional fields can be set too: docs/scenario.md)\n\n",
        rows.len(),
        file.display()
    );
    for (path, value) in &rows {
        out.push_str(&format!("{path:<width$}  {value}\n"));
    }
    Ok(out)
}

/// The warnings of the scenario(s) in `files` (values allowed but probably not meant): of
/// each file, and those the variants of a single file add, each once.
pub fn warnings(files: &[&Path]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for file in files {
        let (source, model) = scenario::load(file)?;
        out.extend(model.warnings);
        if files.len() == 1 {
            // A broken variant is reported by the commands that use it (and `validate`).
            let base = out.clone();
            let sources = variants::variant_sources(&source).unwrap_or_default();
            for v in sources {
                let Ok(model) = v.source.load() else {
                    continue;
                };
                for w in model.warnings {
                    let w2 = format!("variant `{}`: {w}", v.name);
                    if !base.contains(&w) && !out.contains(&w2) {
                        out.push(w2);
                    }
                }
            }
        }
    }
    Ok(out)
}
