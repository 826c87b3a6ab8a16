//! The financing schemes of a replication: one runtime scheme per sub-segment and
//! financing phase, built from the validated specs, and what they keep per youth.
//! The engine reaches every scheme through this table and the `FinancingScheme` hooks.

use super::Reference;
use crate::finance::{Behaviour, ContractTerms, Indications, Scheme, Terms};
use crate::model::{ContractId, Model, SubId};

pub struct Schemes {
    /// Per sub-segment, per financing phase (sub-segment `s`'s phases from `first[s]` on):
    /// as built, before any replication ran. One flat table, so a youth's scheme is one
    /// lookup.
    built: Vec<Scheme>,
    /// Per sub-segment: where its phases begin in `built` and `per_sub`.
    first: Vec<usize>,
    /// Per sub-segment: the previous model (the revenue guard's), as built.
    previous: Vec<Scheme>,
    /// The same, as the current replication has changed them (budgets rebased, results
    /// rolled over).
    per_sub: Vec<Scheme>,
    /// Per youth slot: what the schemes keep of its running indication (a budget, a
    /// price still due).
    pub indications: Indications,
    /// The month `phase` holds each sub-segment's financing phase for.
    month: u32,
    /// Per sub-segment: its financing phase in `month` (placements look it up per youth).
    phase: Vec<usize>,
    /// Per sub-segment: where its scheme in force in `month` is in `per_sub` (`first` +
    /// `phase`, kept beside it: deriving `phase` from it instead measured 12 more
    /// instructions per youth on the one-sub-segment model).
    current: Vec<usize>,
    /// Per sub-segment: its scheme's `plain_intake` in `month`.
    plain: Vec<Option<Behaviour>>,
}

impl Schemes {
    pub fn new(model: &Model, reference: &Reference) -> Schemes {
        let mut previous = Vec::with_capacity(model.subs.len());
        let by_sub: Vec<Vec<Scheme>> = model
            .subs
            .iter()
            .map(|s| {
                let terms = Terms {
                    go_live: model.warmup,
                    first: s.contracts.start,
                    contracts: s
                        .contracts
                        .iter()
                        .map(|c| ContractTerms {
                            capacity: model.contracts[c.ix()].capacity,
                            shares: municipality_shares(model, c),
                            reference_yearly_cents: reference
                                .yearly_cents
                                .get(c.ix())
                                .copied()
                                .unwrap_or(0.0),
                            delivered: delivered(reference, model, c.ix()),
                        })
                        .collect(),
                };
                previous.push(s.previous_financing.build(&terms));
                s.financing.iter().map(|(_, f)| f.build(&terms)).collect()
            })
            .collect();
        let mut first = Vec::with_capacity(by_sub.len());
        let mut built = Vec::new();
        for phases in by_sub {
            first.push(built.len());
            built.extend(phases);
        }
        Schemes {
            per_sub: built.clone(),
            built,
            current: first.clone(),
            first,
            previous,
            indications: Indications::default(),
            month: u32::MAX,
            phase: vec![0; model.subs.len()],
            plain: vec![None; model.subs.len()],
        }
    }

    /// A new replication: no budgets, no prices due, and every scheme as built — whatever
    /// state a scheme keeps, none of it survives into the next replication.
    pub fn reset(&mut self) {
        self.month = u32::MAX;
        self.indications.reset();
        self.per_sub.clone_from(&self.built);
    }

    /// Month `t` begins: each sub-segment's financing phase in it.
    pub fn begin_month(&mut self, model: &Model, t: u32) {
        self.month = t;
        for (i, s) in model.subs.iter().enumerate() {
            self.phase[i] = s.phase_at(t);
            self.current[i] = self.first[i] + self.phase[i];
            self.plain[i] = self.per_sub[self.current[i]].plain_intake();
        }
    }

    /// The scheme of `sub` in month `t`'s `plain_intake`, when known without a lookup;
    /// `None`: ask the scheme's `intake`.
    #[inline(always)]
    pub fn plain_intake(&self, sub: SubId, t: u32) -> Option<Behaviour> {
        if t == self.month {
            self.plain[sub as usize]
        } else {
            None
        }
    }

    /// The financing phase of `sub` in month `t`.
    #[inline]
    pub fn phase(&self, model: &Model, sub: SubId, t: u32) -> usize {
        if t == self.month {
            self.phase[sub as usize]
        } else {
            model.subs[sub as usize].phase_at(t)
        }
    }

    /// The scheme in force for `sub` in simulated month `t`.
    #[inline]
    pub fn at(&self, model: &Model, sub: SubId, t: u32) -> &Scheme {
        let at = if t == self.month {
            self.current[sub as usize]
        } else {
            self.first[sub as usize] + model.subs[sub as usize].phase_at(t)
        };
        &self.per_sub[at]
    }

    /// The previous model of `sub`, for the revenue guard.
    pub fn previous(&self, sub: SubId) -> &Scheme {
        &self.previous[sub as usize]
    }

    #[inline]
    pub fn at_mut(&mut self, model: &Model, sub: SubId, t: u32) -> &mut Scheme {
        let at = self.first[sub as usize] + self.phase(model, sub, t);
        &mut self.per_sub[at]
    }
}

/// Shares of each municipality in a contract's fixed payments: by youth population among
/// the municipalities it covers.
pub fn municipality_shares(model: &Model, contract: ContractId) -> Vec<f64> {
    let covers = model.contracts[contract.ix()].covers;
    let weights: Vec<f64> = model
        .munis
        .iter()
        .enumerate()
        .map(|(m, mu)| {
            if covers.contains(m) {
                mu.youth_0_17.max(1e-9)
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

/// The history's closed trajectories of contract `c` per assessment cell.
fn delivered(reference: &Reference, model: &Model, c: usize) -> Vec<(f64, f64)> {
    let cells = super::delivered::cells(model);
    reference
        .delivered
        .get(c * cells..(c + 1) * cells)
        .map_or_else(Vec::new, <[(f64, f64)]>::to_vec)
}
