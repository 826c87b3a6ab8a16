//! `sweep.json`: one row per swept value with every metric, and the target with the
//! smallest value that meets it.

use super::named::Named;
use super::{Head, Provenance};
use crate::metrics::stats::Stat;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepFile {
    #[serde(flatten)]
    pub head: Head,
    /// The swept path.
    pub set: String,
    pub rows: Vec<SweepRow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<SweepTarget>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepRow {
    pub value: f64,
    pub metrics: Named<Stat>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SweepTarget {
    pub expression: String,
    /// The smallest value meeting it in 95% of replications; none when no value does.
    pub chosen_value: Option<f64>,
}

impl SweepFile {
    /// The file of a sweep of `path` over `values`, with each value's metrics and the
    /// target (`expression`, chosen value) when there is one.
    pub fn new(
        provenance: &Provenance,
        path: &str,
        rows: Vec<SweepRow>,
        target: Option<SweepTarget>,
    ) -> SweepFile {
        SweepFile {
            head: provenance.head(),
            set: path.to_string(),
            rows,
            target,
        }
    }
}
