//! Outputs of `jeugdsim sweep`: `sweep.csv`, `sweep.json` and the terminal table, one row
//! per swept value, and the smallest value that meets a target with 95% probability.

use super::csv_out::{csv_error, finish};
use super::{Exporter, Provenance};
use crate::error::Result;
use crate::report::lang::Lang;
use crate::results::json_bytes;
use crate::results::sweep::{SweepFile, SweepRow, SweepTarget};
use crate::run::Comparison;

pub use crate::metrics::target::Target;

pub struct SweepResults<'a> {
    pub provenance: &'a Provenance,
    pub path: &'a str,
    pub values: &'a [f64],
    pub comparison: &'a Comparison,
    pub target: Option<&'a Target>,
}

impl SweepResults<'_> {
    /// `sweep.json`.
    pub fn file(&self) -> SweepFile {
        let rows = self
            .values
            .iter()
            .zip(&self.comparison.summaries)
            .map(|(v, s)| SweepRow {
                value: *v,
                metrics: crate::results::summary::metrics(s),
            })
            .collect();
        let target = self.target.map(|t| SweepTarget {
            expression: t.text(),
            chosen_value: self.chosen().map(|i| self.values[i]),
        });
        SweepFile::new(self.provenance, self.path, rows, target)
    }

    /// Index of the smallest value meeting the target with 95% probability.
    pub fn chosen(&self) -> Option<usize> {
        let target = self.target?;
        self.comparison
            .summaries
            .iter()
            .position(|s| target.met(s) == Some(true))
    }
}

pub struct SweepJson;
pub struct SweepCsv;

impl Exporter<SweepResults<'_>> for SweepJson {
    fn file_name(&self) -> &'static str {
        "sweep.json"
    }

    fn serialize(&self, r: &SweepResults<'_>) -> Result<Vec<u8>> {
        json_bytes(&r.file())
    }
}

impl Exporter<SweepResults<'_>> for SweepCsv {
    fn file_name(&self) -> &'static str {
        "sweep.csv"
    }

    fn serialize(&self, r: &SweepResults<'_>) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let first = &r.comparison.summaries[0];
        let mut header = vec!["value".to_string()];
        for (n, _) in &first.metrics {
            for stat in ["mean", "ci95_low", "ci95_high", "p5", "p95"] {
                header.push(format!("{n}_{stat}"));
            }
        }
        w.write_record(&header).map_err(csv_error)?;
        for (v, s) in r.values.iter().zip(&r.comparison.summaries) {
            let mut row = vec![v.to_string()];
            for (n, _) in &first.metrics {
                match s.metric(n) {
                    Some(st) => row.extend(
                        [st.mean, st.ci95[0], st.ci95[1], st.p5, st.p95].map(|x| x.to_string()),
                    ),
                    None => row.extend(std::iter::repeat_n(String::new(), 5)),
                }
            }
            w.write_record(&row).map_err(csv_error)?;
        }
        finish(w)
    }
}

/// One row per value: the target metric (or total cost) and waiting, with CIs, in `lang`.
pub fn render(r: &SweepResults<'_>, lang: Lang) -> String {
    let focus = r.target.map_or("total_cost", |t| t.metric.as_str());
    let mut shown = vec![focus];
    for m in ["total_cost", "mean_waiting_youths"] {
        if !shown.contains(&m) {
            shown.push(m);
        }
    }
    let mut out = format!("{:>10}", lang.text("sweep.value"));
    for m in &shown {
        // Dutch readers get the metric's label; English keeps the name scripts use.
        let name = if lang == Lang::Nl { lang.label(m) } else { m };
        out.push_str(&format!(
            " {:>38}",
            lang.fill("sweep.column", &[("metric", &name)])
        ));
    }
    if r.target.is_some() {
        out.push_str(lang.text("sweep.target_met"));
    }
    out.push('\n');
    for (v, s) in r.values.iter().zip(&r.comparison.summaries) {
        out.push_str(&format!("{:>10}", lang.written(*v)));
        for m in &shown {
            let cell = s.metric(m).map_or("–".into(), |st| {
                format!(
                    "{} [{} – {}]",
                    lang.num(st.mean),
                    lang.num(st.ci95[0]),
                    lang.num(st.ci95[1])
                )
            });
            out.push_str(&format!(" {cell:>38}"));
        }
        if let Some(t) = r.target {
            out.push_str(&format!(
                "  {}",
                match t.met(s) {
                    Some(true) => lang.text("search.yes"),
                    Some(false) => lang.text("search.no"),
                    None => lang.text("sweep.unknown_metric"),
                }
            ));
        }
        out.push('\n');
    }
    if let Some(t) = r.target {
        out.push('\n');
        out.push_str(&match r.chosen() {
            Some(i) => lang.fill(
                "sweep.smallest",
                &[
                    ("path", &r.path),
                    ("target", &t.text()),
                    ("value", &lang.written(r.values[i])),
                ],
            ),
            None => lang.fill("sweep.none", &[("target", &t.text())]),
        });
        out.push('\n');
    }
    out
}
