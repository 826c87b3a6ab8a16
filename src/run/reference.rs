//! Reference volumes: what each contract produced at tariff in the base year, the twelve
//! months before go-live, under the previous financing (P×Q, no behavioural response).
//! Budgets of schemes that need base-year volumes, and provider reserves, are set from
//! them: ex ante, from history, never from the simulated future.

use crate::engine::{Reference, Workspace, simulate};
use crate::model::Model;
use crate::rng;
use rayon::prelude::*;

/// Months of history before go-live at least: long enough for the longest stays to reach
/// their steady state, as in a region that has bought this care for years.
const HISTORY_MONTHS: u32 = 120;

/// Whether the model needs reference volumes: budgets of schemes that need them (`needs_reference`) are set from them, and
/// provider reserves (for exits) are a share of them.
pub fn needs_reference(model: &Model) -> bool {
    model.economics.exit_on_negative_reserve
        || model.subs.iter().any(|s| {
            s.financing.iter().any(|(_, f)| f.needs_reference())
                || s.previous_financing.needs_reference()
                || s.previous_financing.pays_per_trajectory()
        })
}

/// Whether a scheme sets its prices from the care delivered in the history, or the
/// revenue guard reads a previous trajectory model's revenue there.
fn records_delivered(model: &Model) -> bool {
    model.subs.iter().any(|s| {
        s.financing.iter().any(|(_, f)| f.prices_from_history())
            || s.previous_financing.prices_from_history()
            || s.previous_financing.pays_per_trajectory()
    })
}

/// Reference volumes: each contract's production at tariff in the base year — the twelve
/// months before `start` — under P×Q with no behavioural response, averaged over
/// `reference_replications` replications of the region's history on a seed of their own.
/// The history is the warm-up (at least `HISTORY_MONTHS`, also for a transition, whose
/// caseload is that history's result) at the start level of referrals: the trend, tariff
/// changes, the world drivers and anything else after go-live are unknown when budgets are
/// set. A deterministic function
/// of the scenario's history, so a budget set from it is the same in every replication
/// and every variant.
pub fn reference(model: &Model) -> Reference {
    if !needs_reference(model) {
        return Reference::default();
    }
    history(&pilot(model))
}

/// The reference volumes of each of `models`, each distinct history simulated once: the
/// variants of a comparison that differ only in what happens from go-live (financing,
/// behaviour, admin costs) share one history, and so one reference, to the cent.
pub fn references<'a>(models: impl IntoIterator<Item = &'a Model>) -> Vec<Reference> {
    let mut histories: Vec<(String, Reference)> = Vec::new();
    models
        .into_iter()
        .map(|model| {
            if !needs_reference(model) {
                return Reference::default();
            }
            let pilot = pilot(model);
            let key = super::revalue::simulated_as(&pilot);
            if let Some((_, r)) = histories.iter().find(|(k, _)| *k == key) {
                return r.clone();
            }
            let r = history(&pilot);
            histories.push((key, r.clone()));
            r
        })
        .collect()
}

/// The history the reference volumes come from: `model` under P×Q with no behavioural
/// response, exits, transition, trend or world drivers, from the warm-up to the base year.
pub(super) fn pilot(model: &Model) -> Model {
    let mut pilot = model.clone();
    for s in &mut pilot.subs {
        s.financing = vec![(0, crate::finance::reference_financing())];
    }
    pilot.economics.exit_on_negative_reserve = false;
    if pilot.economics.capacity_response <= 0.0 {
        // Without exits or capacity following margins, providers' own costs reach neither
        // the flows nor production at tariff: one value for all, so that a PSA draw of
        // them keeps the history (emulator.rs compares histories whole).
        pilot.economics.own_cost_share = 1.0;
        for c in &mut pilot.contracts {
            c.own_cost_share = 1.0;
        }
    }
    pilot.seed = rng::mix(model.seed ^ 0x5245_4645_5245_4e43);
    pilot.record_delivered = records_delivered(model);
    // The history: warm-up until a year before go-live, then the recorded base year.
    pilot.transition = None;
    pilot.trend_per_year = 0.0;
    // The world drivers are what nobody knows yet.
    pilot.world = Default::default();
    pilot.warmup = model.warmup.max(HISTORY_MONTHS) - 12;
    pilot.horizon = 12;
    // The base year ends in the month before `start` (calendar months are kept).
    pilot.start_year -= 1;
    pilot
}

/// Cost at tariff (cents) and number of the trajectories closed in one cell.
type Closed = (f64, f64);

/// Production at tariff per contract in the base year of the history `pilot`, averaged
/// over its replications.
pub(super) fn history(pilot: &Model) -> Reference {
    let empty = Reference::default();
    let runs: Vec<(Vec<i64>, Vec<Closed>)> = (0..pilot.reference_replications)
        .into_par_iter()
        .map_init(
            || Workspace::new(pilot, &empty),
            |ws, rep| {
                simulate(pilot, rep, ws);
                (
                    ws.tally().contract_production.clone(),
                    ws.delivered().to_vec(),
                )
            },
        )
        .collect();
    let mut delivered: Vec<Closed> = Vec::new();
    for (_, d) in &runs {
        delivered.resize(d.len(), (0.0, 0.0));
        for (sum, x) in delivered.iter_mut().zip(d) {
            sum.0 += x.0;
            sum.1 += x.1;
        }
    }
    let productions: Vec<&Vec<i64>> = runs.iter().map(|(p, _)| p).collect();
    let n = productions.len() as f64;
    let mut yearly = vec![0.0; pilot.contracts.len()];
    for p in &productions {
        for (y, &v) in yearly.iter_mut().zip(p.iter()) {
            *y += v as f64 / n;
        }
    }
    Reference {
        yearly_cents: yearly,
        delivered,
    }
}
