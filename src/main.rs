//! The `jeugdsim` command line: parses arguments, hands the command to the library
//! ([`jeugdsim::commands`]) and maps errors to exit codes (2: the scenario or the
//! arguments are wrong; 1: anything else, such as a file that cannot be read or written).

use clap::Parser;
use jeugdsim::commands::{self, cli::Cli};
use std::process::ExitCode;

/// `jeugdsim run … | head` closes the pipe early: end quietly, as Unix tools do, instead of
/// panicking on the next print. Results are written before anything is printed.
#[cfg(unix)]
fn quiet_broken_pipe() {
    // SAFETY: restoring the default disposition of one signal at start-up, before any
    // thread exists, is the documented use of signal(2).
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_broken_pipe() {}

fn main() -> ExitCode {
    quiet_broken_pipe();
    let cli = Cli::parse();
    match commands::execute(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
