//! `jeugdsim run`: one scenario's replications, with world drivers a second pass from
//! chance alone, and with `--psa` each replication's own draw of the `uncertain`
//! parameters.

use super::plan::{Arguments, Done, Plan};
use super::{Output, provenance, write};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::format::Outcome;
use crate::report::{self, Provenance, Results, lang::Lang};
use crate::run::{self, Fold, RunFold, RunOptions, RunResult};
use crate::scenario::Source;
use std::ops::Range;
use std::path::PathBuf;

/// What a run simulates: the scenario, its model, and its passes (with world drivers, a
/// second pass from chance alone). A whole run, each shard and a merge share it.
pub struct RunPlan {
    sources: [Source; 1],
    /// `run --psa`: the draws, shared by the passes.
    psa: Option<run::psa::Psa>,
    /// The reference volumes of a plain run, shared by the passes.
    reference: std::sync::OnceLock<run::Reference>,
    model: Model,
    passes: Vec<Pass>,
}

/// One pass of a run: its name (the shard's file of replications), model and options.
struct Pass {
    name: &'static str,
    model: Model,
    opts: RunOptions,
}

impl Plan for RunPlan {
    const COMMAND: &'static str = "run";
    type Fold = RunFold;
    type Done = Run;

    fn new(sources: Vec<Source>, arguments: &Arguments, opts: &RunOptions) -> Result<RunPlan> {
        let source = sources
            .into_iter()
            .next()
            .ok_or_else(|| Error::Usage("shard.json: no scenario".into()))?;
        let mut model = source.load()?;
        run::apply_overrides(&mut model, opts)?;
        let psa = if arguments.psa {
            Some(run::psa::Psa::new(&source, &model)?)
        } else {
            None
        };
        let passes = passes(&model, opts);
        Ok(RunPlan {
            sources: [source],
            psa,
            reference: std::sync::OnceLock::new(),
            model,
            passes,
        })
    }

    fn arguments(&self) -> Arguments {
        Arguments {
            psa: self.psa.is_some(),
            values: Vec::new(),
        }
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn base(&self) -> &Model {
        &self.model
    }

    fn suffix(&self) -> String {
        String::new()
    }

    fn passes(&self) -> Vec<String> {
        self.passes.iter().map(|p| p.name.to_string()).collect()
    }

    /// The pass from chance alone stops once its figures are as precise as the run's.
    fn fold(&self, pass: usize, earlier: &[RunFold]) -> Result<RunFold> {
        let model = &self.passes[pass].model;
        Ok(match earlier.first() {
            Some(full) if self.passes[pass].opts.chance_only => {
                RunFold::until(model, run::precision::Target::of(&full.finish().summary))
            }
            _ => RunFold::new(model),
        })
    }

    fn simulate(&self, pass: usize, range: Range<u32>, fold: &mut dyn Fold) -> Result<()> {
        let pass = &self.passes[pass];
        match &self.psa {
            Some(psa) => psa.run_into(&pass.model, &pass.opts, range, fold),
            None => run::run_into(&pass.model, &pass.opts, range, fold, &self.reference),
        }
    }

    /// The run from its passes' results, in `passes` order.
    fn finish(self, folds: Vec<RunFold>) -> Result<Run> {
        let mut results = folds.iter().map(RunFold::finish);
        let mut result = results
            .next()
            .ok_or_else(|| Error::Results("a run without results".into()))?;
        if let Some(alone) = results.next() {
            crate::metrics::add_chance_only(&mut result.summary, &alone.summary);
        }
        let [source] = self.sources;
        let provenance = provenance(
            &source.file,
            &source.sha256,
            &self.model,
            result.summary.replications,
        );
        let variants = source
            .parse()?
            .variants
            .into_iter()
            .map(|v| v.name)
            .collect();
        let psa_note = self.psa.as_ref().and_then(run::psa::Psa::history_note);
        Ok(Run {
            model: self.model,
            variants,
            psa_note,
            provenance,
            result,
        })
    }
}

/// The replications, then (with world drivers) the same from chance alone.
fn passes(model: &Model, opts: &RunOptions) -> Vec<Pass> {
    let mut passes = vec![Pass {
        name: "replications",
        model: model.clone(),
        opts: opts.clone(),
    }];
    if model.world.declared() {
        let opts = RunOptions {
            chance_only: true,
            ..opts.clone()
        };
        let mut alone = model.clone();
        alone.world = Default::default();
        alone.name = format!("{} (chance only)", model.name);
        passes.push(Pass {
            name: "chance_only",
            model: alone,
            opts,
        });
    }
    passes
}

/// A run of one scenario.
pub struct Run {
    pub model: Model,
    /// The scenario's variants, which `run` does not simulate (`compare` does).
    pub variants: Vec<String>,
    /// `run --psa`: which drawn parameters shape the base-year history that budgets are
    /// set from (`psa::Psa::history_note`).
    pub psa_note: Option<String>,
    pub provenance: Provenance,
    pub result: RunResult,
}

impl Run {
    /// What to tell a user who runs a file with variants: only the baseline ran.
    pub fn variants_note(&self) -> Option<String> {
        (self.variants.len() > 1).then(|| {
            format!(
                "this scenario has {} variants ({}); `run` simulates the scenario as written, without the variants' changes. To run and compare them all on the same children: jeugdsim compare {}",
                self.variants.len(),
                self.variants.join(", "),
                self.provenance.scenario_file
            )
        })
    }

    /// The lines printed above the results table.
    pub fn headline(&self, seconds: f64, lang: Lang) -> String {
        let m = &self.model;
        let (reps, months) = (
            lang.text("run.replications_of"),
            lang.text("run.months_from"),
        );
        let mut out = format!(
            "{} — {} {reps} {} {months} {} (seed {}), {} s",
            m.name,
            m.replications,
            m.horizon,
            m.month_label(0),
            m.seed,
            lang.fixed(seconds, 1)
        );
        let drivers: Vec<String> = m
            .world
            .named()
            .iter()
            .filter_map(|(name, r)| {
                r.map(|(lo, hi)| {
                    lang.fill(
                        "console.from_to",
                        &[
                            ("name", &name),
                            ("lo", &lang.written(lo)),
                            ("hi", &lang.written(hi)),
                        ],
                    )
                })
            })
            .collect();
        if !drivers.is_empty() {
            out.push_str(&lang.fill(
                "run.world_drivers_drawn_once_per",
                &[("join", &drivers.join(", "))],
            ));
            // Fewer than the run's replications only when the target was met.
            if let Some(n) = self.result.summary.chance_only_replications
                && n < u64::from(m.replications)
            {
                let n = n.to_string();
                out.push_str(&lang.fill("run.chance_only_from", &[("n", &n)]));
            }
        }
        out
    }
}

impl Done for Run {
    /// Writes summary.json, summary.csv, monthly.csv, activations.csv, municipalities.csv
    /// and providers.csv (and report.html, results.xlsx).
    fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        let results = Results {
            provenance: &self.provenance,
            summary: &self.result.summary,
        };
        write(out, "run", vec![&self.provenance], &Outcome::Run(&results))
    }

    fn console(&self, seconds: f64, lang: Lang) -> (String, Vec<String>) {
        let summary = &self.result.summary;
        let mut text = format!("{}\n\n", self.headline(seconds, lang));
        text.push_str(&report::table::render(summary, self.model.horizon, lang));
        if let Some(budget) = report::table::budget_sentence(summary, lang) {
            text.push_str(&format!("\nBudget: {budget}\n"));
        }
        let settled = crate::metrics::stationarity::Stationarity::of(summary, self.model.warmup)
            .and_then(|s| s.warning())
            .map(|w| format!("warning: {w}"));
        let notes = [self.variants_note(), self.psa_note.clone(), settled]
            .into_iter()
            .flatten()
            .collect();
        (text, notes)
    }
}

/// Runs the scenario in `file` whole; with `psa`, each replication draws its uncertain
/// parameters (probabilistic sensitivity analysis).
pub fn run_file(file: &std::path::Path, psa: bool, opts: &RunOptions) -> Result<Run> {
    let arguments = Arguments {
        psa,
        values: Vec::new(),
    };
    super::plan::whole(RunPlan::new(vec![Source::read(file)?], &arguments, opts)?)
}
