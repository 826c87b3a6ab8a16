//! jeugdsim: a Monte Carlo microsimulation of Dutch youth care (jeugdhulp) under a
//! region's procurement model. See README.md and `../shared/MODEL.md`.
//!
//! The flow is one-way: scenario text → [`scenario`] (parse, validate) → [`model::Model`]
//! → [`engine`] (replications) → [`metrics`] (summary) → [`report`] (files, terminal).

pub mod engine;
pub mod error;
pub mod finance;
pub mod metrics;
pub mod model;
pub mod report;
pub mod scenario;

pub use error::{Error, Result};

/// The version recorded in every output.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
