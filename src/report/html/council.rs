//! The council's table on report.html: per year and municipality its actual use, what it
//! pays under the cost split, the solidarity transfer, its budget and the chance of
//! exceeding it (from `council_municipalities.csv`).

use super::escape;
use crate::report::lang::Lang;
use crate::results::council::CouncilRow;

pub(super) fn section(rows: &[CouncilRow], lang: Lang) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let nl = lang == Lang::Nl;
    let by_variant = rows.iter().any(|r| !r.variant.is_empty());
    let head: [&str; 8] = if nl {
        [
            "Jaar",
            "Gemeente",
            "Eigen gebruik",
            "Volgens kostenverdeling",
            "Solidariteit",
            "Begroting",
            "Verschil met begroting",
            "Kans boven begroting",
        ]
    } else {
        [
            "Year",
            "Municipality",
            "Actual use",
            "Under the cost split",
            "Solidarity transfer",
            "Budget",
            "Difference from budget",
            "P(over budget)",
        ]
    };
    let mut s = format!(
        "<h2>{}</h2>\n<p>{}</p>\n<table><tr>{}",
        if nl {
            "Per gemeente en jaar (raadstabel)"
        } else {
            "Per municipality and year (the council's table)"
        },
        if nl {
            "Gemiddelden over de replicaties, in euro. Per jaar tellen de gemeenten exact op tot de regio; de uitsplitsing per segment en Iv3-taakveld (6.72, 6.82) staat in council.csv en in de werkmap."
        } else {
            "Means over replications, in euro. Each year the municipalities add up to the region exactly; the split per segment and Iv3 task field (6.72, 6.82) is in council.csv and the workbook."
        },
        if by_variant {
            "<th>Variant</th>".to_string()
        } else {
            String::new()
        }
    );
    for h in head {
        s.push_str(&format!("<th>{h}</th>"));
    }
    s.push_str("</tr>\n");
    for r in rows {
        s.push_str("<tr>");
        if by_variant {
            s.push_str(&format!("<td>{}</td>", escape(&r.variant)));
        }
        let opt = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map_or("–".to_string(), f);
        let cells = [
            escape(&r.year),
            escape(&r.municipality),
            lang.money(r.actual_use),
            lang.money(r.cost_split),
            lang.money(r.solidarity_transfer),
            opt(r.budget, &|b| lang.money(b)),
            opt(r.budget_difference, &|d| lang.money(d)),
            opt(r.over_budget_probability, &|p| lang.pct(p)),
        ];
        for c in cells {
            s.push_str(&format!("<td>{c}</td>"));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    s
}
