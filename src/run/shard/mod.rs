//! Shards of a run (`--shard K/N`): a contiguous range of the replications, written as
//! per-replication results that `jeugdsim merge` folds into exactly the files the
//! unsharded command writes. Random numbers are keyed by replication, so a shard's
//! replications are those of the whole run.
//!
//! A shard folder holds `shard.json` (what was run: command, scenario texts and hashes,
//! seed, options, version, the shard's range, and each data file's size and SHA-256) and
//! one file of replications per pass (`replications.bin`, and `chance_only.bin` for a run
//! with world drivers): each record a little-endian u32 length and a postcard-encoded
//! `(replication, outputs per model)`. Records are written as they are simulated, so
//! memory does not grow with replications.
//!
//! A merge trusts nothing it reads: each scenario text must have its recorded hash, each
//! data file its recorded size and hash, every record a length within the file and the
//! dimensions of the scenario, and the first replication, simulated again, must be the
//! one recorded.

use crate::error::{Error, Result};
use crate::results::folder::{FileEntry, Listing};
use crate::run::{Fold, RepOut};

mod set;
pub mod status;
use serde::{Deserialize, Serialize};
pub use set::check_set;
use set::sibling;
use sha2::{Digest, Sha256};
use std::io::{BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Format of the shard folder; a merge refuses any other. 2: with each data file's size
/// and SHA-256.
pub const FORMAT_VERSION: u32 = 2;

/// The shard folder's manifest.
pub const SHARD_JSON: &str = "shard.json";

/// The largest `shard.json` a merge reads (bytes).
const MAX_SHARD_JSON: u64 = 64 << 20;

/// A shard folder: `shard.json` lists its files (one per pass; format 1 listed only the
/// passes), so a folder holding anything else is never replaced.
pub const SHARD_FOLDER: Listing = Listing {
    what: "shard folder",
    manifest: SHARD_JSON,
    listed: |bytes| {
        #[derive(Deserialize)]
        struct Listed {
            passes: Vec<String>,
            #[serde(default)]
            files: Vec<FileEntry>,
        }
        let l: Listed = serde_json::from_slice(bytes).ok()?;
        let passes = l.passes.iter().map(|p| pass_file(p));
        Some(passes.chain(l.files.into_iter().map(|f| f.name)).collect())
    },
};

/// The file of replications of pass `pass`.
pub fn pass_file(pass: &str) -> String {
    format!("{pass}.bin")
}

/// Shard `k` of `n` (1-based), as given by `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    /// Parses `K/N` with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = || {
            Error::Usage(format!(
                "--shard `{text}`: write K/N with 1 ≤ K ≤ N, e.g. --shard 2/8 for the second of eight shards"
            ))
        };
        let (k, n) = text.split_once('/').ok_or_else(bad)?;
        let (k, n) = (
            k.trim().parse::<u32>().map_err(|_| bad())?,
            n.trim().parse::<u32>().map_err(|_| bad())?,
        );
        if k == 0 || n == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }

    /// The shard's contiguous replications of `first..replications` (`first` is 0 but for
    /// the shards that extend a finished run): shards differ in size by at most one.
    pub fn range(self, first: u32, replications: u32) -> Range<u32> {
        let span = u64::from(replications.saturating_sub(first));
        let at = |i: u32| first + (span * u64::from(i) / u64::from(self.n)) as u32;
        at(self.k - 1)..at(self.k)
    }
}

/// A scenario file as the shard ran it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioText {
    /// As the command was given it (recorded in the outputs).
    pub file: String,
    pub sha256: String,
    pub text: String,
}

/// What every shard of one run must share, and its own place among them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardInfo {
    pub format_version: u32,
    pub version: String,
    /// `run`, `compare`, `sweep` or `sensitivity`.
    pub command: String,
    pub shard: Shard,
    /// This shard's replications, `from..to` of `total`.
    pub from: u32,
    pub to: u32,
    pub total: u32,
    /// The first replication the N shards share out: 0, or the replications of the
    /// finished run these shards extend (`--extend-from`).
    #[serde(default)]
    pub first: u32,
    pub seed: u64,
    pub scenarios: Vec<ScenarioText>,
    /// The command's options that change results or outputs.
    pub options: ShardOptions,
    /// The files of replications, one per pass.
    pub passes: Vec<String>,
    /// The command's own arguments, as it resolved them (a sweep's `--set` and
    /// `--target`).
    #[serde(default)]
    pub arguments: Vec<String>,
    /// Each pass's file of replications, with its size and SHA-256.
    pub files: Vec<FileEntry>,
    /// The command line that wrote the shard, without the program's name: what
    /// `jeugdsim shards status` reruns a missing shard with.
    #[serde(default)]
    pub command_line: Vec<String>,
}

/// The options a merge needs to write what the unsharded command writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShardOptions {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub psa: bool,
    pub chance_only: bool,
    pub csv_style: String,
    pub report: bool,
    pub lang: String,
    pub xlsx: bool,
}

impl ShardInfo {
    /// Everything but the shard's own place, data and command line: must be equal across
    /// the shards of a run and of the runs that extend it. A scenario is its text, however
    /// its path was typed.
    pub(crate) fn run_key(&self) -> ShardInfo {
        ShardInfo {
            shard: Shard { k: 1, n: 1 },
            from: 0,
            to: 0,
            total: 0,
            first: 0,
            files: Vec::new(),
            command_line: Vec::new(),
            options: ShardOptions {
                replications: None,
                ..self.options.clone()
            },
            scenarios: self
                .scenarios
                .iter()
                .map(|s| ScenarioText {
                    file: String::new(),
                    ..s.clone()
                })
                .collect(),
            ..self.clone()
        }
    }

    /// Why the shard's recorded range is not its own (`range` of its split), if it is not:
    /// "holds replications 3..9, not 3..6".
    pub(crate) fn range_error(&self) -> Option<String> {
        let expected = self.shard.range(self.first, self.total);
        ((self.from, self.to) != (expected.start, expected.end)).then(|| {
            format!(
                "holds replications {}..{}, not {}..{}",
                self.from, self.to, expected.start, expected.end
            )
        })
    }

    /// The `--shard K/N` split this shard belongs to: its first replication, the run's
    /// replications and N.
    pub(crate) fn part(&self) -> (u32, u32, u32) {
        (self.first, self.total, self.shard.n)
    }

    /// The recorded entry of pass `pass`'s file.
    pub fn file(&self, pass: &str) -> Option<&FileEntry> {
        let name = pass_file(pass);
        self.files.iter().find(|f| f.name == name)
    }

    pub fn read(dir: &Path) -> Result<ShardInfo> {
        let path = dir.join(SHARD_JSON);
        if !path.exists() {
            return Err(Error::Usage(format!(
                "{} is not a shard folder (no shard.json): merge takes the folders written with --shard K/N",
                dir.display()
            )));
        }
        // Scenario texts are kilobytes: a manifest of many megabytes is not a shard's.
        let size = std::fs::metadata(&path).map_or(0, |m| m.len());
        if size > MAX_SHARD_JSON {
            return Err(Error::Usage(format!(
                "{}: {size} bytes, more than a shard manifest can be ({MAX_SHARD_JSON}); \
                 merge takes folders written with --shard K/N",
                path.display()
            )));
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let info: ShardInfo = serde_json::from_str(&text).map_err(|e| {
            Error::Usage(format!(
                "{}: not a jeugdsim shard ({e}); merge takes folders written with --shard K/N",
                path.display()
            ))
        })?;
        if info.format_version != FORMAT_VERSION {
            return Err(Error::Usage(format!(
                "{}: shard format {}, this jeugdsim reads format {FORMAT_VERSION}; rerun the shard with this version",
                path.display(),
                info.format_version
            )));
        }
        if info.version != crate::VERSION {
            return Err(Error::Usage(format!(
                "{}: shard {}/{} was made by jeugdsim {}, this is {}: results are the same to \
                 the byte only within one version, so merge with the version that made the \
                 shards, or rerun them with this one",
                path.display(),
                info.shard.k,
                info.shard.n,
                info.version,
                crate::VERSION
            )));
        }
        for s in &info.scenarios {
            if crate::scenario::sha256_hex(s.text.as_bytes()) != s.sha256 {
                return Err(Error::Results(format!(
                    "{}: the text of scenario {} does not have its recorded SHA-256: the \
                     shard manifest was edited or damaged; rerun shard {}/{}",
                    path.display(),
                    s.file,
                    info.shard.k,
                    info.shard.n
                )));
            }
        }
        if let Some(pass) = info.passes.iter().find(|p| info.file(p).is_none()) {
            return Err(Error::Results(format!(
                "{}: no size and SHA-256 recorded for {}; rerun shard {}/{}",
                path.display(),
                pass_file(pass),
                info.shard.k,
                info.shard.n
            )));
        }
        Ok(info)
    }
}

/// Writes one pass's replications to a file as they arrive.
pub struct ShardWriter {
    out: BufWriter<std::fs::File>,
    path: PathBuf,
    next: Option<u32>,
    hash: Sha256,
    bytes: u64,
}

impl ShardWriter {
    pub fn create(path: &Path) -> Result<ShardWriter> {
        let file = std::fs::File::create(path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(ShardWriter {
            out: BufWriter::new(file),
            path: path.to_path_buf(),
            next: None,
            hash: Sha256::new(),
            bytes: 0,
        })
    }

    /// Flushes and syncs the file; returns its entry for `shard.json`.
    pub fn finish(self) -> Result<FileEntry> {
        let path = self.path.clone();
        let err = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let file = self.out.into_inner().map_err(|e| err(e.into_error()))?;
        file.sync_all().map_err(err)?;
        Ok(FileEntry {
            name: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            bytes: self.bytes,
            sha256: hex(self.hash.finalize().as_slice()),
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.hash.update(bytes);
        self.bytes += bytes.len() as u64;
        self.out.write_all(bytes).map_err(|source| Error::Write {
            path: self.path.clone(),
            source,
        })
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

impl Fold for ShardWriter {
    fn push(&mut self, rep: u32, outs: Vec<RepOut>) -> Result<()> {
        debug_assert!(self.next.is_none_or(|n| n == rep));
        self.next = Some(rep + 1);
        let bytes = postcard::to_stdvec(&(rep, outs))
            .map_err(|e| Error::Output(format!("cannot encode replication {rep}: {e}")))?;
        self.write(&(bytes.len() as u32).to_le_bytes())?;
        self.write(&bytes)
    }
}

/// Feeds the replications `range` stored in `path` to `fold`, in order. The file must
/// have the size and SHA-256 of `entry` (as `shard.json` recorded them); no record may
/// claim more bytes than the file has left; a missing, repeated or extra replication is
/// an error. Every error names the file.
pub fn replay(
    path: &Path,
    entry: &FileEntry,
    range: Range<u32>,
    fold: &mut dyn Fold,
) -> Result<()> {
    let file = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |m: String| Error::Results(format!("{}: {m}", path.display()));
    let size = file.metadata().map_err(|e| bad(e.to_string()))?.len();
    if size != entry.bytes {
        return Err(bad(format!(
            "{size} bytes where shard.json recorded {}: the file is damaged or incomplete; \
             rerun this shard",
            entry.bytes
        )));
    }
    let mut input = Hashing {
        inner: BufReader::new(file),
        hash: Sha256::new(),
        left: size,
    };
    let mut buf = Vec::new();
    for expected in range.clone() {
        let mut len = [0u8; 4];
        input.read_exact(&mut len).map_err(|_| {
            bad(format!(
                "ends before replication {expected} of {}..{}: an incomplete shard",
                range.start, range.end
            ))
        })?;
        let len = u64::from(u32::from_le_bytes(len));
        if len > input.left {
            return Err(bad(format!(
                "replication {expected} claims {len} bytes where {} are left: a damaged shard",
                input.left
            )));
        }
        buf.resize(len as usize, 0);
        input
            .read_exact(&mut buf)
            .map_err(|_| bad(format!("replication {expected} is cut short")))?;
        let (rep, outs): (u32, Vec<RepOut>) =
            postcard::from_bytes(&buf).map_err(|e| bad(format!("replication {expected}: {e}")))?;
        if rep != expected {
            return Err(bad(format!(
                "holds replication {rep} where {expected} belongs"
            )));
        }
        fold.push(rep, outs).map_err(|e| bad(e.to_string()))?;
    }
    if input.left > 0 {
        return Err(bad(format!(
            "holds more than its replications {}..{}",
            range.start, range.end
        )));
    }
    if hex(input.hash.finalize().as_slice()) != entry.sha256 {
        return Err(bad(
            "its SHA-256 is not the one shard.json recorded: the file was damaged or altered \
             after the shard wrote it; rerun this shard"
                .into(),
        ));
    }
    Ok(())
}

/// The SHA-256 of the file at `path` (hex), read through the hashing reader `replay` uses.
pub(crate) fn file_sha256(path: &Path) -> std::io::Result<String> {
    let mut input = Hashing {
        inner: BufReader::new(std::fs::File::open(path)?),
        hash: Sha256::new(),
        left: 0,
    };
    std::io::copy(&mut input, &mut std::io::sink())?;
    Ok(hex(input.hash.finalize().as_slice()))
}

/// Reads through, hashing what it read and counting what is left.
struct Hashing<R> {
    inner: R,
    hash: Sha256,
    left: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(out)?;
        self.hash.update(&out[..n]);
        self.left = self.left.saturating_sub(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::Shard;

    #[test]
    fn shards_cover_every_replication_once_in_order() {
        for reps in [2u32, 7, 90, 1000] {
            for n in 1..=9 {
                let mut next = 0;
                for k in 1..=n {
                    let r = Shard { k, n }.range(0, reps);
                    assert_eq!(r.start, next);
                    assert!(r.len() as u32 <= reps / n + 1);
                    next = r.end;
                }
                assert_eq!(next, reps);
            }
        }
        // The shards of an extension share out first..reps alike.
        for (first, reps) in [(4u32, 9u32), (40, 80), (7, 8)] {
            for n in 1..=5 {
                let mut next = first;
                for k in 1..=n {
                    let r = Shard { k, n }.range(first, reps);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, reps);
            }
        }
        assert!(Shard::parse("0/3").is_err() && Shard::parse("4/3").is_err());
        assert!(Shard::parse("a/3").is_err() && Shard::parse("3").is_err());
        assert_eq!(Shard::parse("2/3").unwrap(), Shard { k: 2, n: 3 });
    }
}
