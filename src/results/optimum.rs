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
    /// The first target's quantile over replications (the P95 for an upper bound at the
    /// default quantile).
    pub target_quantile: f64,
    /// Share of replications that meet the target: the weakest target's, when there are
    /// several (each must reach the quantile).
    pub share_meeting: f64,
    /// Share of replications in which every target holds at once.
    pub share_all: f64,
    /// Replications run: all of them, or fewer for a candidate stopped once it could no
    /// longer meet a target (its shares and cost are over those run).
    pub replications: u32,
    /// Per target: its quantile over replications and the share of replications it holds in.
    pub per_target: Vec<(f64, f64)>,
}

impl Point {
    pub fn total_providers(&self) -> u32 {
        self.providers.iter().sum()
    }

    /// The target (its index) that holds in the fewest replications: the one closest to
    /// failing, or the one that fails most.
    pub fn weakest(&self) -> usize {
        (0..self.per_target.len())
            .min_by(|&a, &b| self.per_target[a].1.total_cmp(&self.per_target[b].1))
            .unwrap_or(0)
    }
}

/// A searched sub-segment: its bounds and what held it at the solution.
#[derive(Debug, Clone)]
pub struct Sized {
    pub name: String,
    pub min: u32,
    pub max: u32,
    /// The fewest providers before any simulation: `min`, or more where the best-ranked
    /// providers must offer every required specialism or cover every municipality k times.
    pub floor: u32,
    /// What stops one provider fewer at the solution: the target that breaks (its
    /// expression), else why it is at its floor ("min", "specialisms", "coverage"); empty
    /// when the targets are not met.
    pub binding: String,
    /// Per number of providers evaluated for it: the share of replications meeting its
    /// own targets (every target together when it owns none) and the mean total cost, from
    /// the last candidate with that number.
    pub frontier: Vec<(u32, f64, f64)>,
}

/// The outcome of a search.
#[derive(Debug, Clone)]
pub struct Optimum {
    /// The first target (the one the file's `target` describes).
    pub target: Target,
    /// Every target; each must hold in `quantile` of replications.
    pub targets: Vec<Target>,
    /// The targets as written, joined by ` & ` (a family stays `prefix[*]`).
    pub expression: String,
    /// Share of replications that must meet the targets.
    pub quantile: f64,
    /// The sub-segments searched (those with `max` above `min`).
    pub sub_segments: Vec<Sized>,
    /// The solution: the best candidate found, or the largest market if none meets it.
    pub solution: Point,
    pub meets_target: bool,
    /// Candidates evaluated (each on every replication).
    pub evaluated: usize,
    /// Every candidate the search evaluated, in order: cost against the targets.
    pub frontier: Vec<Point>,
}

/// `optimise.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OptimiseFile {
    #[serde(flatten)]
    pub head: Head,
    pub target: TargetFile,
    /// Every target (a family `prefix[*]` expanded), with its outcome at the solution.
    #[serde(default)]
    pub targets: Vec<TargetOutcome>,
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

/// One target at the solution.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TargetOutcome {
    pub expression: String,
    pub metric: String,
    /// The quantile it is tested on (the P95 for an upper bound at the default quantile).
    #[serde(deserialize_with = "crate::fields::number")]
    pub tested: f64,
    pub share_meeting_target: f64,
}

/// A sub-segment's providers at the solution, within its min and max.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubSegmentSize {
    pub sub_segment: String,
    pub providers: u32,
    pub min: u32,
    pub max: u32,
    /// The fewest providers the required specialisms and municipal coverage allow.
    #[serde(default)]
    pub floor: u32,
    /// What one provider fewer would break (`Sized::binding`).
    #[serde(default)]
    pub binding: String,
    /// Per number of providers evaluated: share meeting its own targets and mean cost.
    #[serde(default)]
    pub frontier: Vec<SubPoint>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubPoint {
    pub providers: u32,
    pub share_meeting_target: f64,
    #[serde(deserialize_with = "crate::fields::number")]
    pub total_cost: f64,
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
    /// Share of replications in which every target holds at once.
    #[serde(default)]
    pub share_meeting_all: f64,
    /// Replications run (fewer: stopped once it could no longer meet a target).
    #[serde(default)]
    pub replications: u32,
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
                expression: o.expression.clone(),
                metric: o.target.metric.clone(),
                quantile: o.quantile,
            },
            targets: o
                .targets
                .iter()
                .zip(&o.solution.per_target)
                .map(|(t, &(tested, share))| TargetOutcome {
                    expression: t.text(),
                    metric: t.metric.clone(),
                    tested,
                    share_meeting_target: share,
                })
                .collect(),
            solution: o
                .sub_segments
                .iter()
                .zip(&o.solution.providers)
                .map(|(s, &n)| SubSegmentSize {
                    sub_segment: s.name.clone(),
                    providers: n,
                    min: s.min,
                    max: s.max,
                    floor: s.floor,
                    binding: s.binding.clone(),
                    frontier: s
                        .frontier
                        .iter()
                        .map(|&(providers, share, cost)| SubPoint {
                            providers,
                            share_meeting_target: share,
                            total_cost: cost,
                        })
                        .collect(),
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
            .map(|(s, &n)| Count {
                sub_segment: s.name.clone(),
                providers: n,
            })
            .collect(),
        total_providers: p.total_providers(),
        total_cost: p.total_cost,
        target_quantile: p.target_quantile,
        share_meeting_target: p.share_meeting,
        share_meeting_all: p.share_all,
        replications: p.replications,
    }
}
