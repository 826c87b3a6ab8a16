//! The 2017 profile model against the 2023 keuzebudget model as the IJsselland documents
//! set them (docs/modelling-choices.md, "Prices from delivered care" and "Keuzebudget per
//! case"): prices from the care delivered in the history cost what P×Q costs for the same
//! care; budgets per case at the assessed plan leave no care unpaid; the revenue guard
//! compares against the profile model the region had.

mod common;

use jeugdsim::model::Model;
use jeugdsim::run::{self as engine, RunOptions};

/// `scenarios/ijsselland-models.ron`'s variants at 20 replications.
fn variants() -> Vec<(String, Model)> {
    let text = common::repo_file("scenarios/ijsselland-models.ron");
    common::load_variants(&text)
        .into_iter()
        .filter(|(n, _)| n != "profielen_2017_respons")
        .map(|(n, mut m)| {
            m.replications = 20;
            (n, m)
        })
        .collect()
}

#[test]
fn the_2017_and_2023_models_are_priced_as_the_documents_set_them() {
    let models = variants();
    let names: Vec<&str> = models.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["profielen_2017", "keuzebudget_2023", "pxq_2017"]);
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let mean = |v: usize, m: &str| cmp.summaries[v].metric(m).unwrap().mean;

    // Prices from the history: the profile model pays what P×Q pays for the same care,
    // within 1% (the same children, so the same care at tariff).
    let (profiles, pxq) = (mean(0, "total_cost"), mean(2, "total_cost"));
    assert_eq!(mean(0, "care_at_tariff"), mean(2, "care_at_tariff"));
    assert!(
        (profiles / pxq - 1.0).abs() < 0.01,
        "profile model {profiles} against P×Q {pxq}"
    );
    // Budgets per case at budget_factor 1: below 1% of the care goes unpaid.
    let (unpaid, care) = (mean(1, "care_unpaid"), mean(1, "care_at_tariff"));
    assert!(unpaid.abs() < 0.01 * care, "unpaid {unpaid} of {care}");
    // The baseline declares the profile model as its previous financing: no provider
    // over the revenue guard. The keuzebudget variant is compared with it.
    assert_eq!(mean(0, "providers_over_revenue_guard"), 0.0);
    // The 2017-vs-2023 difference splits into price, volume, care forgone and unpaid
    // care, exactly.
    let total = cmp.differences[0]
        .iter()
        .find(|(n, _)| n == "total_cost")
        .unwrap()
        .1
        .mean;
    let parts: f64 = engine::COST_SPLIT
        .iter()
        .map(|p| {
            cmp.differences[0]
                .iter()
                .find(|(n, _)| n == p)
                .unwrap()
                .1
                .mean
        })
        .sum();
    assert!((parts - total).abs() <= 1e-6 * total.abs().max(1.0));
}

#[test]
fn an_analytic_price_grid_is_kept_as_an_option() {
    // Prices written out per profile × intensity still price the model; prices both
    // written out and from the history are refused.
    let text = common::repo_file("scenarios/ijsselland-2017.ron");
    let explicit = text.replace(
        "Trajectory(advance: 0.6, from_history: per_profile)",
        "Trajectory(advance: 0.6, price: 9000)",
    );
    let model = common::model_from("explicit.ron", &explicit).unwrap();
    let t = engine::simulate_one(&model, 0);
    assert!(t.counters.care_cents > 0);
    let both = text.replace(
        "Trajectory(advance: 0.6, from_history: per_profile)",
        "Trajectory(advance: 0.6, price: 9000, from_history: per_profile)",
    );
    let err = common::model_from("both.ron", &both)
        .unwrap_err()
        .to_string();
    assert!(err.contains("from_history"), "{err}");
    assert!(err.contains("not both"), "{err}");
}

#[test]
fn consent_takes_working_days_not_a_whole_month() {
    // Referrals above € 8,000 by referrers needing consent: at five working days about
    // 5 / 21.75 of them wait a month; at whole months all of them.
    let text = common::repo_file("scenarios/ijsselland.ron");
    let months = text.replace(
        "Keuzebudget(budget_factor: 1.0,",
        "Keuzebudget(budget_factor: 1.0, consent_delay_months: 1,",
    );
    let count = |t: &str| {
        let mut m = common::model_from("ijsselland.ron", t).unwrap();
        m.horizon = 24;
        engine::simulate_one(&m, 0).counters.consent_delays as f64
    };
    let (days, whole) = (count(&text), count(&months));
    assert!(whole > 100.0, "{whole}");
    let share = days / whole;
    assert!(
        (share - 5.0 / 21.75).abs() < 0.06,
        "{days} of {whole} wait a month"
    );
}

#[test]
fn a_keuzebudget_needs_exactly_one_way_of_setting_budgets() {
    let text = common::repo_file("scenarios/ijsselland.ron");
    let per_need = r#"budgets: {"light": (herstel: 3800, duurzaam: 5600, duurzaam_share: 0.25), "moderate": (herstel: 8100, duurzaam: 12200), "complex": (herstel: 15200, duurzaam: 22700), "very_complex": (herstel: 19500, duurzaam: 29200)}"#;
    // Per need level instead of per case: accepted.
    let levels = text.replacen("budget_factor: 1.0", per_need, 1);
    assert!(common::model_from("levels.ron", &levels).is_ok());
    // Both: refused, naming the field.
    let both = text.replacen(
        "budget_factor: 1.0",
        &format!("budget_factor: 1.0, {per_need}"),
        1,
    );
    let err = common::model_from("both.ron", &both)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("budget_factor") && err.contains("not both"),
        "{err}"
    );
    // Neither: refused, saying what to give.
    let neither = text.replacen("Keuzebudget(budget_factor: 1.0,", "Keuzebudget(", 1);
    let err = common::model_from("neither.ron", &neither)
        .unwrap_err()
        .to_string();
    assert!(err.contains("needs `budget_factor`"), "{err}");
    // Days and months of consent together: refused.
    let consent = text.replacen(
        "budget_factor: 1.0,",
        "budget_factor: 1.0, consent_delay_days: 5, consent_delay_months: 1,",
        1,
    );
    let err = common::model_from("consent.ron", &consent)
        .unwrap_err()
        .to_string();
    assert!(err.contains("consent_delay_days"), "{err}");
}
