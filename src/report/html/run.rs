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
    let (glance_head, key_head, key_note) = match lang {
        Lang::En => (
            "<tr><th>segment / sub-segment</th><th class=\"text\">kind</th><th>providers (start – max)</th><th class=\"text\">financing</th></tr>",
            "<tr><th>outcome</th><th>mean</th><th>95% CI of the mean</th><th>P5 – P95</th></tr>",
            "The mean is the expected outcome; its confidence interval shows how precisely the simulation pins it down. P5–P95 is the spread between simulated futures.",
        ),
        Lang::Nl => (
            "<tr><th>segment / subsegment</th><th class=\"text\">soort</th><th>aanbieders (start – max)</th><th class=\"text\">financiering</th></tr>",
            "<tr><th>uitkomst</th><th>gemiddelde</th><th>95%-BI van het gemiddelde</th><th>P5 – P95</th></tr>",
            "Het gemiddelde is de verwachte uitkomst; het betrouwbaarheidsinterval zegt hoe nauwkeurig de simulatie het vastlegt. P5–P95 is de spreiding tussen gesimuleerde toekomsten.",
        ),
    };
    let (reps, months, hash) = match lang {
        Lang::En => ("replications of", "months from", "scenario SHA-256"),
        Lang::Nl => (
            "replicaties van",
            "maanden vanaf",
            "SHA-256 van het scenario",
        ),
    };
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
        glance_title = match lang {
            Lang::En => "The scenario at a glance",
            Lang::Nl => "Het scenario in het kort",
        },
        region = escape(&region),
        key_title = match lang {
            Lang::En => "Key outcomes",
            Lang::Nl => "Belangrijkste uitkomsten",
        },
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
        match lang {
            Lang::En => "Budget",
            Lang::Nl => "Budget",
        },
        escape(&text)
    )
}

/// The charts of a run's report, each with its caption.
fn run_charts(
    monthly: &Monthly,
    summary: &SummaryFile,
    lang: Lang,
) -> Result<Vec<(String, String)>> {
    let en = lang == Lang::En;
    let mut charts: Vec<(String, String)> = Vec::new();
    if let Some(chart) = yearly_chart(summary, lang)? {
        charts.push(chart);
    }
    if let Some(cost) = monthly.series("cost") {
        charts.push((
            fan_chart(
                if en { "Cost per month" } else { "Kosten per maand" },
                if en { "spend a month (€)" } else { "uitgaven per maand (€)" },
                &monthly.months,
                &cost,
                Unit::Money,
                lang,
                None,
            )?,
            if en {
                "What the municipalities pay providers each month. The line is the expected cost; the \
                 shaded band is where 90% of the simulated futures fall (P5–P95): the budget risk. It does \
                 not narrow with more replications — it is the real spread, not simulation noise."
            } else {
                "Wat de gemeenten aanbieders per maand betalen. De lijn is de verwachte uitgave; de band is \
                 waar 90% van de gesimuleerde toekomsten valt (P5–P95): het budgetrisico. Die wordt niet \
                 smaller met meer replicaties — het is echte spreiding, geen simulatieruis."
            }
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
                if en { "Youths in care per segment (mean, stacked)" } else { "Jeugdigen in zorg per segment (gemiddeld, gestapeld)" },
                if en { "youths in care" } else { "jeugdigen in zorg" },
                &monthly.months,
                &segs,
                lang,
            )?,
            if en {
                "How many youths are in care at a time, per segment, on average over the replications. \
                 A growing ambulant layer and a shrinking residential one is the shift to ambulant care."
            } else {
                "Hoeveel jeugdigen tegelijk in zorg zijn, per segment, gemiddeld over de replicaties. Een \
                 groeiende ambulante laag en een krimpende laag verblijf is de verschuiving naar ambulant."
            }
            .into(),
        ));
    }
    if let Some(a) = monthly.series("share_ambulant") {
        charts.push((
            fan_chart(
                if en { "Share of youths in care who are in ambulant care" } else { "Aandeel jeugdigen in zorg dat ambulante zorg krijgt" },
                if en { "share ambulant" } else { "aandeel ambulant" },
                &monthly.months,
                &a,
                Unit::Share,
                lang,
                None,
            )?,
            if en {
                "The shift to ambulant care: the share of youths in care in ambulant sub-segments each \
                 month (mean, and P5–P95 band)."
            } else {
                "De verschuiving naar ambulant: het aandeel jeugdigen in zorg in ambulante subsegmenten \
                 per maand (gemiddelde en P5–P95-band)."
            }
            .into(),
        ));
    }
    if let Some(w) = monthly.series("waiting") {
        charts.push((
            fan_chart(
                if en { "Youths waiting for a place" } else { "Jeugdigen die wachten op een plek" },
                if en { "youths waiting" } else { "wachtende jeugdigen" },
                &monthly.months,
                &w,
                Unit::Count,
                lang,
                None,
            )?,
            if en {
                "Youths waiting for a place — new referrals without care, and youths in care waiting to \
                 move. The band shows how high waiting can run in a bad stretch; long waits raise the \
                 chance of escalation and crisis in the model."
            } else {
                "Jeugdigen die wachten op een plek — nieuwe verwijzingen zonder zorg en jeugdigen in zorg \
                 die moeten overstappen. De band laat zien hoe hoog het wachten in een slechte periode \
                 oploopt; lang wachten vergroot in het model de kans op escalatie en crisis."
            }
            .into(),
        ));
    }
    if let Some(f) = monthly.series("forced_changes")
        && f.mean.iter().any(|&x| x > 0.0)
    {
        charts.push((
            fan_chart(
                if en { "Forced changes of provider under the transition rules" } else { "Gedwongen wisselingen van aanbieder door de transitieregels" },
                if en { "clients a month" } else { "cliënten per maand" },
                &monthly.months,
                &f,
                Unit::Count,
                lang,
                None,
            )?,
            if en {
                "Clients of providers not contracted in the new model who had to move, per month. Peaks sit \
                 at go-live and at the transition end."
            } else {
                "Cliënten van aanbieders die in het nieuwe model geen contract hebben en moesten overstappen, \
                 per maand. Pieken liggen bij de start en aan het eind van de transitie."
            }
            .into(),
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
    let en = lang == Lang::En;
    let mut text = if en {
        "Expected spend per reporting year (bar) and the range of 90% of simulated years (P5–P95, line).".to_string()
    } else {
        "Verwachte uitgaven per verslagjaar (balk) en het bereik van 90% van de gesimuleerde jaren (P5–P95, lijn).".to_string()
    };
    if !budget.is_empty() {
        text.push_str(if en {
            " The dashed line is the budget of each year, raised by the planned index."
        } else {
            " De gestreepte lijn is het budget van elk jaar, verhoogd met de geplande indexatie."
        });
    }
    if let Some(p) = p95 {
        text.push_str(&if en {
            format!(" A year's spend stays below {} in 95% of simulated years (yearly_cost_p95).", lang.money(p))
        } else {
            format!(" De uitgaven in een jaar blijven in 95% van de gesimuleerde jaren onder {} (yearly_cost_p95).", lang.money(p))
        });
    }
    let band = |m: &str| {
        let s = summary.metric(m)?;
        Some((finite(s.p5)?, finite(s.p95)?))
    };
    if let (Some(w), Some(c)) = (band("yearly_cost"), band("yearly_cost_chance_only")) {
        text.push_str(&if en {
            format!(
                " With the scenario's world drivers (demand trend, indexation, trajectory length, drawn once per replication) a year's spend lies between {} and {} (P5–P95); from chance alone between {} and {}.",
                lang.money(w.0), lang.money(w.1), lang.money(c.0), lang.money(c.1)
            )
        } else {
            format!(
                " Met de omgevingsfactoren van het scenario (vraagtrend, indexatie, trajectduur, één keer per replicatie getrokken) liggen de uitgaven in een jaar tussen {} en {} (P5–P95); door toeval alleen tussen {} en {}.",
                lang.money(w.0), lang.money(w.1), lang.money(c.0), lang.money(c.1)
            )
        });
    }
    let name = summary.head.scenario.clone();
    let title = if en {
        "Cost per year against the budget"
    } else {
        "Kosten per jaar tegenover het budget"
    };
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
    let region = match lang {
        Lang::En => format!(
            "{} municipalities, {youths} youths aged 0–17{}{}.",
            ov.municipalities,
            budget.map_or(String::new(), |b| format!(
                ", a budget of {} a year",
                lang.money(b)
            )),
            end.map_or(String::new(), |e| format!(", transition until {e}")),
        ),
        Lang::Nl => format!(
            "{} gemeenten, {youths} jeugdigen van 0–17 jaar{}{}.",
            ov.municipalities,
            budget.map_or(String::new(), |b| format!(
                ", een budget van {} per jaar",
                lang.money(b)
            )),
            end.map_or(String::new(), |e| format!(", transitie tot {e}")),
        ),
    };
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
                    let rest = match lang {
                        Lang::En => rest.to_string(),
                        Lang::Nl => rest.replacen("from", "vanaf", 1),
                    };
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
            let pct = |x: f64| format!("{:.1}%", 100.0 * x);
            let n = r.trajectories_ended_mean;
            let row = format!(
                "<tr><td>{}</td><td class=\"text\">{}</td><td>{:.1}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&r.provider),
                escape(&r.sub_segments.replace('|', ", ")),
                n,
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
    let more = match (rows.len() > shown, lang) {
        (false, _) => String::new(),
        (true, Lang::En) => format!(
            " The {shown} largest of {} providers; all are in <code>providers.csv</code>.",
            rows.len()
        ),
        (true, Lang::Nl) => format!(
            " De {shown} grootste van {} aanbieders; alle staan in <code>providers.csv</code>.",
            rows.len()
        ),
    };
    let body: String = rows[..shown]
        .iter()
        .map(|(_, r)| r.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    match lang {
        Lang::En => format!(
            "<h2>Results per provider</h2>\n<p>Of the trajectories each provider ended: the share with the goal attained, the share by dropout, and its former clients referred again within 12 months per youth who left care. Client experience is not modelled (docs/modelling-choices.md).{more}</p>\n<table><tr><th>provider</th><th class=\"text\">sub-segments</th><th>trajectories ended (mean)</th><th>goal attainment</th><th>dropout</th><th>re-entry within 12 months</th></tr>\n{body}</table>"
        ),
        Lang::Nl => format!(
            "<h2>Resultaten per aanbieder</h2>\n<p>Van de trajecten die elke aanbieder afsloot: het aandeel met het doel bereikt, het aandeel door uitval, en de oud-cliënten die binnen 12 maanden opnieuw verwezen werden per jeugdige die de zorg verliet. Cliëntervaring wordt niet gemodelleerd (docs/modelling-choices.md).{more}</p>\n<table><tr><th>aanbieder</th><th class=\"text\">subsegmenten</th><th>afgesloten trajecten (gemiddeld)</th><th>doelrealisatie</th><th>uitval</th><th>heraanmelding binnen 12 maanden</th></tr>\n{body}</table>"
        ),
    }
}
