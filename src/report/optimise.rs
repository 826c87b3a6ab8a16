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
        ("target", &o.expression),
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
        "{:<36} {:>9} {:>5} {:>5}  {}\n",
        lang.text("search.sub_segment"),
        lang.text("optimise.providers"),
        lang.text("search.min"),
        lang.text("search.max"),
        lang.text("optimise.binding"),
    ));
    for (s, n) in o.sub_segments.iter().zip(&o.solution.providers) {
        out.push_str(&format!(
            "{:<36} {n:>9} {:>5} {:>5}  {}\n",
            s.name,
            s.min,
            s.max,
            binding(&s.binding, lang)
        ));
    }
    let p = &o.solution;
    // With several targets the line names the one closest to failing.
    let k = p.weakest();
    let t = &o.targets[k];
    out.push('\n');
    out.push_str(&lang.fill(
        "optimise.outcome",
        &[
            ("metric", &t.metric),
            ("target", &t.text()),
            ("share", &lang.fixed(p.per_target[k].1 * 100.0, 1)),
            ("value", &lang.num(p.per_target[k].0)),
            ("cost", &lang.num(p.total_cost.mean)),
            ("lo", &lang.num(p.total_cost.ci95[0])),
            ("hi", &lang.num(p.total_cost.ci95[1])),
        ],
    ));
    out.push('\n');
    if o.targets.len() > 1 {
        out.push_str(&lang.fill(
            "optimise.all_line",
            &[
                ("n", &o.targets.len()),
                ("share", &lang.fixed(p.share_all * 100.0, 1)),
                ("weakest", &t.text()),
            ],
        ));
        out.push('\n');
    }
    out
}

/// What stops one provider fewer, in the reader's language (a target stays as written).
pub fn binding(why: &str, lang: Lang) -> String {
    match why {
        "min" => lang.text("optimise.floor_min").to_string(),
        "specialisms" => lang.text("optimise.floor_specialisms").to_string(),
        "coverage" => lang.text("optimise.floor_coverage").to_string(),
        _ => why.to_string(),
    }
}
