//! The serde schema of a `.ron` scenario file. Field names follow docs/model.md; every optional
//! field has a default documented in `docs/scenario.md`.

use serde::Deserialize;
use std::collections::BTreeMap;

mod segment;
pub use segment::*;

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
    /// Months simulated before `start` and not reported, so the caseload is in steady state;
    /// none: chosen from the scenario (`validate::settling`), 0 with a transition.
    #[serde(default)]
    pub warmup_months: Option<u32>,
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
    /// The IJsselland 2017 assessment: a support profile and an intensity per youth.
    #[serde(default)]
    pub profiles: Option<Profiles>,
    #[serde(default)]
    pub placement: Placement,
    /// Administrative cost borne by the municipalities, apart from care.
    #[serde(default)]
    pub admin: Admin,
    /// What providers' own costs are and how much reserve they hold.
    #[serde(default)]
    pub provider_economics: ProviderEconomics,
    /// Acceptatieplicht (zorgplicht): contracted providers must admit every youth referred
    /// to them; a full provider takes the youth over its places, at a cost. None: a full
    /// provider lets youths wait.
    #[serde(default)]
    pub acceptance_duty: Option<AcceptanceDuty>,
    /// The provider organisations generated providers are drawn from (docs/scenario.md,
    /// `organisations`); absent: every generated provider is an organisation of its own.
    #[serde(default)]
    pub organisations: Option<Organisations>,
    /// Organisations that do not sign the contracts of the new model: they serve in the
    /// history (warm-up) and leave at `start`, so their clients must move.
    #[serde(default)]
    pub declines: Vec<String>,
    /// How the municipalities share the region's cost (docs/scenario.md, `cost_sharing`).
    #[serde(default)]
    pub cost_sharing: CostSharing,
    /// The region's youth care budget in € a year, for `budget_overrun_probability`.
    #[serde(default)]
    pub budget_per_year: Option<f64>,
    /// Yearly indexation of tariffs and budgets (cao wages and material costs).
    #[serde(default)]
    pub indexation: Indexation,
    /// World uncertainty: drivers drawn once per replication (docs/scenario.md, `world`).
    #[serde(default)]
    pub world: World,
    /// P×Q replications run to set lumpsum reference volumes ("expected production").
    #[serde(default = "default_reference_replications")]
    pub reference_replications: u32,
    /// Named sets of overrides of this scenario, for `jeugdsim compare`.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// The default parameter sweep of `jeugdsim sweep`.
    #[serde(default)]
    pub sweep: Option<Sweep>,
    /// Months between market reviews (wachtkamer rule).
    #[serde(default = "default_review_months")]
    pub review_months: u32,
    /// Go-live of a new procurement model with running indications (docs/model.md).
    #[serde(default)]
    pub transition: Option<Transition>,
    /// The caseload and waiting list on the base date; with it the simulation starts there
    /// (`warmup_months` 0) instead of after a simulated history.
    #[serde(default)]
    pub stock: Vec<StockInput>,
    /// Parameters whose value is uncertain, with a low and a high value, for
    /// `jeugdsim sensitivity`: path → range.
    #[serde(default)]
    #[serde(deserialize_with = "crate::fields::map")]
    pub uncertain: BTreeMap<String, Range>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

/// The transition period (002:841-930): at go-live (`start`) a share of the running
/// indications of each `caseload` sub-segment is at legacy providers; legacy indications are financed P×Q until they
/// end or until `end`, when clients of providers not contracted in the new model move.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// Transition end, `"YYYY-MM"`: the first month without legacy indications. Equal to
    /// `start` for a big bang.
    pub end: String,
    pub caseload: Vec<Caseload>,
}

/// Running indications of one sub-segment at go-live.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caseload {
    pub sub_segment: String,
    /// Youths in care at go-live, when the simulation starts there (`warmup_months: 0`);
    /// left out, the caseload at go-live is the simulated history's.
    #[serde(default)]
    pub count: Option<u32>,
    /// Share of them at providers not contracted in the new model (latende partijen).
    #[serde(default)]
    pub legacy_share: f64,
    /// Number of such legacy providers (generated, named `<sub-segment> legacy k`).
    #[serde(default = "crate::fields::one_u32")]
    pub legacy_providers: u32,
    /// Months left on the running indication, drawn uniformly from 1 to this (12 when
    /// left out); only with `count`: a simulated history knows each indication's end.
    #[serde(default)]
    pub max_months_left: Option<u32>,
    /// This sub-segment's own transition end, `"YYYY-MM"`; default the transition's `end`.
    #[serde(default)]
    pub end: Option<String>,
    /// Placements run out with their provider: at the end a running legacy indication is
    /// not converted; it stays, paid P×Q, until it ends (an extension goes to the new
    /// model). For residential care, where a move is the most harmful.
    #[serde(default)]
    pub run_out: bool,
    /// The third client group (indications running past the end) is re-indicated locally
    /// during the first months after go-live instead of converted at the end.
    #[serde(default)]
    pub reindicate: Option<Reindicate>,
}

/// Re-indication of the third client group by the toegang after go-live.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reindicate {
    /// Each client's re-indication falls in one of this many months from go-live, uniformly.
    #[serde(default = "default_reindicate_months")]
    pub within_months: u32,
    /// Administrative cost of one re-indication, €.
    #[serde(default)]
    pub cost: f64,
}

fn default_reindicate_months() -> u32 {
    12
}

fn default_review_months() -> u32 {
    3
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sweep {
    /// Path of the numeric field to vary, as in `variants`.
    pub set: String,
    /// Values: `"A..B"` or `"A..B:STEP"`, inclusive.
    pub range: String,
    /// E.g. `"mean_wait_months<=1.0"`: the smallest value meeting it with 95% probability
    /// is reported.
    #[serde(default)]
    pub target: Option<String>,
}

fn default_reference_replications() -> u32 {
    40
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    /// A plain-language name for the reader, e.g. `"Lumpsum voor ambulante zorg"`; the
    /// answer, the report and the workbook show it instead of `name`.
    #[serde(default)]
    pub label: Option<String>,
    /// Path → new value, e.g. `"segments[IAJ].sub_segments[ondersteuning].financing":
    /// Lumpsum(discount: 0.05)`. Paths name list items by index or by their `name`.
    #[serde(default)]
    #[serde(deserialize_with = "crate::fields::map")]
    pub set: BTreeMap<String, ron::Value>,
}

/// How tariffs and budgets rise each year after go-live.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indexation {
    /// Relative yearly rise of every tariff, trajectory price, lumpsum budget,
    /// keuzebudget and availability fee, from the second reporting year on.
    #[serde(default)]
    pub per_year: f64,
    /// A different yearly rise for the sub-segments of a kind of care (product class),
    /// e.g. `{residential: 0.025}` where the housing component follows its own index.
    #[serde(default)]
    #[serde(deserialize_with = "crate::fields::map")]
    pub per_kind: BTreeMap<crate::model::Kind, f64>,
}

/// Scenario-level drivers a region cannot know when it sets its budgets, each drawn once
/// per replication uniformly between `low` and `high` and shared by every variant
/// (common random numbers). They act from the start of the reporting horizon.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct World {
    /// Added to `referral.trend_per_year`: demand growing faster or slower than planned.
    #[serde(default)]
    pub referral_trend_shift: Option<Range>,
    /// Added to every yearly index (`indexation`): wage agreements above or below the
    /// index the budget assumed.
    #[serde(default)]
    pub indexation_shift: Option<Range>,
    /// Multiplies how long youths stay in care (indication lengths, and divides the
    /// monthly hazards of leaving care): trajectories longer or shorter than planned.
    #[serde(default)]
    pub trajectory_length_factor: Option<Range>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Admin {
    /// € per contract (provider × sub-segment) per year: contract management.
    #[serde(default)]
    pub per_contract_year: f64,
    /// € per monthly declaration of a youth's care (P×Q, keuzebudget, occupancy).
    #[serde(default)]
    pub per_declaration: f64,
    /// € per re-indication (a keuzebudget raise).
    #[serde(default)]
    pub per_reindication: f64,
}

/// The cost-sharing key: each municipality pays its actual use, except a solidarity share
/// of every municipality's use that is pooled and shared per inhabitant aged 0–22.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostSharing {
    /// 0: actual use (default); 1: per capita; in between: a mix.
    #[serde(default)]
    pub solidarity_share: f64,
}

/// The acceptance duty (acceptatieplicht): places flex above capacity, at a cost.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceDuty {
    /// A provider's extra own cost of care delivered above its places (temporary staff,
    /// overtime), as a share of that care at tariff.
    #[serde(default = "default_flex_cost_share")]
    pub flex_cost_share: f64,
}

fn default_flex_cost_share() -> f64 {
    0.15
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderEconomics {
    /// A provider's own cost of a delivered unit, as a share of its tariff.
    #[serde(default = "default_own_cost_share")]
    pub own_cost_share: f64,
    /// Financial reserve at the start, as a share of the provider's reference yearly revenue.
    #[serde(default = "default_reserve_share")]
    pub reserve_share: f64,
    /// Under lumpsum or keuzebudget, a provider whose reserve falls below zero leaves the
    /// market at the next year end; its clients must move.
    #[serde(default)]
    pub exit_on_negative_reserve: bool,
    /// Each reporting year end, a provider whose result that year is at least
    /// `capacity_growth_margin` of its revenue adds this share of its places (at least
    /// one) to each contract with a capacity; one with a loss removes as many. 0 = fixed.
    #[serde(default)]
    pub capacity_response: f64,
    #[serde(default = "default_capacity_growth_margin")]
    pub capacity_growth_margin: f64,
    /// Each provider's balance sheet at the end of its first full year, in proportion to
    /// that year's revenue; results are retained (the financial norms).
    #[serde(default)]
    pub balance: BalanceInput,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BalanceInput {
    /// Equity / total assets.
    pub solvency: f64,
    /// (Current assets + cash) / current liabilities.
    pub current_ratio: f64,
    /// Total assets / yearly revenue.
    pub assets_to_revenue: f64,
    /// Current liabilities / yearly revenue.
    pub current_liabilities_to_revenue: f64,
}

impl Default for BalanceInput {
    /// [assumption] A healthy provider: solvency 30%, current ratio 1.4, assets half a
    /// year's revenue, current liabilities a fifth (docs/modelling-choices.md).
    fn default() -> Self {
        BalanceInput {
            solvency: 0.30,
            current_ratio: 1.4,
            assets_to_revenue: 0.5,
            current_liabilities_to_revenue: 0.2,
        }
    }
}

fn default_capacity_growth_margin() -> f64 {
    0.05
}

fn default_own_cost_share() -> f64 {
    0.97
}
fn default_reserve_share() -> f64 {
    0.15
}

impl Default for ProviderEconomics {
    fn default() -> Self {
        ProviderEconomics {
            own_cost_share: default_own_cost_share(),
            reserve_share: default_reserve_share(),
            exit_on_negative_reserve: false,
            capacity_response: 0.0,
            capacity_growth_margin: default_capacity_growth_margin(),
            balance: BalanceInput::default(),
        }
    }
}

/// How a sub-segment's providers are paid: each scheme's fields are defined with the
/// scheme, in `src/finance/`.
pub use crate::finance::FinancingInput as Financing;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinancingChange {
    /// First month (`"YYYY-MM"`) under the new scheme.
    pub from: String,
    pub financing: Financing,
}

fn default_start() -> String {
    "2022-01".into()
}
fn default_horizon() -> u32 {
    60
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
    /// Sub-segments this municipality buys outside the region (e.g. Hardenberg's ambulant
    /// care in IJsselland, 004:25): its youths needing them leave the regional simulation.
    #[serde(default)]
    pub buys_separately: Vec<String>,
    /// This municipality's referrals per sub-segment, replacing `referral.triage` for its
    /// youths (every need level): what `init --from` fits from the starts per municipality.
    #[serde(default)]
    #[serde(deserialize_with = "crate::fields::map")]
    pub sub_segment_shares: BTreeMap<String, f64>,
    /// The municipality's own youth care budget in € a year (first-year prices, indexed as
    /// the region's), for the council tables.
    #[serde(default)]
    pub budget_per_year: Option<f64>,
    /// Its agreed share of the region's cost in the regional cost split (0–1), shown beside
    /// what it pays under `cost_sharing` in the council tables.
    #[serde(default)]
    pub agreed_cost_share: Option<f64>,
}

/// Youths in care and waiting on the base date, per municipality and sub-segment: the
/// simulation starts from them instead of from a simulated history (`warmup_months` 0).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockInput {
    pub municipality: String,
    pub sub_segment: String,
    /// Youths in care on the base date.
    #[serde(default)]
    pub in_care: u32,
    /// Youths on the waiting list on the base date.
    #[serde(default)]
    pub waiting: u32,
    /// Months left on a running indication, drawn uniformly from 1 to this.
    #[serde(default = "default_stock_months_left")]
    pub max_months_left: u32,
}

fn default_stock_months_left() -> u32 {
    12
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
    #[serde(deserialize_with = "crate::fields::map")]
    pub need_shares: ByNeed<f64>,
    /// Per need level: probability of each sub-segment; each row sums to 1.
    #[serde(deserialize_with = "crate::fields::nested")]
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
    /// Keuzebudget referrals from this referrer above the consent threshold wait for the
    /// region's consent (GP, medical specialist, youth doctor: 004:3653-3657).
    #[serde(default)]
    pub needs_consent: bool,
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

/// A pool of provider organisations, named `Aanbieder 1` … `Aanbieder <count>`, largest
/// first. Each sub-segment with `Generated` providers draws its `count` from the pool
/// without replacement, an organisation's chance falling with its number as
/// `1 / k^size_skew`, so large organisations hold contracts in many sub-segments.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisations {
    pub count: u32,
    #[serde(default = "crate::fields::one")]
    pub size_skew: f64,
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
    /// Monthly hazard for a former client whose care ended without its goal attained
    /// (dropout, early closure); default `hazard`.
    #[serde(default)]
    pub unattained_hazard: Option<f64>,
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
            unattained_hazard: None,
            window_months: default_relapse_window(),
            resume_within_months: default_resume(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Weight of a provider of rank r (0 = best) is 1 / (1 + r)^quality_weight.
    #[serde(default = "crate::fields::one")]
    pub quality_weight: f64,
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            quality_weight: 1.0,
        }
    }
}

/// The toegang's assessment (IJsselland 2017, `003:310-405`): each youth gets one support
/// profile and one intensity; together they shape the care plan, and trajectory prices
/// may be set per combination.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profiles {
    /// The support profiles, with the share of referred youths in each.
    pub list: Vec<Profile>,
    /// The intensities, each a factor on indication length and on care time per month.
    pub intensities: Vec<Intensity>,
    /// Per need level: probability of each intensity; each row sums to 1.
    #[serde(deserialize_with = "crate::fields::nested")]
    pub intensity_shares: ByNeed<BTreeMap<String, f64>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub share: f64,
    /// Factor on indication length for this profile (on top of the intensity's).
    #[serde(default = "crate::fields::one")]
    pub duration: f64,
    /// Factor on care time (minutes, hours) per month (on top of the intensity's).
    #[serde(default = "crate::fields::one")]
    pub units: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intensity {
    pub name: String,
    /// Factor on the sub-segment's indication length.
    pub duration: f64,
    /// Factor on care time (minutes, hours) per month.
    pub units: f64,
}
