//! How one parameter's replications fold into its effect: the paired comparison of its
//! low and high runs, or for a verdict the metric of the four runs per replication.

use crate::error::{Error, Result};
use crate::metrics::stats::Accumulator;
use crate::results::tornado::Effect;
use crate::run::{self, CompareFold};

/// Folds one parameter's replications into its effect: the paired comparison of low and
/// high, or for a verdict the metric of the four runs per replication.
pub enum EffectFold {
    Pair(Box<CompareFold>),
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

impl EffectFold {
    /// A fold for `models` (low then high; for a verdict baseline low, variant low,
    /// baseline high, variant high), ranking by `metric`.
    pub fn new(
        models: &[(String, crate::model::Model)],
        metric: &str,
        verdict: bool,
    ) -> Result<EffectFold> {
        if !verdict {
            return Ok(EffectFold::Pair(Box::new(CompareFold::new(models)?)));
        }
        let (mut at, mut counts) = ([0; 4], [0; 4]);
        for (k, (_, m)) in models.iter().enumerate().take(4) {
            let names = crate::metrics::metric_names(m);
            at[k] = names.iter().position(|n| *n == metric).unwrap_or(0);
            counts[k] = names.len();
        }
        Ok(EffectFold::Verdict(Box::new(VerdictFold {
            at,
            counts,
            accs: Default::default(),
        })))
    }

    /// The effect on `metric` of parameter `path` run from `low` to `high`.
    pub fn effect(&self, metric: &str, path: &str, low: f64, high: f64) -> Effect {
        let (at_low, at_high, effect) = match self {
            EffectFold::Pair(f) => {
                let cmp = f.finish();
                let stat = |k: usize| *cmp.summaries[k].metric(metric).expect("checked");
                let effect = cmp.differences[0]
                    .iter()
                    .find(|(n, _)| *n == metric)
                    .map(|(_, s)| *s)
                    .expect("both runs have the metric");
                (stat(0), stat(1), effect)
            }
            EffectFold::Verdict(f) => (f.accs[0].stat(), f.accs[1].stat(), f.accs[2].stat()),
        };
        Effect {
            parameter: path.to_string(),
            low,
            high,
            at_low,
            at_high,
            effect,
        }
    }
}
