//! A sub-segment's providers, generated or listed, become its contracts: capacity,
//! municipalities covered, effectiveness and own cost; every municipality must be covered
//! (or buy the sub-segment itself).

use super::{At, Context, Market};
use crate::check::{Checker, list};
use crate::model::{self, Contract, Contracts, MuniSet, ProviderId};
use crate::scenario::schema::{self, Providers, SubSegment};

/// Adds the contracts of the sub-segment at `at` to `market`. Returns their range, how many
/// providers are listed, and the municipalities that buy the sub-segment themselves.
pub(super) fn contracts(
    c: &mut Checker,
    cx: &Context,
    market: &mut Market,
    at: &At,
    hazards: &[[f64; 5]],
) -> (Contracts, u32, MuniSet) {
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
            specialisms: offered(s, spec),
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
    required_specialisms(
        c,
        p,
        s,
        market.contracts[first as usize..]
            .iter()
            .fold(0, |acc, ct| acc | ct.specialisms),
    );
    let covered = market.contracts[first as usize..]
        .iter()
        .fold(MuniSet::default(), |acc, ct| acc.union(ct.covers));
    let bought_separately = cx
        .sc
        .municipalities
        .iter()
        .enumerate()
        .filter(|(_, mu)| mu.buys_separately.contains(&s.name))
        .fold(MuniSet::default(), |mut acc, (m, _)| {
            acc.insert(m);
            acc
        });
    let all = cx.names.all_munis;
    let reached = covered.union(bought_separately);
    if !specs.is_empty() && reached != all {
        let missing: Vec<String> = (0..cx.names.muni_names.len())
            .filter(|&m| !reached.contains(m))
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
        fte,
        caseload_per_fte,
        serves,
        specialisms,
    } = &s.providers
    else {
        return listed(c, p, s);
    };
    let gp = format!("{p}.providers");
    let capacity = &places(c, &gp, *capacity, *fte, *caseload_per_fte);
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
    let names = organisation_names(c, cx, at, s, *count);
    let mut offers = super::offers::Offers::new(c, cx, at, municipalities, *serves, specialisms);
    (0..*count)
        .map(|k| {
            let (zc, ze, zo) = (normal(), normal(), normal());
            let (served, offered) = offers.draw();
            schema::ProviderSpec {
                name: names[k as usize].clone(),
                capacity: capacity
                    .map(|cap| ((cap as f64 * (1.0 + cv * zc)).round() as i64).max(1) as u32),
                municipalities: served,
                effectiveness: (esd * ze).clamp(-0.5, 0.5),
                own_cost_share: Some((own + osd * zo).clamp(0.5, 1.5)),
                fte: None,
                caseload_per_fte: None,
                specialisms: offered,
            }
        })
        .collect()
}

/// Bit k set: `spec` offers the k-th specialism its sub-segment's market requires.
fn offered(s: &SubSegment, spec: &schema::ProviderSpec) -> u64 {
    let Some(mk) = &s.market else { return 0 };
    mk.specialisms
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, name)| spec.specialisms.contains(name))
        .fold(0, |acc, (k, _)| acc | 1 << k)
}

/// Every specialism the market requires is offered by some provider (`offered`: the union
/// of their bits); at most 64, each named once.
fn required_specialisms(c: &mut Checker, p: &str, s: &SubSegment, offered: u64) {
    let Some(mk) = &s.market else { return };
    if mk.specialisms.len() > 64 {
        c.fail(
            format!("{p}.market.specialisms"),
            format!(
                "{} specialisms; at most 64 per sub-segment",
                mk.specialisms.len()
            ),
        );
        return;
    }
    for (k, name) in mk.specialisms.iter().enumerate() {
        if mk.specialisms[..k].contains(name) {
            c.fail(
                format!("{p}.market.specialisms[{k}]"),
                format!("specialism `{name}` is listed twice"),
            );
        } else if offered & (1 << k) == 0 {
            c.fail(
                format!("{p}.market.specialisms[{k}]"),
                format!(
                    "no provider of `{}` offers specialism `{name}`; the market could never cover it (give a provider `specialisms: [\"{name}\"]`, or a share in the generated providers' `specialisms`)",
                    s.name
                ),
            );
        }
    }
}

/// The names of a sub-segment's `count` generated providers, in rank order: `<sub-segment>
/// k`, or with an `organisations` pool, `count` distinct organisations drawn from it,
/// weighted by size (Efraimidis–Spirakis keys), once from the scenario's seed.
fn organisation_names(
    c: &mut Checker,
    cx: &Context,
    at: &At,
    s: &SubSegment,
    count: u32,
) -> Vec<String> {
    let own_names = || {
        (0..count)
            .map(|k| format!("{} {}", s.name, k + 1))
            .collect()
    };
    let Some(pool) = &cx.sc.organisations else {
        return own_names();
    };
    if count > pool.count {
        c.fail(
            format!("{}.providers.count", at.path),
            format!(
                "`{}` needs {count} providers but `organisations` has only {}; raise organisations.count",
                s.name, pool.count
            ),
        );
        return own_names();
    }
    let mut rng = crate::rng::stream(
        crate::rng::mix(cx.sc.seed ^ 0x4f52_4741_4e49_5341),
        (at.si * 1000 + at.ui) as u32,
        crate::rng::Purpose::Placement,
    );
    let mut keyed: Vec<(f64, u32)> = (1..=pool.count)
        .map(|k| {
            use rand_distr::{Distribution, Open01};
            let u: f64 = Open01.sample(&mut rng);
            let weight = f64::from(k).powf(-pool.size_skew);
            (u.ln() / weight, k)
        })
        .collect();
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    keyed
        .iter()
        .take(count as usize)
        .map(|&(_, k)| organisation_name(k))
        .collect()
}

/// The name of organisation `k` (from 1) of the pool.
fn organisation_name(k: u32) -> String {
    format!("Aanbieder {k}")
}

/// The organisation pool's own checks, and the organisations in `declines`, which must be
/// providers of the scenario.
pub(super) fn declines(c: &mut Checker, sc: &schema::Scenario, market: &Market) -> Vec<ProviderId> {
    if let Some(pool) = &sc.organisations {
        if pool.count == 0 {
            c.fail(
                "organisations.count",
                "organisations.count is 0; at least 1 is needed",
            );
        }
        crate::check::bounded(
            c,
            "organisations.size_skew",
            "size_skew",
            pool.size_skew,
            0.0,
            5.0,
        );
    }
    let mut out = Vec::new();
    for (k, name) in sc.declines.iter().enumerate() {
        match market.provider_index.get(name) {
            Some(&p) if !out.contains(&p) => out.push(p),
            Some(_) => c.fail(
                format!("declines[{k}]"),
                format!("`{name}` is listed twice"),
            ),
            None => {
                let mut known: Vec<String> = market.providers.iter().take(12).cloned().collect();
                if market.providers.len() > 12 {
                    known.push(format!("… ({} in all)", market.providers.len()));
                }
                c.fail(
                    format!("declines[{k}]"),
                    format!(
                        "unknown provider `{name}`; providers include {}",
                        list(&known)
                    ),
                )
            }
        }
    }
    out
}

/// Warns when every provider of a sub-segment declines: its youths would wait for ever.
pub(super) fn warn_if_all_decline(
    c: &mut Checker,
    subs: &[model::SubSegment],
    market: &Market,
    declines: &[ProviderId],
) {
    for (i, s) in subs.iter().enumerate() {
        let mut candidates = market
            .contracts
            .iter()
            .filter(|ct| usize::from(ct.sub) == i && !ct.legacy)
            .peekable();
        if candidates.peek().is_some() && candidates.all(|ct| declines.contains(&ct.provider)) {
            c.warn(
                "declines",
                format!(
                    "every provider of sub-segment `{}` declines: from start no provider takes \
                     its youths, who wait without ever being placed (and count 0 months' wait \
                     per placement); keep one provider, or add one that signs",
                    s.name
                ),
            );
        }
    }
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
    list.iter()
        .enumerate()
        .map(|(k, spec)| schema::ProviderSpec {
            capacity: places(
                c,
                &format!("{p}.providers[{k}]"),
                spec.capacity,
                spec.fte,
                spec.caseload_per_fte,
            ),
            ..spec.clone()
        })
        .collect()
}

/// Places at a time: `capacity` as given, or staff × caseload norm (whole places, at
/// least one) when the provider is described by its fte.
fn places(
    c: &mut Checker,
    pp: &str,
    capacity: Option<u32>,
    fte: Option<f64>,
    caseload_per_fte: Option<f64>,
) -> Option<u32> {
    if capacity == Some(0) {
        // Listed or generated alike: zero places is not "unlimited".
        c.fail(
            format!("{pp}.capacity"),
            "capacity is 0; leave it out for unlimited capacity",
        );
    }
    match (capacity, fte, caseload_per_fte) {
        (cap, None, None) => cap,
        (Some(_), _, _) => {
            c.fail(
                format!("{pp}.fte"),
                "give either `capacity` or `fte` with `caseload_per_fte`, not both",
            );
            capacity
        }
        (None, Some(fte), Some(load)) => {
            let fte = c.non_negative(&format!("{pp}.fte"), "fte", fte);
            let load = c.non_negative(&format!("{pp}.caseload_per_fte"), "caseload_per_fte", load);
            let places = (fte * load).floor();
            if places < 1.0 {
                c.fail(
                    format!("{pp}.fte"),
                    format!(
                        "fte × caseload_per_fte is {}: less than one place",
                        fte * load
                    ),
                );
                return None;
            }
            Some(places.min(1e6) as u32)
        }
        (None, _, _) => {
            c.fail(
                format!("{pp}.fte"),
                "`fte` and `caseload_per_fte` go together: places = fte × caseload_per_fte",
            );
            None
        }
    }
}

/// Capacity, own cost and effectiveness of one provider.
fn check_spec(c: &mut Checker, pp: &str, spec: &schema::ProviderSpec) {
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
