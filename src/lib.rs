//! jeugdsim: a Monte Carlo microsimulation of Dutch youth care (jeugdhulp) under a
//! region's procurement model. See README.md and `docs/model.md`.
//!
//! The flow is one-way: scenario text → [`scenario`] (parse, validate) → [`model::Model`]
//! → [`engine`] (one replication) run by [`run`] (replications, folded) → [`metrics`]
//! (summary) → [`results`] (the contract) → [`report`] (files, terminal). [`commands`] are
//! what the command line calls; docs/architecture.md walks through the house.
//!
//! Using it as a library:
//!
//! ```
//! use jeugdsim::run::{self, RunOptions};
//!
//! let (_source, mut model) = jeugdsim::scenario::load("scenarios/minimal.ron".as_ref())?;
//! model.replications = 20;
//! let result = run::run(&model, &RunOptions::default())?;
//! let cost = result.summary.metric("total_cost").expect("a contract metric");
//! assert!(cost.ci95[0] <= cost.mean && cost.mean <= cost.ci95[1]);
//! # Ok::<(), jeugdsim::Error>(())
//! ```

pub mod check;
pub mod commands;
pub mod data;
pub mod engine;
pub mod error;
pub mod fields;
pub mod finance;
pub mod ids;
pub mod market;
pub mod metrics;
pub mod model;
pub mod report;
pub mod results;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod serve;
pub mod transition;

pub use error::{Error, Result};

/// The version recorded in every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
