//! The reports in a real browser: headless Chromium renders each kind of `report.html`,
//! measures every chart label from the DOM (size, overlap, clipping) and takes a
//! screenshot. `.ci/run` installs Debian's `chromium`; elsewhere the test is skipped with a
//! message on the terminal when no Chromium is installed, and fails under CI.
//!
//! `JEUGDSIM_SCREENSHOTS=docs/img cargo test --test browser` also copies the screenshots to
//! `docs/img/`, where docs/reports.md shows them.

mod common;

use std::path::{Path, PathBuf};

fn headless(browser: &Path, profile: &Path, extra: &[&str], page: &Path) -> std::process::Output {
    std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts")
}

/// The browser, or `None` after telling the terminal the test is skipped.
fn browser_or_skip() -> Option<PathBuf> {
    common::chromium_or_skip("the browser tests (the reports were not checked in a browser)")
}

/// One label as the browser laid it out.
#[derive(Debug)]
struct Label {
    chart: usize,
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    font_px: f64,
    text: String,
}

/// Measures every text of every SVG chart in `report`: a copy of the page with a script that
/// writes the bounding boxes into the DOM, which `--dump-dom` returns. Also the charts' own
/// boxes, to find labels cut off at the edge.
fn measure(browser: &Path, work: &Path, report: &Path) -> (Vec<Label>, Vec<[f64; 4]>) {
    const SCRIPT: &str = r#"<script>
const out = [], charts = [];
document.querySelectorAll('svg').forEach((svg, i) => {
  const c = svg.getBoundingClientRect();
  charts.push([c.left, c.top, c.right, c.bottom]);
  svg.querySelectorAll('text').forEach(t => {
    if (!t.textContent.trim()) return;
    const r = t.getBoundingClientRect();
    out.push([i, r.left, r.top, r.right, r.bottom, parseFloat(getComputedStyle(t).fontSize), t.textContent.trim()]);
  });
});
const pre = document.createElement('pre');
pre.id = 'boxes';
pre.textContent = JSON.stringify({labels: out, charts: charts});
document.body.appendChild(pre);
</script>"#;
    let html = std::fs::read_to_string(report).unwrap();
    let probe = work.join("probe.html");
    std::fs::write(&probe, html.replace("</body>", &format!("{SCRIPT}</body>"))).unwrap();
    let dom = headless(
        browser,
        &work.join("probe-profile"),
        &["--window-size=1000,3000", "--dump-dom"],
        &probe,
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    let start = dom.find("<pre id=\"boxes\">").expect("the probe ran") + 16;
    let end = start + dom[start..].find("</pre>").unwrap();
    let json = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let labels = v["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| Label {
            chart: l[0].as_u64().unwrap() as usize,
            left: l[1].as_f64().unwrap(),
            top: l[2].as_f64().unwrap(),
            right: l[3].as_f64().unwrap(),
            bottom: l[4].as_f64().unwrap(),
            font_px: l[5].as_f64().unwrap(),
            text: l[6].as_str().unwrap().to_string(),
        })
        .collect();
    let charts = v["charts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| [0, 1, 2, 3].map(|k| c[k].as_f64().unwrap()))
        .collect();
    (labels, charts)
}

/// Every label at least 11 px, no two labels of a chart overlapping, none cut off.
fn check_labels(kind: &str, labels: &[Label], charts: &[[f64; 4]]) {
    assert!(!labels.is_empty(), "{kind}: no chart labels measured");
    for l in labels {
        assert!(
            l.font_px >= 11.0 && l.bottom - l.top >= 11.0,
            "{kind}: label `{}` is {:.1} px",
            l.text,
            l.font_px
        );
        let [left, top, right, bottom] = charts[l.chart];
        assert!(
            l.left >= left - 0.5
                && l.right <= right + 0.5
                && l.top >= top - 0.5
                && l.bottom <= bottom + 0.5,
            "{kind}: label `{}` is cut off at the chart's edge",
            l.text
        );
    }
    for (i, a) in labels.iter().enumerate() {
        for b in labels[i + 1..].iter().filter(|b| b.chart == a.chart) {
            let w = a.right.min(b.right) - a.left.max(b.left);
            let h = a.bottom.min(b.bottom) - a.top.max(b.top);
            assert!(
                w <= 0.5 || h <= 0.5,
                "{kind}: labels `{}` and `{}` overlap ({w:.1} × {h:.1} px)",
                a.text,
                b.text
            );
        }
    }
}

/// A screenshot of the top of the page, `height` px tall (the answer and the first charts).
fn screenshot(browser: &Path, work: &Path, report: &Path, name: &str, height: u32) -> PathBuf {
    let png = work.join(format!("{name}.png"));
    let shot = headless(
        browser,
        &work.join(format!("{name}-profile")),
        &[
            &format!("--window-size=1000,{height}"),
            &format!("--screenshot={}", png.display()),
        ],
        report,
    );
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let size = std::fs::metadata(&png).unwrap().len();
    assert!(
        size > 30_000,
        "{name}: a screenshot of {size} bytes looks blank"
    );
    if let Some(dir) = std::env::var_os("JEUGDSIM_SCREENSHOTS") {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&png, dir.join(format!("{name}.png"))).unwrap();
    }
    png
}

/// Writes a report with `args` (plus --report --quiet) and returns its page.
fn report(work: &Path, name: &str, args: &[&str]) -> PathBuf {
    let out = work.join(name);
    let args: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--report", "--quiet"])
        .collect();
    common::jeugdsim_ok(&args, &out);
    out.join("report.html")
}

#[test]
fn the_run_report_renders_in_headless_chromium() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = report(
        dir.path(),
        "run",
        &[
            "run",
            "scenarios/achterhoek-transition.ron",
            "--replications",
            "20",
        ],
    );
    // The DOM the browser built holds every chart, each with drawn data.
    let dom = headless(&browser, &dir.path().join("p1"), &["--dump-dom"], &page);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        dom_text.matches("<svg").count(),
        6,
        "charts in the rendered DOM"
    );
    assert!(dom_text.matches("<polyline").count() >= 3, "lines drawn");
    assert!(dom_text.matches("<title>").count() >= 60, "hover values");
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(!stderr.contains("Uncaught"), "script error: {stderr}");
    let (labels, charts) = measure(&browser, dir.path(), &page);
    check_labels("run", &labels, &charts);
    // Month axes are ticked by year.
    for year in ["2022", "2023", "2024", "2025", "2026"] {
        assert!(labels.iter().any(|l| l.text == year), "no tick {year}");
    }
    assert!(!labels.iter().any(|l| l.text.contains("-0")), "month ticks");
}

#[test]
fn every_report_kind_is_readable_in_the_browser() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path();
    let kinds: [(&str, Vec<&str>); 6] = [
        (
            "report-run",
            vec!["run", "scenarios/ijsselland.ron", "--replications", "20"],
        ),
        (
            "report-run-nl",
            vec![
                "run",
                "scenarios/ijsselland.ron",
                "--replications",
                "20",
                "--lang",
                "nl",
            ],
        ),
        (
            "report-compare",
            vec![
                "compare",
                "scenarios/achterhoek-financing.ron",
                "--replications",
                "20",
            ],
        ),
        (
            "report-sweep",
            vec![
                "sweep",
                "scenarios/minimal.ron",
                "--set",
                "segments[IAJ].sub_segments[ondersteuning].providers.capacity=30..40:2",
                "--target",
                "mean_waiting_youths<=5",
                "--replications",
                "10",
            ],
        ),
        (
            "report-sensitivity",
            vec![
                "sensitivity",
                "scenarios/achterhoek.ron",
                "--replications",
                "6",
            ],
        ),
        (
            "report-optimise",
            vec![
                "optimise",
                "scenarios/achterhoek-market.ron",
                "--target",
                "mean_wait_months<=3",
                "--replications",
                "4",
            ],
        ),
    ];
    for (name, args) in &kinds {
        let page = report(work, name, args);
        let (labels, charts) = measure(&browser, work, &page);
        check_labels(name, &labels, &charts);
        let height = match *name {
            "report-run" | "report-run-nl" => 2500,
            "report-compare" => 2000,
            _ => 1300,
        };
        screenshot(&browser, work, &page, name, height);
    }
    answer_block_in_the_dom(&browser, work, &work.join("report-compare/report.html"));
    optimise_table_in_the_dom(&browser, work, &work.join("report-optimise/report.html"));
    let nl = std::fs::read_to_string(work.join("report-run-nl/report.html")).unwrap();
    assert!(
        nl.contains("<html lang=\"nl\">") && nl.contains("Kosten per jaar tegenover het budget")
    );
}

/// The text between `from` and the next `to` in `s`, after `at`.
fn between<'a>(s: &'a str, from: &str, to: &str) -> Vec<&'a str> {
    s.split(from)
        .skip(1)
        .map(|part| &part[..part.find(to).unwrap_or(part.len())])
        .collect()
}

/// The comparison's answer block as the browser built it: one row per variant after the
/// baseline, named by its label, each figure judged (better, worse, not significant).
fn answer_block_in_the_dom(browser: &Path, work: &Path, page: &Path) {
    let dom = headless(browser, &work.join("dom-compare"), &["--dump-dom"], page);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let block = between(&dom, "id=\"answer-block\"", "</table>");
    assert_eq!(block.len(), 1, "one answer block");
    let rows = between(block[0], "<tr data-variant=\"", "</tr>");
    assert_eq!(rows.len(), 5, "a row per variant after the baseline");
    assert!(rows[0].starts_with("lumpsum\""), "{}", rows[0]);
    assert!(
        rows[0].contains(">Lumpsum ambulant<"),
        "the label: {}",
        rows[0]
    );
    for row in &rows {
        let cells = between(row, "<td class=\"", "\"");
        assert!(cells.len() >= 4, "the cost and consequences: {row}");
        for c in &cells {
            assert!(
                ["better", "worse", "ns", "same", "qualified"].contains(c),
                "verdict `{c}`"
            );
        }
        assert!(row.contains("data-metric=\"total_cost_incl_admin\""));
    }
    // Lumpsum's saving is significant at 20 replications: coloured, not grey.
    let cost = between(
        rows[0],
        "<td class=\"",
        "data-metric=\"total_cost_incl_admin\"",
    );
    assert!(cost[0].starts_with("better"), "{}", cost[0]);
}

/// The optimise page opens with providers per sub-segment at the solution, each within
/// its min and max.
fn optimise_table_in_the_dom(browser: &Path, work: &Path, page: &Path) {
    let dom = headless(browser, &work.join("dom-optimise"), &["--dump-dom"], page);
    let dom = String::from_utf8_lossy(&dom.stdout);
    let table = between(&dom, "id=\"optimise-table\"", "</table>");
    assert_eq!(table.len(), 1, "one table of providers");
    let rows = between(table[0], "<tr data-sub-segment=\"", "</tr>");
    assert!(
        rows.len() >= 5,
        "a row per searched sub-segment: {}",
        rows.len()
    );
    for row in &rows {
        let n: Vec<u32> = between(row, "<td", "</td>")
            .iter()
            .filter_map(|c| c[c.find('>').unwrap() + 1..].parse().ok())
            .collect();
        let [min, at, max] = n[..] else {
            panic!("min, providers, max: {row}")
        };
        assert!(min <= at && at <= max, "{row}");
    }
    assert!(dom.contains("id=\"search-answer\""), "the answer first");
}
