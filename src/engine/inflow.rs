//! Youths entering: new referrals, relapses of former clients, and the caseload at
//! go-live; and the transition end, which sends clients of legacy providers to the
//! waiting list.

use super::kernel::Sim;
use super::population::{Former, Move, Newcomer, Status, Youth, m16};
use crate::ids::{MuniIx, SubId};
use crate::model::{NO_PROVIDER, NO_SUB};
use crate::rng::{self, Purpose, pick, pick_drawn};
use rand_distr::{Distribution, Poisson};

impl Sim<'_> {
    /// New referrals: Poisson per municipality, then referrer, sociale basis, need, triage.
    pub(super) fn inflow(&mut self, t: u32) -> u32 {
        let m = self.model;
        let calendar = m.calendar_month(t);
        // The trend runs from `start`: the warm-up, history before go-live, is at the
        // start level, so what was known when budgets were set does not include it.
        let years_from_start = (t as f64 - m.warmup as f64).max(0.0) / 12.0;
        let trend = self.ws.world.trend_per_year;
        let factor = m.seasonality[calendar as usize] * (1.0 + trend).powf(years_from_start);
        let mut entered = 0;
        for (mi, muni) in m.munis.iter().enumerate() {
            let lambda = muni.referral_rate * muni.youth_0_17 / 12.0 * factor;
            if lambda <= 0.0 {
                continue;
            }
            let muni_key = rng::youth_key(self.rep_key, mi as u32, t, u32::MAX);
            let count = match Poisson::new(lambda) {
                Ok(p) => p.sample(&mut rng::stream(muni_key, t, Purpose::Inflow)) as u32,
                Err(_) => 0,
            };
            for k in 0..count {
                let key = rng::youth_key(self.rep_key, mi as u32, t, k);
                entered += u32::from(self.referral(key, t, mi));
            }
        }
        entered
    }

    /// One referral from municipality `mi`: returns whether it enters the region's care
    /// (placed at once or on the waiting list).
    fn referral(&mut self, key: u64, t: u32, mi: usize) -> bool {
        let m = self.model;
        let obs = &mut self.ws.observer;
        obs.count(|c| c.referrals += 1);
        // A table without a choice, or a share of nothing, needs no draw.
        let salts = &self.ws.salts;
        let referrer = pick_drawn(&m.referrer_cum, || salts.uniform(key, t, Purpose::Referrer));
        let resolved = m.referrers[referrer].sociale_basis_share;
        if resolved > 0.0 && salts.uniform(key, t, Purpose::SocialeBasis) < resolved {
            obs.count(|c| {
                c.resolved_in_sociale_basis += 1;
                c.sociale_basis_cents += m.sociale_basis_cost_cents;
            });
            return false;
        }
        let need = pick_drawn(&m.need_cum, || salts.uniform(key, t, Purpose::Need));
        let (cum, subs) = m.triage(mi, need);
        if subs.is_empty() {
            return false;
        }
        let sub = subs[pick_drawn(cum, || salts.uniform(key, t, Purpose::Triage))];
        if m.subs[sub as usize].bought_separately.contains(mi) {
            // The municipality buys this care itself: not in the regional model.
            obs.count(|c| c.bought_separately += 1);
            return false;
        }
        let span = (m.age_max_months - m.age_min_months + 1) as f64;
        let age = m.age_min_months + (self.ws.salts.uniform(key, t, Purpose::Age) * span) as u32;
        let slot = self.new_youth(
            t,
            Newcomer {
                key,
                age: age as u16,
                muni: mi as MuniIx,
                need: need as u8,
                target: sub,
                anchor_provider: NO_PROVIDER,
                anchor_sub: NO_SUB,
                counted: false,
            },
        );
        self.ws.transition.clear(slot);
        if m.referrers[referrer].needs_consent {
            self.await_consent(slot, (key, need), sub, t);
        }
        self.place_or_wait(slot, t);
        true
    }

    /// Some schemes make a referral by a referrer that needs the region's consent wait
    /// for it: the youth in `slot` (drawing key and need level) is ready from then on.
    #[cold]
    #[inline(never)]
    fn await_consent(&mut self, slot: u32, (key, need): (u64, usize), sub: SubId, t: u32) {
        let scheme = self.ws.schemes.at(self.model, sub, t);
        if scheme.asks_consent()
            && let Some(delay) =
                scheme.consent_delay(key, need, &self.expected_plan(key, sub, need, t))
            && delay > 0
        {
            self.ws.pop.youths[slot].ready_at = m16(t + delay);
            self.ws.observer.count(|c| c.consent_delays += 1);
        }
    }

    /// A new youth in a free slot, with every component's column cleared; not yet on the
    /// waiting list.
    pub(super) fn new_youth(&mut self, t: u32, n: Newcomer) -> u32 {
        let slot = self.ws.pop.add(Youth::referred(t, &n));
        self.ws.schemes.indications.enter(slot);
        let y = &self.ws.pop.youths[slot];
        let eighteen = y.born as i64 + super::population::AGE_18 as i64;
        self.ws.calendar.birthday(slot, n.key, eighteen);
        slot
    }

    /// A new youth on the waiting list.
    pub(super) fn enqueue_new(&mut self, t: u32, n: Newcomer) -> u32 {
        let slot = self.new_youth(t, n);
        self.ws.transition.clear(slot);
        self.ws.pop.waiting.push(slot);
        slot
    }

    /// Former clients whose relapse falls this month are referred again; within
    /// `resume_within_months` they resume the same help with the same provider when it has
    /// room.
    pub(super) fn relapses(&mut self, t: u32) -> u32 {
        let m = self.model;
        let r = m.relapse;
        let bucket = t as usize % self.ws.pop.relapse_calendar.len();
        let mut due = std::mem::take(&mut self.ws.pop.relapse_calendar[bucket]);
        let mut entered = 0;
        for f in &due {
            let since = t - f.left;
            let age = f.age + since as u16;
            let (sub, provider, anchor) = if since <= r.resume_within_months {
                (f.sub, f.provider, f.sub)
            } else {
                let (cum, subs) = m.triage(f.muni as usize, f.need as usize);
                let sub = if subs.is_empty() {
                    f.sub
                } else {
                    let u = self.ws.salts.uniform(f.key, t, Purpose::Triage);
                    subs[pick(cum, u)]
                };
                (sub, NO_PROVIDER, NO_SUB)
            };
            if m.subs[sub as usize]
                .bought_separately
                .contains(f.muni as usize)
            {
                self.ws.observer.count(|c| c.bought_separately += 1);
                continue;
            }
            self.enqueue_new(
                t,
                Newcomer {
                    key: f.key,
                    age,
                    muni: f.muni,
                    need: f.need,
                    target: sub,
                    anchor_provider: provider,
                    anchor_sub: anchor,
                    counted: f.counted,
                },
            );
            entered += 1;
            self.ws.observer.reentry(f.provider, since <= 12);
        }
        due.clear();
        self.ws.pop.relapse_calendar[bucket] = due;
        entered
    }

    /// Books a relapse of the youth in `slot`, who leaves care in month `t`, for the month
    /// it falls in, if that is within the window and before 18. A constant monthly hazard
    /// h gives a geometric time to relapse, drawn once here from one keyed uniform
    /// (inverting its CDF over the window) instead of a draw per former client per month.
    pub(super) fn book_relapse(&mut self, slot: u32, t: u32, unattained: bool) {
        let r = self.model.relapse;
        let hazard = if unattained {
            r.unattained_hazard
        } else {
            r.hazard
        };
        // A model without relapse asks nothing of the youth.
        if hazard <= 0.0 {
            return;
        }
        let y = self.ws.pop.youths[slot];
        let age = y.age(t);
        if age >= super::population::AGE_18 as u32 {
            return;
        }
        let u = self.ws.salts.uniform(y.key, t, Purpose::Relapse);
        let pop = &mut self.ws.pop;
        let cdf = if unattained {
            &pop.relapse_cdf_unattained
        } else {
            &pop.relapse_cdf
        };
        let k = super::population::first_above(cdf, u);
        let months = (k < cdf.len()).then_some(k as u32 + 1);
        if let Some(months) = months
            && (age + months) < super::population::AGE_18 as u32
            && t + months < self.model.months_total()
        {
            let at = t + months;
            let len = pop.relapse_calendar.len();
            pop.relapse_calendar[at as usize % len].push(Former {
                key: y.key,
                left: t,
                age: age as u16,
                muni: y.muni,
                need: y.need,
                sub: y.anchor_sub,
                provider: y.anchor_provider,
                counted: y.counted,
            });
        }
    }

    /// Go-live of a transition: after a simulated history, a share of each caseload
    /// sub-segment's running indications turns out to be at legacy providers; without one,
    /// the counted caseload starts care. Returns the youths created.
    pub(super) fn go_live(&mut self, t: u32) -> u32 {
        if self.model.warmup > 0 {
            let legacy_clients = self.hand_over_legacy(t);
            self.ws
                .observer
                .count(|c| c.legacy_clients_at_go_live += legacy_clients);
            return 0;
        }
        self.start_caseload()
    }

    /// The running indications at go-live that continue at a legacy provider: each such
    /// client leaves its place with a contracted provider (the new model's providers are
    /// contracted for the whole demand, so the room serves the waiting list meanwhile),
    /// keeps its indication and its end, and is paid P×Q until it ends or the transition
    /// ends. Returns their number.
    fn hand_over_legacy(&mut self, t: u32) -> u64 {
        let m = self.model;
        let mut handed = 0;
        for slot in 0..self.ws.pop.youths.len() as u32 {
            let y = self.ws.pop.youths[slot];
            if y.status != Status::Care || y.target != NO_SUB {
                continue;
            }
            let Some(legacy) = self.ws.transition.legacy_provider(m, y.sub, y.key, t) else {
                continue;
            };
            self.unstand(slot);
            let capacity = &mut self.ws.market.capacity;
            capacity.vacate(m, y.contract);
            capacity.occupy(m, legacy);
            let y = &mut self.ws.pop.youths[slot];
            y.contract = legacy;
            y.anchor_provider = m.contracts[legacy.ix()].provider;
            self.ws.transition.mark(slot);
            // A running indication: no budget of the new model.
            self.ws.schemes.indications.uncap(slot);
            self.restand(slot);
            self.schedule(slot, t);
            handed += 1;
        }
        handed
    }

    /// Go-live without a history: the counted caseload starts care, each youth with its
    /// months left.
    fn start_caseload(&mut self) -> u32 {
        let m = self.model;
        let mut created = 0;
        let mut transition = std::mem::take(&mut self.ws.transition);
        let mut capacity = std::mem::replace(
            &mut self.ws.market.capacity,
            crate::market::Capacity::empty(),
        );
        let legacy_clients = transition.go_live(m, self.rep_key, &mut capacity, |cy| {
            let slot = self.new_youth(
                0,
                Newcomer {
                    key: cy.key,
                    age: cy.age,
                    muni: cy.muni,
                    need: cy.need,
                    target: cy.sub,
                    anchor_provider: NO_PROVIDER,
                    anchor_sub: NO_SUB,
                    counted: false,
                },
            );
            self.start_care(slot, cy.sub, cy.contract, 0);
            // A running indication: no budget of the new model.
            self.ws.schemes.indications.uncap(slot);
            let y = &mut self.ws.pop.youths[slot];
            y.ind_end = m16(cy.months_left);
            y.anchor_provider = m.contracts[cy.contract.ix()].provider;
            y.anchor_sub = cy.sub;
            created += 1;
            slot
        });
        self.ws.market.capacity = capacity;
        self.ws.transition = transition;
        // The caseload's legacy marks and months left are known now: its care joins the
        // standing care or is delivered one by one, and its next events are drawn.
        for slot in 0..self.ws.pop.youths.len() as u32 {
            if self.ws.pop.youths[slot].status == Status::Care {
                self.restand(slot);
                self.schedule(slot, 0);
            }
        }
        self.ws
            .observer
            .count(|c| c.legacy_clients_at_go_live += legacy_clients);
        created
    }

    /// Transition end of the sub-segments whose end is this month (and that neither let
    /// their placements run out nor re-indicate them): running legacy indications there
    /// convert to the new model; clients of legacy providers must move (forced), keeping
    /// their care until placed.
    pub(super) fn end_transition(&mut self, t: u32) {
        let m = self.model;
        let Some(tr) = &m.transition else { return };
        for slot in 0..self.ws.pop.youths.len() as u32 {
            let y = &self.ws.pop.youths[slot];
            if y.status != Status::Care {
                continue;
            }
            let sub = m.contracts[y.contract.ix()].sub;
            let ends = tr
                .caseload
                .iter()
                .any(|cl| cl.sub == sub && cl.end == t && cl.converts_at_end());
            if ends {
                if self.ws.transition.is_legacy(slot) {
                    self.ws.observer.count(|c| c.legacy_converted += 1);
                }
                self.convert(slot, t);
            }
            // A converted legacy indication joins the standing care.
            self.restand(slot);
        }
    }

    /// Re-indication of the third group (`reindicate`): a legacy indication running past
    /// its sub-segment's end is re-indicated by the toegang in a month drawn once for the
    /// client within the first months after go-live, at an administrative cost; it then
    /// converts, and a client of a legacy provider must move.
    pub(super) fn reindicate(&mut self, t: u32) {
        let m = self.model;
        let Some(tr) = &m.transition else { return };
        for slot in 0..self.ws.pop.youths.len() as u32 {
            let y = &self.ws.pop.youths[slot];
            if y.status != Status::Care || !self.ws.transition.is_legacy(slot) {
                continue;
            }
            let sub = m.contracts[y.contract.ix()].sub;
            let Some(cl) = tr.caseload.iter().find(|cl| cl.sub == sub) else {
                continue;
            };
            let Some((within, cost)) = cl.reindicate else {
                continue;
            };
            let u = rng::uniform(y.key, 0, rng::Purpose::Reindication);
            let month = m.warmup + ((u * f64::from(within)) as u32).min(within - 1);
            if month != t || u32::from(y.ind_end) <= cl.end {
                continue;
            }
            self.ws.observer.count(|c| {
                c.transition_reindications += 1;
                c.admin_cents += cost;
            });
            self.convert(slot, t);
            self.restand(slot);
        }
    }

    /// The running legacy indication in `slot` (if any) converts to the new model; a client
    /// of a legacy provider must move, keeping its care until placed.
    fn convert(&mut self, slot: u32, t: u32) {
        let m = self.model;
        let ws = &mut *self.ws;
        let y = &mut ws.pop.youths[slot];
        if ws.transition.end(m, slot, y.contract) && y.target == NO_SUB {
            y.target = y.sub;
            y.moving = Move::Transition;
            y.wait_start = m16(t);
            ws.pop.waiting.push(slot);
        }
    }
}
