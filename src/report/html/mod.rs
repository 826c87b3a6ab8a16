//! `report.html`: one self-contained page (inline SVG charts drawn with plotters, no
//! scripts, no network) from the files jeugdsim wrote, for aldermen and councils. The
//! page of a run is in `run`, the chart kinds in `charts`; comparison, sweep and
//! sensitivity pages here.

mod charts;
mod comparison;
mod run;

use crate::error::{Error, Result};
use crate::report::lang::Lang;
use charts::{Better, Row, Unit, Whiskers, sweep_chart, whisker_chart};
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

/// A page: heading, an introduction (HTML) and the body (HTML), in `lang`.
fn page(dir: &Path, lang: Lang, title: &str, intro: &str, body: &str) -> Result<PathBuf> {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>jeugdsim — {t}</title>\n<style>{STYLE}</style></head>\n<body>\n<h1>{t}</h1>\n<p>{intro}</p>\n{body}</body></html>\n",
        code = lang.code(),
        t = escape(title),
    );
    let out = dir.join("report.html");
    super::write_atomic(&out, html.as_bytes())?;
    Ok(out)
}

const STYLE: &str = "h1{overflow-wrap:anywhere}body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right;vertical-align:top}td:first-child,th:first-child,.text{text-align:left}td:first-child{min-width:11em}td small{color:#555;white-space:nowrap}figure{margin:2em 0}figcaption{color:#444}code{font-size:90%}.answer{font-size:1.15em;background:#f4f7fb;border-left:4px solid #1f77b4;padding:.6em 1em}.legend{font-size:14px;margin:.2em 0 .6em 0}.legend .key{margin-right:1.4em;white-space:nowrap}.better{color:#2ca02c}.worse{color:#d62728}";

/// Writes `dir/report.html` for the results in `dir` (`jeugdsim report`), and lists it in
/// the folder's manifest.
pub fn report(dir: &Path, lang: Lang) -> Result<PathBuf> {
    // Only into a folder jeugdsim wrote, and holding nothing else: an own `report.html`
    // of the user's is never overwritten.
    let manifest = super::folder::read_results(dir)?;
    let file = write(dir, lang)?;
    super::folder::add_to_manifest(dir, manifest, &file)?;
    Ok(file)
}

/// Writes `dir/report.html` for whatever jeugdsim wrote in `dir`: a comparison, a sweep, a
/// sensitivity analysis or a run.
pub fn write(dir: &Path, lang: Lang) -> Result<PathBuf> {
    if dir.join("comparison.json").exists() {
        comparison::comparison_report(dir, lang)
    } else if dir.join("sweep.json").exists() {
        sweep_report(dir, lang)
    } else if dir.join("sensitivity.json").exists() {
        sensitivity_report(dir, lang)
    } else if dir.join("optimise.json").exists() {
        optimise_report(dir, lang)
    } else {
        run_report(dir, lang)
    }
}

/// Unit and direction of a metric for charts: € or a share or a count; lower or higher
/// better (or neither).
fn metric_kind(metric: &str) -> (Unit, Better) {
    let unit = Unit::of(metric);
    let better = match metric {
        "provider_result_total" | "provider_result" => Better::Neither,
        "share_ambulant" | "goal_attainment" | "step_downs" | "youths_in_care" => Better::Higher,
        m if m.starts_with("mean_in_care") || m.starts_with("youth_months") => Better::Neither,
        _ => Better::Lower,
    };
    (unit, better)
}

/// A readable name for a path of the scenario: `providers.count — IAJ / behandeling`.
fn readable_path(path: &str) -> String {
    let names: Vec<&str> = path
        .split('[')
        .skip(1)
        .filter_map(|p| p.split(']').next())
        .filter(|n| n.parse::<usize>().is_err() && *n != "*")
        .collect();
    let field: String = path
        .rsplit(']')
        .next()
        .unwrap_or(path)
        .trim_start_matches('.')
        .to_string();
    let field = if field.is_empty() {
        path.to_string()
    } else {
        field.replace('_', " ")
    };
    if names.is_empty() {
        field
    } else {
        format!("{field} — {}", names.join(" / "))
    }
}

fn sweep_report(dir: &Path, lang: Lang) -> Result<PathBuf> {
    let s = read_json(&dir.join("sweep.json"))?;
    let rows = s["rows"].as_array().cloned().unwrap_or_default();
    let path = s["set"].as_str().unwrap_or("").to_string();
    let target_expr = s["target"]["expression"].as_str().map(str::to_string);
    let target = target_expr
        .as_deref()
        .and_then(|t| crate::metrics::target::Target::parse(t).ok());
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
    let swept = readable_path(&path);
    let mut charts = Vec::new();
    for m in [focus.as_str(), "total_cost"] {
        if charts.len() == 1 && m == focus {
            continue;
        }
        let mean = col(m, &|s| s["mean"].as_f64());
        let lo = col(m, &|s| s["ci95"][0].as_f64());
        let hi = col(m, &|s| s["ci95"][1].as_f64());
        let is_focus = m == focus;
        let label = lang.label(m);
        let title = match lang {
            Lang::En => format!("{label} against {swept}"),
            Lang::Nl => format!("{label} tegen {swept}"),
        };
        charts.push((
            sweep_chart(
                &title,
                &swept,
                &xs,
                &mean,
                &lo,
                &hi,
                target.as_ref().filter(|_| is_focus).map(|t| t.threshold),
                chosen.filter(|_| is_focus),
                metric_kind(m).0,
                lang,
            )?,
            match (lang, is_focus && target.is_some()) {
                (Lang::En, true) => format!(
                    "The mean (line) with its 95% CI (band) for each value; the dashed line is the target {}, the green line the smallest value that meets it in 95% of replications.",
                    target_expr.clone().unwrap_or_default()
                ),
                (Lang::Nl, true) => format!(
                    "Het gemiddelde (lijn) met het 95%-BI (band) per waarde; de gestreepte lijn is het doel {}, de groene lijn de kleinste waarde die het in 95% van de replicaties haalt.",
                    target_expr.clone().unwrap_or_default()
                ),
                (Lang::En, false) => "The mean (line) with its 95% confidence interval (band) for each value, on the same children.".to_string(),
                (Lang::Nl, false) => "Het gemiddelde (lijn) met het 95%-betrouwbaarheidsinterval (band) per waarde, voor dezelfde kinderen.".to_string(),
            },
        ));
    }
    page(
        dir,
        lang,
        &format!("{} — sweep: {swept}", s["scenario"].as_str().unwrap_or("")),
        &escape(&format!(
            "{path}. {}",
            match lang {
                Lang::En => "Every value runs on the same children (common random numbers).",
                Lang::Nl =>
                    "Elke waarde draait op dezelfde kinderen (gemeenschappelijke toevalsgetallen).",
            }
        )),
        &figures(&charts),
    )
}

fn sensitivity_report(dir: &Path, lang: Lang) -> Result<PathBuf> {
    let s = read_json(&dir.join("sensitivity.json"))?;
    let metric_name = s["metric"].as_str().unwrap_or("").to_string();
    let mut metric = lang.label(&metric_name).to_string();
    if let (Some(v), Some(b)) = (s["variant"].as_str(), s["baseline"].as_str()) {
        metric = format!("{metric} ({v} − {b})");
    }
    // Ranked by size already: the largest effect first, drawn on top.
    let rows: Vec<Row> = s["parameters"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|p| {
            let e = &p["effect"];
            Some(Row {
                label: p["parameter"].as_str().map(readable_path)?,
                mean: e["mean"].as_f64()?,
                lo: e["ci95"][0].as_f64()?,
                hi: e["ci95"][1].as_f64()?,
            })
        })
        .collect();
    let (unit, better) = metric_kind(&metric_name);
    let title = match lang {
        Lang::En => format!("Effect on {metric}, low → high (tornado)"),
        Lang::Nl => format!("Effect op {metric}, laag → hoog (tornado)"),
    };
    let x_desc = match lang {
        Lang::En => "change when the assumption goes from low to high",
        Lang::Nl => "verandering als de aanname van laag naar hoog gaat",
    };
    let chart = whisker_chart(
        &Whiskers {
            title: &title,
            x_desc,
            unit,
            differences: true,
            better,
            lang,
        },
        &rows,
    )?;
    let caption = match lang {
        Lang::En => {
            "Each bar is how much the metric moves when one assumption goes from its low to its high value, all else equal, on the same children; the line is its 95% CI. The longest bars, on top, are the assumptions the conclusion hangs on."
        }
        Lang::Nl => {
            "Elke balk is hoeveel de uitkomst verschuift als één aanname van laag naar hoog gaat, de rest gelijk, voor dezelfde kinderen; de lijn is het 95%-BI. De langste balken, bovenaan, zijn de aannames waar de conclusie op rust."
        }
    };
    page(
        dir,
        lang,
        &format!(
            "{} — {}",
            s["scenario"].as_str().unwrap_or(""),
            match lang {
                Lang::En => "sensitivity",
                Lang::Nl => "gevoeligheid",
            }
        ),
        match lang {
            Lang::En => "One-way sensitivity analysis of the scenario's uncertain parameters.",
            Lang::Nl => {
                "Eenzijdige gevoeligheidsanalyse van de onzekere parameters van het scenario."
            }
        },
        &figures(&[(chart, caption.to_string())]),
    )
}

fn optimise_report(dir: &Path, lang: Lang) -> Result<PathBuf> {
    let o = read_json(&dir.join("optimise.json"))?;
    let metric = o["target"]["metric"].as_str().unwrap_or("").to_string();
    let expression = o["target"]["expression"].as_str().unwrap_or("").to_string();
    let quantile = o["target"]["quantile"].as_f64().unwrap_or(0.95);
    let threshold = crate::metrics::target::Target::parse(&expression)
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
    let providers = match lang {
        Lang::En => "providers contracted (all sub-segments)",
        Lang::Nl => "gecontracteerde aanbieders (alle subsegmenten)",
    };
    let charts = vec![
        (
            sweep_chart(
                &format!("{}, {:.0}% {}", lang.label(&metric), quantile * 100.0, match lang { Lang::En => "quantile", Lang::Nl => "kwantiel" }),
                providers,
                &xs,
                &q,
                &q,
                &q,
                threshold,
                chosen,
                metric_kind(&metric).0,
                lang,
            )?,
            format!(
                "The search from every sub-segment's minimum: each step adds the provider that moves the target most. The dashed line is the target {expression}, the green line the solution."
            ),
        ),
        (
            sweep_chart(
                lang.label("total_cost"),
                providers,
                &xs,
                &cost,
                &lo,
                &hi,
                None,
                chosen,
                Unit::Money,
                lang,
            )?,
            "What the market costs along the same path: mean with its 95% CI, on the same children.".to_string(),
        ),
    ];
    page(
        dir,
        lang,
        &format!("{} — optimise", o["scenario"].as_str().unwrap_or("")),
        &escape(&format!(
            "The smallest number of providers per sub-segment such that {expression} holds in {:.0}% of replications; {} candidates evaluated.",
            quantile * 100.0,
            o["evaluated"]
        )),
        &figures(&charts),
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
