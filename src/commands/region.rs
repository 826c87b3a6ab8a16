//! The commands on a region's own data: `init --from` (a fitted scenario) and `backcast`
//! (the base year simulated beside what was recorded). `template` is `data::template`.

use super::cli::RunArgs;
use crate::data;
use crate::error::{Error, Result};
use crate::report::backcast as files;
use crate::results::folder;
use crate::scenario;
use std::path::{Path, PathBuf};

/// Fits a scenario NAME.ron in `dir` to the data at `from`; returns the file and what was
/// assumed. Nothing is written when the data have a problem or the fit does not validate.
pub fn init_from(name: &str, dir: &Path, from: &Path) -> Result<(PathBuf, Vec<String>)> {
    let file = super::tools::new_scenario_file(name, dir)?;
    let d = data::load(from)?;
    let fit = data::fit::fit(&d);
    let text = fit.scenario(&d, name, &from.display().to_string());
    super::tools::write_validated(&file, text)?;
    Ok((file, fit.assumptions))
}

/// `jeugdsim init --from`: the fitted file, what was assumed, the next command.
pub fn init_command(name: &str, dir: &Path, data: &Path) -> Result<()> {
    let (file, assumptions) = init_from(name, dir, data)?;
    println!(
        "wrote {}: fitted to {}. Not in the data, so assumed (marked [assumption] in the file):",
        file.display(),
        data.display()
    );
    for a in assumptions {
        println!("  - {a}");
    }
    println!(
        "Check that it reproduces the base year:\n  jeugdsim backcast {} --data {}",
        file.display(),
        data.display()
    );
    Ok(())
}

/// `jeugdsim template DIR`.
pub fn template(dir: &Path) -> Result<()> {
    for f in data::template::write(dir)? {
        println!("wrote {}", f.display());
    }
    println!(
        "Fill in regio.xlsx (or the CSV files), then\n  jeugdsim init --from {} NAME",
        dir.join("regio.xlsx").display()
    );
    Ok(())
}

/// `jeugdsim backcast`: prints the answer, writes backcast.csv (and report.html and
/// results.xlsx when asked) into the output folder, and fails with exit code 3 when a
/// municipality's spend is beyond the tolerance.
pub fn backcast(file: &Path, data_path: &Path, tolerance: f64, args: &RunArgs) -> Result<()> {
    if !(tolerance > 0.0 && tolerance < 1.0) {
        return Err(Error::Usage(format!(
            "--tolerance {tolerance}: expected a share between 0 and 1, e.g. 0.05"
        )));
    }
    let (source, mut model) = scenario::load(file)?;
    let d = data::load(data_path)?;
    let opts = args.options();
    crate::run::apply_overrides(&mut model, &opts)?;
    if model.stock.is_empty() {
        eprintln!(
            "note: {} has no `stock`: the base year starts from a simulated history, not from the recorded caseload",
            file.display()
        );
    }
    let b = data::backcast::backcast(&model, &d, tolerance, args.threads)?;
    let default = super::default_dir(&model, "-backcast");
    let out = args.output(&default);
    let mut written = vec![("backcast.csv".to_string(), files::csv(&b)?)];
    let title = match args.lang {
        crate::report::lang::Lang::En => format!("Backcast of {} on {}", model.name, d.region),
        crate::report::lang::Lang::Nl => {
            format!("Terugrekening van {} op {}", model.name, d.region)
        }
    };
    if out.has(crate::report::format::Format::Xlsx) {
        written.push(("results.xlsx".to_string(), files::xlsx(&b, args.lang)?));
    }
    if out.has(crate::report::format::Format::Html) {
        written.push((
            "report.html".to_string(),
            files::html(&b, args.lang, &title),
        ));
    }
    let provenance = super::provenance(file, &source.sha256, &model, u64::from(b.replications));
    let run = folder::Run {
        command: "backcast",
        provenance: vec![&provenance],
    };
    let paths = folder::publish(out.dir, written, &run)?;
    if !args.quiet {
        println!(
            "{title} ({} {})\n",
            b.replications,
            args.lang.text("console.replications")
        );
        print!("{}", files::console(&b, args.lang));
        println!();
        for p in &paths {
            println!("{} {}", args.lang.text("console.wrote"), p.display());
        }
    }
    let beyond = b.beyond_tolerance();
    if beyond.is_empty() {
        return Ok(());
    }
    Err(Error::Tolerance(format!(
        "the base year is not reproduced: {} beyond the tolerance of {:.1}% on spend and outside the simulated 90% band ({})",
        beyond.len(),
        tolerance * 100.0,
        beyond
            .iter()
            .map(|l| format!(
                "{} {:+.1}%",
                l.municipality,
                l.relative_difference().unwrap_or(0.0) * 100.0
            ))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}
