//! The output formats, as one list. A command hands its outcome ([`Outcome`]) to every
//! format it writes; each format says which files it makes of each kind of outcome (none
//! when it has nothing for it). Adding a format is a file with its `files` and an arm
//! here.

use super::comparison::{ComparisonCsv, ComparisonJson, ComparisonProvidersCsv, ComparisonResults};
use super::optimise::{OptimiseJson, OptimiseResults};
use super::sensitivity::{SensitivityCsv, SensitivityJson, SensitivityResults};
use super::sweep::{SweepCsv, SweepJson, SweepResults};
use super::{Exporter, Results, council, csv_out, html, json, lang::Lang, xlsx};
use crate::error::Result;

/// What a command wrote out: the results of one kind of command.
pub enum Outcome<'a> {
    Run(&'a Results<'a>),
    Comparison(&'a ComparisonResults<'a>),
    Sweep(&'a SweepResults<'a>),
    Sensitivity(&'a SensitivityResults<'a>),
    Optimise(&'a OptimiseResults<'a>),
}

/// An output format, in the order a results folder lists its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// The results contract for scripts (`summary.json`, `comparison.json`, …); always.
    Json,
    /// The same as tables (`summary.csv`, `monthly.csv`, …); always.
    Csv,
    /// `results.xlsx`, a workbook with labelled, formatted sheets (run and compare).
    Xlsx,
    /// `report.html`, a self-contained page with charts.
    Html,
}

/// A file a format made: its name and bytes.
pub type File = (String, Vec<u8>);

impl Format {
    /// The files this format makes of `outcome`, in `lang`.
    pub fn files(self, outcome: &Outcome<'_>, lang: Lang) -> Result<Vec<File>> {
        match self {
            Format::Json => json_files(outcome),
            Format::Csv => csv_files(outcome),
            Format::Xlsx => xlsx::files(outcome, lang),
            Format::Html => html::files(outcome, lang),
        }
    }

    /// Whether this format writes anything for `outcome`.
    pub fn writes(self, outcome: &Outcome<'_>) -> bool {
        !matches!(
            (self, outcome),
            (
                Format::Xlsx,
                Outcome::Sweep(_) | Outcome::Sensitivity(_) | Outcome::Optimise(_)
            )
        )
    }
}

/// Each exporter's file of `results`.
pub(super) fn each<R: ?Sized>(results: &R, exporters: &[&dyn Exporter<R>]) -> Result<Vec<File>> {
    exporters
        .iter()
        .map(|e| Ok((e.file_name().to_string(), e.serialize(results)?)))
        .collect()
}

fn json_files(outcome: &Outcome<'_>) -> Result<Vec<File>> {
    match outcome {
        Outcome::Run(r) => each(*r, &[&json::SummaryJson]),
        Outcome::Comparison(r) => each(*r, &[&ComparisonJson]),
        Outcome::Sweep(r) => each(*r, &[&SweepJson]),
        Outcome::Sensitivity(r) => each(*r, &[&SensitivityJson]),
        Outcome::Optimise(r) => each(*r, &[&OptimiseJson]),
    }
}

fn csv_files(outcome: &Outcome<'_>) -> Result<Vec<File>> {
    match outcome {
        Outcome::Run(r) => each(
            *r,
            &[
                &csv_out::SummaryCsv,
                &csv_out::MonthlyCsv,
                &csv_out::ActivationsCsv,
                &csv_out::MunicipalitiesCsv,
                &csv_out::ProvidersCsv,
                &council::CouncilCsv,
                &council::CouncilMunicipalitiesCsv,
            ],
        ),
        Outcome::Comparison(r) => each(
            *r,
            &[
                &ComparisonCsv,
                &ComparisonProvidersCsv,
                &council::CouncilCsv,
                &council::CouncilMunicipalitiesCsv,
            ],
        ),
        Outcome::Sweep(r) => each(*r, &[&SweepCsv]),
        Outcome::Sensitivity(r) => each(*r, &[&SensitivityCsv]),
        Outcome::Optimise(_) => Ok(Vec::new()),
    }
}
