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
    // A leftover of a run killed while writing, and a stale temporary file.
    std::fs::create_dir(dir.path().join(".out.partial-999999")).unwrap();
    std::fs::write(out.join("summary.json.tmp123"), "half").unwrap();

    let o = run(&file, &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The old report.html (and the temporary file) went with the old folder.
    assert!(!out.join("report.html").exists());
    assert!(!out.join("summary.json.tmp123").exists());
    assert!(!dir.path().join(".out.partial-999999").exists());
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
    assert!(err.contains("not jeugdsim results (minimal.ron)"), "{err}");
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

    // `report` on a folder without results.
    let o = common::jeugdsim(&["report", common::arg(dir.path())]);
    assert_eq!(o.status.code(), Some(1));

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
