//! The observer: the one place that applies the warm-up cut-off and writes the tally.
//! Phases report what happened; only months after the warm-up are counted.

use super::ledger::Ledger;
use crate::ids::MuniIx;
use crate::metrics::tally::{Activation, Counters, Flow, Tally, WAIT_BINS, contract_management};
use crate::model::{ContractId, Kind, Model, NO_PROVIDER, Outcome, ProviderId};

pub struct Observer {
    tally: Tally,
    recording: bool,
    /// Reported month (0 = start) while recording.
    row: usize,
    /// Trajectories ended while recording, per contract × municipality × outcome: one
    /// count per ending, folded into the tally's counters, provider books and stops per
    /// municipality when the books close.
    ends: Vec<u32>,
    /// Placements while recording, per sub-segment × municipality: their number and
    /// months waited, folded like `ends`.
    placed: Vec<[u64; 2]>,
    nmunis: usize,
}

/// The outcomes a trajectory ends with (`Outcome as usize` below this).
const OUTCOMES: usize = Outcome::ALL.len();

impl Observer {
    pub fn new(model: &Model) -> Observer {
        Observer {
            tally: Tally::new(
                model.segments.len(),
                model.subs.len(),
                model.munis.len(),
                model.providers.len(),
                model.contracts.len(),
                model.horizon as usize,
                model.months_total() as usize,
            ),
            recording: false,
            row: 0,
            ends: vec![0; model.contracts.len() * model.munis.len() * OUTCOMES],
            placed: vec![[0; 2]; model.subs.len() * model.munis.len()],
            nmunis: model.munis.len(),
        }
    }

    pub fn reset(&mut self) {
        self.tally.reset();
        self.recording = false;
        self.ends.fill(0);
        self.placed.fill([0; 2]);
    }

    /// Simulated month `t` begins: counted only after the warm-up.
    pub fn begin_month(&mut self, model: &Model, t: u32) {
        self.recording = t >= model.warmup;
        self.row = if self.recording {
            (t - model.warmup) as usize
        } else {
            0
        };
    }

    #[inline(always)]
    pub fn recording(&self) -> bool {
        self.recording
    }

    /// Reporting year (12-month blocks from the start, 1-based); 0 during the warm-up.
    #[inline(always)]
    pub fn year(&self) -> u8 {
        if self.recording {
            (self.row / 12 + 1) as u8
        } else {
            0
        }
    }

    /// Counts an event, if this month is reported.
    #[inline(always)]
    pub fn count(&mut self, f: impl FnOnce(&mut Counters)) {
        if self.recording {
            f(&mut self.tally.counters);
        }
    }

    /// The replication's end: providers' results over the reported months (revenue, own
    /// cost, loss years, the revenue guard `over_guard` per provider), production and
    /// youth-months per contract, market concentration, contracts `active` at the end, and
    /// the budgets `(granted, paid)`.
    pub fn close_books(
        &mut self,
        m: &Model,
        ledger: &Ledger,
        over_guard: &[bool],
        active: impl Fn(ContractId) -> bool,
        (granted, paid): (i64, i64),
    ) {
        self.fold_ends(m);
        self.fold_placed(m);
        let np = m.providers.len();
        let (mut revenue, mut cost, mut production) =
            (vec![0i64; np], vec![0i64; np], vec![0i64; np]);
        for (c, ct) in m.contracts.iter().enumerate() {
            let p = ct.provider.ix();
            revenue[p] += ledger.revenue[c];
            cost[p] += ledger.own_cost[c];
            production[p] += ledger.production[c];
        }
        let tally = &mut self.tally;
        tally
            .contract_production
            .copy_from_slice(&ledger.production);
        // Market concentration: Herfindahl-Hirschman index of providers' shares of
        // youth-months per sub-segment (0–10,000), and over sub-segments weighted by their
        // youth-months.
        let (mut hhi_sum, mut weight) = (0.0, 0.0);
        for (i, s) in m.subs.iter().enumerate() {
            let months = || s.contracts.iter().map(|c| ledger.youth_months[c.ix()]);
            let total: u64 = months().sum();
            let h = hhi(months);
            tally.sub_hhi[i] = h;
            hhi_sum += h * total as f64;
            weight += total as f64;
        }
        tally.counters.hhi = if weight > 0.0 { hhi_sum / weight } else { 0.0 };
        tally
            .contract_youth_months
            .copy_from_slice(&ledger.youth_months);
        for (i, s) in m.subs.iter().enumerate() {
            tally.sub_contracted[i] = s.contracts.iter().filter(|&c| active(c)).count() as u32;
            tally.sub_min_covering[i] = (0..m.munis.len())
                .filter(|&mu| !s.bought_separately.contains(mu))
                .map(|mu| {
                    s.contracts
                        .iter()
                        .filter(|&c| active(c) && m.contracts[c.ix()].covers.contains(mu))
                        .count() as u32
                })
                .min()
                .unwrap_or(0);
        }
        for (c, ct) in m.contracts.iter().enumerate() {
            let b = &mut tally.providers[ct.provider.ix()];
            b.revenue_cents += ledger.revenue[c];
            b.own_cost_cents += ledger.own_cost[c];
        }
        for (p, b) in tally.providers.iter_mut().enumerate() {
            b.loss_years = ledger.loss_years[p];
            let position = &ledger.positions[p];
            b.years_below_norm = position.years_below[0];
            b.years_below_solvency = position.years_below[1];
            b.years_below_current_ratio = position.years_below[2];
            b.solvency = position.solvency;
            b.current_ratio = position.current_ratio;
            b.escalation = position.escalation();
            b.over_revenue_guard = over_guard[p];
        }
        let (cost_drift, waiting_drift) = baseline_drift(&tally.flows[..m.warmup as usize]);
        tally.counters.baseline_cost_drift = cost_drift;
        tally.counters.baseline_waiting_drift = waiting_drift;
        let c = &mut tally.counters;
        c.providers_over_revenue_guard = over_guard.iter().map(|&o| u64::from(o)).sum();
        c.providers_plan_assessed = ledger
            .positions
            .iter()
            .map(|p| u64::from(p.escalation() >= 2))
            .sum();
        c.providers_plan_required = ledger
            .positions
            .iter()
            .map(|p| u64::from(p.escalation() >= 3))
            .sum();
        c.budget_granted_cents = granted;
        c.budget_paid_cents = paid;
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

    /// A care plan outside the range a month's cost is kept in (a safety check, counted in
    /// every month).
    pub fn plan_out_of_range(&mut self) {
        self.tally.plans_out_of_range += 1;
    }

    /// The tally of the last replication.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    pub fn into_tally(self) -> Tally {
        self.tally
    }

    /// A trajectory of a youth of `muni` with `contract` ended with `outcome`: the results
    /// per provider, the stops per municipality (counted here, folded in `fold_ends`).
    #[inline]
    pub fn trajectory_ended(&mut self, (muni, contract): (MuniIx, ContractId), outcome: Outcome) {
        if self.recording {
            self.ends
                [(contract.ix() * self.nmunis + muni as usize) * OUTCOMES + outcome as usize] += 1;
        }
    }

    /// The trajectories ended into the tally: the counters, each provider's book and the
    /// stops per municipality × sub-segment.
    fn fold_ends(&mut self, model: &Model) {
        let nsubs = model.subs.len();
        let t = &mut self.tally;
        for (cell, ends) in self.ends.chunks_exact(OUTCOMES).enumerate() {
            let all: u64 = ends.iter().map(|&n| u64::from(n)).sum();
            if all == 0 {
                continue;
            }
            let of = |o: Outcome| u64::from(ends[o as usize]);
            let (c, muni) = (cell / self.nmunis, cell % self.nmunis);
            let ct = &model.contracts[c];
            t.muni_sub_stops[muni * nsubs + ct.sub as usize] += all;
            let k = &mut t.counters;
            k.trajectories_ended += all;
            k.goals_attained += of(Outcome::Attained);
            k.trajectory_dropouts += of(Outcome::Dropout);
            k.trajectories_referred_on += of(Outcome::ReferredOn);
            let b = &mut t.providers[ct.provider.ix()];
            b.trajectories_ended += all;
            b.goals_attained += of(Outcome::Attained);
            b.dropouts += of(Outcome::Dropout);
            b.referred_on += of(Outcome::ReferredOn);
        }
    }

    /// A former client of `provider` (`NO_PROVIDER`: none) is referred again, `within_12m`
    /// months of leaving care or not.
    pub fn reentry(&mut self, provider: ProviderId, within_12m: bool) {
        if !self.recording {
            return;
        }
        let c = &mut self.tally.counters;
        c.reentries += 1;
        c.reentries_within_12m += u64::from(within_12m);
        if provider != NO_PROVIDER {
            self.tally.providers[provider.ix()].reentries_within_12m += u64::from(within_12m);
        }
    }

    /// A placement of a youth of `muni` in sub-segment `sub` after `waited` months: the
    /// placements and months waited, per sub-segment and in all; starts per municipality;
    /// the waits' histogram.
    pub fn placed_in(&mut self, (muni, sub): (MuniIx, usize), waited: u32) {
        if self.recording {
            let p = &mut self.placed[sub * self.nmunis + muni as usize];
            p[0] += 1;
            p[1] += u64::from(waited);
            self.waited(sub, waited);
        }
    }

    /// The placements into the tally (`placed_in`).
    fn fold_placed(&mut self, model: &Model) {
        let nsubs = model.subs.len();
        let t = &mut self.tally;
        for (cell, &[n, waited]) in self.placed.iter().enumerate() {
            let (sub, muni) = (cell / self.nmunis, cell % self.nmunis);
            t.sub_placements[sub] += n;
            t.sub_wait_months[sub] += waited;
            t.muni_sub_starts[muni * nsubs + sub] += n;
            t.counters.placements += n;
            t.counters.wait_months_at_placement += waited;
        }
    }

    /// A wait of `waited` months for a place in `sub`, in its histogram.
    #[inline]
    fn waited(&mut self, sub: usize, waited: u32) {
        let bin = (waited as usize).min(WAIT_BINS - 1);
        self.tally.sub_wait_hist[sub * WAIT_BINS + bin] += 1;
    }

    /// The end of the horizon: a youth still waiting for a place in `sub`, `waited` months
    /// so far, counts in its waits (a long queue never placed must not look short).
    pub fn still_waiting(&mut self, sub: usize, waited: u32) {
        if self.recording {
            self.waited(sub, waited);
        }
    }

    /// A youth of `muni` waits this month for a place in `sub`.
    #[inline]
    pub fn waiting_in(&mut self, model: &Model, muni: MuniIx, sub: usize) {
        if self.recording {
            self.tally.muni_sub_waiting[muni as usize * model.subs.len() + sub] += 1;
        }
    }

    /// A forced change of provider under the transition rules.
    /// Market concentration this month: per sub-segment, the index of its providers'
    /// shares of `clients(contract)`.
    pub fn concentration(&mut self, model: &Model, clients: impl Fn(ContractId) -> u32) {
        if !self.recording {
            return;
        }
        let n = model.subs.len();
        let row = &mut self.tally.monthly_hhi[self.row * n..(self.row + 1) * n];
        for (h, s) in row.iter_mut().zip(&model.subs) {
            *h = hhi(|| s.contracts.iter().map(|c| u64::from(clients(c))));
        }
    }

    /// A youth of municipality `muni` had to change provider.
    pub fn forced_change(&mut self, muni: MuniIx) {
        if self.recording {
            self.tally.counters.forced_provider_changes += 1;
            self.tally.muni_forced[muni as usize] += 1;
        }
    }

    pub fn forced_change_at_transition(&mut self) {
        if self.recording {
            self.tally.counters.forced_changes_at_transition += 1;
            self.tally.monthly_forced[self.row] += 1;
        }
    }

    pub fn activation(&mut self, model: &Model, t: u32, a: &crate::market::wachtkamer::Activation) {
        self.count(|c| c.wachtkamer_activations += 1);
        if self.recording {
            self.tally.activations.push(Activation {
                month: t - model.warmup,
                sub: a.sub,
                provider: model.contracts[a.contract.ix()].provider,
                trigger: a.trigger,
            });
        }
    }

    /// This month's flows (every month, warm-up included: the conservation checks).
    pub fn flow(&mut self, t: u32, flow: Flow) {
        self.tally.flows[t as usize] = flow;
    }

    /// This month's payments: in total, per segment and per municipality; contract
    /// management for `open` contracts.
    pub fn payments(
        &mut self,
        model: &Model,
        settlement: &super::ledger::Settlement,
        ledger: &super::ledger::Ledger,
        open: i64,
    ) {
        if !self.recording {
            return;
        }
        let paid_cents = settlement.paid_cents;
        let tally = &mut self.tally;
        tally.counters.care_cents += paid_cents;
        tally.counters.flexed_place_months += settlement.flexed_places;
        tally.counters.flex_cost_cents += settlement.flex_cost_cents;
        tally.counters.production_cents += settlement.production_cents;
        tally.monthly_cost_cents[self.row] = paid_cents;
        tally.yearly_cost_cents[self.row / 12] += paid_cents;
        for (seg, &v) in ledger.segment_paid.iter().enumerate() {
            tally.segment_cents[seg] += v;
        }
        for (muni, &v) in ledger.paid_by_municipality().iter().enumerate() {
            tally.muni_paid_cents[muni] += v;
        }
        let cells = ledger.muni_sub_paid.len();
        let year = &mut tally.muni_sub_year_cents[self.row / 12 * cells..][..cells];
        for (y, &v) in year.iter_mut().zip(&ledger.muni_sub_paid) {
            *y += v;
        }
        for (n, &v) in tally
            .muni_sub_months
            .iter_mut()
            .zip(&ledger.muni_sub_occupied)
        {
            *n += u64::from(v);
        }
        // Contract management: every open contract, a twelfth of a year.
        tally.monthly_open_contracts[self.row] = open as u32;
        tally.counters.admin_cents += contract_management(open, &model.admin);
    }

    /// Folds this month's per-sub-segment totals into the tally: youths in care,
    /// waiting and blocking a bed, and the declarations they bring.
    pub fn month_totals(&mut self, model: &Model, month: &MonthTotals, declarations: &[u64]) {
        if !self.recording {
            return;
        }
        let nseg = model.segments.len();
        let row = self.row;
        let tally = &mut self.tally;
        let c = &mut tally.counters;
        let mut waiting_now = 0;
        for (i, s) in model.subs.iter().enumerate() {
            let (n, waiting) = (month.in_care[i] as u64, month.waiting[i] as u64);
            c.declarations += declarations[i];
            c.admin_cents += declarations[i] as i64 * model.admin.per_declaration;
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
                c.bed_blocking_months += month.blocked[i] as u64;
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
}

/// This month, per sub-segment: youths in care, youths waiting for a place in it, and
/// youths in it whose transfer out is pending.
pub struct MonthTotals {
    pub in_care: Vec<u32>,
    pub waiting: Vec<u32>,
    pub blocked: Vec<u32>,
    /// Per sub-segment: declarations this month (filled by the kernel from the schemes).
    pub declarations: Vec<u64>,
}

impl MonthTotals {
    pub fn new(model: &Model) -> MonthTotals {
        let n = model.subs.len();
        MonthTotals {
            in_care: vec![0; n],
            waiting: vec![0; n],
            blocked: vec![0; n],
            declarations: vec![0; n],
        }
    }

    pub fn clear(&mut self) {
        self.in_care.fill(0);
        self.waiting.fill(0);
        self.blocked.fill(0);
    }
}

/// How the region changed over the last two years of the warm-up `flows`: care at
/// tariff year on year as a share of the first year's, and the change in youths waiting as
/// a share of the youths in care or waiting; (0, 0) with less than three years (the first
/// year is the region filling from empty, whatever its pace). A region whose start is
/// forgotten no longer changes: this is what the `stationarity` check reads.
fn baseline_drift(flows: &[Flow]) -> (f64, f64) {
    let n = flows.len();
    if n < 36 {
        return (0.0, 0.0);
    }
    let (first, second) = (&flows[n - 24..n - 12], &flows[n - 12..]);
    let cost = |y: &[Flow]| y.iter().map(|f| f.production_cents as f64).sum::<f64>();
    let waiting = |y: &[Flow]| y.iter().map(|f| f64::from(f.waiting)).sum::<f64>() / 12.0;
    let stock = second.iter().map(|f| f64::from(f.stock_end)).sum::<f64>() / 12.0;
    let cost_drift = if cost(first) > 0.0 {
        cost(second) / cost(first) - 1.0
    } else {
        0.0
    };
    let waiting_drift = (waiting(second) - waiting(first)) / stock.max(1.0);
    (cost_drift, waiting_drift)
}

/// The Herfindahl-Hirschman index (0–10,000) of the shares in the sizes `sizes()` lists;
/// 0 when all are 0.
pub fn hhi<I: Iterator<Item = u64>>(sizes: impl Fn() -> I) -> f64 {
    let total: u64 = sizes().sum();
    if total == 0 {
        return 0.0;
    }
    sizes()
        .map(|x| {
            let share = x as f64 / total as f64;
            share * share * 10_000.0
        })
        .sum()
}
