//! From a replication's tally to named metrics, and from metrics over replications to a
//! summary. Metric names are the results contract (`summary.json`): extend, never rename.

pub mod stats;
pub mod tally;

use crate::model::Model;
use stats::{Accumulator, Stat};
use tally::Tally;

/// The contract metrics, in output order, with their unit and meaning (docs/metrics.md).
pub const CORE_METRICS: &[(&str, &str, &str)] = &[
    (
        "total_cost",
        "€",
        "municipality spend on procured youth care over the horizon",
    ),
    ("cost_per_youth", "€", "total_cost / youths_in_care"),
    (
        "youths_in_care",
        "youths",
        "distinct youths in care at least one month",
    ),
    (
        "share_ambulant",
        "share",
        "youth-months in ambulant sub-segments / all youth-months in care",
    ),
    (
        "residential_bed_months",
        "months",
        "youth-months in residential and closed sub-segments",
    ),
    (
        "mean_waiting_youths",
        "youths",
        "youths waiting for a placement, averaged over months",
    ),
    (
        "mean_wait_months",
        "months",
        "months from referral or transfer decision to placement, per placement",
    ),
    (
        "provider_changes_per_youth",
        "changes",
        "changes of regular provider / youths_in_care",
    ),
    (
        "forced_provider_changes",
        "changes",
        "provider changes while the care need stayed the same",
    ),
    (
        "to_adult_care_at_18",
        "youths",
        "youths moving to adult care (Wmo/Zvw) at 18 or at the end of verlengde jeugdhulp",
    ),
    (
        "reentry_within_12m",
        "youths",
        "former clients referred again within 12 months of leaving",
    ),
    (
        "step_downs",
        "moves",
        "completed moves to a lighter sub-segment",
    ),
    (
        "step_ups",
        "moves",
        "completed moves to a heavier sub-segment",
    ),
    ("youth_months", "months", "youth-months in care"),
    (
        "referrals",
        "referrals",
        "new referrals (before the sociale basis)",
    ),
    (
        "resolved_in_sociale_basis",
        "referrals",
        "referrals resolved without an indication",
    ),
    (
        "sociale_basis_cost",
        "€",
        "cost of referrals resolved in the sociale basis (not in total_cost)",
    ),
    (
        "admissions",
        "youths",
        "placements of youths coming from outside care (new or re-entering)",
    ),
    (
        "mean_in_care",
        "youths",
        "youths in care, averaged over months",
    ),
    (
        "in_care_per_1000",
        "per 1,000",
        "mean_in_care per 1,000 inhabitants aged 0-22",
    ),
    (
        "crisis_admissions",
        "placements",
        "placements in the crisis sub-segment",
    ),
    (
        "crisis_over_capacity",
        "placements",
        "crisis placements made above the provider's capacity",
    ),
    (
        "bed_blocking_months",
        "months",
        "months a youth ready to move keeps a residential bed",
    ),
    (
        "waiting_dropouts",
        "youths",
        "youths who gave up while waiting",
    ),
    (
        "escalations_while_waiting",
        "youths",
        "waiting youths whose need escalated to a heavier sub-segment",
    ),
    (
        "youths_in_care_per_year",
        "youths",
        "distinct youths in care during a reporting year, averaged over years",
    ),
    (
        "share_of_youths_in_care_per_year",
        "share",
        "youths_in_care_per_year / inhabitants aged 0-22 (CBS: 10.6% in 2023)",
    ),
    (
        "share_met_verblijf",
        "share",
        "of youths in care in a year, the share with accommodation (any non-ambulant kind; CBS: about 8-9%)",
    ),
];

/// All metric names for `model`: the core ones, then cost and youth-months per segment.
pub fn metric_names(model: &Model) -> Vec<String> {
    let mut names: Vec<String> = CORE_METRICS.iter().map(|m| m.0.to_string()).collect();
    for s in &model.segments {
        names.push(format!("cost_segment_{s}"));
    }
    for s in &model.segments {
        names.push(format!("youth_months_segment_{s}"));
    }
    for s in &model.segments {
        names.push(format!("mean_waiting_segment_{s}"));
    }
    for s in &model.subs {
        names.push(format!("mean_in_care_sub_{}", s.name));
    }
    for s in &model.subs {
        names.push(format!("mean_waiting_sub_{}", s.name));
    }
    names
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

/// The metric values of one replication, in `metric_names` order.
pub fn replication_metrics(model: &Model, t: &Tally, out: &mut Vec<f64>) {
    let c = &t.counters;
    let months = model.horizon as f64;
    // Reporting years, the last one possibly partial.
    let years = (model.horizon as f64 / 12.0).ceil();
    let total = c.care_cents as f64 / 100.0;
    let youths = c.distinct_youths as f64;
    let mean_in_care = c.youth_months as f64 / months;
    let pop: f64 = model
        .munis
        .iter()
        .map(|m| m.youth_0_17 + m.youth_18_22)
        .sum();
    out.clear();
    out.extend_from_slice(&[
        total,
        ratio(total, youths),
        youths,
        ratio(c.ambulant_months as f64, c.youth_months as f64),
        c.bed_months as f64,
        c.waiting_youth_months as f64 / months,
        ratio(c.wait_months_at_placement as f64, c.placements as f64),
        ratio(c.provider_changes as f64, youths),
        c.forced_provider_changes as f64,
        c.to_adult_care as f64,
        c.reentries_within_12m as f64,
        c.step_downs as f64,
        c.step_ups as f64,
        c.youth_months as f64,
        c.referrals as f64,
        c.resolved_in_sociale_basis as f64,
        c.sociale_basis_cents as f64 / 100.0,
        c.admissions as f64,
        mean_in_care,
        ratio(mean_in_care * 1000.0, pop),
        c.crisis_admissions as f64,
        c.crisis_over_capacity as f64,
        c.bed_blocking_months as f64,
        c.waiting_dropouts as f64,
        c.escalations_while_waiting as f64,
        c.youth_years as f64 / years,
        ratio(c.youth_years as f64 / years, pop),
        ratio(c.youth_years_verblijf as f64, c.youth_years as f64),
    ]);
    out.extend(t.segment_cents.iter().map(|&v| v as f64 / 100.0));
    out.extend(t.segment_months.iter().map(|&v| v as f64));
    out.extend(t.segment_waiting_months.iter().map(|&v| v as f64 / months));
    out.extend(t.sub_months.iter().map(|&v| v as f64 / months));
    out.extend(t.sub_waiting_months.iter().map(|&v| v as f64 / months));
}

/// Names of the monthly series, in the order `monthly_values` writes them.
pub fn monthly_series(model: &Model) -> Vec<String> {
    let mut v = vec!["cost".to_string(), "in_care".to_string()];
    v.extend(model.segments.iter().map(|s| format!("in_care_{s}")));
    v.push("waiting".to_string());
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
    }
}

/// Metrics summarised over replications.
#[derive(Debug, Clone)]
pub struct Summary {
    pub replications: u64,
    pub metrics: Vec<(String, Stat)>,
    pub month_labels: Vec<String>,
    pub series: Vec<String>,
    /// Month-major: `monthly[m * series.len() + s]`.
    pub monthly: Vec<Stat>,
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
            metrics: vec![Accumulator::default(); names.len()],
            monthly: vec![Accumulator::default(); series.len() * model.horizon as usize],
            labels: (0..model.horizon).map(|m| model.month_label(m)).collect(),
            names,
            series,
        }
    }

    pub fn push(&mut self, metrics: &[f64], monthly: &[f64]) {
        for (a, &x) in self.metrics.iter_mut().zip(metrics) {
            a.push(x);
        }
        for (a, &x) in self.monthly.iter_mut().zip(monthly) {
            a.push(x);
        }
    }

    pub fn finish(&self) -> Summary {
        Summary {
            replications: self.metrics.first().map_or(0, |a| a.count()),
            metrics: self
                .names
                .iter()
                .cloned()
                .zip(self.metrics.iter().map(|a| a.stat()))
                .collect(),
            month_labels: self.labels.clone(),
            series: self.series.clone(),
            monthly: self.monthly.iter().map(|a| a.stat()).collect(),
        }
    }
}
