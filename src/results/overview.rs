//! The scenario at a glance, as every results file records it (`overview`): the region,
//! and per sub-segment its kind, providers (contracted at the start and at most) and
//! financing over time, and the world drivers the results include.

use super::named::Named;
use crate::model::Model;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Overview {
    pub municipalities: usize,
    /// Distinct provider organisations, and the contracts they hold (one per organisation
    /// and sub-segment).
    pub organisations: usize,
    pub contracts: usize,
    pub youth_0_17: f64,
    pub segments: Vec<Segment>,
    pub transition_end: Option<String>,
    /// The world drivers these results include (none when left out with --chance-only).
    pub world_drivers: Named<Band>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Segment {
    pub name: String,
    pub sub_segments: Vec<SubSegment>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubSegment {
    pub name: String,
    pub kind: String,
    pub providers_at_start: u32,
    pub providers_max: u32,
    /// The scheme at the start, then each change: `lumpsum from 2023-01`.
    pub financing: Vec<String>,
}

/// A world driver's range.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Band {
    pub low: f64,
    pub high: f64,
}

/// The overview of `model`.
pub fn overview(model: &Model) -> Overview {
    let segments = model
        .segments
        .iter()
        .enumerate()
        .map(|(si, seg)| Segment {
            name: seg.clone(),
            sub_segments: model
                .subs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.segment as usize == si)
                .map(|(i, s)| SubSegment {
                    name: s.name.clone(),
                    kind: s.kind.name().to_string(),
                    providers_at_start: crate::market::award::at_start(model, i),
                    providers_max: s.max_providers,
                    financing: s
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
                        .collect(),
                })
                .collect(),
        })
        .collect();
    Overview {
        municipalities: model.munis.len(),
        organisations: model.providers.len(),
        contracts: model.contracts.len(),
        youth_0_17: model.munis.iter().map(|m| m.youth_0_17).sum::<f64>(),
        segments,
        transition_end: model
            .transition
            .as_ref()
            .map(|t| model.month_label(t.end - model.warmup)),
        world_drivers: model
            .world
            .named()
            .iter()
            .filter_map(|(name, r)| r.map(|(low, high)| (name.to_string(), Band { low, high })))
            .collect(),
    }
}
