//! `results.xlsx` (`--xlsx`): the results as an Excel workbook for finance staff, with
//! labelled, formatted sheets — summary, yearly, per municipality, per provider and, for a
//! comparison, the comparison. Written with `rust_xlsxwriter`; headers and labels in the
//! reader's language, numbers as numbers (Excel shows them in its own locale). The
//! workbook's dates are fixed, so the same run writes the same bytes.

use super::comparison::ComparisonResults;
use super::lang::{Lang, Unit};
use super::{Exporter, Provenance, Results};
use crate::error::{Error, Result};
use crate::metrics::Summary;
use crate::metrics::stats::Stat;
mod answer_sheet;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

fn xlsx_error(e: XlsxError) -> Error {
    Error::Output(format!("cannot write the Excel workbook: {e}"))
}

/// The workbook of a run or a comparison, in `lang`.
pub struct Xlsx {
    pub lang: Lang,
}

/// The cell formats of the sheets.
struct Formats {
    head: Format,
    euro: Format,
    share: Format,
    count: Format,
    /// Background colours of a difference that is better or worse.
    better: u32,
    worse: u32,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            head: Format::new().set_bold(),
            euro: Format::new().set_num_format("€ #,##0"),
            share: Format::new().set_num_format("0.0%"),
            better: 0xE6F4E6,
            worse: 0xFBE5E5,
            // Up to three decimals, so a share of 0.044 never reads "0,0".
            count: Format::new().set_num_format("#,##0.0##"),
        }
    }

    /// The format of a value of `metric`: € for money, % for shares, else a number.
    fn of(&self, metric: &str) -> &Format {
        match Unit::of(metric) {
            Unit::Money => &self.euro,
            Unit::Share => &self.share,
            Unit::Count => &self.count,
        }
    }
}

/// Sheet names and column headers in `lang`.
fn words(lang: Lang) -> Words {
    Words {
        lang,
        summary: lang.text("xlsx.summary"),
        yearly: lang.text("xlsx.yearly"),
        municipalities: lang.text("xlsx.municipalities"),
        providers: lang.text("xlsx.providers"),
        comparison: lang.text("xlsx.comparison"),
        metric: lang.text("xlsx.metric"),
        outcome: lang.text("xlsx.outcome"),
        mean: lang.text("xlsx.mean"),
        ci_low: lang.text("xlsx.ci_low"),
        ci_high: lang.text("xlsx.ci_high"),
        year_from: lang.text("xlsx.year_from"),
        budget: lang.text("xlsx.budget"),
        p_over_budget: lang.text("xlsx.p_over_budget"),
        municipality: lang.text("xlsx.municipality"),
        provider: lang.text("xlsx.provider"),
        sub_segments: lang.text("xlsx.sub_segments"),
        revenue: lang.text("xlsx.revenue"),
        own_cost: lang.text("xlsx.own_cost"),
        result: lang.text("xlsx.result"),
        variant: lang.text("xlsx.variant"),
        difference: lang.text("xlsx.difference"),
        significant: lang.text("xlsx.significant"),
        scenario: lang.text("xlsx.scenario"),
        replications: lang.text("xlsx.replications"),
        seed: lang.text("xlsx.seed"),
        version: lang.text("xlsx.version"),
    }
}

struct Words {
    lang: Lang,
    summary: &'static str,
    yearly: &'static str,
    municipalities: &'static str,
    providers: &'static str,
    comparison: &'static str,
    metric: &'static str,
    outcome: &'static str,
    mean: &'static str,
    ci_low: &'static str,
    ci_high: &'static str,
    year_from: &'static str,
    budget: &'static str,
    p_over_budget: &'static str,
    municipality: &'static str,
    provider: &'static str,
    sub_segments: &'static str,
    revenue: &'static str,
    own_cost: &'static str,
    result: &'static str,
    variant: &'static str,
    difference: &'static str,
    significant: &'static str,
    scenario: &'static str,
    replications: &'static str,
    seed: &'static str,
    version: &'static str,
}

/// Writes a header row.
fn header(ws: &mut Worksheet, row: u32, cells: &[&str], f: &Formats) -> Result<()> {
    for (c, text) in cells.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *text, &f.head)
            .map_err(xlsx_error)?;
    }
    Ok(())
}

/// Makes the table under the header in row `head` (to `last_row`, `cols` columns) ready
/// to hand on: the header frozen, a filter on every column, each width fitted to its
/// content.
fn table(ws: &mut Worksheet, head: u32, last_row: u32, cols: u16) -> Result<()> {
    ws.set_freeze_panes(head + 1, 0).map_err(xlsx_error)?;
    ws.autofilter(head, 0, last_row.max(head), cols.saturating_sub(1))
        .map_err(xlsx_error)?;
    ws.set_autofit_max_width(400);
    ws.autofit();
    Ok(())
}

/// A new workbook whose properties carry a fixed date (reproducible bytes).
fn workbook() -> Result<Workbook> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&date));
    Ok(wb)
}

/// Provenance above a sheet's table: scenario, replications, seed, version.
fn provenance(ws: &mut Worksheet, p: &Provenance, w: &Words, f: &Formats) -> Result<u32> {
    let rows = [
        (w.scenario, p.scenario.clone()),
        (w.replications, p.replications.to_string()),
        (w.seed, p.seed.to_string()),
        (w.version, p.version.clone()),
    ];
    for (r, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, *k, &f.head)
            .map_err(xlsx_error)?;
        ws.write_string(r as u32, 1, v).map_err(xlsx_error)?;
    }
    Ok(rows.len() as u32 + 1)
}

/// The summary sheet: one row per metric with label, mean, CI and percentiles; the
/// variant's name in the first column when `variant` is given.
fn summary_rows(
    ws: &mut Worksheet,
    mut row: u32,
    summary: &Summary,
    variant: Option<&str>,
    lang: Lang,
    f: &Formats,
) -> Result<u32> {
    let first = u16::from(variant.is_some());
    for (name, s) in &summary.metrics {
        if let Some(v) = variant {
            ws.write_string(row, 0, v).map_err(xlsx_error)?;
        }
        ws.write_string(row, first, name).map_err(xlsx_error)?;
        ws.write_string(row, first + 1, lang.label(name))
            .map_err(xlsx_error)?;
        stat_cells(ws, row, first + 2, s, f.of(name))?;
        row += 1;
    }
    Ok(row)
}

/// mean, CI low, CI high, P5, P50, P95 from column `col`.
fn stat_cells(ws: &mut Worksheet, row: u32, col: u16, s: &Stat, format: &Format) -> Result<()> {
    for (k, x) in [s.mean, s.ci95[0], s.ci95[1], s.p5, s.p50, s.p95]
        .iter()
        .enumerate()
    {
        ws.write_number_with_format(row, col + k as u16, *x, format)
            .map_err(xlsx_error)?;
    }
    Ok(())
}

fn stat_header(w: &Words) -> [&'static str; 6] {
    [w.mean, w.ci_low, w.ci_high, "P5", "P50", "P95"]
}

/// The yearly sheet: a year's spend per reporting year, and the budget.
fn yearly_sheet(
    wb: &mut Workbook,
    summaries: &[(&str, &Summary)],
    p: &Provenance,
    w: &Words,
    f: &Formats,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(w.yearly).map_err(xlsx_error)?;
    let mut row = provenance(ws, p, w, f)?;
    let mut cells = vec![w.variant, w.year_from];
    cells.extend(stat_header(w));
    cells.push(w.budget);
    cells.push(w.p_over_budget);
    header(ws, row, &cells, f)?;
    let head = row;
    row += 1;
    for (name, s) in summaries {
        for (y, (from, stat)) in s.by_year.iter().enumerate() {
            ws.write_string(row, 0, *name).map_err(xlsx_error)?;
            ws.write_string(row, 1, from).map_err(xlsx_error)?;
            stat_cells(ws, row, 2, stat, &f.euro)?;
            if let Some(b) = p.budget_by_year.get(y) {
                ws.write_number_with_format(row, 8, *b, &f.euro)
                    .map_err(xlsx_error)?;
            }
            if let Some(Some(p_over)) = s.over_budget_by_year.get(y) {
                ws.write_number_with_format(row, 9, *p_over, &f.share)
                    .map_err(xlsx_error)?;
            }
            row += 1;
        }
    }
    table(ws, head, row - 1, cells.len() as u16)
}

/// The municipalities sheet: each municipality's books, metric by metric (means).
fn municipalities_sheet(
    wb: &mut Workbook,
    summaries: &[(&str, &Summary)],
    p: &Provenance,
    w: &Words,
    f: &Formats,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(w.municipalities).map_err(xlsx_error)?;
    let mut row = provenance(ws, p, w, f)?;
    let metrics: Vec<String> = summaries
        .first()
        .and_then(|(_, s)| s.by_municipality.first())
        .map(|m| m.metrics.iter().map(|(n, _)| n.clone()).collect())
        .unwrap_or_default();
    let mut cells = vec![w.variant, w.municipality];
    cells.extend(metrics.iter().map(|m| w.lang.label(m)));
    header(ws, row, &cells, f)?;
    let head = row;
    row += 1;
    for (name, s) in summaries {
        for m in &s.by_municipality {
            ws.write_string(row, 0, *name).map_err(xlsx_error)?;
            ws.write_string(row, 1, &m.name).map_err(xlsx_error)?;
            for (k, (metric, stat)) in m.metrics.iter().enumerate() {
                ws.write_number_with_format(row, 2 + k as u16, stat.mean, f.of(metric))
                    .map_err(xlsx_error)?;
            }
            row += 1;
        }
    }
    table(ws, head, row - 1, cells.len() as u16)
}

/// The providers sheet: revenue, own cost and result per provider.
fn providers_sheet(
    wb: &mut Workbook,
    summaries: &[(&str, &Summary)],
    p: &Provenance,
    w: &Words,
    f: &Formats,
) -> Result<()> {
    let ws = wb.add_worksheet();
    ws.set_name(w.providers).map_err(xlsx_error)?;
    let mut row = provenance(ws, p, w, f)?;
    header(
        ws,
        row,
        &[
            w.variant,
            w.provider,
            w.sub_segments,
            w.revenue,
            w.own_cost,
            w.result,
            "P5",
            "P95",
            w.lang.label("margin"),
            w.lang.label("goal_attainment"),
            w.lang.label("dropout_share"),
            w.lang.label("solvency_end"),
            w.lang.label("current_ratio_end"),
            w.lang.label("share_plan_required_3y"),
        ],
        f,
    )?;
    let head = row;
    row += 1;
    for (name, s) in summaries {
        for pr in &s.providers {
            ws.write_string(row, 0, *name).map_err(xlsx_error)?;
            ws.write_string(row, 1, &pr.name).map_err(xlsx_error)?;
            ws.write_string(row, 2, pr.sub_segments.replace('|', ", "))
                .map_err(xlsx_error)?;
            let money = [
                pr.revenue_mean,
                pr.own_cost_mean,
                pr.result.mean,
                pr.result.p5,
                pr.result.p95,
            ];
            for (k, x) in money.iter().enumerate() {
                ws.write_number_with_format(row, 3 + k as u16, *x, &f.euro)
                    .map_err(xlsx_error)?;
            }
            for (k, x) in [pr.margin, pr.goal_attainment, pr.dropout_share]
                .iter()
                .enumerate()
            {
                ws.write_number_with_format(row, 8 + k as u16, *x, &f.share)
                    .map_err(xlsx_error)?;
            }
            ws.write_number_with_format(row, 11, pr.solvency_end_mean, &f.share)
                .map_err(xlsx_error)?;
            ws.write_number(row, 12, pr.current_ratio_end_mean)
                .map_err(xlsx_error)?;
            ws.write_number_with_format(row, 13, pr.share_plan_required_3y, &f.share)
                .map_err(xlsx_error)?;
            row += 1;
        }
    }
    table(ws, head, row - 1, 14)
}

fn save(mut wb: Workbook) -> Result<Vec<u8>> {
    wb.save_to_buffer().map_err(xlsx_error)
}

impl Exporter<Results<'_>> for Xlsx {
    fn file_name(&self) -> &'static str {
        "results.xlsx"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        let (w, f) = (words(self.lang), Formats::new());
        let mut wb = workbook()?;
        let ws = wb.add_worksheet();
        ws.set_name(w.summary).map_err(xlsx_error)?;
        let row = provenance(ws, r.provenance, &w, &f)?;
        let mut cells = vec![w.metric, w.outcome];
        cells.extend(stat_header(&w));
        header(ws, row, &cells, &f)?;
        let last = summary_rows(ws, row + 1, r.summary, None, self.lang, &f)?;
        table(ws, row, last - 1, cells.len() as u16)?;
        let one = [(r.provenance.scenario.as_str(), r.summary)];
        yearly_sheet(&mut wb, &one, r.provenance, &w, &f)?;
        municipalities_sheet(&mut wb, &one, r.provenance, &w, &f)?;
        super::council_sheet::sheet(&mut wb, &[("", &r.summary.council)], self.lang)?;
        super::council_sheet::wide(&mut wb, &[("", &r.summary.council)], self.lang)?;
        providers_sheet(&mut wb, &one, r.provenance, &w, &f)?;
        save(wb)
    }
}

impl Exporter<ComparisonResults<'_>> for Xlsx {
    fn file_name(&self) -> &'static str {
        "results.xlsx"
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        let (w, f, lang) = (words(self.lang), Formats::new(), self.lang);
        let c = r.comparison;
        let p = &r.provenance[0];
        let mut wb = workbook()?;
        // The reader sees each variant's label where the scenario gives one.
        let names: Vec<String> = (0..c.names.len()).map(|k| c.shown(k).to_string()).collect();
        // The answer first, then every paired difference.
        let answers = super::answer::answers(c, p.horizon_months);
        answer_sheet::answer(&mut wb, &answers, p, &w, &f)?;
        answer_sheet::differences(&mut wb, c, &names, p, &w, &f)?;
        let ws = wb.add_worksheet();
        ws.set_name(w.summary).map_err(xlsx_error)?;
        let mut row = provenance(ws, p, &w, &f)?;
        let mut cells = vec![w.variant, w.metric, w.outcome];
        cells.extend(stat_header(&w));
        header(ws, row, &cells, &f)?;
        let head = row;
        row += 1;
        for (name, s) in names.iter().zip(&c.summaries) {
            row = summary_rows(ws, row, s, Some(name), lang, &f)?;
        }
        table(ws, head, row - 1, cells.len() as u16)?;
        let all: Vec<(&str, &Summary)> =
            names.iter().map(String::as_str).zip(&c.summaries).collect();
        yearly_sheet(&mut wb, &all, p, &w, &f)?;
        municipalities_sheet(&mut wb, &all, p, &w, &f)?;
        let councils: Vec<_> = all.iter().map(|(n, s)| (*n, &s.council)).collect();
        super::council_sheet::sheet(&mut wb, &councils, lang)?;
        super::council_sheet::wide(&mut wb, &councils, lang)?;
        providers_sheet(&mut wb, &all, p, &w, &f)?;
        save(wb)
    }
}

/// `results.xlsx` of a run or a comparison; nothing for other outcomes.
pub fn files(outcome: &super::format::Outcome<'_>, lang: Lang) -> Result<Vec<super::format::File>> {
    use super::format::{Outcome, each};
    let x = Xlsx { lang };
    match outcome {
        Outcome::Run(r) => each(*r, &[&x]),
        Outcome::Comparison(r) => each(*r, &[&x]),
        _ => Ok(Vec::new()),
    }
}
