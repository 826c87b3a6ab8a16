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
    Error::Output(format!("cannot draw a chart: {e}"))
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

type MonthChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A chart over the months (x: month index labelled `YYYY-MM`, y: 0 to `top`) with a
/// legend: `draw` adds the series. The frame every month chart shares.
fn month_chart(
    title: &str,
    y_label: &str,
    months: &[String],
    x_max: f64,
    top: f64,
    draw: impl FnOnce(&mut MonthChart<'_, '_>) -> Result<()>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..x_max, 0f64..top)
            .map_err(chart_error)?;
        let labels = months.to_vec();
        chart
            .configure_mesh()
            .y_desc(y_label)
            .x_labels(8)
            .x_label_formatter(&|x| labels.get(*x as usize).cloned().unwrap_or_default())
            .draw()
            .map_err(chart_error)?;
        draw(&mut chart)?;
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

/// A fan chart: the mean as a line, the P5–P95 band as a shaded polygon.
fn fan_chart(
    title: &str,
    y_label: &str,
    months: &[String],
    s: &Series,
    scale: f64,
) -> Result<String> {
    let n = s.mean.len().max(1) as f64;
    let top = s.p95.iter().cloned().fold(0.0, f64::max) / scale * 1.05 + 1e-9;
    month_chart(title, y_label, months, n - 1.0, top, |chart| {
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
        Ok(())
    })
}

/// Youths in care per segment, stacked.
fn stacked_chart(months: &[String], segs: &[(String, Vec<f64>)]) -> Result<String> {
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
    let title = "Youths in care per segment (mean, stacked)";
    month_chart(
        title,
        "youths",
        months,
        (n as f64 - 1.0).max(1.0),
        top,
        |chart| {
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
            Ok(())
        },
    )
}

/// Horizontal points with 95% CI whiskers, one row per label (variants, differences, or a
/// tornado with `bars`: a bar from 0 to the value under each whisker).
fn whisker_chart(title: &str, rows: &[(String, f64, f64, f64)], bars: bool) -> Result<String> {
    let mut svg = String::new();
    {
        let lo = rows
            .iter()
            .map(|r| r.2.min(r.1))
            .fold(if bars { 0.0 } else { f64::INFINITY }, f64::min);
        let hi = rows
            .iter()
            .map(|r| r.3.max(r.1))
            .fold(if bars { 0.0 } else { f64::NEG_INFINITY }, f64::max);
        let pad = ((hi - lo).abs() * 0.08).max(1e-9);
        let (x0, x1) = if lo.is_finite() && hi.is_finite() {
            (lo - pad, hi + pad)
        } else {
            (-1.0, 1.0)
        };
        let n = rows.len().max(1);
        let height = 90 + 38 * n as u32;
        let root = SVGBackend::with_string(&mut svg, (760, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(230)
            .build_cartesian_2d(x0..x1, -0.5f64..(n as f64 - 0.5))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| super::table::fmt_num(*x))
            .draw()
            .map_err(chart_error)?;
        for (i, (_, mean, l, h)) in rows.iter().enumerate() {
            let y = i as f64;
            if bars {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y - 0.3), (*mean, y + 0.3)],
                        PALETTE[if *mean < 0.0 { 3 } else { 0 }].mix(0.5).filled(),
                    )))
                    .map_err(chart_error)?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*l, y), (*h, y)],
                    BLACK.stroke_width(2),
                )))
                .map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (*mean, y),
                    4,
                    PALETTE[0].filled(),
                )))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// A metric against the swept value: mean with its 95% CI band, the target and the choice.
fn sweep_chart(
    title: &str,
    xs: &[f64],
    mean: &[f64],
    lo: &[f64],
    hi: &[f64],
    target: Option<f64>,
    chosen: Option<f64>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let (x0, x1) = (
            xs.first().copied().unwrap_or(0.0),
            xs.last().copied().unwrap_or(1.0),
        );
        let top = hi
            .iter()
            .cloned()
            .chain(target)
            .fold(f64::NEG_INFINITY, f64::max);
        let bottom = lo
            .iter()
            .cloned()
            .chain(target)
            .fold(f64::INFINITY, f64::min);
        let pad = ((top - bottom).abs() * 0.08).max(1e-9);
        let root = SVGBackend::with_string(&mut svg, (760, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1.max(x0 + 1e-9), (bottom - pad)..(top + pad))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .y_label_formatter(&|y| super::table::fmt_num(*y))
            .draw()
            .map_err(chart_error)?;
        let band: Vec<(f64, f64)> = xs
            .iter()
            .zip(hi)
            .map(|(x, y)| (*x, *y))
            .chain(xs.iter().zip(lo).rev().map(|(x, y)| (*x, *y)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.2))))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().zip(mean).map(|(x, y)| (*x, *y)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(chart_error)?;
        if let Some(t) = target {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x0, t), (x1, t)],
                    PALETTE[3].stroke_width(2),
                )))
                .map_err(chart_error)?;
        }
        if let Some(c) = chosen {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(c, bottom - pad), (c, top + pad)],
                    PALETTE[2].stroke_width(2),
                )))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// One line per variant over the months.
fn lines_chart(title: &str, months: &[String], lines: &[(String, Vec<f64>)]) -> Result<String> {
    let n = months.len().max(2);
    let top = lines
        .iter()
        .flat_map(|(_, v)| v.iter().cloned())
        .fold(0.0, f64::max)
        * 1.05
        + 1e-9;
    month_chart(title, "clients", months, n as f64 - 1.0, top, |chart| {
        for (k, (name, v)) in lines.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    v.iter().enumerate().map(|(i, y)| (i as f64, *y)),
                    color.stroke_width(2),
                ))
                .map_err(chart_error)?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 15, y)], color.stroke_width(2))
                });
        }
        Ok(())
    })
}

fn read_json(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text)
        .map_err(|e| Error::Results(format!("{}: not a jeugdsim result: {e}", path.display())))
}

/// Each chart (SVG) with its explanation as a figure.
fn figures(charts: &[(String, String)]) -> String {
    charts
        .iter()
        .map(|(svg, text)| {
            format!(
                "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
                escape(text)
            )
        })
        .collect()
}

/// A page around `charts` (SVG, explanation), with a heading and an introduction.
fn page(dir: &Path, title: &str, intro: &str, charts: &[(String, String)]) -> Result<PathBuf> {
    let figures = figures(charts);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>jeugdsim — {t}</title>\n<style>{STYLE}</style></head>\n<body>\n<h1>{t}</h1>\n<p>{intro}</p>\n{figures}</body></html>\n",
        t = escape(title),
        intro = escape(intro),
    );
    let out = dir.join("report.html");
    super::write_atomic(&out, html.as_bytes())?;
    Ok(out)
}

const STYLE: &str = "h1{overflow-wrap:anywhere}body{font-family:sans-serif;max-width:820px;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}td:first-child,th:first-child{text-align:left}figure{margin:2em 0}figcaption{color:#444}code{font-size:90%}";

/// Writes `dir/report.html` for whatever jeugdsim wrote in `dir`: a comparison, a sweep, a
/// sensitivity analysis or a run.
pub fn report(dir: &Path) -> Result<PathBuf> {
    if dir.join("comparison.json").exists() {
        comparison_report(dir)
    } else if dir.join("sweep.json").exists() {
        sweep_report(dir)
    } else if dir.join("sensitivity.json").exists() {
        sensitivity_report(dir)
    } else {
        run_report(dir)
    }
}

const COMPARED: &[(&str, &str)] = &[
    ("total_cost", "Total cost (€)"),
    ("mean_waiting_youths", "Youths waiting (average)"),
    ("forced_provider_changes", "Forced provider changes"),
    ("provider_result_total", "Providers' result (€)"),
    (
        "forced_changes_at_transition",
        "Forced changes at transition",
    ),
    ("dual_financing_cost", "Dual financing cost (€)"),
];

fn comparison_report(dir: &Path) -> Result<PathBuf> {
    let c = read_json(&dir.join("comparison.json"))?;
    let variants = c["variants"].as_array().cloned().unwrap_or_default();
    let baseline = c["baseline"].as_str().unwrap_or("").to_string();
    let mut charts = Vec::new();
    for (m, label) in COMPARED {
        let rows: Vec<(String, f64, f64, f64)> = variants
            .iter()
            .filter_map(|v| {
                let s = &v["metrics"][m];
                Some((
                    v["name"].as_str()?.to_string(),
                    s["mean"].as_f64()?,
                    s["ci95"][0].as_f64()?,
                    s["ci95"][1].as_f64()?,
                ))
            })
            .collect();
        if rows.iter().all(|r| r.1 == 0.0) {
            continue;
        }
        charts.push((
            whisker_chart(&format!("{label} per variant"), &rows, false)?,
            format!("{label}: each variant's mean (dot) with the 95% confidence interval of the mean (line)."),
        ));
        let diffs: Vec<(String, f64, f64, f64)> = c["differences"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|d| {
                let s = &d["metrics"][m];
                Some((
                    format!("{} − {baseline}", d["variant"].as_str()?),
                    s["mean"].as_f64()?,
                    s["ci95"][0].as_f64()?,
                    s["ci95"][1].as_f64()?,
                ))
            })
            .collect();
        if !diffs.is_empty() {
            charts.push((
                whisker_chart(&format!("{label}: paired difference from {baseline}"), &diffs, true)?,
                "The difference, replication by replication, on the same children (common random numbers). \
                 A line that does not cross 0 is a difference beyond simulation noise."
                    .to_string(),
            ));
        }
    }
    let lines: Vec<(String, Vec<f64>)> = variants
        .iter()
        .filter_map(|v| {
            let m: Vec<f64> = v["monthly_forced_changes"]
                .as_array()?
                .iter()
                .filter_map(|x| x.as_f64())
                .collect();
            Some((v["name"].as_str()?.to_string(), m))
        })
        .collect();
    if lines.iter().any(|(_, m)| m.iter().any(|&x| x > 0.0)) {
        let months: Vec<String> = variants[0]["months"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        charts.insert(
            0,
            (
                lines_chart("Forced changes per month, per variant (mean)", &months, &lines)?,
                "When clients of providers not contracted in the new model have to move, per variant: \
                 at go-live, when follow-on indications start, and at the transition end."
                    .to_string(),
            ),
        );
    }
    page(
        dir,
        &format!("{} — comparison", c["scenario"].as_str().unwrap_or("")),
        &format!(
            "{} replications per variant, seed {}, jeugdsim {}. Baseline: {baseline}.",
            c["replications"],
            c["seed"],
            c["version"].as_str().unwrap_or("")
        ),
        &charts,
    )
}

fn sweep_report(dir: &Path) -> Result<PathBuf> {
    let s = read_json(&dir.join("sweep.json"))?;
    let rows = s["rows"].as_array().cloned().unwrap_or_default();
    let path = s["set"].as_str().unwrap_or("").to_string();
    let target_expr = s["target"]["expression"].as_str().map(str::to_string);
    let target = target_expr
        .as_deref()
        .and_then(|t| super::sweep::Target::parse(t).ok());
    let chosen = s["target"]["chosen_value"].as_f64();
    let focus = target
        .as_ref()
        .map_or("total_cost".to_string(), |t| t.metric.clone());
    let xs: Vec<f64> = rows.iter().filter_map(|r| r["value"].as_f64()).collect();
    let col = |m: &str, f: &dyn Fn(&Value) -> Option<f64>| -> Vec<f64> {
        rows.iter()
            .map(|r| f(&r["metrics"][m]).unwrap_or(0.0))
            .collect()
    };
    let mut charts = Vec::new();
    for m in [focus.as_str(), "total_cost"] {
        if charts.len() == 1 && m == focus {
            continue;
        }
        let mean = col(m, &|s| s["mean"].as_f64());
        let lo = col(m, &|s| s["ci95"][0].as_f64());
        let hi = col(m, &|s| s["ci95"][1].as_f64());
        let is_focus = m == focus;
        charts.push((
            sweep_chart(
                &format!("{m} against {path}"),
                &xs,
                &mean,
                &lo,
                &hi,
                target.as_ref().filter(|_| is_focus).map(|t| t.threshold),
                chosen.filter(|_| is_focus),
            )?,
            if is_focus && target.is_some() {
                format!(
                    "The mean (line) with its 95% CI (band) for each value; the red line is the target {}, the green line the smallest value that meets it in 95% of replications.",
                    target_expr.clone().unwrap_or_default()
                )
            } else {
                "The mean (line) with its 95% confidence interval (band) for each value, on the same children.".to_string()
            },
        ));
    }
    page(
        dir,
        &format!("{} — sweep of {path}", s["scenario"].as_str().unwrap_or("")),
        "Every value runs on the same children (common random numbers).",
        &charts,
    )
}

fn sensitivity_report(dir: &Path) -> Result<PathBuf> {
    let s = read_json(&dir.join("sensitivity.json"))?;
    let metric = s["metric"].as_str().unwrap_or("").to_string();
    let rows: Vec<(String, f64, f64, f64)> = s["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|p| {
            let e = &p["effect"];
            Some((
                p["parameter"].as_str()?.to_string(),
                e["mean"].as_f64()?,
                e["ci95"][0].as_f64()?,
                e["ci95"][1].as_f64()?,
            ))
        })
        .collect();
    let charts = vec![(
        whisker_chart(&format!("Effect on {metric}, low → high (tornado)"), &rows, true)?,
        "Each bar is how much the metric moves when one assumption goes from its low to its high value, all else equal, on the same children; the line is its 95% CI. The longest bars are the assumptions the conclusion hangs on.".to_string(),
    )];
    page(
        dir,
        &format!("{} — sensitivity", s["scenario"].as_str().unwrap_or("")),
        "One-way sensitivity analysis of the scenario's uncertain parameters.",
        &charts,
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Writes `dir/report.html` from the `summary.json` and `monthly.csv` of a run.
pub fn run_report(dir: &Path) -> Result<PathBuf> {
    let summary_path = dir.join("summary.json");
    let text = std::fs::read_to_string(&summary_path).map_err(|source| Error::Read {
        path: summary_path.clone(),
        source,
    })?;
    let summary: Value = serde_json::from_str(&text).map_err(|e| {
        Error::Results(format!(
            "{}: not a jeugdsim summary: {e}",
            summary_path.display()
        ))
    })?;
    let monthly = Monthly::read(&dir.join("monthly.csv"))?;
    let get = |k: &str| summary[k].to_string().trim_matches('"').to_string();

    let charts = run_charts(&monthly, &summary)?;
    let rows = key_rows(&summary);
    let figures = figures(&charts);
    let (region, glance) = at_a_glance(&summary);
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
<h2>The scenario at a glance</h2>
<p>{region}</p>
<table><tr><th>segment / sub-segment</th><th>kind</th><th>providers (start – max)</th><th>financing</th></tr>
{glance}</table>
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
        region = escape(&region),
        glance = glance,
    );
    let out = dir.join("report.html");
    super::write_atomic(&out, html.as_bytes())?;
    Ok(out)
}

/// The charts of a run's report, each with its caption.
fn run_charts(monthly: &Monthly, summary: &Value) -> Result<Vec<(String, String)>> {
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
    if let Some(chart) = yearly_chart(monthly, summary)? {
        charts.push(chart);
    }
    if let Some(a) = monthly.series("share_ambulant") {
        charts.push((
            fan_chart("Share of youths in care who are in ambulant care", "share", &monthly.months, &a, 1.0)?,
            "The shift to ambulant care: the share of youths in care in ambulant sub-segments each \
             month (mean, and P5–P95 band)."
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

    Ok(charts)
}

/// Cost per reporting year, beside the budget, with the yearly P95 in the caption.
fn yearly_chart(monthly: &Monthly, summary: &Value) -> Result<Option<(String, String)>> {
    let metric = |m: &str| summary["metrics"][m].clone();
    if let Some(cost) = monthly.series("cost") {
        // A year's expected spend is the sum of its months' expected spend.
        let mut years: Vec<(String, f64, f64, f64)> = cost
            .mean
            .chunks(12)
            .enumerate()
            .filter(|(_, c)| c.len() == 12)
            .map(|(y, c)| {
                let label = monthly
                    .months
                    .get(y * 12)
                    .map_or(String::new(), |m| format!("from {m}"));
                let v: f64 = c.iter().sum();
                (label, v, v, v)
            })
            .collect();
        if !years.is_empty() {
            let budget = summary["budget_per_year"].as_f64();
            if let Some(b) = budget {
                years.push(("budget".to_string(), b, b, b));
            }
            let p95 = metric("yearly_cost_p95")["mean"].as_f64();
            let text = match (budget, p95) {
                (Some(b), Some(p)) => format!(
                    "Expected spend per reporting year. The region's budget is € {}; a year's spend stays \
                     below € {} in 95% of simulated years (yearly_cost_p95).",
                    super::table::fmt_num(b),
                    super::table::fmt_num(p)
                ),
                (None, Some(p)) => format!(
                    "Expected spend per reporting year; a year's spend stays below € {} in 95% of simulated \
                     years (yearly_cost_p95).",
                    super::table::fmt_num(p)
                ),
                _ => "Expected spend per reporting year.".to_string(),
            };
            return Ok(Some((
                whisker_chart("Cost per year (€, expected)", &years, true)?,
                text,
            )));
        }
    }
    Ok(None)
}

/// Rows of the key-outcome table: mean, CI of the mean and P5–P95.
fn key_rows(summary: &Value) -> String {
    use super::table::fmt_num;
    let metric = |m: &str| summary["metrics"][m].clone();
    [
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
    .collect()
}

/// The region in a sentence, and a table row per segment and sub-segment.
fn at_a_glance(summary: &Value) -> (String, String) {
    use super::table::fmt_num;
    let ov = &summary["overview"];
    let region = format!(
        "{} municipalities, {} youths aged 0–17{}{}.",
        ov["municipalities"],
        fmt_num(ov["youth_0_17"].as_f64().unwrap_or(0.0)),
        summary["budget_per_year"]
            .as_f64()
            .map_or(String::new(), |b| format!(
                ", a budget of € {} a year",
                fmt_num(b)
            )),
        ov["transition_end"]
            .as_str()
            .map_or(String::new(), |e| format!(", transition until {e}")),
    );
    let mut glance = String::new();
    for seg in ov["segments"].as_array().cloned().unwrap_or_default() {
        glance.push_str(&format!(
            "<tr><td><b>{}</b></td><td></td><td></td><td></td></tr>",
            escape(seg["name"].as_str().unwrap_or(""))
        ));
        for sub in seg["sub_segments"].as_array().cloned().unwrap_or_default() {
            let fin: Vec<String> = sub["financing"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter_map(|f| f.as_str().map(escape))
                .collect();
            glance.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{} – {}</td><td>{}</td></tr>",
                escape(sub["name"].as_str().unwrap_or("")),
                escape(sub["kind"].as_str().unwrap_or("")),
                sub["providers_at_start"],
                sub["providers_max"],
                fin.join(", ")
            ));
        }
    }
    (region, glance)
}
