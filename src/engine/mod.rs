//! The engine kernel: one replication, month by month ([`kernel`]). It owns the population
//! and the fixed order of the monthly phases; financing schemes, market rules and the
//! transition are components it calls at their phase. Running many replications, the
//! base-year history and folding results are the runner's (`src/run/`), which the
//! kernel never imports.

mod balance;
mod calendar;
mod care;
pub mod delivered;
mod inflow;
pub mod kernel;
mod ledger;
mod observer;
mod placement;
mod population;
mod schemes;
mod slab;
mod stacking;
mod stock;
mod world;

pub use kernel::{Workspace, simulate};

/// Production at tariff per contract in the base year before go-live, from a P×Q history
/// run (computed by the runner, `src/run/reference.rs`): what budgets of schemes that need base-year
/// volumes, and provider reserves, are set from.
#[derive(Debug, Clone, Default)]
pub struct Reference {
    /// Per contract, cents a year.
    pub yearly_cents: Vec<f64>,
    /// Per contract × assessment cell (`delivered::cells`): the cost at tariff (cents,
    /// base-year prices) and number of the trajectories closed in the base year, summed
    /// over the history's replications; empty unless a scheme prices from history.
    pub delivered: Vec<(f64, f64)>,
}
