//! One-way sensitivity analysis (`jeugdsim sensitivity`).

mod common;

use jeugdsim::engine::RunOptions;
use jeugdsim::scenario::Source;
use std::path::Path;

fn minimal_with(uncertain: &str) -> Source {
    let text = common::repo_file("scenarios/minimal.ron");
    let end = text.rfind(')').unwrap();
    let text = format!("{}    uncertain: {{{uncertain}}},\n)\n", &text[..end]);
    Source::from_text(Path::new("minimal.ron"), text)
}

#[test]
fn a_parameter_with_zero_range_ranks_last_with_effect_exactly_zero() {
    let base = minimal_with(
        r#""segments[IAJ].sub_segments[ondersteuning].products[0].tariff": (low: 75.0, high: 75.0),
        "relapse.hazard": (low: 0.005, high: 0.02),
        "segments[GWV].sub_segments[pleegzorg].products[0].tariff": (low: 40.0, high: 50.0),"#,
    );
    let opts = RunOptions {
        replications: Some(40),
        ..RunOptions::default()
    };
    let effects = jeugdsim::analysis::sensitivity(&base, "total_cost", &opts).unwrap();
    assert_eq!(effects.len(), 3);
    let last = effects.last().unwrap();
    assert_eq!(
        last.parameter,
        "segments[IAJ].sub_segments[ondersteuning].products[0].tariff"
    );
    assert_eq!((last.effect.mean, last.effect.ci95), (0.0, [0.0, 0.0]));
    // The others move total cost upwards, clearly, and are ranked by size.
    assert!(effects[0].effect.mean.abs() >= effects[1].effect.mean.abs());
    for e in &effects[..2] {
        assert!(e.effect.ci95[0] > 0.0, "{}: {:?}", e.parameter, e.effect);
        assert!((e.at_high.mean - e.at_low.mean - e.effect.mean).abs() < 1e-6 * e.at_high.mean);
    }
}

#[test]
fn sensitivity_needs_uncertain_parameters_and_a_known_metric() {
    let base = Source::from_text(
        Path::new("m.ron"),
        common::repo_file("scenarios/minimal.ron"),
    );
    let err =
        jeugdsim::analysis::sensitivity(&base, "total_cost", &RunOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("no `uncertain` parameters"),
        "{err}"
    );
    let base = minimal_with(r#""relapse.hazard": (low: 0.005, high: 0.02),"#);
    let err =
        jeugdsim::analysis::sensitivity(&base, "total_kost", &RunOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("unknown metric `total_kost`"),
        "{err}"
    );
}

#[test]
fn psa_with_zero_width_ranges_reproduces_the_plain_run_exactly() {
    let base = minimal_with(
        r#""relapse.hazard": (low: 0.01, high: 0.01),
        "segments[IAJ].sub_segments[ondersteuning].products[0].tariff": (low: 75.0, high: 75.0),"#,
    );
    let opts = RunOptions {
        replications: Some(30),
        ..RunOptions::default()
    };
    let plain = jeugdsim::engine::run(
        &base
            .load()
            .map(|mut m| {
                m.replications = 30;
                m
            })
            .unwrap(),
        &opts,
    )
    .unwrap();
    let psa = jeugdsim::analysis::run_psa(&base, &opts).unwrap();
    assert_eq!(plain.summary.metrics, psa.summary.metrics);
    assert_eq!(plain.summary.monthly, psa.summary.monthly);
}

#[test]
fn psa_widens_the_bands_by_the_parameter_uncertainty() {
    let base = minimal_with(
        r#""segments[IAJ].sub_segments[ondersteuning].products[0].tariff": (low: 50.0, high: 100.0),"#,
    );
    let opts = RunOptions {
        replications: Some(60),
        ..RunOptions::default()
    };
    let plain = jeugdsim::engine::run(
        &base
            .load()
            .map(|mut m| {
                m.replications = 60;
                m
            })
            .unwrap(),
        &opts,
    )
    .unwrap();
    let psa = jeugdsim::analysis::run_psa(&base, &opts).unwrap();
    let spread = |r: &jeugdsim::engine::RunResult| {
        let s = r.summary.metric("total_cost").unwrap();
        s.p95 - s.p5
    };
    assert!(
        spread(&psa) > 2.0 * spread(&plain),
        "{} vs {}",
        spread(&psa),
        spread(&plain)
    );
    // Same youths: only the tariff varies.
    assert_eq!(
        plain.summary.metric("youth_months").unwrap(),
        psa.summary.metric("youth_months").unwrap()
    );
}
