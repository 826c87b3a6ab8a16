//! Analyses built from runs: one-way sensitivity over a scenario's `uncertain` parameters.

use crate::error::{Error, Result};
use crate::metrics::stats::{Accumulator, Stat};
use crate::run::{self, RunOptions};
use crate::scenario::uncertain::{check_ranges, scope, variant_names};
use crate::scenario::{Source, variants};

/// A one-way sensitivity analysis: the effects ranked, and the `uncertain` parameters it
/// left out because they belong to variants the analysis does not run.
#[derive(Debug)]
pub struct Tornado {
    pub effects: Vec<Effect>,
    pub left_out: Vec<String>,
}

/// Runs every `uncertain` parameter of `base` at its low and its high value — the rest of
/// the scenario as it is — on the same children (common random numbers), and ranks the
/// parameters by the paired effect (high − low) on `metric`. With `variant`, what is
/// ranked is the verdict: `metric` in that variant minus the baseline (the first variant),
/// each run with the parameter at the same value, and the effect is how much the verdict
/// moves from low to high (a difference of paired differences).
pub fn sensitivity(
    base: &Source,
    metric: &str,
    variant: Option<&str>,
    opts: &RunOptions,
) -> Result<Tornado> {
    let plan = SensitivityPlan::new(base, metric, variant, opts)?;
    let mut effects = Vec::with_capacity(plan.params.len());
    for i in 0..plan.params.len() {
        let mut fold = plan.fold(i)?;
        plan.simulate(i, 0..plan.replications(), &mut fold)?;
        effects.push(plan.effect(i, &fold));
    }
    Ok(plan.finish(effects))
}

/// One `uncertain` parameter's runs: at its low and its high value (each with the baseline
/// and the variant for a verdict), on the same children.
pub struct ParameterRuns {
    pub path: String,
    pub low: f64,
    pub high: f64,
    /// Low then high; for a verdict: baseline low, variant low, baseline high, variant high.
    pub models: Vec<(String, crate::model::Model)>,
}

/// What a one-way sensitivity analysis runs: per parameter its models. A whole analysis,
/// each shard and a merge share it.
pub struct SensitivityPlan {
    pub params: Vec<ParameterRuns>,
    pub left_out: Vec<String>,
    metric: String,
    verdict: bool,
    opts: RunOptions,
}

/// Folds one parameter's replications into its effect: the paired comparison of low and
/// high, or for a verdict the metric of the four runs per replication.
pub enum EffectFold {
    Pair(Box<run::CompareFold>),
    Verdict(Box<VerdictFold>),
}

/// A verdict's effect as it accumulates.
pub struct VerdictFold {
    /// Where the metric sits in each of the four runs' metric lists.
    at: [usize; 4],
    /// How many metrics each of the four runs has.
    counts: [usize; 4],
    /// The verdict at low, at high, and high − low.
    accs: [Accumulator; 3],
}

impl run::Fold for EffectFold {
    fn push(&mut self, rep: u32, outs: Vec<run::RepOut>) -> Result<()> {
        match self {
            EffectFold::Pair(fold) => fold.push(rep, outs),
            EffectFold::Verdict(f) => {
                let VerdictFold { at, counts, accs } = f.as_mut();
                let shape: Vec<usize> = outs.iter().map(run::RepOut::metric_count).collect();
                if shape != counts.as_slice() {
                    return Err(Error::Results(format!(
                        "replication {rep} holds runs of {shape:?} metrics, where this \
                         analysis has {counts:?}: it was not simulated from this scenario"
                    )));
                }
                let v: Vec<f64> = outs
                    .iter()
                    .zip(at.iter())
                    .map(|(o, &i)| o.metric(i))
                    .collect();
                let (low, high) = (v[1] - v[0], v[3] - v[2]);
                accs[0].push(low);
                accs[1].push(high);
                accs[2].push(high - low);
                Ok(())
            }
        }
    }
}

impl SensitivityPlan {
    pub fn new(
        base: &Source,
        metric: &str,
        variant: Option<&str>,
        opts: &RunOptions,
    ) -> Result<SensitivityPlan> {
        let scenario = base.parse()?;
        let baseline = base.load()?;
        if scenario.uncertain.is_empty() {
            return Err(Error::Usage(format!(
                "{} has no `uncertain` parameters; add some (see docs/scenario.md)",
                base.file.display()
            )));
        }
        crate::metrics::known_metric(&baseline, metric)?;
        check_ranges(&scenario)?;
        let (params, left_out) = match variant {
            Some(name) => verdict_runs(base, &scenario, name, opts)?,
            None => pair_runs(base, &scenario, &baseline, opts)?,
        };
        for p in &params {
            for (_, m) in &p.models {
                crate::metrics::known_metric(m, metric)?;
            }
        }
        Ok(SensitivityPlan {
            params,
            left_out,
            metric: metric.to_string(),
            verdict: variant.is_some(),
            opts: opts.clone(),
        })
    }

    /// The replications every run takes (the first run's: the same children).
    pub fn replications(&self) -> u32 {
        self.params
            .first()
            .map_or(0, |p| p.models[0].1.replications)
    }

    pub fn fold(&self, i: usize) -> Result<EffectFold> {
        let models = &self.params[i].models;
        if !self.verdict {
            return Ok(EffectFold::Pair(Box::new(run::CompareFold::new(models)?)));
        }
        let (mut at, mut counts) = ([0; 4], [0; 4]);
        for (k, (_, m)) in models.iter().enumerate().take(4) {
            let names = crate::metrics::metric_names(m);
            at[k] = names.iter().position(|n| *n == self.metric).unwrap_or(0);
            counts[k] = names.len();
        }
        Ok(EffectFold::Verdict(Box::new(VerdictFold {
            at,
            counts,
            accs: Default::default(),
        })))
    }

    /// Simulates parameter `i`'s runs for the replications `range` into `fold`.
    pub fn simulate(
        &self,
        i: usize,
        range: std::ops::Range<u32>,
        fold: &mut dyn run::Fold,
    ) -> Result<()> {
        let p = &self.params[i];
        let message = format!("sensitivity {}/{}: {}", i + 1, self.params.len(), p.path);
        run::compare_into(&p.models, &message, &self.opts, range, fold)
    }

    /// Parameter `i`'s effect from its folded replications.
    pub fn effect(&self, i: usize, fold: &EffectFold) -> Effect {
        let p = &self.params[i];
        let (at_low, at_high, effect) = match fold {
            EffectFold::Pair(f) => {
                let cmp = f.finish();
                let stat = |k: usize| *cmp.summaries[k].metric(&self.metric).expect("checked");
                let effect = cmp.differences[0]
                    .iter()
                    .find(|(n, _)| *n == self.metric)
                    .map(|(_, s)| *s)
                    .expect("both runs have the metric");
                (stat(0), stat(1), effect)
            }
            EffectFold::Verdict(f) => (f.accs[0].stat(), f.accs[1].stat(), f.accs[2].stat()),
        };
        Effect {
            parameter: p.path.clone(),
            low: p.low,
            high: p.high,
            at_low,
            at_high,
            effect,
        }
    }

    pub fn finish(self, mut effects: Vec<Effect>) -> Tornado {
        rank(&mut effects);
        Tornado {
            effects,
            left_out: self.left_out,
        }
    }
}

/// The runs of each scenario-wide parameter at its low and high value; parameters of a
/// variant are left out.
fn pair_runs(
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
fn verdict_runs(
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

/// One parameter's effect: the metric at its low and high value, and high − low paired.
#[derive(Debug, Clone)]
pub struct Effect {
    pub parameter: String,
    pub low: f64,
    pub high: f64,
    pub at_low: Stat,
    pub at_high: Stat,
    pub effect: Stat,
}

/// Ranks effects by the size of the mean effect, largest first (a stable sort: equal
/// effects keep the scenario's order, and zero effects come last).
pub fn rank(effects: &mut [Effect]) {
    effects.sort_by(|a, b| b.effect.mean.abs().total_cmp(&a.effect.mean.abs()));
}
