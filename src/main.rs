//! The `jeugdsim` command line: parses arguments, calls the library ([`jeugdsim::workflow`]),
//! prints, and maps errors to exit codes (2: the scenario or the arguments are wrong;
//! 1: anything else, such as a file that cannot be read or written).

use clap::{Parser, Subcommand};
use jeugdsim::Error;
use jeugdsim::report;
use jeugdsim::run::RunOptions;
use jeugdsim::workflow::{self, Output};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "jeugdsim",
    version,
    about = "Monte Carlo simulation of a youth care region under its procurement model"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a scenario and write summary.json, summary.csv, monthly.csv, activations.csv,
    /// municipalities.csv and providers.csv.
    Run {
        /// Scenario file (.ron).
        file: PathBuf,
        /// Probabilistic sensitivity analysis: each replication draws every `uncertain`
        /// parameter between its low and high value, so the bands include parameter
        /// uncertainty.
        #[arg(long)]
        psa: bool,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Write report.html, a self-contained page with charts, for the results of a run.
    Report {
        /// A folder written by `jeugdsim run`, `compare`, `sweep`, `sensitivity` or
        /// `optimise` (either CSV style).
        dir: PathBuf,
        /// Language of the page.
        #[arg(long, value_enum, default_value_t = report::lang::Lang::En)]
        lang: report::lang::Lang,
    },
    /// Run a scenario's variants (or two scenario files) on the same children and report
    /// paired differences from the first.
    Compare {
        /// One scenario with `variants`, or two scenario files.
        #[arg(num_args = 1..=2, required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Run a scenario for each value of a numeric field (e.g. a provider count), on the same
    /// children, and report the smallest value that meets a target.
    Sweep {
        /// Scenario file (.ron); its `sweep` block gives defaults for --set and --target.
        file: PathBuf,
        /// PATH=A..B or PATH=A..B:STEP, e.g.
        /// "segments[IAJ].sub_segments[behandeling].providers.count=12..20".
        #[arg(long)]
        set: Option<String>,
        /// E.g. "mean_wait_months<=1.0": met when 95% of replications meet it.
        #[arg(long)]
        target: Option<String>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Run each `uncertain` parameter at its low and high value on the same children and
    /// rank the parameters by their effect on a metric (a tornado).
    Sensitivity {
        /// Scenario file (.ron) with an `uncertain` block.
        file: PathBuf,
        /// The metric to rank by.
        #[arg(long, default_value = "total_cost")]
        metric: String,
        /// Rank by the verdict instead: the metric in this variant minus the baseline (the
        /// first variant), e.g. `--variant lumpsum`.
        #[arg(long)]
        variant: Option<String>,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Find the smallest number of providers for every sub-segment with a min/max such that
    /// a target holds (greedy marginal analysis on common random numbers).
    Optimise {
        /// Scenario file (.ron) with `market: (min, max)` in some sub-segments.
        file: PathBuf,
        /// E.g. "mean_wait_months<=1.5".
        #[arg(long)]
        target: String,
        /// Share of replications in which the target must hold.
        #[arg(long, default_value_t = 0.95)]
        quantile: f64,
        #[command(flatten)]
        args: RunArgs,
    },
    /// Write a commented starter scenario NAME.ron that validates and runs.
    Init {
        /// Scenario name; the file is NAME.ron in the current folder (or --dir).
        name: String,
        /// Folder to write it in.
        #[arg(long, default_value = ".")]
        dir: PathBuf,
    },
    /// List every metric with its unit and meaning; with a scenario, exactly the names its
    /// runs write (per segment and sub-segment).
    Metrics {
        /// Scenario file (.ron), optional.
        file: Option<PathBuf>,
    },
    /// List the settable paths of a scenario with their current values: what `variants`,
    /// `sweep --set` and `uncertain` can name.
    Paths {
        /// Scenario file (.ron).
        file: PathBuf,
    },
    /// Join the shard folders of one `run` or `compare` (written with --shard K/N, in any
    /// order) into exactly the files the unsharded command writes.
    Merge {
        /// The shard folders, all N of them.
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Output folder (default: the command's own, e.g. results/<scenario name>/).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Check a scenario and list every problem with its line and column.
    Validate {
        /// Scenario file (.ron).
        file: PathBuf,
        /// Treat warnings (values allowed but probably not meant) as errors.
        #[arg(long)]
        strict: bool,
    },
}

/// Flags shared by the commands that simulate.
#[derive(clap::Args)]
struct RunArgs {
    /// Number of replications (overrides the scenario).
    #[arg(long)]
    replications: Option<u32>,
    /// Random seed (overrides the scenario).
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long)]
    threads: Option<usize>,
    /// Output folder (default: results/<scenario name>/, or results/<name>-compare/).
    #[arg(long)]
    out: Option<PathBuf>,
    /// No progress bar and no table.
    #[arg(long)]
    quiet: bool,
    /// Also write report.html, a self-contained page with charts, in the output folder.
    #[arg(long)]
    report: bool,
    /// CSV for scripts (plain) or for Dutch Excel (nl: semicolons, decimal comma, BOM).
    #[arg(long, value_enum, default_value_t = report::CsvStyle::Plain)]
    csv_style: report::CsvStyle,
    /// Language of the console tables, report.html and the Excel workbook (CSV and JSON
    /// keep their English names for scripts).
    #[arg(long, value_enum, default_value_t = report::lang::Lang::En)]
    lang: report::lang::Lang,
    /// Also write results.xlsx, an Excel workbook with labelled, formatted sheets (run and
    /// compare).
    #[arg(long)]
    xlsx: bool,
    /// Leave out the scenario's world drivers (demand trend, indexation, trajectory length
    /// drawn per replication): chance only.
    #[arg(long)]
    chance_only: bool,
    /// Treat warnings (values allowed but probably not meant) as errors.
    #[arg(long)]
    strict: bool,
    /// Run even when the estimated work (replications × youth-months) is above the limit.
    #[arg(long)]
    allow_long_run: bool,
    /// Simulate only shard K of N (a contiguous range of the replications) and write its
    /// replications to a shard folder; `jeugdsim merge` joins the N folders into the
    /// results of the whole run (run and compare; see docs/scale-out.md).
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
}

impl RunArgs {
    /// `--xlsx` is the workbook of a run or a comparison; other commands say so at once.
    fn no_xlsx(&self, command: &str) -> jeugdsim::Result<()> {
        if self.xlsx {
            return Err(Error::Usage(format!(
                "--xlsx writes the workbook of `run` and `compare`; `{command}` writes its results as JSON and CSV"
            )));
        }
        Ok(())
    }

    /// `--shard` splits run, compare and sweep; other commands say so at once.
    fn no_shard(&self, command: &str) -> jeugdsim::Result<()> {
        if self.shard.is_some() {
            return Err(Error::Usage(format!(
                "--shard splits `run`, `compare`, `sweep` and `sensitivity`; `{command}` is a sequential search, not sharded (docs/scale-out.md)"
            )));
        }
        Ok(())
    }

    fn shard(&self) -> jeugdsim::Result<Option<jeugdsim::run::shard::Shard>> {
        self.shard
            .as_deref()
            .map(jeugdsim::run::shard::Shard::parse)
            .transpose()
    }

    fn options(&self) -> RunOptions {
        RunOptions {
            replications: self.replications,
            seed: self.seed,
            threads: self.threads,
            progress: !self.quiet && std::io::stderr().is_terminal(),
            chance_only: self.chance_only,
            allow_long_run: self.allow_long_run,
            // A shard in a batch job has no terminal: a line per chunk instead of a bar.
            progress_log: self.shard.is_some() && !self.quiet && !std::io::stderr().is_terminal(),
        }
    }

    /// Prints the warnings of the scenario(s) in `files`; under `--strict` they are errors.
    fn warn(&self, files: &[&Path]) -> jeugdsim::Result<()> {
        report_warnings(workflow::warnings(files)?, self.strict)
    }
}

impl RunArgs {
    fn output<'a>(&'a self, default: &'a Path) -> Output<'a> {
        Output {
            dir: self.out.as_deref().unwrap_or(default),
            csv_style: self.csv_style,
            report: self.report,
            lang: self.lang,
            xlsx: self.xlsx,
        }
    }
}

fn report_warnings(warnings: Vec<String>, strict: bool) -> jeugdsim::Result<()> {
    if strict && !warnings.is_empty() {
        return Err(Error::Strict(warnings));
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn print_written(files: &[PathBuf]) {
    println!();
    for f in files {
        println!("wrote {}", f.display());
    }
}

/// `jeugdsim run … | head` closes the pipe early: end quietly, as Unix tools do, instead of
/// panicking on the next print. Results are written before anything is printed.
#[cfg(unix)]
fn quiet_broken_pipe() {
    // SAFETY: restoring the default disposition of one signal at start-up, before any
    // thread exists, is the documented use of signal(2).
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_broken_pipe() {}

fn main() -> ExitCode {
    quiet_broken_pipe();
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// A shard written: where, and what to do next.
fn shard_done(args: &RunArgs, written: &jeugdsim::sharding::ShardWritten) -> jeugdsim::Result<()> {
    if args.quiet {
        return Ok(());
    }
    let i = &written.info;
    println!(
        "wrote shard {}/{} (replications {}..{} of {}) to {}\nmerge all {} shards with: jeugdsim merge DIR... --out DIR",
        i.shard.k,
        i.shard.n,
        i.from,
        i.to,
        i.total,
        written.dir.display(),
        i.shard.n
    );
    Ok(())
}

/// `jeugdsim run`: simulate, write, then print the headline, the table and the budget risk.
fn run(file: &Path, psa: bool, args: &RunArgs) -> jeugdsim::Result<()> {
    args.warn(&[file])?;
    if let Some(s) = args.shard()? {
        let written = jeugdsim::sharding::run_shard(
            file,
            psa,
            &args.options(),
            s,
            args.out.as_deref(),
            &args.output(Path::new("")),
        )?;
        return shard_done(args, &written);
    }
    let started = std::time::Instant::now();
    let run = workflow::run(file, psa, &args.options())?;
    let seconds = started.elapsed().as_secs_f64();
    let files = run.write(&args.output(&workflow::default_dir(&run.model, "")))?;
    if let Some(note) = run.variants_note() {
        eprintln!("note: {note}");
    }
    if let Some(note) = &run.psa_note {
        eprintln!("note: {note}");
    }
    if !args.quiet {
        println!("{}\n", run.headline(seconds, args.lang));
        let summary = &run.result.summary;
        print!(
            "{}",
            report::table::render(summary, run.model.horizon, args.lang)
        );
        if let Some(budget) = report::table::budget_sentence(summary, args.lang) {
            println!("\nBudget: {budget}");
        }
        print_written(&files);
    }
    Ok(())
}

/// `jeugdsim sweep`: a whole sweep, or one shard of it.
fn sweep(
    file: &Path,
    set: Option<&str>,
    target: Option<&str>,
    args: &RunArgs,
) -> jeugdsim::Result<()> {
    args.no_xlsx("sweep")?;
    args.warn(&[file])?;
    if let Some(s) = args.shard()? {
        let written = jeugdsim::sharding::sweep_shard(
            file,
            set,
            target,
            &args.options(),
            s,
            args.out.as_deref(),
            &args.output(Path::new("")),
        )?;
        return shard_done(args, &written);
    }
    let sw = workflow::sweep(file, set, target, &args.options())?;
    let base = &sw.models[0].1;
    let written = sw.write(&args.output(&workflow::default_dir(base, "-sweep")))?;
    if !args.quiet {
        println!("{}\n", sw.headline());
        print!("{}", report::sweep::render(&sw.results()));
        print_written(&written);
    }
    Ok(())
}

/// `jeugdsim sensitivity`: a whole tornado, or one shard of it.
fn sensitivity(
    file: &Path,
    metric: &str,
    variant: Option<&str>,
    args: &RunArgs,
) -> jeugdsim::Result<()> {
    args.no_xlsx("sensitivity")?;
    args.warn(&[file])?;
    if let Some(s) = args.shard()? {
        let written = jeugdsim::sharding::sensitivity_shard(
            file,
            metric,
            variant,
            &args.options(),
            s,
            args.out.as_deref(),
            &args.output(Path::new("")),
        )?;
        return shard_done(args, &written);
    }
    let started = std::time::Instant::now();
    let sa = workflow::sensitivity(file, metric, variant, &args.options())?;
    let seconds = started.elapsed().as_secs_f64();
    let suffix = workflow::Sensitivity::suffix(variant);
    let written = sa.write(&args.output(&workflow::default_dir(&sa.model, &suffix)))?;
    if !args.quiet {
        println!("{}\n", sa.headline(seconds));
        print!("{}", report::sensitivity::render(&sa.results()));
        for note in sa.notes() {
            println!("\nnote: {note}");
        }
        print_written(&written);
    }
    Ok(())
}

fn execute(command: Command) -> jeugdsim::Result<()> {
    match command {
        Command::Run { file, psa, args } => run(&file, psa, &args)?,
        Command::Compare { files, args } => {
            let paths: Vec<&Path> = files.iter().map(|f| f.as_path()).collect();
            args.warn(&paths)?;
            if let Some(s) = args.shard()? {
                let written = jeugdsim::sharding::compare_shard(
                    &paths,
                    &args.options(),
                    s,
                    args.out.as_deref(),
                    &args.output(Path::new("")),
                )?;
                return shard_done(&args, &written);
            }
            let started = std::time::Instant::now();
            let cmp = workflow::compare(&paths, &args.options())?;
            let seconds = started.elapsed().as_secs_f64();
            let base = &cmp.models[0].1;
            let written = cmp.write(&args.output(&workflow::default_dir(base, "-compare")))?;
            if !args.quiet {
                println!("{}\n", cmp.headline(seconds, args.lang));
                print!(
                    "{}",
                    report::comparison::render(&cmp.comparison, base.horizon, args.lang)
                );
                print_written(&written);
            }
        }
        Command::Sweep {
            file,
            set,
            target,
            args,
        } => sweep(&file, set.as_deref(), target.as_deref(), &args)?,
        Command::Sensitivity {
            file,
            metric,
            variant,
            args,
        } => sensitivity(&file, &metric, variant.as_deref(), &args)?,
        Command::Optimise {
            file,
            target,
            quantile,
            args,
        } => {
            args.no_xlsx("optimise")?;
            args.no_shard("optimise")?;
            args.warn(&[&file])?;
            let started = std::time::Instant::now();
            let op = workflow::optimise(&file, &target, quantile, &args.options())?;
            let seconds = started.elapsed().as_secs_f64();
            let written = op.write(&args.output(&workflow::default_dir(&op.model, "-optimise")))?;
            if !args.quiet {
                println!(
                    "{} replications per candidate (common random numbers), {seconds:.1} s\n",
                    op.model.replications
                );
                print!("{}", report::optimise::render(&op.optimum));
                print_written(&written);
            }
        }
        Command::Init { name, dir } => {
            let file = workflow::init(&name, &dir)?;
            println!(
                "wrote {}: one municipality, two sub-segments. Edit it (fields: docs/scenario.md), then\n  jeugdsim run {}",
                file.display(),
                file.display()
            );
        }
        Command::Validate { file, strict } => {
            let verdict = workflow::validate(&file)?;
            report_warnings(workflow::warnings(&[&file])?, strict)?;
            println!("{verdict}");
        }
        Command::Merge { dirs, out } => {
            let written = jeugdsim::sharding::merge(&dirs, out.as_deref())?;
            print_written(&written);
        }
        Command::Metrics { file } => print!("{}", workflow::metrics(file.as_deref())?),
        Command::Paths { file } => print!("{}", workflow::paths(&file)?),
        Command::Report { dir, lang } => {
            let file = report::html::report(&dir, lang)?;
            println!("wrote {}", file.display());
        }
    }
    Ok(())
}
