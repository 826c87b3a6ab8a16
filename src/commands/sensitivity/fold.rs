//! How the replications fold into every parameter's effect: per parameter the paired
//! comparison of its low and high runs, or for a verdict the metric of the four runs per
//! replication; and, run by run, which parameters still need replications (`settle`).

use super::settle;
use crate::error::{Error, Result};
use crate::metrics::stats::Accumulator;
use crate::results::tornado::Effect;
use crate::run::precision::checkpoint;
use crate::run::{self, CompareFold, RepOut};

/// Folds a replication's outputs (one per distinct run of the analysis) into each
/// parameter's effect. With `sequential`, a parameter stops taking replications at the
/// first checkpoint where it is settled (`settle::settled`), and the analysis stops when
/// all are.
pub struct SensitivityFold {
    params: Vec<ParameterFold>,
    /// How many outputs each replication holds: the analysis's distinct runs.
    runs: usize,
    metric: String,
    sequential: bool,
    /// Replications folded so far.
    folded: u64,
}

/// One parameter's fold, where its runs sit in a replication's outputs, and whether it
/// has all the replications it needs.
struct ParameterFold {
    fold: EffectFold,
    at: Vec<usize>,
    /// The effect in each replication folded: what `settle` compares, pair by pair.
    values: Vec<f64>,
    done: bool,
}

impl SensitivityFold {
    /// A fold for parameters whose runs sit at `at[i]` in outputs of `runs` runs.
    pub fn new(
        folds: Vec<EffectFold>,
        at: &[Vec<usize>],
        runs: usize,
        metric: &str,
        sequential: bool,
    ) -> SensitivityFold {
        SensitivityFold {
            params: folds
                .into_iter()
                .zip(at)
                .map(|(fold, at)| ParameterFold {
                    fold,
                    at: at.clone(),
                    values: Vec::new(),
                    done: false,
                })
                .collect(),
            runs,
            metric: metric.to_string(),
            sequential,
            folded: 0,
        }
    }

    /// Parameter `i`'s effect, and the replications it rests on.
    pub fn effect(&self, i: usize, path: &str, low: f64, high: f64) -> Effect {
        let p = &self.params[i];
        Effect {
            replications: p.values.len() as u64,
            ..p.fold.effect(&self.metric, path, low, high)
        }
    }

    /// Marks the parameters settled at this checkpoint as done.
    fn settle(&mut self) {
        let tracks: Vec<settle::Track<'_>> = self
            .params
            .iter()
            .map(|p| settle::Track {
                values: &p.values,
                mean: p.fold.mean(&self.metric),
            })
            .collect();
        let settled = settle::settled(&tracks);
        for (p, settled) in self.params.iter_mut().zip(settled) {
            p.done |= settled;
        }
    }
}

impl run::Fold for SensitivityFold {
    fn push(&mut self, rep: u32, outs: Vec<RepOut>) -> Result<()> {
        if outs.len() != self.runs {
            return Err(Error::Results(format!(
                "replication {rep} holds {} runs' outputs, where this analysis has {}: it \
                 was not simulated from this scenario",
                outs.len(),
                self.runs
            )));
        }
        for p in self.params.iter_mut().filter(|p| !p.done) {
            let mine: Vec<RepOut> = p.at.iter().map(|&k| outs[k].clone()).collect();
            let value = p.fold.value(&mine);
            p.fold.push(rep, mine)?;
            p.values.push(value);
        }
        self.folded += 1;
        if self.sequential && checkpoint(self.folded) {
            self.settle();
        }
        Ok(())
    }

    fn enough(&self) -> bool {
        self.params.iter().all(|p| p.done)
    }

    fn chunk(&self) -> Option<u32> {
        self.sequential
            .then_some(crate::run::precision::STEP as u32)
    }

    /// The runs that a parameter still taking replications reads.
    fn needed(&self) -> Option<Vec<bool>> {
        if !self.sequential {
            return None;
        }
        let mut needed = vec![false; self.runs];
        for p in self.params.iter().filter(|p| !p.done) {
            for &k in &p.at {
                needed[k] = true;
            }
        }
        Some(needed)
    }
}

/// Folds one parameter's replications into its effect: the paired comparison of low and
/// high, or for a verdict the metric of the four runs per replication.
pub enum EffectFold {
    /// The comparison, and where the metric sits in the low and the high run's lists.
    Pair(Box<CompareFold>, [usize; 2]),
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

impl VerdictFold {
    /// The verdict (variant − baseline) at low and at high in one replication's outputs.
    fn verdicts(&self, outs: &[RepOut]) -> (f64, f64) {
        let v = |k: usize| outs[k].metric(self.at[k]);
        (v(1) - v(0), v(3) - v(2))
    }
}

impl run::Fold for EffectFold {
    fn push(&mut self, rep: u32, outs: Vec<run::RepOut>) -> Result<()> {
        match self {
            EffectFold::Pair(fold, _) => fold.push(rep, outs),
            EffectFold::Verdict(f) => {
                let shape: Vec<usize> = outs.iter().map(run::RepOut::metric_count).collect();
                if shape != f.counts.as_slice() {
                    return Err(Error::Results(format!(
                        "replication {rep} holds runs of {shape:?} metrics, where this \
                         analysis has {:?}: it was not simulated from this scenario",
                        f.counts
                    )));
                }
                let (low, high) = f.verdicts(&outs);
                f.accs[0].push(low);
                f.accs[1].push(high);
                f.accs[2].push(high - low);
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
        let place = |m: &crate::model::Model| {
            let names = crate::metrics::metric_names(m);
            (
                names.iter().position(|n| *n == metric).unwrap_or(0),
                names.len(),
            )
        };
        if !verdict {
            let (low, high) = (place(&models[0].1).0, place(&models[1].1).0);
            return Ok(EffectFold::Pair(
                Box::new(CompareFold::new(models)?),
                [low, high],
            ));
        }
        let (mut at, mut counts) = ([0; 4], [0; 4]);
        for (k, (_, m)) in models.iter().enumerate().take(4) {
            (at[k], counts[k]) = place(m);
        }
        Ok(EffectFold::Verdict(Box::new(VerdictFold {
            at,
            counts,
            accs: Default::default(),
        })))
    }

    /// The mean effect so far, as the tornado ranks it.
    fn mean(&self, metric: &str) -> f64 {
        match self {
            EffectFold::Pair(f, _) => f.difference(metric).map_or(f64::NAN, |s| s.mean),
            EffectFold::Verdict(f) => f.accs[2].stat().mean,
        }
    }

    /// The effect in one replication's outputs (high − low; for a verdict, of the
    /// difference variant − baseline).
    fn value(&self, outs: &[RepOut]) -> f64 {
        match self {
            EffectFold::Pair(_, [low, high]) => outs[1].metric(*high) - outs[0].metric(*low),
            EffectFold::Verdict(f) => {
                let (low, high) = f.verdicts(outs);
                high - low
            }
        }
    }

    /// The effect on `metric` of parameter `path` run from `low` to `high`.
    pub fn effect(&self, metric: &str, path: &str, low: f64, high: f64) -> Effect {
        let (at_low, at_high, effect) = match self {
            EffectFold::Pair(f, _) => {
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
            replications: 0,
        }
    }
}
