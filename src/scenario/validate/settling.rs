//! How long the region's history must run before the reported months start: the warm-up
//! a scenario gets when it gives no `warmup_months` (docs/modelling-choices.md, "A
//! stationary start").
//!
//! The region starts empty. Its caseload settles as youths who entered in the first months
//! leave, and its waiting lists as waiting youths are placed, escalate or give up, so the
//! slowest of these sets how long the start takes to be forgotten. Per sub-segment the
//! expected time a youth spends in the region's care from there on (its stay, then the
//! stays it steps up or down to) is worked out from its hazards, indication length and
//! extension chance; a waiting youth's time is 1 / (its monthly chance of giving up: an
//! escalation or a crisis moves it to another queue, not out); a relapse comes within its
//! window. The warm-up is
//! four times the longest of these (98% of the start forgotten), in whole years, at least
//! three and at most twenty-five years. The `stationarity` diagnostic of every run checks
//! that it was enough.

use crate::scenario::schema::{Scenario, SubSegment};

/// Multiples of the slowest time scale after which the start is forgotten (e^-4 ≈ 2%).
const SETTLE: f64 = 4.0;
/// Bounds of the automatic warm-up, months.
const MIN_WARMUP: u32 = 36;
const MAX_WARMUP: u32 = 300;
/// Longest stay considered, months: no youth stays in youth care beyond 23.
const LONGEST_STAY: usize = 23 * 12;

/// The automatic warm-up of `sc`, months.
pub fn warmup(sc: &Scenario) -> u32 {
    let months = slowest(sc) * SETTLE;
    let years = (months / 12.0).ceil().max(0.0) as u32;
    (years * 12).clamp(MIN_WARMUP, MAX_WARMUP)
}

/// The slowest time scale of the region, months.
pub fn slowest(sc: &Scenario) -> f64 {
    let subs: Vec<&SubSegment> = sc
        .segments
        .iter()
        .flat_map(|s| s.sub_segments.iter())
        .collect();
    let in_care = time_in_care(&subs).into_iter().fold(0.0f64, f64::max);
    // Escalation and crisis move a waiting youth to another queue or back into this one:
    // only dropping out (besides placement) leaves it.
    let dropout = sc.waiting.dropout;
    let waiting = if dropout > 0.0 { 1.0 / dropout } else { 0.0 };
    let relapse = if sc.relapse.hazard > 0.0 || sc.relapse.unattained_hazard.unwrap_or(0.0) > 0.0 {
        f64::from(sc.relapse.window_months)
    } else {
        0.0
    };
    in_care.max(waiting).max(relapse)
}

/// One stay in a sub-segment for the slowest need level: its expected months, and the
/// chances that it ends by a step down and by a step up.
fn stay(s: &SubSegment) -> (f64, f64, f64) {
    let mut slowest = (0.0, 0.0, 0.0);
    for (need, h) in &s.hazards {
        let total = (h.success + h.step_down + h.step_up + h.crisis + h.dropout).clamp(0.0, 1.0);
        let length = s.indication_months.get(need).copied().unwrap_or(1).max(1) as usize;
        let extend = s.extend_probability.clamp(0.0, 1.0);
        let (mut alive, mut months, mut down, mut up) = (1.0f64, 0.0, 0.0, 0.0);
        for m in 0..LONGEST_STAY {
            if m > 0 && m % length == 0 {
                alive *= extend;
            }
            if alive < 1e-6 {
                break;
            }
            months += alive;
            down += alive * h.step_down;
            up += alive * h.step_up;
            alive *= 1.0 - total;
        }
        if months > slowest.0 {
            slowest = (months, down, up);
        }
    }
    slowest
}

/// A sub-segment's stay: expected months, chances of a step down and up, and where to.
type Stay = (f64, f64, f64, Option<usize>, Option<usize>);

/// Per sub-segment: the expected months in the region's care from entering it, its own
/// stay and the stays it steps on to, weighted by their chances.
fn time_in_care(subs: &[&SubSegment]) -> Vec<f64> {
    let index = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| subs.iter().position(|s| s.name == *n))
    };
    let stays: Vec<Stay> = subs
        .iter()
        .map(|s| {
            let (months, down, up) = stay(s);
            (
                months,
                down,
                up,
                index(&s.step_down_to),
                index(&s.step_up_to),
            )
        })
        .collect();
    // The fixed point of T_s = stay_s + P(down) T_down + P(up) T_up, by iteration; chances of
    // moving on are below 1, so it converges (capped for safety).
    let mut total: Vec<f64> = stays.iter().map(|s| s.0).collect();
    for _ in 0..100 {
        let next: Vec<f64> = stays
            .iter()
            .map(|&(months, down, up, to_down, to_up)| {
                let on = |to: Option<usize>| to.map_or(0.0, |k| total[k]);
                (months + down * on(to_down) + up * on(to_up)).min(LONGEST_STAY as f64)
            })
            .collect();
        let settled = next.iter().zip(&total).all(|(a, b)| (a - b).abs() < 0.01);
        total = next;
        if settled {
            break;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_single_queue_settles_in_four_mean_stays() {
        // Exit chance 5% a month and indications that never end: a mean stay of 20
        // months, so 80 months, 84 in whole years.
        let text = crate::scenario::Source::from_text(
            std::path::Path::new("q.ron"),
            r#"(name: "q", need_levels: ["any"],
                municipalities: [(name: "M", youth_0_17: 1000, referral_rate: 0.01)],
                referral: (referrers: [(name: "t", share: 1.0)], need_shares: {"any": 1.0},
                           triage: {"any": {"A": 1.0}}),
                segments: [(name: "S", sub_segments: [(name: "A", kind: ambulant,
                    products: [(name: "u", unit: hour, tariff: 1.0, usage: {"any": (mean: 1)})],
                    indication_months: {"any": 10000}, hazards: {"any": (success: 0.05)},
                    providers: Generated(count: 1))])])"#
                .to_string(),
        );
        let sc = text.parse().unwrap();
        assert!(
            (super::slowest(&sc) - 20.0).abs() < 0.01,
            "{}",
            super::slowest(&sc)
        );
        assert_eq!(super::warmup(&sc), 84);
        // A quicker queue still gets three years: the check of the last two needs them.
    }
}
