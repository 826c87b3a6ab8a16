//! P×Q: the municipality pays every delivered unit at its tariff, so cost follows volume
//! and the municipality carries the volume risk.

use super::{
    Behaviour, Check, Delivery, FinancingScheme, SchemeSpec, Terms, indexed, pay_at_tariff,
};
use crate::ids::ContractId;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// More units per month and longer indications (e.g. 0.05 = +5%).
    #[serde(default)]
    pub volume_response: f64,
    /// A provider with spare places plans more: units and indication length × (1 + this)
    /// for indications it starts while less than `spare_occupancy` of its places are taken.
    #[serde(default)]
    pub spare_capacity_response: f64,
    #[serde(default = "default_spare_occupancy")]
    pub spare_occupancy: f64,
    /// A budget ceiling (budgetplafond) per provider and calendar year, and what happens
    /// above it. None: every unit is paid, however many.
    #[serde(default)]
    pub ceiling: Option<CeilingInput>,
}

fn default_spare_occupancy() -> f64 {
    0.85
}

/// The budgetplafond: each contract's yearly ceiling is `share` × its turnover at tariff in
/// the base year (the history before go-live), indexed like tariffs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeilingInput {
    #[serde(default = "one")]
    pub share: f64,
    #[serde(default)]
    pub above: Above,
}

fn one() -> f64 {
    1.0
}

/// What happens when a provider's production in a year reaches its ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Above {
    /// The provider stops admitting new clients until the next year: youths wait.
    #[default]
    Waiting,
    /// The provider keeps admitting; care above the ceiling is not paid (it absorbs it).
    Unpaid,
    /// The ceiling is a signal only: care above it is paid at tariff.
    Paid,
}

/// A validated ceiling.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ceiling {
    pub share: f64,
    pub above: Above,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pxq {
    pub volume_response: f64,
    pub spare_capacity_response: f64,
    pub spare_occupancy: f64,
    pub ceiling: Option<Ceiling>,
}

/// P×Q as `Pxq()` validates: no behavioural response.
impl Default for Pxq {
    fn default() -> Pxq {
        Pxq {
            volume_response: 0.0,
            spare_capacity_response: 0.0,
            spare_occupancy: default_spare_occupancy(),
            ceiling: None,
        }
    }
}

impl SchemeSpec for Pxq {
    type Input = Input;
    type Runtime = Runtime;
    const NAME: &'static str = "pxq";

    fn validate(input: &Input, check: &mut Check<'_>) -> Pxq {
        Pxq {
            volume_response: check.bounded("volume_response", input.volume_response, 0.0, 0.5),
            spare_capacity_response: check.bounded(
                "spare_capacity_response",
                input.spare_capacity_response,
                0.0,
                0.5,
            ),
            spare_occupancy: check.bounded("spare_occupancy", input.spare_occupancy, 0.0, 1.0),
            ceiling: input.ceiling.as_ref().map(|c| Ceiling {
                share: check.bounded("ceiling.share", c.share, 0.0, 10.0),
                above: c.above,
            }),
        }
    }

    fn build(&self, terms: &Terms) -> Runtime {
        let ceilings = match self.ceiling {
            Some(c) => terms
                .contracts
                .iter()
                .map(|t| (t.reference_yearly_cents * c.share).round() as i64)
                .collect(),
            None => Vec::new(),
        };
        Runtime {
            spec: *self,
            first: terms.first,
            paid_year: vec![0; ceilings.len()],
            ceilings,
        }
    }

    fn needs_reference(&self) -> bool {
        self.ceiling.is_some()
    }
}

/// P×Q at run time: with a ceiling, each contract's yearly ceiling (base-year prices)
/// and what it was paid so far this calendar year.
#[derive(Debug, Clone)]
pub struct Runtime {
    spec: Pxq,
    first: ContractId,
    ceilings: Vec<i64>,
    paid_year: Vec<i64>,
}

impl Runtime {
    /// The ceiling of `contract` at price index `index`; none without one, or for a
    /// contract without base-year turnover (activated later: paid at tariff).
    fn ceiling(&self, contract: ContractId, index: f64) -> Option<i64> {
        let k = contract.ix().checked_sub(self.first.ix())?;
        let c = *self.ceilings.get(k)?;
        (c > 0).then(|| indexed(c, index))
    }
}

impl FinancingScheme for Runtime {
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let Some(ceiling) = self.spec.ceiling else {
            return pay_at_tariff(delivery, paid_cents);
        };
        let k = delivery.contract.ix() - self.first.ix();
        if delivery.calendar_month == 0 {
            self.paid_year[k] = 0;
        }
        let cap = self.ceiling(delivery.contract, delivery.index);
        let due: i64 = delivery.cells.iter().map(|c| c.at_tariff_cents).sum();
        let payable = match (ceiling.above, cap) {
            (Above::Unpaid, Some(cap)) => due.min((cap - self.paid_year[k]).max(0)),
            _ => due,
        };
        let revenue = if payable == due {
            pay_at_tariff(delivery, paid_cents)
        } else {
            // Above the ceiling: each municipality's care is paid in the same share, the
            // rounding rest to the last municipality with care, so the sum is exact.
            let share = if due > 0 {
                payable as f64 / due as f64
            } else {
                0.0
            };
            let mut revenue = 0;
            let last = delivery.cells.iter().rposition(|c| c.at_tariff_cents > 0);
            for (m, (paid, cell)) in paid_cents.iter_mut().zip(delivery.cells).enumerate() {
                let value = if Some(m) == last {
                    payable - revenue
                } else {
                    (cell.at_tariff_cents as f64 * share).floor() as i64
                };
                *paid += value;
                revenue += value;
            }
            revenue
        };
        self.paid_year[k] += revenue;
        revenue
    }

    /// Under a ceiling with `above: waiting`, a provider whose production this year has
    /// reached its ceiling admits nobody until the year ends.
    fn over_budget(&self, contract: ContractId, production_year_cents: i64, index: f64) -> bool {
        self.spec.ceiling.is_some_and(|c| c.above == Above::Waiting)
            && self
                .ceiling(contract, index)
                .is_some_and(|cap| production_year_cents >= cap)
    }

    fn behaviour(&self) -> Behaviour {
        Behaviour {
            units: 1.0 + self.spec.volume_response,
            duration: 1.0 + self.spec.volume_response,
            step_down: 1.0,
        }
    }

    /// Plain unless the provider responds to spare capacity (`behaviour_at_intake`).
    fn plain_intake(&self) -> Option<Behaviour> {
        if self.spec.spare_capacity_response > 0.0 {
            None
        } else {
            Some(self.behaviour())
        }
    }

    /// The volume incentive of payment per unit: a provider with empty places fills them
    /// with more hours and longer indications for the clients it has.
    fn behaviour_at_intake(&self, occupancy: impl FnOnce() -> Option<f64>) -> Behaviour {
        let mut b = self.behaviour();
        if self.spec.spare_capacity_response > 0.0
            && occupancy().is_some_and(|o| o < self.spec.spare_occupancy)
        {
            b.units *= 1.0 + self.spec.spare_capacity_response;
            b.duration *= 1.0 + self.spec.spare_capacity_response;
        }
        b
    }
}
