//! `jeugdsim sweep`: a scenario once for every value of one numeric field, on the same
//! children, and the smallest value that meets a target.

use super::plan::{Arguments, Done, Plan};
use super::{Output, pair_runs, provenance, write};
use crate::error::{Error, Result};
use crate::metrics::target::Target;
use crate::model::Model;
use crate::report::format::Outcome;
use crate::report::sweep::SweepResults;
use crate::report::{self, Provenance, lang::Lang};
use crate::run::{self, CompareFold, Comparison, Fold, RunOptions};
use crate::scenario::{self, Source, variants};
use std::ops::Range;
use std::path::PathBuf;

/// What a sweep simulates: a model per value, on common random numbers. A whole sweep,
/// each shard and a merge share it.
pub struct SweepPlan {
    sources: [Source; 1],
    range: SweepRange,
    pub models: Vec<(String, Model)>,
    opts: RunOptions,
}

/// The command's arguments as values: `--set` (empty: the scenario's `sweep` block), then
/// `--target` if given.
pub fn arguments(set: Option<&str>, target: Option<&str>) -> Arguments {
    Arguments {
        psa: false,
        values: std::iter::once(set.unwrap_or_default())
            .chain(target)
            .map(str::to_string)
            .collect(),
    }
}

impl Plan for SweepPlan {
    const COMMAND: &'static str = "sweep";
    type Fold = CompareFold;
    type Done = Sweep;

    fn new(sources: Vec<Source>, arguments: &Arguments, opts: &RunOptions) -> Result<SweepPlan> {
        let source = sources
            .into_iter()
            .next()
            .ok_or_else(|| Error::Usage("shard.json: no scenario".into()))?;
        let set = arguments.values.first().filter(|s| !s.is_empty());
        let target = arguments.values.get(1);
        let baseline = source.load()?;
        let range = sweep_range(
            &source,
            &baseline,
            set.map(String::as_str),
            target.map(String::as_str),
        )?;
        let mut models = Vec::new();
        for v in variants::sweep_sources(&source, &range.path, &range.values)? {
            let mut model = v.source.load()?;
            run::apply_overrides(&mut model, opts)?;
            models.push((v.name, model));
        }
        pair_runs(&mut models);
        Ok(SweepPlan {
            sources: [source],
            range,
            models,
            opts: opts.clone(),
        })
    }

    /// `--set` and `--target` as the sweep resolved them.
    fn arguments(&self) -> Arguments {
        let set = format!("{}={}", self.range.path, self.range.range);
        let target = self.range.target.as_ref().map(Target::text);
        arguments(Some(&set), target.as_deref())
    }

    fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn base(&self) -> &Model {
        &self.models[0].1
    }

    fn suffix(&self) -> String {
        "-sweep".into()
    }

    fn passes(&self) -> Vec<String> {
        vec!["replications".into()]
    }

    fn fold(&self, _: usize, _: &[CompareFold]) -> Result<CompareFold> {
        CompareFold::new(&self.models)
    }

    fn simulate(&self, _: usize, range: Range<u32>, fold: &mut dyn Fold) -> Result<()> {
        let message = format!("sweep {} = {}", self.range.path, self.range.range);
        run::compare_into(&self.models, &message, &self.opts, range, fold)
    }

    fn finish(self, folds: Vec<CompareFold>) -> Result<Sweep> {
        let reps = self.models[0].1.replications as u64;
        let [source] = &self.sources;
        let provenance = provenance(&source.file, &source.sha256, &self.models[0].1, reps);
        Ok(Sweep {
            path: self.range.path,
            range: self.range.range,
            values: self.range.values,
            target: self.range.target,
            models: self.models,
            provenance,
            comparison: folds[0].finish(),
        })
    }
}

/// What a sweep varies and checks: from the command line, else the scenario's `sweep`;
/// the target's metric must be one of `model`'s.
pub struct SweepRange {
    pub path: String,
    pub range: String,
    pub values: Vec<f64>,
    pub target: Option<Target>,
}

pub fn sweep_range(
    base: &Source,
    model: &Model,
    set: Option<&str>,
    target: Option<&str>,
) -> Result<SweepRange> {
    let block = base.parse()?.sweep;
    let (path, range) = match (set, &block) {
        (Some(s), _) => s
            .split_once('=')
            .map(|(p, r)| (p.trim().to_string(), r.trim().to_string()))
            .ok_or_else(|| Error::Usage(format!("--set `{s}`: write PATH=A..B[:STEP]")))?,
        (None, Some(b)) => (b.set.clone(), b.range.clone()),
        (None, None) => {
            return Err(Error::Usage(
                "sweep needs --set PATH=A..B[:STEP] or a `sweep` block in the scenario".into(),
            ));
        }
    };
    let values =
        variants::parse_range(&range).map_err(|m| Error::Usage(format!("sweep range: {m}")))?;
    let target = target
        .map(str::to_string)
        .or_else(|| block.and_then(|b| b.target))
        .map(|t| Target::parse(&t))
        .transpose()?;
    if let Some(t) = &target {
        crate::metrics::known_metric(model, &t.metric)?;
    }
    Ok(SweepRange {
        path,
        range,
        values,
        target,
    })
}

/// A sweep of one numeric field over a range of values.
pub struct Sweep {
    pub path: String,
    pub range: String,
    pub values: Vec<f64>,
    pub target: Option<Target>,
    pub models: Vec<(String, Model)>,
    pub provenance: Provenance,
    pub comparison: Comparison,
}

impl Sweep {
    pub fn headline(&self, lang: Lang) -> String {
        lang.fill(
            "sweep.headline",
            &[
                ("path", &self.path),
                ("range", &self.range),
                ("values", &self.values.len()),
                ("replications", &self.models[0].1.replications),
            ],
        )
    }

    pub fn results(&self) -> SweepResults<'_> {
        SweepResults {
            provenance: &self.provenance,
            path: &self.path,
            values: &self.values,
            comparison: &self.comparison,
            target: self.target.as_ref(),
        }
    }
}

impl Done for Sweep {
    /// Writes sweep.json and sweep.csv (and report.html).
    fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        let results = self.results();
        write(
            out,
            "sweep",
            vec![&self.provenance],
            &Outcome::Sweep(&results),
        )
    }

    fn console(&self, _seconds: f64, lang: Lang) -> (String, Vec<String>) {
        let text = format!(
            "{}\n\n{}",
            self.headline(lang),
            report::sweep::render(&self.results(), lang)
        );
        (text, Vec::new())
    }
}

/// Checks the scenario's `sweep` block as `sweep` would use it: the scenario validates at
/// both ends of the range. Returns how many values it has.
pub fn check_block(source: &Source, model: &Model) -> Result<Option<usize>> {
    if source.parse()?.sweep.is_none() {
        return Ok(None);
    }
    let plan = sweep_range(source, model, None, None)
        .map_err(|e| Error::Usage(format!("sweep block: {e}")))?;
    let ends = [plan.values[0], plan.values[plan.values.len() - 1]];
    for v in scenario::variants::sweep_sources(source, &plan.path, &ends)? {
        v.source
            .load()
            .map_err(|e| Error::Usage(format!("sweep: `{}` = {}: {e}", plan.path, v.name)))?;
    }
    Ok(Some(plan.values.len()))
}
