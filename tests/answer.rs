//! The answer first: `comparison.json`'s `answer`, the console and the report lead with it,
//! and its figures are the paired differences they claim to be.

mod common;

use serde_json::Value;

fn compare(out: &std::path::Path, extra: &[&str]) -> (Value, String) {
    let mut args = vec![
        "compare",
        "scenarios/achterhoek-financing.ron",
        "--replications",
        "12",
        "--report",
    ];
    args.extend(extra);
    let o = common::jeugdsim_ok(&args, out);
    let json = std::fs::read_to_string(out.join("comparison.json")).unwrap();
    (
        serde_json::from_str(&json).unwrap(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

#[test]
fn the_answer_states_total_cost_incl_admin_in_euros_and_percent_with_its_ci() {
    let dir = tempfile::tempdir().unwrap();
    let (c, stdout) = compare(&dir.path().join("c"), &[]);
    let answers = c["answer"].as_array().expect("an answer block");
    let variants = c["variants"].as_array().unwrap();
    assert_eq!(
        answers.len(),
        variants.len() - 1,
        "one per variant after the baseline"
    );
    for (k, a) in answers.iter().enumerate() {
        let name = variants[k + 1]["name"].as_str().unwrap();
        assert_eq!(a["variant"], name);
        assert_eq!(a["baseline"], c["baseline"]);
        // The € difference is the paired difference of the new metric …
        let t = &a["total_cost_incl_admin"];
        let d = &c["differences"][k]["metrics"]["total_cost_incl_admin"];
        assert_eq!(t["mean"], d["mean"]);
        assert_eq!(t["ci95"], d["ci95"]);
        // … which is care plus administration, in each variant.
        for v in [&variants[0], &variants[k + 1]] {
            let m = &v["metrics"];
            let sum = m["total_cost"]["mean"].as_f64().unwrap()
                + m["admin_cost"]["mean"].as_f64().unwrap();
            let incl = m["total_cost_incl_admin"]["mean"].as_f64().unwrap();
            assert!((sum - incl).abs() < 1e-6 * incl, "{sum} vs {incl}");
        }
        // The percentage is the € difference over the baseline's mean, and its CI holds it.
        let base = variants[0]["metrics"]["total_cost_incl_admin"]["mean"]
            .as_f64()
            .unwrap();
        let pct = t["percent"]["mean"].as_f64().unwrap();
        let expected = 100.0 * t["mean"].as_f64().unwrap() / base;
        assert!((pct - expected).abs() < 1e-9, "{pct} vs {expected}");
        let (lo, hi) = (
            t["percent"]["ci95"][0].as_f64().unwrap(),
            t["percent"]["ci95"][1].as_f64().unwrap(),
        );
        assert!(lo < pct && pct < hi, "{lo} < {pct} < {hi}");
        // Budget risk: the scenario has a budget.
        let p = &a["p_year_over_budget"];
        assert_eq!(
            p["baseline"],
            variants[0]["metrics"]["p_year_over_budget"]["mean"]
        );
        assert!(a["yearly_cost"]["variant"]["p5"].as_f64().unwrap() > 0.0);
        for side in [
            "forced_provider_changes",
            "mean_waiting_youths",
            "care_forgone_months",
            "providers_with_loss",
        ] {
            assert!(a[side]["difference"]["ci95"].is_array(), "{side}");
        }
        let sentence = a["sentence"].as_str().unwrap();
        assert!(
            sentence.starts_with(name) && sentence.contains("95% CI"),
            "{sentence}"
        );
    }
    // The console opens with the answer at a glance, variants by their labels, then the
    // answer in full, before the side-by-side table.
    let glance = stdout
        .find("The answer at a glance — against P×Q (per eenheid), over 5 years")
        .expect("the answer at a glance on the console");
    let answer = stdout
        .find("The answer — Lumpsum ambulant against P×Q (per eenheid)")
        .expect("answer on the console");
    assert!(glance < answer, "{stdout}");
    assert!(answer < stdout.find("Outcome (mean)").unwrap(), "{stdout}");
    // And so does the report, with the numbers table.
    let html = std::fs::read_to_string(dir.path().join("c/report.html")).unwrap();
    assert!(html.find("The answer").unwrap() < html.find("The numbers").unwrap());
    assert!(html.contains("Total cost incl. administrative cost (€)"));
}

#[test]
fn keuzebudget_is_cheaper_and_the_sentence_says_by_how_much() {
    let dir = tempfile::tempdir().unwrap();
    let (c, _) = compare(&dir.path().join("c"), &[]);
    let a = c["answer"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["variant"] == "keuzebudget")
        .unwrap();
    let t = &a["total_cost_incl_admin"];
    assert!(t["significant"].as_bool().unwrap());
    assert!(
        t["ci95"][1].as_f64().unwrap() < 0.0,
        "keuzebudget is cheaper in the model"
    );
    let mln = -t["mean"].as_f64().unwrap() / 1e6;
    let sentence = a["sentence"].as_str().unwrap();
    assert!(
        sentence.contains(&format!("costs €{mln:.1} mln")),
        "{sentence}"
    );
    assert!(
        sentence.contains("less than pxq over 5 years"),
        "{sentence}"
    );
}

#[test]
fn in_dutch_the_console_and_report_say_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let (c, stdout) = compare(&dir.path().join("c"), &["--lang", "nl"]);
    assert!(
        stdout.contains("Het antwoord — Lumpsum ambulant tegenover P×Q (per eenheid)"),
        "{stdout}"
    );
    assert!(stdout.contains("Totale kosten incl. uitvoeringskosten (€)"));
    assert!(stdout.contains("minder dan P×Q (per eenheid) over 5 jaar"));
    // The JSON keeps the contract's English sentence.
    assert!(
        c["answer"][0]["sentence"]
            .as_str()
            .unwrap()
            .contains("than pxq")
    );
    let html = std::fs::read_to_string(dir.path().join("c/report.html")).unwrap();
    assert!(
        html.contains("<html lang=\"nl\">")
            && html.contains("Het antwoord")
            && html.contains("De cijfers")
    );
    // Dutch number format: € 12,3 mln.
    assert!(html.contains(" mln") && html.contains("€ "), "Dutch money");
}
