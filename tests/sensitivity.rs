//! One-way sensitivity analysis (`jeugdsim sensitivity`).

mod common;

use jeugdsim::commands::sensitivity::tornado;
use jeugdsim::run::RunOptions;
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
    let effects = tornado(&base, "total_cost", None, false, &opts)
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
    let err = tornado(&base, "total_cost", None, false, &RunOptions::default()).unwrap_err();
    assert!(
        err.to_string().contains("no `uncertain` parameters"),
        "{err}"
    );
    let base = minimal_with(r#""relapse.hazard": (low: 0.005, high: 0.02),"#);
    let err = tornado(&base, "total_kost", None, false, &RunOptions::default()).unwrap_err();
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
    let t = tornado(&base, metric, Some("lumpsum"), false, &opts).unwrap();
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
    let plain = tornado(&base, "total_cost", None, false, &opts).unwrap();
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
    let err = tornado(&base, "total_cost", Some("lumpsom"), false, &opts)
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("no such variant") && err.contains("pxq, lumpsum"),
        "{err}"
    );
    let err = tornado(&base, "total_cost", Some("pxq"), false, &opts)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("is the baseline"), "{err}");
    let base = lumpsum_question(
        r#""variants[keuzebudget].segments[IAJ].sub_segments[*].financing.early_discharge": (low: 0.0, high: 0.5),"#,
    );
    let err = tornado(&base, "total_cost", Some("lumpsum"), false, &opts)
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
    let plain = jeugdsim::run::run(
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
    let psa = jeugdsim::run::psa::run_psa(&base, &opts).unwrap();
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
    let plain = jeugdsim::run::run(
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
    let psa = jeugdsim::run::psa::run_psa(&base, &opts).unwrap();
    let spread = |r: &jeugdsim::run::RunResult| {
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

/// run --psa on a scenario whose budgets come from the base year: a draw's reference
/// volumes are interpolated from histories simulated at the middle of every range and at
/// the ends of the ranges that shape the history (engine::Emulator), instead of a history
/// per draw. A parameter the history does not look at (a financing response) needs none;
/// at the design points the volumes are those of the history there; in between they are
/// within 2% of a history of their own.
#[test]
fn psa_reference_volumes_are_interpolated_between_histories_at_the_ends_of_the_ranges() {
    use jeugdsim::run::{Emulator, reference};
    let text = common::repo_file("scenarios/minimal.ron")
        .replacen(
            r#"name: "ondersteuning","#,
            r#"name: "ondersteuning", financing: Lumpsum(efficiency_response: RESPONSE),"#,
            1,
        )
        .replacen(
            r#"name: "minimal","#,
            r#"name: "minimal", reference_replications: 8, provider_economics: (own_cost_share: COST),"#,
            1,
        )
        .replace("referral_rate: 0.05", "referral_rate: RATE");
    // Parameters: the lumpsum's efficiency response, the referral rate, the providers' own
    // cost (which reaches the history only through exits or capacity following margins).
    let model_at = |v: &[f64]| {
        common::model_from(
            "minimal.ron",
            &text
                .replace("RESPONSE", &v[0].to_string())
                .replace("RATE", &v[1].to_string())
                .replace("COST", &v.get(2).unwrap_or(&0.95).to_string()),
        )
    };
    let three = Emulator::new(
        &[0.05, 0.05, 0.95],
        &[(0.0, 0.1), (0.04, 0.06), (0.9, 1.0)],
        model_at,
    )
    .unwrap();
    assert_eq!(
        three.shaping(),
        vec![1],
        "only the referral rate shapes the history"
    );
    let anchor = [0.05, 0.05];
    let ends = [(0.0, 0.1), (0.04, 0.06)];
    let emulator = Emulator::new(&anchor, &ends, model_at).unwrap();
    assert_eq!(emulator.shaping(), vec![1]);
    assert!(!emulator.exact());
    let total = |r: &jeugdsim::engine::Reference| r.yearly_cents.iter().sum::<f64>();
    let exact = |v: &[f64]| reference(&model_at(v).unwrap());
    let emulated = |v: &[f64]| emulator.reference(v, &model_at(v).unwrap());
    assert!(
        total(&exact(&anchor)) > 0.0,
        "the lumpsum needs base-year volumes"
    );

    // The anchor's history, and a response changes nothing.
    for v in [[0.05, 0.05], [0.09, 0.05], [0.0, 0.05]] {
        assert_eq!(emulated(&v).yearly_cents, exact(&v).yearly_cents, "{v:?}");
    }
    // At the ends of the rate's range: the history there, contract by contract.
    for v in [[0.05, 0.04], [0.02, 0.06]] {
        let (e, x) = (emulated(&v), exact(&v));
        for (a, b) in e.yearly_cents.iter().zip(&x.yearly_cents) {
            assert!(
                (a - b).abs() <= 1e-6 * b.abs().max(1.0),
                "{v:?}: {a} against {b}"
            );
        }
    }
    // In between: close to a history of its own; more referrals, larger volumes.
    let mut last = 0.0;
    for rate in [0.04, 0.0425, 0.0475, 0.0525, 0.0575, 0.06] {
        let v = [0.05, rate];
        let (e, x) = (total(&emulated(&v)), total(&exact(&v)));
        assert!((e - x).abs() < 0.02 * x, "rate {rate}: {e} against {x}");
        assert!(e > last, "rate {rate}: {e} after {last}");
        last = e;
    }
    // A provider count changes the contracts: no interpolation, each draw its own history.
    let counted = |v: &[f64]| {
        common::model_from(
            "minimal.ron",
            &text
                .replace("RESPONSE", "0.05")
                .replace("RATE", "0.05")
                .replace("COST", "0.95")
                .replacen(
                    "Generated(count: 3,",
                    &format!("Generated(count: {},", v[0]),
                    1,
                ),
        )
    };
    let by_count = Emulator::new(&[3.0], &[(2.0, 4.0)], counted).unwrap();
    assert!(by_count.exact());
    let four = counted(&[4.0]).unwrap();
    assert_eq!(
        by_count.reference(&[4.0], &four).yearly_cents,
        reference(&four).yearly_cents
    );
    assert_eq!(
        four.contracts.len(),
        counted(&[3.0]).unwrap().contracts.len() + 1
    );
}

/// `run --psa` tells the user which drawn parameters shape the base-year history that
/// budgets are set from (their budgets are interpolated), and says nothing when none does.
#[test]
fn psa_names_the_parameters_that_shape_the_budgets_history() {
    let dir = tempfile::tempdir().unwrap();
    let lumpsum = common::repo_file("scenarios/minimal.ron")
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
    let run = |uncertain: &str, name: &str| {
        let text = lumpsum.replacen(
            "    segments: [",
            &format!("    uncertain: {{{uncertain}}},\n    segments: ["),
            1,
        );
        let file = dir.path().join(format!("{name}.ron"));
        std::fs::write(&file, text).unwrap();
        let o = common::jeugdsim(&[
            "run",
            common::arg(&file),
            "--psa",
            "--replications",
            "4",
            "--quiet",
            "--out",
            common::arg(&dir.path().join(name)),
        ]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        common::stderr(&o)
    };
    let shaped = run(
        r#""municipalities[Voorbeeldstad].referral_rate": (low: 0.04, high: 0.06),
        "segments[IAJ].sub_segments[ondersteuning].financing.efficiency_response": (low: 0.0, high: 0.1),"#,
        "shaped",
    );
    assert!(
        shaped.contains(
            "--psa: municipalities[Voorbeeldstad].referral_rate shapes the base-year history"
        ) && shaped.contains("interpolated between histories simulated at the middle and the ends"),
        "{shaped}"
    );
    assert!(!shaped.contains("efficiency_response"), "{shaped}");
    let kept = run(
        r#""segments[IAJ].sub_segments[ondersteuning].financing.efficiency_response": (low: 0.0, high: 0.1),"#,
        "kept",
    );
    assert!(!kept.contains("--psa:"), "{kept}");
}

/// Four parameters on minimal.ron: demand growth and the relapse hazard, whose effects
/// on the cost are close (a few hundred replications tell them apart), a tariff clearly
/// below them, and a range that is a single value. How close the pair is depends on the
/// draws: the relapse hazard's top is set so that, at this seed, they part after the
/// first checkpoint and before the last (0.02 in 0.13, whose draws parted them there).
fn four_weights() -> Source {
    minimal_with(
        r#""segments[GWV].sub_segments[pleegzorg].products[0].tariff": (low: 30.0, high: 40.0),
        "relapse.hazard": (low: 0.005, high: 0.0203),
        "segments[IAJ].sub_segments[ondersteuning].products[0].tariff": (low: 75.0, high: 75.0),
        "referral.trend_per_year": (low: 0.0, high: 0.172),"#,
    )
}

#[test]
fn each_parameter_stops_once_settled_with_the_effect_a_full_run_of_as_many_gives() {
    let base = four_weights();
    let reps = 400;
    let opts = |n: u32| RunOptions {
        replications: Some(n),
        ..RunOptions::default()
    };
    let t = tornado(&base, "total_cost", None, false, &opts(reps)).unwrap();
    let full = tornado(&base, "total_cost", None, true, &opts(reps)).unwrap();
    let order = |t: &jeugdsim::results::tornado::Tornado| -> Vec<String> {
        t.effects.iter().map(|e| e.parameter.clone()).collect()
    };
    assert_eq!(order(&t), order(&full));
    assert!(full.effects.iter().all(|e| e.replications == reps as u64));
    let taken = |name: &str| {
        t.effects
            .iter()
            .find(|e| e.parameter.starts_with(name))
            .unwrap()
            .replications
    };
    // The tariff is clear of the rest at the first checkpoint, and the single value's
    // exact zero sits below everything at once; the close pair takes longer, not all.
    assert_eq!(taken("segments[GWV]"), 100);
    assert_eq!(taken("segments[IAJ]"), 100);
    for close in ["referral", "relapse"] {
        assert!((150..400).contains(&taken(close)), "{t:?}");
    }
    for e in &t.effects {
        let n = e.replications;
        assert!(
            n == reps as u64 || (n >= 100 && n % 50 == 0),
            "{}: {n}",
            e.parameter
        );
        // What a parameter reports is its effect over its first n replications, exactly.
        let alone = tornado(&base, "total_cost", None, true, &opts(n as u32)).unwrap();
        let same = alone
            .effects
            .iter()
            .find(|a| a.parameter == e.parameter)
            .unwrap();
        assert_eq!(
            (same.effect.mean, same.effect.ci95, same.at_low.mean),
            (e.effect.mean, e.effect.ci95, e.at_low.mean),
            "{}",
            e.parameter
        );
    }
}

#[test]
fn a_sequential_tornado_is_the_same_on_any_threads_and_shards() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("four.ron");
    std::fs::write(&file, four_weights().text).unwrap();
    let [one, two, merged] = common::on_threads_and_shards(
        dir.path(),
        &[
            "sensitivity",
            common::arg(&file),
            "--replications",
            "300",
            "--quiet",
        ],
    );
    let files = |d: &std::path::Path| {
        let mut f = common::folder_files(d);
        f.retain(|name, _| name.starts_with("sensitivity."));
        assert_eq!(f.len(), 2, "{:?}", f.keys());
        f
    };
    assert_eq!(files(&one), files(&two));
    assert_eq!(files(&one), files(&merged));
    let csv = String::from_utf8(std::fs::read(one.join("sensitivity.csv")).unwrap()).unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(",replications"),
        "{csv}"
    );
    assert!(csv.contains(",100\n"), "{csv}");
    // The console says what the effects rest on.
    let o = common::jeugdsim_ok(
        &["sensitivity", common::arg(&file), "--replications", "300"],
        &dir.path().join("loud"),
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("each parameter ran until its place in the ranking was settled: 100 to"),
        "{stdout}"
    );
}
