//! What a work folder of shards holds (`jeugdsim shards status`): per run and per
//! `--shard K/N` split, which shards are done, in progress (with their replications so
//! far) or damaged, and which are missing, with the command that reruns them. A shard
//! writes its manifest into its temporary folder when it starts, so one in progress is
//! found by its number, and its files of replications count how far it is.

use super::{SHARD_JSON, ShardInfo, file_sha256, pass_file, sibling};
use crate::error::{Error, Result};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// Where one shard stands.
#[derive(Debug, Clone, PartialEq)]
pub enum State {
    /// Written whole, every file with its recorded size and SHA-256.
    Done,
    /// Its temporary folder exists: running, or left by a task that was killed.
    InProgress {
        /// Replications written so far, over every pass.
        written: u64,
        /// Replications of every pass.
        of: u64,
    },
    /// Its folder is there but cannot be merged: why.
    Damaged(String),
    /// No folder of it was found.
    Missing,
}

/// One shard of a split: its number, where it stands, and its folder.
#[derive(Debug, Clone)]
pub struct Entry {
    pub k: u32,
    pub state: State,
    pub dir: Option<PathBuf>,
}

/// The shards of one `--shard K/N` split of replications `first..total`.
#[derive(Debug, Clone)]
pub struct Part {
    pub first: u32,
    pub total: u32,
    pub n: u32,
    /// Shards 1..=N, in order.
    pub entries: Vec<Entry>,
    /// A shard of the split as it recorded itself: to name the run and rerun the others.
    pub example: (PathBuf, ShardInfo),
}

impl Part {
    /// The shards to run again: missing, damaged or left in progress.
    pub fn to_rerun(&self) -> Vec<u32> {
        self.entries
            .iter()
            .filter(|e| e.state != State::Done)
            .map(|e| e.k)
            .collect()
    }

    /// Replications written (over every pass) and replications of every pass.
    pub fn progress(&self) -> (u64, u64) {
        let passes = self.example.1.passes.len().max(1) as u64;
        let written = self
            .entries
            .iter()
            .map(|e| match e.state {
                State::Done => {
                    let r = super::Shard { k: e.k, n: self.n }.range(self.first, self.total);
                    passes * r.len() as u64
                }
                State::InProgress { written, .. } => written,
                _ => 0,
            })
            .sum();
        (written, passes * u64::from(self.total - self.first))
    }

    /// The command that writes shard `k` of this split where the others are, from the
    /// command line an example shard recorded; `None` when it recorded none (a shard of an
    /// older jeugdsim).
    pub fn rerun_command(&self, k: u32) -> Option<Vec<String>> {
        let (dir, info) = &self.example;
        if info.command_line.is_empty() {
            return None;
        }
        let mut line = info.command_line.clone();
        let shard = format!("{k}/{}", self.n);
        set_flag(&mut line, "--shard", &shard);
        if flag(&line, "--out").is_some() {
            let out = sibling(&final_dir(dir), info.shard.k, k)
                .map_or_else(|| format!("DIR-OF-SHARD-{k}"), |d| d.display().to_string());
            set_flag(&mut line, "--out", &out);
        }
        Some(line)
    }

    /// The shard.sbatch arguments after the array (`WORKDIR N COMMAND SCENARIO FLAGS`) when
    /// the shards were written by `deploy/slurm/shard.sbatch` (`--out WORKDIR/shard-K` and
    /// `--threads`).
    pub fn slurm_arguments(&self) -> Option<Vec<String>> {
        let (_, info) = &self.example;
        let out = PathBuf::from(flag(&info.command_line, "--out")?);
        if out.file_name()?.to_str()? != format!("shard-{}", info.shard.k) {
            return None;
        }
        flag(&info.command_line, "--threads")?;
        let mut args = vec![out.parent()?.display().to_string(), self.n.to_string()];
        let mut line = info.command_line.clone();
        for name in ["--shard", "--threads", "--out"] {
            remove_flag(&mut line, name);
        }
        args.extend(line);
        Some(args)
    }
}

/// The value of `--name V` or `--name=V` in `line`.
fn flag(line: &[String], name: &str) -> Option<String> {
    let eq = format!("{name}=");
    line.iter().enumerate().find_map(|(i, a)| {
        if a == name {
            line.get(i + 1).cloned()
        } else {
            a.strip_prefix(&eq).map(str::to_string)
        }
    })
}

/// Sets `--name` to `value` in `line` (adding it when absent).
fn set_flag(line: &mut Vec<String>, name: &str, value: &str) {
    remove_flag(line, name);
    line.extend([name.to_string(), value.to_string()]);
}

/// Removes `--name V` and `--name=V` from `line`.
fn remove_flag(line: &mut Vec<String>, name: &str) {
    let eq = format!("{name}=");
    let mut i = 0;
    while i < line.len() {
        if line[i] == name {
            line.drain(i..(i + 2).min(line.len()));
        } else if line[i].starts_with(&eq) {
            line.remove(i);
        } else {
            i += 1;
        }
    }
}

/// The shards found in `dirs`: each a shard folder, or a folder holding shard folders
/// (and the temporary folders of shards in progress). Grouped by run, then by split in
/// replication order. Folders that are not shards are left out; none at all is an error.
pub fn status(dirs: &[PathBuf]) -> Result<Vec<Vec<Part>>> {
    let mut found: Vec<(PathBuf, ShardInfo, State)> = Vec::new();
    for dir in dirs {
        if dir.join(SHARD_JSON).exists() {
            found.extend(look(dir));
            continue;
        }
        let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
            path: dir.clone(),
            source,
        })?;
        let mut children: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.join(SHARD_JSON).exists())
            .collect();
        children.sort();
        found.extend(children.iter().filter_map(|c| look(c)));
    }
    if found.is_empty() {
        return Err(Error::Usage(format!(
            "no shard folders in {}: give the folder the shards were written to (e.g. the \
             WORKDIR of deploy/slurm/submit.sh) or the shard folders themselves",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut runs: Vec<Vec<(PathBuf, ShardInfo, State)>> = Vec::new();
    for f in found {
        match runs.iter_mut().find(|r| r[0].1.run_key() == f.1.run_key()) {
            Some(run) => run.push(f),
            None => runs.push(vec![f]),
        }
    }
    // Splits that do not follow on from each other are runs of their own (the same
    // scenario at another replication count).
    let mut out: Vec<Vec<Part>> = Vec::new();
    for part in runs.into_iter().flat_map(parts) {
        match out.last_mut() {
            Some(run)
                if run
                    .last()
                    .is_some_and(|p| p.total == part.first && part.first > 0) =>
            {
                run.push(part);
            }
            _ => out.push(vec![part]),
        }
    }
    Ok(out)
}

/// The folder a shard in progress will have when it is done: `.NAME.partial-PID` is
/// `NAME`.
fn final_dir(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    match name
        .strip_prefix('.')
        .and_then(|n| n.rsplit_once(".partial-"))
    {
        Some((own, _)) => dir.with_file_name(own),
        None => dir.to_path_buf(),
    }
}

/// The splits of one run's shards, in replication order, each with all N entries.
fn parts(mut shards: Vec<(PathBuf, ShardInfo, State)>) -> Vec<Part> {
    shards.sort_by_key(|(_, s, _)| (s.first, s.total, s.shard.n, s.shard.k));
    let mut out: Vec<Part> = Vec::new();
    for (dir, info, state) in shards {
        if out
            .last()
            .is_none_or(|p| (p.first, p.total, p.n) != info.part())
        {
            out.push(Part {
                first: info.first,
                total: info.total,
                n: info.shard.n,
                entries: (1..=info.shard.n)
                    .map(|k| Entry {
                        k,
                        state: State::Missing,
                        dir: None,
                    })
                    .collect(),
                example: (dir.clone(), info.clone()),
            });
        }
        let Some(part) = out.last_mut() else { continue };
        let Some(entry) = part.entries.get_mut(info.shard.k as usize - 1) else {
            continue;
        };
        // A finished folder outranks a temporary one of the same shard (a rerun under way).
        let better = matches!(
            (&entry.state, &state),
            (State::Missing, _) | (State::InProgress { .. } | State::Damaged(_), State::Done)
        );
        if better {
            entry.state = state;
            entry.dir = Some(dir.clone());
            if !info.command_line.is_empty() && part.example.1.command_line.is_empty() {
                part.example = (dir, info);
            }
        }
    }
    out
}

/// The shard in `dir` and where it stands; `None` when its manifest is not a shard's.
fn look(dir: &Path) -> Option<(PathBuf, ShardInfo, State)> {
    // The manifest as written, unchecked: enough to place a shard in progress or damaged.
    let manifest = || -> Option<ShardInfo> {
        serde_json::from_slice(&std::fs::read(dir.join(SHARD_JSON)).ok()?).ok()
    };
    let name = dir.file_name()?.to_string_lossy().into_owned();
    if name.starts_with('.') && name.contains(".partial-") {
        let info = manifest()?;
        let written = info
            .passes
            .iter()
            .map(|p| records(&dir.join(pass_file(p))))
            .sum();
        let of = info.passes.len() as u64 * u64::from(info.to - info.from);
        return Some((dir.to_path_buf(), info, State::InProgress { written, of }));
    }
    match ShardInfo::read(dir) {
        Ok(info) => {
            let state = verify(dir, &info).map_or_else(State::Damaged, |()| State::Done);
            Some((dir.to_path_buf(), info, state))
        }
        // A manifest of this format that does not check out: damaged, with the reason.
        Err(e) => Some((
            dir.to_path_buf(),
            manifest()?,
            State::Damaged(e.to_string()),
        )),
    }
}

/// Checks the shard's range and each file's size and SHA-256 against its manifest.
fn verify(dir: &Path, info: &ShardInfo) -> std::result::Result<(), String> {
    if let Some(why) = info.range_error() {
        return Err(why);
    }
    for pass in &info.passes {
        let file = pass_file(pass);
        let entry = info
            .file(pass)
            .ok_or_else(|| format!("no size and SHA-256 recorded for {file}"))?;
        let path = dir.join(&file);
        let size = std::fs::metadata(&path)
            .map_err(|e| format!("{file}: {e}"))?
            .len();
        if size != entry.bytes {
            return Err(format!(
                "{file}: {size} bytes where shard.json recorded {}",
                entry.bytes
            ));
        }
        if file_sha256(&path).map_err(|e| format!("{file}: {e}"))? != entry.sha256 {
            return Err(format!(
                "{file}: its SHA-256 is not the one shard.json recorded"
            ));
        }
    }
    Ok(())
}

/// Whole records in a file of replications being written (each a u32 length and that
/// many bytes): found by seeking from length to length, without reading the records.
fn records(path: &Path) -> u64 {
    let Ok(mut file) = std::fs::File::open(path) else {
        return 0;
    };
    let size = file.metadata().map_or(0, |m| m.len());
    let (mut at, mut count) = (0u64, 0u64);
    let mut len = [0u8; 4];
    while at + 4 <= size {
        if file.seek(SeekFrom::Start(at)).is_err() || file.read_exact(&mut len).is_err() {
            break;
        }
        let next = at + 4 + u64::from(u32::from_le_bytes(len));
        if next > size {
            break;
        }
        at = next;
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::{final_dir, flag, remove_flag, set_flag};
    use std::path::Path;

    #[test]
    fn a_shard_in_progress_is_named_by_its_folder_to_be() {
        assert_eq!(
            final_dir(Path::new("w/.shard-2.partial-4711")),
            Path::new("w/shard-2")
        );
        assert_eq!(final_dir(Path::new("w/shard-2")), Path::new("w/shard-2"));
    }

    fn line(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn a_shard_flag_is_replaced_however_it_was_written() {
        let mut l = line("run s.ron --shard 2/8 --out=w/shard-2 --threads 4");
        assert_eq!(flag(&l, "--out").as_deref(), Some("w/shard-2"));
        set_flag(&mut l, "--shard", "5/8");
        set_flag(&mut l, "--out", "w/shard-5");
        remove_flag(&mut l, "--threads");
        assert_eq!(l, line("run s.ron --shard 5/8 --out w/shard-5"));
    }
}
