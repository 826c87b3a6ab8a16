//! Keuzebudget (IJsselland 2023): a budget per youth set at referral; delivered care is
//! paid at tariff until the budget is used up, and what is left stays with the
//! municipality. A raise is asked 8 weeks before the budget runs out and arrives after a
//! delay when granted; referrals by GP, medical specialist or youth doctor expected above
//! a threshold wait for the region's consent.
//!
//! The toegang sets each youth's budget from the assessed care plan: standard budgets per
//! intervention over the expected duration (`004:3389-3395`, `004:3649-3651`), with room
//! for the care needed (`004:3704`): `budget_factor` × the plan's cost at tariff. A
//! duurzaam budget differs from a herstelbudget only by the period it covers, so a youth
//! assessed as long-term gets the budget of its longer plan, and every re-indication the
//! next period's. Regions that grant one amount per need level keep `budgets`.
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
    /// Per case: the budget is this factor × the assessed plan's cost at tariff.
    #[serde(default)]
    pub budget_factor: Option<f64>,
    /// Per need level: one amount for every youth of the level (instead of
    /// `budget_factor`).
    #[serde(default, deserialize_with = "crate::fields::map")]
    pub budgets: BTreeMap<String, BudgetInput>,
    #[serde(default)]
    pub raise: Option<RaiseInput>,
    /// Referrals by referrers needing consent whose budget exceeds this (€) wait for the
    /// region's consent.
    #[serde(default = "default_consent_threshold")]
    pub consent_threshold: f64,
    /// Working days the consent takes (default 5, the tender's aim, `004:2983-2984`).
    #[serde(default)]
    pub consent_delay_days: Option<f64>,
    /// Whole months the consent takes (instead of `consent_delay_days`).
    #[serde(default)]
    pub consent_delay_months: Option<u32>,
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

/// The tender aims at a decision within five working days (`004:2983-2984`).
const DEFAULT_CONSENT_DAYS: f64 = 5.0;
/// Working days in a month (261 a year).
pub const WORKING_DAYS_PER_MONTH: f64 = 21.75;

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

/// How the toegang sets a budget.
#[derive(Debug, Clone, PartialEq)]
pub enum Budgets {
    /// `factor` × the assessed plan's cost at tariff.
    PerCase { factor: f64 },
    /// One amount per need level.
    PerNeed(Vec<KeuzeBudget>),
}

/// How long the region's consent takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ConsentDelay {
    Months(u32),
    /// Working days: a referral waits a whole month with the probability that the
    /// decision falls after the month's placements (days / working days a month), so the
    /// mean delay is the days'.
    WorkingDays(f64),
}

/// The care plan the toegang assesses at a youth's referral, at base-year prices.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AssessedPlan {
    /// Care per month at tariff (cents), before any response of the provider.
    pub monthly_cents: f64,
    /// Months the indication is expected to run.
    pub months: u32,
    /// One-off cost at tariff (a trajectory product), cents.
    pub once_cents: f64,
}

impl AssessedPlan {
    pub fn cents(&self) -> f64 {
        self.monthly_cents * f64::from(self.months) + self.once_cents
    }
}

/// A budget granted: its amount and, for a budget per case, what a month of the plan is
/// budgeted (for the next period's budget at a re-indication); both cents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Granted {
    pub cents: i64,
    pub per_month: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keuzebudget {
    pub budgets: Budgets,
    pub raise: Option<BudgetRaise>,
    pub consent_threshold_cents: i64,
    pub consent_delay: ConsentDelay,
    pub efficiency_response: f64,
    pub step_down_preference: f64,
    pub refusal_tolerance: Option<f64>,
}

impl SchemeSpec for Keuzebudget {
    type Input = Input;
    type Runtime = Keuzebudget;
    const NAME: &'static str = "keuzebudget";

    fn validate(i: &Input, check: &mut Check<'_>) -> Keuzebudget {
        let budgets = match (i.budget_factor, i.budgets.is_empty()) {
            (Some(f), true) => Budgets::PerCase {
                factor: check.bounded("budget_factor", f, 0.0, 10.0),
            },
            (None, false) => Budgets::PerNeed(per_need(check, &i.budgets)),
            (Some(_), false) => {
                check.checker.fail(
                    check.at("budget_factor"),
                    "give either `budget_factor` (a budget per case, from the assessed plan) or \
                     `budgets` per need level, not both",
                );
                Budgets::PerCase { factor: 1.0 }
            }
            (None, true) => {
                check.checker.fail(
                    check.path,
                    "Keuzebudget needs `budget_factor` (a budget per case: the factor × the \
                     assessed plan's cost at tariff; 1.0 = the plan's cost) or `budgets` per \
                     need level",
                );
                Budgets::PerCase { factor: 1.0 }
            }
        };
        let consent_delay = match (i.consent_delay_days, i.consent_delay_months) {
            (Some(_), Some(m)) => {
                check.checker.fail(
                    check.at("consent_delay_days"),
                    "give either `consent_delay_days` (working days) or `consent_delay_months`, \
                     not both",
                );
                ConsentDelay::Months(m)
            }
            (None, Some(m)) => ConsentDelay::Months(m),
            (d, None) => ConsentDelay::WorkingDays(check.bounded(
                "consent_delay_days",
                d.unwrap_or(DEFAULT_CONSENT_DAYS),
                0.0,
                260.0,
            )),
        };
        let path = check.path.to_string();
        let c = &mut *check.checker;
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
            consent_delay,
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

/// The amounts per need level, validated.
fn per_need(check: &mut Check<'_>, budgets: &BTreeMap<String, BudgetInput>) -> Vec<KeuzeBudget> {
    let path = check.path.to_string();
    let c = &mut *check.checker;
    let needs = check.needs;
    c.by_need(&format!("{path}.budgets"), "budgets", budgets, needs)
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
        .collect()
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

    fn asks_consent(&self) -> bool {
        true
    }

    /// The referrer expects the assessed plan's cost (`expected`); above the threshold
    /// the referral waits for the region's consent.
    fn consent_delay(&self, key: u64, need: usize, expected: &AssessedPlan) -> Option<u32> {
        let budget = self.indication_budget(key, need, expected)?.cents;
        if budget <= self.consent_threshold_cents {
            return None;
        }
        Some(match self.consent_delay {
            ConsentDelay::Months(m) => m,
            ConsentDelay::WorkingDays(days) => {
                let months = days / WORKING_DAYS_PER_MONTH;
                let whole = months.floor();
                whole as u32 + u32::from(uniform(key, 0, Purpose::Consent) < months - whole)
            }
        })
    }

    /// Per case: the factor × the assessed plan's cost. Per need level: a herstelbudget,
    /// or for a share of youths a duurzaam budget, drawn from the youth's key alone so
    /// referral (consent) and placement agree.
    fn indication_budget(&self, key: u64, need: usize, plan: &AssessedPlan) -> Option<Granted> {
        Some(match &self.budgets {
            Budgets::PerCase { factor } => Granted {
                cents: (plan.cents() * factor).round() as i64,
                per_month: (plan.monthly_cents * factor).round() as i64,
            },
            Budgets::PerNeed(levels) => {
                let b = levels[need];
                let cents = if uniform(key, 0, Purpose::Budget) < b.duurzaam_share {
                    b.duurzaam_cents
                } else {
                    b.herstel_cents
                };
                Granted {
                    cents,
                    per_month: 0,
                }
            }
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
    /// A budget per case: what a month of the plan is budgeted (cents, indexed), for the
    /// next period's budget; 0 = a budget per need level, renewed at the same size.
    per_month: i32,
}

const UNCAPPED: Entry = Entry {
    left: NO_BUDGET,
    granted: 0,
    raise_at: 0,
    per_month: 0,
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
    #[inline]
    pub fn start(&mut self, slot: u32, budget: Option<Granted>) {
        let Some(b) = budget else {
            self.clear(slot);
            return;
        };
        let granted = b.cents.clamp(0, NO_BUDGET as i64 - 1) as i32;
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
            per_month: b.per_month.clamp(0, i32::MAX as i64) as i32,
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

    /// The indication is extended by `months` (a re-indication): a budget per case for
    /// the next period's plan, a budget per need level of the same size as before. What
    /// was left of the old budget is not carried over. Returns whether the youth has a
    /// budget.
    pub fn renew(&mut self, slot: u32, months: u32) -> bool {
        let Some(e) = self.entries.get_mut(slot as usize) else {
            return false;
        };
        if e.left == NO_BUDGET {
            return false;
        }
        if e.per_month > 0 {
            e.granted = (e.per_month as i64 * i64::from(months)).min(NO_BUDGET as i64 - 1) as i32;
        }
        e.raise_at = 0;
        e.left = e.granted;
        self.granted_cents += e.granted as i64;
        true
    }
}
