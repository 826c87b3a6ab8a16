//! A sub-segment's providers, generated or listed, become its contracts: capacity,
//! municipalities covered, effectiveness and own cost; every municipality must be covered
//! (or buy the sub-segment itself).

use super::{At, Context, Market};
use crate::check::{Checker, list};
use crate::model::{self, Contract, Contracts};
use crate::scenario::schema::{self, Providers, SubSegment};

/// Adds the contracts of the sub-segment at `at` to `market`. Returns their range, how many
/// providers are listed, and the municipalities that buy the sub-segment themselves.
pub(super) fn contracts(
    c: &mut Checker,
    cx: &Context,
    market: &mut Market,
    at: &At,
    hazards: &[[f64; 5]],
) -> (Contracts, u32, u64) {
    let s = &cx.sc.segments[at.si].sub_segments[at.ui];
    let p = at.path;
    let first = market.contracts.len() as u32;
    let specs = specs(c, cx, at, s);
    let generated = matches!(s.providers, Providers::Generated { .. });
    for (k, spec) in specs.iter().enumerate() {
        let pp = if generated {
            format!("{p}.providers")
        } else {
            format!("{p}.providers[{k}]")
        };
        check_spec(c, &pp, spec);
        let covers = cx
            .names
            .covers(c, &format!("{pp}.municipalities"), &spec.municipalities);
        let provider = market.provider(&spec.name);
        if market.contracts[first as usize..]
            .iter()
            .any(|ct| ct.provider == provider)
        {
            c.fail(
                format!("{pp}.name"),
                format!("provider `{}` is listed twice in `{}`", spec.name, s.name),
            );
        }
        let e = spec.effectiveness;
        market.contracts.push(Contract {
            provider,
            sub: at.id,
            capacity: spec.capacity.unwrap_or(u32::MAX),
            covers,
            rank: k as u32,
            effectiveness: e,
            own_cost_share: spec
                .own_cost_share
                .unwrap_or(cx.sc.provider_economics.own_cost_share),
            legacy: false,
            thresholds: hazards
                .iter()
                .map(|h| model::thresholds(h, e, 1.0, 1.0))
                .collect(),
        });
    }
    let covered = market.contracts[first as usize..]
        .iter()
        .fold(0u64, |acc, ct| acc | ct.covers);
    let bought_separately = cx
        .sc
        .municipalities
        .iter()
        .enumerate()
        .filter(|(_, mu)| mu.buys_separately.contains(&s.name))
        .fold(0u64, |acc, (m, _)| acc | 1 << m);
    let all = cx.names.all_munis;
    if !specs.is_empty() && covered | bought_separately != all {
        let missing: Vec<String> = (0..cx.names.muni_names.len())
            .filter(|&m| (covered | bought_separately) & (1 << m) == 0)
            .map(|m| cx.names.muni_names[m].clone())
            .collect();
        c.fail(
            format!("{p}.providers"),
            format!(
                "no provider of `{}` covers {}; youths there could never be placed",
                s.name,
                list(&missing)
            ),
        );
    }
    (
        Contracts::new(first as usize, market.contracts.len()),
        specs.len() as u32,
        bought_separately,
    )
}

/// The providers as listed, or generated: one draw per provider from the scenario's seed,
/// so the same market in every replication and variant.
fn specs(c: &mut Checker, cx: &Context, at: &At, s: &SubSegment) -> Vec<schema::ProviderSpec> {
    let p = at.path;
    let Providers::Generated {
        count,
        capacity,
        municipalities,
        capacity_cv,
        effectiveness_sd,
        own_cost_sd,
    } = &s.providers
    else {
        return listed(c, p, s);
    };
    let gp = format!("{p}.providers");
    let cv = c.non_negative(&format!("{gp}.capacity_cv"), "capacity_cv", *capacity_cv);
    let esd = c.non_negative(
        &format!("{gp}.effectiveness_sd"),
        "effectiveness_sd",
        *effectiveness_sd,
    );
    let osd = c.non_negative(&format!("{gp}.own_cost_sd"), "own_cost_sd", *own_cost_sd);
    let own = cx.sc.provider_economics.own_cost_share;
    let mut rng = crate::rng::stream(
        crate::rng::mix(cx.sc.seed ^ 0x4d41_524b_4554),
        (at.si * 1000 + at.ui) as u32,
        crate::rng::Purpose::Placement,
    );
    let mut normal = || {
        use rand_distr::{Distribution, StandardNormal};
        let z: f64 = StandardNormal.sample(&mut rng);
        z
    };
    if *count == 0 {
        c.fail(
            format!("{p}.providers.count"),
            format!(
                "sub-segment `{}` has 0 providers; nobody could be placed",
                s.name
            ),
        );
    }
    (0..*count)
        .map(|k| {
            let (zc, ze, zo) = (normal(), normal(), normal());
            schema::ProviderSpec {
                name: format!("{} {}", s.name, k + 1),
                capacity: capacity
                    .map(|cap| ((cap as f64 * (1.0 + cv * zc)).round() as i64).max(1) as u32),
                municipalities: municipalities.clone(),
                effectiveness: (esd * ze).clamp(-0.5, 0.5),
                own_cost_share: Some((own + osd * zo).clamp(0.5, 1.5)),
            }
        })
        .collect()
}

/// The providers as listed.
fn listed(c: &mut Checker, p: &str, s: &SubSegment) -> Vec<schema::ProviderSpec> {
    let Providers::Listed(list) = &s.providers else {
        return Vec::new();
    };
    if list.is_empty() {
        c.fail(
            format!("{p}.providers"),
            format!("sub-segment `{}` lists no providers", s.name),
        );
    }
    list.clone()
}

/// Capacity, own cost and effectiveness of one provider.
fn check_spec(c: &mut Checker, pp: &str, spec: &schema::ProviderSpec) {
    if spec.capacity == Some(0) {
        c.fail(
            format!("{pp}.capacity"),
            "capacity is 0; leave it out for unlimited capacity",
        );
    }
    if let Some(o) = spec.own_cost_share
        && !(0.0..=2.0).contains(&o)
    {
        c.fail(
            format!("{pp}.own_cost_share"),
            format!("own_cost_share is {o}; it must lie between 0 and 2 (a share of tariff)"),
        );
    }
    if !(-0.5..=0.5).contains(&spec.effectiveness) {
        c.fail(
            format!("{pp}.effectiveness"),
            format!(
                "effectiveness is {}; it must lie between -0.5 and 0.5",
                spec.effectiveness
            ),
        );
    }
}
