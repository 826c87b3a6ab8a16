//! When each youth's next event falls (docs/modelling-choices.md, "Event calendar").
//!
//! A youth in care faces constant competing monthly hazards until its indication ends.
//! Instead of a uniform per youth per month, the month of the first hazard event is
//! drawn once, when care starts or its hazards change: geometric with the total hazard,
//! the kind of event then drawn in proportion to the hazards. Memorylessness makes this
//! the same process, at the cost of the events rather than of the youth-months. The
//! calendar holds, per month, the youths whose next event (hazard or re-assessment) is
//! due; an entry is stale when the youth was rescheduled, moved or left since, which its
//! `due` month tells. Birthdays (18, and the end of verlengde jeugdhulp) have their own lists.

use super::kernel::Sim;
use super::population::m16;
use crate::model::Event;
use crate::rng::{self, Purpose};
use rand_distr::{Distribution, Exp1};

/// Per month of the simulation: the youths with an event due.
#[derive(Default)]
pub(super) struct Calendar {
    /// Per month: a bit per slot whose next care event may fall in it. The youth's `due`
    /// month tells whether it still does: a rescheduled youth leaves its old bit behind.
    /// Bits are read in slot order, an order that says nothing about the youth, so no
    /// one is placed ahead of others for when its event was drawn.
    events: Vec<Vec<u64>>,
    /// Per month: (slot, key) of the youths turning 18 in it.
    birthdays: Vec<Vec<(u32, u64)>>,
    /// (slot, key) of youths in verlengde jeugdhulp, checked every month: when it ends
    /// depends on the sub-segment they are in or wait for, which can change.
    pub extended: Vec<(u32, u64)>,
}

/// `Youth::due` of a youth with no event within the horizon.
pub(super) const NOT_DUE: u16 = u16::MAX;

impl Calendar {
    pub fn reset(&mut self, months: u32) {
        self.events.resize_with(months as usize, Vec::new);
        self.birthdays.resize_with(months as usize, Vec::new);
        for b in &mut self.events {
            b.clear();
        }
        for b in &mut self.birthdays {
            b.clear();
        }
        self.extended.clear();
    }

    /// Enters `slot` in month `at`; returns the youth's `due` month (`NOT_DUE` beyond the
    /// horizon, which validation keeps below `NOT_DUE`).
    #[inline]
    pub fn book(&mut self, slot: u32, at: u32) -> u16 {
        let Some(row) = self.events.get_mut(at as usize) else {
            return NOT_DUE;
        };
        let word = slot as usize / 64;
        let bit = 1 << (slot % 64);
        match row.get_mut(word) {
            Some(w) => *w |= bit,
            None => {
                row.resize(word, 0);
                row.push(bit);
            }
        }
        at as u16
    }

    /// The youth in `slot` (with `key`) turns 18 in month `at`.
    pub fn birthday(&mut self, slot: u32, key: u64, at: i64) {
        if let Ok(at) = usize::try_from(at)
            && let Some(b) = self.birthdays.get_mut(at)
        {
            b.push((slot, key));
        }
    }

    /// Month `t`'s slots with an event, as bits, taken out of the calendar (give the
    /// buffer back with `give_back_events`).
    pub fn take_events(&mut self, t: u32) -> Vec<u64> {
        std::mem::take(&mut self.events[t as usize])
    }

    pub fn take_birthdays(&mut self, t: u32) -> Vec<(u32, u64)> {
        std::mem::take(&mut self.birthdays[t as usize])
    }

    /// Hands month `t`'s event buffer back, emptied (keeps its allocation).
    pub fn give_back_events(&mut self, t: u32, mut events: Vec<u64>) {
        events.clear();
        // Bookings made while month t was processed start at t + 1: none is lost here.
        debug_assert!(self.events[t as usize].is_empty());
        self.events[t as usize] = events;
    }

    pub fn give_back_birthdays(&mut self, t: u32, mut births: Vec<(u32, u64)>) {
        births.clear();
        debug_assert!(self.birthdays[t as usize].is_empty());
        self.birthdays[t as usize] = births;
    }
}

/// The slots whose bits are set in `words`, in increasing order.
pub(super) fn slots(words: &[u64]) -> impl Iterator<Item = u32> + '_ {
    words.iter().enumerate().flat_map(|(w, &word)| {
        let mut bits = word;
        std::iter::from_fn(move || {
            (bits != 0).then(|| {
                let b = bits.trailing_zeros();
                bits &= bits - 1;
                w as u32 * 64 + b
            })
        })
    })
}

/// Months until the first hazard event (0 = the first month), from an Exp(1) draw `e`
/// and `ln(1 − h)` of the total monthly hazard h; `None` when h is 0.
#[inline]
pub(super) fn months_to_event(log_stay: f64, e: f64) -> Option<u32> {
    if log_stay == 0.0 {
        return None;
    }
    if log_stay == f64::NEG_INFINITY {
        return Some(0);
    }
    // P(K ≥ k) = P(e ≥ −k·ln(1 − h)) = (1 − h)^k: geometric without an `ln` per draw.
    let k = e / -log_stay;
    Some(if k < u32::MAX as f64 {
        k as u32
    } else {
        u32::MAX
    })
}

/// Which competing hazard, if any, the uniform `u` falls in (cumulative thresholds `th`):
/// the monthly draw of a youth keeping its place while it waits for the next one.
#[inline(always)]
pub(super) fn hazard_event(th: &[f64; 5], u: f64) -> Event {
    if u < th[0] {
        Event::Success
    } else if u < th[1] {
        Event::StepDown
    } else if u < th[2] {
        Event::StepUp
    } else if u < th[3] {
        Event::Crisis
    } else if u < th[4] {
        Event::Dropout
    } else {
        Event::Stay
    }
}

/// A contract × need level's competing monthly hazards: the cumulative thresholds, and
/// the one kind of event they allow when only one has weight.
#[derive(Debug, Clone, Copy)]
pub(super) struct Competing {
    pub th: [f64; 5],
    only: Option<Event>,
}

impl Competing {
    pub fn new(th: [f64; 5]) -> Competing {
        let mut below = 0.0;
        let weighted = th
            .iter()
            .filter(|&&x| {
                let has = x > below;
                below = x;
                has
            })
            .count();
        // With one kind of any weight, every uniform falls in it (`event_kind`'s rounding
        // rule included).
        let only = (weighted == 1).then(|| event_kind(&th, 0.0));
        Competing { th, only }
    }

    /// The kind of a hazard event that happens: `event_kind` of a uniform `draw`, drawn
    /// only when there is a choice (every draw is keyed: one not taken changes no other).
    #[inline(always)]
    pub fn kind(&self, draw: impl FnOnce() -> f64) -> Event {
        match self.only {
            Some(event) => event,
            None => event_kind(&self.th, draw()),
        }
    }
}

/// The kind of a hazard event that happens, from the uniform `v`, in proportion to the
/// competing hazards (cumulative thresholds `th`, the total in `th[4]`).
#[inline]
pub(super) fn event_kind(th: &[f64; 5], v: f64) -> Event {
    let event = hazard_event(th, v * th[4]);
    if event != Event::Stay {
        return event;
    }
    const KINDS: [Event; 5] = [
        Event::Success,
        Event::StepDown,
        Event::StepUp,
        Event::Crisis,
        Event::Dropout,
    ];
    // Rounding put v × total on the total: the last hazard that has any weight.
    let mut last = 0;
    for k in 0..5 {
        let below = if k == 0 { 0.0 } else { th[k - 1] };
        if th[k] > below {
            last = k;
        }
    }
    KINDS[last]
}

impl Sim<'_> {
    /// Draws the next care event of the youth in `slot`, in care without a move pending,
    /// from month `from` on: the first hazard event or the indication's end, whichever
    /// comes first; earlier entries in the calendar become stale.
    #[inline(always)]
    pub(super) fn schedule(&mut self, slot: u32, from: u32) {
        let needs = self.model.need_names.len();
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        let row = y.contract.ix() * needs + y.need as usize;
        let mut draws = rng::draws_salted(y.key, ws.salts.get(from, Purpose::Transition));
        let k = months_to_event(ws.log_stay[row], Exp1.sample(&mut draws));
        y.hazard_at = m16(k.map_or(u32::MAX, |k| from.saturating_add(k)));
        self.book_next(slot, from);
    }

    /// Books the next care event of the youth in `slot` from month `from` on: its drawn
    /// hazard month (`Youth::hazard_at`, not before `from`) or the indication's end,
    /// whichever comes first.
    #[inline(always)]
    pub(super) fn book_next(&mut self, slot: u32, from: u32) {
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        // `NOT_DUE` lies beyond every horizon validation allows: never.
        let hazard_at = y.hazard_at as u32;
        let reassess_at = (y.ind_end as u32).saturating_sub(1).max(from);
        // In the month the indication ends, a hazard event comes first.
        y.hazard_due = hazard_at <= reassess_at;
        y.due = ws.calendar.book(slot, hazard_at.min(reassess_at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_to_event_is_geometric() {
        let h: f64 = 0.08;
        let log_stay = (1.0 - h).ln();
        let n = 200_000;
        let mut zero = 0;
        let mut sum = 0.0;
        for i in 0..n {
            // Exp(1) at the midpoints of n equal-probability cells: −ln(1 − u).
            let e = -(1.0 - (i as f64 + 0.5) / n as f64).ln();
            let k = months_to_event(log_stay, e).unwrap();
            zero += u32::from(k == 0);
            sum += k as f64;
        }
        // P(K = 0) = h and E[K] = (1 − h) / h for a geometric number of failures.
        assert!((zero as f64 / n as f64 - h).abs() < 1e-3);
        assert!(
            (sum / n as f64 - (1.0 - h) / h).abs() < 0.01,
            "{}",
            sum / n as f64
        );
        assert_eq!(months_to_event(0.0, 0.3), None);
        assert_eq!(months_to_event(f64::NEG_INFINITY, 0.9), Some(0));
    }

    #[test]
    fn a_month_lists_its_slots_in_order_once() {
        let mut c = Calendar::default();
        c.reset(3);
        for slot in [130, 3, 64, 3, 0] {
            assert_eq!(c.book(slot, 1), 1);
        }
        assert_eq!(c.book(7, 3), NOT_DUE, "beyond the horizon");
        let due = c.take_events(1);
        assert_eq!(slots(&due).collect::<Vec<_>>(), vec![0, 3, 64, 130]);
        c.give_back_events(1, due);
        assert_eq!(slots(&c.take_events(1)).count(), 0);
    }

    #[test]
    fn event_kind_follows_the_hazards() {
        let th = [0.02, 0.03, 0.03, 0.04, 0.05];
        assert_eq!(event_kind(&th, 0.0), Event::Success);
        assert_eq!(event_kind(&th, 0.39), Event::Success);
        assert_eq!(event_kind(&th, 0.41), Event::StepDown);
        assert_eq!(event_kind(&th, 0.61), Event::Crisis);
        assert_eq!(event_kind(&th, 0.99), Event::Dropout);
        // No weight on dropout: rounding at the top falls on the last hazard with weight.
        let th = [0.02, 0.03, 0.03, 0.05, 0.05];
        assert_eq!(event_kind(&th, 1.0), Event::Crisis);
    }

    #[test]
    fn one_kind_of_hazard_needs_no_draw() {
        let uniforms = [0.0, 0.3, 0.999_999, 1.0 - f64::EPSILON / 2.0];
        for (th, only) in [
            ([0.08; 5], Some(Event::Success)),
            ([0.0, 0.0, 0.04, 0.04, 0.04], Some(Event::StepUp)),
            ([0.0, 0.0, 0.0, 0.0, 0.02], Some(Event::Dropout)),
            ([0.02, 0.03, 0.03, 0.05, 0.05], None),
            ([0.0; 5], None),
        ] {
            let c = Competing::new(th);
            assert_eq!(c.only, only, "{th:?}");
            for v in uniforms {
                let drawn = std::cell::Cell::new(false);
                let kind = c.kind(|| {
                    drawn.set(true);
                    v
                });
                // Without a draw, the same kind the draw would have given.
                assert_eq!(drawn.get(), only.is_none(), "{th:?}");
                if th[4] > 0.0 {
                    assert_eq!(kind, event_kind(&th, v), "{th:?} at {v}");
                }
            }
        }
    }
}
