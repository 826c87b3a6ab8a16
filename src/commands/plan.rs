//! One plan per simulating command, and the three ways to carry one out: a whole run
//! ([`whole`]), one shard of its replications ([`shard`], docs/scale-out.md) and the merge
//! of all shards ([`merge`]). Each is one generic function over [`Plan`]: a command says
//! what it simulates, how its replications fold and what it writes; how replications are
//! split over machines and joined again is written once, here.

use super::{Output, default_dir};
use crate::error::{Error, Result};
use crate::report::format::Format;
use crate::report::{CsvStyle, lang::Lang};
use crate::results::folder::FileEntry;
use crate::run::shard::{self, ScenarioText, Shard, ShardInfo, ShardOptions, ShardWriter};
use crate::run::{Fold, RepOut, RunOptions};
use crate::scenario::Source;
use clap::ValueEnum;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// What a command's own arguments resolved to, as a shard records them so that a merge
/// can rebuild the plan: `--psa` (a run's), and the command's values in order (a sweep's
/// `--set` and `--target`, a sensitivity analysis's `--metric` and `--variant`).
#[derive(Debug, Clone, Default)]
pub struct Arguments {
    pub psa: bool,
    pub values: Vec<String>,
}

/// What a simulating command runs: its scenario(s), its passes of replications (each one
/// file of a shard), how each pass folds, and the outcome it makes of the folds.
pub trait Plan: Sized {
    /// The command's name in manifests and shard files.
    const COMMAND: &'static str;
    /// Folds one pass's replications.
    type Fold: Fold;
    /// The outcome: what the command writes and prints.
    type Done: Done;

    /// The plan of `sources` with the command's `arguments` and the run options.
    fn new(sources: Vec<Source>, arguments: &Arguments, opts: &RunOptions) -> Result<Self>;
    /// The arguments as resolved (for a shard to record).
    fn arguments(&self) -> Arguments;
    /// The scenario files as read.
    fn sources(&self) -> &[Source];
    /// The model that names the results folder and gives the replications and seed.
    fn base(&self) -> &crate::model::Model;
    /// The default results folder's suffix after the scenario name (`-compare`).
    fn suffix(&self) -> String;
    /// The replications every pass takes.
    fn replications(&self) -> u32 {
        self.base().replications
    }
    /// The passes, by the name of their file of replications in a shard.
    fn passes(&self) -> Vec<String>;
    /// An empty fold for pass `pass`, given the folds of the passes before it, complete
    /// (a pass may need no more replications than its precision beside theirs needs).
    fn fold(&self, pass: usize, earlier: &[Self::Fold]) -> Result<Self::Fold>;
    /// Simulates the replications `range` of pass `pass` into `fold`, in order.
    fn simulate(&self, pass: usize, range: Range<u32>, fold: &mut dyn Fold) -> Result<()>;
    /// The outcome from every pass's fold, in pass order.
    fn finish(self, folds: Vec<Self::Fold>) -> Result<Self::Done>;
}

/// A command's outcome: its files, and what it prints.
pub trait Done {
    /// Writes the results folder; returns the files written.
    fn write(&self, out: &Output<'_>) -> Result<Vec<PathBuf>>;
    /// The console text after a run that took `seconds` (the headline and tables), and
    /// notes for stderr.
    fn console(&self, seconds: f64, lang: Lang) -> (String, Vec<String>);
}

/// The default results folder of `plan`: `results/<name><suffix>`.
pub fn folder_of<P: Plan>(plan: &P) -> PathBuf {
    default_dir(plan.base(), &plan.suffix())
}

/// Simulates every replication of every pass and returns the outcome.
pub fn whole<P: Plan>(plan: P) -> Result<P::Done> {
    let reps = plan.replications();
    let mut folds = Vec::new();
    for i in 0..plan.passes().len() {
        let mut fold = plan.fold(i, &folds)?;
        plan.simulate(i, 0..reps, &mut fold)?;
        folds.push(fold);
    }
    plan.finish(folds)
}

/// A shard written: where, and which replications.
pub struct ShardWritten {
    pub dir: PathBuf,
    pub info: ShardInfo,
}

/// Where a shard comes from: its place, the replications its N shards share out, and the
/// command line that asked for it.
pub struct ShardSpec<'a> {
    pub shard: Shard,
    /// 0, or the replications of the finished run the shards extend (`--extend-from`).
    pub first: u32,
    pub command_line: &'a [String],
}

/// Simulates only shard `spec`'s replications of every pass and writes them to a shard
/// folder (`out`, default `results/<name><suffix>-shard-K-of-N`, with `-from-F` for the
/// shards that extend a run of F), with what a merge needs.
pub fn shard<P: Plan>(
    plan: &P,
    opts: &RunOptions,
    spec: &ShardSpec<'_>,
    out: Option<&Path>,
    output: &Output<'_>,
) -> Result<ShardWritten> {
    let base = plan.base();
    let total = plan.replications();
    let (s, first) = (spec.shard, spec.first);
    if first >= total {
        return Err(Error::Usage(format!(
            "--extend-from {first} adds the replications from {first} up to --replications, \
             which is {total}: ask for more replications than the run being extended has, \
             e.g. --replications {} --extend-from {first}",
            first.saturating_mul(2).max(first.saturating_add(2))
        )));
    }
    let range = s.range(first, total);
    let arguments = plan.arguments();
    let passes = plan.passes();
    let mut info = ShardInfo {
        format_version: shard::FORMAT_VERSION,
        version: crate::VERSION.to_string(),
        command: P::COMMAND.into(),
        shard: s,
        from: range.start,
        to: range.end,
        total,
        first,
        seed: base.seed,
        scenarios: plan
            .sources()
            .iter()
            .map(|s| ScenarioText {
                file: s.file.display().to_string(),
                sha256: s.sha256.clone(),
                text: s.text.clone(),
            })
            .collect(),
        options: options(opts, arguments.psa, output),
        passes: passes.clone(),
        arguments: arguments.values,
        files: Vec::new(),
        command_line: spec.command_line.to_vec(),
    };
    let mut suffix = format!("{}-shard-{}-of-{}", plan.suffix(), s.k, s.n);
    if first > 0 {
        suffix.push_str(&format!("-from-{first}"));
    }
    let dir = out.map_or_else(|| default_dir(base, &suffix), Path::to_path_buf);
    crate::results::folder::publish_folder(&dir, &shard::SHARD_FOLDER, |tmp| {
        // The manifest without files first: `jeugdsim shards status` finds a shard in
        // progress by it.
        let json = serde_json::to_vec_pretty(&info).expect("a shard manifest serializes");
        crate::results::folder::write_atomic(&tmp.join(shard::SHARD_JSON), &json)?;
        info.files = passes
            .iter()
            .enumerate()
            .map(|(i, pass)| {
                let mut writer = ShardWriter::create(&tmp.join(shard::pass_file(pass)))?;
                plan.simulate(i, range.clone(), &mut writer)?;
                writer.finish()
            })
            .collect::<Result<Vec<FileEntry>>>()?;
        let json = serde_json::to_vec_pretty(&info).expect("a shard manifest serializes");
        crate::results::folder::write_atomic(&tmp.join(shard::SHARD_JSON), &json)
    })?;
    Ok(ShardWritten { dir, info })
}

fn value_name(v: &impl ValueEnum) -> String {
    super::cli::value_name(v)
}

/// The options a shard records: those that change results or outputs.
fn options(opts: &RunOptions, psa: bool, out: &Output<'_>) -> ShardOptions {
    ShardOptions {
        replications: opts.replications,
        seed: opts.seed,
        psa,
        chance_only: opts.chance_only,
        csv_style: value_name(&out.csv_style),
        report: out.has(Format::Html),
        lang: value_name(&out.lang),
        xlsx: out.has(Format::Xlsx),
    }
}

/// A checked set of shards and the options they recorded.
struct MergeSet {
    shards: Vec<(PathBuf, ShardInfo)>,
    opts: RunOptions,
    csv_style: CsvStyle,
    lang: Lang,
}

impl MergeSet {
    fn read(dirs: &[PathBuf]) -> Result<MergeSet> {
        let shards = dirs
            .iter()
            .map(|d| Ok((d.clone(), ShardInfo::read(d)?)))
            .collect::<Result<Vec<_>>>()?;
        let shards = shard::check_set(shards)?;
        let o = &shards[0].1.options;
        // Shards that extend a run: the whole is one run of all their replications.
        let total = shards.iter().map(|(_, s)| s.total).max().unwrap_or(0);
        let extended = shards.iter().any(|(_, s)| s.first > 0);
        let parse = |what: &str, v: &str| Error::Usage(format!("shard.json: unknown {what} `{v}`"));
        Ok(MergeSet {
            opts: RunOptions {
                replications: if extended {
                    Some(total)
                } else {
                    o.replications
                },
                seed: o.seed,
                chance_only: o.chance_only,
                // The merge simulates one replication again, whatever the whole run's size.
                allow_long_run: true,
                ..Default::default()
            },
            csv_style: CsvStyle::from_str(&o.csv_style, true)
                .map_err(|_| parse("csv style", &o.csv_style))?,
            lang: Lang::from_str(&o.lang, true).map_err(|_| parse("language", &o.lang))?,
            shards,
        })
    }

    fn info(&self) -> &ShardInfo {
        &self.shards[0].1
    }

    /// The scenarios, as the shards ran them.
    fn sources(&self) -> Vec<Source> {
        self.info()
            .scenarios
            .iter()
            .map(|s| Source::from_text(Path::new(&s.file), s.text.clone()))
            .collect()
    }

    fn arguments(&self) -> Arguments {
        Arguments {
            psa: self.info().options.psa,
            values: self.info().arguments.clone(),
        }
    }

    /// The output the shards' command would have written to `dir`.
    fn output<'a>(&self, dir: &'a Path) -> Output<'a> {
        let o = &self.info().options;
        Output {
            dir,
            csv_style: self.csv_style,
            lang: self.lang,
            formats: Output::formats(o.xlsx, o.report),
        }
    }

    /// Feeds every shard's replications of pass `pass` to `fold`, in replication order.
    /// `simulate` simulates a range of that pass's replications again: the first one
    /// recorded must be what this jeugdsim simulates from the recorded scenario, byte for
    /// byte, or the shards were not made from it (an edited manifest, another build).
    fn replay(
        &self,
        pass: &str,
        fold: &mut dyn Fold,
        simulate: impl FnOnce(Range<u32>, &mut dyn Fold) -> Result<()>,
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
}

/// Keeps the outputs of the one replication it is given.
struct Capture(Option<Vec<RepOut>>);

impl Fold for Capture {
    fn push(&mut self, _rep: u32, outs: Vec<RepOut>) -> Result<()> {
        self.0 = Some(outs);
        Ok(())
    }
}

/// A replication's outputs as a shard stores them, to compare bytes (NaN included).
fn encode(rep: u32, outs: &[RepOut]) -> Result<Vec<u8>> {
    postcard::to_stdvec(&(rep, outs))
        .map_err(|e| Error::Output(format!("cannot encode replication {rep}: {e}")))
}

/// Passes replications on to `inner`, after checking that the one simulated again is the
/// one recorded.
struct SpotCheck<'a> {
    expected: Option<(u32, Vec<u8>, PathBuf)>,
    inner: &'a mut dyn Fold,
}

impl Fold for SpotCheck<'_> {
    fn push(&mut self, rep: u32, outs: Vec<RepOut>) -> Result<()> {
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

/// Folds the shards' replications of every pass through `P`, in order, and writes what
/// the unsharded command writes.
fn merge_as<P: Plan>(set: &MergeSet, out: Option<&Path>) -> Result<Vec<PathBuf>> {
    let plan = P::new(set.sources(), &set.arguments(), &set.opts)?;
    let dir = out.map_or_else(|| folder_of(&plan), Path::to_path_buf);
    let mut folds = Vec::new();
    for (i, pass) in plan.passes().iter().enumerate() {
        let mut fold = plan.fold(i, &folds)?;
        set.replay(pass, &mut fold, |r, f| plan.simulate(i, r, f))?;
        folds.push(fold);
    }
    plan.finish(folds)?.write(&set.output(&dir))
}

/// The commands whose shards merge: each its name and its merge.
type Merge = fn(&MergeSet, Option<&Path>) -> Result<Vec<PathBuf>>;
const MERGES: [(&str, Merge); 4] = [
    (
        super::run::RunPlan::COMMAND,
        merge_as::<super::run::RunPlan>,
    ),
    (
        super::compare::ComparePlan::COMMAND,
        merge_as::<super::compare::ComparePlan>,
    ),
    (
        super::sweep::SweepPlan::COMMAND,
        merge_as::<super::sweep::SweepPlan>,
    ),
    (
        super::sensitivity::SensitivityPlan::COMMAND,
        merge_as::<super::sensitivity::SensitivityPlan>,
    ),
];

/// `jeugdsim merge DIR...`: checks the shards form one whole run, folds their
/// replications in order and writes the unsharded command's files to `out` (default: the
/// command's own default folder); returns the files written.
pub fn merge(dirs: &[PathBuf], out: Option<&Path>) -> Result<Vec<PathBuf>> {
    let set = MergeSet::read(dirs)?;
    let command = set.info().command.as_str();
    let (_, merge) = MERGES
        .iter()
        .find(|(name, _)| *name == command)
        .ok_or_else(|| {
            Error::Usage(format!(
                "{}: shards of `{command}` cannot be merged by this jeugdsim",
                set.shards[0].0.display()
            ))
        })?;
    merge(&set, out)
}
