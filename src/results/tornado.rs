//! The outcome of a one-way sensitivity analysis: each `uncertain` parameter's effect on a
//! metric, ranked; and `sensitivity.json`, the file that holds it.

use super::{Head, Provenance};
use crate::metrics::stats::{Estimate, Stat};
use serde::{Deserialize, Serialize};

/// A one-way sensitivity analysis: the effects ranked, and the `uncertain` parameters it
/// left out because they belong to variants the analysis does not run.
#[derive(Debug)]
pub struct Tornado {
    pub effects: Vec<Effect>,
    pub left_out: Vec<String>,
}

/// One parameter's effect: the metric at its low and high value, and high − low paired.
#[derive(Debug, Clone)]
pub struct Effect {
    pub parameter: String,
    pub low: f64,
    pub high: f64,
    pub at_low: Stat,
    pub at_high: Stat,
    pub effect: Stat,
    /// The replications the effect rests on: fewer than the run's once its place in the
    /// ranking was settled (`commands::sensitivity::settle`).
    pub replications: u64,
}

impl Effect {
    /// With a variant: the parameter value at which the difference variant − baseline
    /// changes sign, when its means at low and at high have opposite signs; interpolated
    /// linearly between the two paired runs (common random numbers), so it is exact for a
    /// difference linear in the parameter.
    pub fn break_even(&self) -> Option<f64> {
        let (a, b) = (self.at_low.mean, self.at_high.mean);
        if !(a.is_finite() && b.is_finite()) || a == 0.0 || b == 0.0 || (a > 0.0) == (b > 0.0) {
            return None;
        }
        Some(self.low + (self.high - self.low) * a / (a - b))
    }
}

/// Ranks effects by the size of the mean effect, largest first (a stable sort: equal
/// effects keep the scenario's order, and zero effects come last).
pub fn rank(effects: &mut [Effect]) {
    effects.sort_by(|a, b| b.effect.mean.abs().total_cmp(&a.effect.mean.abs()));
}

/// `sensitivity.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SensitivityFile {
    #[serde(flatten)]
    pub head: Head,
    pub metric: String,
    /// With `--variant`: the effects are on the difference variant − baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    /// Ranked: largest |effect| first.
    pub parameters: Vec<ParameterEffect>,
}

/// One parameter's effect in the file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParameterEffect {
    pub rank: usize,
    pub parameter: String,
    pub low: f64,
    pub high: f64,
    pub metric_at_low: Estimate,
    pub metric_at_high: Estimate,
    pub effect: EffectStat,
    /// The replications the effect rests on (0 in files of jeugdsim before 0.10.0).
    #[serde(default)]
    pub replications: u64,
    /// With `--variant`: the value at which the difference changes sign within the range
    /// (`Effect::break_even`); absent when it keeps its sign.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even: Option<f64>,
}

/// An effect's mean, 95% CI and spread.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct EffectStat {
    #[serde(deserialize_with = "crate::fields::number")]
    pub mean: f64,
    #[serde(deserialize_with = "crate::fields::pair")]
    pub ci95: [f64; 2],
    #[serde(deserialize_with = "crate::fields::number")]
    pub p5: f64,
    #[serde(deserialize_with = "crate::fields::number")]
    pub p95: f64,
}

impl SensitivityFile {
    /// The file of `effects` (ranked) on `metric`, or on the difference `verdict` =
    /// (variant, baseline).
    pub fn new(
        provenance: &Provenance,
        metric: &str,
        verdict: Option<(&str, &str)>,
        effects: &[Effect],
    ) -> SensitivityFile {
        SensitivityFile {
            head: provenance.head(),
            metric: metric.to_string(),
            variant: verdict.map(|(v, _)| v.to_string()),
            baseline: verdict.map(|(_, b)| b.to_string()),
            parameters: effects
                .iter()
                .enumerate()
                .map(|(i, e)| ParameterEffect {
                    rank: i + 1,
                    parameter: e.parameter.clone(),
                    low: e.low,
                    high: e.high,
                    metric_at_low: Estimate::from(&e.at_low),
                    metric_at_high: Estimate::from(&e.at_high),
                    effect: EffectStat {
                        mean: e.effect.mean,
                        ci95: e.effect.ci95,
                        p5: e.effect.p5,
                        p95: e.effect.p95,
                    },
                    replications: e.replications,
                    break_even: verdict.and(e.break_even()),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(mean: f64) -> Stat {
        Stat {
            mean,
            ci95: [mean, mean],
            p5: mean,
            p50: mean,
            p95: mean,
        }
    }

    fn effect(low_diff: f64, high_diff: f64) -> Effect {
        Effect {
            parameter: "p".into(),
            low: 0.0,
            high: 0.1,
            at_low: at(low_diff),
            at_high: at(high_diff),
            effect: at(high_diff - low_diff),
            replications: 100,
        }
    }

    #[test]
    fn break_even_is_the_root_of_a_linear_difference() {
        // d(x) = 3 − 50x: +3 at 0, −2 at 0.1, zero at 0.06.
        let e = effect(3.0, -2.0);
        assert!((e.break_even().unwrap() - 0.06).abs() < 1e-12);
        // The other direction: −1 at 0, +3 at 0.1, zero at 0.025.
        assert!((effect(-1.0, 3.0).break_even().unwrap() - 0.025).abs() < 1e-12);
    }

    #[test]
    fn no_break_even_when_the_sign_holds() {
        assert_eq!(effect(1.0, 2.0).break_even(), None);
        assert_eq!(effect(-1.0, -0.5).break_even(), None);
        assert_eq!(effect(0.0, 2.0).break_even(), None);
    }
}
