//! `jeugdsim serve`: the levers and the answer in a browser (docs/serve.md). A local web
//! application on a maintained stack (axum on tokio) whose page — plain HTML, CSS and
//! JavaScript embedded in the binary, no build step, no request beyond this server —
//! shows a scenario in tables, its levers per variant, and runs them with the command
//! line's own plans ([`jobs`]) into ordinary results folders.
//!
//! Nothing from the browser names a file: scenarios are offered by number from the list
//! the server was started with, and a run's files by name from the list it wrote.

mod jobs;
pub mod levers;
mod routes;
pub mod workbench;

pub use crate::commands::cli::ServeArgs;
use crate::error::{Error, Result};
use crate::report::lang::Lang;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// What every request shares.
pub(crate) struct App {
    /// The scenario files offered, read anew at each request (they may be edited while
    /// the server runs).
    pub scenarios: Vec<PathBuf>,
    pub jobs: jobs::Jobs,
    pub lang: Lang,
}

/// The scenario files of `given` (files, and the `.ron` files of folders, sorted); the
/// folder `scenarios` when nothing is given.
fn scenario_files(given: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let default = [PathBuf::from("scenarios")];
    let given = if given.is_empty() {
        &default[..]
    } else {
        given
    };
    let mut files = Vec::new();
    for path in given {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
                .collect();
            found.sort();
            files.extend(found);
        } else if path.is_file() {
            files.push(path.clone());
        } else {
            return Err(Error::Usage(format!(
                "{}: no such scenario file or folder{}",
                path.display(),
                if given == default {
                    "; name scenario files or folders: jeugdsim serve scenarios/"
                } else {
                    ""
                }
            )));
        }
    }
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no scenario files (.ron) in {}",
            given
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(files)
}

/// Starts the server and serves until the process is stopped. Prints the address to open.
pub fn serve(opts: ServeArgs) -> Result<()> {
    if opts.queue == 0 {
        return Err(Error::Usage(
            "--queue must be at least 1 (the runs that may wait)".into(),
        ));
    }
    if opts.threads == Some(0) {
        return Err(Error::Usage("--threads must be at least 1".into()));
    }
    let scenarios = scenario_files(&opts.scenarios)?;
    let app = App {
        scenarios,
        jobs: jobs::Jobs::start(&opts.results, opts.queue, opts.threads),
        lang: opts.lang,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(opts.host, opts.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("cannot listen on {addr}: {e}")))?;
        // Printed without `println!`: a closed stdout (a starter that read the address
        // and went away) must not stop the server.
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = writeln!(
            out,
            "jeugdsim serve: open http://{bound}/ in a browser (Ctrl+C stops)\nruns are saved in {}",
            opts.results.join("web").display()
        );
        let _ = out.flush();
        if !opts.host.is_loopback() {
            eprintln!(
                "warning: listening on {} answers other computers too, without a password",
                opts.host
            );
        }
        axum::serve(listener, routes::router(app))
            .await
            .map_err(|e| Error::Output(format!("the server stopped: {e}")))
    })
}

/// A scenario's name for a run's file: its file name without `.ron`.
fn stem(file: &Path) -> String {
    file.file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned())
}
