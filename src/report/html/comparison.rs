//! The page of a comparison, at the level of the run's: the answer first, a table of the
//! numbers with paired differences, cost per year per variant against the budget, a fan
//! per variant, the key outcomes as charts, and tables per municipality and per provider.

use super::charts::{
    Better, Row, Series, Unit, Whiskers, YearlySpend, fan_chart, lines_chart, whisker_chart,
    yearly_chart,
};
use super::{escape, figures, finite, metric_kind};
use crate::error::Result;
use crate::report::answer::Answer;
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
    for a in answers {
        body.push_str(&format!(
            "<p class=\"answer\">{}</p>\n",
            escape(&a.sentence(lang))
        ));
    }
    body.push_str(&answer_table(answers, lang));
    body.push_str(&format!(
        "<h2>{}</h2>\n{}",
        match lang {
            Lang::En => "The numbers",
            Lang::Nl => "De cijfers",
        },
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
        .fold(0.0, f64::max)
        * 1.08
        + 1e-9;
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
    let intro = match lang {
        Lang::En => format!(
            "{} replications per variant on the same children (common random numbers), seed {}, jeugdsim {}. Baseline: {baseline}. Every difference is paired, with its 95% confidence interval.",
            c.replications, c.seed, c.version
        ),
        Lang::Nl => format!(
            "{} replicaties per variant op dezelfde kinderen (gemeenschappelijke toevalsgetallen), seed {}, jeugdsim {}. Basis: {baseline}. Elk verschil is gepaard, met het 95%-betrouwbaarheidsinterval.",
            c.replications, c.seed, c.version
        ),
    };
    let title = format!(
        "{} — {}",
        c.scenario,
        match lang {
            Lang::En => "comparison",
            Lang::Nl => "vergelijking",
        }
    );
    Ok((title, escape(&intro), body))
}

/// The answer's figures: the baseline's value, then per variant its value and its paired
/// difference from the baseline with the 95% CI.
fn answer_table(answers: &[Answer], lang: Lang) -> String {
    let Some(first) = answers.first() else {
        return String::new();
    };
    let mut out = format!(
        "<table><tr><th>{}</th><th>{} ({})</th>",
        lang.label("outcome"),
        escape(&first.baseline),
        lang.label("baseline")
    );
    for a in answers {
        out.push_str(&format!("<th>{}</th>", escape(&a.variant)));
    }
    out.push_str("</tr>\n");
    let c = &first.total_cost_incl_admin;
    out.push_str(&format!(
        "<tr><td>{}</td><td>{}</td>",
        lang.label("total_cost_incl_admin"),
        lang.money(c.baseline)
    ));
    for a in answers {
        let c = &a.total_cost_incl_admin;
        out.push_str(&format!(
            "<td>{}<br><small class=\"{}\">Δ {} ({})<br>95% CI {} – {}<br>({} – {})</small></td>",
            lang.money(c.variant),
            class(c.significant, c.mean, Better::Lower),
            signed(lang.money(c.mean), c.mean),
            signed(lang.pct(c.percent.mean / 100.0), c.percent.mean),
            lang.money(c.ci95[0]),
            lang.money(c.ci95[1]),
            crate::report::answer::pct_ci(c.percent.ci95[0], lang),
            crate::report::answer::pct_ci(c.percent.ci95[1], lang),
        ));
    }
    out.push_str("</tr>\n");
    if let Some(y) = &first.yearly_cost {
        out.push_str(&format!(
            "<tr><td>{}, P5 – P95</td><td>{} – {}</td>",
            lang.label("yearly_cost"),
            lang.money(y.baseline.p5),
            lang.money(y.baseline.p95)
        ));
        for a in answers {
            let cell = a.yearly_cost.map_or(String::new(), |y| {
                format!(
                    "{} – {}",
                    lang.money(y.variant.p5),
                    lang.money(y.variant.p95)
                )
            });
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    type Pick = fn(&Answer) -> &Option<crate::report::answer::Change>;
    let rows: [(&str, Pick); 7] = [
        ("p_year_over_budget", |a| &a.p_year_over_budget),
        ("expected_year_overrun", |a| &a.expected_year_overrun),
        ("forced_provider_changes", |a| &a.forced_provider_changes),
        ("mean_waiting_youths", |a| &a.mean_waiting_youths),
        ("mean_wait_months", |a| &a.mean_wait_months),
        ("care_forgone_months", |a| &a.care_forgone_months),
        ("providers_with_loss", |a| &a.providers_with_loss),
    ];
    for (metric, pick) in rows {
        let changes: Vec<Option<&crate::report::answer::Change>> =
            answers.iter().map(|a| pick(a).as_ref()).collect();
        let Some(base) = changes.iter().flatten().next().map(|c| c.baseline) else {
            continue;
        };
        if changes.iter().flatten().all(|c| c.variant == 0.0) && base == 0.0 {
            continue;
        }
        let (unit, better) = metric_kind(metric);
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td>",
            lang.label(metric),
            unit.format(base, lang)
        ));
        for ch in &changes {
            let cell = ch.map_or(String::new(), |ch| {
                let d = ch.difference;
                format!(
                    "{}<br><small class=\"{}\">Δ {}<br>95% CI {} – {}</small>",
                    unit.format(ch.variant, lang),
                    class(ch.significant, d.mean, better),
                    signed(unit.format_diff(d.mean, lang), d.mean),
                    unit.format_diff(d.ci95[0], lang),
                    unit.format_diff(d.ci95[1], lang),
                )
            });
            out.push_str(&format!("<td>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// `better`/`worse` for a significant difference, by the metric's direction.
fn class(significant: bool, diff: f64, better: Better) -> &'static str {
    match (significant, better, diff < 0.0) {
        (false, _, _) | (_, Better::Neither, _) => "",
        (true, Better::Lower, true) | (true, Better::Higher, false) => "better",
        _ => "worse",
    }
}

fn signed(text: String, x: f64) -> String {
    if x > 0.0 { format!("+{text}") } else { text }
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
                .and_then(|d| d.metrics.get(metric))
                .map(|d| {
                    let m = finite(d.stat.mean).unwrap_or(0.0);
                    let [lo, hi] = d.stat.ci95.map(|x| finite(x).unwrap_or(0.0));
                    format!(
                        "<br><small class=\"{}\">Δ {}<br>[{} – {}]</small>",
                        class(d.significant, m, better),
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
        match lang {
            Lang::En => "Means over the replications. Δ: the paired difference from the baseline with its 95% CI, green when better and red when worse beyond simulation noise.",
            Lang::Nl => "Gemiddelden over de replicaties. Δ: het gepaarde verschil met de basis en het 95%-BI, groen als beter en rood als slechter buiten de simulatieruis.",
        }
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
    let title = match lang {
        Lang::En => "Cost per year, per variant, against the budget",
        Lang::Nl => "Kosten per jaar, per variant, tegenover het budget",
    };
    let caption = match lang {
        Lang::En => {
            "Each bar is a variant's expected spend in a reporting year; the black line spans 90% of simulated years (P5–P95). The dashed line is the budget of that year (raised by the planned indexation)."
        }
        Lang::Nl => {
            "Elke balk is de verwachte uitgave van een variant in een verslagjaar; de zwarte lijn omvat 90% van de gesimuleerde jaren (P5–P95). De gestreepte lijn is het budget van dat jaar (verhoogd met de geplande indexatie)."
        }
    };
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
    let title = match lang {
        Lang::En => format!("Cost per month — {name}"),
        Lang::Nl => format!("Kosten per maand — {name}"),
    };
    let y = match lang {
        Lang::En => "spend a month (€)",
        Lang::Nl => "uitgaven per maand (€)",
    };
    let caption = match lang {
        Lang::En => format!(
            "{name}: expected spend per month (line) and the band where 90% of simulated futures fall (P5–P95): the budget risk."
        ),
        Lang::Nl => format!(
            "{name}: verwachte uitgaven per maand (lijn) en de band waarin 90% van de gesimuleerde toekomsten valt (P5–P95): het budgetrisico."
        ),
    };
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
                &Whiskers { title: &per_variant, x_desc: label, unit, differences: false, better, lang },
                &rows,
            )?,
            match lang {
                Lang::En => format!("{label}: each variant's mean (bar, from zero) with the 95% confidence interval of the mean (line)."),
                Lang::Nl => format!("{label}: het gemiddelde per variant (balk, vanaf nul) met het 95%-betrouwbaarheidsinterval (lijn)."),
            },
        ));
        let diffs: Vec<Row> = c
            .differences
            .iter()
            .filter_map(|d| {
                row(
                    format!("{} − {baseline}", d.variant),
                    d.metrics.get(m).map(|d| &d.stat),
                )
            })
            .collect();
        if !diffs.is_empty() {
            let title = match lang {
                Lang::En => format!("{label}: difference from {baseline}"),
                Lang::Nl => format!("{label}: verschil met {baseline}"),
            };
            charts.push((
                whisker_chart(
                    &Whiskers { title: &title, x_desc: label, unit, differences: true, better, lang },
                    &diffs,
                )?,
                match lang {
                    Lang::En => "The difference, replication by replication, on the same children (common random numbers). Green is better, red worse; grey when the 95% CI includes 0 (within simulation noise).".to_string(),
                    Lang::Nl => "Het verschil, replicatie voor replicatie, voor dezelfde kinderen (gemeenschappelijke toevalsgetallen). Groen is beter, rood slechter; grijs als het 95%-BI 0 bevat (binnen de simulatieruis).".to_string(),
                },
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
    let (title, y, caption) = match lang {
        Lang::En => (
            "Forced changes per month, per variant (mean)",
            "clients a month",
            "When clients of providers not contracted in the new model have to move, per variant: at go-live, when follow-on indications start, and at the transition end.",
        ),
        Lang::Nl => (
            "Gedwongen wisselingen per maand, per variant (gemiddeld)",
            "cliënten per maand",
            "Wanneer cliënten van niet-gecontracteerde aanbieders moeten overstappen, per variant: bij de start, bij vervolgindicaties en aan het eind van de transitie.",
        ),
    };
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
        match lang {
            Lang::En => "Per municipality",
            Lang::Nl => "Per gemeente",
        },
        match lang {
            Lang::En =>
                "What each municipality pays over the horizon under the cost-sharing key (mean), and per inhabitant aged 0–22 a year.",
            Lang::Nl =>
                "Wat elke gemeente over de periode betaalt volgens de verdeelsleutel (gemiddeld), en per inwoner van 0–22 jaar per jaar.",
        },
        match lang {
            Lang::En => "municipality",
            Lang::Nl => "gemeente",
        }
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
                match lang {
                    Lang::En => "inhabitant a year",
                    Lang::Nl => "inwoner per jaar",
                }
            ));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

/// The largest providers' result (revenue − own cost) per variant, from `providers.csv`.
fn provider_table(providers: &[(String, ProviderRow)], names: &[String], lang: Lang) -> String {
    // provider → (Σ revenue over variants, result per variant)
    let mut books: Vec<(String, f64, Vec<Option<f64>>)> = Vec::new();
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
        books[at].2[k] = Some(row.result_mean);
    }
    if books.is_empty() {
        return String::new();
    }
    books.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = format!(
        "<h2>{}</h2>\n<p>{}</p>\n<table><tr><th>{}</th>",
        match lang {
            Lang::En => "Per provider",
            Lang::Nl => "Per aanbieder",
        },
        match lang {
            Lang::En => format!(
                "Each provider's result over the horizon (revenue − own cost of delivered care, mean), the {} largest by revenue; all are in providers.csv.",
                PROVIDER_ROWS.min(books.len())
            ),
            Lang::Nl => format!(
                "Het resultaat per aanbieder over de periode (omzet − eigen kosten van geleverde zorg, gemiddeld), de {} grootste naar omzet; alle staan in providers.csv.",
                PROVIDER_ROWS.min(books.len())
            ),
        },
        match lang {
            Lang::En => "provider",
            Lang::Nl => "aanbieder",
        }
    );
    for n in names {
        out.push_str(&format!("<th>{}</th>", escape(n)));
    }
    out.push_str("</tr>\n");
    for (name, _, results) in books.iter().take(PROVIDER_ROWS) {
        out.push_str(&format!("<tr><td>{}</td>", escape(name)));
        for r in results {
            let cell = r.map_or("–".to_string(), |x| lang.money(x));
            let class = if r.is_some_and(|x| x < 0.0) {
                " class=\"worse\""
            } else {
                ""
            };
            out.push_str(&format!("<td{class}>{cell}</td>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}
