//! `summary.csv` (one row per metric) and `monthly.csv` (one row per month).

use super::{Exporter, Results};
use crate::error::{Error, Result};

pub struct SummaryCsv;
pub struct MonthlyCsv;

pub(super) fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::Output(format!("cannot format CSV: {e}"))
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Result<Vec<u8>> {
    w.into_inner().map_err(csv_error)
}

/// The columns of a metric's statistics, as every long-format CSV writes them.
pub(super) const STAT_COLUMNS: [&str; 6] = ["mean", "ci95_low", "ci95_high", "p5", "p50", "p95"];

/// A metric's statistics in `STAT_COLUMNS` order.
pub(super) fn stat_fields(s: &crate::metrics::stats::Stat) -> [String; 6] {
    [s.mean, s.ci95[0], s.ci95[1], s.p5, s.p50, s.p95].map(|x| x.to_string())
}

impl Exporter<Results<'_>> for SummaryCsv {
    fn file_name(&self) -> &'static str {
        "summary.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = std::iter::once("metric").chain(STAT_COLUMNS);
        w.write_record(header).map_err(csv_error)?;
        for (name, s) in &r.summary.metrics {
            let row = std::iter::once(name.clone()).chain(stat_fields(s));
            w.write_record(row).map_err(csv_error)?;
        }
        finish(w)
    }
}

impl Exporter<Results<'_>> for MonthlyCsv {
    fn file_name(&self) -> &'static str {
        "monthly.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        let s = r.summary;
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec!["month".to_string()];
        for name in &s.series {
            for stat in ["mean", "p5", "p95"] {
                header.push(format!("{name}_{stat}"));
            }
        }
        w.write_record(&header).map_err(csv_error)?;
        let k = s.series.len();
        for (m, label) in s.month_labels.iter().enumerate() {
            let mut row = vec![label.clone()];
            for st in &s.monthly[m * k..(m + 1) * k] {
                row.push(st.mean.to_string());
                row.push(st.p5.to_string());
                row.push(st.p95.to_string());
            }
            w.write_record(&row).map_err(csv_error)?;
        }
        finish(w)
    }
}

pub struct MunicipalitiesCsv;

impl Exporter<Results<'_>> for MunicipalitiesCsv {
    fn file_name(&self) -> &'static str {
        "municipalities.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let header = ["municipality", "metric"].into_iter().chain(STAT_COLUMNS);
        w.write_record(header).map_err(csv_error)?;
        for m in &r.summary.by_municipality {
            for (name, s) in &m.metrics {
                let row = [m.name.clone(), name.clone()]
                    .into_iter()
                    .chain(stat_fields(s));
                w.write_record(row).map_err(csv_error)?;
            }
        }
        finish(w)
    }
}

pub struct ProvidersCsv;

/// `providers.csv` of `summaries`, with a leading `variant` column when `variants` names them.
pub(super) fn providers_csv(
    summaries: &[&crate::metrics::Summary],
    variants: Option<&[String]>,
) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<&str> = Vec::new();
    if variants.is_some() {
        header.push("variant");
    }
    header.extend(crate::results::providers::COLUMNS);
    w.write_record(&header).map_err(csv_error)?;
    for (k, s) in summaries.iter().enumerate() {
        for p in &s.providers {
            let mut row = Vec::new();
            if let Some(names) = variants {
                row.push(names[k].clone());
            }
            row.extend(crate::results::providers::ProviderRow::new(p).fields());
            w.write_record(&row).map_err(csv_error)?;
        }
    }
    finish(w)
}

impl Exporter<Results<'_>> for ProvidersCsv {
    fn file_name(&self) -> &'static str {
        "providers.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        providers_csv(&[r.summary], None)
    }
}

pub struct ActivationsCsv;

impl Exporter<Results<'_>> for ActivationsCsv {
    fn file_name(&self) -> &'static str {
        "activations.csv"
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record([
            "sub_segment",
            "provider",
            "reason",
            "share_of_replications",
            "mean_month",
        ])
        .map_err(csv_error)?;
        for a in &r.summary.activations {
            w.write_record([
                a.sub_segment.clone(),
                a.provider.clone(),
                a.reason.to_string(),
                a.share_of_replications.to_string(),
                a.mean_month.to_string(),
            ])
            .map_err(csv_error)?;
        }
        finish(w)
    }
}
