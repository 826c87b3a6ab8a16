//! The names a model's summary holds: the core metrics, families per segment and
//! sub-segment, budget and yearly metrics; their units; and the check of a name a user typed.

use super::catalogue::CORE_METRICS;
use super::{CHANCE_ONLY, books};
use crate::model::Model;

/// Budget risk per replication, only when the scenario has a `budget_per_year`: name,
/// unit, meaning, in output order.
pub const BUDGET_METRICS: [(&str, &str, &str); 3] = [
    (
        "budget_overrun_probability",
        "share",
        "share of reporting years whose spend exceeds the budget (a partial last year against the pro-rated budget)",
    ),
    (
        "p_year_over_budget",
        "probability",
        "share of full reporting years whose spend exceeds the budget (raised each year by the planned indexation)",
    ),
    (
        "expected_year_overrun",
        "€ a year",
        "spend above the budget, averaged over full reporting years (a year within budget counts 0)",
    ),
];

/// Pooled over replications and full reporting years (not per replication, so not
/// usable as a target): name, unit, meaning.
pub const YEARLY_METRICS: [(&str, &str, &str); 2] = [
    (
        "yearly_cost",
        "€",
        "a year's spend: mean with CI, and P5/P50/P95 of the spread of single years",
    ),
    (
        "yearly_cost_p95",
        "€",
        "the 95th percentile of a year's spend (what a budget must be to cover 19 years in 20)",
    ),
];

/// Every metric a summary can hold, with unit and meaning, for `jeugdsim metrics`. With a
/// model: its own names (families per segment and sub-segment, budget metrics only with
/// a budget, `*_chance_only` only with world drivers); without: every kind, families as
/// `prefix<segment>` patterns.
pub fn catalogue(model: Option<&Model>) -> Vec<(String, &'static str, String)> {
    let mut out: Vec<(String, &'static str, String)> = CORE_METRICS
        .iter()
        .map(|m| (m.name.to_string(), m.unit, m.meaning.to_string()))
        .collect();
    for (k, (prefix, unit, meaning)) in FAMILIES.iter().enumerate() {
        let names: Vec<String> = match model {
            Some(m) if k < 3 => m.segments.iter().map(|s| format!("{prefix}{s}")).collect(),
            Some(m) => m
                .subs
                .iter()
                .map(|s| format!("{prefix}{}", s.name))
                .collect(),
            None if k < 3 => vec![format!("{prefix}<segment>")],
            None => vec![format!("{prefix}<sub-segment>")],
        };
        out.extend(names.into_iter().map(|n| (n, *unit, meaning.to_string())));
    }
    if model.is_none_or(|m| m.budget_per_year_cents.is_some()) {
        let only = if model.is_none() {
            " (only with a budget_per_year)"
        } else {
            ""
        };
        out.extend(
            BUDGET_METRICS
                .iter()
                .map(|(n, u, m)| (n.to_string(), *u, format!("{m}{only}"))),
        );
    }
    out.extend(
        YEARLY_METRICS
            .iter()
            .map(|(n, u, m)| (n.to_string(), *u, m.to_string())),
    );
    if model.is_none_or(|m| m.world.declared()) {
        for name in CHANCE_ONLY {
            if let Some((_, unit, _)) = out.iter().find(|(n, _, _)| n == name) {
                let unit = *unit;
                out.push((
                    format!("{name}_chance_only"),
                    unit,
                    format!("`{name}` from chance alone (run, with world drivers)"),
                ));
            }
        }
    }
    out
}

/// Per-segment and per-sub-segment metric families: name prefix, unit and meaning.
pub const FAMILIES: &[(&str, &str, &str)] = &[
    ("cost_segment_", "€", "total_cost of the segment"),
    (
        "youth_months_segment_",
        "months",
        "youth-months in care in the segment",
    ),
    (
        "mean_waiting_segment_",
        "youths",
        "youths waiting for a place in the segment, averaged over months",
    ),
    (
        "mean_in_care_sub_",
        "youths",
        "youths in care in the sub-segment, averaged over months",
    ),
    (
        "mean_waiting_sub_",
        "youths",
        "youths waiting for a place in the sub-segment, averaged over months",
    ),
    (
        "providers_contracted_sub_",
        "providers",
        "providers contracted in the sub-segment at the end of the horizon",
    ),
    (
        "mean_wait_months_sub_",
        "months",
        "months from referral or transfer decision to placement in the sub-segment, averaged over its placements",
    ),
    (
        "market_concentration_hhi_sub_",
        "index 0-10,000",
        "Herfindahl-Hirschman index of the providers' shares of the sub-segment's youth-months over the horizon (10,000 = one provider); per month in monthly.csv as `hhi_<sub-segment>`",
    ),
    (
        "p90_wait_months_sub_",
        "months",
        "90th percentile of the whole months waited for a place in the sub-segment: its placements over the horizon and the youths still waiting at its end (with their wait so far), as the wachtkamer tests its norm",
    ),
    (
        "min_covering_providers_sub_",
        "providers",
        "the fewest contracted providers covering any one municipality that buys the sub-segment through the region, at the end of the horizon (a tender's coverage per municipality)",
    ),
];

/// The declared unit of a metric name (core, budget, yearly, a family's, a municipality's
/// books, or a `*_chance_only` twin's); `None` for a name that is not a metric.
pub fn unit(name: &str) -> Option<&'static str> {
    let name = name.strip_suffix("_chance_only").unwrap_or(name);
    CORE_METRICS
        .iter()
        .find(|m| m.name == name)
        .map(|m| m.unit)
        .or_else(|| {
            BUDGET_METRICS
                .iter()
                .chain(&YEARLY_METRICS)
                .chain(&books::MUNICIPAL_METRICS)
                .find(|(n, _, _)| *n == name)
                .map(|(_, u, _)| *u)
        })
        .or_else(|| {
            FAMILIES
                .iter()
                .find(|(prefix, _, _)| name.starts_with(prefix))
                .map(|(_, u, _)| *u)
        })
}

/// All metric names for `model`: the core ones, then the families per segment and
/// sub-segment, in the order `replication_metrics` writes them.
/// Checks that `metric` is a metric of `model`'s runs; the error names the closest
/// metric names (a typo in a target or a sensitivity metric).
pub fn known_metric(model: &Model, metric: &str) -> crate::error::Result<()> {
    let names = metric_names(model);
    if names.iter().any(|n| n == metric) {
        return Ok(());
    }
    let pooled =
        YEARLY_METRICS.iter().any(|(n, _, _)| *n == metric) || metric.ends_with("_chance_only");
    if pooled {
        return Err(crate::error::Error::Usage(format!(
            "`{metric}` is a summary over all replications, not a value per replication; use a per-replication metric such as `total_cost`, `p_year_over_budget` or `expected_year_overrun` (all names: `jeugdsim metrics FILE`)"
        )));
    }
    let mut close: Vec<(f64, &String)> = names
        .iter()
        .map(|n| (strsim::jaro_winkler(metric, n), n))
        .filter(|(score, _)| *score > 0.8)
        .collect();
    close.sort_by(|a, b| b.0.total_cmp(&a.0));
    let hint = match close.first() {
        Some((_, n)) => format!("; did you mean `{n}`?"),
        None => String::new(),
    };
    Err(crate::error::Error::Usage(format!(
        "unknown metric `{metric}`{hint} (all names: `jeugdsim metrics FILE`)"
    )))
}

pub fn metric_names(model: &Model) -> Vec<String> {
    let mut names: Vec<String> = CORE_METRICS.iter().map(|m| m.name.to_string()).collect();
    for (prefix, _, _) in &FAMILIES[..3] {
        names.extend(model.segments.iter().map(|s| format!("{prefix}{s}")));
    }
    for (prefix, _, _) in &FAMILIES[3..] {
        names.extend(model.subs.iter().map(|s| format!("{prefix}{}", s.name)));
    }
    if model.budget_per_year_cents.is_some() {
        names.extend(BUDGET_METRICS.iter().map(|(n, _, _)| n.to_string()));
    }
    names
}
