//! `jeugdsim shards status`: done, damaged, missing and in-progress shards of a work
//! folder, and rerun commands that work when run as printed; a shard stopped by SIGTERM
//! leaves no temporary folder.

mod common;

use std::path::Path;

const FILE: &str = "scenarios/minimal.ron";

fn shard(work: &Path, k: u32, reps: &str) {
    let s = format!("{k}/3");
    common::jeugdsim_ok(
        &[
            "run",
            FILE,
            "--replications",
            reps,
            "--shard",
            &s,
            "--quiet",
        ],
        &work.join(format!("shard-{k}")),
    );
}

fn status(args: &[&str]) -> (Option<i32>, String) {
    let mut all = vec!["shards", "status"];
    all.extend(args);
    let o = common::jeugdsim(&all);
    let text = String::from_utf8_lossy(&o.stdout).into_owned() + &common::stderr(&o);
    (o.status.code(), text)
}

#[test]
fn status_names_each_shard_and_its_rerun_command_works_as_printed() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    for k in 1..=3 {
        shard(&work, k, "30");
    }
    let w = common::arg(&work);
    let (code, text) = status(&[w]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("3 of 3 shards done; 30 of 30 replications written (100%)"),
        "{text}"
    );
    assert_eq!(status(&[w, "--missing"]), (Some(0), "3: \n".into()));

    // Shard 2 lost, shard 3 damaged (a flipped bit).
    std::fs::remove_dir_all(work.join("shard-2")).unwrap();
    let data = work.join("shard-3/replications.bin");
    let mut bytes = std::fs::read(&data).unwrap();
    bytes[20] ^= 1;
    std::fs::write(&data, bytes).unwrap();
    let (code, text) = status(&[w]);
    assert_eq!(code, Some(3), "{text}");
    assert!(text.contains("1/3  done"), "{text}");
    assert!(text.contains("2/3  missing"), "{text}");
    assert!(
        text.contains("3/3  damaged: replications.bin: its SHA-256"),
        "{text}"
    );
    assert!(text.contains("rerun shards 2, 3"), "{text}");
    assert!(text.contains("2 shards are not done"), "{text}");
    assert_eq!(status(&[w, "--missing"]), (Some(0), "3: 2,3\n".into()));

    // Each printed command, run as printed, restores its shard.
    for line in text.lines().map(str::trim) {
        let Some(command) = line.strip_prefix("jeugdsim ") else {
            continue;
        };
        let args: Vec<&str> = command.split(' ').collect();
        let o = common::jeugdsim(&args);
        assert!(o.status.success(), "{command}: {}", common::stderr(&o));
    }
    let (code, text) = status(&[w]);
    assert_eq!(code, Some(0), "{text}");
    let merged = dir.path().join("merged");
    let shards: Vec<String> = (1..=3)
        .map(|k| work.join(format!("shard-{k}")).display().to_string())
        .collect();
    let o = common::jeugdsim(&[
        "merge",
        &shards[0],
        &shards[1],
        &shards[2],
        "--out",
        common::arg(&merged),
    ]);
    assert!(o.status.success(), "{}", common::stderr(&o));

    // Not a work folder of shards.
    let (code, text) = status(&[common::arg(dir.path())]);
    assert_eq!(code, Some(2));
    assert!(text.contains("no shard folders"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_shard_stopped_by_sigterm_is_in_progress_then_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    let out = work.join("shard-1");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_jeugdsim"))
        .args([
            "run",
            FILE,
            "--replications",
            "1000000",
            "--allow-long-run",
            "--threads",
            "1",
            "--shard",
            "1/3",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Started: its temporary folder holds its manifest and some replications.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let text = loop {
        let (code, text) = status(&[common::arg(&work)]);
        if code == Some(3) && text.contains("1/3  in progress") && !text.contains(": 0 of") {
            break text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never in progress: {text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    assert!(text.contains("of 333333 replications written"), "{text}");
    // SAFETY: kill(2) on the child's own pid.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(143), "{}", common::stderr(&o));
    assert!(common::stderr(&o).contains("stopped by a signal"));
    let left: Vec<_> = std::fs::read_dir(&work).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}
