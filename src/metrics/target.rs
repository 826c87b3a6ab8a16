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

/// `metric`, operator and threshold as written.
fn split(text: &str) -> Result<(&str, &'static str, &str)> {
    for op in ["<=", ">=", "<", ">"] {
        if let Some((m, x)) = text.split_once(op) {
            return Ok((m.trim(), op, x.trim()));
        }
    }
    Err(Error::Usage(format!(
        "target `{text}`: write it as METRIC<=VALUE or METRIC>=VALUE, e.g. mean_wait_months<=1.0"
    )))
}

fn number(text: &str, x: &str) -> Result<f64> {
    x.parse::<f64>()
        .ok()
        .filter(|t| t.is_finite())
        .ok_or_else(|| Error::Usage(format!("target `{text}`: `{x}` is not a (finite) number")))
}

impl Target {
    pub fn parse(text: &str) -> Result<Target> {
        let (metric, op, x) = split(text)?;
        Ok(Target {
            metric: metric.to_string(),
            op: op.to_string(),
            threshold: number(text, x)?,
        })
    }

    /// The targets `text` stands for in `model`, as a tender writes them: a family written
    /// `prefix[*]` (`p90_wait_months_sub_[*]<=1.5`) is one target per segment or
    /// sub-segment, all of which must hold; the threshold `norm` is each sub-segment's
    /// `waiting_norm_months`. Every metric is checked against the model's names.
    pub fn parse_in(text: &str, model: &crate::model::Model) -> Result<Vec<Target>> {
        let (metric, op, x) = split(text)?;
        let metrics: Vec<String> = match metric.strip_suffix("[*]") {
            Some(prefix) => family(text, prefix, model)?,
            None => vec![metric.to_string()],
        };
        let mut out = Vec::with_capacity(metrics.len());
        for metric in metrics {
            super::known_metric(model, &metric)?;
            let mut t = Target {
                metric,
                op: op.to_string(),
                threshold: f64::NAN,
            };
            t.threshold = if x == "norm" {
                match t.sub_segment(model) {
                    Some(i) => model.subs[i].waiting_norm_months,
                    None => {
                        return Err(Error::Usage(format!(
                            "target `{text}`: `norm` is a sub-segment's waiting_norm_months; use it with a per-sub-segment metric such as p90_wait_months_sub_[*]"
                        )));
                    }
                }
            } else {
                number(text, x)?
            };
            out.push(t);
        }
        Ok(out)
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

    /// The sub-segment this target is about (`…_sub_<name>`), if it is one of the model's.
    pub fn sub_segment(&self, model: &crate::model::Model) -> Option<usize> {
        let prefix = sub_family(&self.metric)?;
        model
            .subs
            .iter()
            .position(|s| self.metric[prefix.len()..] == *s.name)
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

/// The per-sub-segment family prefix `metric` begins with.
fn sub_family(metric: &str) -> Option<&'static str> {
    super::FAMILIES
        .iter()
        .map(|(prefix, _, _)| *prefix)
        .filter(|p| p.ends_with("_sub_"))
        .find(|p| metric.starts_with(p))
}

/// The metrics of the family `prefix`: one per sub-segment or per segment.
fn family(text: &str, prefix: &str, model: &crate::model::Model) -> Result<Vec<String>> {
    let known = super::FAMILIES.iter().find(|(p, _, _)| *p == prefix);
    let Some((p, _, _)) = known else {
        let all: Vec<String> = super::FAMILIES
            .iter()
            .map(|(p, _, _)| format!("{p}[*]"))
            .collect();
        return Err(Error::Usage(format!(
            "target `{text}`: `{prefix}[*]` is not a metric family; families are {}",
            all.join(", ")
        )));
    };
    Ok(if p.ends_with("_sub_") {
        model
            .subs
            .iter()
            .map(|s| format!("{p}{}", s.name))
            .collect()
    } else {
        model.segments.iter().map(|s| format!("{p}{s}")).collect()
    })
}
