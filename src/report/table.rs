//! The terminal table of key outcomes.

use super::lang::Lang;
use crate::metrics::Summary;
use crate::metrics::stats::Stat;

/// The metrics shown on the terminal; labels in [`Lang::label`].
const KEY: &[&str] = &[
    "total_cost",
    "cost_per_youth",
    "cost_per_youth_per_year",
    "youths_in_care",
    "mean_in_care",
    "share_ambulant",
    "residential_bed_months",
    "mean_waiting_youths",
    "mean_wait_months",
    "provider_changes_per_youth",
    "forced_provider_changes",
    "step_downs",
    "step_ups",
    "to_adult_care_at_18",
    "reentry_within_12m",
];

/// Budget risk, shown when the scenario has a `budget_per_year` or world drivers.
/// With world drivers, each also from chance alone.
const BUDGET: &[&str] = &[
    "yearly_cost",
    "yearly_cost_chance_only",
    "yearly_cost_p95",
    "yearly_cost_p95_chance_only",
    "p_year_over_budget",
    "p_year_over_budget_chance_only",
    "expected_year_overrun",
    "expected_year_overrun_chance_only",
];

/// The label column's width: Dutch labels are longer.
const LABEL: usize = 44;

pub use super::lang::fmt_num;

fn row(label: &str, s: &Stat, lang: Lang) -> String {
    format!(
        "{:<LABEL$} {:>16} {:>33} {:>33}",
        label,
        lang.num(s.mean),
        format!("[{} – {}]", lang.num(s.ci95[0]), lang.num(s.ci95[1])),
        format!("{} – {}", lang.num(s.p5), lang.num(s.p95)),
    )
}

/// The key-outcome table over `months` months.
pub fn render(summary: &Summary, months: u32, lang: Lang) -> String {
    let mut out = format!(
        "{:<LABEL$} {:>16} {:>33} {:>33}\n",
        format!(
            "{} {}",
            lang.label("outcome"),
            lang.label("over_months")
                .replace("{n}", &months.to_string())
        ),
        lang.label("mean"),
        lang.label("ci"),
        lang.label("spread")
    );
    out.push_str(&"─".repeat(LABEL + 85));
    out.push('\n');
    for name in KEY {
        if let Some(s) = summary.metric(name) {
            out.push_str(&row(lang.label(name), s, lang));
            out.push('\n');
        }
    }
    let world = summary.metric("yearly_cost_chance_only").is_some();
    if world || summary.metric("p_year_over_budget").is_some() {
        out.push_str(lang.label(if world {
            "budget_risk_world"
        } else {
            "budget_risk"
        }));
        out.push('\n');
        for name in BUDGET {
            if let Some(s) = summary.metric(name) {
                let label = match name.strip_suffix("_chance_only") {
                    Some(_) => format!("    {}", lang.label("chance_only")),
                    None => format!("  {}", lang.label(name)),
                };
                out.push_str(&row(&label, s, lang));
                out.push('\n');
            }
        }
    }
    out
}

/// The budget risk in a sentence, when the scenario has a budget.
pub fn budget_sentence(summary: &Summary, lang: Lang) -> Option<String> {
    let year = summary.metric("yearly_cost")?;
    Some(budget_text(
        lang,
        None,
        summary.metric("p_year_over_budget")?.mean,
        summary.metric("expected_year_overrun")?.mean,
        (year.p5, year.p95),
    ))
}

/// The budget risk in words: P(a year over budget), the expected overrun and a year's
/// P5–P95 (and the first year's budget, when given). The console and the run report say
/// the same.
pub fn budget_text(
    lang: Lang,
    budget: Option<f64>,
    p: f64,
    overrun: f64,
    band: (f64, f64),
) -> String {
    let budget = budget.map_or(String::new(), |b| {
        lang.fill(
            "table.in_the_first_year_raised",
            &[("money", &lang.money(b))],
        )
    });
    let (p2, pct, overrun, p5, p95) = (
        lang.fixed(p, 2),
        lang.pct(p),
        lang.money(overrun),
        lang.money(band.0),
        lang.money(band.1),
    );
    lang.fill(
        "table.a_year_s_cost_exceeds",
        &[
            ("budget", &budget),
            ("p2", &p2),
            ("pct", &pct),
            ("overrun", &overrun),
            ("p5", &p5),
            ("p95", &p95),
        ],
    )
}
