//! Who has room, and where a youth is placed (docs/model.md).
//!
//! Placement is asked for every waiting youth every month, so it must be cheap both when a
//! sub-segment is full (the usual case for a youth still waiting) and when it has room
//! (the usual case for a new referral). Per (sub-segment, municipality) we keep the number
//! of covering contracts with a free place, updated by ±1 only when a contract fills up or
//! frees a place, and a static cumulative distribution of the placement weights over the
//! covering contracts. A placement draws from that distribution and redraws while the
//! drawn contract is full: rejection sampling, which gives exactly the weights restricted
//! to the contracts with room, in about one draw when most have room.

use crate::model::{ContractId, Model, NO_CONTRACT, SubId};
use crate::rng::{self, Purpose};

/// Redraws before falling back to a scan over the contracts with room.
const MAX_DRAWS: u64 = 8;

pub struct Capacity {
    occupancy: Vec<u32>,
    /// Per contract, its capacity: kept here, beside the occupancy, so the placement loop
    /// does not reach into the model's contract records.
    limit: Vec<u32>,
    /// Contracts taking no new clients: rationing past a lumpsum budget, or a provider
    /// that left the market.
    closed: Vec<bool>,
    nmunis: usize,
    /// Per (sub-segment × municipality): covering contracts with a free place.
    room: Vec<u32>,
    /// Per (sub-segment × municipality), `offsets[i]..offsets[i + 1]` index `candidates`
    /// (covering contracts, rank order) and `cumulative` (their weights, cumulated, / total).
    offsets: Vec<usize>,
    candidates: Vec<ContractId>,
    cumulative: Vec<f64>,
    weights: Vec<f64>,
}

impl Capacity {
    pub fn new(model: &Model) -> Capacity {
        let nmunis = model.munis.len();
        let weights: Vec<f64> = model
            .contracts
            .iter()
            .map(|c| (1.0 + c.rank as f64).powf(-model.quality_weight))
            .collect();
        let mut offsets = vec![0];
        let mut candidates = Vec::new();
        let mut cumulative = Vec::new();
        for s in &model.subs {
            for m in 0..nmunis {
                let start = candidates.len();
                let mut acc = 0.0;
                for c in s.contracts.iter() {
                    if model.contracts[c.ix()].covers & (1 << m) != 0 {
                        candidates.push(c);
                        acc += weights[c.ix()];
                        cumulative.push(acc);
                    }
                }
                for x in &mut cumulative[start..] {
                    *x /= acc;
                }
                offsets.push(candidates.len());
            }
        }
        let mut c = Capacity {
            occupancy: vec![0; model.contracts.len()],
            limit: model.contracts.iter().map(|ct| ct.capacity).collect(),
            closed: vec![false; model.contracts.len()],
            nmunis,
            room: vec![0; model.subs.len() * nmunis],
            offsets,
            candidates,
            cumulative,
            weights,
        };
        c.reset(model);
        c
    }

    /// A capacity with no contracts: a placeholder while the real one is lent out.
    pub fn empty() -> Capacity {
        Capacity {
            occupancy: Vec::new(),
            limit: Vec::new(),
            closed: Vec::new(),
            nmunis: 0,
            room: Vec::new(),
            offsets: vec![0],
            candidates: Vec::new(),
            cumulative: Vec::new(),
            weights: Vec::new(),
        }
    }

    /// Empties every contract.
    pub fn reset(&mut self, model: &Model) {
        self.occupancy.fill(0);
        for (limit, ct) in self.limit.iter_mut().zip(&model.contracts) {
            *limit = ct.capacity;
        }
        for (closed, ct) in self.closed.iter_mut().zip(&model.contracts) {
            *closed = ct.legacy;
        }
        for (i, r) in self.room.iter_mut().enumerate() {
            let cands = &self.candidates[self.offsets[i]..self.offsets[i + 1]];
            *r = cands
                .iter()
                .filter(|&&c| model.contracts[c.ix()].capacity > 0)
                .count() as u32;
        }
    }

    #[inline]
    fn index(&self, sub: SubId, muni: u8) -> usize {
        sub as usize * self.nmunis + muni as usize
    }

    #[inline]
    pub fn has_room(&self, _model: &Model, c: ContractId) -> bool {
        !self.closed[c.ix()] && self.occupancy[c.ix()] < self.limit[c.ix()]
    }

    /// Share of contract `c`'s places taken; `None` when its capacity is unlimited.
    pub fn occupancy_share(&self, c: ContractId) -> Option<f64> {
        // While the capacity is lent out (`empty`: the go-live caseload, whose running
        // indications are not new plans) there is no occupancy to respond to.
        let limit = *self.limit.get(c.ix())?;
        let taken = *self.occupancy.get(c.ix())?;
        (limit != u32::MAX && limit > 0).then(|| f64::from(taken) / f64::from(limit))
    }

    /// Clients holding a place at contract `c`.
    pub fn occupied(&self, c: ContractId) -> u32 {
        self.occupancy.get(c.ix()).copied().unwrap_or(0)
    }

    /// Places of contract `c` (`u32::MAX` = unlimited).
    pub fn limit(&self, c: ContractId) -> u32 {
        self.limit[c.ix()]
    }

    /// Sets contract `c`'s places to `limit`; clients above it stay, no one new is admitted.
    pub fn resize(&mut self, model: &Model, c: ContractId, limit: u32) {
        self.change(model, c, |cap| cap.limit[c.ix()] = limit);
    }

    pub fn is_closed(&self, c: ContractId) -> bool {
        self.closed[c.ix()]
    }

    /// Stops or resumes admissions under contract `c`.
    pub fn set_closed(&mut self, model: &Model, c: ContractId, closed: bool) {
        self.change(model, c, |cap| cap.closed[c.ix()] = closed);
    }

    /// Whether any covering contract of `sub` has a free place for a youth from `muni`.
    #[inline]
    pub fn any_room(&self, sub: SubId, muni: u8) -> bool {
        self.room[self.index(sub, muni)] > 0
    }

    /// Covering contracts of `sub` for `muni`, best-ranked first.
    pub fn covering(&self, sub: SubId, muni: u8) -> &[ContractId] {
        let i = self.index(sub, muni);
        &self.candidates[self.offsets[i]..self.offsets[i + 1]]
    }

    /// A contract with room, drawn with probability proportional to its placement weight
    /// among those with room; `NO_CONTRACT` when none has room.
    pub fn draw(&self, model: &Model, sub: SubId, muni: u8, key: u64, t: u32) -> ContractId {
        let i = self.index(sub, muni);
        if self.room[i] == 0 {
            return NO_CONTRACT;
        }
        let (lo, hi) = (self.offsets[i], self.offsets[i + 1]);
        let cum = &self.cumulative[lo..hi];
        let salt = rng::salt(t, Purpose::Placement);
        for k in 0..MAX_DRAWS {
            let u = rng::uniform_salted(key ^ rng::mix(k), salt);
            // Linear: rank weights put most mass on the first few contracts.
            let j = rng::pick(cum, u);
            let c = self.candidates[lo + j];
            if self.has_room(model, c) {
                return c;
            }
        }
        // Most weight is on full contracts: draw among those with room directly.
        let with_room = || {
            self.candidates[lo..hi]
                .iter()
                .copied()
                .filter(|&c| self.has_room(model, c))
        };
        let total: f64 = with_room().map(|c| self.weights[c.ix()]).sum();
        let mut u = rng::uniform(key ^ rng::mix(MAX_DRAWS), t, Purpose::Placement) * total;
        let mut chosen = NO_CONTRACT;
        for c in with_room() {
            chosen = c;
            u -= self.weights[c.ix()];
            if u < 0.0 {
                break;
            }
        }
        chosen
    }

    pub fn occupy(&mut self, model: &Model, c: ContractId) {
        self.change(model, c, |cap| cap.occupancy[c.ix()] += 1);
    }

    pub fn vacate(&mut self, model: &Model, c: ContractId) {
        self.change(model, c, |cap| cap.occupancy[c.ix()] -= 1);
    }

    /// Applies `f` and keeps the room counts right when `c` gains or loses room.
    #[inline]
    fn change(&mut self, model: &Model, c: ContractId, f: impl FnOnce(&mut Self)) {
        let before = self.has_room(model, c);
        f(self);
        let after = self.has_room(model, c);
        // Legacy contracts are never placement candidates: they are not in the room counts.
        if before != after && !model.contracts[c.ix()].legacy {
            let ct = &model.contracts[c.ix()];
            self.adjust(ct.sub, ct.covers, after);
        }
    }

    fn adjust(&mut self, sub: SubId, munis: u64, gained: bool) {
        let base = sub as usize * self.nmunis;
        let mut bits = munis;
        while bits != 0 {
            let m = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if m >= self.nmunis {
                break;
            }
            let r = &mut self.room[base + m];
            if gained {
                *r += 1;
            } else {
                *r -= 1;
            }
        }
    }
}
