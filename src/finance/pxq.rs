//! P×Q: the municipality pays every delivered unit at its tariff, so cost follows volume
//! and the municipality carries the volume risk.

use super::{Behaviour, Check, Delivery, FinancingScheme, SchemeSpec, Terms, pay_at_tariff};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// More units per month and longer indications (e.g. 0.05 = +5%).
    #[serde(default)]
    pub volume_response: f64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pxq {
    pub volume_response: f64,
}

impl SchemeSpec for Pxq {
    type Input = Input;
    type Runtime = Pxq;
    const NAME: &'static str = "pxq";

    fn validate(input: &Input, check: &mut Check<'_>) -> Pxq {
        Pxq {
            volume_response: check.bounded("volume_response", input.volume_response, 0.0, 0.5),
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
}
