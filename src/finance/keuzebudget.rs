//! Keuzebudget (IJsselland 2023, `004:3364-3720`): delivered care is paid at tariff until
//! the youth's budget is used up; what is left stays with the municipality. The cap is
//! applied per youth by the engine (`payable_cents`); the budget itself, its raises and
//! the consent delay are set at referral and placement.

use super::{Delivery, FinancingScheme};

pub struct Keuzebudget;

impl FinancingScheme for Keuzebudget {
    fn name(&self) -> &'static str {
        "keuzebudget"
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let mut revenue = 0;
        for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
            *paid += cell.payable_cents;
            revenue += cell.payable_cents;
        }
        revenue
    }
}
