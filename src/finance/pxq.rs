//! P×Q: the municipality pays every delivered unit at its tariff, so cost follows volume
//! and the municipality carries the volume risk.

use super::{Behaviour, Check, Delivery, FinancingScheme, SchemeSpec, Terms, pay_at_tariff};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// More units per month and longer indications (e.g. 0.05 = +5%).
    #[serde(default)]
    pub volume_response: f64,
    /// A provider with spare places plans more: units and indication length × (1 + this)
    /// for indications it starts while less than `spare_occupancy` of its places are taken.
    #[serde(default)]
    pub spare_capacity_response: f64,
    #[serde(default = "default_spare_occupancy")]
    pub spare_occupancy: f64,
}

fn default_spare_occupancy() -> f64 {
    0.85
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pxq {
    pub volume_response: f64,
    pub spare_capacity_response: f64,
    pub spare_occupancy: f64,
}

/// P×Q as `Pxq()` validates: no behavioural response.
impl Default for Pxq {
    fn default() -> Pxq {
        Pxq {
            volume_response: 0.0,
            spare_capacity_response: 0.0,
            spare_occupancy: default_spare_occupancy(),
        }
    }
}

impl SchemeSpec for Pxq {
    type Input = Input;
    type Runtime = Pxq;
    const NAME: &'static str = "pxq";

    fn validate(input: &Input, check: &mut Check<'_>) -> Pxq {
        Pxq {
            volume_response: check.bounded("volume_response", input.volume_response, 0.0, 0.5),
            spare_capacity_response: check.bounded(
                "spare_capacity_response",
                input.spare_capacity_response,
                0.0,
                0.5,
            ),
            spare_occupancy: check.bounded("spare_occupancy", input.spare_occupancy, 0.0, 1.0),
        }
    }

    fn build(&self, _terms: &Terms) -> Pxq {
        *self
    }
}

impl FinancingScheme for Pxq {
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        pay_at_tariff(delivery, paid_cents)
    }

    fn behaviour(&self) -> Behaviour {
        Behaviour {
            units: 1.0 + self.volume_response,
            duration: 1.0 + self.volume_response,
            step_down: 1.0,
        }
    }

    /// The volume incentive of payment per unit: a provider with empty places fills them
    /// with more hours and longer indications for the clients it has.
    fn behaviour_at_intake(&self, occupancy: Option<f64>) -> Behaviour {
        let mut b = self.behaviour();
        if self.spare_capacity_response > 0.0 && occupancy.is_some_and(|o| o < self.spare_occupancy)
        {
            b.units *= 1.0 + self.spare_capacity_response;
            b.duration *= 1.0 + self.spare_capacity_response;
        }
        b
    }
}
