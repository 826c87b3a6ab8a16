//! The schema of a segment's sub-segments: products and their use, indications, hazards,
//! what happens at 18, the providers and their market.

use super::{ByNeed, Financing, FinancingChange};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub name: String,
    pub sub_segments: Vec<SubSegment>,
}

pub use crate::model::Kind;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubSegment {
    pub name: String,
    pub kind: Kind,
    pub products: Vec<Product>,
    /// Length of an indication in months, per need level.
    #[serde(deserialize_with = "crate::fields::map")]
    pub indication_months: ByNeed<u32>,
    /// Probability that an indication reaching its end date is extended by the same length.
    #[serde(default)]
    pub extend_probability: f64,
    /// Monthly competing hazards per need level.
    #[serde(deserialize_with = "crate::fields::map")]
    pub hazards: ByNeed<Hazards>,
    #[serde(default)]
    pub step_down_to: Option<String>,
    #[serde(default)]
    pub step_up_to: Option<String>,
    #[serde(default)]
    pub at_18: At18,
    pub providers: Providers,
    /// How providers are paid; default P×Q.
    #[serde(default)]
    pub financing: Option<Financing>,
    /// Later changes of scheme, in date order.
    #[serde(default)]
    pub financing_changes: Vec<FinancingChange>,
    /// The model before go-live that the revenue guard (requirement 38) compares the
    /// first contract year against; default P×Q, the financing of the simulated history.
    #[serde(default)]
    pub previous_financing: Option<Financing>,
    /// A youth placed here may hold a concurrent ambulant assignment (stacked care).
    #[serde(default)]
    pub stacked: Option<Stacked>,
    /// The Iv3 task field (taakveld) its cost is booked on in the council tables: `"6.72"`
    /// (maatwerkdienstverlening 18-) or `"6.82"` (geëscaleerde zorg 18-); default 6.82 for
    /// closed and crisis care, 6.72 for the rest.
    #[serde(default)]
    pub iv3_task_field: Option<String>,
    /// Minimum and maximum number of contracted providers (the wachtkamerconstructie,
    /// 002:623-663); without it every listed provider is contracted.
    #[serde(default)]
    pub market: Option<Market>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    /// Contracted at the start: the `min` best-ranked providers.
    pub min: u32,
    /// Never more than this many contracted.
    pub max: u32,
    /// Waiting norm: when the P90 wait for this sub-segment exceeds it at a review, the
    /// next-ranked provider is contracted.
    #[serde(default = "default_waiting_norm")]
    pub waiting_norm_months: f64,
    /// Specialisms the contracted providers must offer between them (dekkend aanbod qua
    /// specialismes, 002:641-656): the count grows past `min` until every one is offered.
    #[serde(default)]
    pub specialisms: Vec<String>,
    /// When the count is decided: `review` (default: the wachtkamer contracts the next
    /// provider at its reviews) or `award` (the tender's rule: at award, past `min` only
    /// while specialisms or municipalities are not covered; later reviews only replace
    /// providers that leave).
    #[serde(default)]
    pub sizing: Sizing,
}

pub use crate::model::Sizing;

fn default_waiting_norm() -> f64 {
    2.0
}

impl SubSegment {
    pub fn providers_have_unlimited_capacity(&self) -> bool {
        match &self.providers {
            Providers::Generated { capacity, .. } => capacity.is_none(),
            Providers::Listed(list) => list.iter().any(|p| p.capacity.is_none()),
        }
    }
}

pub use crate::model::Unit;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    pub unit: Unit,
    /// € per unit.
    pub tariff: f64,
    /// Probability that a youth placed in the sub-segment gets this product.
    #[serde(default = "crate::fields::one")]
    pub share: f64,
    /// Units per month (per trajectory for `trajectory`), per need level.
    #[serde(deserialize_with = "crate::fields::map")]
    pub usage: ByNeed<Usage>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    pub mean: f64,
    /// Coefficient of variation between youths (0 = everyone uses `mean`).
    #[serde(default)]
    pub cv: f64,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hazards {
    #[serde(default)]
    pub success: f64,
    #[serde(default)]
    pub step_down: f64,
    #[serde(default)]
    pub step_up: f64,
    #[serde(default)]
    pub crisis: f64,
    #[serde(default)]
    pub dropout: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct At18 {
    /// Verlengde jeugdhulp: care continues up to `max_age_years`.
    #[serde(rename = "continue", default)]
    pub continue_care: f64,
    /// Moves to adult care (Wmo / Zvw).
    #[serde(default)]
    pub adult_care: f64,
    #[serde(default = "crate::fields::one")]
    pub end: f64,
    #[serde(default = "default_max_age")]
    pub max_age_years: u32,
}

fn default_max_age() -> u32 {
    21
}

impl Default for At18 {
    fn default() -> Self {
        At18 {
            continue_care: 0.0,
            adult_care: 0.0,
            end: 1.0,
            max_age_years: default_max_age(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Providers {
    /// `count` providers named `<sub-segment> <k>`, ranked in that order. Capacity,
    /// effectiveness and own cost vary between them when their spreads are above 0: each
    /// is drawn once, from the scenario's seed, so the market is the same in every
    /// replication and variant.
    Generated {
        count: u32,
        #[serde(default)]
        capacity: Option<u32>,
        #[serde(default)]
        municipalities: Option<Vec<String>>,
        /// Coefficient of variation of capacity between providers (normal, ≥ 1 place).
        #[serde(default)]
        capacity_cv: f64,
        /// Standard deviation of effectiveness (normal around 0, clamped to ±0.5).
        #[serde(default)]
        effectiveness_sd: f64,
        /// Standard deviation of the own-cost share (normal around the region's
        /// `own_cost_share`, clamped to 0.5–1.5).
        #[serde(default)]
        own_cost_sd: f64,
        /// Staff per provider (fte), instead of `capacity`: places = fte × `caseload_per_fte`.
        #[serde(default)]
        fte: Option<f64>,
        /// Clients one fte carries at a time (the caseload norm).
        #[serde(default)]
        caseload_per_fte: Option<f64>,
        /// Municipalities each provider serves, drawn once from `municipalities` (or all);
        /// absent: every provider serves them all.
        #[serde(default)]
        serves: Option<u32>,
        /// Per specialism, the share of providers offering it: each provider offers it or
        /// not, drawn once from the scenario's seed.
        #[serde(default)]
        specialisms: std::collections::BTreeMap<String, f64>,
    },
    /// Named providers, best-ranked first. The same name in several sub-segments is one
    /// provider holding several contracts.
    Listed(Vec<ProviderSpec>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderSpec {
    pub name: String,
    /// Clients at a time; unlimited when absent.
    #[serde(default)]
    pub capacity: Option<u32>,
    /// Municipalities covered; all when absent.
    #[serde(default)]
    pub municipalities: Option<Vec<String>>,
    /// Relative change of success (+) and of step-up and crisis (−) hazards, in [−0.5, 0.5].
    #[serde(default)]
    pub effectiveness: f64,
    /// Its own cost as a share of tariff; default the region's `own_cost_share`.
    #[serde(default)]
    pub own_cost_share: Option<f64>,
    /// Staff (fte), instead of `capacity`: places = fte × `caseload_per_fte`.
    #[serde(default)]
    pub fte: Option<f64>,
    /// Clients one fte carries at a time (the caseload norm).
    #[serde(default)]
    pub caseload_per_fte: Option<f64>,
    /// Specialisms the provider offers (matched against its sub-segment's
    /// `market.specialisms`).
    #[serde(default)]
    pub specialisms: Vec<String>,
}

/// Stacked care (`004:2297-2308`): living and residential care contracted apart from the
/// ambulant help, so a youth in this sub-segment may at the same time hold an assignment
/// in an ambulant sub-segment, with its own provider, contract and payment.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stacked {
    /// The ambulant sub-segment of the concurrent assignment.
    pub sub: String,
    /// Share of the youths placed here who hold one.
    pub share: f64,
}
