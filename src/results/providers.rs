//! `providers.csv`: per provider its books and results, summarised over replications (a
//! comparison's has a leading `variant` column). The columns are the fields of
//! [`ProviderRow`], in order.

use crate::error::{Error, Result};
use crate::metrics::books::Provider;
use serde::Deserialize;
use std::path::Path;

/// One provider's row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProviderRow {
    pub provider: String,
    /// The sub-segments it holds contracts in, `|`-separated.
    pub sub_segments: String,
    pub revenue_mean: f64,
    pub own_cost_mean: f64,
    pub result_mean: f64,
    pub result_p5: f64,
    pub result_p95: f64,
    pub margin: f64,
    pub loss_years_mean: f64,
    pub years_below_profitability_norm_mean: f64,
    pub share_over_revenue_guard: f64,
    pub contracts: usize,
    pub trajectories_ended_mean: f64,
    pub goal_attainment: f64,
    pub dropout_share: f64,
    pub reentry_within_12m_share: f64,
    #[serde(default)]
    pub years_below_solvency_norm_mean: f64,
    #[serde(default)]
    pub years_below_current_ratio_norm_mean: f64,
    #[serde(default)]
    pub solvency_end_mean: f64,
    #[serde(default)]
    pub current_ratio_end_mean: f64,
    #[serde(default)]
    pub share_below_norm_1y: f64,
    #[serde(default)]
    pub share_plan_assessed_2y: f64,
    #[serde(default)]
    pub share_plan_required_3y: f64,
}

/// The columns, in order.
pub const COLUMNS: [&str; 23] = [
    "provider",
    "sub_segments",
    "revenue_mean",
    "own_cost_mean",
    "result_mean",
    "result_p5",
    "result_p95",
    "margin",
    "loss_years_mean",
    "years_below_profitability_norm_mean",
    "share_over_revenue_guard",
    "contracts",
    "trajectories_ended_mean",
    "goal_attainment",
    "dropout_share",
    "reentry_within_12m_share",
    "years_below_solvency_norm_mean",
    "years_below_current_ratio_norm_mean",
    "solvency_end_mean",
    "current_ratio_end_mean",
    "share_below_norm_1y",
    "share_plan_assessed_2y",
    "share_plan_required_3y",
];

impl ProviderRow {
    pub fn new(p: &Provider) -> ProviderRow {
        ProviderRow {
            provider: p.name.clone(),
            sub_segments: p.sub_segments.clone(),
            revenue_mean: p.revenue_mean,
            own_cost_mean: p.own_cost_mean,
            result_mean: p.result.mean,
            result_p5: p.result.p5,
            result_p95: p.result.p95,
            margin: p.margin,
            loss_years_mean: p.loss_years_mean,
            years_below_profitability_norm_mean: p.years_below_norm_mean,
            share_over_revenue_guard: p.share_over_revenue_guard,
            contracts: p.contracts,
            trajectories_ended_mean: p.trajectories_ended_mean,
            goal_attainment: p.goal_attainment,
            dropout_share: p.dropout_share,
            reentry_within_12m_share: p.reentry_within_12m_share,
            years_below_solvency_norm_mean: p.years_below_solvency_norm_mean,
            years_below_current_ratio_norm_mean: p.years_below_current_ratio_norm_mean,
            solvency_end_mean: p.solvency_end_mean,
            current_ratio_end_mean: p.current_ratio_end_mean,
            share_below_norm_1y: p.share_below_norm_1y,
            share_plan_assessed_2y: p.share_plan_assessed_2y,
            share_plan_required_3y: p.share_plan_required_3y,
        }
    }

    /// The row's fields as the file writes them (shortest exact decimals).
    pub fn fields(&self) -> Vec<String> {
        vec![
            self.provider.clone(),
            self.sub_segments.clone(),
            self.revenue_mean.to_string(),
            self.own_cost_mean.to_string(),
            self.result_mean.to_string(),
            self.result_p5.to_string(),
            self.result_p95.to_string(),
            self.margin.to_string(),
            self.loss_years_mean.to_string(),
            self.years_below_profitability_norm_mean.to_string(),
            self.share_over_revenue_guard.to_string(),
            self.contracts.to_string(),
            self.trajectories_ended_mean.to_string(),
            self.goal_attainment.to_string(),
            self.dropout_share.to_string(),
            self.reentry_within_12m_share.to_string(),
            self.years_below_solvency_norm_mean.to_string(),
            self.years_below_current_ratio_norm_mean.to_string(),
            self.solvency_end_mean.to_string(),
            self.current_ratio_end_mean.to_string(),
            self.share_below_norm_1y.to_string(),
            self.share_plan_assessed_2y.to_string(),
            self.share_plan_required_3y.to_string(),
        ]
    }
}

/// A row of a comparison's `providers.csv`: the variant, then the provider's row.
#[derive(Debug, Clone, Deserialize)]
struct VariantRow {
    variant: String,
    #[serde(flatten)]
    row: ProviderRow,
}

/// Reads `providers.csv` (either CSV style): the rows, each with its variant when the file
/// has a `variant` column (a comparison's), else with an empty one.
pub fn read(path: &Path) -> Result<Vec<(String, ProviderRow)>> {
    let bytes = super::read_plain_csv(path)?;
    let bad = |e: csv::Error| Error::Results(format!("{}: {e}", path.display()));
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let by_variant = reader
        .headers()
        .map_err(bad)?
        .iter()
        .next()
        .is_some_and(|h| h == "variant");
    if by_variant {
        reader
            .deserialize::<VariantRow>()
            .map(|r| r.map(|r| (r.variant, r.row)).map_err(bad))
            .collect()
    } else {
        reader
            .deserialize::<ProviderRow>()
            .map(|r| r.map(|r| (String::new(), r)).map_err(bad))
            .collect()
    }
}
