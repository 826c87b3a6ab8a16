//! The serde schema of a `.ron` scenario file. Field names follow MODEL.md; every optional
//! field has a default documented in `docs/scenario.md`.

use serde::Deserialize;
use std::collections::BTreeMap;

/// Values keyed by need level name (e.g. `{"light": 6, "complex": 12}`).
pub type ByNeed<T> = BTreeMap<String, T>;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    /// First simulated (reported) month, `"YYYY-MM"`.
    #[serde(default = "default_start")]
    pub start: String,
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    /// Months simulated before `start` and not reported, so the caseload is in steady state.
    #[serde(default = "default_warmup")]
    pub warmup_months: u32,
    #[serde(default = "default_replications")]
    pub replications: u32,
    #[serde(default)]
    pub seed: u64,
    pub need_levels: Vec<String>,
    pub municipalities: Vec<Municipality>,
    pub referral: Referral,
    pub segments: Vec<Segment>,
    /// Sub-segment that receives youths whose crisis hazard fires.
    #[serde(default)]
    pub crisis_sub_segment: Option<String>,
    #[serde(default)]
    pub waiting: WaitingEffects,
    #[serde(default)]
    pub relapse: Relapse,
    #[serde(default)]
    pub placement: Placement,
}

fn default_start() -> String {
    "2022-01".into()
}
fn default_horizon() -> u32 {
    60
}
fn default_warmup() -> u32 {
    36
}
fn default_replications() -> u32 {
    1000
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Municipality {
    pub name: String,
    /// Inhabitants aged 0–17.
    pub youth_0_17: f64,
    /// Inhabitants aged 18–22 (only used for rates per 1,000 youths).
    #[serde(default)]
    pub youth_18_22: f64,
    /// New referrals per youth aged 0–17 per year.
    pub referral_rate: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    /// Yearly relative change of the referral rate (0.02 = +2% a year).
    #[serde(default)]
    pub trend_per_year: f64,
    /// Twelve monthly factors (January first); default all 1.
    #[serde(default)]
    pub seasonality: Option<Vec<f64>>,
    pub referrers: Vec<Referrer>,
    /// Age in whole years at referral, drawn uniformly from `min..=max`.
    #[serde(default)]
    pub age_years: AgeRange,
    /// Share of referred youths per need level; must sum to 1.
    pub need_shares: ByNeed<f64>,
    /// Per need level: probability of each sub-segment; each row sums to 1.
    pub triage: ByNeed<BTreeMap<String, f64>>,
    /// Municipal cost (€) of a referral resolved in the sociale basis.
    #[serde(default)]
    pub sociale_basis_cost: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Referrer {
    pub name: String,
    pub share: f64,
    /// Share of this referrer's referrals resolved in the sociale basis (no indication).
    #[serde(default)]
    pub sociale_basis_share: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    pub min: u32,
    pub max: u32,
}

impl Default for AgeRange {
    fn default() -> Self {
        AgeRange { min: 0, max: 17 }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    pub name: String,
    pub sub_segments: Vec<SubSegment>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ambulant,
    FamilyBased,
    Residential,
    Closed,
    Crisis,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubSegment {
    pub name: String,
    pub kind: Kind,
    pub products: Vec<Product>,
    /// Length of an indication in months, per need level.
    pub indication_months: ByNeed<u32>,
    /// Probability that an indication reaching its end date is extended by the same length.
    #[serde(default)]
    pub extend_probability: f64,
    /// Monthly competing hazards per need level.
    pub hazards: ByNeed<Hazards>,
    #[serde(default)]
    pub step_down_to: Option<String>,
    #[serde(default)]
    pub step_up_to: Option<String>,
    #[serde(default)]
    pub at_18: At18,
    pub providers: Providers,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Month,
    Trajectory,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    pub name: String,
    pub unit: Unit,
    /// € per unit.
    pub tariff: f64,
    /// Probability that a youth placed in the sub-segment gets this product.
    #[serde(default = "one")]
    pub share: f64,
    /// Units per month (per trajectory for `trajectory`), per need level.
    pub usage: ByNeed<Usage>,
}

fn one() -> f64 {
    1.0
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
    #[serde(default = "one")]
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
pub enum Providers {
    /// `count` interchangeable providers named `<sub-segment> <k>`, ranked in that order.
    Generated {
        count: u32,
        #[serde(default)]
        capacity: Option<u32>,
        #[serde(default)]
        municipalities: Option<Vec<String>>,
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
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitingEffects {
    /// Monthly hazard that a waiting youth's need escalates to the sub-segment's `step_up_to`.
    #[serde(default)]
    pub escalation: f64,
    /// Monthly hazard that a waiting youth falls into crisis.
    #[serde(default)]
    pub crisis: f64,
    /// Monthly hazard that a waiting youth gives up.
    #[serde(default)]
    pub dropout: f64,
    /// Relative increase of escalation and crisis hazards per month already waited.
    #[serde(default)]
    pub increase_per_month_waited: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relapse {
    /// Monthly hazard that a former client is referred again.
    #[serde(default)]
    pub hazard: f64,
    #[serde(default = "default_relapse_window")]
    pub window_months: u32,
    /// A youth who returns within this many months resumes the same help, with the same
    /// provider when it has room (IJsselland, 004 Eis 19).
    #[serde(default = "default_resume")]
    pub resume_within_months: u32,
}

fn default_relapse_window() -> u32 {
    12
}
fn default_resume() -> u32 {
    4
}

impl Default for Relapse {
    fn default() -> Self {
        Relapse {
            hazard: 0.0,
            window_months: default_relapse_window(),
            resume_within_months: default_resume(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Weight of a provider of rank r (0 = best) is 1 / (1 + r)^quality_weight.
    #[serde(default = "one")]
    pub quality_weight: f64,
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            quality_weight: 1.0,
        }
    }
}
