//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod server;

use jeugdsim::model::Model;
use jeugdsim::scenario::Source;
use std::path::Path;

/// Validates RON text as if read from `name`.
pub fn model_from(name: &str, text: &str) -> jeugdsim::Result<Model> {
    Source::from_text(Path::new(name), text.to_string()).load()
}

/// The variants of a scenario text with a `variants` block, by name, as `compare` loads
/// them from a file.
pub fn load_variants(text: &str) -> Vec<(String, Model)> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("variants.ron");
    std::fs::write(&file, text).unwrap();
    jeugdsim::scenario::load_variants(&[file.as_path()])
        .unwrap()
        .into_iter()
        .map(|(n, _, m)| (n, m))
        .collect()
}

pub fn repo_file(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A one-municipality, one-sub-segment scenario: Poisson inflow of `lambda` youths a
/// month, a constant monthly exit probability `p`, `units` units a month at `tariff`.
pub fn single_queue(lambda: f64, p: f64, units: f64, cv: f64, tariff: f64) -> String {
    // referral_rate × youth_0_17 / 12 = lambda
    let youth = 12_000.0;
    let rate = lambda * 12.0 / youth;
    format!(
        r#"(
    name: "single-queue",
    horizon_months: 24,
    warmup_months: 150,
    replications: 400,
    seed: 42,
    need_levels: ["any"],
    municipalities: [(name: "M", youth_0_17: {youth}, referral_rate: {rate})],
    referral: (
        referrers: [(name: "toegang", share: 1.0)],
        age_years: (min: 0, max: 0),
        need_shares: {{"any": 1.0}},
        triage: {{"any": {{"A": 1.0}}}},
    ),
    segments: [(name: "S", sub_segments: [(
        name: "A",
        kind: ambulant,
        products: [(name: "uur", unit: hour, tariff: {tariff}, usage: {{"any": (mean: {units}, cv: {cv})}})],
        indication_months: {{"any": 100000}},
        hazards: {{"any": (success: {p})}},
        providers: Generated(count: 2),
    )])],
)"#
    )
}

/// Runs the `jeugdsim` binary with `args` in the crate's folder (so `scenarios/…`
/// resolve), and returns what it did; asserts nothing. Every test that runs the binary
/// goes through here.
pub fn jeugdsim<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_jeugdsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the jeugdsim binary runs")
}

/// What a command did with a scenario file: exit code, output, and whether it wrote its
/// results folder.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub wrote: bool,
}

/// Writes `bytes` as `bad.ron` in a temporary folder and runs `command` (its first word)
/// on it with the other words as flags; simulating commands also get `--out` (a folder
/// beside the file) and `--quiet`.
pub fn run_scenario(bytes: &[u8], command: &[&str]) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.ron");
    std::fs::write(&file, bytes).unwrap();
    let out = dir.path().join("out");
    let mut args = vec![command[0], arg(&file)];
    args.extend(&command[1..]);
    if command[0] != "validate" {
        args.extend(["--out", arg(&out), "--quiet"]);
    }
    let o = jeugdsim(&args);
    Outcome {
        code: o.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        wrote: out.exists(),
    }
}

/// A path as a command-line argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// What the binary wrote on stderr.
pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `jeugdsim ARGS --out OUT` in the crate's folder, asserting that it succeeds.
pub fn jeugdsim_ok(args: &[&str], out: &Path) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--out", arg(out)]);
    let o = jeugdsim(&all);
    assert!(o.status.success(), "{}", stderr(&o));
    o
}

/// `jeugdsim ARGS` three ways in `dir`: on one thread, on two, and as two shards merged.
/// Returns the three results folders (one thread, two threads, merged), which a
/// deterministic command fills alike.
pub fn on_threads_and_shards(dir: &Path, args: &[&str]) -> [std::path::PathBuf; 3] {
    let run = |name: &str, extra: &[&str]| {
        let out = dir.join(name);
        jeugdsim_ok(&[args, extra].concat(), &out);
        out
    };
    let one = run("one", &["--threads", "1"]);
    let two = run("two", &["--threads", "2"]);
    let shards = [
        run("shard-1", &["--shard", "1/2"]),
        run("shard-2", &["--shard", "2/2"]),
    ];
    let merged = dir.join("merged");
    jeugdsim_ok(&["merge", arg(&shards[0]), arg(&shards[1])], &merged);
    [one, two, merged]
}

/// Debian's Chromium, or `None` after telling the terminal that `what` was skipped
/// (written to the terminal directly, so `cargo test` shows it even for a passing test).
/// Under CI it must be installed (`.ci/run` installs it).
pub fn chromium_or_skip(what: &str) -> Option<std::path::PathBuf> {
    use std::io::Write;
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.exists());
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have chromium: .ci/run installs it"
        );
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED {what}: no Chromium installed (apt-get install chromium)\n"
        );
    }
    found
}

/// The files of a results folder, by name.
pub fn folder_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}
