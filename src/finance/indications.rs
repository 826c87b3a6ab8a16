//! Per youth slot, what the financing of its running indication keeps: the indication
//! budget a keuzebudget grants, and what is still due of a trajectory price. Each is the
//! state of its own scheme (`keuzebudget.rs`, `trajectory.rs`); the engine reaches both
//! through these hooks alone and never names a scheme.

use super::keuzebudget::{BudgetRaise, Granted, IndicationBudgets};
use super::trajectory::TrajectoryPrices;

#[derive(Debug, Default)]
pub struct Indications {
    budgets: IndicationBudgets,
    prices: TrajectoryPrices,
}

impl Indications {
    /// A new replication: no budgets, no prices due.
    pub fn reset(&mut self) {
        self.budgets.reset();
        self.prices.reset();
    }

    /// A youth enters slot `slot`: no budget, no price.
    #[inline]
    pub fn enter(&mut self, slot: u32) {
        self.budgets.clear(slot);
        self.prices.clear(slot);
    }

    /// A new indication in `slot`, with the budget and trajectory price its scheme set
    /// (`None`: uncapped, no price).
    #[inline]
    pub fn start(&mut self, slot: u32, budget: Option<Granted>, price: Option<(i64, f64)>) {
        self.budgets.start(slot, budget);
        self.prices.start(slot, price);
    }

    /// The indication in `slot` is uncapped from now on (a running indication of the old
    /// model); what was granted stays granted.
    pub fn uncap(&mut self, slot: u32) {
        self.budgets.uncap(slot);
    }

    /// Whether any indication this replication had a budget: youths are then delivered
    /// one by one.
    #[inline]
    pub fn any_budget(&self) -> bool {
        self.budgets.capped()
    }

    #[inline(always)]
    pub fn has_budget(&self, slot: u32) -> bool {
        self.budgets.has_budget(slot)
    }

    /// The part of `cents` of care the budget still covers, taken from it.
    #[inline(always)]
    pub fn pay(&mut self, slot: u32, cents: i64) -> i64 {
        self.budgets.pay(slot, cents)
    }

    /// Once a month for a youth with a budget: a raise asked or arriving
    /// (`IndicationBudgets::month`). Returns whether a raise arrived (a re-indication).
    pub fn month(
        &mut self,
        slot: u32,
        raise: Option<BudgetRaise>,
        monthly_cents: i32,
        key: u64,
        t: u32,
    ) -> bool {
        self.budgets.month(slot, raise, monthly_cents, key, t)
    }

    /// The indication is extended by `months`: the next period's budget. Returns whether
    /// the youth has a budget.
    pub fn renew(&mut self, slot: u32, months: u32) -> bool {
        self.budgets.renew(slot, months)
    }

    /// The trajectory advance still due for `slot`, taken (paid with the month's care).
    #[inline(always)]
    pub fn take_advance(&mut self, slot: u32) -> i64 {
        self.prices.take_advance(slot)
    }

    /// At closure: what is still due of the trajectory's price, taken, and the whole
    /// price; (0, 0) without one.
    #[inline]
    pub fn close(&mut self, slot: u32) -> (i64, i64) {
        self.prices.close(slot)
    }

    /// Budgets granted and paid this replication (cents).
    pub fn budget_totals(&self) -> (i64, i64) {
        (self.budgets.granted_cents, self.budgets.paid_cents)
    }
}
