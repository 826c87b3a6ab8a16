//! The comparison's first sheet: the answer at a glance ([`crate::report::glance`]) as a
//! table — per variant its cost difference (€, CI, %) and consequences, coloured better or
//! worse — then the explanation; and a sheet of every paired difference.

use super::{Formats, Words, header, provenance, table, xlsx_error};
use crate::error::Result;
use crate::report::answer::Answer;
use crate::report::glance::{self, Verdict};
use crate::results::Provenance;
use crate::run::Comparison;
use rust_xlsxwriter::Workbook;

/// The answer sheet: provenance, the table at a glance, the explanation below it.
pub(super) fn answer(
    wb: &mut Workbook,
    answers: &[Answer],
    p: &Provenance,
    w: &Words,
    f: &Formats,
) -> Result<()> {
    let lang = w.lang;
    let ws = wb.add_worksheet();
    ws.set_name(w.comparison).map_err(xlsx_error)?;
    let head = provenance(ws, p, w, f)?;
    let columns = glance::columns(answers);
    let mut cells = vec![
        w.variant,
        glance::header("total_cost_incl_admin", lang),
        w.ci_low,
        w.ci_high,
        lang.text("xlsx.percent"),
    ];
    cells.extend(columns.iter().map(|m| glance::header(m, lang)));
    cells.push(lang.text("xlsx.consists"));
    header(ws, head, &cells, f)?;
    let mut row = head + 1;
    for (a, r) in answers.iter().zip(glance::rows(answers, lang)) {
        let c = &a.total_cost_incl_admin;
        ws.write_string(row, 0, &r.name).map_err(xlsx_error)?;
        let shade = |v: Verdict| match v {
            Verdict::Better => Some(f.better),
            Verdict::Worse => Some(f.worse),
            _ => None,
        };
        let money = |v: Verdict| {
            let mut fmt = f.euro.clone();
            if let Some(s) = shade(v) {
                fmt = fmt.set_background_color(s);
            }
            fmt
        };
        for (k, x) in [c.mean, c.ci95[0], c.ci95[1]].into_iter().enumerate() {
            let v = if k == 0 {
                r.cost.verdict
            } else {
                Verdict::Unchanged
            };
            ws.write_number_with_format(row, 1 + k as u16, x, &money(v))
                .map_err(xlsx_error)?;
        }
        ws.write_number_with_format(row, 4, c.percent.mean / 100.0, &f.share)
            .map_err(xlsx_error)?;
        for (k, cell) in r.consequences.iter().enumerate() {
            let Some(ch) = glance::change(a, cell.metric) else {
                continue;
            };
            let base = if cell.metric == "p_year_over_budget" {
                &f.share
            } else {
                &f.count
            };
            let mut fmt = base.clone();
            if let Some(s) = shade(cell.verdict) {
                fmt = fmt.set_background_color(s);
            }
            ws.write_number_with_format(row, 5 + k as u16, ch.difference.mean, &fmt)
                .map_err(xlsx_error)?;
        }
        ws.write_string(row, 5 + columns.len() as u16, &r.composition)
            .map_err(xlsx_error)?;
        row += 1;
    }
    table(ws, head, row - 1, cells.len() as u16)?;
    // The explanation after the widths are fitted: long sentences run over empty cells.
    row += 1;
    ws.write_string(row, 0, lang.text("glance.legend_html"))
        .map_err(xlsx_error)?;
    row += 2;
    ws.write_string_with_format(row, 0, lang.text("glance.explanation"), &f.head)
        .map_err(xlsx_error)?;
    for a in answers {
        row += 1;
        ws.write_string(row, 0, a.sentence(lang))
            .map_err(xlsx_error)?;
    }
    Ok(())
}

/// Every paired difference, one row per variant and metric.
pub(super) fn differences(
    wb: &mut Workbook,
    c: &Comparison,
    names: &[String],
    p: &Provenance,
    w: &Words,
    f: &Formats,
) -> Result<()> {
    let lang = w.lang;
    let ws = wb.add_worksheet();
    ws.set_name(lang.text("xlsx.differences"))
        .map_err(xlsx_error)?;
    let head = provenance(ws, p, w, f)?;
    let cells = [
        w.variant,
        w.metric,
        w.outcome,
        w.difference,
        w.ci_low,
        w.ci_high,
        w.significant,
    ];
    header(ws, head, &cells, f)?;
    let mut row = head + 1;
    for (k, diffs) in c.differences.iter().enumerate() {
        for (metric, d) in diffs {
            ws.write_string(row, 0, &names[k + 1]).map_err(xlsx_error)?;
            ws.write_string(row, 1, metric).map_err(xlsx_error)?;
            ws.write_string(row, 2, lang.label(metric))
                .map_err(xlsx_error)?;
            for (j, x) in [d.mean, d.ci95[0], d.ci95[1]].iter().enumerate() {
                ws.write_number_with_format(row, 3 + j as u16, *x, f.of(metric))
                    .map_err(xlsx_error)?;
            }
            ws.write_string(
                row,
                6,
                lang.text(if crate::metrics::stats::significant(d) {
                    "search.yes"
                } else {
                    "search.no"
                }),
            )
            .map_err(xlsx_error)?;
            row += 1;
        }
    }
    table(ws, head, row - 1, cells.len() as u16)
}
