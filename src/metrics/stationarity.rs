//! Whether a run starts from a settled region: how much its care at tariff and its waiting
//! lists still changed in the last two years of the warm-up (`baseline_cost_drift`,
//! `baseline_waiting_drift`). A warm-up chosen for the scenario (no `warmup_months`) is
//! long enough by construction; one given too short shows here, and the run says so.

use super::Summary;
use super::stats::Estimate;
use serde::{Deserialize, Serialize};

/// Largest drift, a year, of a settled baseline: of care at tariff (a share of it) and of
/// the youths waiting (a share of the youths in care or waiting).
pub const TOLERANCE: f64 = 0.01;

/// The shortest warm-up the check measures, months.
pub const MEASURED: u32 = 36;

/// The stationarity check of a run, as `summary.json` holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stationarity {
    /// Months simulated before `start`.
    pub warmup_months: u32,
    /// Care at tariff, last warm-up year against the one before, as a share.
    pub cost_drift_per_year: Estimate,
    /// Youths waiting, last warm-up year against the one before, as a share of the youths
    /// in care or waiting.
    pub waiting_drift_per_year: Estimate,
    /// The largest drift a settled baseline may show, each a year.
    pub tolerance: f64,
    /// Neither drift beyond the tolerance by more than simulation noise: a 95% CI wholly
    /// above it (or below minus it) is a baseline still filling up (or emptying).
    pub stationary: bool,
}

/// Whether `drift` may be within ±[`TOLERANCE`]: its 95% CI reaches into that band.
fn within(drift: &Estimate) -> bool {
    drift.ci95[0] <= TOLERANCE && drift.ci95[1] >= -TOLERANCE
}

impl Stationarity {
    /// The check of `summary`, from a warm-up of `warmup_months`; none below three years,
    /// where the two years measured would include the region filling from empty.
    pub fn of(summary: &Summary, warmup_months: u32) -> Option<Stationarity> {
        if warmup_months < MEASURED {
            return None;
        }
        let cost = Estimate::from(summary.metric("baseline_cost_drift")?);
        let waiting = Estimate::from(summary.metric("baseline_waiting_drift")?);
        Some(Stationarity {
            warmup_months,
            cost_drift_per_year: cost,
            waiting_drift_per_year: waiting,
            tolerance: TOLERANCE,
            stationary: within(&cost) && within(&waiting),
        })
    }

    /// What to tell the user when the baseline still drifts.
    pub fn warning(&self) -> Option<String> {
        if self.stationary {
            return None;
        }
        Some(format!(
            "the region has not settled by `start`: in the last two years of the {}-month \
             warm-up care at tariff still changed by {:+.1}% a year and waiting by {:+.1}% of \
             the caseload (a settled region changes less than {:.0}%), so the first reported \
             years still fill up; leave `warmup_months` out for a warm-up chosen for the \
             scenario, or raise it",
            self.warmup_months,
            100.0 * self.cost_drift_per_year.mean,
            100.0 * self.waiting_drift_per_year.mean,
            100.0 * TOLERANCE
        ))
    }
}
