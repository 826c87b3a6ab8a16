//! A results folder holds exactly one run. Its files are written into a temporary sibling
//! folder, with `manifest.json` last, and the folder is then renamed into place whole: a
//! run killed while writing leaves the previous results untouched (and a hidden temporary
//! folder that the next run removes), never new `summary.json` beside old CSV files or a
//! `report.html` of another scenario.

use super::Provenance;
use crate::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// Files jeugdsim writes in a results folder. A folder holding only these (and no
/// manifest, as written before manifests existed) is still recognised as results.
const KNOWN: &[&str] = &[
    "summary.json",
    "summary.csv",
    "monthly.csv",
    "activations.csv",
    "municipalities.csv",
    "providers.csv",
    "comparison.json",
    "comparison.csv",
    "sweep.json",
    "sweep.csv",
    "sensitivity.json",
    "sensitivity.csv",
    "optimise.json",
    "report.html",
    MANIFEST,
];

/// What the manifest records besides the files: the command and the scenario(s) run.
pub struct Run<'a> {
    pub command: &'a str,
    pub provenance: Vec<&'a Provenance>,
}

/// Replaces `dir` by a folder holding `files` (name, bytes) — plus what `then` writes
/// into the new folder before it is moved into place (the HTML report) — and the manifest.
/// Returns the paths in `dir`, manifest last.
pub fn publish(
    dir: &Path,
    files: Vec<(String, Vec<u8>)>,
    run: &Run<'_>,
    then: impl FnOnce(&Path) -> Result<Vec<PathBuf>>,
) -> Result<Vec<PathBuf>> {
    refuse_foreign(dir)?;
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
        let mut names: Vec<String> = Vec::new();
        for (file, bytes) in &files {
            write_file(&tmp.join(file), bytes)?;
            names.push(file.clone());
        }
        for extra in then(&tmp)? {
            if let Some(n) = extra.file_name() {
                names.push(n.to_string_lossy().into_owned());
            }
        }
        write_file(&tmp.join(MANIFEST), &manifest(&tmp, &names, run)?)?;
        names.push(MANIFEST.to_string());
        swap_into_place(&tmp, dir, &parent, &name)?;
        Ok(names)
    })();
    match result {
        Ok(names) => Ok(names.iter().map(|n| dir.join(n)).collect()),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(e)
        }
    }
}

/// A folder that exists and holds anything but jeugdsim results is never replaced: `--out`
/// pointed at a folder of the user's own would otherwise be deleted.
fn refuse_foreign(dir: &Path) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Usage(format!(
                "{} is a file, not a folder; choose another --out",
                dir.display()
            )));
        }
        return Ok(());
    };
    let foreign: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !KNOWN.contains(&n.as_str()) && !n.contains(".tmp"))
        .take(3)
        .collect();
    if foreign.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{} holds files that are not jeugdsim results ({}); a results folder is replaced \
         whole, so choose a new or empty folder with --out",
        dir.display(),
        foreign.join(", ")
    )))
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

/// Temporary folders of earlier runs into the same folder that were killed while writing.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.partial-"), format!(".{name}.old-")];
    for e in entries.filter_map(|e| e.ok()) {
        let n = e.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
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

/// Creates `path` with `bytes`, flushed to disk.
pub(super) fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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

/// The manifest: version, command, scenario(s) with their hash and seed, and every file
/// with its size and hash. The run id is the hash of the files' hashes, so the same
/// scenario and seed give the same manifest (outputs stay byte-identical).
fn manifest(tmp: &Path, names: &[String], run: &Run<'_>) -> Result<Vec<u8>> {
    use serde_json::json;
    let mut files = Vec::new();
    let mut all = Sha256::new();
    for n in names {
        let path = tmp.join(n);
        let bytes = std::fs::read(&path).map_err(|source| Error::Read { path, source })?;
        let hash = crate::scenario::sha256_hex(&bytes);
        all.update(hash.as_bytes());
        files.push(json!({"name": n, "bytes": bytes.len(), "sha256": hash}));
    }
    let run_id: String = all
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    let scenarios: Vec<serde_json::Value> = run
        .provenance
        .iter()
        .map(|p| {
            json!({
                "scenario": p.scenario,
                "scenario_file": p.scenario_file,
                "scenario_sha256": p.scenario_sha256,
                "seed": p.seed,
                "replications": p.replications,
            })
        })
        .collect();
    let version = run.provenance.first().map(|p| p.version.as_str());
    let doc = json!({
        "run_id": run_id,
        "command": run.command,
        "version": version,
        "scenarios": scenarios,
        "files": files,
    });
    let mut out = serde_json::to_vec_pretty(&doc)
        .map_err(|e| Error::Output(format!("cannot write the manifest: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// Adds `file` (just written into `dir` by `jeugdsim report`) to the folder's manifest,
/// when it has one.
pub fn add_to_manifest(dir: &Path, file: &Path) -> Result<()> {
    let path = dir.join(MANIFEST);
    let Ok(text) = std::fs::read(&path) else {
        return Ok(());
    };
    let Ok(mut doc) = serde_json::from_slice::<serde_json::Value>(&text) else {
        return Ok(());
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    if let Some(files) = doc["files"].as_array_mut() {
        files.retain(|f| f["name"] != name.as_str());
        files.push(
            serde_json::json!({"name": name, "bytes": bytes.len(), "sha256": crate::scenario::sha256_hex(&bytes)}),
        );
    }
    let mut out = serde_json::to_vec_pretty(&doc)
        .map_err(|e| Error::Output(format!("cannot write the manifest: {e}")))?;
    out.push(b'\n');
    super::write_atomic(&path, &out)
}
