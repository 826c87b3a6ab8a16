//! Scale-out: a shard of `run`, `compare`, `sweep` or `sensitivity` (`--shard K/N`) writes
//! its replications to a shard folder ([`crate::shard`]); `jeugdsim merge` folds the
//! shards, in replication order, through the same code as the unsharded command and
//! writes exactly its files.

use crate::analysis::SensitivityPlan;
use crate::engine::{self, RunOptions};
use crate::error::{Error, Result};
use crate::report::{CsvStyle, lang::Lang};
use crate::scenario::Source;
use crate::shard::{self, ScenarioText, Shard, ShardInfo, ShardOptions, ShardWriter};
use crate::workflow::{self, ComparePlan, Output, RunPlan, SweepSetup};
use clap::ValueEnum;
use std::path::{Path, PathBuf};

/// A shard written: where, and which replications.
pub struct ShardWritten {
    pub dir: PathBuf,
    pub info: ShardInfo,
}

fn value_name(v: &impl ValueEnum) -> String {
    v.to_possible_value()
        .map_or(String::new(), |p| p.get_name().to_string())
}

fn options(opts: &RunOptions, psa: bool, out: &Output<'_>) -> ShardOptions {
    ShardOptions {
        replications: opts.replications,
        seed: opts.seed,
        psa,
        chance_only: opts.chance_only,
        csv_style: value_name(&out.csv_style),
        report: out.report,
        lang: value_name(&out.lang),
        xlsx: out.xlsx,
    }
}

fn texts(sources: &[Source]) -> Vec<ScenarioText> {
    sources
        .iter()
        .map(|s| ScenarioText {
            file: s.file.display().to_string(),
            sha256: s.sha256.clone(),
            text: s.text.clone(),
        })
        .collect()
}

/// The default folder of shard `s`: `results/<name><suffix>-shard-K-of-N`.
pub fn default_dir(model: &crate::model::Model, suffix: &str, s: Shard) -> PathBuf {
    workflow::default_dir(model, &format!("{suffix}-shard-{}-of-{}", s.k, s.n))
}

/// Writes the shard folder `dir` whole: the passes' files from `write` in a folder
/// beside it, then `shard.json`, then renamed into place. An existing shard folder is
/// replaced; any other folder is refused.
fn publish(dir: &Path, info: &ShardInfo, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if dir.exists() && !dir.join("shard.json").exists() {
        return Err(Error::Usage(format!(
            "{} exists and is not a shard folder; choose another --out",
            dir.display()
        )));
    }
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| Error::Write {
        path: parent.to_path_buf(),
        source,
    })?;
    let name = dir
        .file_name()
        .map_or("shard".into(), |n| n.to_string_lossy().into_owned());
    let tmp = parent.join(format!(".{name}.tmp{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    let result = write(&tmp).and_then(|()| {
        let json = serde_json::to_vec_pretty(info).expect("a shard manifest serializes");
        crate::report::write_atomic(&tmp.join("shard.json"), &json)?;
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::rename(&tmp, dir).map_err(io(dir))
    });
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// The manifest of shard `s` of a run of `command` with `total` replications.
#[allow(clippy::too_many_arguments)]
fn shard_info(
    command: &str,
    s: Shard,
    total: u32,
    seed: u64,
    scenarios: Vec<ScenarioText>,
    options: ShardOptions,
    passes: Vec<String>,
    arguments: Vec<String>,
) -> ShardInfo {
    let range = s.range(total);
    ShardInfo {
        format_version: shard::FORMAT_VERSION,
        version: crate::VERSION.to_string(),
        command: command.into(),
        shard: s,
        from: range.start,
        to: range.end,
        total,
        seed,
        scenarios,
        options,
        passes,
        arguments,
    }
}

/// Simulates the run's passes for `range` into one file each in `folder`.
fn write_run_passes(plan: &RunPlan, range: std::ops::Range<u32>, folder: &Path) -> Result<()> {
    for pass in plan.passes() {
        let mut writer = ShardWriter::create(&folder.join(format!("{}.bin", pass.name)))?;
        plan.simulate(&pass, range.clone(), &mut writer)?;
        writer.finish()?;
    }
    Ok(())
}

/// `run FILE --shard K/N`: simulates only shard K's replications and writes them.
pub fn run_shard(
    file: &Path,
    psa: bool,
    opts: &RunOptions,
    s: Shard,
    out: Option<&Path>,
    output: &Output<'_>,
) -> Result<ShardWritten> {
    let plan = RunPlan::new(Source::read(file)?, psa, opts)?;
    let total = plan.model.replications;
    let range = s.range(total);
    let info = shard_info(
        "run",
        s,
        total,
        plan.model.seed,
        texts(std::slice::from_ref(&plan.source)),
        options(opts, psa, output),
        plan.passes().iter().map(|p| p.name.to_string()).collect(),
        Vec::new(),
    );
    let dir = out.map_or_else(|| default_dir(&plan.model, "", s), Path::to_path_buf);
    publish(&dir, &info, |tmp| {
        write_run_passes(&plan, range.clone(), tmp)
    })?;
    Ok(ShardWritten { dir, info })
}

/// `compare FILES --shard K/N`: simulates only shard K's replications of every variant.
pub fn compare_shard(
    files: &[&Path],
    opts: &RunOptions,
    s: Shard,
    out: Option<&Path>,
    output: &Output<'_>,
) -> Result<ShardWritten> {
    let sources = files
        .iter()
        .map(|f| Source::read(f))
        .collect::<Result<Vec<_>>>()?;
    let plan = ComparePlan::new(sources, opts)?;
    let base = &plan.models[0].1;
    let total = base.replications;
    let range = s.range(total);
    let info = shard_info(
        "compare",
        s,
        total,
        base.seed,
        texts(&plan.sources),
        options(opts, false, output),
        vec!["replications".into()],
        Vec::new(),
    );
    let dir = out.map_or_else(|| default_dir(base, "-compare", s), Path::to_path_buf);
    publish(&dir, &info, |tmp| {
        let mut writer = ShardWriter::create(&tmp.join("replications.bin"))?;
        plan.simulate(range.clone(), &mut writer)?;
        writer.finish()
    })?;
    Ok(ShardWritten { dir, info })
}

/// `sweep FILE --shard K/N`: simulates only shard K's replications of every value.
pub fn sweep_shard(
    file: &Path,
    set: Option<&str>,
    target: Option<&str>,
    opts: &RunOptions,
    s: Shard,
    out: Option<&Path>,
    output: &Output<'_>,
) -> Result<ShardWritten> {
    let setup = SweepSetup::new(Source::read(file)?, set, target, opts)?;
    let base = &setup.models[0].1;
    let total = base.replications;
    let range = s.range(total);
    let (set, target) = setup.arguments();
    let info = shard_info(
        "sweep",
        s,
        total,
        base.seed,
        texts(std::slice::from_ref(&setup.source)),
        options(opts, false, output),
        vec!["replications".into()],
        std::iter::once(set).chain(target).collect(),
    );
    let dir = out.map_or_else(|| default_dir(base, "-sweep", s), Path::to_path_buf);
    publish(&dir, &info, |tmp| {
        let mut writer = ShardWriter::create(&tmp.join("replications.bin"))?;
        setup.simulate(range.clone(), &mut writer)?;
        writer.finish()
    })?;
    Ok(ShardWritten { dir, info })
}

/// `sensitivity FILE --shard K/N`: simulates only shard K's replications of every
/// parameter's runs, one file per parameter.
#[allow(clippy::too_many_arguments)]
pub fn sensitivity_shard(
    file: &Path,
    metric: &str,
    variant: Option<&str>,
    opts: &RunOptions,
    s: Shard,
    out: Option<&Path>,
    output: &Output<'_>,
) -> Result<ShardWritten> {
    let source = Source::read(file)?;
    let plan = SensitivityPlan::new(&source, metric, variant, opts)?;
    let base = &plan.params[0].models[0].1;
    let total = plan.replications();
    let range = s.range(total);
    let info = shard_info(
        "sensitivity",
        s,
        total,
        base.seed,
        texts(std::slice::from_ref(&source)),
        options(opts, false, output),
        (0..plan.params.len())
            .map(|i| format!("parameter-{i}"))
            .collect(),
        std::iter::once(metric.to_string())
            .chain(variant.map(str::to_string))
            .collect(),
    );
    let suffix = workflow::Sensitivity::suffix(variant);
    let dir = out.map_or_else(|| default_dir(base, &suffix, s), Path::to_path_buf);
    publish(&dir, &info, |tmp| {
        for i in 0..plan.params.len() {
            let mut writer = ShardWriter::create(&tmp.join(format!("parameter-{i}.bin")))?;
            plan.simulate(i, range.clone(), &mut writer)?;
            writer.finish()?;
        }
        Ok(())
    })?;
    Ok(ShardWritten { dir, info })
}

/// A checked set of shards and the options they recorded.
struct MergeSet {
    shards: Vec<(PathBuf, ShardInfo)>,
    opts: RunOptions,
    csv_style: CsvStyle,
    lang: Lang,
}

impl MergeSet {
    fn info(&self) -> &ShardInfo {
        &self.shards[0].1
    }

    /// Feeds every shard's `file` of replications to `fold`, in replication order.
    fn replay(&self, file: &str, fold: &mut dyn engine::Fold) -> Result<()> {
        for (dir, s) in &self.shards {
            shard::replay(&dir.join(file), s.from..s.to, fold)?;
        }
        Ok(())
    }

    /// The output the shards' command would have written to `dir`.
    fn output<'a>(&self, dir: &'a Path) -> Output<'a> {
        let o = &self.info().options;
        Output {
            dir,
            csv_style: self.csv_style,
            report: o.report,
            lang: self.lang,
            xlsx: o.xlsx,
        }
    }

    /// The one scenario of a run, sweep or sensitivity analysis.
    fn source(&self) -> Result<Source> {
        self.sources()
            .into_iter()
            .next()
            .ok_or_else(|| Error::Usage("shard.json: no scenario".into()))
    }

    fn sources(&self) -> Vec<Source> {
        self.info()
            .scenarios
            .iter()
            .map(|s| Source::from_text(Path::new(&s.file), s.text.clone()))
            .collect()
    }
}

/// `jeugdsim merge DIR...`: checks the shards form one whole run, folds their
/// replications in order and writes the unsharded command's files to `out` (default: the
/// command's own default folder); returns the files written.
pub fn merge(dirs: &[PathBuf], out: Option<&Path>) -> Result<Vec<PathBuf>> {
    let shards = dirs
        .iter()
        .map(|d| Ok((d.clone(), ShardInfo::read(d)?)))
        .collect::<Result<Vec<_>>>()?;
    let shards = shard::check_set(shards)?;
    let o = &shards[0].1.options;
    let parse = |what: &str, v: &str| Error::Usage(format!("shard.json: unknown {what} `{v}`"));
    let set = MergeSet {
        opts: RunOptions {
            replications: o.replications,
            seed: o.seed,
            chance_only: o.chance_only,
            ..Default::default()
        },
        csv_style: CsvStyle::from_str(&o.csv_style, true)
            .map_err(|_| parse("csv style", &o.csv_style))?,
        lang: Lang::from_str(&o.lang, true).map_err(|_| parse("language", &o.lang))?,
        shards: shards.clone(),
    };
    let info = set.info();
    let arg = |i: usize| info.arguments.get(i).map(String::as_str);
    match info.command.as_str() {
        "run" => {
            let plan = RunPlan::new(set.source()?, info.options.psa, &set.opts)?;
            let mut results = Vec::new();
            for pass in plan.passes() {
                let mut fold = engine::RunFold::new(&pass.model);
                set.replay(&format!("{}.bin", pass.name), &mut fold)?;
                results.push(fold.finish());
            }
            let run = plan.finish(results)?;
            let dir = out.map_or_else(|| workflow::default_dir(&run.model, ""), Path::to_path_buf);
            run.write(&set.output(&dir))
        }
        "compare" => {
            let plan = ComparePlan::new(set.sources(), &set.opts)?;
            let mut fold = engine::CompareFold::new(&plan.models)?;
            set.replay("replications.bin", &mut fold)?;
            let cmp = plan.finish(fold.finish());
            let base = &cmp.models[0].1;
            let dir = out.map_or_else(
                || workflow::default_dir(base, "-compare"),
                Path::to_path_buf,
            );
            cmp.write(&set.output(&dir))
        }
        "sweep" => {
            let setup = SweepSetup::new(set.source()?, arg(0), arg(1), &set.opts)?;
            let mut fold = engine::CompareFold::new(&setup.models)?;
            set.replay("replications.bin", &mut fold)?;
            let sweep = setup.finish(fold.finish());
            let base = &sweep.models[0].1;
            let dir = out.map_or_else(|| workflow::default_dir(base, "-sweep"), Path::to_path_buf);
            sweep.write(&set.output(&dir))
        }
        "sensitivity" => {
            let source = set.source()?;
            let (metric, variant) = (arg(0).unwrap_or("total_cost"), arg(1));
            let plan = SensitivityPlan::new(&source, metric, variant, &set.opts)?;
            let mut effects = Vec::with_capacity(plan.params.len());
            for i in 0..plan.params.len() {
                let mut fold = plan.fold(i)?;
                set.replay(&format!("parameter-{i}.bin"), &mut fold)?;
                effects.push(plan.effect(i, &fold));
            }
            let tornado = plan.finish(effects);
            let sa = workflow::sensitivity_of(source, metric, variant, &set.opts, tornado)?;
            let suffix = workflow::Sensitivity::suffix(variant);
            let dir = out.map_or_else(
                || workflow::default_dir(&sa.model, &suffix),
                Path::to_path_buf,
            );
            sa.write(&set.output(&dir))
        }
        other => Err(Error::Usage(format!(
            "{}: shards of `{other}` cannot be merged by this jeugdsim",
            set.shards[0].0.display()
        ))),
    }
}
