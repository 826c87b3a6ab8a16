//! Financing schemes: who pays what for the care delivered under a contract (MODEL.md §5).
//!
//! The engine records what each contract delivered in a month, per municipality: valued at
//! tariff, what is payable within youths' budgets, occupied youth-months and trajectories
//! started. A scheme turns that into payments. Each scheme is one file implementing
//! `FinancingScheme`; the engine only calls the trait.

mod availability;
mod keuzebudget;
mod lumpsum;
mod pxq;
mod trajectory;

pub use availability::Availability;
pub use keuzebudget::Keuzebudget;
pub use lumpsum::Lumpsum;
pub use pxq::PriceTimesQuantity;
pub use trajectory::TrajectoryPrice;

use crate::model::{ContractId, Financing, Model, SubId};

/// What one contract delivered to one municipality in one month. One record, so the
/// engine's per-youth bookkeeping touches one cache line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cell {
    /// Care delivered, valued at tariff, in cents.
    pub at_tariff_cents: i64,
    /// The part of it within the youths' budgets (keuzebudget), in cents.
    pub payable_cents: i64,
    /// Youths in care this month.
    pub occupied: u32,
    /// Trajectories started this month (placements and extensions).
    pub trajectories: u32,
    /// Care under legacy indications (started before go-live), at tariff, in cents: paid
    /// P×Q by the engine whatever the scheme, and not part of the fields above.
    pub legacy_cents: i64,
}

/// What one contract delivered in one month, per municipality.
pub struct Delivery<'a> {
    /// Simulated month index (warm-up included).
    pub month: u32,
    /// Calendar month, 0 = January.
    pub calendar_month: u32,
    pub contract: ContractId,
    /// One cell per municipality.
    pub cells: &'a [Cell],
}

pub trait FinancingScheme: Send {
    fn name(&self) -> &'static str;

    /// Adds the municipalities' payments for `delivery` to `paid_cents` (one entry per
    /// municipality) and returns the provider's revenue: the two must be equal, which the
    /// engine checks every month.
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64;

    /// Year-end settlement for `contract`, given its production at tariff in the calendar
    /// year (bandbreedte). Adds to `paid_cents` and returns the provider's extra revenue
    /// (negative when the provider pays back).
    fn year_end(
        &mut self,
        _contract: ContractId,
        _production_cents: i64,
        _paid_cents: &mut [i64],
    ) -> i64 {
        0
    }

    /// The contract's budget for the current year, when the scheme has one (lumpsum).
    fn yearly_budget(&self, _contract: ContractId) -> Option<i64> {
        None
    }
}

/// Expected yearly production at tariff per contract, from a P×Q reference run: the
/// "reference volume × tariff" of a lumpsum budget.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// Per contract, cents a year.
    pub yearly_cents: Vec<f64>,
}

/// Shares of each municipality in a contract's fixed payments: by youth population among
/// the municipalities it covers.
pub fn municipality_shares(model: &Model, contract: ContractId) -> Vec<f64> {
    let covers = model.contracts[contract as usize].covers;
    let weights: Vec<f64> = model
        .munis
        .iter()
        .enumerate()
        .map(|(m, mu)| {
            if covers & (1 << m) != 0 {
                mu.youth_0_17.max(1e-9)
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    weights.iter().map(|w| w / total).collect()
}

/// Splits `amount` cents over municipalities by `shares`, exactly: floors first, the
/// remainder to the largest share, so the parts always add up to `amount`.
pub fn split(amount: i64, shares: &[f64], paid_cents: &mut [i64]) {
    let mut given = 0;
    let mut largest = 0;
    for (m, (&s, p)) in shares.iter().zip(paid_cents.iter_mut()).enumerate() {
        let part = (amount as f64 * s).floor() as i64;
        *p += part;
        given += part;
        if s > shares[largest] {
            largest = m;
        }
    }
    paid_cents[largest] += amount - given;
}

/// Builds the scheme objects of every sub-segment and financing phase.
pub fn build(model: &Model, reference: &Reference) -> Vec<Vec<Box<dyn FinancingScheme>>> {
    (0..model.subs.len())
        .map(|s| {
            model.subs[s]
                .financing
                .iter()
                .map(|(_, f)| scheme(model, s as SubId, f, reference))
                .collect()
        })
        .collect()
}

fn scheme(
    model: &Model,
    sub: SubId,
    f: &Financing,
    reference: &Reference,
) -> Box<dyn FinancingScheme> {
    match f {
        Financing::Pxq { .. } => Box::new(PriceTimesQuantity),
        Financing::Keuzebudget { .. } => Box::new(Keuzebudget),
        Financing::Lumpsum { .. } => Box::new(Lumpsum::new(model, sub, f, reference)),
        Financing::Trajectory { price_cents } => Box::new(TrajectoryPrice {
            price_cents: *price_cents,
        }),
        Financing::Availability {
            fee_per_place_month_cents,
            occupancy_cents,
        } => Box::new(Availability::new(
            model,
            sub,
            *fee_per_place_month_cents,
            *occupancy_cents,
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn split_is_exact() {
        let mut paid = vec![0; 3];
        split(1000, &[1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0], &mut paid);
        assert_eq!(paid.iter().sum::<i64>(), 1000);
        let mut paid = vec![0; 3];
        split(-7, &[0.5, 0.0, 0.5], &mut paid);
        assert_eq!(paid.iter().sum::<i64>(), -7);
        assert_eq!(paid[1], 0);
    }
}
