//! Provider exits: once a year, providers whose reserve is below zero (losses over the
//! years have used it up) leave the market; their contracts close and every client must
//! move.

use super::MarketRule;
use crate::model::{ContractId, Model, ProviderId};

pub struct Exits {
    /// Per provider: left the market.
    exited: Vec<bool>,
}

impl Exits {
    pub fn new(model: &Model) -> Exits {
        Exits {
            exited: vec![false; model.providers.len()],
        }
    }

    /// Year end: every provider still in the market that is `insolvent` leaves and is
    /// added to `left`, in provider order.
    pub fn year_end(
        &mut self,
        model: &Model,
        insolvent: impl Fn(ProviderId) -> bool,
        left: &mut Vec<ProviderId>,
    ) {
        for p in ProviderId::range(model.providers.len()) {
            if !self.exited[p.ix()] && insolvent(p) {
                self.exited[p.ix()] = true;
                left.push(p);
            }
        }
    }
}

impl MarketRule for Exits {
    fn reset(&mut self, _model: &Model) {
        self.exited.fill(false);
    }

    fn closes(&self, model: &Model, c: ContractId) -> bool {
        self.exited[model.contracts[c.ix()].provider.ix()]
    }
}
