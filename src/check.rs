//! Checks shared by scenario validation and the financing schemes' own validation: each
//! failed check records (path, sentence) and returns a neutral value, so validation goes on
//! and reports every problem, not just the first.

use std::collections::BTreeMap;

/// Tolerance for probabilities that must sum to 1 (rounded figures in a hand-written file).
pub const SUM_TOLERANCE: f64 = 1e-6;

#[derive(Default)]
pub struct Checker {
    pub problems: Vec<(String, String)>,
    /// Allowed but probably not meant (errors under `--strict`).
    pub warnings: Vec<(String, String)>,
}

impl Checker {
    pub fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push((path.into(), message.into()));
    }

    pub fn warn(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push((path.into(), message.into()));
    }

    pub fn probability(&mut self, path: &str, what: &str, p: f64) -> f64 {
        if !(0.0..=1.0).contains(&p) {
            self.fail(
                path,
                format!(
                    "{what} is {}; a probability must lie between 0 and 1",
                    show(p)
                ),
            );
            0.0
        } else {
            p
        }
    }

    pub fn non_negative(&mut self, path: &str, what: &str, x: f64) -> f64 {
        if !(x.is_finite() && x >= 0.0) {
            self.fail(
                path,
                format!("{what} is {}; it must be a number ≥ 0", show(x)),
            );
            0.0
        } else {
            x
        }
    }

    pub fn sums_to_one(&mut self, path: &str, what: &str, total: f64) {
        if (total - 1.0).abs() > SUM_TOLERANCE {
            self.fail(
                path,
                format!("{what} add up to {total:.6}; they must add up to 1"),
            );
        }
    }

    /// Looks up a need-level keyed map, reporting unknown and missing need levels.
    pub fn by_need<T: Copy>(
        &mut self,
        path: &str,
        what: &str,
        map: &BTreeMap<String, T>,
        needs: &[String],
    ) -> Vec<Option<T>> {
        for key in map.keys() {
            if !needs.contains(key) {
                self.fail(
                    format!("{path}.{key}"),
                    format!(
                        "unknown need level `{key}` in {what}; the need levels are {}",
                        list(needs)
                    ),
                );
            }
        }
        needs
            .iter()
            .map(|n| {
                let v = map.get(n).copied();
                if v.is_none() {
                    self.fail(path, format!("{what} has no value for need level `{n}`"));
                }
                v
            })
            .collect()
    }
}

/// A name that is safe as a folder name: letters, digits, `-` and `_` (a scenario name
/// becomes `results/<name>/`; a path in it could write anywhere).
pub fn is_plain_name_char(c: char) -> bool {
    c.is_alphanumeric() || "-_".contains(c)
}

/// `name` as one folder or file name: anything but letters, digits, - and _ becomes _, so
/// no name can climb out (`../`).
pub fn plain_name(name: &str) -> String {
    name.chars()
        .map(|c| if is_plain_name_char(c) { c } else { '_' })
        .collect()
}

pub fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn cumulative(ps: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    let mut out: Vec<f64> = ps
        .iter()
        .map(|p| {
            acc += p;
            acc
        })
        .collect();
    // Rounding must not leave a gap above the last threshold.
    if let Some(last) = out.last_mut()
        && (*last - 1.0).abs() <= SUM_TOLERANCE
    {
        *last = 1.0;
    }
    out
}

/// A number as a message shows it: as written for everyday sizes, in exponent form when
/// very large or very small (`1e308`, never 309 digits).
pub fn show(x: f64) -> String {
    let a = x.abs();
    if a.is_finite() && (a >= 1e15 || (a > 0.0 && a < 1e-6)) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

pub fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

pub fn bounded(c: &mut Checker, path: &str, what: &str, x: f64, lo: f64, hi: f64) -> f64 {
    if !(lo..=hi).contains(&x) {
        c.fail(
            path,
            format!(
                "{what} is {}; it must lie between {} and {}",
                show(x),
                show(lo),
                show(hi)
            ),
        );
        0.0
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn huge_and_tiny_numbers_show_in_exponent_form() {
        assert_eq!(super::show(1e308), "1e308");
        assert_eq!(super::show(-1.7e308), "-1.7e308");
        assert_eq!(super::show(2.5e-9), "2.5e-9");
        assert_eq!(super::show(0.05), "0.05");
        assert_eq!(super::show(10000000.0), "10000000");
        assert_eq!(super::show(0.0), "0");
    }
}
