//! Streaming statistics over replications: mean with a t-based 95% CI (Welford), and
//! percentiles. Percentiles are exact (linear interpolation between order statistics, as
//! numpy's default) while at most `EXACT_CAP` values have been seen, and P² estimates
//! beyond, so memory does not grow with the number of replications. P² also tracks P94
//! and P96, so the confidence interval of P95 stays honest beyond the cap.

use p_square::P2;
use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

pub const EXACT_CAP: usize = 4096;
/// P5, P50, P95, and the two levels either side of P95 that bound its confidence interval
/// beyond `EXACT_CAP` (where its half-width in probability is below 0.007).
const LEVELS: [f64; 5] = [0.05, 0.5, 0.95, 0.94, 0.96];

/// Summary of one quantity over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Stat {
    #[serde(deserialize_with = "crate::fields::number")]
    pub mean: f64,
    #[serde(deserialize_with = "crate::fields::pair")]
    pub ci95: [f64; 2],
    #[serde(deserialize_with = "crate::fields::number")]
    pub p5: f64,
    #[serde(deserialize_with = "crate::fields::number")]
    pub p50: f64,
    #[serde(deserialize_with = "crate::fields::number")]
    pub p95: f64,
}

/// A difference is significant when its 95% CI excludes 0.
pub fn significant(s: &Stat) -> bool {
    s.ci95[0] > 0.0 || s.ci95[1] < 0.0
}

/// The 97.5% quantile of Student's t with n − 1 degrees of freedom (n ≥ 2).
///
/// A summary asks it for every metric at the same n, and `statrs` inverts the t
/// distribution by iteration (about 8,500 instructions a call): the last n asked on this
/// thread keeps its answer.
pub(crate) fn t975(n: u64) -> f64 {
    thread_local! {
        static LAST: std::cell::Cell<Option<(u64, f64)>> = const { std::cell::Cell::new(None) };
    }
    LAST.with(|last| match last.get() {
        Some((m, t)) if m == n => t,
        _ => {
            let t = t975_of(n);
            last.set(Some((n, t)));
            t
        }
    })
}

fn t975_of(n: u64) -> f64 {
    StudentsT::new(0.0, 1.0, (n - 1) as f64)
        .map(|d| d.inverse_cdf(0.975))
        .unwrap_or(1.959_963_984_540_054)
}

/// An estimate with its 95% confidence interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Estimate {
    #[serde(deserialize_with = "crate::fields::number")]
    pub mean: f64,
    #[serde(deserialize_with = "crate::fields::pair")]
    pub ci95: [f64; 2],
}

impl From<&Stat> for Estimate {
    fn from(s: &Stat) -> Estimate {
        Estimate {
            mean: s.mean,
            ci95: s.ci95,
        }
    }
}

/// The relative difference of paired values, Σd / Σb for d = variant − baseline and b =
/// the baseline, per replication: the ratio of the two means (not a mean of ratios, so
/// it matches "difference in € / baseline in €"). Its 95% CI is the delta method's: the
/// variance of the ratio is that of (d − R·b) / b̄ over replications, which counts the
/// uncertainty of the baseline's mean and its correlation with the difference.
#[derive(Debug, Clone, Default)]
pub struct RatioAccumulator {
    n: u64,
    mean_d: f64,
    mean_b: f64,
    m_dd: f64,
    m_bb: f64,
    m_db: f64,
}

impl RatioAccumulator {
    pub fn push(&mut self, d: f64, b: f64) {
        self.n += 1;
        let n = self.n as f64;
        let (dd, db) = (d - self.mean_d, b - self.mean_b);
        self.mean_d += dd / n;
        self.mean_b += db / n;
        self.m_dd += dd * (d - self.mean_d);
        self.m_bb += db * (b - self.mean_b);
        self.m_db += dd * (b - self.mean_b);
    }

    /// The ratio with its 95% CI; 0 when the baseline's mean is 0.
    pub fn estimate(&self) -> Estimate {
        if self.mean_b == 0.0 || self.n == 0 {
            return Estimate {
                mean: 0.0,
                ci95: [0.0, 0.0],
            };
        }
        let r = self.mean_d / self.mean_b;
        if self.n < 2 {
            return Estimate {
                mean: r,
                ci95: [r, r],
            };
        }
        let k = (self.n - 1) as f64;
        let var_z = (self.m_dd - 2.0 * r * self.m_db + r * r * self.m_bb).max(0.0)
            / k
            / (self.mean_b * self.mean_b);
        let h = t975(self.n) * (var_z / self.n as f64).sqrt();
        Estimate {
            mean: r,
            ci95: [r - h, r + h],
        }
    }
}

#[derive(Clone)]
pub struct Accumulator {
    n: u64,
    mean: f64,
    m2: f64,
    exact: Vec<f64>,
    p2: [P2; 5],
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator {
            n: 0,
            mean: 0.0,
            m2: 0.0,
            exact: Vec::new(),
            p2: LEVELS.map(P2::new),
        }
    }
}

impl Accumulator {
    pub fn push(&mut self, x: f64) {
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
        if self.exact.len() < EXACT_CAP {
            self.exact.push(x);
        }
        for q in &mut self.p2 {
            q.feed(x);
        }
    }

    pub fn count(&self) -> u64 {
        self.n
    }

    /// Sample standard deviation (0 for fewer than 2 values).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).max(0.0).sqrt()
        }
    }

    /// Half-width of the 95% confidence interval of the mean.
    pub fn half_width(&self) -> f64 {
        if self.n < 2 {
            return 0.0;
        }
        t975(self.n) * self.sd() / (self.n as f64).sqrt()
    }

    pub fn stat(&self) -> Stat {
        let h = self.half_width();
        let [p5, p50, p95] = if self.n as usize <= EXACT_CAP {
            let mut v = self.exact.clone();
            v.sort_by(f64::total_cmp);
            [0, 1, 2].map(|i| quantile_sorted(&v, LEVELS[i]))
        } else {
            [0, 1, 2].map(|i| self.p2[i].estimate())
        };
        Stat {
            mean: self.mean,
            ci95: [self.mean - h, self.mean + h],
            p5,
            p50,
            p95,
        }
    }
}

impl Accumulator {
    /// The 95th percentile as a quantity of its own: `mean` is the P95, `ci95` a
    /// distribution-free 95% confidence interval for it from order statistics (ranks
    /// n·0.95 ± 1.96·√(n·0.95·0.05)), and p5/p50/p95 the percentiles of the values. Beyond
    /// `EXACT_CAP` values the same interval is read from the P² quantile function,
    /// interpolated linearly between its P94, P95 and P96: its width shrinks as 1/√n and
    /// is zero only when the values near P95 are all equal.
    pub fn p95_stat(&self) -> Stat {
        let s = self.stat();
        let ci = if self.n as usize > EXACT_CAP {
            let half = 1.96 * (0.95 * 0.05 / self.n as f64).sqrt();
            let (p94, p96) = (self.p2[3].estimate(), self.p2[4].estimate());
            [
                s.p95 - (s.p95 - p94).max(0.0) * half / 0.01,
                s.p95 + (p96 - s.p95).max(0.0) * half / 0.01,
            ]
        } else if self.n >= 2 {
            let mut v = self.exact.clone();
            v.sort_by(f64::total_cmp);
            let n = v.len() as f64;
            let half = 1.96 * (n * 0.95 * 0.05).sqrt();
            let rank = |r: f64| v[(r.round().max(1.0) as usize).min(v.len()) - 1];
            [rank(n * 0.95 - half), rank(n * 0.95 + half + 1.0)]
        } else {
            [s.p95, s.p95]
        };
        Stat {
            mean: s.p95,
            ci95: [ci[0].min(s.p95), ci[1].max(s.p95)],
            ..s
        }
    }
}

/// Quantile `q` of sorted values, interpolating linearly between order statistics.
pub fn quantile_sorted(v: &[f64], q: f64) -> f64 {
    match v.len() {
        0 => 0.0,
        1 => v[0],
        n => {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            v[lo] + (h - lo as f64) * (v[hi] - v[lo])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t975_kept_for_the_last_n_is_the_quantile_of_every_n_asked() {
        // Known values: 12.706 (1 degree of freedom), 2.262 (9), 1.984 (100).
        for (n, want) in [
            (2, 12.706),
            (10, 2.262),
            (10, 2.262),
            (101, 1.984),
            (2, 12.706),
        ] {
            let t = t975(n);
            assert_eq!(t.to_bits(), t975_of(n).to_bits(), "n {n}");
            assert!((t - want).abs() < 5e-4, "n {n}: {t}");
        }
    }

    #[test]
    fn a_ratio_with_a_fixed_baseline_is_the_difference_over_it() {
        // With the same baseline in every replication, D̄/b has the CI of D̄, divided by b.
        let (mut r, mut d) = (RatioAccumulator::default(), Accumulator::default());
        for x in [3.0, -1.0, 4.0, 1.0, 5.0, 9.0] {
            r.push(x, 200.0);
            d.push(x);
        }
        let (e, s) = (r.estimate(), d.stat());
        assert!((e.mean - s.mean / 200.0).abs() < 1e-15);
        assert!((e.ci95[0] - s.ci95[0] / 200.0).abs() < 1e-12);
        assert!((e.ci95[1] - s.ci95[1] / 200.0).abs() < 1e-12);
    }

    #[test]
    fn a_ratio_ci_covers_the_true_ratio_about_95_percent_of_the_time() {
        // b ~ 100 + N(0, 10), d = 0.05·b + N(0, 2): true ratio 0.05.
        use rand::SeedableRng;
        use rand_distr::{Distribution, Normal};
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let (nb, nd) = (
            Normal::new(100.0, 10.0).unwrap(),
            Normal::new(0.0, 2.0).unwrap(),
        );
        let mut covered = 0;
        for _ in 0..2000 {
            let mut r = RatioAccumulator::default();
            for _ in 0..50 {
                let b: f64 = nb.sample(&mut rng);
                r.push(0.05 * b + nd.sample(&mut rng), b);
            }
            let e = r.estimate();
            covered += usize::from(e.ci95[0] <= 0.05 && 0.05 <= e.ci95[1]);
        }
        let share = covered as f64 / 2000.0;
        assert!((0.93..=0.97).contains(&share), "coverage {share}");
    }

    #[test]
    fn mean_ci_and_percentiles_match_textbook_values() {
        let mut a = Accumulator::default();
        for x in 1..=11 {
            a.push(x as f64);
        }
        let s = a.stat();
        assert_eq!(s.mean, 6.0);
        assert_eq!(s.p50, 6.0);
        assert!((s.p5 - 1.5).abs() < 1e-12);
        assert!((s.p95 - 10.5).abs() < 1e-12);
        // sd = sqrt(11), t(0.975, 10) = 2.228139
        let h = 2.228_138_851_986_274 * 11f64.sqrt() / 11f64.sqrt();
        assert!((s.ci95[1] - 6.0 - h).abs() < 1e-6, "{:?}", s.ci95);
    }

    #[test]
    fn constant_values_have_zero_width() {
        let mut a = Accumulator::default();
        for _ in 0..50 {
            a.push(3.25);
        }
        let s = a.stat();
        assert_eq!(s.ci95, [3.25, 3.25]);
        assert_eq!((s.p5, s.p50, s.p95), (3.25, 3.25, 3.25));
    }

    #[test]
    fn beyond_the_cap_percentiles_are_p2_estimates_close_to_exact() {
        let mut a = Accumulator::default();
        let n = EXACT_CAP * 3;
        for i in 0..n {
            // A deterministic shuffle of 0..n.
            a.push(((i * 7919) % n) as f64);
        }
        let s = a.stat();
        let rel = |x: f64, q: f64| (x - q * (n - 1) as f64).abs() / n as f64;
        assert!(rel(s.p50, 0.5) < 0.01, "p50 {}", s.p50);
        assert!(rel(s.p95, 0.95) < 0.01, "p95 {}", s.p95);
    }

    /// The order-statistic CI of P95 on all values, as `p95_stat` computes it below the cap.
    fn exact_p95_ci(values: &[f64]) -> [f64; 2] {
        let mut v = values.to_vec();
        v.sort_by(f64::total_cmp);
        let n = v.len() as f64;
        let half = 1.96 * (n * 0.95 * 0.05).sqrt();
        let rank = |r: f64| v[(r.round().max(1.0) as usize).min(v.len()) - 1];
        [rank(n * 0.95 - half), rank(n * 0.95 + half + 1.0)]
    }

    #[test]
    fn beyond_the_cap_the_p95_interval_keeps_its_width() {
        // Exponential values (a skewed tail, like yearly cost overruns) in random order.
        for n in [EXACT_CAP * 2, EXACT_CAP * 8] {
            let values: Vec<f64> = (0..n as u64)
                .map(|i| -(1.0 - crate::rng::uniform(42, i as u32, crate::rng::Purpose::Need)).ln())
                .collect();
            let mut a = Accumulator::default();
            for &x in &values {
                a.push(x);
            }
            let s = a.p95_stat();
            let exact = exact_p95_ci(&values);
            let (w, we) = (s.ci95[1] - s.ci95[0], exact[1] - exact[0]);
            assert!(w > 0.0, "n {n}: {:?}", s.ci95);
            assert!((w / we - 1.0).abs() < 0.3, "n {n}: width {w} vs exact {we}");
            // The true P95 of the exponential, -ln 0.05, lies inside.
            let truth = -(0.05f64).ln();
            assert!(
                s.ci95[0] <= truth && truth <= s.ci95[1],
                "n {n}: {:?}",
                s.ci95
            );
        }
    }

    #[test]
    fn beyond_the_cap_constant_values_still_have_zero_width() {
        let mut a = Accumulator::default();
        for _ in 0..EXACT_CAP * 2 {
            a.push(7.0);
        }
        assert_eq!(a.p95_stat().ci95, [7.0, 7.0]);
    }
}
