//! The page of a comparison, at the level of the run's: the answer first, a table of the
//! numbers with paired differences, cost per year per variant against the budget, a fan
//! per variant, the key outcomes as charts, and tables per municipality and per provider.

use super::answer_table::{answer_table, class, signed};
use super::charts::{
    Better, Row, Series, Unit, Whiskers, YearlySpend, fan_chart, lines_chart, whisker_chart,
    yearly_chart,
};
use super::{escape, figures, finite, metric_kind};
use crate::error::Result;
use crate::report::answer::Answer;
use crate::report::glance::care_cut_short;
use crate::report::lang::Lang;
use crate::results::comparison::{ComparisonFile, Variant};
use crate::results::providers::ProviderRow;

/// The outcomes of the numbers table, in order (labels in [`Lang::label`]).
const NUMBERS: &[&str] = &[
    "total_cost_incl_admin",
    "total_cost",
    "admin_cost",
    "yearly_cost_p95",
    "p_year_over_budget",
    "expected_year_overrun",
    "mean_in_care",
    "share_ambulant",
    "mean_waiting_youths",
    "mean_wait_months",
    "care_forgone_months",
    "forced_provider_changes",
    "goal_attainment",
    "dropout_share",
    "reentry_within_12m",
    "provider_result_total",
    "providers_with_loss",
    "forced_changes_at_transition",
    "dual_financing_cost",
];

/// The outcomes drawn per variant and as differences.
const CHARTED: &[&str] = &[
    "total_cost_incl_admin",
    "mean_waiting_youths",
    "forced_provider_changes",
    "care_forgone_months",
    "provider_result_total",
    "forced_changes_at_transition",
    "dual_financing_cost",
];

/// Providers in the per-provider table: the largest by revenue.
const PROVIDER_ROWS: usize = 15;

/// The page of comparison `c`, with every variant's providers (`providers.csv`).
pub(super) fn comparison_page(
    c: &ComparisonFile,
    providers: &[(String, ProviderRow)],
    lang: Lang,
) -> Result<(String, String, String)> {
    let variants = &c.variants;
    let baseline = c.baseline.clone();
    let names: Vec<String> = variants.iter().map(|v| v.name.clone()).collect();
    let answers: &[Answer] = &c.answer;
    let mut body = String::new();
    body.push_str(&format!("<h2>{}</h2>\n", lang.label("answer")));
    body.push_str(&super::glance::block(answers, lang));
    if !answers.is_empty() {
        body.push_str(&format!("<h3>{}</h3>\n", lang.text("glance.explanation")));
    }
    for a in answers {
        body.push_str(&format!(
            "<p class=\"answer\">{}</p>\n",
            escape(&a.sentence(lang))
        ));
    }
    body.push_str(&answer_table(answers, lang));
    body.push_str(&super::years::year_table(variants, &c.budget_by_year, lang));
    body.push_str(&format!(
        "<h2>{}</h2>\n{}",
        lang.text("comparison.the_numbers"),
        numbers_table(c, &names, lang)
    ));
    let mut charts = Vec::new();
    if let Some(chart) = yearly(c, variants, lang)? {
        charts.push(chart);
    }
    // One scale for every variant's fan, so they can be read side by side.
    let top = variants
        .iter()
        .filter_map(|v| v.monthly_cost.as_ref())
        .flat_map(|f| f.p95.iter().copied().filter_map(finite))
        .fold(0.0, f64::max);
    let top = super::charts::headroom(top);
    for v in variants {
        if let Some(chart) = variant_fan(v, top, lang)? {
            charts.push(chart);
        }
    }
    charts.extend(outcome_charts(c, variants, &baseline, lang)?);
    if let Some(chart) = forced_changes(variants, lang)? {
        charts.push(chart);
    }
    body.push_str(&figures(&charts));
    body.push_str(&municipality_table(variants, lang));
    body.push_str(&provider_table(providers, &names, lang));
    let intro = lang.fill(
        "comparison.replications_per_variant_on_the",
        &[
            ("replications", &c.replications),
            ("seed", &c.seed),
            ("version", &c.version),
            ("baseline", &baseline),
        ],
    );
    let title = format!("{} — {}", c.scenario, lang.text("comparison.comparison"));
    Ok((title, escape(&intro), body))
}

/// Every variant's mean per outcome; under each variant's, its paired difference from the
/// baseline with the 95% CI.
fn numbers_table(c: &ComparisonFile, names: &[String], lang: Lang) -> String {
    let (variants, diffs) = (&c.variants, &c.differences);
    let mut out = format!("<table><tr><th>{}</th>", lang.label("outcome"));
    for n in names {
        out.push_str(&format!("<th>{}</th>", escape(n)));
    }
    out.push_str("</tr>\n");
    for metric in NUMBERS {
        let means: Vec<Option<f64>> = variants
            .iter()
            .map(|v| v.metrics.get(metric).and_then(|s| finite(s.mean)))
            .collect();
        if means.iter().all(|m| m.is_none_or(|x| x == 0.0)) {
            continue;
        }
        let (unit, better) = metric_kind(metric);
        out.push_str(&format!("<tr><td>{}</td>", lang.label(metric)));
        for (k, mean) in means.iter().enumerate() {
            let value = mean.map_or("–".to_string(), |x| unit.format(x, lang));
            let diff = k
                .checked_sub(1)
                .and_then(|j| diffs.get(j))
                .and_then(|d| Some((d, d.metrics.get(metric)?)))
                .map(|(all, d)| {
                    let m = finite(d.stat.mean).unwrap_or(0.0);
                    // Fewer waiting because care is cut short is no gain to colour.
                    let better = match all.metrics.get("care_forgone_months") {
                        Some(f)
                            if *metric == "mean_waiting_youths"
                                && care_cut_short(f.significant, f.stat.mean) =>
                        {
                            Better::Neither
                        }
                        _ => better,
                    };
                    let [lo, hi] = d.stat.ci95.map(|x| finite(x).unwrap_or(0.0));
                    format!(
                        "<br><small class=\"{}\">Δ {}<br>[{} – {}]</small>",
                        class(d.significant, m, better, &unit.format_diff(m, lang)),
                        signed(unit.format_diff(m, lang), m),
                        unit.format_diff(lo, lang),
                        unit.format_diff(hi, lang)
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!("<td>{value}{diff}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out.push_str(&format!(
        "<p>{}</p>\n",
        lang.text("comparison.means_over_the_replications_the")
    ));
    out
}

/// Expected spend per reporting year, per variant, against the budget line.
fn yearly(
    c: &ComparisonFile,
    variants: &[Variant],
    lang: Lang,
) -> Result<Option<(String, String)>> {
    let series: Vec<YearlySpend> = variants
        .iter()
        .map(|v| {
            let stats = v
                .yearly_cost_by_year
                .iter()
                .filter_map(|y| {
                    Some((
                        finite(y.stat.mean)?,
                        finite(y.stat.p5)?,
                        finite(y.stat.p95)?,
                    ))
                })
                .collect::<Vec<_>>();
            (v.name.clone(), stats)
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let Some(first) = variants.first() else {
        return Ok(None);
    };
    if series.is_empty() {
        return Ok(None);
    }
    let years: Vec<String> = first
        .yearly_cost_by_year
        .iter()
        .map(|y| y.from.clone())
        .collect();
    let budget: Vec<f64> = c
        .budget_by_year
        .iter()
        .copied()
        .filter_map(finite)
        .collect();
    let title = lang.text("comparison.cost_per_year_per_variant");
    let caption = lang.text("comparison.each_bar_is_a_variant");
    Ok(Some((
        yearly_chart(title, &years, &series, &budget, lang)?,
        caption.to_string(),
    )))
}

/// The cost-per-month fan of one variant.
fn variant_fan(v: &Variant, top: f64, lang: Lang) -> Result<Option<(String, String)>> {
    let Some(fan) = &v.monthly_cost else {
        return Ok(None);
    };
    let column = |x: &[f64]| -> Vec<f64> { x.iter().copied().filter_map(finite).collect() };
    let (mean, p5, p95) = (column(&fan.mean), column(&fan.p5), column(&fan.p95));
    let months = v.months.clone().unwrap_or_default();
    let name = v.name.as_str();
    let title = lang.fill("comparison.cost_per_month", &[("name", &name)]);
    let y = lang.text("run.spend_a_month");
    let caption = lang.fill(
        "comparison.expected_spend_per_month_line",
        &[("name", &name)],
    );
    Ok(Some((
        fan_chart(
            &title,
            y,
            &months,
            &Series { mean, p5, p95 },
            Unit::Money,
            lang,
            Some(top),
        )?,
        caption,
    )))
}

/// Per outcome: each variant's mean from zero, and the paired differences coloured by
/// better or worse.
fn outcome_charts(
    c: &ComparisonFile,
    variants: &[Variant],
    baseline: &str,
    lang: Lang,
) -> Result<Vec<(String, String)>> {
    let mut charts = Vec::new();
    let row = |label: String, s: Option<&crate::metrics::stats::Stat>| -> Option<Row> {
        let s = s?;
        Some(Row {
            label,
            mean: finite(s.mean)?,
            lo: finite(s.ci95[0])?,
            hi: finite(s.ci95[1])?,
        })
    };
    for m in CHARTED {
        let (unit, better) = metric_kind(m);
        let rows: Vec<Row> = variants
            .iter()
            .filter_map(|v| row(v.name.clone(), v.metrics.get(m)))
            .collect();
        if rows.is_empty() || rows.iter().all(|r| r.mean == 0.0) {
            continue;
        }
        let label = lang.label(m);
        let per_variant = format!("{label} per variant");
        charts.push((
            whisker_chart(
                &Whiskers {
                    title: &per_variant,
                    x_desc: label,
                    unit,
                    differences: false,
                    better,
                    lang,
                },
                &rows,
            )?,
            lang.fill("comparison.each_variant_s_mean_bar", &[("label", &label)]),
        ));
        let diffs: Vec<Row> = c
            .differences
            .iter()
            .filter_map(|d| {
                row(
                    // The title names the baseline; the row only the variant.
                    d.variant.clone(),
                    d.metrics.get(m).map(|d| &d.stat),
                )
            })
            .collect();
        if !diffs.is_empty() {
            let title = lang.fill(
                "comparison.difference_from",
                &[("label", &label), ("baseline", &baseline)],
            );
            charts.push((
                whisker_chart(
                    &Whiskers {
                        title: &title,
                        x_desc: label,
                        unit,
                        differences: true,
                        better,
                        lang,
                    },
                    &diffs,
                )?,
                lang.text("comparison.the_difference_replication_by_replication")
                    .to_string(),
            ));
        }
    }
    Ok(charts)
}

/// Forced changes per month per variant, when a transition forces any.
fn forced_changes(variants: &[Variant], lang: Lang) -> Result<Option<(String, String)>> {
    let lines: Vec<(String, Vec<f64>)> = variants
        .iter()
        .filter_map(|v| {
            let m: Vec<f64> = v
                .monthly_forced_changes
                .as_ref()?
                .iter()
                .copied()
                .filter_map(finite)
                .collect();
            Some((v.name.clone(), m))
        })
        .collect();
    if !lines.iter().any(|(_, m)| m.iter().any(|&x| x > 0.0)) {
        return Ok(None);
    }
    let months = variants[0].months.clone().unwrap_or_default();
    let (title, y, caption) = (
        lang.text("comparison.forced_changes_per_month_per"),
        lang.text("run.clients_a_month"),
        lang.text("comparison.when_clients_of_providers_not"),
    );
    Ok(Some((
        lines_chart(title, y, &months, &lines, lang)?,
        caption.to_string(),
    )))
}

/// Each municipality's cost per variant (its share under the cost-sharing key).
fn municipality_table(variants: &[Variant], lang: Lang) -> String {
    let Some(first) = variants.first() else {
        return String::new();
    };
    let munis: Vec<String> = first
        .by_municipality
        .iter()
        .map(|m| m.municipality.clone())
        .collect();
    if munis.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h2>{}</h2>\n<p>{}</p>\n<table><tr><th>{}</th>",
        lang.text("comparison.per_municipality"),
        lang.text("comparison.what_each_municipality_pays_over"),
        lang.text("comparison.municipality")
    );
    for v in variants {
        out.push_str(&format!("<th>{}</th>", escape(&v.name)));
    }
    out.push_str("</tr>\n");
    for (i, name) in munis.iter().enumerate() {
        out.push_str(&format!("<tr><td>{}</td>", escape(name)));
        for v in variants {
            let mean = |metric: &str| {
                v.by_municipality
                    .get(i)
                    .and_then(|m| m.metrics.get(metric))
                    .and_then(|s| finite(s.mean))
                    .unwrap_or(0.0)
            };
            let (total, per) = (mean("total_cost"), mean("cost_per_inhabitant_per_year"));
            out.push_str(&format!(
                "<td>{}<br><small>{} / {}</small></td>",
                lang.money(total),
                lang.money(per),
                lang.text("comparison.inhabitant_a_year")
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// The largest providers' result (revenue − own cost) per variant, from `providers.csv`.
/// A provider's result in one variant, and whether it needs a plan of action.
type Cell = (f64, bool);

fn provider_table(providers: &[(String, ProviderRow)], names: &[String], lang: Lang) -> String {
    // provider → (Σ revenue over variants, result per variant and whether it needs a plan
    // of action)
    let mut books: Vec<(String, f64, Vec<Option<Cell>>)> = Vec::new();
    for (v, row) in providers {
        let Some(k) = names.iter().position(|n| n == v) else {
            continue;
        };
        let p = row.provider.as_str();
        let at = match books.iter().position(|b| b.0 == p) {
            Some(i) => i,
            None => {
                books.push((p.to_string(), 0.0, vec![None; names.len()]));
                books.len() - 1
            }
        };
        books[at].1 += row.revenue_mean;
        books[at].2[k] = Some((row.result_mean, row.share_plan_required_3y > 0.5));
    }
    if books.is_empty() {
        return String::new();
    }
    books.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = format!(
        "<h2>{}</h2>\n<p>{}</p>\n<table><tr><th>{}</th>",
        lang.text("comparison.per_provider"),
        lang.fill(
            "comparison.each_provider_s_result_over",
            &[("len", &PROVIDER_ROWS.min(books.len()))]
        ),
        lang.text("comparison.provider")
    );
    for n in names {
        out.push_str(&format!("<th>{}</th>", escape(n)));
    }
    out.push_str("</tr>\n");
    let mut flagged = false;
    for (name, _, results) in books.iter().take(PROVIDER_ROWS) {
        out.push_str(&format!("<tr><td>{}</td>", escape(name)));
        for r in results {
            let cell = r.map_or("–".to_string(), |(x, plan)| {
                flagged |= plan;
                let mark = if plan { " †" } else { "" };
                format!("{}{mark}", lang.money(x))
            });
            let class = if r.is_some_and(|(x, plan)| x < 0.0 || plan) {
                " class=\"worse\""
            } else {
                ""
            };
            out.push_str(&format!("<td{class}>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    if flagged {
        out.push_str(&format!(
            "<p>{}</p>\n",
            lang.text("comparison.plan_required_note")
        ));
    }
    out
}
