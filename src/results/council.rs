//! `council_municipalities.csv` read back (either CSV style): what report.html shows of
//! the council's tables, the same in memory (`--report`) and from a folder (`report`).

use crate::error::{Error, Result};
use std::path::Path;

/// One municipality in one year.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct CouncilRow {
    #[serde(default)]
    pub variant: String,
    pub year: String,
    pub municipality: String,
    pub actual_use: f64,
    pub cost_split: f64,
    pub solidarity_transfer: f64,
    pub budget: Option<f64>,
    pub budget_difference: Option<f64>,
    pub over_budget_probability: Option<f64>,
}

fn parse(bytes: &[u8], what: &str) -> Result<Vec<CouncilRow>> {
    let bad = |e: csv::Error| Error::Results(format!("{what}: {e}"));
    csv::Reader::from_reader(bytes)
        .deserialize::<CouncilRow>()
        .map(|r| r.map_err(bad))
        .collect()
}

/// The rows of `path`; none when the folder predates the council's tables.
pub fn read(path: &Path) -> Result<Vec<CouncilRow>> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    parse(&super::read_plain_csv(path)?, &path.display().to_string())
}

/// The rows of CSV bytes as jeugdsim writes them (plain style).
pub fn from_csv(bytes: &[u8]) -> Result<Vec<CouncilRow>> {
    parse(bytes, "council_municipalities.csv")
}
