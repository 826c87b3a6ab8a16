//! Keuzebudget (IJsselland 2023): a budget per youth set at referral; delivered care is
//! paid at tariff until the budget is used up, and what is left stays with the
//! municipality. A raise is asked 8 weeks before the budget runs out and arrives after a
//! delay when granted; referrals by GP, medical specialist or youth doctor expected above
//! a threshold wait for the region's consent.
//!
//! The per-youth budgets are this scheme's state: a column indexed by youth slot
//! ([`IndicationBudgets`]), kept beside the schemes, not in the youth record.

use super::{Behaviour, Check, Delivery, FinancingScheme, SchemeSpec, Terms};
use crate::rng::{Purpose, uniform};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Per need level.
    #[serde(deserialize_with = "crate::fields::map")]
    pub budgets: BTreeMap<String, BudgetInput>,
    #[serde(default)]
    pub raise: Option<RaiseInput>,
    /// Referrals by referrers needing consent whose budget exceeds this (€) wait for the
    /// region's consent.
    #[serde(default = "default_consent_threshold")]
    pub consent_threshold: f64,
    #[serde(default = "crate::fields::one_u32")]
    pub consent_delay_months: u32,
    #[serde(default)]
    pub efficiency_response: f64,
    #[serde(default)]
    pub step_down_preference: f64,
    /// Providers refuse a referral whose budget is below their own cost of its care plan
    /// by more than this share (0 = any shortfall; absent = providers never refuse).
    #[serde(default)]
    pub refusal_tolerance: Option<f64>,
}

fn default_consent_threshold() -> f64 {
    8000.0
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    /// Herstelbudget (finite treatment), €.
    pub herstel: f64,
    /// Duurzaam budget (long-term support), €.
    pub duurzaam: f64,
    /// Share of youths of this need level given a duurzaam budget.
    #[serde(default)]
    pub duurzaam_share: f64,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RaiseInput {
    /// Probability that a raise asked 8 weeks before exhaustion is granted.
    pub probability: f64,
    /// Raise as a share of the original budget.
    pub share: f64,
    /// Months from asking to approval.
    #[serde(default = "default_raise_delay")]
    pub delay_months: u32,
}

fn default_raise_delay() -> u32 {
    2
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeuzeBudget {
    pub herstel_cents: i64,
    pub duurzaam_cents: i64,
    pub duurzaam_share: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BudgetRaise {
    pub probability: f64,
    pub share: f64,
    pub delay_months: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keuzebudget {
    /// Per need level.
    pub budgets: Vec<KeuzeBudget>,
    pub raise: Option<BudgetRaise>,
    pub consent_threshold_cents: i64,
    pub consent_delay_months: u32,
    pub efficiency_response: f64,
    pub step_down_preference: f64,
    pub refusal_tolerance: Option<f64>,
}

impl SchemeSpec for Keuzebudget {
    type Input = Input;
    type Runtime = Keuzebudget;
    const NAME: &'static str = "keuzebudget";

    fn validate(i: &Input, check: &mut Check<'_>) -> Keuzebudget {
        let path = check.path.to_string();
        let c = &mut *check.checker;
        let needs = check.needs;
        let budgets = c
            .by_need(&format!("{path}.budgets"), "budgets", &i.budgets, needs)
            .into_iter()
            .enumerate()
            .map(|(n, b)| {
                let bp = format!("{path}.budgets.{}", needs[n]);
                let b = b.unwrap_or(BudgetInput {
                    herstel: 0.0,
                    duurzaam: 0.0,
                    duurzaam_share: 0.0,
                });
                KeuzeBudget {
                    herstel_cents: crate::check::cents(c.non_negative(
                        &format!("{bp}.herstel"),
                        "herstel budget",
                        b.herstel,
                    )),
                    duurzaam_cents: crate::check::cents(c.non_negative(
                        &format!("{bp}.duurzaam"),
                        "duurzaam budget",
                        b.duurzaam,
                    )),
                    duurzaam_share: c.probability(
                        &format!("{bp}.duurzaam_share"),
                        "duurzaam_share",
                        b.duurzaam_share,
                    ),
                }
            })
            .collect();
        let raise = i.raise.map(|r| BudgetRaise {
            probability: c.probability(
                &format!("{path}.raise.probability"),
                "raise probability",
                r.probability,
            ),
            share: c.non_negative(&format!("{path}.raise.share"), "raise share", r.share),
            delay_months: r.delay_months,
        });
        Keuzebudget {
            budgets,
            raise,
            consent_threshold_cents: check.euros(
                "consent_threshold",
                "consent_threshold",
                i.consent_threshold,
            ),
            consent_delay_months: i.consent_delay_months,
            efficiency_response: check.efficiency_response(i.efficiency_response),
            step_down_preference: check.step_down_preference(i.step_down_preference),
            refusal_tolerance: i
                .refusal_tolerance
                .map(|t| check.bounded("refusal_tolerance", t, 0.0, 1.0)),
        }
    }

    fn build(&self, _terms: &Terms) -> Keuzebudget {
        self.clone()
    }
}

impl FinancingScheme for Keuzebudget {
    /// Care is paid at tariff within the youths' budgets.
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let mut revenue = 0;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            *paid += cell.payable_cents;
            revenue += cell.payable_cents;
        }
        revenue
    }

    fn behaviour(&self) -> Behaviour {
        Behaviour::under_volume_risk(self.efficiency_response, self.step_down_preference)
    }

    fn consent_delay(&self, key: u64, need: usize) -> Option<u32> {
        let budget = self.indication_budget(key, need)?;
        (budget > self.consent_threshold_cents).then_some(self.consent_delay_months)
    }

    /// A herstelbudget, or for a share of youths a duurzaam budget. The two differ only in
    /// the period they cover, so only in amount here: the indication length is the care
    /// need's. Drawn from the youth's key alone, so referral (consent) and placement agree.
    fn indication_budget(&self, key: u64, need: usize) -> Option<i64> {
        let b = self.budgets[need];
        Some(if uniform(key, 0, Purpose::Budget) < b.duurzaam_share {
            b.duurzaam_cents
        } else {
            b.herstel_cents
        })
    }

    fn budget_raise(&self) -> Option<BudgetRaise> {
        self.raise
    }

    /// IJsselland lets a provider decline a referral when it does not agree with the budget
    /// (`004:3683-3700`): here one whose budget falls short of what its care plan will cost
    /// the provider by more than the tolerance.
    fn refuses(&self, budget_cents: Option<i64>, own_cost_cents: i64) -> bool {
        match (self.refusal_tolerance, budget_cents) {
            (Some(tol), Some(b)) => (b as f64) < own_cost_cents as f64 * (1.0 - tol),
            _ => false,
        }
    }
}

/// `left` of an indication without a budget cap.
const NO_BUDGET: i32 = i32::MAX;
/// `raise_at` of a budget whose raise was asked and refused, or has arrived.
const RAISE_DONE: u16 = u16::MAX;

#[derive(Debug, Clone, Copy)]
struct Entry {
    /// What is left of the budget (cents; `NO_BUDGET` when uncapped).
    left: i32,
    /// The budget granted when the indication started.
    granted: i32,
    /// 0 = no raise asked this indication, a month = when the granted raise arrives,
    /// `RAISE_DONE` = asked and refused, or arrived.
    raise_at: u16,
}

const UNCAPPED: Entry = Entry {
    left: NO_BUDGET,
    granted: 0,
    raise_at: 0,
};

/// Per youth slot: the budget of the running indication, when it has one. What is
/// granted and paid within budgets is summed from the first simulated month.
///
/// The column is filled lazily: until the first capped budget of a replication every
/// indication is uncapped and nothing is written, so a region without keuzebudget pays
/// nothing for it in the hot loop. A slot past the end of the column is uncapped.
#[derive(Debug, Default)]
pub struct IndicationBudgets {
    entries: Vec<Entry>,
    /// Whether any budget was granted this replication.
    capped: bool,
    pub granted_cents: i64,
    pub paid_cents: i64,
}

impl IndicationBudgets {
    pub fn reset(&mut self) {
        self.entries.clear();
        self.capped = false;
        self.granted_cents = 0;
        self.paid_cents = 0;
    }

    /// A youth enters slot `slot` with no budget.
    #[inline]
    pub fn clear(&mut self, slot: u32) {
        if let Some(e) = self.entries.get_mut(slot as usize) {
            *e = UNCAPPED;
        }
    }

    /// A new indication with `budget` (`None` = uncapped).
    pub fn start(&mut self, slot: u32, budget: Option<i64>) {
        let Some(b) = budget else {
            self.clear(slot);
            return;
        };
        let granted = b.min(NO_BUDGET as i64 - 1) as i32;
        self.granted_cents += granted as i64;
        self.capped = true;
        let s = slot as usize;
        if s >= self.entries.len() {
            self.entries.resize(s + 1, UNCAPPED);
        }
        self.entries[s] = Entry {
            left: granted,
            granted,
            raise_at: 0,
        };
    }

    /// The indication in `slot` is uncapped from now on (a running indication of the old
    /// model); what was granted stays granted.
    pub fn uncap(&mut self, slot: u32) {
        if let Some(e) = self.entries.get_mut(slot as usize) {
            e.left = NO_BUDGET;
        }
    }

    /// Whether any indication this replication had a budget.
    #[inline]
    pub fn capped(&self) -> bool {
        self.capped
    }

    #[inline(always)]
    pub fn has_budget(&self, slot: u32) -> bool {
        self.capped
            && self
                .entries
                .get(slot as usize)
                .is_some_and(|e| e.left != NO_BUDGET)
    }

    /// The part of `cents` of care the budget still covers, taken from it.
    #[inline(always)]
    pub fn pay(&mut self, slot: u32, cents: i64) -> i64 {
        match self.entries.get_mut(slot as usize) {
            Some(e) if e.left != NO_BUDGET => {
                let payable = cents.min(e.left as i64);
                e.left -= payable as i32;
                self.paid_cents += payable;
                payable
            }
            _ => cents,
        }
    }

    /// Once a month for a youth with a budget, under `raise`: an approved raise arrives;
    /// a raise is asked 8 weeks (two months of care) before the budget runs out. Care
    /// itself goes on as the indication says: what the budget does not cover is delivered
    /// at the provider's cost (its volume risk), not withheld. Returns whether a raise
    /// arrived (a re-indication).
    pub fn month(
        &mut self,
        slot: u32,
        raise: Option<BudgetRaise>,
        monthly_cents: i32,
        key: u64,
        t: u32,
    ) -> bool {
        let e = &mut self.entries[slot as usize];
        let mut arrived = false;
        if e.raise_at != 0 && e.raise_at != RAISE_DONE && e.raise_at as u32 <= t {
            if let Some(r) = raise {
                let extra = (e.granted as f64 * r.share) as i64;
                let before = e.left;
                e.left = (e.left as i64 + extra).min(NO_BUDGET as i64 - 1) as i32;
                self.granted_cents += (e.left - before) as i64;
            }
            e.raise_at = RAISE_DONE;
            arrived = true;
        }
        if let Some(r) = raise
            && e.raise_at == 0
            && (e.left as i64) < 2 * monthly_cents as i64
        {
            e.raise_at = RAISE_DONE;
            if uniform(key, t, Purpose::Raise) < r.probability {
                e.raise_at = (t + r.delay_months.max(1)).min(u16::MAX as u32) as u16;
            }
        }
        arrived
    }

    /// The indication is extended: a new budget of the same size (a re-indication).
    /// Returns whether the youth has a budget.
    pub fn renew(&mut self, slot: u32) -> bool {
        let Some(e) = self.entries.get_mut(slot as usize) else {
            return false;
        };
        if e.left == NO_BUDGET {
            return false;
        }
        e.left = e.granted;
        self.granted_cents += e.granted as i64;
        true
    }
}
