//! The transition period (docs/model.md, `002:841-930`).

mod common;

use jeugdsim::model::Model;
use jeugdsim::run as engine;

fn transition(set: &str) -> Model {
    let text = common::repo_file("scenarios/achterhoek-transition.ron");
    let mut text = text;
    if !set.is_empty() {
        for (path, value) in set.split(';').map(|kv| kv.split_once('=').unwrap()) {
            jeugdsim::scenario::variants::apply(&mut text, path, value).unwrap();
        }
    }
    common::model_from("achterhoek-transition.ron", &text).unwrap()
}

#[test]
fn big_bang_moves_every_client_of_a_legacy_provider_at_go_live() {
    // Unlimited capacity, so every move can happen in the go-live month itself.
    let mut model = transition("transition.end=\"2022-01\"");
    for c in &mut model.contracts {
        c.capacity = u32::MAX;
    }
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        let legacy = t.counters.legacy_clients_at_go_live;
        assert!(legacy > 500, "the scenario has legacy clients: {legacy}");
        assert_eq!(t.counters.forced_changes_at_transition, legacy, "rep {rep}");
        assert_eq!(
            t.monthly_forced[0] as u64, legacy,
            "all in the go-live month"
        );
        assert_eq!(
            t.counters.dual_financing_months, 0,
            "no legacy financing after a big bang"
        );
    }
}

#[test]
fn no_legacy_clients_means_no_dual_financing_and_the_cost_of_a_big_bang() {
    // Temporary P×Q only for indications continuing at providers not awarded a contract
    // (002:841-905): without such clients the transition end changes nothing.
    let text = regex_free_zero_legacy(&common::repo_file("scenarios/achterhoek-transition.ron"));
    let with_end = |end: &str| {
        let mut t = text.clone();
        jeugdsim::scenario::variants::apply(&mut t, "transition.end", end).unwrap();
        common::model_from("t.ron", &t).unwrap()
    };
    let big_bang = with_end("\"2022-01\"");
    for end in ["\"2022-07\"", "\"2023-01\""] {
        let model = with_end(end);
        for rep in 0..3 {
            let t = engine::simulate_one(&model, rep);
            let b = engine::simulate_one(&big_bang, rep);
            assert_eq!(t.counters.legacy_clients_at_go_live, 0);
            assert_eq!(t.counters.forced_changes_at_transition, 0, "rep {rep}");
            assert_eq!(t.counters.dual_financing_months, 0, "end {end}, rep {rep}");
            assert_eq!(t.counters.dual_financing_cents, 0, "end {end}, rep {rep}");
            // Same replication, same random numbers: the same care at the same cost.
            assert_eq!(t.counters.care_cents, b.counters.care_cents, "end {end}");
            assert_eq!(t.counters.youth_months, b.counters.youth_months);
        }
    }
}

/// Every caseload entry with `legacy_share: 0`.
fn regex_free_zero_legacy(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("legacy_share: ") {
            Some(i) => {
                let rest = &l[i + "legacy_share: ".len()..];
                let end = rest.find(',').unwrap();
                format!("{}legacy_share: 0.0{}", &l[..i], &rest[end..])
            }
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_later_transition_end_means_fewer_forced_changes_and_more_dual_financing() {
    let early = transition("");
    let late = transition("transition.end=\"2023-01\"");
    let (mut e_forced, mut l_forced, mut e_dual, mut l_dual) = (0, 0, 0, 0);
    for rep in 0..4 {
        let a = engine::simulate_one(&early, rep);
        let b = engine::simulate_one(&late, rep);
        e_forced += a.counters.forced_changes_at_transition;
        l_forced += b.counters.forced_changes_at_transition;
        e_dual += a.counters.dual_financing_months;
        l_dual += b.counters.dual_financing_months;
    }
    assert!(l_forced < e_forced, "{l_forced} vs {e_forced}");
    assert!(l_dual > e_dual, "{l_dual} vs {e_dual}");
}

#[test]
fn a_client_is_with_one_provider_per_sub_segment_each_month() {
    // Every youth-month in care is booked with exactly one contract.
    let model = transition("");
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        assert_eq!(
            t.contract_youth_months.iter().sum::<u64>(),
            t.counters.youth_months
        );
        for (month, f) in t.flows.iter().enumerate() {
            assert_eq!(
                f.municipality_paid_cents, f.provider_revenue_cents,
                "month {month}"
            );
        }
    }
}

#[test]
fn go_live_comes_with_the_steady_caseload_and_waiting_list_of_the_history() {
    // The history runs until the region has settled; at go-live its running indications
    // are the caseload, a share of them at legacy providers, and its waiting list stays.
    let model = transition("");
    assert!(model.warmup >= 36, "a simulated history: {}", model.warmup);
    let w = model.warmup as usize;
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        let in_care = |f: &jeugdsim::metrics::tally::Flow| f64::from(f.stock_end - f.waiting);
        let steady: f64 = t.flows[w - 24..w].iter().map(in_care).sum::<f64>() / 24.0;
        let at_go_live = in_care(&t.flows[w - 1]);
        assert!(
            (at_go_live / steady - 1.0).abs() < 0.05,
            "rep {rep}: {at_go_live} in care at go-live, {steady:.0} in the steady state"
        );
        let waiting = f64::from(t.flows[w - 1].waiting);
        let steady_waiting: f64 = t.flows[w - 24..w]
            .iter()
            .map(|f| f64::from(f.waiting))
            .sum::<f64>()
            / 24.0;
        assert!(
            waiting > 0.5 * steady_waiting && waiting > 20.0,
            "rep {rep}: {waiting} waiting"
        );
        // About the legacy share of each caseload sub-segment's clients is handed over.
        let legacy = t.counters.legacy_clients_at_go_live as f64;
        assert!(
            legacy > 0.15 * at_go_live && legacy < 0.35 * at_go_live,
            "rep {rep}: {legacy} legacy clients of {at_go_live}"
        );
    }
}

#[test]
fn a_counted_caseload_goes_with_a_start_at_go_live_only() {
    let text = common::repo_file("scenarios/achterhoek-transition.ron");
    let counted = text.replace(
        "(sub_segment: \"ondersteuning\", legacy_share",
        "(sub_segment: \"ondersteuning\", count: 1338, legacy_share",
    );
    assert_ne!(counted, text);
    let err = common::model_from(
        "t.ron",
        &counted.replace("    // No warmup_months", "    warmup_months: 24, //"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("transition.caseload[1].count") && err.contains("leave `count` out"),
        "{err}"
    );
    // Without a warm-up every caseload entry needs its count.
    let err = common::model_from(
        "t.ron",
        &counted.replace("    // No warmup_months", "    warmup_months: 0, //"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("transition.caseload[0].count") && err.contains("give the youths in care"),
        "{err}"
    );
    // A count alone (no warmup_months) starts at go-live from the counts.
    let err = common::model_from("t.ron", &counted)
        .unwrap_err()
        .to_string();
    assert!(err.contains("transition.caseload[0].count"), "{err}");
}

/// The transition scenario with an end per sub-segment: residential placements run out
/// with their provider, ondersteuning ends half a year later, behandeling's third group is
/// re-indicated in the first year at €450 each.
fn per_sub_segment() -> Model {
    let text = common::repo_file("scenarios/achterhoek-transition.ron");
    let mut out = text.clone();
    for (sub, add) in [
        ("verblijf_groep", "run_out: true"),
        ("wonen_gericht_op_zelfstandigheid", "run_out: true"),
        ("verblijf_complex", "run_out: true"),
        ("ondersteuning", "end: \"2023-01\""),
        ("behandeling", "reindicate: (within_months: 12, cost: 450)"),
    ] {
        let at = out
            .find(&format!("(sub_segment: \"{sub}\","))
            .unwrap_or_else(|| panic!("{sub}"));
        let close = at + out[at..].find(')').unwrap();
        out.insert_str(close, &format!(", {add}"));
    }
    assert_ne!(out, text);
    common::model_from("per-sub-segment.ron", &out).unwrap()
}

#[test]
fn per_sub_segment_transition_accounts_for_every_legacy_client() {
    let model = per_sub_segment();
    let plain = transition("");
    let legacy_months = |t: &jeugdsim::metrics::tally::Tally| -> u64 {
        model
            .contracts
            .iter()
            .enumerate()
            .filter(|(_, c)| c.legacy)
            .map(|(i, _)| t.contract_youth_months[i])
            .sum()
    };
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        let c = &t.counters;
        // Every legacy indication ends up in exactly one group.
        assert!(
            c.legacy_clients_at_go_live > 500,
            "{}",
            c.legacy_clients_at_go_live
        );
        assert_eq!(
            c.legacy_clients_at_go_live,
            c.legacy_followed_on
                + c.legacy_converted
                + c.transition_reindications
                + c.legacy_closed
                + c.legacy_running_at_end,
            "rep {rep}: {c:?}"
        );
        // The third group of behandeling is re-indicated, at its cost.
        assert!(c.transition_reindications > 0, "rep {rep}");
        // Dual financing only at providers not awarded a contract.
        assert!(c.dual_financing_months > 0);
        assert!(c.dual_financing_months <= legacy_months(&t), "rep {rep}");
        // Same replication with one end for all: placements that run out and a later end
        // keep legacy indications paid P×Q longer, and fewer clients must move.
        let p = engine::simulate_one(&plain, rep);
        assert_eq!(
            p.counters.legacy_clients_at_go_live,
            c.legacy_clients_at_go_live
        );
        assert_eq!(p.counters.transition_reindications, 0);
        assert!(c.dual_financing_months > p.counters.dual_financing_months);
        assert!(
            c.forced_changes_at_transition < p.counters.forced_changes_at_transition,
            "rep {rep}: {} vs {}",
            c.forced_changes_at_transition,
            p.counters.forced_changes_at_transition
        );
        assert_eq!(
            p.counters.legacy_clients_at_go_live,
            p.counters.legacy_followed_on
                + p.counters.legacy_converted
                + p.counters.legacy_closed
                + p.counters.legacy_running_at_end
        );
    }
}

#[test]
fn a_per_sub_segment_transition_that_cannot_be_is_refused_by_its_field() {
    let text = common::repo_file("scenarios/achterhoek-transition.ron");
    for (add, path, says) in [
        (
            "run_out: true, reindicate: (cost: 100)",
            "transition.caseload[1].run_out",
            "choose one",
        ),
        (
            "end: \"2021-06\"",
            "transition.caseload[1].end",
            "before go-live",
        ),
        (
            "reindicate: (within_months: 0)",
            "transition.caseload[1].reindicate.within_months",
            "at least 1",
        ),
    ] {
        let at = text.find("(sub_segment: \"ondersteuning\",").unwrap();
        let close = at + text[at..].find(')').unwrap();
        let mut bad = text.clone();
        bad.insert_str(close, &format!(", {add}"));
        let e = common::model_from("bad.ron", &bad).unwrap_err().to_string();
        assert!(e.contains(path) && e.contains(says), "{add}: {e}");
    }
}
