//! The answer of a comparison, first: per variant against the baseline, what it costs in
//! all (care and administration, € and %), the budget risk, and what it does to
//! continuity, waiting, care forgone and providers — each a paired difference with its
//! 95% CI — and one plain sentence that states the uncertainty. `comparison.json` holds
//! it as `answer`; the console and `report.html` show it before anything else.

use super::lang::Lang;
use crate::metrics::stats::{Estimate, Stat};
pub use crate::results::answer::{Answer, Band, Change, CostChange, YearRisk, YearlyBands};
use crate::run::Comparison;

/// The answers of a comparison over `horizon_months`: one per variant after the first.
pub fn answers(c: &Comparison, horizon_months: u32) -> Vec<Answer> {
    (1..c.names.len())
        .filter_map(|v| answer(c, v, horizon_months))
        .collect()
}

fn answer(c: &Comparison, v: usize, horizon_months: u32) -> Option<Answer> {
    let (base, var) = (&c.summaries[0], &c.summaries[v]);
    let diff = |m: &str| -> Option<&Stat> {
        c.differences[v - 1]
            .iter()
            .find(|(n, _)| n == m)
            .map(|(_, s)| s)
    };
    let change = |m: &str| -> Option<Change> {
        let d = diff(m)?;
        Some(Change {
            baseline: base.metric(m)?.mean,
            variant: var.metric(m)?.mean,
            difference: d.into(),
            significant: crate::metrics::stats::significant(d),
        })
    };
    let total = "total_cost_incl_admin";
    let d = diff(total)?;
    let percent = c.relative[v - 1]
        .iter()
        .find(|(n, _)| n == total)
        .map(|(_, e)| Estimate {
            mean: 100.0 * e.mean,
            ci95: [100.0 * e.ci95[0], 100.0 * e.ci95[1]],
        })?;
    // The P5–P95 band of `metric` in the baseline and the variant.
    let bands = |metric: &str| {
        let band = |s: &crate::metrics::Summary| {
            s.metric(metric).map(|y| Band {
                p5: y.p5,
                p95: y.p95,
            })
        };
        band(base)
            .zip(band(var))
            .map(|(baseline, variant)| YearlyBands { baseline, variant })
    };
    let yearly_cost = bands("yearly_cost");
    let provider_result = bands("provider_result_total");
    let by_year = base
        .by_year
        .iter()
        .zip(&var.by_year)
        .enumerate()
        .map(|(y, ((from, b), (_, v)))| YearRisk {
            from: from.clone(),
            budget: base.budget_by_year.get(y).copied().flatten(),
            baseline: Band {
                p5: b.p5,
                p95: b.p95,
            },
            variant: Band {
                p5: v.p5,
                p95: v.p95,
            },
            p_over_budget_baseline: base.over_budget_by_year.get(y).copied().flatten(),
            p_over_budget_variant: var.over_budget_by_year.get(y).copied().flatten(),
        })
        .collect();
    let mut a = Answer {
        variant: c.names[v].clone(),
        baseline: c.names[0].clone(),
        label: c.labels.get(v).cloned().flatten(),
        baseline_label: c.labels.first().cloned().flatten(),
        horizon_months,
        total_cost_incl_admin: CostChange {
            mean: d.mean,
            ci95: d.ci95,
            significant: crate::metrics::stats::significant(d),
            percent,
            baseline: base.metric(total)?.mean,
            variant: var.metric(total)?.mean,
        },
        yearly_cost,
        by_year,
        provider_result,
        p_year_over_budget: change("p_year_over_budget"),
        expected_year_overrun: change("expected_year_overrun"),
        forced_provider_changes: change("forced_provider_changes"),
        mean_waiting_youths: change("mean_waiting_youths"),
        mean_wait_months: change("mean_wait_months"),
        care_forgone_months: change("care_forgone_months"),
        care_unpaid: change("care_unpaid"),
        providers_with_loss: change("providers_with_loss"),
        total_cost: change("total_cost"),
        admin_cost: change("admin_cost"),
        sentence: String::new(),
    };
    // The file's sentence names the variants as scripts know them; readers get labels.
    a.sentence = Answer {
        label: None,
        baseline_label: None,
        ..a.clone()
    }
    .sentence(Lang::En);
    Some(a)
}

/// The outcomes a "while …" clause may name, with their phrase in each language.
const SIDE_EFFECTS: [(&str, &str, &str); 4] = [
    (
        "forced_provider_changes",
        "forced provider changes",
        "het aantal gedwongen wisselingen van aanbieder",
    ),
    (
        "mean_waiting_youths",
        "youths waiting (monthly average)",
        "het gemiddeld aantal wachtenden",
    ),
    (
        "care_forgone_months",
        "months of care forgone",
        "het aantal maanden niet-geleverde zorg",
    ),
    (
        "providers_with_loss",
        "providers with a loss",
        "het aantal aanbieders met verlies",
    ),
];

impl Answer {
    fn side_effect(&self, metric: &str) -> Option<&Change> {
        match metric {
            "forced_provider_changes" => self.forced_provider_changes.as_ref(),
            "mean_waiting_youths" => self.mean_waiting_youths.as_ref(),
            "care_forgone_months" => self.care_forgone_months.as_ref(),
            "providers_with_loss" => self.providers_with_loss.as_ref(),
            _ => None,
        }
    }

    /// "over 5 years" / "over 42 months".
    pub fn period(&self, lang: Lang) -> String {
        let m = self.horizon_months;
        match (m == 12, m.is_multiple_of(12)) {
            (true, _) => lang.text("answer.over_one_year").to_string(),
            (false, true) => lang.fill("answer.over_years", &[("years", &(m / 12))]),
            (false, false) => lang.fill("answer.over_months", &[("months", &m)]),
        }
    }

    /// The answer in one sentence that states its uncertainty.
    pub fn sentence(&self, lang: Lang) -> String {
        let c = &self.total_cost_incl_admin;
        let (v, b) = (self.shown(), self.shown_baseline());
        let period = self.period(lang);
        let mut s = if c.significant {
            let less = c.mean < 0.0;
            let (lo, hi) = {
                let (x, y) = (c.ci95[0].abs(), c.ci95[1].abs());
                (x.min(y), x.max(y))
            };
            lang.fill(
                "answer.costs_than_administrative_cost_included",
                &[
                    ("v", &v),
                    ("abs", &lang.money(c.mean.abs())),
                    ("abs1", &lang.pct(c.percent.mean.abs() / 100.0)),
                    ("value", &if less { "less" } else { "more" }),
                    ("b", &b),
                    ("period", &period),
                    ("money", &lang.money(lo)),
                    ("money1", &lang.money(hi)),
                    ("value1", &if less { "minder" } else { "meer" }),
                ],
            )
        } else {
            lang.fill(
                "answer.and_cost_the_same_within",
                &[
                    ("v", &v),
                    ("b", &b),
                    ("period", &period),
                    ("money", &lang.money(c.mean)),
                    ("pct", &lang.pct(c.percent.mean / 100.0)),
                    ("money1", &lang.money(c.ci95[0])),
                    ("money2", &lang.money(c.ci95[1])),
                ],
            )
        };
        if let Some(p) = &self.p_year_over_budget {
            let (pv, pb) = (lang.fixed(p.variant, 2), lang.fixed(p.baseline, 2));
            s.push_str(&lang.fill(
                "answer.a_year_exceeds_the_budget",
                &[("pv", &pv), ("b", &b), ("pb", &pb)],
            ));
        }
        if let Some(u) = self.care_unpaid.as_ref().filter(|u| u.significant) {
            // Named whenever it moves: a saving made of care providers absorb is not care
            // bought cheaper (nor is a rise of it a price the region pays).
            let d = u.difference;
            let (lo, hi) = (
                d.ci95[0].abs().min(d.ci95[1].abs()),
                d.ci95[0].abs().max(d.ci95[1].abs()),
            );
            let more = d.mean > 0.0;
            let key = if more {
                "answer.care_unpaid"
            } else {
                "answer.care_overpaid"
            };
            s.push_str(&lang.fill(
                key,
                &[
                    ("abs", &lang.money(d.mean.abs())),
                    ("value", &if more { "more" } else { "less" }),
                    ("value1", &if more { "meer" } else { "minder" }),
                    ("money", &lang.money(lo)),
                    ("money1", &lang.money(hi)),
                ],
            ));
        }
        let clauses: Vec<String> = SIDE_EFFECTS
            .iter()
            .filter_map(|(m, en, nl)| {
                let ch = self.side_effect(m).filter(|ch| ch.significant)?;
                let d = ch.difference;
                let up = d.mean > 0.0;
                let (lo, hi) = (
                    d.ci95[0].abs().min(d.ci95[1].abs()),
                    d.ci95[0].abs().max(d.ci95[1].abs()),
                );
                Some(lang.fill(
                    "answer.by_95_ci_to",
                    &[
                        ("en", &en),
                        ("value", &if up { "rise" } else { "fall" }),
                        ("abs", &lang.num(d.mean.abs())),
                        ("num", &lang.num(lo)),
                        ("num1", &lang.num(hi)),
                        ("nl", &nl),
                        ("value1", &if up { "stijgt" } else { "daalt" }),
                    ],
                ))
            })
            .collect();
        if !clauses.is_empty() {
            s.push_str(lang.text("answer.while"));
            s.push_str(&join(&clauses, lang));
        }
        s.push('.');
        s
    }
}

/// "a, b and c" / "a, b en c".
fn join(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), lang.text("answer.and")),
    }
}

/// The answer block of the console: per variant, the figures and the sentence.
pub fn render(answers: &[Answer], lang: Lang) -> String {
    let mut out = String::new();
    for a in answers {
        let c = &a.total_cost_incl_admin;
        out.push_str(&format!(
            "{} — {} {} {} ({})\n",
            lang.label("answer"),
            a.shown(),
            lang.text("answer.against"),
            a.shown_baseline(),
            lang.label("baseline")
        ));
        let row = |label: &str, value: String, detail: String| {
            format!("  {label:<44} {value:>22}  {detail}\n")
        };
        out.push_str(&row(
            lang.label("total_cost_incl_admin"),
            format!(
                "{} ({})",
                signed_money(c.mean, lang),
                signed_pct(c.percent.mean, lang)
            ),
            format!(
                "{} {} – {} ({} – {}){}",
                lang.text("glance.ci95"),
                signed_money(c.ci95[0], lang),
                signed_money(c.ci95[1], lang),
                pct_ci(c.percent.ci95[0], lang),
                pct_ci(c.percent.ci95[1], lang),
                if c.significant { " *" } else { "" }
            ),
        ));
        if let Some(y) = &a.yearly_cost {
            out.push_str(&band_row(lang.label("yearly_cost"), y, &a.baseline, lang));
        }
        out.push_str(&years(a, lang));
        if let Some(y) = &a.provider_result {
            out.push_str(&band_row(
                lang.label("provider_result_total"),
                y,
                &a.baseline,
                lang,
            ));
        }
        let changes = [
            ("p_year_over_budget", &a.p_year_over_budget),
            ("expected_year_overrun", &a.expected_year_overrun),
            ("forced_provider_changes", &a.forced_provider_changes),
            ("mean_waiting_youths", &a.mean_waiting_youths),
            ("mean_wait_months", &a.mean_wait_months),
            ("care_forgone_months", &a.care_forgone_months),
            ("care_unpaid", &a.care_unpaid),
            ("providers_with_loss", &a.providers_with_loss),
        ];
        for (metric, ch) in changes {
            let Some(ch) = ch else { continue };
            if ch.baseline == 0.0 && ch.variant == 0.0 {
                continue;
            }
            let fmt = |x: f64| {
                if metric.contains("cost") || metric.contains("overrun") || metric == "care_unpaid"
                {
                    lang.money(x)
                } else {
                    lang.num(x)
                }
            };
            let d = ch.difference;
            out.push_str(&row(
                lang.label(metric),
                format!("{} → {}", fmt(ch.baseline), fmt(ch.variant)),
                format!(
                    "{} [{} – {}]{}",
                    sign(fmt(d.mean), d.mean),
                    fmt(d.ci95[0]),
                    fmt(d.ci95[1]),
                    if ch.significant { " *" } else { "" }
                ),
            ));
        }
        out.push_str(&wrap(&a.sentence(lang), 100, "  "));
        out.push('\n');
    }
    out
}

/// A P5–P95 band of the variant, with the baseline's beside it.
fn band_row(label: &str, y: &YearlyBands, baseline: &str, lang: Lang) -> String {
    format!(
        "  {:<44} {:>22}  {baseline}: {} – {}\n",
        format!("{label}, P5 – P95"),
        format!(
            "{} – {}",
            lang.money(y.variant.p5),
            lang.money(y.variant.p95)
        ),
        lang.money(y.baseline.p5),
        lang.money(y.baseline.p95)
    )
}

/// Per full reporting year: the variant's band of a year's spend beside the baseline's,
/// and with a budget each one's chance of exceeding it.
fn years(a: &Answer, lang: Lang) -> String {
    let mut out = String::new();
    if a.by_year.len() < 2 {
        return out;
    }
    let names: [(&str, &dyn std::fmt::Display); 2] = [("v", &a.variant), ("b", &a.baseline)];
    let mut header = lang.fill("answer.by_year_header", &names);
    if a.by_year.iter().any(|y| y.budget.is_some()) {
        header.push_str(&lang.fill("answer.by_year_budget", &names));
    }
    out.push_str(&format!("  {header}\n"));
    let band = |b: &Band| format!("{} – {}", lang.money(b.p5), lang.money(b.p95));
    for y in &a.by_year {
        let mut line = format!(
            "    {:<9} {:>27}   {:>27}",
            y.from,
            band(&y.variant),
            band(&y.baseline)
        );
        if let (Some(budget), Some(pv), Some(pb)) =
            (y.budget, y.p_over_budget_variant, y.p_over_budget_baseline)
        {
            line.push_str(&format!(
                "   {} {}: {} → {}",
                lang.text("answer.budget"),
                lang.money(budget),
                lang.fixed(pb, 2),
                lang.fixed(pv, 2)
            ));
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn sign(text: String, x: f64) -> String {
    if x > 0.0 { format!("+{text}") } else { text }
}

fn signed_money(x: f64, lang: Lang) -> String {
    sign(lang.money(x), x)
}

/// A percentage bound of a CI, with two decimals: the interval is often narrow.
pub fn pct_ci(percent: f64, lang: Lang) -> String {
    sign(format!("{}%", lang.fixed(percent, 2)), percent)
}

fn signed_pct(percent: f64, lang: Lang) -> String {
    sign(lang.pct(percent / 100.0), percent)
}

/// `text` in lines of at most `width` characters (words kept whole), each after `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&format!("{indent}{line}\n"));
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&format!("{indent}{line}\n"));
    }
    out
}
