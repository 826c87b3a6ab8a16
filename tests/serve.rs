//! `jeugdsim serve` over plain HTTP: a run writes what the command line writes from the
//! same file, the queue is bounded, cancel stops a run and writes nothing, and requests
//! that do not come from the page (bad JSON, oversized bodies, paths that climb out) get a
//! 4xx with a message and never reach a file. tests/serve_browser.rs drives the page.

mod common;

use common::server::{Server, same_files};

/// A comparison of the financing scenario's first two variants, with `replications`, and
/// `set` in the second.
fn request(replications: u32, set: &str) -> String {
    format!(
        r#"{{"scenario": 0, "replications": {replications}, "columns": [
            {{"name": "pxq", "set": {{}}}},
            {{"name": "lumpsum", "label": "Lumpsum", "set": {{{set}}}}}]}}"#
    )
}

const LUMPSUM: &str =
    r#""segments[IAJ].sub_segments[ondersteuning].financing": "Lumpsum(discount: 0.05)""#;

fn submit(server: &Server, body: &str) -> (u16, serde_json::Value) {
    let (status, text) = server.request("POST", "/api/runs", Some(body.as_bytes()));
    (status, serde_json::from_str(&text).unwrap_or_default())
}

#[test]
fn a_run_of_the_page_writes_what_the_command_line_writes_from_its_file() {
    let server = Server::start(&["achterhoek-financing.ron"], &["--lang", "en"]);
    let (status, run) = submit(&server, &request(10, LUMPSUM));
    assert_eq!(status, 202, "{run}");
    let id = run["id"].as_u64().unwrap();
    let done = server.wait_for(id, 120, |s| {
        s["state"] != "queued" && s["state"] != "running"
    });
    assert_eq!(done["state"], "done", "{done}");
    assert_eq!(done["done"], done["total"]);
    assert_eq!(done["total"], 20, "10 replications of 2 variants");
    assert_eq!(
        done["file"], "results/web/achterhoek-financing-1.ron",
        "saved beside the results, named after the scenario"
    );
    let files: Vec<&str> = done["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str())
        .collect();
    for f in [
        "comparison.json",
        "results.xlsx",
        "report.html",
        "manifest.json",
    ] {
        assert!(files.contains(&f), "{files:?}");
    }
    let page = server.path("results/web/achterhoek-financing-1");
    let cli = server.run_cli(done["cli"].as_str().unwrap());
    same_files(&page, &cli);
    // The file the page serves for download is the file that ran.
    let (status, text) = server.request("GET", &format!("/runs/{id}/files/scenario.ron"), None);
    assert_eq!(status, 200);
    let saved = std::fs::read_to_string(server.path("results/web/achterhoek-financing-1.ron"));
    assert_eq!(text, saved.unwrap());
    assert!(text.contains("Lumpsum(discount: 0.05)"));
}

#[test]
fn requests_that_are_not_the_pages_get_a_4xx_with_a_message_and_touch_no_file() {
    let server = Server::start(&["achterhoek-financing.ron"], &[]);
    let refused = |method: &str, path: &str, body: Option<&[u8]>, expected: u16| {
        let (status, text) = server.request(method, path, body);
        assert_eq!(status, expected, "{method} {path}: {text}");
        assert!(!text.trim().is_empty(), "{method} {path}: no message");
        text
    };
    refused("GET", "/../../etc/passwd", None, 404);
    refused(
        "GET",
        "/runs/1/files/..%2F..%2F..%2Fetc%2Fpasswd",
        None,
        404,
    );
    refused("GET", "/api/scenarios/7", None, 404);
    refused("GET", "/api/scenarios/..%2F..", None, 400);
    refused("POST", "/api/check", Some(b"{not json"), 400);
    let text = refused("POST", "/api/check", Some(br#"{"scenario": 0}"#), 422);
    assert!(text.contains("columns"), "{text}");
    let big = vec![b' '; 2 * 1024 * 1024];
    refused("POST", "/api/runs", Some(&big), 413);
    let text = refused(
        "POST",
        "/api/runs",
        Some(
            br#"{"scenario": 0, "columns": [{"name": "../x", "set": {}}, {"name": "b"}]}"#
                as &[u8],
        ),
        422,
    );
    assert!(text.contains("letters, digits"), "{text}");
    // A value the scenario refuses: the command line's message, at its variant and path.
    let (status, text) = server.request(
        "POST",
        "/api/check",
        Some(
            request(
                10,
                r#""segments[IAJ].sub_segments[ondersteuning].providers.count": "0""#,
            )
            .as_bytes(),
        ),
    );
    assert_eq!(status, 422);
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    let problem = &body["problems"][0];
    assert_eq!(problem["column"], 1);
    assert!(
        problem["message"].as_str().unwrap().contains("0 providers"),
        "{problem}"
    );
    // Nothing was saved, and the server still answers.
    assert!(!server.path("results").exists());
    assert_eq!(
        server.get_json("/api/scenarios").as_array().unwrap().len(),
        1
    );
    // A finished run's files are served by the names it wrote, and no other.
    let (_, run) = submit(&server, &request(4, LUMPSUM));
    let id = run["id"].as_u64().unwrap();
    server.wait_for(id, 120, |s| s["state"] == "done");
    refused(
        "GET",
        &format!("/runs/{id}/files/..%2Fachterhoek-financing-1.ron"),
        None,
        404,
    );
    refused(
        "GET",
        &format!("/runs/{id}/files/%2Fetc%2Fpasswd"),
        None,
        404,
    );
    let (status, _) = server.request("GET", &format!("/runs/{id}/files/comparison.csv"), None);
    assert_eq!(status, 200);
}

#[test]
fn the_queue_is_bounded_and_a_cancelled_run_writes_nothing() {
    let server = Server::start(&["achterhoek-financing.ron"], &["--queue", "1"]);
    let long = request(5000, LUMPSUM);
    let (status, first) = submit(&server, &long);
    assert_eq!(status, 202);
    let first = first["id"].as_u64().unwrap();
    server.wait_for(first, 60, |s| s["state"] == "running");
    let (status, second) = submit(&server, &long);
    assert_eq!(status, 202, "one may wait");
    let second = second["id"].as_u64().unwrap();
    let (status, third) = submit(&server, &long);
    assert_eq!(status, 503, "{third}");
    assert!(third["message"].as_str().unwrap().contains("waiting"));
    // Cancelled while waiting: it never starts.
    server.request("POST", &format!("/api/runs/{second}/cancel"), None);
    // Cancelled while running: it ends within a chunk of replications.
    server.wait_for(first, 120, |s| s["done"].as_u64() > Some(0));
    server.request("POST", &format!("/api/runs/{first}/cancel"), None);
    let ended = server.wait_for(first, 120, |s| s["state"] != "running");
    assert_eq!(ended["state"], "cancelled");
    assert!(ended["done"].as_u64().unwrap() < 10_000, "{ended}");
    let waited = server.wait_for(second, 60, |s| s["state"] != "queued");
    assert_eq!(waited["state"], "cancelled");
    assert_eq!(waited["done"], 0);
    // Only the scenario files were written; no results folder.
    let mut written: Vec<String> = std::fs::read_dir(server.path("results/web"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["achterhoek-financing-1.ron", "achterhoek-financing-2.ron"]
    );
}

#[test]
fn serve_refuses_what_it_cannot_serve_before_listening() {
    let o = common::jeugdsim(&["serve", "no-such-folder", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("no-such-folder: no such scenario file or folder"));
    let o = common::jeugdsim(&["serve", "scenarios", "--queue", "0", "--port", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("--queue"));
}
