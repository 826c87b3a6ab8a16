//! The base date's stock (a scenario fitted to a region's data): the youths each
//! municipality had in care in each sub-segment start their running indications with a
//! provider that has room (the best-ranked one over its places when none has), and the
//! youths on its waiting list join the waiting list, in the first simulated month.

use super::kernel::Sim;
use super::population::Newcomer;
use super::population::{Status, m16};
use crate::model::{NO_CONTRACT, NO_PROVIDER, NO_SUB};
use crate::rng::{self, Purpose, pick, uniform};

/// Keys of stock youths apart from referrals' (municipality indices are below
/// `MuniSet::CAPACITY`) and from a transition caseload's (0x1_0000 + k).
const STOCK_KEYS: u32 = 0x2_0000;

impl Sim<'_> {
    /// Month `t`, the first simulated: the stock enters. Returns how many youths entered.
    pub(super) fn start_stock(&mut self, t: u32) -> u32 {
        let m = self.model;
        let mut entered = 0;
        for (k, entry) in m.stock.iter().enumerate() {
            let youths = entry.in_care + entry.waiting;
            for i in 0..youths {
                let key = rng::youth_key(self.rep_key, STOCK_KEYS + k as u32, 0, i);
                let need = pick(&m.need_cum, uniform(key, 0, Purpose::Need)) as u8;
                let age = (uniform(key, 0, Purpose::Age) * 18.0 * 12.0) as u16;
                let newcomer = Newcomer {
                    key,
                    age,
                    muni: entry.muni,
                    need,
                    target: entry.sub,
                    anchor_provider: NO_PROVIDER,
                    anchor_sub: NO_SUB,
                    counted: false,
                };
                entered += 1;
                if i >= entry.in_care {
                    self.enqueue_new(t, newcomer);
                    continue;
                }
                let capacity = &mut self.ws.market.capacity;
                let salt = rng::salt(0, Purpose::Placement);
                let contract = match capacity.draw(entry.sub, entry.muni, key, salt) {
                    NO_CONTRACT => match capacity.covering(entry.sub, entry.muni).first() {
                        Some(&c) => c,
                        // No provider covers the municipality: the youth waits.
                        None => {
                            self.enqueue_new(t, newcomer);
                            continue;
                        }
                    },
                    c => c,
                };
                capacity.occupy(m, contract);
                let slot = self.new_youth(t, newcomer);
                self.ws.transition.clear(slot);
                self.start_care(slot, entry.sub, contract, t);
                let left = 1
                    + (uniform(key, 0, Purpose::IndicationEnd) * entry.max_months_left as f64)
                        as u32;
                let y = &mut self.ws.pop.youths[slot];
                y.ind_end = m16(t + left.min(entry.max_months_left));
                y.anchor_provider = m.contracts[contract.ix()].provider;
                y.anchor_sub = entry.sub;
            }
        }
        // Their indications' ends are known now: their care joins the standing care and
        // their next events are drawn.
        for slot in 0..self.ws.pop.youths.len() as u32 {
            if self.ws.pop.youths[slot].status == Status::Care {
                self.restand(slot);
                self.schedule(slot, t);
            }
        }
        entered
    }
}
