//! `jeugdsim optimise`: the smallest number of providers per sub-segment with a min/max
//! such that every target holds, each in a given share of replications (the share in
//! which all hold at once is reported beside it).
//!
//! A candidate is a number of contracted providers for every sub-segment whose `max` is
//! above its `min`: that many best-ranked providers are contracted from the start and the
//! wachtkamer adds none (it still replaces providers that leave). Every candidate runs on
//! the same replications (common random numbers), so two candidates differ only by their
//! market, and a candidate evaluated once is never run again.
//!
//! The search, as a tender sizes a market (docs/modelling-choices.md, "Sizing a market"):
//! 1. The largest market (every sub-segment at its max): if even it misses the targets,
//!    that is the answer, after one candidate.
//! 2. Floors that need no simulation: the fewest best-ranked providers that offer every
//!    specialism the sub-segment requires, and that cover every municipality as often as a
//!    `min_covering_providers_sub_…>=k` target asks.
//! 3. Bisection, all sub-segments at once, on the targets each sub-segment owns (its own
//!    `…_sub_<name>` metrics): about log₂(max − min) candidates instead of one per step.
//! 4. Greedy steps until every target holds: a provider where a target owned by a
//!    sub-segment is furthest from holding, else (a region-wide target) the step that
//!    improves the targets most among every sub-segment.
//! 5. Every neighbour one provider lower, repeated until none still meets the targets: at
//!    the solution, one provider fewer in any sub-segment breaks a target (its binding
//!    target), or the sub-segment is at its floor.

use crate::error::{Error, Result};
use crate::metrics::stats::quantile_sorted;
use crate::metrics::target::Target;
use crate::model::Model;
pub use crate::results::optimum::{Optimum, Point, Sized};
use crate::run::{self, RunOptions};
use std::collections::HashMap;

/// Searches the market of `model` for the smallest provider numbers meeting every one of
/// `targets`, each in `quantile` of its replications.
pub fn optimise(
    model: &Model,
    targets: &[Target],
    quantile: f64,
    opts: &RunOptions,
) -> Result<Optimum> {
    if !(quantile > 0.0 && quantile <= 1.0) {
        return Err(Error::Usage(format!(
            "--quantile is {quantile}; it must lie in (0, 1], e.g. 0.95"
        )));
    }
    if targets.is_empty() {
        return Err(Error::Usage("optimise needs at least one --target".into()));
    }
    for t in targets {
        crate::metrics::known_metric(model, &t.metric)?;
    }
    let subs: Vec<usize> = (0..model.subs.len())
        .filter(|&i| model.subs[i].max_providers > model.subs[i].min_providers)
        .collect();
    if subs.is_empty() {
        return Err(Error::Usage(format!(
            "scenario `{}` has no sub-segment with a `market` whose max is above its min: nothing to size",
            model.name
        )));
    }
    let owner: Vec<Option<usize>> = targets
        .iter()
        .map(|t| {
            t.sub_segment(model)
                .and_then(|i| subs.iter().position(|&s| s == i))
        })
        .collect();
    let floors: Vec<(u32, &'static str)> = subs
        .iter()
        .map(|&i| crate::market::award::floor(model, i, covering(model, i, targets)))
        .collect();
    let max: Vec<u32> = subs.iter().map(|&i| model.subs[i].max_providers).collect();
    let mut search = Search {
        model,
        subs: &subs,
        targets,
        owner: &owner,
        quantile,
        opts,
        cache: HashMap::new(),
        order: Vec::new(),
    };
    // 1. The largest market: where even it misses, no search can meet the targets.
    let corner = search.evaluate(&max)?;
    let floor: Vec<u32> = floors.iter().map(|f| f.0).collect();
    let mut current = if search.meets(&corner) {
        let start = search.bisect(&floor, &max)?;
        search.grow(start, &max)?
    } else {
        corner
    };
    let meets_target = search.meets(&current);
    let mut binding: Vec<String> = floors.iter().map(|f| f.1.to_string()).collect();
    if meets_target {
        current = search.lower(current, &floor, &mut binding)?;
    }
    Ok(search.optimum(current, meets_target, &floors, binding))
}

/// The coverage a sub-segment's `min_covering_providers_sub_…>=k` targets ask: the largest k.
fn covering(model: &Model, i: usize, targets: &[Target]) -> u32 {
    let metric = format!("min_covering_providers_sub_{}", model.subs[i].name);
    targets
        .iter()
        .filter(|t| t.metric == metric && !t.is_upper_bound())
        .map(|t| {
            let k = if t.op == ">" {
                t.threshold.floor() + 1.0
            } else {
                t.threshold.ceil()
            };
            k.clamp(0.0, f64::from(u32::MAX)) as u32
        })
        .max()
        .unwrap_or(0)
}

/// Replications per batch of a candidate that may stop early: small enough that a clear
/// failure stops soon, large enough to keep both cores busy.
const BATCH: u32 = 25;

struct Search<'a> {
    model: &'a Model,
    subs: &'a [usize],
    targets: &'a [Target],
    /// Per target: the searched sub-segment (index into `subs`) it is about, if any.
    owner: &'a [Option<usize>],
    quantile: f64,
    opts: &'a RunOptions,
    cache: HashMap<Vec<u32>, Point>,
    /// Candidates in the order they were evaluated.
    order: Vec<Vec<u32>>,
}

impl Search<'_> {
    /// The market with `providers` contracted in each searched sub-segment, on every
    /// replication; a candidate seen before is not run again.
    fn evaluate(&mut self, providers: &[u32]) -> Result<Point> {
        self.run(providers, false)
    }

    /// As [`Self::evaluate`], for a candidate only asked whether it meets the targets: its
    /// replications run in batches and stop once a target has failed in so many that it
    /// can no longer hold in `quantile` of them (the point then counts the replications
    /// run, and shows that it fails).
    fn evaluate_to_fail(&mut self, providers: &[u32]) -> Result<Point> {
        self.run(providers, true)
    }

    fn run(&mut self, providers: &[u32], stop_early: bool) -> Result<Point> {
        let reps = self.model.replications;
        if let Some(p) = self.cache.get(providers)
            && (stop_early || p.replications == reps)
        {
            return Ok(p.clone());
        }
        let mut m = self.model.clone();
        for (&i, &n) in self.subs.iter().zip(providers) {
            m.subs[i].min_providers = n;
            m.subs[i].max_providers = n;
        }
        let label = format!("optimise {}", self.order.len() + 1);
        let mut names: Vec<&str> = self.targets.iter().map(|t| t.metric.as_str()).collect();
        names.push("total_cost");
        let (targets, quantile) = (self.targets, self.quantile);
        // Past this many failures a target cannot hold in `quantile` of the replications.
        let cannot_hold = |values: &[Vec<f64>]| {
            targets.iter().enumerate().any(|(k, t)| {
                let failed = values.iter().filter(|v| !t.holds(v[k])).count();
                ((reps as usize - failed) as f64) / f64::from(reps) < quantile
            })
        };
        let batch = if stop_early { BATCH } else { reps };
        let values = run::metrics_until(
            std::slice::from_ref(&m),
            &names,
            &label,
            self.opts,
            batch,
            cannot_hold,
        )?;
        let p = self.point(providers, &values);
        if !self.cache.contains_key(providers) {
            self.order.push(providers.to_vec());
        }
        self.cache.insert(providers.to_vec(), p.clone());
        Ok(p)
    }

    /// A candidate's outcome from its values per replication (targets, then total cost).
    fn point(&self, providers: &[u32], values: &[Vec<f64>]) -> Point {
        let reps = values.len().max(1) as f64;
        let nt = self.targets.len();
        let all = values
            .iter()
            .filter(|v| self.targets.iter().zip(v.iter()).all(|(t, &x)| t.holds(x)))
            .count();
        let mut cost = crate::metrics::stats::Accumulator::default();
        for v in values {
            cost.push(v[nt]);
        }
        let per_target: Vec<(f64, f64)> = self
            .targets
            .iter()
            .enumerate()
            .map(|(k, t)| {
                let mut x: Vec<f64> = values.iter().map(|v| v[k]).collect();
                let share = x.iter().filter(|&&v| t.holds(v)).count() as f64 / reps;
                x.sort_by(f64::total_cmp);
                let q = if t.is_upper_bound() {
                    self.quantile
                } else {
                    1.0 - self.quantile
                };
                (quantile_sorted(&x, q), share)
            })
            .collect();
        Point {
            providers: providers.to_vec(),
            total_cost: cost.stat(),
            target_quantile: per_target[0].0,
            share_meeting: per_target.iter().map(|t| t.1).fold(1.0, f64::min),
            share_all: all as f64 / reps,
            per_target,
            replications: values.len() as u32,
        }
    }

    fn meets(&self, p: &Point) -> bool {
        p.share_meeting >= self.quantile
    }

    /// Whether the targets sub-segment `k` owns each hold in enough replications at `p`.
    fn owned_hold(&self, p: &Point, k: usize) -> bool {
        self.own_share(p, k) >= self.quantile
    }

    /// The share of replications in which the targets sub-segment `k` owns hold (the
    /// weakest of them); every target together when it owns none.
    fn own_share(&self, p: &Point, k: usize) -> f64 {
        if !self.owner.contains(&Some(k)) {
            return p.share_meeting;
        }
        self.owner
            .iter()
            .zip(&p.per_target)
            .filter(|(o, _)| **o == Some(k))
            .map(|(_, t)| t.1)
            .fold(1.0, f64::min)
    }

    /// Step 3: bisection on the owned targets, every owning sub-segment at once; the others at
    /// their floor. Returns the smallest counts each owning sub-segment's targets held at.
    fn bisect(&mut self, floor: &[u32], max: &[u32]) -> Result<Vec<u32>> {
        let owning: Vec<bool> = (0..self.subs.len())
            .map(|k| self.owner.contains(&Some(k)))
            .collect();
        let (mut lo, mut hi) = (floor.to_vec(), max.to_vec());
        loop {
            let open: Vec<usize> = (0..lo.len())
                .filter(|&k| owning[k] && lo[k] < hi[k])
                .collect();
            if open.is_empty() {
                break;
            }
            let mid: Vec<u32> = (0..lo.len())
                .map(|k| match owning[k] {
                    true if lo[k] < hi[k] => lo[k] + (hi[k] - lo[k]) / 2,
                    true => hi[k],
                    false => floor[k],
                })
                .collect();
            let p = self.evaluate(&mid)?;
            for k in open {
                if self.owned_hold(&p, k) {
                    hi[k] = mid[k];
                } else {
                    lo[k] = mid[k] + 1;
                }
            }
        }
        Ok((0..lo.len())
            .map(|k| if owning[k] { hi[k] } else { floor[k] })
            .collect())
    }

    /// Step 4: greedy steps from `start` until every target holds (or nothing can grow).
    fn grow(&mut self, start: Vec<u32>, max: &[u32]) -> Result<Point> {
        let mut current = self.evaluate(&start)?;
        while !self.meets(&current) {
            // The owned target furthest from holding, whose sub-segment can still grow.
            let weakest = self
                .owner
                .iter()
                .zip(&current.per_target)
                .filter_map(|(o, &(_, share))| o.map(|k| (k, share)))
                .filter(|&(k, share)| share < 1.0 && current.providers[k] < max[k])
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let region_wide_fails = self
                .owner
                .iter()
                .zip(&current.per_target)
                .any(|(o, &(_, share))| o.is_none() && share < self.quantile);
            let next = match weakest {
                Some((k, _)) if !region_wide_fails => {
                    let mut n = current.providers.clone();
                    n[k] += 1;
                    Some(self.evaluate(&n)?)
                }
                _ => self.best_step(&current, max)?,
            };
            match next {
                Some(p) => current = p,
                None => break,
            }
        }
        Ok(current)
    }

    /// The one-provider step that improves the targets most, among every sub-segment.
    fn best_step(&mut self, current: &Point, max: &[u32]) -> Result<Option<Point>> {
        let mut best: Option<Point> = None;
        for k in 0..max.len() {
            if current.providers[k] >= max[k] {
                continue;
            }
            let mut n = current.providers.clone();
            n[k] += 1;
            let p = self.evaluate(&n)?;
            if best.as_ref().is_none_or(|b| self.better(&p, b)) {
                best = Some(p);
            }
        }
        Ok(best)
    }

    /// Whether `a` is the better step than `b`: fewer targets short of the quantile, then
    /// the weakest target's share higher, then more replications meeting all at once, then
    /// lower cost.
    fn better(&self, a: &Point, b: &Point) -> bool {
        let short = |p: &Point| p.per_target.iter().filter(|t| t.1 < self.quantile).count();
        if short(a) != short(b) {
            return short(a) < short(b);
        }
        if a.share_meeting != b.share_meeting {
            return a.share_meeting > b.share_meeting;
        }
        if a.share_all != b.share_all {
            return a.share_all > b.share_all;
        }
        a.total_cost.mean < b.total_cost.mean
    }

    /// Step 5: neighbours one provider lower: take any that still meets the targets, until none
    /// does. `binding` gets, per sub-segment above its floor, the target that broke. A
    /// neighbour that failed is not run again after another sub-segment was lowered: with
    /// fewer providers elsewhere no wait gets shorter, so it fails still.
    fn lower(
        &mut self,
        mut current: Point,
        floor: &[u32],
        binding: &mut [String],
    ) -> Result<Point> {
        let mut failed: Vec<Option<Vec<u32>>> = vec![None; floor.len()];
        loop {
            let mut lowered = false;
            for k in 0..floor.len() {
                if current.providers[k] <= floor[k] {
                    continue;
                }
                let mut n = current.providers.clone();
                n[k] -= 1;
                let known = failed[k].as_ref().is_some_and(|f| {
                    f[k] == n[k] && f.iter().zip(&n).all(|(&was, &now)| was >= now)
                });
                if known {
                    continue;
                }
                let mut p = self.evaluate_to_fail(&n)?;
                if self.meets(&p) {
                    if p.replications < self.model.replications {
                        p = self.evaluate(&n)?;
                    }
                    current = p;
                    lowered = true;
                } else {
                    binding[k] = self.broken(&p);
                    failed[k] = Some(n);
                }
            }
            if !lowered {
                return Ok(current);
            }
        }
    }

    /// The target that holds in the fewest replications at `p` (one that `p` misses).
    fn broken(&self, p: &Point) -> String {
        self.targets
            .get(p.weakest())
            .map_or_else(String::new, Target::text)
    }

    fn optimum(
        self,
        solution: Point,
        meets_target: bool,
        floors: &[(u32, &'static str)],
        binding: Vec<String>,
    ) -> Optimum {
        let sub_segments = self
            .subs
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let s = &self.model.subs[i];
                let mut frontier: Vec<(u32, f64, f64)> = Vec::new();
                for c in &self.order {
                    let p = &self.cache[c];
                    let share = self.own_share(p, k);
                    frontier.retain(|f| f.0 != c[k]);
                    frontier.push((c[k], share, p.total_cost.mean));
                }
                frontier.sort_by_key(|f| f.0);
                Sized {
                    name: s.name.clone(),
                    min: s.min_providers,
                    max: s.max_providers,
                    floor: floors[k].0,
                    binding: if meets_target {
                        binding[k].clone()
                    } else {
                        String::new()
                    },
                    frontier,
                }
            })
            .collect();
        Optimum {
            target: self.targets[0].clone(),
            targets: self.targets.to_vec(),
            expression: self
                .targets
                .iter()
                .map(Target::text)
                .collect::<Vec<_>>()
                .join(" & "),
            quantile: self.quantile,
            sub_segments,
            frontier: self.order.iter().map(|c| self.cache[c].clone()).collect(),
            evaluated: self.order.len(),
            solution,
            meets_target,
        }
    }
}

/// A search for the smallest provider numbers meeting a target, with where it came from.
pub struct Optimise {
    pub model: Model,
    pub provenance: crate::report::Provenance,
    pub optimum: Optimum,
}

/// Searches the scenario in `file` for the smallest number of providers per sub-segment
/// (with a min/max) such that every target `written` holds together in `quantile` of
/// replications.
pub fn optimise_file(
    file: &std::path::Path,
    written: &[String],
    quantile: f64,
    variant: Option<&str>,
    opts: &RunOptions,
) -> Result<Optimise> {
    let (source, mut model) = crate::scenario::load(file)?;
    if let Some(name) = variant {
        let variants = crate::scenario::load_variants(&[file])?;
        let names: Vec<&str> = variants.iter().map(|v| v.0.as_str()).collect();
        model = match variants.iter().find(|v| v.0 == name) {
            Some(v) => v.2.clone(),
            None => {
                return Err(Error::Usage(format!(
                    "--variant `{name}`: {} has no such variant; its variants are {}",
                    file.display(),
                    names.join(", ")
                )));
            }
        };
    }
    run::apply_overrides(&mut model, opts)?;
    let mut targets = Vec::new();
    for text in written {
        targets.extend(Target::parse_in(text, &model)?);
    }
    let mut optimum = optimise(&model, &targets, quantile, opts)?;
    optimum.expression = written.join(" & ");
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
