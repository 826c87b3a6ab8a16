//! The outcome of `optimise`: the smallest provider numbers found, and the search's path;
//! and `optimise.json`, the file that holds it.

use super::{Head, Provenance};
use crate::metrics::stats::Stat;
use crate::metrics::target::Target;
use serde::{Deserialize, Serialize};

/// One evaluated candidate.
#[derive(Debug, Clone)]
pub struct Point {
    /// Providers per adjustable sub-segment, in `Optimum::sub_segments` order.
    pub providers: Vec<u32>,
    /// Mean total cost (€) with its 95% CI.
    pub total_cost: crate::metrics::stats::Stat,
    /// The target metric's quantile over replications (the P95 for an upper bound at the
    /// default quantile).
    pub target_quantile: f64,
    /// Share of replications that meet the target.
    pub share_meeting: f64,
}

impl Point {
    pub fn total_providers(&self) -> u32 {
        self.providers.iter().sum()
    }
}

/// The outcome of a search.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub target: Target,
    /// Share of replications that must meet the target.
    pub quantile: f64,
    /// The sub-segments searched (those with `max` above `min`), with their min and max.
    pub sub_segments: Vec<(String, u32, u32)>,
    /// The solution: the best candidate found, or the largest market if none meets it.
    pub solution: Point,
    pub meets_target: bool,
    /// Candidates evaluated (each on every replication).
    pub evaluated: usize,
    /// The greedy path from the minimum to the solution: cost against the target.
    pub frontier: Vec<Point>,
}

/// `optimise.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OptimiseFile {
    #[serde(flatten)]
    pub head: Head,
    pub target: TargetFile,
    pub solution: Vec<SubSegmentSize>,
    pub meets_target: bool,
    pub evaluated: usize,
    pub solution_outcome: PointFile,
    pub frontier: Vec<PointFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetFile {
    pub expression: String,
    pub metric: String,
    pub quantile: f64,
}

/// A sub-segment's providers at the solution, within its min and max.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubSegmentSize {
    pub sub_segment: String,
    pub providers: u32,
    pub min: u32,
    pub max: u32,
}

/// A candidate as the file holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PointFile {
    pub providers: Vec<Count>,
    pub total_providers: u32,
    pub total_cost: Stat,
    #[serde(deserialize_with = "crate::fields::number")]
    pub target_quantile: f64,
    pub share_meeting_target: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Count {
    pub sub_segment: String,
    pub providers: u32,
}

impl OptimiseFile {
    pub fn new(provenance: &Provenance, o: &Optimum) -> OptimiseFile {
        OptimiseFile {
            head: provenance.head(),
            target: TargetFile {
                expression: o.target.text(),
                metric: o.target.metric.clone(),
                quantile: o.quantile,
            },
            solution: o
                .sub_segments
                .iter()
                .zip(&o.solution.providers)
                .map(|((name, min, max), &n)| SubSegmentSize {
                    sub_segment: name.clone(),
                    providers: n,
                    min: *min,
                    max: *max,
                })
                .collect(),
            meets_target: o.meets_target,
            evaluated: o.evaluated,
            solution_outcome: point(o, &o.solution),
            frontier: o.frontier.iter().map(|p| point(o, p)).collect(),
        }
    }
}

fn point(o: &Optimum, p: &Point) -> PointFile {
    PointFile {
        providers: o
            .sub_segments
            .iter()
            .zip(&p.providers)
            .map(|((name, _, _), &n)| Count {
                sub_segment: name.clone(),
                providers: n,
            })
            .collect(),
        total_providers: p.total_providers(),
        total_cost: p.total_cost,
        target_quantile: p.target_quantile,
        share_meeting_target: p.share_meeting,
    }
}
