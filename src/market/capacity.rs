//! Who has room, and where a youth is placed (docs/model.md).
//!
//! Placement is asked for every waiting youth every month, so it must be cheap both when a
//! sub-segment is full (the usual case for a youth still waiting) and when it has room
//! (the usual case for a new referral). Per (sub-segment, municipality) we keep the number
//! of covering contracts with a free place and the sum of their placement weights, both
//! updated only when a contract fills up or frees a place. A placement takes one keyed
//! draw below that sum and walks the covering contracts' live weights in rank order (a
//! full contract's is 0, so it is passed over): exactly the weights restricted to the
//! contracts with room, in one draw over one contiguous array. Weights are fixed-point
//! integers, so the running sums never drift.

use crate::ids::MuniIx;
use crate::model::{ContractId, Model, MuniSet, NO_CONTRACT, SubId};
use crate::rng;

/// Fixed-point scale of the placement weights (at most 1 each): 2^44 keeps a sum over a
/// million contracts within 64 bits and rounds a weight by less than 10^-13.
const WEIGHT_ONE: f64 = (1u64 << 44) as f64;

pub struct Capacity {
    occupancy: Vec<u32>,
    /// Per contract, its capacity: kept here, beside the occupancy, so the placement loop
    /// does not reach into the model's contract records.
    limit: Vec<u32>,
    /// Contracts taking no new clients: rationing past a lumpsum budget, or a provider
    /// that left the market.
    closed: Vec<bool>,
    nmunis: usize,
    /// Per (sub-segment × municipality): covering contracts with a free place, and the sum
    /// of their weights.
    room: Vec<u32>,
    room_weight: Vec<u64>,
    /// Per (sub-segment × municipality), `offsets[i]..offsets[i + 1]` index `candidates`
    /// (covering contracts, rank order).
    offsets: Vec<usize>,
    candidates: Vec<ContractId>,
    /// Beside `candidates`: the contract's weight while it has room, else 0.
    live: Vec<u64>,
    /// Per contract, `spot_offsets[c]..spot_offsets[c + 1]` index `spots`: its positions
    /// in `candidates` (one per municipality it covers).
    spot_offsets: Vec<usize>,
    spots: Vec<u32>,
    /// Per contract: its placement weight, (1 + rank)^−quality_weight, in fixed point.
    weights: Vec<u64>,
}

impl Capacity {
    pub fn new(model: &Model) -> Capacity {
        let nmunis = model.munis.len();
        let weights: Vec<u64> = model
            .contracts
            .iter()
            .map(|c| {
                let w = (1.0 + c.rank as f64).powf(-model.quality_weight);
                // Every covering contract stays drawable, however low its rank.
                ((w * WEIGHT_ONE).round() as u64).max(1)
            })
            .collect();
        let mut offsets = vec![0];
        let mut candidates = Vec::new();
        for s in &model.subs {
            for m in 0..nmunis {
                for c in s.contracts.iter() {
                    if model.contracts[c.ix()].covers.contains(m) {
                        candidates.push(c);
                    }
                }
                offsets.push(candidates.len());
            }
        }
        let mut spot_lists = vec![Vec::new(); model.contracts.len()];
        for (i, c) in candidates.iter().enumerate() {
            spot_lists[c.ix()].push(i as u32);
        }
        let mut spot_offsets = vec![0];
        let mut spots = Vec::with_capacity(candidates.len());
        for list in spot_lists {
            spots.extend(list);
            spot_offsets.push(spots.len());
        }
        let mut c = Capacity {
            occupancy: vec![0; model.contracts.len()],
            limit: model.contracts.iter().map(|ct| ct.capacity).collect(),
            closed: vec![false; model.contracts.len()],
            nmunis,
            room: vec![0; model.subs.len() * nmunis],
            room_weight: vec![0; model.subs.len() * nmunis],
            offsets,
            live: vec![0; candidates.len()],
            candidates,
            spot_offsets,
            spots,
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
            room_weight: Vec::new(),
            offsets: vec![0],
            candidates: Vec::new(),
            live: Vec::new(),
            spot_offsets: vec![0],
            spots: Vec::new(),
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
        for i in 0..self.room.len() {
            let (mut room, mut weight) = (0, 0);
            for j in self.offsets[i]..self.offsets[i + 1] {
                let c = self.candidates[j];
                self.live[j] = 0;
                if self.has_room(model, c) {
                    room += 1;
                    weight += self.weights[c.ix()];
                    self.live[j] = self.weights[c.ix()];
                }
            }
            self.room[i] = room;
            self.room_weight[i] = weight;
        }
    }

    #[inline]
    fn index(&self, sub: SubId, muni: MuniIx) -> usize {
        sub as usize * self.nmunis + muni as usize
    }

    #[inline]
    pub fn has_room(&self, _model: &Model, c: ContractId) -> bool {
        room(
            !self.closed[c.ix()],
            self.occupancy[c.ix()],
            self.limit[c.ix()],
        )
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
    pub fn any_room(&self, sub: SubId, muni: MuniIx) -> bool {
        self.room[self.index(sub, muni)] > 0
    }

    /// Covering contracts of `sub` for `muni`, best-ranked first.
    pub fn covering(&self, sub: SubId, muni: MuniIx) -> &[ContractId] {
        let i = self.index(sub, muni);
        &self.candidates[self.offsets[i]..self.offsets[i + 1]]
    }

    /// A contract with room, drawn with probability proportional to its placement weight
    /// among those with room; `NO_CONTRACT` when none has room.
    /// `salt` is `rng::salt(month, Purpose::Placement)`.
    #[inline]
    pub fn draw(&self, sub: SubId, muni: MuniIx, key: u64, salt: u64) -> ContractId {
        let i = self.index(sub, muni);
        let total = self.room_weight[i];
        if self.room[i] == 0 || total == 0 {
            return NO_CONTRACT;
        }
        let bits = rng::bits_salted(key, salt);
        // Uniform on [0, total): the high word of bits × total.
        let mut x = ((bits as u128 * total as u128) >> 64) as u64;
        // Linear: rank weights put most mass on the first few contracts. A full contract's
        // live weight is 0: never above x, and x stays.
        let span = self.offsets[i]..self.offsets[i + 1];
        for (&w, &c) in self.live[span.clone()].iter().zip(&self.candidates[span]) {
            if x < w {
                return c;
            }
            x -= w;
        }
        NO_CONTRACT
    }

    #[inline(always)]
    pub fn occupy(&mut self, model: &Model, c: ContractId) {
        self.take_places(model, c, |taken| taken + 1);
    }

    #[inline]
    pub fn vacate(&mut self, model: &Model, c: ContractId) {
        self.take_places(model, c, |taken| taken - 1);
    }

    /// Sets `c`'s places taken to `taken(before)`: `change` for the one per placement,
    /// with the contract's state read once for room before and after.
    #[inline(always)]
    fn take_places(&mut self, model: &Model, c: ContractId, taken: impl FnOnce(u32) -> u32) {
        let i = c.ix();
        let (open, limit) = (!self.closed[i], self.limit[i]);
        let occupancy = &mut self.occupancy[i];
        let before = room(open, *occupancy, limit);
        *occupancy = taken(*occupancy);
        let after = room(open, *occupancy, limit);
        self.room_changed(model, c, before, after);
    }

    /// Applies `f` and keeps the room counts right when `c` gains or loses room.
    fn change(&mut self, model: &Model, c: ContractId, f: impl FnOnce(&mut Self)) {
        let before = self.has_room(model, c);
        f(self);
        let after = self.has_room(model, c);
        self.room_changed(model, c, before, after);
    }

    /// Keeps the room counts right when `c`'s room went from `before` to `after`.
    #[inline(always)]
    fn room_changed(&mut self, model: &Model, c: ContractId, before: bool, after: bool) {
        // Legacy contracts are never placement candidates: they are not in the room counts.
        if before != after && !model.contracts[c.ix()].legacy {
            let ct = &model.contracts[c.ix()];
            self.adjust(ct.sub, ct.covers, self.weights[c.ix()], after);
            let live = if after { self.weights[c.ix()] } else { 0 };
            for &j in &self.spots[self.spot_offsets[c.ix()]..self.spot_offsets[c.ix() + 1]] {
                self.live[j as usize] = live;
            }
        }
    }

    fn adjust(&mut self, sub: SubId, munis: MuniSet, weight: u64, gained: bool) {
        let (base, nmunis) = (sub as usize * self.nmunis, self.nmunis);
        let (room, room_weight) = (&mut self.room, &mut self.room_weight);
        munis.for_each_below(nmunis, |m| {
            let (r, w) = (&mut room[base + m], &mut room_weight[base + m]);
            if gained {
                *r += 1;
                *w += weight;
            } else {
                *r -= 1;
                *w -= weight;
            }
        });
    }
}

/// Whether a contract has a place for someone new: open for admissions, with fewer places
/// taken than it has.
#[inline(always)]
fn room(open: bool, taken: u32, limit: u32) -> bool {
    open && taken < limit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, salt};

    /// `minimal.ron`'s foster care: two providers (40 and 20 places) for one municipality.
    fn foster_care() -> (Model, SubId, [ContractId; 2]) {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/minimal.ron");
        let model = crate::scenario::load(&file).unwrap().1;
        let sub = model
            .subs
            .iter()
            .position(|s| s.name == "pleegzorg")
            .unwrap() as SubId;
        let cs: Vec<ContractId> = model.subs[sub as usize].contracts.iter().collect();
        (model, sub, [cs[0], cs[1]])
    }

    fn shares(cap: &Capacity, sub: SubId, [a, b]: [ContractId; 2]) -> (f64, f64, u32) {
        let n = 20_000;
        let (mut na, mut nb, mut none) = (0, 0, 0);
        for k in 0..n {
            match cap.draw(
                sub,
                0,
                crate::rng::youth_key(1, 0, 0, k),
                salt(3, Purpose::Placement),
            ) {
                c if c == a => na += 1,
                c if c == b => nb += 1,
                _ => none += 1,
            }
        }
        (na as f64 / n as f64, nb as f64 / n as f64, none)
    }

    #[test]
    fn a_full_contract_is_never_drawn_and_is_drawn_again_once_a_place_frees() {
        let (model, sub, [a, b]) = foster_care();
        let mut cap = Capacity::new(&model);
        // Both with room: in proportion to their weights (the standard error is 0.0035).
        let wa = cap.weights[a.ix()] as f64 / (cap.weights[a.ix()] + cap.weights[b.ix()]) as f64;
        let (sa, sb, none) = shares(&cap, sub, [a, b]);
        assert!(
            (sa - wa).abs() < 0.015 && (sa + sb - 1.0).abs() < 1e-12 && none == 0,
            "{sa}"
        );
        // The first one full: every draw goes to the other.
        for _ in 0..cap.limit(a) {
            cap.occupy(&model, a);
        }
        assert_eq!(shares(&cap, sub, [a, b]), (0.0, 1.0, 0));
        // Both full: none.
        for _ in 0..cap.limit(b) {
            cap.occupy(&model, b);
        }
        assert!(!cap.any_room(sub, 0));
        assert_eq!(shares(&cap, sub, [a, b]).2, 20_000);
        // A place frees at the first: it is the only one with room.
        cap.vacate(&model, a);
        assert_eq!(shares(&cap, sub, [a, b]), (1.0, 0.0, 0));
        // A new replication: both have room again, in the same proportion as at first.
        cap.reset(&model);
        assert!((shares(&cap, sub, [a, b]).0 - sa).abs() < 1e-12);
    }
}
