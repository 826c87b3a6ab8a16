//! The calibration table of docs/calibration.md: each shipped regional scenario stays
//! within the tolerance of each national or regional figure. The targets, sources and
//! tolerances here are those of the table; change both together.

mod common;

use jeugdsim::metrics::Summary;
use jeugdsim::run::{self as engine, RunOptions};

/// Inhabitants (all ages) on 1 January of the start year, from the scenario's header
/// comment (docs/sources.md): spend per inhabitant is the yearly cost over them.
const ACHTERHOEK_INHABITANTS: f64 = 300_129.0;

/// One row of the table: a metric's mean must lie in `[low, high]`.
struct Check {
    metric: &'static str,
    low: f64,
    high: f64,
}

const fn check(metric: &'static str, low: f64, high: f64) -> Check {
    Check { metric, low, high }
}

/// The flows that the issue and the national figures fix, for any regional scenario.
const FLOWS: [Check; 4] = [
    // CBS: 10.6% of youths 0-22 in care during 2023; ±15%.
    check("share_of_youths_in_care_per_year", 0.09, 0.122),
    // CBS: about 7% at a point in time (about 370k youths with jeugdhulp per half-year).
    check("share_in_care_point", 0.06, 0.08),
    // CBS 2021: 626k trajectories active, 288k started: 12-14 months; 11-16.
    check("mean_trajectory_months", 11.0, 16.0),
    // Weeks, not days: Jeugdhulp Rijnmond 2022-23 (11-14 weeks), youth GGZ (6 weeks).
    check("mean_wait_months", 0.7, 3.5),
];

/// 100 replications of a shipped scenario, the world as planned (chance only).
fn summary(file: &str) -> Summary {
    let text = common::repo_file(&format!("scenarios/{file}"));
    let mut model = common::model_from(file, &text).unwrap();
    let opts = RunOptions {
        replications: Some(100),
        chance_only: true,
        ..RunOptions::default()
    };
    engine::apply_overrides(&mut model, &opts).unwrap();
    engine::run(&model, &opts).unwrap().summary
}

fn assert_within(file: &str, s: &Summary, checks: &[Check]) {
    for c in checks {
        let mean = s.metric(c.metric).unwrap().mean;
        assert!(
            (c.low..=c.high).contains(&mean),
            "{file}: {} = {mean} is outside its calibration range [{}, {}]",
            c.metric,
            c.low,
            c.high
        );
    }
}

#[test]
fn achterhoek_stays_within_the_national_figures() {
    let s = summary("achterhoek.ron");
    assert_within("achterhoek.ron", &s, &FLOWS);
    // CBS Jeugdmonitor: 41k of 474k youths in care have accommodation (8.7%); ±20%.
    assert_within(
        "achterhoek.ron",
        &s,
        &[check("share_met_verblijf", 0.07, 0.105)],
    );
    // IJsselland's regional contracts, about €130 mln a year for about 540,000
    // inhabitants (€241-244), like for like; ±10%.
    let per_inhabitant = s.metric("yearly_cost").unwrap().mean / ACHTERHOEK_INHABITANTS;
    assert!(
        (220.0..=268.0).contains(&per_inhabitant),
        "spend per inhabitant €{per_inhabitant:.0}"
    );
    // Waiting where the region reports waiting lists: ambulant care and group residential.
    assert_within(
        "achterhoek.ron",
        &s,
        &[
            check("mean_wait_months_sub_ondersteuning", 0.5, 3.5),
            check("mean_wait_months_sub_behandeling", 0.5, 3.5),
            check("mean_wait_months_sub_verblijf_groep", 0.5, 3.5),
        ],
    );
}

#[test]
fn ijsselland_stays_within_the_national_figures_and_its_contract_spend() {
    let s = summary("ijsselland.ron");
    assert_within("ijsselland.ron", &s, &FLOWS);
    // Regional contract spend about €130 mln a year (004:1562-1563); ±10%.
    assert_within(
        "ijsselland.ron",
        &s,
        &[check("yearly_cost", 117.0e6, 143.0e6)],
    );
}

/// `file` with demand flat, no indexation and no world drivers: what is left to move its
/// yearly cost and waiting over the horizon is a start not yet forgotten.
fn flat(file: &str) -> jeugdsim::model::Model {
    let text = common::repo_file(&format!("scenarios/{file}"));
    let mut model = common::model_from(file, &text).unwrap();
    model.trend_per_year = 0.0;
    model.index_per_year = 0.0;
    for s in &mut model.subs {
        s.index_per_year = 0.0;
    }
    model.world = Default::default();
    model.replications = 40;
    model
}

#[test]
fn every_regional_scenario_starts_settled_and_stays_flat_without_trend_or_index() {
    for file in [
        "achterhoek.ron",
        "achterhoek-financing.ron",
        "achterhoek-market.ron",
        "ijsselland.ron",
        "ijsselland-2017.ron",
        "ijsselland-models.ron",
    ] {
        let model = flat(file);
        let s = engine::run(&model, &RunOptions::default()).unwrap().summary;
        // The check the run reports.
        let st = jeugdsim::metrics::stationarity::Stationarity::of(&s, model.warmup).unwrap();
        assert!(st.stationary, "{file}: {st:?}");
        // A year's cost: the change from the first to the last full year, a year.
        let years: Vec<f64> = s.by_year.iter().map(|(_, y)| y.mean).collect();
        let n = years.len() as f64;
        let cost = (years[years.len() - 1] / years[0] - 1.0) / (n - 1.0);
        assert!(
            cost.abs() < 0.01,
            "{file}: cost drifts {cost:+.4} a year ({years:?})"
        );
        // Youths waiting: first against last year, as a share of the caseload, a year.
        let k = s.series.len();
        let series = |name: &str| s.series.iter().position(|n| n == name).unwrap();
        let (waiting, in_care) = (series("waiting"), series("in_care"));
        let year = |y: usize, col: usize| {
            (y * 12..(y + 1) * 12)
                .map(|m| s.monthly[m * k + col].mean)
                .sum::<f64>()
                / 12.0
        };
        let last = years.len() - 1;
        let drift = (year(last, waiting) - year(0, waiting)) / year(0, in_care) / last as f64;
        assert!(
            drift.abs() < 0.01,
            "{file}: waiting drifts {drift:+.4} of the caseload a year"
        );
    }
}

/// The band a crisis provider's margin (result / revenue) must fall in, in the P×Q
/// baseline of `achterhoek-financing.ron`, the crisis providers together: at least the
/// tender's profitability norm (1.5%, docs/sources.md, 004) and at most 6% [assumption]
/// (docs/calibration.md, "Provider margins").
const CRISIS_MARGIN: (f64, f64) = (0.015, 0.06);

#[test]
fn crisis_providers_earn_a_margin_within_the_band_in_the_pxq_baseline() {
    // The scenario as written is its P×Q baseline; crisis beds are paid by availability.
    let model = common::model_from(
        "achterhoek-financing.ron",
        &common::repo_file("scenarios/achterhoek-financing.ron"),
    )
    .unwrap();
    let crisis: Vec<usize> = model
        .contracts
        .iter()
        .filter(|c| model.subs[c.sub as usize].name == "crisiszorg_ggz")
        .map(|c| c.provider.ix())
        .collect();
    assert_eq!(crisis.len(), 2);
    let (mut revenue, mut cost) = (0i64, 0i64);
    for rep in 0..24 {
        let t = engine::simulate_one(&model, rep);
        for &p in &crisis {
            revenue += t.providers[p].revenue_cents;
            cost += t.providers[p].own_cost_cents;
            assert!(t.providers[p].revenue_cents > 0);
        }
    }
    let margin = 1.0 - cost as f64 / revenue as f64;
    assert!(
        margin >= CRISIS_MARGIN.0 && margin <= CRISIS_MARGIN.1,
        "crisis providers' margin {margin:.4} outside {CRISIS_MARGIN:?}"
    );
}
