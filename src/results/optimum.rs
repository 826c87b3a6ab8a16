//! The outcome of `optimise`: the smallest provider numbers found, and the search's path.

use crate::metrics::target::Target;

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
