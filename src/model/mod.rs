//! The validated, index-based model the engine runs on: names are resolved to indices,
//! probabilities to cumulative thresholds and distributions to `rand_distr` values, once.

use rand_distr::Gamma;

pub use crate::scenario::schema::{Kind, Unit};

/// Index of a sub-segment in `Model::subs`.
pub type SubId = u16;
/// Index of a provider in `Model::providers`.
pub type ProviderId = u32;
/// Index of a contract (provider × sub-segment) in `Model::contracts`.
pub type ContractId = u32;

pub const NO_SUB: SubId = SubId::MAX;
pub const NO_PROVIDER: ProviderId = ProviderId::MAX;
pub const NO_CONTRACT: ContractId = ContractId::MAX;

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub start_year: i32,
    /// 1..=12
    pub start_month: u32,
    pub horizon: u32,
    pub warmup: u32,
    pub replications: u32,
    pub seed: u64,
    pub need_names: Vec<String>,
    pub munis: Vec<Municipality>,
    pub seasonality: [f64; 12],
    pub trend_per_year: f64,
    pub referrers: Vec<Referrer>,
    /// Cumulative probability of each referrer.
    pub referrer_cum: Vec<f64>,
    pub age_min_months: u32,
    pub age_max_months: u32,
    /// Cumulative probability of each need level at referral.
    pub need_cum: Vec<f64>,
    /// Per need level: cumulative probabilities over `triage_subs[need]`.
    pub triage_cum: Vec<Vec<f64>>,
    pub triage_subs: Vec<Vec<SubId>>,
    pub sociale_basis_cost_cents: i64,
    pub segments: Vec<String>,
    pub subs: Vec<SubSegment>,
    pub providers: Vec<String>,
    pub contracts: Vec<Contract>,
    pub crisis_sub: SubId,
    pub waiting: Waiting,
    pub relapse: Relapse,
    pub quality_weight: f64,
}

#[derive(Debug, Clone)]
pub struct Municipality {
    pub name: String,
    pub youth_0_17: f64,
    pub youth_18_22: f64,
    pub referral_rate: f64,
}

#[derive(Debug, Clone)]
pub struct Referrer {
    pub name: String,
    pub sociale_basis_share: f64,
}

/// Index into a youth's competing-hazard thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Success,
    StepDown,
    StepUp,
    Crisis,
    Dropout,
    Stay,
}

#[derive(Debug, Clone)]
pub struct SubSegment {
    pub name: String,
    pub segment: u16,
    pub kind: Kind,
    pub products: Vec<Product>,
    pub product_cum: Vec<f64>,
    /// Per need level.
    pub indication_months: Vec<u32>,
    pub extend_probability: f64,
    /// Per need level: monthly hazards [success, step_down, step_up, crisis, dropout].
    pub hazards: Vec<[f64; 5]>,
    pub step_down_to: SubId,
    pub step_up_to: SubId,
    /// Cumulative [continue, adult_care, end] at 18.
    pub at18_cum: [f64; 3],
    pub max_age_months: u32,
    pub contracts: std::ops::Range<ContractId>,
}

impl SubSegment {
    /// Residential kinds hold a bed, and keep it until follow-up care is available.
    pub fn holds_bed(&self) -> bool {
        matches!(self.kind, Kind::Residential | Kind::Closed)
    }
}

#[derive(Debug, Clone)]
pub struct Product {
    pub name: String,
    pub unit: Unit,
    pub tariff: f64,
    /// Per need level.
    pub usage: Vec<UsageDist>,
}

/// Units a youth uses per month (per trajectory for `trajectory`), drawn once per
/// indication: the care plan fixes an intensity that persists while it runs.
#[derive(Debug, Clone, Copy)]
pub enum UsageDist {
    Fixed(f64),
    Gamma(Gamma<f64>),
}

#[derive(Debug, Clone)]
pub struct Contract {
    pub provider: ProviderId,
    pub sub: SubId,
    /// Clients at a time (`u32::MAX` = unlimited).
    pub capacity: u32,
    /// Bit m set = covers municipality m.
    pub covers: u64,
    /// 0 = best ranked.
    pub rank: u32,
    /// Per need level, cumulative competing-hazard thresholds with the provider's
    /// effectiveness applied: [success, +step_down, +step_up, +crisis, +dropout].
    pub thresholds: Vec<[f64; 5]>,
}

#[derive(Debug, Clone, Copy)]
pub struct Waiting {
    pub escalation: f64,
    pub crisis: f64,
    pub dropout: f64,
    pub increase_per_month_waited: f64,
}

#[derive(Debug, Clone, Copy)]
pub struct Relapse {
    pub hazard: f64,
    pub window_months: u32,
    pub resume_within_months: u32,
}

impl Model {
    pub fn months_total(&self) -> u32 {
        self.warmup + self.horizon
    }

    /// `"YYYY-MM"` of reported month `m` (0 = start).
    pub fn month_label(&self, m: u32) -> String {
        let idx = self.start_year as i64 * 12 + (self.start_month as i64 - 1) + m as i64;
        format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1)
    }

    pub fn segment_of(&self, sub: SubId) -> usize {
        self.subs[sub as usize].segment as usize
    }
}
