//! Reading the tables of a region's data from CSV files or an xlsx workbook into cells
//! located by file, sheet, row and column, and reading each cell as its column's kind.
//! Every problem is collected with its place, so a user sees all of them at once.

use super::tables::{Kind, TABLES, Table};
use calamine::{Data, Reader, Xlsx, open_workbook};
use std::path::Path;

/// A cell as read: text from CSV, typed from a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
}

/// One row of a table: its number in the file or sheet (1-based) and its cells in the
/// table's column order.
#[derive(Debug, Clone)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Value>,
}

/// A table as read, with where it came from (`gemeenten.csv`, or `regio.xlsx, sheet
/// gemeenten`).
#[derive(Debug, Clone)]
pub struct RawTable {
    pub table: &'static Table,
    pub source: String,
    pub rows: Vec<Row>,
}

/// Problems found, each with its place.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<String>);

impl Problems {
    pub fn at(&mut self, t: &RawTable, row: usize, column: &str, message: impl AsRef<str>) {
        self.0.push(format!(
            "{}, row {row}, column `{column}`: {}",
            t.source,
            message.as_ref()
        ));
    }

    pub fn table(&mut self, source: &str, message: impl AsRef<str>) {
        self.0.push(format!("{source}: {}", message.as_ref()));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The error listing them all (the first 50).
    pub fn into_error(self, data: &Path) -> crate::Error {
        let n = self.0.len();
        let mut lines: Vec<String> = self
            .0
            .into_iter()
            .take(50)
            .map(|p| format!("  {p}"))
            .collect();
        if n > 50 {
            lines.push(format!("  … and {} more", n - 50));
        }
        crate::Error::Data(format!(
            "the region's data in {} has {n} problem(s); nothing was written:\n{}",
            data.display(),
            lines.join("\n")
        ))
    }
}

/// Every table of the data at `path`: a folder of CSV files (`<table>.csv`) or an xlsx
/// workbook (a sheet per table). A missing optional table is empty.
pub fn read(path: &Path, problems: &mut Problems) -> crate::Result<Vec<RawTable>> {
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        read_workbook(path, problems)
    } else if path.is_dir() {
        Ok(TABLES
            .iter()
            .map(|t| read_csv(&path.join(format!("{}.csv", t.name)), t, problems))
            .collect())
    } else {
        Err(crate::Error::Data(format!(
            "{}: expected a folder of CSV files or an .xlsx workbook (write one with `jeugdsim template DIR`)",
            path.display()
        )))
    }
}

fn empty(table: &'static Table, source: String) -> RawTable {
    RawTable {
        table,
        source,
        rows: Vec::new(),
    }
}

/// Where each of the table's columns sits in a header (`None`: optional and absent);
/// a missing required column is a problem.
fn locate(
    header: &[String],
    table: &'static Table,
    source: &str,
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    table
        .columns
        .iter()
        .map(|c| {
            let at = names.iter().position(|h| h == c.name);
            if at.is_none() && c.required {
                problems.table(
                    source,
                    format!(
                        "missing column `{}` ({}); the header row must name {}",
                        c.name,
                        c.en,
                        table
                            .columns
                            .iter()
                            .filter(|c| c.required)
                            .map(|c| format!("`{}`", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            at
        })
        .collect()
}

fn read_csv(file: &Path, table: &'static Table, problems: &mut Problems) -> RawTable {
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    if !file.exists() {
        if table.required {
            problems.table(
                &source,
                format!(
                    "missing: the table `{}` ({}) is required",
                    table.name, table.en
                ),
            );
        }
        return empty(table, source);
    }
    let mut reader = match csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_path(file)
    {
        Ok(r) => r,
        Err(e) => {
            problems.table(&source, format!("cannot be read: {e}"));
            return empty(table, source);
        }
    };
    let mut out = empty(table, source.clone());
    let mut columns: Option<Vec<Option<usize>>> = None;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.table(&source, format!("is not valid CSV: {e}"));
                return out;
            }
        };
        let number = record.position().map_or(0, |p| p.line() as usize);
        let fields: Vec<String> = record
            .iter()
            .map(|f| f.trim_start_matches('\u{feff}').to_string())
            .collect();
        let Some(cols) = &columns else {
            if fields.len() == 1 && fields[0].contains(';') {
                problems.table(
                    &source,
                    "is separated by semicolons; jeugdsim reads comma-separated CSV with a \
                     decimal point (in Excel: save as \"CSV UTF-8 (comma delimited)\", or fill in \
                     the .xlsx workbook instead)",
                );
                return out;
            }
            columns = Some(locate(&fields, table, &source, problems));
            continue;
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cells = cols
            .iter()
            .map(|at| match at.and_then(|i| fields.get(i)) {
                Some(f) if !f.trim().is_empty() => Value::Text(f.trim().to_string()),
                _ => Value::Empty,
            })
            .collect();
        out.rows.push(Row { number, cells });
    }
    if columns.is_none() {
        problems.table(&source, "is empty: expected a header row");
    }
    out
}

fn read_workbook(path: &Path, problems: &mut Problems) -> crate::Result<Vec<RawTable>> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| {
        crate::Error::Data(format!(
            "{}: cannot be read as an xlsx workbook: {e}",
            path.display()
        ))
    })?;
    let sheets = wb.sheet_names();
    let mut out = Vec::new();
    for table in TABLES {
        let source = format!("{file}, sheet `{}`", table.name);
        let Some(sheet) = sheets
            .iter()
            .find(|s| s.trim().eq_ignore_ascii_case(table.name))
        else {
            if table.required {
                problems.table(
                    &file,
                    format!(
                        "missing sheet `{}` ({}); the workbook has {}",
                        table.name,
                        table.en,
                        sheets.join(", ")
                    ),
                );
            }
            out.push(empty(table, source));
            continue;
        };
        let range = match wb.worksheet_range(sheet) {
            Ok(r) => r,
            Err(e) => {
                problems.table(&source, format!("cannot be read: {e}"));
                out.push(empty(table, source));
                continue;
            }
        };
        let first = range.start().map_or(0, |(r, _)| r as usize);
        let first_col = range.start().map_or(0, |(_, c)| c as usize);
        let mut raw = empty(table, source.clone());
        let mut columns: Option<Vec<Option<usize>>> = None;
        for (i, cells) in range.rows().enumerate() {
            let number = first + i + 1;
            let values: Vec<Value> = std::iter::repeat_n(Value::Empty, first_col)
                .chain(cells.iter().map(value))
                .collect();
            if let Some(Value::Text(t)) = values.iter().find(|v| **v != Value::Empty)
                && t.starts_with('#')
            {
                continue;
            }
            let Some(cols) = &columns else {
                if values.iter().all(|v| *v == Value::Empty) {
                    continue;
                }
                let header: Vec<String> = values
                    .iter()
                    .map(|v| match v {
                        Value::Text(t) => t.clone(),
                        _ => String::new(),
                    })
                    .collect();
                columns = Some(locate(&header, table, &source, problems));
                continue;
            };
            if values.iter().all(|v| *v == Value::Empty) {
                continue;
            }
            let cells = cols
                .iter()
                .map(|at| {
                    at.and_then(|i| values.get(i))
                        .cloned()
                        .unwrap_or(Value::Empty)
                })
                .collect();
            raw.rows.push(Row { number, cells });
        }
        if columns.is_none() {
            problems.table(&source, "is empty: expected a header row");
        }
        out.push(raw);
    }
    Ok(out)
}

fn value(d: &Data) -> Value {
    match d {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) if s.trim().is_empty() => Value::Empty,
        Data::String(s) => Value::Text(s.trim().to_string()),
        Data::Bool(b) => Value::Text(b.to_string()),
        Data::DateTime(dt) => Value::Text(serial_date(dt.as_f64())),
        Data::DateTimeIso(s) => Value::Text(s.chars().take(10).collect()),
        Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(format!("#{e:?}")),
    }
}

/// An Excel date serial (days since 1899-12-30) as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    let days = serial.floor() as i64 - 25_569; // to days since 1970-01-01
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A cell read as its column's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Missing,
    Text(String),
    Number(f64),
    /// (year, month, day); day 1 for a month.
    Date(i32, u32, u32),
}

/// Reads cell `col` of `row` in `t` as its column's kind; a problem (and `Missing`) when
/// it cannot be, or when a required cell is empty.
pub fn cell(t: &RawTable, row: &Row, col: usize, problems: &mut Problems) -> Cell {
    let c = &t.table.columns[col];
    let v = &row.cells[col];
    let text = match v {
        Value::Empty => {
            if c.required {
                problems.at(
                    t,
                    row.number,
                    c.name,
                    format!("empty; expected {}", expected(c.kind)),
                );
            }
            return Cell::Missing;
        }
        Value::Number(x) => match c.kind {
            Kind::Text => return Cell::Text(trim_number(*x)),
            Kind::Month | Kind::Date => {
                problems.at(
                    t,
                    row.number,
                    c.name,
                    format!("found the number {x}; expected {}", expected(c.kind)),
                );
                return Cell::Missing;
            }
            _ => return checked_number(t, row, c, *x, problems),
        },
        Value::Text(s) => s.as_str(),
    };
    match c.kind {
        Kind::Text => Cell::Text(text.to_string()),
        Kind::Month | Kind::Date => match parse_date(text, c.kind == Kind::Month) {
            Some((y, m, d)) => Cell::Date(y, m, d),
            None => {
                problems.at(
                    t,
                    row.number,
                    c.name,
                    format!("found `{text}`; expected {}", expected(c.kind)),
                );
                Cell::Missing
            }
        },
        _ => match parse_number(text, c.kind) {
            Ok(x) => checked_number(t, row, c, x, problems),
            Err(why) => {
                problems.at(t, row.number, c.name, format!("found `{text}`: {why}"));
                Cell::Missing
            }
        },
    }
}

fn trim_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}

fn checked_number(
    t: &RawTable,
    row: &Row,
    c: &super::tables::Column,
    x: f64,
    problems: &mut Problems,
) -> Cell {
    if !x.is_finite() || x < 0.0 {
        problems.at(
            t,
            row.number,
            c.name,
            format!("found {x}; expected {}", expected(c.kind)),
        );
        return Cell::Missing;
    }
    if c.kind == Kind::Whole && x.fract() != 0.0 {
        problems.at(
            t,
            row.number,
            c.name,
            format!("found {x}; expected {}", expected(c.kind)),
        );
        return Cell::Missing;
    }
    Cell::Number(x)
}

pub fn expected(kind: Kind) -> &'static str {
    match kind {
        Kind::Text => "a name",
        Kind::Whole => "a whole number ≥ 0 without separators, e.g. 1234",
        Kind::Number => "a number ≥ 0 with a decimal point, e.g. 1234.5",
        Kind::Money => {
            "an amount in euro ≥ 0 with a decimal point and at most two decimals, e.g. 1234.50"
        }
        Kind::Month => "a month as YYYY-MM, e.g. 2024-03",
        Kind::Date => "a date as YYYY-MM-DD, e.g. 2024-01-01",
    }
}

/// A number as a CSV holds it: a decimal point, no thousands separators.
fn parse_number(s: &str, kind: Kind) -> Result<f64, String> {
    let s = s.trim().trim_start_matches('€').trim();
    if s.contains(',') {
        return Err(format!(
            "a decimal comma or thousands separator; expected {}",
            expected(kind)
        ));
    }
    let dots = s.matches('.').count();
    let grouped = |s: &str| {
        let mut parts = s.split('.');
        parts.next().is_some_and(|p| (1..=3).contains(&p.len()))
            && parts.all(|p| p.len() == 3 && p.chars().all(|c| c.is_ascii_digit()))
    };
    if dots > 1 || (dots == 1 && matches!(kind, Kind::Whole | Kind::Money) && grouped(s)) {
        return Err(format!(
            "looks like a thousands separator; expected {}",
            expected(kind)
        ));
    }
    if s.starts_with('-') {
        return Err(format!("negative; expected {}", expected(kind)));
    }
    let x: f64 = s
        .parse()
        .map_err(|_| format!("not a number; expected {}", expected(kind)))?;
    if kind == Kind::Money && s.split('.').nth(1).is_some_and(|d| d.len() > 2) {
        return Err(format!(
            "more than two decimals; expected {}",
            expected(kind)
        ));
    }
    if kind == Kind::Whole && dots > 0 {
        return Err(format!("not whole; expected {}", expected(kind)));
    }
    Ok(x)
}

/// `YYYY-MM` (a month: its first day) or `YYYY-MM-DD`; also `DD-MM-YYYY` for a date.
fn parse_date(s: &str, month: bool) -> Option<(i32, u32, u32)> {
    let parts: Vec<&str> = s.trim().split(['-', '/']).collect();
    let num = |p: &str| p.parse::<i64>().ok();
    let (y, m, d) = match parts.as_slice() {
        [y, m] if y.len() == 4 => (num(y)?, num(m)?, 1),
        [y, m, d] if !month && y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        [d, m, y] if !month && y.len() == 4 => (num(y)?, num(m)?, num(d)?),
        _ => return None,
    };
    let days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    ((1900..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days[m as usize - 1])
        .then_some((y as i32, m as u32, d as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_refuse_dutch_separators() {
        assert!(parse_number("1234,50", Kind::Money).is_err());
        assert!(parse_number("1.234", Kind::Whole).is_err());
        assert!(parse_number("1.234.567", Kind::Number).is_err());
        assert!(parse_number("-3", Kind::Money).is_err());
        assert!(parse_number("12.345", Kind::Money).is_err());
        assert_eq!(parse_number("1234.50", Kind::Money), Ok(1234.5));
        assert_eq!(parse_number("1.234", Kind::Number), Ok(1.234));
    }

    #[test]
    fn dates_and_serials() {
        assert_eq!(parse_date("2024-03", true), Some((2024, 3, 1)));
        assert_eq!(parse_date("2024-02-30", false), None);
        assert_eq!(parse_date("01-01-2024", false), Some((2024, 1, 1)));
        assert_eq!(serial_date(45_292.0), "2024-01-01");
    }
}
