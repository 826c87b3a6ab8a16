//! `jeugdsim shards status`: the shards of a work folder, where each stands, and the
//! commands that rerun what is not done and merge the rest.

use crate::error::{Error, Result};
use crate::run::shard::status::{self, Part, State};
use std::fmt::Write;
use std::path::PathBuf;

/// Prints the status of the shards in `dirs`; with `missing`, only `N: K,K,...` of the one
/// split found (for scripts). An error (exit 3) while any shard is not done.
pub fn status(dirs: &[PathBuf], missing: bool) -> Result<()> {
    let runs = status::status(dirs)?;
    if missing {
        let [part] = &runs.concat()[..] else {
            return Err(Error::Usage(format!(
                "--missing reads one --shard K/N split, and {} hold{} {}: give each work \
                 folder its own run",
                dirs.iter()
                    .map(|d| d.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                if dirs.len() == 1 { "s" } else { "" },
                if runs.len() > 1 {
                    "the shards of several runs"
                } else {
                    "a run and the runs that extend it"
                }
            )));
        };
        let rerun: Vec<String> = part.to_rerun().iter().map(u32::to_string).collect();
        println!("{}: {}", part.n, rerun.join(","));
        return Ok(());
    }
    let mut text = String::new();
    let mut not_done = 0;
    for run in &runs {
        let (dir, info) = &run[0].example;
        let files: Vec<&str> = info.scenarios.iter().map(|s| s.file.as_str()).collect();
        let _ = writeln!(
            text,
            "{}: shards of `{} {}` (seed {}, jeugdsim {})",
            dir.parent()
                .map_or(String::new(), |p| p.display().to_string()),
            info.command,
            files.join(" "),
            info.seed,
            info.version
        );
        for part in run {
            not_done += part.to_rerun().len();
            describe(&mut text, part);
        }
    }
    print!("{text}");
    if not_done > 0 {
        return Err(Error::Incomplete(format!(
            "{not_done} shard{} not done (above); merge once every shard is done",
            if not_done == 1 { " is" } else { "s are" }
        )));
    }
    println!("every shard is done: merge them with `jeugdsim merge` (above)");
    Ok(())
}

/// One split: its shards, its progress, and how to finish it.
fn describe(text: &mut String, part: &Part) {
    let _ = writeln!(
        text,
        "  replications {}..{} in {} shard{}{}:",
        part.first,
        part.total,
        part.n,
        if part.n == 1 { "" } else { "s" },
        if part.first > 0 {
            format!(" (extending the run of {})", part.first)
        } else {
            String::new()
        }
    );
    let passes = part.example.1.passes.len();
    for e in &part.entries {
        let place = e
            .dir
            .as_ref()
            .map_or(String::new(), |d| format!("  {}", d.display()));
        let state = match &e.state {
            State::Done => "done".to_string(),
            State::InProgress { written, of } => format!(
                "in progress: {written} of {of} replications written{} (running, or left \
                 by a task that was killed)",
                if passes > 1 {
                    format!(" over {passes} passes")
                } else {
                    String::new()
                }
            ),
            State::Damaged(why) => format!("damaged: {why}"),
            State::Missing => "missing".to_string(),
        };
        let _ = writeln!(text, "    {}/{}  {state}{place}", e.k, part.n);
    }
    let (written, of) = part.progress();
    let rerun = part.to_rerun();
    let _ = writeln!(
        text,
        "  {} of {} shards done; {written} of {of} replications written ({:.0}%)",
        part.n as usize - rerun.len(),
        part.n,
        100.0 * written as f64 / of.max(1) as f64
    );
    if rerun.is_empty() {
        let dirs: Vec<String> = part
            .entries
            .iter()
            .filter_map(|e| e.dir.as_ref().map(|d| d.display().to_string()))
            .collect();
        let _ = writeln!(text, "  merge: jeugdsim merge {} --out OUT", dirs.join(" "));
        return;
    }
    let list: Vec<String> = rerun.iter().map(u32::to_string).collect();
    let _ = writeln!(
        text,
        "  rerun shard{} {} once no task of {} runs any more, from the folder the shards \
         were started in:",
        if rerun.len() == 1 { "" } else { "s" },
        list.join(", "),
        if rerun.len() == 1 { "it" } else { "them" }
    );
    if let Some(args) = part.slurm_arguments() {
        let _ = writeln!(
            text,
            "    sbatch --array={} deploy/slurm/shard.sbatch {}",
            list.join(","),
            shell_line(&args)
        );
        let _ = writeln!(
            text,
            "    (or the first deploy/slurm/submit.sh command again: it submits only these, and the merge)"
        );
    }
    for &k in &rerun {
        match part.rerun_command(k) {
            Some(line) => {
                let _ = writeln!(text, "    jeugdsim {}", shell_line(&line));
            }
            None => {
                let _ = writeln!(
                    text,
                    "    the command and flags of the first submission with --shard {k}/{} \
                     (these shards did not record their command line)",
                    part.n
                );
            }
        }
    }
}

/// Arguments as a shell reads them back: quoted where they hold anything but plain
/// characters.
fn shell_line(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
            if plain {
                a.clone()
            } else {
                format!("'{}'", a.replace('\'', r"'\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_with_spaces_or_quotes_are_quoted_for_the_shell() {
        let args = ["run", "my scenarios/x.ron", "--set", "a[b]=1..2", "it's"];
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        assert_eq!(
            super::shell_line(&args),
            r"run 'my scenarios/x.ron' --set 'a[b]=1..2' 'it'\''s'"
        );
    }
}
