//! How many replications the pass from chance alone needs. Its `*_chance_only` figures
//! are read beside the same figures with the world drivers; they need to be known as
//! precisely as those, not more. Chance alone spreads less than chance and the world, so
//! fewer replications reach that: the pass stops at the first checkpoint where every
//! figure's 95% CI is as narrow as its twin's (docs/modelling-choices.md).

use crate::metrics::stats::Stat;
use crate::metrics::{CHANCE_ONLY, Collector, Summary};

/// The fewest replications the pass from chance alone takes: the CIs it compares are
/// themselves estimates, unreliable from a few dozen values.
pub const MIN_REPLICATIONS: u64 = 100;

/// The pass checks its precision every `STEP` replications, counted from the first, so
/// where it stops depends on the replications alone, never on threads, chunks or shards.
pub const STEP: u64 = 50;

/// The narrowest half-width a target asks for, relative to the figure's size: a figure
/// whose CI with the world drivers is (nearly) zero wide, as a probability of 0 or 1, asks
/// for this rather than for an impossible zero.
const FLOOR_SHARE: f64 = 0.001;
/// The same floor for a probability (`p_year_over_budget`): half a percentage point.
const FLOOR_PROBABILITY: f64 = 0.005;

/// Whether a sequential rule may stop after `n` replications: a multiple of `STEP`, from
/// `MIN_REPLICATIONS`.
pub fn checkpoint(n: u64) -> bool {
    n >= MIN_REPLICATIONS && n.is_multiple_of(STEP)
}

/// Half the width of a 95% CI (for a P95, the wider of its two sides).
fn half_width(s: &Stat) -> f64 {
    (s.mean - s.ci95[0]).max(s.ci95[1] - s.mean)
}

/// The half-widths the chance-only figures must reach: those of the same figures with
/// the world drivers.
#[derive(Debug, Clone)]
pub struct Target {
    /// (metric, half-width to reach).
    widths: Vec<(&'static str, f64)>,
    /// At most this many replications: the run's own.
    most: u64,
}

impl Target {
    /// The target from the finished summary `full` of the run with world drivers.
    pub fn of(full: &Summary) -> Target {
        Target::from(&full.metrics, full.replications)
    }

    /// The target from the metrics of a run of `replications`.
    fn from(metrics: &[(String, Stat)], replications: u64) -> Target {
        let widths = CHANCE_ONLY
            .iter()
            .filter_map(|&name| {
                let (_, s) = metrics.iter().find(|(n, _)| n == name)?;
                let floor = if name.starts_with("p_") {
                    FLOOR_PROBABILITY
                } else {
                    FLOOR_SHARE * s.mean.abs()
                };
                Some((name, half_width(s).max(floor)))
            })
            .collect();
        Target {
            widths,
            most: replications,
        }
    }

    /// Whether the replications in `collector` are enough: checked only at a checkpoint
    /// (a multiple of `STEP`, from `MIN_REPLICATIONS`), and always at the run's own count.
    pub fn met(&self, collector: &Collector) -> bool {
        let n = collector.count();
        if n >= self.most {
            return true;
        }
        if !checkpoint(n) {
            return false;
        }
        self.widths.iter().all(|&(name, width)| {
            collector.stat(name).is_some_and(|s| {
                let h = half_width(&s);
                h.is_finite() && h <= width
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(mean: f64, half: f64) -> Stat {
        Stat {
            mean,
            ci95: [mean - half, mean + half],
            p5: mean,
            p50: mean,
            p95: mean,
        }
    }

    #[test]
    fn a_target_is_the_full_runs_half_width_above_a_floor() {
        let metrics = vec![
            ("total_cost".into(), stat(400e6, 1.2e6)),
            ("p_year_over_budget".into(), stat(1.0, 0.0)),
            ("care_at_tariff".into(), stat(1.0, 0.5)),
            ("yearly_cost".into(), stat(80e6, 0.0)),
        ];
        let t = Target::from(&metrics, 1000);
        assert_eq!(t.most, 1000);
        assert_eq!(
            t.widths,
            vec![
                ("total_cost", 1.2e6),
                ("yearly_cost", 80e6 * FLOOR_SHARE),
                ("p_year_over_budget", FLOOR_PROBABILITY)
            ]
        );
    }

    #[test]
    fn a_p95s_half_width_is_its_wider_side() {
        let s = Stat {
            mean: 10.0,
            ci95: [9.0, 13.0],
            p5: 0.0,
            p50: 0.0,
            p95: 0.0,
        };
        assert_eq!(half_width(&s), 3.0);
    }
}
