//! `report.html`: one self-contained page (inline SVG charts drawn with plotters, no
//! scripts, no network) from the files `run` wrote, for aldermen and councils.

use crate::error::{Error, Result};
use plotters::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One monthly series from `monthly.csv`: mean, P5 and P95 per month.
struct Series {
    mean: Vec<f64>,
    p5: Vec<f64>,
    p95: Vec<f64>,
}

struct Monthly {
    months: Vec<String>,
    columns: Vec<String>,
    rows: Vec<Vec<f64>>,
}

impl Monthly {
    fn read(path: &Path) -> Result<Monthly> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let bad = |m: String| Error::Usage(format!("{}: {m}", path.display()));
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

    fn series(&self, name: &str) -> Option<Series> {
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
    fn segments(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter_map(|c| c.strip_prefix("in_care_")?.strip_suffix("_mean"))
            .filter(|s| *s != "mean" && !s.is_empty())
            .map(str::to_string)
            .collect()
    }
}

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Usage(format!("cannot draw a chart: {e}"))
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// A fan chart: the mean as a line, the P5–P95 band as a shaded polygon.
fn fan_chart(
    title: &str,
    y_label: &str,
    months: &[String],
    s: &Series,
    scale: f64,
) -> Result<String> {
    let mut svg = String::new();
    {
        let n = s.mean.len().max(1) as f64;
        let top = s.p95.iter().cloned().fold(0.0, f64::max) / scale * 1.05 + 1e-9;
        let root = SVGBackend::with_string(&mut svg, (760, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..n - 1.0, 0f64..top)
            .map_err(chart_error)?;
        let labels = months.to_vec();
        chart
            .configure_mesh()
            .y_desc(y_label)
            .x_labels(8)
            .x_label_formatter(&|x| labels.get(*x as usize).cloned().unwrap_or_default())
            .draw()
            .map_err(chart_error)?;
        let band: Vec<(f64, f64)> = s
            .p95
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, v / scale))
            .chain(
                s.p5.iter()
                    .enumerate()
                    .rev()
                    .map(|(i, v)| (i as f64, v / scale)),
            )
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.2))))
            .map_err(chart_error)?
            .label("P5–P95 of replications")
            .legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 15, y + 5)], PALETTE[0].mix(0.2).filled())
            });
        chart
            .draw_series(LineSeries::new(
                s.mean
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64, v / scale)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(chart_error)?
            .label("mean")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 15, y)], PALETTE[0].stroke_width(2)));
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// Youths in care per segment, stacked.
fn stacked_chart(months: &[String], segs: &[(String, Vec<f64>)]) -> Result<String> {
    let mut svg = String::new();
    {
        let n = months.len().max(1);
        let mut cum = vec![vec![0.0; n]; segs.len() + 1];
        for (k, (_, v)) in segs.iter().enumerate() {
            let below = cum[k].clone();
            for (i, (c, b)) in cum[k + 1].iter_mut().zip(below).enumerate() {
                *c = b + v.get(i).copied().unwrap_or(0.0);
            }
        }
        let top = cum
            .last()
            .map_or(1.0, |c| c.iter().cloned().fold(0.0, f64::max))
            * 1.05
            + 1e-9;
        let root = SVGBackend::with_string(&mut svg, (760, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                "Youths in care per segment (mean, stacked)",
                ("sans-serif", 18),
            )
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..(n as f64 - 1.0).max(1.0), 0f64..top)
            .map_err(chart_error)?;
        let labels = months.to_vec();
        chart
            .configure_mesh()
            .y_desc("youths")
            .x_labels(8)
            .x_label_formatter(&|x| labels.get(*x as usize).cloned().unwrap_or_default())
            .draw()
            .map_err(chart_error)?;
        for (k, (name, _)) in segs.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            let poly: Vec<(f64, f64)> = (0..n)
                .map(|i| (i as f64, cum[k + 1][i]))
                .chain((0..n).rev().map(|i| (i as f64, cum[k][i])))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(poly, color.mix(0.5))))
                .map_err(chart_error)?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 15, y + 5)], color.mix(0.5).filled())
                });
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes `dir/report.html` from the `summary.json` and `monthly.csv` of a run.
pub fn run_report(dir: &Path) -> Result<PathBuf> {
    use super::table::fmt_num;
    let summary_path = dir.join("summary.json");
    let text = std::fs::read_to_string(&summary_path).map_err(|source| Error::Read {
        path: summary_path.clone(),
        source,
    })?;
    let summary: Value = serde_json::from_str(&text).map_err(|e| {
        Error::Usage(format!(
            "{}: not a jeugdsim summary: {e}",
            summary_path.display()
        ))
    })?;
    let monthly = Monthly::read(&dir.join("monthly.csv"))?;
    let get = |k: &str| summary[k].to_string().trim_matches('"').to_string();
    let metric = |m: &str| summary["metrics"][m].clone();

    let mut charts: Vec<(String, String)> = Vec::new();
    if let Some(cost) = monthly.series("cost") {
        charts.push((
            fan_chart("Cost per month (€ thousand)", "€ thousand", &monthly.months, &cost, 1000.0)?,
            "What the municipalities pay providers each month. The line is the expected cost; the \
             shaded band is where 90% of the simulated futures fall (P5–P95): the budget risk. It does \
             not narrow with more replications — it is the real spread, not simulation noise."
                .into(),
        ));
    }
    let segs: Vec<(String, Vec<f64>)> = monthly
        .segments()
        .into_iter()
        .filter_map(|s| monthly.series(&format!("in_care_{s}")).map(|v| (s, v.mean)))
        .collect();
    if !segs.is_empty() {
        charts.push((
            stacked_chart(&monthly.months, &segs)?,
            "How many youths are in care at a time, per segment, on average over the replications. \
             A growing ambulant layer and a shrinking residential one is the shift to ambulant care."
                .into(),
        ));
    }
    if let Some(w) = monthly.series("waiting") {
        charts.push((
            fan_chart("Youths waiting for a place", "youths", &monthly.months, &w, 1.0)?,
            "Youths waiting for a place — new referrals without care, and youths in care waiting to \
             move. The band shows how high waiting can run in a bad stretch; long waits raise the \
             chance of escalation and crisis in the model."
                .into(),
        ));
    }
    if let Some(f) = monthly.series("forced_changes")
        && f.mean.iter().any(|&x| x > 0.0)
    {
        charts.push((
            fan_chart("Forced changes of provider under the transition rules", "clients", &monthly.months, &f, 1.0)?,
            "Clients of providers not contracted in the new model who had to move, per month. Peaks sit \
             at go-live and at the transition end."
                .into(),
        ));
    }

    let rows: String = [
        ("total_cost", "Total cost (€)"),
        ("yearly_cost_p95", "A year's cost, 95th percentile (€)"),
        ("youths_in_care", "Youths in care (distinct)"),
        ("share_ambulant", "Share ambulant"),
        ("mean_waiting_youths", "Youths waiting (average)"),
        ("forced_provider_changes", "Forced provider changes"),
        ("to_adult_care_at_18", "To adult care at 18"),
    ]
    .iter()
    .filter(|(m, _)| metric(m).is_object())
    .map(|(m, label)| {
        let v = metric(m);
        let f = |x: &Value| fmt_num(x.as_f64().unwrap_or(0.0));
        format!(
            "<tr><td>{label}</td><td>{}</td><td>{} – {}</td><td>{} – {}</td></tr>",
            f(&v["mean"]),
            f(&v["ci95"][0]),
            f(&v["ci95"][1]),
            f(&v["p5"]),
            f(&v["p95"])
        )
    })
    .collect();
    let figures: String = charts
        .iter()
        .map(|(svg, text)| {
            format!(
                "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
                escape(text)
            )
        })
        .collect();
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>jeugdsim — {name}</title>
<style>body{{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}}
table{{border-collapse:collapse}}td,th{{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}}
td:first-child,th:first-child{{text-align:left}}figure{{margin:2em 0}}figcaption{{color:#444}}
code{{font-size:90%}}</style></head>
<body>
<h1>{name}</h1>
<p>Scenario <code>{file}</code>, {reps} replications of {horizon} months from {start}, seed {seed},
scenario SHA-256 <code>{sha}</code>, jeugdsim {version}.</p>
<h2>Key outcomes</h2>
<table><tr><th>outcome</th><th>mean</th><th>95% CI of the mean</th><th>P5 – P95</th></tr>
{rows}</table>
<p>The mean is the expected outcome; its confidence interval shows how precisely the
simulation pins it down. P5–P95 is the spread between simulated futures.</p>
{figures}
</body></html>
"#,
        name = escape(&get("scenario")),
        file = escape(&get("scenario_file")),
        reps = get("replications"),
        horizon = get("horizon_months"),
        start = escape(&get("start")),
        seed = get("seed"),
        sha = escape(&get("scenario_sha256")),
        version = escape(&get("version")),
    );
    let out = dir.join("report.html");
    super::write_atomic(&out, html.as_bytes())?;
    Ok(out)
}
