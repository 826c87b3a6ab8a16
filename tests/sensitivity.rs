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
    let effects = jeugdsim::analysis::sensitivity(&base, "total_cost", None, &opts)
        .unwrap()
        .effects;
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
    let err = jeugdsim::analysis::sensitivity(&base, "total_cost", None, &RunOptions::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("no `uncertain` parameters"),
        "{err}"
    );
    let base = minimal_with(r#""relapse.hazard": (low: 0.005, high: 0.02),"#);
    let err = jeugdsim::analysis::sensitivity(&base, "total_kost", None, &RunOptions::default())
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown metric `total_kost`"),
        "{err}"
    );
}

/// minimal.ron with demand growing 30% a year, a `lumpsum` variant for ondersteuning
/// (baseline `pxq`), and `uncertain`.
fn lumpsum_question(uncertain: &str) -> Source {
    let mut text = common::repo_file("scenarios/minimal.ron");
    jeugdsim::scenario::variants::apply(&mut text, "referral.trend_per_year", "0.3").unwrap();
    let end = text.rfind(')').unwrap();
    let text = format!(
        r#"{}    variants: [
        (name: "pxq", set: {{}}),
        (name: "lumpsum", set: {{"segments[IAJ].sub_segments[ondersteuning].financing": Lumpsum()}}),
    ],
    uncertain: {{{uncertain}}},
)
"#,
        &text[..end]
    );
    Source::from_text(Path::new("question.ron"), text)
}

#[test]
fn the_verdict_tornado_ranks_what_moves_the_difference_between_variants() {
    let base = lumpsum_question(
        r#""variants[lumpsum].segments[IAJ].sub_segments[*].financing.early_discharge": (low: 0.0, high: 0.5),
        "segments[GWV].sub_segments[pleegzorg].products[0].tariff": (low: 40.0, high: 50.0),"#,
    );
    let opts = RunOptions {
        replications: Some(40),
        ..RunOptions::default()
    };
    let metric = "care_forgone_months";
    let t = jeugdsim::analysis::sensitivity(&base, metric, Some("lumpsum"), &opts).unwrap();
    assert!(t.left_out.is_empty());
    assert_eq!(t.effects.len(), 2);
    // Early discharge exists only under lumpsum: the verdict (lumpsum − pxq in months of
    // care forgone) is 0 at the low end and grows with it.
    let e = &t.effects[0];
    assert!(
        e.parameter.starts_with("variants[lumpsum]."),
        "{}",
        e.parameter
    );
    assert_eq!(e.at_low.mean, 0.0);
    assert!(e.effect.ci95[0] > 0.0, "{:?}", e.effect);
    assert!((e.at_high.mean - e.at_low.mean - e.effect.mean).abs() < 1e-9 * e.at_high.mean);
    // A tariff both variants share moves no month of care: no effect on the verdict.
    assert_eq!(t.effects[1].effect.mean, 0.0);
    // Without --variant the variant's parameter is left out (it does not touch the
    // baseline) and the tariff is ranked on the baseline itself.
    let plain = jeugdsim::analysis::sensitivity(&base, "total_cost", None, &opts).unwrap();
    assert_eq!(plain.effects.len(), 1);
    assert_eq!(plain.left_out.len(), 1);
    assert!(plain.effects[0].effect.ci95[0] > 0.0);
}

#[test]
fn the_verdict_tornado_names_unknown_variants() {
    let opts = RunOptions {
        replications: Some(4),
        ..RunOptions::default()
    };
    let base = lumpsum_question(r#""relapse.hazard": (low: 0.005, high: 0.02),"#);
    let err = jeugdsim::analysis::sensitivity(&base, "total_cost", Some("lumpsom"), &opts)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no such variant") && err.contains("pxq, lumpsum"),
        "{err}"
    );
    let err = jeugdsim::analysis::sensitivity(&base, "total_cost", Some("pxq"), &opts)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is the baseline"), "{err}");
    let base = lumpsum_question(
        r#""variants[keuzebudget].segments[IAJ].sub_segments[*].financing.early_discharge": (low: 0.0, high: 0.5),"#,
    );
    let err = jeugdsim::analysis::sensitivity(&base, "total_cost", Some("lumpsum"), &opts)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("there is no variant `keuzebudget`"), "{err}");
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

#[test]
fn the_verdict_tornado_from_the_command_line_names_its_variants_and_reports() {
    let base = lumpsum_question(
        r#""variants[lumpsum].segments[IAJ].sub_segments[*].financing.early_discharge": (low: 0.0, high: 0.5),"#,
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("question.ron");
    std::fs::write(&file, &base.text).unwrap();
    let out = dir.path().join("out");
    let o = common::jeugdsim_ok(
        &[
            "sensitivity",
            common::arg(&file),
            "--variant",
            "lumpsum",
            "--metric",
            "care_forgone_months",
            "--replications",
            "8",
            "--report",
        ],
        &out,
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("Effect on care_forgone_months (lumpsum − pxq)"),
        "{stdout}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sensitivity.json")).unwrap()).unwrap();
    assert_eq!(json["variant"], "lumpsum");
    assert_eq!(json["baseline"], "pxq");
    assert_eq!(json["metric"], "care_forgone_months");
    assert!(json["parameters"][0]["effect"]["mean"].as_f64().unwrap() > 0.0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Care forgone (months) (lumpsum − pxq)"));
    // Without --variant the user is told what was left out and how to rank the verdict.
    let plain = common::jeugdsim(&[
        "sensitivity",
        common::arg(&file),
        "--replications",
        "4",
        "--out",
        common::arg(&dir.path().join("plain")),
    ]);
    assert!(plain.status.success(), "{}", common::stderr(&plain));
    let stdout = String::from_utf8_lossy(&plain.stdout);
    assert!(
        stdout.contains("note: left out") && stdout.contains("add --variant lumpsum"),
        "{stdout}"
    );
}

/// A PSA sample whose uncertain values lie where the history does not look reuses the
/// base model's reference volumes (run --psa on a lumpsum scenario no longer simulates the
/// history per replication); a sample that changes the history gets its own.
#[test]
fn psa_samples_reuse_the_base_reference_only_when_their_history_is_the_same() {
    use jeugdsim::engine::{References, reference};
    use std::borrow::Cow;
    let text = common::repo_file("scenarios/minimal.ron")
        .replacen(
            r#"name: "ondersteuning","#,
            r#"name: "ondersteuning", financing: Lumpsum(efficiency_response: 0.05),"#,
            1,
        )
        .replacen(
            r#"name: "minimal","#,
            r#"name: "minimal", reference_replications: 4,"#,
            1,
        );
    let model = |text: &str| common::model_from("minimal.ron", text).unwrap();
    let base = model(&text);
    let references = References::new(&base);
    let total = |r: &jeugdsim::engine::Reference| r.yearly_cents.iter().sum::<f64>();
    assert!(
        total(&reference(&base)) > 0.0,
        "the lumpsum needs base-year volumes"
    );

    let response = model(&text.replace("efficiency_response: 0.05", "efficiency_response: 0.09"));
    let r = references.of(&response);
    assert!(
        matches!(r, Cow::Borrowed(_)),
        "same history, same reference"
    );
    assert_eq!(r.yearly_cents, reference(&response).yearly_cents);

    let busier = model(&text.replace("referral_rate: 0.05", "referral_rate: 0.07"));
    let r = references.of(&busier);
    assert!(
        matches!(r, Cow::Owned(_)),
        "more referrals, another history"
    );
    assert_eq!(r.yearly_cents, reference(&busier).yearly_cents);
    assert!(total(&r) > 1.2 * total(&reference(&base)));
}
