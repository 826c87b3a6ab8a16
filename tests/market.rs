//! The provider market: the wachtkamer rule (docs/model.md, `002:623-663`).

mod common;

use jeugdsim::market::wachtkamer::Trigger;
use jeugdsim::run as engine;

/// Two municipalities; sub-segment A has ranked candidates: the best covers only "Noord",
/// the second only "Zuid", then three covering both, each with `capacity`.
fn two_towns(capacity: u32, min: u32, max: u32) -> String {
    format!(
        r#"(
    name: "market",
    horizon_months: 36,
    warmup_months: 12,
    replications: 20,
    seed: 7,
    need_levels: ["any"],
    municipalities: [
        (name: "Noord", youth_0_17: 6000, referral_rate: 0.1),
        (name: "Zuid", youth_0_17: 6000, referral_rate: 0.1),
    ],
    referral: (
        referrers: [(name: "toegang", share: 1.0)],
        age_years: (min: 0, max: 10),
        need_shares: {{"any": 1.0}},
        triage: {{"any": {{"A": 1.0}}}},
    ),
    segments: [(name: "S", sub_segments: [(
        name: "A",
        kind: ambulant,
        products: [(name: "uur", unit: hour, tariff: 70.0, usage: {{"any": (mean: 8)}})],
        indication_months: {{"any": 12}},
        hazards: {{"any": (success: 0.1)}},
        market: (min: {min}, max: {max}, waiting_norm_months: 1.0),
        providers: Listed([
            (name: "Noordzorg", capacity: {capacity}, municipalities: ["Noord"]),
            (name: "Zuidzorg", capacity: {capacity}, municipalities: ["Zuid"]),
            (name: "Regio 1", capacity: {capacity}),
            (name: "Regio 2", capacity: {capacity}),
            (name: "Regio 3", capacity: {capacity}),
        ]),
    )])],
)"#
    )
}

#[test]
fn a_municipality_without_coverage_gets_the_next_provider() {
    // Only Noordzorg is contracted: Zuid's youths can never be placed until the first
    // review contracts the next-ranked candidate (Zuidzorg), for lack of coverage.
    let model = common::model_from("market.ron", &two_towns(500, 1, 2)).unwrap();
    for rep in 0..5 {
        let t = engine::simulate_one(&model, rep);
        assert_eq!(t.sub_contracted, vec![2], "rep {rep}");
        assert_eq!(
            t.counters.wachtkamer_activations, 0,
            "activated during the warm-up, before reporting"
        );
    }
    // Without a warm-up the activation is reported: at the first review, for coverage.
    let text = two_towns(500, 1, 2).replace("warmup_months: 12", "warmup_months: 0");
    let model = common::model_from("market.ron", &text).unwrap();
    let t = engine::simulate_one(&model, 0);
    assert_eq!(t.activations.len(), 1);
    let a = t.activations[0];
    assert_eq!((a.month, a.trigger), (3, Trigger::Coverage));
    assert_eq!(model.providers[a.provider.ix()], "Zuidzorg");
}

#[test]
fn the_wachtkamer_never_contracts_more_than_max() {
    // Far too little capacity: waiting stays above the norm at every review.
    let model = common::model_from("market.ron", &two_towns(5, 2, 4)).unwrap();
    for rep in 0..10 {
        let t = engine::simulate_one(&model, rep);
        assert_eq!(
            t.sub_contracted,
            vec![4],
            "rep {rep}: fills up to max, no further"
        );
        assert!(t.counters.waiting_youth_months > 0);
    }
    // With enough capacity nobody is added beyond min.
    let model = common::model_from("market.ron", &two_towns(500, 2, 4)).unwrap();
    for rep in 0..5 {
        let t = engine::simulate_one(&model, rep);
        assert_eq!(t.sub_contracted, vec![2], "rep {rep}");
        assert_eq!(t.counters.wachtkamer_activations, 0);
    }
}

#[test]
fn min_above_max_is_rejected() {
    let err = common::model_from("market.ron", &two_towns(10, 4, 2))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("min providers (4) is above max (2) for `A`"),
        "{err}"
    );
}

#[test]
fn activations_are_logged_with_provider_reason_and_month() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("market.ron");
    std::fs::write(
        &file,
        two_towns(500, 1, 2).replace("warmup_months: 12", "warmup_months: 0"),
    )
    .unwrap();
    let out = dir.path().join("out");
    common::jeugdsim_ok(&["run", common::arg(&file), "--quiet"], &out);
    let csv = std::fs::read_to_string(out.join("activations.csv")).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "sub_segment,provider,reason,share_of_replications,mean_month"
    );
    assert_eq!(rows[1], "A,Zuidzorg,coverage,1,3");
    assert_eq!(rows.len(), 2);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["providers_contracted"]["A"]["mean"], 2.0);
    assert_eq!(json["metrics"]["wachtkamer_activations"]["mean"], 1.0);
}

#[test]
fn generated_candidates_differ_as_their_spreads_say_and_the_same_in_every_run() {
    let text = two_towns(20, 2, 4);
    let start = text.find("providers: Listed([").unwrap();
    let end = text[start..].find("\n        ]),").unwrap() + start + "\n        ]),".len();
    let text = format!(
        "{}providers: Generated(count: 40, capacity: 20, capacity_cv: 0.3, effectiveness_sd: 0.1, own_cost_sd: 0.05),{}",
        &text[..start],
        &text[end..]
    );
    let a = common::model_from("g.ron", &text).unwrap();
    let b = common::model_from("g.ron", &text).unwrap();
    let caps: Vec<u32> = a.contracts.iter().map(|c| c.capacity).collect();
    assert_eq!(
        caps,
        b.contracts.iter().map(|c| c.capacity).collect::<Vec<_>>(),
        "drawn once, from the seed"
    );
    let mean = caps.iter().map(|&c| c as f64).sum::<f64>() / caps.len() as f64;
    let sd = (caps.iter().map(|&c| (c as f64 - mean).powi(2)).sum::<f64>()
        / (caps.len() - 1) as f64)
        .sqrt();
    assert!((mean - 20.0).abs() < 2.5, "mean capacity {mean}");
    assert!(sd > 3.0 && sd < 9.0, "capacity sd {sd} for a CV of 0.3");
    assert!(
        a.contracts.iter().any(|c| c.effectiveness > 0.05)
            && a.contracts.iter().any(|c| c.effectiveness < -0.05)
    );
    assert!(
        a.contracts
            .iter()
            .all(|c| (0.5..=1.5).contains(&c.own_cost_share))
    );
    assert!(a.contracts.iter().any(|c| c.own_cost_share != 0.97));
}

#[test]
fn providers_with_persistent_losses_leave_and_the_wachtkamer_replaces_them() {
    // Both contracted providers get a lumpsum 40% below their base-year turnover and lose
    // money every month from go-live; their reserve (5% of a year's revenue) is gone by
    // the first December, so they leave and their clients must move. Fewer than `min`
    // providers remain, so the next reviews contract replacements from the wachtkamer.
    let text = two_towns(500, 2, 4)
        .replace(
            "        market: (min",
            "        financing: Lumpsum(discount: 0.4),\n        market: (min",
        )
        .replace(
            "    segments: [",
            "    provider_economics: (exit_on_negative_reserve: true, reserve_share: 0.05),\n    segments: [",
        );
    let model = common::model_from("market.ron", &text).unwrap();
    let t = engine::simulate_one(&model, 0);
    assert!(t.counters.forced_provider_changes > 0, "their clients move");
    let replacements: Vec<_> = t
        .activations
        .iter()
        .filter(|a| a.trigger == Trigger::Replacement)
        .collect();
    // One a review (every 3 months) after the first December, until `min` are back.
    let months: Vec<u32> = replacements.iter().map(|a| a.month).collect();
    assert_eq!(months, vec![12, 15], "{:?}", t.activations);
    // A replacement is paid at tariff until its first year end, then gets a budget from
    // that year with the same discount, so it too leaves a year later: the two first
    // providers and both replacements go. A provider the waiting list brings in later
    // may leave before the horizon or not.
    let exits = t.counters.provider_exits as usize;
    assert!(
        (2 + replacements.len()..=2 + t.activations.len()).contains(&exits),
        "{exits} exits after {:?}",
        t.activations
    );
    // Without exits nobody leaves and nobody is replaced.
    let kept = common::model_from(
        "market.ron",
        &text.replace(
            "exit_on_negative_reserve: true",
            "exit_on_negative_reserve: false",
        ),
    )
    .unwrap();
    let t = engine::simulate_one(&kept, 0);
    assert_eq!(t.counters.provider_exits, 0);
    assert!(t.activations.is_empty());
}

#[test]
fn achterhoek_draws_fewer_organisations_than_contracts_from_its_pool() {
    let model = common::model_from(
        "achterhoek.ron",
        &common::repo_file("scenarios/achterhoek.ron"),
    )
    .unwrap();
    let organisations = model.providers.len();
    assert!(
        (40..=80).contains(&organisations),
        "{organisations} organisations"
    );
    assert!(organisations < model.contracts.len());
    // The largest organisations hold contracts in several sub-segments.
    let most = (0..organisations)
        .map(|p| {
            model
                .contracts
                .iter()
                .filter(|c| c.provider.ix() == p)
                .count()
        })
        .max()
        .unwrap();
    assert!(most >= 3, "at most {most} contracts per organisation");
}

#[test]
fn the_market_scenario_exercises_the_wachtkamer_and_a_provider_that_does_not_sign() {
    let mut variants = common::load_variants(&common::repo_file("scenarios/achterhoek-market.ron"));
    for (_, m) in &mut variants {
        m.replications = 20;
    }
    let cmp = engine::compare(&variants, "test", &engine::RunOptions::default()).unwrap();
    let mean = |v: usize, m: &str| cmp.summaries[v].metric(m).unwrap().mean;
    // Inside the reported horizon: the wachtkamer contracts providers, and losing
    // providers leave (rarely at P×Q, 0.045 a run in the baseline; more under lumpsum).
    assert!(mean(0, "wachtkamer_activations") > 1.0);
    let lumpsum = variants
        .iter()
        .position(|(n, _)| n == "lumpsum_ambulant")
        .unwrap();
    assert!(mean(lumpsum, "provider_exits") > mean(0, "provider_exits"));
    let forced = cmp.differences[0]
        .iter()
        .find(|(n, _)| n == "forced_provider_changes")
        .unwrap()
        .1;
    assert!(forced.ci95[0] > 0.0, "{forced:?}");
    // Forced changes per municipality add up to the region's.
    for s in &cmp.summaries {
        let by_muni: f64 = s
            .by_municipality
            .iter()
            .map(|m| {
                m.metrics
                    .iter()
                    .find(|(n, _)| n == "forced_provider_changes")
                    .unwrap()
                    .1
                    .mean
            })
            .sum();
        let region = s.metric("forced_provider_changes").unwrap().mean;
        assert!(
            (by_muni - region).abs() < 1e-6 * region.max(1.0),
            "{by_muni} vs {region}"
        );
    }
}

#[test]
fn an_organisation_that_declines_leaves_every_sub_segment_at_go_live() {
    // Regio 1 is in the market as a candidate; Noordzorg, contracted from the start,
    // does not sign: at go-live its clients must move, and the wachtkamer replaces it.
    let text = two_towns(500, 2, 4).replace(
        "    segments: [",
        "    declines: [\"Noordzorg\"],\n    segments: [",
    );
    let model = common::model_from("market.ron", &text).unwrap();
    let t = engine::simulate_one(&model, 0);
    assert!(t.counters.forced_provider_changes > 0);
    assert_eq!(t.counters.provider_exits, 0, "declining is not a loss exit");
    assert_eq!(t.activations[0].trigger, Trigger::Replacement);
    assert_eq!(t.activations[0].month, 0);
    let err = common::model_from(
        "market.ron",
        &two_towns(500, 2, 4).replace(
            "    segments: [",
            "    declines: [\"Nordzorg\"],\n    segments: [",
        ),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown provider `Nordzorg`"), "{err}");
}

#[test]
fn places_can_follow_staff_and_caseload_norms() {
    let text = two_towns(500, 1, 1).replace(
        "(name: \"Noordzorg\", capacity: 500,",
        "(name: \"Noordzorg\", fte: 12.5, caseload_per_fte: 6.0,",
    );
    let model = common::model_from("market.ron", &text).unwrap();
    assert_eq!(model.contracts[0].capacity, 75);
    let both = two_towns(500, 1, 1).replace(
        "(name: \"Noordzorg\", capacity: 500,",
        "(name: \"Noordzorg\", capacity: 500, fte: 12.5, caseload_per_fte: 6.0,",
    );
    let err = common::model_from("market.ron", &both)
        .unwrap_err()
        .to_string();
    assert!(err.contains("either `capacity` or `fte`"), "{err}");
    let alone = two_towns(500, 1, 1).replace(
        "(name: \"Noordzorg\", capacity: 500,",
        "(name: \"Noordzorg\", fte: 12.5,",
    );
    let err = common::model_from("market.ron", &alone)
        .unwrap_err()
        .to_string();
    assert!(err.contains("go together"), "{err}");
}

#[test]
fn concentration_is_reported_per_sub_segment_and_month() {
    // Two providers share sub-segment A: its index lies between an even split (5,000) and
    // a monopoly (10,000), every month and over the horizon.
    let model = common::model_from("market.ron", &two_towns(500, 2, 2)).unwrap();
    let t = engine::simulate_one(&model, 0);
    assert!(
        (5_000.0..=10_000.0).contains(&t.sub_hhi[0]),
        "{}",
        t.sub_hhi[0]
    );
    assert_eq!(t.monthly_hhi.len(), model.horizon as usize);
    for h in &t.monthly_hhi {
        assert!((5_000.0..=10_000.0).contains(h), "{h}");
    }
    let names = jeugdsim::metrics::metric_names(&model);
    assert!(names.iter().any(|n| n == "market_concentration_hhi_sub_A"));
    assert!(
        jeugdsim::metrics::monthly_series(&model)
            .iter()
            .any(|n| n == "hhi_A")
    );
}
