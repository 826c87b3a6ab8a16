//! Watching a run from outside it: how many replications are done, and a request to stop.
//! `jeugdsim serve` shows the first as a progress bar and sets the second when its user
//! cancels (or closes the tab); the command line has neither and passes no watch.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Watch {
    /// Replication-variants simulated so far, over every pass.
    done: AtomicU64,
    cancelled: AtomicBool,
}

impl Watch {
    pub fn done(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// An error once the run is cancelled, so the replications under way end before
    /// their next one and nothing is written.
    pub(super) fn go_on(&self) -> crate::error::Result<()> {
        if self.is_cancelled() {
            return Err(crate::error::Error::Cancelled);
        }
        Ok(())
    }

    /// Counts `n` more replication-variants simulated.
    pub(super) fn count(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }
}
