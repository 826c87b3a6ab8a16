//! The commands, one file each: what `main.rs` dispatches to. A simulating command is a
//! [`plan::Plan`] — what it simulates, how its replications fold and what it writes — and
//! a whole run, a shard and a merge of shards are each one generic function over it
//! ([`plan::whole`], [`plan::shard`], [`plan::merge`]).

pub mod cli;
pub mod compare;
pub mod optimise;
pub mod plan;
pub mod region;
pub mod run;
pub mod sensitivity;
pub mod shards;
pub mod sweep;
pub mod tools;

use crate::error::{Error, Result};
use crate::model::Model;
use crate::report::format::{Format, Outcome};
use crate::report::{self, CsvStyle, Provenance, lang::Lang};
use crate::results::folder;
use cli::{Command, RunArgs};
use plan::{Done, Plan};
use std::path::{Path, PathBuf};

/// Where a simulating command writes, in which formats and styles.
#[derive(Debug, Clone)]
pub struct Output<'a> {
    pub dir: &'a Path,
    pub csv_style: CsvStyle,
    /// The language of report.html and results.xlsx.
    pub lang: Lang,
    /// The formats, in file order: JSON and CSV always, then those asked for.
    pub formats: Vec<Format>,
}

impl Output<'_> {
    /// The formats of JSON and CSV and, when asked for, the workbook and the page.
    pub fn formats(xlsx: bool, html: bool) -> Vec<Format> {
        let mut formats = vec![Format::Json, Format::Csv];
        if xlsx {
            formats.push(Format::Xlsx);
        }
        if html {
            formats.push(Format::Html);
        }
        formats
    }

    pub fn has(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }
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
        budget_by_year: model.budgets_by_year().into_iter().flatten().collect(),
        overview: report::overview(model),
    }
}

/// The default output folder: `results/<scenario name><suffix>`.
pub fn default_dir(model: &Model, suffix: &str) -> PathBuf {
    // One folder inside `results/`, whatever a variant name in the suffix holds.
    let name = crate::check::plain_name(&format!("{}{suffix}", model.name));
    PathBuf::from("results").join(name)
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

/// Writes `outcome` in every format of `out` as the results folder of `command`, with its
/// manifest.
fn write(
    out: &Output<'_>,
    command: &str,
    provenance: Vec<&Provenance>,
    outcome: &Outcome<'_>,
) -> Result<Vec<PathBuf>> {
    let run = folder::Run {
        command,
        provenance,
    };
    let style = (out.csv_style, out.lang);
    report::write_all(out.dir, outcome, &out.formats, style, &run)
}

/// The binary starts the server itself (`jeugdsim::serve`): the web application runs these
/// commands, so they cannot run it.
const SERVE: &str = "`serve` is started by the jeugdsim binary, not by commands::execute";

/// `jeugdsim optimise`: sizes the markets and writes the search.
fn optimise_command(
    file: &Path,
    target: &[String],
    quantile: f64,
    variant: Option<&str>,
    args: &RunArgs,
) -> Result<()> {
    no_xlsx(args, "optimise")?;
    no_shard(args, "optimise")?;
    warn(&[file], args.strict)?;
    let started = std::time::Instant::now();
    let op = optimise::optimise_file(file, target, quantile, variant, &args.options())?;
    let dir = default_dir(&op.model, "-optimise");
    finish(&op, started, args, &dir)
}

/// Carries out a command of the command line.
pub fn execute(command: Command) -> Result<()> {
    match command {
        Command::Run { file, psa, args } => {
            let arguments = plan::Arguments {
                psa,
                values: Vec::new(),
            };
            simulate::<run::RunPlan>(&[&file], &arguments, &args)
        }
        Command::Compare { files, args } => {
            let files: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
            simulate::<compare::ComparePlan>(&files, &plan::Arguments::default(), &args)
        }
        Command::Sweep {
            file,
            set,
            target,
            args,
        } => {
            no_xlsx(&args, "sweep")?;
            let arguments = sweep::arguments(set.as_deref(), target.as_deref());
            simulate::<sweep::SweepPlan>(&[&file], &arguments, &args)
        }
        Command::Sensitivity {
            file,
            metric,
            variant,
            full,
            args,
        } => {
            no_xlsx(&args, "sensitivity")?;
            let arguments = sensitivity::arguments(&metric, variant.as_deref(), full);
            simulate::<sensitivity::SensitivityPlan>(&[&file], &arguments, &args)
        }
        Command::Optimise {
            file,
            target,
            quantile,
            variant,
            args,
        } => optimise_command(&file, &target, quantile, variant.as_deref(), &args),
        Command::Init {
            name,
            dir,
            from: Some(data),
        } => region::init_command(&name, &dir, &data),
        Command::Template { dir } => region::template(&dir),
        Command::Backcast {
            file,
            data,
            tolerance,
            args,
        } => region::backcast(&file, &data, tolerance, &args),
        Command::Init { name, dir, .. } => {
            let file = tools::init(&name, &dir)?;
            println!(
                "wrote {}: one municipality, two sub-segments. Edit it (fields: docs/scenario.md), then\n  jeugdsim run {}",
                file.display(),
                file.display()
            );
            Ok(())
        }
        Command::Validate { file, strict } => {
            let verdict = tools::validate(&file)?;
            warn(&[&file], strict)?;
            println!("{verdict}");
            Ok(())
        }
        Command::Merge { dirs, out } => {
            let written = plan::merge(&dirs, out.as_deref())?;
            print_written(&written, crate::report::lang::Lang::En);
            Ok(())
        }
        Command::Shards {
            action: cli::ShardsAction::Status { dirs, missing },
        } => shards::status(&dirs, missing),
        Command::Metrics { file } => {
            print!("{}", tools::metrics(file.as_deref())?);
            Ok(())
        }
        Command::Paths { file } => {
            print!("{}", tools::paths(&file)?);
            Ok(())
        }
        Command::Serve(_) => Err(Error::Usage(SERVE.into())),
        Command::Report { dir, lang } => {
            let file = report::html::report(&dir, lang)?;
            println!("wrote {}", file.display());
            Ok(())
        }
    }
}

/// A simulating command: warnings first, then one shard or the whole plan, written and
/// printed.
fn simulate<P: Plan>(files: &[&Path], arguments: &plan::Arguments, args: &RunArgs) -> Result<()> {
    warn(files, args.strict)?;
    let sources = files
        .iter()
        .map(|f| crate::scenario::Source::read(f))
        .collect::<Result<Vec<_>>>()?;
    let opts = args.options();
    if args.shard.is_some() || args.extend_from.is_some() {
        // Extending a run writes a shard folder: one, unless --shard spreads it.
        let shard = match args.shard.as_deref() {
            Some(s) => crate::run::shard::Shard::parse(s)?,
            None => crate::run::shard::Shard { k: 1, n: 1 },
        };
        let plan = P::new(sources, arguments, &opts)?;
        let command_line: Vec<String> = std::env::args().skip(1).collect();
        let spec = plan::ShardSpec {
            shard,
            first: args.extend_from.unwrap_or(0),
            command_line: &command_line,
        };
        let written = plan::shard(
            &plan,
            &opts,
            &spec,
            args.out.as_deref(),
            &args.output(Path::new("")),
        )?;
        if !args.quiet {
            let i = &written.info;
            let merge = if i.first > 0 && i.shard.n == 1 {
                format!(
                    "merge it with the shards of the run of {} it extends: jeugdsim merge THEIR-DIRS... {} --out DIR",
                    i.first,
                    written.dir.display()
                )
            } else if i.first > 0 {
                format!(
                    "merge all {} shards of this extension with the shards of the run of {} it extends: jeugdsim merge DIR... --out DIR",
                    i.shard.n, i.first
                )
            } else {
                format!(
                    "merge all {} shards with: jeugdsim merge DIR... --out DIR",
                    i.shard.n
                )
            };
            println!(
                "wrote shard {}/{} (replications {}..{} of {}) to {}\n{merge}",
                i.shard.k,
                i.shard.n,
                i.from,
                i.to,
                i.total,
                written.dir.display(),
            );
        }
        return Ok(());
    }
    let started = std::time::Instant::now();
    let plan = P::new(sources, arguments, &opts)?;
    let dir = plan::folder_of(&plan);
    let done = plan::whole(plan)?;
    finish(&done, started, args, &dir)
}

/// Writes the outcome of a command started at `started`, prints its notes on stderr and,
/// unless `--quiet`, its console text and the files written.
fn finish(done: &impl Done, started: std::time::Instant, args: &RunArgs, dir: &Path) -> Result<()> {
    let seconds = started.elapsed().as_secs_f64();
    let written = done.write(&args.output(dir))?;
    let (text, notes) = done.console(seconds, args.lang);
    for note in notes {
        if note.starts_with("warning: ") {
            eprintln!("{note}");
        } else {
            eprintln!("note: {note}");
        }
    }
    if !args.quiet {
        print!("{text}");
        print_written(&written, args.lang);
    }
    Ok(())
}

/// `--xlsx` is the workbook of a run or a comparison; other commands say so at once.
fn no_xlsx(args: &RunArgs, command: &str) -> Result<()> {
    if args.output(Path::new("")).has(Format::Xlsx) {
        return Err(Error::Usage(format!(
            "--xlsx writes the workbook of `run` and `compare`; `{command}` writes its results as JSON and CSV"
        )));
    }
    Ok(())
}

/// `--shard` splits run, compare, sweep and sensitivity; other commands say so at once.
fn no_shard(args: &RunArgs, command: &str) -> Result<()> {
    if args.shard.is_some() || args.extend_from.is_some() {
        return Err(Error::Usage(format!(
            "--shard and --extend-from split `run`, `compare`, `sweep` and `sensitivity`; `{command}` is a sequential search, not sharded (docs/scale-out.md)"
        )));
    }
    Ok(())
}

/// Prints the warnings of the scenario(s) in `files`; under `--strict` they are errors.
fn warn(files: &[&Path], strict: bool) -> Result<()> {
    let warnings = tools::warnings(files)?;
    if strict && !warnings.is_empty() {
        return Err(Error::Strict(warnings));
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn print_written(files: &[PathBuf], lang: crate::report::lang::Lang) {
    println!();
    for f in files {
        println!("{} {}", lang.text("console.wrote"), f.display());
    }
}
