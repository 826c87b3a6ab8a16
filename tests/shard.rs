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
    // It says where the missing shard would be: there but not given, or not there (a
    // shard written on a folder this machine does not see).
    let beside = s[1].display().to_string();
    assert!(
        err.contains(&format!("probably {beside}, not among")),
        "{err}"
    );
    let aside = dir.path().join("aside");
    std::fs::rename(&s[1], &aside).unwrap();
    let err = merge(&[&s[0], &s[2]]);
    assert!(
        err.contains(&format!("would be {beside}, which does not exist")),
        "{err}"
    );
    assert!(err.contains("not shared"), "{err}");
    std::fs::rename(&aside, &s[1]).unwrap();
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
    // The verdict's tornado: four runs per parameter, the distinct runs in one file.
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
            assert!(out.join("parameters.bin").exists());
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

/// Shards 1/2 and 2/2 of `run scenarios/minimal.ron` (6 replications) in `dir`, the first
/// with the scenario's path typed as given.
fn minimal_shards(dir: &Path, first_path: &str) -> [PathBuf; 2] {
    [1, 2].map(|k| {
        let out = dir.join(format!("m{k}"));
        let file = if k == 1 {
            first_path
        } else {
            "scenarios/minimal.ron"
        };
        let shard = format!("{k}/2");
        let args = [
            "run",
            file,
            "--replications",
            "6",
            "--shard",
            &shard,
            "--quiet",
        ];
        common::jeugdsim_ok(&args, &out);
        out
    })
}

/// Merges `dirs`, expecting a refusal whose message contains every one of `says`; nothing
/// may be written.
fn merge_refused(dirs: &[&Path], says: &[&str]) {
    let out = dirs[0].parent().unwrap().join("merged-refused");
    let mut args = vec!["merge"];
    args.extend(dirs.iter().map(|d| common::arg(d)));
    args.extend(["--out", common::arg(&out)]);
    let o = common::jeugdsim(&args);
    let err = common::stderr(&o);
    assert!(!o.status.success(), "merged: {says:?}");
    assert!(!err.contains("panicked"), "{err}");
    for s in says {
        assert!(err.contains(s), "`{s}` not in: {err}");
    }
    assert!(!out.exists(), "nothing written");
}

fn shard_json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("shard.json")).unwrap()).unwrap()
}

fn set_shard_json(dir: &Path, json: &serde_json::Value) {
    std::fs::write(
        dir.join("shard.json"),
        serde_json::to_vec_pretty(json).unwrap(),
    )
    .unwrap();
}

fn sha256(bytes: &[u8]) -> String {
    jeugdsim::scenario::sha256_hex(bytes)
}

/// Replaces `dir`'s replications.bin by `bytes` and records their size and hash, as a
/// forger who knows the format would.
fn forge_data(dir: &Path, bytes: &[u8]) {
    std::fs::write(dir.join("replications.bin"), bytes).unwrap();
    let mut json = shard_json(dir);
    let file = &mut json["files"][0];
    assert_eq!(file["name"], "replications.bin");
    file["bytes"] = bytes.len().into();
    file["sha256"] = sha256(bytes).into();
    set_shard_json(dir, &json);
}

#[test]
fn a_flipped_bit_anywhere_in_the_data_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = minimal_shards(dir.path(), "scenarios/minimal.ron");
    let data = b.join("replications.bin");
    let original = std::fs::read(&data).unwrap();
    // 40 bits spread over the file, each flipped on its own.
    for i in 0..40 {
        let mut bytes = original.clone();
        let at = (i * 7919 + 13) % bytes.len();
        bytes[at] ^= 1 << (i % 8);
        std::fs::write(&data, &bytes).unwrap();
        merge_refused(&[&a, &b], &["replications.bin"]);
    }
    std::fs::write(&data, &original).unwrap();
    let merged = dir.path().join("merged");
    common::jeugdsim_ok(&["merge", common::arg(&a), common::arg(&b)], &merged);
}

/// Sets every shard's scenario text to `text`, and its recorded hash to `sha` when given.
fn edit_scenario(dirs: &[&Path], text: &str, sha: Option<String>) {
    for d in dirs {
        let mut json = shard_json(d);
        json["scenarios"][0]["text"] = text.into();
        if let Some(sha) = &sha {
            json["scenarios"][0]["sha256"] = sha.clone().into();
        }
        set_shard_json(d, &json);
    }
}

#[test]
fn an_edited_scenario_in_shard_json_is_refused_with_or_without_its_hash() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = minimal_shards(dir.path(), "scenarios/minimal.ron");
    let original = common::repo_file("scenarios/minimal.ron");
    assert_eq!(shard_json(&a)["scenarios"][0]["text"], original.as_str());
    // The tariff edited: the text no longer has its recorded hash.
    let text = original.replace("tariff: 75.0", "tariff: 95.0");
    edit_scenario(&[&a, &b], &text, None);
    merge_refused(&[&a, &b], &["shard.json", "recorded SHA-256"]);
    // The hash recomputed too: the first replication, simulated again from the edited text,
    // is not the one recorded.
    edit_scenario(&[&a, &b], &text, Some(sha256(text.as_bytes())));
    merge_refused(&[&a, &b], &["replication 0", "simulated again"]);
    // A municipality added (hash recomputed): its records do not fit.
    let text = original.replace(
        "referral_rate: 0.05),",
        "referral_rate: 0.05), (name: \"Nieuwdorp\", youth_0_17: 2000, referral_rate: 0.05),",
    );
    edit_scenario(&[&a, &b], &text, Some(sha256(text.as_bytes())));
    merge_refused(&[&a, &b], &["replication 0"]);
    // Back as it was, the shards merge.
    edit_scenario(&[&a, &b], &original, Some(sha256(original.as_bytes())));
    common::jeugdsim_ok(
        &["merge", common::arg(&a), common::arg(&b)],
        &dir.path().join("ok"),
    );
}

#[test]
fn records_of_another_scenario_are_refused_by_their_dimensions() {
    // Shard 2's data replaced by that of a scenario with two municipalities: the first
    // shard's spot check passes, the records of the second do not fit.
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = minimal_shards(dir.path(), "scenarios/minimal.ron");
    let two = common::repo_file("scenarios/minimal.ron").replace(
        "referral_rate: 0.05),",
        "referral_rate: 0.05), (name: \"Nieuwdorp\", youth_0_17: 2000, referral_rate: 0.05),",
    );
    let file = dir.path().join("two.ron");
    std::fs::write(&file, two).unwrap();
    let other = dir.path().join("other");
    common::jeugdsim_ok(
        &[
            "run",
            common::arg(&file),
            "--replications",
            "6",
            "--shard",
            "2/2",
            "--quiet",
        ],
        &other,
    );
    forge_data(&b, &std::fs::read(other.join("replications.bin")).unwrap());
    merge_refused(
        &[&a, &b],
        &[
            "replication 3",
            "municipal values",
            "not simulated from this scenario",
        ],
    );
}

#[test]
fn a_corrupt_length_is_refused_without_reading_past_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = minimal_shards(dir.path(), "scenarios/minimal.ron");
    let mut bytes = std::fs::read(b.join("replications.bin")).unwrap();
    bytes[..4].copy_from_slice(&0xFFFF_FFF0u32.to_le_bytes());
    forge_data(&b, &bytes);
    merge_refused(&[&a, &b], &["claims 4294967280 bytes", "are left"]);
}

#[test]
fn shards_of_one_scenario_merge_however_its_path_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = minimal_shards(dir.path(), "./scenarios/minimal.ron");
    let merged = dir.path().join("merged");
    common::jeugdsim_ok(&["merge", common::arg(&a), common::arg(&b)], &merged);
    let whole = dir.path().join("whole");
    common::jeugdsim_ok(
        &[
            "run",
            "./scenarios/minimal.ron",
            "--replications",
            "6",
            "--quiet",
        ],
        &whole,
    );
    same_files(&whole, &merged);
}

#[test]
fn shards_of_another_jeugdsim_version_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let [a, b] = minimal_shards(dir.path(), "scenarios/minimal.ron");
    for d in [&a, &b] {
        let mut json = shard_json(d);
        json["version"] = "0.0.1".into();
        set_shard_json(d, &json);
    }
    merge_refused(
        &[&a, &b],
        &["made by jeugdsim 0.0.1", env!("CARGO_PKG_VERSION")],
    );
}
