//! Financing schemes: who pays what for the care delivered under a contract.
//!
//! The engine records what each contract delivered, valued at tariff, per municipality.
//! A scheme turns that into payments at the end of each month. Adding a scheme means a new
//! file here implementing `FinancingScheme`; the engine does not change.

mod pxq;

pub use pxq::PriceTimesQuantity;

use crate::model::{ContractId, Model};

/// What one contract delivered in one month.
pub struct Delivery<'a> {
    pub month: u32,
    pub contract: ContractId,
    /// Care delivered, valued at tariff, in euro cents, per municipality.
    pub at_tariff_cents: &'a [i64],
}

pub trait FinancingScheme: Send + Sync {
    fn name(&self) -> &'static str;

    /// Adds the municipalities' payments for `delivery` to `paid_cents` (one entry per
    /// municipality) and returns the provider's revenue: the two must be equal, which the
    /// engine checks every month.
    fn settle(&self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64;
}

/// The scheme of each sub-segment, indexed by `SubId`.
pub fn schemes(model: &Model) -> Vec<Box<dyn FinancingScheme>> {
    model
        .subs
        .iter()
        .map(|_| Box::new(PriceTimesQuantity) as Box<dyn FinancingScheme>)
        .collect()
}
