//! Placement and waiting: who gets a place, with which provider, and what happens to
//! youths who wait without care.

use super::kernel::Sim;
use super::population::{Move, Status, m16};
use crate::finance::{AssessedPlan, Granted};
use crate::model::{
    ContractId, Kind, MuniIx, NO_CONTRACT, NO_PROVIDER, NO_SUB, Outcome, SubId, Unit, UsageDist,
};
use crate::rng::{Purpose, pick_drawn};

/// An indication of `months` made `factor` times as long (at least a month).
pub(super) fn stretched(months: u32, factor: f64) -> u32 {
    if factor == 1.0 {
        months
    } else {
        // Non-negative: + ½ and truncation round without a libm call.
        ((months as f64 * factor + 0.5) as u32).max(1)
    }
}

impl Sim<'_> {
    /// Tries everyone on the waiting list in arrival order.
    pub(super) fn place_waiting(&mut self, t: u32) {
        let mut queue = std::mem::take(&mut self.ws.pop.waiting);
        let mut still = std::mem::take(&mut self.ws.pop.still_waiting);
        still.clear();
        let tried = std::mem::take(&mut self.ws.pop.tried);
        still.extend_from_slice(&queue[..tried]);
        for &slot in &queue[tried..] {
            if !self.try_place(slot, t) {
                still.push(slot);
            }
        }
        queue.clear();
        self.ws.pop.waiting = still;
        self.ws.pop.still_waiting = queue;
    }

    /// A youth referred in month `t`'s inflow: tried for a place at once when no one waits
    /// before it, else on the waiting list. The placement phase would try it first, and
    /// until then the month only adds youths behind it (referrals, relapses): the same
    /// tries in the same order, without a pass over the list. A youth tried and not placed
    /// waits, counted as tried (`Population::tried`).
    pub(super) fn place_or_wait(&mut self, slot: u32, t: u32) {
        if self.ws.pop.waiting.is_empty() {
            if self.try_place(slot, t) {
                return;
            }
            self.ws.pop.tried = 1;
        }
        self.ws.pop.waiting.push(slot);
    }

    /// One try to place the waiting youth in `slot` in the sub-segment it waits for.
    #[inline(always)]
    fn try_place(&mut self, slot: u32, t: u32) -> bool {
        let y = &self.ws.pop.youths[slot];
        let target = y.target;
        let force = self.model.subs[target as usize].kind == Kind::Crisis;
        // Most of a long waiting list waits where no provider has room: no attempt.
        (force || self.may_admit(target, y.muni)) && self.place(slot, target, t, force)
    }

    /// Whether a youth of `muni` can be admitted in `sub` outside crisis care: a covering
    /// provider has room, or under an acceptance duty every contracted one must admit
    /// (places flex).
    #[inline(always)]
    fn may_admit(&self, sub: SubId, muni: MuniIx) -> bool {
        self.ws.market.capacity.any_room(sub, muni)
            || self.model.economics.acceptance_duty.is_some()
    }

    /// The contract youth `slot` would be placed with in `sub`: the current provider when
    /// it is contracted here and has room (continuity), else one drawn by quality rank
    /// among those with room, else for crisis care (`force`) the best-ranked covering one.
    /// `NO_CONTRACT` when none.
    fn choose_contract(&mut self, slot: u32, sub: SubId, t: u32, force: bool) -> ContractId {
        let m = self.model;
        let y = self.ws.pop.youths[slot];
        let cap = &self.ws.market.capacity;
        let cover = cap.cover(sub, y.muni);
        let room = cover.has_room();
        // Under an acceptance duty a contracted provider must admit (`may_admit`).
        let duty = m.economics.acceptance_duty.is_some();
        if !room && !force && !duty {
            return NO_CONTRACT;
        }
        let mut chosen = NO_CONTRACT;
        if room && y.anchor_provider != NO_PROVIDER {
            chosen = cap
                .covering_in(cover)
                .iter()
                .copied()
                .find(|&c| m.contracts[c.ix()].provider == y.anchor_provider && cap.has_room(m, c))
                .unwrap_or(NO_CONTRACT);
        }
        if chosen == NO_CONTRACT && room {
            chosen = cap.draw_in(cover, y.key, self.ws.salts.get(t, Purpose::Placement));
        }
        if chosen == NO_CONTRACT && (force || duty) {
            chosen = self.over_capacity(slot, sub, t, force);
        }
        chosen
    }

    /// The contract that takes youth `slot` in `sub` although none has room: for crisis
    /// care (`force`) the best-ranked covering one; under an acceptance duty, where every
    /// covering provider must admit, the youth's own provider first, else one drawn
    /// evenly, so the flexed places spread over the sub-segment's providers.
    #[cold]
    #[inline(never)]
    fn over_capacity(&mut self, slot: u32, sub: SubId, t: u32, force: bool) -> ContractId {
        let m = self.model;
        let y = self.ws.pop.youths[slot];
        let covering = self.ws.market.capacity.covering(sub, y.muni);
        if force {
            // Crisis care cannot wait.
            let Some(&c) = covering.first() else {
                return NO_CONTRACT;
            };
            self.ws.observer.count(|c| c.crisis_over_capacity += 1);
            return c;
        }
        covering
            .iter()
            .copied()
            .find(|&c| m.contracts[c.ix()].provider == y.anchor_provider)
            .or_else(|| {
                let u = self.ws.salts.uniform(y.key, t, Purpose::Placement);
                let k = ((u * covering.len() as f64) as usize).min(covering.len().max(1) - 1);
                covering.get(k).copied()
            })
            .unwrap_or(NO_CONTRACT)
    }

    /// Places youth `slot` in sub-segment `sub` if a covering provider has room (crisis
    /// care, `force`, takes them over capacity). Returns whether it did.
    pub(super) fn place(&mut self, slot: u32, sub: SubId, t: u32, force: bool) -> bool {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let y = self.ws.pop.youths[slot];
        if t < y.ready_at as u32 {
            return false;
        }
        let chosen = self.choose_contract(slot, sub, t, force);
        if chosen == NO_CONTRACT {
            return false;
        }
        let plan = self.care_plan(slot, sub, chosen, t);
        // Under an acceptance duty a provider may not refuse a referral.
        let duty = m.economics.acceptance_duty.is_some();
        if !force && !duty && self.refused(sub, chosen, t, &plan) {
            self.keep_refused(slot, t);
            return false;
        }
        let provider = m.contracts[chosen.ix()].provider;
        let crisis = s.kind == Kind::Crisis;
        let waited = t.saturating_sub(y.wait_start as u32);
        self.ws.market.wachtkamer.record_wait(m, sub, m16(waited));
        let obs = &mut self.ws.observer;
        obs.placed_in((y.muni, sub as usize), waited);
        obs.count(|c| {
            match y.moving {
                Move::Referral if y.status == Status::Waiting => c.admissions += 1,
                Move::StepDown => c.step_downs += 1,
                Move::StepUp => c.step_ups += 1,
                _ => {}
            }
            if crisis {
                c.crisis_admissions += 1;
            }
        });
        // Crisis care is an interlude, not a change of the youth's regular provider.
        if !crisis && y.anchor_provider != NO_PROVIDER && provider != y.anchor_provider {
            self.count_provider_change(slot, sub);
        }

        if y.contract != NO_CONTRACT {
            // The trajectory with the old provider ends: the youth moves on.
            self.close_trajectory(slot, Outcome::ReferredOn);
            self.ws.market.capacity.vacate(m, y.contract);
        }
        self.ws.market.capacity.occupy(m, chosen);
        self.start_plan(slot, sub, chosen, t, plan);
        if !crisis {
            let y = &mut self.ws.pop.youths[slot];
            y.anchor_provider = provider;
            y.anchor_sub = sub;
            y.return_to = NO_SUB;
        }
        true
    }

    /// A referral refused with its plan: the youth keeps waiting with that plan, a month
    /// without care unless it is still in care elsewhere with its transfer pending. Out of
    /// `place`'s way, which most youths pass without it.
    #[cold]
    #[inline(never)]
    fn keep_refused(&mut self, slot: u32, t: u32) {
        let y = &mut self.ws.pop.youths[slot];
        let first = y.refused_plan == 0;
        if first {
            y.refused_plan = m16(t + 1);
        }
        let without_care = y.status != Status::Care;
        self.ws.observer.count(|c| {
            c.referrals_refused += u64::from(first);
            c.care_forgone_months += u64::from(without_care);
        });
    }

    /// The youth in `slot`, placed in `sub` with another provider than its regular one: a
    /// change of provider, forced when it stays in the same sub-segment.
    #[inline(never)]
    fn count_provider_change(&mut self, slot: u32, sub: SubId) {
        let y = &self.ws.pop.youths[slot];
        let obs = &mut self.ws.observer;
        obs.count(|c| c.provider_changes += 1);
        if sub == y.anchor_sub {
            obs.forced_change(y.muni);
            if self.model.subs[sub as usize].holds_bed() {
                obs.count(|c| c.residential_forced_changes += 1);
            }
            if y.moving == Move::Transition {
                obs.forced_change_at_transition();
            }
        }
    }

    /// A new indication in `sub` with `contract` (already occupied) from month `t`: the care
    /// plan (product, units), its length and, when the scheme sets one, its budget.
    pub(super) fn start_care(&mut self, slot: u32, sub: SubId, chosen: ContractId, t: u32) {
        let plan = self.care_plan(slot, sub, chosen, t);
        self.start_plan(slot, sub, chosen, t, plan);
    }

    /// What an indication in `sub` from month `t` with `chosen` would be for the youth in
    /// `slot`: drawn from the youth's key and the month, so the same need whichever provider
    /// takes it; the provider's scheme and occupancy shape how much care it plans.
    #[inline(always)]
    fn care_plan(&self, slot: u32, sub: SubId, chosen: ContractId, t: u32) -> CarePlan {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let y = self.ws.pop.youths[slot];
        let need = y.need as usize;
        // A refused plan stays the youth's plan: drawn from the month of the first refusal.
        let drawn = if y.refused_plan != 0 {
            u32::from(y.refused_plan) - 1
        } else {
            t
        };
        let product = &s.products[pick_drawn(&s.product_cum, || {
            self.ws.salts.uniform(y.key, drawn, Purpose::Product)
        })];
        let (assessment, duration, intensity) = self.assessment(y.key, sub, need);
        let intensity = if matches!(product.unit, Unit::Minute | Unit::Hour) {
            intensity
        } else {
            1.0
        };
        let assessed_units = intensity
            * match &product.usage[need] {
                UsageDist::Fixed(u) => *u,
                UsageDist::Gamma(g, _) => g.sample(y.key, self.ws.salts.get(drawn, Purpose::Usage)),
            };
        let world_length = self.ws.world.length_at(m, t);
        let planned = stretched(s.indication_months[need], world_length * duration);
        // The toegang budgets the plan it assessed, before any response of the provider.
        let assessed_cents = assessed_units * product.tariff * 100.0;
        let assessed = if product.unit == Unit::Trajectory {
            AssessedPlan {
                monthly_cents: 0.0,
                months: planned,
                once_cents: assessed_cents,
            }
        } else {
            AssessedPlan {
                monthly_cents: assessed_cents,
                months: planned,
                once_cents: 0.0,
            }
        };
        // The scheme in force changes care through units and indication length, may set
        // a trajectory price and a budget (at base-year prices, like the plan: paid as the
        // care is, at the month's index). Occupancy is looked up only by a scheme that
        // responds to it.
        let capacity = &self.ws.market.capacity;
        let (behaviour, price, budget) = match self.ws.schemes.plain_intake(sub, t) {
            Some(behaviour) => (behaviour, None, None),
            None => self.ws.schemes.at(m, sub, t).intake(
                || capacity.occupancy_share(chosen),
                (chosen, assessment),
                (y.key, need, &assessed),
            ),
        };
        let price = price.map(|p| {
            let cents = crate::finance::indexed(p.cents, self.ws.world.price(sub));
            (cents, p.advance)
        });
        let units = behaviour.units * assessed_units;
        // Cents per month fit an i32 up to €21 million, ten times the largest average plan
        // validation allows; a plan beyond it is flagged and the run refused, never capped.
        // Non-negative, so adding ½ and truncating rounds half away from zero like
        // `f64::round`, without a libm call.
        let raw = units * product.tariff * 100.0 + 0.5;
        let out_of_range = raw > i32::MAX as f64;
        let cents = raw.clamp(0.0, i32::MAX as f64) as i32;
        let (monthly, trajectory) = if product.unit == Unit::Trajectory {
            (0, cents)
        } else {
            (cents, 0)
        };
        let months = stretched(
            s.indication_months[need],
            behaviour.duration * world_length * duration,
        );
        CarePlan {
            monthly,
            trajectory,
            months,
            shortened: planned.saturating_sub(months),
            budget,
            price,
            out_of_range,
        }
    }

    /// The toegang's assessment of the youth with `key` for `sub`: its (profile,
    /// intensity) when the scenario has profiles, and the factors on the indication's
    /// length and on care time. Crisis care is the crisis profile: the sub-segment's own
    /// short, intensive plan.
    #[inline(always)]
    pub(super) fn assessment(
        &self,
        key: u64,
        sub: SubId,
        need: usize,
    ) -> (Option<(usize, usize)>, f64, f64) {
        let m = self.model;
        let assessment = m.profiles.as_ref().map(|p| (p, p.assess(key, need)));
        let (duration, intensity) = match assessment {
            Some((p, a)) if m.subs[sub as usize].kind != Kind::Crisis => p.factors(a),
            _ => (1.0, 1.0),
        };
        let cell = assessment.map(|(_, a)| (a.profile as usize, a.intensity as usize));
        (cell, duration, intensity)
    }

    /// The plan a referrer expects for the youth with `key` in `sub` from month `t`: the
    /// sub-segment's average product and usage at the youth's assessment, at base-year
    /// prices (what the region's consent threshold is weighed against).
    pub(super) fn expected_plan(&self, key: u64, sub: SubId, need: usize, t: u32) -> AssessedPlan {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let (_, duration, intensity) = self.assessment(key, sub, need);
        let months = stretched(
            s.indication_months[need],
            self.ws.world.length_at(m, t) * duration,
        );
        let mut plan = AssessedPlan {
            months,
            ..AssessedPlan::default()
        };
        let mut below = 0.0;
        for (p, &cum) in s.products.iter().zip(&s.product_cum) {
            let share = cum - below;
            below = cum;
            let cents = share * p.usage[need].mean() * p.tariff * 100.0;
            match p.unit {
                Unit::Trajectory => plan.once_cents += cents,
                Unit::Minute | Unit::Hour => plan.monthly_cents += cents * intensity,
                _ => plan.monthly_cents += cents,
            }
        }
        plan
    }

    /// Whether the provider of `chosen` refuses the care plan: what it would cost the
    /// provider (its own cost of the planned care at this month's prices) against the budget.
    fn refused(&self, sub: SubId, chosen: ContractId, t: u32, plan: &CarePlan) -> bool {
        // Only a plan with a budget can be refused (`FinancingScheme::refuses`).
        if plan.budget.is_none() {
            return false;
        }
        let m = self.model;
        let scheme = self.ws.schemes.at(m, sub, t);
        let at_tariff = plan.monthly as f64 * f64::from(plan.months) + plan.trajectory as f64;
        let own = at_tariff * self.ws.world.price(sub) * m.contracts[chosen.ix()].own_cost_share;
        let budget = plan
            .budget
            .map(|b| crate::finance::indexed(b.cents, self.ws.world.price(sub)));
        scheme.refuses(budget, own.round() as i64)
    }

    /// Starts the indication `plan` in `sub` with `chosen` (already occupied) from month `t`.
    #[inline(always)]
    fn start_plan(&mut self, slot: u32, sub: SubId, chosen: ContractId, t: u32, plan: CarePlan) {
        let CarePlan {
            monthly,
            trajectory,
            months,
            shortened,
            budget,
            price,
            out_of_range,
        } = plan;
        if out_of_range {
            self.ws.observer.plan_out_of_range();
        }
        // Care the scheme's behaviour cuts from the indication is care forgone.
        self.ws
            .observer
            .count(|c| c.care_forgone_months += u64::from(shortened));
        self.unstand(slot);
        let y = &mut self.ws.pop.youths[slot];
        y.refused_plan = 0;
        y.contract = chosen;
        y.sub = sub;
        y.target = NO_SUB;
        y.status = Status::Care;
        y.monthly_cents = monthly;
        y.trajectory_cents = trajectory;
        y.new_trajectory = true;
        y.ind_end = m16(t + months);
        self.ws.schemes.indications.start(slot, budget, price);
        self.ws.delivered.start(slot);
        self.start_stack(slot, sub, t);
        self.ws.transition.clear(slot);
        self.restand(slot);
        self.ws.pop.touch(slot);
        // Care started during the month's care phase begins next month.
        let first = if self.ws.caring { t + 1 } else { t };
        self.schedule(slot, first);
    }

    /// Youths waiting without care: escalation, crisis and giving up, each more likely the
    /// longer they wait. Returns the number who left.
    pub(super) fn waiting_effects(&mut self, t: u32) -> u32 {
        let m = self.model;
        let w = m.waiting;
        if w.escalation + w.crisis + w.dropout <= 0.0 {
            return 0;
        }
        let mut left = 0;
        let mut queue = std::mem::take(&mut self.ws.pop.waiting);
        let mut still = std::mem::take(&mut self.ws.pop.still_waiting);
        still.clear();
        for &slot in &queue {
            let y = self.ws.pop.youths[slot];
            if y.status != Status::Waiting {
                // In care with a transfer pending: cared for meanwhile.
                still.push(slot);
                continue;
            }
            let waited = (t - y.wait_start as u32) as f64;
            let rise = 1.0 + w.increase_per_month_waited * waited;
            let esc = (w.escalation * rise).min(1.0);
            let cri = (w.crisis * rise).min(1.0 - esc);
            let drop = w.dropout.min(1.0 - esc - cri);
            let u = self.ws.salts.uniform(y.key, t, Purpose::Waiting);
            let up = m.subs[y.target as usize].step_up_to;
            let up = if up != NO_SUB
                && m.subs[up as usize]
                    .bought_separately
                    .contains(y.muni.into())
            {
                NO_SUB
            } else {
                up
            };
            if u < esc && up != NO_SUB {
                let y = &mut self.ws.pop.youths[slot];
                y.target = up;
                y.moving = Move::StepUp;
                self.ws.observer.count(|c| c.escalations_while_waiting += 1);
                still.push(slot);
            } else if u >= esc && u < esc + cri && m.crisis_sub != NO_SUB {
                self.ws.pop.youths[slot].return_to = y.target;
                if !self.place(slot, m.crisis_sub, t, true) {
                    still.push(slot);
                }
            } else if u >= esc + cri && u < esc + cri + drop {
                // The indication it waited for is care forgone.
                let forgone = m.subs[y.target as usize].indication_months[y.need as usize];
                self.ws.observer.count(|c| {
                    c.waiting_dropouts += 1;
                    c.care_forgone_months += u64::from(forgone);
                });
                self.remove_youth(slot, Outcome::Dropout);
                left += 1;
            } else {
                still.push(slot);
            }
        }
        self.ws.pop.waiting = still;
        queue.clear();
        self.ws.pop.still_waiting = queue;
        left
    }
}

/// An indication as drawn at intake, before a provider takes it.
struct CarePlan {
    /// Cents a month at base-year prices (0 for a trajectory price).
    monthly: i32,
    /// A trajectory price (cents), due in the first month.
    trajectory: i32,
    /// Indication length in months, with the scheme's behaviour.
    months: u32,
    /// Months the scheme's behaviour cuts from the indication (early discharge).
    shortened: u32,
    /// The indication's budget (base-year prices), when the scheme sets one.
    budget: Option<Granted>,
    /// The trajectory's price (cents, indexed) and the share paid at assignment, when the
    /// scheme pays one.
    price: Option<(i64, f64)>,
    /// The monthly cost did not fit 32 bits of cents (see `care_plan`).
    out_of_range: bool,
}
