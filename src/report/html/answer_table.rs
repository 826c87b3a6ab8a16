//! The answer's table on a comparison's page — per variant its value, its paired
//! difference from the baseline and the CI, coloured only where it is true — and the
//! variants' names as a reader sees them (their labels).

use super::charts::{Better, Unit};
use super::{escape, metric_kind};
use crate::report::answer::Answer;
use crate::report::glance::care_cut_short;
use crate::report::lang::Lang;
use crate::results::comparison::ComparisonFile;

/// The answer's figures: the baseline's value, then per variant its value and its paired
/// difference from the baseline with the 95% CI.
pub(super) fn answer_table(answers: &[Answer], lang: Lang) -> String {
    let Some(first) = answers.first() else {
        return String::new();
    };
    let mut out = format!(
        "<table><tr><th>{}</th><th>{} ({})</th>",
        lang.label("outcome"),
        escape(first.shown_baseline()),
        lang.label("baseline")
    );
    for a in answers {
        out.push_str(&format!("<th>{}</th>", escape(a.shown())));
    }
    out.push_str("</tr>\n");
    let c = &first.total_cost_incl_admin;
    out.push_str(&format!(
        "<tr><td>{}</td><td>{}</td>",
        lang.label("total_cost_incl_admin"),
        lang.money(c.baseline)
    ));
    for a in answers {
        let c = &a.total_cost_incl_admin;
        out.push_str(&format!(
            "<td>{}<br><small class=\"{}\">Δ {} ({})<br>{} {} – {}<br>({} – {})</small></td>",
            lang.money(c.variant),
            class(c.significant, c.mean, Better::Lower, &lang.money(c.mean)),
            signed(lang.money(c.mean), c.mean),
            signed(lang.pct(c.percent.mean / 100.0), c.percent.mean),
            lang.text("glance.ci95"),
            lang.money(c.ci95[0]),
            lang.money(c.ci95[1]),
            crate::report::answer::pct_ci(c.percent.ci95[0], lang),
            crate::report::answer::pct_ci(c.percent.ci95[1], lang),
        ));
    }
    out.push_str("</tr>\n");
    if let Some(y) = &first.yearly_cost {
        out.push_str(&format!(
            "<tr><td>{}, P5 – P95</td><td>{} – {}</td>",
            lang.label("yearly_cost"),
            lang.money(y.baseline.p5),
            lang.money(y.baseline.p95)
        ));
        for a in answers {
            let cell = a.yearly_cost.map_or(String::new(), |y| {
                format!(
                    "{} – {}",
                    lang.money(y.variant.p5),
                    lang.money(y.variant.p95)
                )
            });
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    type Pick = fn(&Answer) -> &Option<crate::report::answer::Change>;
    let rows: [(&str, Pick); 7] = [
        ("p_year_over_budget", |a| &a.p_year_over_budget),
        ("expected_year_overrun", |a| &a.expected_year_overrun),
        ("forced_provider_changes", |a| &a.forced_provider_changes),
        ("mean_waiting_youths", |a| &a.mean_waiting_youths),
        ("mean_wait_months", |a| &a.mean_wait_months),
        ("care_forgone_months", |a| &a.care_forgone_months),
        ("providers_with_loss", |a| &a.providers_with_loss),
    ];
    for (metric, pick) in rows {
        let changes: Vec<Option<&crate::report::answer::Change>> =
            answers.iter().map(|a| pick(a).as_ref()).collect();
        let Some(base) = changes.iter().flatten().next().map(|c| c.baseline) else {
            continue;
        };
        if changes.iter().flatten().all(|c| c.variant == 0.0) && base == 0.0 {
            continue;
        }
        let (unit, better) = metric_kind(metric);
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td>",
            lang.label(metric),
            unit.format(base, lang)
        ));
        for (ch, a) in changes.iter().zip(answers) {
            // Fewer waiting because care is cut short is no gain to colour.
            let better = if metric == "mean_waiting_youths" && forgone_up(a) {
                Better::Neither
            } else {
                better
            };
            let cell = ch.map_or(String::new(), |ch| change_cell(ch, unit, better, lang));
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// A variant's value with its difference from the baseline and the CI.
fn change_cell(
    ch: &crate::report::answer::Change,
    unit: Unit,
    better: Better,
    lang: Lang,
) -> String {
    let d = ch.difference;
    format!(
        "{}<br><small class=\"{}\">Δ {}<br>{} {} – {}</small>",
        unit.format(ch.variant, lang),
        class(
            ch.significant,
            d.mean,
            better,
            &unit.format_diff(d.mean, lang)
        ),
        signed(unit.format_diff(d.mean, lang), d.mean),
        lang.text("glance.ci95"),
        unit.format_diff(d.ci95[0], lang),
        unit.format_diff(d.ci95[1], lang),
    )
}

/// The colour of a difference: none where it is not significant, where nothing is better,
/// or where it shows as zero (`shown`, as printed: a "0,0" coloured would say it moved).
pub(super) fn class(significant: bool, diff: f64, better: Better, shown: &str) -> &'static str {
    if !shown.chars().any(|c| c.is_ascii_digit() && c != '0') {
        return "";
    }
    match (significant, better, diff < 0.0) {
        (false, _, _) | (_, Better::Neither, _) => "",
        (true, Better::Lower, true) | (true, Better::Higher, false) => "better",
        _ => "worse",
    }
}

/// Care forgone rises significantly in this variant.
fn forgone_up(a: &Answer) -> bool {
    a.care_forgone_months
        .as_ref()
        .is_some_and(|f| care_cut_short(f.significant, f.difference.mean))
}

pub(super) fn signed(text: String, x: f64) -> String {
    if x > 0.0 { format!("+{text}") } else { text }
}

/// The name a reader sees for variant `name`: its label, else the name.
pub(super) fn shown_name(c: &ComparisonFile, name: &str) -> String {
    c.variant(name)
        .and_then(|v| v.label.clone())
        .unwrap_or_else(|| name.to_string())
}

/// `c` with every variant named by its label, for the page's tables and charts (the
/// answer keeps both: [`Answer::shown`]).
pub(super) fn relabelled(c: &ComparisonFile) -> ComparisonFile {
    let mut out = c.clone();
    out.baseline = shown_name(c, &c.baseline);
    for v in &mut out.variants {
        v.name = shown_name(c, &v.name);
    }
    for d in &mut out.differences {
        d.variant = shown_name(c, &d.variant);
        d.baseline = shown_name(c, &d.baseline);
    }
    out
}
