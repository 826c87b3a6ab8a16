//! Runs that differ only in administrative costs are revalued from one simulation
//! (`run::revalue`): their figures must be those of simulating each run, to the cent.

mod common;

use jeugdsim::model::{Admin, Model};
use jeugdsim::run::{self as engine, RunOptions};

fn summaries(models: &[(String, Model)]) -> Vec<String> {
    engine::compare(models, "test", &RunOptions::default())
        .unwrap()
        .summaries
        .iter()
        .map(|s| format!("{s:?}"))
        .collect()
}

#[test]
fn a_run_that_only_moves_admin_costs_reports_what_simulating_it_reports() {
    let all = common::load_variants(&common::repo_file("scenarios/achterhoek-financing.ron"));
    // Keuzebudget re-indicates: all three admin costs have volumes to price.
    let mut a = all
        .iter()
        .find(|(n, _)| n == "keuzebudget")
        .unwrap()
        .1
        .clone();
    a.replications = 4;
    let mut b = a.clone();
    // A contract-year price that twelve does not divide: each month's share is rounded
    // down, as the simulation does.
    b.admin = Admin {
        per_contract_year: 100_100,
        per_declaration: 701,
        per_reindication: 3_333,
    };
    let (a, b) = (("a".to_string(), a), ("b".to_string(), b));
    let alone_a = summaries(std::slice::from_ref(&a));
    let alone_b = summaries(std::slice::from_ref(&b));
    assert_ne!(alone_a, alone_b, "the admin costs must move the figures");
    // In a pair the second is revalued from the first, whichever it is.
    assert_eq!(
        summaries(&[a.clone(), b.clone()]),
        [alone_a[0].clone(), alone_b[0].clone()]
    );
    assert_eq!(summaries(&[b, a]), [alone_b[0].clone(), alone_a[0].clone()]);
}

#[test]
fn only_admin_costs_and_names_make_runs_revaluable() {
    let all = common::load_variants(&common::repo_file("scenarios/achterhoek-financing.ron"));
    let pxq = all[0].1.clone();
    let mut cheaper = pxq.clone();
    cheaper.admin.per_declaration += 1;
    cheaper.name = "cheaper".into();
    let mut longer = cheaper.clone();
    longer.horizon += 12;
    let models: Vec<(String, Model)> = [pxq, cheaper.clone(), longer, cheaper]
        .into_iter()
        .enumerate()
        .map(|(k, m)| (k.to_string(), m))
        .collect();
    // A run that only moves admin costs revalues the first simulated run it matches, and
    // reads its workspace.
    let sources = engine::revalue::sources(&models);
    assert_eq!(sources, [None, Some(0), None, Some(0)]);
    assert_eq!(engine::revalue::workspace_of(&sources), [0, 0, 1, 0]);
    // Variants that differ in their financing are all simulated.
    assert!(engine::revalue::sources(&all).iter().all(Option::is_none));
    assert!(engine::revalue::sources(&[]).is_empty());
}

#[test]
fn variants_that_share_a_history_share_its_reference_volumes() {
    let all = common::load_variants(&common::repo_file("scenarios/achterhoek-financing.ron"));
    let models: Vec<&Model> = all.iter().map(|(_, m)| m).collect();
    let shared = engine::references(models.iter().copied());
    assert_eq!(shared.len(), models.len());
    // Each as if computed for the variant alone; lumpsum needs one, P×Q does not.
    for (m, r) in models.iter().zip(&shared) {
        assert_eq!(
            format!("{r:?}"),
            format!("{:?}", engine::reference(m)),
            "{}",
            m.name
        );
    }
    // An acceptance duty changes the history: its lumpsum budgets are its own.
    let at = |name: &str| &shared[all.iter().position(|(n, _)| n == name).unwrap()];
    assert!(!at("lumpsum").yearly_cents.is_empty());
    assert_ne!(at("lumpsum").yearly_cents, at("lumpsum_duty").yearly_cents);
}

#[test]
fn a_run_that_stopped_is_still_simulated_while_a_run_it_prices_goes_on() {
    let sources = [None, Some(0), None];
    let simulated = |j, wanted: &[bool]| engine::revalue::simulated(&sources, j, |k| wanted[k]);
    // Run 0 stopped (a settled parameter) but run 1 is revalued from it: 0 is simulated.
    assert!(simulated(0, &[false, true, false]));
    assert!(!simulated(2, &[false, true, false]));
    assert!(!simulated(0, &[false, false, true]));
    // A revalued run is never simulated itself.
    assert!(!simulated(1, &[true, true, true]));
}
