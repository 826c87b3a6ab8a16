//! Outputs of `jeugdsim sensitivity`: every uncertain parameter run at its low and high
//! value on the same children, ranked by its paired effect on one metric.

use super::csv_out::{csv_error, finish};
use super::{Exporter, Provenance};
use crate::error::Result;
use crate::report::lang::Lang;
use crate::results::json_bytes;
use crate::results::tornado::SensitivityFile;
pub use crate::results::tornado::{Effect, rank};

pub struct SensitivityResults<'a> {
    pub provenance: &'a Provenance,
    pub metric: &'a str,
    /// With `--variant`: (variant, baseline); the effects are on their difference in
    /// `metric`.
    pub verdict: Option<(&'a str, &'a str)>,
    /// Ranked: largest |effect| first; parameters without effect last.
    pub effects: &'a [Effect],
}

impl SensitivityResults<'_> {
    /// `sensitivity.json`.
    pub fn file(&self) -> SensitivityFile {
        SensitivityFile::new(self.provenance, self.metric, self.verdict, self.effects)
    }

    /// What the effects are on: the metric, or the verdict `metric (variant − baseline)`.
    pub fn measure(&self) -> String {
        match self.verdict {
            Some((v, b)) => format!("{} ({v} − {b})", self.metric),
            None => self.metric.to_string(),
        }
    }
}

pub struct SensitivityJson;
pub struct SensitivityCsv;

impl Exporter<SensitivityResults<'_>> for SensitivityJson {
    fn file_name(&self) -> &'static str {
        "sensitivity.json"
    }

    fn serialize(&self, r: &SensitivityResults<'_>) -> Result<Vec<u8>> {
        json_bytes(&r.file())
    }
}

impl Exporter<SensitivityResults<'_>> for SensitivityCsv {
    fn file_name(&self) -> &'static str {
        "sensitivity.csv"
    }

    fn serialize(&self, r: &SensitivityResults<'_>) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "rank",
            "parameter",
            "low",
            "high",
            "metric_at_low",
            "metric_at_high",
            "effect_mean",
            "effect_ci95_low",
            "effect_ci95_high",
            "replications",
        ])
        .map_err(csv_error)?;
        for (i, e) in r.effects.iter().enumerate() {
            w.write_record([
                (i + 1).to_string(),
                e.parameter.clone(),
                e.low.to_string(),
                e.high.to_string(),
                e.at_low.mean.to_string(),
                e.at_high.mean.to_string(),
                e.effect.mean.to_string(),
                e.effect.ci95[0].to_string(),
                e.effect.ci95[1].to_string(),
                e.replications.to_string(),
            ])
            .map_err(csv_error)?;
        }
        finish(w)
    }
}

/// A text tornado: one bar per parameter, proportional to its effect.
pub fn render(r: &SensitivityResults<'_>, lang: Lang) -> String {
    let largest = r
        .effects
        .iter()
        .map(|e| e.effect.mean.abs())
        .fold(0.0, f64::max);
    let mut out = lang.fill("sensitivity.effect_on", &[("measure", &r.measure())]);
    out.push_str("\n\n");
    let labels: Vec<String> = r
        .effects
        .iter()
        .map(|e| {
            format!(
                "{} ({} → {})",
                e.parameter,
                lang.num(e.low),
                lang.num(e.high)
            )
        })
        .collect();
    let label_width = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(72);
    for (e, label) in r.effects.iter().zip(&labels) {
        let width = if largest > 0.0 {
            (e.effect.mean.abs() / largest * 30.0).round() as usize
        } else {
            0
        };
        let bar = if e.effect.mean < 0.0 { "◀" } else { "▶" }.repeat(width);
        out.push_str(&format!(
            "{label:<label_width$} {:>14} [{} – {}] {}\n",
            lang.num(e.effect.mean),
            lang.num(e.effect.ci95[0]),
            lang.num(e.effect.ci95[1]),
            bar
        ));
    }
    if let Some((v, b)) = r.verdict {
        for e in r.effects {
            let Some(x) = e.break_even() else { continue };
            // Negative at the high end: the variant comes out below the baseline only
            // above the break-even value.
            let key = if e.at_high.mean < 0.0 {
                "sensitivity.sign_exceeds"
            } else {
                "sensitivity.sign_stays_below"
            };
            out.push('\n');
            out.push_str(&lang.fill(
                key,
                &[
                    ("v", &v),
                    ("b", &b),
                    ("metric", &r.metric),
                    ("parameter", &e.parameter),
                    ("x", &lang.num(x)),
                ],
            ));
        }
        out.push('\n');
    }
    out
}
