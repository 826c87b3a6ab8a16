//! The transition period (docs/model.md, "Transition"): at go-live the running
//! indications of the caseload are, with each sub-segment's `legacy_share`, at legacy
//! providers (not contracted in the new model): after a simulated history the region's
//! own running indications, or without one a caseload created at go-live. Only indications continuing at such a provider are legacy ones, paid P×Q (dual
//! financing) until they end or the transition ends; running indications at contracted
//! providers fall under the new financing from go-live. When a legacy indication is
//! extended (group 2) the follow-on goes to the new model with another provider; at the
//! transition end (group 3) every running legacy indication converts and its client must
//! move.
//!
//! The rules decide; the engine carries out the moves. The transition's state is a column
//! indexed by youth slot: whether the youth's running indication is a legacy one.

use crate::ids::MuniIx;
use crate::market::Capacity;
use crate::model::{ContractId, Model, NO_CONTRACT, SubId};
use crate::rng::{self, Purpose, pick, uniform};

/// A youth of the caseload at go-live, placed and ready to start care.
#[derive(Debug, Clone, Copy)]
pub struct CaseloadYouth {
    pub key: u64,
    pub muni: MuniIx,
    pub need: u8,
    pub age: u16,
    pub sub: SubId,
    /// Already occupied in the capacity.
    pub contract: ContractId,
    /// Months until the indication ends.
    pub months_left: u32,
}

#[derive(Debug, Default)]
pub struct Transition {
    /// Per youth slot: the running indication started before go-live. Filled lazily: a
    /// slot past the end is not a legacy one, so outside a transition nothing is written.
    legacy: Vec<bool>,
    /// Whether any legacy indication was started this replication.
    running: bool,
}

impl Transition {
    pub fn reset(&mut self) {
        self.legacy.clear();
        self.running = false;
    }

    /// A youth takes slot `slot`, or starts a new indication: not a legacy one.
    #[inline]
    pub fn clear(&mut self, slot: u32) {
        if let Some(l) = self.legacy.get_mut(slot as usize) {
            *l = false;
        }
    }

    /// Whether any legacy indication was started this replication.
    #[inline]
    pub fn running(&self) -> bool {
        self.running
    }

    #[inline(always)]
    pub fn is_legacy(&self, slot: u32) -> bool {
        self.running && self.legacy.get(slot as usize).copied().unwrap_or(false)
    }

    /// Go-live: the running indications of the caseload, each with its months left, at a
    /// legacy provider (with `legacy_share`) or at a contracted one, drawn and occupied
    /// one by one; `start` creates each youth and returns its slot, which is marked as a
    /// legacy indication when its provider is a legacy one. Returns the clients placed with
    /// a legacy provider.
    pub fn go_live(
        &mut self,
        model: &Model,
        rep_key: u64,
        capacity: &mut Capacity,
        mut start: impl FnMut(CaseloadYouth) -> u32,
    ) -> u64 {
        let Some(tr) = &model.transition else {
            return 0;
        };
        let total: f64 = model.munis.iter().map(|mu| mu.youth_0_17).sum();
        let mut acc = 0.0;
        let muni_cum: Vec<f64> = model
            .munis
            .iter()
            .map(|mu| {
                acc += mu.youth_0_17 / total;
                acc
            })
            .collect();
        let mut legacy_clients = 0;
        for (k, cl) in tr.caseload.iter().enumerate() {
            for i in 0..cl.count {
                // Keys apart from referrals' (municipality indices are below 64).
                let key = rng::youth_key(rep_key, 0x1_0000 + k as u32, 0, i);
                let muni = pick(&muni_cum, uniform(key, 0, Purpose::Caseload)) as MuniIx;
                let need = pick(&model.need_cum, uniform(key, 0, Purpose::Need));
                let age = (uniform(key, 0, Purpose::Age) * 18.0 * 12.0) as u16;
                let left = 1
                    + (uniform(key, 0, Purpose::IndicationEnd) * cl.max_months_left as f64) as u32;
                let legacy = uniform(key, 0, Purpose::LegacyProvider) < cl.legacy_share;
                let n = cl.legacy.len() as u32;
                if legacy && n > 0 {
                    legacy_clients += 1;
                }
                let contract = if legacy && n > 0 {
                    ContractId(
                        cl.legacy.start.0
                            + ((uniform(key, 0, Purpose::Placement) * n as f64) as u32).min(n - 1),
                    )
                } else {
                    match capacity.draw(cl.sub, muni, key, crate::rng::salt(0, Purpose::Placement))
                    {
                        NO_CONTRACT => match capacity.covering(cl.sub, muni).first() {
                            // Contracted providers full at go-live: the best-ranked takes them.
                            Some(&c) => c,
                            None => cl.legacy.start,
                        },
                        c => c,
                    }
                };
                capacity.occupy(model, contract);
                let slot = start(CaseloadYouth {
                    key,
                    muni,
                    need: need as u8,
                    age,
                    sub: cl.sub,
                    contract,
                    months_left: left,
                });
                // Temporary P×Q only for indications continuing at a provider that was
                // not awarded a contract; at a contracted provider the new financing
                // applies from go-live.
                if model.contracts[contract.ix()].legacy {
                    self.mark(slot);
                }
            }
        }
        legacy_clients
    }

    /// Go-live after a simulated history: the legacy provider the running indication of a
    /// client in `sub` (with `key`) continues at, drawn with the sub-segment's
    /// `legacy_share` in go-live month `t`; none when it stays with a contracted provider.
    pub fn legacy_provider(
        &self,
        model: &Model,
        sub: SubId,
        key: u64,
        t: u32,
    ) -> Option<ContractId> {
        let tr = model.transition.as_ref()?;
        let cl = tr.caseload.iter().find(|cl| cl.sub == sub)?;
        let n = cl.legacy.len() as u32;
        let u = uniform(key, t, Purpose::LegacyProvider);
        if n == 0 || u >= cl.legacy_share {
            return None;
        }
        let k = ((u / cl.legacy_share * n as f64) as u32).min(n - 1);
        Some(ContractId(cl.legacy.start.0 + k))
    }

    /// The running indication in `slot` is a legacy one.
    pub fn mark(&mut self, slot: u32) {
        let s = slot as usize;
        if s >= self.legacy.len() {
            self.legacy.resize(s + 1, false);
        }
        self.legacy[s] = true;
        self.running = true;
    }

    /// A legacy indication reaches its end date and is extended (group 2): the follow-on
    /// goes to the new model. Returns whether the client must move, because its provider
    /// is not contracted in the new model; `false` also when the indication was not a
    /// legacy one.
    pub fn follow_on(&mut self, model: &Model, slot: u32, contract: ContractId) -> Option<bool> {
        if !self.is_legacy(slot) {
            return None;
        }
        self.legacy[slot as usize] = false;
        Some(model.contracts[contract.ix()].legacy)
    }

    /// Transition end (group 3): the running legacy indication in `slot` (if any) converts
    /// to the new model. Returns whether the client must move: it is with a legacy
    /// provider. Clients keep their care until placed.
    pub fn end(&mut self, model: &Model, slot: u32, contract: ContractId) -> bool {
        if !self.is_legacy(slot) {
            return false;
        }
        self.legacy[slot as usize] = false;
        model.contracts[contract.ix()].legacy
    }
}
