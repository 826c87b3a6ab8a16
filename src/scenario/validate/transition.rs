//! The transition: its end date and the caseload at go-live (the simulated history's, or
//! counted when the simulation starts at go-live). Legacy providers become
//! extra contracts of their sub-segment, after the candidates, so ranks and wachtkamer
//! order are untouched.

use super::{Context, Market, parse_start};
use crate::check::Checker;
use crate::model::{self, Contract, Contracts, NO_SUB};
use crate::scenario::schema;

pub(super) fn validate(
    c: &mut Checker,
    cx: &Context,
    tr: &schema::Transition,
    subs: &[model::SubSegment],
    market: &mut Market,
) -> model::Transition {
    // With a warm-up the caseload at go-live is the simulated history's (a steady state);
    // without one the simulation starts at go-live from the counts given.
    let from_history = cx.warmup > 0;
    let end = end_month(c, cx, "transition.end", &tr.end);
    let mut caseload = Vec::new();
    for (k, cl) in tr.caseload.iter().enumerate() {
        let cp = format!("transition.caseload[{k}]");
        let sub = cx.names.sub(
            c,
            &format!("{cp}.sub_segment"),
            &Some(cl.sub_segment.clone()),
        );
        let legacy_share = c.probability(
            &format!("{cp}.legacy_share"),
            "legacy_share",
            cl.legacy_share,
        );
        counted(c, &cp, cl, from_history, cx.warmup);
        if cl.max_months_left == Some(0) {
            c.fail(
                format!("{cp}.max_months_left"),
                "max_months_left must be at least 1",
            );
        }
        if legacy_share > 0.0 && cl.legacy_providers == 0 {
            c.fail(
                format!("{cp}.legacy_providers"),
                "a legacy_share above 0 needs at least 1 legacy provider",
            );
        }
        if sub == NO_SUB {
            continue;
        }
        let first = market.contracts.len() as u32;
        for j in 0..cl.legacy_providers {
            let provider = market.provider(&format!("{} legacy {}", cl.sub_segment, j + 1));
            let s = &subs[sub as usize];
            market.contracts.push(Contract {
                provider,
                sub,
                capacity: u32::MAX,
                covers: cx.names.all_munis,
                rank: u32::MAX,
                specialisms: 0,
                effectiveness: 0.0,
                own_cost_share: cx.sc.provider_economics.own_cost_share,
                legacy: true,
                thresholds: s
                    .hazards
                    .iter()
                    .map(|h| model::thresholds(h, 0.0, 1.0, 1.0))
                    .collect(),
            });
        }
        let own_end = match &cl.end {
            Some(text) => end_month(c, cx, &format!("{cp}.end"), text),
            None => end,
        };
        let reindicate = cl.reindicate.as_ref().map(|r| {
            let rp = format!("{cp}.reindicate");
            if r.within_months == 0 {
                c.fail(
                    format!("{rp}.within_months"),
                    "within_months must be at least 1",
                );
            }
            let cost = c.non_negative(&format!("{rp}.cost"), "cost", r.cost);
            (
                r.within_months.max(1),
                (cost * 100.0).round().min(1e15) as i64,
            )
        });
        if cl.run_out && reindicate.is_some() {
            c.fail(
                format!("{cp}.run_out"),
                "`run_out` lets legacy placements run out while `reindicate` converts them in the first months: choose one",
            );
        }
        caseload.push(model::Caseload {
            end: own_end,
            run_out: cl.run_out,
            reindicate,
            sub,
            count: if from_history {
                0
            } else {
                cl.count.unwrap_or(0)
            },
            legacy_share,
            legacy: Contracts::new(first as usize, market.contracts.len()),
            max_months_left: cl.max_months_left.unwrap_or(12).max(1),
        });
    }
    model::Transition { end, caseload }
}

/// Whether caseload entry `cl` counts its youths as the start requires: with a warm-up
/// the caseload is the history's (no `count`, no `max_months_left`); without one every
/// entry counts its youths.
fn counted(c: &mut Checker, cp: &str, cl: &schema::Caseload, from_history: bool, warmup: u32) {
    if from_history {
        for (field, given) in [
            ("count", cl.count.is_some()),
            ("max_months_left", cl.max_months_left.is_some()),
        ] {
            if given {
                c.fail(
                    format!("{cp}.{field}"),
                    format!(
                        "with a warm-up ({} months) the caseload at go-live is the simulated \
                         history's, each indication with its own end: leave `{field}` out, \
                         or set `warmup_months: 0` to start at go-live from the counts given",
                        warmup
                    ),
                );
            }
        }
    } else if cl.count.is_none() {
        c.fail(
            format!("{cp}.count"),
            "the simulation starts at go-live (`warmup_months: 0`): give the youths in care \
             at go-live, or leave `warmup_months` out to go live from a simulated history",
        );
    }
}

/// The simulated month of a transition end written at `path`: checked against go-live and
/// the horizon.
fn end_month(c: &mut Checker, cx: &Context, path: &str, text: &str) -> u32 {
    match parse_start(text) {
        Some(date) => {
            let months = cx.start.months_to(date);
            if months < 0 {
                c.fail(path, "the transition end is before go-live (`start`)");
            }
            if months > i64::from(cx.sc.horizon_months) {
                c.warn(
                    path,
                    format!(
                        "the transition ends at \"{text}\", after the horizon ({} months from {}): \
                         its end is not simulated",
                        cx.sc.horizon_months, cx.sc.start
                    ),
                );
            }
            months.max(0) as u32 + cx.warmup
        }
        None => {
            c.fail(path, format!("end is \"{text}\"; write it as \"YYYY-MM\""));
            0
        }
    }
}
