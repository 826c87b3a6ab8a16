//! The page of a run: the scenario at a glance, key outcomes with their uncertainty, and
//! the monthly and yearly charts, from `summary.json` and `monthly.csv`.

use super::charts::{Unit, fan_chart, stacked_chart};
use super::{escape, figures, finite};
use crate::error::Result;
use crate::report::lang::Lang;
use crate::results::monthly::Monthly;
use crate::results::providers::ProviderRow;
use crate::results::summary::SummaryFile;

/// The page of a run: its `summary.json`, `monthly.csv` and `providers.csv`.
pub(super) fn run_page(
    summary: &SummaryFile,
    monthly: &Monthly,
    providers: &[(String, ProviderRow)],
    lang: Lang,
) -> Result<(String, String, String)> {
    let charts = run_charts(monthly, summary, lang)?;
    let rows = key_rows(summary, lang);
    let (region, glance) = at_a_glance(summary, lang);
    let results = provider_results(providers, lang);
    let h = &summary.head;
    let (glance_head, key_head, key_note) = (
        lang.text("run.segment_sub_segment_kind_providers"),
        lang.text("run.outcome_mean_95_ci_of"),
        lang.text("run.the_mean_is_the_expected"),
    );
    let (reps, months, hash) = (
        lang.text("run.replications_of"),
        lang.text("run.months_from"),
        lang.text("run.scenario_sha_256"),
    );
    let intro = format!(
        "Scenario <code>{}</code>, {} {reps} {} {months} {}, seed {}, {hash} <code>{}</code>, jeugdsim {}.",
        escape(&h.scenario_file),
        h.replications,
        h.horizon_months,
        escape(&h.start),
        h.seed,
        escape(&h.scenario_sha256),
        escape(&h.version),
    );
    let body = format!(
        "{budget}<h2>{glance_title}</h2>\n<p>{region}</p>\n<table>{glance_head}\n{glance}</table>\n<h2>{key_title}</h2>\n<table>{key_head}\n{rows}</table>\n<p>{key_note}</p>\n{figures}\n{results}",
        budget = budget_view(summary, lang),
        glance_title = lang.text("run.the_scenario_at_a_glance"),
        region = escape(&region),
        key_title = lang.text("run.key_outcomes"),
        figures = figures(&charts),
    );
    Ok((h.scenario.clone(), intro, body))
}

/// The budget view first: P(a year over budget) and the expected overrun, in a sentence.
fn budget_view(summary: &SummaryFile, lang: Lang) -> String {
    let mean = |m: &str| summary.metric(m).and_then(|s| finite(s.mean));
    let (Some(budget), Some(p), Some(overrun)) = (
        summary.head.budget_per_year.and_then(finite),
        mean("p_year_over_budget"),
        mean("expected_year_overrun"),
    ) else {
        return String::new();
    };
    let yearly = summary.metric("yearly_cost");
    let band = (
        yearly.and_then(|s| finite(s.p5)).unwrap_or(0.0),
        yearly.and_then(|s| finite(s.p95)).unwrap_or(0.0),
    );
    let text = crate::report::table::budget_text(lang, Some(budget), p, overrun, band);
    format!(
        "<h2>{}</h2>\n<p class=\"answer\">{}</p>\n",
        lang.text("run.budget"),
        escape(&text)
    )
}

/// The charts of a run's report, each with its caption.
fn run_charts(
    monthly: &Monthly,
    summary: &SummaryFile,
    lang: Lang,
) -> Result<Vec<(String, String)>> {
    let mut charts: Vec<(String, String)> = Vec::new();
    if let Some(chart) = yearly_chart(summary, lang)? {
        charts.push(chart);
    }
    if let Some(cost) = monthly.series("cost") {
        charts.push((
            fan_chart(
                lang.text("run.cost_per_month"),
                lang.text("run.spend_a_month"),
                &monthly.months,
                &cost,
                Unit::Money,
                lang,
                None,
            )?,
            lang.text("run.what_the_municipalities_pay_providers")
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
            stacked_chart(
                lang.text("run.youths_in_care_per_segment"),
                lang.text("run.youths_in_care"),
                &monthly.months,
                &segs,
                lang,
            )?,
            lang.text("run.how_many_youths_are_in").into(),
        ));
    }
    if let Some(a) = monthly.series("share_ambulant") {
        charts.push((
            fan_chart(
                lang.text("run.share_of_youths_in_care"),
                lang.text("run.share_ambulant"),
                &monthly.months,
                &a,
                Unit::Share,
                lang,
                None,
            )?,
            lang.text("run.the_shift_to_ambulant_care").into(),
        ));
    }
    if let Some(w) = monthly.series("waiting") {
        charts.push((
            fan_chart(
                lang.text("run.youths_waiting_for_a_place"),
                lang.text("run.youths_waiting"),
                &monthly.months,
                &w,
                Unit::Count,
                lang,
                None,
            )?,
            lang.text("run.youths_waiting_for_a_place_2").into(),
        ));
    }
    if let Some(f) = monthly.series("forced_changes")
        && f.mean.iter().any(|&x| x > 0.0)
    {
        charts.push((
            fan_chart(
                lang.text("run.forced_changes_of_provider_under"),
                lang.text("run.clients_a_month"),
                &monthly.months,
                &f,
                Unit::Count,
                lang,
                None,
            )?,
            lang.text("run.clients_of_providers_not_contracted").into(),
        ));
    }
    Ok(charts)
}

/// Cost per reporting year (mean with P5–P95) against the budget line of each year.
fn yearly_chart(summary: &SummaryFile, lang: Lang) -> Result<Option<(String, String)>> {
    let by_year = &summary.yearly_cost_by_year;
    let stats: Vec<(f64, f64, f64)> = by_year
        .iter()
        .filter_map(|y| {
            Some((
                finite(y.stat.mean)?,
                finite(y.stat.p5)?,
                finite(y.stat.p95)?,
            ))
        })
        .collect();
    if stats.is_empty() {
        return Ok(None);
    }
    let years: Vec<String> = by_year.iter().map(|y| y.from.clone()).collect();
    let budget: Vec<f64> = summary
        .head
        .budget_by_year
        .iter()
        .flatten()
        .copied()
        .filter_map(finite)
        .collect();
    let p95 = summary
        .metric("yearly_cost_p95")
        .and_then(|s| finite(s.mean));
    let mut text = lang
        .text("run.expected_spend_per_reporting_year")
        .to_string();
    if !budget.is_empty() {
        text.push_str(lang.text("run.the_dashed_line_is_the"));
    }
    if let Some(p) = p95 {
        text.push_str(&lang.fill("run.a_year_s_spend_stays", &[("money", &lang.money(p))]));
    }
    let band = |m: &str| {
        let s = summary.metric(m)?;
        Some((finite(s.p5)?, finite(s.p95)?))
    };
    if let (Some(w), Some(c)) = (band("yearly_cost"), band("yearly_cost_chance_only")) {
        text.push_str(&lang.fill(
            "run.with_the_scenario_s_world",
            &[
                ("money", &lang.money(w.0)),
                ("money1", &lang.money(w.1)),
                ("money2", &lang.money(c.0)),
                ("money3", &lang.money(c.1)),
            ],
        ));
    }
    let name = summary.head.scenario.clone();
    let title = lang.text("run.cost_per_year_against_the");
    Ok(Some((
        super::charts::yearly_chart(title, &years, &[(name, stats)], &budget, lang)?,
        text,
    )))
}

/// Rows of the key-outcome table: mean, CI of the mean and P5–P95.
fn key_rows(summary: &SummaryFile, lang: Lang) -> String {
    [
        "total_cost",
        "yearly_cost",
        "yearly_cost_chance_only",
        "yearly_cost_p95",
        "p_year_over_budget",
        "expected_year_overrun",
        "youths_in_care",
        "share_ambulant",
        "mean_waiting_youths",
        "forced_provider_changes",
        "to_adult_care_at_18",
    ]
    .iter()
    .filter_map(|m| Some((m, summary.metric(m)?)))
    .map(|(m, v)| {
        let unit = super::metric_kind(m).0;
        let f = |x: f64| unit.format(finite(x).unwrap_or(0.0), lang);
        let label = match m.strip_suffix("_chance_only") {
            Some(base) => format!("{}, {}", lang.label(base), lang.label("chance_only")),
            None => lang.label(m).to_string(),
        };
        format!(
            "<tr><td>{label}</td><td>{}</td><td>{} – {}</td><td>{} – {}</td></tr>",
            f(v.mean),
            f(v.ci95[0]),
            f(v.ci95[1]),
            f(v.p5),
            f(v.p95)
        )
    })
    .collect()
}

/// The region in a sentence, and a table row per segment and sub-segment.
fn at_a_glance(summary: &SummaryFile, lang: Lang) -> (String, String) {
    let ov = &summary.head.overview;
    let youths = lang.num(finite(ov.youth_0_17).unwrap_or(0.0));
    let budget = summary.head.budget_per_year.and_then(finite);
    let end = ov.transition_end.as_deref();
    let region = lang.fill(
        "run.municipalities_youths_aged_0_17",
        &[
            ("municipalities", &ov.municipalities),
            ("youths", &youths),
            (
                "money",
                &budget.map_or(String::new(), |b| {
                    format!(", a budget of {} a year", lang.money(b))
                }),
            ),
            (
                "map_or",
                &end.map_or(String::new(), |e| format!(", transition until {e}")),
            ),
            (
                "money1",
                &budget.map_or(String::new(), |b| {
                    format!(", een budget van {} per jaar", lang.money(b))
                }),
            ),
            (
                "map_or1",
                &end.map_or(String::new(), |e| format!(", transitie tot {e}")),
            ),
        ],
    );
    let mut glance = String::new();
    for seg in &ov.segments {
        glance.push_str(&format!(
            "<tr><td><b>{}</b></td><td></td><td></td><td></td></tr>",
            escape(&seg.name)
        ));
        for sub in &seg.sub_segments {
            // "lumpsum from 2024-01": the scheme's readable name, then when.
            let fin: Vec<String> = sub
                .financing
                .iter()
                .map(|f| {
                    let (scheme, rest) = f.split_once(' ').unwrap_or((f, ""));
                    let rest = rest.replacen("from", lang.text("run.from"), 1);
                    escape(format!("{} {rest}", lang.label(scheme)).trim())
                })
                .collect();
            glance.push_str(&format!(
                "<tr><td>{}</td><td class=\"text\">{}</td><td>{} – {}</td><td class=\"text\">{}</td></tr>",
                escape(&sub.name),
                escape(lang.label(&sub.kind)),
                sub.providers_at_start,
                sub.providers_max,
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
fn provider_results(providers: &[(String, ProviderRow)], lang: Lang) -> String {
    let mut rows: Vec<(f64, String)> = providers
        .iter()
        .filter(|(_, r)| r.trajectories_ended_mean > 0.0)
        .map(|(_, r)| {
            let pct = |x: f64| lang.pct(x);
            let n = r.trajectories_ended_mean;
            let row = format!(
                "<tr><td>{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&r.provider),
                escape(&r.sub_segments.replace('|', ", ")),
                lang.fixed(n, 1),
                pct(r.goal_attainment),
                pct(r.dropout_share),
                pct(r.reentry_within_12m_share)
            );
            (n, row)
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let shown = rows.len().min(RESULT_ROWS);
    let more = if rows.len() > shown {
        lang.fill(
            "run.largest_providers",
            &[("shown", &shown), ("all", &rows.len())],
        )
    } else {
        String::new()
    };
    let body: String = rows[..shown]
        .iter()
        .map(|(_, r)| r.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    lang.fill(
        "run.results_per_provider_of_the",
        &[("more", &more), ("body", &body)],
    )
}
