//! `report.html`: one self-contained page (inline SVG charts drawn with plotters, no
//! scripts, no network) from the files jeugdsim wrote, for aldermen and councils. The
//! page of a run is in `run`, the chart kinds in `charts`; comparison, sweep and
//! sensitivity pages here.

mod charts;
mod run;

use crate::error::{Error, Result};
use charts::{lines_chart, sweep_chart, whisker_chart};
use serde_json::Value;
use std::path::{Path, PathBuf};

pub use run::run_report;

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

/// Writes `dir/report.html` for the results in `dir` (`jeugdsim report`), and lists it in
/// the folder's manifest.
pub fn report(dir: &Path) -> Result<PathBuf> {
    let file = write(dir)?;
    super::folder::add_to_manifest(dir, &file)?;
    Ok(file)
}

/// Writes `dir/report.html` for whatever jeugdsim wrote in `dir`: a comparison, a sweep, a
/// sensitivity analysis or a run.
pub fn write(dir: &Path) -> Result<PathBuf> {
    if dir.join("comparison.json").exists() {
        comparison_report(dir)
    } else if dir.join("sweep.json").exists() {
        sweep_report(dir)
    } else if dir.join("sensitivity.json").exists() {
        sensitivity_report(dir)
    } else if dir.join("optimise.json").exists() {
        optimise_report(dir)
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
    let mut metric = s["metric"].as_str().unwrap_or("").to_string();
    if let (Some(v), Some(b)) = (s["variant"].as_str(), s["baseline"].as_str()) {
        metric = format!("{metric} ({v} − {b})");
    }
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

fn optimise_report(dir: &Path) -> Result<PathBuf> {
    let o = read_json(&dir.join("optimise.json"))?;
    let metric = o["target"]["metric"].as_str().unwrap_or("").to_string();
    let expression = o["target"]["expression"].as_str().unwrap_or("").to_string();
    let quantile = o["target"]["quantile"].as_f64().unwrap_or(0.95);
    let threshold = super::sweep::Target::parse(&expression)
        .ok()
        .map(|t| t.threshold);
    // The frontier by total providers: for each total, the last candidate the search kept.
    let mut points: Vec<(f64, f64, f64, f64, f64)> = Vec::new();
    for p in o["frontier"].as_array().cloned().unwrap_or_default() {
        let n = p["total_providers"].as_f64().unwrap_or(0.0);
        let row = (
            n,
            p["target_quantile"].as_f64().unwrap_or(0.0),
            p["total_cost"]["mean"].as_f64().unwrap_or(0.0),
            p["total_cost"]["ci95"][0].as_f64().unwrap_or(0.0),
            p["total_cost"]["ci95"][1].as_f64().unwrap_or(0.0),
        );
        points.retain(|q| q.0 != n);
        points.push(row);
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let q: Vec<f64> = points.iter().map(|p| p.1).collect();
    let cost: Vec<f64> = points.iter().map(|p| p.2).collect();
    let (lo, hi): (Vec<f64>, Vec<f64>) = points.iter().map(|p| (p.3, p.4)).unzip();
    let chosen = o["solution_outcome"]["total_providers"].as_f64();
    let charts = vec![
        (
            sweep_chart(
                &format!("{metric}, {:.0}% quantile, against providers contracted", quantile * 100.0),
                &xs,
                &q,
                &q,
                &q,
                threshold,
                chosen,
            )?,
            format!(
                "The search from every sub-segment's minimum: each step adds the provider that moves the target most. The red line is the target {expression}, the green line the solution."
            ),
        ),
        (
            sweep_chart(
                "Total cost (€) against providers contracted",
                &xs,
                &cost,
                &lo,
                &hi,
                None,
                chosen,
            )?,
            "What the market costs along the same path: mean with its 95% CI, on the same children.".to_string(),
        ),
    ];
    page(
        dir,
        &format!("{} — optimise", o["scenario"].as_str().unwrap_or("")),
        &format!(
            "The smallest number of providers per sub-segment such that {expression} holds in {:.0}% of replications; {} candidates evaluated.",
            quantile * 100.0,
            o["evaluated"]
        ),
        &charts,
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
