//! The engine: one replication month by month ([`kernel`]), and replications run in
//! parallel and streamed into a summary (this file).

mod care;
mod inflow;
pub mod kernel;
mod ledger;
mod observer;
mod placement;
mod population;
mod reference;
mod schemes;
pub mod work;
mod world;

use crate::error::{Error, Result};
use crate::metrics::{self, Collector, Summary, tally::Tally};
use crate::model::Model;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
pub use kernel::{Workspace, simulate};
use rayon::prelude::*;
pub use reference::{Reference, reference};

/// Replications simulated in parallel before their results are folded into the summary:
/// bounds memory whatever the replication count.
const CHUNK: u32 = 256;

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Overrides the scenario's replication count.
    pub replications: Option<u32>,
    /// Overrides the scenario's seed.
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    pub threads: Option<usize>,
    /// Show a progress bar on the terminal.
    pub progress: bool,
    /// Leave out the scenario's world drivers: chance only.
    pub chance_only: bool,
    /// Run even above the work limit ([`work::LIMIT_YOUTH_MONTHS`]).
    pub allow_long_run: bool,
}

/// The most replications a run takes (the scenario's `replications` has the same bound).
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// Applies command-line overrides to a validated model.
pub fn apply_overrides(model: &mut Model, opts: &RunOptions) -> Result<()> {
    if let Some(r) = opts.replications {
        if r < 2 {
            return Err(Error::Usage(format!(
                "--replications is {r}; at least 2 are needed for a confidence interval"
            )));
        }
        if r > MAX_REPLICATIONS {
            return Err(Error::Usage(format!(
                "--replications is {r}; at most {MAX_REPLICATIONS} are supported (the 95% CI \
                 narrows with the square root: 10,000 already gives a hundredth of the spread)"
            )));
        }
        model.replications = r;
    }
    if let Some(s) = opts.seed {
        model.seed = s;
    }
    if opts.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    if opts.chance_only {
        model.world = Default::default();
    }
    Ok(())
}

/// One replication's tally: for tests and tools that need a single path.
pub fn simulate_one(model: &Model, rep: u32) -> Tally {
    simulate_one_with(model, &reference(model), rep)
}

/// `simulate_one` with a reference computed once by the caller.
pub fn simulate_one_with(model: &Model, reference: &Reference, rep: u32) -> Tally {
    let mut ws = Workspace::new(model, reference);
    simulate(model, rep, &mut ws);
    ws.observer.tally
}

struct RepOut {
    activations: Vec<crate::metrics::tally::Activation>,
    metrics: Vec<f64>,
    monthly: Vec<f64>,
    yearly: Vec<f64>,
    municipal: Vec<f64>,
    providers: Vec<f64>,
    youth_months: u64,
}

/// Outcome of a run: the summary and how much was simulated.
pub struct RunResult {
    pub summary: Summary,
    /// Youth-months simulated, warm-up and waiting youths included (throughput figure).
    pub simulated_youth_months: u64,
}

/// Simulates replication `rep` and extracts what the statistics need.
fn replicate(model: &Model, rep: u32, ws: &mut Workspace) -> Result<RepOut> {
    simulate(model, rep, ws);
    let (mut m, mut monthly, mut yearly, mut municipal, mut providers) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let tally = ws.tally();
    metrics::replication_metrics(model, tally, &mut m);
    work::check_results(model, rep, tally.plans_out_of_range, &m)?;
    metrics::monthly_values(model, tally, &mut monthly);
    metrics::yearly_values(tally, &mut yearly);
    metrics::books::municipal_values(model, tally, &mut municipal);
    metrics::books::provider_values(tally, &mut providers);
    Ok(RepOut {
        activations: tally.activations.clone(),
        metrics: m,
        monthly,
        yearly,
        municipal,
        providers,
        youth_months: tally.flows.iter().map(|f| f.stock_end as u64).sum(),
    })
}

fn progress_bar(show: bool, len: u64, message: &str) -> ProgressBar {
    if !show {
        return ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} replications ({eta} left)",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar.set_message(message.to_string());
    bar
}

fn thread_pool(opts: &RunOptions) -> Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = opts.threads {
        builder = builder.num_threads(t);
    }
    builder.build().map_err(|e| Error::Threads(e.to_string()))
}

/// Runs all replications of `model`.
pub fn run(model: &Model, opts: &RunOptions) -> Result<RunResult> {
    work::check([model], opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    let bar = progress_bar(
        opts.progress,
        model.replications as u64,
        &format!("run {}", model.name),
    );
    let reference = pool.install(|| reference(model));
    run_chunks(model, &pool, &bar, |rep, ws: &mut Option<Workspace>| {
        let ws = ws.get_or_insert_with(|| Workspace::new(model, &reference));
        replicate(model, rep, ws)
    })
}

/// Runs `model`'s replications, each with its own model from `model_for(rep)` (the same
/// structure: a probabilistic sensitivity analysis varies values, not shape).
pub fn run_with(
    model: &Model,
    opts: &RunOptions,
    model_for: impl Fn(u32) -> Result<Model> + Sync,
) -> Result<RunResult> {
    work::check([model], opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    let bar = progress_bar(
        opts.progress,
        model.replications as u64,
        &format!("run {}", model.name),
    );
    run_chunks(model, &pool, &bar, |rep, _: &mut Option<Workspace>| {
        let m = model_for(rep)?;
        let mut ws = Workspace::new(&m, &reference(&m));
        replicate(&m, rep, &mut ws)
    })
}

/// Simulates replications in parallel chunks and folds them into the statistics in
/// replication order.
fn run_chunks(
    model: &Model,
    pool: &rayon::ThreadPool,
    bar: &ProgressBar,
    one: impl Fn(u32, &mut Option<Workspace>) -> Result<RepOut> + Sync,
) -> Result<RunResult> {
    let mut collector = Collector::new(model);
    let mut simulated = 0u64;
    let mut lo = 0;
    while lo < model.replications {
        let hi = (lo + CHUNK).min(model.replications);
        let outs: Vec<RepOut> = pool.install(|| {
            (lo..hi)
                .into_par_iter()
                .map_init(
                    || None,
                    |ws, rep| {
                        let out = one(rep, ws);
                        bar.inc(1);
                        out
                    },
                )
                .collect::<Result<Vec<_>>>()
        })?;
        // Folded in replication order: identical results for any thread count.
        for o in &outs {
            collector.push(&o.metrics, &o.monthly, &o.yearly);
            collector.push_municipal(&o.municipal);
            collector.push_providers(&o.providers);
            collector.push_activations(&o.activations);
            simulated += o.youth_months;
        }
        lo = hi;
    }
    bar.finish_and_clear();
    Ok(RunResult {
        summary: collector.finish(),
        simulated_youth_months: simulated,
    })
}

/// A comparison: each variant's summary, and per non-baseline variant the paired
/// differences from the baseline (the first variant), metric by metric.
pub struct Comparison {
    pub names: Vec<String>,
    pub summaries: Vec<Summary>,
    /// `differences[v - 1]`: variant v minus the baseline, for the metrics both have.
    pub differences: Vec<Vec<(String, crate::metrics::stats::Stat)>>,
    /// `relative[v - 1]`: variant v's difference from the baseline as a share of the
    /// baseline, for the [`RELATIVE`] metrics.
    pub relative: Vec<Vec<(String, crate::metrics::stats::Estimate)>>,
}

/// The metrics whose differences `compare` also reports relative to the baseline.
pub const RELATIVE: [&str; 2] = ["total_cost_incl_admin", "total_cost"];

/// Runs every variant on the same replications. Draws are keyed by (replication, youth,
/// month, purpose), so replication r of every variant sees the same referrals, needs and
/// luck wherever the variants do not force a difference (common random numbers); the
/// differences are computed per replication (paired) and summarised like any metric.
/// `message` names on the progress bar what is counted (command and variants).
pub fn compare(models: &[(String, Model)], message: &str, opts: &RunOptions) -> Result<Comparison> {
    let Some((_, baseline)) = models.first() else {
        return Err(Error::Usage(
            "a comparison needs at least one variant".into(),
        ));
    };
    let replications = baseline.replications;
    work::check(models.iter().map(|(_, m)| m), opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    let references: Vec<Reference> =
        pool.install(|| models.iter().map(|(_, m)| reference(m)).collect());
    let names: Vec<Vec<String>> = models
        .iter()
        .map(|(_, m)| metrics::metric_names(m))
        .collect();
    // For each variant, where each baseline metric sits in its own list.
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
    let mut collectors: Vec<Collector> = models.iter().map(|(_, m)| Collector::new(m)).collect();
    let mut diffs: Vec<Vec<crate::metrics::stats::Accumulator>> = pairs
        .iter()
        .skip(1)
        .map(|p| vec![Default::default(); p.len()])
        .collect();
    let mut relative = RelativeDiffs::locate(&names);
    let split = CostSplit::locate(&names);
    let mut splits: Vec<[crate::metrics::stats::Accumulator; 3]> =
        vec![Default::default(); models.len().saturating_sub(1)];
    let bar = progress_bar(
        opts.progress,
        replications as u64 * models.len() as u64,
        message,
    );
    let mut lo = 0;
    while lo < replications {
        let hi = (lo + CHUNK).min(replications);
        let outs: Vec<Vec<RepOut>> = pool.install(|| {
            (lo..hi)
                .into_par_iter()
                .map_init(
                    || workspaces(models.iter().map(|(_, m)| m), &references),
                    |wss, rep| {
                        models
                            .iter()
                            .zip(wss.iter_mut())
                            .map(|((_, m), ws)| {
                                let out = replicate(m, rep, ws);
                                bar.inc(1);
                                out
                            })
                            .collect::<Result<Vec<_>>>()
                    },
                )
                .collect::<Result<Vec<_>>>()
        })?;
        for per_variant in &outs {
            for (v, o) in per_variant.iter().enumerate() {
                collectors[v].push(&o.metrics, &o.monthly, &o.yearly);
                collectors[v].push_municipal(&o.municipal);
                collectors[v].push_providers(&o.providers);
                collectors[v].push_activations(&o.activations);
                if v > 0 {
                    for (acc, &(i, j)) in diffs[v - 1].iter_mut().zip(&pairs[v]) {
                        acc.push(o.metrics[j] - per_variant[0].metrics[i]);
                    }
                    relative.push(v, &per_variant[0].metrics, &o.metrics);
                    if let Some(parts) = split.parts(&per_variant[0].metrics, &o.metrics, v) {
                        for (acc, x) in splits[v - 1].iter_mut().zip(parts) {
                            acc.push(x);
                        }
                    }
                }
            }
        }
        lo = hi;
    }
    bar.finish_and_clear();
    Ok(Comparison {
        names: models.iter().map(|(n, _)| n.clone()).collect(),
        summaries: collectors.iter().map(|c| c.finish()).collect(),
        differences: diffs
            .iter()
            .zip(pairs.iter().skip(1))
            .zip(&splits)
            .map(|((accs, p), parts)| {
                let mut d: Vec<_> = accs
                    .iter()
                    .zip(p)
                    .map(|(a, &(i, _))| (names[0][i].clone(), a.stat()))
                    .collect();
                if split.found() {
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
        relative: relative.finish(),
    })
}

/// The [`RELATIVE`] differences of a comparison as they accumulate: per variant, where
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
                RELATIVE
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

/// Runs every model on the same replications (common random numbers) and returns, per
/// replication in order, the values of `metrics` in each model: model-major, `metrics` in
/// order within. What a contrast of several runs (a difference of paired differences) or a
/// share of replications meeting a target is computed from.
pub fn metrics_by_replication(
    models: &[Model],
    metrics: &[&str],
    message: &str,
    opts: &RunOptions,
) -> Result<Vec<Vec<f64>>> {
    let Some(first) = models.first() else {
        return Ok(Vec::new());
    };
    let mut at: Vec<Vec<usize>> = Vec::with_capacity(models.len());
    for m in models {
        let names = metrics::metric_names(m);
        at.push(
            metrics
                .iter()
                .map(|metric| {
                    metrics::known_metric(m, metric)?;
                    Ok(names.iter().position(|n| n == metric).unwrap_or(0))
                })
                .collect::<Result<_>>()?,
        );
    }
    work::check(models, opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    let references: Vec<Reference> = pool.install(|| models.iter().map(reference).collect());
    let bar = progress_bar(
        opts.progress,
        u64::from(first.replications) * models.len() as u64,
        message,
    );
    let values = pool.install(|| {
        (0..first.replications)
            .into_par_iter()
            .map_init(
                || workspaces(models.iter(), &references),
                |wss, rep| {
                    let mut out = Vec::with_capacity(models.len() * metrics.len());
                    let mut values = Vec::new();
                    for ((m, ws), at) in models.iter().zip(wss.iter_mut()).zip(&at) {
                        simulate(m, rep, ws);
                        metrics::replication_metrics(m, ws.tally(), &mut values);
                        work::check_results(m, rep, ws.tally().plans_out_of_range, &values)?;
                        out.extend(at.iter().map(|&i| values[i]));
                        bar.inc(1);
                    }
                    Ok(out)
                },
            )
            .collect::<Result<Vec<_>>>()
    })?;
    bar.finish_and_clear();
    Ok(values)
}

/// One workspace per model, for a thread that runs every model on the same replications.
fn workspaces<'a>(
    models: impl Iterator<Item = &'a Model>,
    references: &[Reference],
) -> Vec<Workspace> {
    models
        .zip(references)
        .map(|(m, r)| Workspace::new(m, r))
        .collect()
}

/// The paired cost difference split three ways, per replication; the parts add up to the
/// difference in `total_cost` exactly.
pub const COST_SPLIT: [&str; 3] = [
    "cost_difference_price",
    "cost_difference_volume",
    "cost_difference_care_forgone",
];

/// Where `total_cost`, `youth_months` and `care_forgone_months` sit in each variant's
/// metric list.
struct CostSplit {
    at: Vec<Option<[usize; 3]>>,
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
                    ])
                })
                .collect(),
        }
    }

    fn found(&self) -> bool {
        self.at.iter().all(Option::is_some)
    }

    /// Variant `v` against the baseline in one replication. Price: the change in cost per
    /// youth-month in care, over the variant's youth-months. The change in youth-months at
    /// the baseline's cost per youth-month is the volume effect; the part of it that the
    /// change in care forgone accounts for (same sign, at most all of it) is care forgone,
    /// the rest volume. The three add up to the difference in `total_cost`.
    fn parts(&self, base: &[f64], var: &[f64], v: usize) -> Option<[f64; 3]> {
        let ([tb, yb, fb], [tv, yv, fv]) = (self.at[0]?, self.at[v]?);
        let (cost_b, months_b, forgone_b) = (base[tb], base[yb], base[fb]);
        let (cost_v, months_v, forgone_v) = (var[tv], var[yv], var[fv]);
        if months_b <= 0.0 || months_v <= 0.0 {
            return None;
        }
        let per_month_b = cost_b / months_b;
        let price = (cost_v / months_v - per_month_b) * months_v;
        let all_volume = (cost_v - cost_b) - price;
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
        Some([price, all_volume - forgone, forgone])
    }
}
