//! Outputs of `jeugdsim optimise`: the target, the solution, whether it meets the target,
//! how many candidates were evaluated, and the cost-versus-target frontier of the search.

use super::{Exporter, Provenance};
use crate::error::Result;
use crate::results::json_bytes;
use crate::results::optimum::{OptimiseFile, Optimum};

pub struct OptimiseResults<'a> {
    pub provenance: &'a Provenance,
    pub optimum: &'a Optimum,
}

pub struct OptimiseJson;

impl Exporter<OptimiseResults<'_>> for OptimiseJson {
    fn file_name(&self) -> &'static str {
        "optimise.json"
    }

    fn serialize(&self, r: &OptimiseResults<'_>) -> Result<Vec<u8>> {
        json_bytes(&OptimiseFile::new(r.provenance, r.optimum))
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
