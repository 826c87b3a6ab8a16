//! From a replication's tally to named metrics, and from metrics over replications to a
//! summary. Metric names are the results contract (`summary.json`): extend, never rename.

pub mod books;
pub mod stats;
pub mod tally;
pub mod target;

use crate::model::Model;
use stats::{Accumulator, Stat};
use tally::Tally;

/// What a metric formula sees of one replication.
pub struct Ctx<'a> {
    pub c: &'a tally::Counters,
    /// Reported months.
    pub months: f64,
    /// Reporting years (12-month blocks from the start; the last may be partial).
    pub years: f64,
    /// Inhabitants aged 0–22.
    pub youth_population: f64,
}

/// Reporting years over budget, as a share of years; a partial last year is compared with
/// the pro-rated budget.
fn overrun_share(model: &Model, t: &Tally) -> f64 {
    if model.budget_per_year_cents.is_none() {
        return 0.0;
    }
    let years = t.yearly_cost_cents.len();
    let over = t
        .yearly_cost_cents
        .iter()
        .enumerate()
        .filter(|&(y, &spend)| {
            let months = (model.horizon as usize - 12 * y).min(12) as f64;
            spend as f64 > model.budget_in_year(y).unwrap_or(0.0) * months / 12.0
        })
        .count();
    over as f64 / years as f64
}

/// Budget risk over the full reporting years of one replication: the share of years whose
/// spend exceeds the budget, and the mean overrun a year (€; 0 for a year within budget).
fn budget_risk(model: &Model, t: &Tally) -> (f64, f64) {
    if model.budget_per_year_cents.is_none() {
        return (0.0, 0.0);
    }
    let full = (model.horizon as usize / 12).min(t.yearly_cost_cents.len());
    if full == 0 {
        return (0.0, 0.0);
    }
    let (mut over, mut overrun) = (0, 0.0);
    for (y, &spend) in t.yearly_cost_cents[..full].iter().enumerate() {
        let excess = spend as f64 - model.budget_in_year(y).unwrap_or(0.0);
        over += usize::from(excess > 0.0);
        overrun += excess.max(0.0);
    }
    (over as f64 / full as f64, overrun / 100.0 / full as f64)
}

impl Ctx<'_> {
    fn total_cost(&self) -> f64 {
        self.c.care_cents as f64 / 100.0
    }
    fn youths(&self) -> f64 {
        self.c.distinct_youths as f64
    }
    fn mean_in_care(&self) -> f64 {
        self.c.youth_months as f64 / self.months
    }
}

/// A metric of the results contract: name, unit, meaning and formula side by side, so
/// names and values cannot drift apart. docs/metrics.md explains each.
pub struct Metric {
    pub name: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
    pub value: fn(&Ctx) -> f64,
}

const fn metric(
    name: &'static str,
    unit: &'static str,
    meaning: &'static str,
    value: fn(&Ctx) -> f64,
) -> Metric {
    Metric {
        name,
        unit,
        meaning,
        value,
    }
}

/// The scenario-independent metrics, in output order. Extend at the end; never rename.
pub const CORE_METRICS: &[Metric] = &[
    metric(
        "total_cost",
        "€",
        "municipality spend on procured youth care over the horizon",
        |x| x.total_cost(),
    ),
    metric(
        "cost_per_youth",
        "€",
        "total_cost / youths_in_care: per youth over the whole horizon, not a year (see cost_per_youth_per_year)",
        |x| ratio(x.total_cost(), x.youths()),
    ),
    metric(
        "youths_in_care",
        "youths",
        "distinct youths in care at least one month",
        |x| x.youths(),
    ),
    metric(
        "share_ambulant",
        "share",
        "youth-months in ambulant sub-segments / all youth-months in care",
        |x| ratio(x.c.ambulant_months as f64, x.c.youth_months as f64),
    ),
    metric(
        "residential_bed_months",
        "months",
        "youth-months in residential and closed sub-segments",
        |x| x.c.bed_months as f64,
    ),
    metric(
        "mean_waiting_youths",
        "youths",
        "youths waiting for a placement (with or without care meanwhile), averaged over months",
        |x| x.c.waiting_youth_months as f64 / x.months,
    ),
    metric(
        "mean_wait_months",
        "months",
        "months from referral or transfer decision to placement, averaged over placements",
        |x| ratio(x.c.wait_months_at_placement as f64, x.c.placements as f64),
    ),
    metric(
        "provider_changes_per_youth",
        "changes",
        "changes of regular provider / youths_in_care",
        |x| ratio(x.c.provider_changes as f64, x.youths()),
    ),
    metric(
        "forced_provider_changes",
        "changes",
        "provider changes while the care need stayed the same",
        |x| x.c.forced_provider_changes as f64,
    ),
    metric(
        "to_adult_care_at_18",
        "youths",
        "youths moving to adult care (Wmo/Zvw) at 18 or at the end of verlengde jeugdhulp",
        |x| x.c.to_adult_care as f64,
    ),
    metric(
        "reentry_within_12m",
        "youths",
        "former clients referred again within 12 months of leaving",
        |x| x.c.reentries_within_12m as f64,
    ),
    metric(
        "step_downs",
        "moves",
        "completed moves to a lighter sub-segment",
        |x| x.c.step_downs as f64,
    ),
    metric(
        "step_ups",
        "moves",
        "completed moves to a heavier sub-segment",
        |x| x.c.step_ups as f64,
    ),
    metric("youth_months", "months", "youth-months in care", |x| {
        x.c.youth_months as f64
    }),
    metric(
        "referrals",
        "referrals",
        "new referrals (before the sociale basis)",
        |x| x.c.referrals as f64,
    ),
    metric(
        "resolved_in_sociale_basis",
        "referrals",
        "referrals resolved without an indication",
        |x| x.c.resolved_in_sociale_basis as f64,
    ),
    metric(
        "sociale_basis_cost",
        "€",
        "cost of referrals resolved in the sociale basis (not in total_cost)",
        |x| x.c.sociale_basis_cents as f64 / 100.0,
    ),
    metric(
        "admissions",
        "youths",
        "placements of youths coming from outside care (new or re-entering)",
        |x| x.c.admissions as f64,
    ),
    metric(
        "mean_in_care",
        "youths",
        "youths in care, averaged over months",
        |x| x.mean_in_care(),
    ),
    metric(
        "in_care_per_1000",
        "per 1,000",
        "mean_in_care per 1,000 inhabitants aged 0-22",
        |x| ratio(x.mean_in_care() * 1000.0, x.youth_population),
    ),
    metric(
        "crisis_admissions",
        "placements",
        "placements in the crisis sub-segment",
        |x| x.c.crisis_admissions as f64,
    ),
    metric(
        "crisis_over_capacity",
        "placements",
        "crisis placements made above the provider's capacity",
        |x| x.c.crisis_over_capacity as f64,
    ),
    metric(
        "bed_blocking_months",
        "months",
        "months a youth ready to move keeps a residential bed",
        |x| x.c.bed_blocking_months as f64,
    ),
    metric(
        "waiting_dropouts",
        "youths",
        "youths who gave up while waiting",
        |x| x.c.waiting_dropouts as f64,
    ),
    metric(
        "escalations_while_waiting",
        "youths",
        "waiting youths whose need escalated to a heavier sub-segment",
        |x| x.c.escalations_while_waiting as f64,
    ),
    metric(
        "chosen_provider_changes",
        "changes",
        "provider changes that came with a change of sub-segment (care need)",
        |x| (x.c.provider_changes - x.c.forced_provider_changes) as f64,
    ),
    metric(
        "share_resolved_in_sociale_basis",
        "share",
        "resolved_in_sociale_basis / referrals",
        |x| ratio(x.c.resolved_in_sociale_basis as f64, x.c.referrals as f64),
    ),
    metric(
        "youths_in_care_per_year",
        "youths",
        "distinct youths in care during a reporting year, averaged over years",
        |x| x.c.youth_years as f64 / x.years,
    ),
    metric(
        "share_of_youths_in_care_per_year",
        "share",
        "youths_in_care_per_year / inhabitants aged 0-22 (CBS: 10.6% in 2023)",
        |x| ratio(x.c.youth_years as f64 / x.years, x.youth_population),
    ),
    metric(
        "share_met_verblijf",
        "share",
        "of youths in care in a year, the share with accommodation: any non-ambulant kind (CBS: about 8-9%)",
        |x| ratio(x.c.youth_years_verblijf as f64, x.c.youth_years as f64),
    ),
    metric(
        "admin_cost",
        "€",
        "administrative cost: contract management, declarations, re-indications (not in total_cost)",
        |x| x.c.admin_cents as f64 / 100.0,
    ),
    metric(
        "provider_result_total",
        "€",
        "Σ over providers of revenue − own cost of delivered care",
        |x| x.c.provider_result_cents as f64 / 100.0,
    ),
    metric(
        "providers_with_loss",
        "providers",
        "providers whose result over the horizon is negative",
        |x| x.c.providers_with_loss as f64,
    ),
    metric(
        "provider_exits",
        "providers",
        "providers that left the market with a negative reserve (exit_on_negative_reserve)",
        |x| x.c.provider_exits as f64,
    ),
    metric(
        "max_revenue_change_vs_reference",
        "share",
        "revenue guard (004:2892-2904): max over providers of |revenue − what P×Q pays for the same production| / that",
        |x| x.c.max_revenue_change,
    ),
    metric(
        "reindications",
        "re-indications",
        "keuzebudget raises and budget re-indications",
        |x| x.c.reindications as f64,
    ),
    metric(
        "consent_delays",
        "referrals",
        "keuzebudget referrals that waited for the region's consent",
        |x| x.c.consent_delays as f64,
    ),
    metric(
        "rationing_closures",
        "closures",
        "times a lumpsum provider stopped admitting because it was past its budget",
        |x| x.c.rationing_closures as f64,
    ),
    metric(
        "bought_separately",
        "referrals",
        "referrals and follow-ups to care a municipality buys outside the region (buys_separately)",
        |x| x.c.bought_separately as f64,
    ),
    metric(
        "wachtkamer_activations",
        "providers",
        "providers contracted from the wachtkamer (waiting room) during the horizon",
        |x| x.c.wachtkamer_activations as f64,
    ),
    metric(
        "youths_waiting_over_norm",
        "youths",
        "youths waiting without care longer than their sub-segment's waiting norm, averaged over months",
        |x| x.c.waiting_over_norm_months as f64 / x.months,
    ),
    metric(
        "market_concentration_hhi",
        "index 0-10,000",
        "Herfindahl-Hirschman index of providers' shares of youth-months per sub-segment, weighted by youth-months",
        |x| x.c.hhi,
    ),
    metric(
        "forced_changes_at_transition",
        "changes",
        "clients of providers not contracted in the new model who had to move (transition rules)",
        |x| x.c.forced_changes_at_transition as f64,
    ),
    metric(
        "residential_forced_changes",
        "changes",
        "forced provider changes in residential and closed care (overplaatsingen)",
        |x| x.c.residential_forced_changes as f64,
    ),
    metric(
        "dual_financing_months",
        "months",
        "youth-months of legacy indications financed P×Q after go-live",
        |x| x.c.dual_financing_months as f64,
    ),
    metric(
        "dual_financing_cost",
        "€",
        "cost of those legacy indications (part of total_cost)",
        |x| x.c.dual_financing_cents as f64 / 100.0,
    ),
    metric(
        "cost_per_youth_per_year",
        "€ a year",
        "total_cost / Σ over reporting years of the distinct youths in care that year: a year's spend per youth in care that year",
        |x| ratio(x.total_cost(), x.c.youth_years as f64),
    ),
    metric(
        "share_in_care_point",
        "share",
        "mean_in_care / inhabitants aged 0-22: the share in care at a point in time (CBS: about 7%)",
        |x| ratio(x.mean_in_care(), x.youth_population),
    ),
    metric(
        "providers_over_revenue_guard",
        "providers",
        "providers whose revenue in the first contract year, at equal production, moved more than 5% from what P×Q paid (requirement 38, 004:2892-2904); 0 under P×Q",
        |x| x.c.providers_over_revenue_guard as f64,
    ),
    metric(
        "mean_trajectory_months",
        "months",
        "youth_months / placements (Little's law): the mean length of a stay with one provider in one sub-segment, as CBS counts a trajectory",
        |x| ratio(x.c.youth_months as f64, x.c.placements as f64),
    ),
    metric(
        "referrals_refused",
        "refusals",
        "referrals (care plans) a provider refused at intake because the budget did not cover its cost of the plan (keuzebudget `refusal_tolerance`), each counted once; the youth keeps waiting with the same plan",
        |x| x.c.referrals_refused as f64,
    ),
    metric(
        "capacity_change",
        "places",
        "net places added over the reported years by providers following their margin (provider_economics.capacity_response; 0 with fixed capacity)",
        |x| x.c.capacity_change as f64,
    ),
    metric(
        "care_forgone_months",
        "months",
        "months of care needed and not given: each month a refused youth waits without care, the indication of each youth who left a waiting list, the months a scheme's behaviour cut from indications, and the extension an early discharge ended",
        |x| x.c.care_forgone_months as f64,
    ),
    metric(
        "early_discharges",
        "youths",
        "youths a lumpsum provider running ahead of its budget discharged at the end of an indication it would otherwise have extended (`early_discharge`)",
        |x| x.c.early_discharges as f64,
    ),
    metric(
        "shifted_to_pxq",
        "youths",
        "youths a lumpsum provider running ahead of its budget referred on to a step-up or step-down sub-segment paid P×Q instead of extending their indication (`shift_to_pxq`)",
        |x| x.c.shifted_to_pxq as f64,
    ),
    metric(
        "trajectories_ended",
        "trajectories",
        "trajectories with a provider that ended, for any reason: success, dropout, early closure, a move to other care (step up or down, crisis, a forced change), age",
        |x| x.c.trajectories_ended as f64,
    ),
    metric(
        "goal_attainment",
        "share",
        "share of ended trajectories that ended in success (goal attained: the success hazard, or the end of an indication not extended)",
        |x| ratio(x.c.goals_attained as f64, x.c.trajectories_ended as f64),
    ),
    metric(
        "dropout_share",
        "share",
        "share of ended trajectories that ended in dropout (the youth stopped coming)",
        |x| {
            ratio(
                x.c.trajectory_dropouts as f64,
                x.c.trajectories_ended as f64,
            )
        },
    ),
    metric(
        "reentry_within_12m_share",
        "share",
        "reentry_within_12m / trajectories that ended with the youth leaving care (not moving to other care)",
        |x| {
            ratio(
                x.c.reentries_within_12m as f64,
                (x.c.trajectories_ended - x.c.trajectories_referred_on) as f64,
            )
        },
    ),
    metric(
        "total_cost_incl_admin",
        "€",
        "total_cost + admin_cost: what the region spends on care and on running the model (the answer of a comparison)",
        |x| x.total_cost() + x.c.admin_cents as f64 / 100.0,
    ),
];

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

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// The metric values of one replication, in `metric_names` order.
pub fn replication_metrics(model: &Model, t: &Tally, out: &mut Vec<f64>) {
    let months = model.horizon as f64;
    let ctx = Ctx {
        c: &t.counters,
        months,
        years: (months / 12.0).ceil(),
        youth_population: model.munis.iter().map(|m| m.youth_0_22()).sum(),
    };
    out.clear();
    out.extend(CORE_METRICS.iter().map(|m| (m.value)(&ctx)));
    out.extend(t.segment_cents.iter().map(|&v| v as f64 / 100.0));
    out.extend(t.segment_months.iter().map(|&v| v as f64));
    out.extend(t.segment_waiting_months.iter().map(|&v| v as f64 / months));
    out.extend(t.sub_months.iter().map(|&v| v as f64 / months));
    out.extend(t.sub_waiting_months.iter().map(|&v| v as f64 / months));
    out.extend(t.sub_contracted.iter().map(|&v| v as f64));
    out.extend(
        t.sub_wait_months
            .iter()
            .zip(&t.sub_placements)
            .map(|(&w, &n)| ratio(w as f64, n as f64)),
    );
    out.extend(t.sub_hhi.iter().copied());
    if model.budget_per_year_cents.is_some() {
        out.push(overrun_share(model, t));
        let (p_over, overrun) = budget_risk(model, t);
        out.push(p_over);
        out.push(overrun);
    }
}

/// A year's spend (€) in each reporting year of one replication: pooled over replications
/// into `yearly_cost` and `yearly_cost_p95`.
pub fn yearly_values(t: &Tally, out: &mut Vec<f64>) {
    out.clear();
    out.extend(t.yearly_cost_cents.iter().map(|&c| c as f64 / 100.0));
}

/// Names of the monthly series, in the order `monthly_values` writes them.
pub fn monthly_series(model: &Model) -> Vec<String> {
    let mut v = vec!["cost".to_string(), "in_care".to_string()];
    v.extend(model.segments.iter().map(|s| format!("in_care_{s}")));
    v.push("waiting".to_string());
    v.push("forced_changes".to_string());
    v.push("share_ambulant".to_string());
    v.extend(model.subs.iter().map(|s| format!("hhi_{}", s.name)));
    v
}

/// Monthly values of one replication, month-major, `monthly_series` within a month.
pub fn monthly_values(model: &Model, t: &Tally, out: &mut Vec<f64>) {
    let nseg = model.segments.len();
    out.clear();
    for m in 0..model.horizon as usize {
        out.push(t.monthly_cost_cents[m] as f64 / 100.0);
        let row = &t.monthly_in_care[m * nseg..(m + 1) * nseg];
        out.push(row.iter().map(|&v| v as f64).sum());
        out.extend(row.iter().map(|&v| v as f64));
        out.push(t.monthly_waiting[m] as f64);
        out.push(t.monthly_forced[m] as f64);
        let in_care: u32 = row.iter().sum();
        out.push(if in_care > 0 {
            t.monthly_ambulant[m] as f64 / in_care as f64
        } else {
            0.0
        });
        let nsub = model.subs.len();
        out.extend_from_slice(&t.monthly_hhi[m * nsub..(m + 1) * nsub]);
    }
}

/// One wachtkamer activation, summarised over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivationSummary {
    pub sub_segment: String,
    pub provider: String,
    /// `coverage` (a municipality without room), `waiting` (P90 wait above the norm) or
    /// `replacement` (fewer than `min` providers left after exits).
    pub reason: &'static str,
    /// Share of replications in which it happened.
    pub share_of_replications: f64,
    /// Mean reported month (0 = start) in which it happened.
    pub mean_month: f64,
}

/// The metrics that a run with world drivers also reports from chance alone, as
/// `<name>_chance_only`: the bands a finance department compares.
pub const CHANCE_ONLY: [&str; 5] = [
    "total_cost",
    "yearly_cost",
    "yearly_cost_p95",
    "p_year_over_budget",
    "expected_year_overrun",
];

/// Adds `chance`'s `CHANCE_ONLY` metrics to `summary` as `<name>_chance_only`.
pub fn add_chance_only(summary: &mut Summary, chance: &Summary) {
    for name in CHANCE_ONLY {
        if let Some(s) = chance.metric(name) {
            summary.metrics.push((format!("{name}_chance_only"), *s));
        }
    }
}

/// Metrics summarised over replications.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Wachtkamer activations: which provider, where, why, how often, when.
    pub activations: Vec<ActivationSummary>,
    /// Per municipality, its books under the cost-sharing key.
    pub by_municipality: Vec<books::Municipality>,
    /// Per provider, its books.
    pub providers: Vec<books::Provider>,
    pub replications: u64,
    pub metrics: Vec<(String, Stat)>,
    pub month_labels: Vec<String>,
    pub series: Vec<String>,
    /// Month-major: `monthly[m * series.len() + s]`.
    pub monthly: Vec<Stat>,
    /// A year's spend per full reporting year (labelled by its first month), over
    /// replications.
    pub by_year: Vec<(String, Stat)>,
}

impl Summary {
    pub fn metric(&self, name: &str) -> Option<&Stat> {
        self.metrics.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}

/// Streams replications' values into accumulators; feed in replication order for
/// results that do not depend on the thread count.
pub struct Collector {
    names: Vec<String>,
    /// (sub-segment, provider, trigger) → (replications, Σ month).
    activations: std::collections::BTreeMap<
        (
            u16,
            crate::model::ProviderId,
            crate::market::wachtkamer::Trigger,
        ),
        (u64, u64),
    >,
    sub_names: Vec<String>,
    provider_names: Vec<String>,
    /// Yearly spend, pooled over replications and full reporting years.
    yearly: Accumulator,
    /// Yearly spend per full reporting year, over replications.
    by_year: Vec<Accumulator>,
    municipal: books::MunicipalBooks,
    providers: books::ProviderBooks,
    full_years: usize,
    metrics: Vec<Accumulator>,
    series: Vec<String>,
    monthly: Vec<Accumulator>,
    labels: Vec<String>,
}

impl Collector {
    pub fn new(model: &Model) -> Collector {
        let names = metric_names(model);
        let series = monthly_series(model);
        Collector {
            activations: Default::default(),
            sub_names: model.subs.iter().map(|s| s.name.clone()).collect(),
            provider_names: model.providers.clone(),
            yearly: Accumulator::default(),
            by_year: vec![Accumulator::default(); model.horizon as usize / 12],
            municipal: books::MunicipalBooks::new(model),
            providers: books::ProviderBooks::new(model),
            full_years: model.horizon as usize / 12,
            metrics: vec![Accumulator::default(); names.len()],
            monthly: vec![Accumulator::default(); series.len() * model.horizon as usize],
            labels: (0..model.horizon).map(|m| model.month_label(m)).collect(),
            names,
            series,
        }
    }

    pub fn push_activations(&mut self, activations: &[tally::Activation]) {
        for a in activations {
            let e = self
                .activations
                .entry((a.sub, a.provider, a.trigger))
                .or_default();
            e.0 += 1;
            e.1 += a.month as u64;
        }
    }

    /// One replication's municipal values (`books::municipal_values`).
    pub fn push_municipal(&mut self, values: &[f64]) {
        self.municipal.push(values);
    }

    /// One replication's provider values (`books::provider_values`).
    pub fn push_providers(&mut self, values: &[f64]) {
        self.providers.push(values);
    }

    /// What is wrong with one replication's values for this model (read back from a shard
    /// file), if anything: every list must have the model's length and every activation
    /// must name a sub-segment, provider and month it has. `None` when they fit.
    pub fn misfit(
        &self,
        lengths: [(&str, usize); 5],
        activations: &[tally::Activation],
    ) -> Option<String> {
        let expected = [
            self.names.len(),
            self.monthly.len(),
            self.labels.len().div_ceil(12),
            self.municipal.width(),
            self.providers.width(),
        ];
        for ((what, got), want) in lengths.into_iter().zip(expected) {
            if got != want {
                return Some(format!("{got} {what} where the scenario has {want}"));
            }
        }
        activations
            .iter()
            .find(|a| {
                usize::from(a.sub) >= self.sub_names.len()
                    || a.provider.ix() >= self.provider_names.len()
                    || a.month as usize >= self.labels.len()
            })
            .map(|a| {
                format!(
                    "an activation of sub-segment {} and provider {} in month {}, which the scenario does not have",
                    a.sub,
                    a.provider.ix(),
                    a.month
                )
            })
    }

    pub fn push(&mut self, metrics: &[f64], monthly: &[f64], yearly: &[f64]) {
        // Only full years: a partial last year would drag the distribution down.
        for (a, &y) in self
            .by_year
            .iter_mut()
            .zip(&yearly[..self.full_years.min(yearly.len())])
        {
            self.yearly.push(y);
            a.push(y);
        }
        for (a, &x) in self.metrics.iter_mut().zip(metrics) {
            a.push(x);
        }
        for (a, &x) in self.monthly.iter_mut().zip(monthly) {
            a.push(x);
        }
    }

    pub fn finish(&self) -> Summary {
        let mut metrics: Vec<(String, Stat)> = self
            .names
            .iter()
            .cloned()
            .zip(self.metrics.iter().map(|a| a.stat()))
            .collect();
        if self.yearly.count() > 0 {
            metrics.push(("yearly_cost".into(), self.yearly.stat()));
            metrics.push(("yearly_cost_p95".into(), self.yearly.p95_stat()));
        }
        let n = self.metrics.first().map_or(0, |a| a.count()).max(1) as f64;
        let activations = self
            .activations
            .iter()
            .map(
                |(&(sub, provider, trigger), &(count, months))| ActivationSummary {
                    sub_segment: self.sub_names[sub as usize].clone(),
                    provider: self.provider_names[provider.ix()].clone(),
                    reason: trigger.name(),
                    share_of_replications: count as f64 / n,
                    mean_month: months as f64 / count as f64,
                },
            )
            .collect();
        Summary {
            activations,
            by_municipality: self.municipal.finish(),
            providers: self.providers.finish(),
            replications: self.metrics.first().map_or(0, |a| a.count()),
            metrics,
            month_labels: self.labels.clone(),
            series: self.series.clone(),
            monthly: self.monthly.iter().map(|a| a.stat()).collect(),
            by_year: self
                .by_year
                .iter()
                .enumerate()
                .map(|(y, a)| (self.labels[12 * y].clone(), a.stat()))
                .collect(),
        }
    }
}
