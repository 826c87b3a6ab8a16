//! The Slurm scripts on a real Slurm: a one-node cluster on localhost
//! (`deploy/slurm/one-node-cluster.sh`: munged, slurmctld -D, slurmd -D as root), the
//! shards as a job array and the merge after them (`deploy/slurm/submit.sh`), and the
//! merged result equal to one run, also after one shard is rerun alone, and after a shard
//! cancelled while it runs is resumed by the same submission. `.ci/run` installs Debian's slurm-wlm and munge; without
//! them (or without root) the test says it is skipped, and under CI it fails instead.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn have_slurm() -> bool {
    let found = ["sbatch", "slurmctld", "slurmd", "munged"].iter().all(|b| {
        Command::new("sh")
            .args(["-c", &format!("command -v {b}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    found && root
}

/// Stops the cluster's daemons however the test ends.
struct Cluster(PathBuf);

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new("sh")
            .arg(repo("deploy/slurm/one-node-cluster.sh"))
            .args(["stop", common::arg(&self.0)])
            .status();
    }
}

/// Waits up to three minutes for `file`, which a job writes last; on time-out shows the
/// jobs' logs in `dir`.
fn wait_for(file: &Path, dir: &Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while !file.exists() {
        if std::time::Instant::now() > deadline {
            let logs: String = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".out"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect();
            panic!(
                "{} not written in 3 minutes; job output:\n{logs}",
                file.display()
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
}

/// `program` on the cluster `conf`, run from `dir`, with the jeugdsim under test.
fn on_cluster(conf: &str, dir: &Path, program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("SLURM_CONF", conf)
        .env("JEUGDSIM", env!("CARGO_BIN_EXE_jeugdsim"))
        .current_dir(dir);
    c
}

/// `sbatch --parsable ARGS` on the cluster `conf`, from `dir`: the job id.
fn sbatch(conf: &str, dir: &Path, args: &[&str]) -> String {
    let out = on_cluster(conf, dir, "sbatch")
        .arg("--parsable")
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "sbatch: {}", common::stderr(&out));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    id.split(';').next().unwrap().to_string()
}

#[test]
fn shards_as_a_slurm_job_array_merge_into_the_single_run() {
    if !have_slurm() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Slurm: .ci/run installs slurm-wlm and munge"
        );
        let _ = writeln!(
            std::io::stderr(),
            "\nSKIPPED the Slurm test: needs root and Debian's slurm-wlm and munge (apt-get install slurm-wlm munge)\n"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("cluster");
    let started = Command::new("sh")
        .arg(repo("deploy/slurm/one-node-cluster.sh"))
        .args(["start", common::arg(&state)])
        .output()
        .unwrap();
    let _cluster = Cluster(state.clone());
    assert!(
        started.status.success(),
        "cluster: {}",
        common::stderr(&started)
    );
    let conf = String::from_utf8_lossy(&started.stdout).trim().to_string();

    let work = dir.path().join("shards");
    let merged = dir.path().join("merged");
    let scenario = repo("scenarios/minimal.ron");
    let submitted = on_cluster(&conf, dir.path(), "sh")
        .arg(repo("deploy/slurm/submit.sh"))
        .args([
            "3",
            common::arg(&work),
            common::arg(&merged),
            "run",
            common::arg(&scenario),
        ])
        .args(["--replications", "30", "--quiet"])
        .output()
        .unwrap();
    assert!(
        submitted.status.success(),
        "sbatch: {}",
        common::stderr(&submitted)
    );

    // The merge job writes its manifest last.
    wait_for(&merged.join("manifest.json"), dir.path());
    for k in 1..=3 {
        assert!(work.join(format!("shard-{k}/shard.json")).exists());
    }
    let single = dir.path().join("single");
    common::jeugdsim_ok(
        &[
            "run",
            common::arg(&scenario),
            "--replications",
            "30",
            "--quiet",
        ],
        &single,
    );
    for f in [
        "summary.json",
        "monthly.csv",
        "providers.csv",
        "manifest.json",
    ] {
        assert!(
            std::fs::read(single.join(f)).unwrap() == std::fs::read(merged.join(f)).unwrap(),
            "{f} differs between the Slurm merge and one run"
        );
    }

    rerun_one_shard_then_merge(&conf, dir.path(), &work, &scenario, &single);
    a_mistyped_scenario_queues_nothing(&conf, dir.path());
    a_cancelled_shard_is_resumed_by_the_same_submission(&conf, dir.path(), &scenario);
}

/// `deploy/slurm/submit.sh` with the test's arguments for `scenario`: its output.
fn submit(conf: &str, dir: &Path, work: &Path, out: &Path, scenario: &Path) -> String {
    let submitted = on_cluster(conf, dir, "sh")
        .arg(repo("deploy/slurm/submit.sh"))
        .args(["2", common::arg(work), common::arg(out), "run"])
        .arg(scenario)
        .args(["--replications", "4000", "--quiet"])
        .output()
        .unwrap();
    assert!(
        submitted.status.success(),
        "submit.sh: {}",
        common::stderr(&submitted)
    );
    String::from_utf8_lossy(&submitted.stdout).into_owned()
}

/// The job id after `label` ("shards: job 12 (array 1-2); merge: job 13").
fn job_after(said: &str, label: &str) -> String {
    let at = said
        .find(label)
        .unwrap_or_else(|| panic!("{label} in {said}"))
        + label.len();
    said[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

/// A shard cancelled while it runs (`scancel`) removes its temporary folder; the merge job
/// after the array lists it as missing with the command to rerun it and stops;
/// `jeugdsim shards status` says the same; the first submit.sh command again submits only
/// that shard and the merge, whose result is one run's, byte for byte.
fn a_cancelled_shard_is_resumed_by_the_same_submission(conf: &str, dir: &Path, scenario: &Path) {
    let work = dir.join("cancelled");
    let out = dir.join("resumed");
    let said = submit(conf, dir, &work, &out, scenario);
    let (array, merge) = (
        job_after(&said, "shards: job "),
        job_after(&said, "merge: job "),
    );
    // Shard 1 has started once its temporary folder holds its manifest.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let partial = || {
        std::fs::read_dir(&work).ok().and_then(|entries| {
            entries.filter_map(|e| e.ok()).map(|e| e.path()).find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".shard-1.partial-")
                    && p.join("shard.json").exists()
            })
        })
    };
    let running = loop {
        if let Some(p) = partial() {
            break p;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "shard 1 never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let cancelled = on_cluster(conf, dir, "scancel")
        .arg(format!("{array}_1"))
        .status()
        .unwrap();
    assert!(cancelled.success());
    // The merge runs after every task ended, and stops: shard 1 is missing.
    let log = dir.join(format!("jeugdsim-merge-{merge}.out"));
    wait_for_text(&log, "not merged", dir);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        logged.contains("1/2  missing") && logged.contains("sbatch --array=1 "),
        "{logged}"
    );
    assert!(
        !running.exists(),
        "the cancelled shard removed {}",
        running.display()
    );
    assert!(!out.exists());
    let status = common::jeugdsim(&["shards", "status", common::arg(&work)]);
    assert_eq!(status.status.code(), Some(3), "{}", common::stderr(&status));
    assert!(String::from_utf8_lossy(&status.stdout).contains("2/2  done"));
    // Resumed: only shard 1 is queued again, then the merge.
    let said = submit(conf, dir, &work, &out, scenario);
    assert!(said.contains("(array 1)"), "{said}");
    wait_for(&out.join("manifest.json"), dir);
    let single = dir.join("single-4000");
    common::jeugdsim_ok(
        &[
            "run",
            common::arg(scenario),
            "--replications",
            "4000",
            "--quiet",
        ],
        &single,
    );
    for f in ["summary.json", "monthly.csv", "manifest.json"] {
        assert!(
            std::fs::read(single.join(f)).unwrap() == std::fs::read(out.join(f)).unwrap(),
            "{f} differs between the resumed submission and one run"
        );
    }
}

/// Waits up to three minutes for `file` to hold `text`; on time-out shows the jobs' logs.
fn wait_for_text(file: &Path, text: &str, dir: &Path) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while !std::fs::read_to_string(file).is_ok_and(|t| t.contains(text)) {
        if std::time::Instant::now() > deadline {
            wait_for(&dir.join("never"), dir);
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// A shard lost (failed, cancelled) is rerun alone with the documented command
/// (docs/scale-out.md, "When a shard fails"), then the merge after it: the same bytes as
/// one run (`single`).
fn rerun_one_shard_then_merge(conf: &str, dir: &Path, work: &Path, scenario: &Path, single: &Path) {
    std::fs::remove_dir_all(work.join("shard-2")).unwrap();
    let shard = repo("deploy/slurm/shard.sbatch");
    let mut args = vec!["--array=2", common::arg(&shard), common::arg(work), "3"];
    args.extend([
        "run",
        common::arg(scenario),
        "--replications",
        "30",
        "--quiet",
    ]);
    let rerun = sbatch(conf, dir, &args);
    let again = dir.join("merged-again");
    let after = format!("--dependency=afterok:{rerun}");
    let merge = repo("deploy/slurm/merge.sbatch");
    sbatch(
        conf,
        dir,
        &[
            &after,
            common::arg(&merge),
            common::arg(work),
            common::arg(&again),
        ],
    );
    wait_for(&again.join("manifest.json"), dir);
    for f in ["summary.json", "monthly.csv", "manifest.json"] {
        assert!(
            std::fs::read(single.join(f)).unwrap() == std::fs::read(again.join(f)).unwrap(),
            "{f} differs between the merge after a rerun shard and one run"
        );
    }
}

/// `submit.sh` validates the scenario first: a mistyped path queues nothing.
fn a_mistyped_scenario_queues_nothing(conf: &str, dir: &Path) {
    let typo = dir.join("scenarios/minmal.ron");
    let refused = on_cluster(conf, dir, "sh")
        .arg(repo("deploy/slurm/submit.sh"))
        .args(["3", common::arg(&dir.join("typo")), "out", "run"])
        .arg(&typo)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let said = common::stderr(&refused);
    assert!(
        said.contains("nothing queued") && said.contains("minmal.ron"),
        "{said}"
    );
    assert!(!String::from_utf8_lossy(&refused.stdout).contains("shards: job"));
}
