//! Care and its transitions, the hot loop: every youth ages; youths in care receive care
//! (delivered at tariff, payable within an indication budget) and face their competing
//! monthly hazards; indications reaching their end are re-assessed.

use super::kernel::Sim;
use super::population::{AGE_18, Move, Status, m16};
use crate::finance::{Pressure, indexed};
use crate::model::{Event, Kind, NO_CONTRACT, NO_SUB, Outcome, SubId};
use crate::rng::{self, Purpose, pick, uniform};

/// An indication of `months` made `factor` times as long (at least a month).
pub(super) fn stretched(months: u32, factor: f64) -> u32 {
    if factor == 1.0 {
        months
    } else {
        // Non-negative: + ½ and truncation round without a libm call.
        ((months as f64 * factor + 0.5) as u32).max(1)
    }
}

/// Which competing hazard, if any, the uniform `u` falls in (cumulative thresholds `th`).
#[inline(always)]
fn hazard_event(th: &[f64; 5], u: f64) -> Event {
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

/// Where a provider under budget pressure can send a client of municipality `muni` on:
/// the step-up, else the step-down sub-segment of `sub`, if the region buys it and pays it
/// per unit in month `t`.
fn shift_target(m: &crate::model::Model, sub: SubId, muni: u8, t: u32) -> Option<(SubId, Move)> {
    let s = &m.subs[sub as usize];
    [
        (s.step_up_to, Move::StepUp),
        (s.step_down_to, Move::StepDown),
    ]
    .into_iter()
    .find(|&(to, _)| {
        to != NO_SUB
            && m.subs[to as usize].bought_separately & (1 << muni) == 0
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

impl Sim<'_> {
    /// The month's care for everyone. Returns the number who left the system.
    pub(super) fn care_and_transitions(&mut self, t: u32) -> u32 {
        let m = self.model;
        let mut left = 0;
        let mut counted = Counted {
            year: self.ws.observer.year(),
            ..Counted::default()
        };
        let transition_salt = rng::salt(t, Purpose::Transition);
        self.ws.month.clear();
        for slot in 0..self.ws.pop.youths.len() as u32 {
            let y = &mut self.ws.pop.youths[slot as usize];
            if y.status == Status::Free {
                continue;
            }
            y.age += 1;
            let waited_for = if y.status == Status::Waiting {
                y.target
            } else {
                y.sub
            };
            let birthday = y.age == AGE_18
                || (y.extended_care && y.age as u32 >= m.subs[waited_for as usize].max_age_months);
            if birthday && self.turns_adult(slot, waited_for, t) {
                left += 1;
                continue;
            }
            let y = &self.ws.pop.youths[slot as usize];
            if y.status == Status::Waiting {
                self.ws.month.waiting[y.target as usize] += 1;
                let norm = m.subs[y.target as usize].waiting_norm_months;
                let over = (t - y.wait_start as u32) as f64 > norm;
                self.ws
                    .observer
                    .count(|c| c.waiting_over_norm_months += u64::from(over));
                continue;
            }
            self.deliver(slot, t, &mut counted);
            let y = &self.ws.pop.youths[slot as usize];
            if y.target != NO_SUB {
                // Transfer pending: the youth keeps this place until the next one is free.
                self.ws.month.waiting[y.target as usize] += 1;
                self.ws.month.blocked[y.sub as usize] += 1;
                left += self.while_moving(slot, t, transition_salt);
                continue;
            }
            let event = self.next_event(slot, t, transition_salt);
            // Most youth-months have no event: no jump through the event table.
            if event != Event::Stay {
                left += self.apply_event(slot, t, event);
            }
        }
        self.ws.observer.count(|c| {
            c.distinct_youths += counted.distinct;
            c.youth_years += counted.youth_years;
            c.youth_years_verblijf += counted.youth_years_verblijf;
        });
        self.fold_month(t);
        left
    }

    /// A month of care for the youth in `slot`: delivered at tariff, the part the
    /// indication budget covers payable, booked on the contract; and the youth counted.
    #[inline(always)]
    fn deliver(&mut self, slot: u32, t: u32, counted: &mut Counted) {
        let m = self.model;
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot as usize];
        let cents = indexed(
            y.monthly_cents as i64 + y.due_cents as i64,
            ws.world.price(y.sub),
        );
        y.due_cents = 0;
        let trajectory = std::mem::take(&mut y.new_trajectory);
        let payable = if ws.schemes.budgets.has_budget(slot) {
            let raise = ws.schemes.at(m, y.sub, t).budget_raise();
            let budgets = &mut ws.schemes.budgets;
            let payable = budgets.pay(slot, cents);
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
        let advance = ws.schemes.prices.take_advance(slot);
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
        if counted.year != 0 {
            counted.distinct += u64::from(!y.counted);
            y.counted = true;
            counted.youth_years += u64::from(y.year_counted != counted.year);
            y.year_counted = counted.year;
            if m.subs[y.sub as usize].kind != Kind::Ambulant {
                counted.youth_years_verblijf += u64::from(y.year_counted_verblijf != counted.year);
                y.year_counted_verblijf = counted.year;
            }
        }
    }

    /// This month's event for the youth in `slot`, from one keyed uniform against the
    /// contract's competing-hazard thresholds; at the indication's end date, re-assessment.
    #[inline(always)]
    fn next_event(&mut self, slot: u32, t: u32, salt: u64) -> Event {
        let needs = self.model.need_names.len();
        let y = &self.ws.pop.youths[slot as usize];
        let th = &self.ws.thresholds[y.contract.ix() * needs + y.need as usize];
        let event = hazard_event(th, rng::uniform_salted(y.key, salt));
        if event != Event::Stay {
            event
        } else if t + 1 >= y.ind_end as u32 {
            self.reassess(slot, t)
        } else {
            Event::Stay
        }
    }

    /// The indication of the youth in `slot` reaches its end date: extended (a new
    /// trajectory, a new budget; a legacy indication's follow-on goes to the new model) or
    /// ended as a success.
    fn reassess(&mut self, slot: u32, t: u32) -> Event {
        let m = self.model;
        let ws = &mut *self.ws;
        let length = ws.world.length_at(m, t);
        let y = &mut ws.pop.youths[slot as usize];
        let s = &m.subs[y.sub as usize];
        let u = uniform(y.key, t, Purpose::IndicationEnd);
        if u >= s.extend_probability {
            return Event::Success;
        }
        // A provider running ahead of its budget turns part of the extensions it would
        // grant into discharges or referrals to care paid per unit, on the same draw: with
        // no pressure the youths extended are exactly those of any other scheme.
        let pressure = ws.market.pressure(y.contract);
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
        let y = &mut ws.pop.youths[slot as usize];
        y.ind_end = m16(t + 1 + stretched(s.indication_months[y.need as usize], length));
        match ws.transition.follow_on(m, slot, y.contract) {
            Some(must_move) => {
                if must_move {
                    y.target = y.sub;
                    y.moving = Move::Transition;
                    y.wait_start = m16(t + 1);
                    ws.pop.waiting.push(slot);
                }
            }
            None => {
                // A new trajectory is a new payment, and a new budget (a re-indication).
                y.due_cents = y.trajectory_cents;
                y.new_trajectory = true;
                if ws.schemes.budgets.renew(slot) {
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
        let y = self.ws.pop.youths[slot as usize];
        let s = &m.subs[y.sub as usize];
        if s.kind == Kind::Crisis || y.moving == Move::Return {
            return 0;
        }
        let th = &self.ws.thresholds[y.contract.ix() * needs + y.need as usize];
        match hazard_event(th, rng::uniform_salted(y.key, salt)) {
            event @ (Event::Success | Event::Dropout) => {
                self.ws.pop.waiting.retain(|&w| w != slot);
                self.leave_care(slot, t, Outcome::of(event));
                1
            }
            Event::StepUp if s.step_up_to != NO_SUB && s.step_up_to != y.target => {
                let y = &mut self.ws.pop.youths[slot as usize];
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
        let y = &mut self.ws.pop.youths[slot as usize];
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
                    self.ws.pop.youths[slot as usize].target = m.crisis_sub;
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
        let y = &mut self.ws.pop.youths[slot as usize];
        if m.subs[to as usize].bought_separately & (1 << y.muni) != 0 {
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
        let y = self.ws.pop.youths[slot as usize];
        let u = uniform(y.key, t, Purpose::At18);
        let adult = if y.age == AGE_18 {
            match pick(&s.at18_cum, u) {
                0 => {
                    self.ws.pop.youths[slot as usize].extended_care = true;
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
    pub(super) fn remove_youth(&mut self, slot: u32, outcome: Outcome) {
        let contract = self.ws.pop.youths[slot as usize].contract;
        if contract != NO_CONTRACT {
            self.close_trajectory(slot, outcome);
            self.ws.market.capacity.vacate(self.model, contract);
            self.ws.pop.youths[slot as usize].contract = NO_CONTRACT;
        }
        self.ws.pop.free_slot(slot);
    }

    /// The trajectory of the youth in `slot` with its contract ends with `outcome`: what is
    /// still due of its price is paid (a legacy indication is paid P×Q, never a price),
    /// and the ending counted for the provider's results.
    pub(super) fn close_trajectory(&mut self, slot: u32, outcome: Outcome) {
        let ws = &mut *self.ws;
        let y = &ws.pop.youths[slot as usize];
        let due = ws.schemes.prices.close(slot);
        if !ws.transition.is_legacy(slot) {
            ws.ledger
                .close_trajectory(y.contract, y.muni, due, outcome == Outcome::Attained);
        }
        ws.observer
            .trajectory_ended(self.model, y.contract, outcome);
    }
}
