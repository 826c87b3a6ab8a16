//! The world one replication lives in: the scenario's world drivers, each drawn once per
//! replication and keyed by (seed, replication, driver) — never by variant — so every
//! variant of a comparison, sweep or sensitivity run meets the same world (common random
//! numbers); and the price index per sub-segment they imply, month by month.
//!
//! The drivers act from the start of the reporting horizon: the warm-up is the history the
//! region knew when it set its budgets.

use crate::model::{Model, SubId};
use crate::rng::{self, Purpose};

/// Salt of the world's keys, apart from every youth's.
const WORLD: u64 = 0x574f_524c_445f_4452;

pub struct World {
    /// Yearly referral trend in this world.
    pub trend_per_year: f64,
    /// How many times as long stays in care last, from the start of the horizon.
    length: f64,
    /// Per sub-segment: the yearly index in this world.
    index_per_year: Vec<f64>,
    /// Per sub-segment: this month's price index.
    prices: Vec<f64>,
}

/// Driver `k`'s draw in replication `rep`: uniform in [low, high].
fn draw(seed: u64, rep: u32, k: u64, (low, high): (f64, f64)) -> f64 {
    let u = rng::uniform(rng::mix(seed ^ WORLD ^ rng::mix(k)), rep, Purpose::World);
    low + u * (high - low)
}

impl World {
    pub fn new(model: &Model) -> World {
        World {
            trend_per_year: model.trend_per_year,
            length: 1.0,
            index_per_year: model.subs.iter().map(|s| s.index_per_year).collect(),
            prices: vec![1.0; model.subs.len()],
        }
    }

    /// Draws replication `rep`'s world (the scenario's point values where it declares no
    /// driver).
    pub fn draw(&mut self, model: &Model, rep: u32) {
        let w = &model.world;
        let [trend, index, length] = w.named().map(|(_, r)| r);
        self.trend_per_year =
            model.trend_per_year + trend.map_or(0.0, |r| draw(model.seed, rep, 0, r));
        let shift = index.map_or(0.0, |r| draw(model.seed, rep, 1, r));
        for (i, s) in self.index_per_year.iter_mut().zip(&model.subs) {
            *i = s.index_per_year + shift;
        }
        self.length = length.map_or(1.0, |r| draw(model.seed, rep, 2, r));
        self.prices.fill(1.0);
    }

    /// Sets the month's price index per sub-segment: 1 in the warm-up and the first
    /// reporting year, then × (1 + the yearly index) each year.
    pub fn begin_month(&mut self, model: &Model, t: u32) {
        let year = t.saturating_sub(model.warmup) / 12;
        for (p, &i) in self.prices.iter_mut().zip(&self.index_per_year) {
            *p = if year == 0 || i == 0.0 {
                1.0
            } else {
                (1.0 + i).powi(year as i32)
            };
        }
    }

    /// This month's price index of sub-segment `sub`.
    #[inline(always)]
    pub fn price(&self, sub: SubId) -> f64 {
        self.prices[sub as usize]
    }

    /// This month's price index per sub-segment.
    pub fn prices(&self) -> &[f64] {
        &self.prices
    }

    /// How many times as long care lasts in month `t` (1 in the warm-up).
    pub fn length_at(&self, model: &Model, t: u32) -> f64 {
        if t < model.warmup { 1.0 } else { self.length }
    }
}

#[cfg(test)]
mod tests {
    use super::draw;

    #[test]
    fn a_driver_is_uniform_in_its_range_and_keyed_by_replication_and_driver() {
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|r| draw(7, r, 1, (0.01, 0.05))).collect();
        assert!(xs.iter().all(|&x| (0.01..=0.05).contains(&x)));
        let mean = xs.iter().sum::<f64>() / n as f64;
        // Uniform(0.01, 0.05): mean 0.03, sd 0.0115; the mean of 20,000 within 4 SE.
        assert!(
            (mean - 0.03).abs() < 4.0 * 0.0115 / (n as f64).sqrt(),
            "{mean}"
        );
        let below = xs.iter().filter(|&&x| x < 0.02).count() as f64 / n as f64;
        assert!((below - 0.25).abs() < 0.015, "{below}");
        // Same seed, replication and driver: the same world; another driver: another.
        assert_eq!(draw(7, 3, 1, (0.0, 1.0)), draw(7, 3, 1, (0.0, 1.0)));
        assert_ne!(draw(7, 3, 1, (0.0, 1.0)), draw(7, 3, 2, (0.0, 1.0)));
        assert_ne!(draw(7, 3, 1, (0.0, 1.0)), draw(8, 3, 1, (0.0, 1.0)));
    }
}
