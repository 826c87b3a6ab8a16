//! Shards merge into exactly the single-machine result: `--shard K/N` then `merge` in any
//! order gives byte-identical files, and a wrong set of shards is refused by name.

mod common;

use std::path::{Path, PathBuf};

const FILE: &str = "scenarios/achterhoek-financing.ron";

fn shards(dir: &Path, command: &str, reps: &str, n: u32) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let out = dir.join(format!("{command}-{k}"));
            let shard = format!("{k}/{n}");
            common::jeugdsim_ok(
                &[
                    command,
                    FILE,
                    "--replications",
                    reps,
                    "--shard",
                    &shard,
                    "--quiet",
                ],
                &out,
            );
            assert!(out.join("shard.json").exists() && out.join("replications.bin").exists());
            out
        })
        .collect()
}

fn same_files(whole: &Path, merged: &Path) {
    let mut names: Vec<String> = std::fs::read_dir(whole)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for name in names {
        let (a, b) = (
            std::fs::read(whole.join(&name)).unwrap(),
            std::fs::read(merged.join(&name)).unwrap(),
        );
        assert!(a == b, "{name} differs after the merge");
    }
}

#[test]
fn three_run_shards_merge_in_any_order_into_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    common::jeugdsim_ok(&["run", FILE, "--replications", "90", "--quiet"], &whole);
    let s = shards(dir.path(), "run", "90", 3);
    // The world drivers' chance-only pass is sharded too.
    assert!(s[0].join("chance_only.bin").exists());
    for (k, order) in [[2, 0, 1], [0, 1, 2]].iter().enumerate() {
        let merged = dir.path().join(format!("merged-{k}"));
        let mut args = vec!["merge"];
        args.extend(order.iter().map(|&i| common::arg(&s[i])));
        common::jeugdsim_ok(&args, &merged);
        same_files(&whole, &merged);
    }
}

#[test]
fn compare_shards_merge_into_the_single_comparison() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    common::jeugdsim_ok(
        &["compare", FILE, "--replications", "20", "--quiet"],
        &whole,
    );
    let s = shards(dir.path(), "compare", "20", 3);
    let merged = dir.path().join("merged");
    common::jeugdsim_ok(
        &[
            "merge",
            common::arg(&s[1]),
            common::arg(&s[2]),
            common::arg(&s[0]),
        ],
        &merged,
    );
    same_files(&whole, &merged);
}

#[test]
fn a_wrong_set_of_shards_is_refused_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let s = shards(dir.path(), "run", "6", 3);
    let out = dir.path().join("m");
    let merge = |dirs: &[&Path]| {
        let mut args = vec!["merge"];
        args.extend(dirs.iter().map(|d| common::arg(d)));
        args.extend(["--out", common::arg(&out)]);
        let o = common::jeugdsim(&args);
        assert_eq!(o.status.code(), Some(2), "{}", common::stderr(&o));
        assert!(!out.exists(), "nothing written");
        common::stderr(&o)
    };
    let err = merge(&[&s[0], &s[0], &s[1], &s[2]]);
    assert!(err.contains("both shard 1/3"), "{err}");
    let err = merge(&[&s[0], &s[2]]);
    assert!(err.contains("shard 2/3 missing"), "{err}");
    // A shard of another run: another seed.
    let other = dir.path().join("other");
    common::jeugdsim_ok(
        &[
            "run",
            FILE,
            "--replications",
            "6",
            "--seed",
            "7",
            "--shard",
            "2/3",
            "--quiet",
        ],
        &other,
    );
    let err = merge(&[&s[0], &other, &s[2]]);
    assert!(
        err.contains("different runs") && err.contains("seed"),
        "{err}"
    );
    // Not a shard at all.
    let err = merge(&[dir.path()]);
    assert!(
        err.contains("shard.json") || err.contains("not a jeugdsim shard"),
        "{err}"
    );
    // A cut-short file of replications is found, not folded.
    let cut = dir.path().join("cut");
    std::fs::create_dir(&cut).unwrap();
    for f in ["shard.json", "replications.bin", "chance_only.bin"] {
        std::fs::copy(s[2].join(f), cut.join(f)).unwrap();
    }
    let bytes = std::fs::read(cut.join("replications.bin")).unwrap();
    std::fs::write(cut.join("replications.bin"), &bytes[..bytes.len() / 2]).unwrap();
    let o = common::jeugdsim(&[
        "merge",
        common::arg(&s[0]),
        common::arg(&s[1]),
        common::arg(&cut),
        "--out",
        common::arg(&out),
    ]);
    assert!(!o.status.success());
    assert!(
        common::stderr(&o).contains("replications.bin"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn sweep_shards_merge_into_the_single_sweep() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "sweep",
        "scenarios/minimal.ron",
        "--set",
        "segments[IAJ].sub_segments[ondersteuning].providers.capacity=30..40:5",
        "--target",
        "mean_waiting_youths<=5",
        "--replications",
        "12",
        "--quiet",
    ];
    let whole = dir.path().join("whole");
    common::jeugdsim_ok(&args, &whole);
    let parts: Vec<PathBuf> = (1..=2)
        .map(|k| {
            let out = dir.path().join(format!("s{k}"));
            let shard = format!("{k}/2");
            let mut a = args.to_vec();
            a.extend(["--shard", &shard]);
            common::jeugdsim_ok(&a, &out);
            out
        })
        .collect();
    let merged = dir.path().join("merged");
    common::jeugdsim_ok(
        &["merge", common::arg(&parts[1]), common::arg(&parts[0])],
        &merged,
    );
    same_files(&whole, &merged);
}

#[test]
fn sensitivity_shards_merge_into_the_single_tornado() {
    let dir = tempfile::tempdir().unwrap();
    // The verdict's tornado: four runs per parameter, one file of replications each.
    let args = [
        "sensitivity",
        FILE,
        "--variant",
        "lumpsum",
        "--replications",
        "6",
        "--quiet",
    ];
    let whole = dir.path().join("whole");
    common::jeugdsim_ok(&args, &whole);
    let parts: Vec<PathBuf> = (1..=2)
        .map(|k| {
            let out = dir.path().join(format!("s{k}"));
            let shard = format!("{k}/2");
            let mut a = args.to_vec();
            a.extend(["--shard", &shard]);
            common::jeugdsim_ok(&a, &out);
            assert!(out.join("parameter-0.bin").exists());
            out
        })
        .collect();
    let merged = dir.path().join("merged");
    common::jeugdsim_ok(
        &["merge", common::arg(&parts[1]), common::arg(&parts[0])],
        &merged,
    );
    same_files(&whole, &merged);
}
