//! Financing schemes: who pays what for the care delivered under a contract (docs/model.md,
//! "Financing"), and how the way providers are paid changes the care they give.
//!
//! Each scheme is one file holding its scenario input (the serde struct read from the
//! `.ron` file), its validation, its validated spec and its runtime behind
//! [`FinancingScheme`]. The list in [`schemes!`] below is the only other place that names
//! a scheme: it generates the file-format enum ([`FinancingInput`]), the validated enum
//! ([`Financing`]) and the runtime enum ([`Scheme`]) that dispatches to the scheme without
//! a virtual call. The engine only calls the trait's hooks.
//!
//! This module sits below the model and the engine: it knows indices and plain numbers,
//! never a `Model`, so model, scenario and engine can all use it.

mod availability;
mod cents;
mod indications;
mod keuzebudget;
mod lumpsum;
mod pxq;
mod trajectory;

pub use cents::{indexed, split};
pub use indications::Indications;
pub use keuzebudget::{AssessedPlan, BudgetRaise, Granted, KeuzeBudget};
pub use trajectory::TrajectoryPrice;

use crate::check::Checker;
use crate::ids::ContractId;
use serde::Deserialize;

/// What one contract delivered to one municipality in one month. One record, so the
/// engine's per-youth bookkeeping touches one cache line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Cell {
    /// Care delivered, valued at tariff, in cents.
    pub at_tariff_cents: i64,
    /// The part of it within the youths' indication budgets, in cents.
    pub payable_cents: i64,
    /// Youths in care this month.
    pub occupied: u32,
    /// Trajectories started this month (placements and extensions).
    pub trajectories: u32,
    /// Care under legacy indications (started before go-live), at tariff, in cents: paid
    /// P×Q whatever the scheme (dual financing), and not part of the fields above.
    pub legacy_cents: i64,
    /// Trajectory prices due this month (advances and remainders at closure), cents.
    pub trajectory_cents: i64,
    /// Trajectories closed this month, and of them those that ended with the goal attained.
    pub ended: u32,
    pub attained: u32,
    /// The whole prices of the trajectories closed this month, cents.
    pub closed_price_cents: i64,
}

/// What one contract delivered in one month, per municipality.
pub struct Delivery<'a> {
    /// Simulated month index (warm-up included).
    pub month: u32,
    /// Calendar month, 0 = January.
    pub calendar_month: u32,
    /// Price index this month (1 in the first reporting year): fixed amounts are indexed
    /// like tariffs.
    pub index: f64,
    pub contract: ContractId,
    /// One cell per municipality.
    pub cells: &'a [Cell],
}

/// How a scheme changes care: factors on units per month, indication length and the
/// step-down hazard. Neutral is 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Behaviour {
    pub units: f64,
    pub duration: f64,
    pub step_down: f64,
}

impl Behaviour {
    pub const NEUTRAL: Behaviour = Behaviour {
        units: 1.0,
        duration: 1.0,
        step_down: 1.0,
    };

    /// Providers carrying volume risk work more efficiently (fewer units per month,
    /// shorter indications) and step youths down sooner.
    pub fn under_volume_risk(efficiency_response: f64, step_down_preference: f64) -> Behaviour {
        Behaviour {
            units: 1.0 - efficiency_response,
            duration: 1.0 - efficiency_response,
            step_down: 1.0 + step_down_preference,
        }
    }
}

/// How a provider that runs ahead of what its scheme pays this year treats clients whose
/// indication ends and who would be extended: the share of them it discharges instead
/// (`early_discharge`) and the share it refers on to care still paid per unit (`shift`).
/// None is 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Pressure {
    pub early_discharge: f64,
    pub shift: f64,
}

impl Pressure {
    pub const NONE: Pressure = Pressure {
        early_discharge: 0.0,
        shift: 0.0,
    };
}

/// What a scheme is built from: per contract of its sub-segment, in contract order.
pub struct Terms {
    /// The sub-segment's first contract; its contracts are `first..first + contracts.len()`.
    pub first: ContractId,
    pub contracts: Vec<ContractTerms>,
    /// Simulated month of go-live (`start`): before it is history (the warm-up).
    pub go_live: u32,
}

pub struct ContractTerms {
    /// Clients at a time (`u32::MAX` = unlimited).
    pub capacity: u32,
    /// Each municipality's share in the contract's fixed payments.
    pub shares: Vec<f64>,
    /// Production at tariff in the base year before go-live under P×Q (the history run),
    /// cents; 0 without one.
    pub reference_yearly_cents: f64,
    /// Per assessment cell: the cost at tariff (cents, base-year prices) and number of
    /// the trajectories closed in the history's base year; empty without one.
    pub delivered: Vec<(f64, f64)>,
}

/// A financing scheme at run time: one per sub-segment and financing phase, per workspace.
///
/// In the manner of a sink: [`settle`](Self::settle) is required, every other hook is
/// optional and its default is what P×Q does — no change to care, no delay, every contract
/// admits clients, everything delivered is payable, no year-end settlement.
pub trait FinancingScheme {
    /// Adds the municipalities' payments for `delivery` to `paid_cents` (one entry per
    /// municipality) and returns the provider's revenue: the two must be equal.
    fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64;

    /// How care changes under this scheme (units, indication length, step-down hazard).
    fn behaviour(&self) -> Behaviour {
        Behaviour::NEUTRAL
    }

    /// How a provider plans a new indication, given the share of its places taken
    /// (`occupancy`, asked only when the scheme responds to it; `None` = unlimited
    /// capacity): by default as [`behaviour`](Self::behaviour).
    fn behaviour_at_intake(&self, _occupancy: impl FnOnce() -> Option<f64>) -> Behaviour {
        self.behaviour()
    }

    /// What every intake under this scheme decides when that is the same for every youth:
    /// the behaviour at intake, with neither a trajectory price nor an indication budget.
    /// The engine then skips [`Scheme::intake`]. `None` (the default, always correct):
    /// ask `intake`. A scheme that overrides `behaviour_at_intake`, `trajectory_price` or
    /// `indication_budget` must say here when they are plain.
    fn plain_intake(&self) -> Option<Behaviour> {
        None
    }

    /// Whether referrals by referrers needing consent may wait for it under this scheme
    /// (then [`consent_delay`](Self::consent_delay) is asked).
    fn asks_consent(&self) -> bool {
        false
    }

    /// Months a referral with drawing key `key`, need level `need` and the plan the
    /// referrer expects (`expected`) waits before it may be placed, when its referrer
    /// needs the region's consent; `None` = no wait.
    fn consent_delay(&self, _key: u64, _need: usize, _expected: &AssessedPlan) -> Option<u32> {
        None
    }

    /// The budget of an indication starting under this scheme for the youth with key
    /// `key`, need level `need` and assessed plan `plan` (base-year prices); `None` =
    /// uncapped: everything delivered is payable.
    fn indication_budget(&self, _key: u64, _need: usize, _plan: &AssessedPlan) -> Option<Granted> {
        None
    }

    /// The price of a trajectory with `contract` for a youth assessed as (profile,
    /// intensity) when the scenario has profiles; `None` = the scheme pays no trajectory
    /// prices.
    fn trajectory_price(
        &self,
        _contract: ContractId,
        _assessment: Option<(usize, usize)>,
    ) -> Option<TrajectoryPrice> {
        None
    }

    /// Whether and how an indication budget is raised when it is about to run out.
    fn budget_raise(&self) -> Option<BudgetRaise> {
        None
    }

    /// Whether a provider refuses a referral at intake: the indication's budget
    /// `budget_cents` (`None` = uncapped) against what the care plan will cost the provider,
    /// `own_cost_cents` (its own cost of the planned care over the indication). An
    /// uncapped plan is never refused: the engine does not ask (and does not work out the
    /// own cost) when `budget_cents` is `None`.
    fn refuses(&self, _budget_cents: Option<i64>, _own_cost_cents: i64) -> bool {
        false
    }

    /// Whether `contract`, having produced `production_year_cents` at tariff this calendar
    /// year at price index `index`, is past what the scheme allows and must stop admitting
    /// new clients.
    fn over_budget(&self, _contract: ContractId, _production_year_cents: i64, _index: f64) -> bool {
        false
    }

    /// How `contract` treats clients at the end of their indication, having produced
    /// `production_year_cents` at tariff in the first `elapsed_months` months of this
    /// calendar year at price index `index` (see [`Pressure`]).
    fn pressure(
        &self,
        _contract: ContractId,
        _production_year_cents: i64,
        _elapsed_months: u32,
        _index: f64,
    ) -> Pressure {
        Pressure::NONE
    }

    /// Year-end settlement for the contract of `delivery` (December's), given its
    /// production at tariff in the calendar year. Adds to `paid_cents` and returns the
    /// provider's extra revenue (negative when the provider pays back).
    fn year_end(
        &mut self,
        _delivery: &Delivery<'_>,
        _production_cents: i64,
        _paid_cents: &mut [i64],
    ) -> i64 {
        0
    }

    /// Requirement 38 of the IJsselland tender (`004:2892-2904`): at equal production,
    /// what this scheme pays `contract` per euro that the previous model (P×Q at tariff)
    /// paid. By default the first contract year's revenue / production at tariff (a scheme
    /// paying per unit pays the same ratio at any volume); `None` without production.
    fn revenue_ratio_at_equal_production(
        &self,
        _contract: ContractId,
        revenue_cents: i64,
        production_cents: i64,
    ) -> Option<f64> {
        ratio_at_tariff(revenue_cents, production_cents)
    }

    /// As the previous model of the revenue guard: what this scheme paid `contract` in the
    /// history's base year per euro of its production at tariff. By default 1 (paid at
    /// tariff: P×Q, and a keuzebudget whose budgets cover the plan).
    fn revenue_ratio_in_history(&self, _contract: ContractId) -> Option<f64> {
        Some(1.0)
    }

    /// Declarations a month brings (administrative cost), given the sub-segment's
    /// youth-months in care and trajectories started: by default one per youth-month.
    fn declarations(&self, youth_months: u64, _trajectories: u64) -> u64 {
        youth_months
    }
}

/// Where a scheme's validation reports, and what it may need to know.
pub struct Check<'a> {
    pub checker: &'a mut Checker,
    /// Path of the `financing` value, e.g. `segments[0].sub_segments[1].financing`.
    pub path: &'a str,
    /// The scenario's need levels, in order.
    pub needs: &'a [String],
    /// The scenario's support profiles and intensities, in order (empty without them).
    pub profiles: &'a [String],
    pub intensities: &'a [String],
    /// The providers of the sub-segment's contracts, in contract order.
    pub providers: &'a [String],
}

impl Check<'_> {
    /// Path of field `field` of the scheme.
    pub fn at(&self, field: &str) -> String {
        format!("{}.{field}", self.path)
    }

    /// `x` if it lies in `lo..=hi`, else a problem at `field` and 0.
    pub fn bounded(&mut self, field: &str, x: f64, lo: f64, hi: f64) -> f64 {
        let path = self.at(field);
        crate::check::bounded(self.checker, &path, field, x, lo, hi)
    }

    /// `efficiency_response`, within 0..=0.5.
    pub fn efficiency_response(&mut self, x: f64) -> f64 {
        self.bounded("efficiency_response", x, 0.0, 0.5)
    }

    /// `step_down_preference`, within 0..=2.
    pub fn step_down_preference(&mut self, x: f64) -> f64 {
        self.bounded("step_down_preference", x, 0.0, 2.0)
    }

    /// An amount in euros as cents, if it is a number ≥ 0.
    pub fn euros(&mut self, field: &str, what: &str, x: f64) -> i64 {
        let path = self.at(field);
        crate::check::cents(self.checker.non_negative(&path, what, x))
    }
}

/// A scheme's validated parameters: how they are read and checked, and the runtime built
/// from them.
pub trait SchemeSpec: Sized + Clone + std::fmt::Debug + PartialEq {
    /// The scheme's fields in the scenario file.
    type Input: for<'de> Deserialize<'de> + Clone + std::fmt::Debug;
    /// Cloned from the freshly built runtime at every replication's start, so no state
    /// of one replication can reach the next.
    type Runtime: FinancingScheme + Clone;
    /// The scheme's name in outputs.
    const NAME: &'static str;

    fn validate(input: &Self::Input, check: &mut Check<'_>) -> Self;

    fn build(&self, terms: &Terms) -> Self::Runtime;

    /// Whether building needs base-year volumes (a P×Q history run).
    fn needs_reference(&self) -> bool {
        false
    }

    /// Whether building needs the cost of the trajectories closed in the history's base
    /// year (prices set from delivered care).
    fn prices_from_history(&self) -> bool {
        false
    }

    /// Whether the scheme pays per available place, so every provider needs a capacity.
    fn pays_per_place(&self) -> bool {
        false
    }
}

/// Generates, from one list of `Variant => module::Spec`, the three enums that name the
/// schemes and the dispatch between them. Adding a scheme is one file and one line here.
macro_rules! schemes {
    ($($variant:ident => $spec:ty),+ $(,)?) => {
        /// How a sub-segment's providers are paid, as written in the scenario file
        /// (`Lumpsum(discount: 0.05)`); each scheme's fields are its `Input`.
        #[derive(Debug, Clone, Deserialize)]
        // Named as users know it in parse errors ("in enum `Financing`").
        #[serde(rename = "Financing")]
        pub enum FinancingInput {
            $($variant(<$spec as SchemeSpec>::Input),)+
        }

        /// A validated financing scheme.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Financing {
            $($variant($spec),)+
        }

        /// A scheme at run time. An enum, so the hot loop dispatches without a virtual call.
        #[derive(Clone)]
        pub enum Scheme {
            $($variant(<$spec as SchemeSpec>::Runtime),)+
        }

        impl Financing {
            pub fn validate(input: &FinancingInput, check: &mut Check<'_>) -> Financing {
                match input {
                    $(FinancingInput::$variant(i) => {
                        Financing::$variant(<$spec as SchemeSpec>::validate(i, check))
                    })+
                }
            }

            pub fn name(&self) -> &'static str {
                match self {
                    $(Financing::$variant(_) => <$spec as SchemeSpec>::NAME,)+
                }
            }

            pub fn build(&self, terms: &Terms) -> Scheme {
                match self {
                    $(Financing::$variant(s) => Scheme::$variant(s.build(terms)),)+
                }
            }

            pub fn needs_reference(&self) -> bool {
                match self {
                    $(Financing::$variant(s) => s.needs_reference(),)+
                }
            }

            pub fn prices_from_history(&self) -> bool {
                match self {
                    $(Financing::$variant(s) => s.prices_from_history(),)+
                }
            }

            pub fn pays_per_place(&self) -> bool {
                match self {
                    $(Financing::$variant(s) => s.pays_per_place(),)+
                }
            }
        }

        macro_rules! dispatch {
            ($self:ident, $s:ident => $e:expr) => {
                match $self {
                    $(Scheme::$variant($s) => $e,)+
                }
            };
        }
    };
}

schemes! {
    Pxq => pxq::Pxq,
    Lumpsum => lumpsum::Lumpsum,
    Keuzebudget => keuzebudget::Keuzebudget,
    Trajectory => trajectory::Trajectory,
    Availability => availability::Availability,
}

impl Scheme {
    pub fn settle(&mut self, delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
        dispatch!(self, s => s.settle(delivery, paid_cents))
    }
    pub fn behaviour(&self) -> Behaviour {
        dispatch!(self, s => s.behaviour())
    }
    pub fn asks_consent(&self) -> bool {
        dispatch!(self, s => s.asks_consent())
    }
    pub fn plain_intake(&self) -> Option<Behaviour> {
        dispatch!(self, s => s.plain_intake())
    }
    pub fn consent_delay(&self, key: u64, need: usize, expected: &AssessedPlan) -> Option<u32> {
        dispatch!(self, s => s.consent_delay(key, need, expected))
    }
    pub fn budget_raise(&self) -> Option<BudgetRaise> {
        dispatch!(self, s => s.budget_raise())
    }
    /// What the scheme decides as an indication starts, in one dispatch: how the provider
    /// plans it (given its occupancy), the trajectory price for the contract and the
    /// youth's assessment, and the budget of the plan the toegang assessed (for the youth
    /// with drawing key `key` and need level `need`).
    #[inline(always)]
    pub fn intake(
        &self,
        occupancy: impl FnOnce() -> Option<f64>,
        (contract, assessment): (ContractId, Option<(usize, usize)>),
        (key, need, assessed): (u64, usize, &AssessedPlan),
    ) -> (Behaviour, Option<TrajectoryPrice>, Option<Granted>) {
        dispatch!(self, s => (
            s.behaviour_at_intake(occupancy),
            s.trajectory_price(contract, assessment),
            s.indication_budget(key, need, assessed),
        ))
    }
    pub fn refuses(&self, budget_cents: Option<i64>, own_cost_cents: i64) -> bool {
        dispatch!(self, s => s.refuses(budget_cents, own_cost_cents))
    }
    pub fn over_budget(
        &self,
        contract: ContractId,
        production_year_cents: i64,
        index: f64,
    ) -> bool {
        dispatch!(self, s => s.over_budget(contract, production_year_cents, index))
    }
    pub fn pressure(
        &self,
        contract: ContractId,
        production_year_cents: i64,
        elapsed_months: u32,
        index: f64,
    ) -> Pressure {
        dispatch!(self, s => s.pressure(contract, production_year_cents, elapsed_months, index))
    }
    pub fn year_end(
        &mut self,
        delivery: &Delivery<'_>,
        production_cents: i64,
        paid_cents: &mut [i64],
    ) -> i64 {
        dispatch!(self, s => s.year_end(delivery, production_cents, paid_cents))
    }
    pub fn revenue_ratio_at_equal_production(
        &self,
        contract: ContractId,
        revenue_cents: i64,
        production_cents: i64,
    ) -> Option<f64> {
        dispatch!(self, s => s.revenue_ratio_at_equal_production(contract, revenue_cents, production_cents))
    }
    pub fn revenue_ratio_in_history(&self, contract: ContractId) -> Option<f64> {
        dispatch!(self, s => s.revenue_ratio_in_history(contract))
    }
    pub fn declarations(&self, youth_months: u64, trajectories: u64) -> u64 {
        dispatch!(self, s => s.declarations(youth_months, trajectories))
    }
}

impl Financing {
    /// Whether the scheme pays a price per trajectory (its revenue in the history is
    /// read from the trajectories closed there).
    pub fn pays_per_trajectory(&self) -> bool {
        matches!(self, Financing::Trajectory(_))
    }

    /// Whether the scheme pays every unit delivered at its tariff (P×Q): where a provider
    /// under budget pressure can shift clients to.
    pub fn pays_per_unit(&self) -> bool {
        matches!(self, Financing::Pxq(_))
    }
}

/// The scheme of a reference run: P×Q with no behavioural response.
pub fn reference_financing() -> Financing {
    Financing::Pxq(pxq::Pxq::default())
}

/// Pays every delivered unit at its tariff (P×Q): also how contracts outside the scheme
/// (never contracted, or their provider left) are paid for the care they still deliver.
pub fn pay_at_tariff(delivery: &Delivery<'_>, paid_cents: &mut [i64]) -> i64 {
    let mut revenue = 0;
    for (paid, cell) in paid_cents.iter_mut().zip(delivery.cells) {
        *paid += cell.at_tariff_cents;
        revenue += cell.at_tariff_cents;
    }
    revenue
}

/// Revenue per euro of production at tariff: what P×Q would have paid for it; `None`
/// without production.
pub fn ratio_at_tariff(revenue_cents: i64, production_cents: i64) -> Option<f64> {
    (production_cents > 0).then(|| revenue_cents as f64 / production_cents as f64)
}
