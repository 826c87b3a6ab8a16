//! The terminal table of key outcomes.

use crate::metrics::Summary;
use crate::metrics::stats::Stat;

/// The metrics shown on the terminal, with a label for a policy reader.
const KEY: &[(&str, &str)] = &[
    ("total_cost", "Total cost (€)"),
    ("cost_per_youth", "Cost per youth, whole horizon (€)"),
    (
        "cost_per_youth_per_year",
        "Cost per youth in care a year (€)",
    ),
    ("youths_in_care", "Youths in care (distinct)"),
    ("mean_in_care", "Youths in care (monthly average)"),
    ("share_ambulant", "Share ambulant (youth-months)"),
    ("residential_bed_months", "Residential bed-months"),
    ("mean_waiting_youths", "Youths waiting (monthly average)"),
    ("mean_wait_months", "Wait per placement (months)"),
    ("provider_changes_per_youth", "Provider changes per youth"),
    ("forced_provider_changes", "Forced provider changes"),
    ("step_downs", "Step-downs"),
    ("step_ups", "Step-ups"),
    ("to_adult_care_at_18", "To adult care at 18"),
    ("reentry_within_12m", "Re-entries within 12 months"),
];

/// Budget risk, shown when the scenario has a `budget_per_year` or world drivers.
/// With world drivers, each also from chance alone.
const BUDGET: &[(&str, &str)] = &[
    ("yearly_cost", "A year's cost (€)"),
    ("yearly_cost_chance_only", "  from chance only"),
    ("yearly_cost_p95", "A year's cost, P95 (€)"),
    ("yearly_cost_p95_chance_only", "  from chance only"),
    ("p_year_over_budget", "P(a year's cost > budget)"),
    ("p_year_over_budget_chance_only", "  from chance only"),
    ("expected_year_overrun", "Expected overrun a year (€)"),
    ("expected_year_overrun_chance_only", "  from chance only"),
];

/// Formats a number for reading: thousands separated, few decimals for small values.
pub fn fmt_num(x: f64) -> String {
    let a = x.abs();
    let s = if a >= 1000.0 {
        let whole = format!("{:.0}", a);
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else if a >= 10.0 {
        format!("{a:.1}")
    } else {
        format!("{a:.3}")
    };
    if x < 0.0 { format!("-{s}") } else { s }
}

fn row(label: &str, s: &Stat) -> String {
    format!(
        "{:<34} {:>16} {:>33} {:>33}",
        label,
        fmt_num(s.mean),
        format!("[{} – {}]", fmt_num(s.ci95[0]), fmt_num(s.ci95[1])),
        format!("{} – {}", fmt_num(s.p5), fmt_num(s.p95)),
    )
}

/// The key-outcome table over `months` months.
pub fn render(summary: &Summary, months: u32) -> String {
    let mut out = format!(
        "{:<34} {:>16} {:>33} {:>33}\n",
        format!("Outcome over {months} months"),
        "mean",
        "95% CI of the mean",
        "P5 – P95 (replications)"
    );
    out.push_str(&"─".repeat(119));
    out.push('\n');
    for (name, label) in KEY {
        if let Some(s) = summary.metric(name) {
            out.push_str(&row(label, s));
            out.push('\n');
        }
    }
    let world = summary.metric("yearly_cost_chance_only").is_some();
    if world || summary.metric("p_year_over_budget").is_some() {
        out.push_str(if world {
            "Budget risk (per reporting year; chance and world drivers, and chance only)\n"
        } else {
            "Budget risk (per reporting year)\n"
        });
        for (name, label) in BUDGET {
            if let Some(s) = summary.metric(name) {
                out.push_str(&row(&format!("  {label}"), s));
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fmt_num;

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(fmt_num(1234567.4), "1,234,567");
        assert_eq!(fmt_num(-1234.0), "-1,234");
        assert_eq!(fmt_num(12.345), "12.3");
        assert_eq!(fmt_num(0.12345), "0.123");
    }
}
