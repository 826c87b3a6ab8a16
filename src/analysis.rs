//! Analyses built from runs: one-way sensitivity over a scenario's `uncertain` parameters.

use crate::engine::{self, RunOptions};
use crate::error::{Error, Result};
use crate::metrics::stats::Stat;
use crate::scenario::{Source, variants};

/// Runs every `uncertain` parameter of `base` at its low and its high value — the rest of
/// the scenario as it is — on the same children (common random numbers), and ranks the
/// parameters by the paired effect (high − low) on `metric`.
pub fn sensitivity(base: &Source, metric: &str, opts: &RunOptions) -> Result<Vec<Effect>> {
    let scenario = base.parse()?;
    let baseline = base.load()?;
    if scenario.uncertain.is_empty() {
        return Err(Error::Usage(format!(
            "{} has no `uncertain` parameters; add some (see docs/scenario.md)",
            base.file.display()
        )));
    }
    if !crate::metrics::metric_names(&baseline)
        .iter()
        .any(|n| n == metric)
    {
        return Err(Error::Usage(format!(
            "unknown metric `{metric}`; see docs/metrics.md for the names"
        )));
    }
    let mut effects = Vec::new();
    for (path, range) in &scenario.uncertain {
        if range.low > range.high {
            return Err(Error::Usage(format!(
                "uncertain `{path}`: low {} is above high {}",
                range.low, range.high
            )));
        }
        let mut models = Vec::new();
        for v in variants::sweep_sources(base, path, &[range.low, range.high])? {
            let mut model = v
                .source
                .load()
                .map_err(|e| Error::Usage(format!("uncertain `{path}` = {}: {e}", v.name)))?;
            engine::apply_overrides(&mut model, opts)?;
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
        let cmp = engine::compare(&models, opts)?;
        let stat = |k: usize| *cmp.summaries[k].metric(metric).expect("checked above");
        let effect = cmp.differences[0]
            .iter()
            .find(|(n, _)| n == metric)
            .map(|(_, s)| *s)
            .expect("both variants have the metric");
        effects.push(Effect {
            parameter: path.clone(),
            low: range.low,
            high: range.high,
            at_low: stat(0),
            at_high: stat(1),
            effect,
        });
    }
    rank(&mut effects);
    Ok(effects)
}

/// Probabilistic sensitivity analysis (`run --psa`): each replication draws every
/// `uncertain` parameter once, uniformly between its low and high value (whole numbers
/// when both ends are whole), so the reported bands include parameter uncertainty as
/// health-economic models do. All replications keep the scenario's seed and common random
/// numbers. With every range of zero width this is exactly the plain run.
pub fn run_psa(base: &Source, opts: &RunOptions) -> Result<engine::RunResult> {
    let scenario = base.parse()?;
    let mut model = base.load()?;
    engine::apply_overrides(&mut model, opts)?;
    if scenario.uncertain.is_empty() {
        return Err(Error::Usage(format!(
            "--psa needs `uncertain` parameters in {}; see docs/scenario.md",
            base.file.display()
        )));
    }
    let params: Vec<(String, f64, f64)> = scenario
        .uncertain
        .iter()
        .map(|(p, r)| (p.clone(), r.low, r.high))
        .collect();
    let psa_key = crate::rng::mix(model.seed ^ 0x5053_415f_4452_4157);
    let (replications, seed, chance_only) = (model.replications, model.seed, opts.chance_only);
    let draw_model = |rep: u32| -> Result<crate::model::Model> {
        let mut text = base.text.clone();
        for (k, (path, low, high)) in params.iter().enumerate() {
            let u = crate::rng::uniform(
                psa_key ^ crate::rng::mix(k as u64),
                rep,
                crate::rng::Purpose::Placement,
            );
            let mut v = low + u * (high - low);
            if low.fract() == 0.0 && high.fract() == 0.0 {
                v = v.round();
            }
            variants::apply(&mut text, path, &variants::format_number(v))
                .map_err(|m| Error::Usage(format!("uncertain: {m}")))?;
        }
        let mut m = Source::from_text(&base.file, text).load()?;
        m.replications = replications;
        m.seed = seed;
        if chance_only {
            m.world = Default::default();
        }
        Ok(m)
    };
    engine::run_with(&model, opts, draw_model)
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
