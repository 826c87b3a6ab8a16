//! The results contract: `summary.json`, `summary.csv` and `monthly.csv` carry what later
//! tools and users' scripts rely on.

mod common;

const CONTRACT: &[&str] = &[
    "total_cost",
    "cost_per_youth",
    "youths_in_care",
    "share_ambulant",
    "residential_bed_months",
    "mean_waiting_youths",
    "mean_wait_months",
    "provider_changes_per_youth",
    "forced_provider_changes",
    "to_adult_care_at_18",
    "reentry_within_12m",
    "step_downs",
    "step_ups",
    "youth_months",
];

#[test]
fn run_writes_the_contract_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("res");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/minimal.ron",
            "--replications",
            "30",
            "--quiet",
        ],
        &out,
    );

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["scenario"], "minimal");
    assert_eq!(json["replications"], 30);
    let metrics = json["metrics"].as_object().unwrap();
    for name in CONTRACT {
        let m = &metrics[*name];
        let get = |k: &str| m[k].as_f64().unwrap_or_else(|| panic!("{name}.{k}"));
        let ci = m["ci95"].as_array().unwrap();
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(
            lo <= get("mean") && get("mean") <= hi,
            "{name}: mean outside its CI"
        );
        assert!(
            get("p5") <= get("p50") && get("p50") <= get("p95"),
            "{name}: percentiles"
        );
    }
    assert!(metrics["total_cost"]["mean"].as_f64().unwrap() > 0.0);

    // summary.csv: a header and one row per metric, same order as the JSON.
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let names: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let json_names: Vec<&str> = metrics.keys().map(|k| k.as_str()).collect();
    assert_eq!(names, json_names);

    // monthly.csv: one row per month of the horizon, labelled from the start month.
    let monthly = std::fs::read_to_string(out.join("monthly.csv")).unwrap();
    let rows: Vec<&str> = monthly.lines().collect();
    assert_eq!(rows.len(), 1 + 36);
    assert!(rows[0].starts_with("month,cost_mean,cost_p5,cost_p95,in_care_mean"));
    assert!(rows[1].starts_with("2024-01,"));
    assert!(rows[36].starts_with("2026-12,"));
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn names_and_values_line_up() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/achterhoek.ron");
    let (_, model) = jeugdsim::scenario::load(&path).unwrap();
    let tally = jeugdsim::run::simulate_one(&model, 0);
    let mut values = Vec::new();
    jeugdsim::metrics::replication_metrics(&model, &tally, &mut values);
    let names = jeugdsim::metrics::metric_names(&model);
    assert_eq!(names.len(), values.len());
    let get = |n: &str| values[names.iter().position(|x| x == n).unwrap()];
    // Cross-checks between metrics computed along different paths.
    let seg_cost: f64 = ["IAJ", "GWV", "HCV"]
        .iter()
        .map(|s| get(&format!("cost_segment_{s}")))
        .sum();
    assert!((seg_cost - get("total_cost")).abs() < 1e-6 * get("total_cost"));
    assert_eq!(
        get("youth_months") / model.horizon as f64,
        get("mean_in_care")
    );
    let changes = get("chosen_provider_changes") + get("forced_provider_changes");
    assert!(changes > 0.0);
    assert!((changes - get("provider_changes_per_youth") * get("youths_in_care")).abs() < 1e-6);
}

#[test]
fn dutch_csv_style_writes_what_dutch_excel_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, nl) = (dir.path().join("plain"), dir.path().join("nl"));
    for (out, style) in [(&plain, "plain"), (&nl, "nl")] {
        common::jeugdsim_ok(
            &[
                "run",
                "scenarios/minimal.ron",
                "--replications",
                "10",
                "--quiet",
                "--csv-style",
                style,
            ],
            out,
        );
    }
    let p = std::fs::read_to_string(plain.join("summary.csv")).unwrap();
    let n = std::fs::read_to_string(nl.join("summary.csv")).unwrap();
    assert!(n.starts_with('\u{feff}'));
    assert!(n.lines().next().unwrap().contains("metric;mean;ci95_low"));
    // Same table, same numbers, once the Dutch conventions are read back.
    for (lp, ln) in p
        .lines()
        .zip(n.trim_start_matches('\u{feff}').lines())
        .skip(1)
    {
        let a: Vec<&str> = lp.split(',').collect();
        let b: Vec<String> = ln.split(';').map(|f| f.replace(',', ".")).collect();
        assert_eq!(a[0], b[0]);
        for (x, y) in a[1..].iter().zip(&b[1..]) {
            assert_eq!(x.parse::<f64>().unwrap(), y.parse::<f64>().unwrap());
        }
    }
    // JSON is unaffected.
    assert_eq!(
        std::fs::read(plain.join("summary.json")).unwrap(),
        std::fs::read(nl.join("summary.json")).unwrap()
    );
}
