//! The answer at a glance: per variant one row a council member reads in ten seconds —
//! its name, the total cost difference (€ and %, 95% CI), the few consequences that
//! matter, each judged better, worse or not significant — and one line under it saying
//! what the cost difference consists of. The console and `report.html` both show it
//! first; the long sentence follows as the explanation.

use super::answer::{Answer, Change};
use super::lang::Lang;

/// How a difference reads for the region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Better,
    Worse,
    /// The 95% CI includes 0: no difference shown, whichever way the mean leans.
    NotSignificant,
    /// Zero in both, or no difference at all: nothing to judge.
    Unchanged,
    /// Fewer youths waiting only because care is cut short (more care forgone): not a
    /// gain to colour green.
    Qualified,
}

impl Verdict {
    /// The class of a cell on `report.html`.
    pub fn class(self) -> &'static str {
        match self {
            Verdict::Better => "better",
            Verdict::Worse => "worse",
            Verdict::NotSignificant => "ns",
            Verdict::Unchanged => "same",
            Verdict::Qualified => "qualified",
        }
    }

    /// The mark after a figure on the console.
    pub fn mark(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Better => "✓",
            Verdict::Worse => "✗",
            Verdict::NotSignificant => lang.text("glance.ns"),
            Verdict::Unchanged => "",
            Verdict::Qualified => "(!)",
        }
    }
}

/// One judged figure.
#[derive(Debug, Clone)]
pub struct Cell {
    pub metric: &'static str,
    pub text: String,
    pub verdict: Verdict,
}

/// One variant's row.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    /// Total cost incl. administration: difference in € and %.
    pub cost: Cell,
    /// Its 95% CI, in € and %.
    pub cost_ci: String,
    pub consequences: Vec<Cell>,
    /// What the cost difference consists of: care, administration, unpaid care.
    pub composition: String,
}

/// The consequences shown, in order; lower is better for each.
pub const CONSEQUENCES: [&str; 5] = [
    "care_forgone_months",
    "mean_waiting_youths",
    "forced_provider_changes",
    "providers_with_loss",
    "p_year_over_budget",
];

/// The change of consequence `metric` in answer `a`.
pub fn change<'a>(a: &'a Answer, metric: &str) -> Option<&'a Change> {
    match metric {
        "care_forgone_months" => a.care_forgone_months.as_ref(),
        "mean_waiting_youths" => a.mean_waiting_youths.as_ref(),
        "forced_provider_changes" => a.forced_provider_changes.as_ref(),
        "providers_with_loss" => a.providers_with_loss.as_ref(),
        "p_year_over_budget" => a.p_year_over_budget.as_ref(),
        _ => None,
    }
}

/// The consequences any answer has a value for: a column every row leaves empty (no
/// budget, no providers) is left out rather than shown as zeros.
pub fn columns(answers: &[Answer]) -> Vec<&'static str> {
    CONSEQUENCES
        .into_iter()
        .filter(|m| {
            answers
                .iter()
                .any(|a| change(a, m).is_some_and(|c| c.baseline != 0.0 || c.variant != 0.0))
        })
        .collect()
}

/// A difference (`mean`, `ci95`) that is better when lower, judged only where the CI
/// excludes 0; `idle` when the outcome is zero in both.
fn verdict(mean: f64, ci95: [f64; 2], significant: bool, idle: bool) -> Verdict {
    if idle || (mean == 0.0 && ci95 == [0.0, 0.0]) {
        Verdict::Unchanged
    } else if !significant {
        Verdict::NotSignificant
    } else if mean < 0.0 {
        Verdict::Better
    } else {
        Verdict::Worse
    }
}

/// Care forgone rises beyond simulation noise (its paired difference `rise`, whether
/// `significant`): then fewer youths waiting is care cut short, not a gain to show as
/// better (docs/modelling-choices.md, "The answer at a glance").
pub fn care_cut_short(significant: bool, rise: f64) -> bool {
    significant && rise > 0.0
}

fn judge(ch: &Change) -> Verdict {
    let d = ch.difference;
    let idle = ch.baseline == 0.0 && ch.variant == 0.0;
    verdict(d.mean, d.ci95, ch.significant, idle)
}

fn signed(text: String, x: f64) -> String {
    if x > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{text}")
    } else {
        text
    }
}

/// A difference of `metric` as the row shows it.
fn figure(metric: &str, x: f64, lang: Lang) -> String {
    match metric {
        "p_year_over_budget" => format!(
            "{} {}",
            signed(lang.fixed(100.0 * x, 0), x),
            lang.text("glance.points")
        ),
        "care_forgone_months" | "forced_provider_changes" => signed(lang.fixed(x, 0), x),
        _ => signed(lang.fixed(x, 1), x),
    }
}

/// The rows of `answers`, with the consequences in `columns`.
pub fn rows(answers: &[Answer], lang: Lang) -> Vec<Row> {
    let columns = columns(answers);
    answers
        .iter()
        .map(|a| {
            let c = &a.total_cost_incl_admin;
            let cost = Cell {
                metric: "total_cost_incl_admin",
                text: format!(
                    "{} ({})",
                    signed(lang.money(c.mean), c.mean),
                    signed(lang.pct(c.percent.mean / 100.0), c.percent.mean)
                ),
                verdict: verdict(c.mean, c.ci95, c.significant, false),
            };
            let cost_ci = format!(
                "{} – {}",
                signed(lang.money(c.ci95[0]), c.ci95[0]),
                signed(lang.money(c.ci95[1]), c.ci95[1])
            );
            let forgone_up = a
                .care_forgone_months
                .as_ref()
                .is_some_and(|f| care_cut_short(f.significant, f.difference.mean));
            let consequences = columns
                .iter()
                .map(|&m| match change(a, m) {
                    None => Cell {
                        metric: m,
                        text: "—".into(),
                        verdict: Verdict::Unchanged,
                    },
                    Some(ch) => {
                        let mut verdict = judge(ch);
                        if m == "mean_waiting_youths" && verdict == Verdict::Better && forgone_up {
                            verdict = Verdict::Qualified;
                        }
                        Cell {
                            metric: m,
                            text: figure(m, ch.difference.mean, lang),
                            verdict,
                        }
                    }
                })
                .collect();
            Row {
                name: a.shown().to_string(),
                cost,
                cost_ci,
                consequences,
                composition: composition(a, lang),
            }
        })
        .collect()
}

/// "of which care +€16 k (n.s.), administration -€3.8 mln; providers absorb €2.1 mln more
/// care unpaid".
fn composition(a: &Answer, lang: Lang) -> String {
    let part = |ch: &Change| {
        let mut s = signed(lang.money(ch.difference.mean), ch.difference.mean);
        if !ch.significant {
            s.push_str(&format!(" ({})", lang.text("glance.ns")));
        }
        s
    };
    let mut parts = Vec::new();
    if let Some(care) = &a.total_cost {
        parts.push(lang.fill("glance.care", &[("x", &part(care))]));
    }
    if let Some(admin) = &a.admin_cost {
        parts.push(lang.fill("glance.administration", &[("x", &part(admin))]));
    }
    let mut s = if parts.is_empty() {
        String::new()
    } else {
        format!("{} {}", lang.text("glance.of_which"), parts.join(", "))
    };
    if let Some(u) = a.care_unpaid.as_ref().filter(|u| u.significant) {
        let d = u.difference.mean;
        let key = if d > 0.0 {
            "glance.unpaid_more"
        } else {
            "glance.unpaid_less"
        };
        if !s.is_empty() {
            s.push_str("; ");
        }
        s.push_str(&lang.fill(key, &[("x", &lang.money(d.abs()))]));
    }
    s
}

/// The header of a consequence's column.
pub fn header(metric: &str, lang: Lang) -> &'static str {
    lang.text(match metric {
        "care_forgone_months" => "glance.care_forgone",
        "mean_waiting_youths" => "glance.waiting",
        "forced_provider_changes" => "glance.forced",
        "providers_with_loss" => "glance.loss",
        "p_year_over_budget" => "glance.over_budget",
        _ => "glance.cost",
    })
}

/// The console's block: a title, the legend, a header and per variant its row and the
/// line on what the cost difference consists of.
pub fn render(answers: &[Answer], lang: Lang) -> String {
    let Some(first) = answers.first() else {
        return String::new();
    };
    let rows = rows(answers, lang);
    let columns = columns(answers);
    let name_w = rows
        .iter()
        .map(|r| r.name.chars().count())
        .chain([lang.label("variant").chars().count()])
        .max()
        .unwrap_or(8)
        .min(40);
    let cell = |c: &Cell| {
        let mark = c.verdict.mark(lang);
        if mark.is_empty() {
            c.text.clone()
        } else {
            format!("{} {mark}", c.text)
        }
    };
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(k, m)| {
            rows.iter()
                .map(|r| cell(&r.consequences[k]).chars().count())
                .chain([header(m, lang).chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let cost_w = rows
        .iter()
        .map(|r| format!("{} [{}]", cell(&r.cost), r.cost_ci).chars().count())
        .chain([header("total_cost_incl_admin", lang).chars().count()])
        .max()
        .unwrap_or(0);
    let pad = |s: &str, w: usize| {
        let n = s.chars().count();
        format!("{s}{}", " ".repeat(w.saturating_sub(n)))
    };
    let mut out = lang.fill(
        "glance.title",
        &[
            ("b", &first.shown_baseline()),
            ("period", &first.period(lang)),
        ],
    );
    out.push('\n');
    out.push_str(&format!("  {}\n", lang.text("glance.legend")));
    let mut head = format!(
        "  {}  {}",
        pad(lang.label("variant"), name_w),
        pad(header("total_cost_incl_admin", lang), cost_w)
    );
    for (m, w) in columns.iter().zip(&widths) {
        head.push_str(&format!("  {}", pad(header(m, lang), *w)));
    }
    out.push_str(head.trim_end());
    out.push('\n');
    for r in &rows {
        let mut line = format!(
            "  {}  {}",
            pad(&r.name, name_w),
            pad(&format!("{} [{}]", cell(&r.cost), r.cost_ci), cost_w)
        );
        for (c, w) in r.consequences.iter().zip(&widths) {
            line.push_str(&format!("  {}", pad(&cell(c), *w)));
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if !r.composition.is_empty() {
            out.push_str(&format!("  {}  {}\n", " ".repeat(name_w), r.composition));
        }
    }
    if rows.iter().any(|r| {
        r.consequences
            .iter()
            .any(|c| c.verdict == Verdict::Qualified)
    }) {
        out.push_str(&format!("  (!) {}\n", lang.text("glance.qualified")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Verdict, verdict};

    #[test]
    fn a_difference_is_judged_only_where_its_ci_excludes_zero() {
        assert_eq!(verdict(-5.0, [-7.0, -3.0], true, false), Verdict::Better);
        assert_eq!(verdict(5.0, [3.0, 7.0], true, false), Verdict::Worse);
        // Leaning one way within the noise is no verdict.
        assert_eq!(
            verdict(-5.0, [-9.0, 1.0], false, false),
            Verdict::NotSignificant
        );
        assert_eq!(verdict(0.0, [0.0, 0.0], false, false), Verdict::Unchanged);
        assert_eq!(verdict(-5.0, [-7.0, -3.0], true, true), Verdict::Unchanged);
    }
}
