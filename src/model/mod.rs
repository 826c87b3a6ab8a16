//! The validated, index-based model the engine runs on: names are resolved to indices,
//! probabilities to cumulative thresholds and distributions to `rand_distr` values, once.

pub use crate::finance::{Behaviour, BudgetRaise, Financing, KeuzeBudget};
pub use crate::ids::{
    ContractId, Contracts, MuniIx, MuniSet, NO_CONTRACT, NO_PROVIDER, NO_SUB, ProviderId, SubId,
};
use serde::Deserialize;

mod event;

pub use event::{Event, Outcome};

/// The kind of care a sub-segment gives: decides what is counted (ambulant share,
/// youth-months with accommodation, beds) and whether a youth can wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Ambulant,
    FamilyBased,
    Residential,
    Closed,
    Crisis,
}

impl Kind {
    /// The name scenarios and outputs use.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Ambulant => "ambulant",
            Kind::FamilyBased => "family_based",
            Kind::Residential => "residential",
            Kind::Closed => "closed",
            Kind::Crisis => "crisis",
        }
    }
}

/// The unit a product's tariff is per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Month,
    Trajectory,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// A plain-language name for the reader (a variant's `label`), shown instead of `name`
    /// where there is one.
    pub label: Option<String>,
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
    /// Per municipality × need level: its own triage, else the region's (one lookup).
    pub triage_by: Vec<Triage>,
    pub sociale_basis_cost_cents: i64,
    pub segments: Vec<String>,
    pub subs: Vec<SubSegment>,
    pub providers: Vec<String>,
    pub contracts: Vec<Contract>,
    /// Organisations that do not sign the new contracts: they leave at go-live.
    pub declines: Vec<ProviderId>,
    pub crisis_sub: SubId,
    pub waiting: Waiting,
    pub relapse: Relapse,
    /// The support profiles and intensities youths are assessed in, when the scenario
    /// declares them.
    pub profiles: Option<Profiles>,
    /// Record the care delivered per trajectory (the history run of a model whose
    /// trajectory prices come from it).
    pub record_delivered: bool,
    pub quality_weight: f64,
    pub admin: Admin,
    pub economics: ProviderEconomics,
    pub budget_per_year_cents: Option<i64>,
    /// Share of each municipality's use pooled and shared per inhabitant aged 0–22.
    pub solidarity_share: f64,
    /// Yearly indexation of tariffs and budgets (0.03 = +3% a year); a sub-segment's own
    /// rate, where its kind of care has one, is `SubSegment::index_per_year`.
    pub index_per_year: f64,
    /// World uncertainty the scenario declares: drawn once per replication.
    pub world: WorldDrivers,
    pub reference_replications: u32,
    /// Months between market reviews.
    pub review_months: u32,
    pub transition: Option<Transition>,
    /// The caseload and waiting list on the base date (a scenario fitted to data).
    pub stock: Vec<StockEntry>,
    /// Values allowed but probably not meant, each `file:line:col: message (at path)`;
    /// printed before a run, errors under `--strict`.
    pub warnings: Vec<String>,
}

/// World drivers: per driver the (low, high) range of a uniform draw, once per
/// replication (docs/model.md, "World uncertainty").
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WorldDrivers {
    /// Added to `trend_per_year`.
    pub referral_trend_shift: Option<(f64, f64)>,
    /// Added to every yearly index.
    pub indexation_shift: Option<(f64, f64)>,
    /// Multiplies indication lengths and divides the hazards of leaving care.
    pub trajectory_length_factor: Option<(f64, f64)>,
}

impl WorldDrivers {
    /// Whether the scenario declares any driver.
    pub fn declared(&self) -> bool {
        self.named().iter().any(|(_, r)| r.is_some())
    }

    /// The drivers with their names, in a fixed order (their keys for random numbers).
    pub fn named(&self) -> [(&'static str, Option<(f64, f64)>); 3] {
        [
            ("referral_trend_shift", self.referral_trend_shift),
            ("indexation_shift", self.indexation_shift),
            ("trajectory_length_factor", self.trajectory_length_factor),
        ]
    }
}

/// A validated transition period (docs/model.md).
#[derive(Debug, Clone)]
pub struct Transition {
    /// Simulated month index (warm-up included) of the transition end (the go-live month,
    /// `warmup`, for a big bang); a caseload entry may have its own (`Caseload::end`).
    pub end: u32,
    pub caseload: Vec<Caseload>,
}

#[derive(Debug, Clone)]
pub struct Caseload {
    pub sub: SubId,
    /// Youths created at go-live; 0 when the caseload is the simulated history's.
    pub count: u32,
    pub legacy_share: f64,
    /// The sub-segment's legacy contracts (never contracted in the new model).
    pub legacy: Contracts,
    pub max_months_left: u32,
    /// Simulated month of this sub-segment's transition end (the transition's `end` unless
    /// the caseload entry has its own).
    pub end: u32,
    /// Legacy indications run out with their provider instead of converting at `end`.
    pub run_out: bool,
    /// Re-indication of the third group: within this many months from go-live, at this
    /// administrative cost (cents) each.
    pub reindicate: Option<(u32, i64)>,
}

impl Caseload {
    /// Whether its legacy indications convert at its `end`: not when they run out with
    /// their provider, nor when the third group is re-indicated instead.
    pub fn converts_at_end(&self) -> bool {
        !self.run_out && self.reindicate.is_none()
    }
}

/// Administrative cost in cents.
#[derive(Debug, Clone, Copy, Default)]
pub struct Admin {
    pub per_contract_year: i64,
    pub per_declaration: i64,
    pub per_reindication: i64,
}

#[derive(Debug, Clone, Copy)]
pub struct ProviderEconomics {
    pub own_cost_share: f64,
    pub reserve_share: f64,
    pub exit_on_negative_reserve: bool,
    /// Share of places added (margin ≥ `capacity_growth_margin`) or removed (a loss) per
    /// contract at each reporting year end; 0 = fixed capacity.
    pub capacity_response: f64,
    pub capacity_growth_margin: f64,
    /// With an acceptance duty: a provider's extra own cost of care delivered above its
    /// places, as a share of that care at tariff. None: full providers let youths wait.
    pub acceptance_duty: Option<f64>,
    /// The providers' balance sheets, for the region's financial norms.
    pub balance: BalanceSheet,
}

/// A provider's balance sheet at the end of its first full year, in proportion to that
/// year's revenue (`src/engine/balance.rs`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BalanceSheet {
    /// Equity / total assets.
    pub solvency: f64,
    /// (Current assets + cash) / current liabilities.
    pub current_ratio: f64,
    /// Total assets / yearly revenue.
    pub assets_to_revenue: f64,
    /// Current liabilities / yearly revenue.
    pub current_liabilities_to_revenue: f64,
}

/// Where referrals are triaged to: cumulative shares, and the sub-segments they are of.
pub type Triage = (Box<[f64]>, Box<[SubId]>);

#[derive(Debug, Clone)]
pub struct Municipality {
    pub name: String,
    pub youth_0_17: f64,
    pub youth_18_22: f64,
    pub referral_rate: f64,
    /// Its own referrals per sub-segment (cumulative shares, sub-segments), replacing the
    /// region's triage for every need level.
    pub triage: Option<(Vec<f64>, Vec<SubId>)>,
    /// Its own budget (cents a year, first-year prices) and agreed share of the cost split.
    pub budget_per_year_cents: Option<i64>,
    pub agreed_cost_share: Option<f64>,
}

/// The Iv3 task field (taakveld) a sub-segment's cost is booked on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskField {
    /// 6.72 Maatwerkdienstverlening 18-.
    #[default]
    Tailored,
    /// 6.82 Geëscaleerde zorg 18-.
    Escalated,
}

impl TaskField {
    pub const ALL: [TaskField; 2] = [TaskField::Tailored, TaskField::Escalated];

    pub fn code(self) -> &'static str {
        match self {
            TaskField::Tailored => "6.72",
            TaskField::Escalated => "6.82",
        }
    }

    /// The code and its name as the Iv3 list gives it.
    pub fn label(self) -> &'static str {
        match self {
            TaskField::Tailored => "6.72 Maatwerkdienstverlening 18-",
            TaskField::Escalated => "6.82 Geëscaleerde zorg 18-",
        }
    }

    pub fn from_code(code: &str) -> Option<TaskField> {
        TaskField::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Youths of one municipality in care and waiting in one sub-segment on the base date.
#[derive(Debug, Clone, Copy)]
pub struct StockEntry {
    pub muni: MuniIx,
    pub sub: SubId,
    pub in_care: u32,
    pub waiting: u32,
    pub max_months_left: u32,
}

impl Municipality {
    /// Inhabitants aged 0–22: the population youth care serves.
    pub fn youth_0_22(&self) -> f64 {
        self.youth_0_17 + self.youth_18_22
    }
}

#[derive(Debug, Clone)]
pub struct Referrer {
    pub name: String,
    pub sociale_basis_share: f64,
    pub needs_consent: bool,
}

/// The support profiles and intensities (IJsselland 2017): drawn once per youth from its
/// key, so a youth keeps them in every variant and every relapse.
#[derive(Debug, Clone)]
pub struct Profiles {
    pub names: Vec<String>,
    pub profile_cum: Vec<f64>,
    /// Per profile: (duration, units) factors.
    pub profile_factors: Vec<(f64, f64)>,
    pub intensity_names: Vec<String>,
    /// Per intensity: (duration, units) factors.
    pub intensity_factors: Vec<(f64, f64)>,
    /// Per need level: cumulative probabilities over the intensities.
    pub intensity_cum: Vec<Vec<f64>>,
}

/// A youth's profile and intensity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    pub profile: u16,
    pub intensity: u16,
}

impl Profiles {
    /// The assessment of the youth with drawing key `key` and need level `need`.
    pub fn assess(&self, key: u64, need: usize) -> Assessment {
        use crate::rng::{Purpose, pick, uniform};
        Assessment {
            profile: pick(&self.profile_cum, uniform(key, 0, Purpose::Profile)) as u16,
            intensity: pick(
                &self.intensity_cum[need],
                uniform(key, 0, Purpose::Intensity),
            ) as u16,
        }
    }

    /// (duration, units) factors of an assessment.
    pub fn factors(&self, a: Assessment) -> (f64, f64) {
        let (pd, pu) = self.profile_factors[a.profile as usize];
        let (id, iu) = self.intensity_factors[a.intensity as usize];
        (pd * id, pu * iu)
    }
}

#[derive(Debug, Clone)]
pub struct SubSegment {
    pub name: String,
    pub segment: u16,
    pub kind: Kind,
    /// Yearly indexation of this sub-segment's tariffs and budgets.
    pub index_per_year: f64,
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
    pub contracts: Contracts,
    /// The municipalities that buy this sub-segment outside the region.
    pub bought_separately: MuniSet,
    /// Stacked care: the ambulant sub-segment a youth placed here may at the same time
    /// hold an assignment in, and the share who do.
    pub stacked: Option<(SubId, f64)>,
    /// Wachtkamer: contracted at the start, maximum contracted, and the P90 waiting norm.
    /// Without a market block every provider is contracted (min = max = all).
    pub min_providers: u32,
    pub max_providers: u32,
    pub waiting_norm_months: f64,
    /// Specialisms the contracted providers must offer between them (bit k of a
    /// contract's `specialisms` = offers the k-th).
    pub specialisms: Vec<String>,
    /// When the number of providers is decided: at the wachtkamer's reviews or at award.
    pub sizing: Sizing,
    /// Financing phases: (first simulated month index, scheme), in order, the first at 0.
    pub financing: Vec<(u32, Financing)>,
    /// The model before go-live that the revenue guard compares against: P×Q or the
    /// scheme in force at go-live (then the model did not change).
    pub previous_financing: Financing,
    /// The Iv3 task field its cost is booked on.
    pub task_field: TaskField,
}

/// Index of the phase of `phases` (first month, scheme; in order) in force in simulated
/// month `t`; the first before any starts.
pub fn phase_at(phases: &[(u32, Financing)], t: u32) -> usize {
    phases.iter().rposition(|(from, _)| *from <= t).unwrap_or(0)
}

impl SubSegment {
    /// The scheme in force in simulated month `t`.
    pub fn financing_at(&self, t: u32) -> &Financing {
        &self.financing[self.phase_at(t)].1
    }

    /// Whether the model at go-live (`start`, month `warmup`) is the one before it, so
    /// requirement 38 sees no change of model.
    pub fn model_unchanged(&self, warmup: u32) -> bool {
        self.previous_financing == *self.financing_at(warmup)
    }

    /// Index of the financing phase in force in simulated month `t`.
    pub fn phase_at(&self, t: u32) -> usize {
        phase_at(&self.financing, t)
    }

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
#[derive(Debug, Clone)]
pub enum UsageDist {
    Fixed(f64),
    /// The distribution and its mean.
    Gamma(crate::rng::UsageGamma, f64),
}

impl UsageDist {
    pub fn mean(&self) -> f64 {
        match *self {
            UsageDist::Fixed(u) | UsageDist::Gamma(_, u) => u,
        }
    }
}

/// When a sub-segment's number of providers is decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sizing {
    /// The wachtkamer contracts the next provider at its reviews.
    #[default]
    Review,
    /// At award, past `min` only while specialisms or municipalities are not covered.
    Award,
}

#[derive(Debug, Clone)]
pub struct Contract {
    pub provider: ProviderId,
    pub sub: SubId,
    /// Clients at a time (`u32::MAX` = unlimited).
    pub capacity: u32,
    /// The municipalities it covers.
    pub covers: MuniSet,
    /// 0 = best ranked.
    pub rank: u32,
    /// Bit k set = offers the k-th of its sub-segment's required `specialisms`.
    pub specialisms: u64,
    /// Relative change of success (+) and of step-up and crisis (−) hazards.
    pub effectiveness: f64,
    /// The provider's own cost of delivered care as a share of tariff.
    pub own_cost_share: f64,
    /// A provider of the old model, not contracted in the new one: it keeps its running
    /// clients (P×Q) until they move, and is never a wachtkamer candidate.
    pub legacy: bool,
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
    /// After dropout or early closure (goal not attained).
    pub unattained_hazard: f64,
    pub window_months: u32,
    pub resume_within_months: u32,
}

impl Model {
    /// Where a referral of municipality `muni` with need level `need` is triaged to:
    /// cumulative shares and sub-segments, the municipality's own when it has them.
    #[inline]
    pub fn triage(&self, muni: usize, need: usize) -> (&[f64], &[SubId]) {
        let (cum, subs) = &self.triage_by[muni * self.need_names.len() + need];
        (cum, subs)
    }

    /// The region's budget (cents) for reporting year `y`: `budget_per_year` in first-year
    /// prices raised by the planned yearly index — what the region knew when it set it,
    /// not the index its world turns out to have.
    pub fn budget_in_year(&self, y: usize) -> Option<f64> {
        self.budget_per_year_cents
            .map(|b| b as f64 * (1.0 + self.index_per_year).powi(y as i32))
    }

    /// The region's budget (€) of each full reporting year, `None` without a budget.
    pub fn budgets_by_year(&self) -> Vec<Option<f64>> {
        (0..self.horizon as usize / 12)
            .map(|y| self.budget_in_year(y).map(|cents| cents / 100.0))
            .collect()
    }

    pub fn months_total(&self) -> u32 {
        self.warmup + self.horizon
    }

    /// `"YYYY-MM"` of reported month `m` (0 = start).
    pub fn month_label(&self, m: u32) -> String {
        let idx = self.start_year as i64 * 12 + (self.start_month as i64 - 1) + m as i64;
        format!("{:04}-{:02}", idx.div_euclid(12), idx.rem_euclid(12) + 1)
    }

    /// Simulated month index (warm-up included) of calendar month `year`-`month`, clamped
    /// to the simulation.
    pub fn month_index(&self, year: i32, month: u32) -> u32 {
        let start = self.start_year as i64 * 12 + self.start_month as i64 - 1;
        let at = year as i64 * 12 + month as i64 - 1;
        (at - start + self.warmup as i64).clamp(0, self.months_total() as i64) as u32
    }

    /// Calendar month (0 = January) of simulated month `t`.
    pub fn calendar_month(&self, t: u32) -> u32 {
        ((self.start_month - 1) as i64 + t as i64 - self.warmup as i64).rem_euclid(12) as u32
    }

    pub fn segment_of(&self, sub: SubId) -> usize {
        self.subs[sub as usize].segment as usize
    }
}

/// Cumulative competing-hazard thresholds [success, +step_down, +step_up, +crisis,
/// +dropout] for monthly `hazards`, with a provider's `effectiveness` (better help succeeds
/// more often and escalates less) and a financing scheme's step-down factor applied to the
/// hazards themselves; `pace` scales every hazard (the world's trajectory length: a stay
/// `L` times as long has hazards `1 / L` as large). Capped so the total never exceeds 1.
pub fn thresholds(hazards: &[f64; 5], effectiveness: f64, step_down: f64, pace: f64) -> [f64; 5] {
    let adj = [
        hazards[0] * (1.0 + effectiveness) * pace,
        hazards[1] * step_down * pace,
        hazards[2] * (1.0 - effectiveness) * pace,
        hazards[3] * (1.0 - effectiveness) * pace,
        hazards[4] * pace,
    ];
    let mut out = [0.0; 5];
    let mut acc = 0.0;
    for (o, h) in out.iter_mut().zip(adj) {
        acc = (acc + h).min(1.0);
        *o = acc;
    }
    out
}
