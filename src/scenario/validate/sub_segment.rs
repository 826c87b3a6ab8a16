//! One sub-segment: its products, indications, hazards, rules at 18, providers (see
//! `providers`), financing phases and market bounds.

use super::{At, Context, Market, financing, parse_start, providers};
use crate::check::{Checker, SUM_TOLERANCE, cumulative};
use crate::model::{self, NO_SUB, SubId, UsageDist};
use crate::rng::UsageGamma;
use crate::scenario::schema::{self, SubSegment};

/// Validates sub-segment `ui` of segment `si`, the `id`-th of the scenario; its contracts
/// are added to `market`.
pub(super) fn validate(
    c: &mut Checker,
    cx: &Context,
    market: &mut Market,
    (si, ui): (usize, usize),
    id: SubId,
) -> model::SubSegment {
    let s = &cx.sc.segments[si].sub_segments[ui];
    let p = format!("segments[{si}].sub_segments[{ui}]");
    let needs = cx.names.needs;
    let (products, shares) = products(c, &p, s, needs);
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
    let step_down_to = cx
        .names
        .sub(c, &format!("{p}.step_down_to"), &s.step_down_to);
    let step_up_to = cx.names.sub(c, &format!("{p}.step_up_to"), &s.step_up_to);
    for (field, target) in [("step_down_to", step_down_to), ("step_up_to", step_up_to)] {
        if target == id {
            c.fail(
                format!("{p}.{field}"),
                format!(
                    "{field} of `{}` is `{}` itself: a step moves a youth to other care; name \
                     another sub-segment, or leave {field} out",
                    s.name, s.name
                ),
            );
        }
    }
    let stacked = s.stacked.as_ref().map(|st| {
        let to = cx
            .names
            .sub(c, &format!("{p}.stacked.sub"), &Some(st.sub.clone()));
        let share = c.probability(&format!("{p}.stacked.share"), "stacked share", st.share);
        (to, share)
    });
    let hazards = hazards(c, cx, &p, s, step_down_to, step_up_to);
    let at18_cum = at_18(c, &p, s);

    let at = At {
        si,
        ui,
        id,
        path: &p,
    };
    let (contracts, listed, bought_separately) = providers::contracts(c, cx, market, &at, &hazards);
    let provider_names: Vec<String> = market.contracts[contracts.ix()]
        .iter()
        .map(|ct| market.providers[ct.provider.ix()].clone())
        .collect();
    let financing = phases(c, cx, &p, s, &provider_names);
    let previous_financing = previous(c, cx, &p, s, &provider_names);
    let (min_providers, max_providers, waiting_norm_months) = bounds(c, &p, s, listed);
    let (specialisms, sizing) = s
        .market
        .as_ref()
        .map(|mk| (mk.specialisms.clone(), mk.sizing))
        .unwrap_or_default();
    model::SubSegment {
        min_providers,
        max_providers,
        waiting_norm_months,
        specialisms,
        sizing,
        bought_separately,
        stacked,
        financing,
        previous_financing,
        name: s.name.clone(),
        segment: si as u16,
        kind: s.kind,
        // Set with the indexation (outlook), validated after the sub-segments.
        index_per_year: 0.0,
        product_cum: cumulative(&shares),
        products,
        indication_months,
        extend_probability,
        hazards,
        step_down_to,
        step_up_to,
        at18_cum,
        max_age_months: s.at_18.max_age_years * 12,
        contracts,
        // Set by `local::task_fields`.
        task_field: model::TaskField::default(),
    }
}

/// The products, with their shares of the sub-segment's care plans.
fn products(
    c: &mut Checker,
    p: &str,
    s: &SubSegment,
    needs: &[String],
) -> (Vec<model::Product>, Vec<f64>) {
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
                if pr.tariff * u.mean > MAX_PLAN_PER_MONTH {
                    c.fail(
                        &up,
                        format!(
                            "product `{}` for need level `{}` costs €{:.0} a month on average \
                             (tariff × usage mean); at most €{MAX_PLAN_PER_MONTH:.0} a month \
                             per youth is supported",
                            pr.name,
                            needs[n],
                            pr.tariff * u.mean
                        ),
                    );
                }
                usage(c, &up, u)
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
    (products, shares)
}

/// The largest average care plan: €2 mln a month, a hundred times the costliest secure
/// residential place. A youth's monthly cost is kept in cents in 32 bits (up to €21 mln),
/// so even a far tail of the usage distribution stays representable.
const MAX_PLAN_PER_MONTH: f64 = 2_000_000.0;

/// Units of a product a youth uses a month: fixed, or gamma with the given mean and CV.
fn usage(c: &mut Checker, up: &str, u: schema::Usage) -> UsageDist {
    let mean = c.non_negative(up, "usage mean", u.mean);
    let cv = c.non_negative(up, "usage cv", u.cv);
    if cv == 0.0 || mean == 0.0 {
        return UsageDist::Fixed(mean);
    }
    // Gamma with mean m and CV v: shape 1/v², scale m·v².
    match UsageGamma::new(1.0 / (cv * cv), mean * cv * cv) {
        Ok(g) => UsageDist::Gamma(g, mean),
        Err(e) => {
            c.fail(up, format!("usage cannot form a gamma distribution: {e}"));
            UsageDist::Fixed(mean)
        }
    }
}

/// The monthly competing hazards per need level: success, step down, step up, crisis,
/// dropout. Each move needs somewhere to go.
fn hazards(
    c: &mut Checker,
    cx: &Context,
    p: &str,
    s: &SubSegment,
    step_down_to: SubId,
    step_up_to: SubId,
) -> Vec<[f64; 5]> {
    let needs = cx.names.needs;
    c.by_need(&format!("{p}.hazards"), "hazards", &s.hazards, needs)
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
                c.fail(
                    &hp,
                    format!(
                        "monthly hazards add up to {total:.4}; competing hazards must add up to at most 1"
                    ),
                );
            }
            if v[1] > 0.0 && step_down_to == NO_SUB {
                c.fail(
                    format!("{hp}.step_down"),
                    format!(
                        "sub-segment `{}` has a step_down hazard but no step_down_to",
                        s.name
                    ),
                );
            }
            if v[2] > 0.0 && step_up_to == NO_SUB {
                c.fail(
                    format!("{hp}.step_up"),
                    format!(
                        "sub-segment `{}` has a step_up hazard but no step_up_to",
                        s.name
                    ),
                );
            }
            if v[3] > 0.0 && cx.crisis_sub == NO_SUB {
                c.fail(
                    format!("{hp}.crisis"),
                    "a crisis hazard needs a crisis_sub_segment in the scenario",
                );
            }
            v
        })
        .collect()
}

/// What happens at 18: cumulative shares of continue, adult care, end.
fn at_18(c: &mut Checker, p: &str, s: &SubSegment) -> [f64; 3] {
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
    let v = cumulative(&at18);
    [v[0], v[1], 1.0]
}

/// The financing from the start, and each change with the simulated month it takes effect.
fn phases(
    c: &mut Checker,
    cx: &Context,
    p: &str,
    s: &SubSegment,
    providers: &[String],
) -> Vec<(u32, model::Financing)> {
    let mut phases = vec![(
        0u32,
        s.financing
            .as_ref()
            .map(|f| financing(c, cx, &format!("{p}.financing"), f, providers))
            .unwrap_or_else(crate::finance::reference_financing),
    )];
    for (k, ch) in s.financing_changes.iter().enumerate() {
        let cp = format!("{p}.financing_changes[{k}]");
        let f = financing(c, cx, &format!("{cp}.financing"), &ch.financing, providers);
        match parse_start(&ch.from) {
            Some(date) => {
                let months = cx.start.months_to(date);
                if months < 0 {
                    c.fail(
                        format!("{cp}.from"),
                        format!(
                            "from \"{}\" is before start (\"{}\"): a financing change takes \
                             effect in a month of the horizon, and before start `financing` \
                             holds; check the year, or change `financing` itself",
                            ch.from, cx.sc.start
                        ),
                    );
                } else if months >= i64::from(cx.sc.horizon_months) {
                    c.warn(
                        format!("{cp}.from"),
                        format!(
                            "from \"{}\" is after the horizon ({} months from {}): this change never takes effect",
                            ch.from, cx.sc.horizon_months, cx.sc.start
                        ),
                    );
                }
                let t = (months + cx.warmup as i64).max(0) as u32;
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
    if phases.iter().any(|(_, f)| f.pays_per_place()) && s.providers_have_unlimited_capacity() {
        c.fail(
            format!("{p}.providers"),
            "availability financing pays per available place: every provider needs a capacity",
        );
    }
    phases
}

/// The model before go-live for the revenue guard (default P×Q): any scheme. What it
/// paid per euro of production is read from the simulated history (a trajectory model's
/// prices on the trajectories closed there, a lumpsum's budget on the base year's
/// production).
fn previous(
    c: &mut Checker,
    cx: &Context,
    p: &str,
    s: &SubSegment,
    providers: &[String],
) -> model::Financing {
    match &s.previous_financing {
        None => crate::finance::reference_financing(),
        Some(input) => financing(c, cx, &format!("{p}.previous_financing"), input, providers),
    }
}

/// Min and max providers contracted, and the waiting norm, for `n` providers listed.
fn bounds(c: &mut Checker, p: &str, s: &SubSegment, n: u32) -> (u32, u32, f64) {
    let Some(mk) = &s.market else {
        return (n, n, 2.0);
    };
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
    if mk.max > n && mk.min <= n {
        c.warn(
            format!("{mp}.max"),
            format!(
                "max providers ({}) is above the {n} providers available for `{}`; at most {n} \
                 can be contracted",
                mk.max, s.name
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
