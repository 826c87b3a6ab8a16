//! National scale: a scenario of all 342 Dutch municipalities is one file. At a tenth of
//! the national population it validates, runs as a shard and merges, with one row per
//! municipality; its memory and its shard's size per replication stay within the bounds
//! docs/scale-out.md sizes a national run with. A scenario beyond the bound is refused
//! with the bound named, and the documented shard size of the Achterhoek is measured.

mod common;

/// `scenarios/minimal.ron` with `n` municipalities of about `tenths` tenths of an average
/// Dutch municipality's youths each (so 342 of them at 1 are a tenth of the country, at
/// 10 the country), and providers to match.
fn national(n: usize, tenths: usize) -> String {
    let minimal = common::repo_file("scenarios/minimal.ron");
    let munis: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"        (name: "Gemeente {:03}", youth_0_17: {}, youth_18_22: {}, referral_rate: 0.05)"#,
                i + 1,
                (800 + (i * 37) % 500) * tenths,
                (250 + (i * 11) % 100) * tenths
            )
        })
        .collect();
    let from = minimal.find("    municipalities: [").unwrap();
    let to = minimal.find("    ],\n    referral:").unwrap();
    let text = format!(
        "{}    municipalities: [\n{},\n{}",
        &minimal[..from],
        munis.join(",\n"),
        &minimal[to..]
    );
    let listed = text.find("providers: Listed([").unwrap();
    let end = listed + text[listed..].find("]),").unwrap() + 3;
    format!(
        "{}providers: Generated(count: 60, capacity: 80),{}",
        &text[..listed],
        &text[end..]
    )
    .replace("count: 60,", &format!("count: {},", 60 * tenths))
    .replace(
        "Generated(count: 3, capacity: 120)",
        &format!("Generated(count: {}, capacity: 150)", 100 * tenths),
    )
    .replace(
        "name: \"minimal\"",
        &format!("name: \"national-{tenths}-tenths\""),
    )
}

/// Runs jeugdsim with `args` in the crate's folder and waits for it: whether it
/// succeeded, and its own peak memory (kB), not that of other tests' children.
#[cfg(unix)]
// The child is reaped by wait4, which std's `wait` cannot do while reporting its rusage.
#[allow(clippy::zombie_processes)]
fn run_with_peak(args: &[&str]) -> (bool, i64) {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_jeugdsim"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // SAFETY: wait4(2) on our own child, with a status and a rusage it fills.
    unsafe {
        let (mut status, mut usage) = (0, std::mem::zeroed::<libc::rusage>());
        let pid = libc::wait4(child.id() as i32, &mut status, 0, &mut usage);
        assert_eq!(pid, child.id() as i32, "wait4");
        (
            libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
            usage.ru_maxrss,
        )
    }
}

#[cfg(not(unix))]
fn run_with_peak(args: &[&str]) -> (bool, i64) {
    (common::jeugdsim(args).status.success(), 0)
}

/// A national scenario at `tenths` tenths of the country, run as one shard of 2
/// replications on one thread.
struct Measured {
    dir: tempfile::TempDir,
    shard: std::path::PathBuf,
    seconds: f64,
    /// Shard file per replication (bytes).
    bytes: u64,
    /// Peak memory of the run (kB).
    peak: i64,
}

fn measure(tenths: usize) -> Measured {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("national.ron");
    std::fs::write(&file, national(342, tenths)).unwrap();
    let shard = dir.path().join("shard");
    let started = std::time::Instant::now();
    let (ok, peak) = run_with_peak(&[
        "run",
        common::arg(&file),
        "--replications",
        "2",
        "--threads",
        "1",
        "--shard",
        "1/1",
        "--quiet",
        "--out",
        common::arg(&shard),
    ]);
    assert!(ok, "the national run failed (its stderr above)");
    let seconds = started.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(shard.join("replications.bin"))
        .unwrap()
        .len()
        / 2;
    Measured {
        dir,
        shard,
        seconds,
        bytes,
        peak,
    }
}

#[test]
fn all_342_municipalities_run_as_one_scenario() {
    let m = measure(1);
    println!(
        "342 municipalities, a tenth of the country: {} kB per replication in the shard, \
         peak memory {} MB (one thread)",
        m.bytes / 1000,
        m.peak / 1000
    );
    // docs/scale-out.md sizes a national run with at most 400 kB a replication and a pass
    // (a tenth holds as many municipalities, so as many per-municipality figures), and
    // at most 100 MB a thread at this scale.
    assert!(m.bytes <= 400_000, "{} bytes a replication", m.bytes);
    assert!(m.peak <= 100_000, "peak memory {} kB", m.peak);
    let (dir, shard) = (m.dir.path(), &m.shard);
    let merged = dir.join("merged");
    common::jeugdsim_ok(&["merge", common::arg(shard)], &merged);
    let table = std::fs::read_to_string(merged.join("municipalities.csv")).unwrap();
    let mut names: Vec<&str> = table
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    names.dedup();
    assert_eq!(names.len(), 342, "one block of rows per municipality");
    assert_eq!(names[341], "Gemeente 342");
}

#[test]
fn more_municipalities_than_a_scenario_holds_are_refused_with_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("too-many.ron");
    std::fs::write(&file, national(385, 1)).unwrap();
    let o = common::jeugdsim(&["validate", common::arg(&file)]);
    assert_eq!(o.status.code(), Some(2));
    let err = common::stderr(&o);
    assert!(
        err.contains("385 municipalities; at most 384 are supported"),
        "{err}"
    );
}

/// The whole country (about 4.4 million youths aged 0-22 in 342 municipalities), two
/// replications on one thread: what docs/scale-out.md sizes a national run from. Slow (a
/// minute), so run on demand: `cargo test --release --test national -- --ignored
/// --nocapture`.
#[test]
#[ignore]
fn the_whole_country_runs_as_one_scenario() {
    let m = measure(10);
    println!(
        "342 municipalities, the whole country: {:.1} s for 2 replications on one thread, \
         {} kB per replication in the shard, peak memory {} MB",
        m.seconds,
        m.bytes / 1000,
        m.peak / 1000
    );
    assert!(m.bytes <= 400_000, "{} bytes a replication", m.bytes);
    assert!(m.peak <= 400_000, "peak memory {} kB", m.peak);
}

/// docs/scale-out.md's shard size for the Achterhoek ("about N kB per replication and
/// pass") is what a shard writes, within 10%.
#[test]
fn the_documented_shard_size_is_the_measured_one() {
    let docs = common::repo_file("docs/scale-out.md");
    let at = docs.find(" kB per replication").unwrap();
    let said: f64 = docs[..at]
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a figure before `kB per replication`");
    let dir = tempfile::tempdir().unwrap();
    let shard = dir.path().join("shard");
    common::jeugdsim_ok(
        &[
            "run",
            "scenarios/achterhoek.ron",
            "--replications",
            "10",
            "--shard",
            "1/1",
            "--quiet",
        ],
        &shard,
    );
    for pass in ["replications.bin", "chance_only.bin"] {
        let bytes = std::fs::metadata(shard.join(pass)).unwrap().len();
        let kb = bytes as f64 / 10.0 / 1000.0;
        assert!(
            (kb - said).abs() <= 0.1 * said,
            "{pass}: {kb:.1} kB a replication, docs/scale-out.md says about {said}"
        );
    }
}
