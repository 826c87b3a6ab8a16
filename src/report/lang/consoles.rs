//! The phrases of the answer at a glance and of the sweep, sensitivity and optimise
//! consoles, in English and Dutch (the rest is in `phrases`).

/// (key, English, Dutch).
pub(super) const PHRASES: &[(&str, &str, &str)] = &[
    (
        "glance.title",
        "The answer at a glance — against {b}, {period}",
        "Het antwoord in één oogopslag — tegenover {b}, {period}",
    ),
    (
        "glance.legend",
        "difference from the baseline [95% CI]; ✓ better, ✗ worse, n.s. not significant (the CI includes 0)",
        "verschil met de basis [95%-BI]; ✓ beter, ✗ slechter, n.s. niet significant (het BI omvat 0)",
    ),
    (
        "glance.legend_html",
        "Difference from the baseline with its 95% CI. Green is better, red is worse; grey is not significant (the CI includes 0) or unchanged.",
        "Verschil met de basis met het 95%-BI. Groen is beter, rood is slechter; grijs is niet significant (het BI omvat 0) of onveranderd.",
    ),
    ("glance.ns", "n.s.", "n.s."),
    ("glance.ci95", "95% CI", "95%-BI"),
    ("glance.points", "%-pt", "%-punt"),
    (
        "glance.cost",
        "Total cost incl. administration",
        "Totale kosten incl. uitvoering",
    ),
    (
        "glance.care_forgone",
        "Care forgone (months)",
        "Niet-geleverde zorg (mnd)",
    ),
    ("glance.waiting", "Youths waiting", "Wachtenden"),
    ("glance.forced", "Forced changes", "Gedwongen wisselingen"),
    ("glance.loss", "Providers with a loss", "Aanbieders met verlies"),
    (
        "glance.over_budget",
        "Chance of a year over budget",
        "Kans jaar boven budget",
    ),
    ("glance.of_which", "of which", "waarvan"),
    ("glance.care", "care {x}", "zorg {x}"),
    ("glance.administration", "administration {x}", "uitvoering {x}"),
    (
        "glance.unpaid_more",
        "providers deliver {x} more care than they are paid for",
        "aanbieders leveren {x} meer zorg dan zij betaald krijgen",
    ),
    (
        "glance.unpaid_less",
        "payments exceed the care delivered at tariff by {x} more",
        "betalingen liggen {x} verder boven de tegen tarief geleverde zorg",
    ),
    (
        "glance.qualified",
        "fewer youths wait because care is cut short: care forgone rises",
        "minder jeugdigen wachten doordat zorg wordt ingekort: de niet-geleverde zorg stijgt",
    ),
    ("glance.explanation", "In full", "Toelichting"),
];
