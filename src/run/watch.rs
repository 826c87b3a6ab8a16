//! Watching a run from outside it: how many replications are done, and a request to stop.
//! `jeugdsim serve` shows the first as a progress bar and sets the second when its user
//! cancels (or closes the tab); the command line passes no watch, but a SIGTERM (Slurm's
//! `scancel`, a time limit) or Ctrl-C stops every run of the process through
//! [`interrupt`], so that its temporary folder is removed instead of left behind.

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, Ordering};

/// The signal that interrupted the process (0: none): every run stops before its next
/// replication.
static INTERRUPTED_BY: AtomicI32 = AtomicI32::new(0);

/// Stops every run of the process before its next replication, for `signal` (non-zero);
/// they end with [`crate::error::Error::Cancelled`] and write nothing. Only stores an
/// atomic, so a signal handler may call it.
pub fn interrupt(signal: i32) {
    INTERRUPTED_BY.store(signal, Ordering::Relaxed);
}

/// The signal given to [`interrupt`], if it was called.
pub fn interrupted_by() -> Option<i32> {
    Some(INTERRUPTED_BY.load(Ordering::Relaxed)).filter(|&s| s != 0)
}

/// An error once the process is interrupted.
pub(super) fn go_on_unless_interrupted() -> crate::error::Result<()> {
    if interrupted_by().is_some() {
        return Err(crate::error::Error::Cancelled);
    }
    Ok(())
}

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
