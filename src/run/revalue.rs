//! Runs that only move prices: a model that differs from an earlier one in its
//! administrative costs alone (`admin`) simulates the same children along the same paths —
//! nothing the engine simulates reads those costs — so its replications are the earlier
//! model's tallies revalued (`Tally::revalue_admin`), not simulated again. A sweep,
//! sensitivity or comparison over `admin.*` then costs one simulation per replication,
//! with figures identical to the cent to simulating each run.

use crate::model::Model;

/// `model` as the engine simulates it, printed: without its names, its warnings and its
/// administrative costs, which no simulation reads. Two models that print the same
/// simulate the same replications, and histories.
pub fn simulated_as(model: &Model) -> String {
    let mut m = model.clone();
    m.name.clear();
    m.label = None;
    m.warnings.clear();
    m.admin = Default::default();
    format!("{m:?}")
}

/// Per model, the earlier model whose replications it revalues (`None`: simulated).
pub fn sources(models: &[(String, Model)]) -> Vec<Option<usize>> {
    let keys: Vec<String> = models.iter().map(|(_, m)| simulated_as(m)).collect();
    let mut sources: Vec<Option<usize>> = Vec::with_capacity(models.len());
    for (k, key) in keys.iter().enumerate() {
        let source = (0..k).find(|&j| sources[j].is_none() && keys[j] == *key);
        sources.push(source);
    }
    sources
}

/// Whether model `j` must be simulated for a replication: it is wanted itself, or a
/// wanted model revalues it. `wanted(k)` tells whether model `k`'s replication is.
pub fn simulated(sources: &[Option<usize>], j: usize, wanted: impl Fn(usize) -> bool) -> bool {
    sources[j].is_none()
        && (wanted(j) || (0..sources.len()).any(|k| sources[k] == Some(j) && wanted(k)))
}

/// Per model, which of the simulated models' workspaces (numbered in order) holds its
/// replication: its own, or that of the model it revalues.
pub fn workspace_of(sources: &[Option<usize>]) -> Vec<usize> {
    let mut at: Vec<usize> = Vec::with_capacity(sources.len());
    let mut simulated = 0;
    for source in sources {
        at.push(match *source {
            Some(j) => at[j],
            None => {
                simulated += 1;
                simulated - 1
            }
        });
    }
    at
}
