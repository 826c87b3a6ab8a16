//! The council's sheet of the workbook (docs/data.md): one row per (variant,) year and
//! municipality a council member can read, each year closed by the region.

use super::lang::Lang;
use crate::error::Result;
use crate::metrics::council::Council;
use crate::model::TaskField;

/// The segments, in the order of the scenario.
fn segments(c: &Council) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (seg, _, _) in &c.subs {
        if !out.contains(seg) {
            out.push(seg.clone());
        }
    }
    out
}

/// The column headings: (variant,) year, municipality, the segments, the task fields,
/// then the books.
fn headings(segments: &[String], nl: bool, variants: bool) -> Vec<String> {
    let mut head: Vec<String> = Vec::new();
    if variants {
        head.push("Variant".into());
    }
    head.push(if nl { "Jaar" } else { "Year" }.into());
    head.push(if nl { "Gemeente" } else { "Municipality" }.into());
    head.extend(segments.iter().cloned());
    head.extend(TaskField::ALL.iter().map(|f| f.label().to_string()));
    head.extend(
        if nl {
            [
                "Eigen gebruik",
                "Volgens kostenverdeling",
                "Solidariteit",
                "Begroting",
                "Verschil met begroting",
                "Kans boven begroting",
            ]
        } else {
            [
                "Actual use",
                "Under the cost split",
                "Solidarity transfer",
                "Budget",
                "Difference from budget",
                "P(over budget)",
            ]
        }
        .map(String::from),
    );
    head
}

/// The council's sheet of the workbook: per (variant,) year and municipality one row —
/// its cost per segment and per Iv3 task field, its actual use, what it pays under the
/// cost split, the solidarity transfer, its budget, the difference and the chance of
/// exceeding it; a region row closes each year.
pub(crate) fn sheet(
    wb: &mut rust_xlsxwriter::Workbook,
    councils: &[(&str, &Council)],
    lang: Lang,
) -> Result<()> {
    use rust_xlsxwriter::Format;
    let err = |e: rust_xlsxwriter::XlsxError| {
        crate::error::Error::Output(format!("cannot write the Excel workbook: {e}"))
    };
    let Some((_, first)) = councils.first() else {
        return Ok(());
    };
    let nl = lang == Lang::Nl;
    let ws = wb.add_worksheet();
    ws.set_name(if nl { "Raad" } else { "Council" })
        .map_err(err)?;
    let (bold, euro, pct) = (
        Format::new().set_bold().set_text_wrap(),
        Format::new().set_num_format("€ #,##0"),
        Format::new().set_num_format("0%"),
    );
    let segments = segments(first);
    let head = headings(&segments, nl, councils.len() > 1);
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)
            .map_err(err)?;
    }
    let mut row = 1u32;
    for (variant, c) in councils {
        for (y, year) in c.years.iter().enumerate() {
            let names = c.municipalities.iter().map(Some).chain([None]);
            for (m, name) in names.enumerate() {
                let mut col = 0u16;
                if councils.len() > 1 {
                    ws.write_string(row, col, *variant).map_err(err)?;
                    col += 1;
                }
                ws.write_string(row, col, year).map_err(err)?;
                let label = name
                    .cloned()
                    .unwrap_or_else(|| if nl { "Regio".into() } else { "Region".into() });
                ws.write_string(row, col + 1, &label).map_err(err)?;
                col += 2;
                let cells = |keep: &dyn Fn(usize) -> bool| -> i64 {
                    let munis: Vec<usize> = match name {
                        Some(_) => vec![m],
                        None => (0..c.municipalities.len()).collect(),
                    };
                    munis
                        .iter()
                        .flat_map(|&mi| {
                            (0..c.subs.len()).filter(|&s| keep(s)).map(move |s| (mi, s))
                        })
                        .map(|(mi, s)| c.cell(y, mi, s).mean)
                        .sum()
                };
                for seg in &segments {
                    let x = cells(&|s| c.subs[s].0 == *seg);
                    ws.write_number_with_format(row, col, x as f64 / 100.0, &euro)
                        .map_err(err)?;
                    col += 1;
                }
                for f in TaskField::ALL {
                    let x = cells(&|s| c.subs[s].2 == f);
                    ws.write_number_with_format(row, col, x as f64 / 100.0, &euro)
                        .map_err(err)?;
                    col += 1;
                }
                let actual = cells(&|_| true);
                let (split, budget, p) = match name {
                    Some(_) => {
                        let my = c.municipal(y, m);
                        (my.cost_split.mean, my.budget, my.over_budget_probability)
                    }
                    None => (actual, None, None),
                };
                for x in [actual, split, split - actual] {
                    ws.write_number_with_format(row, col, x as f64 / 100.0, &euro)
                        .map_err(err)?;
                    col += 1;
                }
                if let Some(b) = budget {
                    ws.write_number_with_format(row, col, b as f64 / 100.0, &euro)
                        .map_err(err)?;
                    ws.write_number_with_format(row, col + 1, (split - b) as f64 / 100.0, &euro)
                        .map_err(err)?;
                }
                if let Some(p) = p {
                    ws.write_number_with_format(row, col + 2, p, &pct)
                        .map_err(err)?;
                }
                row += 1;
            }
        }
    }
    ws.set_freeze_panes(1, if councils.len() > 1 { 3 } else { 2 })
        .map_err(err)?;
    ws.autofilter(0, 0, row.saturating_sub(1), head.len() as u16 - 1)
        .map_err(err)?;
    ws.autofit();
    Ok(())
}

/// The wide sheet: per (variant and) municipality one row, per year one column, with what
/// the municipality pays under the cost split (the region's total in the last row) — the
/// layout a finance officer pastes into a budget.
pub(crate) fn wide(
    wb: &mut rust_xlsxwriter::Workbook,
    councils: &[(&str, &Council)],
    lang: Lang,
) -> Result<()> {
    use rust_xlsxwriter::Format;
    let err = |e: rust_xlsxwriter::XlsxError| {
        crate::error::Error::Output(format!("cannot write the Excel workbook: {e}"))
    };
    let Some((_, first)) = councils.first() else {
        return Ok(());
    };
    let nl = lang == Lang::Nl;
    let ws = wb.add_worksheet();
    ws.set_name(if nl {
        "Per gemeente per jaar"
    } else {
        "By municipality by year"
    })
    .map_err(err)?;
    let (bold, euro) = (
        Format::new().set_bold(),
        Format::new().set_num_format("€ #,##0"),
    );
    let variants = councils.len() > 1;
    let mut head: Vec<&str> = Vec::new();
    if variants {
        head.push("Variant");
    }
    head.push(if nl { "Gemeente" } else { "Municipality" });
    head.extend(first.years.iter().map(String::as_str));
    for (c, h) in head.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    let mut row = 1u32;
    for (variant, c) in councils {
        let names = c.municipalities.iter().map(Some).chain([None]);
        for (m, name) in names.enumerate() {
            let mut col = 0u16;
            if variants {
                ws.write_string(row, col, *variant).map_err(err)?;
                col += 1;
            }
            let label = name.map_or(if nl { "Regio" } else { "Region" }, String::as_str);
            ws.write_string(row, col, label).map_err(err)?;
            col += 1;
            for y in 0..c.years.len() {
                let cents = match name {
                    Some(_) => c.municipal(y, m).cost_split.mean,
                    None => c.region[y],
                };
                ws.write_number_with_format(row, col + y as u16, cents as f64 / 100.0, &euro)
                    .map_err(err)?;
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(1, if variants { 2 } else { 1 })
        .map_err(err)?;
    ws.autofilter(0, 0, row.saturating_sub(1), head.len() as u16 - 1)
        .map_err(err)?;
    ws.autofit();
    Ok(())
}
