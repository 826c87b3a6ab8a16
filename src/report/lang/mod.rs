//! The reader's language (`--lang nl`): labels for metrics and codes, phrases, and the
//! number format, in English or Dutch. Only what people read changes: the files for
//! scripts (JSON, CSV names) keep the contract's names in every language.

mod consoles;
mod phrases;
mod serve;

/// The phrases of `jeugdsim serve`'s page: (key, English, Dutch).
pub fn serve_phrases() -> &'static [(&'static str, &'static str, &'static str)] {
    serve::PHRASES
}

/// The language of the console tables, `report.html` and the Excel workbook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English: 1,234.5
    #[default]
    En,
    /// Dutch: Nederlandse labels, 1.234,5
    Nl,
}

/// What a value counts, for its format: € (in mln or k), a share (in %), or a count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Money,
    Share,
    Count,
}

impl Unit {
    /// The unit of `metric`: its declared unit (docs/metrics.md) where it has one; for the
    /// providers' columns and the parts of a cost difference, which declare none, by name.
    pub fn of(metric: &str) -> Unit {
        match crate::metrics::unit(metric) {
            Some(u) if u.starts_with('€') => Unit::Money,
            Some("share" | "probability") => Unit::Share,
            Some(_) => Unit::Count,
            None if ["cost", "result", "revenue"]
                .iter()
                .any(|w| metric.contains(w)) =>
            {
                Unit::Money
            }
            None if metric.contains("share") || metric == "margin" => Unit::Share,
            None => Unit::Count,
        }
    }

    pub fn format(self, x: f64, lang: Lang) -> String {
        match self {
            Unit::Money => lang.money(x),
            Unit::Share => lang.pct(x),
            Unit::Count => lang.num(x),
        }
    }

    /// An axis tick: like [`Unit::format`], but a count below a thousand with at most two
    /// decimals and no trailing zeros, so 3.5 never reads "3,500" beside a tick "3".
    pub fn tick(self, x: f64, lang: Lang) -> String {
        match self {
            Unit::Count if x.abs() < 1000.0 => {
                let s = lang.fixed(x, 2);
                let sep = if lang == Lang::Nl { ',' } else { '.' };
                match s.split_once(sep) {
                    Some((whole, frac)) => {
                        let frac = frac.trim_end_matches('0');
                        if frac.is_empty() {
                            whole.to_string()
                        } else {
                            format!("{whole}{sep}{frac}")
                        }
                    }
                    None => s,
                }
            }
            _ => self.format(x, lang),
        }
    }

    /// A difference: shares in percentage points, so +6.0 pp is not read as +6%.
    pub fn format_diff(self, x: f64, lang: Lang) -> String {
        match (self, lang) {
            (Unit::Share, Lang::En) => format!("{} pp", lang.fixed(100.0 * x, 1)),
            (Unit::Share, Lang::Nl) => format!("{} %-punt", lang.fixed(100.0 * x, 1)),
            _ => self.format(x, lang),
        }
    }
}

/// (key, English, Dutch): metric names, codes used in outputs, and phrases.
const LABELS: &[(&str, &str, &str)] = &[
    // Metrics
    ("total_cost", "Total cost (€)", "Totale kosten (€)"),
    (
        "total_cost_incl_admin",
        "Total cost incl. administrative cost (€)",
        "Totale kosten incl. uitvoeringskosten (€)",
    ),
    (
        "admin_cost",
        "Administrative cost (€)",
        "Uitvoeringskosten (€)",
    ),
    (
        "cost_per_youth",
        "Cost per youth, whole horizon (€)",
        "Kosten per jeugdige, hele periode (€)",
    ),
    (
        "cost_per_youth_per_year",
        "Cost per youth in care a year (€)",
        "Kosten per jeugdige in zorg per jaar (€)",
    ),
    (
        "youths_in_care",
        "Youths in care (distinct)",
        "Jeugdigen in zorg (uniek)",
    ),
    (
        "mean_in_care",
        "Youths in care (monthly average)",
        "Jeugdigen in zorg (gemiddeld per maand)",
    ),
    (
        "share_ambulant",
        "Share ambulant (youth-months)",
        "Aandeel ambulant (zorgmaanden)",
    ),
    (
        "residential_bed_months",
        "Residential bed-months",
        "Bedmaanden verblijf",
    ),
    (
        "mean_waiting_youths",
        "Youths waiting (monthly average)",
        "Wachtende jeugdigen (gemiddeld per maand)",
    ),
    (
        "mean_wait_months",
        "Wait per placement (months)",
        "Wachttijd per plaatsing (maanden)",
    ),
    (
        "provider_changes_per_youth",
        "Provider changes per youth",
        "Wisselingen van aanbieder per jeugdige",
    ),
    (
        "forced_provider_changes",
        "Forced provider changes",
        "Gedwongen wisselingen van aanbieder",
    ),
    ("step_downs", "Step-downs", "Afschalingen"),
    ("step_ups", "Step-ups", "Opschalingen"),
    (
        "to_adult_care_at_18",
        "To adult care at 18",
        "Naar volwassenenzorg bij 18",
    ),
    (
        "reentry_within_12m",
        "Re-entries within 12 months",
        "Heraanmeldingen binnen 12 maanden",
    ),
    (
        "referrals_refused",
        "Referrals refused",
        "Geweigerde verwijzingen",
    ),
    (
        "care_forgone_months",
        "Care forgone (months)",
        "Niet-geleverde zorg (maanden)",
    ),
    (
        "early_discharges",
        "Early discharges",
        "Vroegtijdige beëindigingen",
    ),
    ("shifted_to_pxq", "Shifted to P×Q", "Verschoven naar P×Q"),
    (
        "goal_attainment",
        "Goal attainment (share)",
        "Doelrealisatie (aandeel)",
    ),
    ("dropout_share", "Dropout (share)", "Uitval (aandeel)"),
    (
        "margin",
        "Margin (result / revenue)",
        "Marge (resultaat / omzet)",
    ),
    (
        "solvency_end",
        "Solvency, last year",
        "Solvabiliteit, laatste jaar",
    ),
    (
        "current_ratio_end",
        "Current ratio, last year",
        "Liquiditeit (current ratio), laatste jaar",
    ),
    (
        "share_plan_required_3y",
        "Plan of action required (share)",
        "Plan van aanpak verplicht (aandeel)",
    ),
    (
        "provider_result_total",
        "Providers' result (€)",
        "Resultaat aanbieders (€)",
    ),
    (
        "providers_with_loss",
        "Providers with a loss",
        "Aanbieders met verlies",
    ),
    (
        "providers_over_revenue_guard",
        "Providers over revenue guard (±5%)",
        "Aanbieders buiten omzetgarantie (±5%)",
    ),
    (
        "providers_plan_assessed",
        "Providers 2+ years below a financial norm",
        "Aanbieders 2+ jaar onder een financiële norm",
    ),
    (
        "providers_plan_required",
        "Providers needing a plan of action",
        "Aanbieders die een plan van aanpak moeten maken",
    ),
    (
        "forced_changes_at_transition",
        "Forced changes at transition",
        "Gedwongen wisselingen bij transitie",
    ),
    (
        "residential_forced_changes",
        "Residential forced changes",
        "Gedwongen wisselingen in verblijf",
    ),
    (
        "dual_financing_cost",
        "Dual financing cost (€)",
        "Kosten dubbele financiering (€)",
    ),
    (
        "wachtkamer_activations",
        "Wachtkamer activations",
        "Activeringen wachtkamer",
    ),
    ("provider_exits", "Provider exits", "Aanbieders vertrokken"),
    ("yearly_cost", "A year's cost (€)", "Kosten per jaar (€)"),
    (
        "yearly_cost_p95",
        "A year's cost, P95 (€)",
        "Kosten per jaar, P95 (€)",
    ),
    (
        "p_year_over_budget",
        "P(a year's cost > budget)",
        "Kans dat een jaar het budget overschrijdt",
    ),
    (
        "expected_year_overrun",
        "Expected overrun a year (€)",
        "Verwachte overschrijding per jaar (€)",
    ),
    ("chance_only", "from chance only", "alleen door toeval"),
    (
        "cost_difference_price",
        "of which price (€)",
        "waarvan prijs (€)",
    ),
    (
        "cost_difference_volume",
        "of which volume (€)",
        "waarvan volume (€)",
    ),
    (
        "cost_difference_care_forgone",
        "of which care forgone (€)",
        "waarvan niet-geleverde zorg (€)",
    ),
    (
        "cost_difference_unpaid_care",
        "of which care delivered unpaid (€)",
        "waarvan onbetaald geleverde zorg (€)",
    ),
    (
        "care_at_tariff",
        "Care delivered at tariff (€)",
        "Geleverde zorg tegen tarief (€)",
    ),
    (
        "care_unpaid",
        "Care delivered unpaid (€)",
        "Onbetaald geleverde zorg (€)",
    ),
    // Codes: kinds of sub-segment and financing schemes
    ("ambulant", "ambulant", "ambulant"),
    ("family_based", "family-based", "gezinsvorm"),
    ("residential", "residential", "verblijf"),
    ("closed", "closed (secure)", "gesloten"),
    ("crisis", "crisis", "crisis"),
    ("pxq", "P×Q (per unit)", "P×Q (per eenheid)"),
    ("lumpsum", "lumpsum", "lumpsum"),
    ("keuzebudget", "keuzebudget", "keuzebudget"),
    ("trajectory", "price per trajectory", "trajectprijs"),
    (
        "availability",
        "availability fee",
        "beschikbaarheidsvergoeding",
    ),
    // Phrases
    ("outcome", "Outcome", "Uitkomst"),
    ("mean", "mean", "gemiddelde"),
    ("ci", "95% CI of the mean", "95%-BI van het gemiddelde"),
    (
        "spread",
        "P5 – P95 (replications)",
        "P5 – P95 (replicaties)",
    ),
    ("over_months", "over {n} months", "over {n} maanden"),
    (
        "budget_risk",
        "Budget risk (per reporting year)",
        "Budgetrisico (per verslagjaar)",
    ),
    (
        "budget_risk_world",
        "Budget risk (per reporting year; chance and world drivers, and chance only)",
        "Budgetrisico (per verslagjaar; toeval en omgevingsfactoren, en alleen toeval)",
    ),
    ("budget", "budget", "budget"),
    ("answer", "The answer", "Het antwoord"),
    ("baseline", "baseline", "basis"),
    ("variant", "variant", "variant"),
    (
        "paired",
        "paired difference, 95% CI; * = CI excludes 0",
        "gepaard verschil, 95%-BI; * = BI sluit 0 uit",
    ),
];

/// Formats a number for reading: thousands separated, few decimals for small values.
pub fn fmt_num(x: f64) -> String {
    let a = x.abs();
    let s = if a >= 1000.0 {
        let whole = format!("{:.0}", a);
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else if a.fract() == 0.0 {
        // A whole number (an axis tick, a count) reads best without decimals.
        format!("{a:.0}")
    } else if a >= 10.0 {
        format!("{a:.1}")
    } else {
        format!("{a:.3}")
    };
    if x < 0.0 { format!("-{s}") } else { s }
}

impl Lang {
    /// The label of a metric, code or phrase; the key itself when there is none.
    pub fn label(self, key: &str) -> &str {
        LABELS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or(key, |(_, en, nl)| match self {
                Lang::En => en,
                Lang::Nl => nl,
            })
    }

    /// The `lang` attribute of an HTML page.
    /// The phrase `key` in this language (the key itself when there is none, which a test
    /// rules out for every key the code uses).
    pub fn text(self, key: &str) -> &'static str {
        match phrases::PHRASES
            .iter()
            .chain(consoles::PHRASES)
            .chain(serve::PHRASES)
            .find(|(k, _, _)| *k == key)
        {
            Some((_, en, nl)) => match self {
                Lang::En => en,
                Lang::Nl => nl,
            },
            None => "",
        }
    }

    /// The phrase `key` with each `{name}` replaced by the value given for `name` (`{{`
    /// and `}}` are a brace).
    pub fn fill(self, key: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let template = self.text(key);
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(i) = rest.find(['{', '}']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                out.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            let end = tail.find('}').unwrap_or(tail.len() - 1);
            let name = &tail[1..end];
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(&value.to_string()),
                None => out.push_str(&tail[..=end]),
            }
            rest = &tail[end + 1..];
        }
        out.push_str(rest);
        out
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// A number as a scenario would hold it (0.05, 150: no grouping, no rounding), with a
    /// decimal comma in Dutch.
    pub fn written(self, x: f64) -> String {
        let s = crate::scenario::variants::format_number(x);
        match self {
            Lang::En => s,
            Lang::Nl => s.replace('.', ","),
        }
    }

    /// A number for reading: thousands grouped, few decimals for small values
    /// (1,234.5 or 1.234,5).
    pub fn num(self, x: f64) -> String {
        self.localise(fmt_num(x))
    }

    /// A number with `decimals` decimals, thousands grouped.
    pub fn fixed(self, x: f64, decimals: usize) -> String {
        let s = format!("{:.*}", decimals, x.abs());
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push('.');
            out.push_str(frac);
        }
        let sign = if x < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
            "-"
        } else {
            ""
        };
        self.localise(format!("{sign}{out}"))
    }

    /// Euros for a council: € mln with one decimal from a million, € k from ten thousand,
    /// else whole euros ("€12.7 mln", "€ 12,7 mln").
    pub fn money(self, x: f64) -> String {
        let a = x.abs();
        let body = if a >= 1e6 {
            format!("{} mln", self.fixed(a / 1e6, 1))
        } else if a >= 1e4 {
            format!("{} k", self.fixed(a / 1e3, 0))
        } else {
            self.fixed(a, 0)
        };
        let sign = if body.chars().any(|c| c.is_ascii_digit() && c != '0') && x < 0.0 {
            "-"
        } else {
            ""
        };
        match self {
            Lang::En => format!("{sign}€{body}"),
            Lang::Nl => format!("€ {sign}{body}"),
        }
    }

    /// A share as a percentage with one decimal ("4.7%", "4,7%").
    pub fn pct(self, share: f64) -> String {
        format!("{}%", self.fixed(share * 100.0, 1))
    }

    /// Swaps the English separators for Dutch ones.
    fn localise(self, s: String) -> String {
        match self {
            Lang::En => s,
            Lang::Nl => s
                .chars()
                .map(|c| match c {
                    ',' => '.',
                    '.' => ',',
                    c => c,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, fmt_num};

    #[test]
    fn numbers_are_grouped_and_rounded() {
        assert_eq!(fmt_num(1234567.4), "1,234,567");
        assert_eq!(fmt_num(-1234.0), "-1,234");
        assert_eq!(fmt_num(12.345), "12.3");
        assert_eq!(fmt_num(0.12345), "0.123");
        assert_eq!(fmt_num(100.0), "100");
        assert_eq!(fmt_num(0.0), "0");
    }

    #[test]
    fn numbers_and_money_in_both_languages() {
        assert_eq!(Lang::En.num(1234567.4), "1,234,567");
        assert_eq!(Lang::Nl.num(1234567.4), "1.234.567");
        assert_eq!(Lang::Nl.num(12.345), "12,3");
        assert_eq!(Lang::En.money(-12_700_000.0), "-€12.7 mln");
        assert_eq!(Lang::Nl.money(-12_700_000.0), "€ -12,7 mln");
        assert_eq!(Lang::Nl.money(256_400_000.0), "€ 256,4 mln");
        assert_eq!(Lang::En.money(45_600.0), "€46 k");
        assert_eq!(Lang::En.money(950.0), "€950");
        assert_eq!(Lang::Nl.pct(0.047), "4,7%");
        assert_eq!(Lang::En.fixed(-0.04, 1), "0.0");
        assert_eq!(Unit::Count.tick(3.5, Lang::Nl), "3,5");
        assert_eq!(Unit::Count.tick(3.0, Lang::Nl), "3");
        assert_eq!(Unit::Count.tick(2.25, Lang::En), "2.25");
        assert_eq!(Unit::Count.tick(3500.0, Lang::Nl), "3.500");
        assert_eq!(Lang::Nl.label("total_cost"), "Totale kosten (€)");
        assert_eq!(Lang::Nl.label("family_based"), "gezinsvorm");
        assert_eq!(Lang::En.label("no_such_key"), "no_such_key");
        // Units come from the metrics' declarations, then from the name.
        use super::Unit;
        assert_eq!(Unit::of("budget_overrun_probability"), Unit::Share);
        assert_eq!(Unit::of("expected_year_overrun_chance_only"), Unit::Money);
        assert_eq!(Unit::of("cost_segment_IAJ"), Unit::Money);
        assert_eq!(Unit::of("mean_wait_months"), Unit::Count);
        assert_eq!(Unit::of("solidarity_transfer"), Unit::Money);
        assert_eq!(Unit::of("cost_difference_price"), Unit::Money);
        assert_eq!(Unit::of("actual_use_cost"), Unit::Money);
    }
}
