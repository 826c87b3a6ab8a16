//! Analyses built from runs: one-way sensitivity over a scenario's `uncertain` parameters.

use crate::engine::{self, RunOptions};
use crate::error::{Error, Result};
use crate::report::sensitivity::{Effect, rank};
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
