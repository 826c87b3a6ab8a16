//! Plain counters filled by one replication. Nothing here allocates per youth or month:
//! the vectors are sized once per replication.

/// Youths and euros in and out of the system in one month (warm-up months included), for
/// the conservation checks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flow {
    /// Youths in care or waiting at the start of the month.
    pub stock_start: u32,
    /// Referrals not resolved in the sociale basis, plus re-entries.
    pub entered: u32,
    /// Every exit: success, dropout, adult care, end at 18, giving up while waiting.
    pub left: u32,
    /// Youths in care or waiting at the end of the month.
    pub stock_end: u32,
    /// Σ over municipalities of what they paid for care this month (cents).
    pub municipality_paid_cents: i64,
    /// Σ over providers of their revenue this month (cents).
    pub provider_revenue_cents: i64,
    /// Care delivered this month at tariff (cents): production, whatever the scheme pays.
    pub production_cents: i64,
    /// Youths waiting for a place at the end of the month.
    pub waiting: u32,
}

/// Counters over the reported months (after warm-up).
#[derive(Debug, Clone, Default)]
pub struct Counters {
    pub care_cents: i64,
    pub sociale_basis_cents: i64,
    pub referrals: u64,
    pub resolved_in_sociale_basis: u64,
    pub distinct_youths: u64,
    pub youth_months: u64,
    pub ambulant_months: u64,
    pub bed_months: u64,
    pub waiting_youth_months: u64,
    pub placements: u64,
    pub wait_months_at_placement: u64,
    pub admissions: u64,
    pub provider_changes: u64,
    pub forced_provider_changes: u64,
    pub to_adult_care: u64,
    pub reentries: u64,
    pub reentries_within_12m: u64,
    /// Trajectories with a provider that ended (any reason), of them with the goal
    /// attained (success) and by dropout.
    pub trajectories_ended: u64,
    pub goals_attained: u64,
    pub trajectory_dropouts: u64,
    /// Of them, those that ended with a move to other care.
    pub trajectories_referred_on: u64,
    pub step_downs: u64,
    pub step_ups: u64,
    pub crisis_admissions: u64,
    pub crisis_over_capacity: u64,
    pub bed_blocking_months: u64,
    pub waiting_dropouts: u64,
    pub escalations_while_waiting: u64,
    pub admin_cents: i64,
    /// Declarations over the reported months: what `admin.per_declaration` is paid for.
    pub declarations: u64,
    pub wachtkamer_activations: u64,
    pub forced_changes_at_transition: u64,
    /// Caseload youths placed with a legacy provider at go-live.
    pub legacy_clients_at_go_live: u64,
    pub residential_forced_changes: u64,
    /// Youth-months and cost (cents) of legacy indications financed P×Q after go-live.
    pub dual_financing_months: u64,
    pub dual_financing_cents: i64,
    /// Legacy indications of the third group re-indicated after go-live.
    pub transition_reindications: u64,
    /// What became of the legacy indications (every one is in exactly one): extended into
    /// the new model (group 2), converted at their sub-segment's end (group 3), closed while
    /// legacy (ended, left care or moved on), still running at the horizon's end.
    pub legacy_followed_on: u64,
    pub legacy_converted: u64,
    pub legacy_closed: u64,
    pub legacy_running_at_end: u64,
    /// Σ over reported months of youths waiting longer than their sub-segment's norm.
    pub waiting_over_norm_months: u64,
    /// Herfindahl-Hirschman index of providers' shares, weighted over sub-segments.
    pub hhi: f64,
    /// Referrals and follow-ups to care a municipality buys outside the region.
    pub bought_separately: u64,
    /// Keuzebudget, over all simulated months: budgets granted (placements, new
    /// indications, raises) and what was paid against them (cents).
    pub budget_granted_cents: i64,
    pub budget_paid_cents: i64,
    pub reindications: u64,
    pub consent_delays: u64,
    /// Stacked care: ambulant assignments started beside a stay, those that found no
    /// provider with room, the youth-months they ran and their cost at tariff (cents).
    pub stacked_assignments: u64,
    pub stacked_unplaced: u64,
    pub stacked_months: u64,
    pub stacked_cents: i64,
    pub provider_exits: u64,
    pub rationing_closures: u64,
    /// Referrals (care plans) a provider refused at intake, each counted once however many
    /// months it is refused again.
    pub referrals_refused: u64,
    /// Months of care needed and not given: months a refused youth waits without care, the
    /// indications of youths who left a waiting list, and months the scheme's behaviour cut
    /// from indications.
    pub care_forgone_months: u64,
    /// Extensions a provider running ahead of its lumpsum budget turned into a discharge.
    pub early_discharges: u64,
    /// Clients such a provider referred on to care paid P×Q instead of extending.
    pub shifted_to_pxq: u64,
    /// Σ over providers of revenue − own cost over the reported months (cents).
    pub provider_result_cents: i64,
    /// Net places added to contracts by the yearly capacity response.
    pub capacity_change: i64,
    /// Under an acceptance duty: youth-months in care above the provider's places, and
    /// the providers' extra own cost of that care.
    pub flexed_place_months: u64,
    pub flex_cost_cents: i64,
    /// Care delivered over the reported months, at tariff (production), legacy care
    /// included: what P×Q would have paid for it.
    pub production_cents: i64,
    pub providers_with_loss: u64,
    /// Providers whose first-year revenue at equal production moved more than 5%.
    pub providers_over_revenue_guard: u64,
    /// Providers two, and three or more, full years below a financial norm.
    pub providers_plan_assessed: u64,
    pub providers_plan_required: u64,
    /// max over providers of |revenue − production at tariff| / production at tariff.
    pub max_revenue_change: f64,
    /// Σ over reporting years of the distinct youths in care that year.
    pub youth_years: u64,
    /// Σ over reporting years of the distinct youths in care with accommodation (any
    /// non-ambulant kind: CBS's "jeugdhulp met verblijf" includes foster care).
    pub youth_years_verblijf: u64,
    /// How the region still changed in the last two years of the warm-up (0 with less than
    /// three years of warm-up): care at tariff, year on year, as a share of the first; and the
    /// change in youths waiting as a share of the youths in care or waiting.
    pub baseline_cost_drift: f64,
    pub baseline_waiting_drift: f64,
}

/// One provider's books over the reported months.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderBook {
    pub revenue_cents: i64,
    pub own_cost_cents: i64,
    /// Full reporting years with a negative result, and below the profitability norm.
    pub loss_years: u32,
    pub years_below_norm: u32,
    /// Full reporting years below the solvency and current-ratio norms, and the ratios
    /// after the last year end.
    pub years_below_solvency: u32,
    pub years_below_current_ratio: u32,
    pub solvency: f64,
    pub current_ratio: f64,
    /// The most full years below any one financial norm.
    pub escalation: u32,
    /// Whether the change of model moved its revenue by more than 5% at equal production.
    pub over_revenue_guard: bool,
    /// Trajectories with it that ended, of them with the goal attained and by dropout, and
    /// its former clients referred again within 12 months of leaving care.
    pub trajectories_ended: u64,
    pub goals_attained: u64,
    pub dropouts: u64,
    pub referred_on: u64,
    pub reentries_within_12m: u64,
}

/// A provider contracted by the wachtkamer rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Activation {
    /// Reported month (0 = start).
    pub month: u32,
    pub sub: crate::model::SubId,
    pub provider: crate::model::ProviderId,
    pub trigger: crate::market::wachtkamer::Trigger,
}

/// Everything one replication produces.
#[derive(Debug, Clone)]
pub struct Tally {
    pub counters: Counters,
    /// Per municipality, what it paid for its youths' care over the reported months
    /// (cents): its actual use.
    pub muni_paid_cents: Vec<i64>,
    /// Per sub-segment, the Herfindahl-Hirschman index of providers' shares of its
    /// youth-months over the reported months (0–10,000).
    pub sub_hhi: Vec<f64>,
    /// Per reported month × sub-segment, the same index of the youths in care at the
    /// month's end.
    pub monthly_hhi: Vec<f64>,
    /// Per municipality, its youths' forced changes of provider over the reported months.
    pub muni_forced: Vec<u64>,
    /// Per reporting year × municipality × sub-segment: what the municipality paid for its
    /// youths' care there (cents), the council's tables.
    pub muni_sub_year_cents: Vec<i64>,
    /// Per municipality × sub-segment over the reported months: youth-months in care and
    /// waiting for a place, placements with a provider (starts) and trajectories with a
    /// provider that ended (stops), as a region's start and stop messages count them.
    pub muni_sub_months: Vec<u64>,
    pub muni_sub_waiting: Vec<u64>,
    pub muni_sub_starts: Vec<u64>,
    pub muni_sub_stops: Vec<u64>,
    /// Per segment, care cost over the reported months (cents).
    pub segment_cents: Vec<i64>,
    /// Per segment, youth-months in care over the reported months.
    pub segment_months: Vec<u64>,
    /// Per segment, youth-months waiting for a place in it.
    pub segment_waiting_months: Vec<u64>,
    /// Per sub-segment, youth-months in care and waiting for a place in it.
    pub sub_months: Vec<u64>,
    pub sub_waiting_months: Vec<u64>,
    /// Per sub-segment, placements and the months they waited (from referral or transfer).
    pub sub_placements: Vec<u64>,
    pub sub_wait_months: Vec<u64>,
    /// Per sub-segment × months waited (`WAIT_BINS`, the last holding every longer wait):
    /// its placements, and at the end of the horizon the youths still waiting for it.
    pub sub_wait_hist: Vec<u32>,
    /// Per sub-segment: the fewest contracted providers covering one of the municipalities
    /// that buy it through the region, at the end of the horizon.
    pub sub_min_covering: Vec<u32>,
    /// Per reported month: municipality care spend (cents).
    pub monthly_cost_cents: Vec<i64>,
    /// Per reporting year (12-month blocks from the start; the last may be partial).
    pub yearly_cost_cents: Vec<i64>,
    /// Per reported month × segment: youths in care.
    pub monthly_in_care: Vec<u32>,
    /// Per reported month: youths waiting (with or without care).
    pub monthly_waiting: Vec<u32>,
    /// Per reported month: forced changes of provider under the transition rules.
    pub monthly_forced: Vec<u32>,
    /// Per reported month: youths in care in ambulant sub-segments.
    pub monthly_ambulant: Vec<u32>,
    /// Per reported month: contracts under management (`admin.per_contract_year`).
    pub monthly_open_contracts: Vec<u32>,
    /// Per simulated month, warm-up included.
    pub flows: Vec<Flow>,
    /// Per provider: its books.
    pub providers: Vec<ProviderBook>,
    /// Per contract: production at tariff over the reported months (cents).
    pub contract_production: Vec<i64>,
    /// Per contract: youth-months in care over the reported months.
    pub contract_youth_months: Vec<u64>,
    /// Per sub-segment: providers contracted at the end of the horizon.
    pub sub_contracted: Vec<u32>,
    /// Wachtkamer activations during the reported months, in order.
    pub activations: Vec<Activation>,
    /// Care plans, in any month, whose cost a month did not fit the engine's range (a
    /// far tail of a usage distribution on an extreme tariff): the run is refused rather
    /// than reported with a capped number.
    pub plans_out_of_range: u32,
}

/// Months waited, 0 to 120, in the histogram of waits per sub-segment; a longer wait counts
/// in the last bin (ten years: beyond any horizon a norm is set for).
pub const WAIT_BINS: usize = 121;

/// A month's contract management for `open` contracts: a twelfth of a contract-year each,
/// in whole cents.
pub fn contract_management(open: i64, admin: &crate::model::Admin) -> i64 {
    open * admin.per_contract_year / 12
}

impl Tally {
    /// The administrative cost counted at `admin`'s prices: contract management, the
    /// declarations and the re-indications, from the volumes counted (a transition's
    /// re-indication cost is not among them).
    fn admin_at(&self, admin: &crate::model::Admin) -> i64 {
        let c = &self.counters;
        let contracts: i64 = self
            .monthly_open_contracts
            .iter()
            .map(|&open| contract_management(i64::from(open), admin))
            .sum();
        contracts
            + c.declarations as i64 * admin.per_declaration
            + c.reindications as i64 * admin.per_reindication
    }

    /// The tally of the same replication with administrative costs at `to` instead of
    /// `from`: nothing the engine simulates reads them, so the volumes stand and only the
    /// euros change — to the cent what simulating at `to` counts.
    pub fn revalue_admin(&mut self, from: &crate::model::Admin, to: &crate::model::Admin) {
        self.counters.admin_cents += self.admin_at(to) - self.admin_at(from);
    }

    pub fn new(
        segments: usize,
        subs: usize,
        munis: usize,
        providers: usize,
        contracts: usize,
        horizon: usize,
        months_total: usize,
    ) -> Tally {
        Tally {
            counters: Counters::default(),
            muni_paid_cents: vec![0; munis],
            muni_forced: vec![0; munis],
            muni_sub_year_cents: vec![0; horizon.div_ceil(12) * munis * subs],
            muni_sub_months: vec![0; munis * subs],
            muni_sub_waiting: vec![0; munis * subs],
            muni_sub_starts: vec![0; munis * subs],
            muni_sub_stops: vec![0; munis * subs],
            sub_hhi: vec![0.0; subs],
            monthly_hhi: vec![0.0; horizon * subs],
            providers: vec![ProviderBook::default(); providers],
            segment_cents: vec![0; segments],
            segment_months: vec![0; segments],
            segment_waiting_months: vec![0; segments],
            sub_months: vec![0; subs],
            sub_waiting_months: vec![0; subs],
            sub_placements: vec![0; subs],
            sub_wait_months: vec![0; subs],
            sub_wait_hist: vec![0; subs * WAIT_BINS],
            sub_min_covering: vec![0; subs],
            monthly_cost_cents: vec![0; horizon],
            yearly_cost_cents: vec![0; horizon.div_ceil(12)],
            monthly_in_care: vec![0; horizon * segments],
            monthly_waiting: vec![0; horizon],
            monthly_forced: vec![0; horizon],
            monthly_ambulant: vec![0; horizon],
            monthly_open_contracts: vec![0; horizon],
            flows: vec![Flow::default(); months_total],
            contract_production: vec![0; contracts],
            contract_youth_months: vec![0; contracts],
            sub_contracted: vec![0; subs],
            activations: Vec::new(),
            plans_out_of_range: 0,
        }
    }

    pub fn reset(&mut self) {
        self.counters = Counters::default();
        self.muni_paid_cents.fill(0);
        self.muni_forced.fill(0);
        self.muni_sub_year_cents.fill(0);
        self.muni_sub_months.fill(0);
        self.muni_sub_waiting.fill(0);
        self.muni_sub_starts.fill(0);
        self.muni_sub_stops.fill(0);
        self.sub_hhi.fill(0.0);
        self.monthly_hhi.fill(0.0);
        self.providers.fill(ProviderBook::default());
        self.segment_cents.fill(0);
        self.segment_months.fill(0);
        self.segment_waiting_months.fill(0);
        self.sub_months.fill(0);
        self.sub_waiting_months.fill(0);
        self.sub_placements.fill(0);
        self.sub_wait_months.fill(0);
        self.sub_wait_hist.fill(0);
        self.sub_min_covering.fill(0);
        self.monthly_cost_cents.fill(0);
        self.yearly_cost_cents.fill(0);
        self.monthly_in_care.fill(0);
        self.monthly_waiting.fill(0);
        self.monthly_forced.fill(0);
        self.monthly_ambulant.fill(0);
        self.monthly_open_contracts.fill(0);
        self.flows.fill(Flow::default());
        self.contract_production.fill(0);
        self.sub_contracted.fill(0);
        self.contract_youth_months.fill(0);
        self.activations.clear();
        self.plans_out_of_range = 0;
    }
}
