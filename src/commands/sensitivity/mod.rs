//! `jeugdsim sensitivity`: every `uncertain` parameter at its low and its high value — the
//! rest of the scenario as it is — on the same children (common random numbers), ranked by
//! the paired effect (high − low) on a metric. With `--variant`, what is ranked is the
//! verdict: the metric in that variant minus the baseline (the first variant), each run
//! with the parameter at the same value, and the effect is how much the verdict moves from
//! low to high (a difference of paired differences).
//!
//! All parameters advance together, replication by replication; each stops at the first
//! checkpoint where its place in the ranking is settled (`settle`), unless `--full`. Runs
//! that are the same model (the baseline untouched by a variant's parameter, say) are
//! simulated once.

mod fold;
mod runs;
pub mod settle;

use super::plan::{Arguments, Done, Plan};
use super::{Output, provenance, write};
use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::format::Outcome;
use crate::report::sensitivity::SensitivityResults;
use crate::report::{self, Provenance, lang::Lang};
use crate::results::tornado::{Effect, Tornado, rank};
use crate::run::{self, Fold, RunOptions};
use crate::scenario::Source;
use crate::scenario::uncertain::check_ranges;
pub use fold::{EffectFold, SensitivityFold, VerdictFold};
pub use runs::{ParameterRuns, check_uncertain};
use std::ops::Range;
use std::path::PathBuf;

/// What a one-way sensitivity analysis runs: per parameter its models, and the distinct
/// models among them. A whole analysis, each shard and a merge share it.
pub struct SensitivityPlan {
    sources: [Source; 1],
    /// The scenario as it is (with the command line's overrides): what names the results.
    baseline: Model,
    pub params: Vec<ParameterRuns>,
    /// The distinct models of all parameters' runs: what a replication simulates.
    runs: Vec<(String, Model)>,
    /// Per parameter, where each of its models sits in `runs`.
    at: Vec<Vec<usize>>,
    pub left_out: Vec<String>,
    metric: String,
    variant: Option<String>,
    /// Every parameter at every replication (`--full`), not only as many as its place in
    /// the ranking needs.
    full: bool,
    opts: RunOptions,
}

/// The value that records `--full` among the arguments.
const FULL: &str = "full";

/// The command's arguments as values: the metric, the variant (empty if none), and
/// `full` with `--full`.
pub fn arguments(metric: &str, variant: Option<&str>, full: bool) -> Arguments {
    let mut values = vec![metric.to_string(), variant.unwrap_or_default().to_string()];
    if full {
        values.push(FULL.into());
    }
    Arguments { psa: false, values }
}

/// The tornado of `base`: every parameter's effect on `metric` (or, with `variant`, on
/// that variant's difference from the baseline), ranked; with `full`, every parameter at
/// every replication.
pub fn tornado(
    base: &Source,
    metric: &str,
    variant: Option<&str>,
    full: bool,
    opts: &RunOptions,
) -> Result<Tornado> {
    let plan = SensitivityPlan::new(vec![base.clone()], &arguments(metric, variant, full), opts)?;
    let mut fold = plan.fold(0, &[])?;
    plan.simulate(0, 0..plan.replications(), &mut fold)?;
    Ok(plan.tornado(&fold))
}

/// The distinct models among `params`' runs, and where each parameter's runs sit among
/// them. Two runs are the same model when their models print the same: the same inputs
/// give the same replications.
fn distinct(params: &[ParameterRuns]) -> (Vec<(String, Model)>, Vec<Vec<usize>>) {
    let mut runs: Vec<(String, Model)> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let at = params
        .iter()
        .map(|p| {
            p.models
                .iter()
                .map(|(name, m)| {
                    let key = format!("{m:?}");
                    keys.iter().position(|k| *k == key).unwrap_or_else(|| {
                        keys.push(key);
                        runs.push((format!("{} {name}", p.path), m.clone()));
                        runs.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    (runs, at)
}

impl SensitivityPlan {
    /// The effects from the fold, ranked.
    fn tornado(&self, fold: &SensitivityFold) -> Tornado {
        let mut effects: Vec<Effect> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, p)| fold.effect(i, &p.path, p.low, p.high))
            .collect();
        rank(&mut effects);
        Tornado {
            effects,
            left_out: self.left_out.clone(),
        }
    }
}

impl Plan for SensitivityPlan {
    const COMMAND: &'static str = "sensitivity";
    type Fold = SensitivityFold;
    type Done = Sensitivity;

    fn new(sources: Vec<Source>, arguments: &Arguments, opts: &RunOptions) -> Result<Self> {
        let base = sources
            .into_iter()
            .next()
            .ok_or_else(|| Error::Usage("shard.json: no scenario".into()))?;
        let metric = arguments
            .values
            .first()
            .map_or("total_cost", String::as_str);
        let variant = arguments
            .values
            .get(1)
            .map(String::as_str)
            .filter(|v| !v.is_empty());
        let full = arguments.values.get(2).is_some_and(|v| v == FULL);
        let scenario = base.parse()?;
        let baseline = base.load()?;
        if scenario.uncertain.is_empty() {
            return Err(Error::Usage(format!(
                "{} has no `uncertain` parameters; add some (see docs/scenario.md)",
                base.file.display()
            )));
        }
        crate::metrics::known_metric(&baseline, metric)?;
        check_ranges(&scenario)?;
        let (params, left_out) = match variant {
            Some(name) => runs::verdict_runs(&base, &scenario, name, opts)?,
            None => runs::pair_runs(&base, &scenario, &baseline, opts)?,
        };
        for p in &params {
            for (_, m) in &p.models {
                crate::metrics::known_metric(m, metric)?;
            }
        }
        let mut baseline = baseline;
        run::apply_overrides(&mut baseline, opts)?;
        let (runs, at) = distinct(&params);
        Ok(SensitivityPlan {
            sources: [base],
            baseline,
            params,
            runs,
            at,
            left_out,
            metric: metric.to_string(),
            variant: variant.map(str::to_string),
            full,
            opts: opts.clone(),
        })
    }

    fn arguments(&self) -> Arguments {
        arguments(&self.metric, self.variant.as_deref(), self.full)
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn base(&self) -> &Model {
        &self.baseline
    }

    fn suffix(&self) -> String {
        Sensitivity::suffix(self.variant.as_deref())
    }

    /// The replications every run takes (the first run's: the same children).
    fn replications(&self) -> u32 {
        self.params
            .first()
            .map_or(0, |p| p.models[0].1.replications)
    }

    /// One pass: every parameter's runs advance together.
    fn passes(&self) -> Vec<String> {
        vec!["parameters".into()]
    }

    fn fold(&self, _: usize, _: &[SensitivityFold]) -> Result<SensitivityFold> {
        let folds = self
            .params
            .iter()
            .map(|p| EffectFold::new(&p.models, &self.metric, self.variant.is_some()))
            .collect::<Result<Vec<_>>>()?;
        Ok(SensitivityFold::new(
            folds,
            &self.at,
            self.runs.len(),
            &self.metric,
            !self.full,
        ))
    }

    /// Simulates the distinct runs for the replications `range` into `fold`.
    fn simulate(&self, _: usize, range: Range<u32>, fold: &mut dyn Fold) -> Result<()> {
        let revalued = run::revalue::sources(&self.runs)
            .iter()
            .filter(|s| s.is_some())
            .count();
        let message = format!(
            "sensitivity: {} parameters, {} runs ({revalued} of them revalued)",
            self.params.len(),
            self.runs.len()
        );
        run::compare_into(&self.runs, &message, &self.opts, range, fold)
    }

    fn finish(self, mut folds: Vec<SensitivityFold>) -> Result<Sensitivity> {
        let fold = folds
            .pop()
            .ok_or_else(|| Error::Results("a sensitivity analysis folds one pass".into()))?;
        let tornado = self.tornado(&fold);
        let [base] = self.sources;
        let model = self.baseline;
        let provenance = provenance(&base.file, &base.sha256, &model, model.replications as u64);
        let variant_names: Vec<String> =
            base.parse()?.variants.into_iter().map(|v| v.name).collect();
        let verdict = self.variant.map(|v| (v, variant_names[0].clone()));
        Ok(Sensitivity {
            model,
            metric: self.metric,
            verdict,
            provenance,
            effects: tornado.effects,
            left_out: tornado.left_out,
            variant_names,
        })
    }
}

/// A one-way sensitivity analysis (tornado).
pub struct Sensitivity {
    pub model: Model,
    pub metric: String,
    /// With `--variant`: (variant, baseline) whose difference in `metric` is ranked.
    pub verdict: Option<(String, String)>,
    pub provenance: Provenance,
    pub effects: Vec<Effect>,
    /// `uncertain` parameters of variants this analysis does not run.
    pub left_out: Vec<String>,
    /// The scenario's variants, baseline first (none without a `variants` block).
    pub variant_names: Vec<String>,
}

impl Sensitivity {
    pub fn headline(&self, seconds: f64, lang: Lang) -> String {
        lang.fill(
            if self.verdict.is_some() {
                "sensitivity.headline_variants"
            } else {
                "sensitivity.headline"
            },
            &[
                ("parameters", &self.effects.len()),
                ("replications", &self.model.replications),
                ("seconds", &lang.fixed(seconds, 1)),
            ],
        )
    }

    /// The results folder's default suffix: one folder per ranked measure.
    pub fn suffix(variant: Option<&str>) -> String {
        match variant {
            Some(v) => format!("-sensitivity-{v}"),
            None => "-sensitivity".into(),
        }
    }

    /// What the user should know besides the tornado: parameters left out, and how to
    /// rank the verdict of a comparison.
    pub fn notes(&self, lang: Lang) -> Vec<String> {
        let variants = &self.variant_names;
        let mut notes = Vec::new();
        let all = self.model.replications as u64;
        let counts = self.effects.iter().map(|e| e.replications);
        if let (Some(least), Some(most)) = (counts.clone().min(), counts.max())
            && least < all
        {
            let key = if least == most {
                "sensitivity.settled_together"
            } else {
                "sensitivity.settled"
            };
            notes.push(lang.fill(
                key,
                &[("least", &least), ("most", &most), ("replications", &all)],
            ));
        }
        if !self.left_out.is_empty() {
            notes.push(lang.fill(
                "sensitivity.left_out",
                &[("list", &self.left_out.join(", "))],
            ));
        }
        if self.verdict.is_none() && variants.len() > 1 {
            notes.push(lang.fill(
                "sensitivity.ranks_baseline",
                &[
                    ("metric", &self.metric),
                    ("v", &variants[1]),
                    ("b", &variants[0]),
                ],
            ));
        }
        notes
    }

    pub fn results(&self) -> SensitivityResults<'_> {
        SensitivityResults {
            provenance: &self.provenance,
            metric: &self.metric,
            verdict: self.verdict.as_ref().map(|(v, b)| (v.as_str(), b.as_str())),
            effects: &self.effects,
        }
    }
}

impl Done for Sensitivity {
    /// Writes sensitivity.json and sensitivity.csv (and report.html).
    fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        let results = self.results();
        write(
            out,
            "sensitivity",
            vec![&self.provenance],
            &Outcome::Sensitivity(&results),
        )
    }

    fn console(&self, seconds: f64, lang: Lang) -> (String, Vec<String>) {
        let mut text = format!(
            "{}\n\n{}",
            self.headline(seconds, lang),
            report::sensitivity::render(&self.results(), lang)
        );
        for note in self.notes(lang) {
            text.push_str(&format!("\n{} {note}\n", lang.text("sensitivity.note")));
        }
        (text, Vec::new())
    }
}
