//! What a region's own data adds (docs/data.md): each municipality's referrals per
//! sub-segment, its budget and agreed share of the cost split, the Iv3 task field each
//! sub-segment is booked on, and the caseload and waiting list on the base date.

use super::Context;
use crate::check::{Checker, cumulative};
use crate::ids::MuniIx;
use crate::model::{self, Kind, NO_SUB, StockEntry, TaskField};

/// Fills each municipality's own triage, budget and agreed share.
pub(super) fn municipalities(c: &mut Checker, cx: &Context, munis: &mut [model::Municipality]) {
    for (i, (m, mu)) in cx
        .sc
        .municipalities
        .iter()
        .zip(munis.iter_mut())
        .enumerate()
    {
        let p = format!("municipalities[{i}]");
        if !m.sub_segment_shares.is_empty() {
            let (mut ps, mut ids) = (Vec::new(), Vec::new());
            for (sub, &share) in &m.sub_segment_shares {
                let path = format!("{p}.sub_segment_shares.{sub}");
                let id = cx.names.sub(c, &path, &Some(sub.clone()));
                let share = c.probability(&path, "sub-segment share", share);
                if id != NO_SUB && share > 0.0 {
                    ids.push(id);
                    ps.push(share);
                }
            }
            c.sums_to_one(
                &format!("{p}.sub_segment_shares"),
                &format!("sub_segment_shares of `{}`", m.name),
                m.sub_segment_shares.values().sum(),
            );
            mu.triage = Some((cumulative(&ps), ids));
        }
        mu.budget_per_year_cents = m.budget_per_year.map(|b| {
            crate::check::cents(c.non_negative(
                &format!("{p}.budget_per_year"),
                "budget_per_year",
                b,
            ))
        });
        mu.agreed_cost_share = m
            .agreed_cost_share
            .map(|s| c.probability(&format!("{p}.agreed_cost_share"), "agreed_cost_share", s));
    }
    let agreed: Vec<f64> = munis.iter().filter_map(|m| m.agreed_cost_share).collect();
    if !agreed.is_empty() && agreed.len() == munis.len() {
        c.sums_to_one(
            "municipalities",
            "the municipalities' agreed_cost_share",
            agreed.iter().sum(),
        );
    }
}

/// The task field each sub-segment's cost is booked on.
pub(super) fn task_fields(c: &mut Checker, cx: &Context, subs: &mut [model::SubSegment]) {
    let mut at = 0;
    for (si, seg) in cx.sc.segments.iter().enumerate() {
        for (ui, s) in seg.sub_segments.iter().enumerate() {
            let Some(sub) = subs.get_mut(at) else { return };
            at += 1;
            sub.task_field = match s.iv3_task_field.as_deref() {
                None if matches!(s.kind, Kind::Closed | Kind::Crisis) => TaskField::Escalated,
                None => TaskField::Tailored,
                Some(code) => match TaskField::from_code(code) {
                    Some(f) => f,
                    None => {
                        c.fail(
                            format!("segments[{si}].sub_segments[{ui}].iv3_task_field"),
                            format!(
                                "unknown Iv3 task field `{code}`; youth care is booked on \
                                 \"6.72\" (maatwerkdienstverlening 18-) or \"6.82\" \
                                 (geëscaleerde zorg 18-)"
                            ),
                        );
                        TaskField::Tailored
                    }
                },
            };
        }
    }
}

/// The caseload and waiting list on the base date.
pub(super) fn stock(c: &mut Checker, cx: &Context) -> Vec<StockEntry> {
    let sc = cx.sc;
    if !sc.stock.is_empty() && sc.warmup_months.is_some_and(|w| w > 0) {
        c.fail(
            "warmup_months",
            "a scenario with a `stock` starts from it on the base date: leave warmup_months out \
             or set it to 0",
        );
    }
    let mut out = Vec::new();
    for (k, s) in sc.stock.iter().enumerate() {
        let p = format!("stock[{k}]");
        let muni = match cx.names.muni_index.get(&s.municipality) {
            Some(&m) => m,
            None => {
                c.fail(
                    format!("{p}.municipality"),
                    format!(
                        "unknown municipality `{}`; the municipalities are {}",
                        s.municipality,
                        crate::check::list(&cx.names.muni_names)
                    ),
                );
                continue;
            }
        };
        let sub = cx
            .names
            .sub(c, &format!("{p}.sub_segment"), &Some(s.sub_segment.clone()));
        if s.max_months_left == 0 {
            c.fail(
                format!("{p}.max_months_left"),
                "a running indication has at least 1 month left",
            );
        }
        if sub != NO_SUB {
            out.push(StockEntry {
                muni: muni as MuniIx,
                sub,
                in_care: s.in_care,
                waiting: s.waiting,
                max_months_left: s.max_months_left.max(1),
            });
        }
    }
    out
}
