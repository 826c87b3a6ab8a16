//! Lumpsum: each contracted provider gets a yearly budget, paid in twelfths, whatever it
//! delivers: budget = reference volume × tariff × (1 − discount). The municipality's cost
//! is fixed; the provider carries the volume risk. With a bandwidth (bandbreedte),
//! production outside ±bandwidth of the reference is settled at year end at tariff ×
//! settlement share. With a rationing tolerance, a provider past its budget by more than
//! the tolerance admits no new clients until January.

use super::{Behaviour, Check, Delivery, FinancingScheme, SchemeSpec, Terms, split};
use crate::ids::ContractId;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Reduction on the reference volume × tariff.
    #[serde(default)]
    pub discount: f64,
    /// The sub-segment's total budget in € a year; default: its expected production at
    /// tariff (a P×Q reference run), split over providers by their reference share.
    #[serde(default)]
    pub budget: Option<f64>,
    /// Bandbreedte: production outside ±bandwidth of the reference is settled at year end.
    #[serde(default)]
    pub bandwidth: Option<f64>,
    /// Share of the tariff at which production beyond the band is settled.
    #[serde(default = "one")]
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
}

fn one() -> f64 {
    1.0
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
}

impl SchemeSpec for Lumpsum {
    type Input = Input;
    type Runtime = Runtime;
    const NAME: &'static str = "lumpsum";

    fn validate(i: &Input, check: &mut Check<'_>) -> Lumpsum {
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
        let budget = refs
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
            budget,
            shares: terms.contracts.iter().map(|c| c.shares.clone()).collect(),
        }
    }

    fn needs_reference(&self) -> bool {
        true
    }
}

pub struct Runtime {
    spec: Lumpsum,
    first: ContractId,
    /// Per contract of the sub-segment: reference production at tariff and budget, cents a year.
    reference: Vec<i64>,
    budget: Vec<i64>,
    shares: Vec<Vec<f64>>,
}

impl FinancingScheme for Runtime {
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let k = delivery.contract.ix() - self.first.ix();
        // Twelve equal instalments; the rounding rest goes with December's.
        let base = self.budget[k] / 12;
        let amount = if delivery.calendar_month == 11 {
            self.budget[k] - 11 * base
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

    fn over_budget(&self, contract: ContractId, production_year_cents: i64) -> bool {
        self.spec.rationing_tolerance.is_some_and(|tol| {
            let budget = self.budget[contract.ix() - self.first.ix()];
            production_year_cents as f64 > budget as f64 * (1.0 + tol)
        })
    }

    fn year_end(
        &mut self,
        contract: ContractId,
        production_cents: i64,
        paid_cents: &mut [i64],
    ) -> i64 {
        let Some(band) = self.spec.bandwidth else {
            return 0;
        };
        let k = contract.ix() - self.first.ix();
        let reference = self.reference[k] as f64;
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

    fn yearly_budget(&self, contract: ContractId) -> Option<i64> {
        Some(self.budget[contract.ix() - self.first.ix()])
    }

    /// Paid per year, not per declaration.
    fn declarations(&self, _youth_months: u64, _trajectories: u64) -> u64 {
        0
    }

    fn carries_volume_risk(&self) -> bool {
        true
    }
}
