//! Against analytic results: a single queue with Poisson inflow λ and a monthly exit
//! probability p has expected stock λ/p (docs/model.md; an M/G/∞ queue in discrete time),
//! and expected monthly cost stock × units × tariff.

mod common;

use jeugdsim::run::{self as engine, RunOptions};

fn run(text: &str) -> jeugdsim::metrics::Summary {
    let model = common::model_from("analytic.ron", text).unwrap();
    engine::run(&model, &RunOptions::default()).unwrap().summary
}

fn assert_in_ci(summary: &jeugdsim::metrics::Summary, metric: &str, expected: f64) {
    let s = summary.metric(metric).unwrap();
    assert!(
        s.ci95[0] <= expected && expected <= s.ci95[1],
        "{metric}: expected {expected}, simulated mean {} with 95% CI {:?}",
        s.mean,
        s.ci95
    );
    // The CI must be informative, not trivially wide.
    assert!(
        s.ci95[1] - s.ci95[0] < 0.02 * expected,
        "{metric}: CI {:?} too wide",
        s.ci95
    );
}

#[test]
fn single_queue_stock_and_cost_match_lambda_over_p() {
    let (lambda, p, units, tariff) = (80.0, 0.1, 10.0, 50.0);
    let summary = run(&common::single_queue(lambda, p, units, 0.0, tariff));
    let stock = lambda / p;
    assert_in_ci(&summary, "mean_in_care", stock);
    assert_in_ci(&summary, "total_cost", stock * units * tariff * 24.0);
    // Nobody waits when capacity is unlimited.
    assert_eq!(summary.metric("mean_waiting_youths").unwrap().mean, 0.0);
}

#[test]
fn gamma_usage_has_the_stated_mean() {
    // Units drawn per indication from a gamma with CV 0.8: cost still follows the mean.
    let (lambda, p, units, tariff) = (60.0, 0.05, 7.5, 72.6);
    let summary = run(&common::single_queue(lambda, p, units, 0.8, tariff));
    assert_in_ci(&summary, "total_cost", lambda / p * units * tariff * 24.0);
}

#[test]
fn two_state_chain_with_step_down_matches_its_stationary_occupancy() {
    // A: exit p_a, step-down q to B; B: exit p_b. Stationary: A = λ/(p_a+q), B = qA/p_b.
    let text = common::single_queue(50.0, 0.08, 10.0, 0.0, 50.0)
        .replace(
            "hazards: {\"any\": (success: 0.08)},",
            "hazards: {\"any\": (success: 0.08, step_down: 0.04)},\n        step_down_to: \"B\",",
        )
        .replace(
            ")])],\n)",
            "),(\n        name: \"B\", kind: ambulant,\n        products: [(name: \"dag\", unit: day, tariff: 100.0, usage: {\"any\": (mean: 30)})],\n        indication_months: {\"any\": 100000},\n        hazards: {\"any\": (success: 0.05)},\n        providers: Generated(count: 1),\n    )])],\n)",
        );
    let model = common::model_from("chain.ron", &text).unwrap();
    let summary = engine::run(&model, &RunOptions::default()).unwrap().summary;
    let a = 50.0 / (0.08 + 0.04);
    let b = 0.04 * a / 0.05;
    assert_in_ci(&summary, "mean_in_care_sub_A", a);
    assert_in_ci(&summary, "mean_in_care_sub_B", b);
    // Flow A→B: q·A step-downs a month.
    assert_in_ci(&summary, "step_downs", 0.04 * a * 24.0);
    assert_in_ci(
        &summary,
        "total_cost",
        (a * 10.0 * 50.0 + b * 30.0 * 100.0) * 24.0,
    );
}

#[test]
fn a_youth_blocking_a_bed_still_leaves_care_so_the_stock_is_bounded() {
    // Residential R (success 0.1, step-down 0.2 to A) above an ambulant A with one place
    // that never frees up: nearly every R youth ends up waiting in its bed for A. Those
    // youths keep their success hazard, so R holds λ / 0.1 = 200 youths, not a stock
    // that grows month after month.
    let text = common::single_queue(20.0, 0.1, 10.0, 0.0, 50.0)
        .replace("kind: ambulant,", "kind: residential,")
        .replace(
            "hazards: {\"any\": (success: 0.1)},",
            "hazards: {\"any\": (success: 0.1, step_down: 0.2)},\n        step_down_to: \"B\",",
        )
        .replace(
            ")])],\n)",
            "),(\n        name: \"B\", kind: ambulant,\n        products: [(name: \"uur\", unit: hour, tariff: 50.0, usage: {\"any\": (mean: 5)})],\n        indication_months: {\"any\": 100000},\n        hazards: {\"any\": (success: 0.0001)},\n        providers: Generated(count: 1, capacity: 1),\n    )])],\n)",
        );
    let model = common::model_from("blocking.ron", &text).unwrap();
    let summary = engine::run(&model, &RunOptions::default()).unwrap().summary;
    assert_in_ci(&summary, "mean_in_care_sub_A", 20.0 / 0.1);
    assert!(summary.metric("bed_blocking_months").unwrap().mean > 0.5 * 200.0 * 24.0);
}
