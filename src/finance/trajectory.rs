//! Trajectory / profile prices (IJsselland 2017–2020, `003:522-560`, `003:1104-1117`): a
//! fixed price per trajectory, whatever the hours and months it takes; more or less work
//! is not settled. The middle segment is paid a uniform price per profile × intensity,
//! the top segment a price per provider. A set share of the price is paid as an advance
//! when the trajectory is assigned, the rest when it closes, so each trajectory is paid
//! exactly once. An optional results payment adds a bonus or malus by goal attainment
//! against the sub-segment's average (intended from 2020, `003:1114-1117`).
//!
//! The per-youth prices due are this scheme's state: a column indexed by youth slot
//! ([`TrajectoryPrices`]), kept beside the schemes like the keuzebudgets.

use super::{Behaviour, Check, Delivery, FinancingScheme, Pressure, SchemeSpec, Terms};
use crate::check::list;
use crate::ids::ContractId;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// Price of one trajectory, € (for any youth without a more specific price).
    #[serde(default)]
    pub price: Option<f64>,
    /// Per profile, per intensity: the middle segment's uniform price, €.
    #[serde(default, deserialize_with = "crate::fields::nested")]
    pub prices: BTreeMap<String, BTreeMap<String, f64>>,
    /// Per provider: the top segment's price agreed with that provider, €.
    #[serde(default, deserialize_with = "crate::fields::map")]
    pub provider_prices: BTreeMap<String, f64>,
    /// Share of the price paid when the trajectory is assigned; the rest at closure.
    #[serde(default = "crate::fields::one")]
    pub advance: f64,
    /// How providers respond to a fixed price per trajectory: care time per month × (1 −
    /// this), and this share of the extensions they would grant closed instead.
    #[serde(default)]
    pub response: f64,
    #[serde(default)]
    pub results_payment: Option<ResultsInput>,
    /// Prices set from the care delivered in the history instead of written out: the
    /// average cost at tariff of the trajectories closed in the base year, per cell.
    #[serde(default)]
    pub from_history: Option<HistoryCells>,
}

/// Which cells prices from the history are averaged over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryCells {
    /// One price for the sub-segment.
    Single,
    /// A uniform price per profile × intensity (`003:522-531`).
    PerProfile,
    /// A price per provider (`003:533-560`).
    PerProvider,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultsInput {
    /// Bonus (malus) per trajectory closed, as a share of its price, per unit of goal
    /// attainment above (below) the sub-segment's average: 0.5 pays 5% more for 10 points.
    pub rate: f64,
    /// Largest bonus or malus, as a share of the price.
    pub cap: f64,
}

/// A results payment, validated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResultsPayment {
    pub rate: f64,
    pub cap: f64,
}

/// The validated scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// Price for a youth without a more specific one, cents.
    pub price_cents: Option<i64>,
    /// Per profile × intensity (profile-major), cents; empty without `prices`.
    pub grid_cents: Vec<Option<i64>>,
    pub intensities: usize,
    /// Per contract of the sub-segment, in order: the provider's own price, cents.
    pub provider_cents: Vec<Option<i64>>,
    pub advance: f64,
    pub response: f64,
    pub results: Option<ResultsPayment>,
    pub from_history: Option<HistoryCells>,
}

/// What a trajectory costs the municipality, and how much of it is paid at assignment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrajectoryPrice {
    /// Cents at base-year prices.
    pub cents: i64,
    /// Share paid at assignment.
    pub advance: f64,
}

impl Trajectory {
    /// The price of a trajectory with the sub-segment's `k`-th contract for a youth
    /// assessed as (profile, intensity): the provider's own price, else the profile price,
    /// else the general one.
    fn price(&self, k: usize, assessment: Option<(usize, usize)>) -> Option<i64> {
        let by_profile = || {
            let (p, i) = assessment?;
            *self.grid_cents.get(p * self.intensities + i)?
        };
        self.provider_cents
            .get(k)
            .copied()
            .flatten()
            .or_else(by_profile)
            .or(self.price_cents)
    }
}

impl SchemeSpec for Trajectory {
    type Input = Input;
    type Runtime = Runtime;
    const NAME: &'static str = "trajectory";

    fn validate(input: &Input, check: &mut Check<'_>) -> Trajectory {
        let price_cents = input
            .price
            .map(|p| check.euros("price", "trajectory price", p));
        let (profiles, intensities) = (check.profiles, check.intensities);
        let mut grid_cents = Vec::new();
        if !input.prices.is_empty() {
            if profiles.is_empty() {
                check.checker.fail(
                    check.at("prices"),
                    "prices per profile and intensity need a `profiles` block in the scenario",
                );
            }
            grid_cents = vec![None; profiles.len() * intensities.len()];
            for (profile, row) in &input.prices {
                let path = format!("{}.{profile}", check.at("prices"));
                let Some(p) = profiles.iter().position(|n| n == profile) else {
                    if !profiles.is_empty() {
                        check.checker.fail(
                            path,
                            format!(
                                "unknown profile `{profile}`; the profiles are {}",
                                list(profiles)
                            ),
                        );
                    }
                    continue;
                };
                for (intensity, &euros) in row {
                    let ipath = format!("{path}.{intensity}");
                    let Some(i) = intensities.iter().position(|n| n == intensity) else {
                        check.checker.fail(
                            ipath,
                            format!(
                                "unknown intensity `{intensity}`; the intensities are {}",
                                list(intensities)
                            ),
                        );
                        continue;
                    };
                    grid_cents[p * intensities.len() + i] = Some(check.euros(
                        &format!("prices.{profile}.{intensity}"),
                        "trajectory price",
                        euros,
                    ));
                }
            }
        }
        let providers = check.providers;
        let mut provider_cents = vec![None; providers.len()];
        for (name, &euros) in &input.provider_prices {
            let path = format!("{}.{name}", check.at("provider_prices"));
            match providers.iter().position(|p| p == name) {
                Some(k) => {
                    provider_cents[k] = Some(check.euros(
                        &format!("provider_prices.{name}"),
                        "trajectory price",
                        euros,
                    ));
                }
                None => check.checker.fail(
                    path,
                    format!(
                        "`{name}` holds no contract in this sub-segment; its providers are {}",
                        list(providers)
                    ),
                ),
            }
        }
        let spec = Trajectory {
            price_cents,
            grid_cents,
            intensities: intensities.len(),
            provider_cents,
            advance: check.bounded("advance", input.advance, 0.0, 1.0),
            response: check.bounded("response", input.response, 0.0, 0.5),
            results: input.results_payment.map(|r| ResultsPayment {
                rate: check.bounded("results_payment.rate", r.rate, 0.0, 10.0),
                cap: check.bounded("results_payment.cap", r.cap, 0.0, 1.0),
            }),
            from_history: input.from_history,
        };
        if let Some(cells) = input.from_history {
            check_from_history(check, input, cells);
        } else {
            spec.check_priced(check, input);
        }
        spec
    }

    fn needs_reference(&self) -> bool {
        self.from_history.is_some()
    }

    fn prices_from_history(&self) -> bool {
        self.from_history.is_some()
    }

    fn build(&self, terms: &Terms) -> Runtime {
        let n = terms.contracts.len();
        let spec = match self.from_history {
            Some(cells) => self.priced_from_history(cells, terms),
            None => self.clone(),
        };
        let history_ratio = terms
            .contracts
            .iter()
            .enumerate()
            .map(|(k, c)| spec.history_ratio(k, &c.delivered))
            .collect();
        Runtime {
            spec,
            history_ratio,
            first: terms.first.ix(),
            shares: terms.contracts.iter().map(|c| c.shares.clone()).collect(),
            this_year: vec![YearResults::default(); n],
            last_year: vec![YearResults::default(); n],
            rolled_at: u32::MAX,
            average: None,
        }
    }
}

/// The cost (cents) and number of closed trajectories, summed over `cells`.
fn closed_total(cells: impl Iterator<Item = (f64, f64)>) -> (f64, f64) {
    cells.fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1))
}

/// Prices from the history exclude prices written out, and prices per profile need
/// profiles.
fn check_from_history(check: &mut Check<'_>, input: &Input, cells: HistoryCells) {
    if input.price.is_some() || !input.prices.is_empty() || !input.provider_prices.is_empty() {
        check.checker.fail(
            check.at("from_history"),
            "prices come either from the history (`from_history`) or from `price`, `prices` and \
             `provider_prices`, not both",
        );
    }
    if cells == HistoryCells::PerProfile && check.profiles.is_empty() {
        check.checker.fail(
            check.at("from_history"),
            "`from_history: per_profile` needs a `profiles` block in the scenario",
        );
    }
}

impl Trajectory {
    /// The prices of `cells` set from the trajectories closed in the history's base year:
    /// each cell's average cost at tariff, and a cell without closures the sub-segment's
    /// average (a sub-segment without any: nothing to pay for, price 0).
    fn priced_from_history(&self, cells: HistoryCells, terms: &Terms) -> Trajectory {
        let per_contract: Vec<(f64, f64)> = terms
            .contracts
            .iter()
            .map(|c| closed_total(c.delivered.iter().copied()))
            .collect();
        let all = closed_total(per_contract.iter().copied());
        let average = |(cents, n): (f64, f64), fallback: i64| -> i64 {
            if n > 0.0 {
                (cents / n).round() as i64
            } else {
                fallback
            }
        };
        let overall = average(all, 0);
        let mut spec = self.clone();
        spec.price_cents = Some(overall);
        match cells {
            HistoryCells::Single => {}
            HistoryCells::PerProvider => {
                spec.provider_cents = per_contract
                    .iter()
                    .map(|&c| Some(average(c, overall)))
                    .collect();
            }
            HistoryCells::PerProfile => {
                let n = terms.contracts.first().map_or(0, |c| c.delivered.len());
                spec.grid_cents = (0..n)
                    .map(|cell| {
                        let sum = closed_total(
                            terms
                                .contracts
                                .iter()
                                .filter_map(|c| c.delivered.get(cell).copied()),
                        );
                        Some(average(sum, overall))
                    })
                    .collect();
            }
        }
        spec
    }

    /// What the `k`-th contract's prices pay for the trajectories it closed in the
    /// history (`delivered`, per assessment cell) per euro of their care at tariff: the
    /// same children, the same care, paid by this model.
    fn history_ratio(&self, k: usize, delivered: &[(f64, f64)]) -> Option<f64> {
        let (mut paid, mut care) = (0.0, 0.0);
        for (cell, &(cents, n)) in delivered.iter().enumerate() {
            let assessment = (self.intensities > 0 && !self.grid_cents.is_empty())
                .then(|| (cell / self.intensities, cell % self.intensities));
            paid += n * self.price(k, assessment).unwrap_or(0) as f64;
            care += cents;
        }
        (care > 0.0).then(|| paid / care)
    }

    /// Every youth any contract may take has a price: reports the gaps.
    fn check_priced(&self, check: &mut Check<'_>, input: &Input) {
        if self.price_cents.is_some() {
            return;
        }
        if input.prices.is_empty() && input.provider_prices.is_empty() {
            check.checker.fail(
                check.path,
                "Trajectory needs a price: `price`, `prices` per profile and intensity, or `provider_prices` per provider",
            );
            return;
        }
        let unpriced_providers: Vec<String> = check
            .providers
            .iter()
            .zip(&self.provider_cents)
            .filter(|(_, p)| p.is_none())
            .map(|(name, _)| name.clone())
            .collect();
        if unpriced_providers.is_empty() {
            return;
        }
        let missing: Vec<String> = self
            .grid_cents
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_none())
            .map(|(k, _)| {
                format!(
                    "{}/{}",
                    check.profiles[k / self.intensities.max(1)],
                    check.intensities[k % self.intensities.max(1)]
                )
            })
            .collect();
        if input.prices.is_empty() {
            check.checker.fail(
                check.at("provider_prices"),
                format!(
                    "no price for {}; give each provider a price, or a general `price`",
                    list(&unpriced_providers)
                ),
            );
        } else if !missing.is_empty() {
            check.checker.fail(
                check.at("prices"),
                format!(
                    "no price for profile/intensity {}; give every combination a price, or a general `price`",
                    list(&missing)
                ),
            );
        }
    }
}

/// Goal attainment of one contract in one calendar year, for the results payment.
#[derive(Debug, Clone, Copy, Default)]
struct YearResults {
    ended: u64,
    attained: u64,
    closed_price_cents: i64,
}

#[derive(Clone)]
pub struct Runtime {
    spec: Trajectory,
    /// Index of the sub-segment's first contract.
    first: usize,
    /// Per contract: each municipality's share in its fixed payments.
    shares: Vec<Vec<f64>>,
    this_year: Vec<YearResults>,
    last_year: Vec<YearResults>,
    /// Simulated month of the last roll from this year to last year.
    rolled_at: u32,
    /// Goal attainment over all contracts last year.
    average: Option<f64>,
    /// Per contract: what its prices paid for the trajectories closed in the history's
    /// base year per euro of their care at tariff.
    history_ratio: Vec<Option<f64>>,
}

impl Runtime {
    /// January: last year's results are complete for every contract (December is settled
    /// for all before January starts), so the average is known before any bonus.
    fn roll(&mut self, month: u32) {
        if self.rolled_at == month {
            return;
        }
        self.rolled_at = month;
        std::mem::swap(&mut self.this_year, &mut self.last_year);
        self.this_year.fill(YearResults::default());
        let (ended, attained) = self
            .last_year
            .iter()
            .fold((0, 0), |(e, a), r| (e + r.ended, a + r.attained));
        self.average = (ended > 0).then(|| attained as f64 / ended as f64);
    }

    /// Last year's bonus (negative: malus) for the contract at `k`, cents.
    fn bonus(&self, k: usize, results: ResultsPayment) -> i64 {
        let r = self.last_year[k];
        let Some(average) = self.average else {
            return 0;
        };
        if r.ended == 0 {
            return 0;
        }
        let attainment = r.attained as f64 / r.ended as f64;
        let share = (results.rate * (attainment - average)).clamp(-results.cap, results.cap);
        (r.closed_price_cents as f64 * share).round() as i64
    }
}

impl FinancingScheme for Runtime {
    /// The prices themselves are paid by the ledger as trajectories are assigned and
    /// closed; here only the results payment, in January over the year before.
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        let Some(results) = self.spec.results else {
            return 0;
        };
        let k = delivery.contract.ix() - self.first;
        let mut revenue = 0;
        if delivery.calendar_month == 0 {
            self.roll(delivery.month);
            let bonus = self.bonus(k, results);
            if bonus != 0 {
                super::split(bonus, &self.shares[k], paid_cents);
                revenue = bonus;
            }
        }
        let year = &mut self.this_year[k];
        for cell in delivery.cells {
            year.ended += u64::from(cell.ended);
            year.attained += u64::from(cell.attained);
            year.closed_price_cents += cell.closed_price_cents;
        }
        revenue
    }

    fn behaviour(&self) -> Behaviour {
        Behaviour {
            units: 1.0 - self.spec.response,
            ..Behaviour::NEUTRAL
        }
    }

    /// A provider paid the same whatever the months closes part of the trajectories it
    /// would extend (an extension costs it and earns nothing).
    fn pressure(&self, _: ContractId, _: i64, _: u32, _: f64) -> Pressure {
        Pressure {
            early_discharge: self.spec.response,
            shift: 0.0,
        }
    }

    fn trajectory_price(
        &self,
        contract: ContractId,
        assessment: Option<(usize, usize)>,
    ) -> Option<TrajectoryPrice> {
        let k = contract.ix().checked_sub(self.first)?;
        self.spec.price(k, assessment).map(|cents| TrajectoryPrice {
            cents,
            advance: self.spec.advance,
        })
    }

    fn revenue_ratio_in_history(&self, contract: ContractId) -> Option<f64> {
        let k = contract.ix().checked_sub(self.first)?;
        self.history_ratio.get(k).copied().flatten()
    }

    /// One declaration per trajectory, not per month of care.
    fn declarations(&self, _youth_months: u64, trajectories: u64) -> u64 {
        trajectories
    }
}

/// Per youth slot: the part of its trajectory's price still to be paid, cents — the
/// advance until the month's delivery pays it, the remainder until closure.
#[derive(Debug, Default, Clone)]
pub struct TrajectoryPrices {
    entries: Vec<Due>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Due {
    advance: i64,
    remainder: i64,
    /// The whole price (for the results payment).
    price: i64,
}

impl TrajectoryPrices {
    pub fn reset(&mut self) {
        self.entries.clear();
    }

    /// The youth in `slot` has no trajectory price (a new youth, or a running indication
    /// of the old model).
    #[inline]
    pub fn clear(&mut self, slot: u32) {
        if let Some(e) = self.entries.get_mut(slot as usize) {
            *e = Due::default();
        }
    }

    /// A trajectory priced `price` (indexed cents) is assigned to the youth in `slot`.
    #[inline]
    pub fn start(&mut self, slot: u32, price: Option<(i64, f64)>) {
        let Some((cents, advance)) = price else {
            self.clear(slot);
            return;
        };
        let s = slot as usize;
        if s >= self.entries.len() {
            self.entries.resize(s + 1, Due::default());
        }
        let now = (cents as f64 * advance).round() as i64;
        self.entries[s] = Due {
            advance: now,
            remainder: cents - now,
            price: cents,
        };
    }

    /// The advance still due for `slot`, taken (paid with the month's care).
    #[inline(always)]
    pub fn take_advance(&mut self, slot: u32) -> i64 {
        self.entries
            .get_mut(slot as usize)
            .map_or(0, |e| std::mem::take(&mut e.advance))
    }

    /// At closure: everything of the price still due (advance not yet paid, remainder),
    /// taken, and the whole price; (0, 0) without a trajectory price.
    #[inline]
    pub fn close(&mut self, slot: u32) -> (i64, i64) {
        self.entries.get_mut(slot as usize).map_or((0, 0), |e| {
            let e = std::mem::take(e);
            (e.advance + e.remainder, e.price)
        })
    }
}
