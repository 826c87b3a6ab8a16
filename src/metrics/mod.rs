//! From a replication's tally to named metrics, and from metrics over replications to a
//! summary. Metric names are the results contract (`summary.json`): extend, never rename.

pub mod books;
pub mod council;
pub mod stationarity;
pub mod stats;
pub mod tally;
pub mod target;

mod catalogue;
mod names;
mod summary;
mod values;

pub use catalogue::{CORE_METRICS, Metric};
pub use names::{
    BUDGET_METRICS, FAMILIES, YEARLY_METRICS, catalogue, known_metric, metric_names, unit,
};
pub use summary::{
    ActivationSummary, CHANCE_ONLY, Collector, Comparison, Summary, add_chance_only,
};
pub use values::{Ctx, monthly_series, monthly_values, replication_metrics, yearly_values};
