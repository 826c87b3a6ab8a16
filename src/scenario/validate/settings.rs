//! The region-wide settings: effects of waiting, relapse and placement; administrative
//! cost, provider economics and the budget; and how the run is set up (market review,
//! reference replications, variants).

use super::Context;
use crate::check::{Checker, SUM_TOLERANCE, cents};
use crate::model::{self, NO_SUB};
use crate::scenario::schema::Scenario;

pub(super) struct Care {
    pub waiting: model::Waiting,
    pub relapse: model::Relapse,
    pub quality_weight: f64,
}

/// Waiting, relapse, placement.
pub(super) fn care(c: &mut Checker, cx: &Context) -> Care {
    let sc = cx.sc;
    let w = &sc.waiting;
    let waiting = model::Waiting {
        escalation: c.probability(
            "waiting.escalation",
            "waiting escalation hazard",
            w.escalation,
        ),
        crisis: c.probability("waiting.crisis", "waiting crisis hazard", w.crisis),
        dropout: c.probability("waiting.dropout", "waiting dropout hazard", w.dropout),
        increase_per_month_waited: c.non_negative(
            "waiting.increase_per_month_waited",
            "increase_per_month_waited",
            w.increase_per_month_waited,
        ),
    };
    if waiting.escalation + waiting.crisis + waiting.dropout > 1.0 + SUM_TOLERANCE {
        c.fail(
            "waiting",
            "waiting hazards (escalation + crisis + dropout) add up to more than 1",
        );
    }
    if waiting.crisis > 0.0 && cx.crisis_sub == NO_SUB {
        c.fail(
            "waiting.crisis",
            "a waiting crisis hazard needs a crisis_sub_segment in the scenario",
        );
    }
    let relapse = model::Relapse {
        hazard: c.probability("relapse.hazard", "relapse hazard", sc.relapse.hazard),
        unattained_hazard: match sc.relapse.unattained_hazard {
            Some(h) => c.probability(
                "relapse.unattained_hazard",
                "relapse hazard after an unattained goal",
                h,
            ),
            None => sc.relapse.hazard,
        },
        window_months: sc.relapse.window_months,
        resume_within_months: sc.relapse.resume_within_months,
    };
    let returns = relapse.hazard > 0.0 || relapse.unattained_hazard > 0.0;
    if returns && relapse.resume_within_months > relapse.window_months && relapse.window_months > 0
    {
        c.warn(
            "relapse.resume_within_months",
            format!(
                "resume_within_months ({}) is longer than window_months ({}): youths return \
                 only within the window, so the months after it never apply",
                relapse.resume_within_months, relapse.window_months
            ),
        );
    }
    if sc.relapse.window_months == 0 && returns {
        c.fail(
            "relapse.window_months",
            "window_months is 0, so the relapse hazard can never act (a youth is referred \
             again only within the window after leaving): give the window in months, or set \
             the hazard to 0",
        );
    }
    let quality_weight = c.non_negative(
        "placement.quality_weight",
        "quality_weight",
        sc.placement.quality_weight,
    );
    Care {
        waiting,
        relapse,
        quality_weight,
    }
}

pub(super) struct Costs {
    pub solidarity_share: f64,
    pub admin: model::Admin,
    pub economics: model::ProviderEconomics,
    pub budget_per_year_cents: Option<i64>,
}

/// Administrative cost, provider economics, the region's budget.
pub(super) fn costs(c: &mut Checker, sc: &Scenario) -> Costs {
    let a = &sc.admin;
    let mut euros = |path: &str, what: &str, x: f64| cents(c.non_negative(path, what, x));
    let admin = model::Admin {
        per_contract_year: euros(
            "admin.per_contract_year",
            "per_contract_year",
            a.per_contract_year,
        ),
        per_declaration: euros(
            "admin.per_declaration",
            "per_declaration",
            a.per_declaration,
        ),
        per_reindication: euros(
            "admin.per_reindication",
            "per_reindication",
            a.per_reindication,
        ),
    };
    let e = &sc.provider_economics;
    let economics = model::ProviderEconomics {
        own_cost_share: c.non_negative(
            "provider_economics.own_cost_share",
            "own_cost_share",
            e.own_cost_share,
        ),
        reserve_share: c.non_negative(
            "provider_economics.reserve_share",
            "reserve_share",
            e.reserve_share,
        ),
        exit_on_negative_reserve: e.exit_on_negative_reserve,
        capacity_response: crate::check::bounded(
            c,
            "provider_economics.capacity_response",
            "capacity_response",
            e.capacity_response,
            0.0,
            0.5,
        ),
        capacity_growth_margin: crate::check::bounded(
            c,
            "provider_economics.capacity_growth_margin",
            "capacity_growth_margin",
            e.capacity_growth_margin,
            0.0,
            1.0,
        ),
        balance: balance(c, &e.balance),
        acceptance_duty: sc.acceptance_duty.as_ref().map(|d| {
            crate::check::bounded(
                c,
                "acceptance_duty.flex_cost_share",
                "flex_cost_share",
                d.flex_cost_share,
                0.0,
                2.0,
            )
        }),
    };
    let budget_per_year_cents = sc
        .budget_per_year
        .map(|b| cents(c.non_negative("budget_per_year", "budget_per_year", b)));
    if sc.budget_per_year == Some(0.0) {
        c.warn(
            "budget_per_year",
            "budget_per_year is 0: every year with any care is over budget; leave it out for \
             no budget, or give the region's budget in euros a year",
        );
    }
    let solidarity_share = c.probability(
        "cost_sharing.solidarity_share",
        "solidarity_share",
        sc.cost_sharing.solidarity_share,
    );
    Costs {
        solidarity_share,
        admin,
        economics,
        budget_per_year_cents,
    }
}

/// Market review interval, reference replications, variant names.
pub(super) fn run(c: &mut Checker, sc: &Scenario) {
    if sc.review_months == 0 {
        c.fail("review_months", "review_months must be at least 1");
    }
    if sc.reference_replications == 0 {
        c.fail(
            "reference_replications",
            "reference_replications must be at least 1",
        );
    }
    for (k, v) in sc.variants.iter().enumerate() {
        if v.name.trim().is_empty() {
            c.fail(format!("variants[{k}].name"), "a variant needs a name");
        }
        if sc.variants[..k].iter().any(|w| w.name == v.name) {
            c.fail(
                format!("variants[{k}].name"),
                format!("variant `{}` is defined twice", v.name),
            );
        }
    }
}

/// The balance sheet: ratios in range, and a sheet that adds up (current assets within
/// total assets, current liabilities within the liabilities).
fn balance(c: &mut Checker, b: &crate::scenario::schema::BalanceInput) -> model::BalanceSheet {
    let p = "provider_economics.balance";
    let at = |f: &str| format!("{p}.{f}");
    let sheet = model::BalanceSheet {
        solvency: crate::check::bounded(c, &at("solvency"), "solvency", b.solvency, 0.0, 1.0),
        current_ratio: crate::check::bounded(
            c,
            &at("current_ratio"),
            "current_ratio",
            b.current_ratio,
            0.0,
            20.0,
        ),
        assets_to_revenue: crate::check::bounded(
            c,
            &at("assets_to_revenue"),
            "assets_to_revenue",
            b.assets_to_revenue,
            0.01,
            20.0,
        ),
        current_liabilities_to_revenue: crate::check::bounded(
            c,
            &at("current_liabilities_to_revenue"),
            "current_liabilities_to_revenue",
            b.current_liabilities_to_revenue,
            0.01,
            20.0,
        ),
    };
    let (a, cl) = (
        sheet.assets_to_revenue,
        sheet.current_liabilities_to_revenue,
    );
    if sheet.current_ratio * cl > a + 1e-12 {
        c.fail(
            at("current_ratio"),
            format!(
                "current assets ({} × {cl} of revenue) exceed total assets ({a} of revenue); \
                 lower current_ratio or current_liabilities_to_revenue, or raise \
                 assets_to_revenue",
                sheet.current_ratio
            ),
        );
    }
    if cl > (1.0 - sheet.solvency) * a + 1e-12 {
        c.fail(
            at("current_liabilities_to_revenue"),
            format!(
                "current liabilities ({cl} of revenue) exceed all liabilities ((1 − solvency) × \
                 assets = {:.3} of revenue)",
                (1.0 - sheet.solvency) * a
            ),
        );
    }
    sheet
}
