//! The runs the page asked for: saved as a scenario file, queued (a bounded number wait),
//! simulated one at a time on a worker thread by the command line's own plans, and written
//! as an ordinary results folder beside the file. Each can be watched and cancelled.

use crate::commands::compare::ComparePlan;
use crate::commands::plan::{self, Arguments, Done, Plan};
use crate::commands::run::RunPlan;
use crate::commands::{Output, cli::value_name};
use crate::error::{Error, Result};
use crate::report::{CsvStyle, lang::Lang};
use crate::run::RunOptions;
use crate::run::watch::Watch;
use crate::scenario::Source;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

/// Where a run is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum State {
    Queued,
    Running,
    Done { seconds: f64 },
    Failed { message: String },
    Cancelled,
}

/// One run of the page.
pub struct Job {
    pub id: u64,
    /// `compare` (several variants) or `run`.
    pub command: &'static str,
    /// The scenario file it runs, as saved.
    pub file: PathBuf,
    /// Its results folder.
    pub dir: PathBuf,
    pub lang: Lang,
    text: String,
    threads: Option<usize>,
    watch: Arc<Watch>,
    /// Replication-variants in all (known once the plan is built).
    total: AtomicU64,
    state: Mutex<State>,
    /// The results folder's files, by name, once written.
    files: Mutex<Vec<String>>,
}

/// What the page shows of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub id: u64,
    #[serde(flatten)]
    pub state: State,
    pub done: u64,
    pub total: u64,
    pub command: &'static str,
    pub file: String,
    pub dir: String,
    pub files: Vec<String>,
    /// The command line that writes the same files.
    pub cli: String,
}

impl Job {
    pub fn status(&self) -> Status {
        let state = self
            .state
            .lock()
            .map(|s| s.clone())
            .unwrap_or(State::Cancelled);
        Status {
            id: self.id,
            state,
            done: self.watch.done(),
            total: self.total.load(Ordering::Relaxed),
            command: self.command,
            file: self.file.display().to_string(),
            dir: self.dir.display().to_string(),
            files: self.files(),
            cli: format!(
                "jeugdsim {} {} --xlsx --report --lang {} --out {}-cli",
                self.command,
                self.file.display(),
                value_name(&self.lang),
                self.dir.display()
            ),
        }
    }

    pub fn files(&self) -> Vec<String> {
        self.files.lock().map(|f| f.clone()).unwrap_or_default()
    }

    /// Finished, failed or cancelled: nothing more will happen.
    pub fn is_final(&self) -> bool {
        !matches!(
            self.state.lock().as_deref(),
            Ok(State::Queued | State::Running)
        )
    }

    /// Asks the run to stop: a waiting run never starts, a running one ends at its next
    /// replication and writes nothing.
    pub fn cancel(&self) {
        self.watch.cancel();
    }

    fn set(&self, state: State) {
        if let Ok(mut s) = self.state.lock() {
            *s = state;
        }
    }
}

/// The runs of this server, and the queue to the worker.
pub struct Jobs {
    all: Mutex<Vec<Arc<Job>>>,
    queue: Mutex<mpsc::Sender<Arc<Job>>>,
    waiting: Arc<AtomicUsize>,
    capacity: usize,
    root: PathBuf,
    threads: Option<usize>,
}

impl Jobs {
    /// Runs saved under `root/web`; at most `capacity` wait while one runs.
    pub fn start(root: &Path, capacity: usize, threads: Option<usize>) -> Jobs {
        let (sender, receiver) = mpsc::channel::<Arc<Job>>();
        let waiting = Arc::new(AtomicUsize::new(0));
        let counter = waiting.clone();
        std::thread::spawn(move || {
            for job in receiver {
                counter.fetch_sub(1, Ordering::SeqCst);
                work(&job);
            }
        });
        Jobs {
            all: Mutex::new(Vec::new()),
            queue: Mutex::new(sender),
            waiting,
            capacity,
            root: root.join("web"),
            threads,
        }
    }

    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        let all = self.all.lock().ok()?;
        all.iter().find(|j| j.id == id).cloned()
    }

    /// Saves `text` as a new scenario file named after `name` and queues its run; refused
    /// when the queue is full (nothing is saved then).
    pub fn submit(&self, name: &str, text: String, columns: usize, lang: Lang) -> Result<Arc<Job>> {
        // Take a place in the queue first, so two requests at once cannot both take the last.
        let cap = self.capacity;
        if self
            .waiting
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |w| {
                (w < cap).then_some(w + 1)
            })
            .is_err()
        {
            return Err(Error::Usage(format!(
                "{cap} runs are already waiting; try again when one has finished"
            )));
        }
        let (file, dir) = save_new(&self.root, name, &text).inspect_err(|_| {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
        })?;
        let Ok(mut all) = self.all.lock() else {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(Error::Output("the list of runs is unavailable".into()));
        };
        let job = Arc::new(Job {
            id: all.len() as u64 + 1,
            command: if columns > 1 { "compare" } else { "run" },
            file,
            dir,
            lang,
            text,
            threads: self.threads,
            watch: Arc::new(Watch::default()),
            total: AtomicU64::new(0),
            state: Mutex::new(State::Queued),
            files: Mutex::new(Vec::new()),
        });
        all.push(job.clone());
        let sent = self.queue.lock().is_ok_and(|q| q.send(job.clone()).is_ok());
        if !sent {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            job.set(State::Failed {
                message: "the worker has stopped; restart jeugdsim serve".into(),
            });
        }
        Ok(job)
    }
}

/// Writes `text` to `dir/<name>-<n>.ron` for the first n whose file and results folder are
/// both free; never replaces a file (the name is taken by a hard link, which fails if it
/// exists).
fn save_new(dir: &Path, name: &str, text: &str) -> Result<(PathBuf, PathBuf)> {
    let write_err = |path: &Path, source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| write_err(dir, e))?;
    let name = crate::check::plain_name(name);
    let tmp = dir.join(format!(".{name}.ron.partial-{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(|e| write_err(&tmp, e))?;
    let mut result = Err(Error::Output(format!(
        "{}: no free name for a new run",
        dir.display()
    )));
    for n in 1..100_000 {
        let file = dir.join(format!("{name}-{n}.ron"));
        let folder = dir.join(format!("{name}-{n}"));
        if folder.exists() || file.exists() {
            continue;
        }
        match std::fs::hard_link(&tmp, &file) {
            Ok(()) => {
                result = Ok((file, folder));
                break;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            // A file system without hard links: create the name only if it is new.
            Err(_) => match write_new(&file, text) {
                Err(Error::Write { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    continue;
                }
                written => {
                    result = written.map(|()| (file, folder));
                    break;
                }
            },
        }
    }
    let _ = std::fs::remove_file(&tmp);
    result
}

/// Writes `text` to `file`, which must not exist yet.
fn write_new(file: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let err = |source| Error::Write {
        path: file.to_path_buf(),
        source,
    };
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(err)?;
    f.write_all(text.as_bytes())
        .and_then(|()| f.sync_all())
        .map_err(err)
}

/// Runs `job` unless it was cancelled while waiting, and records how it ended.
fn work(job: &Job) {
    if job.watch.is_cancelled() {
        job.set(State::Cancelled);
        return;
    }
    job.set(State::Running);
    let started = std::time::Instant::now();
    // A defect in a run must not take the worker (and every later run) with it.
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| simulate(job)))
        .unwrap_or_else(|_| {
            Err(Error::Output(
                "jeugdsim stopped on an internal error in this run (a defect: please report it \
                 with the scenario file)"
                    .into(),
            ))
        });
    let state = match outcome {
        Ok(files) => {
            if let Ok(mut f) = job.files.lock() {
                *f = files;
            }
            State::Done {
                seconds: started.elapsed().as_secs_f64(),
            }
        }
        Err(Error::Cancelled) => State::Cancelled,
        Err(e) => State::Failed {
            message: e.to_string(),
        },
    };
    job.set(state);
}

/// What `jeugdsim compare FILE --xlsx --report --lang L` (or `run`) does, on the file as
/// saved: the same plans, so the same bytes.
fn simulate(job: &Job) -> Result<Vec<String>> {
    let source = Source::from_text(&job.file, job.text.clone());
    let opts = RunOptions {
        threads: job.threads,
        watch: Some(job.watch.clone()),
        ..Default::default()
    };
    let out = Output {
        dir: &job.dir,
        csv_style: CsvStyle::default(),
        lang: job.lang,
        formats: Output::formats(true, true),
    };
    let written = if job.command == "compare" {
        let plan = ComparePlan::new(vec![source], &Arguments::default(), &opts)?;
        count(job, &plan, plan.models.len());
        plan::whole(plan)?.write(&out)?
    } else {
        let plan = RunPlan::new(vec![source], &Arguments::default(), &opts)?;
        count(job, &plan, 1);
        plan::whole(plan)?.write(&out)?
    };
    Ok(written
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect())
}

/// Records how many replication-variants the plan simulates, for the progress bar.
fn count<P: Plan>(job: &Job, plan: &P, variants: usize) {
    let total = plan.passes().len() as u64 * u64::from(plan.replications()) * variants as u64;
    job.total.store(total, Ordering::Relaxed);
}
