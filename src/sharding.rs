//! Scale-out: a shard of `run`, `compare`, `sweep` or `sensitivity` (`--shard K/N`) writes
//! its replications to a shard folder ([`crate::shard`]); `jeugdsim merge` folds the
//! shards, in replication order, through the same code as the unsharded command and
//! writes exactly its files.

use crate::analysis::SensitivityPlan;
use crate::error::{Error, Result};
use crate::report::{CsvStyle, lang::Lang};
use crate::results::folder::FileEntry;
use crate::run::shard::{self, ScenarioText, Shard, ShardInfo, ShardOptions, ShardWriter};
use crate::run::{self, RunOptions};
use crate::scenario::Source;
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
/// beside it, then `shard.json` with their sizes and hashes, then renamed into place. An
/// existing folder is replaced only when its `shard.json` lists every file in it.
fn publish(
    dir: &Path,
    mut info: ShardInfo,
    write: impl FnOnce(&Path) -> Result<Vec<FileEntry>>,
) -> Result<ShardInfo> {
    crate::results::folder::publish_folder(dir, &shard::SHARD_FOLDER, |tmp| {
        info.files = write(tmp)?;
        let json = serde_json::to_vec_pretty(&info).expect("a shard manifest serializes");
        crate::results::folder::write_atomic(&tmp.join(shard::SHARD_JSON), &json)
    })?;
    Ok(info)
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
        files: Vec::new(),
    }
}

/// Simulates the run's passes for `range` into one file each in `folder`.
fn write_run_passes(
    plan: &RunPlan,
    range: std::ops::Range<u32>,
    folder: &Path,
) -> Result<Vec<FileEntry>> {
    plan.passes()
        .iter()
        .map(|pass| {
            let mut writer = ShardWriter::create(&folder.join(shard::pass_file(pass.name)))?;
            plan.simulate(pass, range.clone(), &mut writer)?;
            writer.finish()
        })
        .collect()
}

/// Simulates `range` with `simulate` into the one file of replications in `folder`.
fn write_pass(
    folder: &Path,
    simulate: impl FnOnce(&mut ShardWriter) -> Result<()>,
) -> Result<Vec<FileEntry>> {
    let mut writer = ShardWriter::create(&folder.join(shard::pass_file("replications")))?;
    simulate(&mut writer)?;
    Ok(vec![writer.finish()?])
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
    let info = publish(&dir, info, |tmp| {
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
    let info = publish(&dir, info, |tmp| {
        write_pass(tmp, |w| plan.simulate(range.clone(), w))
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
    let info = publish(&dir, info, |tmp| {
        write_pass(tmp, |w| setup.simulate(range.clone(), w))
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
    let info = publish(&dir, info, |tmp| {
        (0..plan.params.len())
            .map(|i| {
                let file = shard::pass_file(&format!("parameter-{i}"));
                let mut writer = ShardWriter::create(&tmp.join(file))?;
                plan.simulate(i, range.clone(), &mut writer)?;
                writer.finish()
            })
            .collect()
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

    /// Feeds every shard's replications of pass `pass` to `fold`, in replication order.
    /// `simulate` simulates a range of that pass's replications again: the first one
    /// recorded must be what this jeugdsim simulates from the recorded scenario, byte for
    /// byte, or the shards were not made from it (an edited manifest, another build).
    fn replay(
        &self,
        pass: &str,
        fold: &mut dyn run::Fold,
        simulate: impl FnOnce(std::ops::Range<u32>, &mut dyn run::Fold) -> Result<()>,
    ) -> Result<()> {
        let mut check = SpotCheck {
            expected: None,
            inner: fold,
        };
        if let Some((dir, s)) = self.shards.iter().find(|(_, s)| s.from < s.to) {
            let mut again = Capture(None);
            simulate(s.from..s.from + 1, &mut again)?;
            let Some(outs) = again.0 else {
                return Err(Error::Results(format!(
                    "{}: replication {} could not be simulated again",
                    dir.display(),
                    s.from
                )));
            };
            check.expected = Some((s.from, encode(s.from, &outs)?, dir.clone()));
        }
        for (dir, s) in &self.shards {
            let entry = s.file(pass).ok_or_else(|| {
                Error::Results(format!(
                    "{}: shard.json records no {}",
                    dir.display(),
                    shard::pass_file(pass)
                ))
            })?;
            shard::replay(
                &dir.join(shard::pass_file(pass)),
                entry,
                s.from..s.to,
                &mut check,
            )?;
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

/// Keeps the outputs of the one replication it is given.
struct Capture(Option<Vec<run::RepOut>>);

impl run::Fold for Capture {
    fn push(&mut self, _rep: u32, outs: Vec<run::RepOut>) -> Result<()> {
        self.0 = Some(outs);
        Ok(())
    }
}

/// A replication's outputs as a shard stores them, to compare bytes (NaN included).
fn encode(rep: u32, outs: &[run::RepOut]) -> Result<Vec<u8>> {
    postcard::to_stdvec(&(rep, outs))
        .map_err(|e| Error::Output(format!("cannot encode replication {rep}: {e}")))
}

/// Passes replications on to `inner`, after checking that the one simulated again is the
/// one recorded.
struct SpotCheck<'a> {
    expected: Option<(u32, Vec<u8>, PathBuf)>,
    inner: &'a mut dyn run::Fold,
}

impl run::Fold for SpotCheck<'_> {
    fn push(&mut self, rep: u32, outs: Vec<run::RepOut>) -> Result<()> {
        if let Some((r, bytes, dir)) = &self.expected
            && *r == rep
            && encode(rep, &outs)? != *bytes
        {
            return Err(Error::Results(format!(
                "{}: replication {rep} is not what this jeugdsim simulates from the scenario \
                 in shard.json (simulated again for this check): the shards were altered, \
                 or made from another scenario text or build; rerun them",
                dir.display()
            )));
        }
        self.inner.push(rep, outs)
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
            // The merge simulates one replication again, whatever the whole run's size.
            allow_long_run: true,
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
                let mut fold = run::RunFold::new(&pass.model);
                set.replay(pass.name, &mut fold, |r, f| plan.simulate(&pass, r, f))?;
                results.push(fold.finish());
            }
            let run = plan.finish(results)?;
            let dir = out.map_or_else(|| workflow::default_dir(&run.model, ""), Path::to_path_buf);
            run.write(&set.output(&dir))
        }
        "compare" => {
            let plan = ComparePlan::new(set.sources(), &set.opts)?;
            let mut fold = run::CompareFold::new(&plan.models)?;
            set.replay("replications", &mut fold, |r, f| plan.simulate(r, f))?;
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
            let mut fold = run::CompareFold::new(&setup.models)?;
            set.replay("replications", &mut fold, |r, f| setup.simulate(r, f))?;
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
                let pass = format!("parameter-{i}");
                set.replay(&pass, &mut fold, |r, f| plan.simulate(i, r, f))?;
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
