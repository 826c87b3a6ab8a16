//! The usage gamma by inversion: a care plan's units are the quantile of one keyed
//! uniform, read from a table of the gamma's quantiles computed once per shape.
//!
//! A draw is then a lookup and a linear interpolation instead of Marsaglia–Tsang's
//! rejection loop around a ziggurat normal. The quantiles are exact at the cells' ends.
//! Where the quantile curves too much for linear cells in u, the table changes variable:
//! the head (u below 15/256, where the quantile rises like u^(1/shape)) holds ln Q against
//! ln u, the tail (u from 15/16) Q against v = −ln(1 − u); in both the quantile is nearly a
//! straight line. Every quantile lies within 2·10⁻⁶ in probability of the gamma's own,
//! the mean within 2 parts in 10⁶ and the variance within 2 in 10⁵ (`tests`), far below
//! a run's Monte Carlo error (docs/modelling-choices.md, "The usage gamma by inversion").

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use statrs::distribution::{ContinuousCDF, Gamma};
use statrs::function::gamma::{gamma_lr, gamma_ur, ln_gamma};

/// Cells of the body, u in [0, `BODY_TOP`): each interpolates linearly between the
/// quantiles at its ends.
const CELLS: usize = 1024;
/// Where the tail begins: above it the quantile in u curves too much for linear cells.
const BODY_TOP: f64 = 15.0 / 16.0;
/// Cells below the body, from u = 0 to 1/16 of `BODY_TOP`, served by the head.
const HEAD_CELLS: usize = CELLS / 16;
/// Intervals of the head table, in w = ln u from `W_MIN` to the body's first cell.
const HEAD: usize = 1024;
/// The smallest positive uniform on 53 bits is 2⁻⁵³.
const W_MIN: f64 = -53.0 * std::f64::consts::LN_2;
/// Intervals of the tail table, in v = −ln(1 − u) from ln 16 to `V_MAX`.
const TAIL: usize = 1024;
/// The largest v a uniform on 53 bits reaches: 1 − u ≥ 2⁻⁵³.
const V_MAX: f64 = 53.0 * std::f64::consts::LN_2;

/// A care plan's usage: Gamma(shape, scale), drawn from one keyed uniform through the
/// shape's `GammaTable`; shapes the table does not serve draw exactly with `rand_distr`
/// from a wyrand stream started from the same keyed bits.
#[derive(Debug, Clone)]
pub struct UsageGamma {
    table: Option<Arc<GammaTable>>,
    scale: f64,
    exact: rand_distr::Gamma<f64>,
}

impl UsageGamma {
    pub fn new(shape: f64, scale: f64) -> Result<UsageGamma, rand_distr::GammaError> {
        let exact = rand_distr::Gamma::new(shape, scale)?;
        let table =
            (TABLE_SHAPES.contains(&shape) && scale.is_finite()).then(|| GammaTable::of(shape));
        Ok(UsageGamma {
            table,
            scale,
            exact,
        })
    }

    /// The draw of the youth with `key` given `salt(month, Purpose::Usage)`.
    #[inline(always)]
    pub fn sample(&self, key: u64, salt: u64) -> f64 {
        match &self.table {
            Some(t) => t.quantile(super::uniform_salted(key, salt)) * self.scale,
            None => {
                use rand_distr::Distribution;
                self.exact.sample(&mut super::draws_salted(key, salt))
            }
        }
    }
}

/// Tables the cache keeps without a model holding them (3 × 1,025 quantiles, 24 KB each).
const KEPT: usize = 64;

/// The cache of tables by shape (its bits).
fn tables() -> std::sync::MutexGuard<'static, HashMap<u64, Arc<GammaTable>>> {
    static TABLES: OnceLock<Mutex<HashMap<u64, Arc<GammaTable>>>> = OnceLock::new();
    // A poisoned lock only means another thread panicked while building a table; the map
    // itself is always whole.
    TABLES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

/// The shapes a table serves: below 1 the gamma's density is unbounded at 0, and above
/// 10⁴ (a CV under 1%) the incomplete gamma function loses accuracy; those shapes keep
/// the exact sampler (`UsageGamma`).
pub const TABLE_SHAPES: std::ops::RangeInclusive<f64> = 1.0..=1.0e4;

/// Quantiles of Gamma(shape, 1).
pub struct GammaTable {
    shape: f64,
    /// Quantile at u = i·BODY_TOP/CELLS, i = 0..=CELLS (below `HEAD_CELLS` the head serves,
    /// and they stay 0).
    body: [f64; CELLS + 1],
    /// ln of the quantile at w = W_MIN + j·(w_top − W_MIN)/HEAD, j = 0..=HEAD.
    head: [f64; HEAD + 1],
    /// Quantile at v = ln 16 + j·(V_MAX − ln 16)/TAIL, j = 0..=TAIL.
    tail: [f64; TAIL + 1],
}

impl std::fmt::Debug for GammaTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GammaTable(shape {})", self.shape)
    }
}

impl GammaTable {
    /// The table of `shape` (in `TABLE_SHAPES`), shared by every model that holds it.
    /// The cache keeps up to `KEPT` tables no model holds, so the handful of a scenario's
    /// usage CVs survive the many models a sweep or optimise builds; beyond that it lets
    /// them go, so a PSA that draws a CV per replication holds only the tables in use.
    pub fn of(shape: f64) -> Arc<GammaTable> {
        let mut map = tables();
        if let Some(table) = map.get(&shape.to_bits()) {
            return Arc::clone(table);
        }
        if map.len() >= KEPT {
            map.retain(|_, t| Arc::strong_count(t) > 1);
        }
        // Built under the lock: two models of one shape building it at once would waste
        // the time the lock saves.
        let table = GammaTable::new(shape);
        map.insert(shape.to_bits(), Arc::clone(&table));
        table
    }

    /// Every quantile by a safeguarded Newton from its neighbour's (`solve_rising`), a
    /// few evaluations of the incomplete gamma function each; the body upwards from the
    /// head's top, the head downwards from there, the tail upwards from the body's top.
    /// The arrays sit in the `Arc`'s own allocation: a draw follows one pointer.
    fn new(shape: f64) -> Arc<GammaTable> {
        debug_assert!(TABLE_SHAPES.contains(&shape), "shape {shape}");
        let mut table = Arc::new(GammaTable {
            shape,
            body: [0.0; CELLS + 1],
            head: [0.0; HEAD + 1],
            tail: [0.0; TAIL + 1],
        });
        let GammaTable {
            body, head, tail, ..
        } = Arc::get_mut(&mut table).expect("a table nobody else holds yet");
        let dist = Gamma::new(shape, 1.0).expect("a shape in TABLE_SHAPES");
        let ln_norm = ln_gamma(shape);
        // The density, from its logarithm: no Γ(shape) per call, and no overflow of
        // x^(shape − 1) for the largest shapes.
        let pdf = |x: f64| ((shape - 1.0) * x.ln() - x - ln_norm).exp();
        // The body's first cell is the head's last point: both start from one quantile,
        // `statrs`' polished (its inverse stops at a tolerance near 10⁻⁹).
        let u = u_at(HEAD_CELLS);
        let mut x = solve_rising(0.0, f64::INFINITY, dist.inverse_cdf(u), |x| {
            (gamma_lr(shape, x) - u, pdf(x))
        });
        body[HEAD_CELLS] = x;
        for (i, q) in body.iter_mut().enumerate().skip(HEAD_CELLS + 1) {
            let u = u_at(i);
            let guess = x + (u - u_at(i - 1)) / pdf(x);
            x = solve_rising(x, f64::INFINITY, guess, |x| {
                (gamma_lr(shape, x) - u, pdf(x))
            });
            *q = x;
        }
        // The head in y = ln Q against w = ln u: ln P(shape, e^y) = w, rising in y.
        let mut y = body[HEAD_CELLS].ln();
        head[HEAD] = y;
        for j in (0..HEAD).rev() {
            let w = w_at(j);
            let x = y.exp();
            let p = gamma_lr(shape, x);
            let guess = y - (w_at(j + 1) - w) * p / (x * pdf(x));
            // A step in w moves ln Q by at most about as much (d ln Q / d ln u is near
            // 1/shape at the far end and 1 for shape 1 at the head's top).
            y = solve_rising(y - 1.0, y, guess, |y| {
                let x = y.exp();
                let p = gamma_lr(shape, x);
                (p.ln() - w, x * pdf(x) / p)
            });
            head[j] = y;
        }
        // The tail in x against v = −ln(1 − u): −ln Q(shape, x) = v, rising in x.
        let mut x = body[CELLS];
        for (j, q) in tail.iter_mut().enumerate() {
            let v = v_at(j);
            let guess = match j {
                0 => x,
                _ => x + (v - v_at(j - 1)) * gamma_ur(shape, x) / pdf(x),
            };
            x = solve_rising(x, f64::INFINITY, guess, |x| {
                let q = gamma_ur(shape, x);
                (-q.ln() - v, pdf(x) / q)
            });
            *q = x;
        }
        table
    }

    /// The quantile at `u` in [0, 1).
    #[inline(always)]
    pub fn quantile(&self, u: f64) -> f64 {
        let x = u * (CELLS as f64 / BODY_TOP);
        let i = x as usize;
        // The body's cells in one comparison: the head and the tail are the rarer cases.
        if i.wrapping_sub(HEAD_CELLS) < CELLS - HEAD_CELLS {
            let (lo, hi) = (self.body[i], self.body[i + 1]);
            lo + (x - i as f64) * (hi - lo)
        } else {
            self.edge_quantile(u, i)
        }
    }

    /// The head (one draw in 17) and the tail (one in 16), each from its table.
    #[inline(never)]
    fn edge_quantile(&self, u: f64, i: usize) -> f64 {
        if i < HEAD_CELLS {
            if u <= 0.0 {
                return 0.0;
            }
            let y = ((u.ln() - W_MIN) / head_step()).clamp(0.0, HEAD as f64);
            let j = (y as usize).min(HEAD - 1);
            let (lo, hi) = (self.head[j], self.head[j + 1]);
            return (lo + (y - j as f64) * (hi - lo)).exp();
        }
        // Exact for a uniform on 53 bits: 1 − u is one of its values, never 0.
        let v = -(1.0 - u).ln();
        let y = ((v - v_at(0)) / step()).clamp(0.0, TAIL as f64);
        let j = (y as usize).min(TAIL - 1);
        let (lo, hi) = (self.tail[j], self.tail[j + 1]);
        lo + (y - j as f64) * (hi - lo)
    }
}

/// The body's u at cell end `i`.
fn u_at(i: usize) -> f64 {
    i as f64 * BODY_TOP / CELLS as f64
}

fn head_step() -> f64 {
    ((HEAD_CELLS as f64 * BODY_TOP / CELLS as f64).ln() - W_MIN) / HEAD as f64
}

fn w_at(j: usize) -> f64 {
    W_MIN + j as f64 * head_step()
}

fn step() -> f64 {
    (V_MAX - 16f64.ln()) / TAIL as f64
}

fn v_at(j: usize) -> f64 {
    16f64.ln() + j as f64 * step()
}

/// The root of `g`, rising in x, in [lo, hi] (`hi` may be infinite), by Newton's method
/// from `guess`, bisecting whenever a step would leave the bracket known so far
/// (Numerical Recipes' `rtsafe`, the upper end found as it goes when not given); `g`
/// returns its value and slope.
fn solve_rising(mut lo: f64, mut hi: f64, guess: f64, g: impl Fn(f64) -> (f64, f64)) -> f64 {
    let mut x = guess.clamp(lo, hi);
    for _ in 0..200 {
        let (gx, slope) = g(x);
        if gx == 0.0 {
            return x;
        }
        if gx < 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        let mut next = x - gx / slope;
        if !next.is_finite() || next <= lo || next >= hi {
            next = if hi.is_finite() {
                (lo + hi) / 2.0
            } else {
                // No upper end yet: step out by twice the distance from the lower.
                x + 2.0 * (x - lo).max(f64::EPSILON * x.abs())
            };
        }
        if (next - x).abs() <= 1e-14 * x.abs().max(1.0) {
            return next;
        }
        x = next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tabulated distribution's mean and variance: the body integrated exactly (a
    /// midpoint grid with as many points in every cell integrates linear pieces exactly),
    /// the tail in v = −ln(1 − u), where du = e^−v dv.
    fn moments(t: &GammaTable) -> (f64, f64) {
        let (mut m1, mut m2) = (0.0, 0.0);
        let n = CELLS * 64;
        let du = BODY_TOP / n as f64;
        for k in 0..n {
            let x = t.quantile((k as f64 + 0.5) * du);
            m1 += x * du;
            m2 += x * x * du;
        }
        let n = TAIL * 64;
        let dv = (V_MAX - 16f64.ln()) / n as f64;
        for k in 0..n {
            let v = 16f64.ln() + (k as f64 + 0.5) * dv;
            let x = t.quantile(1.0 - (-v).exp());
            m1 += x * (-v).exp() * dv;
            m2 += x * x * (-v).exp() * dv;
        }
        (m1, m2 - m1 * m1)
    }

    #[test]
    fn the_tabulated_gamma_has_the_gammas_mean_and_variance() {
        for shape in [1.0, 1.5625, 4.0, 11.1, 100.0] {
            let t = GammaTable::of(shape);
            let (mean, var) = moments(&t);
            // The linear pieces lie a little above the convex parts of the quantile.
            assert!(
                (mean / shape - 1.0).abs() < 2e-6,
                "shape {shape}: mean {mean}"
            );
            assert!(
                (var / shape - 1.0).abs() < 2e-5,
                "shape {shape}: variance {var}"
            );
        }
    }

    #[test]
    fn the_tabulated_quantiles_invert_the_gammas_distribution_function() {
        for shape in [1.0, 4.0, 11.1] {
            let t = GammaTable::of(shape);
            let dist = Gamma::new(shape, 1.0).unwrap();
            let mut worst = 0.0f64;
            for k in 0..20_000 {
                let u = (k as f64 + 0.37) / 20_000.0;
                worst = worst.max((dist.cdf(t.quantile(u)) - u).abs());
            }
            // Largest at the body's top, where the quantile curves most: for shape 1,
            // (cell width)²/8 · Q''(u) · f(Q(u)) = (0.92·10⁻³)²/8 · 16² · (1/16) ≈ 1.7·10⁻⁶.
            assert!(worst < 2e-6, "shape {shape}: |F(Q(u)) − u| up to {worst}");
            // In the tail, relative to the probability left above.
            for v in [3.0, 7.0, 10.0, 20.0, 30.0, 36.0f64] {
                let u = 1.0 - (-v).exp();
                // The v of the u that is representable.
                let v = -(1.0 - u).ln();
                let q = gamma_ur(shape, t.quantile(u));
                assert!(
                    (q.ln() + v).abs() < 1e-3,
                    "shape {shape}, v {v}: ln Q {}",
                    q.ln()
                );
            }
        }
    }

    #[test]
    fn every_tabulated_point_is_the_exact_quantile_even_far_out() {
        // Shape 1 is the exponential, whose quantile −ln(1 − u) is known in closed form;
        // shape 2's distribution function 1 − (1 + x)e^−x is inverted here by bisection.
        let exp_q = |u: f64| -(-u).ln_1p();
        let t = GammaTable::of(1.0);
        let rel = |a: f64, b: f64| ((a - b) / b).abs();
        for i in HEAD_CELLS..=CELLS {
            assert!(rel(t.body[i], exp_q(u_at(i))) < 1e-13, "body {i}");
        }
        // Down to u = 2⁻⁵³, where Q is about 10⁻¹⁶ (an inverse found by bracketing to an
        // absolute tolerance stops near 10⁻⁹ there).
        for j in 0..=HEAD {
            let exact = exp_q(w_at(j).exp()).ln();
            assert!(
                (t.head[j] - exact).abs() < 1e-12,
                "head {j}: {} {exact}",
                t.head[j]
            );
        }
        for j in 0..=TAIL {
            // −ln(1 − u) = v: the exponential's tail quantile is v itself.
            assert!(rel(t.tail[j], v_at(j)) < 1e-13, "tail {j}");
        }
        let t = GammaTable::of(2.0);
        let cdf2 = |x: f64| -(-x).exp_m1() - x * (-x).exp();
        for &u in &[1e-15, 1e-9, 1e-3, 0.5, 0.9] {
            let (mut lo, mut hi) = (0.0f64, 50.0f64);
            for _ in 0..200 {
                let mid = (lo + hi) / 2.0;
                if cdf2(mid) < u { lo = mid } else { hi = mid }
            }
            assert!(
                rel(t.quantile(u), lo) < 1e-3,
                "u {u}: {} {lo}",
                t.quantile(u)
            );
        }
    }

    #[test]
    fn the_quantiles_never_decrease_and_start_at_zero() {
        let t = GammaTable::of(4.0);
        assert_eq!(t.quantile(0.0), 0.0);
        let mut last = 0.0;
        for k in 0..=100_000 {
            let u = (k as f64 / 100_000.0).min(1.0 - f64::EPSILON / 2.0);
            let q = t.quantile(u);
            assert!(q >= last, "u {u}: {q} < {last}");
            last = q;
        }
        assert!(last.is_finite() && last > 40.0, "the far tail {last}");
    }

    #[test]
    fn usage_draws_are_keyed_and_have_the_plans_mean() {
        use crate::rng::{Purpose, salt, youth_key};
        // Every CV a scenario may give: shapes below, at and above 1 (a table serves
        // 1 ≤ shape ≤ 10⁴), and extreme ones; the sample mean within 4 standard errors.
        for cv in [0.005, 0.05, 0.5, 0.999, 1.0, 1.5, 4.0] {
            let (shape, scale) = (1.0 / (cv * cv), 8.0 * cv * cv);
            let g = UsageGamma::new(shape, scale).unwrap();
            let n = 200_000;
            let s = salt(2, Purpose::Usage);
            let mean = (0..n)
                .map(|k| g.sample(youth_key(3, 0, 1, k), s))
                .sum::<f64>()
                / n as f64;
            let se = 8.0 * cv / (n as f64).sqrt();
            assert!((mean - 8.0).abs() < 4.0 * se, "cv {cv}: mean {mean}");
            assert_eq!(g.sample(5, s), g.sample(5, s));
            assert_ne!(g.sample(5, s), g.sample(6, s));
        }
        assert!(UsageGamma::new(0.0, 1.0).is_err());
    }

    #[test]
    fn a_shape_gets_one_table_and_the_cache_stays_bounded() {
        let held = GammaTable::of(2.25);
        assert!(Arc::ptr_eq(&held, &GammaTable::of(2.25)));
        assert!(!Arc::ptr_eq(&held, &GammaTable::of(2.5)));
        // A PSA drawing a CV per replication: tables nobody holds are let go beyond
        // `KEPT`, tables in use never. (Shapes no other test uses; other tests may hold
        // a few tables of their own meanwhile.)
        for k in 0..3 * KEPT {
            drop(GammaTable::of(5.0 + k as f64 / 1024.0));
        }
        let cached = tables().len();
        assert!(cached <= KEPT + 16, "{cached} tables cached");
        assert!(Arc::ptr_eq(&held, &GammaTable::of(2.25)));
    }
}
