//! One replication: the region's youths month by month (MODEL.md §4).
//!
//! Youths live in a slab (`Vec<Youth>` with a free list), so a slot index is stable while
//! a youth is in the system and exits cost nothing. The waiting list holds slot indices in
//! arrival order, which makes placement FIFO per sub-segment and municipality.

use super::capacity::Capacity;
use super::ledger::Ledger;
use super::rng::{self, Purpose, pick, uniform};
use crate::finance::Reference;
use crate::metrics::tally::{Flow, Tally};
use crate::model::{
    ContractId, Event, Financing, Kind, Model, NO_CONTRACT, NO_PROVIDER, NO_SUB, ProviderId, SubId,
    Unit, UsageDist,
};
use rand_distr::{Distribution, Poisson};

const AGE_18: u16 = 18 * 12;

/// A month index as stored per youth: saturating, since validation keeps the simulated
/// months below 65,536 and only far-off end dates can exceed it.
#[inline(always)]
fn m16(t: u32) -> u16 {
    t.min(u16::MAX as u32) as u16
}
/// `raise_at` of a youth whose raise was asked and refused, or has arrived.
const RAISE_DONE: u16 = u16::MAX;
/// `budget_left` of a youth whose indication has no budget cap.
const NO_BUDGET: i32 = i32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Free,
    Care,
    Waiting,
}

/// Why a youth is moving to another sub-segment; decides what is counted on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Referral,
    StepDown,
    StepUp,
    Return,
    /// A client of a legacy provider moving under the transition rules (forced).
    Transition,
}

#[derive(Debug, Clone, Copy)]
struct Youth {
    key: u64,
    /// Care cost per month at tariff (cents), fixed for the indication.
    monthly_cents: i32,
    /// One-off payment due this month (trajectory products), cents.
    due_cents: i32,
    /// Price of one trajectory (trajectory products; 0 otherwise), cents.
    trajectory_cents: i32,
    contract: ContractId,
    /// Provider of the last regular (non-crisis) placement: the continuity anchor.
    anchor_provider: ProviderId,
    /// Month index at which the current indication is re-assessed (u16: validation keeps
    /// simulations under 65,536 months; later dates saturate).
    ind_end: u16,
    wait_start: u16,
    age: u16,
    /// Current sub-segment in care.
    sub: SubId,
    /// Sub-segment waited for (waiting, or in care with a transfer pending).
    target: SubId,
    /// Sub-segment of the last regular placement.
    anchor_sub: SubId,
    /// Where a youth in crisis care goes back to.
    return_to: SubId,
    muni: u8,
    need: u8,
    status: Status,
    moving: Move,
    counted: bool,
    extended_care: bool,
    /// Keuzebudget: what is left of the budget (cents; `NO_BUDGET` when uncapped), the
    /// budget granted at placement, and the raise: 0 = not asked this indication, a month =
    /// when the granted raise arrives, `RAISE_DONE` = asked and refused, or arrived.
    budget_left: i32,
    budget_granted: i32,
    raise_at: u16,
    /// A trajectory (placement or extension) started this month.
    new_trajectory: bool,
    /// Not to be placed before this month (waiting for the region's consent).
    ready_at: u16,
    /// The running indication started before go-live: financed P×Q (dual financing)
    /// until it ends or the transition ends.
    legacy: bool,
    /// Last reporting year (1-based; 0 = none) in which the youth was counted in care,
    /// and in care with accommodation (met verblijf).
    year_counted: u8,
    year_counted_verblijf: u8,
}

/// A youth who left care and may be referred again (relapse).
#[derive(Debug, Clone, Copy)]
struct Former {
    key: u64,
    left: u32,
    age: u16,
    muni: u8,
    need: u8,
    sub: SubId,
    provider: ProviderId,
    counted: bool,
}

/// Buffers reused across replications on one thread.
pub struct Workspace {
    youths: Vec<Youth>,
    free: Vec<u32>,
    waiting: Vec<u32>,
    still_waiting: Vec<u32>,
    /// P(relapse within k months) = 1 − (1 − h)^k for k = 1..=window: the geometric
    /// time to relapse is drawn by inverting it.
    relapse_cdf: Vec<f64>,
    /// Former clients by the month they will be referred again (ring over the window).
    relapse_calendar: Vec<Vec<Former>>,
    capacity: Capacity,
    ledger: Ledger,
    /// Per sub-segment, the financing phase the thresholds were computed for.
    phase: Vec<usize>,
    /// Per provider: left the market.
    exited: Vec<bool>,
    /// Per contract: contracted (at the start, or by the wachtkamer rule), and rationed
    /// (past its lumpsum budget this year). A contract admits new clients only when
    /// contracted, not rationed, and its provider has not exited.
    contracted: Vec<bool>,
    rationed: Vec<bool>,
    /// Per sub-segment: waits (months) of the placements since the last market review.
    review_waits: Vec<Vec<u16>>,
    thresholds: Vec<[f64; 5]>,
    /// This month, per sub-segment: youths in care, youths waiting for a place in it, and
    /// youths in it whose transfer out is pending.
    month_in_care: Vec<u32>,
    month_waiting: Vec<u32>,
    month_blocked: Vec<u32>,
    pub tally: Tally,
}

impl Workspace {
    pub fn new(model: &Model, reference: &Reference) -> Workspace {
        let needs = model.need_names.len();
        let mut thresholds = Vec::with_capacity(model.contracts.len() * needs);
        for c in &model.contracts {
            thresholds.extend_from_slice(&c.thresholds);
        }
        Workspace {
            youths: Vec::new(),
            free: Vec::new(),
            waiting: Vec::new(),
            still_waiting: Vec::new(),
            relapse_cdf: (1..=model.relapse.window_months as i32)
                .map(|k| 1.0 - (1.0 - model.relapse.hazard).powi(k))
                .collect(),
            relapse_calendar: vec![Vec::new(); model.relapse.window_months as usize + 1],
            capacity: Capacity::new(model),
            ledger: Ledger::new(model, reference),
            phase: vec![0; model.subs.len()],
            exited: vec![false; model.providers.len()],
            contracted: vec![true; model.contracts.len()],
            rationed: vec![false; model.contracts.len()],
            review_waits: vec![Vec::new(); model.subs.len()],
            thresholds,
            month_in_care: vec![0; model.subs.len()],
            month_waiting: vec![0; model.subs.len()],
            month_blocked: vec![0; model.subs.len()],
            tally: Tally::new(
                model.segments.len(),
                model.subs.len(),
                model.contracts.len(),
                model.horizon as usize,
                model.months_total() as usize,
            ),
        }
    }

    /// Contracted and its provider still in the market: paid under the sub-segment's
    /// scheme, and counted for contract management.
    fn active(&self, model: &Model, c: ContractId) -> bool {
        self.contracted[c as usize] && !self.exited[model.contracts[c as usize].provider as usize]
    }

    /// Re-derives whether contract `c` admits new clients.
    fn refresh_admissions(&mut self, model: &Model, c: ContractId) {
        let closed = !self.active(model, c) || self.rationed[c as usize];
        if closed != self.capacity.is_closed(c) {
            self.capacity.set_closed(model, c, closed);
        }
    }

    fn reset(&mut self, model: &Model) {
        self.youths.clear();
        self.free.clear();
        self.waiting.clear();
        for bucket in &mut self.relapse_calendar {
            bucket.clear();
        }
        self.capacity.reset(model);
        self.ledger.reset();
        // Thresholds are (re)computed for each sub-segment's financing phase in month 0.
        self.phase.fill(usize::MAX);
        self.exited.fill(false);
        self.rationed.fill(false);
        for w in &mut self.review_waits {
            w.clear();
        }
        // The wachtkamer starts with the `min` best-ranked providers of each sub-segment.
        for (c, ct) in model.contracts.iter().enumerate() {
            self.contracted[c] = ct.rank < model.subs[ct.sub as usize].min_providers;
            self.capacity
                .set_closed(model, c as ContractId, !self.contracted[c]);
        }
        self.tally.reset();
    }
}

/// The keuzebudget (cents) a youth of need level `need` gets when placed in `sub` in month
/// `t`: a herstelbudget, or for a share of youths a duurzaam budget. The two differ only in
/// the period they cover (004:3649-3652), so only in amount here: the indication length is
/// the care need's. `None` when `sub` is not under keuzebudget. Drawn from the youth's key
/// alone, so referral (consent) and placement agree.
fn keuzebudget(m: &Model, sub: SubId, t: u32, key: u64, need: usize) -> Option<i64> {
    let Financing::Keuzebudget { budgets, .. } = m.subs[sub as usize].financing_at(t) else {
        return None;
    };
    let b = budgets[need];
    Some(if uniform(key, 0, Purpose::Budget) < b.duurzaam_share {
        b.duurzaam_cents
    } else {
        b.herstel_cents
    })
}

/// Simulates replication `rep` of `model` into `ws.tally`.
pub fn simulate(model: &Model, rep: u32, ws: &mut Workspace) {
    ws.reset(model);
    let rep_key = rng::replication_key(model.seed, rep);
    let mut sim = Sim { model, ws, rep_key };
    for t in 0..model.months_total() {
        sim.month(t);
    }
    sim.close_books();
}

struct Sim<'a> {
    model: &'a Model,
    ws: &'a mut Workspace,
    rep_key: u64,
}

impl Sim<'_> {
    fn recording(&self, t: u32) -> bool {
        t >= self.model.warmup
    }

    fn alive(&self) -> u32 {
        (self.ws.youths.len() - self.ws.free.len()) as u32
    }

    fn month(&mut self, t: u32) {
        self.update_phases(t);
        let stock_start = self.alive();
        let mut flow = Flow {
            stock_start,
            ..Flow::default()
        };
        if let Some(tr) = &self.model.transition {
            if t == 0 {
                flow.entered += self.go_live(tr);
            }
            if t == tr.end {
                self.end_transition(t);
            }
        }
        flow.entered += self.inflow(t);
        flow.entered += self.relapses(t);
        self.place_waiting(t);
        flow.left += self.waiting_effects(t);
        flow.left += self.care_and_transitions(t);
        self.settle(t, &mut flow);
        if t > 0 && t.is_multiple_of(self.model.review_months) {
            self.review_market(t);
        }
        flow.stock_end = self.alive();
        self.ws.tally.flows[t as usize] = flow;
    }

    /// When a sub-segment's financing changes, its behaviour changes the step-down hazard:
    /// the competing-hazard thresholds of its contracts are recomputed.
    fn update_phases(&mut self, t: u32) {
        let m = self.model;
        let needs = m.need_names.len();
        for (i, s) in m.subs.iter().enumerate() {
            let phase = s.phase_at(t);
            if self.ws.phase[i] == phase {
                continue;
            }
            self.ws.phase[i] = phase;
            let step_down = s.financing[phase].1.behaviour().step_down;
            for c in s.contracts.clone() {
                let e = m.contracts[c as usize].effectiveness;
                for (n, h) in s.hazards.iter().enumerate() {
                    self.ws.thresholds[c as usize * needs + n] =
                        crate::model::thresholds(h, e, step_down);
                }
            }
        }
    }

    fn add_youth(&mut self, y: Youth) -> u32 {
        match self.ws.free.pop() {
            Some(slot) => {
                self.ws.youths[slot as usize] = y;
                slot
            }
            None => {
                self.ws.youths.push(y);
                self.ws.youths.len() as u32 - 1
            }
        }
    }

    fn remove_youth(&mut self, slot: u32) {
        let y = &mut self.ws.youths[slot as usize];
        if y.contract != NO_CONTRACT {
            self.ws.capacity.vacate(self.model, y.contract);
            y.contract = NO_CONTRACT;
        }
        y.status = Status::Free;
        self.ws.free.push(slot);
    }

    /// New referrals: Poisson per municipality, then referrer, sociale basis, need, triage.
    fn inflow(&mut self, t: u32) -> u32 {
        let m = self.model;
        let rec = self.recording(t);
        let calendar = m.calendar_month(t);
        let years_from_start = (t as f64 - m.warmup as f64) / 12.0;
        let factor =
            m.seasonality[calendar as usize] * (1.0 + m.trend_per_year).powf(years_from_start);
        let mut entered = 0;
        for (mi, muni) in m.munis.iter().enumerate() {
            let lambda = muni.referral_rate * muni.youth_0_17 / 12.0 * factor;
            if lambda <= 0.0 {
                continue;
            }
            let muni_key = rng::youth_key(self.rep_key, mi as u32, t, u32::MAX);
            let count = match Poisson::new(lambda) {
                Ok(p) => p.sample(&mut rng::stream(muni_key, t, Purpose::Inflow)) as u32,
                Err(_) => 0,
            };
            for k in 0..count {
                let key = rng::youth_key(self.rep_key, mi as u32, t, k);
                if rec {
                    self.ws.tally.counters.referrals += 1;
                }
                let referrer = pick(&m.referrer_cum, uniform(key, t, Purpose::Referrer));
                if uniform(key, t, Purpose::SocialeBasis)
                    < m.referrers[referrer].sociale_basis_share
                {
                    if rec {
                        let c = &mut self.ws.tally.counters;
                        c.resolved_in_sociale_basis += 1;
                        c.sociale_basis_cents += m.sociale_basis_cost_cents;
                    }
                    continue;
                }
                let need = pick(&m.need_cum, uniform(key, t, Purpose::Need));
                let subs = &m.triage_subs[need];
                if subs.is_empty() {
                    continue;
                }
                let sub = subs[pick(&m.triage_cum[need], uniform(key, t, Purpose::Triage))];
                if m.subs[sub as usize].bought_separately & (1 << mi) != 0 {
                    // The municipality buys this care itself: not in the regional model.
                    if rec {
                        self.ws.tally.counters.bought_separately += 1;
                    }
                    continue;
                }
                let span = (m.age_max_months - m.age_min_months + 1) as f64;
                let age = m.age_min_months + (uniform(key, t, Purpose::Age) * span) as u32;
                let slot = self.enqueue_new(
                    key,
                    t,
                    age as u16,
                    mi as u8,
                    need as u8,
                    sub,
                    NO_PROVIDER,
                    NO_SUB,
                    false,
                );
                // Keuzebudget referrals by GP, medical specialist or youth doctor expected
                // above the threshold wait for the region's consent (004:3653-3657).
                if let Financing::Keuzebudget {
                    consent_threshold_cents,
                    consent_delay_months,
                    ..
                } = *m.subs[sub as usize].financing_at(t)
                    && m.referrers[referrer].needs_consent
                    && keuzebudget(m, sub, t, key, need)
                        .is_some_and(|b| b > consent_threshold_cents)
                {
                    self.ws.youths[slot as usize].ready_at = m16(t + consent_delay_months);
                    if rec {
                        self.ws.tally.counters.consent_delays += 1;
                    }
                }
                entered += 1;
            }
        }
        entered
    }

    #[allow(clippy::too_many_arguments)]
    fn enqueue_new(
        &mut self,
        key: u64,
        t: u32,
        age: u16,
        muni: u8,
        need: u8,
        target: SubId,
        anchor_provider: ProviderId,
        anchor_sub: SubId,
        counted: bool,
    ) -> u32 {
        let slot = self.add_youth(Youth {
            key,
            monthly_cents: 0,
            due_cents: 0,
            trajectory_cents: 0,
            contract: NO_CONTRACT,
            anchor_provider,
            ind_end: 0,
            wait_start: m16(t),
            age,
            sub: NO_SUB,
            target,
            anchor_sub,
            return_to: NO_SUB,
            muni,
            need,
            status: Status::Waiting,
            moving: Move::Referral,
            counted,
            extended_care: false,
            budget_left: NO_BUDGET,
            budget_granted: 0,
            raise_at: 0,
            new_trajectory: false,
            ready_at: 0,
            legacy: false,
            year_counted: 0,
            year_counted_verblijf: 0,
        });
        self.ws.waiting.push(slot);
        slot
    }

    /// Former clients whose relapse falls this month are referred again; within
    /// `resume_within_months` they resume the same help with the same provider when it has
    /// room.
    fn relapses(&mut self, t: u32) -> u32 {
        let m = self.model;
        let r = m.relapse;
        let rec = self.recording(t);
        let bucket = t as usize % self.ws.relapse_calendar.len();
        let due = std::mem::take(&mut self.ws.relapse_calendar[bucket]);
        let mut entered = 0;
        for f in &due {
            let since = t - f.left;
            let age = f.age + since as u16;
            let (sub, provider, anchor) = if since <= r.resume_within_months {
                (f.sub, f.provider, f.sub)
            } else {
                let subs = &m.triage_subs[f.need as usize];
                let sub = if subs.is_empty() {
                    f.sub
                } else {
                    let u = uniform(f.key, t, Purpose::Triage);
                    subs[pick(&m.triage_cum[f.need as usize], u)]
                };
                (sub, NO_PROVIDER, NO_SUB)
            };
            if m.subs[sub as usize].bought_separately & (1 << f.muni) != 0 {
                if rec {
                    self.ws.tally.counters.bought_separately += 1;
                }
                continue;
            }
            self.enqueue_new(
                f.key, t, age, f.muni, f.need, sub, provider, anchor, f.counted,
            );
            entered += 1;
            if rec {
                let c = &mut self.ws.tally.counters;
                c.reentries += 1;
                if since <= 12 {
                    c.reentries_within_12m += 1;
                }
            }
        }
        let mut due = due;
        due.clear();
        self.ws.relapse_calendar[bucket] = due;
        entered
    }

    /// Tries everyone on the waiting list in arrival order.
    fn place_waiting(&mut self, t: u32) {
        let mut queue = std::mem::take(&mut self.ws.waiting);
        let mut still = std::mem::take(&mut self.ws.still_waiting);
        still.clear();
        for &slot in &queue {
            let target = self.ws.youths[slot as usize].target;
            let force = self.model.subs[target as usize].kind == Kind::Crisis;
            if !self.place(slot, target, t, force) {
                still.push(slot);
            }
        }
        queue.clear();
        self.ws.waiting = still;
        self.ws.still_waiting = queue;
    }

    /// Places youth `slot` in sub-segment `sub` if a covering provider has room (crisis
    /// care, `force`, takes them over capacity). Returns whether it did.
    fn place(&mut self, slot: u32, sub: SubId, t: u32, force: bool) -> bool {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let y = self.ws.youths[slot as usize];
        if t < y.ready_at as u32 {
            return false;
        }
        let cap = &self.ws.capacity;
        let room = cap.any_room(sub, y.muni);
        if !room && !force {
            return false;
        }
        let rec = self.recording(t);
        let mut chosen = NO_CONTRACT;
        if room && y.anchor_provider != NO_PROVIDER {
            // Continuity: stay with the current provider when it is contracted here and has room.
            chosen = cap
                .covering(sub, y.muni)
                .iter()
                .copied()
                .find(|&c| {
                    m.contracts[c as usize].provider == y.anchor_provider && cap.has_room(m, c)
                })
                .unwrap_or(NO_CONTRACT);
        }
        if chosen == NO_CONTRACT && room {
            // Weighted by quality rank among the providers with room.
            chosen = cap.draw(m, sub, y.muni, y.key, t);
        }
        if chosen == NO_CONTRACT {
            // Crisis care cannot wait: the best-ranked covering provider takes the youth.
            match cap.covering(sub, y.muni).first() {
                Some(&c) => {
                    if rec {
                        self.ws.tally.counters.crisis_over_capacity += 1;
                    }
                    chosen = c;
                }
                None => return false,
            }
        }

        let provider = m.contracts[chosen as usize].provider;
        let crisis = s.kind == Kind::Crisis;
        let waited = t.saturating_sub(y.wait_start as u32);
        if s.max_providers > s.min_providers {
            // Only a sub-segment with a wachtkamer reviews its waits.
            self.ws.review_waits[sub as usize].push(m16(waited));
        }
        let c = &mut self.ws.tally.counters;
        if rec {
            c.placements += 1;
            c.wait_months_at_placement += waited as u64;
            match y.moving {
                Move::Referral if y.status == Status::Waiting => c.admissions += 1,
                Move::StepDown => c.step_downs += 1,
                Move::StepUp => c.step_ups += 1,
                _ => {}
            }
            if crisis {
                c.crisis_admissions += 1;
            }
            // Crisis care is an interlude, not a change of the youth's regular provider.
            if !crisis && y.anchor_provider != NO_PROVIDER && provider != y.anchor_provider {
                c.provider_changes += 1;
                if sub == y.anchor_sub {
                    c.forced_provider_changes += 1;
                    if s.holds_bed() {
                        c.residential_forced_changes += 1;
                    }
                    if y.moving == Move::Transition {
                        c.forced_changes_at_transition += 1;
                        self.ws.tally.monthly_forced[(t - m.warmup) as usize] += 1;
                    }
                }
            }
        }

        if y.contract != NO_CONTRACT {
            self.ws.capacity.vacate(m, y.contract);
        }
        self.ws.capacity.occupy(m, chosen);
        self.start_care(slot, sub, chosen, t);
        if !crisis {
            let y = &mut self.ws.youths[slot as usize];
            y.anchor_provider = provider;
            y.anchor_sub = sub;
            y.return_to = NO_SUB;
        }
        true
    }

    /// A new indication in `sub` with `contract` (already occupied) from month `t`: the care
    /// plan (product, units), its length and, under keuzebudget, its budget.
    fn start_care(&mut self, slot: u32, sub: SubId, chosen: ContractId, t: u32) {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let y = self.ws.youths[slot as usize];
        let need = y.need as usize;
        // The scheme in force changes care through units and indication length (§6).
        let behaviour = s.financing_at(t).behaviour();
        let product = &s.products[pick(&s.product_cum, uniform(y.key, t, Purpose::Product))];
        let units = behaviour.units
            * match product.usage[need] {
                UsageDist::Fixed(u) => u,
                UsageDist::Gamma(g) => g.sample(&mut rng::stream(y.key, t, Purpose::Usage)),
            };
        // Cents per month fit an i32 up to €21 million, far above any care plan; the clamp
        // only guards against an absurd gamma tail.
        // Non-negative, so adding ½ and truncating rounds half away from zero like
        // `f64::round`, without a libm call.
        let cents = (units * product.tariff * 100.0 + 0.5).clamp(0.0, i32::MAX as f64) as i32;
        let (monthly, trajectory) = if product.unit == Unit::Trajectory {
            (0, cents)
        } else {
            (cents, 0)
        };

        let budget = keuzebudget(m, sub, t, y.key, need);
        let months = s.indication_months[need];
        let months = if behaviour.duration == 1.0 {
            months
        } else {
            ((months as f64 * behaviour.duration + 0.5) as u32).max(1)
        };

        let y = &mut self.ws.youths[slot as usize];
        y.contract = chosen;
        y.sub = sub;
        y.target = NO_SUB;
        y.status = Status::Care;
        y.monthly_cents = monthly;
        y.trajectory_cents = trajectory;
        y.due_cents = trajectory;
        y.new_trajectory = true;
        y.ind_end = m16(t + months);
        let granted = budget.map_or(NO_BUDGET, |b| b.min(NO_BUDGET as i64 - 1) as i32);
        y.budget_left = granted;
        y.budget_granted = granted;
        if granted != NO_BUDGET {
            self.ws.tally.counters.budget_granted_cents += granted as i64;
        }
        y.raise_at = 0;
        y.legacy = false;
    }

    /// Youths waiting without care: escalation, crisis and giving up, each more likely the
    /// longer they wait. Returns the number who left.
    fn waiting_effects(&mut self, t: u32) -> u32 {
        let m = self.model;
        let w = m.waiting;
        if w.escalation + w.crisis + w.dropout <= 0.0 {
            return 0;
        }
        let rec = self.recording(t);
        let mut left = 0;
        let queue = std::mem::take(&mut self.ws.waiting);
        let mut still = std::mem::take(&mut self.ws.still_waiting);
        still.clear();
        for &slot in &queue {
            let y = self.ws.youths[slot as usize];
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
            let u = uniform(y.key, t, Purpose::Waiting);
            let up = m.subs[y.target as usize].step_up_to;
            let up = if up != NO_SUB && m.subs[up as usize].bought_separately & (1 << y.muni) != 0 {
                NO_SUB
            } else {
                up
            };
            if u < esc && up != NO_SUB {
                let y = &mut self.ws.youths[slot as usize];
                y.target = up;
                y.moving = Move::StepUp;
                if rec {
                    self.ws.tally.counters.escalations_while_waiting += 1;
                }
                still.push(slot);
            } else if u >= esc && u < esc + cri && m.crisis_sub != NO_SUB {
                self.ws.youths[slot as usize].return_to = y.target;
                if !self.place(slot, m.crisis_sub, t, true) {
                    still.push(slot);
                }
            } else if u >= esc + cri && u < esc + cri + drop {
                if rec {
                    self.ws.tally.counters.waiting_dropouts += 1;
                }
                self.remove_youth(slot);
                left += 1;
            } else {
                still.push(slot);
            }
        }
        self.ws.waiting = still;
        let mut queue = queue;
        queue.clear();
        self.ws.still_waiting = queue;
        left
    }

    /// The hot loop: every youth ages; youths in care receive care (cost) and face their
    /// competing monthly hazards. Returns the number who left the system.
    fn care_and_transitions(&mut self, t: u32) -> u32 {
        let m = self.model;
        let rec = self.recording(t);
        let needs = m.need_names.len();
        let row = if rec { (t - m.warmup) as usize } else { 0 };
        // Reporting years are 12-month blocks from the start, 1-based.
        let year = if rec { (row / 12 + 1) as u8 } else { 0 };
        let mut left = 0;
        let (mut distinct, mut youth_years, mut youth_years_verblijf) = (0u64, 0u64, 0u64);
        let transition_salt = rng::salt(t, Purpose::Transition);
        self.ws.month_in_care.fill(0);
        self.ws.month_waiting.fill(0);
        self.ws.month_blocked.fill(0);
        for slot in 0..self.ws.youths.len() as u32 {
            let y = &mut self.ws.youths[slot as usize];
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
            let y = &mut self.ws.youths[slot as usize];
            if y.status == Status::Waiting {
                self.ws.month_waiting[y.target as usize] += 1;
                let norm = m.subs[y.target as usize].waiting_norm_months;
                if rec && (t - y.wait_start as u32) as f64 > norm {
                    self.ws.tally.counters.waiting_over_norm_months += 1;
                }
                continue;
            }

            // Care this month. Counts go to per-sub-segment month totals, folded into the
            // tally once per month, so this loop touches few cache lines per youth.
            let s = &m.subs[y.sub as usize];
            let cents = y.monthly_cents as i64 + y.due_cents as i64;
            y.due_cents = 0;
            // Within a keuzebudget only what the budget still covers is payable.
            let payable = cents.min(y.budget_left as i64);
            if y.budget_left != NO_BUDGET {
                y.budget_left -= payable as i32;
                self.ws.tally.counters.budget_paid_cents += payable;
            }
            let trajectory = std::mem::take(&mut y.new_trajectory);
            self.ws
                .ledger
                .deliver(y.contract, y.muni, cents, payable, trajectory, y.legacy);
            if y.legacy && rec {
                let c = &mut self.ws.tally.counters;
                c.dual_financing_months += 1;
                c.dual_financing_cents += cents;
            }
            self.ws.month_in_care[y.sub as usize] += 1;
            if y.budget_left != NO_BUDGET {
                self.keuzebudget_month(slot, t);
            }
            let y = &mut self.ws.youths[slot as usize];
            if rec {
                distinct += u64::from(!y.counted);
                y.counted = true;
                youth_years += u64::from(y.year_counted != year);
                y.year_counted = year;
                if s.kind != Kind::Ambulant {
                    youth_years_verblijf += u64::from(y.year_counted_verblijf != year);
                    y.year_counted_verblijf = year;
                }
            }
            if y.target != NO_SUB {
                // Transfer pending: the youth keeps this place until the next one is free.
                self.ws.month_waiting[y.target as usize] += 1;
                self.ws.month_blocked[y.sub as usize] += 1;
                continue;
            }

            let th = &self.ws.thresholds[y.contract as usize * needs + y.need as usize];
            let u = rng::uniform_salted(y.key, transition_salt);
            let event = if u < th[0] {
                Event::Success
            } else if u < th[1] {
                Event::StepDown
            } else if u < th[2] {
                Event::StepUp
            } else if u < th[3] {
                Event::Crisis
            } else if u < th[4] {
                Event::Dropout
            } else if t + 1 >= y.ind_end as u32 {
                // The indication reaches its end date: re-assessed.
                if uniform(y.key, t, Purpose::IndicationEnd) < s.extend_probability && y.legacy {
                    // Group 2 (002:841-905): the follow-on indication goes to the new model,
                    // with another provider when this one is not contracted.
                    y.legacy = false;
                    y.ind_end = m16(t + 1 + s.indication_months[y.need as usize]);
                    if m.contracts[y.contract as usize].legacy {
                        y.target = y.sub;
                        y.moving = Move::Transition;
                        y.wait_start = m16(t + 1);
                        self.ws.waiting.push(slot);
                    }
                    Event::Stay
                } else if uniform(y.key, t, Purpose::IndicationEnd) < s.extend_probability {
                    y.ind_end = m16(t + 1 + s.indication_months[y.need as usize]);
                    // A new trajectory is a new payment, and a new budget (a re-indication).
                    y.due_cents = y.trajectory_cents;
                    y.new_trajectory = true;
                    if y.budget_left != NO_BUDGET {
                        y.budget_left = y.budget_granted;
                        self.ws.tally.counters.budget_granted_cents += y.budget_granted as i64;
                        if rec {
                            self.ws.tally.counters.reindications += 1;
                            self.ws.tally.counters.admin_cents += self.model.admin.per_reindication;
                        }
                    }
                    Event::Stay
                } else {
                    Event::Success
                }
            } else {
                Event::Stay
            };
            match event {
                Event::Stay => {}
                Event::Success if s.kind == Kind::Crisis && y.return_to != NO_SUB => {
                    y.target = y.return_to;
                    y.moving = Move::Return;
                    y.wait_start = m16(t + 1);
                    self.ws.waiting.push(slot);
                }
                Event::Success | Event::Dropout => {
                    self.leave_care(slot, t);
                    left += 1;
                }
                Event::StepDown | Event::StepUp => {
                    let (to, mv) = if event == Event::StepDown {
                        (s.step_down_to, Move::StepDown)
                    } else {
                        (s.step_up_to, Move::StepUp)
                    };
                    if m.subs[to as usize].bought_separately & (1 << y.muni) != 0 {
                        // Follow-up care the municipality buys itself: leaves the region's care.
                        if rec {
                            self.ws.tally.counters.bought_separately += 1;
                        }
                        self.leave_care(slot, t);
                        left += 1;
                        continue;
                    }
                    y.target = to;
                    y.moving = mv;
                    y.wait_start = m16(t + 1);
                    self.ws.waiting.push(slot);
                }
                Event::Crisis => {
                    if s.kind != Kind::Crisis {
                        let from = y.sub;
                        y.return_to = from;
                        y.moving = Move::Referral;
                        y.wait_start = m16(t);
                        if !self.place(slot, m.crisis_sub, t, true) {
                            let y = &mut self.ws.youths[slot as usize];
                            y.target = m.crisis_sub;
                            self.ws.waiting.push(slot);
                        }
                    }
                }
            }
        }
        if rec {
            let c = &mut self.ws.tally.counters;
            c.distinct_youths += distinct;
            c.youth_years += youth_years;
            c.youth_years_verblijf += youth_years_verblijf;
            self.record_month(row, t);
        }
        left
    }

    /// Folds this month's per-sub-segment totals into the tally.
    fn record_month(&mut self, row: usize, t: u32) {
        let m = self.model;
        let nseg = m.segments.len();
        let ws = &mut *self.ws;
        let tally = &mut ws.tally;
        let c = &mut tally.counters;
        let mut waiting_now = 0;
        for (i, s) in m.subs.iter().enumerate() {
            let (n, waiting) = (ws.month_in_care[i] as u64, ws.month_waiting[i] as u64);
            // Declarations: one per youth-month where care is declared monthly, one per
            // trajectory under trajectory pricing.
            let declarations = match s.financing_at(t) {
                f if f.declares_monthly() => n,
                Financing::Trajectory { .. } => ws.ledger.trajectories_in(m, i),
                _ => 0,
            };
            c.admin_cents += declarations as i64 * m.admin.per_declaration;
            let seg = s.segment as usize;
            c.youth_months += n;
            match s.kind {
                Kind::Ambulant => {
                    c.ambulant_months += n;
                    tally.monthly_ambulant[row] += n as u32;
                }
                Kind::Residential | Kind::Closed => c.bed_months += n,
                _ => {}
            }
            if s.holds_bed() {
                c.bed_blocking_months += ws.month_blocked[i] as u64;
            }
            tally.segment_months[seg] += n;
            tally.sub_months[i] += n;
            tally.monthly_in_care[row * nseg + seg] += n as u32;
            tally.segment_waiting_months[seg] += waiting;
            tally.sub_waiting_months[i] += waiting;
            waiting_now += waiting as u32;
        }
        c.waiting_youth_months += waiting_now as u64;
        tally.monthly_waiting[row] = waiting_now;
    }

    /// The rules at 18 and at the end of verlengde jeugdhulp. Returns whether the youth left.
    fn turns_adult(&mut self, slot: u32, sub: SubId, t: u32) -> bool {
        let m = self.model;
        let s = &m.subs[sub as usize];
        let y = self.ws.youths[slot as usize];
        let u = uniform(y.key, t, Purpose::At18);
        let adult = if y.age == AGE_18 {
            match pick(&s.at18_cum, u) {
                0 => {
                    self.ws.youths[slot as usize].extended_care = true;
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
        if adult && self.recording(t) {
            self.ws.tally.counters.to_adult_care += 1;
        }
        if y.status == Status::Waiting || y.target != NO_SUB {
            self.ws.waiting.retain(|&s| s != slot);
        }
        self.remove_youth(slot);
        true
    }

    /// A youth whose care ended may relapse. A constant monthly hazard h gives a geometric
    /// time to relapse, so it is drawn once here, from one keyed uniform (inverting its CDF
    /// over the window), instead of a draw per former client per month: the youth is
    /// booked in the month it returns, if that falls within the window and before 18.
    fn leave_care(&mut self, slot: u32, t: u32) {
        let y = self.ws.youths[slot as usize];
        let r = self.model.relapse;
        if r.hazard > 0.0 && y.age < AGE_18 {
            let u = uniform(y.key, t, Purpose::Relapse);
            // Inverse of the geometric CDF over the window: months until the relapse, or
            // none within the window.
            let months = self
                .ws
                .relapse_cdf
                .iter()
                .position(|&p| u < p)
                .map(|k| k as u32 + 1);
            if let Some(months) = months
                && (y.age as u32 + months) < AGE_18 as u32
                && t + months < self.model.months_total()
            {
                let at = t + months;
                let len = self.ws.relapse_calendar.len();
                self.ws.relapse_calendar[at as usize % len].push(Former {
                    key: y.key,
                    left: t,
                    age: y.age,
                    muni: y.muni,
                    need: y.need,
                    sub: y.anchor_sub,
                    provider: y.anchor_provider,
                    counted: y.counted,
                });
            }
        }
        self.remove_youth(slot);
    }

    /// Go-live (MODEL.md §7): the running indications of the caseload, each with its months
    /// left, at a legacy provider (with `legacy_share`) or at a contracted one. All are
    /// legacy indications, financed P×Q. Returns the number of youths created.
    fn go_live(&mut self, tr: &crate::model::Transition) -> u32 {
        let m = self.model;
        let total: f64 = m.munis.iter().map(|mu| mu.youth_0_17).sum();
        let mut acc = 0.0;
        let muni_cum: Vec<f64> = m
            .munis
            .iter()
            .map(|mu| {
                acc += mu.youth_0_17 / total;
                acc
            })
            .collect();
        let mut created = 0;
        for (k, cl) in tr.caseload.iter().enumerate() {
            for i in 0..cl.count {
                // Keys apart from referrals' (municipality indices are below 64).
                let key = rng::youth_key(self.rep_key, 0x1_0000 + k as u32, 0, i);
                let muni = pick(&muni_cum, uniform(key, 0, Purpose::Caseload)) as u8;
                let need = pick(&m.need_cum, uniform(key, 0, Purpose::Need));
                let age = (uniform(key, 0, Purpose::Age) * 18.0 * 12.0) as u16;
                let left = 1
                    + (uniform(key, 0, Purpose::IndicationEnd) * cl.max_months_left as f64) as u32;
                let slot = self.enqueue_new(
                    key,
                    0,
                    age,
                    muni,
                    need as u8,
                    cl.sub,
                    NO_PROVIDER,
                    NO_SUB,
                    false,
                );
                self.ws.waiting.pop();
                let legacy = uniform(key, 0, Purpose::LegacyProvider) < cl.legacy_share;
                let n = cl.legacy.end - cl.legacy.start;
                if legacy && n > 0 {
                    self.ws.tally.counters.legacy_clients_at_go_live += 1;
                }
                let contract = if legacy && n > 0 {
                    cl.legacy.start
                        + ((uniform(key, 0, Purpose::Placement) * n as f64) as u32).min(n - 1)
                } else {
                    match self.ws.capacity.draw(m, cl.sub, muni, key, 0) {
                        NO_CONTRACT => match self.ws.capacity.covering(cl.sub, muni).first() {
                            // Contracted providers full at go-live: the best-ranked takes them.
                            Some(&c) => c,
                            None => cl.legacy.start,
                        },
                        c => c,
                    }
                };
                self.ws.capacity.occupy(m, contract);
                self.start_care(slot, cl.sub, contract, 0);
                let y = &mut self.ws.youths[slot as usize];
                y.status = Status::Care;
                y.ind_end = m16(left);
                y.legacy = true;
                y.budget_left = NO_BUDGET;
                y.anchor_provider = m.contracts[contract as usize].provider;
                y.anchor_sub = cl.sub;
                created += 1;
            }
        }
        created
    }

    /// Transition end (group 3): running legacy indications convert to the new model;
    /// clients of legacy providers must move (forced), keeping their care until placed.
    fn end_transition(&mut self, t: u32) {
        let m = self.model;
        for slot in 0..self.ws.youths.len() as u32 {
            let y = &mut self.ws.youths[slot as usize];
            if y.status != Status::Care || !y.legacy {
                continue;
            }
            y.legacy = false;
            if m.contracts[y.contract as usize].legacy && y.target == NO_SUB {
                y.target = y.sub;
                y.moving = Move::Transition;
                y.wait_start = m16(t);
                self.ws.waiting.push(slot);
            }
        }
    }

    /// The wachtkamer rule (002:633-663), at each review: a sub-segment below its maximum
    /// contracts the next-ranked provider when coverage fails — youths of a municipality
    /// waiting while no contracted provider covering it has room — or when the P90 wait
    /// (placements since the last review and youths still waiting) exceeds the norm.
    fn review_market(&mut self, t: u32) {
        let m = self.model;
        let rec = self.recording(t);
        for (i, s) in m.subs.iter().enumerate() {
            let contracted = s
                .contracts
                .clone()
                .filter(|&c| self.ws.active(m, c))
                .count() as u32;
            let mut waits = std::mem::take(&mut self.ws.review_waits[i]);
            if contracted >= s.max_providers {
                waits.clear();
                self.ws.review_waits[i] = waits;
                continue;
            }
            let mut uncovered = false;
            for &slot in &self.ws.waiting {
                let y = &self.ws.youths[slot as usize];
                if y.target as usize == i {
                    waits.push(m16(t - y.wait_start as u32));
                    uncovered |= !self.ws.capacity.any_room(i as SubId, y.muni);
                }
            }
            let p90_over = if waits.is_empty() {
                false
            } else {
                waits.sort_unstable();
                let k = ((waits.len() as f64 * 0.9).ceil() as usize).clamp(1, waits.len()) - 1;
                waits[k] as f64 > s.waiting_norm_months
            };
            waits.clear();
            self.ws.review_waits[i] = waits;
            if !(uncovered || p90_over) {
                continue;
            }
            let next = s.contracts.clone().find(|&c| {
                !self.ws.contracted[c as usize]
                    && !self.ws.exited[m.contracts[c as usize].provider as usize]
            });
            if let Some(c) = next {
                self.ws.contracted[c as usize] = true;
                self.ws.refresh_admissions(m, c);
                if rec {
                    self.ws.tally.counters.wachtkamer_activations += 1;
                    self.ws
                        .tally
                        .activations
                        .push(crate::metrics::tally::Activation {
                            month: t - m.warmup,
                            sub: i as SubId,
                            provider: m.contracts[c as usize].provider,
                            coverage: uncovered,
                        });
                }
            }
        }
    }

    /// Providers' results over the reported months, and the revenue guard: how far each
    /// provider's revenue moved from what P×Q would have paid for the same production.
    fn close_books(&mut self) {
        let m = self.model;
        let ledger = &self.ws.ledger;
        let np = m.providers.len();
        let (mut revenue, mut cost, mut production) =
            (vec![0i64; np], vec![0i64; np], vec![0i64; np]);
        for (c, ct) in m.contracts.iter().enumerate() {
            let p = ct.provider as usize;
            revenue[p] += ledger.revenue[c];
            cost[p] += ledger.own_cost[c];
            production[p] += ledger.production[c];
        }
        self.ws
            .tally
            .contract_production
            .copy_from_slice(&ledger.production);
        // Market concentration: Herfindahl-Hirschman index of providers' shares of
        // youth-months per sub-segment (0–10,000), weighted by the sub-segment's youth-months.
        let (mut hhi, mut weight) = (0.0, 0.0);
        for s in &m.subs {
            let total: u64 = s
                .contracts
                .clone()
                .map(|c| ledger.youth_months[c as usize])
                .sum();
            if total == 0 {
                continue;
            }
            let h: f64 = s
                .contracts
                .clone()
                .map(|c| {
                    let share = ledger.youth_months[c as usize] as f64 / total as f64;
                    share * share * 10_000.0
                })
                .sum();
            hhi += h * total as f64;
            weight += total as f64;
        }
        self.ws.tally.counters.hhi = if weight > 0.0 { hhi / weight } else { 0.0 };
        self.ws
            .tally
            .contract_youth_months
            .copy_from_slice(&ledger.youth_months);
        for (i, s) in m.subs.iter().enumerate() {
            self.ws.tally.sub_contracted[i] = s
                .contracts
                .clone()
                .filter(|&c| self.ws.active(m, c))
                .count() as u32;
        }
        let c = &mut self.ws.tally.counters;
        c.provider_result_cents = 0;
        c.providers_with_loss = 0;
        c.max_revenue_change = 0.0;
        for p in 0..np {
            let result = revenue[p] - cost[p];
            c.provider_result_cents += result;
            c.providers_with_loss += u64::from(result < 0);
            if production[p] > 0 {
                let change = (revenue[p] - production[p]).abs() as f64 / production[p] as f64;
                c.max_revenue_change = c.max_revenue_change.max(change);
            }
        }
    }

    /// Keuzebudget, once a month for a youth with a budget: an approved raise arrives; a
    /// raise is asked 8 weeks (two months of care) before the budget runs out
    /// (004:3710-3720). Care itself goes on as the indication says: what the budget does not
    /// cover is delivered at the provider's cost (its volume risk), not withheld.
    fn keuzebudget_month(&mut self, slot: u32, t: u32) {
        let m = self.model;
        let rec = self.recording(t);
        let y = &mut self.ws.youths[slot as usize];
        let raise = match m.subs[y.sub as usize].financing_at(t) {
            Financing::Keuzebudget { raise, .. } => *raise,
            _ => None,
        };
        if y.raise_at != 0 && y.raise_at != RAISE_DONE && y.raise_at as u32 <= t {
            if let Some(r) = raise {
                let extra = (y.budget_granted as f64 * r.share) as i64;
                let before = y.budget_left;
                y.budget_left = (y.budget_left as i64 + extra).min(NO_BUDGET as i64 - 1) as i32;
                self.ws.tally.counters.budget_granted_cents += (y.budget_left - before) as i64;
            }
            y.raise_at = RAISE_DONE;
            if rec {
                self.ws.tally.counters.reindications += 1;
                self.ws.tally.counters.admin_cents += self.model.admin.per_reindication;
            }
        }
        if let Some(r) = raise
            && y.raise_at == 0
            && (y.budget_left as i64) < 2 * y.monthly_cents as i64
        {
            y.raise_at = RAISE_DONE;
            if uniform(y.key, t, Purpose::Raise) < r.probability {
                y.raise_at = m16(t + r.delay_months.max(1));
            }
        }
    }

    /// End of month: each contract's deliveries are paid under its sub-segment's scheme;
    /// in December lumpsum bandwidths are settled, rationing is lifted and providers whose
    /// reserve ran out may leave.
    fn settle(&mut self, t: u32, flow: &mut Flow) {
        let m = self.model;
        let rec = self.recording(t);
        let ws = &mut *self.ws;
        let (contracted, exited) = (&ws.contracted, &ws.exited);
        let settlement = ws.ledger.settle(m, t, rec, |c| {
            contracted[c as usize] && !exited[m.contracts[c as usize].provider as usize]
        });
        flow.municipality_paid_cents = settlement.paid_cents;
        flow.provider_revenue_cents = settlement.revenue_cents;
        if rec {
            let row = (t - m.warmup) as usize;
            // Contract management: every open contract, a twelfth of a year.
            let open = (0..m.contracts.len() as ContractId)
                .filter(|&c| self.ws.active(m, c))
                .count() as i64;
            let tally = &mut self.ws.tally;
            tally.counters.care_cents += settlement.paid_cents;
            tally.monthly_cost_cents[row] = settlement.paid_cents;
            tally.yearly_cost_cents[row / 12] += settlement.paid_cents;
            for (seg, &v) in self.ws.ledger.segment_paid.iter().enumerate() {
                tally.segment_cents[seg] += v;
            }
            tally.counters.admin_cents += open * m.admin.per_contract_year / 12;
        }
        self.ration(t);
        if m.calendar_month(t) == 11 && m.economics.exit_on_negative_reserve {
            self.exits(t);
        }
    }

    /// Lumpsum rationing (MODEL.md §6): a provider past its yearly budget by more than the
    /// tolerance admits no new clients until January, which makes youths wait.
    fn ration(&mut self, t: u32) {
        let m = self.model;
        let december = m.calendar_month(t) == 11;
        for s in &m.subs {
            let tolerance = match s.financing_at(t) {
                Financing::Lumpsum {
                    rationing_tolerance: Some(tol),
                    ..
                } => Some(*tol),
                _ => None,
            };
            for c in s.contracts.clone() {
                let over = match (tolerance, self.ws.ledger.yearly_budget(m, c, t)) {
                    (Some(tol), Some(budget)) if !december && self.ws.active(m, c) => {
                        self.ws.ledger.production_this_year(c) as f64 > budget as f64 * (1.0 + tol)
                    }
                    _ => false,
                };
                if over != self.ws.rationed[c as usize] {
                    self.ws.rationed[c as usize] = over;
                    self.ws.refresh_admissions(m, c);
                    if over && self.recording(t) {
                        self.ws.tally.counters.rationing_closures += 1;
                    }
                }
            }
        }
    }

    /// Providers under lumpsum or keuzebudget whose reserve is below zero leave the market:
    /// their contracts close and every client must move (a forced change of provider).
    fn exits(&mut self, t: u32) {
        let m = self.model;
        for p in self.ws.ledger.insolvent(m, t) {
            if self.ws.exited[p as usize] {
                continue;
            }
            self.ws.exited[p as usize] = true;
            if self.recording(t) {
                self.ws.tally.counters.provider_exits += 1;
            }
            for (c, ct) in m.contracts.iter().enumerate() {
                if ct.provider == p {
                    self.ws.refresh_admissions(m, c as ContractId);
                }
            }
            for slot in 0..self.ws.youths.len() as u32 {
                let y = &mut self.ws.youths[slot as usize];
                if y.status == Status::Care
                    && y.target == NO_SUB
                    && m.contracts[y.contract as usize].provider == p
                {
                    // The client keeps its care until another provider has room.
                    y.target = y.sub;
                    y.moving = Move::Referral;
                    y.wait_start = m16(t + 1);
                    self.ws.waiting.push(slot);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_youth_fits_one_cache_line() {
        // The month loop streams over youths: keep each in one 64-byte line.
        assert!(
            std::mem::size_of::<super::Youth>() <= 64,
            "{}",
            std::mem::size_of::<super::Youth>()
        );
    }
}
