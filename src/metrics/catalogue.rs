//! The metrics of the results contract: name, unit, meaning and formula side by side, so
//! names and values cannot drift apart (docs/metrics.md explains each). Extend at the end;
//! never rename.

use super::values::{Ctx, ratio};

/// A metric of the results contract: name, unit, meaning and formula side by side, so
/// names and values cannot drift apart. docs/metrics.md explains each.
pub struct Metric {
    pub name: &'static str,
    pub unit: &'static str,
    pub meaning: &'static str,
    pub value: fn(&Ctx) -> f64,
}

const fn metric(
    name: &'static str,
    unit: &'static str,
    meaning: &'static str,
    value: fn(&Ctx) -> f64,
) -> Metric {
    Metric {
        name,
        unit,
        meaning,
        value,
    }
}

/// The scenario-independent metrics, in output order. Extend at the end; never rename.
pub const CORE_METRICS: &[Metric] = &[
    metric(
        "total_cost",
        "€",
        "municipality spend on procured youth care over the horizon",
        |x| x.total_cost(),
    ),
    metric(
        "cost_per_youth",
        "€",
        "total_cost / youths_in_care: per youth over the whole horizon, not a year (see cost_per_youth_per_year)",
        |x| ratio(x.total_cost(), x.youths()),
    ),
    metric(
        "youths_in_care",
        "youths",
        "distinct youths in care at least one month",
        |x| x.youths(),
    ),
    metric(
        "share_ambulant",
        "share",
        "youth-months in ambulant sub-segments / all youth-months in care",
        |x| ratio(x.c.ambulant_months as f64, x.c.youth_months as f64),
    ),
    metric(
        "residential_bed_months",
        "months",
        "youth-months in residential and closed sub-segments",
        |x| x.c.bed_months as f64,
    ),
    metric(
        "mean_waiting_youths",
        "youths",
        "youths waiting for a placement (with or without care meanwhile), averaged over months",
        |x| x.c.waiting_youth_months as f64 / x.months,
    ),
    metric(
        "mean_wait_months",
        "months",
        "months from referral or transfer decision to placement, averaged over placements",
        |x| ratio(x.c.wait_months_at_placement as f64, x.c.placements as f64),
    ),
    metric(
        "provider_changes_per_youth",
        "changes",
        "changes of regular provider / youths_in_care",
        |x| ratio(x.c.provider_changes as f64, x.youths()),
    ),
    metric(
        "forced_provider_changes",
        "changes",
        "provider changes while the care need stayed the same",
        |x| x.c.forced_provider_changes as f64,
    ),
    metric(
        "to_adult_care_at_18",
        "youths",
        "youths moving to adult care (Wmo/Zvw) at 18 or at the end of verlengde jeugdhulp",
        |x| x.c.to_adult_care as f64,
    ),
    metric(
        "reentry_within_12m",
        "youths",
        "former clients referred again within 12 months of leaving",
        |x| x.c.reentries_within_12m as f64,
    ),
    metric(
        "step_downs",
        "moves",
        "completed moves to a lighter sub-segment",
        |x| x.c.step_downs as f64,
    ),
    metric(
        "step_ups",
        "moves",
        "completed moves to a heavier sub-segment",
        |x| x.c.step_ups as f64,
    ),
    metric("youth_months", "months", "youth-months in care", |x| {
        x.c.youth_months as f64
    }),
    metric(
        "referrals",
        "referrals",
        "new referrals (before the sociale basis)",
        |x| x.c.referrals as f64,
    ),
    metric(
        "resolved_in_sociale_basis",
        "referrals",
        "referrals resolved without an indication",
        |x| x.c.resolved_in_sociale_basis as f64,
    ),
    metric(
        "sociale_basis_cost",
        "€",
        "cost of referrals resolved in the sociale basis (not in total_cost)",
        |x| x.c.sociale_basis_cents as f64 / 100.0,
    ),
    metric(
        "admissions",
        "youths",
        "placements of youths coming from outside care (new or re-entering)",
        |x| x.c.admissions as f64,
    ),
    metric(
        "mean_in_care",
        "youths",
        "youths in care, averaged over months",
        |x| x.mean_in_care(),
    ),
    metric(
        "in_care_per_1000",
        "per 1,000",
        "mean_in_care per 1,000 inhabitants aged 0-22",
        |x| ratio(x.mean_in_care() * 1000.0, x.youth_population),
    ),
    metric(
        "crisis_admissions",
        "placements",
        "placements in the crisis sub-segment",
        |x| x.c.crisis_admissions as f64,
    ),
    metric(
        "crisis_over_capacity",
        "placements",
        "crisis placements made above the provider's capacity",
        |x| x.c.crisis_over_capacity as f64,
    ),
    metric(
        "bed_blocking_months",
        "months",
        "months a youth ready to move keeps a residential bed",
        |x| x.c.bed_blocking_months as f64,
    ),
    metric(
        "waiting_dropouts",
        "youths",
        "youths who gave up while waiting",
        |x| x.c.waiting_dropouts as f64,
    ),
    metric(
        "escalations_while_waiting",
        "youths",
        "waiting youths whose need escalated to a heavier sub-segment",
        |x| x.c.escalations_while_waiting as f64,
    ),
    metric(
        "chosen_provider_changes",
        "changes",
        "provider changes that came with a change of sub-segment (care need)",
        |x| (x.c.provider_changes - x.c.forced_provider_changes) as f64,
    ),
    metric(
        "share_resolved_in_sociale_basis",
        "share",
        "resolved_in_sociale_basis / referrals",
        |x| ratio(x.c.resolved_in_sociale_basis as f64, x.c.referrals as f64),
    ),
    metric(
        "youths_in_care_per_year",
        "youths",
        "distinct youths in care during a reporting year, averaged over years",
        |x| x.c.youth_years as f64 / x.years,
    ),
    metric(
        "share_of_youths_in_care_per_year",
        "share",
        "youths_in_care_per_year / inhabitants aged 0-22 (CBS: 10.6% in 2023)",
        |x| ratio(x.c.youth_years as f64 / x.years, x.youth_population),
    ),
    metric(
        "share_met_verblijf",
        "share",
        "of youths in care in a year, the share with accommodation: any non-ambulant kind (CBS: about 8-9%)",
        |x| ratio(x.c.youth_years_verblijf as f64, x.c.youth_years as f64),
    ),
    metric(
        "admin_cost",
        "€",
        "administrative cost: contract management, declarations, re-indications (not in total_cost)",
        |x| x.c.admin_cents as f64 / 100.0,
    ),
    metric(
        "provider_result_total",
        "€",
        "Σ over providers of revenue − own cost of delivered care",
        |x| x.c.provider_result_cents as f64 / 100.0,
    ),
    metric(
        "providers_with_loss",
        "providers",
        "providers whose result over the horizon is negative",
        |x| x.c.providers_with_loss as f64,
    ),
    metric(
        "provider_exits",
        "providers",
        "providers that left the market with a negative reserve (exit_on_negative_reserve)",
        |x| x.c.provider_exits as f64,
    ),
    metric(
        "max_revenue_change_vs_reference",
        "share",
        "revenue guard (004:2892-2904): max over providers of |revenue − what P×Q pays for the same production| / that",
        |x| x.c.max_revenue_change,
    ),
    metric(
        "reindications",
        "re-indications",
        "keuzebudget raises and budget re-indications",
        |x| x.c.reindications as f64,
    ),
    metric(
        "consent_delays",
        "referrals",
        "keuzebudget referrals whose placement waited a month or more for the region's consent",
        |x| x.c.consent_delays as f64,
    ),
    metric(
        "stacked_months",
        "youth-months",
        "months of a concurrent ambulant assignment held by youths in a stay (stacked care, 004:2297-2308); counted in the stay, not again as youths in care",
        |x| x.c.stacked_months as f64,
    ),
    metric(
        "stacked_cost",
        "€",
        "ambulant care delivered beside a stay (stacked care) at tariff: part of the care cost, paid under the ambulant sub-segment's scheme",
        |x| x.c.stacked_cents as f64 / 100.0,
    ),
    metric(
        "stacked_unplaced",
        "assignments",
        "stacked ambulant assignments that found no provider with room when the stay began",
        |x| x.c.stacked_unplaced as f64,
    ),
    metric(
        "rationing_closures",
        "closures",
        "times a lumpsum provider stopped admitting because it was past its budget",
        |x| x.c.rationing_closures as f64,
    ),
    metric(
        "bought_separately",
        "referrals",
        "referrals and follow-ups to care a municipality buys outside the region (buys_separately)",
        |x| x.c.bought_separately as f64,
    ),
    metric(
        "wachtkamer_activations",
        "providers",
        "providers contracted from the wachtkamer (waiting room) during the horizon",
        |x| x.c.wachtkamer_activations as f64,
    ),
    metric(
        "youths_waiting_over_norm",
        "youths",
        "youths waiting without care longer than their sub-segment's waiting norm, averaged over months",
        |x| x.c.waiting_over_norm_months as f64 / x.months,
    ),
    metric(
        "market_concentration_hhi",
        "index 0-10,000",
        "Herfindahl-Hirschman index of providers' shares of youth-months per sub-segment, weighted by youth-months",
        |x| x.c.hhi,
    ),
    metric(
        "forced_changes_at_transition",
        "changes",
        "clients of providers not contracted in the new model who had to move (transition rules)",
        |x| x.c.forced_changes_at_transition as f64,
    ),
    metric(
        "residential_forced_changes",
        "changes",
        "forced provider changes in residential and closed care (overplaatsingen)",
        |x| x.c.residential_forced_changes as f64,
    ),
    metric(
        "dual_financing_months",
        "months",
        "youth-months of legacy indications financed P×Q after go-live",
        |x| x.c.dual_financing_months as f64,
    ),
    metric(
        "dual_financing_cost",
        "€",
        "cost of those legacy indications (part of total_cost)",
        |x| x.c.dual_financing_cents as f64 / 100.0,
    ),
    metric(
        "cost_per_youth_per_year",
        "€ a year",
        "total_cost / Σ over reporting years of the distinct youths in care that year: a year's spend per youth in care that year",
        |x| ratio(x.total_cost(), x.c.youth_years as f64),
    ),
    metric(
        "share_in_care_point",
        "share",
        "mean_in_care / inhabitants aged 0-22: the share in care at a point in time (CBS: about 7%)",
        |x| ratio(x.mean_in_care(), x.youth_population),
    ),
    metric(
        "providers_over_revenue_guard",
        "providers",
        "providers whose revenue in the first contract year, per euro of production at tariff, moved more than 5% from what the previous model (previous_financing, default P×Q) paid them in the history (requirement 38, 004:2892-2904); 0 without a change of model",
        |x| x.c.providers_over_revenue_guard as f64,
    ),
    metric(
        "providers_plan_assessed",
        "providers",
        "providers below one of the region's financial norms (profitability > 1.5%, solvency > 20%, current ratio > 1) in two or more of the horizon's full years: the region assesses whether a plan of action is needed (004:1341-1394)",
        |x| x.c.providers_plan_assessed as f64,
    ),
    metric(
        "providers_plan_required",
        "providers",
        "providers below one of the region's financial norms in three or more of the horizon's full years: a plan of action is required (004:1341-1394)",
        |x| x.c.providers_plan_required as f64,
    ),
    metric(
        "mean_trajectory_months",
        "months",
        "youth_months / placements (Little's law): the mean length of a stay with one provider in one sub-segment, as CBS counts a trajectory",
        |x| ratio(x.c.youth_months as f64, x.c.placements as f64),
    ),
    metric(
        "referrals_refused",
        "refusals",
        "referrals (care plans) a provider refused at intake because the budget did not cover its cost of the plan (keuzebudget `refusal_tolerance`), each counted once; the youth keeps waiting with the same plan",
        |x| x.c.referrals_refused as f64,
    ),
    metric(
        "capacity_change",
        "places",
        "net places added over the reported years by providers following their margin (provider_economics.capacity_response; 0 with fixed capacity)",
        |x| x.c.capacity_change as f64,
    ),
    metric(
        "care_forgone_months",
        "months",
        "months of care needed and not given: each month a refused youth waits without care, the indication of each youth who left a waiting list, the months a scheme's behaviour cut from indications, and the extension an early discharge ended",
        |x| x.c.care_forgone_months as f64,
    ),
    metric(
        "early_discharges",
        "youths",
        "youths a lumpsum provider running ahead of its budget discharged at the end of an indication it would otherwise have extended (`early_discharge`)",
        |x| x.c.early_discharges as f64,
    ),
    metric(
        "shifted_to_pxq",
        "youths",
        "youths a lumpsum provider running ahead of its budget referred on to a step-up or step-down sub-segment paid P×Q instead of extending their indication (`shift_to_pxq`)",
        |x| x.c.shifted_to_pxq as f64,
    ),
    metric(
        "trajectories_ended",
        "trajectories",
        "trajectories with a provider that ended, for any reason: success, dropout, early closure, a move to other care (step up or down, crisis, a forced change), age",
        |x| x.c.trajectories_ended as f64,
    ),
    metric(
        "goal_attainment",
        "share",
        "share of ended trajectories that ended in success (goal attained: the success hazard, or the end of an indication not extended)",
        |x| ratio(x.c.goals_attained as f64, x.c.trajectories_ended as f64),
    ),
    metric(
        "dropout_share",
        "share",
        "share of ended trajectories that ended in dropout (the youth stopped coming)",
        |x| {
            ratio(
                x.c.trajectory_dropouts as f64,
                x.c.trajectories_ended as f64,
            )
        },
    ),
    metric(
        "reentry_within_12m_share",
        "share",
        "reentry_within_12m / trajectories that ended with the youth leaving care (not moving to other care)",
        |x| {
            ratio(
                x.c.reentries_within_12m as f64,
                (x.c.trajectories_ended - x.c.trajectories_referred_on) as f64,
            )
        },
    ),
    metric(
        "total_cost_incl_admin",
        "€",
        "total_cost + admin_cost: what the region spends on care and on running the model (the answer of a comparison)",
        |x| x.total_cost() + x.c.admin_cents as f64 / 100.0,
    ),
    metric(
        "baseline_cost_drift",
        "share a year",
        "how care at tariff still changed from the second-last to the last year of the warm-up, as a share: about 0 when the region's start is forgotten by go-live (the stationarity check; 0 with less than three years of warm-up)",
        |x| x.c.baseline_cost_drift,
    ),
    metric(
        "baseline_waiting_drift",
        "share a year",
        "how the youths waiting still changed from the second-last to the last year of the warm-up, as a share of the youths in care or waiting: about 0 when waiting lists have settled by go-live",
        |x| x.c.baseline_waiting_drift,
    ),
    metric(
        "flexed_place_months",
        "months",
        "under an acceptance duty: youth-months in care above the provider's contracted places (0 without the duty)",
        |x| x.c.flexed_place_months as f64,
    ),
    metric(
        "flex_cost",
        "€",
        "under an acceptance duty: providers' extra own cost of the care they deliver above their places (`flex_cost_share`), part of their own cost, not of total_cost",
        |x| x.c.flex_cost_cents as f64 / 100.0,
    ),
    metric(
        "care_at_tariff",
        "€",
        "care delivered over the horizon valued at its (indexed) tariff: what P×Q would have paid for the same care",
        |x| x.c.production_cents as f64 / 100.0,
    ),
    metric(
        "care_unpaid",
        "€",
        "care_at_tariff − total_cost: care providers delivered beyond what they were paid (budgets, keuzebudgets or trajectory prices below the care delivered); negative when payments exceed the care at tariff (availability fees, lumpsum budgets above production)",
        |x| (x.c.production_cents - x.c.care_cents) as f64 / 100.0,
    ),
    metric(
        "transition_reindications",
        "indications",
        "legacy indications running past their sub-segment's transition end that the toegang re-indicated in the first months after go-live (`reindicate`); their cost is in admin_cost",
        |x| x.c.transition_reindications as f64,
    ),
];
