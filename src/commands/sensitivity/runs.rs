//! The runs of a one-way sensitivity analysis: each `uncertain` parameter's scenario at
//! its low and its high value (with the baseline and a variant, for a verdict), and the
//! check that every such scenario validates.

use crate::error::{Error, Result};
use crate::run::{self, RunOptions};
use crate::scenario::uncertain::{check_ranges, scope, variant_names};
use crate::scenario::{Source, variants};

/// One `uncertain` parameter's runs: at its low and its high value (each with the baseline
/// and the variant for a verdict), on the same children.
pub struct ParameterRuns {
    pub path: String,
    pub low: f64,
    pub high: f64,
    /// Low then high; for a verdict: baseline low, variant low, baseline high, variant high.
    pub models: Vec<(String, crate::model::Model)>,
}

/// The runs of each scenario-wide parameter at its low and high value; parameters of a
/// variant are left out.
pub(super) fn pair_runs(
    base: &Source,
    scenario: &crate::scenario::schema::Scenario,
    baseline: &crate::model::Model,
    opts: &RunOptions,
) -> Result<(Vec<ParameterRuns>, Vec<String>)> {
    let mut params = Vec::new();
    let mut left_out = Vec::new();
    for (path, range) in &scenario.uncertain {
        if scope(path).0.is_some() {
            left_out.push(path.clone());
            continue;
        }
        let mut models = Vec::new();
        for v in variants::sweep_sources(base, path, &[range.low, range.high])? {
            let mut model = base.load_patched(
                v.source.text,
                &format!("uncertain.{path}"),
                &format!("uncertain `{path}` = {}", v.name),
            )?;
            run::apply_overrides(&mut model, opts)?;
            model.replications = baseline.replications;
            model.seed = baseline.seed;
            if let Some(r) = opts.replications {
                model.replications = r;
            }
            if let Some(s) = opts.seed {
                model.seed = s;
            }
            models.push((v.name, model));
        }
        params.push(ParameterRuns {
            path: path.clone(),
            low: range.low,
            high: range.high,
            models,
        });
    }
    Ok((params, left_out))
}

/// Checks the `uncertain` block as `sensitivity` and `run --psa` would use it: every range
/// is ordered, and the scenario (or the variant a path is scoped to) validates with the
/// parameter at its low and at its high value. Returns how many parameters it checked.
pub fn check_uncertain(base: &Source) -> Result<usize> {
    let scenario = base.parse()?;
    check_ranges(&scenario)?;
    if scenario.uncertain.is_empty() {
        return Ok(0);
    }
    let sources = variants::variant_sources(base)?;
    for (path, range) in &scenario.uncertain {
        let (only, inner) = scope(path);
        let text = match only {
            None => &base.text,
            Some(name) => match sources.iter().find(|v| v.name == name) {
                Some(v) => &v.source.text,
                None => continue,
            },
        };
        for value in [range.low, range.high] {
            let value = variants::format_number(value);
            let mut patched = text.clone();
            variants::apply(&mut patched, inner, &value)
                .map_err(|m| Error::Usage(format!("uncertain `{path}`: {m}")))?;
            let what = match only {
                None => format!("uncertain `{path}` = {value}"),
                Some(name) => format!("uncertain `{path}` = {value} in variant `{name}`"),
            };
            base.load_patched(patched, &format!("uncertain.{path}"), &what)?;
        }
    }
    Ok(scenario.uncertain.len())
}

/// The runs of a verdict's tornado (`metric` in variant `name` minus the baseline): per
/// parameter, baseline and variant at the low value, then both at the high value.
pub(super) fn verdict_runs(
    base: &Source,
    scenario: &crate::scenario::schema::Scenario,
    name: &str,
    opts: &RunOptions,
) -> Result<(Vec<ParameterRuns>, Vec<String>)> {
    let sources = variants::variant_sources(base)?;
    let (Some(first), Some(target)) = (sources.first(), sources.iter().find(|v| v.name == name))
    else {
        return Err(Error::Usage(format!(
            "--variant {name}: there is no such variant in {}; variants: {}",
            base.file.display(),
            variant_names(scenario)
        )));
    };
    if target.name == first.name {
        return Err(Error::Usage(format!(
            "--variant {name} is the baseline (the first variant); name one of the others"
        )));
    }
    let pair = [first, target];
    let mut params = Vec::new();
    let mut left_out = Vec::new();
    for (path, range) in &scenario.uncertain {
        let (only, inner) = scope(path);
        if only.is_some_and(|v| pair.iter().all(|p| p.name != v)) {
            left_out.push(path.clone());
            continue;
        }
        // Baseline and variant at the low value, then both at the high value.
        let mut models = Vec::with_capacity(4);
        for value in [range.low, range.high] {
            for v in pair {
                let mut text = v.source.text.clone();
                if only.is_none_or(|o| o == v.name) {
                    variants::apply(&mut text, inner, &variants::format_number(value))
                        .map_err(|m| Error::Usage(format!("uncertain: {m}")))?;
                }
                let mut model = base.load_patched(
                    text,
                    &format!("uncertain.{path}"),
                    &format!(
                        "uncertain `{path}` = {} in variant `{}`",
                        variants::format_number(value),
                        v.name
                    ),
                )?;
                run::apply_overrides(&mut model, opts)?;
                models.push(model);
            }
        }
        // Every run keeps the baseline's replications and seed: the same children.
        let (replications, seed) = (models[0].replications, models[0].seed);
        for m in &mut models {
            m.replications = replications;
            m.seed = seed;
        }
        params.push(ParameterRuns {
            path: path.clone(),
            low: range.low,
            high: range.high,
            models: models
                .into_iter()
                .enumerate()
                .map(|(k, m)| (format!("{k}"), m))
                .collect(),
        });
    }
    Ok((params, left_out))
}
