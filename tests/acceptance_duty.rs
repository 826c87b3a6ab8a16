//! The acceptance duty (acceptatieplicht, docs/scenario.md): full providers take youths
//! above their places instead of letting them wait, at an extra own cost.

mod common;

use jeugdsim::run as engine;

/// `minimal.ron` with one provider per sub-segment and few places, so places bind; with
/// the duty when `duty`.
fn scarce(duty: bool) -> jeugdsim::model::Model {
    let mut text = common::repo_file("scenarios/minimal.ron")
        .replace(
            "Generated(count: 3, capacity: 120)",
            "Generated(count: 1, capacity: 250)",
        )
        .replace("(name: \"Gezin Eerst\", capacity: 20),", "")
        .replace(
            "(name: \"Pleegzorg Oost\", capacity: 40),",
            "(name: \"Pleegzorg Oost\", capacity: 30),",
        );
    if duty {
        jeugdsim::scenario::variants::apply(&mut text, "acceptance_duty", "(flex_cost_share: 0.2)")
            .unwrap();
    }
    common::model_from("scarce.ron", &text).unwrap()
}

#[test]
fn with_the_duty_youths_are_placed_above_the_places_instead_of_waiting() {
    let (without, with) = (scarce(false), scarce(true));
    let (mut waiting_without, mut waiting_with, mut flexed) = (0, 0, 0);
    for rep in 0..4 {
        let a = engine::simulate_one(&without, rep);
        let b = engine::simulate_one(&with, rep);
        assert_eq!(a.counters.flexed_place_months, 0);
        assert_eq!(a.counters.flex_cost_cents, 0);
        waiting_without += a.counters.waiting_youth_months;
        waiting_with += b.counters.waiting_youth_months;
        flexed += b.counters.flexed_place_months;
        // More youths in care, so more care paid at tariff (P×Q).
        assert!(
            b.counters.youth_months > a.counters.youth_months,
            "rep {rep}"
        );
        assert!(b.counters.care_cents > a.counters.care_cents, "rep {rep}");
    }
    assert!(
        waiting_without > 1000,
        "places bind without the duty: {waiting_without}"
    );
    assert!(
        waiting_with * 20 < waiting_without,
        "the duty all but ends waiting: {waiting_with} against {waiting_without}"
    );
    assert!(flexed > 0);
}

#[test]
fn flexed_places_are_the_youths_above_the_places_every_month_and_cost_their_share() {
    // One provider per sub-segment, one sub-segment per segment: the segment's youths in
    // care are the provider's, so the flexed places can be counted from outside.
    let model = scarce(true);
    let places = [250u64, 30];
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        let nseg = model.segments.len();
        let mut expected = 0u64;
        for m in 0..model.horizon as usize {
            for (s, &p) in places.iter().enumerate() {
                expected += u64::from(t.monthly_in_care[m * nseg + s]).saturating_sub(p);
            }
        }
        assert_eq!(t.counters.flexed_place_months, expected, "rep {rep}");
        assert!(expected > 0, "rep {rep}: places bind");
        // The extra own cost is flex_cost_share of the care above the places: at most
        // that share of all care at tariff, and more than nothing.
        let production: i64 = t.flows[model.warmup as usize..]
            .iter()
            .map(|f| f.production_cents)
            .sum();
        assert!(t.counters.flex_cost_cents > 0);
        assert!((t.counters.flex_cost_cents as f64) < 0.2 * production as f64);
    }
}

#[test]
fn a_flex_cost_share_out_of_range_is_rejected() {
    let mut text = common::repo_file("scenarios/minimal.ron");
    jeugdsim::scenario::variants::apply(&mut text, "acceptance_duty", "(flex_cost_share: 3.0)")
        .unwrap();
    let err = common::model_from("t.ron", &text).unwrap_err().to_string();
    assert!(err.contains("flex_cost_share"), "{err}");
}
