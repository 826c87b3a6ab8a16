//! The `jeugdsim` command line: parses arguments, calls the library, maps errors to exit
//! codes (1: could not read or write, 2: the scenario or the arguments are wrong).

use clap::{Parser, Subcommand};
use jeugdsim::engine::{self, RunOptions};
use jeugdsim::report::{self, Provenance, Results};
use jeugdsim::{Error, scenario};
use std::io::IsTerminal;
use std::path::PathBuf;
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
    /// Simulate a scenario and write summary.json, summary.csv, monthly.csv and activations.csv.
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
        /// A folder written by `jeugdsim run` (plain CSV style).
        dir: PathBuf,
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
    /// Check a scenario and list every problem with its line and column.
    Validate {
        /// Scenario file (.ron).
        file: PathBuf,
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
}

impl RunArgs {
    fn check(&self) -> jeugdsim::Result<()> {
        if self.report && self.csv_style != report::CsvStyle::Plain {
            return Err(Error::Usage(
                "--report reads the plain CSV files: leave out --csv-style nl".into(),
            ));
        }
        Ok(())
    }

    fn options(&self) -> RunOptions {
        RunOptions {
            replications: self.replications,
            seed: self.seed,
            threads: self.threads,
            progress: !self.quiet && std::io::stderr().is_terminal(),
        }
    }
}

/// Paired runs: every variant takes the first one's replication count and seed, so
/// replication r of each sees the same children. Returns them.
fn pair_runs(models: &mut [(String, jeugdsim::model::Model)]) -> (u32, u64) {
    let (reps, seed) = (models[0].1.replications, models[0].1.seed);
    for (_, m) in models.iter_mut() {
        m.replications = reps;
        m.seed = seed;
    }
    (reps, seed)
}

fn print_written(files: &[PathBuf]) {
    for f in files {
        println!("wrote {}", f.display());
    }
}

/// The starter scenario of `init`: the shipped minimal example.
const STARTER: &str = include_str!("../scenarios/minimal.ron");

fn main() -> ExitCode {
    let cli = Cli::parse();
    match execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            match e {
                Error::Read { .. } | Error::Write { .. } => ExitCode::from(1),
                _ => ExitCode::from(2),
            }
        }
    }
}

fn provenance(
    file: &std::path::Path,
    sha: &str,
    model: &jeugdsim::model::Model,
    reps: u64,
) -> Provenance {
    Provenance {
        scenario: model.name.clone(),
        scenario_file: file.display().to_string(),
        scenario_sha256: sha.to_string(),
        seed: model.seed,
        replications: reps,
        version: jeugdsim::VERSION.to_string(),
        start: model.month_label(0),
        horizon_months: model.horizon,
        warmup_months: model.warmup,
        budget_per_year: model.budget_per_year_cents.map(|c| c as f64 / 100.0),
        overview: report::overview(model),
    }
}

fn execute(command: Command) -> jeugdsim::Result<()> {
    match command {
        Command::Sweep {
            file,
            set,
            target,
            args,
        } => {
            args.check()?;
            let base = scenario::Source::read(&file)?;
            let block = base.parse()?.sweep;
            base.load()?;
            let (path, range) = match (&set, &block) {
                (Some(s), _) => s
                    .split_once('=')
                    .map(|(p, r)| (p.trim().to_string(), r.trim().to_string()))
                    .ok_or_else(|| Error::Usage(format!("--set `{s}`: write PATH=A..B[:STEP]")))?,
                (None, Some(b)) => (b.set.clone(), b.range.clone()),
                (None, None) => {
                    return Err(Error::Usage(
                        "sweep needs --set PATH=A..B[:STEP] or a `sweep` block in the scenario"
                            .into(),
                    ));
                }
            };
            let values = scenario::variants::parse_range(&range)
                .map_err(|m| Error::Usage(format!("sweep range: {m}")))?;
            let target = target
                .or_else(|| block.and_then(|b| b.target))
                .map(|t| report::sweep::Target::parse(&t))
                .transpose()?;
            let opts = args.options();
            let mut models = Vec::new();
            for v in scenario::variants::sweep_sources(&base, &path, &values)? {
                let mut model = v.source.load()?;
                engine::apply_overrides(&mut model, &opts)?;
                models.push((v.name, model));
            }
            let (reps, _) = pair_runs(&mut models);
            let out = args.out.unwrap_or_else(|| {
                PathBuf::from("results").join(format!("{}-sweep", models[0].1.name))
            });
            let comparison = engine::compare(&models, &opts)?;
            let provenance = provenance(&file, &base.sha256, &models[0].1, reps as u64);
            let results = report::sweep::SweepResults {
                provenance: &provenance,
                path: &path,
                values: &values,
                comparison: &comparison,
                target: target.as_ref(),
            };
            let exporters: Vec<Box<dyn report::Exporter<report::sweep::SweepResults<'_>>>> = vec![
                Box::new(report::sweep::SweepJson),
                Box::new(report::sweep::SweepCsv),
            ];
            let mut files = report::write_all(&out, &results, &exporters, args.csv_style)?;
            if args.report {
                files.push(report::html::report(&out)?);
            }
            if !args.quiet {
                println!(
                    "{} = {} ({} values × {} replications, common random numbers)\n",
                    path,
                    range,
                    values.len(),
                    reps
                );
                print!("{}", report::sweep::render(&results));
                println!();
                print_written(&files);
            }
            Ok(())
        }
        Command::Compare { files, args } => {
            args.check()?;
            let paths: Vec<&std::path::Path> = files.iter().map(|f| f.as_path()).collect();
            let variants = scenario::load_variants(&paths)?;
            let opts = args.options();
            let (out, quiet) = (args.out, args.quiet);
            let mut models = Vec::new();
            for (name, _, model) in &variants {
                let mut model = model.clone();
                engine::apply_overrides(&mut model, &opts)?;
                models.push((name.clone(), model));
            }
            // Paired replications: every variant runs the baseline's count and seed.
            let (reps, seed) = pair_runs(&mut models);
            let out = out.unwrap_or_else(|| {
                PathBuf::from("results").join(format!("{}-compare", models[0].1.name))
            });
            let started = std::time::Instant::now();
            let comparison = engine::compare(&models, &opts)?;
            let provenance: Vec<Provenance> = variants
                .iter()
                .zip(&models)
                .map(|((_, source, _), (_, m))| {
                    provenance(&source.file, &source.sha256, m, reps as u64)
                })
                .collect();
            let results = report::comparison::ComparisonResults {
                provenance: &provenance,
                comparison: &comparison,
            };
            let exporters: Vec<
                Box<dyn report::Exporter<report::comparison::ComparisonResults<'_>>>,
            > = vec![
                Box::new(report::comparison::ComparisonJson),
                Box::new(report::comparison::ComparisonCsv),
            ];
            let mut files = report::write_all(&out, &results, &exporters, args.csv_style)?;
            if args.report {
                files.push(report::html::report(&out)?);
            }
            if !quiet {
                println!(
                    "{} variants × {} replications (seed {}, common random numbers), {:.1} s\n",
                    models.len(),
                    reps,
                    seed,
                    started.elapsed().as_secs_f64()
                );
                print!("{}", report::comparison::render(&comparison));
                println!();
                print_written(&files);
            }
            Ok(())
        }
        Command::Sensitivity { file, metric, args } => {
            args.check()?;
            let base = scenario::Source::read(&file)?;
            let opts = args.options();
            let started = std::time::Instant::now();
            let effects = jeugdsim::analysis::sensitivity(&base, &metric, &opts)?;
            let mut model = base.load()?;
            engine::apply_overrides(&mut model, &opts)?;
            let provenance = provenance(&file, &base.sha256, &model, model.replications as u64);
            let results = report::sensitivity::SensitivityResults {
                provenance: &provenance,
                metric: &metric,
                effects: &effects,
            };
            let out = args.out.clone().unwrap_or_else(|| {
                PathBuf::from("results").join(format!("{}-sensitivity", model.name))
            });
            let exporters: Vec<
                Box<dyn report::Exporter<report::sensitivity::SensitivityResults<'_>>>,
            > = vec![
                Box::new(report::sensitivity::SensitivityJson),
                Box::new(report::sensitivity::SensitivityCsv),
            ];
            let mut files = report::write_all(&out, &results, &exporters, args.csv_style)?;
            if args.report {
                files.push(report::html::report(&out)?);
            }
            if !args.quiet {
                println!(
                    "{} parameters × 2 values × {} replications (common random numbers), {:.1} s\n",
                    effects.len(),
                    model.replications,
                    started.elapsed().as_secs_f64()
                );
                print!("{}", report::sensitivity::render(&results));
                println!();
                print_written(&files);
            }
            Ok(())
        }
        Command::Init { name, dir } => {
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_alphanumeric() || "-_".contains(c))
            {
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
            println!(
                "wrote {}: one municipality, two sub-segments. Edit it (fields: docs/scenario.md), then\n  jeugdsim run {}",
                file.display(),
                file.display()
            );
            Ok(())
        }
        Command::Validate { file } => {
            let (_, model) = scenario::load(&file)?;
            println!(
                "{}: scenario `{}` is valid ({} municipalities, {} segments, {} sub-segments, {} providers)",
                file.display(),
                model.name,
                model.munis.len(),
                model.segments.len(),
                model.subs.len(),
                model.providers.len()
            );
            Ok(())
        }
        Command::Report { dir } => {
            let file = report::html::report(&dir)?;
            println!("wrote {}", file.display());
            Ok(())
        }
        Command::Run { file, psa, args } => {
            args.check()?;
            let (source, mut model) = scenario::load(&file)?;
            let opts = args.options();
            let (out, quiet) = (args.out, args.quiet);
            engine::apply_overrides(&mut model, &opts)?;
            let out = out.unwrap_or_else(|| PathBuf::from("results").join(&model.name));
            let started = std::time::Instant::now();
            let result = if psa {
                jeugdsim::analysis::run_psa(&source, &opts)?
            } else {
                engine::run(&model, &opts)?
            };
            let seconds = started.elapsed().as_secs_f64();
            let provenance = provenance(&file, &source.sha256, &model, result.summary.replications);
            let results = Results {
                provenance: &provenance,
                summary: &result.summary,
            };
            let mut files =
                report::write_all(&out, &results, &report::run_exporters(), args.csv_style)?;
            if args.report {
                files.push(report::html::report(&out)?);
            }
            if !quiet {
                println!(
                    "{} — {} replications of {} months from {} (seed {}), {:.1} s\n",
                    model.name,
                    model.replications,
                    model.horizon,
                    model.month_label(0),
                    model.seed,
                    seconds
                );
                print!("{}", report::table::render(&result.summary, model.horizon));
                println!();
                print_written(&files);
            }
            Ok(())
        }
    }
}
