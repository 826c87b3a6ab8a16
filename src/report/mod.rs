//! Output formats. Each implements `Exporter` (one file each); `write_all` writes them
//! atomically so an interrupted run never leaves a half-written file.

pub mod answer;
pub mod comparison;
mod csv_out;
pub mod folder;
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
use std::path::{Path, PathBuf};

/// What every output records about where its numbers come from.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub replications: u64,
    pub version: String,
    pub start: String,
    pub horizon_months: u32,
    pub warmup_months: u32,
    /// The region's budget in € a year, when the scenario has one.
    pub budget_per_year: Option<f64>,
    /// The budget of each full reporting year (raised by the planned indexation), €.
    pub budget_by_year: Vec<f64>,
    /// The scenario at a glance (region, segments, providers, schemes), from `overview`.
    pub overview: serde_json::Value,
}

/// The scenario at a glance, for outputs and reports: the region, and per sub-segment its
/// kind, providers (contracted at the start and at most) and financing over time.
pub fn overview(model: &crate::model::Model) -> serde_json::Value {
    use serde_json::json;
    let segments: Vec<serde_json::Value> = model
        .segments
        .iter()
        .enumerate()
        .map(|(si, seg)| {
            let subs: Vec<serde_json::Value> = model
                .subs
                .iter()
                .filter(|s| s.segment as usize == si)
                .map(|s| {
                    let financing: Vec<String> = s
                        .financing
                        .iter()
                        .map(|(from, f)| {
                            if *from <= model.warmup {
                                f.name().to_string()
                            } else {
                                format!(
                                    "{} from {}",
                                    f.name(),
                                    model.month_label(from - model.warmup)
                                )
                            }
                        })
                        .collect();
                    json!({
                        "name": s.name,
                        "kind": s.kind.name(),
                        "providers_at_start": s.min_providers,
                        "providers_max": s.max_providers,
                        "financing": financing,
                    })
                })
                .collect();
            json!({"name": seg, "sub_segments": subs})
        })
        .collect();
    // The world drivers these results include (none when left out with --chance-only).
    let world: serde_json::Map<String, serde_json::Value> = model
        .world
        .named()
        .iter()
        .filter_map(|(name, r)| {
            r.map(|(low, high)| (name.to_string(), json!({"low": low, "high": high})))
        })
        .collect();
    json!({
        "municipalities": model.munis.len(),
        // Distinct provider organisations, and the contracts they hold (one per
        // organisation and sub-segment).
        "organisations": model.providers.len(),
        "contracts": model.contracts.len(),
        "youth_0_17": model.munis.iter().map(|m| m.youth_0_17).sum::<f64>(),
        "segments": segments,
        "transition_end": model.transition.as_ref().map(|t| model.month_label(t.end)),
        "world_drivers": world,
    })
}

pub struct Results<'a> {
    pub provenance: &'a Provenance,
    pub summary: &'a Summary,
}

/// One output format: one file from a kind of results `R` (a run, a comparison).
pub trait Exporter<R: ?Sized> {
    fn file_name(&self) -> &'static str;
    fn serialize(&self, results: &R) -> Result<Vec<u8>>;
}

/// The exporters of `run`.
pub fn run_exporters() -> Vec<Box<dyn for<'a> Exporter<Results<'a>>>> {
    vec![
        Box::new(json::SummaryJson),
        Box::new(csv_out::SummaryCsv),
        Box::new(csv_out::MonthlyCsv),
        Box::new(csv_out::ActivationsCsv),
        Box::new(csv_out::MunicipalitiesCsv),
        Box::new(csv_out::ProvidersCsv),
    ]
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

/// Reads a CSV file jeugdsim wrote in either style, as plain CSV: a file that starts with
/// the byte-order mark of `--csv-style nl` gets commas and decimal points back.
pub fn read_plain_csv(path: &Path) -> Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let Some(body) = bytes.strip_prefix("\u{feff}".as_bytes()) else {
        return Ok(bytes);
    };
    let err = |e: csv::Error| Error::Results(format!("{}: {e}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut w = csv::Writer::from_writer(Vec::new());
    for record in reader.records() {
        let record = record.map_err(err)?;
        let fields = record.iter().map(|f| {
            let point = f.replace(',', ".");
            if f.contains(',') && point.parse::<f64>().is_ok() {
                point
            } else {
                f.to_string()
            }
        });
        w.write_record(fields).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| Error::Results(format!("{}: {e}", path.display())))
}

/// Serializes every exporter first, then replaces `dir` whole with the files, what `then`
/// adds (the HTML report) and a manifest ([`folder::publish`]): nothing is written unless
/// everything could be produced, and the folder never mixes two runs. CSV files are
/// written in `style`.
pub fn write_all<R: ?Sized>(
    dir: &Path,
    results: &R,
    exporters: &[Box<dyn Exporter<R> + '_>],
    style: CsvStyle,
    run: &folder::Run<'_>,
    then: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
) -> Result<Vec<PathBuf>> {
    let files = exporters
        .iter()
        .map(|e| {
            let bytes = e.serialize(results)?;
            let bytes = if e.file_name().ends_with(".csv") {
                restyle_csv(&bytes, style)?
            } else {
                bytes
            };
            Ok((e.file_name().to_string(), bytes))
        })
        .collect::<Result<Vec<_>>>()?;
    folder::publish(dir, files, run, then)
}

/// Writes to a temporary file beside `path` ([`folder::temp_file`]), syncs it, then renames
/// it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = folder::temp_file(path);
    let result = folder::write_synced(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
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
