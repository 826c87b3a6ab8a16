//! A results folder holds exactly one run. Its files are written into a temporary sibling
//! folder, with the manifest last, and the folder is then renamed into place whole: a run
//! killed while writing leaves the previous results untouched (and a hidden temporary
//! folder that the next run removes), never new `summary.json` beside old CSV files or a
//! `report.html` of another scenario.
//!
//! Nothing jeugdsim did not write is ever deleted or overwritten: an existing folder is
//! replaced only when its manifest lists every file in it (a results folder's
//! `manifest.json`, a shard folder's `shard.json`), or when it is empty. Anything else —
//! a file of the user's, a subfolder, a folder without a manifest — is refused with its
//! name, and nothing is touched. The only leftovers removed are jeugdsim's own temporary
//! names, exactly as [`temp_file`] and [`publish_folder`] make them.

use super::Provenance;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// What the manifest records besides the files: the command and the scenario(s) run.
pub struct Run<'a> {
    pub command: &'a str,
    pub provenance: Vec<&'a Provenance>,
}

/// `manifest.json`: what was run, and every file jeugdsim wrote in the folder.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    /// The hash of the files' hashes: the same scenario and seed give the same manifest.
    pub run_id: String,
    pub command: String,
    pub version: Option<String>,
    pub scenarios: Vec<ManifestScenario>,
    pub files: Vec<FileEntry>,
}

/// A scenario a results folder was computed from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ManifestScenario {
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub replications: u64,
}

/// A file jeugdsim wrote: its name in the folder, size and SHA-256.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub bytes: u64,
    pub sha256: String,
}

impl FileEntry {
    /// The entry of `bytes` written as `name`.
    pub fn of(name: &str, bytes: &[u8]) -> FileEntry {
        FileEntry {
            name: name.to_string(),
            bytes: bytes.len() as u64,
            sha256: crate::scenario::sha256_hex(bytes),
        }
    }
}

/// How a kind of folder says which files jeugdsim wrote in it: the name of its manifest,
/// and the files that manifest lists (`None` when it is not such a manifest).
pub struct Listing {
    /// What the folder is, for messages ("results folder", "shard folder").
    pub what: &'static str,
    pub manifest: &'static str,
    pub listed: fn(&[u8]) -> Option<Vec<String>>,
}

/// A results folder: `manifest.json` lists its files.
pub const RESULTS: Listing = Listing {
    what: "results folder",
    manifest: MANIFEST,
    listed: |bytes| {
        let m: Manifest = serde_json::from_slice(bytes).ok()?;
        Some(m.files.into_iter().map(|f| f.name).collect())
    },
};

/// Replaces `dir` by a folder holding `files` (name, bytes) and the manifest. Returns the
/// paths in `dir`, manifest last.
pub fn publish(dir: &Path, files: Vec<(String, Vec<u8>)>, run: &Run<'_>) -> Result<Vec<PathBuf>> {
    let mut names: Vec<String> = Vec::new();
    publish_folder(dir, &RESULTS, |tmp| {
        for (file, bytes) in &files {
            write_file(&tmp.join(file), bytes)?;
            names.push(file.clone());
        }
        write_file(&tmp.join(MANIFEST), &manifest(tmp, &names, run)?)?;
        names.push(MANIFEST.to_string());
        Ok(())
    })?;
    Ok(names.iter().map(|n| dir.join(n)).collect())
}

/// Replaces `dir` whole by what `write` puts in a fresh temporary folder beside it: first
/// checks that `dir` holds only what its manifest (`listing`) lists, so nothing of the
/// user's is lost; on any error the temporary folder is removed and `dir` is untouched.
pub fn publish_folder(
    dir: &Path,
    listing: &Listing,
    write: impl FnOnce(&Path) -> Result<()>,
) -> Result<()> {
    refuse_foreign(dir, listing)?;
    let (parent, name) = split(dir)?;
    std::fs::create_dir_all(&parent).map_err(|source| Error::Write {
        path: parent.clone(),
        source,
    })?;
    remove_leftovers(&parent, &name);
    let tmp = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let result = (|| {
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir(&tmp).map_err(|source| Error::Write {
            path: tmp.clone(),
            source,
        })?;
        write(&tmp)?;
        swap_into_place(&tmp, dir, &parent, &name)
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Checks that `dir` may be replaced: it does not exist, is empty, or holds exactly files
/// its manifest lists (and jeugdsim's own temporary files). Otherwise an error naming
/// what jeugdsim did not write.
pub fn refuse_foreign(dir: &Path, listing: &Listing) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} is a file, not a folder; choose another --out",
                dir.display()
            )));
        }
        return Ok(());
    };
    let entries: Vec<(String, bool)> = entries
        .filter_map(|e| e.ok())
        .map(|e| {
            let file = e.file_type().is_ok_and(|t| t.is_file());
            (e.file_name().to_string_lossy().into_owned(), file)
        })
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    let listed = std::fs::read(dir.join(listing.manifest))
        .ok()
        .and_then(|bytes| (listing.listed)(&bytes));
    let Some(listed) = listed else {
        let mut names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        return Err(Error::Usage(format!(
            "{} is not a {} written by jeugdsim (it has no valid {}) and holds {}; \
             nothing was written. A {} is replaced whole, so choose a new or empty folder \
             with --out",
            dir.display(),
            listing.what,
            listing.manifest,
            some_names(&names),
            listing.what
        )));
    };
    let mut foreign: Vec<&str> = entries
        .iter()
        .filter(|(n, file)| {
            !(*file && (n == listing.manifest || listed.iter().any(|l| l == n) || is_temp_file(n)))
        })
        .map(|(n, _)| n.as_str())
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    foreign.sort_unstable();
    Err(Error::Usage(format!(
        "{} holds {}, which jeugdsim did not write (its {} does not list {}); a {} is \
         replaced whole, so nothing was written: move {} elsewhere or choose another --out",
        dir.display(),
        some_names(&foreign),
        listing.manifest,
        if foreign.len() == 1 { "it" } else { "them" },
        listing.what,
        if foreign.len() == 1 { "it" } else { "them" },
    )))
}

/// `a`, `b` and `c` (and n more).
fn some_names(names: &[&str]) -> String {
    let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
    let more = names.len().saturating_sub(3);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// The folder's parent and name; the parent of `results` is the current folder.
fn split(dir: &Path) -> Result<(PathBuf, String)> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| {
            Error::Usage(format!(
                "{} cannot be a results folder: name a folder, e.g. --out results/mine",
                dir.display()
            ))
        })?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name))
}

/// Whether `rest` is a process id: the end of every temporary name jeugdsim makes.
fn is_pid(rest: &str) -> bool {
    !rest.is_empty() && rest.len() <= 10 && rest.bytes().all(|b| b.is_ascii_digit())
}

/// Temporary folders of earlier runs into the same folder that were killed while writing:
/// exactly `.<name>.partial-<pid>` and `.<name>.old-<pid>`, nothing else.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.partial-"), format!(".{name}.old-")];
    for e in entries.filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().into_owned();
        let ours = prefixes
            .iter()
            .any(|p| n.strip_prefix(p.as_str()).is_some_and(is_pid));
        if ours && e.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// The temporary file `path` is written to before it is renamed over `path`:
/// `.<file name>.jeugdsim-tmp-<pid>`, beside it.
pub fn temp_file(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}{TEMP}{}", std::process::id()))
}

const TEMP: &str = ".jeugdsim-tmp-";

/// Whether `name` is a temporary file of [`temp_file`]'s, left by a killed write.
fn is_temp_file(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(TEMP)
            .is_some_and(|(file, pid)| file.len() > 1 && is_pid(pid))
}

/// Moves the finished `tmp` to `dir`, the old folder aside first and removed after.
fn swap_into_place(tmp: &Path, dir: &Path, parent: &Path, name: &str) -> Result<()> {
    let err = |source| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    if !dir.exists() {
        return std::fs::rename(tmp, dir).map_err(err);
    }
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dir, &old).map_err(err)?;
    if let Err(e) = std::fs::rename(tmp, dir) {
        // Put the previous results back: the folder is never left missing.
        let _ = std::fs::rename(&old, dir);
        return Err(err(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

/// Writes to a temporary file beside `path` ([`temp_file`]), syncs it, then renames
/// it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let tmp = temp_file(path);
    let result = write_synced(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(err)
}

/// Creates `path` with `bytes`, flushed to disk.
fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// `write_synced`, failing with the path it could not write.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_synced(path, bytes).map_err(|source| Error::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The manifest as JSON bytes.
fn to_bytes(m: &Manifest) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(m)
        .map_err(|e| Error::Output(format!("cannot write the manifest: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// The manifest: version, command, scenario(s) with their hash and seed, and every file
/// with its size and hash. The run id is the hash of the files' hashes, so the same
/// scenario and seed give the same manifest (outputs stay byte-identical).
fn manifest(tmp: &Path, names: &[String], run: &Run<'_>) -> Result<Vec<u8>> {
    let mut files = Vec::new();
    let mut all = Sha256::new();
    for n in names {
        let path = tmp.join(n);
        let bytes = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
        let entry = FileEntry::of(n, &bytes);
        all.update(entry.sha256.as_bytes());
        files.push(entry);
    }
    let run_id: String = all
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let scenarios = run
        .provenance
        .iter()
        .map(|p| ManifestScenario {
            scenario: p.scenario.clone(),
            scenario_file: p.scenario_file.clone(),
            scenario_sha256: p.scenario_sha256.clone(),
            seed: p.seed,
            replications: p.replications,
        })
        .collect();
    to_bytes(&Manifest {
        run_id,
        command: run.command.to_string(),
        version: run.provenance.first().map(|p| p.version.clone()),
        scenarios,
        files,
    })
}

/// The manifest of the results folder `dir`, once it is checked to hold only what the
/// manifest lists: what `jeugdsim report` may add a page to.
pub fn read_results(dir: &Path) -> Result<Manifest> {
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a folder: give the results folder of a run, compare, sweep, \
             sensitivity analysis or optimisation",
            dir.display()
        )));
    }
    let path = dir.join(MANIFEST);
    let bytes = std::fs::read(&path).map_err(|_| {
        Error::Usage(format!(
            "{} has no {MANIFEST}: it is not a results folder written by jeugdsim, so no \
             report is written there (give the folder `run`, `compare`, `sweep`, \
             `sensitivity`, `optimise` or `merge` wrote)",
            dir.display()
        ))
    })?;
    let manifest: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
        Error::Usage(format!(
            "{}: not a jeugdsim manifest ({e}); give a results folder jeugdsim wrote",
            path.display()
        ))
    })?;
    refuse_foreign(dir, &RESULTS)?;
    Ok(manifest)
}

/// Adds `file` (just written into `dir` by `jeugdsim report`) to the folder's manifest.
pub fn add_to_manifest(dir: &Path, mut manifest: Manifest, file: &Path) -> Result<()> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    manifest.files.retain(|f| f.name != name);
    manifest.files.push(FileEntry::of(&name, &bytes));
    write_atomic(&dir.join(MANIFEST), &to_bytes(&manifest)?)
}

#[cfg(test)]
mod tests {
    use super::{is_pid, is_temp_file, temp_file};
    use std::path::Path;

    #[test]
    fn only_jeugdsims_own_temporary_names_count_as_leftovers() {
        let t = temp_file(Path::new("out/report.html"));
        let name = t.file_name().unwrap().to_str().unwrap();
        assert!(is_temp_file(name), "{name}");
        assert_eq!(t.parent(), Some(Path::new("out")));
        for theirs in [
            "letter.tmpl",
            "backup.tmp",
            "report.html.tmp123",
            ".report.html.jeugdsim-tmp-",
            ".report.html.jeugdsim-tmp-12x",
            ".jeugdsim-tmp-123",
            "notes.jeugdsim-tmp-1",
        ] {
            assert!(!is_temp_file(theirs), "{theirs}");
        }
        assert!(is_pid("4711") && !is_pid("") && !is_pid("47a") && !is_pid("12345678901"));
    }
}
