//! The pages of a search for a value: a sweep (one field over a range) and an optimise
//! (providers per sub-segment). Each opens with its answer and a table, and its charts
//! plot the statistic the target is tested on — the quantile over replications, not the
//! mean — so the line crosses the target where the choice is made.

use super::charts::{SweepLines, Unit, sweep_chart};
use super::{Parts, escape, figures, finite, metric_kind, readable_path};
use crate::error::Result;
use crate::metrics::stats::Stat;
use crate::metrics::target::Target;
use crate::report::lang::Lang;
use crate::results::optimum::OptimiseFile;
use crate::results::sweep::SweepFile;

/// "P95" for an upper bound tested in 95% of replications, "P5" for a lower bound.
fn quantile_name(target: &Target, quantile: f64) -> String {
    let q = if target.is_upper_bound() {
        quantile
    } else {
        1.0 - quantile
    };
    format!("P{:.0}", q * 100.0)
}

pub(super) fn sweep_page(s: &SweepFile, lang: Lang) -> Result<Parts> {
    let rows = &s.rows;
    let swept = readable_path(&s.set);
    let target_expr = s.target.as_ref().map(|t| t.expression.clone());
    let target = target_expr.as_deref().and_then(|t| Target::parse(t).ok());
    let chosen = s
        .target
        .as_ref()
        .and_then(|t| t.chosen_value.and_then(finite));
    let focus = target
        .as_ref()
        .map_or("total_cost".to_string(), |t| t.metric.clone());
    let xs: Vec<f64> = rows.iter().filter_map(|r| finite(r.value)).collect();
    let col = |m: &str, f: &dyn Fn(&Stat) -> f64| -> Vec<f64> {
        rows.iter()
            .map(|r| r.metrics.get(m).and_then(|s| finite(f(s))).unwrap_or(0.0))
            .collect()
    };
    let mut body = String::new();
    if let Some(t) = &target {
        let q = quantile_name(t, 0.95);
        body.push_str(&format!(
            "<p class=\"answer\" id=\"search-answer\">{}</p>\n",
            escape(&match chosen {
                Some(v) => lang.fill(
                    "search.sweep_chosen",
                    &[("value", &lang.num(v)), ("target", &t.text()), ("q", &q)],
                ),
                None => lang.fill("search.sweep_none", &[("target", &t.text()), ("q", &q)]),
            })
        ));
    }
    body.push_str(&sweep_table(s, target.as_ref(), &focus, chosen, lang));
    let ci = lang.text("charts.95_ci_of_the_mean");
    let mut charts = Vec::new();
    let metrics: &[&str] = if focus == "total_cost" {
        &["total_cost"]
    } else {
        &[focus.as_str(), "total_cost"]
    };
    for &m in metrics {
        let by_target = target.as_ref().filter(|t| t.metric == m);
        let label = lang.label(m);
        let title = lang.fill("mod.against", &[("label", &label), ("swept", &swept)]);
        let (line, lo, hi, line_name, band, caption) = match by_target {
            Some(t) => {
                let q = col(m, &|s| t.tested(s));
                let name = lang.fill("search.quantile_line", &[("q", &quantile_name(t, 0.95))]);
                let caption = lang.fill(
                    "search.sweep_caption_quantile",
                    &[("target", &t.text()), ("q", &quantile_name(t, 0.95))],
                );
                (q.clone(), q.clone(), q, name, None, caption)
            }
            None => (
                col(m, &|s| s.mean),
                col(m, &|s| s.ci95[0]),
                col(m, &|s| s.ci95[1]),
                lang.text("charts.mean").to_string(),
                Some(ci),
                lang.text("mod.sweep_caption").to_string(),
            ),
        };
        charts.push((
            sweep_chart(
                &SweepLines {
                    title: &title,
                    x_desc: &swept,
                    xs: &xs,
                    mean: &line,
                    line: &line_name,
                    lo: &lo,
                    hi: &hi,
                    band,
                    target: by_target.map(|t| t.threshold),
                    chosen,
                    unit: metric_kind(m).0,
                },
                lang,
            )?,
            caption,
        ));
    }
    body.push_str(&figures(&charts));
    Ok((
        format!(
            "{} — {}: {swept}",
            s.head.scenario,
            lang.text("search.sweep")
        ),
        escape(&format!(
            "{}. {}",
            s.set,
            lang.text("mod.every_value_runs_on_the")
        )),
        body,
    ))
}

/// Per swept value: the statistic the target is tested on (and whether it holds), the
/// target metric's mean with its CI, and the total cost.
fn sweep_table(
    s: &SweepFile,
    target: Option<&Target>,
    focus: &str,
    chosen: Option<f64>,
    lang: Lang,
) -> String {
    let unit = metric_kind(focus).0;
    let mut out = format!(
        "<table id=\"sweep-table\"><tr><th>{}</th>",
        escape(&readable_path(&s.set))
    );
    if let Some(t) = target {
        out.push_str(&format!(
            "<th>{} {}</th><th>{}</th>",
            escape(lang.label(focus)),
            quantile_name(t, 0.95),
            lang.text("search.meets")
        ));
    }
    if focus != "total_cost" {
        out.push_str(&format!(
            "<th>{} ({})</th>",
            escape(lang.label(focus)),
            lang.text("charts.mean")
        ));
    }
    out.push_str(&format!(
        "<th>{} ({})</th></tr>\n",
        escape(lang.label("total_cost")),
        lang.text("charts.mean")
    ));
    let mean_ci = |st: &Stat, unit: Unit| {
        format!(
            "{}<br><small>{} {} – {}</small>",
            unit.format(st.mean, lang),
            lang.text("glance.ci95"),
            unit.format(st.ci95[0], lang),
            unit.format(st.ci95[1], lang)
        )
    };
    for r in &s.rows {
        let is_chosen = chosen == Some(r.value);
        out.push_str(&format!(
            "<tr{}><td>{}</td>",
            if is_chosen { " class=\"chosen\"" } else { "" },
            lang.num(r.value)
        ));
        let st = r.metrics.get(focus);
        if let Some(t) = target {
            let (q, holds) = st.map_or((String::new(), false), |st| {
                (unit.format(t.tested(st), lang), t.holds(t.tested(st)))
            });
            out.push_str(&format!(
                "<td>{q}</td><td class=\"{}\">{}</td>",
                if holds { "better" } else { "worse" },
                lang.text(if holds { "search.yes" } else { "search.no" })
            ));
        }
        if focus != "total_cost" {
            out.push_str(&format!(
                "<td>{}</td>",
                st.map_or(String::new(), |st| mean_ci(st, unit))
            ));
        }
        out.push_str(&format!(
            "<td>{}</td></tr>\n",
            r.metrics
                .get("total_cost")
                .map_or(String::new(), |st| mean_ci(st, Unit::Money))
        ));
    }
    out.push_str("</table>\n");
    out
}

pub(super) fn optimise_page(o: &OptimiseFile, lang: Lang) -> Result<Parts> {
    let metric = o.target.metric.clone();
    let expression = o.target.expression.clone();
    let quantile = finite(o.target.quantile).unwrap_or(0.95);
    let several = o.targets.len() > 1;
    let target = Target::parse(&expression).ok();
    let q_name = target
        .as_ref()
        .map_or(format!("P{:.0}", quantile * 100.0), |t| {
            quantile_name(t, quantile)
        });
    let points = frontier_points(o, several);
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let q: Vec<f64> = points.iter().map(|p| p.1).collect();
    let cost: Vec<f64> = points.iter().map(|p| p.2).collect();
    let (lo, hi): (Vec<f64>, Vec<f64>) = points.iter().map(|p| (p.3, p.4)).unzip();
    let chosen = Some(f64::from(o.solution_outcome.total_providers));
    let providers = lang.text("mod.providers_contracted_all_sub_segments");
    // What the first chart shows: with several targets the weakest target's share of
    // replications against the quantile; else the target's statistic against its threshold.
    let (title, line, threshold, unit, caption) = if several {
        (
            lang.text("optimise.weakest_share").to_string(),
            lang.text("optimise.share").to_string(),
            Some(quantile),
            Unit::Share,
            lang.fill("optimise.weakest_caption", &[("pct", &lang.pct(quantile))]),
        )
    } else {
        (
            format!("{}, {q_name}", lang.label(&metric)),
            lang.fill("search.quantile_line", &[("q", &q_name)]),
            target.as_ref().map(|t| t.threshold),
            metric_kind(&metric).0,
            lang.fill(
                "search.optimise_caption",
                &[("target", &expression), ("q", &q_name)],
            ),
        )
    };
    let mean = lang.text("charts.mean");
    let charts = vec![
        (
            sweep_chart(
                &SweepLines {
                    title: &title,
                    x_desc: providers,
                    xs: &xs,
                    mean: &q,
                    line: &line,
                    lo: &q,
                    hi: &q,
                    band: None,
                    target: threshold,
                    chosen,
                    unit,
                },
                lang,
            )?,
            caption,
        ),
        (
            sweep_chart(
                &SweepLines {
                    title: lang.label("total_cost"),
                    x_desc: providers,
                    xs: &xs,
                    mean: &cost,
                    line: mean,
                    lo: &lo,
                    hi: &hi,
                    band: Some(lang.text("charts.95_ci_of_the_mean")),
                    target: None,
                    chosen,
                    unit: Unit::Money,
                },
                lang,
            )?,
            lang.text("search.optimise_cost_caption").to_string(),
        ),
    ];
    let mut body = optimise_answer(o, &q_name, quantile, lang);
    body.push_str(&figures(&charts));
    Ok((
        format!("{} — {}", o.head.scenario, lang.text("search.optimise")),
        escape(&lang.fill(
            "search.optimise_intro",
            &[
                ("target", &expression),
                ("pct", &format!("{:.0}", quantile * 100.0)),
                ("evaluated", &o.evaluated),
            ],
        )),
        body,
    ))
}

/// The frontier by total providers, sorted: for each total, the last candidate the search
/// evaluated — (providers, first chart's value, mean cost, its CI).
fn frontier_points(o: &OptimiseFile, several: bool) -> Vec<(f64, f64, f64, f64, f64)> {
    let mut points: Vec<(f64, f64, f64, f64, f64)> = Vec::new();
    for p in &o.frontier {
        let n = f64::from(p.total_providers);
        let or0 = |x: f64| finite(x).unwrap_or(0.0);
        // With several targets the first chart is the weakest target's share of
        // replications: one metric's quantile would speak for one target only.
        let first = if several {
            p.share_meeting_target
        } else {
            p.target_quantile
        };
        let row = (
            n,
            or0(first),
            or0(p.total_cost.mean),
            or0(p.total_cost.ci95[0]),
            or0(p.total_cost.ci95[1]),
        );
        points.retain(|q| q.0 != n);
        points.push(row);
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    points
}

/// The answer of a search: whether the solution meets the target, in how many
/// replications, and the providers per sub-segment at the solution against min and max.
fn optimise_answer(o: &OptimiseFile, q_name: &str, quantile: f64, lang: Lang) -> String {
    let s = &o.solution_outcome;
    // With several targets the sentence names the one closest to failing.
    let weakest = o
        .targets
        .iter()
        .min_by(|a, b| a.share_meeting_target.total_cmp(&b.share_meeting_target));
    let (expression, metric, value) = match (o.targets.len(), weakest) {
        (2.., Some(t)) => (t.expression.as_str(), t.metric.as_str(), t.tested),
        _ => (
            o.target.expression.as_str(),
            o.target.metric.as_str(),
            s.target_quantile,
        ),
    };
    let unit = metric_kind(metric).0;
    let mut out = format!(
        "<p class=\"answer\" id=\"search-answer\">{}</p>\n",
        escape(&lang.fill(
            if o.meets_target {
                "search.optimise_meets"
            } else {
                "search.optimise_misses"
            },
            &[
                ("total", &s.total_providers),
                ("target", &expression),
                ("share", &lang.pct(s.share_meeting_target)),
                ("need", &lang.pct(quantile)),
                ("q", &q_name),
                ("value", &unit.format(value, lang)),
                ("cost", &lang.money(s.total_cost.mean)),
            ],
        ))
    );
    if o.targets.len() > 1 {
        out.push_str(&targets_table(o, lang));
    }
    out.push_str(&format!(
        "<table id=\"optimise-table\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th class=\"text\">{}</th></tr>\n",
        lang.text("search.sub_segment"),
        lang.text("search.min"),
        lang.text("search.at_solution"),
        lang.text("search.max"),
        lang.text("optimise.binding"),
    ));
    for size in &o.solution {
        out.push_str(&format!(
            "<tr data-sub-segment=\"{}\"><td>{}</td><td>{}</td><td class=\"providers\">{}</td><td>{}</td><td class=\"text\">{}</td></tr>\n",
            escape(&size.sub_segment),
            escape(&size.sub_segment),
            size.min,
            size.providers,
            size.max,
            escape(&crate::report::optimise::binding(&size.binding, lang)),
        ));
    }
    out.push_str(&format!(
        "<tr><th class=\"text\">{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr>\n</table>\n",
        lang.text("search.total"),
        o.solution.iter().map(|s| s.min).sum::<u32>(),
        o.solution.iter().map(|s| s.providers).sum::<u32>(),
        o.solution.iter().map(|s| s.max).sum::<u32>(),
    ));
    out
}

/// Every target at the solution: the statistic it is tested on and the share of
/// replications it holds in.
fn targets_table(o: &OptimiseFile, lang: Lang) -> String {
    let mut out = format!(
        "<table id=\"optimise-targets\"><tr><th class=\"text\">{}</th><th>{}</th><th>{}</th></tr>\n",
        lang.text("optimise.target"),
        lang.text("optimise.tested"),
        lang.text("optimise.share"),
    );
    for t in &o.targets {
        let class = if t.share_meeting_target >= o.target.quantile {
            "better"
        } else {
            "worse"
        };
        out.push_str(&format!(
            "<tr data-target=\"{}\"><td class=\"text\">{}</td><td>{}</td><td class=\"{class}\">{}</td></tr>\n",
            escape(&t.expression),
            escape(&t.expression),
            metric_kind(&t.metric).0.format(t.tested, lang),
            lang.pct(t.share_meeting_target),
        ));
    }
    out.push_str(&format!(
        "<tr><th class=\"text\">{}</th><th></th><th>{}</th></tr>\n</table>\n",
        lang.text("optimise.all_at_once"),
        lang.pct(o.solution_outcome.share_meeting_all),
    ));
    out
}
