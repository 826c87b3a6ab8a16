//! Risk where it falls and care delivered unpaid (issue 33): per-year budget risk, the
//! unpaid part of the cost split, lumpsum's declarations with a bandwidth, and break-even
//! values.

mod common;

use jeugdsim::run::{self as engine, RunOptions};

/// `minimal.ron` with a budget and `replications` replications.
fn minimal_with_budget(budget: f64, replications: u32) -> jeugdsim::model::Model {
    let text = common::repo_file("scenarios/minimal.ron").replace(
        "    relapse:",
        &format!("    budget_per_year: {budget},\n    relapse:"),
    );
    let mut model = common::model_from("minimal.ron", &text).unwrap();
    model.replications = replications;
    model
}

#[test]
fn the_yearly_chances_of_exceeding_the_budget_average_to_the_pooled_one() {
    // p_year_over_budget is the share of full years over budget, per replication; its
    // mean over replications is the mean over years of each year's share over budget.
    let model = minimal_with_budget(2_330_000.0, 60);
    let s = engine::run(&model, &RunOptions::default()).unwrap().summary;
    let per_year: Vec<f64> = s.over_budget_by_year.iter().map(|p| p.unwrap()).collect();
    assert_eq!(per_year.len(), 3);
    let pooled = s.metric("p_year_over_budget").unwrap().mean;
    let mean = per_year.iter().sum::<f64>() / per_year.len() as f64;
    assert!((mean - pooled).abs() < 1e-12, "{mean} vs {pooled}");
    assert!(per_year.iter().any(|&p| p > 0.0 && p < 1.0), "{per_year:?}");
    // A year's share over budget is the share of replications above that year's budget.
    assert_eq!(s.budget_by_year[0], Some(2_330_000.0));
}

#[test]
fn under_pxq_no_care_goes_unpaid_and_care_at_tariff_is_the_cost() {
    let mut model =
        common::model_from("minimal.ron", &common::repo_file("scenarios/minimal.ron")).unwrap();
    model.horizon = 24;
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        assert!(t.counters.care_cents > 0);
        assert_eq!(
            t.counters.production_cents, t.counters.care_cents,
            "rep {rep}"
        );
    }
}

#[test]
fn a_budget_below_the_care_shows_as_care_delivered_unpaid_not_as_price() {
    // The same children under keuzebudget with budgets 20% below the assessed care,
    // against the same care paid per unit: the split puts the saving in unpaid care, and
    // the four parts add up to the difference.
    let text = common::repo_file("scenarios/ijsselland-models.ron").replace(
        "Keuzebudget(budget_factor: 1.0",
        "Keuzebudget(budget_factor: 0.8",
    );
    let mut models: Vec<(String, jeugdsim::model::Model)> = common::load_variants(&text)
        .into_iter()
        .filter(|(n, _)| n == "pxq_2017" || n == "keuzebudget_2023")
        .map(|(n, mut m)| {
            m.replications = 12;
            (n, m)
        })
        .collect();
    models.reverse();
    assert_eq!(models[0].0, "pxq_2017");
    assert_eq!(models.len(), 2);
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let diff = |m: &str| cmp.differences[0].iter().find(|(n, _)| n == m).unwrap().1;
    let total = diff("total_cost").mean;
    let unpaid = diff("cost_difference_unpaid_care").mean;
    assert!(total < 0.0);
    assert!(
        (unpaid - total).abs() <= 1e-6 * total.abs(),
        "{unpaid} vs {total}"
    );
    for part in [
        "cost_difference_price",
        "cost_difference_volume",
        "cost_difference_care_forgone",
    ] {
        assert!(diff(part).mean.abs() < 1e-6 * total.abs(), "{part}");
    }
    let parts: f64 = jeugdsim::run::COST_SPLIT.iter().map(|p| diff(p).mean).sum();
    assert!((parts - total).abs() <= 1e-6 * total.abs());
}

#[test]
fn lumpsum_with_a_bandwidth_books_the_declarations_it_settles_on() {
    let text = common::repo_file("scenarios/achterhoek-financing.ron");
    let variants = common::load_variants(&text);
    let model = |name: &str| {
        let mut m = variants.iter().find(|(n, _)| n == name).unwrap().1.clone();
        m.horizon = 12;
        m
    };
    let (plain, band, pxq) = (model("lumpsum"), model("lumpsum_bandwidth"), model("pxq"));
    let a = engine::simulate_one(&plain, 0).counters.admin_cents;
    let b = engine::simulate_one(&band, 0).counters.admin_cents;
    let p = engine::simulate_one(&pxq, 0).counters.admin_cents;
    assert!(b > 2 * a, "bandwidth {b} against plain lumpsum {a}");
    assert!(b as f64 > 0.8 * p as f64, "bandwidth {b} against P×Q {p}");
}

/// `minimal.ron` with ondersteuning under P×Q with a ceiling `ceiling` (RON), or plain.
fn with_ceiling(ceiling: Option<&str>) -> jeugdsim::model::Model {
    let mut text = common::repo_file("scenarios/minimal.ron");
    if let Some(c) = ceiling {
        jeugdsim::scenario::variants::apply(
            &mut text,
            "segments[IAJ].sub_segments[ondersteuning].financing",
            &format!("Pxq(ceiling: {c})"),
        )
        .unwrap();
    }
    common::model_from("minimal.ron", &text).unwrap()
}

#[test]
fn a_budget_ceiling_makes_youths_wait_leaves_care_unpaid_or_is_paid_as_it_says() {
    let plain = with_ceiling(None);
    // A ceiling at 80% of the base year: contracts reach it in every replication
    // (at 90% a small contract's quiet year could stay below, and nothing would differ).
    let waiting = with_ceiling(Some("(share: 0.8, above: waiting)"));
    let unpaid = with_ceiling(Some("(share: 0.8, above: unpaid)"));
    let paid = with_ceiling(Some("(share: 0.8, above: paid)"));
    for rep in 0..3 {
        let p = engine::simulate_one(&plain, rep);
        let w = engine::simulate_one(&waiting, rep);
        let u = engine::simulate_one(&unpaid, rep);
        let a = engine::simulate_one(&paid, rep);
        // A ceiling paid anyway is P×Q.
        assert_eq!(a.counters.care_cents, p.counters.care_cents, "rep {rep}");
        assert_eq!(a.counters.production_cents, p.counters.production_cents);
        // Above it unpaid: the same care, less paid, the difference unpaid.
        assert_eq!(
            u.counters.production_cents, p.counters.production_cents,
            "rep {rep}"
        );
        assert!(u.counters.care_cents < p.counters.care_cents, "rep {rep}");
        assert!(u.counters.production_cents > u.counters.care_cents);
        // Above it waiting: providers at their ceiling stop admitting; youths wait.
        assert!(w.counters.rationing_closures > 0, "rep {rep}");
        assert!(
            w.counters.waiting_youth_months > p.counters.waiting_youth_months,
            "rep {rep}"
        );
        assert_eq!(w.counters.production_cents, w.counters.care_cents);
    }
}
