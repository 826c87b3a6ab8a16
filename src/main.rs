//! The `jeugdsim` command line: parses arguments, hands the command to the library
//! ([`jeugdsim::commands`]) and maps errors to exit codes (2: the scenario or the
//! arguments are wrong; 3: a check not passed; 128 + the signal: stopped by SIGTERM or
//! Ctrl-C; 1: anything else, such as a file that cannot be read or written).

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

/// SIGTERM (Slurm's `scancel` and time limit) and Ctrl-C stop a run before its next
/// replication: it ends with an error and removes its temporary folder, so a cancelled
/// shard leaves nothing behind. A second signal ends the process at once (the handler
/// resets itself).
#[cfg(unix)]
fn stop_on_signals() {
    extern "C" fn stop(signal: libc::c_int) {
        jeugdsim::run::watch::interrupt(signal);
    }
    // SAFETY: sigaction(2) with a handler that only stores an atomic (async-signal-safe),
    // installed at start-up before any thread exists.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = stop as extern "C" fn(libc::c_int) as libc::sighandler_t;
        action.sa_flags = libc::SA_RESETHAND;
        libc::sigemptyset(&mut action.sa_mask);
        for signal in [libc::SIGTERM, libc::SIGINT] {
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

#[cfg(not(unix))]
fn stop_on_signals() {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        // A server must outlive a browser that closes its connection: SIGPIPE stays
        // ignored, as Rust sets it.
        Command::Serve(args) => jeugdsim::serve::serve(args),
        command => {
            quiet_broken_pipe();
            stop_on_signals();
            commands::execute(command)
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        // Stopped by a signal: the shell's code for it (128 + 15 or 2), as if it had killed.
        Err(jeugdsim::Error::Cancelled) if jeugdsim::run::watch::interrupted_by().is_some() => {
            eprintln!(
                "stopped by a signal before the run finished; nothing was written and its \
                 temporary folder was removed"
            );
            let signal = jeugdsim::run::watch::interrupted_by().unwrap_or(15);
            ExitCode::from(128 + u8::try_from(signal).unwrap_or(15))
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
