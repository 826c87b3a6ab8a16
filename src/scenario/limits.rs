//! Upper bounds on every number in a scenario, checked on the text before validation.
//!
//! A count of four billion providers, a horizon of four billion months or a tariff of
//! 1e300 is a typo, not a region: it would exhaust memory, run for days, or overflow the
//! money totals. Checking here, on every number the file holds (whatever the field or the
//! enum variant it sits in), keeps validation and the run from ever seeing such values.
//! The bounds are generous: ten times the largest real figure we know of.
//!
//! Dutch number habits are caught here too: `10.000` meant as ten thousand reads as 10.

use super::locate::{Locator, Scalar};
use crate::error::Problem;

/// A bound by field name: the largest value and its unit, for the message.
struct Bound {
    field: &'static str,
    max: f64,
    unit: &'static str,
}

const fn b(field: &'static str, max: f64, unit: &'static str) -> Bound {
    Bound { field, max, unit }
}

/// Largest number of anything not listed below (a share, a factor, a rate).
const ANY: f64 = 1e9;

/// Bounds by field, most specific first (`parent.field` before `field`); a field not listed
/// here takes the bound of its nearest listed ancestor (`indication_months.light` that of
/// `indication_months`), else `ANY`.
const BOUNDS: &[Bound] = &[
    b("seed", f64::INFINITY, ""),
    b("replications", 1_000_000.0, "replications"),
    b("reference_replications", 10_000.0, "replications"),
    b("caseload.count", 10_000_000.0, "youths"),
    b("organisations.count", 100_000.0, "organisations"),
    b("count", 10_000.0, "providers"),
    b("legacy_providers", 10_000.0, "providers"),
    b("market.min", 10_000.0, "providers"),
    b("market.max", 10_000.0, "providers"),
    b("age_years.min", 30.0, "years"),
    b("age_years.max", 30.0, "years"),
    b("max_age_years", 30.0, "years"),
    b("capacity", 1_000_000.0, "places"),
    b("fte", 1_000_000.0, "fte"),
    b("caseload_per_fte", 1_000.0, "clients per fte"),
    b("youth_0_17", 10_000_000.0, "youths"),
    b("youth_18_22", 10_000_000.0, "youths"),
    b("referral_rate", 1.0, "referrals per youth per year"),
    b("trend_per_year", 1.0, "(a yearly change of +100%)"),
    b("referral_trend_shift", 1.0, "(a yearly change of +100%)"),
    b("indexation_shift", 1.0, "(a yearly rise of 100%)"),
    b("per_year", 1.0, "(a yearly rise of 100%)"),
    b("per_kind", 1.0, "(a yearly rise of 100%)"),
    b("trajectory_length_factor", 100.0, "(times as long)"),
    b("seasonality", 12.0, "(times the average month)"),
    // An indication may be "until the hazards end it": a very long one is a modelling
    // choice (the analytic tests use it), not a typo.
    b("indication_months", 1_000_000.0, "months"),
    b("mean", 100_000.0, "units a month"),
    b("cv", 100.0, ""),
    b("size_skew", 100.0, ""),
    b("tariff", 10_000_000.0, "€ per unit"),
    b("price", 10_000_000.0, "€ per trajectory"),
    b("prices", 10_000_000.0, "€ per trajectory"),
    b("provider_prices", 10_000_000.0, "€ per trajectory"),
    b("fee_per_place_month", 10_000_000.0, "€ per place per month"),
    b("occupancy_tariff", 10_000_000.0, "€ per unit"),
    b("herstel", 10_000_000.0, "€"),
    b("duurzaam", 10_000_000.0, "€"),
    b("per_declaration", 10_000_000.0, "€"),
    b("per_reindication", 10_000_000.0, "€"),
    b("sociale_basis_cost", 10_000_000.0, "€"),
    b("per_contract_year", 1e9, "€ a year"),
    b("budget", 1e11, "€ a year"),
    b("budget_per_year", 1e11, "€ a year"),
];

/// Months: a horizon, a warm-up, an indication, a delay. Fifty years is beyond any
/// procurement period or youth-care career.
const MAX_MONTHS: f64 = 600.0;

/// What the text check found: errors (the run must not start) and warnings (allowed, but
/// probably not what was meant).
#[derive(Default)]
pub struct Findings {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Checks every number in `text` against its bound, and for Dutch thousands separators.
pub fn check(locator: &Locator) -> Findings {
    let mut found = Findings::default();
    for s in locator.scalars() {
        let Some(x) = number(&s.text) else {
            continue;
        };
        if !x.is_finite() {
            found
                .errors
                .push(problem(s, format!("`{}` is not a finite number", s.text)));
            continue;
        }
        let (max, unit, field) = bound(&s.path);
        if x.abs() > max {
            found.errors.push(problem(
                s,
                format!(
                    "{} is {}, {} the bound of {}{}",
                    field,
                    s.text,
                    if x < 0.0 { "below" } else { "above" },
                    crate::scenario::variants::format_number(if x < 0.0 { -max } else { max }),
                    if unit.is_empty() {
                        String::new()
                    } else {
                        format!(" {unit}")
                    }
                ),
            ));
            continue;
        }
        dutch_thousands(s, &mut found);
    }
    found
}

/// `10.000` is ten thousand to a Dutch reader and ten to RON: refuse `.000` (nobody writes
/// ten that way) and warn about other three-decimal numbers above 1 (`1.500`).
fn dutch_thousands(s: &Scalar, found: &mut Findings) {
    let t = s.text.trim_start_matches('-');
    let Some((int, frac)) = t.split_once('.') else {
        return;
    };
    let looks_grouped = (1..=3).contains(&int.len())
        && int.bytes().all(|c| c.is_ascii_digit())
        && !int.starts_with('0')
        && frac.len() == 3
        && frac.bytes().all(|c| c.is_ascii_digit());
    if !looks_grouped {
        return;
    }
    let meant = format!("{int}{frac}");
    if frac == "000" {
        found.errors.push(problem(
            s,
            format!(
                "`{}` reads as {int}, not {meant}: a point is a decimal point here, never a \
                 thousands separator. Write {meant} (or {int}_{frac}); for {int}, write {int}.0",
                s.text
            ),
        ));
    } else {
        found.warnings.push(problem(
            s,
            format!(
                "`{}` reads as {int}.{}; if you meant {meant} (a Dutch thousands separator), \
                 write {meant}",
                s.text,
                frac.trim_end_matches('0')
            ),
        ));
    }
}

fn problem(s: &Scalar, message: String) -> Problem {
    Problem {
        path: s.path.clone(),
        line: s.line,
        col: s.col,
        message,
    }
}

/// The value of a RON number token (`1_000`, `-2.5e3`, `inf`, `NaN`), or `None` for other
/// scalars (booleans, unit variants).
fn number(text: &str) -> Option<f64> {
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    match plain.trim_start_matches(['-', '+']) {
        "inf" => return Some(f64::INFINITY),
        "NaN" => return Some(f64::NAN),
        _ => {}
    }
    if !plain
        .trim_start_matches(['-', '+'])
        .starts_with(|c: char| c.is_ascii_digit() || c == '.')
    {
        return None;
    }
    plain.parse::<f64>().ok().or_else(|| {
        // Hexadecimal, octal and binary integers.
        let digits = plain.trim_start_matches(['-', '+']);
        let (radix, rest) = match digits.get(..2) {
            Some("0x") => (16, &digits[2..]),
            Some("0o") => (8, &digits[2..]),
            Some("0b") => (2, &digits[2..]),
            _ => return None,
        };
        u128::from_str_radix(rest, radix).ok().map(|v| v as f64)
    })
}

/// The bound of the value at `path`: of its field (with its parent, when listed so), or of
/// the nearest ancestor with a bound; with the path's tail from that field, for the message
/// (`indication_months.light`).
fn bound(path: &str) -> (f64, &'static str, String) {
    let parts: Vec<&str> = path
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .collect();
    let tail = |from: usize| parts[from..].join(".");
    for end in (0..parts.len()).rev() {
        let field = parts[end];
        if end > 0 {
            let pair = format!("{}.{field}", parts[end - 1]);
            if let Some(b) = BOUNDS.iter().find(|b| b.field == pair) {
                return (b.max, b.unit, tail(end));
            }
        }
        if let Some(b) = BOUNDS.iter().find(|b| b.field == field) {
            return (b.max, b.unit, tail(end));
        }
        if field.ends_with("months") {
            return (MAX_MONTHS, "months", tail(end));
        }
    }
    (ANY, "", tail(parts.len().saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        check(&Locator::new(text))
            .errors
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn every_number_has_a_bound_named_in_the_message() {
        let e = errors("(horizon_months: 4294967295, products: [(tariff: 1e300)])");
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("bound of 600 months"), "{e:?}");
        assert!(e[1].contains("bound of 10000000 € per unit"), "{e:?}");
        // A need level under indication_months takes its ancestor's bound.
        let e = errors("(delay_months: {light: 9000}, indication_months: {light: 2000000})");
        assert!(
            e[0].contains("delay_months.light is 9000, above the bound of 600 months"),
            "{e:?}"
        );
        assert!(e[1].contains("indication_months.light"), "{e:?}");
        assert!(errors("(seed: 18446744073709551615, count: 10_000)").is_empty());
        assert!(errors("(x: inf)")[0].contains("not a finite number"));
    }

    #[test]
    fn dutch_thousands_are_caught() {
        let f = check(&Locator::new(
            "(youth_0_17: 10.000, share: 1.500, p: 0.125)",
        ));
        assert_eq!(f.errors.len(), 1);
        assert!(
            f.errors[0].message.contains("Write 10000"),
            "{:?}",
            f.errors
        );
        assert_eq!(f.warnings.len(), 1);
        assert!(f.warnings[0].message.contains("1500"));
    }
}
