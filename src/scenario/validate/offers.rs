//! What each generated provider offers besides its places: the municipalities it serves
//! (`serves` of them) and its specialisms (each with its share), drawn once per provider
//! from the scenario's seed on a stream of their own, so a market without them draws
//! exactly what it drew before.

use super::{At, Context};
use crate::check::Checker;
use std::collections::BTreeMap;

pub(super) struct Offers {
    /// The municipalities a provider may serve.
    pool: Vec<String>,
    /// How many each serves; `None`: all of `pool`, as written.
    serves: Option<usize>,
    /// As written (`municipalities`), for providers that serve all.
    written: Option<Vec<String>>,
    specialisms: Vec<(String, f64)>,
    rng: rand_xoshiro::Xoshiro256PlusPlus,
}

impl Offers {
    pub(super) fn new(
        c: &mut Checker,
        cx: &Context,
        at: &At,
        municipalities: &Option<Vec<String>>,
        serves: Option<u32>,
        specialisms: &BTreeMap<String, f64>,
    ) -> Offers {
        let gp = format!("{}.providers", at.path);
        let pool = municipalities
            .clone()
            .unwrap_or_else(|| cx.names.muni_names.clone());
        let serves = serves.map(|k| {
            if k == 0 || k as usize > pool.len() {
                c.fail(
                    format!("{gp}.serves"),
                    format!(
                        "serves is {k}; each provider serves 1 to {} municipalities (those it may cover)",
                        pool.len()
                    ),
                );
            }
            (k as usize).clamp(1, pool.len().max(1))
        });
        let specialisms = specialisms
            .iter()
            .map(|(name, &share)| {
                let share = c.probability(
                    &format!("{gp}.specialisms.{name}"),
                    "a specialism's share",
                    share,
                );
                (name.clone(), share)
            })
            .collect();
        Offers {
            pool,
            serves,
            written: municipalities.clone(),
            specialisms,
            rng: crate::rng::stream(
                crate::rng::mix(cx.sc.seed ^ 0x4f46_4645_5253),
                (at.si * 1000 + at.ui) as u32,
                crate::rng::Purpose::Placement,
            ),
        }
    }

    /// The next provider's municipalities and specialisms.
    pub(super) fn draw(&mut self) -> (Option<Vec<String>>, Vec<String>) {
        use rand::seq::SliceRandom;
        use rand_distr::{Distribution, Open01};
        let served = match self.serves {
            Some(k) => {
                let mut pool = self.pool.clone();
                let (picked, _) = pool.partial_shuffle(&mut self.rng, k);
                let mut chosen: Vec<String> = picked.to_vec();
                // In the scenario's order, so the covers read as written.
                chosen.sort_by_key(|m| self.pool.iter().position(|p| p == m));
                Some(chosen)
            }
            None => self.written.clone(),
        };
        let offered = self
            .specialisms
            .iter()
            .filter(|(_, share)| {
                let u: f64 = Open01.sample(&mut self.rng);
                u < *share
            })
            .map(|(name, _)| name.clone())
            .collect();
        (served, offered)
    }
}
