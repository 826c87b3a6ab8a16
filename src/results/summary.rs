//! `summary.json`: a run's every metric with mean, 95% CI and percentiles, the providers
//! contracted per sub-segment, the books per municipality and a year's cost per year.

use super::{Head, Provenance, named::Named};
use crate::metrics::stationarity::Stationarity;
use crate::metrics::{Summary, stats::Stat};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SummaryFile {
    #[serde(flatten)]
    pub head: Head,
    /// With world drivers: the replications the `*_chance_only` metrics rest on, as many
    /// as their precision needs (docs/metrics.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chance_only_replications: Option<u64>,
    pub metrics: Named<Stat>,
    /// Providers contracted at the end, per sub-segment (the `providers_contracted_sub_*`
    /// metrics, by sub-segment).
    pub providers_contracted: Named<Stat>,
    pub by_municipality: Vec<MunicipalityStats>,
    pub yearly_cost_by_year: Vec<YearCost>,
    /// Whether the run starts from a settled region (docs/metrics.md, "Stationarity").
    #[serde(default)]
    pub stationarity: Option<Stationarity>,
}

/// A municipality's books, metric by metric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MunicipalityStats {
    pub municipality: String,
    pub metrics: Named<Stat>,
}

/// A year's spend in one full reporting year, labelled by its first month.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct YearCost {
    #[serde(flatten)]
    pub stat: Stat,
    pub from: String,
    /// With a budget: the probability that this year's spend exceeds its budget (the
    /// share of replications over it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_over_budget: Option<f64>,
}

/// The metrics of `summary` as the files write them.
pub fn metrics(summary: &Summary) -> Named<Stat> {
    summary.metrics.iter().cloned().collect()
}

/// `by_municipality` of `summary`.
pub fn municipalities(summary: &Summary) -> Vec<MunicipalityStats> {
    summary
        .by_municipality
        .iter()
        .map(|m| MunicipalityStats {
            municipality: m.name.clone(),
            metrics: m.metrics.iter().cloned().collect(),
        })
        .collect()
}

/// `yearly_cost_by_year` of `summary`.
pub fn by_year(summary: &Summary) -> Vec<YearCost> {
    summary
        .by_year
        .iter()
        // Both per full reporting year, from one collector: the same length.
        .zip(&summary.over_budget_by_year)
        .map(|((from, stat), p)| YearCost {
            stat: *stat,
            from: from.clone(),
            p_over_budget: *p,
        })
        .collect()
}

impl SummaryFile {
    pub fn new(provenance: &Provenance, summary: &Summary) -> SummaryFile {
        SummaryFile {
            head: provenance.head(),
            chance_only_replications: summary.chance_only_replications,
            metrics: metrics(summary),
            providers_contracted: summary
                .metrics
                .iter()
                .filter_map(|(name, s)| {
                    name.strip_prefix("providers_contracted_sub_")
                        .map(|sub| (sub.to_string(), *s))
                })
                .collect(),
            by_municipality: municipalities(summary),
            yearly_cost_by_year: by_year(summary),
            stationarity: Stationarity::of(summary, provenance.warmup_months),
        }
    }

    /// The statistics of metric `name`.
    pub fn metric(&self, name: &str) -> Option<&Stat> {
        self.metrics.get(name)
    }
}
