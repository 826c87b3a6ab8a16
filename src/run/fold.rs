//! Folding replications into results, in replication order. A whole run simulates and
//! folds at once; a shard writes its replications to a file (`shard`), and `merge` folds
//! the shards' replications through the same code, so the results are the same to the
//! byte.

use super::{CHUNK, Comparison, RepOut, RunResult};
use crate::error::{Error, Result};
use crate::metrics::stats::Accumulator;
use crate::metrics::{self, Collector};
use crate::model::Model;
use indicatif::ProgressBar;
use rayon::prelude::*;
use std::ops::Range;

/// Receives every replication's outputs, one per model, in replication order.
pub trait Fold {
    fn push(&mut self, rep: u32, outs: Vec<RepOut>) -> Result<()>;
    /// Whether the fold has all the replications it needs: it ignores any pushed after,
    /// and a run stops simulating. Decided by the replications alone, in order, so a run
    /// stops at the same replication whatever its threads or shards.
    fn enough(&self) -> bool {
        false
    }
    /// With a fold that may have enough early: the replications to simulate between
    /// checks, so that few are simulated in vain.
    fn chunk(&self) -> Option<u32> {
        None
    }
    /// Which of a replication's outputs (one per model, in order) the fold still reads;
    /// `None`: all. A run leaves the others unsimulated (empty), so a model the fold no
    /// longer needs costs nothing more. Decided, like [`Fold::enough`], by the
    /// replications folded so far.
    fn needed(&self) -> Option<Vec<bool>> {
        None
    }
}

/// How a run shows how far it is: the bar it advances by `per_rep` a replication, and
/// with `log`, a line per chunk on stderr named so.
pub(super) struct Progress<'a> {
    pub bar: &'a ProgressBar,
    pub per_rep: u64,
    pub log: Option<&'a str>,
    /// Counts replications for a watcher, and stops the run when it cancels.
    pub watch: Option<&'a super::watch::Watch>,
}

/// Simulates `range` in parallel chunks with `one` (per-thread state `S`) and passes the
/// outputs to `fold` in replication order: the same for any thread count. With `log`, a
/// line per chunk on stderr says how far it is and how long is left (batch jobs have no
/// progress bar).
pub(super) fn drive<S: Default + Send>(
    range: Range<u32>,
    pool: &rayon::ThreadPool,
    progress: Progress<'_>,
    fold: &mut dyn Fold,
    one: impl Fn(&mut S, u32, Option<&[bool]>) -> Result<Vec<RepOut>> + Sync,
) -> Result<()> {
    let started = std::time::Instant::now();
    let total = range.len();
    let mut lo = range.start;
    // A fold that may have enough early checks every `c` replications: chunks of whole
    // checks, enough of them to keep every thread busy.
    let threads = pool.current_num_threads() as u32;
    let chunk = fold
        .chunk()
        .map_or(CHUNK, |c| c.max(1) * (4 * threads).div_ceil(c.max(1)));
    while lo < range.end && !fold.enough() {
        let hi = (lo + chunk).min(range.end);
        let needed = fold.needed();
        let outs: Vec<Vec<RepOut>> = pool.install(|| {
            (lo..hi)
                .into_par_iter()
                .map_init(S::default, |state, rep| {
                    super::watch::go_on_unless_interrupted()?;
                    if let Some(w) = progress.watch {
                        w.go_on()?;
                    }
                    let out = one(state, rep, needed.as_deref());
                    progress.bar.inc(progress.per_rep);
                    if let Some(w) = progress.watch {
                        w.count(progress.per_rep);
                    }
                    out
                })
                .collect::<Result<Vec<_>>>()
        })?;
        for (k, o) in outs.into_iter().enumerate() {
            fold.push(lo + k as u32, o)?;
        }
        lo = hi;
        if let Some(what) = progress.log {
            let done = (lo - range.start) as usize;
            let elapsed = started.elapsed().as_secs_f64();
            let left = elapsed / done as f64 * (total - done) as f64;
            eprintln!(
                "{what}: {done}/{total} replications ({}..{} of this shard), {elapsed:.0} s, about {left:.0} s left",
                range.start, range.end
            );
        }
    }
    progress.bar.finish_and_clear();
    Ok(())
}

/// The summary of a run.
pub struct RunFold {
    collector: Collector,
    simulated: u64,
    /// The precision to stop at (the pass from chance alone), and whether it is reached.
    target: Option<super::precision::Target>,
    enough: bool,
}

impl RunFold {
    pub fn new(model: &Model) -> RunFold {
        RunFold {
            collector: Collector::new(model),
            simulated: 0,
            target: None,
            enough: false,
        }
    }

    /// A fold that has enough once `target` is met (`precision`).
    pub fn until(model: &Model, target: super::precision::Target) -> RunFold {
        RunFold {
            target: Some(target),
            ..RunFold::new(model)
        }
    }

    pub fn finish(&self) -> RunResult {
        RunResult {
            summary: self.collector.finish(),
            simulated_youth_months: self.simulated,
        }
    }
}

/// Checks that replication `rep`'s outputs `o` fit `collector`'s model: a shard file read
/// back must hold what this scenario produces, never values of another one.
fn fits(collector: &Collector, rep: u32, o: &RepOut) -> Result<()> {
    let lengths = [
        ("metrics", o.metrics.len()),
        ("monthly values", o.monthly.len()),
        ("years", o.yearly.len()),
        ("municipal values", o.municipal.len()),
        ("provider values", o.providers.len()),
        ("council values", o.local.len()),
    ];
    match collector.misfit(lengths, &o.activations) {
        None => Ok(()),
        Some(what) => Err(Error::Results(format!(
            "replication {rep} holds {what}: it was not simulated from this scenario"
        ))),
    }
}

impl Fold for RunFold {
    fn push(&mut self, rep: u32, outs: Vec<RepOut>) -> Result<()> {
        if self.enough {
            return Ok(());
        }
        let [o] = outs.as_slice() else {
            return Err(Error::Results(format!(
                "replication {rep} holds {} outputs, expected 1",
                outs.len()
            )));
        };
        fits(&self.collector, rep, o)?;
        self.collector.push(&o.metrics, &o.monthly, &o.yearly);
        self.collector.push_municipal(&o.municipal);
        self.collector.push_local(&o.local);
        self.collector.push_providers(&o.providers);
        self.collector.push_activations(&o.activations);
        self.simulated += o.youth_months;
        self.enough = self.target.as_ref().is_some_and(|t| t.met(&self.collector));
        Ok(())
    }

    fn enough(&self) -> bool {
        self.enough
    }

    fn chunk(&self) -> Option<u32> {
        self.target.as_ref().map(|_| super::precision::STEP as u32)
    }
}

/// The summaries of a comparison's variants and their paired differences.
pub struct CompareFold {
    names: Vec<String>,
    labels: Vec<Option<String>>,
    metric_names: Vec<Vec<String>>,
    /// For each variant, where each baseline metric sits in its own list.
    pairs: Vec<Vec<(usize, usize)>>,
    collectors: Vec<Collector>,
    diffs: Vec<Vec<Accumulator>>,
    relative: RelativeDiffs,
    split: CostSplit,
    splits: Vec<[Accumulator; 4]>,
}

impl CompareFold {
    pub fn new(models: &[(String, Model)]) -> Result<CompareFold> {
        if models.is_empty() {
            return Err(Error::Usage(
                "a comparison needs at least one variant".into(),
            ));
        }
        let names: Vec<Vec<String>> = models
            .iter()
            .map(|(_, m)| metrics::metric_names(m))
            .collect();
        let pairs: Vec<Vec<(usize, usize)>> = names
            .iter()
            .map(|vn| {
                names[0]
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| vn.iter().position(|x| x == n).map(|j| (i, j)))
                    .collect()
            })
            .collect();
        Ok(CompareFold {
            names: models.iter().map(|(n, _)| n.clone()).collect(),
            labels: models.iter().map(|(_, m)| m.label.clone()).collect(),
            collectors: models.iter().map(|(_, m)| Collector::new(m)).collect(),
            diffs: pairs
                .iter()
                .skip(1)
                .map(|p| vec![Default::default(); p.len()])
                .collect(),
            relative: RelativeDiffs::locate(&names),
            split: CostSplit::locate(&names),
            splits: vec![Default::default(); models.len().saturating_sub(1)],
            pairs,
            metric_names: names,
        })
    }

    /// The paired difference in `metric` of the first variant after the baseline, as
    /// [`CompareFold::finish`] reports it.
    pub fn difference(&self, metric: &str) -> Option<crate::metrics::stats::Stat> {
        let i = self.metric_names[0].iter().position(|n| n == metric)?;
        let k = self.pairs.get(1)?.iter().position(|&(b, _)| b == i)?;
        Some(self.diffs[0][k].stat())
    }

    pub fn finish(&self) -> Comparison {
        let names = &self.metric_names;
        Comparison {
            names: self.names.clone(),
            labels: self.labels.clone(),
            summaries: self.collectors.iter().map(|c| c.finish()).collect(),
            differences: self
                .diffs
                .iter()
                .zip(self.pairs.iter().skip(1))
                .zip(&self.splits)
                .map(|((accs, p), parts)| {
                    let mut d: Vec<_> = accs
                        .iter()
                        .zip(p)
                        .map(|(a, &(i, _))| (names[0][i].clone(), a.stat()))
                        .collect();
                    if self.split.found() {
                        d.extend(
                            COST_SPLIT
                                .iter()
                                .zip(parts)
                                .map(|(n, a)| (n.to_string(), a.stat())),
                        );
                    }
                    d
                })
                .collect(),
            relative: self.relative.finish(),
        }
    }
}

impl Fold for CompareFold {
    fn push(&mut self, rep: u32, outs: Vec<RepOut>) -> Result<()> {
        if outs.len() != self.collectors.len() {
            return Err(Error::Results(format!(
                "replication {rep} holds {} variants' outputs, expected {}",
                outs.len(),
                self.collectors.len()
            )));
        }
        for (c, o) in self.collectors.iter().zip(&outs) {
            fits(c, rep, o)?;
        }
        for (v, o) in outs.iter().enumerate() {
            let c = &mut self.collectors[v];
            c.push(&o.metrics, &o.monthly, &o.yearly);
            c.push_municipal(&o.municipal);
            c.push_local(&o.local);
            c.push_providers(&o.providers);
            c.push_activations(&o.activations);
            if v > 0 {
                for (acc, &(i, j)) in self.diffs[v - 1].iter_mut().zip(&self.pairs[v]) {
                    acc.push(o.metrics[j] - outs[0].metrics[i]);
                }
                self.relative.push(v, &outs[0].metrics, &o.metrics);
                if let Some(parts) = self.split.parts(&outs[0].metrics, &o.metrics, v) {
                    for (acc, x) in self.splits[v - 1].iter_mut().zip(parts) {
                        acc.push(x);
                    }
                }
            }
        }
        Ok(())
    }
}

/// The paired cost difference split four ways, per replication; the parts add up to the
/// difference in `total_cost` exactly.
pub const COST_SPLIT: [&str; 4] = [
    "cost_difference_price",
    "cost_difference_volume",
    "cost_difference_care_forgone",
    "cost_difference_unpaid_care",
];

/// Where `total_cost`, `youth_months`, `care_forgone_months` and `care_at_tariff` sit in
/// each variant's metric list.
struct CostSplit {
    at: Vec<Option<[usize; 4]>>,
}

impl CostSplit {
    fn locate(names: &[Vec<String>]) -> CostSplit {
        let find = |vn: &[String], n: &str| vn.iter().position(|x| x == n);
        CostSplit {
            at: names
                .iter()
                .map(|vn| {
                    Some([
                        find(vn, "total_cost")?,
                        find(vn, "youth_months")?,
                        find(vn, "care_forgone_months")?,
                        find(vn, "care_at_tariff")?,
                    ])
                })
                .collect(),
        }
    }

    fn found(&self) -> bool {
        self.at.iter().all(Option::is_some)
    }

    /// Variant `v` against the baseline in one replication. What is paid is the care
    /// delivered at tariff less the care delivered unpaid; the change in the unpaid part
    /// (care providers absorb, or payments above the care delivered) is its own part. The
    /// change in care at tariff splits further: price, the change in care at tariff per
    /// youth-month in care (tariffs, units a month), over the variant's youth-months; the
    /// change in youth-months at the baseline's care per youth-month is the volume effect,
    /// and the part of it that the change in care forgone accounts for (same sign, at most
    /// all of it) is care forgone, the rest volume. The four add up to the difference in
    /// `total_cost`.
    fn parts(&self, base: &[f64], var: &[f64], v: usize) -> Option<[f64; 4]> {
        let ([tb, yb, fb, pb], [tv, yv, fv, pv]) = (self.at[0]?, self.at[v]?);
        let (months_b, forgone_b) = (base[yb], base[fb]);
        let (months_v, forgone_v) = (var[yv], var[fv]);
        if months_b <= 0.0 || months_v <= 0.0 {
            return None;
        }
        let (care_b, care_v) = (base[pb], var[pv]);
        // Care delivered beyond what was paid: a rise lowers the cost.
        let unpaid = -((care_v - var[tv]) - (care_b - base[tb]));
        let per_month_b = care_b / months_b;
        let price = (care_v / months_v - per_month_b) * months_v;
        let all_volume = (care_v - care_b) - price;
        // Months forgone count whole indications of youths who gave up waiting, more than
        // the youth-months they would have had: capped at the volume change they explain.
        let forgone_value = -(forgone_v - forgone_b) * per_month_b;
        let forgone = if all_volume < 0.0 && forgone_value < 0.0 {
            forgone_value.max(all_volume)
        } else if all_volume > 0.0 && forgone_value > 0.0 {
            forgone_value.min(all_volume)
        } else {
            0.0
        };
        Some([price, all_volume - forgone, forgone, unpaid])
    }
}

/// The [`super::RELATIVE`] differences of a comparison as they accumulate: per variant, where
/// each such metric sits in the baseline's and the variant's lists, and its ratio.
struct RelativeDiffs {
    at: Vec<Vec<(&'static str, usize, usize)>>,
    ratios: Vec<Vec<crate::metrics::stats::RatioAccumulator>>,
}

impl RelativeDiffs {
    fn locate(names: &[Vec<String>]) -> RelativeDiffs {
        let at: Vec<Vec<(&'static str, usize, usize)>> = names
            .iter()
            .map(|vn| {
                super::RELATIVE
                    .iter()
                    .filter_map(|r| {
                        let i = names[0].iter().position(|x| x == r)?;
                        Some((*r, i, vn.iter().position(|x| x == r)?))
                    })
                    .collect()
            })
            .collect();
        let ratios = at
            .iter()
            .skip(1)
            .map(|r| vec![Default::default(); r.len()])
            .collect();
        RelativeDiffs { at, ratios }
    }

    /// Adds replication values of variant `v` (> 0) against the baseline's.
    fn push(&mut self, v: usize, baseline: &[f64], variant: &[f64]) {
        for (acc, &(_, i, j)) in self.ratios[v - 1].iter_mut().zip(&self.at[v]) {
            acc.push(variant[j] - baseline[i], baseline[i]);
        }
    }

    fn finish(&self) -> Vec<Vec<(String, crate::metrics::stats::Estimate)>> {
        self.ratios
            .iter()
            .zip(self.at.iter().skip(1))
            .map(|(accs, at)| {
                accs.iter()
                    .zip(at)
                    .map(|(a, (name, _, _))| (name.to_string(), a.estimate()))
                    .collect()
            })
            .collect()
    }
}
