//! P×Q: the municipality pays every delivered unit at its tariff, so cost follows volume
//! and the municipality carries the volume risk.

use super::{Delivery, FinancingScheme};

pub struct PriceTimesQuantity;

impl FinancingScheme for PriceTimesQuantity {
    fn name(&self) -> &'static str {
        "pxq"
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let mut revenue = 0;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            *paid += cell.at_tariff_cents;
            revenue += cell.at_tariff_cents;
        }
        revenue
    }
}
