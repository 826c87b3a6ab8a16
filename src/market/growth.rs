//! Capacity that follows what pays: at each reporting year end a provider with a good
//! margin adds places to its contracts, one with a loss removes them
//! (`provider_economics.capacity_response`).

use super::Capacity;
use crate::model::{ContractId, Model, ProviderId};

/// Resizes every active contract with a capacity by its provider's margin over the year
/// that just closed (`margin(p)`, `None` = no revenue that year: unchanged). Returns the
/// net places added.
pub fn follow_margins(
    model: &Model,
    capacity: &mut Capacity,
    active: impl Fn(ContractId) -> bool,
    margin: impl Fn(ProviderId) -> Option<f64>,
) -> i64 {
    let e = &model.economics;
    if e.capacity_response <= 0.0 {
        return 0;
    }
    let mut net = 0i64;
    for (i, ct) in model.contracts.iter().enumerate() {
        let c = ContractId::at(i);
        let places = capacity.limit(c);
        if ct.legacy || places == u32::MAX || places == 0 || !active(c) {
            continue;
        }
        let Some(m) = margin(ct.provider) else {
            continue;
        };
        // At least one place, so a small provider can respond at all.
        let step = ((f64::from(places) * e.capacity_response).round() as u32).max(1);
        let resized = if m >= e.capacity_growth_margin {
            places.saturating_add(step).min(u32::MAX - 1)
        } else if m < 0.0 {
            places.saturating_sub(step).max(1)
        } else {
            places
        };
        if resized != places {
            capacity.resize(model, c, resized);
            net += i64::from(resized) - i64::from(places);
        }
    }
    net
}
