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
        /// Number of replications (overrides the scenario).
        #[arg(long)]
        replications: Option<u32>,
        /// Random seed (overrides the scenario).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: all cores); results do not depend on it.
        #[arg(long)]
        threads: Option<usize>,
        /// Output folder (default: results/<scenario name>/).
        #[arg(long)]
        out: Option<PathBuf>,
        /// No progress bar and no table.
        #[arg(long)]
        quiet: bool,
    },
    /// Check a scenario and list every problem with its line and column.
    Validate {
        /// Scenario file (.ron).
        file: PathBuf,
    },
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

fn execute(command: Command) -> jeugdsim::Result<()> {
    match command {
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
        Command::Run {
            file,
            replications,
            seed,
            threads,
            out,
            quiet,
        } => {
            let (source, mut model) = scenario::load(&file)?;
            let opts = RunOptions {
                replications,
                seed,
                threads,
                progress: !quiet && std::io::stderr().is_terminal(),
            };
            engine::apply_overrides(&mut model, &opts)?;
            let out = out.unwrap_or_else(|| PathBuf::from("results").join(&model.name));
            let started = std::time::Instant::now();
            let result = engine::run(&model, &opts)?;
            let seconds = started.elapsed().as_secs_f64();
            let provenance = Provenance {
                scenario: model.name.clone(),
                scenario_file: file.display().to_string(),
                scenario_sha256: source.sha256.clone(),
                seed: model.seed,
                replications: result.summary.replications,
                version: jeugdsim::VERSION.to_string(),
                start: model.month_label(0),
                horizon_months: model.horizon,
                warmup_months: model.warmup,
            };
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
