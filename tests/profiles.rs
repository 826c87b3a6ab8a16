//! The IJsselland 2017 profile model: profiles × intensities shape the care plan, a
//! trajectory price is paid exactly once (advance at assignment, the rest at closure), and
//! the results per provider follow from how trajectories end.

mod common;

use jeugdsim::metrics::Summary;
use jeugdsim::run as engine;

/// One municipality, one ambulant sub-segment with `providers`, 10 hours a month at €50,
/// indications of `months` months extended with probability `extend`, monthly hazards
/// `hazards`; two profiles × two intensities; paid by `financing`.
fn profile_queue(
    financing: &str,
    months: u32,
    extend: f64,
    hazards: &str,
    providers: &str,
) -> String {
    format!(
        r#"(
    name: "profile-queue",
    horizon_months: 36,
    warmup_months: 0,
    replications: 200,
    seed: 7,
    need_levels: ["any"],
    municipalities: [(name: "M", youth_0_17: 12000, referral_rate: 0.04)],
    referral: (
        referrers: [(name: "toegang", share: 1.0)],
        age_years: (min: 0, max: 0),
        need_shares: {{"any": 1.0}},
        triage: {{"any": {{"A": 1.0}}}},
    ),
    profiles: (
        list: [
            (name: "P1", share: 0.5),
            (name: "P2", share: 0.5, duration: 1.5),
        ],
        intensities: [
            (name: "kort", duration: 1.0, units: 1.0),
            (name: "lang", duration: 2.0, units: 0.5),
        ],
        intensity_shares: {{"any": {{"kort": 0.6, "lang": 0.4}}}},
    ),
    segments: [(name: "S", sub_segments: [(
        name: "A",
        kind: ambulant,
        products: [(name: "uur", unit: hour, tariff: 50, usage: {{"any": (mean: 10)}})],
        indication_months: {{"any": {months}}},
        extend_probability: {extend},
        hazards: {{"any": {hazards}}},
        providers: {providers},
        financing: {financing},
    )])],
)"#
    )
}

const TWO_PROVIDERS: &str = "Generated(count: 2)";

fn model(text: &str) -> jeugdsim::model::Model {
    common::model_from("profile-queue.ron", text).unwrap()
}

fn summary(text: &str) -> Summary {
    engine::run(&model(text), &engine::RunOptions::default())
        .unwrap()
        .summary
}

fn metric(s: &Summary, name: &str) -> jeugdsim::metrics::stats::Stat {
    *s.metric(name).unwrap()
}

#[test]
fn a_trajectory_price_is_paid_exactly_once_whatever_the_trajectory_length() {
    // Short indications, often extended: trajectories of 3 to 30+ months. With no warm-up
    // and placements only from the waiting list (before the month's care), every advance
    // is paid in the month of assignment, every remainder at closure: what the
    // municipality pays is advance × placements + remainder × closures, to the cent.
    for (advance, extend) in [(0.4f64, 0.7), (1.0, 0.7), (0.0, 0.7), (0.25, 0.0)] {
        let text = profile_queue(
            &format!("Trajectory(price: 1000, advance: {advance})"),
            3,
            extend,
            "(success: 0.05, dropout: 0.02)",
            TWO_PROVIDERS,
        );
        let m = model(&text);
        for rep in 0..5 {
            let t = engine::simulate_one(&m, rep);
            let c = &t.counters;
            let now = (100_000.0 * advance).round() as i64;
            let expected =
                now * c.placements as i64 + (100_000 - now) * c.trajectories_ended as i64;
            assert_eq!(
                c.care_cents, expected,
                "advance {advance}, extend {extend}, replication {rep}: {} placements, {} ended",
                c.placements, c.trajectories_ended
            );
            assert!(c.placements > 100 && c.trajectories_ended > 100);
            // Extensions happen and are not paid again.
            if extend > 0.0 {
                assert!(c.youth_months > 3 * c.placements, "extensions happen");
            }
        }
    }
}

#[test]
fn profile_prices_pay_the_price_of_each_youths_profile_and_intensity() {
    // Advance 1: each trajectory costs its combination's price at assignment. The
    // expected price per trajectory is the share-weighted grid.
    let prices = r#"{"P1": {"kort": 1000, "lang": 3000}, "P2": {"kort": 2000, "lang": 5000}}"#;
    let text = profile_queue(
        &format!("Trajectory(prices: {prices})"),
        6,
        0.0,
        "(success: 0.05)",
        TWO_PROVIDERS,
    )
    .replace("warmup_months: 0", "warmup_months: 60");
    let s = summary(&text);
    // P1 kort 0.3, P1 lang 0.2, P2 kort 0.3, P2 lang 0.2.
    let expected = 0.3 * 1000.0 + 0.2 * 3000.0 + 0.3 * 2000.0 + 0.2 * 5000.0;
    let cost = metric(&s, "total_cost");
    // In steady state as many trajectories start as end.
    let per_trajectory = cost.mean / metric(&s, "trajectories_ended").mean;
    assert!(
        (per_trajectory - expected).abs() < 0.02 * expected,
        "cost per trajectory {per_trajectory}, expected {expected}"
    );
}

#[test]
fn profiles_and_intensities_set_trajectory_length_and_care_time_as_stated() {
    // No hazards, never extended: a trajectory lasts exactly its indication, 6 months ×
    // the profile's × the intensity's duration factor, with care time × the units factor.
    let text = profile_queue("Pxq()", 6, 0.0, "()", TWO_PROVIDERS)
        .replace("warmup_months: 0", "warmup_months: 60");
    let s = summary(&text);
    // (share, months, units factor): P1 kort, P1 lang, P2 kort, P2 lang.
    let cells = [
        (0.3, 6.0, 1.0),
        (0.2, 12.0, 0.5),
        (0.3, 9.0, 1.0),
        (0.2, 18.0, 0.5),
    ];
    let months: f64 = cells.iter().map(|(p, m, _)| p * m).sum();
    let cost: f64 = cells.iter().map(|(p, m, u)| p * m * u * 500.0).sum();
    let length = metric(&s, "mean_trajectory_months");
    assert!(
        (length.mean - months).abs() < 0.03 * months,
        "mean trajectory {} months, expected {months}",
        length.mean
    );
    let per_trajectory = metric(&s, "total_cost").mean / metric(&s, "trajectories_ended").mean;
    assert!(
        (per_trajectory - cost).abs() < 0.03 * cost,
        "cost per trajectory {per_trajectory}, expected {cost}"
    );
    // Every trajectory ends at its indication's end, with its goal attained.
    assert!((metric(&s, "goal_attainment").mean - 1.0).abs() < 1e-12);
    assert_eq!(metric(&s, "dropout_share").mean, 0.0);
}

#[test]
fn goal_attainment_and_dropout_match_competing_hazards() {
    // Success 0.06 and dropout 0.02 a month, indications without end: a trajectory ends
    // in success with probability 0.06 / 0.08 = 0.75, in dropout 0.25.
    let text = profile_queue(
        "Pxq()",
        100_000,
        0.0,
        "(success: 0.06, dropout: 0.02)",
        TWO_PROVIDERS,
    )
    .replace("warmup_months: 0", "warmup_months: 60");
    let s = summary(&text);
    for (name, expected) in [("goal_attainment", 0.75), ("dropout_share", 0.25)] {
        let m = metric(&s, name);
        let half = (m.ci95[1] - m.ci95[0]) / 2.0;
        assert!(
            (m.mean - expected).abs() < 3.0 * half.max(1e-3),
            "{name}: {} (95% CI {}–{}), expected {expected}",
            m.mean,
            m.ci95[0],
            m.ci95[1]
        );
    }
}

#[test]
fn the_price_response_shortens_trajectories_and_lowers_goal_attainment() {
    let base = |response: f64| {
        profile_queue(
            &format!("Trajectory(price: 3000, advance: 0.5, response: {response})"),
            4,
            0.6,
            "(success: 0.05, dropout: 0.01)",
            TWO_PROVIDERS,
        )
        .replace("warmup_months: 0", "warmup_months: 60")
        .replace(
            "    segments:",
            "    relapse: (hazard: 0.005, unattained_hazard: 0.04),\n    segments:",
        )
    };
    let neutral = summary(&base(0.0));
    let responding = summary(&base(0.3));
    let mean = |s: &Summary, n: &str| metric(s, n).mean;
    assert_eq!(mean(&neutral, "early_discharges"), 0.0);
    assert!(mean(&responding, "early_discharges") > 0.0);
    assert!(
        mean(&responding, "goal_attainment") < mean(&neutral, "goal_attainment") - 0.05,
        "goal attainment {} vs {}",
        mean(&responding, "goal_attainment"),
        mean(&neutral, "goal_attainment")
    );
    assert!(mean(&responding, "mean_trajectory_months") < mean(&neutral, "mean_trajectory_months"));
    // Closed without the goal, youths come back: more re-entries, each a new price.
    assert!(
        mean(&responding, "reentry_within_12m") > 1.2 * mean(&neutral, "reentry_within_12m"),
        "re-entries {} vs {}",
        mean(&responding, "reentry_within_12m"),
        mean(&neutral, "reentry_within_12m")
    );
}

#[test]
fn results_payment_moves_money_to_the_better_provider_and_nets_out() {
    // Two providers, one more effective. With one price for everyone and no cap, the
    // bonus and malus add up to nothing (up to a cent per contract a year): the same
    // youths, the same total, a different split.
    let providers = r#"Listed([(name: "Goed", capacity: 400, effectiveness: 0.3), (name: "Matig", capacity: 400, effectiveness: -0.3)])"#;
    let with = |results: &str| {
        profile_queue(
            &format!("Trajectory(price: 3000, advance: 0.5{results})"),
            100_000,
            0.0,
            "(success: 0.05, dropout: 0.02)",
            providers,
        )
    };
    let plain = model(&with(""));
    let paid = model(&with(", results_payment: (rate: 1.0, cap: 1.0)"));
    for rep in 0..4 {
        let (a, b) = (
            engine::simulate_one(&plain, rep),
            engine::simulate_one(&paid, rep),
        );
        assert_eq!(a.counters.trajectories_ended, b.counters.trajectories_ended);
        let drift = (a.counters.care_cents - b.counters.care_cents).abs();
        assert!(
            drift <= 2 * 3,
            "results payments should net out, drift {drift} cents"
        );
        let goed = |t: &jeugdsim::metrics::tally::Tally| t.providers[0].revenue_cents;
        let matig = |t: &jeugdsim::metrics::tally::Tally| t.providers[1].revenue_cents;
        assert!(goed(&b) > goed(&a), "the better provider gains");
        assert!(matig(&b) < matig(&a), "the weaker provider loses");
        assert!(
            b.providers[0].goals_attained * a.providers[1].trajectories_ended
                > b.providers[1].goals_attained * a.providers[0].trajectories_ended
        );
    }
}

#[test]
fn providers_csv_has_the_results_per_provider() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.ron");
    let text = profile_queue(
        "Trajectory(price: 3000)",
        100_000,
        0.0,
        "(success: 0.06, dropout: 0.02)",
        TWO_PROVIDERS,
    )
    .replace("replications: 200", "replications: 20");
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("out");
    common::jeugdsim_ok(&["run", common::arg(&file)], &out);
    let csv = std::fs::read_to_string(out.join("providers.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (attain, drop) = (col("goal_attainment"), col("dropout_share"));
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        let a: f64 = f[attain].parse().unwrap();
        let d: f64 = f[drop].parse().unwrap();
        assert!((a - 0.75).abs() < 0.05 && (d - 0.25).abs() < 0.05, "{line}");
    }
}

#[test]
fn trajectory_prices_are_validated() {
    let cases = [
        (
            "Trajectory(prices: {\"P1\": {\"kort\": 1000}})",
            "no price for profile/intensity `P1/lang`, `P2/kort`, `P2/lang`",
        ),
        (
            "Trajectory(prices: {\"P9\": {\"kort\": 1000}}, price: 10)",
            "unknown profile `P9`",
        ),
        (
            "Trajectory(prices: {\"P1\": {\"middel\": 1000}}, price: 10)",
            "unknown intensity `middel`",
        ),
        (
            "Trajectory(provider_prices: {\"Elders\": 1000})",
            "`Elders` holds no contract in this sub-segment",
        ),
        ("Trajectory()", "Trajectory needs a price"),
        ("Trajectory(price: 100, advance: 1.5)", "advance"),
        ("Trajectory(price: 100, response: 0.9)", "response"),
        ("Trajectory(price: -5)", "trajectory price"),
    ];
    for (financing, expected) in cases {
        let text = profile_queue(financing, 6, 0.0, "(success: 0.05)", TWO_PROVIDERS);
        let err = common::model_from("p.ron", &text).unwrap_err().to_string();
        assert!(err.contains(expected), "{financing}: {err}");
    }
    let no_profiles = profile_queue(
        "Trajectory(prices: {\"P1\": {\"kort\": 1}}, price: 5)",
        6,
        0.0,
        "()",
        TWO_PROVIDERS,
    );
    let start = no_profiles.find("    profiles:").unwrap();
    let end = no_profiles.find("    segments:").unwrap();
    let text = format!("{}{}", &no_profiles[..start], &no_profiles[end..]);
    let err = common::model_from("p.ron", &text).unwrap_err().to_string();
    assert!(err.contains("need a `profiles` block"), "{err}");
    let bad_share = profile_queue("Pxq()", 6, 0.0, "()", TWO_PROVIDERS)
        .replace("\"kort\": 0.6", "\"kort\": 0.7");
    let err = common::model_from("p.ron", &bad_share)
        .unwrap_err()
        .to_string();
    assert!(err.contains("intensity shares for `any`"), "{err}");
}
