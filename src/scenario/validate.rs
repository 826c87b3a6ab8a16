//! Validation: every impossible or inconsistent value is reported (all of them, not just
//! the first) with its path; the caller locates each path in the file.

use super::schema::{self, Kind, Providers, Scenario};
use crate::check::{Checker, SUM_TOLERANCE, cents, cumulative, list};
use crate::model::{self, Contract, Model, NO_SUB, SubId, UsageDist};
use rand_distr::Gamma;
use std::collections::HashMap;

const MAX_MUNICIPALITIES: usize = 64;

/// Validates one financing scheme at `path`: each scheme checks its own fields.
fn financing(
    c: &mut Checker,
    path: &str,
    f: &schema::Financing,
    needs: &[String],
) -> model::Financing {
    let mut check = crate::finance::Check {
        checker: c,
        path,
        needs,
    };
    model::Financing::validate(f, &mut check)
}

fn parse_start(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    ((1900..=2200).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

// Still one function of ~900 lines: splitting it by section (region, segments, providers,
// referral, waiting, transition) is the open part of the engine-kernel issue.
#[allow(clippy::too_many_lines)]
pub(super) fn validate(sc: &Scenario) -> Result<Model, Vec<(String, String)>> {
    let mut c = Checker {
        problems: Vec::new(),
    };

    if sc.name.trim().is_empty() {
        c.fail(
            "name",
            "the scenario needs a name (it names the results folder)",
        );
    }
    let (start_year, start_month) = parse_start(&sc.start).unwrap_or_else(|| {
        c.fail(
            "start",
            format!(
                "start is \"{}\"; write it as \"YYYY-MM\", e.g. \"2022-01\"",
                sc.start
            ),
        );
        (2022, 1)
    });
    if sc.horizon_months == 0 {
        c.fail(
            "horizon_months",
            "horizon_months is 0; simulate at least 1 month",
        );
    }
    if sc.warmup_months + sc.horizon_months > u16::MAX as u32 {
        c.fail(
            "horizon_months",
            "warmup_months + horizon_months is too long",
        );
    }
    if sc.replications < 2 {
        c.fail(
            "replications",
            format!(
                "replications is {}; at least 2 are needed for a confidence interval",
                sc.replications
            ),
        );
    }

    // Need levels.
    let needs = &sc.need_levels;
    if needs.is_empty() {
        c.fail(
            "need_levels",
            "need_levels is empty; name at least one need level",
        );
    }
    if needs.len() > u8::MAX as usize {
        c.fail("need_levels", "at most 255 need levels are supported");
    }
    for (i, n) in needs.iter().enumerate() {
        if needs[..i].contains(n) {
            c.fail(
                format!("need_levels[{i}]"),
                format!("need level `{n}` is listed twice"),
            );
        }
    }

    // Municipalities.
    if sc.municipalities.is_empty() {
        c.fail(
            "municipalities",
            "municipalities is empty; the region needs at least one",
        );
    }
    if sc.municipalities.len() > MAX_MUNICIPALITIES {
        c.fail(
            "municipalities",
            format!("at most {MAX_MUNICIPALITIES} municipalities are supported"),
        );
    }
    let mut munis = Vec::new();
    let mut muni_index = HashMap::new();
    for (i, m) in sc.municipalities.iter().enumerate() {
        let p = format!("municipalities[{i}]");
        if muni_index.insert(m.name.clone(), i).is_some() {
            c.fail(
                format!("{p}.name"),
                format!("municipality `{}` is listed twice", m.name),
            );
        }
        munis.push(model::Municipality {
            name: m.name.clone(),
            youth_0_17: c.non_negative(&format!("{p}.youth_0_17"), "youth_0_17", m.youth_0_17),
            youth_18_22: c.non_negative(&format!("{p}.youth_18_22"), "youth_18_22", m.youth_18_22),
            referral_rate: c.non_negative(
                &format!("{p}.referral_rate"),
                "referral_rate",
                m.referral_rate,
            ),
        });
    }
    let muni_names: Vec<String> = sc.municipalities.iter().map(|m| m.name.clone()).collect();
    let all_sub_names: Vec<&str> = sc
        .segments
        .iter()
        .flat_map(|s| s.sub_segments.iter().map(|u| u.name.as_str()))
        .collect();
    for (i, mu) in sc.municipalities.iter().enumerate() {
        for (k, name) in mu.buys_separately.iter().enumerate() {
            if !all_sub_names.contains(&name.as_str()) {
                c.fail(
                    format!("municipalities[{i}].buys_separately[{k}]"),
                    format!("unknown sub-segment `{name}` in buys_separately"),
                );
            }
        }
    }

    // Segments and sub-segments: names first, so references can be resolved in any order.
    let mut sub_index: HashMap<&str, SubId> = HashMap::new();
    let mut sub_names = Vec::new();
    if sc.segments.is_empty() {
        c.fail(
            "segments",
            "segments is empty; the region buys at least one segment",
        );
    }
    for (si, seg) in sc.segments.iter().enumerate() {
        if seg.sub_segments.is_empty() {
            c.fail(
                format!("segments[{si}].sub_segments"),
                format!("segment `{}` has no sub-segments", seg.name),
            );
        }
        for (ui, sub) in seg.sub_segments.iter().enumerate() {
            let id = sub_names.len() as SubId;
            if sub_index.insert(sub.name.as_str(), id).is_some() {
                c.fail(
                    format!("segments[{si}].sub_segments[{ui}].name"),
                    format!("sub-segment `{}` is defined twice", sub.name),
                );
            }
            sub_names.push(sub.name.clone());
        }
    }
    let resolve = |c: &mut Checker, path: &str, name: &Option<String>| -> SubId {
        match name {
            None => NO_SUB,
            Some(n) => match sub_index.get(n.as_str()) {
                Some(&id) => id,
                None => {
                    c.fail(
                        path,
                        format!(
                            "unknown sub-segment `{n}`; the sub-segments are {}",
                            list(&sub_names)
                        ),
                    );
                    NO_SUB
                }
            },
        }
    };

    let crisis_sub = resolve(&mut c, "crisis_sub_segment", &sc.crisis_sub_segment);

    // Sub-segments in full, and their providers.
    let mut subs = Vec::new();
    let mut providers: Vec<String> = Vec::new();
    let mut provider_index: HashMap<String, u32> = HashMap::new();
    let mut contracts: Vec<Contract> = Vec::new();
    let all_munis: u64 = if munis.len() >= 64 {
        u64::MAX
    } else {
        (1u64 << munis.len()) - 1
    };
    let covers_of = |c: &mut Checker, path: &str, names: &Option<Vec<String>>| -> u64 {
        match names {
            None => all_munis,
            Some(names) => {
                let mut bits = 0u64;
                for (k, n) in names.iter().enumerate() {
                    match muni_index.get(n) {
                        Some(&m) => bits |= 1 << m,
                        None => c.fail(
                            format!("{path}[{k}]"),
                            format!(
                                "unknown municipality `{n}`; the municipalities are {}",
                                list(&muni_names)
                            ),
                        ),
                    }
                }
                bits
            }
        }
    };

    for (si, seg) in sc.segments.iter().enumerate() {
        for (ui, s) in seg.sub_segments.iter().enumerate() {
            let p = format!("segments[{si}].sub_segments[{ui}]");
            let id = subs.len() as SubId;

            // Products.
            if s.products.is_empty() {
                c.fail(
                    format!("{p}.products"),
                    format!("sub-segment `{}` has no products", s.name),
                );
            }
            let mut products = Vec::new();
            let mut shares = Vec::new();
            for (k, pr) in s.products.iter().enumerate() {
                let pp = format!("{p}.products[{k}]");
                if !(pr.tariff.is_finite() && pr.tariff >= 0.0) {
                    c.fail(
                        format!("{pp}.tariff"),
                        format!(
                            "tariff for product `{}` is {}; tariffs must be ≥ 0",
                            pr.name, pr.tariff
                        ),
                    );
                }
                shares.push(c.probability(&format!("{pp}.share"), "share", pr.share));
                let usage = c
                    .by_need(&format!("{pp}.usage"), "usage", &pr.usage, needs)
                    .into_iter()
                    .enumerate()
                    .map(|(n, u)| {
                        let u = u.unwrap_or(schema::Usage { mean: 0.0, cv: 0.0 });
                        let up = format!("{pp}.usage.{}", needs[n]);
                        let mean = c.non_negative(&up, "usage mean", u.mean);
                        let cv = c.non_negative(&up, "usage cv", u.cv);
                        if cv == 0.0 || mean == 0.0 {
                            UsageDist::Fixed(mean)
                        } else {
                            // Gamma with mean m and CV v: shape 1/v², scale m·v².
                            match Gamma::new(1.0 / (cv * cv), mean * cv * cv) {
                                Ok(g) => UsageDist::Gamma(g),
                                Err(e) => {
                                    c.fail(
                                        up,
                                        format!("usage cannot form a gamma distribution: {e}"),
                                    );
                                    UsageDist::Fixed(mean)
                                }
                            }
                        }
                    })
                    .collect();
                products.push(model::Product {
                    name: pr.name.clone(),
                    unit: pr.unit,
                    tariff: pr.tariff.max(0.0),
                    usage,
                });
            }
            if !shares.is_empty() {
                c.sums_to_one(
                    &format!("{p}.products"),
                    "product shares",
                    shares.iter().sum(),
                );
            }

            // Indications and hazards.
            let indication_months = c
                .by_need(
                    &format!("{p}.indication_months"),
                    "indication_months",
                    &s.indication_months,
                    needs,
                )
                .into_iter()
                .enumerate()
                .map(|(n, m)| {
                    let m = m.unwrap_or(1);
                    if m == 0 {
                        c.fail(
                            format!("{p}.indication_months.{}", needs[n]),
                            "an indication lasts at least 1 month",
                        );
                    }
                    m.max(1)
                })
                .collect();
            let extend_probability = c.probability(
                &format!("{p}.extend_probability"),
                "extend_probability",
                s.extend_probability,
            );
            let step_down_to = resolve(&mut c, &format!("{p}.step_down_to"), &s.step_down_to);
            let step_up_to = resolve(&mut c, &format!("{p}.step_up_to"), &s.step_up_to);
            let hazards: Vec<[f64; 5]> = c
                .by_need(&format!("{p}.hazards"), "hazards", &s.hazards, needs)
                .into_iter()
                .enumerate()
                .map(|(n, h)| {
                    let h = h.unwrap_or_default();
                    let hp = format!("{p}.hazards.{}", needs[n]);
                    let v = [
                        c.probability(&format!("{hp}.success"), "success hazard", h.success),
                        c.probability(&format!("{hp}.step_down"), "step_down hazard", h.step_down),
                        c.probability(&format!("{hp}.step_up"), "step_up hazard", h.step_up),
                        c.probability(&format!("{hp}.crisis"), "crisis hazard", h.crisis),
                        c.probability(&format!("{hp}.dropout"), "dropout hazard", h.dropout),
                    ];
                    let total: f64 = v.iter().sum();
                    if total > 1.0 + SUM_TOLERANCE {
                        c.fail(&hp, format!("monthly hazards add up to {total:.4}; competing hazards must add up to at most 1"));
                    }
                    if v[1] > 0.0 && step_down_to == NO_SUB {
                        c.fail(format!("{hp}.step_down"), format!("sub-segment `{}` has a step_down hazard but no step_down_to", s.name));
                    }
                    if v[2] > 0.0 && step_up_to == NO_SUB {
                        c.fail(format!("{hp}.step_up"), format!("sub-segment `{}` has a step_up hazard but no step_up_to", s.name));
                    }
                    if v[3] > 0.0 && crisis_sub == NO_SUB {
                        c.fail(format!("{hp}.crisis"), "a crisis hazard needs a crisis_sub_segment in the scenario");
                    }
                    v
                })
                .collect();

            // At 18.
            let a = &s.at_18;
            let ap = format!("{p}.at_18");
            let at18 = [
                c.probability(&format!("{ap}.continue"), "continue", a.continue_care),
                c.probability(&format!("{ap}.adult_care"), "adult_care", a.adult_care),
                c.probability(&format!("{ap}.end"), "end", a.end),
            ];
            c.sums_to_one(
                &ap,
                "at_18 probabilities (continue, adult_care, end)",
                at18.iter().sum(),
            );
            if !(18..=23).contains(&a.max_age_years) {
                c.fail(
                    format!("{ap}.max_age_years"),
                    format!(
                        "max_age_years is {}; verlengde jeugdhulp ends between 18 and 23",
                        a.max_age_years
                    ),
                );
            }
            let at18_cum = {
                let v = cumulative(&at18);
                [v[0], v[1], 1.0]
            };

            // Providers → contracts.
            let first = contracts.len() as u32;
            let specs: Vec<schema::ProviderSpec> = match &s.providers {
                Providers::Generated {
                    count,
                    capacity,
                    municipalities,
                    capacity_cv,
                    effectiveness_sd,
                    own_cost_sd,
                } => {
                    let gp = format!("{p}.providers");
                    let cv =
                        c.non_negative(&format!("{gp}.capacity_cv"), "capacity_cv", *capacity_cv);
                    let esd = c.non_negative(
                        &format!("{gp}.effectiveness_sd"),
                        "effectiveness_sd",
                        *effectiveness_sd,
                    );
                    let osd =
                        c.non_negative(&format!("{gp}.own_cost_sd"), "own_cost_sd", *own_cost_sd);
                    let own = sc.provider_economics.own_cost_share;
                    // One draw per provider from the scenario's seed: the same market in
                    // every replication and variant.
                    let mut rng = crate::rng::stream(
                        crate::rng::mix(sc.seed ^ 0x4d41_524b_4554),
                        (si * 1000 + ui) as u32,
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
                                capacity: capacity.map(|cap| {
                                    ((cap as f64 * (1.0 + cv * zc)).round() as i64).max(1) as u32
                                }),
                                municipalities: municipalities.clone(),
                                effectiveness: (esd * ze).clamp(-0.5, 0.5),
                                own_cost_share: Some((own + osd * zo).clamp(0.5, 1.5)),
                            }
                        })
                        .collect()
                }
                Providers::Listed(list) => {
                    if list.is_empty() {
                        c.fail(
                            format!("{p}.providers"),
                            format!("sub-segment `{}` lists no providers", s.name),
                        );
                    }
                    list.clone()
                }
            };
            let gen_path = matches!(s.providers, Providers::Generated { .. });
            for (k, spec) in specs.iter().enumerate() {
                let pp = if gen_path {
                    format!("{p}.providers")
                } else {
                    format!("{p}.providers[{k}]")
                };
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
                        format!(
                            "own_cost_share is {o}; it must lie between 0 and 2 (a share of tariff)"
                        ),
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
                let covers = covers_of(
                    &mut c,
                    &format!("{pp}.municipalities"),
                    &spec.municipalities,
                );
                let provider = *provider_index.entry(spec.name.clone()).or_insert_with(|| {
                    providers.push(spec.name.clone());
                    providers.len() as u32 - 1
                });
                if contracts[first as usize..]
                    .iter()
                    .any(|ct| ct.provider == provider)
                {
                    c.fail(
                        format!("{pp}.name"),
                        format!("provider `{}` is listed twice in `{}`", spec.name, s.name),
                    );
                }
                let e = spec.effectiveness;
                let thresholds = hazards
                    .iter()
                    .map(|h| model::thresholds(h, e, 1.0))
                    .collect();
                contracts.push(Contract {
                    provider,
                    sub: id,
                    capacity: spec.capacity.unwrap_or(u32::MAX),
                    covers,
                    rank: k as u32,
                    effectiveness: e,
                    own_cost_share: spec
                        .own_cost_share
                        .unwrap_or(sc.provider_economics.own_cost_share),
                    legacy: false,
                    thresholds,
                });
            }
            let covered = contracts[first as usize..]
                .iter()
                .fold(0u64, |acc, ct| acc | ct.covers);
            let bought_separately = sc
                .municipalities
                .iter()
                .enumerate()
                .filter(|(_, mu)| mu.buys_separately.contains(&s.name))
                .fold(0u64, |acc, (m, _)| acc | 1 << m);
            if !specs.is_empty() && covered | bought_separately != all_munis {
                let missing: Vec<String> = (0..munis.len())
                    .filter(|&m| (covered | bought_separately) & (1 << m) == 0)
                    .map(|m| munis[m].name.clone())
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

            // Financing phases.
            let mut phases = vec![(
                0u32,
                s.financing
                    .as_ref()
                    .map(|f| financing(&mut c, &format!("{p}.financing"), f, needs))
                    .unwrap_or_else(crate::finance::reference_financing),
            )];
            for (k, ch) in s.financing_changes.iter().enumerate() {
                let cp = format!("{p}.financing_changes[{k}]");
                let f = financing(&mut c, &format!("{cp}.financing"), &ch.financing, needs);
                match parse_start(&ch.from) {
                    Some((y, mo)) => {
                        let months = (y as i64 * 12 + mo as i64)
                            - (start_year as i64 * 12 + start_month as i64);
                        let t = (months + sc.warmup_months as i64).max(0) as u32;
                        if phases.last().is_some_and(|(from, _)| *from >= t) && t > 0 {
                            c.fail(
                                format!("{cp}.from"),
                                "financing_changes must be in date order",
                            );
                        }
                        phases.push((t, f));
                    }
                    None => c.fail(
                        format!("{cp}.from"),
                        format!("from is \"{}\"; write it as \"YYYY-MM\"", ch.from),
                    ),
                }
            }
            if phases.iter().any(|(_, f)| f.pays_per_place())
                && s.providers_have_unlimited_capacity()
            {
                c.fail(format!("{p}.providers"), "availability financing pays per available place: every provider needs a capacity");
            }

            let n = specs.len() as u32;
            let (min_providers, max_providers, waiting_norm_months) = match &s.market {
                None => (n, n, 2.0),
                Some(mk) => {
                    let mp = format!("{p}.market");
                    if mk.min > mk.max {
                        c.fail(
                            format!("{mp}.min"),
                            format!(
                                "min providers ({}) is above max ({}) for `{}`",
                                mk.min, mk.max, s.name
                            ),
                        );
                    }
                    if mk.min == 0 {
                        c.fail(
                            format!("{mp}.min"),
                            format!("min providers for `{}` is 0; contract at least 1", s.name),
                        );
                    }
                    if mk.min > n {
                        c.fail(
                            format!("{mp}.min"),
                            format!(
                                "min providers ({}) is above the {n} providers listed for `{}`",
                                mk.min, s.name
                            ),
                        );
                    }
                    let norm = c.non_negative(
                        &format!("{mp}.waiting_norm_months"),
                        "waiting_norm_months",
                        mk.waiting_norm_months,
                    );
                    (mk.min.min(n), mk.max.min(n).max(mk.min.min(n)), norm)
                }
            };
            subs.push(model::SubSegment {
                min_providers,
                max_providers,
                waiting_norm_months,
                bought_separately,
                financing: phases,
                name: s.name.clone(),
                segment: si as u16,
                kind: s.kind,
                product_cum: cumulative(&shares),
                products,
                indication_months,
                extend_probability,
                hazards,
                step_down_to,
                step_up_to,
                at18_cum,
                max_age_months: a.max_age_years * 12,
                contracts: first..contracts.len() as u32,
            });
        }
    }
    if crisis_sub != NO_SUB
        && subs
            .get(crisis_sub as usize)
            .is_some_and(|s| s.kind != Kind::Crisis)
    {
        c.fail(
            "crisis_sub_segment",
            "crisis_sub_segment must name a sub-segment of kind `crisis`",
        );
    }

    // Referral.
    let r = &sc.referral;
    if !(r.trend_per_year.is_finite() && r.trend_per_year > -1.0) {
        c.fail(
            "referral.trend_per_year",
            "trend_per_year must be greater than -1 (-100% a year)",
        );
    }
    let seasonality = match &r.seasonality {
        None => [1.0; 12],
        Some(v) if v.len() == 12 => {
            let mut out = [1.0; 12];
            for (k, x) in v.iter().enumerate() {
                out[k] = c.non_negative(
                    &format!("referral.seasonality[{k}]"),
                    "a seasonality factor",
                    *x,
                );
            }
            out
        }
        Some(v) => {
            c.fail(
                "referral.seasonality",
                format!(
                    "seasonality has {} factors; give 12, January first",
                    v.len()
                ),
            );
            [1.0; 12]
        }
    };
    if r.referrers.is_empty() {
        c.fail(
            "referral.referrers",
            "referrers is empty; name at least one referrer (e.g. toegang)",
        );
    }
    let mut referrers = Vec::new();
    let mut shares = Vec::new();
    for (k, rf) in r.referrers.iter().enumerate() {
        let rp = format!("referral.referrers[{k}]");
        shares.push(c.probability(&format!("{rp}.share"), "referrer share", rf.share));
        referrers.push(model::Referrer {
            needs_consent: rf.needs_consent,
            name: rf.name.clone(),
            sociale_basis_share: c.probability(
                &format!("{rp}.sociale_basis_share"),
                "sociale_basis_share",
                rf.sociale_basis_share,
            ),
        });
    }
    if !shares.is_empty() {
        c.sums_to_one("referral.referrers", "referrer shares", shares.iter().sum());
    }
    if r.age_years.min > r.age_years.max || r.age_years.max > 17 {
        c.fail(
            "referral.age_years",
            format!(
                "age_years is {}..={}; referrals are for ages 0 to 17 with min ≤ max",
                r.age_years.min, r.age_years.max
            ),
        );
    }
    let need_shares: Vec<f64> = c
        .by_need("referral.need_shares", "need_shares", &r.need_shares, needs)
        .into_iter()
        .enumerate()
        .map(|(n, s)| {
            c.probability(
                &format!("referral.need_shares.{}", needs[n]),
                "need share",
                s.unwrap_or(0.0),
            )
        })
        .collect();
    if !need_shares.is_empty() {
        c.sums_to_one(
            "referral.need_shares",
            "need_shares",
            need_shares.iter().sum(),
        );
    }
    let mut triage_cum = Vec::new();
    let mut triage_subs = Vec::new();
    for key in r.triage.keys() {
        if !needs.contains(key) {
            c.fail(
                format!("referral.triage.{key}"),
                format!(
                    "unknown need level `{key}` in triage; the need levels are {}",
                    list(needs)
                ),
            );
        }
    }
    for (n, need) in needs.iter().enumerate() {
        let tp = format!("referral.triage.{need}");
        let mut ids = Vec::new();
        let mut ps = Vec::new();
        match r.triage.get(need) {
            None => {
                if need_shares.get(n).copied().unwrap_or(0.0) > 0.0 {
                    c.fail(
                        "referral.triage",
                        format!("triage has no row for need level `{need}`"),
                    );
                }
            }
            Some(row) => {
                for (sub, p) in row {
                    let id = resolve(&mut c, &format!("{tp}.{sub}"), &Some(sub.clone()));
                    let p = c.probability(&format!("{tp}.{sub}"), "triage probability", *p);
                    if id != NO_SUB && p > 0.0 {
                        ids.push(id);
                        ps.push(p);
                    }
                }
                c.sums_to_one(
                    &tp,
                    &format!("triage probabilities for `{need}`"),
                    row.values().sum(),
                );
            }
        }
        triage_cum.push(cumulative(&ps));
        triage_subs.push(ids);
    }
    let sociale_basis_cost = c.non_negative(
        "referral.sociale_basis_cost",
        "sociale_basis_cost",
        r.sociale_basis_cost,
    );

    // Waiting, relapse, placement.
    let w = &sc.waiting;
    let waiting = model::Waiting {
        escalation: c.probability(
            "waiting.escalation",
            "waiting escalation hazard",
            w.escalation,
        ),
        crisis: c.probability("waiting.crisis", "waiting crisis hazard", w.crisis),
        dropout: c.probability("waiting.dropout", "waiting dropout hazard", w.dropout),
        increase_per_month_waited: c.non_negative(
            "waiting.increase_per_month_waited",
            "increase_per_month_waited",
            w.increase_per_month_waited,
        ),
    };
    if waiting.escalation + waiting.crisis + waiting.dropout > 1.0 + SUM_TOLERANCE {
        c.fail(
            "waiting",
            "waiting hazards (escalation + crisis + dropout) add up to more than 1",
        );
    }
    if waiting.crisis > 0.0 && crisis_sub == NO_SUB {
        c.fail(
            "waiting.crisis",
            "a waiting crisis hazard needs a crisis_sub_segment in the scenario",
        );
    }
    let relapse = model::Relapse {
        hazard: c.probability("relapse.hazard", "relapse hazard", sc.relapse.hazard),
        window_months: sc.relapse.window_months,
        resume_within_months: sc.relapse.resume_within_months,
    };
    let quality_weight = c.non_negative(
        "placement.quality_weight",
        "quality_weight",
        sc.placement.quality_weight,
    );

    // Transition: legacy providers become extra contracts of their sub-segment, after the
    // candidates, so ranks and wachtkamer order are untouched.
    let transition = sc.transition.as_ref().map(|tr| {
        if sc.warmup_months != 0 {
            c.fail("warmup_months", "a scenario with a transition starts at go-live from its caseload: set warmup_months: 0");
        }
        let end = match parse_start(&tr.end) {
            Some((y, mo)) => {
                let months = (y as i64 * 12 + mo as i64) - (start_year as i64 * 12 + start_month as i64);
                if months < 0 {
                    c.fail("transition.end", "the transition end is before go-live (`start`)");
                }
                months.max(0) as u32
            }
            None => {
                c.fail("transition.end", format!("end is \"{}\"; write it as \"YYYY-MM\"", tr.end));
                0
            }
        };
        let mut caseload = Vec::new();
        for (k, cl) in tr.caseload.iter().enumerate() {
            let cp = format!("transition.caseload[{k}]");
            let sub = resolve(&mut c, &format!("{cp}.sub_segment"), &Some(cl.sub_segment.clone()));
            let legacy_share = c.probability(&format!("{cp}.legacy_share"), "legacy_share", cl.legacy_share);
            if cl.max_months_left == 0 {
                c.fail(format!("{cp}.max_months_left"), "max_months_left must be at least 1");
            }
            if legacy_share > 0.0 && cl.legacy_providers == 0 {
                c.fail(format!("{cp}.legacy_providers"), "a legacy_share above 0 needs at least 1 legacy provider");
            }
            if sub == NO_SUB {
                continue;
            }
            let first = contracts.len() as u32;
            for j in 0..cl.legacy_providers {
                let name = format!("{} legacy {}", cl.sub_segment, j + 1);
                let provider = *provider_index.entry(name.clone()).or_insert_with(|| {
                    providers.push(name);
                    providers.len() as u32 - 1
                });
                let s = &subs[sub as usize];
                contracts.push(Contract {
                    provider,
                    sub,
                    capacity: u32::MAX,
                    covers: all_munis,
                    rank: u32::MAX,
                    effectiveness: 0.0,
                    own_cost_share: sc.provider_economics.own_cost_share,
                    legacy: true,
                    thresholds: s.hazards.iter().map(|h| model::thresholds(h, 0.0, 1.0)).collect(),
                });
            }
            caseload.push(model::Caseload {
                sub,
                count: cl.count,
                legacy_share,
                legacy: first..contracts.len() as u32,
                max_months_left: cl.max_months_left.max(1),
            });
        }
        model::Transition { end, caseload }
    });

    let a = &sc.admin;
    let admin = model::Admin {
        per_contract_year: cents(c.non_negative(
            "admin.per_contract_year",
            "per_contract_year",
            a.per_contract_year,
        )),
        per_declaration: cents(c.non_negative(
            "admin.per_declaration",
            "per_declaration",
            a.per_declaration,
        )),
        per_reindication: cents(c.non_negative(
            "admin.per_reindication",
            "per_reindication",
            a.per_reindication,
        )),
    };
    let e = &sc.provider_economics;
    let economics = model::ProviderEconomics {
        own_cost_share: c.non_negative(
            "provider_economics.own_cost_share",
            "own_cost_share",
            e.own_cost_share,
        ),
        reserve_share: c.non_negative(
            "provider_economics.reserve_share",
            "reserve_share",
            e.reserve_share,
        ),
        exit_on_negative_reserve: e.exit_on_negative_reserve,
    };
    let budget_per_year_cents = sc
        .budget_per_year
        .map(|b| cents(c.non_negative("budget_per_year", "budget_per_year", b)));
    if sc.review_months == 0 {
        c.fail("review_months", "review_months must be at least 1");
    }
    if sc.reference_replications == 0 {
        c.fail(
            "reference_replications",
            "reference_replications must be at least 1",
        );
    }
    for (k, v) in sc.variants.iter().enumerate() {
        if v.name.trim().is_empty() {
            c.fail(format!("variants[{k}].name"), "a variant needs a name");
        }
        if sc.variants[..k].iter().any(|w| w.name == v.name) {
            c.fail(
                format!("variants[{k}].name"),
                format!("variant `{}` is defined twice", v.name),
            );
        }
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    Ok(Model {
        name: sc.name.clone(),
        start_year,
        start_month,
        horizon: sc.horizon_months,
        warmup: sc.warmup_months,
        replications: sc.replications,
        seed: sc.seed,
        need_names: needs.clone(),
        munis,
        seasonality,
        trend_per_year: r.trend_per_year,
        referrers,
        referrer_cum: cumulative(&shares),
        age_min_months: r.age_years.min * 12,
        age_max_months: r.age_years.max * 12 + 11,
        need_cum: cumulative(&need_shares),
        triage_cum,
        triage_subs,
        sociale_basis_cost_cents: (sociale_basis_cost * 100.0).round() as i64,
        segments: sc.segments.iter().map(|s| s.name.clone()).collect(),
        subs,
        providers,
        contracts,
        crisis_sub,
        waiting,
        relapse,
        quality_weight,
        admin,
        economics,
        budget_per_year_cents,
        reference_replications: sc.reference_replications,
        review_months: sc.review_months.max(1),
        transition,
    })
}
