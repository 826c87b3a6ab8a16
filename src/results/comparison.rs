//! `comparison.json`: every variant's metrics and books, each variant's paired differences
//! from the baseline, and the answer.

use super::Provenance;
use super::answer::Answer;
use super::named::Named;
use super::summary::{MunicipalityStats, YearCost, by_year, metrics, municipalities};
use crate::metrics::Comparison;
use crate::metrics::stats::{Stat, significant};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComparisonFile {
    pub scenario: String,
    pub seed: u64,
    pub replications: u64,
    pub version: String,
    pub baseline: String,
    pub horizon_months: u32,
    pub budget_per_year: Option<f64>,
    pub budget_by_year: Vec<f64>,
    pub answer: Vec<Answer>,
    pub variants: Vec<Variant>,
    pub differences: Vec<Differences>,
}

/// One variant's results.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Variant {
    pub name: String,
    /// The variant's plain-language `label`, where the scenario gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub scenario_file: String,
    pub scenario_sha256: String,
    pub metrics: Named<Stat>,
    pub by_municipality: Vec<MunicipalityStats>,
    pub yearly_cost_by_year: Vec<YearCost>,
    /// Cost per month (mean, P5, P95), for the fan per variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_cost: Option<Fan>,
    /// Forced changes per month (mean over replications), for the transition chart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_forced_changes: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months: Option<Vec<String>>,
}

/// A monthly series: mean, P5 and P95 per month.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fan {
    #[serde(deserialize_with = "crate::fields::numbers")]
    pub mean: Vec<f64>,
    #[serde(deserialize_with = "crate::fields::numbers")]
    pub p5: Vec<f64>,
    #[serde(deserialize_with = "crate::fields::numbers")]
    pub p95: Vec<f64>,
}

/// A variant's paired differences from the baseline, metric by metric.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Differences {
    pub variant: String,
    pub baseline: String,
    pub metrics: Named<Difference>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Difference {
    #[serde(flatten)]
    pub stat: Stat,
    /// Its 95% CI excludes 0.
    pub significant: bool,
}

impl ComparisonFile {
    /// The file of comparison `c` (variants in order, the first the baseline) with the
    /// provenance of each variant and the answer.
    pub fn new(provenance: &[Provenance], c: &Comparison, answer: Vec<Answer>) -> ComparisonFile {
        let base = &provenance[0];
        ComparisonFile {
            scenario: base.scenario.clone(),
            seed: base.seed,
            replications: base.replications,
            version: base.version.clone(),
            baseline: c.names[0].clone(),
            horizon_months: base.horizon_months,
            budget_per_year: base.budget_per_year,
            budget_by_year: base.budget_by_year.clone(),
            answer,
            variants: c
                .names
                .iter()
                .zip(&c.summaries)
                .zip(provenance)
                .enumerate()
                .map(|(k, ((name, summary), p))| Variant {
                    label: c.labels.get(k).cloned().flatten(),
                    ..variant(name, p, summary)
                })
                .collect(),
            differences: c
                .differences
                .iter()
                .enumerate()
                .map(|(k, diffs)| Differences {
                    variant: c.names[k + 1].clone(),
                    baseline: c.names[0].clone(),
                    metrics: diffs
                        .iter()
                        .map(|(n, s)| {
                            let d = Difference {
                                stat: *s,
                                significant: significant(s),
                            };
                            (n.clone(), d)
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The variant named `name`.
    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }
}

/// One variant of a comparison.
fn variant(name: &str, p: &Provenance, summary: &crate::metrics::Summary) -> Variant {
    let column = |k: usize, f: fn(&Stat) -> f64| -> Vec<f64> {
        summary
            .monthly
            .chunks(summary.series.len())
            .map(|m| f(&m[k]))
            .collect()
    };
    let cost = summary.series.iter().position(|n| n == "cost");
    let forced = summary.series.iter().position(|n| n == "forced_changes");
    Variant {
        name: name.to_string(),
        label: None,
        scenario_file: p.scenario_file.clone(),
        scenario_sha256: p.scenario_sha256.clone(),
        metrics: metrics(summary),
        by_municipality: municipalities(summary),
        yearly_cost_by_year: by_year(summary),
        monthly_cost: cost.map(|k| Fan {
            mean: column(k, |s| s.mean),
            p5: column(k, |s| s.p5),
            p95: column(k, |s| s.p95),
        }),
        monthly_forced_changes: forced.map(|k| column(k, |s| s.mean)),
        months: forced.map(|_| summary.month_labels.clone()),
    }
}
