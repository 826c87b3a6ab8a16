//! Parameter sweeps (`jeugdsim sweep`): more providers never mean more waiting.

mod common;

use jeugdsim::run::{self as engine, RunOptions};
use jeugdsim::scenario::{Source, variants};
use std::path::Path;

#[test]
fn more_providers_never_raise_waiting_in_expectation() {
    let base = Source::from_text(
        Path::new("achterhoek.ron"),
        common::repo_file("scenarios/achterhoek.ron"),
    );
    let values = variants::parse_range("15..19").unwrap();
    let models: Vec<_> = variants::sweep_sources(
        &base,
        "segments[IAJ].sub_segments[behandeling].providers.count",
        &values,
    )
    .unwrap()
    .into_iter()
    .map(|v| {
        let mut m = v.source.load().unwrap();
        m.replications = 60;
        (v.name, m)
    })
    .collect();
    assert_eq!(models[0].1.contracts.len() + 4, models[4].1.contracts.len());
    let cmp = engine::compare(&models, "test", &RunOptions::default()).unwrap();
    let waiting: Vec<_> = cmp
        .summaries
        .iter()
        .map(|s| *s.metric("mean_waiting_sub_behandeling").unwrap())
        .collect();
    for w in waiting.windows(2) {
        // Each step up may not raise the mean beyond the noise of the previous one.
        assert!(w[1].mean <= w[0].ci95[1], "{:?} then {:?}", w[0], w[1]);
    }
    // And the sweep spans a real change: scarce at 15, ample at 19.
    assert!(
        waiting[0].mean > 10.0 * waiting[4].mean.max(0.1),
        "{waiting:?}"
    );
    // Paired differences against 15 providers are all clearly negative.
    for d in &cmp.differences {
        let (_, w) = d
            .iter()
            .find(|(n, _)| n == "mean_waiting_sub_behandeling")
            .unwrap();
        assert!(w.ci95[1] < 0.0, "{w:?}");
    }
}

#[test]
fn sweep_reports_the_smallest_value_meeting_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sw");
    let o = common::jeugdsim(&[
        "sweep",
        "scenarios/achterhoek.ron",
        "--set",
        "segments[IAJ].sub_segments[behandeling].providers.count=15..19",
        "--target",
        "mean_waiting_sub_behandeling<=15",
        "--replications",
        "40",
        // Chance only: with the scenario's world drivers (demand growing up to 4% a year)
        // no count in this range keeps the wait down in 95% of replications.
        "--chance-only",
        "--out",
        common::arg(&out),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let chosen = json["target"]["chosen_value"]
        .as_f64()
        .expect("a value meets the target");
    // The chosen value meets it at P95; the one below does not.
    let p95 = |v: f64| {
        rows.iter()
            .find(|r| r["value"].as_f64() == Some(v))
            .unwrap()["metrics"]["mean_waiting_sub_behandeling"]["p95"]
            .as_f64()
            .unwrap()
    };
    assert!(p95(chosen) <= 15.0);
    if chosen > 15.0 {
        assert!(p95(chosen - 1.0) > 15.0);
    }
    assert!(stdout.contains("Smallest"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("sweep.csv")).unwrap();
    assert_eq!(csv.lines().count(), 6);
}

#[test]
fn a_bad_sweep_is_a_clear_error() {
    let run =
        |set: &str| common::jeugdsim(&["sweep", "scenarios/minimal.ron", "--set", set, "--quiet"]);
    let o = run("segments[IAJ].sub_segments[nope].providers.count=1..3");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no item named `nope`"));
    let o = run("horizon_months=10..1");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("need A ≤ B"));
}
