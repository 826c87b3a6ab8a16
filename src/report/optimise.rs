//! Outputs of `jeugdsim optimise`: the target, the solution, whether it meets the target,
//! how many candidates were evaluated, and the cost-versus-target frontier of the search.

use super::{Exporter, Provenance};
use crate::error::Result;
use crate::report::lang::Lang;
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

/// The solution on the terminal, in `lang`.
pub fn render(o: &Optimum, lang: Lang) -> String {
    let args: [(&str, &dyn std::fmt::Display); 3] = [
        ("evaluated", &o.evaluated),
        ("target", &o.target.text()),
        ("pct", &format!("{:.0}", o.quantile * 100.0)),
    ];
    let mut out = lang.fill(
        if o.meets_target {
            "optimise.found"
        } else {
            "optimise.not_met"
        },
        &args,
    );
    out.push_str("\n\n");
    out.push_str(&format!(
        "{:<36} {:>9} {:>5} {:>5}\n",
        lang.text("search.sub_segment"),
        lang.text("optimise.providers"),
        lang.text("search.min"),
        lang.text("search.max")
    ));
    for ((name, min, max), n) in o.sub_segments.iter().zip(&o.solution.providers) {
        out.push_str(&format!("{name:<36} {n:>9} {min:>5} {max:>5}\n"));
    }
    let p = &o.solution;
    out.push('\n');
    out.push_str(&lang.fill(
        "optimise.outcome",
        &[
            ("metric", &o.target.metric),
            ("target", &o.target.text()),
            ("share", &lang.fixed(p.share_meeting * 100.0, 1)),
            ("value", &lang.num(p.target_quantile)),
            ("cost", &lang.num(p.total_cost.mean)),
            ("lo", &lang.num(p.total_cost.ci95[0])),
            ("hi", &lang.num(p.total_cost.ci95[1])),
        ],
    ));
    out.push('\n');
    out
}
