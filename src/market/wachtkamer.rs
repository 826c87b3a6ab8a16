//! The wachtkamerconstructie: a sub-segment starts with its `min` best-ranked providers
//! contracted, and at each review, below its maximum, contracts the next-ranked provider
//! when a provider has left and fewer than `min` remain (replacement), when coverage
//! fails — youths of a municipality waiting while no contracted provider covering it has
//! room — or when the P90 wait (placements since the last review and youths still
//! waiting) exceeds the norm. Under `sizing: award` the count is decided at award
//! ([`super::award`]) and a review only replaces providers that left.

use super::{Capacity, Exits, MarketRule};
use crate::ids::MuniIx;
use crate::model::Sizing;
use crate::model::{ContractId, Model, SubId};

pub struct Wachtkamer {
    /// Per contract: contracted (at the start, or by a review).
    contracted: Vec<bool>,
    /// Per sub-segment: waits (months) of the placements since the last review.
    review_waits: Vec<Vec<u16>>,
    /// Per sub-segment: providers contracted at the start, which a review replaces when
    /// they leave: `min`, or under `sizing: award` the count at award.
    start: Vec<u32>,
}

/// A youth on the waiting list, as a review sees them.
#[derive(Debug, Clone, Copy)]
pub struct Waiter {
    pub target: SubId,
    pub waited_months: u16,
    pub muni: MuniIx,
}

/// A provider contracted by a review.
#[derive(Debug, Clone, Copy)]
pub struct Activation {
    pub sub: SubId,
    pub contract: ContractId,
    pub trigger: Trigger,
}

/// Why a review contracted a provider (in the order summaries list them).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Trigger {
    /// The P90 wait is above the norm.
    Waiting,
    /// A municipality's youths wait with no room at any provider covering it.
    Coverage,
    /// Fewer than `min` providers left after exits.
    Replacement,
}

impl Trigger {
    /// The name in outputs (`activations.csv`, `summary.json`).
    pub fn name(self) -> &'static str {
        match self {
            Trigger::Replacement => "replacement",
            Trigger::Coverage => "coverage",
            Trigger::Waiting => "waiting",
        }
    }
}

impl Wachtkamer {
    pub fn new(model: &Model) -> Wachtkamer {
        Wachtkamer {
            contracted: vec![true; model.contracts.len()],
            review_waits: vec![Vec::new(); model.subs.len()],
            start: vec![0; model.subs.len()],
        }
    }

    /// A placement in `sub` after `waited` months. Only a sub-segment with room to grow
    /// (max above min) reviews its waits.
    pub fn record_wait(&mut self, model: &Model, sub: SubId, waited: u16) {
        let s = &model.subs[sub as usize];
        if s.max_providers > s.min_providers {
            self.review_waits[sub as usize].push(waited);
        }
    }

    /// One review of every sub-segment. `waiting` lists the waiting list afresh each time
    /// it is called. Each provider contracted is added to `activated`.
    pub fn review<I: Iterator<Item = Waiter>>(
        &mut self,
        model: &Model,
        capacity: &Capacity,
        exits: &Exits,
        waiting: impl Fn() -> I,
        activated: &mut Vec<Activation>,
    ) {
        for (i, s) in model.subs.iter().enumerate() {
            let contracted = s
                .contracts
                .iter()
                .filter(|&c| self.contracted[c.ix()] && !exits.closes(model, c))
                .count() as u32;
            let mut waits = std::mem::take(&mut self.review_waits[i]);
            if contracted >= s.max_providers {
                waits.clear();
                self.review_waits[i] = waits;
                continue;
            }
            let mut uncovered = false;
            for y in waiting() {
                if y.target as usize == i {
                    waits.push(y.waited_months);
                    uncovered |= !capacity.any_room(i as SubId, y.muni);
                }
            }
            let p90_over = if waits.is_empty() {
                false
            } else {
                waits.sort_unstable();
                waits[rank(waits.len(), 0.9) - 1] as f64 > s.waiting_norm_months
            };
            waits.clear();
            self.review_waits[i] = waits;
            let trigger = if contracted < self.start[i] {
                Trigger::Replacement
            } else if s.sizing == Sizing::Award {
                // Decided at award: reviews only replace providers that left.
                continue;
            } else if uncovered {
                Trigger::Coverage
            } else if p90_over {
                Trigger::Waiting
            } else {
                continue;
            };
            let next = s
                .contracts
                .iter()
                .find(|&c| !self.contracted[c.ix()] && !exits.closes(model, c));
            if let Some(c) = next {
                self.contracted[c.ix()] = true;
                activated.push(Activation {
                    sub: i as SubId,
                    contract: c,
                    trigger,
                });
            }
        }
    }
}

/// The rank (from 1) of the `q` quantile among `n` waits: the ⌈q·n⌉-th smallest, as a
/// review reads the P90 and `p90_wait_months_sub_…` reports it. `n` ≥ 1.
pub fn rank(n: usize, q: f64) -> usize {
    ((n as f64 * q).ceil() as usize).clamp(1, n)
}

impl MarketRule for Wachtkamer {
    fn reset(&mut self, model: &Model) {
        for w in &mut self.review_waits {
            w.clear();
        }
        for i in 0..model.subs.len() {
            self.start[i] = super::award::at_start(model, i);
        }
        for (c, ct) in model.contracts.iter().enumerate() {
            self.contracted[c] = ct.rank < self.start[ct.sub as usize];
        }
    }

    fn closes(&self, _model: &Model, c: ContractId) -> bool {
        !self.contracted[c.ix()]
    }
}
