//! The report in a real browser: headless Chromium renders `report.html` to PNG and
//! serialises the DOM it built. `.ci/run` installs Debian's `chromium`; elsewhere the test
//! is skipped (with a message) when no Chromium is installed, and fails under CI.

mod common;

use std::path::{Path, PathBuf};

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

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
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts")
}

#[test]
fn the_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium: .ci/run installs it"
        );
        eprintln!("skipped: no chromium installed (apt-get install chromium)");
        return;
    };
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
    let page = out.join("report.html");

    // The DOM the browser built holds every chart, each with drawn data.
    let dom = headless(&browser, &dir.path().join("p1"), &["--dump-dom"], &page);
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    assert_eq!(
        dom_text.matches("<svg").count(),
        6,
        "charts in the rendered DOM"
    );
    assert!(dom_text.matches("<polyline").count() >= 3, "lines drawn");
    let stderr = String::from_utf8_lossy(&dom.stderr);
    assert!(!stderr.contains("Uncaught"), "script error: {stderr}");

    // And it paints: a full-page screenshot of a blank page is a few kB; this is not.
    let png = dir.path().join("page.png");
    let shot = headless(
        &browser,
        &dir.path().join("p2"),
        &[
            "--window-size=900,2400",
            &format!("--screenshot={}", png.display()),
        ],
        &page,
    );
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let size = std::fs::metadata(&png).unwrap().len();
    assert!(size > 60_000, "screenshot of {size} bytes looks blank");
}
