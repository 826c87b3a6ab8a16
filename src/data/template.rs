//! `jeugdsim template DIR`: an empty input workbook (`regio.xlsx`, a sheet per table) and
//! the same tables as CSV files, each with its header and a row explaining every column
//! in Dutch and English (a row starting with `#`, skipped when read).

use super::tables::{TABLES, Table};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::path::{Path, PathBuf};

fn xlsx_error(e: XlsxError) -> Error {
    Error::Output(format!("cannot write the workbook: {e}"))
}

/// The explanation row of `t`: each column's meaning in Dutch / English.
fn explanation(t: &Table) -> Vec<String> {
    t.columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let need = if c.required {
                ""
            } else {
                " (optioneel / optional)"
            };
            let text = format!("{} / {}{need}", c.nl, c.en);
            if i == 0 { format!("# {text}") } else { text }
        })
        .collect()
}

/// The workbook's bytes.
pub fn workbook() -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let note = Format::new()
        .set_italic()
        .set_font_color(rust_xlsxwriter::Color::Gray)
        .set_text_wrap();
    for t in TABLES {
        let ws = wb.add_worksheet();
        ws.set_name(t.name).map_err(xlsx_error)?;
        for (i, c) in t.columns.iter().enumerate() {
            let col = i as u16;
            ws.write_string_with_format(0, col, c.name, &bold)
                .map_err(xlsx_error)?;
            ws.set_column_width(col, 26).map_err(xlsx_error)?;
        }
        for (i, text) in explanation(t).iter().enumerate() {
            ws.write_string_with_format(1, i as u16, text, &note)
                .map_err(xlsx_error)?;
        }
        ws.set_freeze_panes(2, 0).map_err(xlsx_error)?;
    }
    wb.save_to_buffer().map_err(xlsx_error)
}

/// A table's CSV: its header and explanation row.
pub fn csv(t: &Table) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| Error::Output(format!("cannot format CSV: {e}"));
    w.write_record(t.columns.iter().map(|c| c.name))
        .map_err(err)?;
    w.write_record(explanation(t)).map_err(err)?;
    w.into_inner()
        .map_err(|e| Error::Output(format!("cannot format CSV: {e}")))
}

/// Writes the template into `dir` (created when absent); refuses to overwrite a file that
/// is there already. Returns the files written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![(dir.join("regio.xlsx"), workbook()?)];
    for t in TABLES {
        files.push((dir.join(format!("{}.csv", t.name)), csv(t)?));
    }
    if let Some((taken, _)) = files.iter().find(|(f, _)| f.exists()) {
        return Err(Error::Usage(format!(
            "{} exists already; jeugdsim never overwrites a file it did not write now: choose an empty folder",
            taken.display()
        )));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    for (f, bytes) in &files {
        crate::results::folder::write_atomic(f, bytes)?;
    }
    Ok(files.into_iter().map(|(f, _)| f).collect())
}
