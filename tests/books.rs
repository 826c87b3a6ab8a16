//! The books per municipality: every cent of the region's cost is paid by exactly one
//! municipality, under the cost-sharing key the scenario chooses.

mod common;

use jeugdsim::engine;
use jeugdsim::metrics::books::{cost_shares, municipal_values};

fn achterhoek_with(solidarity: f64) -> jeugdsim::model::Model {
    let mut text = common::repo_file("scenarios/achterhoek.ron");
    text = text.replace(
        "    budget_per_year",
        &format!("    cost_sharing: (solidarity_share: {solidarity}),\n    budget_per_year"),
    );
    if !text.contains("cost_sharing") {
        text = text.replace(
            "    world: (",
            &format!("    cost_sharing: (solidarity_share: {solidarity}),\n    world: ("),
        );
    }
    common::model_from("achterhoek.ron", &text).unwrap()
}

#[test]
fn municipal_costs_add_up_to_the_region_to_the_cent_under_any_key() {
    for solidarity in [0.0, 0.37, 1.0] {
        let mut model = achterhoek_with(solidarity);
        model.horizon = 24;
        assert_eq!(model.solidarity_share, solidarity);
        for rep in 0..2 {
            let tally = engine::simulate_one(&model, rep);
            let actual = &tally.muni_paid_cents;
            // Actual use is every euro the region paid.
            assert_eq!(actual.iter().sum::<i64>(), tally.counters.care_cents);
            let keyed = cost_shares(&model, actual);
            assert_eq!(keyed.iter().sum::<i64>(), tally.counters.care_cents);
            let population: Vec<f64> = model
                .munis
                .iter()
                .map(|m| m.youth_0_17 + m.youth_18_22)
                .collect();
            let total_pop: f64 = population.iter().sum();
            let total = tally.counters.care_cents as f64;
            for (i, &k) in keyed.iter().enumerate() {
                // (1 − s) of its own use plus its per-capita share of s of everyone's,
                // within the cents that rounding moves.
                let expected = (1.0 - solidarity) * actual[i] as f64
                    + solidarity * total * population[i] / total_pop;
                assert!(
                    (k as f64 - expected).abs() <= model.munis.len() as f64 + 1.0,
                    "s {solidarity}, municipality {i}: {k} vs {expected}"
                );
            }
            if solidarity == 0.0 {
                assert_eq!(&keyed, actual);
            }
            let mut values = Vec::new();
            municipal_values(&model, &tally, &mut values);
            let transfers: f64 = values.chunks(4).map(|v| v[2]).sum();
            assert!(transfers.abs() < 1e-6, "transfers sum to {transfers}");
        }
    }
}

#[test]
fn run_writes_the_books_per_municipality() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/minimal.ron",
            "--replications",
            "20",
            "--quiet",
        ],
        &out,
    );
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let munis = s["by_municipality"].as_array().unwrap();
    assert!(!munis.is_empty());
    let sum: f64 = munis
        .iter()
        .map(|m| m["metrics"]["total_cost"]["mean"].as_f64().unwrap())
        .sum();
    let total = s["metrics"]["total_cost"]["mean"].as_f64().unwrap();
    assert!((sum - total).abs() <= 1e-6 * total, "{sum} vs {total}");
    let csv = std::fs::read_to_string(out.join("municipalities.csv")).unwrap();
    assert!(csv.starts_with("municipality,metric,mean,"));
    assert_eq!(csv.lines().count(), 1 + munis.len() * 4);
}
