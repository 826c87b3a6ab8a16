//! A target on a metric (`mean_wait_months<=1.0`), as `sweep` and `optimise` check it:
//! over a run's summary, or per replication.

use super::Summary;
use crate::error::{Error, Result};

/// `metric<=x` or `metric>=x` (also `<`, `>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub metric: String,
    pub op: String,
    pub threshold: f64,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target> {
        for op in ["<=", ">=", "<", ">"] {
            if let Some((m, x)) = text.split_once(op) {
                let threshold = x
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|t| t.is_finite())
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "target `{text}`: `{}` is not a (finite) number",
                            x.trim()
                        ))
                    })?;
                return Ok(Target {
                    metric: m.trim().to_string(),
                    op: op.to_string(),
                    threshold,
                });
            }
        }
        Err(Error::Usage(format!(
            "target `{text}`: write it as METRIC<=VALUE or METRIC>=VALUE, e.g. mean_wait_months<=1.0"
        )))
    }

    /// Met with 95% probability: 95% of replications on the right side of the threshold,
    /// i.e. the P95 (for an upper bound) or the P5 (for a lower bound) is.
    pub fn met(&self, summary: &Summary) -> Option<bool> {
        let s = summary.metric(&self.metric)?;
        Some(self.holds(self.tested(s)))
    }

    /// The statistic of `s` the target is tested on: the P95 for an upper bound, the P5
    /// for a lower bound.
    pub fn tested(&self, s: &crate::metrics::stats::Stat) -> f64 {
        if self.is_upper_bound() { s.p95 } else { s.p5 }
    }

    /// Whether the value `x` of the metric is on the right side of the threshold.
    pub fn holds(&self, x: f64) -> bool {
        match self.op.as_str() {
            "<=" => x <= self.threshold,
            "<" => x < self.threshold,
            ">=" => x >= self.threshold,
            _ => x > self.threshold,
        }
    }

    /// `<=` or `<`: lower values are better.
    pub fn is_upper_bound(&self) -> bool {
        self.op.starts_with('<')
    }

    pub fn text(&self) -> String {
        format!(
            "{}{}{}",
            self.metric,
            self.op,
            crate::check::show(self.threshold)
        )
    }
}
