//! The council's tables as CSV (docs/data.md): `council.csv`, one row per year,
//! municipality and sub-segment with its segment and Iv3 task field, and
//! `council_municipalities.csv`, one row per year and municipality with its actual use,
//! what it pays under the cost split, its budget and the chance of exceeding it. A
//! comparison writes the same with a leading `variant` column.

use super::comparison::ComparisonResults;
use super::csv_out::{csv_error, finish};
use super::{Exporter, Results};
use crate::error::Result;
use crate::metrics::Summary;
use crate::metrics::council::Council;

pub const COUNCIL_COLUMNS: [&str; 8] = [
    "year",
    "municipality",
    "segment",
    "sub_segment",
    "task_field",
    "cost",
    "cost_ci95_low",
    "cost_ci95_high",
];

pub const MUNICIPAL_COLUMNS: [&str; 13] = [
    "year",
    "municipality",
    "actual_use",
    "cost_split",
    "cost_split_ci95_low",
    "cost_split_ci95_high",
    "solidarity_transfer",
    "share_of_region",
    "agreed_share",
    "agreed_share_cost",
    "budget",
    "budget_difference",
    "over_budget_probability",
];

/// Cents as euros with two decimals, exactly.
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let a = cents.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

fn cents_f(x: f64) -> String {
    format!("{:.2}", x / 100.0)
}

fn optional(x: Option<String>) -> String {
    x.unwrap_or_default()
}

fn council_csv(councils: &[&Council], variants: Option<&[String]>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = variants.map(|_| "variant").into_iter().collect();
    header.extend(COUNCIL_COLUMNS);
    w.write_record(&header).map_err(csv_error)?;
    for (k, c) in councils.iter().enumerate() {
        for (y, year) in c.years.iter().enumerate() {
            for (m, muni) in c.municipalities.iter().enumerate() {
                for (s, (segment, sub, field)) in c.subs.iter().enumerate() {
                    let cell = c.cell(y, m, s);
                    let mut row: Vec<String> = variants.map(|v| v[k].clone()).into_iter().collect();
                    row.extend([
                        year.clone(),
                        muni.clone(),
                        segment.clone(),
                        sub.clone(),
                        field.code().to_string(),
                        euros(cell.mean),
                        cents_f(cell.ci95[0]),
                        cents_f(cell.ci95[1]),
                    ]);
                    w.write_record(&row).map_err(csv_error)?;
                }
            }
        }
    }
    finish(w)
}

pub(crate) fn municipalities_csv(
    councils: &[&Council],
    variants: Option<&[String]>,
) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = variants.map(|_| "variant").into_iter().collect();
    header.extend(MUNICIPAL_COLUMNS);
    w.write_record(&header).map_err(csv_error)?;
    for (k, c) in councils.iter().enumerate() {
        for (y, year) in c.years.iter().enumerate() {
            let region = c.region[y];
            for (m, muni) in c.municipalities.iter().enumerate() {
                let my = c.municipal(y, m);
                let split = my.cost_split.mean;
                let mut row: Vec<String> = variants.map(|v| v[k].clone()).into_iter().collect();
                row.extend([
                    year.clone(),
                    muni.clone(),
                    euros(my.actual_use),
                    euros(split),
                    cents_f(my.cost_split.ci95[0]),
                    cents_f(my.cost_split.ci95[1]),
                    euros(split - my.actual_use),
                    if region != 0 {
                        (split as f64 / region as f64).to_string()
                    } else {
                        String::new()
                    },
                    optional(my.agreed_share.map(|s| s.to_string())),
                    optional(
                        my.agreed_share
                            .map(|s| euros((s * region as f64).round() as i64)),
                    ),
                    optional(my.budget.map(euros)),
                    optional(my.budget.map(|b| euros(split - b))),
                    optional(my.over_budget_probability.map(|p| p.to_string())),
                ]);
                w.write_record(&row).map_err(csv_error)?;
            }
        }
    }
    finish(w)
}

pub struct CouncilCsv;
pub struct CouncilMunicipalitiesCsv;

impl Exporter<Results<'_>> for CouncilCsv {
    fn file_name(&self) -> &'static str {
        "council.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        council_csv(&[&r.summary.council], None)
    }
}

impl Exporter<Results<'_>> for CouncilMunicipalitiesCsv {
    fn file_name(&self) -> &'static str {
        "council_municipalities.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        municipalities_csv(&[&r.summary.council], None)
    }
}

fn councils<'a>(r: &'a ComparisonResults<'_>) -> Vec<&'a Council> {
    r.comparison
        .summaries
        .iter()
        .map(|s: &Summary| &s.council)
        .collect()
}

impl Exporter<ComparisonResults<'_>> for CouncilCsv {
    fn file_name(&self) -> &'static str {
        "council.csv"
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        council_csv(&councils(r), Some(&r.comparison.names))
    }
}

impl Exporter<ComparisonResults<'_>> for CouncilMunicipalitiesCsv {
    fn file_name(&self) -> &'static str {
        "council_municipalities.csv"
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        municipalities_csv(&councils(r), Some(&r.comparison.names))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn euros_are_exact() {
        assert_eq!(super::euros(123_456), "1234.56");
        assert_eq!(super::euros(-5), "-0.05");
        assert_eq!(super::euros(0), "0.00");
    }
}
