//! `jeugdsim compare`: a scenario's variants (or two scenario files) on the same children,
//! with paired differences from the first.

use super::plan::{Arguments, Done, Plan};
use super::{Output, pair_runs, provenance, write};
use crate::error::Result;
use crate::model::Model;
use crate::report::comparison::ComparisonResults;
use crate::report::format::Outcome;
use crate::report::{self, Provenance, lang::Lang};
use crate::run::{self, CompareFold, Comparison, Fold, RunOptions};
use crate::scenario::{self, Source};
use std::ops::Range;
use std::path::PathBuf;

/// What a comparison simulates: the variants on common random numbers. A whole
/// comparison, each shard and a merge share it.
pub struct ComparePlan {
    sources: Vec<Source>,
    pub models: Vec<(String, Model)>,
    provenance: Vec<Provenance>,
    opts: RunOptions,
}

impl Plan for ComparePlan {
    const COMMAND: &'static str = "compare";
    type Fold = CompareFold;
    type Done = Compare;

    fn new(sources: Vec<Source>, _: &Arguments, opts: &RunOptions) -> Result<ComparePlan> {
        let variants = scenario::load_variants_of(sources.clone())?;
        let mut models = Vec::new();
        for (name, _, model) in &variants {
            let mut model = model.clone();
            run::apply_overrides(&mut model, opts)?;
            models.push((name.clone(), model));
        }
        pair_runs(&mut models);
        let reps = models[0].1.replications as u64;
        let provenance = variants
            .iter()
            .zip(&models)
            .map(|((_, source, _), (_, m))| provenance(&source.file, &source.sha256, m, reps))
            .collect();
        Ok(ComparePlan {
            sources,
            models,
            provenance,
            opts: opts.clone(),
        })
    }

    fn arguments(&self) -> Arguments {
        Arguments::default()
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn base(&self) -> &Model {
        &self.models[0].1
    }

    fn suffix(&self) -> String {
        "-compare".into()
    }

    fn passes(&self) -> Vec<String> {
        vec!["replications".into()]
    }

    fn fold(&self, _: usize, _: &[CompareFold]) -> Result<CompareFold> {
        CompareFold::new(&self.models)
    }

    fn simulate(&self, _: usize, range: Range<u32>, fold: &mut dyn Fold) -> Result<()> {
        let names: Vec<&str> = self.models.iter().map(|(n, _)| n.as_str()).collect();
        let message = format!("compare {}", names.join(", "));
        run::compare_into(&self.models, &message, &self.opts, range, fold)
    }

    fn finish(self, folds: Vec<CompareFold>) -> Result<Compare> {
        Ok(Compare {
            models: self.models,
            provenance: self.provenance,
            comparison: folds[0].finish(),
        })
    }
}

/// A comparison of variants on common random numbers.
pub struct Compare {
    pub models: Vec<(String, Model)>,
    pub provenance: Vec<Provenance>,
    pub comparison: Comparison,
}

impl Compare {
    pub fn headline(&self, seconds: f64, lang: Lang) -> String {
        let base = &self.models[0].1;
        lang.fill(
            "compare.variants_replications_seed_common_random",
            &[
                ("len", &self.models.len()),
                ("replications", &base.replications),
                ("seed", &base.seed),
                ("seconds_f", &lang.fixed(seconds, 1)),
            ],
        )
    }
}

impl Done for Compare {
    /// Writes comparison.json, comparison.csv and providers.csv (and report.html,
    /// results.xlsx).
    fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        let results = ComparisonResults {
            provenance: &self.provenance,
            comparison: &self.comparison,
        };
        write(
            out,
            "compare",
            self.provenance.iter().collect(),
            &Outcome::Comparison(&results),
        )
    }

    fn console(&self, seconds: f64, lang: Lang) -> (String, Vec<String>) {
        let base = &self.models[0].1;
        let mut text = format!("{}\n\n", self.headline(seconds, lang));
        text.push_str(&report::comparison::render(
            &self.comparison,
            base.horizon,
            lang,
        ));
        let notes = self
            .models
            .iter()
            .zip(&self.comparison.summaries)
            .filter_map(|((name, m), s)| {
                let w = crate::metrics::stationarity::Stationarity::of(s, m.warmup)?.warning()?;
                Some(format!("warning: variant `{name}`: {w}"))
            })
            .collect();
        (text, notes)
    }
}
