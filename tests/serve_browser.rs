//! `jeugdsim serve` in a real browser: headless Chromium (Debian's, as tests/browser.rs
//! uses) driven through the DevTools protocol fills the page's fields, clicks its buttons
//! and reads the answer from the DOM. Skipped with a message when no Chromium is
//! installed; under CI it must be (`.ci/run` installs it).
//!
//! `JEUGDSIM_SCREENSHOTS=docs/img cargo test --test serve_browser` also saves the page's
//! screenshots there (README.md and docs/serve.md show them).

mod common;

use common::server::{Server, same_files};
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

fn chromium() -> Option<PathBuf> {
    common::chromium_or_skip("the serve browser tests")
}

fn browser(path: PathBuf) -> Browser {
    let options = LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1400, 1000)))
        .idle_browser_timeout(Duration::from_secs(600))
        .args(vec![
            OsStr::new("--disable-gpu"),
            OsStr::new("--disable-quic"),
            OsStr::new("--disable-component-update"),
            OsStr::new("--hide-scrollbars"),
        ])
        .build()
        .unwrap();
    Browser::new(options).expect("chromium starts")
}

/// Opens the page and waits until it has loaded its first scenario.
fn open(browser: &Browser, server: &Server) -> Arc<Tab> {
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(120));
    tab.navigate_to(&server.url("/")).unwrap();
    tab.wait_for_element("body[data-ready=yes]").unwrap();
    tab
}

/// A JavaScript expression's value.
fn eval(tab: &Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true)
        .unwrap()
        .value
        .unwrap_or(serde_json::Value::Null)
}

/// Types `text` into the field `selector` as a user does: click, clear it, type, and
/// leave the field (which commits it); then waits for the page's check with the server
/// that follows and returns its verdict, `ok` or `problems`.
fn fill(tab: &Tab, selector: &str, text: &str) -> String {
    let before = checks(tab);
    let field = tab.wait_for_element(selector).unwrap();
    field.scroll_into_view().unwrap();
    field.click().unwrap();
    eval(
        tab,
        &format!("document.querySelector({selector:?}).value = ''"),
    );
    field.type_into(text).unwrap();
    tab.press_key("Tab").unwrap();
    let until = std::time::Instant::now() + Duration::from_secs(60);
    while checks(tab) <= before {
        assert!(
            std::time::Instant::now() < until,
            "no check after {selector}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    verdict(tab)
}

/// How many checks the page has finished.
fn checks(tab: &Tab) -> u64 {
    eval(tab, "Number(document.body.dataset.checks || 0)")
        .as_u64()
        .unwrap_or(0)
}

/// The verdict of the page's last check once it has one: `ok` or `problems`.
fn verdict(tab: &Tab) -> String {
    tab.wait_for_element("body[data-checked=ok], body[data-checked=problems]")
        .unwrap();
    eval(tab, "document.body.dataset.checked")
        .as_str()
        .unwrap()
        .to_string()
}

/// Saves what the window shows, scrolled to `at`, when screenshots are asked for.
fn screenshot(tab: &Tab, name: &str, at: &str) {
    let Some(dir) = std::env::var_os("JEUGDSIM_SCREENSHOTS") else {
        return;
    };
    eval(
        tab,
        &format!("document.querySelector({at:?}).scrollIntoView()"),
    );
    let png = tab
        .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
        .unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    std::fs::write(dir.join(name), png).unwrap();
}

const COUNT: &str = r#"td[data-col="1"] input[data-path="segments[IAJ].sub_segments[ondersteuning].providers.count"]"#;
const DISCOUNT: &str = r#"td[data-col="1"] input[data-path="segments[IAJ].sub_segments[ondersteuning].financing"][data-param="discount"]"#;

#[test]
fn a_lever_changed_on_the_page_runs_to_the_bytes_the_cli_writes_from_the_downloaded_file() {
    let Some(path) = chromium() else { return };
    let server = Server::start(&["achterhoek-financing.ron"], &["--lang", "en"]);
    let browser = browser(path);
    let tab = open(&browser, &server);
    assert_eq!(verdict(&tab), "ok");
    screenshot(&tab, "serve-levers.png", "#region");
    // Keep P×Q and lumpsum: remove the other four variants (the third each time).
    for _ in 0..4 {
        tab.find_element(r#"button.remove[data-col="2"]"#)
            .unwrap()
            .click()
            .unwrap();
    }
    assert_eq!(fill(&tab, "#replications", "20"), "ok");
    // The providers' levers are folded: open them as a user does.
    tab.find_element(r#"details[data-group="providers"] > summary"#)
        .unwrap()
        .click()
        .unwrap();
    // An impossible value gets the command line's message beside the field.
    assert_eq!(fill(&tab, COUNT, "0"), "problems");
    let message = tab
        .wait_for_element(r#"td[data-col="1"][data-path$="providers.count"] .problem"#)
        .unwrap()
        .get_inner_text()
        .unwrap();
    assert!(message.contains("has 0 providers"), "{message}");
    screenshot(
        &tab,
        "serve-problem.png",
        r#"details[data-group="providers"]"#,
    );
    assert_eq!(eval(&tab, "document.getElementById('run').disabled"), true);
    // One changed lever: a 5% discount on the lumpsum for ondersteuning.
    fill(&tab, COUNT, "29");
    assert_eq!(fill(&tab, DISCOUNT, "0.05"), "ok");
    tab.find_element("#run").unwrap().click().unwrap();
    tab.wait_for_element("body[data-run=done]").unwrap();
    tab.wait_for_element("#answer-table").unwrap();
    screenshot(&tab, "serve-answer.png", "#result");
    let shown = eval(
        &tab,
        r#"document.querySelector('#answer-table tr[data-variant="lumpsum"] td[data-metric="difference"]').dataset.value"#,
    );
    let run = server.get_json("/api/runs/1");
    // The answer on the page is the comparison's, to the last digit.
    let comparison: serde_json::Value = serde_json::from_slice(
        &std::fs::read(server.path("results/web/achterhoek-financing-1/comparison.json")).unwrap(),
    )
    .unwrap();
    let mean = &comparison["answer"][0]["total_cost_incl_admin"]["mean"];
    assert_eq!(shown.as_str().unwrap(), mean.to_string());
    // The file the page offers for download, run on the command line as the page says,
    // writes every file byte for byte.
    let downloaded = eval(
        &tab,
        "fetch(document.getElementById('download-run-scenario').href).then(r => r.text())",
    );
    let text = downloaded.as_str().unwrap();
    assert!(
        text.contains("early_discharge: 0.1, discount: 0.05)"),
        "{text}"
    );
    assert!(text.contains("replications: 20,"), "{text}");
    std::fs::write(server.path(run["file"].as_str().unwrap()), text).unwrap();
    let cli = server.run_cli(run["cli"].as_str().unwrap());
    same_files(&server.path(run["dir"].as_str().unwrap()), &cli);
    // The workbook downloads.
    let href = eval(&tab, "document.getElementById('download-workbook').href");
    assert!(
        href.as_str()
            .unwrap()
            .ends_with("/runs/1/files/results.xlsx")
    );
    let (status, _) = server.request("GET", "/runs/1/files/results.xlsx", None);
    assert_eq!(status, 200);
}

#[test]
fn cancel_and_closing_the_tab_stop_a_run_on_the_page() {
    let Some(path) = chromium() else { return };
    let server = Server::start(&["achterhoek-financing.ron"], &[]);
    let browser = browser(path);
    let tab = open(&browser, &server);
    assert_eq!(verdict(&tab), "ok");
    assert_eq!(fill(&tab, "#replications", "5000"), "ok");
    tab.find_element("#run").unwrap().click().unwrap();
    tab.wait_for_element("body[data-run=running]").unwrap();
    server.wait_for(1, 120, |s| s["done"].as_u64() > Some(0));
    screenshot(&tab, "serve-progress.png", "#levers-section");
    tab.find_element("#cancel").unwrap().click().unwrap();
    tab.wait_for_element("body[data-run=cancelled]").unwrap();
    assert_eq!(server.get_json("/api/runs/1")["state"], "cancelled");
    assert!(!server.path("results/web/achterhoek-financing-1").exists());
    // A run whose tab is closed is cancelled too.
    tab.find_element("#run").unwrap().click().unwrap();
    tab.wait_for_element("body[data-run=running]").unwrap();
    server.wait_for(2, 120, |s| s["state"] == "running");
    tab.close(false).unwrap();
    let ended = server.wait_for(2, 120, |s| s["state"] != "running");
    assert_eq!(ended["state"], "cancelled");
    assert!(!server.path("results/web/achterhoek-financing-2").exists());
}
