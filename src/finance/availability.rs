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
    /// Care above the contracted places (crisis admissions that cannot wait) is paid at
    /// tariff, per unit, instead of the occupancy tariff: the fee pays for the places, not
    /// for the youths beyond them.
    #[serde(default)]
    pub above_places_at_tariff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Availability {
    pub fee_per_place_month_cents: i64,
    pub occupancy_cents: i64,
    pub above_places_at_tariff: bool,
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
            above_places_at_tariff: input.above_places_at_tariff,
        }
    }

    fn build(&self, terms: &Terms) -> Runtime {
        Runtime {
            occupancy_cents: self.occupancy_cents,
            places: terms
                .contracts
                .iter()
                .map(|c| {
                    if self.above_places_at_tariff {
                        c.capacity
                    } else {
                        u32::MAX
                    }
                })
                .collect(),
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
    /// Per contract of the sub-segment (indexed from its first contract): the places paid
    /// by occupancy (`u32::MAX`: all), the monthly fee and the municipalities' shares in it.
    places: Vec<u32>,
    first: ContractId,
    fees: Vec<i64>,
    shares: Vec<Vec<f64>>,
}

impl FinancingScheme for Runtime {
    /// No response to occupancy, no trajectory price, no budget.
    fn plain_intake(&self) -> Option<super::Behaviour> {
        Some(self.behaviour())
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let k = delivery.contract.ix() - self.first.ix();
        let fee = indexed(self.fees[k], delivery.index);
        let occupancy = indexed(self.occupancy_cents, delivery.index);
        split(fee, &self.shares[k], paid_cents);
        let mut revenue = fee;
        // Youths above the places: that share of each municipality's care is paid at tariff.
        let occupied: u64 = delivery.cells.iter().map(|c| u64::from(c.occupied)).sum();
        let above = occupied.saturating_sub(u64::from(self.places[k]));
        let at_tariff = if above > 0 {
            above as f64 / occupied as f64
        } else {
            0.0
        };
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            let mut value = cell.occupied as i64 * occupancy;
            if at_tariff > 0.0 {
                value = (value as f64 * (1.0 - at_tariff) + cell.at_tariff_cents as f64 * at_tariff)
                    .round() as i64;
            }
            *paid += value;
            revenue += value;
        }
        revenue
    }
}
