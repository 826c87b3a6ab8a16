//! Availability + occupancy (beschikbaarheidsbekostiging, `001:142-147`): a fee for every
//! contracted place each month, whether used or not, plus a tariff per occupied
//! place-month. Used for crisis beds and HCV, where empty capacity must be paid for.

use super::{Delivery, FinancingScheme, municipality_shares, split};
use crate::model::{Model, SubId};

pub struct Availability {
    occupancy_cents: i64,
    /// Per contract of the sub-segment (indexed from its first contract): the monthly fee
    /// and the municipalities' shares in it.
    first: u32,
    fees: Vec<i64>,
    shares: Vec<Vec<f64>>,
}

impl Availability {
    pub fn new(model: &Model, sub: SubId, fee_cents: i64, occupancy_cents: i64) -> Availability {
        let range = model.subs[sub as usize].contracts.clone();
        Availability {
            occupancy_cents,
            first: range.start,
            fees: range
                .clone()
                .map(|c| fee_cents * model.contracts[c as usize].capacity.min(1_000_000) as i64)
                .collect(),
            shares: range.map(|c| municipality_shares(model, c)).collect(),
        }
    }
}

impl FinancingScheme for Availability {
    fn name(&self) -> &'static str {
        "availability"
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let k = (delivery.contract - self.first) as usize;
        let fee = self.fees[k];
        split(fee, &self.shares[k], paid_cents);
        let mut revenue = fee;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            let value = cell.occupied as i64 * self.occupancy_cents;
            *paid += value;
            revenue += value;
        }
        revenue
    }
}
