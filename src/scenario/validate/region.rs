//! The run's frame (name, start, horizon, replications), the need levels, the
//! municipalities, and the names of the segments and sub-segments.

use super::{Names, Start, parse_start};
use crate::check::Checker;
use crate::model::{self, MuniSet, SubId};
use crate::scenario::schema::Scenario;
use std::collections::HashMap;

const MAX_MUNICIPALITIES: usize = MuniSet::CAPACITY;

/// Name, start, horizon and replications. Returns the start (2022-01 when unreadable).
pub(super) fn header(c: &mut Checker, sc: &Scenario) -> Start {
    if sc.name.trim().is_empty() {
        c.fail(
            "name",
            "the scenario needs a name (it names the results folder)",
        );
    } else if !sc.name.chars().all(crate::check::is_plain_name_char) {
        // The name becomes a folder under results/: a path in it could write anywhere.
        c.fail(
            "name",
            format!(
                "name is \"{}\"; use letters, digits, - and _ only (it names the results folder)",
                sc.name
            ),
        );
    }
    let (year, month) = parse_start(&sc.start).unwrap_or_else(|| {
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
    if u64::from(sc.warmup_months.unwrap_or(0)) + u64::from(sc.horizon_months) > u64::from(u16::MAX)
    {
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
    Start { year, month }
}

pub(super) fn need_levels(c: &mut Checker, sc: &Scenario) {
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
}

pub(super) fn municipalities(c: &mut Checker, sc: &Scenario) -> Vec<model::Municipality> {
    if sc.municipalities.is_empty() {
        c.fail(
            "municipalities",
            "municipalities is empty; the region needs at least one",
        );
    }
    if sc.municipalities.len() > MAX_MUNICIPALITIES {
        c.fail(
            "municipalities",
            format!(
                "{} municipalities; at most {MAX_MUNICIPALITIES} are supported in one scenario \
                 (the Netherlands has 342)",
                sc.municipalities.len()
            ),
        );
    }
    let mut munis = Vec::new();
    for (i, m) in sc.municipalities.iter().enumerate() {
        let p = format!("municipalities[{i}]");
        population_warnings(c, &p, m);
        if sc.municipalities[..i].iter().any(|o| o.name == m.name) {
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
            // Filled by `local`, which knows the sub-segments.
            triage: None,
            budget_per_year_cents: None,
            agreed_cost_share: None,
        });
    }
    if !sc.municipalities.is_empty()
        && sc
            .municipalities
            .iter()
            .all(|m| m.youth_0_17 * m.referral_rate <= 0.0)
    {
        c.warn(
            "municipalities",
            "no referrals: every municipality has youth_0_17 × referral_rate = 0, so nobody \
             enters care (only a transition caseload, if any)",
        );
    }
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
    munis
}

/// Segment and sub-segment names first, so references can be resolved in any order.
pub(super) fn names<'a>(c: &mut Checker, sc: &'a Scenario) -> Names<'a> {
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
    // A municipality listed twice resolves to its last entry, as a map insert would.
    let muni_index = sc
        .municipalities
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    let n = sc.municipalities.len();
    Names {
        needs: &sc.need_levels,
        muni_index,
        muni_names: sc.municipalities.iter().map(|m| m.name.clone()).collect(),
        all_munis: MuniSet::first(n),
        sub_index,
        sub_names,
    }
}

/// A population that is not a whole number, or too small to be a municipality's youths
/// (thousands typed as units, `12.5` for 12,500).
fn population_warnings(c: &mut Checker, p: &str, m: &crate::scenario::schema::Municipality) {
    let y = m.youth_0_17;
    if !(y.is_finite() && y >= 0.0) {
        return;
    }
    if y.fract() != 0.0 {
        let thousands = if y < 1000.0 {
            format!(" (thousands? write {})", (y * 1000.0).round())
        } else {
            String::new()
        };
        c.warn(
            format!("{p}.youth_0_17"),
            format!("youth_0_17 is {y}; a population is a whole number of youths{thousands}"),
        );
    } else if y < 100.0 {
        c.warn(
            format!("{p}.youth_0_17"),
            format!(
                "youth_0_17 is {y}: a tiny population for `{}`; the smallest Dutch municipalities \
                 have a few hundred youths aged 0–17",
                m.name
            ),
        );
    }
}
