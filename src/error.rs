//! One error type for the library. Scenario errors carry the file, line and column so a
//! policy analyst can go straight to the offending value.

use std::fmt;
use std::path::PathBuf;

/// A problem found in a scenario, located in its source text.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Dotted path of the offending value, e.g. `segments[0].sub_segments[1].hazards.light`.
    pub path: String,
    /// 1-based line and column of the value in the file, when it could be located.
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} (at `{}`)",
            self.line, self.col, self.message, self.path
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The file is not well-formed RON or does not fit the scenario schema.
    #[error("{}:{line}:{col}: {message}", file.display())]
    Parse {
        file: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// The file parsed, but values are impossible or inconsistent. All problems are listed.
    #[error("{} has {} problem(s):\n{}", file.display(), problems.len(), list_problems(file, problems))]
    Invalid {
        file: PathBuf,
        problems: Vec<Problem>,
    },
    /// A region's data (docs/data.md) that cannot be read: every problem with its file,
    /// sheet, row and column.
    #[error("{0}")]
    Data(String),
    /// A backcast whose simulated spend is further from the recorded than its tolerance.
    #[error("{0}")]
    Tolerance(String),
    /// A command-line value that makes no sense (e.g. `--replications 0`).
    #[error("{0}")]
    Usage(String),
    /// Values allowed but probably not meant, refused because of `--strict`.
    #[error("{} warning(s), errors under --strict:\n{}", .0.len(), .0.iter().map(|w| format!("  {w}")).collect::<Vec<_>>().join("\n"))]
    Strict(Vec<String>),
    /// An output could not be formatted (CSV, chart).
    #[error("{0}")]
    Output(String),
    /// A folder given to `report` does not hold readable jeugdsim results.
    #[error("{0}")]
    Results(String),
    /// Shards of a run are not all done (`jeugdsim shards status`).
    #[error("{0}")]
    Incomplete(String),
    /// The run was stopped before it finished (`jeugdsim serve`'s cancel); nothing was
    /// written.
    #[error("the run was cancelled before it finished; nothing was written")]
    Cancelled,
    /// The worker threads could not be started.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

impl Error {
    /// The process exit code: 2 when the user's input (scenario, arguments, data) is wrong,
    /// 3 when a backcast is beyond its tolerance, 1 for everything else (files that cannot be read or written, internal failures).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Parse { .. }
            | Error::Invalid { .. }
            | Error::Usage(_)
            | Error::Strict(_)
            | Error::Data(_) => 2,
            Error::Read { .. }
            | Error::Write { .. }
            | Error::Output(_)
            | Error::Results(_)
            | Error::Threads(_)
            | Error::Cancelled => 1,
            Error::Tolerance(_) | Error::Incomplete(_) => 3,
        }
    }
}

fn list_problems(file: &std::path::Path, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {}:{p}", file.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

pub type Result<T> = std::result::Result<T, Error>;
