//! More replications later: a finished sharded run extended with `--extend-from F` and
//! merged is, byte for byte, the one run of the larger count (run with its chance-only
//! pass, compare, PSA); a set with a gap or an overlap is refused by name.

mod common;

use std::path::{Path, PathBuf};

const FILE: &str = "scenarios/achterhoek-financing.ron";

/// `jeugdsim COMMAND FILE EXTRA --replications R --quiet --out DIR/NAME`.
fn make(dir: &Path, name: &str, command: &str, reps: u32, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let reps = reps.to_string();
    let mut args = vec![command, FILE, "--replications", &reps, "--quiet"];
    args.extend(extra);
    common::jeugdsim_ok(&args, &out);
    out
}

fn merge(dirs: &[&Path], out: &Path) -> std::process::Output {
    let mut args = vec!["merge"];
    args.extend(dirs.iter().map(|d| common::arg(d)));
    args.extend(["--out", common::arg(out)]);
    common::jeugdsim(&args)
}

/// The run of 4 replications in two shards, extended to 6 by one shard and to 9 by two:
/// the merge of all five, in any order, is the run of 9.
fn extended_equals_larger(command: &str, extra: &[&'static str]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let whole = make(d, "whole", command, 9, extra);
    let with = |more: &[&'static str]| -> Vec<&str> { [extra, more].concat() };
    let first = [
        make(d, "a1", command, 4, &with(&["--shard", "1/2"])),
        make(d, "a2", command, 4, &with(&["--shard", "2/2"])),
    ];
    let to6 = make(d, "b", command, 6, &with(&["--extend-from", "4"]));
    let to9 = [
        make(
            d,
            "c1",
            command,
            9,
            &with(&["--extend-from", "6", "--shard", "1/2"]),
        ),
        make(
            d,
            "c2",
            command,
            9,
            &with(&["--extend-from", "6", "--shard", "2/2"]),
        ),
    ];
    let info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(to9[1].join("shard.json")).unwrap()).unwrap();
    assert_eq!(
        (&info["first"], &info["from"], &info["to"], &info["total"]),
        (&6.into(), &7.into(), &9.into(), &9.into()),
        "the second shard of 6..9 holds 7..9"
    );
    let merged = d.join("merged");
    let o = merge(&[&to9[1], &first[1], &to6, &to9[0], &first[0]], &merged);
    assert!(o.status.success(), "{}", common::stderr(&o));
    common::server::same_files(&whole, &merged);
    // The run of 6 is the first two parts alone.
    let six = make(d, "six", command, 6, extra);
    let merged6 = d.join("merged6");
    let o = merge(&[&first[0], &to6, &first[1]], &merged6);
    assert!(o.status.success(), "{}", common::stderr(&o));
    common::server::same_files(&six, &merged6);
}

#[test]
fn an_extended_run_equals_the_larger_run_with_its_chance_only_pass() {
    extended_equals_larger("run", &[]);
}

#[test]
fn an_extended_comparison_equals_the_larger_comparison() {
    extended_equals_larger("compare", &[]);
}

#[test]
fn an_extended_psa_equals_the_larger_psa() {
    extended_equals_larger("run", &["--psa"]);
}

#[test]
fn a_gap_or_an_overlap_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = make(d, "base", "run", 3, &["--shard", "1/1"]);
    let more = make(d, "more", "run", 5, &["--extend-from", "3"]);
    let again = make(d, "again", "run", 6, &["--extend-from", "3"]);
    let out = d.join("m");
    let refused = |dirs: &[&Path], says: &str| {
        let o = merge(dirs, &out);
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains(says), "{says:?} not in: {err}");
        assert!(!out.exists(), "nothing written");
    };
    // The extension without the run it extends.
    refused(&[&more], "replications 0..3 are in no shard given");
    // Two extensions of the same run.
    refused(
        &[&base, &more, &again],
        "hold some of the same replications",
    );
    // A forged split that ends before it starts, to fold replications 3..5 twice.
    let forged = d.join("forged");
    std::fs::create_dir(&forged).unwrap();
    for f in ["shard.json", "replications.bin"] {
        std::fs::copy(more.join(f), forged.join(f)).unwrap();
    }
    let mut info: serde_json::Value =
        serde_json::from_slice(&std::fs::read(forged.join("shard.json")).unwrap()).unwrap();
    for (field, value) in [("first", 6), ("total", 4), ("from", 6), ("to", 6)] {
        info[field] = value.into();
    }
    std::fs::write(forged.join("shard.json"), info.to_string()).unwrap();
    let o = merge(&[&base, &forged, &more], &out);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("damaged or edited manifest"), "{err}");
    assert!(!out.exists());
    // Nothing to add, and a command that is not sharded.
    let o = common::jeugdsim(&[
        "run",
        FILE,
        "--replications",
        "3",
        "--extend-from",
        "3",
        "--quiet",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("ask for more replications"));
    let o = common::jeugdsim(&[
        "optimise",
        FILE,
        "--target",
        "mean_wait_months<=2",
        "--extend-from",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(common::stderr(&o).contains("--extend-from"));
}
