//! `monthly.csv`: per month, the mean, P5 and P95 of each monthly series (cost, youths in
//! care in all and per segment, waiting, forced changes, share ambulant, concentration).

use crate::error::{Error, Result};
use crate::metrics::Summary;
use std::path::Path;

/// The monthly table: a row per month, a column per series and statistic.
#[derive(Debug, Clone, PartialEq)]
pub struct Monthly {
    pub months: Vec<String>,
    /// `month`, then `<series>_mean`, `<series>_p5`, `<series>_p95` per series.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<f64>>,
}

/// One monthly series: mean, P5 and P95 per month.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub mean: Vec<f64>,
    pub p5: Vec<f64>,
    pub p95: Vec<f64>,
}

/// The statistics each series has a column for, in order.
pub const STATS: [&str; 3] = ["mean", "p5", "p95"];

impl Monthly {
    /// The table of `summary`.
    pub fn new(s: &Summary) -> Monthly {
        let mut columns = vec!["month".to_string()];
        for name in &s.series {
            for stat in STATS {
                columns.push(format!("{name}_{stat}"));
            }
        }
        let k = s.series.len();
        let rows = (0..s.month_labels.len())
            .map(|m| {
                s.monthly[m * k..(m + 1) * k]
                    .iter()
                    .flat_map(|st| [st.mean, st.p5, st.p95])
                    .collect()
            })
            .collect();
        Monthly {
            months: s.month_labels.clone(),
            columns,
            rows,
        }
    }

    /// Reads `monthly.csv` (either CSV style).
    pub fn read(path: &Path) -> Result<Monthly> {
        let bytes = super::read_plain_csv(path)?;
        let bad = |m: String| Error::Results(format!("{}: {m}", path.display()));
        let mut r = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
        let columns: Vec<String> = r
            .headers()
            .map_err(|e| bad(e.to_string()))?
            .iter()
            .map(str::to_string)
            .collect();
        let (mut months, mut rows) = (Vec::new(), Vec::new());
        for rec in r.records() {
            let rec = rec.map_err(|e| bad(e.to_string()))?;
            months.push(rec.get(0).unwrap_or("").to_string());
            rows.push(
                rec.iter()
                    .skip(1)
                    .map(|f| {
                        f.parse::<f64>()
                            .map_err(|_| bad(format!("`{f}` is not a number")))
                    })
                    .collect::<Result<Vec<f64>>>()?,
            );
        }
        Ok(Monthly {
            months,
            columns,
            rows,
        })
    }

    /// The series `name`, when the table has it.
    pub fn series(&self, name: &str) -> Option<Series> {
        let col = |stat: &str| {
            let i = self
                .columns
                .iter()
                .position(|c| *c == format!("{name}_{stat}"))?
                - 1;
            Some(self.rows.iter().map(|r| r[i]).collect::<Vec<f64>>())
        };
        Some(Series {
            mean: col("mean")?,
            p5: col("p5")?,
            p95: col("p95")?,
        })
    }

    /// Names of the `in_care_<segment>` series.
    pub fn segments(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter_map(|c| c.strip_prefix("in_care_")?.strip_suffix("_mean"))
            .filter(|s| *s != "mean" && !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}
