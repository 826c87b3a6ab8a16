//! `summary.json`: the results contract (see docs/results.md).

use super::{Exporter, Results};
use crate::error::Result;
use crate::metrics::stats::Stat;
use serde_json::{Map, Value, json};

pub struct SummaryJson;

/// The five statistics of a metric, as every JSON output writes them.
pub fn stat_json(s: &Stat) -> Value {
    json!({"mean": s.mean, "ci95": s.ci95, "p5": s.p5, "p50": s.p50, "p95": s.p95})
}

/// Named metrics as one JSON object, name → the five statistics.
pub fn metrics_json(metrics: &[(String, Stat)]) -> Value {
    Value::Object(
        metrics
            .iter()
            .map(|(n, s)| (n.clone(), stat_json(s)))
            .collect(),
    )
}

/// `by_municipality`: each municipality's books, metric by metric.
pub fn municipalities_json(summary: &crate::metrics::Summary) -> Value {
    Value::Array(
        summary
            .by_municipality
            .iter()
            .map(|m| json!({"municipality": m.name, "metrics": metrics_json(&m.metrics)}))
            .collect(),
    )
}

/// `yearly_cost_by_year`: a year's spend per full reporting year, labelled by its first
/// month, with the five statistics.
pub fn by_year_json(summary: &crate::metrics::Summary) -> Value {
    Value::Array(
        summary
            .by_year
            .iter()
            .map(|(from, s)| {
                let mut v = stat_json(s);
                v["from"] = json!(from);
                v
            })
            .collect(),
    )
}

/// Pretty JSON with a final newline.
pub fn json_bytes(root: Map<String, Value>) -> Vec<u8> {
    let mut bytes =
        serde_json::to_vec_pretty(&Value::Object(root)).expect("a JSON value always serializes");
    bytes.push(b'\n');
    bytes
}

pub fn provenance_json(p: &super::Provenance) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("scenario".into(), json!(p.scenario));
    m.insert("scenario_file".into(), json!(p.scenario_file));
    m.insert("scenario_sha256".into(), json!(p.scenario_sha256));
    m.insert("seed".into(), json!(p.seed));
    m.insert("replications".into(), json!(p.replications));
    m.insert("version".into(), json!(p.version));
    m.insert("start".into(), json!(p.start));
    m.insert("horizon_months".into(), json!(p.horizon_months));
    m.insert("warmup_months".into(), json!(p.warmup_months));
    if let Some(b) = p.budget_per_year {
        m.insert("budget_per_year".into(), json!(b));
        m.insert("budget_by_year".into(), json!(p.budget_by_year));
    }
    m.insert("overview".into(), p.overview.clone());
    m
}

impl Exporter<Results<'_>> for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        let mut root = provenance_json(r.provenance);
        root.insert("metrics".into(), metrics_json(&r.summary.metrics));
        // Providers contracted at the end, per sub-segment, as one object as well.
        let contracted: Map<String, Value> = r
            .summary
            .metrics
            .iter()
            .filter_map(|(name, s)| {
                name.strip_prefix("providers_contracted_sub_")
                    .map(|sub| (sub.to_string(), stat_json(s)))
            })
            .collect();
        root.insert("providers_contracted".into(), Value::Object(contracted));
        root.insert("by_municipality".into(), municipalities_json(r.summary));
        root.insert("yearly_cost_by_year".into(), by_year_json(r.summary));
        Ok(json_bytes(root))
    }
}
