//! The results contract: what every results folder records (its provenance, the scenario
//! at a glance) and how a folder is written and replaced ([`folder`]). Commands write these;
//! every exporter reads them.

pub mod folder;
pub mod optimum;
pub mod tornado;

/// What every output records about where its numbers come from.
#[derive(Debug, Clone)]
pub struct Provenance {
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub replications: u64,
    pub version: String,
    pub start: String,
    pub horizon_months: u32,
    pub warmup_months: u32,
    /// The region's budget in € a year, when the scenario has one.
    pub budget_per_year: Option<f64>,
    /// The budget of each full reporting year (raised by the planned indexation), €.
    pub budget_by_year: Vec<f64>,
    /// The scenario at a glance (region, segments, providers, schemes), from `overview`.
    pub overview: serde_json::Value,
}

/// The scenario at a glance, for outputs and reports: the region, and per sub-segment its
/// kind, providers (contracted at the start and at most) and financing over time.
pub fn overview(model: &crate::model::Model) -> serde_json::Value {
    use serde_json::json;
    let segments: Vec<serde_json::Value> = model
        .segments
        .iter()
        .enumerate()
        .map(|(si, seg)| {
            let subs: Vec<serde_json::Value> = model
                .subs
                .iter()
                .filter(|s| s.segment as usize == si)
                .map(|s| {
                    let financing: Vec<String> = s
                        .financing
                        .iter()
                        .map(|(from, f)| {
                            if *from <= model.warmup {
                                f.name().to_string()
                            } else {
                                format!(
                                    "{} from {}",
                                    f.name(),
                                    model.month_label(from - model.warmup)
                                )
                            }
                        })
                        .collect();
                    json!({
                        "name": s.name,
                        "kind": s.kind.name(),
                        "providers_at_start": s.min_providers,
                        "providers_max": s.max_providers,
                        "financing": financing,
                    })
                })
                .collect();
            json!({"name": seg, "sub_segments": subs})
        })
        .collect();
    // The world drivers these results include (none when left out with --chance-only).
    let world: serde_json::Map<String, serde_json::Value> = model
        .world
        .named()
        .iter()
        .filter_map(|(name, r)| {
            r.map(|(low, high)| (name.to_string(), json!({"low": low, "high": high})))
        })
        .collect();
    json!({
        "municipalities": model.munis.len(),
        // Distinct provider organisations, and the contracts they hold (one per
        // organisation and sub-segment).
        "organisations": model.providers.len(),
        "contracts": model.contracts.len(),
        "youth_0_17": model.munis.iter().map(|m| m.youth_0_17).sum::<f64>(),
        "segments": segments,
        "transition_end": model.transition.as_ref().map(|t| model.month_label(t.end)),
        "world_drivers": world,
    })
}
