//! Reference volumes: what each contract would produce under P×Q with no behavioural
//! response. Schemes with budgets set from expected production, and provider reserves,
//! are built from them.

use super::{Workspace, simulate};
use crate::model::Model;
use crate::rng;
use rayon::prelude::*;

/// Expected yearly production at tariff per contract, from a P×Q reference run.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// Per contract, cents a year.
    pub yearly_cents: Vec<f64>,
}

/// Whether the model needs reference volumes: budgets of schemes that need them (`needs_reference`) are set from them, and
/// provider reserves (for exits) are a share of them.
pub fn needs_reference(model: &Model) -> bool {
    model.economics.exit_on_negative_reserve
        || model
            .subs
            .iter()
            .any(|s| s.financing.iter().any(|(_, f)| f.needs_reference()))
}

/// Reference volumes: each contract's expected yearly production at tariff under P×Q with
/// no behavioural response, estimated from `reference_replications` replications on a
/// seed of their own. A deterministic function of the scenario, so a budget set from it is the
/// same in every replication and every variant.
pub fn reference(model: &Model) -> Reference {
    if !needs_reference(model) {
        return Reference::default();
    }
    let mut pilot = model.clone();
    for s in &mut pilot.subs {
        s.financing = vec![(0, crate::finance::reference_financing())];
    }
    pilot.economics.exit_on_negative_reserve = false;
    pilot.seed = rng::mix(model.seed ^ 0x5245_4645_5245_4e43);
    let empty = Reference::default();
    let productions: Vec<Vec<i64>> = (0..model.reference_replications)
        .into_par_iter()
        .map_init(
            || Workspace::new(&pilot, &empty),
            |ws, rep| {
                simulate(&pilot, rep, ws);
                ws.tally().contract_production.clone()
            },
        )
        .collect();
    let years = model.horizon as f64 / 12.0;
    let n = productions.len() as f64;
    let mut yearly = vec![0.0; model.contracts.len()];
    for p in &productions {
        for (y, &v) in yearly.iter_mut().zip(p) {
            *y += v as f64 / years / n;
        }
    }
    Reference {
        yearly_cents: yearly,
    }
}
