//! Rationing: a provider past what its scheme allows this year (a lumpsum budget plus
//! tolerance) admits no new clients until January, which makes youths wait; a provider
//! running ahead of it may discharge or refer on clients at the end of their indication
//! (its [`Pressure`]).

use super::MarketRule;
use crate::finance::Pressure;
use crate::model::{ContractId, Model};

pub struct Rationing {
    /// Per contract: closed for new clients until the year ends.
    rationed: Vec<bool>,
    /// Per contract: how it treats clients whose indication ends, this month.
    pressure: Vec<Pressure>,
}

impl Rationing {
    pub fn new(model: &Model) -> Rationing {
        Rationing {
            rationed: vec![false; model.contracts.len()],
            pressure: vec![Pressure::NONE; model.contracts.len()],
        }
    }

    pub fn pressure(&self, c: ContractId) -> Pressure {
        self.pressure[c.ix()]
    }

    pub fn set_pressure(&mut self, c: ContractId, pressure: Pressure) {
        self.pressure[c.ix()] = pressure;
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
        self.pressure.fill(Pressure::NONE);
    }

    fn closes(&self, _model: &Model, c: ContractId) -> bool {
        self.rationed[c.ix()]
    }
}
