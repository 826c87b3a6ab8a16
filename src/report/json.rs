//! `summary.json`: the results contract (docs/metrics.md), written from its serde struct
//! ([`crate::results::summary::SummaryFile`]).

use super::{Exporter, Results};
use crate::error::Result;
use crate::results::{json_bytes, summary::SummaryFile};

pub struct SummaryJson;

impl Exporter<Results<'_>> for SummaryJson {
    fn file_name(&self) -> &'static str {
        "summary.json"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        json_bytes(&SummaryFile::new(r.provenance, r.summary))
    }
}
