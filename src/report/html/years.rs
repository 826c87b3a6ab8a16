//! Where the risk falls, year by year: each variant's band of a year's spend and its chance
//! of exceeding the year's budget, side by side (the pooled band over indexed years hides
//! a scheme's certainty within a year).

use super::escape;
use crate::report::lang::Lang;
use crate::results::comparison::Variant;

/// Per full reporting year, each variant's band of a year's spend (P5–P95) side by side,
/// and with a budget the year's budget and each variant's chance of exceeding it: where
/// the risk falls, year by year, which the pooled band over indexed years hides.
pub(super) fn year_table(variants: &[Variant], budgets: &[f64], lang: Lang) -> String {
    let Some(first) = variants.first() else {
        return String::new();
    };
    if first.yearly_cost_by_year.len() < 2 {
        return String::new();
    }
    let mut out = format!(
        "<p>{}</p>\n<table><tr><th>{}</th>",
        lang.text("comparison.year_table"),
        lang.text("charts.reporting_year")
    );
    if !budgets.is_empty() {
        out.push_str(&format!("<th>{}</th>", lang.text("charts.budget")));
    }
    for v in variants {
        out.push_str(&format!("<th>{} (P5 – P95)</th>", escape(&v.name)));
    }
    out.push_str("</tr>\n");
    for (y, year) in first.yearly_cost_by_year.iter().enumerate() {
        out.push_str(&format!("<tr><td>{}</td>", escape(&year.from)));
        if !budgets.is_empty() {
            let b = budgets.get(y).map_or(String::new(), |b| lang.money(*b));
            out.push_str(&format!("<td>{b}</td>"));
        }
        for v in variants {
            let Some(c) = v.yearly_cost_by_year.get(y) else {
                out.push_str("<td></td>");
                continue;
            };
            let mut cell = format!("{} – {}", lang.money(c.stat.p5), lang.money(c.stat.p95));
            if let Some(p) = c.p_over_budget {
                cell.push_str(
                    &lang.fill("comparison.over_budget_cell", &[("p", &lang.fixed(p, 2))]),
                );
            }
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}
