//! The answer at a glance on `report.html`: the table of [`crate::report::glance`], one row
//! per variant, each difference coloured by whether it is better or worse for the region
//! and grey where it is not significant or unchanged. Browser tests read it from the page
//! (`#answer-block`, a row per variant with `data-variant`, a cell per figure with
//! `data-metric` and its verdict as class).

use super::escape;
use crate::report::answer::Answer;
use crate::report::glance::{self, Cell};
use crate::report::lang::Lang;

pub(super) fn block(answers: &[Answer], lang: Lang) -> String {
    let Some(first) = answers.first() else {
        return String::new();
    };
    let columns = glance::columns(answers);
    let mut out = format!(
        "<p class=\"glance-title\">{}</p>\n<table id=\"answer-block\" class=\"glance\"><tr><th>{}</th><th>{}</th>",
        escape(&lang.fill(
            "glance.title",
            &[
                ("b", &first.shown_baseline()),
                ("period", &first.period(lang))
            ],
        )),
        escape(lang.label("variant")),
        escape(glance::header("total_cost_incl_admin", lang)),
    );
    for m in &columns {
        out.push_str(&format!("<th>{}</th>", escape(glance::header(m, lang))));
    }
    out.push_str("</tr>\n");
    let td = |c: &Cell, extra: &str| {
        format!(
            "<td class=\"{}\" data-metric=\"{}\">{}{extra}</td>",
            c.verdict.class(),
            c.metric,
            escape(&c.text)
        )
    };
    let mut qualified = false;
    for (a, r) in answers.iter().zip(glance::rows(answers, lang)) {
        out.push_str(&format!(
            "<tr data-variant=\"{}\"><th class=\"text\">{}</th>",
            escape(&a.variant),
            escape(&r.name)
        ));
        let ns = if r.cost.verdict == glance::Verdict::NotSignificant {
            format!(" <small>({})</small>", lang.text("glance.ns"))
        } else {
            String::new()
        };
        out.push_str(&td(
            &r.cost,
            &format!(
                "{ns}<br><small>{} {}</small>",
                lang.text("glance.ci95"),
                escape(&r.cost_ci)
            ),
        ));
        for c in &r.consequences {
            let note = match c.verdict {
                glance::Verdict::NotSignificant => {
                    format!(" <small>({})</small>", lang.text("glance.ns"))
                }
                glance::Verdict::Qualified => {
                    qualified = true;
                    " (!)".to_string()
                }
                _ => String::new(),
            };
            out.push_str(&td(c, &note));
        }
        out.push_str("</tr>\n");
        if !r.composition.is_empty() {
            out.push_str(&format!(
                "<tr class=\"composition\"><td></td><td class=\"text\" colspan=\"{}\">{}</td></tr>\n",
                columns.len() + 1,
                escape(&r.composition)
            ));
        }
    }
    out.push_str("</table>\n");
    let mut legend = lang.text("glance.legend_html").to_string();
    if qualified {
        legend.push_str(&format!(" (!) {}.", lang.text("glance.qualified")));
    }
    out.push_str(&format!("<p class=\"legend\">{}</p>\n", escape(&legend)));
    out
}
