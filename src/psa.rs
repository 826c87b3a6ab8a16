//! Probabilistic sensitivity analysis (`run --psa`): each replication draws every
//! `uncertain` parameter once, uniformly between its low and high value (whole numbers
//! when both ends are whole), so the reported bands include parameter uncertainty as
//! health-economic models do. All replications keep the scenario's seed and common random
//! numbers. With every range of zero width this is exactly the plain run.
//!
//! Where budgets or reserves are set from the base year, each draw's reference volumes
//! come from `engine::Emulator`: histories simulated at the middle of every range and at
//! the ends of the ranges that shape the history, interpolated.

use crate::engine::{self, RunOptions};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::scenario::uncertain::{check_ranges, scope};
use crate::scenario::{Patcher, Source, variants};

/// The draws of a PSA: which parameters, their ranges, and the models they give.
struct Psa {
    /// The parameters drawn (paths; a variant's own are left out: they do not touch the
    /// scenario a plain run simulates) and their (low, high).
    paths: Vec<String>,
    ends: Vec<(f64, f64)>,
    /// Per drawn parameter, the key of its draws.
    keys: Vec<u64>,
    patcher: Patcher,
    /// The scenario as run (with the command line's overrides).
    model: Model,
    chance_only: bool,
}

impl Psa {
    fn new(base: &Source, opts: &RunOptions) -> Result<Psa> {
        let scenario = base.parse()?;
        let mut model = base.load()?;
        engine::apply_overrides(&mut model, opts)?;
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
            model,
            chance_only: opts.chance_only,
        })
    }

    /// The model with the drawn parameters at `values`.
    fn model_at(&self, values: &[f64]) -> Result<Model> {
        let text: Vec<String> = values.iter().map(|&v| variants::format_number(v)).collect();
        let mut m = self.patcher.model(&text)?;
        m.replications = self.model.replications;
        m.seed = self.model.seed;
        if self.chance_only {
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

    /// Every parameter at the middle of its range: where the emulator's histories meet.
    fn anchor(&self) -> Vec<f64> {
        self.ends
            .iter()
            .map(|&(low, high)| drawn_value(low, high, 0.5))
            .collect()
    }
}

/// `run --psa` of the scenario `base`: all its replications, summarised.
pub fn run_psa(base: &Source, opts: &RunOptions) -> Result<engine::RunResult> {
    let mut model = base.load()?;
    engine::apply_overrides(&mut model, opts)?;
    let mut fold = engine::RunFold::new(&model);
    run_psa_into(base, opts, 0..model.replications, &mut fold)?;
    Ok(fold.finish())
}

/// `run_psa` for the replications `range`, into `fold` (a shard, or a whole run).
pub fn run_psa_into(
    base: &Source,
    opts: &RunOptions,
    range: std::ops::Range<u32>,
    fold: &mut dyn engine::Fold,
) -> Result<()> {
    let psa = Psa::new(base, opts)?;
    let model_at = |values: &[f64]| psa.model_at(values);
    // Each draw's reference volumes (budgets set from the base year) come from histories
    // simulated at the middle of every range and at the ends of the ranges that shape it,
    // interpolated: the draws themselves need no history of their own.
    let anchor = psa.anchor();
    engine::run_with_into(
        &psa.model,
        opts,
        range,
        fold,
        || engine::Emulator::new(&anchor, &psa.ends, model_at),
        |emulator, rep| {
            let values = psa.values(rep);
            let m = psa.model_at(&values)?;
            let reference = emulator.reference(&values, &m);
            Ok((m, reference))
        },
    )
}

/// What a user of `run --psa` on `base` should know about its budgets: which drawn
/// parameters shape the base-year history they are set from, so that each draw's are
/// interpolated between simulated histories; `None` when none does (or nothing is set
/// from the base year). Cheap: no history is simulated.
pub fn history_note(base: &Source, opts: &RunOptions) -> Result<Option<String>> {
    let psa = Psa::new(base, opts)?;
    let (shaping, exact) =
        engine::shaping_parameters(&psa.anchor(), &psa.ends, |v| psa.model_at(v))?;
    if shaping.is_empty() {
        return Ok(None);
    }
    let names: Vec<&str> = shaping.iter().map(|&k| psa.paths[k].as_str()).collect();
    let list = names.join(", ");
    let shape = if names.len() == 1 { "shapes" } else { "shape" };
    let head = format!(
        "--psa: {list} {shape} the base-year history that budgets and reserves are set from"
    );
    Ok(Some(if exact {
        format!(
            "{head}, and a drawn parameter changes the contracts, so every draw simulates its own history ({} replications of it): slow",
            psa.model.reference_replications
        )
    } else {
        format!(
            "{head}; each draw's budgets are interpolated between histories simulated at the middle and the ends of their ranges (docs/modelling-choices.md, \"PSA reference volumes\")"
        )
    }))
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
