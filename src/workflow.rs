//! The commands as library functions: each loads its scenario(s), simulates and returns
//! the results with their provenance; `write` puts them in a folder. The binary only
//! parses arguments, calls these, prints and maps errors to exit codes.

use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::{self, CsvStyle, Exporter, Provenance, Results};
use crate::run::{self, Comparison, RunOptions, RunResult};
use crate::scenario::{self, variants};
use std::path::{Path, PathBuf};

/// What every simulating command writes besides its own files.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    pub dir: &'a Path,
    pub csv_style: CsvStyle,
    /// Also write report.html.
    pub report: bool,
    /// The language of report.html and results.xlsx.
    pub lang: report::lang::Lang,
    /// Also write results.xlsx (run and compare).
    pub xlsx: bool,
}

/// The provenance recorded in every output: scenario, file, hash, seed, version.
pub fn provenance(file: &Path, sha: &str, model: &Model, reps: u64) -> Provenance {
    Provenance {
        scenario: model.name.clone(),
        scenario_file: file.display().to_string(),
        scenario_sha256: sha.to_string(),
        seed: model.seed,
        replications: reps,
        version: crate::VERSION.to_string(),
        start: model.month_label(0),
        horizon_months: model.horizon,
        warmup_months: model.warmup,
        budget_per_year: model.budget_per_year_cents.map(|c| c as f64 / 100.0),
        budget_by_year: (0..model.horizon as usize / 12)
            .filter_map(|y| model.budget_in_year(y).map(|c| c / 100.0))
            .collect(),
        overview: report::overview(model),
    }
}

/// The default output folder: `results/<scenario name><suffix>`.
pub fn default_dir(model: &Model, suffix: &str) -> PathBuf {
    // One folder inside `results/`, whatever a variant name in the suffix holds: anything
    // but letters, digits, - and _ becomes _, so no name can climb out (`../`).
    let name: String = format!("{}{suffix}", model.name)
        .chars()
        .map(|c| {
            if crate::check::is_plain_name_char(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    PathBuf::from("results").join(name)
}

fn write<R: ?Sized>(
    out: &Output<'_>,
    run: report::folder::Run<'_>,
    results: &R,
    exporters: &[Box<dyn Exporter<R> + '_>],
) -> Result<Vec<PathBuf>> {
    let (report, lang) = (out.report, out.lang);
    report::write_all(out.dir, results, exporters, out.csv_style, &run, |tmp| {
        Ok(if report {
            vec![report::html::write(tmp, lang)?]
        } else {
            Vec::new()
        })
    })
}

fn one_run<'a>(command: &'a str, provenance: &'a Provenance) -> report::folder::Run<'a> {
    report::folder::Run {
        command,
        provenance: vec![provenance],
    }
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

/// Runs the scenario in `file`; with `psa`, each replication draws its uncertain
/// parameters (probabilistic sensitivity analysis). With world drivers, the same
/// replications are run once more without them, for the band of chance alone
/// (`*_chance_only` metrics).
pub fn run(file: &Path, psa: bool, opts: &RunOptions) -> Result<Run> {
    let plan = RunPlan::new(scenario::Source::read(file)?, psa, opts)?;
    let results = plan
        .passes()
        .iter()
        .map(|pass| {
            let mut fold = run::RunFold::new(&pass.model);
            plan.simulate(pass, 0..plan.model.replications, &mut fold)?;
            Ok(fold.finish())
        })
        .collect::<Result<Vec<_>>>()?;
    plan.finish(results)
}

/// What a run simulates: the scenario, its model, and its passes (with world drivers, a
/// second pass from chance alone). A whole run, each shard and a merge share it.
pub(crate) struct RunPlan {
    pub source: scenario::Source,
    /// `run --psa`: the draws, shared by the passes.
    pub psa: Option<crate::run::psa::Psa>,
    /// The reference volumes of a plain run, shared by the passes.
    reference: std::sync::OnceLock<run::Reference>,
    pub model: Model,
    pub opts: RunOptions,
}

/// One pass of a run: its name (the shard's file of replications), model and options.
pub(crate) struct Pass {
    pub name: &'static str,
    pub model: Model,
    pub opts: RunOptions,
}

impl RunPlan {
    pub fn new(source: scenario::Source, psa: bool, opts: &RunOptions) -> Result<RunPlan> {
        let mut model = source.load()?;
        run::apply_overrides(&mut model, opts)?;
        let psa = if psa {
            Some(crate::run::psa::Psa::new(&source, &model)?)
        } else {
            None
        };
        Ok(RunPlan {
            source,
            psa,
            reference: std::sync::OnceLock::new(),
            model,
            opts: opts.clone(),
        })
    }

    /// The replications, then (with world drivers) the same from chance alone.
    pub fn passes(&self) -> Vec<Pass> {
        let mut passes = vec![Pass {
            name: "replications",
            model: self.model.clone(),
            opts: self.opts.clone(),
        }];
        if self.model.world.declared() {
            let opts = RunOptions {
                chance_only: true,
                ..self.opts.clone()
            };
            let mut model = self.model.clone();
            model.world = Default::default();
            model.name = format!("{} (chance only)", self.model.name);
            passes.push(Pass {
                name: "chance_only",
                model,
                opts,
            });
        }
        passes
    }

    /// Simulates the replications `range` of `pass` into `fold`.
    pub fn simulate(
        &self,
        pass: &Pass,
        range: std::ops::Range<u32>,
        fold: &mut dyn run::Fold,
    ) -> Result<()> {
        match &self.psa {
            Some(psa) => psa.run_into(&pass.model, &pass.opts, range, fold),
            None => run::run_into(&pass.model, &pass.opts, range, fold, &self.reference),
        }
    }

    /// The run from its passes' results, in `passes` order.
    pub fn finish(self, results: Vec<RunResult>) -> Result<Run> {
        let mut results = results.into_iter();
        let mut result = results
            .next()
            .ok_or_else(|| Error::Results("a run without results".into()))?;
        if let Some(alone) = results.next() {
            crate::metrics::add_chance_only(&mut result.summary, &alone.summary);
        }
        let provenance = provenance(
            &self.source.file,
            &self.source.sha256,
            &self.model,
            result.summary.replications,
        );
        let variants = self
            .source
            .parse()?
            .variants
            .into_iter()
            .map(|v| v.name)
            .collect();
        let psa_note = self
            .psa
            .as_ref()
            .and_then(crate::run::psa::Psa::history_note);
        Ok(Run {
            model: self.model,
            variants,
            psa_note,
            provenance,
            result,
        })
    }
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
    pub fn headline(&self, seconds: f64, lang: report::lang::Lang) -> String {
        let m = &self.model;
        let nl = lang == report::lang::Lang::Nl;
        let (reps, months) = if nl {
            ("replicaties van", "maanden vanaf")
        } else {
            ("replications of", "months from")
        };
        let mut out = format!(
            "{} — {} {reps} {} {months} {} (seed {}), {seconds:.1} s",
            m.name,
            m.replications,
            m.horizon,
            m.month_label(0),
            m.seed
        );
        let drivers: Vec<String> = m
            .world
            .named()
            .iter()
            .filter_map(|(name, r)| r.map(|(lo, hi)| format!("{name} {lo} to {hi}")))
            .collect();
        if !drivers.is_empty() {
            out.push_str(&if nl {
                format!(
                    "\nOmgevingsfactoren, één keer per replicatie getrokken: {}. De banden bevatten ze; \
                     de `*_chance_only`-maatstaven niet.",
                    drivers.join(", ")
                )
            } else {
                format!(
                    "\nWorld drivers, drawn once per replication: {}. Bands include them; \
                     `*_chance_only` metrics leave them out.",
                    drivers.join(", ")
                )
            });
        }
        out
    }

    /// Writes summary.json, summary.csv, monthly.csv, activations.csv, municipalities.csv and
    /// providers.csv (and report.html).
    pub fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        let results = Results {
            provenance: &self.provenance,
            summary: &self.result.summary,
        };
        let mut exporters = report::run_exporters();
        if out.xlsx {
            exporters.push(Box::new(report::xlsx::Xlsx { lang: out.lang }));
        }
        write(out, one_run("run", &self.provenance), &results, &exporters)
    }
}

/// Paired runs: every variant takes the first one's replication count and seed, so
/// replication r of each sees the same children.
fn pair_runs(models: &mut [(String, Model)]) {
    let (reps, seed) = (models[0].1.replications, models[0].1.seed);
    for (_, m) in models.iter_mut() {
        m.replications = reps;
        m.seed = seed;
    }
}

/// A comparison of variants on common random numbers.
pub struct Compare {
    pub models: Vec<(String, Model)>,
    pub provenance: Vec<Provenance>,
    pub comparison: Comparison,
}

/// Compares a scenario's variants (one file) or two scenario files.
pub fn compare(files: &[&Path], opts: &RunOptions) -> Result<Compare> {
    let sources = files
        .iter()
        .map(|f| scenario::Source::read(f))
        .collect::<Result<Vec<_>>>()?;
    let plan = ComparePlan::new(sources, opts)?;
    let mut fold = run::CompareFold::new(&plan.models)?;
    plan.simulate(0..plan.models[0].1.replications, &mut fold)?;
    Ok(plan.finish(fold.finish()))
}

/// What a comparison simulates: the variants on common random numbers. A whole
/// comparison, each shard and a merge share it.
pub(crate) struct ComparePlan {
    pub sources: Vec<scenario::Source>,
    pub models: Vec<(String, Model)>,
    provenance: Vec<Provenance>,
    opts: RunOptions,
}

impl ComparePlan {
    pub fn new(sources: Vec<scenario::Source>, opts: &RunOptions) -> Result<ComparePlan> {
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

    pub fn simulate(&self, range: std::ops::Range<u32>, fold: &mut dyn run::Fold) -> Result<()> {
        let names: Vec<&str> = self.models.iter().map(|(n, _)| n.as_str()).collect();
        let message = format!("compare {}", names.join(", "));
        run::compare_into(&self.models, &message, &self.opts, range, fold)
    }

    pub fn finish(self, comparison: Comparison) -> Compare {
        Compare {
            models: self.models,
            provenance: self.provenance,
            comparison,
        }
    }
}

impl Compare {
    pub fn headline(&self, seconds: f64, lang: report::lang::Lang) -> String {
        let base = &self.models[0].1;
        match lang {
            report::lang::Lang::En => format!(
                "{} variants × {} replications (seed {}, common random numbers), {seconds:.1} s",
                self.models.len(),
                base.replications,
                base.seed,
            ),
            report::lang::Lang::Nl => format!(
                "{} varianten × {} replicaties (seed {}, gemeenschappelijke toevalsgetallen), {seconds:.1} s",
                self.models.len(),
                base.replications,
                base.seed,
            ),
        }
    }

    /// Writes comparison.json and comparison.csv (and report.html).
    pub fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        use report::comparison::{
            ComparisonCsv, ComparisonJson, ComparisonProvidersCsv, ComparisonResults,
        };
        let results = ComparisonResults {
            provenance: &self.provenance,
            comparison: &self.comparison,
        };
        let mut exporters: Vec<Box<dyn Exporter<ComparisonResults<'_>>>> = vec![
            Box::new(ComparisonJson),
            Box::new(ComparisonCsv),
            Box::new(ComparisonProvidersCsv),
        ];
        if out.xlsx {
            exporters.push(Box::new(report::xlsx::Xlsx { lang: out.lang }));
        }
        let run = report::folder::Run {
            command: "compare",
            provenance: self.provenance.iter().collect(),
        };
        write(out, run, &results, &exporters)
    }
}

/// A sweep of one numeric field over a range of values.
pub struct Sweep {
    pub path: String,
    pub range: String,
    pub values: Vec<f64>,
    pub target: Option<report::sweep::Target>,
    pub models: Vec<(String, Model)>,
    pub provenance: Provenance,
    pub comparison: Comparison,
}

/// Runs the scenario in `file` for each value of `set` (`PATH=A..B[:STEP]`, default: the
/// scenario's `sweep` block) on common random numbers, checking `target` if given.
pub fn sweep(
    file: &Path,
    set: Option<&str>,
    target: Option<&str>,
    opts: &RunOptions,
) -> Result<Sweep> {
    let setup = SweepSetup::new(scenario::Source::read(file)?, set, target, opts)?;
    let mut fold = run::CompareFold::new(&setup.models)?;
    setup.simulate(0..setup.models[0].1.replications, &mut fold)?;
    Ok(setup.finish(fold.finish()))
}

/// What a sweep simulates: a model per value, on common random numbers. A whole sweep,
/// each shard and a merge share it.
pub(crate) struct SweepSetup {
    pub source: scenario::Source,
    plan: SweepPlan,
    pub models: Vec<(String, Model)>,
    opts: RunOptions,
}

impl SweepSetup {
    pub fn new(
        source: scenario::Source,
        set: Option<&str>,
        target: Option<&str>,
        opts: &RunOptions,
    ) -> Result<SweepSetup> {
        let baseline = source.load()?;
        let plan = sweep_plan(&source, &baseline, set, target)?;
        let mut models = Vec::new();
        for v in variants::sweep_sources(&source, &plan.path, &plan.values)? {
            let mut model = v.source.load()?;
            run::apply_overrides(&mut model, opts)?;
            models.push((v.name, model));
        }
        pair_runs(&mut models);
        Ok(SweepSetup {
            source,
            plan,
            models,
            opts: opts.clone(),
        })
    }

    /// `--set` and `--target` as the sweep resolved them (for a shard to record).
    pub fn arguments(&self) -> (String, Option<String>) {
        (
            format!("{}={}", self.plan.path, self.plan.range),
            self.plan.target.as_ref().map(|t| t.text()),
        )
    }

    pub fn simulate(&self, range: std::ops::Range<u32>, fold: &mut dyn run::Fold) -> Result<()> {
        let message = format!("sweep {} = {}", self.plan.path, self.plan.range);
        run::compare_into(&self.models, &message, &self.opts, range, fold)
    }

    pub fn finish(self, comparison: Comparison) -> Sweep {
        let reps = self.models[0].1.replications as u64;
        let provenance = provenance(
            &self.source.file,
            &self.source.sha256,
            &self.models[0].1,
            reps,
        );
        Sweep {
            path: self.plan.path,
            range: self.plan.range,
            values: self.plan.values,
            target: self.plan.target,
            models: self.models,
            provenance,
            comparison,
        }
    }
}

/// What a sweep varies and checks: from the command line, else the scenario's `sweep`;
/// the target's metric must be one of `model`'s.
struct SweepPlan {
    path: String,
    range: String,
    values: Vec<f64>,
    target: Option<report::sweep::Target>,
}

fn sweep_plan(
    base: &scenario::Source,
    model: &Model,
    set: Option<&str>,
    target: Option<&str>,
) -> Result<SweepPlan> {
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
        .map(|t| report::sweep::Target::parse(&t))
        .transpose()?;
    if let Some(t) = &target {
        crate::metrics::known_metric(model, &t.metric)?;
    }
    Ok(SweepPlan {
        path,
        range,
        values,
        target,
    })
}

impl Sweep {
    pub fn headline(&self) -> String {
        format!(
            "{} = {} ({} values × {} replications, common random numbers)",
            self.path,
            self.range,
            self.values.len(),
            self.models[0].1.replications
        )
    }

    pub fn results(&self) -> report::sweep::SweepResults<'_> {
        report::sweep::SweepResults {
            provenance: &self.provenance,
            path: &self.path,
            values: &self.values,
            comparison: &self.comparison,
            target: self.target.as_ref(),
        }
    }

    /// Writes sweep.json and sweep.csv (and report.html).
    pub fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        use report::sweep::{SweepCsv, SweepJson, SweepResults};
        let exporters: Vec<Box<dyn Exporter<SweepResults<'_>>>> =
            vec![Box::new(SweepJson), Box::new(SweepCsv)];
        write(
            out,
            one_run("sweep", &self.provenance),
            &self.results(),
            &exporters,
        )
    }
}

/// A one-way sensitivity analysis (tornado).
pub struct Sensitivity {
    pub model: Model,
    pub metric: String,
    /// With `--variant`: (variant, baseline) whose difference in `metric` is ranked.
    pub verdict: Option<(String, String)>,
    pub provenance: Provenance,
    pub effects: Vec<crate::analysis::Effect>,
    /// `uncertain` parameters of variants this analysis does not run.
    pub left_out: Vec<String>,
    /// The scenario's variants, baseline first (none without a `variants` block).
    pub variant_names: Vec<String>,
}

/// Runs each `uncertain` parameter of the scenario in `file` at its low and high value and
/// ranks them by their paired effect on `metric` — or, with `variant`, on the difference
/// in `metric` between that variant and the baseline (the verdict of a comparison).
pub fn sensitivity(
    file: &Path,
    metric: &str,
    variant: Option<&str>,
    opts: &RunOptions,
) -> Result<Sensitivity> {
    let base = scenario::Source::read(file)?;
    let tornado = crate::analysis::sensitivity(&base, metric, variant, opts)?;
    sensitivity_of(base, metric, variant, opts, tornado)
}

/// The sensitivity analysis of `base` from its tornado (simulated here, or merged from
/// shards).
pub(crate) fn sensitivity_of(
    base: scenario::Source,
    metric: &str,
    variant: Option<&str>,
    opts: &RunOptions,
    tornado: crate::analysis::Tornado,
) -> Result<Sensitivity> {
    let mut model = base.load()?;
    run::apply_overrides(&mut model, opts)?;
    let provenance = provenance(&base.file, &base.sha256, &model, model.replications as u64);
    let variant_names: Vec<String> = base.parse()?.variants.into_iter().map(|v| v.name).collect();
    let verdict = variant.map(|v| (v.to_string(), variant_names[0].clone()));
    Ok(Sensitivity {
        model,
        metric: metric.to_string(),
        verdict,
        provenance,
        effects: tornado.effects,
        left_out: tornado.left_out,
        variant_names,
    })
}

impl Sensitivity {
    pub fn headline(&self, seconds: f64) -> String {
        let runs = if self.verdict.is_some() {
            "2 values × 2 variants"
        } else {
            "2 values"
        };
        format!(
            "{} parameters × {runs} × {} replications (common random numbers), {seconds:.1} s",
            self.effects.len(),
            self.model.replications,
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
    pub fn notes(&self) -> Vec<String> {
        let variants = &self.variant_names;
        let mut notes = Vec::new();
        if !self.left_out.is_empty() {
            notes.push(format!(
                "left out, as parameters of variants not run here: {}",
                self.left_out.join(", ")
            ));
        }
        if self.verdict.is_none() && variants.len() > 1 {
            notes.push(format!(
                "this ranks the baseline's {}; to rank what decides a comparison, add --variant {} (its difference from {})",
                self.metric, variants[1], variants[0]
            ));
        }
        notes
    }

    pub fn results(&self) -> report::sensitivity::SensitivityResults<'_> {
        report::sensitivity::SensitivityResults {
            provenance: &self.provenance,
            metric: &self.metric,
            verdict: self.verdict.as_ref().map(|(v, b)| (v.as_str(), b.as_str())),
            effects: &self.effects,
        }
    }

    /// Writes sensitivity.json and sensitivity.csv (and report.html).
    pub fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        use report::sensitivity::{SensitivityCsv, SensitivityJson, SensitivityResults};
        let exporters: Vec<Box<dyn Exporter<SensitivityResults<'_>>>> =
            vec![Box::new(SensitivityJson), Box::new(SensitivityCsv)];
        write(
            out,
            one_run("sensitivity", &self.provenance),
            &self.results(),
            &exporters,
        )
    }
}

/// A search for the smallest provider numbers meeting a target.
pub struct Optimise {
    pub model: Model,
    pub provenance: Provenance,
    pub optimum: crate::optimise::Optimum,
}

/// Searches the scenario in `file` for the smallest number of providers per sub-segment
/// (with a min/max) such that `target` holds in `quantile` of replications.
pub fn optimise(file: &Path, target: &str, quantile: f64, opts: &RunOptions) -> Result<Optimise> {
    let target = report::sweep::Target::parse(target)?;
    let (source, mut model) = scenario::load(file)?;
    run::apply_overrides(&mut model, opts)?;
    let optimum = crate::optimise::optimise(&model, &target, quantile, opts)?;
    let provenance = provenance(file, &source.sha256, &model, model.replications as u64);
    Ok(Optimise {
        model,
        provenance,
        optimum,
    })
}

impl Optimise {
    pub fn results(&self) -> report::optimise::OptimiseResults<'_> {
        report::optimise::OptimiseResults {
            provenance: &self.provenance,
            optimum: &self.optimum,
        }
    }

    /// Writes optimise.json (and report.html).
    pub fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>> {
        use report::optimise::{OptimiseJson, OptimiseResults};
        let exporters: Vec<Box<dyn Exporter<OptimiseResults<'_>>>> = vec![Box::new(OptimiseJson)];
        write(
            out,
            one_run("optimise", &self.provenance),
            &self.results(),
            &exporters,
        )
    }
}

/// The starter scenario of `init`: the shipped minimal example.
const STARTER: &str = include_str!("../scenarios/minimal.ron");

/// Writes a starter scenario `NAME.ron` in `dir` that validates and runs.
pub fn init(name: &str, dir: &Path) -> Result<PathBuf> {
    if name.is_empty() || !name.chars().all(crate::check::is_plain_name_char) {
        return Err(Error::Usage(format!(
            "`{name}` is not a usable name: use letters, digits, - and _"
        )));
    }
    let file = dir.join(format!("{name}.ron"));
    if file.exists() {
        return Err(Error::Usage(format!(
            "{} exists already; choose another name or remove it",
            file.display()
        )));
    }
    let text = STARTER.replacen("name: \"minimal\"", &format!("name: \"{name}\""), 1);
    // Never hand out a starter that does not validate.
    scenario::Source::from_text(&file, text.clone()).load()?;
    report::write_atomic(&file, text.as_bytes())?;
    Ok(file)
}

/// Checks the scenario in `file` and every block a command would use — its `variants`
/// (compare), `sweep` (sweep, at the range's ends) and `uncertain` (sensitivity and
/// `run --psa`, at each parameter's low and high) — and returns the sentence saying it is
/// valid, or the first problem.
pub fn validate(file: &Path) -> Result<String> {
    let (source, model) = scenario::load(file)?;
    let sc = source.parse()?;
    let mut blocks = Vec::new();
    if !sc.variants.is_empty() {
        let variants = scenario::load_variants(&[file])?;
        blocks.push(format!("{} variants", variants.len()));
    }
    if sc.sweep.is_some() {
        let plan = sweep_plan(&source, &model, None, None)
            .map_err(|e| Error::Usage(format!("sweep block: {e}")))?;
        let ends = [plan.values[0], plan.values[plan.values.len() - 1]];
        for v in variants::sweep_sources(&source, &plan.path, &ends)? {
            v.source
                .load()
                .map_err(|e| Error::Usage(format!("sweep: `{}` = {}: {e}", plan.path, v.name)))?;
        }
        blocks.push(format!("a sweep of {} values", plan.values.len()));
    }
    let uncertain = crate::analysis::check_uncertain(&source)?;
    if uncertain > 0 {
        blocks.push(format!("{uncertain} uncertain parameters"));
    }
    let checked = if blocks.is_empty() {
        String::new()
    } else {
        format!("; checked {}", blocks.join(", "))
    };
    Ok(format!(
        "{}: scenario `{}` is valid ({} municipalities, {} segments, {} sub-segments, {} provider organisations holding {} contracts{checked})",
        file.display(),
        model.name,
        model.munis.len(),
        model.segments.len(),
        model.subs.len(),
        model.providers.len(),
        model.contracts.len()
    ))
}

/// `jeugdsim metrics [FILE]`: every metric with its unit and meaning, one per line; with a
/// scenario, exactly the names its runs write.
pub fn metrics(file: Option<&Path>) -> Result<String> {
    let model = file.map(scenario::load).transpose()?.map(|(_, m)| m);
    let rows = crate::metrics::catalogue(model.as_ref());
    let width = rows.iter().map(|(n, _, _)| n.len()).max().unwrap_or(0);
    let unit_width = rows
        .iter()
        .map(|(_, u, _)| u.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} metrics{} (details: docs/metrics.md)\n\n",
        rows.len(),
        match (&model, file) {
            (Some(m), Some(f)) => format!(" of `{}` ({})", m.name, f.display()),
            _ => String::new(),
        }
    );
    for (name, unit, meaning) in &rows {
        out.push_str(&format!("{name:<width$}  {unit:<unit_width$}  {meaning}\n"));
    }
    Ok(out)
}

/// `jeugdsim paths FILE`: the settable paths of the scenario with their current values, for
/// `variants`, `sweep --set` and `uncertain`.
pub fn paths(file: &Path) -> Result<String> {
    let source = scenario::Source::read(file)?;
    source.parse()?;
    let rows = scenario::paths::settable(&source.text);
    let width = rows
        .iter()
        .map(|(p, _)| p.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} settable paths of {} (for variants, sweep --set and uncertain; absent optional fields can be set too: docs/scenario.md)\n\n",
        rows.len(),
        file.display()
    );
    for (path, value) in &rows {
        out.push_str(&format!("{path:<width$}  {value}\n"));
    }
    Ok(out)
}

/// The warnings of the scenario(s) in `files` (values allowed but probably not meant): of
/// each file, and those the variants of a single file add, each once.
pub fn warnings(files: &[&Path]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for file in files {
        let (source, model) = scenario::load(file)?;
        out.extend(model.warnings);
        if files.len() == 1 {
            // A broken variant is reported by the commands that use it (and `validate`).
            let base = out.clone();
            let sources = variants::variant_sources(&source).unwrap_or_default();
            for v in sources {
                let Ok(model) = v.source.load() else {
                    continue;
                };
                for w in model.warnings {
                    let w2 = format!("variant `{}`: {w}", v.name);
                    if !base.contains(&w) && !out.contains(&w2) {
                        out.push(w2);
                    }
                }
            }
        }
    }
    Ok(out)
}
