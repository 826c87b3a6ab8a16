//! Trajectory / profile price (IJsselland 2017–2020): a fixed price per trajectory
//! (placement or extension), whatever the hours; more or less work is not settled.

use super::{Check, Delivery, FinancingScheme, SchemeSpec, Terms};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Price of one trajectory, €.
    pub price: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Trajectory {
    pub price_cents: i64,
}

impl SchemeSpec for Trajectory {
    type Input = Input;
    type Runtime = Trajectory;
    const NAME: &'static str = "trajectory";

    fn validate(input: &Input, check: &mut Check<'_>) -> Trajectory {
        Trajectory {
            price_cents: check.euros("price", "trajectory price", input.price),
        }
    }

    fn build(&self, _terms: &Terms) -> Trajectory {
        *self
    }
}

impl FinancingScheme for Trajectory {
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let mut revenue = 0;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            let value = cell.trajectories as i64 * self.price_cents;
            *paid += value;
            revenue += value;
        }
        revenue
    }

    /// One declaration per trajectory, not per month of care.
    fn declarations(&self, _youth_months: u64, trajectories: u64) -> u64 {
        trajectories
    }
}
