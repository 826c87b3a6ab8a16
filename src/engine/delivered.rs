//! Care delivered per trajectory in the history, for prices set from it: the region set
//! its 2017 profile prices as the average cost of the care delivered in past years
//! (`003:527-528`, `003:534-535`). Recorded only in the history run of a model whose
//! trajectory prices come from it; every other run leaves this empty and pays nothing for
//! it.

use super::kernel::Sim;
use super::population::Status;
use crate::model::{ContractId, Model, NO_CONTRACT};

/// Per youth slot, what its running trajectory has cost at tariff (base-year prices);
/// per contract × assessment cell, the trajectories closed in the recorded year and their
/// summed cost.
#[derive(Debug, Default)]
pub struct Delivered {
    on: bool,
    /// Whether closures are counted this month (the base year).
    counting: bool,
    running: Vec<i64>,
    cells: usize,
    /// Per contract × cell: (cents, trajectories).
    closed: Vec<(f64, f64)>,
}

impl Delivered {
    pub fn new(model: &Model) -> Delivered {
        let cells = cells(model);
        Delivered {
            on: model.record_delivered,
            counting: false,
            running: Vec::new(),
            cells,
            closed: if model.record_delivered {
                vec![(0.0, 0.0); model.contracts.len() * cells]
            } else {
                Vec::new()
            },
        }
    }

    pub fn reset(&mut self) {
        self.running.clear();
        self.closed.fill((0.0, 0.0));
    }

    #[inline(always)]
    pub fn on(&self) -> bool {
        self.on
    }

    /// The month begins: closures count from go-live (the recorded base year) on.
    pub fn begin_month(&mut self, model: &Model, t: u32) {
        self.counting = self.on && t >= model.warmup;
    }

    /// A trajectory starts in `slot`: nothing delivered yet.
    pub fn start(&mut self, slot: u32) {
        if !self.on {
            return;
        }
        let s = slot as usize;
        if s >= self.running.len() {
            self.running.resize(s + 1, 0);
        }
        self.running[s] = 0;
    }

    /// A month of care (and a one-off) delivered in `slot`, cents at base-year prices.
    pub fn deliver(&mut self, slot: u32, cents: i64) {
        let s = slot as usize;
        if s >= self.running.len() {
            self.running.resize(s + 1, 0);
        }
        self.running[s] += cents;
    }

    /// The trajectory in `slot` with `contract`, assessed in `cell`, closes.
    pub fn close(&mut self, slot: u32, contract: ContractId, cell: usize) {
        if !self.counting || contract == NO_CONTRACT {
            return;
        }
        let cost = self.running.get(slot as usize).copied().unwrap_or(0);
        let c = &mut self.closed[contract.ix() * self.cells + cell.min(self.cells - 1)];
        c.0 += cost as f64;
        c.1 += 1.0;
    }

    /// Per contract × cell: (cents, trajectories) closed in the recorded year.
    pub fn closed(&self) -> &[(f64, f64)] {
        &self.closed
    }
}

/// Assessment cells per contract: profile × intensity, or one without profiles.
pub fn cells(model: &Model) -> usize {
    model
        .profiles
        .as_ref()
        .map_or(1, |p| (p.names.len() * p.intensity_names.len()).max(1))
}

impl Sim<'_> {
    /// The history that sets prices from delivered care: this month's care of everyone
    /// in care, at base-year prices, on their running trajectory.
    pub(super) fn record_delivered(&mut self) {
        let ws = &mut *self.ws;
        for (slot, y) in ws.pop.youths.iter().enumerate() {
            if y.status == Status::Care {
                let once = if y.new_trajectory {
                    i64::from(y.trajectory_cents)
                } else {
                    0
                };
                ws.delivered
                    .deliver(slot as u32, i64::from(y.monthly_cents) + once);
            }
        }
    }

    /// The trajectory of the youth in `slot` closes: its cost joins its contract and
    /// assessment cell.
    pub(super) fn close_delivered(&mut self, slot: u32) {
        let y = self.ws.pop.youths[slot];
        let (assessment, _, _) = self.assessment(y.key, y.sub, y.need as usize);
        let cell = assessment.map_or(0, |(profile, intensity)| {
            let intensities = self
                .model
                .profiles
                .as_ref()
                .map_or(1, |p| p.intensity_names.len());
            profile * intensities + intensity
        });
        self.ws.delivered.close(slot, y.contract, cell);
    }
}
