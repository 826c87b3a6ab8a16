//! Conservation laws (docs/model.md), checked every month of every replication: youths in =
//! youths out + change in stock, and what municipalities pay = what providers receive.

mod common;

use jeugdsim::run::simulate_one;

fn check(name: &str, text: &str, reps: u32) {
    let model = common::model_from(name, text).unwrap();
    for rep in 0..reps {
        let tally = simulate_one(&model, rep);
        let mut previous_end = 0;
        let mut entered = 0u64;
        for (t, f) in tally.flows.iter().enumerate() {
            assert_eq!(
                f.stock_start, previous_end,
                "{name} rep {rep} month {t}: stock carried over"
            );
            assert_eq!(
                f.stock_start as i64 + f.entered as i64 - f.left as i64,
                f.stock_end as i64,
                "{name} rep {rep} month {t}: youths in − out ≠ Δstock ({f:?})"
            );
            assert_eq!(
                f.municipality_paid_cents, f.provider_revenue_cents,
                "{name} rep {rep} month {t}: payments ≠ revenue"
            );
            previous_end = f.stock_end;
            entered += f.entered as u64;
        }
        assert!(
            entered > 0,
            "{name}: nobody entered; the check would be empty"
        );
        // Every euro of the horizon is in the monthly series and in the segment split.
        let c = &tally.counters;
        assert_eq!(tally.monthly_cost_cents.iter().sum::<i64>(), c.care_cents);
        assert_eq!(tally.segment_cents.iter().sum::<i64>(), c.care_cents);
        assert!(c.care_cents > 0);
        // Every youth-month is in exactly one segment and one sub-segment.
        assert_eq!(tally.segment_months.iter().sum::<u64>(), c.youth_months);
        assert_eq!(tally.sub_months.iter().sum::<u64>(), c.youth_months);
        let in_care_series: u64 = tally.monthly_in_care.iter().map(|&v| v as u64).sum();
        assert_eq!(in_care_series, c.youth_months);
    }
}

#[test]
fn achterhoek_conserves_youths_and_euros_every_month() {
    check(
        "achterhoek.ron",
        &common::repo_file("scenarios/achterhoek.ron"),
        4,
    );
}

#[test]
fn minimal_conserves_youths_and_euros_every_month() {
    check(
        "minimal.ron",
        &common::repo_file("scenarios/minimal.ron"),
        20,
    );
}

#[test]
fn scarce_capacity_conserves_youths_and_euros_every_month() {
    // Tight capacity exercises waiting, escalation, crisis over capacity and bed blocking.
    let text = common::repo_file("scenarios/achterhoek.ron")
        .replace("capacity: 12)", "capacity: 6)")
        .replace("capacity: 76)", "capacity: 50)")
        .replace("capacity: 6)", "capacity: 2)");
    let model = common::model_from("scarce.ron", &text).unwrap();
    let tally = simulate_one(&model, 0);
    let c = &tally.counters;
    assert!(
        c.waiting_youth_months > 1000,
        "the stress case must create waiting"
    );
    assert!(c.bed_blocking_months > 0 && c.crisis_over_capacity > 0 && c.waiting_dropouts > 0);
    check("scarce.ron", &text, 3);
}

#[test]
fn shipped_financing_scenarios_conserve_youths_and_euros_every_month() {
    // Lumpsum, availability (achterhoek-financing), keuzebudget with consent and a
    // municipality buying separately (ijsselland), lumpsum on a tiny segment.
    for f in [
        "achterhoek-financing.ron",
        "ijsselland.ron",
        "small-segment.ron",
    ] {
        check(f, &common::repo_file(&format!("scenarios/{f}")), 2);
    }
}
