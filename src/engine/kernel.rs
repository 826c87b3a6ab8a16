//! One replication: the region's youths month by month (docs/model.md, "The monthly
//! cycle"). The kernel owns the population and the fixed order of the monthly phases;
//! financing schemes, market rules and the transition are components it calls at their
//! phase, each with its own state.

use super::Reference;
use super::ledger::Ledger;
use super::observer::{MonthTotals, Observer};
use super::population::{Move, Population, Status, m16};
use super::schemes::Schemes;
use super::world::World;
use crate::market::{Market, wachtkamer};
use crate::metrics::tally::{Flow, Tally};
use crate::model::{Model, NO_SUB, ProviderId, SubId};
use crate::rng;
use crate::transition::Transition;

/// Buffers reused across replications on one thread.
pub struct Workspace {
    pub(super) pop: Population,
    pub(super) market: Market,
    pub(super) schemes: Schemes,
    pub(super) ledger: Ledger,
    pub(super) transition: Transition,
    pub(super) world: World,
    /// Per sub-segment, the financing phase (and whether the horizon has begun) the
    /// thresholds were computed for.
    pub(super) phase: Vec<usize>,
    /// Per contract × need level: cumulative competing-hazard thresholds.
    pub(super) thresholds: Vec<super::calendar::Competing>,
    /// Per contract × need level: ln(1 − total monthly hazard), for the months to the
    /// next event.
    pub(super) log_stay: Vec<f64>,
    /// Per sub-segment: whether its hazards changed this month.
    pub(super) changed: Vec<bool>,
    pub(super) calendar: super::calendar::Calendar,
    /// The current month's draw salts.
    pub(super) salts: rng::Salts,
    /// The reporting year whose youths in care were last all counted (0 = none).
    pub(super) counted_year: u8,
    /// Whether the month's care phase is under way: care started now begins next month.
    pub(super) caring: bool,
    pub(super) month: MonthTotals,
    pub(super) activated: Vec<wachtkamer::Activation>,
    pub(super) exited: Vec<ProviderId>,
    pub(super) observer: Observer,
    /// Care delivered per trajectory, recorded in a history that sets prices from it.
    pub(super) delivered: super::delivered::Delivered,
    /// Per youth slot, its stacked ambulant assignment.
    pub(super) stacks: super::stacking::Stacks,
}

impl Workspace {
    pub fn new(model: &Model, reference: &Reference) -> Workspace {
        let needs = model.need_names.len();
        let mut thresholds = Vec::with_capacity(model.contracts.len() * needs);
        for c in &model.contracts {
            thresholds.extend(
                c.thresholds
                    .iter()
                    .map(|&th| super::calendar::Competing::new(th)),
            );
        }
        Workspace {
            pop: Population::new(model),
            market: Market::new(model),
            schemes: Schemes::new(model, reference),
            ledger: Ledger::new(model, reference),
            transition: Transition::default(),
            world: World::new(model),
            phase: vec![0; model.subs.len()],
            log_stay: vec![0.0; thresholds.len()],
            thresholds,
            changed: vec![false; model.subs.len()],
            calendar: super::calendar::Calendar::default(),
            salts: rng::Salts::default(),
            counted_year: 0,
            caring: false,
            month: MonthTotals::new(model),
            activated: Vec::new(),
            exited: Vec::new(),
            observer: Observer::new(model),
            delivered: super::delivered::Delivered::new(model),
            stacks: super::stacking::Stacks::default(),
        }
    }

    /// The tally of the last replication simulated.
    pub fn tally(&self) -> &Tally {
        self.observer.tally()
    }

    /// The tally of the last replication simulated, the workspace given up.
    pub fn into_tally(self) -> Tally {
        self.observer.into_tally()
    }

    fn reset(&mut self, model: &Model) {
        self.pop.reset();
        self.market.reset(model);
        self.ledger.reset();
        self.schemes.reset();
        self.transition.reset();
        // Thresholds are (re)computed for each sub-segment's financing phase in month 0.
        self.phase.fill(usize::MAX);
        self.calendar.reset(model.months_total());
        self.counted_year = 0;
        self.caring = false;
        self.observer.reset();
        self.delivered.reset();
        self.stacks.reset();
    }

    /// Per contract × assessment cell: the cost at tariff (cents) and number of the
    /// trajectories closed in the recorded year of the last replication (empty unless the
    /// model records them).
    pub fn delivered(&self) -> &[(f64, f64)] {
        self.delivered.closed()
    }
}

/// Simulates replication `rep` of `model` into the workspace's tally.
pub fn simulate(model: &Model, rep: u32, ws: &mut Workspace) {
    ws.reset(model);
    ws.world.draw(model, rep);
    let rep_key = rng::replication_key(model.seed, rep);
    let mut sim = Sim { model, ws, rep_key };
    for t in 0..model.months_total() {
        sim.month(t);
    }
    sim.close_books();
}

pub(super) struct Sim<'a> {
    pub model: &'a Model,
    pub ws: &'a mut Workspace,
    pub rep_key: u64,
}

impl Sim<'_> {
    /// The monthly phases, always in this order: financing phases, transition rules,
    /// inflow, placement, waiting, care, settlement, market review, observation.
    fn month(&mut self, t: u32) {
        self.ws.salts = rng::Salts::new(t);
        self.ws.schemes.begin_month(self.model, t);
        self.ws.observer.begin_month(self.model, t);
        self.ws.world.begin_month(self.model, t);
        self.ws.delivered.begin_month(self.model, t);
        self.update_phases(t);
        if t == self.model.warmup && !self.model.declines.is_empty() {
            let declines = &self.model.declines;
            // At the start of the month: the clients wait from this month on.
            self.providers_leave(t, |_, p| declines.contains(&p));
        }
        let mut flow = Flow {
            stock_start: self.ws.pop.alive(),
            ..Flow::default()
        };
        if let Some(tr) = &self.model.transition {
            if t == self.model.warmup {
                flow.entered += self.go_live(t);
            }
            if tr
                .caseload
                .iter()
                .any(|cl| t == cl.end && cl.converts_at_end())
            {
                self.end_transition(t);
            }
            if tr.caseload.iter().any(|cl| {
                cl.reindicate.is_some_and(|(within, _)| {
                    (self.model.warmup..self.model.warmup + within).contains(&t)
                })
            }) {
                self.reindicate(t);
            }
        }
        if t == 0 && !self.model.stock.is_empty() {
            flow.entered += self.start_stock(t);
        }
        // A referral is tried for a place at once when no one waits before it
        // (`place_or_wait`): the placement phase's own order, as long as nothing between
        // here and `place_waiting` changes what a placement reads.
        flow.entered += self.inflow(t);
        flow.entered += self.relapses(t);
        self.place_waiting(t);
        flow.left += self.waiting_effects(t);
        flow.left += self.care_and_transitions(t);
        self.settle(t, &mut flow);
        if t > 0 && t.is_multiple_of(self.model.review_months) {
            self.review_market(t);
        }
        flow.stock_end = self.ws.pop.alive();
        flow.waiting = self.ws.pop.waiting.len() as u32;
        self.ws.observer.flow(t, flow);
    }

    /// When a sub-segment's financing changes, its behaviour changes the step-down hazard,
    /// and when the horizon begins the world's trajectory length changes every hazard: the
    /// competing-hazard thresholds of its contracts are recomputed.
    fn update_phases(&mut self, t: u32) {
        let m = self.model;
        let needs = m.need_names.len();
        let begun = usize::from(t >= m.warmup);
        let pace = 1.0 / self.ws.world.length_at(m, t);
        let mut any = false;
        for (i, s) in m.subs.iter().enumerate() {
            let phase = self.ws.schemes.phase(m, i as SubId, t) * 2 + begun;
            self.ws.changed[i] = self.ws.phase[i] != phase;
            if !self.ws.changed[i] {
                continue;
            }
            any = true;
            self.ws.phase[i] = phase;
            let step_down = self.ws.schemes.at(m, i as u16, t).behaviour().step_down;
            for c in s.contracts.iter() {
                let e = m.contracts[c.ix()].effectiveness;
                for (n, h) in s.hazards.iter().enumerate() {
                    let row = c.ix() * needs + n;
                    let th = crate::model::thresholds(h, e, step_down, pace);
                    self.ws.thresholds[row] = super::calendar::Competing::new(th);
                    self.ws.log_stay[row] = (-th[4].min(1.0)).ln_1p();
                }
            }
        }
        if any {
            // Memoryless hazards: whoever is in care there draws its next event afresh.
            for slot in 0..self.ws.pop.youths.len() as u32 {
                let y = &self.ws.pop.youths[slot];
                if y.status == Status::Care && y.target == NO_SUB && self.ws.changed[y.sub as usize]
                {
                    self.schedule(slot, t);
                }
            }
        }
    }

    /// End of month: each contract's deliveries are paid under its sub-segment's scheme;
    /// contracts past what their scheme allows are rationed; in December providers whose
    /// reserve ran out may leave.
    fn settle(&mut self, t: u32, flow: &mut Flow) {
        let m = self.model;
        let ws = &mut *self.ws;
        let market = &ws.market;
        let settlement = ws.ledger.settle(
            m,
            &mut ws.schemes,
            (t, ws.world.prices()),
            ws.observer.recording(),
            (|c| market.active(m, c), |c| market.capacity.limit(c)),
        );
        flow.municipality_paid_cents = settlement.paid_cents;
        flow.production_cents = settlement.production_cents;
        flow.provider_revenue_cents = settlement.revenue_cents;
        let open = ws.market.open_contracts(m) as i64;
        ws.observer.payments(m, &settlement, &ws.ledger, open);
        let (ledger, schemes, world) = (&ws.ledger, &ws.schemes, &ws.world);
        let elapsed = m.calendar_month(t) + 1;
        let closures = ws.market.ration(m, t, |c, new_year| {
            let sub = m.contracts[c.ix()].sub;
            let index = world.price(sub);
            if new_year {
                // The scheme in force next month, with nothing produced yet this year.
                let scheme = schemes.at(m, sub, t + 1);
                return (false, scheme.pressure(c, 0, 0, index));
            }
            let (scheme, production) = (schemes.at(m, sub, t), ledger.production_this_year(c));
            (
                scheme.over_budget(c, production, index),
                scheme.pressure(c, production, elapsed, index),
            )
        });
        ws.observer.count(|c| c.rationing_closures += closures);
        if settlement.year_closed {
            let ledger = &ws.ledger;
            let added = ws
                .market
                .follow_margins(m, |p| ledger.last_year_margin[p.ix()]);
            ws.observer.count(|c| c.capacity_change += added);
        }
        if m.calendar_month(t) == 11 && m.economics.exit_on_negative_reserve {
            self.exits(t);
        }
        let capacity = &self.ws.market.capacity;
        self.ws.observer.concentration(m, |c| capacity.occupied(c));
    }

    /// Providers whose reserve is below zero — persistent losses have used it up — leave
    /// the market: their contracts close and every client must move (a forced change of
    /// provider). The wachtkamer may contract a replacement at its next review.
    fn exits(&mut self, t: u32) {
        // At the end of the month: the clients wait from next month on.
        let left = self.providers_leave(t + 1, |ledger, p| ledger.in_deficit(p));
        self.ws.observer.count(|c| c.provider_exits += left as u64);
    }

    /// Every provider still in the market for which `leaves` holds leaves it: its contracts
    /// close and each of its clients keeps its care until another provider has room, then
    /// moves; it waits from month `from`. Returns how many left.
    fn providers_leave(
        &mut self,
        from: u32,
        leaves: impl Fn(&Ledger, ProviderId) -> bool,
    ) -> usize {
        let m = self.model;
        let ws = &mut *self.ws;
        let mut left = std::mem::take(&mut ws.exited);
        let ledger = &ws.ledger;
        ws.market
            .exit_insolvent(m, |p| leaves(ledger, p), &mut left);
        for &p in &left {
            for slot in 0..ws.pop.youths.len() as u32 {
                let y = &mut ws.pop.youths[slot];
                if y.status == Status::Care
                    && y.target == NO_SUB
                    && m.contracts[y.contract.ix()].provider == p
                {
                    // The client keeps its care until another provider has room.
                    y.target = y.sub;
                    y.moving = Move::Referral;
                    y.wait_start = m16(from);
                    ws.pop.waiting.push(slot);
                }
            }
        }
        let n = left.len();
        ws.exited = left;
        n
    }

    /// The wachtkamer review, every `review_months`.
    fn review_market(&mut self, t: u32) {
        let m = self.model;
        let ws = &mut *self.ws;
        let pop = &ws.pop;
        let mut activated = std::mem::take(&mut ws.activated);
        ws.market.review(
            m,
            || {
                pop.waiting.iter().map(move |&slot| {
                    let y = &pop.youths[slot];
                    wachtkamer::Waiter {
                        target: y.target,
                        // A youth referred on this month waits from next month: 0 so far.
                        waited_months: m16(t.saturating_sub(y.wait_start as u32)),
                        muni: y.muni,
                    }
                })
            },
            &mut activated,
        );
        for a in &activated {
            ws.observer.activation(m, t, a);
        }
        ws.activated = activated;
    }

    /// The books of the reported months, written by the observer: providers' results,
    /// market concentration, the contracts in force, the revenue guard and budgets.
    fn close_books(&mut self) {
        let m = self.model;
        let ws = &mut *self.ws;
        let over_guard = ws.ledger.over_revenue_guard(m, &ws.schemes);
        let end = m.warmup + m.horizon;
        for slot in 0..ws.pop.youths.len() as u32 {
            if ws.pop.youths[slot].status == Status::Care && ws.transition.is_legacy(slot) {
                ws.observer.count(|c| c.legacy_running_at_end += 1);
            }
        }
        for &slot in &ws.pop.waiting {
            let y = &ws.pop.youths[slot];
            if y.target != NO_SUB {
                let waited = end.saturating_sub(u32::from(y.wait_start));
                ws.observer.still_waiting(y.target as usize, waited);
            }
        }
        let market = &ws.market;
        ws.observer.close_books(
            m,
            &ws.ledger,
            &over_guard,
            |c| market.active(m, c),
            ws.schemes.indications.budget_totals(),
        );
    }
}
