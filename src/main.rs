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
    /// Simulate a scenario and write summary.json, summary.csv and monthly.csv.
    Run {
        /// Scenario file (.ron).
        file: PathBuf,
        #[command(flatten)]
        args: RunArgs,
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
}

impl RunArgs {
    fn options(&self) -> RunOptions {
        RunOptions {
            replications: self.replications,
            seed: self.seed,
            threads: self.threads,
            progress: !self.quiet && std::io::stderr().is_terminal(),
        }
    }
}

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
    }
}

fn execute(command: Command) -> jeugdsim::Result<()> {
    match command {
        Command::Compare { files, args } => {
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
            let (reps, seed) = (models[0].1.replications, models[0].1.seed);
            for (_, m) in &mut models {
                m.replications = reps;
                m.seed = seed;
            }
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
            let files = report::write_all(&out, &results, &exporters)?;
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
                for f in files {
                    println!("wrote {}", f.display());
                }
            }
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
        Command::Run { file, args } => {
            let (source, mut model) = scenario::load(&file)?;
            let opts = args.options();
            let (out, quiet) = (args.out, args.quiet);
            engine::apply_overrides(&mut model, &opts)?;
            let out = out.unwrap_or_else(|| PathBuf::from("results").join(&model.name));
            let started = std::time::Instant::now();
            let result = engine::run(&model, &opts)?;
            let seconds = started.elapsed().as_secs_f64();
            let provenance = provenance(&file, &source.sha256, &model, result.summary.replications);
            let results = Results {
                provenance: &provenance,
                summary: &result.summary,
            };
            let files = report::write_all(&out, &results, &report::run_exporters())?;
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
                for f in files {
                    println!("wrote {}", f.display());
                }
            }
            Ok(())
        }
    }
}
