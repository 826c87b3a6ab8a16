//! Probabilistic sensitivity analysis (`run --psa`): each replication draws every
//! `uncertain` parameter once, uniformly between its low and high value (whole numbers
//! when both ends are whole), so the reported bands include parameter uncertainty as
//! health-economic models do. All replications keep the scenario's seed and common random
//! numbers. With every range of zero width this is exactly the plain run.
//!
//! Where budgets or reserves are set from the base year, each draw's reference volumes
//! come from `run::Emulator`: histories simulated at the middle of every range and at
//! the ends of the ranges that shape the history, interpolated.

use crate::error::{Error, Result};
use crate::model::Model;
use crate::run::{self, Emulator, RunOptions};
use crate::scenario::uncertain::{check_ranges, scope};
use crate::scenario::{Patcher, Source, variants};
use std::sync::OnceLock;

/// The draws of a PSA: which parameters, their ranges, the models they give, and the
/// emulator of their budgets' history — built once, for every pass of the run (the
/// chance-only pass draws the same parameters and has the same history).
pub struct Psa {
    /// The parameters drawn (paths; a variant's own are left out: they do not touch the
    /// scenario a plain run simulates) and their (low, high).
    paths: Vec<String>,
    ends: Vec<(f64, f64)>,
    /// Per drawn parameter, the key of its draws.
    keys: Vec<u64>,
    patcher: Patcher,
    /// The run's replications and seed (after the command line's overrides).
    replications: u32,
    seed: u64,
    emulator: OnceLock<Emulator>,
}

impl Psa {
    /// The PSA of `base`, run as `model` (the scenario with the command line's overrides).
    pub fn new(base: &Source, model: &Model) -> Result<Psa> {
        let scenario = base.parse()?;
        if scenario.uncertain.is_empty() {
            return Err(Error::Usage(format!(
                "--psa needs `uncertain` parameters in {}; see docs/scenario.md",
                base.file.display()
            )));
        }
        check_ranges(&scenario)?;
        let psa_key = crate::rng::mix(model.seed ^ 0x5053_415f_4452_4157);
        let (mut paths, mut ends, mut keys) = (Vec::new(), Vec::new(), Vec::new());
        for (k, (path, range)) in scenario.uncertain.iter().enumerate() {
            if scope(path).0.is_none() {
                paths.push(path.clone());
                ends.push((range.low, range.high));
                keys.push(psa_key ^ crate::rng::mix(k as u64));
            }
        }
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let patcher = Patcher::new(base, &refs)?;
        Ok(Psa {
            paths,
            ends,
            keys,
            patcher,
            replications: model.replications,
            seed: model.seed,
            emulator: OnceLock::new(),
        })
    }

    /// The model with the drawn parameters at `values`; without world drivers when
    /// `chance_only`.
    fn model_at(&self, values: &[f64], chance_only: bool) -> Result<Model> {
        let text: Vec<String> = values.iter().map(|&v| variants::format_number(v)).collect();
        let mut m = self.patcher.model(&text)?;
        m.replications = self.replications;
        m.seed = self.seed;
        if chance_only {
            m.world = Default::default();
        }
        Ok(m)
    }

    /// Replication `rep`'s values of the drawn parameters.
    fn values(&self, rep: u32) -> Vec<f64> {
        self.ends
            .iter()
            .zip(&self.keys)
            .map(|(&(low, high), &key)| {
                let u = crate::rng::uniform(key, rep, crate::rng::Purpose::Placement);
                drawn_value(low, high, u)
            })
            .collect()
    }

    /// The emulator of the draws' reference volumes, built at its first use (on the run's
    /// threads) and kept for the next pass. Its histories do not depend on the world
    /// drivers, which a history never has.
    fn emulator(&self) -> Result<&Emulator> {
        if let Some(e) = self.emulator.get() {
            return Ok(e);
        }
        let anchor: Vec<f64> = self
            .ends
            .iter()
            .map(|&(low, high)| drawn_value(low, high, 0.5))
            .collect();
        let built = Emulator::new(&anchor, &self.ends, |v| self.model_at(v, true))?;
        Ok(self.emulator.get_or_init(|| built))
    }

    /// Simulates the replications `range` of the pass `model` (the run's model, or its
    /// chance-only twin) with options `opts` into `fold`: each replication with its own
    /// draws, and their reference volumes from the emulator.
    pub fn run_into(
        &self,
        model: &Model,
        opts: &RunOptions,
        range: std::ops::Range<u32>,
        fold: &mut dyn run::Fold,
    ) -> Result<()> {
        run::run_with_into(
            model,
            opts,
            range,
            fold,
            || self.emulator(),
            |emulator, rep| {
                let values = self.values(rep);
                let m = self.model_at(&values, opts.chance_only)?;
                let reference = emulator.reference(&values, &m);
                Ok((m, reference))
            },
        )
    }

    /// What a user should know about the budgets of the run just made: which drawn
    /// parameters shape the base-year history they are set from, so that each draw's are
    /// interpolated between simulated histories; `None` when none does, nothing is set
    /// from the base year, or nothing was simulated here (a merge of shards).
    pub fn history_note(&self) -> Option<String> {
        let emulator = self.emulator.get()?;
        let names: Vec<&str> = emulator
            .shaping()
            .iter()
            .map(|&k| self.paths[k].as_str())
            .collect();
        if names.is_empty() {
            return None;
        }
        let list = names.join(", ");
        let shape = if names.len() == 1 { "shapes" } else { "shape" };
        let head = format!(
            "--psa: {list} {shape} the base-year history that budgets and reserves are set from"
        );
        Some(if emulator.exact() {
            format!(
                "{head}, and a drawn parameter changes the contracts, so every draw simulates its own history: slow"
            )
        } else {
            format!(
                "{head}; each draw's budgets are interpolated between histories simulated at the middle and the ends of their ranges (docs/modelling-choices.md, \"PSA reference volumes\")"
            )
        })
    }
}

/// `run --psa` of the scenario `base`: all its replications (without the chance-only
/// pass), summarised.
pub fn run_psa(base: &Source, opts: &RunOptions) -> Result<run::RunResult> {
    let mut model = base.load()?;
    run::apply_overrides(&mut model, opts)?;
    let psa = Psa::new(base, &model)?;
    let mut fold = run::RunFold::new(&model);
    psa.run_into(&model, opts, 0..model.replications, &mut fold)?;
    Ok(fold.finish())
}

/// A parameter's value a share `u` of the way from `low` to `high`: a whole number when
/// both ends are whole.
fn drawn_value(low: f64, high: f64, u: f64) -> f64 {
    let v = low + u * (high - low);
    if low.fract() == 0.0 && high.fract() == 0.0 {
        v.round()
    } else {
        v
    }
}
