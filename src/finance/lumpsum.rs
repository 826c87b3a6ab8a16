//! Lumpsum: each contracted provider gets a yearly budget, paid in twelfths, whatever it
//! delivers. The budget is fixed ex ante: the contract's production at tariff in the base
//! year before go-live (under the previous financing) × (1 − discount), never from the
//! simulated future. The municipality's cost is fixed; the provider carries the volume
//! risk. Between years the budget stays (`rebase: fixed`) or follows last year's
//! production (`rebase: last_year`). With a bandwidth (bandbreedte), production outside
//! ±bandwidth of the budget's base is settled at year end at tariff × settlement share.
//! With a rationing tolerance, a provider past its budget by more than the tolerance
//! admits no new clients until January (admission restriction: youths wait). While its
//! production this year runs ahead of its budget pro rata, a provider may discharge part
//! of the clients it would extend (`early_discharge`) or refer them on to care still paid
//! per unit (`shift_to_pxq`). A contract without base-year production (a
//! provider activated later from the wachtkamer) has no budget yet: it is paid at tariff
//! until its first year end, and from then on by last year's production.

use super::{
    Behaviour, Check, Delivery, FinancingScheme, Pressure, SchemeSpec, Terms, indexed,
    pay_at_tariff, ratio_at_tariff, split,
};
use crate::ids::ContractId;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Reduction (korting) on the base-year production at tariff.
    #[serde(default)]
    pub discount: f64,
    /// The sub-segment's total budget in € a year; default: its production at tariff in
    /// the base year before go-live, split over providers by their base-year share.
    #[serde(default)]
    pub budget: Option<f64>,
    /// Bandbreedte: production outside ±bandwidth of the reference is settled at year end.
    #[serde(default)]
    pub bandwidth: Option<f64>,
    /// Share of the tariff at which production beyond the band is settled.
    #[serde(default = "crate::fields::one")]
    pub settlement_share: f64,
    /// Fewer units per month and shorter indications.
    #[serde(default)]
    pub efficiency_response: f64,
    /// Relative increase of the step-down hazard.
    #[serde(default)]
    pub step_down_preference: f64,
    /// A provider past its budget by more than this share admits no new clients until the
    /// next year; absent = never.
    #[serde(default)]
    pub rationing_tolerance: Option<f64>,
    /// How the budget is set for the following years.
    #[serde(default)]
    pub rebase: Rebase,
    /// While the provider's production this year runs ahead of its budget pro rata, the
    /// share of the indication extensions it would grant that it ends instead.
    #[serde(default)]
    pub early_discharge: f64,
    /// While it runs ahead, the share of those extensions it refers on to a step-up or
    /// step-down sub-segment paid P×Q (when there is one).
    #[serde(default)]
    pub shift_to_pxq: f64,
}

/// How a lumpsum budget is set again at each year end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rebase {
    /// The base-year budget for the whole contract period.
    #[default]
    Fixed,
    /// Next year's budget is this year's production at tariff × (1 − discount).
    LastYear,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lumpsum {
    pub discount: f64,
    pub budget_cents: Option<i64>,
    pub bandwidth: Option<f64>,
    pub settlement_share: f64,
    pub efficiency_response: f64,
    pub step_down_preference: f64,
    pub rationing_tolerance: Option<f64>,
    pub rebase: Rebase,
    pub early_discharge: f64,
    pub shift_to_pxq: f64,
}

impl SchemeSpec for Lumpsum {
    type Input = Input;
    type Runtime = Runtime;
    const NAME: &'static str = "lumpsum";

    fn validate(i: &Input, check: &mut Check<'_>) -> Lumpsum {
        let early_discharge = check.bounded("early_discharge", i.early_discharge, 0.0, 1.0);
        let mut shift_to_pxq = check.bounded("shift_to_pxq", i.shift_to_pxq, 0.0, 1.0);
        if early_discharge + shift_to_pxq > 1.0 {
            check.checker.fail(
                check.at("shift_to_pxq"),
                format!(
                    "early_discharge + shift_to_pxq is {}, above 1: together they are shares \
                     of the same extensions; lower one of them",
                    early_discharge + shift_to_pxq
                ),
            );
            shift_to_pxq = 0.0;
        }
        Lumpsum {
            discount: check.bounded("discount", i.discount, 0.0, 0.5),
            budget_cents: i.budget.map(|b| check.euros("budget", "budget", b)),
            bandwidth: i.bandwidth.map(|b| check.bounded("bandwidth", b, 0.0, 1.0)),
            settlement_share: {
                let path = check.at("settlement_share");
                check
                    .checker
                    .probability(&path, "settlement_share", i.settlement_share)
            },
            efficiency_response: check.efficiency_response(i.efficiency_response),
            step_down_preference: check.step_down_preference(i.step_down_preference),
            rationing_tolerance: i
                .rationing_tolerance
                .map(|t| check.bounded("rationing_tolerance", t, 0.0, 1.0)),
            rebase: i.rebase,
            early_discharge,
            shift_to_pxq,
        }
    }

    fn build(&self, terms: &Terms) -> Runtime {
        let refs: Vec<f64> = terms
            .contracts
            .iter()
            .map(|c| c.reference_yearly_cents)
            .collect();
        let total_ref: f64 = refs.iter().sum();
        // An explicit sub-segment budget is split over providers by their reference share
        // (equally when there is no reference production at all).
        let budget: Vec<i64> = refs
            .iter()
            .map(|&r| match self.budget_cents {
                Some(b) if total_ref > 0.0 => (b as f64 * r / total_ref).round() as i64,
                Some(b) => b / refs.len() as i64,
                None => (r * (1.0 - self.discount)).round() as i64,
            })
            .collect();
        Runtime {
            spec: *self,
            first: terms.first,
            reference: refs.iter().map(|r| r.round() as i64).collect(),
            months: vec![0; budget.len()],
            go_live: terms.go_live,
            budget,
            shares: terms.contracts.iter().map(|c| c.shares.clone()).collect(),
        }
    }

    fn needs_reference(&self) -> bool {
        true
    }
}

#[derive(Clone)]
pub struct Runtime {
    spec: Lumpsum,
    first: ContractId,
    /// Per contract of the sub-segment: reference production at tariff and budget, cents a year.
    reference: Vec<i64>,
    budget: Vec<i64>,
    shares: Vec<Vec<f64>>,
    /// Per contract: months settled since the last year end.
    months: Vec<u8>,
    /// Go-live: budgets are rebased from then on.
    go_live: u32,
}

impl FinancingScheme for Runtime {
    /// Its budget against the base year's production.
    fn revenue_ratio_in_history(&self, contract: ContractId) -> Option<f64> {
        self.ratio_at_base(contract)
    }

    fn revenue_ratio_at_equal_production(
        &self,
        contract: ContractId,
        revenue_cents: i64,
        production_cents: i64,
    ) -> Option<f64> {
        // Revenue does not follow volume: compare at the base year's production, where the
        // bandwidth settles nothing. A contract without a base year is paid at tariff.
        self.ratio_at_base(contract)
            .or_else(|| ratio_at_tariff(revenue_cents, production_cents))
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let k = delivery.contract.ix() - self.first.ix();
        self.months[k] = self.months[k].saturating_add(1);
        if self.reference[k] == 0 && self.budget[k] == 0 {
            return pay_at_tariff(delivery, paid_cents);
        }
        let budget = indexed(self.budget[k], delivery.index);
        // Twelve equal instalments; the rounding rest goes with December's.
        let base = budget / 12;
        let amount = if delivery.calendar_month == 11 {
            budget - 11 * base
        } else {
            base
        };
        split(amount, &self.shares[k], paid_cents);
        amount
    }

    fn behaviour(&self) -> Behaviour {
        Behaviour::under_volume_risk(
            self.spec.efficiency_response,
            self.spec.step_down_preference,
        )
    }

    /// No response to occupancy, no trajectory price, no budget.
    fn plain_intake(&self) -> Option<Behaviour> {
        Some(self.behaviour())
    }

    fn over_budget(&self, contract: ContractId, production_year_cents: i64, index: f64) -> bool {
        let budget = indexed(self.budget[contract.ix() - self.first.ix()], index);
        budget > 0
            && self
                .spec
                .rationing_tolerance
                .is_some_and(|tol| production_year_cents as f64 > budget as f64 * (1.0 + tol))
    }

    fn pressure(
        &self,
        contract: ContractId,
        production_year_cents: i64,
        elapsed_months: u32,
        index: f64,
    ) -> Pressure {
        let spec = &self.spec;
        if spec.early_discharge == 0.0 && spec.shift_to_pxq == 0.0 {
            return Pressure::NONE;
        }
        let budget = indexed(self.budget[contract.ix() - self.first.ix()], index);
        let pro_rata = budget as f64 * f64::from(elapsed_months.min(12)) / 12.0;
        if budget > 0 && production_year_cents as f64 > pro_rata {
            Pressure {
                early_discharge: spec.early_discharge,
                shift: spec.shift_to_pxq,
            }
        } else {
            Pressure::NONE
        }
    }

    fn year_end(
        &mut self,
        delivery: &Delivery<'_>,
        production_cents: i64,
        paid_cents: &mut [i64],
    ) -> i64 {
        let k = delivery.contract.ix() - self.first.ix();
        let amount = self.settle_band(k, production_cents, delivery.index, paid_cents);
        // A contract without a budget yet gets one from the year it just had, annualised
        // over the months it was contracted.
        let months = std::mem::take(&mut self.months[k]).clamp(1, 12);
        let rebase = self.spec.rebase == Rebase::LastYear && delivery.month >= self.go_live;
        if rebase || self.reference[k] == 0 {
            // Budgets are kept in base-year prices and indexed when paid.
            let yearly = production_cents.max(0) as f64 * 12.0 / f64::from(months) / delivery.index;
            self.reference[k] = yearly.round() as i64;
            self.budget[k] = (yearly * (1.0 - self.spec.discount)).round() as i64;
        }
        amount
    }

    /// Paid per year, not per declaration; but a bandwidth or a budget rebased on last
    /// year's production settles on production, which providers declare monthly, per
    /// client, as under P×Q.
    fn declarations(&self, youth_months: u64, _trajectories: u64) -> u64 {
        if self.spec.bandwidth.is_some() || self.spec.rebase == Rebase::LastYear {
            youth_months
        } else {
            0
        }
    }
}

impl Runtime {
    /// At equal production — the base year's — a fixed budget pays budget / base.
    fn ratio_at_base(&self, contract: ContractId) -> Option<f64> {
        let k = contract.ix() - self.first.ix();
        (self.reference[k] > 0).then(|| self.budget[k] as f64 / self.reference[k] as f64)
    }

    /// The bandwidth settlement of contract `k` at year end: production outside ±bandwidth
    /// of the budget's base, at tariff × settlement share.
    fn settle_band(
        &self,
        k: usize,
        production_cents: i64,
        index: f64,
        paid_cents: &mut [i64],
    ) -> i64 {
        let Some(band) = self.spec.bandwidth else {
            return 0;
        };
        if self.reference[k] == 0 {
            return 0;
        }
        let reference = indexed(self.reference[k], index) as f64;
        let (lo, hi) = (reference * (1.0 - band), reference * (1.0 + band));
        let p = production_cents as f64;
        let beyond = if p > hi {
            p - hi
        } else if p < lo {
            p - lo
        } else {
            0.0
        };
        let amount = (beyond * self.spec.settlement_share).round() as i64;
        if amount != 0 {
            split(amount, &self.shares[k], paid_cents);
        }
        amount
    }
}
