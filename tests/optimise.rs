//! `jeugdsim optimise`: the smallest provider numbers that meet a target.

mod common;

use jeugdsim::model::Model;
use jeugdsim::report::sweep::Target;
use jeugdsim::run::{self as engine, RunOptions};

/// Two ambulant sub-segments, each with ranked candidates of 12 places and a min/max;
/// demand needs a few providers in each.
fn two_markets() -> Model {
    let text = r#"(
    name: "two-markets",
    horizon_months: 36,
    warmup_months: 12,
    replications: 40,
    seed: 11,
    need_levels: ["any"],
    municipalities: [(name: "Stad", youth_0_17: 12000, referral_rate: 0.012)],
    referral: (
        referrers: [(name: "toegang", share: 1.0)],
        age_years: (min: 0, max: 12),
        need_shares: {"any": 1.0},
        triage: {"any": {"A": 0.6, "B": 0.4}},
    ),
    segments: [(name: "S", sub_segments: [
        (
            name: "A",
            kind: ambulant,
            products: [(name: "uur", unit: hour, tariff: 70.0, usage: {"any": (mean: 8)})],
            indication_months: {"any": 6},
            hazards: {"any": (success: 0.1)},
            market: (min: 1, max: 8, waiting_norm_months: 1.0),
            providers: Generated(count: 8, capacity: 12),
        ),
        (
            name: "B",
            kind: ambulant,
            products: [(name: "uur", unit: hour, tariff: 90.0, usage: {"any": (mean: 6)})],
            indication_months: {"any": 6},
            hazards: {"any": (success: 0.1)},
            market: (min: 1, max: 8, waiting_norm_months: 1.0),
            providers: Generated(count: 8, capacity: 12),
        ),
    ])],
    waiting: (dropout: 0.05),
)"#;
    common::model_from("two-markets.ron", text).unwrap()
}

/// Share of replications in which `model` with `providers` per searched sub-segment
/// meets `target`.
fn share_meeting(model: &Model, providers: &[u32], target: &Target) -> f64 {
    let mut m = model.clone();
    for (s, &n) in m.subs.iter_mut().zip(providers) {
        s.min_providers = n;
        s.max_providers = n;
    }
    let values = engine::metrics_by_replication(
        &[m],
        &[target.metric.as_str()],
        "test",
        &RunOptions::default(),
    )
    .unwrap();
    let met = values.iter().filter(|v| v[0] <= target.threshold).count();
    met as f64 / values.len() as f64
}

#[test]
fn the_solution_meets_the_target_and_one_provider_fewer_anywhere_breaks_it() {
    let model = two_markets();
    let target = Target::parse("mean_wait_months<=0.5").unwrap();
    let o = jeugdsim::commands::optimise::optimise(&model, &target, 0.95, &RunOptions::default())
        .unwrap();
    assert!(o.meets_target);
    let n = &o.solution.providers;
    assert_eq!(n.len(), 2);
    // Starting from 1 and 1 at least one sub-segment needed more.
    assert!(n.iter().sum::<u32>() > 2, "{n:?}");
    assert!(share_meeting(&model, n, &target) >= 0.95);
    for k in 0..n.len() {
        if n[k] > 1 {
            let mut fewer = n.clone();
            fewer[k] -= 1;
            assert!(
                share_meeting(&model, &fewer, &target) < 0.95,
                "{fewer:?} still meets the target"
            );
        }
    }
    // The frontier starts at the minimum and ends at the solution.
    assert_eq!(o.frontier[0].providers, vec![1, 1]);
    assert_eq!(o.frontier.last().unwrap().providers, *n);
    assert!(o.evaluated >= o.frontier.len());
}

#[test]
fn an_unreachable_target_is_reported_as_not_met_at_the_maximum() {
    let model = two_markets();
    let target = Target::parse("mean_wait_months<=-1").unwrap();
    let o = jeugdsim::commands::optimise::optimise(&model, &target, 0.95, &RunOptions::default())
        .unwrap();
    assert!(!o.meets_target);
    assert_eq!(o.solution.providers, vec![8, 8]);
    // Said at once: the largest market is evaluated first, and nothing else.
    assert_eq!(o.evaluated, 1);
    assert_eq!(o.frontier.len(), 1);
}

#[test]
fn optimise_writes_its_solution_and_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("opt");
    common::jeugdsim_ok(
        &[
            "optimise",
            "scenarios/achterhoek-market.ron",
            "--target",
            "mean_wait_months<=3",
            "--replications",
            "4",
            "--quiet",
            "--report",
        ],
        &out,
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("optimise.json")).unwrap()).unwrap();
    assert_eq!(json["target"]["expression"], "mean_wait_months<=3");
    assert_eq!(json["meets_target"], true);
    assert!(json["evaluated"].as_u64().unwrap() >= 1);
    let solution = json["solution"].as_array().unwrap();
    assert!(solution.iter().any(|s| s["sub_segment"] == "ondersteuning"));
    for s in solution {
        assert!(s["providers"].as_u64().unwrap() >= s["min"].as_u64().unwrap());
    }
    assert!(!json["frontier"].as_array().unwrap().is_empty());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("optimise") && html.contains("<svg"));
    // Bad input: an unknown metric and a scenario without a min/max are clear errors.
    let o = common::jeugdsim(&[
        "optimise",
        "scenarios/achterhoek-market.ron",
        "--target",
        "mean_wiat_months<=1",
    ]);
    assert!(!o.status.success());
    assert!(common::stderr(&o).contains("unknown metric `mean_wiat_months`"));
    let o = common::jeugdsim(&[
        "optimise",
        "scenarios/minimal.ron",
        "--target",
        "mean_wait_months<=1",
    ]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("nothing to size"),
        "{}",
        common::stderr(&o)
    );
}
