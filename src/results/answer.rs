//! The answer of a comparison, as `comparison.json` holds it (`answer`): per variant
//! against the baseline, the cost in all, the budget risk and the consequences, each a
//! paired difference with its 95% CI. `report::answer` works it out and words it.

use crate::metrics::stats::Estimate;
use serde::{Deserialize, Serialize};

/// A metric in the baseline and the variant (means), and their paired difference.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Change {
    pub baseline: f64,
    pub variant: f64,
    pub difference: Estimate,
    /// The difference's 95% CI excludes 0.
    pub significant: bool,
}

/// The cost difference in € (`mean`, `ci95`) and in % of the baseline (`percent`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CostChange {
    pub mean: f64,
    pub ci95: [f64; 2],
    pub significant: bool,
    /// The difference as a percentage of the baseline's cost, with its 95% CI (delta
    /// method, [`crate::metrics::stats::RatioAccumulator`]).
    pub percent: Estimate,
    pub baseline: f64,
    pub variant: f64,
}

/// P5 and P95 of a year's spend: the budget risk band.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Band {
    pub p5: f64,
    pub p95: f64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct YearlyBands {
    pub baseline: Band,
    pub variant: Band,
}

/// One full reporting year of a variant against the baseline: each one's band of a
/// year's spend (P5–P95 over replications) and chance of exceeding the year's budget.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearRisk {
    /// The year's first month, `YYYY-MM`.
    pub from: String,
    /// The region's budget for the year (€), raised by the planned index.
    pub budget: Option<f64>,
    pub baseline: Band,
    pub variant: Band,
    pub p_over_budget_baseline: Option<f64>,
    pub p_over_budget_variant: Option<f64>,
}

/// One variant against the baseline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Answer {
    pub variant: String,
    pub baseline: String,
    /// The variant's plain-language `label`, where the scenario gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The baseline's `label`, where the scenario gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_label: Option<String>,
    pub horizon_months: u32,
    pub total_cost_incl_admin: CostChange,
    /// A year's spend, P5–P95 over replications and years.
    pub yearly_cost: Option<YearlyBands>,
    /// Per full reporting year: the bands and chances of exceeding the budget, so a
    /// scheme's certainty within a year is not hidden by the indexation between years.
    #[serde(default)]
    pub by_year: Vec<YearRisk>,
    /// The providers' result over the horizon (`provider_result_total`), P5–P95 over
    /// replications: where the volume risk falls when the region's cost is fixed.
    #[serde(default)]
    pub provider_result: Option<YearlyBands>,
    /// Only with a `budget_per_year`.
    pub p_year_over_budget: Option<Change>,
    pub expected_year_overrun: Option<Change>,
    pub forced_provider_changes: Option<Change>,
    pub mean_waiting_youths: Option<Change>,
    pub mean_wait_months: Option<Change>,
    pub care_forgone_months: Option<Change>,
    /// Care providers delivered beyond what they were paid (`care_unpaid`, €): a saving
    /// made of it is care absorbed by providers, not care bought cheaper.
    #[serde(default)]
    pub care_unpaid: Option<Change>,
    pub providers_with_loss: Option<Change>,
    /// What the cost difference consists of: care (`total_cost`) and administration
    /// (`admin_cost`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_cost: Option<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_cost: Option<Change>,
    /// The answer in one sentence (English; the console and report say it in their
    /// language).
    pub sentence: String,
}

impl Answer {
    /// The name a reader sees: the variant's `label`, else its `name`.
    pub fn shown(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.variant)
    }

    /// The baseline's `label`, else its `name`.
    pub fn shown_baseline(&self) -> &str {
        self.baseline_label.as_deref().unwrap_or(&self.baseline)
    }
}
