//! Outputs of `jeugdsim optimise`: the target, the solution, whether it meets the target,
//! how many candidates were evaluated, and the cost-versus-target frontier of the search.

use super::{Exporter, Provenance};
use crate::error::Result;
use crate::results::optimum::{Optimum, Point};
use serde_json::{Value, json};

pub struct OptimiseResults<'a> {
    pub provenance: &'a Provenance,
    pub optimum: &'a Optimum,
}

pub struct OptimiseJson;

fn point_json(o: &Optimum, p: &Point) -> Value {
    json!({
        "providers": o.sub_segments.iter().zip(&p.providers)
            .map(|((name, _, _), n)| json!({"sub_segment": name, "providers": n}))
            .collect::<Vec<_>>(),
        "total_providers": p.total_providers(),
        "total_cost": super::json::stat_json(&p.total_cost),
        "target_quantile": p.target_quantile,
        "share_meeting_target": p.share_meeting,
    })
}

impl Exporter<OptimiseResults<'_>> for OptimiseJson {
    fn file_name(&self) -> &'static str {
        "optimise.json"
    }

    fn serialize(&self, r: &OptimiseResults<'_>) -> Result<Vec<u8>> {
        let o = r.optimum;
        let mut root = super::json::provenance_json(r.provenance);
        root.insert(
            "target".into(),
            json!({"expression": o.target.text(), "metric": o.target.metric, "quantile": o.quantile}),
        );
        root.insert(
            "solution".into(),
            Value::Array(
                o.sub_segments
                    .iter()
                    .zip(&o.solution.providers)
                    .map(|((name, min, max), n)| {
                        json!({"sub_segment": name, "providers": n, "min": min, "max": max})
                    })
                    .collect(),
            ),
        );
        root.insert("meets_target".into(), json!(o.meets_target));
        root.insert("evaluated".into(), json!(o.evaluated));
        root.insert("solution_outcome".into(), point_json(o, &o.solution));
        root.insert(
            "frontier".into(),
            Value::Array(o.frontier.iter().map(|p| point_json(o, p)).collect()),
        );
        Ok(super::json::json_bytes(root))
    }
}

/// The solution on the terminal.
pub fn render(o: &Optimum) -> String {
    use super::table::fmt_num;
    let mut out = format!(
        "{} {} candidates evaluated; target {} in {:.0}% of replications: {}\n\n",
        if o.meets_target { "Found:" } else { "Not met:" },
        o.evaluated,
        o.target.text(),
        o.quantile * 100.0,
        if o.meets_target {
            "met"
        } else {
            "not met even at every sub-segment's max"
        }
    );
    out.push_str(&format!(
        "{:<36} {:>9} {:>5} {:>5}\n",
        "sub-segment", "providers", "min", "max"
    ));
    for ((name, min, max), n) in o.sub_segments.iter().zip(&o.solution.providers) {
        out.push_str(&format!("{name:<36} {n:>9} {min:>5} {max:>5}\n"));
    }
    let p = &o.solution;
    out.push_str(&format!(
        "\n{}: {} in {:.1}% of replications ({} at the quantile); total cost {} [{} – {}]\n",
        o.target.metric,
        o.target.text(),
        p.share_meeting * 100.0,
        fmt_num(p.target_quantile),
        fmt_num(p.total_cost.mean),
        fmt_num(p.total_cost.ci95[0]),
        fmt_num(p.total_cost.ci95[1]),
    ));
    out
}
