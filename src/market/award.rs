//! The tender's rule at award (002:641-656): a sub-segment contracts its `min` best-ranked
//! providers, and more only while the offer does not cover its required specialisms or
//! every municipality. The same reading gives `optimise` its floors: the fewest providers
//! any candidate may have before a single replication is run.

use crate::model::{Model, SubSegment};

/// Providers contracted at the start in sub-segment `i`: `min` under the wachtkamer's
/// reviews, the count at award under `sizing: award`.
pub fn at_start(model: &Model, i: usize) -> u32 {
    match model.subs[i].sizing {
        crate::model::Sizing::Review => model.subs[i].min_providers,
        crate::model::Sizing::Award => awarded(model, i),
    }
}

/// The count at award of sub-segment `i`: `min`, grown past it while a required
/// specialism is not offered or a municipality is not served by the best-ranked
/// providers, never past `max`.
pub fn awarded(model: &Model, i: usize) -> u32 {
    floor(model, i, 1).0
}

/// The fewest providers sub-segment `i` may have: `min`, or more where the best-ranked
/// must offer every required specialism or serve every municipality at least `covering`
/// times; with the reason ("min", "specialisms" or "coverage"). Capped at `max`.
pub fn floor(model: &Model, i: usize, covering: u32) -> (u32, &'static str) {
    let s = &model.subs[i];
    let ranked = ranked(model, s);
    let all_specialisms = if s.specialisms.is_empty() {
        0
    } else {
        u64::MAX >> (64 - s.specialisms.len().min(64))
    };
    let munis: Vec<usize> = (0..model.munis.len())
        .filter(|&m| !s.bought_separately.contains(m))
        .collect();
    let (mut offered, mut served) = (0u64, vec![0u32; munis.len()]);
    let (mut by_specialisms, mut by_coverage) = (None, None);
    for (n, c) in ranked.iter().enumerate() {
        offered |= c.specialisms;
        for (k, &m) in munis.iter().enumerate() {
            served[k] += u32::from(c.covers.contains(m));
        }
        let n = n as u32 + 1;
        if by_specialisms.is_none() && offered & all_specialisms == all_specialisms {
            by_specialisms = Some(n);
        }
        if by_coverage.is_none() && served.iter().all(|&v| v >= covering) {
            by_coverage = Some(n);
        }
    }
    let cap = s.max_providers;
    let spec = by_specialisms.unwrap_or(cap).min(cap);
    let cover = by_coverage.unwrap_or(cap).min(cap);
    if spec > s.min_providers && spec >= cover {
        (spec, "specialisms")
    } else if cover > s.min_providers {
        (cover, "coverage")
    } else {
        (s.min_providers, "min")
    }
}

/// The sub-segment's candidates (not the transition's legacy providers), best-ranked first.
fn ranked<'m>(model: &'m Model, s: &SubSegment) -> Vec<&'m crate::model::Contract> {
    let mut out: Vec<_> = s
        .contracts
        .iter()
        .map(|c| &model.contracts[c.ix()])
        .filter(|c| !c.legacy)
        .collect();
    out.sort_by_key(|c| c.rank);
    out
}
