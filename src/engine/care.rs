//! Care and its transitions: birthdays; a month of care delivered (per contract, or one by
//! one within an indication budget); the waiting list counted; and the care events the
//! calendar holds for the month — competing hazards, re-assessment at an indication's end.

use super::calendar::{hazard_event, slots};
use super::kernel::Sim;
use super::placement::stretched;
use super::population::{AGE_18, Move, Status, Youth, m16};
use crate::finance::{Pressure, indexed};
use crate::model::{Event, Kind, Model, MuniIx, NO_CONTRACT, NO_SUB, Outcome, SubId};
use crate::rng::{self, Purpose, pick};

/// Where a provider under budget pressure can send a client of municipality `muni` on:
/// the step-up, else the step-down sub-segment of `sub`, if the region buys it and pays it
/// per unit in month `t`.
fn shift_target(m: &Model, sub: SubId, muni: MuniIx, t: u32) -> Option<(SubId, Move)> {
    let s = &m.subs[sub as usize];
    [
        (s.step_up_to, Move::StepUp),
        (s.step_down_to, Move::StepDown),
    ]
    .into_iter()
    .find(|&(to, _)| {
        to != NO_SUB
            && !m.subs[to as usize].bought_separately.contains(muni.into())
            && m.subs[to as usize].financing_at(t).pays_per_unit()
    })
}

/// Distinct youths counted in care this month, in reporting year `year` (0: not recording).
#[derive(Default)]
struct Counted {
    year: u8,
    distinct: u64,
    youth_years: u64,
    youth_years_verblijf: u64,
}

impl Counted {
    /// Counts `y`, in care this month: once ever, once a year, and once a year with
    /// accommodation. Counting a youth twice in a month changes nothing.
    #[inline]
    fn youth(&mut self, m: &crate::model::Model, y: &mut Youth) {
        if self.year == 0 {
            return;
        }
        self.distinct += u64::from(!y.counted);
        y.counted = true;
        self.youth_years += u64::from(y.year_counted != self.year);
        y.year_counted = self.year;
        if m.subs[y.sub as usize].kind != Kind::Ambulant {
            self.youth_years_verblijf += u64::from(y.year_counted_verblijf != self.year);
            y.year_counted_verblijf = self.year;
        }
    }
}

impl Sim<'_> {
    /// The month's care for everyone. Returns the number who left the system.
    ///
    /// In order: birthdays (18, the end of verlengde jeugdhulp); a month of care delivered
    /// to everyone in care; the youths on the waiting list counted, and those keeping
    /// their place while they wait for the next one facing their hazards; then the care
    /// events the calendar holds for this month.
    pub(super) fn care_and_transitions(&mut self, t: u32) -> u32 {
        self.ws.month.clear();
        self.ws.caring = true;
        let mut left = self.birthdays(t);
        self.deliver_all(t);
        left += self.while_waiting(t);
        left += self.care_events(t);
        self.ws.caring = false;
        self.fold_month(t);
        left
    }

    /// Youths turning 18 this month, and youths whose verlengde jeugdhulp ends: the
    /// rules at 18. Returns the number who left.
    fn birthdays(&mut self, t: u32) -> u32 {
        let m = self.model;
        let mut left = 0;
        let mut extended = std::mem::take(&mut self.ws.calendar.extended);
        let mut kept = 0;
        for i in 0..extended.len() {
            let (slot, key) = extended[i];
            let y = &self.ws.pop.youths[slot];
            if y.status == Status::Free || y.key != key || !y.extended_care {
                continue;
            }
            let waited_for = y.waited_for();
            if y.age(t) >= m.subs[waited_for as usize].max_age_months
                && self.turns_adult(slot, waited_for, t)
            {
                left += 1;
                continue;
            }
            extended[kept] = extended[i];
            kept += 1;
        }
        extended.truncate(kept);
        let births = self.ws.calendar.take_birthdays(t);
        for &(slot, key) in &births {
            let y = &self.ws.pop.youths[slot];
            // A re-referred youth keeps its key and slot may be booked twice: its age tells.
            if y.status == Status::Free
                || y.key != key
                || y.extended_care
                || y.age(t) != AGE_18 as u32
            {
                continue;
            }
            if self.turns_adult(slot, y.waited_for(), t) {
                left += 1;
            } else {
                extended.push((slot, key));
            }
        }
        self.ws.calendar.extended = extended;
        self.ws.calendar.give_back_birthdays(t, births);
        left
    }

    /// A month of care for everyone in care: the standing care per contract; youths with
    /// an indication budget or a legacy indication one by one; the one-offs of youths
    /// whose care started or was extended; and the youths counted in the reporting year.
    fn deliver_all(&mut self, t: u32) {
        if self.ws.delivered.on() {
            self.record_delivered();
        }
        let ws = &mut *self.ws;
        let (stacked, stacked_cost) =
            ws.ledger
                .deliver_standing(self.model, ws.world.prices(), &mut ws.month.in_care);
        if stacked > 0 {
            ws.observer.count(|c| {
                c.stacked_months += stacked;
                c.stacked_cents += stacked_cost;
            });
        }
        let mut counted = Counted {
            year: ws.observer.year(),
            ..Counted::default()
        };
        if ws.schemes.indications.any_budget() || ws.transition.running() {
            for slot in 0..self.ws.pop.youths.len() as u32 {
                let y = &self.ws.pop.youths[slot];
                if y.status == Status::Care && !y.standing {
                    self.deliver(slot, t, &mut counted);
                }
            }
        }
        let ws = &mut *self.ws;
        let mut touched = std::mem::take(&mut ws.pop.touched);
        for &slot in &touched {
            let y = &mut ws.pop.youths[slot];
            if y.status != Status::Care || !y.standing {
                continue;
            }
            if std::mem::take(&mut y.new_trajectory) {
                // A new trajectory's price (trajectory products) is due with its first month.
                let cents = match y.trajectory_cents {
                    0 => 0,
                    c => indexed(c as i64, ws.world.price(y.sub)),
                };
                ws.ledger.deliver_trajectory(y.contract, y.muni, cents);
            }
            let advance = ws.schemes.indications.take_advance(slot);
            if advance != 0 {
                ws.ledger.pay_trajectory(y.contract, y.muni, advance);
            }
            counted.youth(self.model, y);
        }
        touched.clear();
        ws.pop.touched = touched;
        if counted.year != 0 && counted.year != ws.counted_year {
            // A reporting year begins: everyone in care counts in it.
            ws.counted_year = counted.year;
            for y in ws.pop.youths.iter_mut() {
                if y.status == Status::Care {
                    counted.youth(self.model, y);
                }
            }
        }
        ws.observer.count(|c| {
            c.distinct_youths += counted.distinct;
            c.youth_years += counted.youth_years;
            c.youth_years_verblijf += counted.youth_years_verblijf;
        });
    }

    /// The waiting list this month: youths waiting without care counted (and against the
    /// norm); youths keeping their place while they wait for the next one counted as
    /// blocking it, and facing their hazards. Returns the number who left.
    fn while_waiting(&mut self, t: u32) -> u32 {
        let m = self.model;
        let mut left = 0;
        let transition_salt = self.ws.salts.get(t, Purpose::Transition);
        let mut queue = std::mem::take(&mut self.ws.pop.still_waiting);
        queue.clear();
        queue.extend_from_slice(&self.ws.pop.waiting);
        for &slot in &queue {
            let y = &self.ws.pop.youths[slot];
            if y.status == Status::Waiting {
                self.ws.month.waiting[y.target as usize] += 1;
                self.ws.observer.waiting_in(m, y.muni, y.target as usize);
                let norm = m.subs[y.target as usize].waiting_norm_months;
                let over = (t - y.wait_start as u32) as f64 > norm;
                self.ws
                    .observer
                    .count(|c| c.waiting_over_norm_months += u64::from(over));
            } else if y.status == Status::Care && y.target != NO_SUB {
                // Transfer pending: the youth keeps this place until the next one is free.
                self.ws.month.waiting[y.target as usize] += 1;
                self.ws.observer.waiting_in(m, y.muni, y.target as usize);
                self.ws.month.blocked[y.sub as usize] += 1;
                left += self.while_moving(slot, t, transition_salt);
            }
        }
        self.ws.pop.still_waiting = queue;
        left
    }

    /// The care events the calendar holds for this month, in slot order: a hazard event,
    /// or the indication's end. Whoever stays in care without a move pending draws its
    /// next event. Returns the number who left.
    fn care_events(&mut self, t: u32) -> u32 {
        let needs = self.model.need_names.len();
        let mut left = 0;
        let due = self.ws.calendar.take_events(t);
        for slot in slots(&due) {
            let y = &self.ws.pop.youths[slot];
            if y.status != Status::Care || y.target != NO_SUB || y.due as u32 != t {
                continue;
            }
            let hazard_due = y.hazard_due;
            let event = if hazard_due {
                let hazards = &self.ws.thresholds[y.contract.ix() * needs + y.need as usize];
                hazards.kind(|| self.ws.salts.uniform(y.key, t, Purpose::EventKind))
            } else if t + 1 >= y.ind_end as u32 {
                self.reassess(slot, t)
            } else {
                Event::Stay
            };
            // Most events are a re-assessment that extends: no jump through the event table.
            if event != Event::Stay {
                left += self.apply_event(slot, t, event);
            }
            let y = &self.ws.pop.youths[slot];
            if y.status == Status::Care && y.target == NO_SUB && y.due as u32 == t {
                if hazard_due || y.hazard_at as u32 <= t {
                    self.schedule(slot, t + 1);
                } else {
                    // The indication's end came before the hazard month drawn: the same
                    // hazards go on (memoryless), so that month still stands.
                    self.book_next(slot, t + 1);
                }
            }
        }
        self.ws.calendar.give_back_events(t, due);
        left
    }

    /// Whether the youth in `slot` is in its contract's standing care: in care, without
    /// an indication budget or a legacy indication (those are delivered one by one).
    #[inline(always)]
    pub(super) fn restand(&mut self, slot: u32) {
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        let plain = y.status == Status::Care
            && !ws.schemes.indications.has_budget(slot)
            && !ws.transition.is_legacy(slot);
        if plain != y.standing {
            let sign = if plain { 1 } else { -1 };
            ws.ledger.stand(y.contract, y.muni, y.monthly_cents, sign);
            y.standing = plain;
        }
    }

    /// The youth in `slot` leaves its contract's standing care (before its care changes).
    pub(super) fn unstand(&mut self, slot: u32) {
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        if y.standing {
            ws.ledger.stand(y.contract, y.muni, y.monthly_cents, -1);
            y.standing = false;
        }
    }

    /// A month of care for the youth in `slot`, delivered one by one (an indication budget
    /// or a legacy indication): delivered at tariff, the part the indication budget covers
    /// payable, booked on the contract; and the youth counted.
    fn deliver(&mut self, slot: u32, t: u32, counted: &mut Counted) {
        let m = self.model;
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        let trajectory = std::mem::take(&mut y.new_trajectory);
        let due = if trajectory { y.trajectory_cents } else { 0 };
        let base = y.monthly_cents as i64 + due as i64;
        let index = ws.world.price(y.sub);
        let cents = indexed(base, index);
        let payable = if ws.schemes.indications.has_budget(slot) {
            let raise = ws.schemes.at(m, y.sub, t).budget_raise();
            let budgets = &mut ws.schemes.indications;
            // Budgets are kept at base-year prices, indexed as the tariffs are: a budget
            // buys the care it was set for whatever year the care falls in.
            let covered = budgets.pay(slot, base);
            let payable = if covered == base {
                cents
            } else {
                indexed(covered, index)
            };
            if budgets.month(slot, raise, y.monthly_cents, y.key, t) {
                ws.observer.count(|c| {
                    c.reindications += 1;
                    c.admin_cents += m.admin.per_reindication;
                });
            }
            payable
        } else {
            cents
        };
        let legacy = ws.transition.is_legacy(slot);
        ws.ledger
            .deliver(y.contract, y.muni, cents, payable, trajectory, legacy);
        let advance = ws.schemes.indications.take_advance(slot);
        if advance != 0 && !legacy {
            ws.ledger.pay_trajectory(y.contract, y.muni, advance);
        }
        if legacy {
            ws.observer.count(|c| {
                c.dual_financing_months += 1;
                c.dual_financing_cents += cents;
            });
        }
        ws.month.in_care[y.sub as usize] += 1;
        counted.youth(m, y);
    }

    /// The indication of the youth in `slot` reaches its end date: extended (a new
    /// trajectory, a new budget; a legacy indication's follow-on goes to the new model) or
    /// ended as a success.
    fn reassess(&mut self, slot: u32, t: u32) -> Event {
        let m = self.model;
        let ws = &mut *self.ws;
        let length = ws.world.length_at(m, t);
        let y = &mut ws.pop.youths[slot];
        let s = &m.subs[y.sub as usize];
        // A provider running ahead of its budget turns part of the extensions it would
        // grant into discharges or referrals to care paid per unit, on the same draw: with
        // no pressure the youths extended are exactly those of any other scheme.
        let pressure = ws.market.pressure(y.contract);
        // An extension that is certain needs no draw (every draw is keyed: one not taken
        // changes no other).
        let certain = s.extend_probability >= 1.0 && pressure == Pressure::NONE;
        let u = if certain {
            0.0
        } else {
            ws.salts.uniform(y.key, t, Purpose::IndicationEnd)
        };
        if u >= s.extend_probability {
            return Event::Success;
        }
        if pressure != Pressure::NONE {
            let keep = s.extend_probability * (1.0 - pressure.early_discharge);
            if u >= keep {
                let forgone = stretched(s.indication_months[y.need as usize], length);
                ws.observer.count(|c| {
                    c.early_discharges += 1;
                    c.care_forgone_months += u64::from(forgone);
                });
                return Event::EarlyClosure;
            }
            if u >= keep - s.extend_probability * pressure.shift
                && let Some((to, mv)) = shift_target(m, y.sub, y.muni, t)
            {
                ws.observer.count(|c| c.shifted_to_pxq += 1);
                let left = self.refer_on(slot, t, to, mv);
                debug_assert_eq!(left, 0, "a shift stays in the region's care");
                return Event::Stay;
            }
        }
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        let months = stretched(s.indication_months[y.need as usize], length);
        y.ind_end = m16(t + 1 + months);
        match ws.transition.follow_on(m, slot, y.contract) {
            Some(must_move) => {
                ws.observer.count(|c| c.legacy_followed_on += 1);
                if must_move {
                    y.target = y.sub;
                    y.moving = Move::Transition;
                    y.wait_start = m16(t + 1);
                    ws.pop.waiting.push(slot);
                }
                // No longer a legacy indication: its care joins the standing care.
                self.restand(slot);
            }
            None => {
                // A new trajectory is a new payment, and a new budget (a re-indication).
                y.new_trajectory = true;
                ws.pop.touch(slot);
                if ws.schemes.indications.renew(slot, months) {
                    ws.observer.count(|c| {
                        c.reindications += 1;
                        c.admin_cents += m.admin.per_reindication;
                    });
                }
            }
        }
        Event::Stay
    }

    /// A youth who keeps its place while waiting for the next one (bed blocking, a forced
    /// move) still faces its hazards: care can end (success, dropout), and a step-up sends
    /// it to heavier care instead of the move it waits for. A step-down or crisis, and the
    /// indication's end, wait until the move; crisis care and the way back from it follow
    /// their own rules. Returns 1 if the youth left.
    fn while_moving(&mut self, slot: u32, t: u32, salt: u64) -> u32 {
        let m = self.model;
        let needs = m.need_names.len();
        let y = self.ws.pop.youths[slot];
        let s = &m.subs[y.sub as usize];
        if s.kind == Kind::Crisis || y.moving == Move::Return {
            return 0;
        }
        let th = &self.ws.thresholds[y.contract.ix() * needs + y.need as usize].th;
        match hazard_event(th, rng::uniform_salted(y.key, salt)) {
            event @ (Event::Success | Event::Dropout) => {
                self.ws.pop.waiting.retain(|&w| w != slot);
                self.leave_care(slot, t, Outcome::of(event));
                1
            }
            Event::StepUp if s.step_up_to != NO_SUB && s.step_up_to != y.target => {
                let y = &mut self.ws.pop.youths[slot];
                y.target = s.step_up_to;
                y.moving = Move::StepUp;
                y.wait_start = m16(t + 1);
                0
            }
            _ => 0,
        }
    }

    /// Carries out `event` (not `Stay`) for the youth in `slot`. Returns 1 if the youth
    /// left the system. Tests in order of frequency rather than a `match`: the compiler
    /// makes a jump table of that, which predicts badly for these mixed events.
    fn apply_event(&mut self, slot: u32, t: u32, event: Event) -> u32 {
        let m = self.model;
        let y = &mut self.ws.pop.youths[slot];
        let s = &m.subs[y.sub as usize];
        if event == Event::StepDown || event == Event::StepUp {
            let (to, mv) = if event == Event::StepDown {
                (s.step_down_to, Move::StepDown)
            } else {
                (s.step_up_to, Move::StepUp)
            };
            return self.refer_on(slot, t, to, mv);
        } else if event == Event::Crisis {
            if s.kind != Kind::Crisis {
                y.return_to = y.sub;
                y.moving = Move::Referral;
                y.wait_start = m16(t);
                if !self.place(slot, m.crisis_sub, t, true) {
                    self.ws.pop.youths[slot].target = m.crisis_sub;
                    self.ws.pop.waiting.push(slot);
                }
            }
        } else if event == Event::Success && s.kind == Kind::Crisis && y.return_to != NO_SUB {
            y.target = y.return_to;
            y.moving = Move::Return;
            y.wait_start = m16(t + 1);
            self.ws.pop.waiting.push(slot);
        } else if event != Event::Stay {
            // Success, dropout or early closure: care ends.
            self.leave_care(slot, t, Outcome::of(event));
            return 1;
        }
        0
    }

    /// The youth in `slot` is referred on to `to` (a step up or down): it keeps its place
    /// until one is free there, or leaves the region's care when its municipality buys
    /// that care itself. Returns 1 if the youth left.
    fn refer_on(&mut self, slot: u32, t: u32, to: SubId, mv: Move) -> u32 {
        let m = self.model;
        let y = &mut self.ws.pop.youths[slot];
        let separately = m.subs[to as usize].bought_separately;
        if separately.contains(y.muni.into()) {
            // Follow-up care the municipality buys itself: leaves the region's care.
            self.ws.observer.count(|c| c.bought_separately += 1);
            self.leave_care(slot, t, Outcome::ReferredOn);
            return 1;
        }
        y.target = to;
        y.moving = mv;
        y.wait_start = m16(t + 1);
        self.ws.pop.waiting.push(slot);
        0
    }

    /// Folds this month's per-sub-segment totals into the tally, with the declarations
    /// each sub-segment's scheme counts.
    fn fold_month(&mut self, t: u32) {
        let m = self.model;
        let ws = &mut *self.ws;
        if !ws.observer.recording() {
            return;
        }
        for (i, d) in ws.month.declarations.iter_mut().enumerate() {
            let trajectories = ws.ledger.trajectories_in(m, i);
            *d = ws
                .schemes
                .at(m, i as SubId, t)
                .declarations(ws.month.in_care[i] as u64, trajectories);
        }
        ws.observer
            .month_totals(m, &ws.month, &ws.month.declarations);
    }

    /// The rules at 18 and at the end of verlengde jeugdhulp. Returns whether the youth left.
    fn turns_adult(&mut self, slot: u32, sub: SubId, t: u32) -> bool {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let y = self.ws.pop.youths[slot];
        let u = self.ws.salts.uniform(y.key, t, Purpose::At18);
        let adult = if y.age(t) == AGE_18 as u32 {
            match pick(&s.at18_cum, u) {
                0 => {
                    self.ws.pop.youths[slot].extended_care = true;
                    return false;
                }
                1 => true,
                _ => false,
            }
        } else {
            // Verlengde jeugdhulp ends: adult care or nothing, in the same proportion.
            let adult_share = s.at18_cum[1] - s.at18_cum[0];
            let end_share = 1.0 - s.at18_cum[1];
            adult_share + end_share > 0.0 && u * (adult_share + end_share) < adult_share
        };
        if adult {
            self.ws.observer.count(|c| c.to_adult_care += 1);
        }
        if y.status == Status::Waiting || y.target != NO_SUB {
            self.ws.pop.waiting.retain(|&s| s != slot);
        }
        self.remove_youth(slot, Outcome::AgedOut);
        true
    }

    /// A youth's care ends with `outcome`: a relapse may be booked, and the youth leaves.
    fn leave_care(&mut self, slot: u32, t: u32, outcome: Outcome) {
        self.book_relapse(slot, t, outcome.unattained());
        self.remove_youth(slot, outcome);
    }

    /// The youth in `slot` leaves the system; its trajectory, if it is in care, ends with
    /// `outcome` and its place is vacated.
    #[inline(always)]
    pub(super) fn remove_youth(&mut self, slot: u32, outcome: Outcome) {
        let contract = self.ws.pop.youths[slot].contract;
        if contract != NO_CONTRACT {
            self.unstand(slot);
            self.close_trajectory(slot, outcome);
            self.ws.market.capacity.vacate(self.model, contract);
            self.ws.pop.youths[slot].contract = NO_CONTRACT;
        }
        self.ws.pop.free_slot(slot);
    }

    /// The trajectory of the youth in `slot` with its contract ends with `outcome`: what is
    /// still due of its price is paid (a legacy indication is paid P×Q, never a price),
    /// and the ending counted for the provider's results.
    #[inline(always)]
    pub(super) fn close_trajectory(&mut self, slot: u32, outcome: Outcome) {
        self.end_stack(slot);
        if self.ws.delivered.on() {
            self.close_delivered(slot);
        }
        let ws = &mut *self.ws;
        let y = &ws.pop.youths[slot];
        let due = ws.schemes.indications.close(slot);
        if ws.transition.is_legacy(slot) {
            ws.observer.count(|c| c.legacy_closed += 1);
        } else {
            ws.ledger
                .close_trajectory(y.contract, y.muni, due, outcome == Outcome::Attained);
        }
        ws.observer.trajectory_ended((y.muni, y.contract), outcome);
    }
}
