//! The money side of a replication: what each contract delivered this month, settlement
//! under each sub-segment's scheme, and the providers' books (revenue, own cost, result,
//! reserve). Financing reaches the youth flows only through the scheme hooks the kernel
//! calls (behaviour, consent, budgets, admissions), never through the books.

use super::Reference;
use super::schemes::Schemes;
use crate::finance::{self, Cell, Delivery};
use crate::model::{ContractId, Model, MuniIx};

use super::balance::Position;

/// Requirement 38: at equal production the change of model may move a provider's revenue
/// by at most 5%.
pub const REVENUE_GUARD: f64 = 0.05;

pub struct Ledger {
    nmunis: usize,
    /// Contract × municipality, this month.
    cells: Vec<Cell>,
    /// Contract × municipality: the care that is the same every month, summed.
    standing: Vec<Standing>,
    /// Per contract: production at tariff in the current calendar year.
    production_year: Vec<i64>,
    /// Per contract, over the reported months: revenue, own cost, production at tariff.
    pub revenue: Vec<i64>,
    pub own_cost: Vec<i64>,
    pub production: Vec<i64>,
    /// Per contract, youth-months in care over the reported months.
    pub youth_months: Vec<u64>,
    /// Per contract, in the first reporting year (the first contract year): revenue and
    /// production at tariff, for the revenue guard.
    pub first_year_revenue: Vec<i64>,
    pub first_year_production: Vec<i64>,
    /// Per provider: revenue and own cost in the current reporting year, and over the
    /// full reporting years so far how many ended with a loss or below the profitability
    /// norm.
    year_revenue: Vec<i64>,
    year_cost: Vec<i64>,
    pub loss_years: Vec<u32>,
    /// Per provider: its balance sheet and the years below each financial norm.
    pub positions: Vec<Position>,
    /// Per provider: result / revenue of the reporting year that closed last (`None`
    /// without revenue that year or before the first full year).
    pub last_year_margin: Vec<Option<f64>>,
    /// Per provider, from the first simulated month: reserve at the start plus results.
    pub reserve: Vec<i64>,
    initial_reserve: Vec<i64>,
    paid: Vec<i64>,
    /// Per segment, what the municipalities paid this month (cents).
    pub segment_paid: Vec<i64>,
    /// Municipality × sub-segment, this month: what the municipality paid (cents) and its
    /// youths in care (the council's tables and the backcast).
    pub muni_sub_paid: Vec<i64>,
    pub muni_sub_occupied: Vec<u32>,
    nsubs: usize,
    /// `paid` before a contract's settlement, to see what that contract added.
    paid_before: Vec<i64>,
}

/// One contract × municipality's care that is the same every month: the youths in care
/// without an indication budget or a legacy indication (care cents a month at base-year
/// prices, summed, and how many), kept up to date when care starts and ends so a month's
/// care costs a pass over the contracts, not over the youths; and the stacked ambulant
/// assignments of youths in a stay there, paid as the contract's care.
#[derive(Clone, Copy, Default)]
struct Standing {
    cents: i64,
    youths: u32,
    stacked_youths: u32,
    stacked_cents: i64,
}

/// What a month's settlement produced.
pub struct Settlement {
    pub paid_cents: i64,
    pub revenue_cents: i64,
    /// Care delivered at tariff this month, legacy care included.
    pub production_cents: i64,
    /// A reporting year closed with this month: `last_year_margin` is that year's.
    pub year_closed: bool,
    /// Under an acceptance duty: youths in care above their provider's places, and the
    /// providers' extra own cost of their care.
    pub flexed_places: u64,
    pub flex_cost_cents: i64,
}

impl Ledger {
    pub fn new(model: &Model, reference: &Reference) -> Ledger {
        let n = model.contracts.len() * model.munis.len();
        let mut initial_reserve = vec![0i64; model.providers.len()];
        for (c, ct) in model.contracts.iter().enumerate() {
            let yearly = reference.yearly_cents.get(c).copied().unwrap_or(0.0);
            initial_reserve[ct.provider.ix()] +=
                (yearly * model.economics.reserve_share).round() as i64;
        }
        Ledger {
            nmunis: model.munis.len(),
            cells: vec![Cell::default(); n],
            standing: vec![Standing::default(); n],
            production_year: vec![0; model.contracts.len()],
            revenue: vec![0; model.contracts.len()],
            own_cost: vec![0; model.contracts.len()],
            production: vec![0; model.contracts.len()],
            youth_months: vec![0; model.contracts.len()],
            first_year_revenue: vec![0; model.contracts.len()],
            first_year_production: vec![0; model.contracts.len()],
            year_revenue: vec![0; model.providers.len()],
            year_cost: vec![0; model.providers.len()],
            loss_years: vec![0; model.providers.len()],
            last_year_margin: vec![None; model.providers.len()],
            positions: vec![Position::default(); model.providers.len()],
            reserve: initial_reserve.clone(),
            initial_reserve,
            paid: vec![0; model.munis.len()],
            segment_paid: vec![0; model.segments.len()],
            muni_sub_paid: vec![0; model.munis.len() * model.subs.len()],
            muni_sub_occupied: vec![0; model.munis.len() * model.subs.len()],
            nsubs: model.subs.len(),
            paid_before: vec![0; model.munis.len()],
        }
    }

    pub fn reset(&mut self) {
        self.cells.fill(Cell::default());
        self.standing.fill(Standing::default());
        self.production_year.fill(0);
        self.revenue.fill(0);
        self.own_cost.fill(0);
        self.production.fill(0);
        self.youth_months.fill(0);
        self.first_year_revenue.fill(0);
        self.first_year_production.fill(0);
        self.year_revenue.fill(0);
        self.year_cost.fill(0);
        self.loss_years.fill(0);
        self.last_year_margin.fill(None);
        self.positions.fill(Position::default());
        self.reserve.copy_from_slice(&self.initial_reserve);
    }

    /// The cell of `contract` and municipality `muni` this month.
    #[inline(always)]
    fn cell(&mut self, contract: ContractId, muni: MuniIx) -> &mut Cell {
        &mut self.cells[contract.ix() * self.nmunis + muni as usize]
    }

    /// Records a youth's month of care under `contract`.
    #[inline(always)]
    pub fn deliver(
        &mut self,
        contract: ContractId,
        muni: MuniIx,
        at_tariff: i64,
        payable: i64,
        trajectory: bool,
        legacy: bool,
    ) {
        let cell = self.cell(contract, muni);
        if legacy {
            cell.legacy_cents += at_tariff;
        } else {
            cell.at_tariff_cents += at_tariff;
            cell.payable_cents += payable;
        }
        cell.occupied += 1;
        cell.trajectories += u32::from(trajectory);
    }

    /// A youth of `muni` with care of `monthly` cents a month at base-year prices joins
    /// (`sign` 1) or leaves (−1) the standing care of `contract`.
    #[inline]
    pub fn stand(&mut self, contract: ContractId, muni: MuniIx, monthly: i32, sign: i32) {
        let s = &mut self.standing[contract.ix() * self.nmunis + muni as usize];
        join(&mut s.cents, &mut s.youths, monthly, sign);
    }

    /// A stacked ambulant assignment of `monthly` cents a month starts (`sign` 1) or ends
    /// (-1) under `contract` for a youth of `muni`.
    pub fn stack(&mut self, contract: ContractId, muni: MuniIx, monthly: i32, sign: i32) {
        let s = &mut self.standing[contract.ix() * self.nmunis + muni as usize];
        join(&mut s.stacked_cents, &mut s.stacked_youths, monthly, sign);
    }

    /// The month's standing care, at this month's price index per sub-segment (`prices`),
    /// into each cell; each sub-segment's youths in care added to `in_care`. Stacked
    /// assignments are their contract's care too, but their youths are counted in their
    /// stay: returns their number and cost (cents).
    pub fn deliver_standing(
        &mut self,
        model: &Model,
        prices: &[f64],
        in_care: &mut [u32],
    ) -> (u64, i64) {
        let nm = self.nmunis;
        let (mut stacked, mut stacked_cost) = (0u64, 0i64);
        for (c, ct) in model.contracts.iter().enumerate() {
            let sub = ct.sub as usize;
            let index = prices[sub];
            for i in c * nm..(c + 1) * nm {
                let s = self.standing[i];
                let k = s.stacked_youths;
                if k > 0 {
                    let cents = finance::indexed(s.stacked_cents, index);
                    let cell = &mut self.cells[i];
                    cell.at_tariff_cents += cents;
                    cell.payable_cents += cents;
                    stacked += u64::from(k);
                    stacked_cost += cents;
                }
                let n = s.youths;
                if n == 0 {
                    continue;
                }
                let cents = finance::indexed(s.cents, index);
                let cell = &mut self.cells[i];
                cell.at_tariff_cents += cents;
                cell.payable_cents += cents;
                cell.occupied += n;
                in_care[sub] += n;
            }
        }
        (stacked, stacked_cost)
    }

    /// A trajectory starts under `contract` for a youth of `muni` in its standing care:
    /// its price at tariff (`cents`; 0 unless a trajectory product), payable in full.
    #[inline]
    pub fn deliver_trajectory(&mut self, contract: ContractId, muni: MuniIx, cents: i64) {
        let cell = self.cell(contract, muni);
        cell.at_tariff_cents += cents;
        cell.payable_cents += cents;
        cell.trajectories += 1;
    }

    /// A trajectory price (or part of it) falls due to `contract` for a youth of `muni`.
    #[inline]
    pub fn pay_trajectory(&mut self, contract: ContractId, muni: MuniIx, cents: i64) {
        self.cell(contract, muni).trajectory_cents += cents;
    }

    /// A trajectory with `contract` for a youth of `muni` closes: `due` cents of its price
    /// still to pay, its whole price `price`, and whether its goal was attained.
    pub fn close_trajectory(
        &mut self,
        contract: ContractId,
        muni: MuniIx,
        (due, price): (i64, i64),
        attained: bool,
    ) {
        let cell = self.cell(contract, muni);
        cell.trajectory_cents += due;
        cell.closed_price_cents += price;
        cell.ended += 1;
        cell.attained += u32::from(attained);
    }

    /// Trajectories started this month under the contracts of `sub`.
    pub fn trajectories_in(&self, model: &Model, sub: usize) -> u64 {
        let nm = self.nmunis;
        let r = model.subs[sub].contracts.ix();
        self.cells[r.start * nm..r.end * nm]
            .iter()
            .map(|c| c.trajectories as u64)
            .sum()
    }

    /// Whether provider `p`'s reserve is below zero.
    pub fn in_deficit(&self, p: crate::model::ProviderId) -> bool {
        self.reserve[p.ix()] < 0
    }

    pub fn production_this_year(&self, c: ContractId) -> i64 {
        self.production_year[c.ix()]
    }

    /// A full reporting year ends: each provider's result that year against zero, and its
    /// balance sheet against the financial norms.
    fn close_year(&mut self, sheet: &crate::model::BalanceSheet) {
        for p in 0..self.year_revenue.len() {
            let (revenue, cost) = (self.year_revenue[p], self.year_cost[p]);
            if revenue == 0 && cost == 0 {
                self.last_year_margin[p] = None;
                continue;
            }
            let result = revenue - cost;
            self.last_year_margin[p] = (revenue > 0).then(|| result as f64 / revenue as f64);
            self.loss_years[p] += u32::from(result < 0);
            self.positions[p].close_year(sheet, revenue, result);
        }
        self.year_revenue.fill(0);
        self.year_cost.fill(0);
    }

    /// The revenue guard per provider (requirement 38, `004:2892-2904`): whether the change
    /// of model moved what it earns at equal production — its first contract year's — by
    /// more than 5% against the previous model, whatever that was: the new model's revenue
    /// per euro of production at tariff against what the previous model paid per euro of
    /// the same provider's production in the history. A provider's ratio weighs its
    /// contracts by their first-year production.
    pub fn over_revenue_guard(&self, model: &Model, schemes: &Schemes) -> Vec<bool> {
        let mut ratio = vec![(0.0f64, 0.0f64); model.providers.len()];
        for (c, ct) in model.contracts.iter().enumerate() {
            let p = ct.provider.ix();
            let (revenue, production) = (self.first_year_revenue[c], self.first_year_production[c]);
            let id = ContractId::at(c);
            // A legacy contract (transition) is outside its sub-segment's scheme: paid P×Q.
            let sub = &model.subs[ct.sub as usize];
            let ratio_c = if !sub.contracts.contains(id) {
                finance::ratio_at_tariff(revenue, production)
            } else if sub.model_unchanged(model.warmup) {
                // No change of model: equal production earns what it earned before.
                (production > 0).then_some(1.0)
            } else {
                let now = schemes
                    .at(model, ct.sub, model.warmup)
                    .revenue_ratio_at_equal_production(id, revenue, production);
                let before = schemes.previous(ct.sub).revenue_ratio_in_history(id);
                match (now, before) {
                    (Some(n), Some(b)) if b > 0.0 => Some(n / b),
                    _ => None,
                }
            };
            if let Some(r) = ratio_c {
                let w = production.max(0) as f64;
                ratio[p].0 += w * r;
                ratio[p].1 += w;
            }
        }
        ratio
            .iter()
            .map(|&(sum, weight)| weight > 0.0 && (sum / weight - 1.0).abs() > REVENUE_GUARD)
            .collect()
    }

    /// What each municipality paid this month (cents), after `settle`.
    pub fn paid_by_municipality(&self) -> &[i64] {
        &self.paid
    }

    /// Pays month `t`'s deliveries under each contract's scheme, at its sub-segment's price
    /// index in `prices`, and at the end of a calendar year the bandwidth settlements.
    /// `recording` books provider revenue and cost into the horizon totals.
    /// Contracts that are not `active` (never contracted, or their provider left) are paid
    /// P×Q for the care they still deliver, and receive no fixed payments (budgets, fees).
    pub fn settle(
        &mut self,
        model: &Model,
        schemes: &mut Schemes,
        (t, prices): (u32, &[f64]),
        recording: bool,
        (active, places): (impl Fn(ContractId) -> bool, impl Fn(ContractId) -> u32),
    ) -> Settlement {
        let nm = self.nmunis;
        let calendar_month = model.calendar_month(t);
        let december = calendar_month == 11;
        let first_year = t.saturating_sub(model.warmup) < 12;
        self.paid.fill(0);
        self.segment_paid.fill(0);
        self.muni_sub_paid.fill(0);
        self.muni_sub_occupied.fill(0);
        let (mut revenue_total, mut production_total) = (0i64, 0i64);
        let (mut flexed_places, mut flex_cost_cents) = (0u64, 0i64);
        for (c, ct) in model.contracts.iter().enumerate() {
            let sub = &model.subs[ct.sub as usize];
            let rows = c * nm..(c + 1) * nm;
            let delivery = Delivery {
                month: t,
                calendar_month,
                index: prices[ct.sub as usize],
                contract: ContractId::at(c),
                cells: &self.cells[rows.clone()],
            };
            self.paid_before.copy_from_slice(&self.paid);
            let is_active = active(ContractId::at(c));
            // One pass over the contract's cells: legacy indications are paid P×Q whatever
            // the contract's scheme (dual financing), and an active contract's trajectory
            // prices are owed as trajectories are assigned and closed, whatever scheme is
            // in force when they fall due.
            let (mut legacy, mut at_tariff, mut occupied, mut owed) = (0, 0i64, 0u64, 0);
            for (paid, cell) in self.paid.iter_mut().zip(delivery.cells) {
                let prices = if is_active { cell.trajectory_cents } else { 0 };
                *paid += cell.legacy_cents + prices;
                legacy += cell.legacy_cents;
                owed += prices;
                at_tariff += cell.at_tariff_cents;
                occupied += cell.occupied as u64;
            }
            let production = at_tariff + legacy;
            production_total += production;
            let mut revenue;
            if is_active {
                revenue = owed;
                let scheme = schemes.at_mut(model, ct.sub, t);
                revenue += scheme.settle(&delivery, &mut self.paid);
                self.production_year[c] += production;
                if december {
                    revenue += scheme.year_end(&delivery, self.production_year[c], &mut self.paid);
                }
            } else {
                revenue = finance::pay_at_tariff(&delivery, &mut self.paid);
            }
            revenue += legacy;
            if december {
                self.production_year[c] = 0;
            }
            // Production is never negative: + ½ and truncation round without a libm call.
            let mut own_cost = (production as f64 * ct.own_cost_share + 0.5) as i64;
            if let Some(share) = model.economics.acceptance_duty {
                // Care above the places costs the provider more: its share of the month's
                // production, as youths above places over youths in care.
                let over = occupied.saturating_sub(u64::from(places(ContractId::at(c))));
                if over > 0 {
                    let flex =
                        (production as f64 * over as f64 / occupied as f64 * share + 0.5) as i64;
                    own_cost += flex;
                    flexed_places += over;
                    flex_cost_cents += flex;
                }
            }
            self.reserve[ct.provider.ix()] += revenue - own_cost;
            if recording {
                self.revenue[c] += revenue;
                self.own_cost[c] += own_cost;
                self.production[c] += production;
                self.youth_months[c] += occupied;
                if first_year {
                    self.first_year_revenue[c] += revenue;
                    self.first_year_production[c] += production;
                }
                self.year_revenue[ct.provider.ix()] += revenue;
                self.year_cost[ct.provider.ix()] += own_cost;
            }
            revenue_total += revenue;
            self.segment_paid[sub.segment as usize] += revenue;
            self.book_local(c, ct.sub as usize);
            // Cleared while the contract's cells are at hand: one small fill per contract
            // instead of a pass over every cell after the loop.
            self.cells[rows].fill(Cell::default());
        }
        let year_closed = recording && (t - model.warmup) % 12 == 11;
        if year_closed {
            self.close_year(&model.economics.balance);
        }
        Settlement {
            paid_cents: self.paid.iter().sum(),
            revenue_cents: revenue_total,
            production_cents: production_total,
            year_closed,
            flexed_places,
            flex_cost_cents,
        }
    }
}

impl Ledger {
    /// What contract `c` in sub-segment `sub` added to each municipality's payments this
    /// month, and its youths in care, into the municipality × sub-segment cells.
    fn book_local(&mut self, c: usize, sub: usize) {
        let (nm, ns) = (self.nmunis, self.nsubs);
        let cells = &self.cells[c * nm..(c + 1) * nm];
        for (mi, ((paid, before), cell)) in self
            .paid
            .iter()
            .zip(&self.paid_before)
            .zip(cells)
            .enumerate()
        {
            let at = mi * ns + sub;
            self.muni_sub_paid[at] += paid - before;
            self.muni_sub_occupied[at] += cell.occupied;
        }
    }
}

/// A youth with care of `monthly` cents a month joins (`sign` 1) or leaves (−1) a cell's
/// summed care and head count.
#[inline]
fn join(cents: &mut i64, youths: &mut u32, monthly: i32, sign: i32) {
    *cents += (sign * monthly) as i64;
    // Plain arithmetic: a youth leaving care it never joined overflows in tests.
    if sign > 0 {
        *youths += 1;
    } else {
        *youths -= 1;
    }
}
