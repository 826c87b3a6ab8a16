//! The provider market of a replication: who has room and where a youth is placed
//! ([`capacity`]), and the rules that open and close contracts — the wachtkamer review
//! ([`wachtkamer`]), rationing past a budget ([`rationing`]) and providers leaving the
//! market ([`exits`]); and capacity that follows providers' margins ([`growth`]).
//!
//! Each rule owns its state (a column per contract or per provider) and says, through
//! [`MarketRule::closes`], whether it keeps a contract from admitting new clients; a
//! contract admits clients only when no rule closes it. The engine calls each rule's own
//! step at its phase of the month and never writes into a rule's state.

pub mod award;
pub mod capacity;
pub mod exits;
pub mod growth;
pub mod rationing;
pub mod wachtkamer;

use crate::model::{ContractId, Model};
pub use capacity::Capacity;
pub use exits::Exits;
pub use rationing::Rationing;
pub use wachtkamer::Wachtkamer;

/// A market rule: its state, reset at the start of each replication, and its say over
/// admissions.
pub trait MarketRule {
    fn reset(&mut self, model: &Model);

    /// Whether the rule keeps contract `c` from admitting new clients.
    fn closes(&self, model: &Model, c: ContractId) -> bool;
}

pub struct Market {
    pub capacity: Capacity,
    pub wachtkamer: Wachtkamer,
    pub rationing: Rationing,
    pub exits: Exits,
}

impl Market {
    pub fn new(model: &Model) -> Market {
        Market {
            capacity: Capacity::new(model),
            wachtkamer: Wachtkamer::new(model),
            rationing: Rationing::new(model),
            exits: Exits::new(model),
        }
    }

    pub fn reset(&mut self, model: &Model) {
        self.capacity.reset(model);
        self.exits.reset(model);
        self.rationing.reset(model);
        self.wachtkamer.reset(model);
        for c in ContractId::range(model.contracts.len()) {
            let closed = self.wachtkamer.closes(model, c);
            self.capacity.set_closed(model, c, closed);
        }
    }

    /// Contracted and its provider still in the market: paid under the sub-segment's
    /// scheme, and counted for contract management.
    pub fn active(&self, model: &Model, c: ContractId) -> bool {
        active(&self.wachtkamer, &self.exits, model, c)
    }

    /// Year end: each active contract's places follow its provider's margin (see
    /// [`growth::follow_margins`]). Returns the net places added.
    pub fn follow_margins(
        &mut self,
        model: &Model,
        margin: impl Fn(crate::model::ProviderId) -> Option<f64>,
    ) -> i64 {
        let (wachtkamer, exits) = (&self.wachtkamer, &self.exits);
        growth::follow_margins(
            model,
            &mut self.capacity,
            |c| active(wachtkamer, exits, model, c),
            margin,
        )
    }

    /// Re-derives whether contract `c` admits new clients from every rule.
    pub fn refresh_admissions(&mut self, model: &Model, c: ContractId) {
        let closed = !self.active(model, c) || self.rationing.closes(model, c);
        if closed != self.capacity.is_closed(c) {
            self.capacity.set_closed(model, c, closed);
        }
    }

    /// End of month `t`: each active contract's position against what its scheme allows
    /// this year, as `(over, pressure)`. A contract `over` admits no new clients until
    /// January; its `pressure` applies to its clients whose indication ends next month.
    /// Both lift in December, when the year starts afresh. Returns the contracts closed.
    pub fn ration(
        &mut self,
        model: &Model,
        t: u32,
        position: impl Fn(ContractId, bool) -> (bool, crate::finance::Pressure),
    ) -> u64 {
        let december = model.calendar_month(t) == 11;
        let mut closures = 0;
        for c in ContractId::range(model.contracts.len()) {
            // In December the position for January: a new year, nothing produced yet.
            let (over, pressure) = if self.active(model, c) {
                let (over, pressure) = position(c, december);
                (over && !december, pressure)
            } else {
                (false, crate::finance::Pressure::NONE)
            };
            self.rationing.set_pressure(c, pressure);
            if self.rationing.set(c, over) {
                self.refresh_admissions(model, c);
                closures += u64::from(over);
            }
        }
        closures
    }

    /// How contract `c` treats clients whose indication ends (see [`Rationing`]).
    pub fn pressure(&self, c: ContractId) -> crate::finance::Pressure {
        self.rationing.pressure(c)
    }

    /// A review of the wachtkamer (see [`Wachtkamer::review`]); the providers it contracts
    /// are added to `activated` and admit clients at once.
    pub fn review<I: Iterator<Item = wachtkamer::Waiter>>(
        &mut self,
        model: &Model,
        waiting: impl Fn() -> I,
        activated: &mut Vec<wachtkamer::Activation>,
    ) {
        activated.clear();
        self.wachtkamer
            .review(model, &self.capacity, &self.exits, waiting, activated);
        for a in activated.iter() {
            self.refresh_admissions(model, a.contract);
        }
    }

    /// Year end: insolvent providers leave (see [`Exits::year_end`]) and their contracts
    /// close; they are added to `left`.
    pub fn exit_insolvent(
        &mut self,
        model: &Model,
        insolvent: impl Fn(crate::model::ProviderId) -> bool,
        left: &mut Vec<crate::model::ProviderId>,
    ) {
        left.clear();
        self.exits.year_end(model, insolvent, left);
        for (c, ct) in model.contracts.iter().enumerate() {
            if left.contains(&ct.provider) {
                self.refresh_admissions(model, ContractId::at(c));
            }
        }
    }

    /// Contracts open for business (contracted, provider in the market).
    pub fn open_contracts(&self, model: &Model) -> usize {
        (ContractId::range(model.contracts.len()))
            .filter(|&c| self.active(model, c))
            .count()
    }
}

/// Contracted and its provider still in the market (see [`Market::active`]); apart from
/// the market so the capacity can change while it is asked.
fn active(wachtkamer: &Wachtkamer, exits: &Exits, model: &Model, c: ContractId) -> bool {
    !wachtkamer.closes(model, c) && !exits.closes(model, c)
}
