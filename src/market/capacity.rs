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
use crate::model::{ContractId, Model, NO_CONTRACT, SubId};
use crate::rng;

/// Fixed-point scale of the placement weights (at most 1 each): 2^44 keeps a sum over a
/// million contracts within 64 bits and rounds a weight by less than 10^-13.
const WEIGHT_ONE: f64 = (1u64 << 44) as f64;

pub struct Capacity {
    /// Per contract: its places and what a placement there changes, in one record so a
    /// placement reads it once.
    places: Vec<Places>,
    nmunis: usize,
    /// Per (sub-segment × municipality): its covering contracts and those with room.
    cells: Vec<Cover>,
    /// Covering contracts of each cell (`Cover::start..Cover::end`), rank order.
    candidates: Vec<ContractId>,
    /// Beside `candidates`: the contract's weight while it has room, else 0.
    live: Vec<u64>,
    /// Each contract's positions in `candidates` and their cells (`Places::spots`; one per
    /// municipality it covers).
    spots: Vec<Spot>,
}

/// Where a contract stands among a cell's covering contracts: its position in
/// `candidates` and the cell's index, so a change of room touches both in one pass.
#[derive(Clone, Copy)]
struct Spot {
    at: u32,
    cell: u32,
}

/// A contract's places.
#[derive(Clone, Copy, Default)]
struct Places {
    occupancy: u32,
    /// Its capacity (`u32::MAX`: unlimited).
    limit: u32,
    /// Taking no new clients: rationing past a lumpsum budget, or a provider that left
    /// the market.
    closed: bool,
    /// Legacy contracts are never placement candidates: they are not in the room counts.
    legacy: bool,
    /// Its placement weight, (1 + rank)^−quality_weight, in fixed point.
    weight: u64,
    /// `spots[spots.0..spots.1]` are its positions in `candidates`.
    spots: (u32, u32),
}

/// One (sub-segment, municipality): the covering contracts with a free place and the sum
/// of their weights; `candidates[start..end]` are all its covering contracts.
#[derive(Clone, Copy, Default)]
pub struct Cover {
    room: u32,
    start: u32,
    end: u32,
    weight: u64,
}

impl Cover {
    fn span(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Whether a covering contract has a free place.
    #[inline(always)]
    pub fn has_room(&self) -> bool {
        self.room > 0
    }
}

impl Capacity {
    pub fn new(model: &Model) -> Capacity {
        let nmunis = model.munis.len();
        let mut cells = Vec::with_capacity(model.subs.len() * nmunis);
        let mut candidates = Vec::new();
        let mut spot_lists = vec![Vec::new(); model.contracts.len()];
        for s in &model.subs {
            for m in 0..nmunis {
                let start = candidates.len() as u32;
                for c in s.contracts.iter() {
                    if model.contracts[c.ix()].covers.contains(m) {
                        spot_lists[c.ix()].push(Spot {
                            at: candidates.len() as u32,
                            cell: cells.len() as u32,
                        });
                        candidates.push(c);
                    }
                }
                cells.push(Cover {
                    start,
                    end: candidates.len() as u32,
                    ..Cover::default()
                });
            }
        }
        let mut spots = Vec::with_capacity(candidates.len());
        let places = model
            .contracts
            .iter()
            .zip(spot_lists)
            .map(|(ct, list)| {
                let w = (1.0 + ct.rank as f64).powf(-model.quality_weight);
                let from = spots.len() as u32;
                spots.extend(list);
                Places {
                    legacy: ct.legacy,
                    // Every covering contract stays drawable, however low its rank.
                    weight: ((w * WEIGHT_ONE).round() as u64).max(1),
                    spots: (from, spots.len() as u32),
                    ..Places::default()
                }
            })
            .collect();
        let mut c = Capacity {
            places,
            nmunis,
            cells,
            live: vec![0; candidates.len()],
            candidates,
            spots,
        };
        c.reset(model);
        c
    }

    /// A capacity with no contracts: a placeholder while the real one is lent out.
    pub fn empty() -> Capacity {
        Capacity {
            places: Vec::new(),
            nmunis: 0,
            cells: Vec::new(),
            candidates: Vec::new(),
            live: Vec::new(),
            spots: Vec::new(),
        }
    }

    /// Empties every contract.
    pub fn reset(&mut self, model: &Model) {
        for (p, ct) in self.places.iter_mut().zip(&model.contracts) {
            p.occupancy = 0;
            p.limit = ct.capacity;
            p.closed = ct.legacy;
        }
        for cell in &mut self.cells {
            let (mut room, mut weight) = (0, 0);
            for j in cell.span() {
                let p = &self.places[self.candidates[j].ix()];
                self.live[j] = 0;
                if p.has_room() {
                    room += 1;
                    weight += p.weight;
                    self.live[j] = p.weight;
                }
            }
            cell.room = room;
            cell.weight = weight;
        }
    }

    #[inline]
    fn index(&self, sub: SubId, muni: MuniIx) -> usize {
        sub as usize * self.nmunis + muni as usize
    }

    #[inline]
    pub fn has_room(&self, _model: &Model, c: ContractId) -> bool {
        self.places[c.ix()].has_room()
    }

    /// Share of contract `c`'s places taken; `None` when its capacity is unlimited.
    pub fn occupancy_share(&self, c: ContractId) -> Option<f64> {
        // While the capacity is lent out (`empty`: the go-live caseload, whose running
        // indications are not new plans) there is no occupancy to respond to.
        let p = self.places.get(c.ix())?;
        (p.limit != u32::MAX && p.limit > 0).then(|| f64::from(p.occupancy) / f64::from(p.limit))
    }

    /// Clients holding a place at contract `c`.
    pub fn occupied(&self, c: ContractId) -> u32 {
        self.places.get(c.ix()).map_or(0, |p| p.occupancy)
    }

    /// Places of contract `c` (`u32::MAX` = unlimited).
    pub fn limit(&self, c: ContractId) -> u32 {
        self.places[c.ix()].limit
    }

    /// Sets contract `c`'s places to `limit`; clients above it stay, no one new is admitted.
    pub fn resize(&mut self, model: &Model, c: ContractId, limit: u32) {
        self.change(model, c, |p| p.limit = limit);
    }

    pub fn is_closed(&self, c: ContractId) -> bool {
        self.places[c.ix()].closed
    }

    /// Stops or resumes admissions under contract `c`.
    pub fn set_closed(&mut self, model: &Model, c: ContractId, closed: bool) {
        self.change(model, c, |p| p.closed = closed);
    }

    /// Whether any covering contract of `sub` has a free place for a youth from `muni`.
    #[inline]
    pub fn any_room(&self, sub: SubId, muni: MuniIx) -> bool {
        self.cells[self.index(sub, muni)].room > 0
    }

    /// Covering contracts of `sub` for `muni`, best-ranked first.
    pub fn covering(&self, sub: SubId, muni: MuniIx) -> &[ContractId] {
        self.covering_in(self.cover(sub, muni))
    }

    /// The covering contracts of `cell`, best-ranked first.
    pub fn covering_in(&self, cell: Cover) -> &[ContractId] {
        &self.candidates[cell.span()]
    }

    /// The contracts of `sub` covering `muni`, and their room now: read once for a
    /// placement's questions (`Cover::has_room`, `covering_in`, `draw_in`).
    #[inline(always)]
    pub fn cover(&self, sub: SubId, muni: MuniIx) -> Cover {
        self.cells[self.index(sub, muni)]
    }

    /// A contract with room, drawn with probability proportional to its placement weight
    /// among those with room; `NO_CONTRACT` when none has room.
    /// `salt` is `rng::salt(month, Purpose::Placement)`.
    #[inline(always)]
    pub fn draw(&self, sub: SubId, muni: MuniIx, key: u64, salt: u64) -> ContractId {
        self.draw_in(self.cover(sub, muni), key, salt)
    }

    /// `draw` among the contracts of `cell`, read by `cover` since nothing changed room.
    #[inline(always)]
    pub fn draw_in(&self, cell: Cover, key: u64, salt: u64) -> ContractId {
        if cell.room == 0 || cell.weight == 0 {
            return NO_CONTRACT;
        }
        // One covering contract, with room since the cell has some: no choice, so no draw
        // (every draw is keyed: one not taken changes no other).
        if cell.end - cell.start == 1 {
            return self.candidates[cell.start as usize];
        }
        self.draw_weighted(cell, key, salt)
    }

    /// `draw` among a cell's several covering contracts.
    #[inline(never)]
    fn draw_weighted(&self, cell: Cover, key: u64, salt: u64) -> ContractId {
        let bits = rng::bits_salted(key, salt);
        // Uniform on [0, total): the high word of bits × total.
        let mut x = ((bits as u128 * cell.weight as u128) >> 64) as u64;
        // Linear: rank weights put most mass on the first few contracts. A full contract's
        // live weight is 0: never above x, and x stays.
        let span = cell.span();
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
        self.change(model, c, |p| p.occupancy += 1);
    }

    #[inline]
    pub fn vacate(&mut self, model: &Model, c: ContractId) {
        self.change(model, c, |p| p.occupancy -= 1);
    }

    /// Applies `f` to `c`'s places and keeps the room counts right when `c` gains or loses
    /// room: the contract's record is read once for room before and after.
    #[inline(always)]
    fn change(&mut self, _model: &Model, c: ContractId, f: impl FnOnce(&mut Places)) {
        let p = &mut self.places[c.ix()];
        let before = p.has_room();
        f(p);
        let after = p.has_room();
        if before != after && !p.legacy {
            self.room_changed(c, after);
        }
    }

    /// `c` gained (`after`) or lost room: its weight joins or leaves the room counts of
    /// every cell it covers, and its live weight there is set. Out of line: left to the
    /// compiler, it made the month's own code dearer (BENCHMARKS.md, 0.14.3).
    #[inline(never)]
    fn room_changed(&mut self, c: ContractId, after: bool) {
        let p = self.places[c.ix()];
        let live = if after { p.weight } else { 0 };
        for s in &self.spots[p.spots.0 as usize..p.spots.1 as usize] {
            self.live[s.at as usize] = live;
            let cell = &mut self.cells[s.cell as usize];
            if after {
                cell.room += 1;
                cell.weight += p.weight;
            } else {
                cell.room -= 1;
                cell.weight -= p.weight;
            }
        }
    }
}

impl Places {
    #[inline(always)]
    fn has_room(&self) -> bool {
        room(!self.closed, self.occupancy, self.limit)
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
        let (wa, wb) = (cap.places[a.ix()].weight, cap.places[b.ix()].weight);
        let wa = wa as f64 / (wa + wb) as f64;
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

    /// Room and weight per cell and live weight per candidate, counted afresh from the
    /// contracts' places.
    fn recounted(cap: &Capacity) -> (Vec<(u32, u64)>, Vec<u64>) {
        let live: Vec<u64> = cap
            .candidates
            .iter()
            .map(|c| {
                let p = &cap.places[c.ix()];
                if p.has_room() { p.weight } else { 0 }
            })
            .collect();
        let cells = cap
            .cells
            .iter()
            .map(|cell| {
                let room = live[cell.span()].iter().filter(|&&w| w > 0).count() as u32;
                (room, live[cell.span()].iter().sum())
            })
            .collect();
        (cells, live)
    }

    #[test]
    fn room_counts_follow_every_change_of_places_in_every_cell_a_contract_covers() {
        // The Achterhoek: contracts covering several of its eight municipalities.
        let file =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/achterhoek.ron");
        let model = crate::scenario::load(&file).unwrap().1;
        let mut cap = Capacity::new(&model);
        let contracts: Vec<ContractId> = (0..model.contracts.len())
            .map(ContractId::at)
            .filter(|c| !model.contracts[c.ix()].legacy)
            .collect();
        assert!(contracts.iter().any(|c| {
            let n = cap.places[c.ix()].spots;
            n.1 - n.0 > 1
        }));
        let mut flips = 0;
        for k in 0..20_000u32 {
            let bits = crate::rng::bits_salted(u64::from(k), 7);
            let c = contracts[(bits % contracts.len() as u64) as usize];
            let before = cap.places[c.ix()].has_room();
            match (bits >> 32) % 10 {
                0 => cap.set_closed(&model, c, !cap.is_closed(c)),
                1 => cap.resize(&model, c, ((bits >> 40) % 4) as u32),
                2..6 if cap.occupied(c) > 0 => cap.vacate(&model, c),
                _ => cap.occupy(&model, c),
            }
            flips += u32::from(before != cap.places[c.ix()].has_room());
            let (cells, live) = recounted(&cap);
            let now: Vec<(u32, u64)> = cap.cells.iter().map(|c| (c.room, c.weight)).collect();
            assert_eq!(now, cells, "after change {k}");
            assert_eq!(cap.live, live, "after change {k}");
        }
        assert!(flips > 1_000, "{flips}");
    }
}
