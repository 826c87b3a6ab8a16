//! A results folder holds exactly one run: replaced whole, with a manifest; a folder of the
//! user's own is never replaced; files that cannot be read or written exit 1.

mod common;

use std::path::Path;

fn scenario(dir: &Path) -> std::path::PathBuf {
    let file = dir.join("minimal.ron");
    std::fs::write(&file, common::repo_file("scenarios/minimal.ron")).unwrap();
    file
}

fn run(file: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "run",
        common::arg(file),
        "--replications",
        "4",
        "--quiet",
        "--out",
        common::arg(out),
    ];
    args.extend(extra);
    common::jeugdsim(&args)
}

#[test]
fn a_rerun_replaces_the_folder_whole_and_lists_its_files_in_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let out = dir.path().join("out");
    assert!(run(&file, &out, &["--report"]).status.success());
    assert!(out.join("report.html").exists());
    // A leftover of a run killed while writing, and a stale temporary file, each by
    // jeugdsim's own exact names; beside them a folder of the user's that only looks alike.
    std::fs::create_dir(dir.path().join(".out.partial-999999")).unwrap();
    std::fs::write(out.join(".summary.json.jeugdsim-tmp-123"), "half").unwrap();
    std::fs::create_dir(dir.path().join(".out.partial-mine")).unwrap();

    let o = run(&file, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The old report.html (and the temporary file) went with the old folder.
    assert!(!out.join("report.html").exists());
    assert!(!out.join(".summary.json.jeugdsim-tmp-123").exists());
    assert!(!dir.path().join(".out.partial-999999").exists());
    assert!(dir.path().join(".out.partial-mine").exists());
    std::fs::remove_dir(dir.path().join(".out.partial-mine")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let mut listed: Vec<String> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_string())
        .collect();
    listed.push("manifest.json".into());
    let mut present: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    listed.sort();
    present.sort();
    assert_eq!(
        listed, present,
        "the folder holds exactly the manifest's files"
    );
    assert_eq!(manifest["command"], "run");
    assert_eq!(manifest["scenarios"][0]["replications"], 4);
    assert_eq!(manifest["run_id"].as_str().unwrap().len(), 16);
    // Every file's hash is the one recorded.
    for f in manifest["files"].as_array().unwrap() {
        let bytes = std::fs::read(out.join(f["name"].as_str().unwrap())).unwrap();
        assert_eq!(f["bytes"].as_u64().unwrap(), bytes.len() as u64);
    }
    // Nothing else was left beside the folder.
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings.len(), 2, "{siblings:?}");

    // `report` adds report.html to the manifest.
    assert!(
        common::jeugdsim(&["report", common::arg(&out)])
            .status
            .success()
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("report.html"), "{manifest}");
}

#[test]
fn a_folder_of_other_files_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    // --out pointed at the folder holding the scenario itself.
    let o = run(&file, dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("not a results folder written by jeugdsim") && err.contains("`minimal.ron`"),
        "{err}"
    );
    assert!(file.exists(), "the user's file is untouched");
    assert!(!dir.path().join("summary.json").exists());
}

#[test]
fn files_that_cannot_be_read_or_written_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.ron");
    let o = common::jeugdsim(&["validate", common::arg(&missing)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read"));

    // `report` on a folder that does not exist.
    let o = common::jeugdsim(&["report", common::arg(&dir.path().join("none"))]);
    assert_eq!(o.status.code(), Some(2));

    // An output folder under a file cannot be created.
    let file = scenario(dir.path());
    let o = run(&file, &file.join("out"), &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot write"));
}

/// Every file in `dir` with its bytes: to show nothing was touched.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// Runs `args`, expects a refusal naming `name` (a file, or what is missing), and checks
/// that `out` is exactly as it was.
fn refused(args: &[&str], out: &Path, name: &str) {
    let before = snapshot(out);
    let o = common::jeugdsim(args);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(name), "{args:?} names {name}: {err}");
    assert!(
        snapshot(out) == before,
        "{args:?} touched {}",
        out.display()
    );
}

#[test]
fn a_name_that_merely_contains_tmp_is_the_users_and_is_never_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let out = dir.path().join("out");
    assert!(run(&file, &out, &[]).status.success());
    std::fs::write(out.join("letter.tmpl"), "Geachte raad,").unwrap();
    let args = [
        "run",
        common::arg(&file),
        "--replications",
        "4",
        "--quiet",
        "--out",
        common::arg(&out),
    ];
    refused(&args, &out, "`letter.tmpl`");
    std::fs::remove_file(out.join("letter.tmpl")).unwrap();
    std::fs::create_dir(out.join("backup.tmp")).unwrap();
    std::fs::write(out.join("backup.tmp").join("begroting.xlsx"), "mine").unwrap();
    refused(&args, &out, "`backup.tmp`");
    assert!(out.join("backup.tmp").join("begroting.xlsx").exists());
    // `report` adds nothing to a folder holding something of the user's either.
    refused(&["report", common::arg(&out)], &out, "`backup.tmp`");
}

#[test]
fn own_files_with_jeugdsims_names_are_never_overwritten_without_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    for own in ["summary.csv", "report.html"] {
        let out = dir.path().join(format!("own-{own}"));
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join(own), "mijn eigen bestand").unwrap();
        let args = [
            "run",
            common::arg(&file),
            "--replications",
            "4",
            "--quiet",
            "--out",
            common::arg(&out),
        ];
        refused(&args, &out, &format!("`{own}`"));
        refused(&["report", common::arg(&out)], &out, "has no manifest.json");
    }
    // Beside a manifest that does not list it, neither.
    let out = dir.path().join("own-report.html");
    assert!(run(&file, &dir.path().join("fresh"), &[]).status.success());
    std::fs::copy(
        dir.path().join("fresh").join("manifest.json"),
        out.join("manifest.json"),
    )
    .unwrap();
    let args = [
        "run",
        common::arg(&file),
        "--replications",
        "4",
        "--quiet",
        "--out",
        common::arg(&out),
    ];
    refused(&args, &out, "`report.html`");
    refused(&["report", common::arg(&out)], &out, "`report.html`");
}

#[test]
fn a_shard_folder_is_replaced_only_when_shard_json_lists_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = scenario(dir.path());
    let out = dir.path().join("shard");
    let args = [
        "run",
        common::arg(&file),
        "--replications",
        "4",
        "--quiet",
        "--shard",
        "1/2",
        "--out",
        common::arg(&out),
    ];
    assert!(common::jeugdsim(&args).status.success());
    // Rerunning a shard replaces its own folder.
    assert!(common::jeugdsim(&args).status.success());
    std::fs::write(out.join("notities.txt"), "mine").unwrap();
    refused(&args, &out, "`notities.txt`");
    // A folder with only a file named shard.json is not a shard folder of jeugdsim's.
    let fake = dir.path().join("fake");
    std::fs::create_dir(&fake).unwrap();
    std::fs::write(fake.join("shard.json"), "{}").unwrap();
    std::fs::write(fake.join("data.csv"), "1,2").unwrap();
    let mut args = args.to_vec();
    let n = args.len();
    args[n - 1] = common::arg(&fake);
    refused(&args, &fake, "`data.csv`");
}
