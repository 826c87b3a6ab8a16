//! `report.html`: a self-contained page with charts for a run.

mod common;

#[test]
fn run_with_report_writes_a_self_contained_page_with_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/achterhoek-transition.ron",
            "--replications",
            "20",
            "--report",
            "--quiet",
        ],
        &out,
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for title in [
        "Cost per month",
        "Cost per year",
        "Share of youths in care who are in ambulant care",
        "Youths in care per segment",
        "Youths waiting for a place",
        "Forced changes of provider",
    ] {
        let at = html
            .find(title)
            .unwrap_or_else(|| panic!("no chart `{title}`"));
        // Each chart has data: a drawn line or area after its title.
        let chart = &html[at..];
        let end = chart.find("</svg>").unwrap();
        assert!(
            chart[..end].contains("<polyline") || chart[..end].contains("<polygon"),
            "{title} is empty"
        );
    }
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(
        !html.contains("<script"),
        "no scripts: it must open from a USB stick"
    );
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(html.contains("Key outcomes") && html.contains("achterhoek-transition"));
    // The scenario at a glance: region, sub-segments with kind, providers and financing.
    assert!(html.contains("8 municipalities") && html.contains("transition until 2022-07"));
    // Codes read as words: the kind and the scheme.
    assert!(html.contains(
        "<td>pleegzorg</td><td class=\"text\">family-based</td><td>4 – 4</td><td class=\"text\">lumpsum</td>"
    ));
}

#[test]
fn report_on_a_folder_without_results_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = common::jeugdsim(&["report", common::arg(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("has no manifest.json"),
        "{}",
        common::stderr(&o)
    );
    // Another tool's summary.json, even in a folder with a jeugdsim manifest: said so, not
    // blamed on a missing monthly.csv.
    let out = dir.path().join("run");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/minimal.ron",
            "--replications",
            "2",
            "--quiet",
        ],
        &out,
    );
    std::fs::write(out.join("summary.json"), r#"{"total": 12, "rows": []}"#).unwrap();
    std::fs::remove_file(out.join("monthly.csv")).unwrap();
    let o = common::jeugdsim(&["report", common::arg(&out)]);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("summary.json: not a jeugdsim result") && !err.contains("monthly.csv"),
        "{err}"
    );
}

#[test]
fn report_reads_back_exactly_the_page_report_writes() {
    // The page comes from the typed results: in memory with --report, read back from the
    // folder by `jeugdsim report`. Both must be the same bytes.
    let dir = tempfile::tempdir().unwrap();
    for (command, file) in [
        ("run", "tests/data/everything.ron"),
        ("compare", "tests/data/everything.ron"),
        ("sensitivity", "scenarios/achterhoek-financing.ron"),
    ] {
        for lang in ["en", "nl"] {
            let out = dir.path().join(format!("{command}-{lang}"));
            let args = [
                command,
                file,
                "--replications",
                "6",
                "--report",
                "--lang",
                lang,
                "--csv-style",
                "nl",
                "--quiet",
            ];
            common::jeugdsim_ok(&args, &out);
            let written = std::fs::read(out.join("report.html")).unwrap();
            let o = common::jeugdsim(&["report", common::arg(&out), "--lang", lang]);
            assert!(o.status.success(), "{}", common::stderr(&o));
            assert!(
                std::fs::read(out.join("report.html")).unwrap() == written,
                "{command} --lang {lang}: `report` wrote another page than --report"
            );
        }
    }
}

fn report_of(args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("o");
    let args: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--report", "--quiet"])
        .collect();
    common::jeugdsim_ok(&args, &out);
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

#[test]
fn comparison_sweep_and_sensitivity_reports_have_their_charts() {
    let cmp = report_of(&[
        "compare",
        "scenarios/achterhoek-transition.ron",
        "--replications",
        "10",
    ]);
    // Variants by their labels.
    assert!(cmp.contains("difference from Overgang tot juli 2022"));
    assert!(cmp.contains("Forced changes at transition per variant"));
    // The answer first, then the numbers table, cost per year and a fan per variant.
    let answer = cmp.find("The answer").expect("the answer");
    let numbers = cmp.find("The numbers").expect("the numbers table");
    assert!(answer < numbers && numbers < cmp.find("<svg").unwrap());
    assert!(cmp.contains("<p class=\"answer\">") && cmp.contains("(95% CI"));
    assert!(cmp.find("id=\"answer-block\"").unwrap() < cmp.find("<p class=\"answer\">").unwrap());
    assert!(cmp.contains("Cost per year, per variant"));
    assert!(cmp.contains("Cost per month — Overgang tot juli 2022"));
    assert!(cmp.contains("Per municipality") && cmp.contains("Per provider"));
    assert!(cmp.contains("Forced changes per month, per variant"));
    assert!(
        cmp.matches("<svg").count() >= 8,
        "variants and differences per metric"
    );

    let sweep = report_of(&[
        "sweep",
        "scenarios/minimal.ron",
        "--set",
        "segments[IAJ].sub_segments[ondersteuning].providers.capacity=30..40:5",
        "--target",
        "mean_waiting_youths<=5",
        "--replications",
        "10",
    ]);
    // A readable title, not a raw path.
    assert!(sweep.contains(
        "Youths waiting (monthly average) against providers.capacity — IAJ / ondersteuning"
    ));
    assert_eq!(sweep.matches("<svg").count(), 2);
    assert!(sweep.contains("<polygon"), "CI band drawn");

    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/achterhoek.ron"),
    )
    .unwrap();
    assert!(text.contains("uncertain:"));
    let sens = report_of(&[
        "sensitivity",
        "scenarios/achterhoek.ron",
        "--replications",
        "10",
    ]);
    assert!(sens.contains("tornado"));
    assert!(sens.matches("<rect").count() >= 6, "a bar per parameter");
}

#[test]
fn the_default_scenario_report_has_every_chart_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/achterhoek.ron",
            "--replications",
            "10",
            "--report",
            "--quiet",
        ],
        &out,
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    // No transition in the default scenario: five charts, each with data.
    assert_eq!(html.matches("<svg").count(), 5);
    assert!(!html.contains("Forced changes of provider"));
    for svg in html.split("<svg").skip(1) {
        let svg = &svg[..svg.find("</svg>").unwrap()];
        assert!(
            svg.contains("<polyline")
                || svg.contains("<polygon")
                || svg.matches("<rect").count() > 2
        );
    }
}
