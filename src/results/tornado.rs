//! The outcome of a one-way sensitivity analysis: each `uncertain` parameter's effect on a
//! metric, ranked.

use crate::metrics::stats::Stat;

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
}

/// Ranks effects by the size of the mean effect, largest first (a stable sort: equal
/// effects keep the scenario's order, and zero effects come last).
pub fn rank(effects: &mut [Effect]) {
    effects.sort_by(|a, b| b.effect.mean.abs().total_cmp(&a.effect.mean.abs()));
}
