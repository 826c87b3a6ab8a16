//! Keyed random numbers for common random numbers (docs/model.md).
//!
//! Every draw is a pure function of (replication, youth, month, purpose), as in IHME's
//! Vivarium: two variants of a scenario see the same children with the same needs and the
//! same luck wherever their paths agree, and one extra referral does not reshuffle anyone
//! else's draws. A draw costs two SplitMix64 finalisers — no state to carry per youth.

pub mod gamma;

pub use gamma::UsageGamma;

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// What a draw decides. The discriminant is part of the key, so purposes never collide.
#[derive(Debug, Clone, Copy)]
#[repr(u64)]
pub enum Purpose {
    Inflow = 1,
    Referrer,
    SocialeBasis,
    Need,
    Triage,
    Age,
    Product,
    Usage,
    Placement,
    Transition,
    IndicationEnd,
    At18,
    Waiting,
    Relapse,
    Budget,
    Raise,
    Caseload,
    LegacyProvider,
    World,
    Profile,
    Intensity,
    /// Which of the competing hazards a sampled care event is.
    EventKind,
    /// Whether the region's consent comes after the month's placements.
    Consent,
    /// Whether a youth in residential care holds a concurrent ambulant assignment, and
    /// with which provider.
    Stacking,
    /// In which month after go-live a legacy indication is re-indicated.
    Reindication,
}

/// SplitMix64's finaliser: a bijective mix with full avalanche.
#[inline(always)]
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Key of a replication: everything drawn in it descends from this.
pub fn replication_key(seed: u64, replication: u32) -> u64 {
    mix(mix(seed) ^ mix(0x5245_504C ^ ((replication as u64) << 32)))
}

/// Identity of the k-th referral from municipality `muni` in month `month`.
#[inline]
pub fn youth_key(rep_key: u64, muni: u32, month: u32, k: u32) -> u64 {
    mix(rep_key ^ mix(((muni as u64) << 48) ^ ((month as u64) << 32) ^ k as u64))
}

/// The part of a draw's key that depends only on month and purpose: hot loops compute it
/// once per month and call `uniform_salted` per youth.
#[inline(always)]
pub fn salt(month: u32, purpose: Purpose) -> u64 {
    mix(((month as u64) << 8) | purpose as u64)
}

/// Number of purposes (their discriminants start at 1).
pub const PURPOSES: usize = Purpose::Reindication as usize + 1;

/// `salt(month, purpose)` of every purpose for one month, computed once when the month
/// begins: a draw in the current month then costs one multiply instead of a SplitMix64
/// finaliser and a multiply. Draws for other months compute their salt as before, so
/// every draw is the same number it would be without the table.
#[derive(Debug, Clone, Copy)]
pub struct Salts {
    month: u32,
    of: [u64; PURPOSES],
}

impl Default for Salts {
    fn default() -> Salts {
        Salts::new(0)
    }
}

impl Salts {
    pub fn new(month: u32) -> Salts {
        let mut of = [0; PURPOSES];
        for (p, s) in of.iter_mut().enumerate() {
            *s = mix(((month as u64) << 8) | p as u64);
        }
        Salts { month, of }
    }

    /// `salt(month, purpose)`.
    #[inline(always)]
    pub fn get(&self, month: u32, purpose: Purpose) -> u64 {
        if month == self.month {
            self.of[purpose as usize]
        } else {
            salt(month, purpose)
        }
    }

    /// `uniform(key, month, purpose)`.
    #[inline(always)]
    pub fn uniform(&self, key: u64, month: u32, purpose: Purpose) -> f64 {
        uniform_salted(key, self.get(month, purpose))
    }
}

/// wyhash's mixer: one 64×64→128-bit multiply, folded. Hashing a (key, salt) pair with it
/// costs one multiply where two SplitMix64 finalisers cost four.
#[inline(always)]
fn wymix(a: u64, b: u64) -> u64 {
    let r = (a as u128) * (b as u128);
    (r as u64) ^ ((r >> 64) as u64)
}

/// 64 random bits for `key` given `salt(month, purpose)`.
#[inline(always)]
pub fn bits_salted(key: u64, salt: u64) -> u64 {
    wymix(key ^ 0xa076_1d64_78bd_642f, salt ^ 0xe703_7ed1_a0b4_28db)
}

/// `uniform(key, month, purpose)` given `salt(month, purpose)`.
#[inline(always)]
pub fn uniform_salted(key: u64, salt: u64) -> f64 {
    (bits_salted(key, salt) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A uniform number in [0, 1) for `key` at `month` for `purpose`.
#[inline(always)]
pub fn uniform(key: u64, month: u32, purpose: Purpose) -> f64 {
    uniform_salted(key, salt(month, purpose))
}

/// A generator for draws that need a whole distribution (Poisson, gamma), seeded from
/// the same key: it lives for one draw and is never shared.
#[inline]
pub fn stream(key: u64, month: u32, purpose: Purpose) -> Xoshiro256PlusPlus {
    stream_salted(key, salt(month, purpose))
}

/// `stream(key, month, purpose)` given `salt(month, purpose)`.
#[inline]
pub fn stream_salted(key: u64, salt: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix(key ^ salt))
}

/// A one-draw generator for a whole distribution (the Exp(1) of a care event's month, a
/// usage gamma of a shape no table serves): wyrand, a 64-bit counter hashed with `wymix`, started from
/// the draw's keyed bits. Seeding costs one multiply where `stream_salted`'s SplitMix64
/// seeding of four words costs five finalisers; wyrand passes BigCrush and PractRand, and
/// a draw takes only its first few numbers.
#[derive(Debug, Clone)]
pub struct Draws {
    state: u64,
}

/// `Draws` for `key` given `salt(month, purpose)`.
#[inline(always)]
pub fn draws_salted(key: u64, salt: u64) -> Draws {
    Draws {
        state: bits_salted(key, salt),
    }
}

impl rand::TryRng for Draws {
    type Error = std::convert::Infallible;

    #[inline(always)]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }

    #[inline(always)]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.state = self.state.wrapping_add(0xa076_1d64_78bd_642f);
        Ok(wymix(self.state, self.state ^ 0xe703_7ed1_a0b4_28db))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        rand::rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
    }
}

/// `pick(cum, draw())`, drawing only when the table offers a choice: every draw is keyed,
/// so one not taken changes no other.
#[inline(always)]
pub fn pick_drawn(cum: &[f64], draw: impl FnOnce() -> f64) -> usize {
    if cum.len() <= 1 { 0 } else { pick(cum, draw()) }
}

/// Index of the first cumulative threshold above `u` (the last one when rounding leaves
/// `u` above them all).
#[inline]
pub fn pick(cum: &[f64], u: f64) -> usize {
    cum.iter()
        .position(|&c| u < c)
        .unwrap_or(cum.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniform_is_uniform_and_keyed() {
        let n = 200_000;
        let mut sum = 0.0;
        let mut below_tenth = 0;
        for k in 0..n {
            let u = uniform(youth_key(7, 0, 0, k), 3, Purpose::Transition);
            assert!((0.0..1.0).contains(&u));
            sum += u;
            if u < 0.1 {
                below_tenth += 1;
            }
        }
        let mean = sum / n as f64;
        // Standard error of the mean of U(0,1) over 200k draws is 0.00065.
        assert!((mean - 0.5).abs() < 0.003, "mean {mean}");
        let frac = below_tenth as f64 / n as f64;
        assert!((frac - 0.1).abs() < 0.003, "P(u<0.1) {frac}");
        // Same key, same draw; another purpose, another draw.
        let key = youth_key(7, 1, 2, 3);
        assert_eq!(
            uniform(key, 5, Purpose::Transition),
            uniform(key, 5, Purpose::Transition)
        );
        assert_ne!(
            uniform(key, 5, Purpose::Transition),
            uniform(key, 5, Purpose::Placement)
        );
    }

    #[test]
    fn salts_table_gives_the_same_draws() {
        let salts = Salts::new(17);
        for p in [Purpose::Inflow, Purpose::Placement, Purpose::EventKind] {
            for month in [16, 17, 18] {
                assert_eq!(salts.get(month, p), salt(month, p));
                assert_eq!(salts.uniform(99, month, p), uniform(99, month, p));
            }
        }
    }

    #[test]
    fn streams_feed_distributions_and_are_keyed() {
        use rand_distr::{Distribution, Gamma};
        // Mean 8, cv 0.5 (shape 4, scale 2): the care plan's usage. One stream per key, as
        // per youth; the standard error of the mean over 100k draws is 0.0126.
        let g = Gamma::new(4.0, 2.0).unwrap();
        let n = 100_000;
        let mean = (0..n)
            .map(|k| g.sample(&mut stream(youth_key(3, 0, 1, k), 2, Purpose::Usage)))
            .sum::<f64>()
            / n as f64;
        assert!((mean - 8.0).abs() < 0.06, "mean {mean}");
        let draw = |k| g.sample(&mut stream(k, 2, Purpose::Usage));
        assert_eq!(draw(5), draw(5));
        assert_ne!(draw(5), draw(6));
    }

    #[test]
    fn pick_follows_cumulative_thresholds() {
        let cum = [0.2, 0.5, 1.0];
        assert_eq!(pick(&cum, 0.0), 0);
        assert_eq!(pick(&cum, 0.2), 1);
        assert_eq!(pick(&cum, 0.99), 2);
        assert_eq!(pick(&cum, 1.0), 2);
    }

    #[test]
    fn pick_drawn_draws_only_when_there_is_a_choice() {
        let drawn = std::cell::Cell::new(0);
        let draw = |u| {
            drawn.set(drawn.get() + 1);
            u
        };
        assert_eq!(pick_drawn(&[1.0], || draw(0.7)), 0);
        assert_eq!(pick_drawn(&[], || draw(0.7)), 0);
        assert_eq!(drawn.get(), 0);
        // With a choice it is `pick` of the draw.
        assert_eq!(pick_drawn(&[0.2, 0.5, 1.0], || draw(0.3)), 1);
        assert_eq!(drawn.get(), 1);
    }

    #[test]
    fn draws_are_uniform_independent_and_keyed() {
        use rand::RngExt;
        let n = 100_000;
        let (mut sum, mut lag) = (0.0, 0.0);
        for k in 0..n {
            let mut d = draws_salted(youth_key(7, 0, 0, k), salt(3, Purpose::Usage));
            let (a, b): (f64, f64) = (d.random(), d.random());
            sum += a;
            lag += (a - 0.5) * (b - 0.5);
        }
        // Mean 0.5 ± 0.0009 (one standard error) and successive draws uncorrelated
        // (covariance 0 ± 0.00026).
        assert!((sum / n as f64 - 0.5).abs() < 0.004, "{}", sum / n as f64);
        assert!((lag / n as f64).abs() < 0.0012, "{}", lag / n as f64);
        let key = youth_key(7, 1, 2, 3);
        let first = |salt| draws_salted(key, salt).random::<u64>();
        assert_eq!(
            first(salt(5, Purpose::Usage)),
            first(salt(5, Purpose::Usage))
        );
        assert_ne!(
            first(salt(5, Purpose::Usage)),
            first(salt(6, Purpose::Usage))
        );
    }
}
