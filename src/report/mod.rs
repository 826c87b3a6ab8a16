//! Output formats. Each implements `Exporter` (one file each); `write_all` writes them
//! atomically so an interrupted run never leaves a half-written file.

pub mod answer;
pub mod backcast;
pub mod comparison;
pub mod council;
mod council_sheet;
mod csv_out;
pub mod format;
pub mod glance;
pub mod html;
mod json;
pub mod lang;
pub mod optimise;
pub mod sensitivity;
pub mod sweep;
pub mod table;
pub mod xlsx;

use crate::error::{Error, Result};
use crate::metrics::Summary;
pub use crate::results::folder::{self, write_atomic};
pub use crate::results::{Provenance, overview, read_plain_csv};
use std::path::{Path, PathBuf};

pub struct Results<'a> {
    pub provenance: &'a Provenance,
    pub summary: &'a Summary,
}

/// One output format: one file from a kind of results `R` (a run, a comparison).
pub trait Exporter<R: ?Sized> {
    fn file_name(&self) -> &'static str;
    fn serialize(&self, results: &R) -> Result<Vec<u8>>;
}

/// How CSV files are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CsvStyle {
    /// Comma-separated, decimal point: for scripts and most tools.
    #[default]
    Plain,
    /// What Dutch Excel opens correctly: semicolons, decimal comma, UTF-8 byte-order mark.
    Nl,
}

/// Rewrites plain CSV in `style`. Numbers get a decimal comma; text is left alone.
pub fn restyle_csv(plain: &[u8], style: CsvStyle) -> Result<Vec<u8>> {
    if style == CsvStyle::Plain {
        return Ok(plain.to_vec());
    }
    let err = |e: csv::Error| Error::Output(format!("cannot format CSV: {e}"));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(plain);
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        for record in reader.records() {
            let record = record.map_err(err)?;
            let fields: Vec<String> = record
                .iter()
                .map(|f| {
                    if f.parse::<f64>().is_ok() && !f.is_empty() {
                        f.replace('.', ",")
                    } else {
                        f.to_string()
                    }
                })
                .collect();
            w.write_record(&fields).map_err(err)?;
        }
        w.flush()
            .map_err(|e| Error::Output(format!("cannot format CSV: {e}")))?;
    }
    Ok(out)
}

/// Makes every file of `formats` from `outcome` first, then replaces `dir` whole with them
/// and a manifest ([`folder::publish`]): nothing is written unless everything could be
/// produced, and the folder never mixes two runs. CSV files are written in `style`.
pub fn write_all(
    dir: &Path,
    outcome: &format::Outcome<'_>,
    formats: &[format::Format],
    (style, lang): (CsvStyle, lang::Lang),
    run: &folder::Run<'_>,
) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for f in formats {
        for (name, bytes) in f.files(outcome, lang)? {
            let bytes = if name.ends_with(".csv") {
                restyle_csv(&bytes, style)?
            } else {
                bytes
            };
            files.push((name, bytes));
        }
    }
    folder::publish(dir, files, run)
}

#[cfg(test)]
mod tests {
    use super::{CsvStyle, restyle_csv};

    #[test]
    fn dutch_csv_round_trips() {
        let plain = b"metric,mean,ci95_low\ntotal_cost,1234.5,-0.25\nmonth,2022-01,7\n";
        let nl = restyle_csv(plain, CsvStyle::Nl).unwrap();
        let text = String::from_utf8(nl.clone()).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("total_cost;1234,5;-0,25"), "{text}");
        assert!(text.contains("month;2022-01;7"), "{text}");
        // Parse it back as Dutch Excel would, and get the same numbers.
        let body = text.trim_start_matches('\u{feff}');
        let mut r = csv::ReaderBuilder::new()
            .delimiter(b';')
            .has_headers(true)
            .from_reader(body.as_bytes());
        let row = r.records().next().unwrap().unwrap();
        let back: f64 = row[1].replace(',', ".").parse().unwrap();
        assert_eq!(back, 1234.5);
        assert_eq!(restyle_csv(plain, CsvStyle::Plain).unwrap(), plain.to_vec());
    }
}
