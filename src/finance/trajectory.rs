//! Trajectory / profile price (IJsselland 2017–2020, `003:522-560`): a fixed price per
//! trajectory, whatever the hours; more or less work is not settled.

use super::{Delivery, FinancingScheme};

pub struct TrajectoryPrice {
    pub price_cents: i64,
}

impl FinancingScheme for TrajectoryPrice {
    fn name(&self) -> &'static str {
        "trajectory"
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let mut revenue = 0;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            let value = cell.trajectories as i64 * self.price_cents;
            *paid += value;
            revenue += value;
        }
        revenue
    }
}
