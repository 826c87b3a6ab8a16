//! Outputs of `jeugdsim compare`: `comparison.json`, `comparison.csv` and the terminal
//! table that puts variants side by side with their paired differences.

use super::csv_out::{csv_error, finish};
use super::lang::Lang;
use super::{Exporter, Provenance};
use crate::error::Result;
use crate::metrics::stats::Stat;
use crate::results::{comparison::ComparisonFile, json_bytes};
use crate::run::Comparison;

pub struct ComparisonResults<'a> {
    /// One per variant, in order; the first is the baseline.
    pub provenance: &'a [Provenance],
    pub comparison: &'a Comparison,
}

pub use crate::metrics::stats::significant;

pub struct ComparisonJson;
pub struct ComparisonCsv;

impl Exporter<ComparisonResults<'_>> for ComparisonJson {
    fn file_name(&self) -> &'static str {
        "comparison.json"
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        let answers = super::answer::answers(r.comparison, r.provenance[0].horizon_months);
        json_bytes(&ComparisonFile::new(r.provenance, r.comparison, answers))
    }
}

/// `providers.csv` of a comparison: every variant's providers, with a `variant` column.
pub struct ComparisonProvidersCsv;

impl Exporter<ComparisonResults<'_>> for ComparisonProvidersCsv {
    fn file_name(&self) -> &'static str {
        "providers.csv"
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        let c = r.comparison;
        let summaries: Vec<&crate::metrics::Summary> = c.summaries.iter().collect();
        super::csv_out::providers_csv(&summaries, Some(&c.names))
    }
}

impl Exporter<ComparisonResults<'_>> for ComparisonCsv {
    fn file_name(&self) -> &'static str {
        "comparison.csv"
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        let c = r.comparison;
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "variant",
            "metric",
            "mean",
            "ci95_low",
            "ci95_high",
            "p5",
            "p50",
            "p95",
            "diff_mean",
            "diff_ci95_low",
            "diff_ci95_high",
            "significant",
        ])
        .map_err(csv_error)?;
        for (v, (name, summary)) in c.names.iter().zip(&c.summaries).enumerate() {
            for (metric, s) in &summary.metrics {
                let d = (v > 0)
                    .then(|| c.differences[v - 1].iter().find(|(n, _)| n == metric))
                    .flatten()
                    .map(|(_, d)| d);
                let mut row = vec![
                    name.clone(),
                    metric.clone(),
                    s.mean.to_string(),
                    s.ci95[0].to_string(),
                    s.ci95[1].to_string(),
                    s.p5.to_string(),
                    s.p50.to_string(),
                    s.p95.to_string(),
                ];
                match d {
                    Some(d) => row.extend(diff_columns(d)),
                    None => {
                        row.extend([String::new(), String::new(), String::new(), String::new()])
                    }
                }
                w.write_record(&row).map_err(csv_error)?;
            }
            // The parts of the total-cost difference exist only as differences: their
            // per-variant columns stay empty.
            if v > 0 {
                for (metric, d) in &c.differences[v - 1] {
                    if !crate::run::COST_SPLIT.contains(&metric.as_str()) {
                        continue;
                    }
                    let mut row = vec![name.clone(), metric.clone()];
                    row.extend(std::iter::repeat_n(String::new(), 6));
                    row.extend(diff_columns(d));
                    w.write_record(&row).map_err(csv_error)?;
                }
            }
        }
        finish(w)
    }
}

/// The `diff_*` and `significant` columns of `comparison.csv` for the paired difference `d`.
fn diff_columns(d: &Stat) -> [String; 4] {
    [
        d.mean.to_string(),
        d.ci95[0].to_string(),
        d.ci95[1].to_string(),
        significant(d).to_string(),
    ]
}

/// The metrics put side by side on the terminal; labels in [`Lang::label`].
const KEY: &[&str] = &[
    "total_cost_incl_admin",
    "total_cost",
    "admin_cost",
    "yearly_cost_p95",
    "mean_in_care",
    "share_ambulant",
    "mean_waiting_youths",
    "mean_wait_months",
    "referrals_refused",
    "care_forgone_months",
    "early_discharges",
    "shifted_to_pxq",
    "goal_attainment",
    "dropout_share",
    "reentry_within_12m",
    "forced_provider_changes",
    "step_downs",
    "residential_bed_months",
    "provider_result_total",
    "providers_with_loss",
    "providers_over_revenue_guard",
    "providers_plan_required",
    "forced_changes_at_transition",
    "residential_forced_changes",
    "dual_financing_cost",
    "wachtkamer_activations",
    "provider_exits",
];

/// A row is shown unless every variant's mean is exactly 0 (a mechanism not in play).
fn in_play(c: &Comparison, metric: &str) -> bool {
    c.summaries
        .iter()
        .any(|s| s.metric(metric).is_some_and(|st| st.mean != 0.0))
}

/// The answer first ([`super::answer`]), then the variants side by side (means), then for
/// each non-baseline variant its paired difference from the baseline with 95% CI; `*`
/// marks a CI that excludes 0.
pub fn render(c: &Comparison, horizon_months: u32, lang: Lang) -> String {
    const W: usize = 44;
    let answers = super::answer::answers(c, horizon_months);
    let mut out = super::glance::render(&answers, lang);
    if !answers.is_empty() {
        out.push_str(&format!("\n{}\n\n", lang.text("glance.explanation")));
    }
    out.push_str(&super::answer::render(&answers, lang));
    out.push_str(&format!(
        "{:<W$}",
        format!("{} ({})", lang.label("outcome"), lang.label("mean"))
    ));
    for n in &c.names {
        out.push_str(&format!(" {:>16}", n));
    }
    out.push('\n');
    out.push_str(&"─".repeat(W + 17 * c.names.len()));
    out.push('\n');
    for metric in KEY {
        let Some(first) = c.summaries[0].metric(metric) else {
            continue;
        };
        if !in_play(c, metric) {
            continue;
        }
        out.push_str(&format!(
            "{:<W$} {:>16}",
            lang.label(metric),
            lang.num(first.mean)
        ));
        for s in &c.summaries[1..] {
            let v = s
                .metric(metric)
                .map_or("–".to_string(), |s| lang.num(s.mean));
            out.push_str(&format!(" {v:>16}"));
        }
        out.push('\n');
    }
    for (k, diffs) in c.differences.iter().enumerate() {
        out.push_str(&format!(
            "\n{} − {} ({})\n",
            c.names[k + 1],
            c.names[0],
            lang.label("paired")
        ));
        let row = |label: &str, d: &Stat| {
            format!(
                "  {label:<42} {:>16} [{} – {}]{}\n",
                lang.num(d.mean),
                lang.num(d.ci95[0]),
                lang.num(d.ci95[1]),
                if significant(d) { " *" } else { "" }
            )
        };
        for metric in KEY.iter().filter(|m| in_play(c, m)) {
            if let Some((_, d)) = diffs.iter().find(|(n, _)| n == metric) {
                out.push_str(&row(lang.label(metric), d));
            }
            if *metric == "total_cost" {
                for name in crate::run::COST_SPLIT {
                    if let Some((_, d)) = diffs.iter().find(|(n, _)| n == name) {
                        out.push_str(&row(&format!("  {}", lang.label(name)), d));
                    }
                }
            }
        }
    }
    out
}
