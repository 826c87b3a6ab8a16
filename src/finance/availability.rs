//! Availability + occupancy (beschikbaarheidsbekostiging): a fee for every contracted
//! place each month, whether used or not, plus a tariff per occupied place-month. Used for
//! crisis beds and HCV, where empty capacity must be paid for.

use super::{Check, Delivery, FinancingScheme, SchemeSpec, Terms, indexed, split};
use crate::ids::ContractId;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Fee per contracted place per month, €.
    pub fee_per_place_month: f64,
    /// Tariff per occupied place-month, €.
    pub occupancy_tariff: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Availability {
    pub fee_per_place_month_cents: i64,
    pub occupancy_cents: i64,
}

impl SchemeSpec for Availability {
    type Input = Input;
    type Runtime = Runtime;
    const NAME: &'static str = "availability";

    fn validate(input: &Input, check: &mut Check<'_>) -> Availability {
        Availability {
            fee_per_place_month_cents: check.euros(
                "fee_per_place_month",
                "fee_per_place_month",
                input.fee_per_place_month,
            ),
            occupancy_cents: check.euros(
                "occupancy_tariff",
                "occupancy_tariff",
                input.occupancy_tariff,
            ),
        }
    }

    fn build(&self, terms: &Terms) -> Runtime {
        Runtime {
            occupancy_cents: self.occupancy_cents,
            first: terms.first,
            fees: terms
                .contracts
                .iter()
                .map(|c| self.fee_per_place_month_cents * c.capacity.min(1_000_000) as i64)
                .collect(),
            shares: terms.contracts.iter().map(|c| c.shares.clone()).collect(),
        }
    }

    fn pays_per_place(&self) -> bool {
        true
    }
}

#[derive(Clone)]
pub struct Runtime {
    occupancy_cents: i64,
    /// Per contract of the sub-segment (indexed from its first contract): the monthly fee
    /// and the municipalities' shares in it.
    first: ContractId,
    fees: Vec<i64>,
    shares: Vec<Vec<f64>>,
}

impl FinancingScheme for Runtime {
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let k = delivery.contract.ix() - self.first.ix();
        let fee = indexed(self.fees[k], delivery.index);
        let occupancy = indexed(self.occupancy_cents, delivery.index);
        split(fee, &self.shares[k], paid_cents);
        let mut revenue = fee;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            let value = cell.occupied as i64 * occupancy;
            *paid += value;
            revenue += value;
        }
        revenue
    }
}
