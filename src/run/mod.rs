//! The runner: replications of the engine's kernel run in parallel and folded into a
//! summary in replication order (this file, [`fold`]), the base-year history that budgets
//! are set from ([`reference`], [`emulator`]), probabilistic sensitivity analysis ([`psa`])
//! and shards of replications on disk ([`shard`]).

mod emulator;
pub mod fold;
pub mod precision;
pub mod psa;
mod reference;
pub mod revalue;
pub mod shard;
pub mod watch;
pub mod work;

pub use crate::engine::Reference;
use crate::engine::{Workspace, simulate};
use crate::error::{Error, Result};
pub use crate::metrics::Comparison;
use crate::metrics::{self, Summary, tally::Tally};
use crate::model::Model;
pub use emulator::Emulator;
pub use fold::{COST_SPLIT, CompareFold, Fold, RunFold};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
pub use reference::{reference, references};

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
    /// Without a terminal (a batch job): a line on stderr per chunk of replications, with
    /// the replications done and the time left.
    pub progress_log: bool,
    /// Progress and cancelling from outside the run (`jeugdsim serve`); results do not
    /// depend on it.
    pub watch: Option<std::sync::Arc<watch::Watch>>,
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
    ws.into_tally()
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RepOut {
    activations: Vec<crate::metrics::tally::Activation>,
    metrics: Vec<f64>,
    monthly: Vec<f64>,
    yearly: Vec<f64>,
    municipal: Vec<f64>,
    providers: Vec<f64>,
    /// The council's tables' values (`metrics::council::local_values`).
    local: Vec<f64>,
    youth_months: u64,
}

impl RepOut {
    /// The value of the metric at `index` in the model's `metric_names` order.
    pub fn metric(&self, index: usize) -> f64 {
        self.metrics.get(index).copied().unwrap_or(0.0)
    }

    /// How many metrics it holds: the model's `metric_names`.
    pub fn metric_count(&self) -> usize {
        self.metrics.len()
    }
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
    outputs(model, rep, ws.tally())
}

/// What replication `rep` of `model` reports, from its tally.
fn outputs(model: &Model, rep: u32, tally: &Tally) -> Result<RepOut> {
    let (mut m, mut monthly, mut yearly, mut municipal, mut providers) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    metrics::replication_metrics(model, tally, &mut m);
    work::check_results(model, rep, tally.plans_out_of_range, &m)?;
    metrics::monthly_values(model, tally, &mut monthly);
    metrics::yearly_values(tally, &mut yearly);
    metrics::books::municipal_values(model, tally, &mut municipal);
    metrics::books::provider_values(tally, &mut providers);
    let mut local = Vec::new();
    metrics::council::local_values(model, tally, &mut local);
    Ok(RepOut {
        activations: tally.activations.clone(),
        metrics: m,
        monthly,
        yearly,
        municipal,
        providers,
        local,
        youth_months: tally.flows.iter().map(|f| f.stock_end as u64).sum(),
    })
}

fn progress_bar(opts: &RunOptions, len: u64, message: &str) -> ProgressBar {
    if !opts.progress {
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
    let mut fold = RunFold::new(model);
    let reference = std::sync::OnceLock::new();
    run_into(model, opts, 0..model.replications, &mut fold, &reference)?;
    Ok(fold.finish())
}

/// Runs the replications `range` of `model` into `fold`, in replication order (a shard
/// of a run writes them to a file; a whole run summarises them). `reference` holds the
/// model's reference volumes, computed at first use: a run's chance-only pass has the
/// same history (world drivers are never part of it) and shares them.
pub fn run_into(
    model: &Model,
    opts: &RunOptions,
    range: std::ops::Range<u32>,
    fold: &mut dyn Fold,
    reference: &std::sync::OnceLock<Reference>,
) -> Result<()> {
    work::check([model], opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    let bar = progress_bar(opts, range.len() as u64, &format!("run {}", model.name));
    let reference = reference.get_or_init(|| pool.install(|| self::reference(model)));
    let log = opts.progress_log.then_some(model.name.as_str());
    fold::drive(
        range,
        &pool,
        fold::Progress {
            bar: &bar,
            per_rep: 1,
            log,
            watch: opts.watch.as_deref(),
        },
        fold,
        |ws: &mut Option<Workspace>, rep, _| {
            let ws = ws.get_or_insert_with(|| Workspace::new(model, reference));
            Ok(vec![replicate(model, rep, ws)?])
        },
    )
}

/// Runs `model`'s replications `range`, each with its own model and reference volumes from
/// `sample(&prepared, rep)` (the same structure: a probabilistic sensitivity analysis
/// varies values, not shape); `prepare` runs first, on the run's threads.
pub fn run_with_into<S: Send + Sync>(
    model: &Model,
    opts: &RunOptions,
    range: std::ops::Range<u32>,
    fold: &mut dyn Fold,
    prepare: impl FnOnce() -> Result<S> + Send,
    sample: impl Fn(&S, u32) -> Result<(Model, Reference)> + Sync,
) -> Result<()> {
    work::check([model], opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    let prepared = pool.install(prepare)?;
    let bar = progress_bar(opts, range.len() as u64, &format!("run {}", model.name));
    let log = opts.progress_log.then_some(model.name.as_str());
    fold::drive(
        range,
        &pool,
        fold::Progress {
            bar: &bar,
            per_rep: 1,
            log,
            watch: opts.watch.as_deref(),
        },
        fold,
        |_: &mut Option<()>, rep, _| {
            let (m, reference) = sample(&prepared, rep)?;
            let mut ws = Workspace::new(&m, &reference);
            Ok(vec![replicate(&m, rep, &mut ws)?])
        },
    )
}

/// The metrics whose differences `compare` also reports relative to the baseline.
pub const RELATIVE: [&str; 2] = ["total_cost_incl_admin", "total_cost"];

/// Runs every variant on the same replications. Draws are keyed by (replication, youth,
/// month, purpose), so replication r of every variant sees the same referrals, needs and
/// luck wherever the variants do not force a difference (common random numbers); the
/// differences are computed per replication (paired) and summarised like any metric.
/// `message` names on the progress bar what is counted (command and variants).
pub fn compare(models: &[(String, Model)], message: &str, opts: &RunOptions) -> Result<Comparison> {
    let mut fold = CompareFold::new(models)?;
    let replications = models[0].1.replications;
    compare_into(models, message, opts, 0..replications, &mut fold)?;
    Ok(fold.finish())
}

/// Runs the replications `range` of every variant into `fold`, in replication order.
pub fn compare_into(
    models: &[(String, Model)],
    message: &str,
    opts: &RunOptions,
    range: std::ops::Range<u32>,
    fold: &mut dyn Fold,
) -> Result<()> {
    work::check(models.iter().map(|(_, m)| m), opts.allow_long_run)?;
    let pool = thread_pool(opts)?;
    // A run that only moves prices revalues an earlier run's replications (`revalue`).
    let sources = revalue::sources(models);
    let references = pool.install(|| reference::references(models.iter().map(|(_, m)| m)));
    // Workspaces for the simulated runs only: run k reads workspace `at[k]`, its own or
    // that of the run it revalues.
    let at = revalue::workspace_of(&sources);
    let simulated: Vec<(&Model, Reference)> = models
        .iter()
        .zip(references)
        .zip(&sources)
        .filter(|(_, source)| source.is_none())
        .map(|(((_, m), r), _)| (m, r))
        .collect();
    let bar = progress_bar(opts, range.len() as u64 * models.len() as u64, message);
    fold::drive(
        range,
        &pool,
        fold::Progress {
            bar: &bar,
            per_rep: models.len() as u64,
            log: opts.progress_log.then_some(message),
            watch: opts.watch.as_deref(),
        },
        fold,
        |wss: &mut Option<Vec<Workspace>>, rep, needed| {
            let wss = wss.get_or_insert_with(|| {
                simulated
                    .iter()
                    .map(|(m, r)| Workspace::new(m, r))
                    .collect()
            });
            let wanted = |k: usize| needed.is_none_or(|n| n.get(k).copied().unwrap_or(true));
            let mut outs = Vec::with_capacity(models.len());
            for (k, (_, m)) in models.iter().enumerate() {
                let out = match sources[k] {
                    Some(j) if wanted(k) => {
                        let mut tally = wss[at[k]].tally().clone();
                        tally.revalue_admin(&models[j].1.admin, &m.admin);
                        outputs(m, rep, &tally)?
                    }
                    None if revalue::simulated(&sources, k, wanted) => {
                        simulate(m, rep, &mut wss[at[k]]);
                        if wanted(k) {
                            outputs(m, rep, wss[at[k]].tally())?
                        } else {
                            RepOut::default()
                        }
                    }
                    _ => RepOut::default(),
                };
                outs.push(out);
            }
            Ok(outs)
        },
    )
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
    let batch = models.first().map_or(1, |m| m.replications);
    metrics_until(models, metrics, message, opts, batch, |_| false)
}

/// As [`metrics_by_replication`], in batches of `batch` replications in order: after each
/// batch `enough(values so far)` may end the run, which then returns the replications run
/// so far (each replication's values are the same however the run is cut).
pub fn metrics_until(
    models: &[Model],
    metrics: &[&str],
    message: &str,
    opts: &RunOptions,
    batch: u32,
    mut enough: impl FnMut(&[Vec<f64>]) -> bool,
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
    let references = pool.install(|| reference::references(models));
    let bar = progress_bar(
        opts,
        u64::from(first.replications) * models.len() as u64,
        message,
    );
    let mut values: Vec<Vec<f64>> = Vec::with_capacity(first.replications as usize);
    let mut start = 0;
    while start < first.replications {
        let end = start.saturating_add(batch.max(1)).min(first.replications);
        let part = pool.install(|| {
            (start..end)
                .into_par_iter()
                .map_init(
                    || workspaces(models.iter(), &references),
                    |wss, rep| {
                        watch::go_on_unless_interrupted()?;
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
        values.extend(part);
        start = end;
        if start < first.replications && enough(&values) {
            break;
        }
    }
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
