//! `jeugdsim optimise`: the smallest provider numbers that meet a target.

mod common;

use jeugdsim::model::Model;
use jeugdsim::report::sweep::Target;
use jeugdsim::run::{self as engine, RunOptions};

/// Two ambulant sub-segments, each with ranked candidates of 12 places and a min/max;
/// demand needs a few providers in each.
fn two_markets() -> Model {
    common::model_from("two-markets.ron", TWO_MARKETS).unwrap()
}

const TWO_MARKETS: &str = r#"(
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
    let o = jeugdsim::commands::optimise::optimise(
        &model,
        std::slice::from_ref(&target),
        0.95,
        &RunOptions::default(),
    )
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
    // The frontier lists every candidate once, in order: the largest market first, and the
    // solution among them.
    assert_eq!(o.frontier[0].providers, vec![8, 8]);
    assert!(o.frontier.iter().any(|p| p.providers == *n));
    assert_eq!(o.evaluated, o.frontier.len());
    let mut seen: Vec<&Vec<u32>> = o.frontier.iter().map(|p| &p.providers).collect();
    seen.dedup();
    assert_eq!(seen.len(), o.frontier.len());
}

#[test]
fn an_unreachable_target_is_reported_as_not_met_at_the_maximum() {
    let model = two_markets();
    let target = Target::parse("mean_wait_months<=-1").unwrap();
    let o = jeugdsim::commands::optimise::optimise(
        &model,
        std::slice::from_ref(&target),
        0.95,
        &RunOptions::default(),
    )
    .unwrap();
    assert!(!o.meets_target);
    assert_eq!(o.solution.providers, vec![8, 8]);
    // Said at once: the largest market is evaluated first, and nothing else.
    assert_eq!(o.evaluated, 1);
    assert_eq!(o.frontier.len(), 1);
}

/// `jeugdsim optimise` on the market scenario with `targets` (4 replications, a report):
/// its optimise.json and report.html.
fn optimise_market(targets: &[&str]) -> (serde_json::Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("opt");
    let mut args = vec!["optimise", "scenarios/achterhoek-market.ron"];
    args.extend(targets);
    args.extend(["--replications", "4", "--quiet", "--report"]);
    common::jeugdsim_ok(&args, &out);
    let json = serde_json::from_slice(&std::fs::read(out.join("optimise.json")).unwrap()).unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    (json, html)
}

#[test]
fn optimise_writes_its_solution_and_a_report() {
    let (json, html) = optimise_market(&["--target", "mean_wait_months<=3"]);
    assert_eq!(json["target"]["expression"], "mean_wait_months<=3");
    assert_eq!(json["meets_target"], true);
    assert!(json["evaluated"].as_u64().unwrap() >= 1);
    let solution = json["solution"].as_array().unwrap();
    assert!(solution.iter().any(|s| s["sub_segment"] == "ondersteuning"));
    for s in solution {
        assert!(s["providers"].as_u64().unwrap() >= s["min"].as_u64().unwrap());
    }
    assert!(!json["frontier"].as_array().unwrap().is_empty());
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
        "scenarios/achterhoek-market.ron",
        "--target",
        "mean_wait_months<=1",
        "--variant",
        "lumpsum",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains(
            "no such variant; its variants are baseline, sole_provider_declines, lumpsum_ambulant"
        ),
        "{}",
        common::stderr(&o)
    );
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

/// Shares of replications in which each of `targets` holds, with `providers` per searched
/// sub-segment (all of `model`'s sub-segments here): computed apart from the search.
fn shares(model: &Model, subs: &[usize], providers: &[u32], targets: &[Target]) -> Vec<f64> {
    let mut m = model.clone();
    for (&i, &n) in subs.iter().zip(providers) {
        m.subs[i].min_providers = n;
        m.subs[i].max_providers = n;
    }
    let names: Vec<&str> = targets.iter().map(|t| t.metric.as_str()).collect();
    let values =
        engine::metrics_by_replication(&[m], &names, "test", &RunOptions::default()).unwrap();
    targets
        .iter()
        .enumerate()
        .map(|(k, t)| values.iter().filter(|v| t.holds(v[k])).count() as f64 / values.len() as f64)
        .collect()
}

#[test]
fn targets_per_sub_segment_hold_each_and_one_provider_fewer_anywhere_breaks_one() {
    let model = two_markets();
    let targets = Target::parse_in("p90_wait_months_sub_[*]<=norm", &model).unwrap();
    // A family is one target per sub-segment, `norm` each sub-segment's waiting norm.
    let texts: Vec<String> = targets.iter().map(Target::text).collect();
    assert_eq!(
        texts,
        ["p90_wait_months_sub_A<=1", "p90_wait_months_sub_B<=1"]
    );
    let o = jeugdsim::commands::optimise::optimise(&model, &targets, 0.95, &RunOptions::default())
        .unwrap();
    assert!(o.meets_target);
    let n = o.solution.providers.clone();
    let subs = [0, 1];
    for share in shares(&model, &subs, &n, &targets) {
        assert!(share >= 0.95, "{n:?}: {share}");
    }
    for k in 0..n.len() {
        if n[k] > 1 {
            let mut fewer = n.clone();
            fewer[k] -= 1;
            let s = shares(&model, &subs, &fewer, &targets);
            assert!(s.iter().any(|&x| x < 0.95), "{fewer:?} still meets: {s:?}");
            // The binding target is the one of the sub-segment lowered.
            assert_eq!(o.sub_segments[k].binding, texts[k]);
        }
    }
    // Each sub-segment's frontier holds the numbers evaluated for it, the solution's among them.
    for (k, s) in o.sub_segments.iter().enumerate() {
        assert!(s.frontier.iter().any(|f| f.0 == n[k]), "{:?}", s.frontier);
        assert!(s.frontier.windows(2).all(|w| w[0].0 < w[1].0));
    }
}

#[test]
fn a_target_family_or_norm_that_does_not_fit_is_refused_with_its_reason() {
    let model = two_markets();
    for (text, says) in [
        ("p90_wait_sub_[*]<=1", "is not a metric family"),
        (
            "mean_wait_months<=norm",
            "`norm` is a sub-segment's waiting_norm_months",
        ),
        (
            "p90_wait_months_sub_C<=1",
            "unknown metric `p90_wait_months_sub_C`",
        ),
        (
            "p90_wait_months_sub_[*]<=soon",
            "`soon` is not a (finite) number",
        ),
    ] {
        let e = Target::parse_in(text, &model).unwrap_err().to_string();
        assert!(e.contains(says), "{text}: {e}");
    }
    // Segment families expand per segment.
    let t = Target::parse_in("mean_waiting_segment_[*]<=3", &model).unwrap();
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].metric, "mean_waiting_segment_S");
}

/// `two_markets` with a second municipality; sub-segment A requires a specialism that only
/// its fifth-ranked (listed) provider offers; B's providers differ in size and serve one
/// municipality each; both sized as `sizing` says.
fn specialised(sizing: &str) -> Model {
    let listed = r#"Listed([
                (name: "a1", capacity: 40), (name: "a2", capacity: 40), (name: "a3", capacity: 40),
                (name: "a4", capacity: 40), (name: "a5", capacity: 40, specialisms: ["trauma"]),
                (name: "a6", capacity: 40), (name: "a7", capacity: 40), (name: "a8", capacity: 40),
            ])"#;
    let market = "market: (min: 1, max: 8, waiting_norm_months: 1.0";
    let text = TWO_MARKETS
        .replace(
            r#"(name: "Stad", youth_0_17: 12000, referral_rate: 0.012)"#,
            r#"(name: "Stad", youth_0_17: 12000, referral_rate: 0.012),
        (name: "Dorp", youth_0_17: 1000, referral_rate: 0.012)"#,
        )
        .replacen(
            market,
            &format!("{market}, specialisms: [\"trauma\"], sizing: {sizing}"),
            1,
        )
        .replacen("Generated(count: 8, capacity: 12)", listed, 1)
        .replacen(
            &format!("{market})"),
            &format!("{market}, sizing: {sizing})"),
            1,
        )
        .replacen(
            "Generated(count: 8, capacity: 12)",
            "Generated(count: 8, capacity: 40, capacity_cv: 0.3, serves: 1)",
            1,
        );
    assert_eq!(text.matches("sizing:").count(), 2);
    assert!(text.contains("Dorp") && text.contains("serves: 1") && text.contains("a5"));
    common::model_from("specialised.ron", &text).unwrap()
}

#[test]
fn a_required_specialism_forces_a_count_above_what_waiting_needs() {
    let model = specialised("review");
    let targets = Target::parse_in("p90_wait_months_sub_[*]<=norm", &model).unwrap();
    let search = |m: &Model| {
        jeugdsim::commands::optimise::optimise(m, &targets, 0.95, &RunOptions::default()).unwrap()
    };
    // Waiting alone needs fewer than five providers in A.
    let mut unspecialised = model.clone();
    unspecialised.subs[0].specialisms.clear();
    for c in &mut unspecialised.contracts {
        c.specialisms = 0;
    }
    let waiting = search(&unspecialised);
    assert!(waiting.meets_target);
    assert!(
        waiting.solution.providers[0] < 5,
        "{:?}",
        waiting.solution.providers
    );
    assert_eq!(waiting.sub_segments[0].floor, 1);
    let o = search(&model);
    assert!(o.meets_target);
    // The fifth-ranked is the first to offer the specialism: A cannot go below 5.
    assert_eq!(o.sub_segments[0].floor, 5);
    assert_eq!(o.solution.providers[0], 5);
    assert_eq!(o.sub_segments[0].binding, "specialisms");
}

#[test]
fn award_sizing_contracts_past_min_only_for_specialisms_and_municipalities() {
    use jeugdsim::market::award;
    let model = specialised("award");
    // A: the specialism's provider is fifth; B: generated providers serve one
    // municipality each, so coverage needs the best-ranked up to one serving each.
    assert_eq!(award::awarded(&model, 0), 5);
    let b = award::awarded(&model, 1);
    let covers = |n: usize| {
        let mut ranked: Vec<_> = model.subs[1]
            .contracts
            .iter()
            .map(|c| &model.contracts[c.ix()])
            .collect();
        ranked.sort_by_key(|c| c.rank);
        ranked[..n]
            .iter()
            .fold(jeugdsim::model::MuniSet::default(), |acc, c| {
                acc.union(c.covers)
            })
    };
    let both = jeugdsim::model::MuniSet::first(2);
    assert_eq!(covers(b as usize), both, "{b} providers cover both");
    assert!(b == 1 || covers(b as usize - 1) != both);
    // Providers differ in size: capacity_cv draws each provider's places.
    let sizes: std::collections::BTreeSet<u32> = model.subs[1]
        .contracts
        .iter()
        .map(|c| model.contracts[c.ix()].capacity)
        .collect();
    assert!(sizes.len() > 2, "{sizes:?}");
    // The run contracts the count at award, and keeps it (reviews only replace leavers).
    let s = engine::run(&model, &RunOptions::default()).unwrap().summary;
    assert_eq!(s.metric("providers_contracted_sub_A").unwrap().mean, 5.0);
    assert_eq!(s.metric("min_covering_providers_sub_A").unwrap().p5, 5.0);
    assert_eq!(
        s.metric("providers_contracted_sub_B").unwrap().mean,
        f64::from(b)
    );
    assert!(s.metric("min_covering_providers_sub_B").unwrap().p5 >= 1.0);
    // Under the wachtkamer, A starts at its min of 1.
    let review = specialised("review");
    assert_eq!(award::at_start(&review, 0), 1);
}

#[test]
fn a_specialism_nobody_offers_is_refused_before_a_run() {
    let text = common::repo_file("scenarios/achterhoek-market.ron").replacen(
        "market: (min: 1, max: 4, waiting_norm_months: 1.5)",
        "market: (min: 1, max: 4, waiting_norm_months: 1.5, specialisms: [\"autisme\"])",
        1,
    );
    let e = common::model_from("market.ron", &text)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no provider of `persoonlijke_verzorging` offers specialism `autisme`"),
        "{e}"
    );
}

#[test]
fn the_market_scenario_sized_by_every_norm_and_coverage_meets_each_and_cannot_go_lower() {
    // The tender's own question on the shipped market scenario (docs/studies/providers.md):
    // every sub-segment's P90 wait within its norm and every municipality served, each in
    // 95% of replications.
    let (_, model) =
        jeugdsim::scenario::load(std::path::Path::new("scenarios/achterhoek-market.ron")).unwrap();
    let mut targets = Target::parse_in("p90_wait_months_sub_[*]<=norm", &model).unwrap();
    targets.extend(Target::parse_in("min_covering_providers_sub_[*]>=1", &model).unwrap());
    assert_eq!(targets.len(), 2 * model.subs.len());
    let o = jeugdsim::commands::optimise::optimise(&model, &targets, 0.95, &RunOptions::default())
        .unwrap();
    assert!(o.meets_target);
    let subs: Vec<usize> = o
        .sub_segments
        .iter()
        .map(|s| model.subs.iter().position(|m| m.name == s.name).unwrap())
        .collect();
    let n = o.solution.providers.clone();
    // Checked apart from the search: every sub-segment's norm holds in ≥ 95%.
    let at_solution = shares(&model, &subs, &n, &targets);
    for (t, share) in targets.iter().zip(&at_solution) {
        assert!(*share >= 0.95, "{}: {share}", t.text());
    }
    // One provider fewer in any sub-segment above its floor breaks a target.
    for k in 0..n.len() {
        if n[k] > o.sub_segments[k].floor {
            let mut fewer = n.clone();
            fewer[k] -= 1;
            let s = shares(&model, &subs, &fewer, &targets);
            assert!(
                s.iter().any(|&x| x < 0.95),
                "{fewer:?} still meets every target"
            );
        } else {
            assert_eq!(o.sub_segments[k].binding, "min");
        }
    }
    // The residential sub-segments the region-wide mean could not see are sized above
    // their minimum.
    let above_min = o
        .sub_segments
        .iter()
        .zip(&n)
        .filter(|(s, p)| **p > s.min && s.name.starts_with("verblijf"))
        .count();
    assert!(above_min >= 1, "{:?}", n);
}

#[test]
fn several_targets_are_written_each_with_its_outcome_and_every_binding_target() {
    let (json, html) = optimise_market(&[
        "--target",
        "p90_wait_months_sub_[*]<=norm",
        "--target",
        "min_covering_providers_sub_[*]>=1",
    ]);
    // As written, and expanded: 11 sub-segments × 2 families.
    assert_eq!(
        json["target"]["expression"],
        "p90_wait_months_sub_[*]<=norm & min_covering_providers_sub_[*]>=1"
    );
    let targets = json["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 22);
    assert_eq!(
        targets[1]["expression"],
        "p90_wait_months_sub_ondersteuning<=1.5"
    );
    let meets = json["meets_target"].as_bool().unwrap();
    for s in json["solution"].as_array().unwrap() {
        let binding = s["binding"].as_str().unwrap();
        assert!(!meets || !binding.is_empty(), "{s}");
        assert!(s["floor"].as_u64().unwrap() >= s["min"].as_u64().unwrap());
        assert!(!s["frontier"].as_array().unwrap().is_empty());
    }
    let all = json["solution_outcome"]["share_meeting_all"]
        .as_f64()
        .unwrap();
    assert!(
        all <= json["solution_outcome"]["share_meeting_target"]
            .as_f64()
            .unwrap()
    );
    assert_eq!(html.matches("<tr data-target=").count(), 22);
    assert!(html.contains("Share of replications meeting the weakest target"));
}
