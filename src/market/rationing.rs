//! Rationing: a provider past what its scheme allows this year (a lumpsum budget plus
//! tolerance) admits no new clients until January, which makes youths wait.

use super::MarketRule;
use crate::model::{ContractId, Model};

pub struct Rationing {
    /// Per contract: closed for new clients until the year ends.
    rationed: Vec<bool>,
}

impl Rationing {
    pub fn new(model: &Model) -> Rationing {
        Rationing {
            rationed: vec![false; model.contracts.len()],
        }
    }

    /// Sets whether contract `c` is rationed; returns whether that changed.
    pub fn set(&mut self, c: ContractId, rationed: bool) -> bool {
        let changed = rationed != self.rationed[c.ix()];
        self.rationed[c.ix()] = rationed;
        changed
    }
}

impl MarketRule for Rationing {
    fn reset(&mut self, _model: &Model) {
        self.rationed.fill(false);
    }

    fn closes(&self, _model: &Model, c: ContractId) -> bool {
        self.rationed[c.ix()]
    }
}
