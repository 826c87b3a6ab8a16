//! Providers that respond to how they are paid (docs/modelling-choices.md, "Provider
//! behaviour"): keuzebudget providers refuse referrals whose budget does not cover the care.

mod common;

use jeugdsim::model::Model;
use jeugdsim::run::{self as engine, RunOptions};

/// The variants of `text` (a scenario with variants), by name, at 40 replications.
fn variants(text: &str) -> Vec<(String, Model)> {
    let mut all = common::load_variants(text);
    for (_, m) in &mut all {
        m.replications = 40;
    }
    all
}

fn named(all: &[(String, Model)], name: &str) -> Model {
    all.iter().find(|(n, _)| n == name).unwrap().1.clone()
}

/// Budgets per need level (one amount for every youth of a level, the option kept for
/// regions that use it): heavy plans are underfunded, light ones not, so some providers
/// refuse some referrals.
const PER_NEED: &str = r#"Keuzebudget(budgets: {"light": (herstel: 7900, duurzaam: 11900, duurzaam_share: 0.2), "moderate": (herstel: 11300, duurzaam: 17000, duurzaam_share: 0.2), "complex": (herstel: 15900, duurzaam: 23800, duurzaam_share: 0.2), "very_complex": (herstel: 20400, duurzaam: 30600, duurzaam_share: 0.2)}"#;

#[test]
fn refusals_spare_providers_losses_and_make_youths_wait() {
    let text = common::repo_file("scenarios/achterhoek-financing.ron")
        .replace("Keuzebudget(budget_factor: 1.0", PER_NEED);
    assert!(text.contains("refusal_tolerance: 0.2"));
    let with = variants(&text);
    let without = variants(&text.replace(", refusal_tolerance: 0.2", ""));
    let models = vec![
        ("no_refusal".to_string(), named(&without, "keuzebudget")),
        ("refusal".to_string(), named(&with, "keuzebudget")),
        ("pxq".to_string(), named(&with, "pxq")),
    ];
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let mean = |v: usize, m: &str| cmp.summaries[v].metric(m).unwrap().mean;
    let diff = |m: &str| cmp.differences[0].iter().find(|(n, _)| n == m).unwrap().1;

    // Without the rule nobody refuses; with it providers do, and P×Q never refuses.
    assert_eq!(mean(0, "referrals_refused"), 0.0);
    assert!(mean(1, "referrals_refused") > 100.0);
    assert_eq!(mean(2, "referrals_refused"), 0.0);
    // Refusing the plans that would cost more than the budget spares providers losses
    // and leaves the refused youths waiting: paired differences with 95% CIs.
    let loss = diff("providers_with_loss");
    assert!(loss.ci95[1] < 0.0, "providers with a loss: {loss:?}");
    let waiting = diff("mean_waiting_youths");
    assert!(waiting.ci95[0] > 0.0, "youths waiting: {waiting:?}");
    // The care not given shows as care forgone, not only as a saving.
    let forgone = diff("care_forgone_months");
    assert!(forgone.ci95[0] > 0.0, "care forgone: {forgone:?}");
    // Reported in every variant, P×Q included (waiting-list dropouts).
    assert!(mean(2, "care_forgone_months") > 0.0);
    // The cost difference splits into price, volume and care forgone, exactly (the means
    // of per-replication parts add up to the mean difference); refusals save partly by
    // care forgone.
    let total = diff("total_cost").mean;
    let parts: f64 = jeugdsim::run::COST_SPLIT.iter().map(|p| diff(p).mean).sum();
    assert!(
        (parts - total).abs() <= 1e-6 * total.abs().max(1.0),
        "{parts} vs {total}"
    );
    let forgone_part = diff("cost_difference_care_forgone");
    assert!(forgone_part.ci95[1] < 0.0, "{forgone_part:?}");
}

#[test]
fn a_refusal_tolerance_outside_zero_to_one_is_rejected() {
    let text = common::repo_file("scenarios/achterhoek-financing.ron").replacen(
        "refusal_tolerance: 0.2",
        "refusal_tolerance: 1.5",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ron");
    std::fs::write(&file, text).unwrap();
    let Err(err) = jeugdsim::scenario::load_variants(&[file.as_path()]) else {
        panic!("a tolerance of 1.5 is accepted");
    };
    let err = err.to_string();
    assert!(err.contains("refusal_tolerance"), "{err}");
}

/// minimal.ron with ondersteuning paid P×Q with `financing`, and its providers `providers`;
/// the IAJ cost per youth-month and the youth-months of the first 40 replications.
fn iaj_cost_per_youth_month(financing: &str, providers: &str) -> (f64, f64) {
    iaj_cost_per_youth_month_over(financing, providers, 40)
}

fn iaj_cost_per_youth_month_over(financing: &str, providers: &str, reps: u32) -> (f64, f64) {
    let mut text = common::repo_file("scenarios/minimal.ron");
    let sub = "segments[IAJ].sub_segments[ondersteuning]";
    jeugdsim::scenario::variants::apply(&mut text, &format!("{sub}.financing"), financing).unwrap();
    jeugdsim::scenario::variants::apply(&mut text, &format!("{sub}.providers"), providers).unwrap();
    let mut model = common::model_from("minimal.ron", &text).unwrap();
    model.replications = reps;
    let s = engine::run(&model, &RunOptions::default()).unwrap().summary;
    let get = |m: &str| s.metric(m).unwrap().mean;
    (
        get("cost_segment_IAJ") / get("youth_months_segment_IAJ"),
        get("youth_months_segment_IAJ"),
    )
}

#[test]
fn a_pxq_provider_with_spare_capacity_delivers_more_units_per_client() {
    // Places far above demand: every intake finds the provider under 85% occupied, so
    // under the volume incentive it plans 20% more hours a month (and longer
    // indications): the cost per youth-month rises by the response itself.
    let spare = "Generated(count: 3, capacity: 5000)";
    let (neutral, months) = iaj_cost_per_youth_month("Pxq()", spare);
    let (responsive, longer) = iaj_cost_per_youth_month("Pxq(spare_capacity_response: 0.2)", spare);
    let ratio = responsive / neutral;
    assert!(
        (1.17..=1.23).contains(&ratio),
        "units per youth-month × {ratio}"
    );
    assert!(longer > months, "longer indications: {months} -> {longer}");
    // A provider whose places are nearly always taken has almost no room to fill: it
    // responds only in the rare month it is empty. Unlimited capacity has no occupancy to
    // respond to at all. Five places make a replication's cost per youth-month noisy (a
    // few plans' gamma draws): 400 replications keep that noise well under 1%.
    let full = "Generated(count: 1, capacity: 5)";
    let (a, _) = iaj_cost_per_youth_month_over("Pxq()", full, 400);
    let (b, _) = iaj_cost_per_youth_month_over(
        "Pxq(spare_capacity_response: 0.2, spare_occupancy: 0.1)",
        full,
        400,
    );
    assert!((b / a - 1.0).abs() < 0.01, "full provider: {a} vs {b}");
    let unlimited = "Generated(count: 3)";
    let (a, _) = iaj_cost_per_youth_month("Pxq()", unlimited);
    let (b, _) = iaj_cost_per_youth_month("Pxq(spare_capacity_response: 0.2)", unlimited);
    assert_eq!(a, b);
}

#[test]
fn a_lumpsum_provider_over_its_budget_admits_fewer_clients() {
    // Demand grows 30% a year after go-live; the lumpsum is the base year's turnover. With
    // a rationing tolerance of 0 a provider past its budget stops admitting until January.
    let model = |financing: &str| {
        let mut text = common::repo_file("scenarios/minimal.ron");
        let sub = "segments[IAJ].sub_segments[ondersteuning]";
        jeugdsim::scenario::variants::apply(&mut text, &format!("{sub}.financing"), financing)
            .unwrap();
        jeugdsim::scenario::variants::apply(&mut text, "referral.trend_per_year", "0.3").unwrap();
        let mut m = common::model_from("minimal.ron", &text).unwrap();
        m.replications = 40;
        m
    };
    let models = vec![
        ("admits".to_string(), model("Lumpsum()")),
        (
            "rations".to_string(),
            model("Lumpsum(rationing_tolerance: 0.0)"),
        ),
    ];
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let diff = |m: &str| cmp.differences[0].iter().find(|(n, _)| n == m).unwrap().1;
    assert_eq!(
        cmp.summaries[0].metric("rationing_closures").unwrap().mean,
        0.0
    );
    assert!(cmp.summaries[1].metric("rationing_closures").unwrap().mean > 0.0);
    let admissions = diff("admissions");
    assert!(admissions.ci95[1] < 0.0, "admissions: {admissions:?}");
    let waiting = diff("mean_waiting_youths");
    assert!(waiting.ci95[0] > 0.0, "waiting: {waiting:?}");
}

#[test]
fn capacity_follows_the_margin_and_shortens_waiting_where_it_pays() {
    // achterhoek.ron: ondersteuning and behandeling are a few percent short of places and
    // their P×Q providers earn 3% (own cost 97% of tariff). With a growth margin of 2%
    // they add places each year, so fewer youths wait; with a margin they never reach,
    // nothing changes.
    let model = |economics: &str| {
        let mut text = common::repo_file("scenarios/achterhoek.ron");
        text = text.replace(
            "    placement: (quality_weight: 1.0),",
            &format!("    placement: (quality_weight: 1.0),\n    provider_economics: {economics},"),
        );
        let mut m = common::model_from("achterhoek.ron", &text).unwrap();
        m.replications = 30;
        m.world = Default::default();
        m
    };
    let models = vec![
        ("fixed".to_string(), model("()")),
        (
            "grows".to_string(),
            model("(capacity_response: 0.05, capacity_growth_margin: 0.02)"),
        ),
        (
            "unreachable".to_string(),
            model("(capacity_response: 0.05, capacity_growth_margin: 0.5)"),
        ),
    ];
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let mean = |v: usize, m: &str| cmp.summaries[v].metric(m).unwrap().mean;
    assert_eq!(mean(0, "capacity_change"), 0.0);
    assert!(
        mean(1, "capacity_change") > 100.0,
        "{}",
        mean(1, "capacity_change")
    );
    assert_eq!(mean(2, "capacity_change"), 0.0);
    let waiting = cmp.differences[0]
        .iter()
        .find(|(n, _)| n == "mean_waiting_youths")
        .unwrap()
        .1;
    assert!(waiting.ci95[1] < 0.0, "waiting: {waiting:?}");
    let same = cmp.differences[1]
        .iter()
        .find(|(n, _)| n == "total_cost")
        .unwrap()
        .1;
    assert_eq!(same.mean, 0.0);
}

/// minimal.ron with demand growing 30% a year, ondersteuning paid by `financing` (its
/// step-up, pleegzorg, stays P×Q), at 40 replications.
fn growing_minimal(financing: &str) -> Model {
    let mut text = common::repo_file("scenarios/minimal.ron");
    let sub = "segments[IAJ].sub_segments[ondersteuning]";
    jeugdsim::scenario::variants::apply(&mut text, &format!("{sub}.financing"), financing).unwrap();
    jeugdsim::scenario::variants::apply(&mut text, "referral.trend_per_year", "0.3").unwrap();
    let mut m = common::model_from("minimal.ron", &text).unwrap();
    m.replications = 40;
    m
}

#[test]
fn a_lumpsum_provider_ahead_of_its_budget_discharges_early_and_shifts_to_pxq() {
    // Demand grows past the base year's turnover, so providers run ahead of their budget
    // pro rata for most of each year. Neutral behaviour is exactly the plain lumpsum.
    let models = vec![
        ("neutral".to_string(), growing_minimal("Lumpsum()")),
        (
            "discharges".to_string(),
            growing_minimal("Lumpsum(early_discharge: 0.5)"),
        ),
        (
            "shifts".to_string(),
            growing_minimal("Lumpsum(shift_to_pxq: 0.5)"),
        ),
        (
            "zero".to_string(),
            growing_minimal("Lumpsum(early_discharge: 0.0, shift_to_pxq: 0.0)"),
        ),
    ];
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let mean = |v: usize, m: &str| cmp.summaries[v].metric(m).unwrap().mean;
    let diff = |v: usize, m: &str| {
        cmp.differences[v - 1]
            .iter()
            .find(|(n, _)| n == m)
            .unwrap()
            .1
    };
    for m in ["early_discharges", "shifted_to_pxq"] {
        assert_eq!(mean(0, m), 0.0, "{m} without the response");
    }
    // Early discharge: fewer youth-months in ondersteuning, the cut extensions counted as
    // care forgone; nobody is shifted.
    assert!(mean(1, "early_discharges") > 10.0);
    assert_eq!(mean(1, "shifted_to_pxq"), 0.0);
    let forgone = diff(1, "care_forgone_months");
    assert!(forgone.ci95[0] > 0.0, "care forgone: {forgone:?}");
    let in_care = diff(1, "mean_in_care_sub_ondersteuning");
    assert!(in_care.ci95[1] < 0.0, "in ondersteuning: {in_care:?}");
    // Shifting: clients move on to pleegzorg, paid P×Q, which the region pays for.
    assert!(mean(2, "shifted_to_pxq") > 10.0);
    assert_eq!(mean(2, "early_discharges"), 0.0);
    let pleegzorg = diff(2, "cost_segment_GWV");
    assert!(pleegzorg.ci95[0] > 0.0, "GWV cost: {pleegzorg:?}");
    // Zero responses change nothing.
    for m in ["total_cost", "youth_months", "mean_waiting_youths"] {
        assert_eq!(diff(3, m).mean, 0.0, "{m}");
    }
}

#[test]
fn early_discharge_and_shift_above_one_together_are_rejected() {
    let mut text = common::repo_file("scenarios/minimal.ron");
    jeugdsim::scenario::variants::apply(
        &mut text,
        "segments[IAJ].sub_segments[ondersteuning].financing",
        "Lumpsum(early_discharge: 0.6, shift_to_pxq: 0.6)",
    )
    .unwrap();
    let err = common::model_from("minimal.ron", &text)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("shift_to_pxq") && err.contains("above 1"),
        "{err}"
    );
}
