//! The Slurm scripts on a real Slurm: a one-node cluster on localhost
//! (`deploy/slurm/one-node-cluster.sh`: munged, slurmctld -D, slurmd -D as root), the
//! shards as a job array and the merge after them (`deploy/slurm/submit.sh`), and the
//! merged result equal to one run. `.ci/run` installs Debian's slurm-wlm and munge; without
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
    let submitted = Command::new("sh")
        .arg(repo("deploy/slurm/submit.sh"))
        .args([
            "3",
            common::arg(&work),
            common::arg(&merged),
            "run",
            common::arg(&scenario),
        ])
        .args(["--replications", "30", "--quiet"])
        .env("SLURM_CONF", &conf)
        .env("JEUGDSIM", env!("CARGO_BIN_EXE_jeugdsim"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        submitted.status.success(),
        "sbatch: {}",
        common::stderr(&submitted)
    );

    // The merge job writes its manifest last.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(180);
    while !merged.join("manifest.json").exists() {
        if std::time::Instant::now() > deadline {
            let logs: String = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().ends_with(".out"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
                .collect();
            panic!("the merge did not finish in 3 minutes; job output:\n{logs}");
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
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
}
