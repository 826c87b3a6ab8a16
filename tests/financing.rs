//! Financing schemes and comparisons (docs/model.md).

mod common;

use jeugdsim::run::{self as engine, RunOptions};

/// minimal.ron with the given variants block.
fn with_variants(variants: &str) -> String {
    let text = common::repo_file("scenarios/minimal.ron");
    let end = text.rfind(')').unwrap();
    format!("{}    variants: [{variants}],\n)\n", &text[..end])
}

use common::load_variants;

const BUDGETS: &str = r#"budgets: {"light": (herstel: 2000, duurzaam: 4000, duurzaam_share: 0.3), "complex": (herstel: 6000, duurzaam: 9000, duurzaam_share: 0.3)}"#;

/// Every scheme on both sub-segments, all behaviour parameters at their neutral 0.
fn all_schemes() -> String {
    let set = |f: &str| {
        format!(
            r#"{{"segments[IAJ].sub_segments[ondersteuning].financing": {f}, "segments[GWV].sub_segments[pleegzorg].financing": {f}}}"#
        )
    };
    with_variants(&format!(
        r#"(name: "pxq", set: {{}}),
        (name: "lumpsum", set: {}),
        (name: "keuzebudget", set: {}),
        (name: "trajectory", set: {}),
        (name: "availability", set: {}),"#,
        set("Lumpsum()"),
        set(&format!(
            "Keuzebudget({BUDGETS}, raise: (probability: 0.5, share: 0.5))"
        )),
        set("Trajectory(price: 4000)"),
        set("Availability(fee_per_place_month: 500, occupancy_tariff: 700)"),
    ))
}

#[test]
fn with_neutral_behaviour_every_scheme_sees_the_same_youths_only_money_differs() {
    let variants = load_variants(&all_schemes());
    assert_eq!(variants.len(), 5);
    for rep in 0..4 {
        let tallies: Vec<_> = variants
            .iter()
            .map(|(_, m)| engine::simulate_one(m, rep))
            .collect();
        let base = &tallies[0];
        for ((name, _), t) in variants.iter().zip(&tallies).skip(1) {
            let stocks = |t: &jeugdsim::metrics::tally::Tally| {
                t.flows
                    .iter()
                    .map(|f| (f.stock_start, f.entered, f.left, f.stock_end))
                    .collect::<Vec<_>>()
            };
            assert_eq!(stocks(t), stocks(base), "{name}: youth flows differ");
            let (a, b) = (&t.counters, &base.counters);
            assert_eq!(
                (
                    a.youth_months,
                    a.placements,
                    a.step_downs,
                    a.step_ups,
                    a.provider_changes,
                    a.to_adult_care
                ),
                (
                    b.youth_months,
                    b.placements,
                    b.step_downs,
                    b.step_ups,
                    b.provider_changes,
                    b.to_adult_care
                ),
                "{name}: transitions differ"
            );
            assert_eq!(t.monthly_in_care, base.monthly_in_care, "{name}");
            assert_ne!(a.care_cents, b.care_cents, "{name}: money should differ");
        }
    }
}

#[test]
fn every_scheme_pays_exactly_what_providers_receive_every_month() {
    for (name, model) in load_variants(&all_schemes()) {
        for rep in 0..3 {
            let t = engine::simulate_one(&model, rep);
            for (month, f) in t.flows.iter().enumerate() {
                assert_eq!(
                    f.municipality_paid_cents, f.provider_revenue_cents,
                    "{name} rep {rep} month {month}"
                );
            }
            assert_eq!(
                t.monthly_cost_cents.iter().sum::<i64>(),
                t.counters.care_cents,
                "{name}"
            );
            assert_eq!(
                t.segment_cents.iter().sum::<i64>(),
                t.counters.care_cents,
                "{name}"
            );
        }
    }
}

#[test]
fn keuzebudget_never_pays_more_than_the_budgets_granted() {
    let variants = load_variants(&all_schemes());
    let (_, keuze) = variants.iter().find(|(n, _)| n == "keuzebudget").unwrap();
    let (_, pxq) = variants.iter().find(|(n, _)| n == "pxq").unwrap();
    for rep in 0..5 {
        let t = engine::simulate_one(keuze, rep);
        let c = &t.counters;
        assert!(c.budget_granted_cents > 0);
        assert!(
            c.budget_paid_cents <= c.budget_granted_cents,
            "paid {} > granted {}",
            c.budget_paid_cents,
            c.budget_granted_cents
        );
        // The budgets bite: the same care costs the municipality less than under P×Q.
        let p = engine::simulate_one(pxq, rep);
        assert!(c.care_cents < p.counters.care_cents);
        assert!(
            c.reindications > 0,
            "raises and new budgets are re-indications"
        );
    }
}

#[test]
fn identical_variants_differ_by_exactly_zero() {
    let variants = load_variants(&with_variants(
        r#"(name: "a", set: {}), (name: "b", set: {}),"#,
    ));
    let cmp = engine::compare(&variants, "test", &RunOptions::default()).unwrap();
    assert_eq!(cmp.differences.len(), 1);
    assert!(cmp.differences[0].len() > 30);
    for (metric, d) in &cmp.differences[0] {
        assert_eq!(
            (d.mean, d.ci95, d.p5, d.p95),
            (0.0, [0.0, 0.0], 0.0, 0.0),
            "{metric}"
        );
    }
}

#[test]
fn lumpsum_without_bandwidth_costs_the_same_in_every_replication() {
    let text = with_variants(
        r#"(name: "lumpsum", set: {"segments[IAJ].sub_segments[ondersteuning].financing": Lumpsum(discount: 0.05), "segments[GWV].sub_segments[pleegzorg].financing": Lumpsum()}),"#,
    );
    let variants = load_variants(&text);
    let summary = engine::run(&variants[0].1, &RunOptions::default())
        .unwrap()
        .summary;
    let cost = summary.metric("total_cost").unwrap();
    assert!(cost.mean > 0.0);
    assert_eq!(
        cost.p5, cost.p95,
        "lumpsum cost varies between replications"
    );
    assert_eq!(cost.ci95[0], cost.ci95[1]);
    // ...while P×Q cost does vary: the municipality carries the volume risk there.
    let pxq = engine::run(
        &common::model_from("m.ron", &common::repo_file("scenarios/minimal.ron")).unwrap(),
        &RunOptions::default(),
    )
    .unwrap()
    .summary;
    let p = pxq.metric("total_cost").unwrap();
    assert!(p.p95 > p.p5 * 1.02);
}

#[test]
fn lumpsum_with_zero_bandwidth_settles_back_to_pxq_exactly() {
    // Bandwidth 0 at full tariff: every calendar year the settlement makes up the gap
    // between budget and production, so yearly cost equals P×Q's (horizon: 3 full years).
    let text = with_variants(
        r#"(name: "pxq", set: {}),
        (name: "lumpsum_band0", set: {"segments[IAJ].sub_segments[ondersteuning].financing": Lumpsum(bandwidth: 0.0), "segments[GWV].sub_segments[pleegzorg].financing": Lumpsum(bandwidth: 0.0)}),"#,
    );
    let variants = load_variants(&text);
    for rep in 0..3 {
        let a = engine::simulate_one(&variants[0].1, rep);
        let b = engine::simulate_one(&variants[1].1, rep);
        assert_eq!(a.yearly_cost_cents, b.yearly_cost_cents, "rep {rep}");
        assert_ne!(
            a.monthly_cost_cents, b.monthly_cost_cents,
            "payments fall in other months"
        );
    }
}

#[test]
fn behaviour_acts_through_care_not_through_the_bill() {
    // An efficiency response shortens indications and lowers units: fewer youth-months
    // and less production, which is what lowers the lumpsum provider's own cost.
    let text = with_variants(
        r#"(name: "neutral", set: {"segments[IAJ].sub_segments[ondersteuning].financing": Lumpsum()}),
        (name: "efficient", set: {"segments[IAJ].sub_segments[ondersteuning].financing": Lumpsum(efficiency_response: 0.2, step_down_preference: 1.0)}),"#,
    );
    let variants = load_variants(&text);
    let cmp = engine::compare(&variants, "test", &RunOptions::default()).unwrap();
    let d = |m: &str| cmp.differences[0].iter().find(|(n, _)| n == m).unwrap().1;
    assert!(d("youth_months").ci95[1] < 0.0, "{:?}", d("youth_months"));
    assert!(d("provider_result_total").ci95[0] > 0.0);
    // The municipality pays the same lumpsum: the budget did not move.
    assert_eq!(d("cost_segment_IAJ").mean, 0.0);
}

fn compare_cli(text: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ron");
    std::fs::write(&file, text).unwrap();
    common::jeugdsim(&[
        "compare",
        common::arg(&file),
        "--quiet",
        "--out",
        common::arg(&dir.path().join("out")),
    ])
}

#[test]
fn unknown_override_path_is_reported_at_the_override() {
    let text = with_variants(
        r#"(name: "x", set: {"segments[IAJ].sub_segments[ondersteuing].financing": Lumpsum()}),"#,
    );
    let o = compare_cli(&text);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = text[..text.find("Lumpsum()").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(err.contains(&format!("bad.ron:{line}:")), "{err}");
    assert!(err.contains("no item named `ondersteuing`"), "{err}");
}

#[test]
fn override_of_the_wrong_type_is_reported_at_the_override() {
    let text = with_variants(r#"(name: "x", set: {"horizon_months": "twelve"}),"#);
    let o = compare_cli(&text);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let line = text[..text.find("\"twelve\"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(err.contains(&format!("bad.ron:{line}:")), "{err}");
    assert!(
        err.contains("variant `x`: the value for `horizon_months` does not fit"),
        "{err}"
    );
}

#[test]
fn compare_writes_paired_differences() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    common::jeugdsim_ok(
        &[
            "compare",
            "scenarios/achterhoek-financing.ron",
            "--replications",
            "20",
            "--quiet",
        ],
        &out,
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("comparison.json")).unwrap()).unwrap();
    let names: Vec<&str> = json["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "pxq",
            "lumpsum",
            "lumpsum_bandwidth",
            "pxq_duty",
            "lumpsum_duty",
            "keuzebudget"
        ]
    );
    assert_eq!(json["differences"].as_array().unwrap().len(), 5);
    let d = &json["differences"][0]["metrics"]["admin_cost"];
    // Lumpsum has no monthly declarations: its admin cost is lower, clearly.
    assert!(d["ci95"][1].as_f64().unwrap() < 0.0);
    assert_eq!(d["significant"], true);
    let csv = std::fs::read_to_string(out.join("comparison.csv")).unwrap();
    assert!(csv.starts_with("variant,metric,mean,"));
    // The split of the total-cost difference is there per non-baseline variant, as
    // differences only, and its parts add up to the difference in total cost.
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let diff = |variant: &str, metric: &str| -> f64 {
        let row = rows
            .iter()
            .find(|r| r[0] == variant && r[1] == metric)
            .unwrap_or_else(|| panic!("no row {variant},{metric}"));
        row[8].parse().unwrap()
    };
    for v in ["lumpsum", "lumpsum_bandwidth", "keuzebudget"] {
        let parts: f64 = jeugdsim::run::COST_SPLIT.iter().map(|p| diff(v, p)).sum();
        let total = diff(v, "total_cost");
        assert!((parts - total).abs() <= 1e-6 * total.abs().max(1.0), "{v}");
    }
    assert!(
        !rows
            .iter()
            .any(|r| r[0] == "pxq" && r[1] == "cost_difference_price")
    );
    let split_row = rows
        .iter()
        .find(|r| r[0] == "keuzebudget" && r[1] == "cost_difference_price")
        .unwrap();
    assert!(split_row[2..8].iter().all(|c| c.is_empty()));
}

#[test]
fn a_scheme_changes_on_its_date() {
    // P×Q until 2025-01, lumpsum from then on: 2024's yearly spend varies between
    // replications, 2025's and 2026's are the fixed lumpsum budgets.
    let text = with_variants(
        r#"(name: "switch", set: {
            "segments[IAJ].sub_segments[ondersteuning].financing_changes": [(from: "2025-01", financing: Lumpsum())],
            "segments[GWV].sub_segments[pleegzorg].financing_changes": [(from: "2025-01", financing: Lumpsum())],
        }),"#,
    );
    let variants = load_variants(&text);
    let model = &variants[0].1;
    let reference = engine::reference(model);
    let years: Vec<Vec<i64>> = (0..6)
        .map(|r| engine::simulate_one_with(model, &reference, r).yearly_cost_cents)
        .collect();
    assert_eq!(years[0].len(), 3);
    assert!(
        years.iter().any(|y| y[0] != years[0][0]),
        "2024 is P×Q: it varies"
    );
    for y in &years {
        assert_eq!(y[1], years[0][1], "2025 is lumpsum: fixed");
        assert_eq!(y[2], years[0][2], "2026 is lumpsum: fixed");
    }
}

#[test]
fn two_files_compare_as_two_variants() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("two");
    common::jeugdsim_ok(
        &[
            "compare",
            "scenarios/minimal.ron",
            "scenarios/minimal.ron",
            "--replications",
            "10",
            "--quiet",
        ],
        &out,
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("comparison.json")).unwrap()).unwrap();
    let names: Vec<&str> = json["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["minimal", "minimal-2"]);
    assert_eq!(json["differences"][0]["metrics"]["total_cost"]["mean"], 0.0);
}

#[test]
fn budget_risk_is_zero_under_a_generous_budget_and_certain_under_none() {
    // minimal.ron spends about € 1.3 mln a year: a budget of € 1 bln is never exceeded,
    // a budget of € 1 always, by the whole year's spend less that euro.
    let run = |budget: &str| {
        let text = common::repo_file("scenarios/minimal.ron").replace(
            "relapse: (hazard: 0.01",
            &format!("budget_per_year: {budget},\n    relapse: (hazard: 0.01"),
        );
        let mut model = common::model_from("minimal.ron", &text).unwrap();
        model.replications = 20;
        engine::run(&model, &RunOptions::default()).unwrap().summary
    };
    let generous = run("1e9");
    assert_eq!(generous.metric("p_year_over_budget").unwrap().mean, 0.0);
    assert_eq!(generous.metric("expected_year_overrun").unwrap().mean, 0.0);
    let none = run("1");
    assert_eq!(none.metric("p_year_over_budget").unwrap().mean, 1.0);
    let overrun = none.metric("expected_year_overrun").unwrap().mean;
    let yearly = none.metric("yearly_cost").unwrap().mean;
    assert!(
        (overrun - (yearly - 1.0)).abs() < 1e-6 * yearly,
        "{overrun} vs {yearly}"
    );
}

#[test]
fn lumpsum_budgets_are_set_before_the_future_is_known() {
    // The financing scenario: GWV under lumpsum, IAJ under P×Q. A referral trend after
    // go-live is unknown when budgets are set (from the base year before go-live), so the
    // lumpsum-financed GWV cost stays put while P×Q-financed IAJ cost follows demand —
    // where IAJ has the places to follow it (the scenario's IAJ capacity is tight).
    let cost = |trend: &str| {
        let mut text = common::repo_file("scenarios/achterhoek-financing.ron");
        jeugdsim::scenario::variants::apply(&mut text, "referral.trend_per_year", trend).unwrap();
        for sub in ["ondersteuning", "behandeling"] {
            let path = format!("segments[IAJ].sub_segments[{sub}].providers.capacity");
            jeugdsim::scenario::variants::apply(&mut text, &path, "400").unwrap();
        }
        let mut model = common::model_from("f.ron", &text).unwrap();
        model.replications = 20;
        let s = engine::run(&model, &RunOptions::default()).unwrap().summary;
        let get = |m: &str| s.metric(m).unwrap().mean;
        (get("cost_segment_GWV"), get("cost_segment_IAJ"))
    };
    let (gwv0, iaj0) = cost("0.0");
    let (gwv1, iaj1) = cost("0.1");
    assert!(
        (gwv1 / gwv0 - 1.0).abs() <= 0.02,
        "lumpsum GWV moved {:.2}%",
        100.0 * (gwv1 / gwv0 - 1.0)
    );
    assert!(
        iaj1 > iaj0 * 1.01,
        "P×Q IAJ did not follow demand: {iaj0} -> {iaj1}"
    );
}

#[test]
fn indexation_raises_tariffs_and_budgets_by_the_index_each_year() {
    // Same youths (common random numbers), prices × 1.03^year from the second reporting
    // year: P×Q cost and a fixed lumpsum rise by exactly the index.
    let model = |index: &str, lumpsum: bool| {
        let mut text = common::repo_file("scenarios/minimal.ron").replace(
            "relapse: (hazard: 0.01",
            &format!("indexation: (per_year: {index}),\n    relapse: (hazard: 0.01"),
        );
        if lumpsum {
            for sub in ["ondersteuning", "pleegzorg"] {
                let seg = if sub == "pleegzorg" { "GWV" } else { "IAJ" };
                jeugdsim::scenario::variants::apply(
                    &mut text,
                    &format!("segments[{seg}].sub_segments[{sub}].financing"),
                    "Lumpsum()",
                )
                .unwrap();
            }
        }
        common::model_from("minimal.ron", &text).unwrap()
    };
    for lumpsum in [false, true] {
        let (flat, indexed) = (model("0.0", lumpsum), model("0.03", lumpsum));
        for rep in 0..3 {
            let a = engine::simulate_one(&flat, rep);
            let b = engine::simulate_one(&indexed, rep);
            assert_eq!(a.counters.youth_months, b.counters.youth_months);
            for (y, (&x, &z)) in a
                .yearly_cost_cents
                .iter()
                .zip(&b.yearly_cost_cents)
                .enumerate()
            {
                let expected = 1.03f64.powi(y as i32);
                let ratio = z as f64 / x as f64;
                assert!(
                    (ratio - expected).abs() < 1e-4,
                    "lumpsum {lumpsum}, rep {rep}, year {y}: {ratio} vs {expected}"
                );
            }
        }
    }
}

#[test]
fn a_lumpsum_rebased_on_last_year_follows_demand_a_year_late() {
    // With `rebase: last_year` each year's budget is the previous year's production: under
    // a referral trend the first contract year pays the base-year budget as `fixed` does,
    // later years rise with demand. Same youths in both (no behavioural response).
    let yearly = |rebase: &str| {
        let mut text = common::repo_file("scenarios/minimal.ron");
        for (path, value) in [
            ("referral.trend_per_year", "0.2".to_string()),
            (
                "segments[IAJ].sub_segments[ondersteuning].financing",
                format!("Lumpsum(rebase: {rebase})"),
            ),
        ] {
            jeugdsim::scenario::variants::apply(&mut text, path, &value).unwrap();
        }
        let model = common::model_from("minimal.ron", &text).unwrap();
        engine::simulate_one(&model, 0).yearly_cost_cents
    };
    let (fixed, rebased) = (yearly("fixed"), yearly("last_year"));
    assert_eq!(
        fixed[0], rebased[0],
        "the first year pays the base-year budget"
    );
    let last = fixed.len() - 1;
    assert!(
        rebased[last] > fixed[last],
        "last year: rebased {} vs fixed {}",
        rebased[last],
        fixed[last]
    );
}

/// Each scheme of `model` (every sub-segment, every phase) that says its intake is plain:
/// what `intake` decides must be that for every youth (any occupancy, any contract of the
/// sub-segment, any assessment). Returns how many schemes were plain and how many ask.
fn plain_is_intake(model: &jeugdsim::model::Model, variant: &str) -> (usize, usize) {
    use jeugdsim::finance::{AssessedPlan, ContractTerms, Terms};
    let (mut plain, mut asked) = (0, 0);
    let munis = model.munis.len();
    for (s, sub) in model.subs.iter().enumerate() {
        let terms = Terms {
            go_live: model.warmup,
            first: sub.contracts.start,
            contracts: sub
                .contracts
                .iter()
                .map(|c| ContractTerms {
                    capacity: model.contracts[c.ix()].capacity,
                    shares: vec![1.0 / munis as f64; munis],
                    reference_yearly_cents: 0.0,
                    delivered: Vec::new(),
                })
                .collect(),
        };
        for (_, financing) in &sub.financing {
            let scheme = financing.build(&terms);
            let Some(b) = scheme.plain_intake() else {
                asked += 1;
                continue;
            };
            plain += 1;
            let assessed = AssessedPlan {
                monthly_cents: 80_000.0,
                months: 12,
                once_cents: 0.0,
            };
            for c in sub.contracts.iter() {
                for occupancy in [None, Some(0.0), Some(0.5), Some(1.0)] {
                    for assessment in [None, Some((0, 0)), Some((1, 2))] {
                        let got = scheme.intake(|| occupancy, (c, assessment), (7, 0, &assessed));
                        assert_eq!(got, (b, None, None), "{variant}: sub-segment {s}");
                    }
                }
            }
        }
    }
    (plain, asked)
}

/// A scheme that says its intake is plain (`FinancingScheme::plain_intake`) has placements
/// skip its `intake`: in every shipped scenario and variant, and in everything.ron (whose
/// P×Q responds to spare capacity, so must be asked), that is what `intake` decides.
#[test]
fn a_plain_intake_is_what_intake_decides() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files.push(root.join("tests/data/everything.ron"));
    let (mut plain, mut asked) = (0, 0);
    for file in &files {
        let (_, base) = jeugdsim::scenario::load(file).unwrap();
        let mut models = vec![("base".to_string(), base)];
        // A scenario with variants: each of them too.
        if let Ok(variants) = jeugdsim::scenario::load_variants(&[file.as_path()]) {
            models.extend(variants.into_iter().map(|(name, _, model)| (name, model)));
        }
        for (name, model) in &models {
            let (p, a) = plain_is_intake(model, &format!("{}: {name}", file.display()));
            plain += p;
            asked += a;
        }
    }
    // Both kinds occur: P×Q and lumpsum are plain, keuzebudget and trajectory prices
    // are asked.
    assert!(plain > 0 && asked > 0, "plain {plain}, asked {asked}");
}
