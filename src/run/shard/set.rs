//! Which shard folders make one run: the shards of a `--shard K/N` split, each once, and
//! those of the runs that extend it (`--extend-from`), together every replication from
//! the first once. Errors name the folders, and a missing shard where it would be.

use super::ShardInfo;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// The folder of shard `k` of the same run as shard `own` in `dir`, when `dir`'s name holds
/// `own` as a number once (`shard-1`, `x-shard-1-of-3`, `run-1`): that number replaced.
pub(crate) fn sibling(dir: &Path, own: u32, k: u32) -> Option<PathBuf> {
    let name = dir.file_name()?.to_str()?;
    let own = own.to_string();
    let digit = |c: char| c.is_ascii_digit();
    // `own` as a whole number: no digit just before or after it.
    let whole: Vec<usize> = name
        .match_indices(&own)
        .map(|(i, _)| i)
        .filter(|&i| !name[..i].ends_with(digit) && !name[i + own.len()..].starts_with(digit))
        .collect();
    let [start] = whole[..] else { return None };
    let renamed = format!("{}{k}{}", &name[..start], &name[start + own.len()..]);
    Some(dir.with_file_name(renamed))
}

/// Checks that `shards` are exactly the shards of one run, each once, or of one run and
/// the runs that extend it (`--extend-from`), together every replication from the first
/// once; returns them in replication order. Errors name the folders.
pub fn check_set(mut shards: Vec<(PathBuf, ShardInfo)>) -> Result<Vec<(PathBuf, ShardInfo)>> {
    let Some((first_dir, first)) = shards.first().cloned() else {
        return Err(Error::Usage(
            "merge needs the shard folders to merge".into(),
        ));
    };
    let key = first.run_key();
    for (dir, info) in &shards[1..] {
        if info.run_key() != key {
            return Err(Error::Usage(format!(
                "{} and {} are shards of different runs ({}); merge the shards of one command with the same scenario, seed, options and jeugdsim version",
                first_dir.display(),
                dir.display(),
                difference(&first, info)
            )));
        }
    }
    shards.sort_by_key(|(_, s)| (s.first, s.total, s.shard.n, s.shard.k));
    let mut next = 0;
    let mut before: Option<&(PathBuf, ShardInfo)> = None;
    for part in shards.chunk_by(|a, b| a.1.part() == b.1.part()) {
        let (dir, s) = &part[0];
        // A writer never makes such a split (`--extend-from` must be below
        // --replications): only an edited manifest does.
        if s.first >= s.total {
            return Err(Error::Results(format!(
                "{}: shard.json says its run's replications start at {} of {}: a damaged \
                 or edited manifest; rerun this shard",
                dir.display(),
                s.first,
                s.total
            )));
        }
        if s.first > next {
            return Err(Error::Usage(format!(
                "replications {next}..{} are in no shard given: {} extends a run of {} \
                 replications (--extend-from {}); give merge the shard folders of that run too",
                s.first,
                dir.display(),
                s.first,
                s.first
            )));
        }
        if let Some((other, o)) = before.filter(|_| s.first < next) {
            return Err(Error::Usage(format!(
                "{} (shard {}/{} of {} replications) and {} (shard {}/{} of {}) hold some of the \
                 same replications: give merge the shards of one run, or of a run and the runs \
                 that extend it with --extend-from (docs/scale-out.md)",
                other.display(),
                o.shard.k,
                o.shard.n,
                o.total,
                dir.display(),
                s.shard.k,
                s.shard.n,
                s.total
            )));
        }
        check_part(part)?;
        next = s.total;
        before = part.last();
    }
    Ok(shards)
}

/// Checks that `part`, the shards of one `--shard K/N` split in order of K, holds each of
/// the N shards once, with its own replications.
fn check_part(part: &[(PathBuf, ShardInfo)]) -> Result<()> {
    let first = &part[0].1;
    let shards = part;
    for pair in shards.windows(2) {
        if pair[0].1.shard.k == pair[1].1.shard.k {
            return Err(Error::Usage(format!(
                "{} and {} are both shard {}/{}: give each shard once",
                pair[0].0.display(),
                pair[1].0.display(),
                pair[0].1.shard.k,
                first.shard.n
            )));
        }
    }
    let have: Vec<u32> = shards.iter().map(|(_, s)| s.shard.k).collect();
    let absent: Vec<u32> = (1..=first.shard.n).filter(|k| !have.contains(k)).collect();
    if let Some(&gap) = absent.first() {
        let missing: Vec<String> = absent
            .iter()
            .map(|k| format!("{k}/{}", first.shard.n))
            .collect();
        let mut read: Vec<String> = shards
            .iter()
            .take(4)
            .map(|(dir, s)| format!("{}/{} in {}", s.shard.k, s.shard.n, dir.display()))
            .collect();
        if shards.len() > 4 {
            read.push(format!("{} more", shards.len() - 4));
        }
        // Where the first missing shard would be, named like the folders given.
        let beside = shards
            .iter()
            .find_map(|(dir, s)| sibling(dir, s.shard.k, gap));
        let (expected, hint) = match &beside {
            Some(d) if d.exists() => (
                format!(
                    "; shard {gap}/{} is probably {}, not among the folders given",
                    first.shard.n,
                    d.display()
                ),
                "Give merge every shard folder",
            ),
            Some(d) => (
                format!(
                    "; shard {gap}/{} would be {}, which does not exist here",
                    first.shard.n,
                    d.display()
                ),
                "If that shard's job says it wrote it, its folder is not shared with this machine: put the shards on a file system every node sees (docs/scale-out.md)",
            ),
            None => (
                String::new(),
                "If a shard's job says it wrote it, its folder may not be shared with this machine (docs/scale-out.md)",
            ),
        };
        return Err(Error::Usage(format!(
            "shard{} {} missing: a merge needs all {} shards of the run (read {}{expected}). {hint}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            first.shard.n,
            read.join(", ")
        )));
    }
    for (dir, info) in shards {
        if let Some(why) = info.range_error() {
            return Err(Error::Usage(format!(
                "{}: shard {}/{} {why}",
                dir.display(),
                info.shard.k,
                info.shard.n
            )));
        }
    }
    Ok(())
}

/// What differs between two shards' runs, for the message.
fn difference(a: &ShardInfo, b: &ShardInfo) -> String {
    if a.command != b.command {
        format!("command {} against {}", a.command, b.command)
    } else if a.version != b.version {
        format!("jeugdsim {} against {}", a.version, b.version)
    } else if a.seed != b.seed {
        format!("seed {} against {}", a.seed, b.seed)
    } else if a
        .scenarios
        .iter()
        .map(|s| &s.sha256)
        .ne(b.scenarios.iter().map(|s| &s.sha256))
    {
        "another scenario (its SHA-256 differs)".to_string()
    } else {
        "other options".to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_missing_shard_is_looked_for_beside_the_others() {
        use std::path::Path;
        let at = |dir: &str, own, k| super::sibling(Path::new(dir), own, k);
        assert_eq!(at("work/shard-1", 1, 2), Some("work/shard-2".into()));
        assert_eq!(
            at("results/x-shard-1-of-3", 1, 2),
            Some("results/x-shard-2-of-3".into())
        );
        assert_eq!(at("out/run-12", 12, 3), Some("out/run-3".into()));
        // The number twice, or not at all: no guess.
        assert_eq!(at("results/x-shard-3-of-3", 3, 2), None);
        assert_eq!(at("results/first", 1, 2), None);
        // A number that merely contains it is not it.
        assert_eq!(at("work/shard-11", 1, 2), None);
    }
}
