//! Stacked care (docs/modelling-choices.md, "Stacked care"): a youth in a stay may hold a
//! concurrent ambulant assignment with its own provider, contract and payment.

mod common;

use jeugdsim::run as engine;

/// `minimal.ron` with every referral to foster care, no step-downs, and `share` of foster
/// youths holding an ambulant assignment: the ambulant providers' only care is stacked.
fn stacked(share: f64) -> String {
    common::repo_file("scenarios/minimal.ron")
        .replace(
            r#""light": {"ondersteuning": 1.0},"#,
            r#""light": {"pleegzorg": 1.0},"#,
        )
        .replace(
            r#""complex": {"ondersteuning": 0.6, "pleegzorg": 0.4},"#,
            r#""complex": {"pleegzorg": 1.0},"#,
        )
        .replace("step_down: 0.02", "step_down: 0.0")
        .replace(
            r#"step_down_to: "ondersteuning","#,
            &format!(r#"stacked: (sub: "ondersteuning", share: {share}),"#),
        )
}

#[test]
fn stay_and_stacked_care_are_both_paid_and_every_euro_is_accounted_for() {
    let model = common::model_from("stacked.ron", &stacked(0.5)).unwrap();
    let ambulant = model.subs[0].contracts.clone();
    for rep in 0..3 {
        let t = engine::simulate_one(&model, rep);
        let c = &t.counters;
        assert!(c.stacked_months > 0, "rep {rep}: no stacked care");
        // The ambulant providers deliver only the stacked assignments: their production is
        // the stacked cost, to the cent.
        let ambulant_production: i64 = ambulant.iter().map(|k| t.contract_production[k.ix()]).sum();
        assert_eq!(ambulant_production, c.stacked_cents, "rep {rep}");
        // Stay and stacked care together are the care paid (P×Q): residential + ambulant.
        let all: i64 = t.contract_production.iter().sum();
        assert_eq!(c.production_cents, all, "rep {rep}");
        assert_eq!(c.care_cents, c.production_cents, "rep {rep}");
        assert!(all > ambulant_production);
    }
    // Without stacking the ambulant providers deliver nothing.
    let none = common::model_from("none.ron", &stacked(0.0)).unwrap();
    let t = engine::simulate_one(&none, 0);
    assert_eq!(t.counters.stacked_months, 0);
    assert_eq!(
        ambulant
            .iter()
            .map(|k| t.contract_production[k.ix()])
            .sum::<i64>(),
        0
    );
}

#[test]
fn stacking_onto_care_that_is_not_ambulant_is_rejected() {
    let text = stacked(0.5).replace(
        r#"stacked: (sub: "ondersteuning", share: 0.5),"#,
        r#"stacked: (sub: "pleegzorg", share: 0.5),"#,
    );
    let err = common::model_from("bad.ron", &text)
        .unwrap_err()
        .to_string();
    assert!(err.contains("stacked.sub"), "{err}");
    assert!(err.contains("ambulant"), "{err}");
}
