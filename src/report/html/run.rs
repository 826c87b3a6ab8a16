//! The page of a run: the scenario at a glance, key outcomes with their uncertainty, and
//! the monthly and yearly charts, from `summary.json` and `monthly.csv`.

use super::charts::{Series, fan_chart, stacked_chart, whisker_chart};
use super::{escape, figures};
use crate::error::{Error, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

struct Monthly {
    months: Vec<String>,
    columns: Vec<String>,
    rows: Vec<Vec<f64>>,
}

impl Monthly {
    fn read(path: &Path) -> Result<Monthly> {
        let bytes = crate::report::read_plain_csv(path)?;
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
    let results = provider_results(&dir.join("providers.csv"));
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
{results}
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
        results = results,
    );
    let out = dir.join("report.html");
    crate::report::write_atomic(&out, html.as_bytes())?;
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
                (Some(b), Some(p)) => {
                    let p_over = metric("p_year_over_budget")["mean"].as_f64().unwrap_or(0.0);
                    let overrun = metric("expected_year_overrun")["mean"]
                        .as_f64()
                        .unwrap_or(0.0);
                    format!(
                        "Expected spend per reporting year. The region's budget is € {} in first-year prices, \
                         raised each year by the planned index; a year's spend stays \
                         below € {} in 95% of simulated years (yearly_cost_p95). A year exceeds the budget \
                         with probability {:.2} (p_year_over_budget), by € {} a year on average \
                         (expected_year_overrun).",
                        crate::report::table::fmt_num(b),
                        crate::report::table::fmt_num(p),
                        p_over,
                        crate::report::table::fmt_num(overrun)
                    )
                }
                (None, Some(p)) => format!(
                    "Expected spend per reporting year; a year's spend stays below € {} in 95% of simulated \
                     years (yearly_cost_p95).",
                    crate::report::table::fmt_num(p)
                ),
                _ => "Expected spend per reporting year.".to_string(),
            };
            let band = |m: &str| {
                let s = metric(m);
                Some((s["p5"].as_f64()?, s["p95"].as_f64()?))
            };
            let text = match (band("yearly_cost"), band("yearly_cost_chance_only")) {
                (Some(w), Some(c)) => format!(
                    "{text} With the scenario's world drivers (demand trend, indexation, trajectory \
                     length, drawn once per replication) a year's spend lies between € {} and € {} \
                     (P5–P95); from chance alone between € {} and € {}.",
                    crate::report::table::fmt_num(w.0),
                    crate::report::table::fmt_num(w.1),
                    crate::report::table::fmt_num(c.0),
                    crate::report::table::fmt_num(c.1)
                ),
                _ => text,
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
    use crate::report::table::fmt_num;
    let metric = |m: &str| summary["metrics"][m].clone();
    [
        ("total_cost", "Total cost (€)"),
        ("yearly_cost", "A year's cost (€)"),
        ("yearly_cost_chance_only", "A year's cost, chance only (€)"),
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
    use crate::report::table::fmt_num;
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

/// Providers shown in the results table: the largest by trajectories ended.
const RESULT_ROWS: usize = 20;

/// The results per provider (IJsselland's performance dialogue, `003:711-799`) from
/// `providers.csv`: goal attainment, dropout and re-entry, the largest providers first.
/// Empty when the file is absent or has no ended trajectories.
fn provider_results(path: &Path) -> String {
    let Ok(bytes) = crate::report::read_plain_csv(path) else {
        return String::new();
    };
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let Ok(header) = reader.headers().cloned() else {
        return String::new();
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(name), Some(subs), Some(ended), Some(goal), Some(drop), Some(back)) = (
        col("provider"),
        col("sub_segments"),
        col("trajectories_ended_mean"),
        col("goal_attainment"),
        col("dropout_share"),
        col("reentry_within_12m_share"),
    ) else {
        return String::new();
    };
    let number = |r: &csv::StringRecord, k: usize| r.get(k).and_then(|v| v.parse::<f64>().ok());
    let mut rows: Vec<(f64, String)> = reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| {
            let n = number(&r, ended)?;
            (n > 0.0).then(|| {
                let pct = |k| number(&r, k).map_or("–".into(), |x| format!("{:.1}%", 100.0 * x));
                let row = format!(
                    "<tr><td>{}</td><td>{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(r.get(name).unwrap_or("")),
                    escape(r.get(subs).unwrap_or("")),
                    n,
                    pct(goal),
                    pct(drop),
                    pct(back)
                );
                (n, row)
            })
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let shown = rows.len().min(RESULT_ROWS);
    let more = if rows.len() > shown {
        format!(
            " The {shown} largest of {} providers; all are in <code>providers.csv</code>.",
            rows.len()
        )
    } else {
        String::new()
    };
    let body: String = rows[..shown]
        .iter()
        .map(|(_, r)| r.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "<h2>Results per provider</h2>\n<p>Of the trajectories each provider ended: the share with the goal attained, the share by dropout, and its former clients referred again within 12 months per youth who left care. Client experience is not modelled (docs/modelling-choices.md).{more}</p>\n<table><tr><th>provider</th><th>sub-segments</th><th>trajectories ended (mean)</th><th>goal attainment</th><th>dropout</th><th>re-entry within 12 months</th></tr>\n{body}</table>"
    )
}
