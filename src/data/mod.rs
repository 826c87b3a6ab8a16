//! A region's own data (docs/data.md): the template to fill in, reading and checking it,
//! fitting a scenario to it, and what it recorded in the base year for the backcast.

pub mod backcast;
pub mod check;
pub mod fit;
pub mod read;
pub mod recorded;
pub mod tables;
pub mod template;

pub use check::RegionData;

/// Reads and checks the data at `path` (a folder of CSV files or an xlsx workbook): every
/// problem, with its file, sheet, row and column, or the region's data.
pub fn load(path: &std::path::Path) -> crate::Result<RegionData> {
    let mut problems = read::Problems::default();
    let raw = read::read(path, &mut problems)?;
    let data = check::check(&raw, &mut problems);
    match data {
        Some(d) if problems.is_empty() => Ok(d),
        _ => Err(problems.into_error(path)),
    }
}
