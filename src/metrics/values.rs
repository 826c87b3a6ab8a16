//! One replication's values: what each metric formula sees of its tally ([`Ctx`]), and the
//! lists of metric, yearly and monthly values a replication contributes to the summary.

use super::catalogue::CORE_METRICS;
use super::tally::{self, Tally, WAIT_BINS};
use crate::model::Model;

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
    pub(super) fn total_cost(&self) -> f64 {
        self.c.care_cents as f64 / 100.0
    }
    pub(super) fn youths(&self) -> f64 {
        self.c.distinct_youths as f64
    }
    pub(super) fn mean_in_care(&self) -> f64 {
        self.c.youth_months as f64 / self.months
    }
}

pub(super) fn ratio(a: f64, b: f64) -> f64 {
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
    out.extend(
        t.sub_wait_hist
            .chunks_exact(WAIT_BINS)
            .map(|h| quantile_of_histogram(h, 0.9)),
    );
    out.extend(t.sub_min_covering.iter().map(|&v| f64::from(v)));
    if model.budget_per_year_cents.is_some() {
        out.push(overrun_share(model, t));
        let (p_over, overrun) = budget_risk(model, t);
        out.push(p_over);
        out.push(overrun);
    }
}

/// The `q` quantile of the values a histogram of whole months counts (bin k = k months):
/// the ⌈q·n⌉-th smallest, as the wachtkamer reads its P90; 0 without any value.
pub fn quantile_of_histogram(hist: &[u32], q: f64) -> f64 {
    let n: u64 = hist.iter().map(|&c| u64::from(c)).sum();
    if n == 0 {
        return 0.0;
    }
    let rank = crate::market::wachtkamer::rank(n as usize, q) as u64;
    let mut seen = 0;
    for (months, &c) in hist.iter().enumerate() {
        seen += u64::from(c);
        if seen >= rank {
            return months as f64;
        }
    }
    (hist.len() - 1) as f64
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
