//! A command line that catches mistakes early and speaks the reader's language:
//! `metrics`, `paths`, the note on `run` of a file with variants, `--lang nl`, reports of
//! Dutch-style folders, and the Excel workbook.

mod common;

use jeugdsim::metrics::CORE_METRICS;

#[test]
fn metrics_lists_every_metric_with_unit_and_meaning() {
    let o = common::jeugdsim(&["metrics"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    for m in CORE_METRICS {
        let line = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(m.name))
            .unwrap_or_else(|| panic!("`{}` not listed", m.name));
        assert!(line.contains(m.unit) && line.contains(m.meaning), "{line}");
    }
    for extra in [
        "p_year_over_budget",
        "yearly_cost_p95",
        "cost_segment_<segment>",
        "total_cost_chance_only",
    ] {
        assert!(out.contains(extra), "{extra} not listed");
    }
    // The count it states is the number of rows it lists.
    let count: usize = out.split_whitespace().next().unwrap().parse().unwrap();
    assert_eq!(count, out.lines().skip(2).filter(|l| !l.is_empty()).count());

    // With a scenario: its own names, as its runs write them.
    let o = common::jeugdsim(&["metrics", "scenarios/achterhoek.ron"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("cost_segment_IAJ") && out.contains("mean_wait_months_sub_behandeling"));
    assert!(
        !out.contains("p_year_over_budget"),
        "achterhoek has no budget"
    );
}

#[test]
fn paths_lists_settable_paths_that_variants_and_sweeps_accept() {
    let o = common::jeugdsim(&["paths", "scenarios/achterhoek.ron"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("segments[IAJ].sub_segments[behandeling].providers.count"),
        "{out}"
    );
    assert!(!out.contains("\nvariants") && !out.contains("\nuncertain"));
    // Every listed path resolves: setting it to its own value leaves the text as it was.
    let text = common::repo_file("scenarios/achterhoek.ron");
    let paths = jeugdsim::scenario::paths::settable(&text);
    assert!(paths.len() > 100, "{} paths", paths.len());
    for (path, _) in &paths {
        let mut patched = text.clone();
        let current = current_value(&text, path);
        jeugdsim::scenario::variants::apply(&mut patched, path, &current)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(patched, text, "{path}");
    }
}

/// The text of the value at a name-form `path` (by applying a marker and reading it back).
fn current_value(text: &str, path: &str) -> String {
    let mut marked = text.to_string();
    jeugdsim::scenario::variants::apply(&mut marked, path, "\u{1}").unwrap();
    let at = marked.find('\u{1}').unwrap();
    let tail = text.len() - (marked.len() - at - 1);
    text[at..tail].to_string()
}

#[test]
fn run_of_a_file_with_variants_says_to_use_compare() {
    let dir = tempfile::tempdir().unwrap();
    let o = common::jeugdsim_ok(
        &[
            "run",
            "scenarios/achterhoek-financing.ron",
            "--replications",
            "2",
            "--quiet",
        ],
        &dir.path().join("r"),
    );
    let err = common::stderr(&o);
    assert!(
        err.contains("6 variants") && err.contains("jeugdsim compare"),
        "{err}"
    );
}

#[test]
fn run_in_dutch_prints_a_dutch_table_with_dutch_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let o = common::jeugdsim_ok(
        &[
            "run",
            "scenarios/ijsselland.ron",
            "--replications",
            "4",
            "--lang",
            "nl",
        ],
        &dir.path().join("r"),
    );
    let out = String::from_utf8_lossy(&o.stdout);
    let row = out
        .lines()
        .find(|l| l.starts_with("Totale kosten (€)"))
        .unwrap_or_else(|| panic!("no Dutch table: {out}"));
    // 1.234.567: points group thousands.
    assert!(
        row.split_whitespace().nth(3).unwrap().matches('.').count() >= 2,
        "{row}"
    );
    assert!(out.contains("Budget: De kosten in een jaar overschrijden het budget met kans"));
    // The files for scripts keep the contract's names.
    let summary = std::fs::read_to_string(dir.path().join("r/summary.json")).unwrap();
    assert!(summary.contains("\"total_cost\""));
}

#[test]
fn report_reads_a_dutch_style_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nl");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/minimal.ron",
            "--replications",
            "3",
            "--csv-style",
            "nl",
            "--report",
            "--quiet",
        ],
        &out,
    );
    let first = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(first.contains("<svg"));
    let o = common::jeugdsim(&["report", common::arg(&out)]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    // The same page as from the plain files.
    let plain = dir.path().join("plain");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/minimal.ron",
            "--replications",
            "3",
            "--report",
            "--quiet",
        ],
        &plain,
    );
    let page = |d: &std::path::Path| {
        let html = std::fs::read_to_string(d.join("report.html")).unwrap();
        html[html.find("<h2>").unwrap()..].to_string()
    };
    assert_eq!(page(&out), page(&plain));
}

#[test]
fn the_workbook_is_written_the_same_whatever_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for threads in ["1", "2"] {
        let out = dir.path().join(threads);
        common::jeugdsim_ok(
            &[
                "run",
                "scenarios/minimal.ron",
                "--replications",
                "6",
                "--xlsx",
                "--quiet",
                "--threads",
                threads,
            ],
            &out,
        );
        bytes.push(std::fs::read(out.join("results.xlsx")).unwrap());
    }
    assert!(bytes[0].starts_with(b"PK"), "an xlsx is a zip");
    assert_eq!(bytes[0], bytes[1]);
    let out = dir.path().join("cmp");
    common::jeugdsim_ok(
        &[
            "compare",
            "scenarios/achterhoek-financing.ron",
            "--replications",
            "2",
            "--xlsx",
            "--quiet",
        ],
        &out,
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("results.xlsx"), "listed in the manifest");
}

#[test]
fn the_formats_are_one_list_and_xlsx_and_report_spell_two_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("flags"), dir.path().join("format"));
    let run = [
        "run",
        "scenarios/minimal.ron",
        "--replications",
        "2",
        "--quiet",
    ];
    let mut flags = run.to_vec();
    flags.extend(["--xlsx", "--report"]);
    common::jeugdsim_ok(&flags, &a);
    let mut format = run.to_vec();
    format.extend(["--format", "html,xlsx"]);
    common::jeugdsim_ok(&format, &b);
    for f in [
        "results.xlsx",
        "report.html",
        "manifest.json",
        "summary.json",
    ] {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f}"
        );
    }
    let o = common::jeugdsim(&["run", "scenarios/minimal.ron", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("xlsx") && common::stderr(&o).contains("html"));
}
