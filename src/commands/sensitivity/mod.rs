//! `jeugdsim sensitivity`: every `uncertain` parameter at its low and its high value — the
//! rest of the scenario as it is — on the same children (common random numbers), ranked by
//! the paired effect (high − low) on a metric. With `--variant`, what is ranked is the
//! verdict: the metric in that variant minus the baseline (the first variant), each run
//! with the parameter at the same value, and the effect is how much the verdict moves from
//! low to high (a difference of paired differences).

mod fold;
mod runs;

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
pub use fold::{EffectFold, VerdictFold};
pub use runs::{ParameterRuns, check_uncertain};
use std::ops::Range;
use std::path::PathBuf;

/// What a one-way sensitivity analysis runs: per parameter its models. A whole analysis,
/// each shard and a merge share it.
pub struct SensitivityPlan {
    sources: [Source; 1],
    /// The scenario as it is (with the command line's overrides): what names the results.
    baseline: Model,
    pub params: Vec<ParameterRuns>,
    pub left_out: Vec<String>,
    metric: String,
    variant: Option<String>,
    opts: RunOptions,
}

/// The command's arguments as values: the metric, then the variant if given.
pub fn arguments(metric: &str, variant: Option<&str>) -> Arguments {
    Arguments {
        psa: false,
        values: std::iter::once(metric)
            .chain(variant)
            .map(str::to_string)
            .collect(),
    }
}

/// The tornado of `base`: every parameter's effect on `metric` (or, with `variant`, on
/// that variant's difference from the baseline), ranked.
pub fn tornado(
    base: &Source,
    metric: &str,
    variant: Option<&str>,
    opts: &RunOptions,
) -> Result<Tornado> {
    let plan = SensitivityPlan::new(vec![base.clone()], &arguments(metric, variant), opts)?;
    let folds = (0..plan.params.len())
        .map(|i| {
            let mut fold = plan.fold(i, &[])?;
            plan.simulate(i, 0..plan.replications(), &mut fold)?;
            Ok(fold)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(plan.tornado(&folds))
}

impl SensitivityPlan {
    /// The effects from every parameter's fold, ranked.
    fn tornado(&self, folds: &[EffectFold]) -> Tornado {
        let mut effects: Vec<Effect> = self
            .params
            .iter()
            .zip(folds)
            .map(|(p, f)| f.effect(&self.metric, &p.path, p.low, p.high))
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
    type Fold = EffectFold;
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
        let variant = arguments.values.get(1).map(String::as_str);
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
        Ok(SensitivityPlan {
            sources: [base],
            baseline,
            params,
            left_out,
            metric: metric.to_string(),
            variant: variant.map(str::to_string),
            opts: opts.clone(),
        })
    }

    fn arguments(&self) -> Arguments {
        arguments(&self.metric, self.variant.as_deref())
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

    fn passes(&self) -> Vec<String> {
        (0..self.params.len())
            .map(|i| format!("parameter-{i}"))
            .collect()
    }

    fn fold(&self, i: usize, _: &[EffectFold]) -> Result<EffectFold> {
        EffectFold::new(&self.params[i].models, &self.metric, self.variant.is_some())
    }

    /// Simulates parameter `i`'s runs for the replications `range` into `fold`.
    fn simulate(&self, i: usize, range: Range<u32>, fold: &mut dyn Fold) -> Result<()> {
        let p = &self.params[i];
        let message = format!("sensitivity {}/{}: {}", i + 1, self.params.len(), p.path);
        run::compare_into(&p.models, &message, &self.opts, range, fold)
    }

    fn finish(self, folds: Vec<EffectFold>) -> Result<Sensitivity> {
        let tornado = self.tornado(&folds);
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
