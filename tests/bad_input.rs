//! Bad input gets a clear error naming the place, a non-zero exit, no panic and no output.

mod common;

use common::Outcome;

/// Runs `jeugdsim run` on `text` written to a temp file named `bad.ron`.
fn run_text(text: &str, extra: &[&str]) -> Outcome {
    let mut command = vec!["run"];
    command.extend(extra);
    common::run_scenario(text.as_bytes(), &command)
}

fn minimal() -> String {
    common::repo_file("scenarios/minimal.ron")
}

/// 1-based line and column of the first occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

fn assert_rejected(o: &Outcome, expect: &[&str]) {
    assert_eq!(o.code, 2, "stderr: {}", o.stderr);
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    assert!(!o.wrote, "no output may be written for a bad scenario");
    for e in expect {
        assert!(o.stderr.contains(e), "expected `{e}` in:\n{}", o.stderr);
    }
}

#[test]
fn malformed_ron_names_line_and_column() {
    let text = minimal().replace("horizon_months: 36,", "horizon_months: 36");
    let o = run_text(&text, &[]);
    let (line, _) = position(&text, "replications:");
    assert_rejected(&o, &[&format!("bad.ron:{line}:")]);
}

#[test]
fn unknown_field_is_named_with_its_place() {
    let text = minimal().replace("horizon_months: 36,", "horizon_monhts: 36,");
    let o = run_text(&text, &[]);
    let (line, col) = position(&text, "horizon_monhts");
    assert_rejected(
        &o,
        &[
            &format!("bad.ron:{line}:{col}"),
            "horizon_monhts",
            "docs/scenario.md",
        ],
    );
}

#[test]
fn negative_tariff_is_rejected_at_the_tariff() {
    let text = minimal().replace("tariff: 75.0", "tariff: -12.0");
    let o = run_text(&text, &[]);
    let (line, col) = position(&text, "-12.0");
    assert_rejected(
        &o,
        &[
            &format!("bad.ron:{line}:{col}"),
            "tariff for product `ambulante ondersteuning` is -12; tariffs must be ≥ 0",
        ],
    );
}

#[test]
fn probability_outside_0_1_is_rejected() {
    let text = minimal().replace(
        "(success: 0.12, dropout: 0.01)",
        "(success: 1.2, dropout: 0.01)",
    );
    let o = run_text(&text, &[]);
    let (line, col) = position(&text, "1.2,");
    assert_rejected(
        &o,
        &[
            &format!("bad.ron:{line}:{col}"),
            "success hazard is 1.2; a probability must lie between 0 and 1",
        ],
    );
}

#[test]
fn rows_not_summing_to_one_are_rejected() {
    let text = minimal().replace(
        "\"complex\": {\"ondersteuning\": 0.6,",
        "\"complex\": {\"ondersteuning\": 0.5,",
    );
    let o = run_text(&text, &[]);
    assert_rejected(
        &o,
        &["triage probabilities for `complex` add up to 0.900000; they must add up to 1"],
    );
}

#[test]
fn unknown_sub_segment_is_rejected_with_the_known_names() {
    let text = minimal().replace(
        "\"light\": {\"ondersteuning\": 1.0}",
        "\"light\": {\"ondersteuing\": 1.0}",
    );
    let o = run_text(&text, &[]);
    let (line, _) = position(&text, "ondersteuing");
    assert_rejected(
        &o,
        &[
            &format!("bad.ron:{line}:"),
            "unknown sub-segment `ondersteuing`; the sub-segments are `ondersteuning`, `pleegzorg`",
        ],
    );
}

#[test]
fn negative_population_is_rejected() {
    let text = minimal().replace("youth_0_17: 10000", "youth_0_17: -10000");
    let o = run_text(&text, &[]);
    assert_rejected(&o, &["youth_0_17 is -10000; it must be a number ≥ 0"]);
}

#[test]
fn empty_segment_is_rejected() {
    let text = common::single_queue(10.0, 0.1, 1.0, 0.0, 1.0)
        .replace(")])],\n)", ")]), (name: \"Leeg\", sub_segments: [])],\n)");
    assert!(text.contains("Leeg"));
    let o = run_text(&text, &[]);
    let (line, col) = position(&text, "[])]");
    assert_rejected(
        &o,
        &[
            &format!("bad.ron:{line}:{col}"),
            "segment `Leeg` has no sub-segments",
        ],
    );
}

#[test]
fn zero_replications_are_rejected_in_the_file_and_on_the_command_line() {
    let text = minimal().replace("replications: 200,", "replications: 0,");
    let o = run_text(&text, &[]);
    assert_rejected(&o, &["replications is 0; at least 2 are needed"]);
    let o = run_text(&minimal(), &["--replications", "0"]);
    assert_rejected(&o, &["--replications is 0"]);
}

#[test]
fn every_problem_is_listed_not_just_the_first() {
    let text = minimal()
        .replace("tariff: 75.0", "tariff: -1.0")
        .replace("tariff: 44.67", "tariff: -2.0")
        .replace("sociale_basis_share: 0.3", "sociale_basis_share: 3");
    let o = run_text(&text, &[]);
    assert_rejected(
        &o,
        &[
            "has 3 problem(s)",
            "is -1;",
            "is -2;",
            "sociale_basis_share is 3",
        ],
    );
}

#[test]
fn missing_file_is_an_io_error_with_exit_1() {
    let o = common::jeugdsim(&["validate", "does/not/exist.ron"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read does/not/exist.ron"));
}

#[test]
fn validate_accepts_the_shipped_scenarios() {
    for f in ["scenarios/achterhoek.ron", "scenarios/minimal.ron"] {
        let o = common::jeugdsim(&["validate", f]);
        assert!(
            o.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains("is valid"));
    }
}

#[test]
fn init_writes_a_starter_that_runs_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let init = ["init", "mijnregio", "--dir", common::arg(dir.path())];
    let o = common::jeugdsim(&init);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let file = dir.path().join("mijnregio.ron");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("name: \"mijnregio\"")
    );
    common::jeugdsim_ok(
        &["run", common::arg(&file), "--replications", "5", "--quiet"],
        &dir.path().join("out"),
    );
    // A second init with the same name refuses to overwrite.
    let o = common::jeugdsim(&init);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists already"));
}

#[test]
fn a_byte_order_mark_is_accepted_and_other_encodings_are_named() {
    // Saved by a Windows editor as "UTF-8 with BOM": runs as the same scenario.
    let o = run_text(&format!("\u{feff}{}", minimal()), &["--replications", "2"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    // Saved as Windows-1252: "é" is byte 0xE9, not UTF-8.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cp1252.ron");
    let mut bytes = minimal().into_bytes();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap();
    bytes.splice(at..at, b" // gem\xe9ente".iter().copied());
    std::fs::write(&file, bytes).unwrap();
    let o = common::jeugdsim(&["validate", common::arg(&file)]);
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    assert!(
        err.contains("not UTF-8")
            && err.contains("line 1")
            && err.contains("save the file as UTF-8"),
        "{err}"
    );
}

#[test]
fn a_scenario_name_that_is_a_path_is_rejected_before_anything_is_written() {
    for name in ["../../x", "/tmp/x", "a b", "x.y"] {
        let text = minimal().replacen("name: \"minimal\"", &format!("name: \"{name}\""), 1);
        let o = run_text(&text, &["--replications", "2"]);
        assert_eq!(o.code, 2, "{name}: {}", o.stderr);
        assert!(
            o.stderr.contains("use letters, digits, - and _ only"),
            "{name}: {}",
            o.stderr
        );
        assert!(!o.wrote);
    }
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jeugdsim"))
        .args([
            "run",
            "scenarios/minimal.ron",
            "--replications",
            "20",
            "--out",
        ])
        .arg(dir.path().join("out"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -0`: the reader goes away before anything is printed.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.success() || out.status.signal() == Some(libc_sigpipe()),
        "{:?}: {stderr}",
        out.status
    );
    // The results were written before anything was printed.
    assert!(dir.path().join("out").join("summary.json").exists());
}

/// SIGPIPE's number on every Unix jeugdsim runs on (Linux, macOS, the BSDs).
fn libc_sigpipe() -> i32 {
    13
}

#[test]
fn typos_inside_variants_and_keys_given_twice_are_errors_with_a_place() {
    let cases = [
        (
            "providers: Generated(count: 3, capacity: 120)",
            "providers: Generated(count: 3, capacty: 120)",
            "Unexpected field named `capacty` in `Generated`",
        ),
        (
            "\"light\": {\"ondersteuning\": 1.0},",
            "\"light\": {\"ondersteuning\": 0.5, \"ondersteuning\": 1.0},",
            "\"ondersteuning\" is given twice",
        ),
        (
            "need_shares: {\"light\": 0.8, \"complex\": 0.2}",
            "need_shares: {\"light\": 0.8, \"complex\": 0.2, \"light\": 0.0}",
            "\"light\" is given twice",
        ),
    ];
    for (good, bad, says) in cases {
        let text = minimal();
        assert!(text.contains(good), "{good}");
        let text = text.replacen(good, bad, 1);
        let o = run_text(&text, &["--replications", "2"]);
        assert_eq!(o.code, 2, "{bad}: {}", o.stderr);
        let (line, _) = position(&text, bad);
        assert!(
            o.stderr.contains(says) && o.stderr.contains(&format!("bad.ron:{line}:")),
            "{bad}: {}",
            o.stderr
        );
        assert!(!o.wrote);
    }
}
