//! Lumpsum: each contracted provider gets a yearly budget, paid in twelfths, whatever it
//! delivers: budget = reference volume × tariff × (1 − discount) (MODEL.md §5). The
//! municipality's cost is fixed; the provider carries the volume risk. With a bandwidth
//! (bandbreedte, `002:1035`), production outside ±bandwidth of the reference is settled
//! at year end at tariff × settlement share.

use super::{Delivery, FinancingScheme, Reference, municipality_shares, split};
use crate::model::{ContractId, Financing, Model, SubId};

pub struct Lumpsum {
    first: u32,
    /// Per contract of the sub-segment: reference production at tariff and budget, cents a year.
    reference: Vec<i64>,
    budget: Vec<i64>,
    shares: Vec<Vec<f64>>,
    bandwidth: Option<f64>,
    settlement_share: f64,
}

impl Lumpsum {
    pub fn new(model: &Model, sub: SubId, f: &Financing, reference: &Reference) -> Lumpsum {
        let Financing::Lumpsum {
            discount,
            budget_cents,
            bandwidth,
            settlement_share,
            ..
        } = *f
        else {
            unreachable!("Lumpsum::new is only called for lumpsum financing")
        };
        let range = model.subs[sub as usize].contracts.clone();
        let refs: Vec<f64> = range
            .clone()
            .map(|c| {
                reference
                    .yearly_cents
                    .get(c as usize)
                    .copied()
                    .unwrap_or(0.0)
            })
            .collect();
        let total_ref: f64 = refs.iter().sum();
        // An explicit sub-segment budget is split over providers by their reference share
        // (equally when there is no reference production at all).
        let budget = refs
            .iter()
            .map(|&r| match budget_cents {
                Some(b) if total_ref > 0.0 => (b as f64 * r / total_ref).round() as i64,
                Some(b) => b / refs.len() as i64,
                None => (r * (1.0 - discount)).round() as i64,
            })
            .collect();
        Lumpsum {
            first: range.start,
            reference: refs.iter().map(|r| r.round() as i64).collect(),
            budget,
            shares: range.map(|c| municipality_shares(model, c)).collect(),
            bandwidth,
            settlement_share,
        }
    }
}

impl FinancingScheme for Lumpsum {
    fn name(&self) -> &'static str {
        "lumpsum"
    }

    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let k = (delivery.contract - self.first) as usize;
        // Twelve equal instalments; the rounding rest goes with December's.
        let month_of_year = delivery.calendar_month;
        let base = self.budget[k] / 12;
        let amount = if month_of_year == 11 {
            self.budget[k] - 11 * base
        } else {
            base
        };
        split(amount, &self.shares[k], paid_cents);
        amount
    }

    fn year_end(
        &mut self,
        contract: ContractId,
        production_cents: i64,
        paid_cents: &mut [i64],
    ) -> i64 {
        let Some(band) = self.bandwidth else { return 0 };
        let k = (contract - self.first) as usize;
        let reference = self.reference[k] as f64;
        let (lo, hi) = (reference * (1.0 - band), reference * (1.0 + band));
        let p = production_cents as f64;
        let beyond = if p > hi {
            p - hi
        } else if p < lo {
            p - lo
        } else {
            0.0
        };
        let amount = (beyond * self.settlement_share).round() as i64;
        if amount != 0 {
            split(amount, &self.shares[k], paid_cents);
        }
        amount
    }

    fn yearly_budget(&self, contract: ContractId) -> Option<i64> {
        Some(self.budget[(contract - self.first) as usize])
    }
}
