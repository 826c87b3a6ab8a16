//! Runs replications in parallel and streams their results into a summary.

mod capacity;
pub mod replication;
pub mod rng;

use crate::error::{Error, Result};
use crate::metrics::{self, Collector, Summary, tally::Tally};
use crate::model::Model;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
pub use replication::{Workspace, simulate};

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
}

/// Applies command-line overrides to a validated model.
pub fn apply_overrides(model: &mut Model, opts: &RunOptions) -> Result<()> {
    if let Some(r) = opts.replications {
        if r < 2 {
            return Err(Error::Usage(format!(
                "--replications is {r}; at least 2 are needed for a confidence interval"
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
    Ok(())
}

/// One replication's tally: for tests and tools that need a single path.
pub fn simulate_one(model: &Model, rep: u32) -> Tally {
    let mut ws = Workspace::new(model);
    simulate(model, rep, &mut ws);
    ws.tally
}

struct RepOut {
    metrics: Vec<f64>,
    monthly: Vec<f64>,
    youth_months: u64,
}

/// Outcome of a run: the summary and how much was simulated.
pub struct RunResult {
    pub summary: Summary,
    /// Youth-months simulated, warm-up and waiting youths included (throughput figure).
    pub simulated_youth_months: u64,
}

/// Runs all replications of `model`.
pub fn run(model: &Model, opts: &RunOptions) -> Result<RunResult> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(t) = opts.threads {
        builder = builder.num_threads(t);
    }
    let pool = builder
        .build()
        .map_err(|e| Error::Usage(format!("cannot start worker threads: {e}")))?;
    let bar = if opts.progress {
        let bar = ProgressBar::new(model.replications as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} [{bar:40}] {pos}/{len} replications ({eta} left)",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar.set_message(model.name.clone());
        bar
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    };

    let mut collector = Collector::new(model);
    let mut simulated = 0u64;
    let mut lo = 0;
    while lo < model.replications {
        let hi = (lo + CHUNK).min(model.replications);
        let outs: Vec<RepOut> = pool.install(|| {
            (lo..hi)
                .into_par_iter()
                .map_init(
                    || Workspace::new(model),
                    |ws, rep| {
                        simulate(model, rep, ws);
                        let mut m = Vec::new();
                        let mut monthly = Vec::new();
                        metrics::replication_metrics(model, &ws.tally, &mut m);
                        metrics::monthly_values(model, &ws.tally, &mut monthly);
                        bar.inc(1);
                        RepOut {
                            metrics: m,
                            monthly,
                            youth_months: ws.tally.flows.iter().map(|f| f.stock_end as u64).sum(),
                        }
                    },
                )
                .collect()
        });
        // Folded in replication order: identical results for any thread count.
        for o in &outs {
            collector.push(&o.metrics, &o.monthly);
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
