//! The population of a replication: youths in a slab (`Vec<Youth>` with a free list), so
//! a slot index is stable while a youth is in the system and exits cost nothing; the
//! waiting list holds slot indices in arrival order, which makes placement FIFO per
//! sub-segment and municipality. Components keep their per-youth state in columns
//! indexed by the same slot.

use super::slab::Slab;
use crate::ids::MuniIx;
use crate::model::{ContractId, Model, NO_CONTRACT, NO_SUB, ProviderId, SubId};

pub(super) const AGE_18: u16 = 18 * 12;

/// A month index as stored per youth: saturating, since validation keeps the simulated
/// months below 65,536 and only far-off end dates can exceed it.
#[inline(always)]
pub(super) fn m16(t: u32) -> u16 {
    t.min(u16::MAX as u32) as u16
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Status {
    Free,
    Care,
    Waiting,
}

/// Why a youth is moving to another sub-segment; decides what is counted on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Move {
    Referral,
    StepDown,
    StepUp,
    Return,
    /// A client of a legacy provider moving under the transition rules (forced).
    Transition,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Youth {
    pub key: u64,
    /// Care cost per month at tariff (cents), fixed for the indication.
    pub monthly_cents: i32,
    /// Price of one trajectory (trajectory products; 0 otherwise), cents.
    pub trajectory_cents: i32,
    pub contract: ContractId,
    /// Provider of the last regular (non-crisis) placement: the continuity anchor.
    pub anchor_provider: ProviderId,
    /// Month index at which the current indication is re-assessed (u16: validation keeps
    /// simulations under 65,536 months; later dates saturate).
    pub ind_end: u16,
    pub wait_start: u16,
    /// Month index at which the youth's age in months is 0 (see `age`): ages are not
    /// stored, so no youth is touched just because a month passed.
    pub born: i32,
    /// Whether the youth's calendar entry is a hazard event (else the indication's end).
    pub hazard_due: bool,
    /// Month of the youth's next care event in the calendar (`calendar::NOT_DUE`: none
    /// within the horizon).
    pub due: u16,
    /// Month of the first hazard event drawn when the youth's care began or its hazards
    /// last changed (`calendar::NOT_DUE`: none within the horizon): an extension keeps it.
    pub hazard_at: u16,
    /// Whether the youth's monthly care is summed in its contract's standing rates
    /// (`Ledger::stand`) rather than delivered one by one.
    pub standing: bool,
    /// Current sub-segment in care.
    pub sub: SubId,
    /// Sub-segment waited for (waiting, or in care with a transfer pending).
    pub target: SubId,
    /// Sub-segment of the last regular placement.
    pub anchor_sub: SubId,
    /// Where a youth in crisis care goes back to.
    pub return_to: SubId,
    pub muni: MuniIx,
    pub need: u8,
    pub status: Status,
    pub moving: Move,
    pub counted: bool,
    pub extended_care: bool,
    /// A trajectory (placement or extension) started this month.
    pub new_trajectory: bool,
    /// Not to be placed before this month (waiting for the region's consent).
    pub ready_at: u16,
    /// 1 + the month whose draws make the care plan a provider refused (0 = none): the
    /// youth's need does not change because a provider declined it.
    pub refused_plan: u16,
    /// Last reporting year (1-based; 0 = none) in which the youth was counted in care,
    /// and in care with accommodation (met verblijf).
    pub year_counted: u8,
    pub year_counted_verblijf: u8,
}

/// A youth about to join the waiting list.
pub(super) struct Newcomer {
    pub key: u64,
    pub age: u16,
    pub muni: MuniIx,
    pub need: u8,
    pub target: SubId,
    pub anchor_provider: ProviderId,
    pub anchor_sub: SubId,
    pub counted: bool,
}

/// A youth who left care and may be referred again (relapse).
#[derive(Debug, Clone, Copy)]
pub(super) struct Former {
    pub key: u64,
    pub left: u32,
    pub age: u16,
    pub muni: MuniIx,
    pub need: u8,
    pub sub: SubId,
    pub provider: ProviderId,
    pub counted: bool,
}

impl Youth {
    /// A youth referred in month `t`, about to join the waiting list: every field of care
    /// cleared.
    #[inline(always)]
    pub fn referred(t: u32, n: &Newcomer) -> Youth {
        Youth {
            key: n.key,
            monthly_cents: 0,
            trajectory_cents: 0,
            contract: NO_CONTRACT,
            anchor_provider: n.anchor_provider,
            ind_end: 0,
            wait_start: m16(t),
            born: born(t, n.age),
            hazard_due: false,
            due: super::calendar::NOT_DUE,
            hazard_at: super::calendar::NOT_DUE,
            standing: false,
            sub: NO_SUB,
            target: n.target,
            anchor_sub: n.anchor_sub,
            return_to: NO_SUB,
            muni: n.muni,
            need: n.need,
            status: Status::Waiting,
            moving: Move::Referral,
            counted: n.counted,
            extended_care: false,
            new_trajectory: false,
            ready_at: 0,
            refused_plan: 0,
            year_counted: 0,
            year_counted_verblijf: 0,
        }
    }

    /// The sub-segment the youth is waiting for, else the one it is in care in.
    #[inline]
    pub fn waited_for(&self) -> SubId {
        if self.status == Status::Waiting {
            self.target
        } else {
            self.sub
        }
    }

    /// Age in months during month `t`'s care phase (a youth ages at the start of it).
    #[inline(always)]
    pub fn age(&self, t: u32) -> u32 {
        (t as i64 - self.born as i64).max(0) as u32
    }
}

/// `born` for a youth of `age` months at referral in month `t`, before the month's care
/// phase ages it by one.
pub(super) fn born(t: u32, age: u16) -> i32 {
    t as i32 - age as i32 - 1
}

pub(super) struct Population {
    pub youths: Slab,
    pub free: Vec<u32>,
    pub waiting: Vec<u32>,
    /// Leading entries of `waiting` already tried for a place this month (a referral
    /// tried at once, `Sim::place_or_wait`): the placement phase keeps them waiting
    /// without a second try.
    pub tried: usize,
    pub still_waiting: Vec<u32>,
    /// Youths whose next delivery may have a one-off (a trajectory's price, an advance,
    /// a first count this year); handling one twice changes nothing.
    pub touched: Vec<u32>,
    /// P(relapse within k months) = 1 − (1 − h)^k for k = 1..=window: the geometric
    /// time to relapse is drawn by inverting it.
    pub relapse_cdf: Vec<f64>,
    /// The same after care ended without its goal attained (dropout, early closure).
    pub relapse_cdf_unattained: Vec<f64>,
    /// Former clients by the month they will be referred again (ring over the window).
    pub relapse_calendar: Vec<Vec<Former>>,
}

/// P(an event within k months) = 1 − (1 − h)^k for k = 1..=window: non-decreasing, which
/// the relapse draw's bisection relies on.
fn geometric_cdf(h: f64, window: u32) -> Vec<f64> {
    let cdf: Vec<f64> = (1..=window as i32)
        .map(|k| 1.0 - (1.0 - h).powi(k))
        .collect();
    debug_assert!(cdf.windows(2).all(|w| w[0] <= w[1]), "{cdf:?}");
    cdf
}

/// The index of the first entry of the non-decreasing `cdf` above `u` (`cdf.len()` when
/// none is): by bisection, not a scan of the whole window, and for the many youths who do
/// not come back within it by the window's last value alone.
#[inline]
pub(super) fn first_above(cdf: &[f64], u: f64) -> usize {
    match cdf.last() {
        Some(&last) if u < last => cdf.partition_point(|&p| p <= u),
        _ => cdf.len(),
    }
}

impl Population {
    pub fn new(model: &Model) -> Population {
        Population {
            youths: Slab::default(),
            free: Vec::new(),
            waiting: Vec::new(),
            tried: 0,
            still_waiting: Vec::new(),
            touched: Vec::new(),
            relapse_cdf: geometric_cdf(model.relapse.hazard, model.relapse.window_months),
            relapse_cdf_unattained: geometric_cdf(
                model.relapse.unattained_hazard,
                model.relapse.window_months,
            ),
            relapse_calendar: vec![Vec::new(); model.relapse.window_months as usize + 1],
        }
    }

    pub fn reset(&mut self) {
        self.youths.clear();
        self.free.clear();
        self.waiting.clear();
        self.tried = 0;
        self.touched.clear();
        for bucket in &mut self.relapse_calendar {
            bucket.clear();
        }
    }

    /// Youths in care or waiting.
    pub fn alive(&self) -> u32 {
        (self.youths.len() - self.free.len()) as u32
    }

    /// Puts `y` in a free slot and returns it.
    pub fn add(&mut self, y: Youth) -> u32 {
        match self.free.pop() {
            Some(slot) => {
                self.youths[slot] = y;
                slot
            }
            None => self.youths.push(y),
        }
    }

    /// Puts `slot` on the list of youths whose next delivery has a one-off.
    #[inline]
    pub fn touch(&mut self, slot: u32) {
        self.touched.push(slot);
    }

    /// Frees `slot` (its contract must have been vacated).
    pub fn free_slot(&mut self, slot: u32) {
        self.youths[slot].status = Status::Free;
        self.free.push(slot);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_youth_fits_one_cache_line() {
        // Scans over the population (a reporting year's start, changed hazards, providers
        // leaving) stream over youths: keep each in one 64-byte line.
        assert!(
            std::mem::size_of::<super::Youth>() <= 64,
            "{}",
            std::mem::size_of::<super::Youth>()
        );
    }

    #[test]
    fn the_relapse_cdf_never_decreases_so_bisection_finds_the_first_month() {
        // Over every probability a scenario may give, down to the tiniest: the relapse
        // draw bisects this table where it once scanned it, which is the same only if
        // the table is non-decreasing.
        let mut h = 1.0;
        while h > 1e-300 {
            for window in [0, 1, 12, 60, 240] {
                let cdf = super::geometric_cdf(h, window);
                assert!(
                    cdf.windows(2).all(|w| w[0] <= w[1]),
                    "h {h}, window {window}"
                );
                for u in [
                    0.0,
                    1e-9,
                    0.3,
                    0.999_999,
                    cdf.last().copied().unwrap_or(0.0),
                ] {
                    let scan = cdf.iter().position(|&p| u < p);
                    let k = super::first_above(&cdf, u);
                    assert_eq!(scan, (k < cdf.len()).then_some(k), "h {h}, u {u}");
                }
            }
            h *= 0.37;
        }
    }
}
