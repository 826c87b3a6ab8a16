//! `jeugdsim optimise`: the smallest number of providers per sub-segment with a min/max
//! such that a target holds in a given share of replications.
//!
//! A candidate is a number of contracted providers for every sub-segment whose `max` is
//! above its `min`: that many best-ranked providers are contracted from the start and the
//! wachtkamer adds none (it still replaces providers that leave). Every candidate runs on
//! the same replications (common random numbers), so two candidates differ only by their
//! market. The search is greedy marginal analysis from the minimum — each step adds the
//! one provider that improves the target metric most — and then a check of every
//! neighbour one provider lower, repeated until none still meets the target. Before all
//! that, the largest market (every sub-segment at its max) is evaluated: if even it misses
//! the target, that is the answer, after one candidate.

use crate::error::{Error, Result};
use crate::metrics::stats::quantile_sorted;
use crate::metrics::target::Target;
use crate::model::Model;
pub use crate::results::optimum::{Optimum, Point};
use crate::run::{self, RunOptions};

/// Searches the market of `model` for the smallest provider numbers meeting `target` in
/// `quantile` of its replications.
pub fn optimise(
    model: &Model,
    target: &Target,
    quantile: f64,
    opts: &RunOptions,
) -> Result<Optimum> {
    if !(quantile > 0.0 && quantile <= 1.0) {
        return Err(Error::Usage(format!(
            "--quantile is {quantile}; it must lie in (0, 1], e.g. 0.95"
        )));
    }
    crate::metrics::known_metric(model, &target.metric)?;
    let subs: Vec<usize> = (0..model.subs.len())
        .filter(|&i| model.subs[i].max_providers > model.subs[i].min_providers)
        .collect();
    if subs.is_empty() {
        return Err(Error::Usage(format!(
            "scenario `{}` has no sub-segment with a `market` whose max is above its min: nothing to size",
            model.name
        )));
    }
    let bounds: Vec<(u32, u32)> = subs
        .iter()
        .map(|&i| (model.subs[i].min_providers, model.subs[i].max_providers))
        .collect();
    let mut search = Search {
        model,
        subs: &subs,
        target,
        quantile,
        opts,
        evaluated: 0,
    };
    // The largest market first: where even it misses the target, no search can meet it,
    // and the answer comes after one candidate instead of the whole greedy path.
    let corner = search.evaluate(&bounds.iter().map(|b| b.1).collect::<Vec<_>>())?;
    if corner.share_meeting < quantile {
        return Ok(Optimum {
            target: target.clone(),
            quantile,
            sub_segments: named(model, &subs, &bounds),
            solution: corner.clone(),
            meets_target: false,
            evaluated: search.evaluated,
            frontier: vec![corner],
        });
    }
    let mut current = search.evaluate(&bounds.iter().map(|b| b.0).collect::<Vec<_>>())?;
    let mut frontier = vec![current.clone()];
    // Greedy marginal analysis: add the provider that moves the target metric most.
    while current.share_meeting < quantile {
        let mut best: Option<Point> = None;
        for (k, &(_, max)) in bounds.iter().enumerate() {
            if current.providers[k] >= max {
                continue;
            }
            let mut n = current.providers.clone();
            n[k] += 1;
            let p = search.evaluate(&n)?;
            if best.as_ref().is_none_or(|b| search.better(&p, b)) {
                best = Some(p);
            }
        }
        let Some(next) = best else { break };
        current = next;
        frontier.push(current.clone());
    }
    let meets_target = current.share_meeting >= quantile;
    // Neighbours one provider lower: take any that still meets the target, until none does.
    if meets_target {
        loop {
            let mut lowered = false;
            for (k, &(min, _)) in bounds.iter().enumerate() {
                if current.providers[k] <= min {
                    continue;
                }
                let mut n = current.providers.clone();
                n[k] -= 1;
                let p = search.evaluate(&n)?;
                if p.share_meeting >= quantile {
                    current = p;
                    frontier.push(current.clone());
                    lowered = true;
                }
            }
            if !lowered {
                break;
            }
        }
    }
    Ok(Optimum {
        target: target.clone(),
        quantile,
        sub_segments: named(model, &subs, &bounds),
        solution: current,
        meets_target,
        evaluated: search.evaluated,
        frontier,
    })
}

/// The searched sub-segments with their min and max.
fn named(model: &Model, subs: &[usize], bounds: &[(u32, u32)]) -> Vec<(String, u32, u32)> {
    subs.iter()
        .zip(bounds)
        .map(|(&i, &(lo, hi))| (model.subs[i].name.clone(), lo, hi))
        .collect()
}

struct Search<'a> {
    model: &'a Model,
    subs: &'a [usize],
    target: &'a Target,
    quantile: f64,
    opts: &'a RunOptions,
    evaluated: usize,
}

impl Search<'_> {
    /// The market with `providers` contracted in each searched sub-segment, on every
    /// replication.
    fn evaluate(&mut self, providers: &[u32]) -> Result<Point> {
        let mut m = self.model.clone();
        for (&i, &n) in self.subs.iter().zip(providers) {
            m.subs[i].min_providers = n;
            m.subs[i].max_providers = n;
        }
        let label = format!("optimise {}", self.evaluated + 1);
        let values = run::metrics_by_replication(
            std::slice::from_ref(&m),
            &[self.target.metric.as_str(), "total_cost"],
            &label,
            self.opts,
        )?;
        self.evaluated += 1;
        let mut metric: Vec<f64> = values.iter().map(|v| v[0]).collect();
        let meeting = metric.iter().filter(|&&x| self.target.holds(x)).count();
        let mut cost = crate::metrics::stats::Accumulator::default();
        for v in &values {
            cost.push(v[1]);
        }
        metric.sort_by(f64::total_cmp);
        let q = if self.target.is_upper_bound() {
            self.quantile
        } else {
            1.0 - self.quantile
        };
        Ok(Point {
            providers: providers.to_vec(),
            total_cost: cost.stat(),
            target_quantile: quantile_sorted(&metric, q),
            share_meeting: meeting as f64 / values.len().max(1) as f64,
        })
    }

    /// Whether `a` is the better step than `b`: more replications meeting the target, then
    /// a quantile further on the right side, then lower cost.
    fn better(&self, a: &Point, b: &Point) -> bool {
        if a.share_meeting != b.share_meeting {
            return a.share_meeting > b.share_meeting;
        }
        if a.target_quantile != b.target_quantile {
            return (a.target_quantile < b.target_quantile) == self.target.is_upper_bound();
        }
        a.total_cost.mean < b.total_cost.mean
    }
}

/// A search for the smallest provider numbers meeting a target, with where it came from.
pub struct Optimise {
    pub model: Model,
    pub provenance: crate::report::Provenance,
    pub optimum: Optimum,
}

/// Searches the scenario in `file` for the smallest number of providers per sub-segment
/// (with a min/max) such that `target` holds in `quantile` of replications.
pub fn optimise_file(
    file: &std::path::Path,
    target: &str,
    quantile: f64,
    opts: &RunOptions,
) -> Result<Optimise> {
    let target = Target::parse(target)?;
    let (source, mut model) = crate::scenario::load(file)?;
    run::apply_overrides(&mut model, opts)?;
    let optimum = optimise(&model, &target, quantile, opts)?;
    let provenance = super::provenance(file, &source.sha256, &model, model.replications as u64);
    Ok(Optimise {
        model,
        provenance,
        optimum,
    })
}

impl Optimise {
    pub fn results(&self) -> crate::report::optimise::OptimiseResults<'_> {
        crate::report::optimise::OptimiseResults {
            provenance: &self.provenance,
            optimum: &self.optimum,
        }
    }
}

impl super::plan::Done for Optimise {
    /// Writes optimise.json (and report.html).
    fn write(&self, out: &super::Output<'_>) -> Result<Vec<std::path::PathBuf>> {
        let results = self.results();
        super::write(
            out,
            "optimise",
            vec![&self.provenance],
            &crate::report::format::Outcome::Optimise(&results),
        )
    }

    fn console(&self, seconds: f64, lang: crate::report::lang::Lang) -> (String, Vec<String>) {
        let text = format!(
            "{}\n\n{}",
            lang.fill(
                "optimise.headline",
                &[
                    ("replications", &self.model.replications),
                    ("seconds", &lang.fixed(seconds, 1)),
                ],
            ),
            crate::report::optimise::render(&self.optimum, lang)
        );
        (text, Vec::new())
    }
}
