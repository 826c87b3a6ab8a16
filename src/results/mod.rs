//! The results contract: what every results folder records (its provenance, the scenario
//! at a glance) and how a folder is written and replaced ([`folder`]). Commands write these;
//! every exporter reads them. Each JSON file is a serde struct here, written by the JSON
//! exporter and read back by `report.html` (from memory with `--report`, from the folder by
//! `jeugdsim report`), so a renamed field is a compile error, never an empty chart.

pub mod answer;
pub mod comparison;
pub mod council;
pub mod folder;
pub mod monthly;
pub mod named;
pub mod optimum;
mod overview;
pub mod providers;
pub mod summary;
pub mod sweep;
pub mod tornado;

pub use overview::{Overview, overview};
use serde::{Deserialize, Serialize};

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
    pub overview: Overview,
}

impl Provenance {
    /// The provenance as every results file heads it.
    pub fn head(&self) -> Head {
        Head {
            scenario: self.scenario.clone(),
            scenario_file: self.scenario_file.clone(),
            scenario_sha256: self.scenario_sha256.clone(),
            seed: self.seed,
            replications: self.replications,
            version: self.version.clone(),
            start: self.start.clone(),
            horizon_months: self.horizon_months,
            warmup_months: self.warmup_months,
            budget_per_year: self.budget_per_year,
            budget_by_year: self.budget_per_year.map(|_| self.budget_by_year.clone()),
            overview: self.overview.clone(),
        }
    }
}

/// Where a results file's numbers come from, as `summary.json`, `sweep.json`,
/// `sensitivity.json` and `optimise.json` begin.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Head {
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub replications: u64,
    pub version: String,
    pub start: String,
    pub horizon_months: u32,
    pub warmup_months: u32,
    /// Only with a `budget_per_year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_per_year: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_by_year: Option<Vec<f64>>,
    pub overview: Overview,
}

/// Pretty JSON of `value` with a final newline, as every results file is written.
pub fn json_bytes<T: Serialize>(value: &T) -> crate::error::Result<Vec<u8>> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| crate::error::Error::Output(format!("cannot write JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads the results file `path` as a `T`.
pub fn read_json<T: for<'de> Deserialize<'de>>(path: &std::path::Path) -> crate::error::Result<T> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::error::Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| {
        crate::error::Error::Results(format!("{}: not a jeugdsim result: {e}", path.display()))
    })
}

/// Reads a CSV file jeugdsim wrote in either style, as plain CSV: a file that starts with
/// the byte-order mark of `--csv-style nl` gets commas and decimal points back.
pub fn read_plain_csv(path: &std::path::Path) -> crate::error::Result<Vec<u8>> {
    let bytes = std::fs::read(path).map_err(|source| crate::error::Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let Some(body) = bytes.strip_prefix("\u{feff}".as_bytes()) else {
        return Ok(bytes);
    };
    let err = |e: csv::Error| crate::error::Error::Results(format!("{}: {e}", path.display()));
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
        .map_err(|e| crate::error::Error::Results(format!("{}: {e}", path.display())))
}
