//! The `jeugdsim` command line: parses arguments, hands the command to the library
//! ([`jeugdsim::commands`]) and maps errors to exit codes (2: the scenario or the
//! arguments are wrong; 1: anything else, such as a file that cannot be read or written).

use clap::Parser;
use jeugdsim::commands::{self, cli::Cli, cli::Command};
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
    let cli = Cli::parse();
    let outcome = match cli.command {
        // A server must outlive a browser that closes its connection: SIGPIPE stays
        // ignored, as Rust sets it.
        Command::Serve(args) => jeugdsim::serve::serve(args),
        command => {
            quiet_broken_pipe();
            commands::execute(command)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
