//! Output formats. Each implements `Exporter` (one file each); `write_all` writes them
//! atomically so an interrupted run never leaves a half-written file.

pub mod comparison;
mod csv_out;
mod json;
pub mod sweep;
pub mod table;

use crate::error::{Error, Result};
use crate::metrics::Summary;
use std::io::Write;
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
    ]
}

/// Serializes every exporter first, then writes each file atomically: nothing is written
/// unless everything could be produced.
pub fn write_all<R: ?Sized>(
    dir: &Path,
    results: &R,
    exporters: &[Box<dyn Exporter<R> + '_>],
) -> Result<Vec<PathBuf>> {
    let files = exporters
        .iter()
        .map(|e| Ok((dir.join(e.file_name()), e.serialize(results)?)))
        .collect::<Result<Vec<_>>>()?;
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    files
        .into_iter()
        .map(|(path, bytes)| {
            write_atomic(&path, &bytes)?;
            Ok(path)
        })
        .collect()
}

/// Writes to a temporary file beside `path`, syncs it, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = path.with_extension(format!(
        "{}.tmp{}",
        path.extension().and_then(|e| e.to_str()).unwrap_or(""),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}
