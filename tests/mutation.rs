//! Random mutations of the shipped scenarios, as a hurried edit could make them: a number
//! replaced by an extreme or a Dutch-written one, a line deleted or doubled, the file cut
//! short. Whatever the mutant, jeugdsim refuses it with an input error (exit code 2) or
//! runs it — quickly at two replications — and every number it writes is finite and far
//! from any saturation point.

mod common;

use jeugdsim::commands::Output;
use jeugdsim::commands::plan::Done;
use jeugdsim::run::RunOptions;
use jeugdsim::scenario::locate::Locator;
use proptest::prelude::*;
use std::time::{Duration, Instant};

const SCENARIOS: &[&str] = &[
    "scenarios/minimal.ron",
    "scenarios/small-segment.ron",
    "scenarios/achterhoek.ron",
];

/// Values a slip of the hand or a wrong habit produces.
const NASTY: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "1.5",
    "600",
    "601",
    "65536",
    "4294967295",
    "18446744073709551615",
    "1e9",
    "1e300",
    "-1e300",
    "1e-300",
    "10.000",
    "NaN",
    "inf",
    "\"x\"",
    "0,5",
];

/// A mutant of `text`: `kind` picks what is done, `at` where, `value` with what.
fn mutate(text: &str, kind: u8, at: usize, value: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match kind % 4 {
        0 | 1 => {
            let locator = Locator::new(text);
            let scalars = locator.scalars();
            if scalars.is_empty() {
                return text.to_string();
            }
            let s = &scalars[at % scalars.len()];
            let line = lines[s.line - 1];
            let start = line
                .char_indices()
                .nth(s.col - 1)
                .map_or(line.len(), |(i, _)| i);
            let end = start + s.text.len();
            let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            out[s.line - 1] = format!(
                "{}{}{}",
                &line[..start],
                NASTY[value % NASTY.len()],
                &line[end.min(line.len())..]
            );
            out.join("\n")
        }
        2 => {
            let k = at % lines.len();
            let mut out = lines.clone();
            if value.is_multiple_of(2) {
                out.remove(k);
            } else {
                out.insert(k, lines[k]);
            }
            out.join("\n")
        }
        _ => {
            let mut cut = at % text.len();
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text[..cut].to_string()
        }
    }
}

/// Every number-like token in an output file: finite and well inside the range where
/// money in cents or counts could saturate.
fn check_numbers(name: &str, text: &str) -> Result<(), String> {
    // The seed is any 64-bit number, recorded as given.
    let values = text.lines().filter(|l| !l.contains("seed"));
    for token in values.flat_map(|l| l.split(|c: char| ",;:[]{}\"\r\t ".contains(c))) {
        let lower = token.to_ascii_lowercase();
        if lower == "nan" || lower == "inf" || lower == "-inf" || lower == "infinity" {
            return Err(format!("{name} holds `{token}`"));
        }
        if let Ok(x) = token.parse::<f64>()
            && x.abs() >= 1e15
            && !name.ends_with("manifest.json")
        {
            return Err(format!("{name} holds {token}, near saturation"));
        }
    }
    Ok(())
}

fn check_mutant(text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mutant.ron");
    std::fs::write(&file, text).unwrap();
    let opts = RunOptions {
        replications: Some(2),
        threads: Some(1),
        ..Default::default()
    };
    let started = Instant::now();
    let run = match jeugdsim::commands::run::run_file(&file, false, &opts) {
        Ok(run) => run,
        Err(e) => {
            prop_assert_eq!(e.exit_code(), 2, "not an input error: {}", e);
            return Ok(());
        }
    };
    let took = started.elapsed();
    prop_assert!(
        took < Duration::from_secs(30),
        "a validated mutant ran {:?} at two replications",
        took
    );
    let out = dir.path().join("out");
    let written = run
        .write(&Output {
            dir: &out,
            csv_style: Default::default(),
            lang: Default::default(),
            formats: Output::formats(false, false),
        })
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    for f in written {
        let body = std::fs::read_to_string(&f).unwrap();
        let name = f.display().to_string();
        check_numbers(&name, &body).map_err(TestCaseError::fail)?;
    }
    Ok(())
}

proptest! {
    // Sized for CI: each case parses, validates and (when valid) runs two replications. A
    // fixed seed keeps CI repeatable; 5,000 mutants of other seeds passed when this was
    // written (set `cases` and the seed higher to search further).
    #![proptest_config(ProptestConfig {
        cases: 160,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(15),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_mutant_is_refused_or_runs_with_sane_numbers(
        which in 0..SCENARIOS.len(),
        kind in any::<u8>(),
        at in any::<usize>(),
        value in any::<usize>(),
    ) {
        let text = common::repo_file(SCENARIOS[which]);
        check_mutant(&mutate(&text, kind, at, value))?;
    }
}

#[test]
fn the_number_check_catches_what_it_should() {
    assert!(check_numbers("x.csv", "a,1.5,-3e2\n").is_ok());
    assert!(check_numbers("x.csv", "a,NaN\n").is_err());
    assert!(check_numbers("x.json", "{\"v\": 92233720368547760}").is_err());
}
