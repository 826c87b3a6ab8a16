//! Stacked care (`004:2297-2308`; stapeling, `001:92-98`): living and residential care
//! are contracted apart from the individual help, so a youth in a stay may at the same
//! time hold an ambulant assignment — its own provider, contract and payment. The
//! assignment takes a place with its provider, is paid under the ambulant sub-segment's
//! scheme as that contract's care, and ends with the stay; the youth is counted once, in
//! the stay.

use super::kernel::Sim;
use crate::model::{ContractId, NO_CONTRACT, SubId};
use crate::rng::Purpose;

/// Per youth slot, its concurrent ambulant assignment, when it holds one.
#[derive(Debug, Default)]
pub struct Stacks {
    entries: Vec<Stack>,
}

#[derive(Debug, Clone, Copy)]
struct Stack {
    contract: ContractId,
    /// Care a month at base-year prices (cents).
    monthly: i32,
}

const NONE: Stack = Stack {
    contract: NO_CONTRACT,
    monthly: 0,
};

impl Stacks {
    pub fn reset(&mut self) {
        self.entries.clear();
    }

    /// The assignment of `slot`, taken (it ends).
    #[inline(always)]
    fn take(&mut self, slot: u32) -> Option<Stack> {
        let e = self.entries.get_mut(slot as usize)?;
        let s = std::mem::replace(e, NONE);
        (s.contract != NO_CONTRACT).then_some(s)
    }

    fn set(&mut self, slot: u32, stack: Stack) {
        let s = slot as usize;
        if s >= self.entries.len() {
            self.entries.resize(s + 1, NONE);
        }
        self.entries[s] = stack;
    }
}

impl Sim<'_> {
    /// The youth in `slot` starts a stay in `sub` in month `t`: when the sub-segment stacks
    /// care, a share of its youths (drawn from the youth's key) also get an ambulant
    /// assignment with a provider of the ambulant sub-segment that has room, for the
    /// average plan of their need there. No provider with room: no assignment (counted).
    #[inline(always)]
    pub(super) fn start_stack(&mut self, slot: u32, sub: SubId, t: u32) {
        // Most sub-segments stack nothing: no call on the way in.
        if let Some(stacked) = self.model.subs[sub as usize].stacked {
            self.stack_onto(slot, stacked, t);
        }
    }

    fn stack_onto(&mut self, slot: u32, (to, share): (SubId, f64), t: u32) {
        let m = self.model;
        let y = self.ws.pop.youths[slot];
        // A municipality that buys the ambulant care itself arranges it outside the model.
        let bought_separately = m.subs[to as usize]
            .bought_separately
            .contains(y.muni.into());
        if bought_separately || crate::rng::uniform(y.key, 0, Purpose::Stacking) >= share {
            return;
        }
        let salt = self.ws.salts.get(t, Purpose::Stacking);
        let contract = self.ws.market.capacity.draw(to, y.muni, y.key, salt);
        if contract == NO_CONTRACT {
            self.ws.observer.count(|c| c.stacked_unplaced += 1);
            return;
        }
        let plan = self.expected_plan(y.key, to, y.need as usize, t);
        let monthly = (plan.monthly_cents + 0.5).clamp(0.0, i32::MAX as f64) as i32;
        self.ws.market.capacity.occupy(m, contract);
        self.ws.ledger.stack(contract, y.muni, monthly, 1);
        self.ws.stacks.set(slot, Stack { contract, monthly });
        self.ws.observer.count(|c| c.stacked_assignments += 1);
    }

    /// The stay of the youth in `slot` ends: so does its ambulant assignment.
    #[inline(always)]
    pub(super) fn end_stack(&mut self, slot: u32) {
        if let Some(s) = self.ws.stacks.take(slot) {
            self.unstack(slot, s);
        }
    }

    fn unstack(&mut self, slot: u32, s: Stack) {
        let muni = self.ws.pop.youths[slot].muni;
        self.ws.market.capacity.vacate(self.model, s.contract);
        self.ws.ledger.stack(s.contract, muni, s.monthly, -1);
    }
}
