//! The phrases of the answer at a glance, of the sweep and optimise pages and of the
//! sweep, sensitivity and optimise consoles, in English and Dutch (the rest is in
//! `phrases`).

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
    (
        "glance.loss",
        "Providers with a loss",
        "Aanbieders met verlies",
    ),
    (
        "glance.over_budget",
        "Chance of a year over budget",
        "Kans jaar boven budget",
    ),
    ("glance.of_which", "of which", "waarvan"),
    ("glance.care", "care {x}", "zorg {x}"),
    (
        "glance.administration",
        "administration {x}",
        "uitvoering {x}",
    ),
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
    ("search.sweep", "sweep", "variatie"),
    ("search.optimise", "optimise", "optimalisatie"),
    (
        "search.sweep_chosen",
        "The smallest value that meets {target} in 95% of replications (its {q}) is {value}.",
        "De kleinste waarde die {target} haalt in 95% van de replicaties (het {q}) is {value}.",
    ),
    (
        "search.sweep_none",
        "No value in the range meets {target} in 95% of replications (its {q}).",
        "Geen waarde in het bereik haalt {target} in 95% van de replicaties (het {q}).",
    ),
    (
        "search.quantile_line",
        "{q} over replications (what the target is tested on)",
        "{q} over de replicaties (waarop het doel getoetst wordt)",
    ),
    (
        "search.sweep_caption_quantile",
        "The line is the {q} over replications for each value, the statistic the target {target} is tested on; the dashed line is the target, the green line the smallest value that meets it.",
        "De lijn is het {q} over de replicaties per waarde, de grootheid waarop het doel {target} getoetst wordt; de gestreepte lijn is het doel, de groene lijn de kleinste waarde die het haalt.",
    ),
    ("search.meets", "meets the target", "haalt het doel"),
    ("search.yes", "yes", "ja"),
    ("search.no", "no", "nee"),
    (
        "search.optimise_intro",
        "The smallest number of providers per sub-segment such that {target} holds in {pct}% of replications; {evaluated} candidates evaluated on the same children.",
        "Het kleinste aantal aanbieders per subsegment waarbij {target} geldt in {pct}% van de replicaties; {evaluated} kandidaten doorgerekend op dezelfde kinderen.",
    ),
    (
        "search.optimise_meets",
        "With {total} providers the target {target} holds in {share} of replications (needed: {need}); its {q} is {value}; the market costs {cost} over the horizon.",
        "Met {total} aanbieders geldt het doel {target} in {share} van de replicaties (nodig: {need}); het {q} is {value}; de markt kost {cost} over de looptijd.",
    ),
    (
        "search.optimise_misses",
        "Even the largest market ({total} providers) meets {target} in only {share} of replications (needed: {need}); its {q} is {value}; it costs {cost} over the horizon.",
        "Zelfs de grootste markt ({total} aanbieders) haalt {target} in maar {share} van de replicaties (nodig: {need}); het {q} is {value}; zij kost {cost} over de looptijd.",
    ),
    (
        "search.optimise_caption",
        "Every candidate the search evaluated, by its number of providers (for each number the last one). The line is the {q} over replications, the statistic the target {target} is tested on; the dashed line is the target, the green line the solution.",
        "Elke doorgerekende kandidaat, naar aantal aanbieders (per aantal de laatste). De lijn is het {q} over de replicaties, de grootheid waarop het doel {target} getoetst wordt; de gestreepte lijn is het doel, de groene lijn de oplossing.",
    ),
    (
        "search.optimise_cost_caption",
        "What the market costs at the same candidates: the mean with its 95% CI, on the same children.",
        "Wat de markt kost bij dezelfde kandidaten: het gemiddelde met het 95%-BI, voor dezelfde kinderen.",
    ),
    ("search.sub_segment", "sub-segment", "subsegment"),
    ("search.min", "min", "min"),
    ("search.max", "max", "max"),
    (
        "search.at_solution",
        "providers at the solution",
        "aanbieders in de oplossing",
    ),
    ("search.total", "total", "totaal"),
    (
        "optimise.headline",
        "{replications} replications per candidate (common random numbers), {seconds} s",
        "{replications} replicaties per kandidaat (gemeenschappelijke toevalsgetallen), {seconds} s",
    ),
    (
        "optimise.found",
        "Found: {evaluated} candidates evaluated; target {target} in {pct}% of replications: met",
        "Gevonden: {evaluated} kandidaten doorgerekend; doel {target} in {pct}% van de replicaties: gehaald",
    ),
    (
        "optimise.not_met",
        "Not met: {evaluated} candidates evaluated; target {target} in {pct}% of replications: not met even at every sub-segment's max",
        "Niet gehaald: {evaluated} kandidaten doorgerekend; doel {target} in {pct}% van de replicaties: niet gehaald, zelfs niet met het maximum van elk subsegment",
    ),
    ("optimise.providers", "providers", "aanbieders"),
    ("optimise.binding", "one fewer breaks", "één minder breekt"),
    ("optimise.floor_min", "the min", "het minimum"),
    (
        "optimise.floor_specialisms",
        "the specialisms required",
        "de vereiste specialismen",
    ),
    (
        "optimise.floor_coverage",
        "the coverage of municipalities",
        "de dekking van gemeenten",
    ),
    ("optimise.target", "target", "doel"),
    ("optimise.tested", "tested on", "getoetst op"),
    ("optimise.share", "holds in", "geldt in"),
    ("optimise.all_at_once", "all at once", "alle tegelijk"),
    (
        "optimise.weakest_share",
        "Share of replications meeting the weakest target",
        "Aandeel replicaties dat het zwakste doel haalt",
    ),
    (
        "optimise.weakest_caption",
        "Each candidate the search evaluated, by its number of providers: the share of replications in which its weakest target holds; every target must hold in {pct}.",
        "Elke doorgerekende kandidaat, naar aantal aanbieders: het aandeel replicaties waarin het zwakste doel geldt; elk doel moet gelden in {pct}.",
    ),
    (
        "optimise.all_line",
        "All {n} targets at once: {share}% of replications; the weakest is {weakest}.",
        "Alle {n} doelen tegelijk: {share}% van de replicaties; het zwakste is {weakest}.",
    ),
    (
        "optimise.outcome",
        "{metric}: {target} in {share}% of replications ({value} at the quantile); total cost {cost} [{lo} – {hi}]",
        "{metric}: {target} in {share}% van de replicaties ({value} op het kwantiel); totale kosten {cost} [{lo} – {hi}]",
    ),
    (
        "sweep.headline",
        "{path} = {range} ({values} values × {replications} replications, common random numbers)",
        "{path} = {range} ({values} waarden × {replications} replicaties, gemeenschappelijke toevalsgetallen)",
    ),
    ("sweep.value", "value", "waarde"),
    (
        "sweep.column",
        "{metric} (mean, 95% CI)",
        "{metric} (gem., 95%-BI)",
    ),
    (
        "sweep.target_met",
        "  target met (95%)",
        "  doel gehaald (95%)",
    ),
    (
        "sweep.unknown_metric",
        "(unknown metric)",
        "(onbekende maatstaf)",
    ),
    (
        "sweep.smallest",
        "Smallest {path} meeting {target} in 95% of replications: {value}",
        "Kleinste {path} die {target} haalt in 95% van de replicaties: {value}",
    ),
    (
        "sweep.none",
        "No value meets {target} in 95% of replications.",
        "Geen waarde haalt {target} in 95% van de replicaties.",
    ),
    (
        "sensitivity.headline",
        "{parameters} parameters × 2 values × {replications} replications (common random numbers), {seconds} s",
        "{parameters} parameters × 2 waarden × {replications} replicaties (gemeenschappelijke toevalsgetallen), {seconds} s",
    ),
    (
        "sensitivity.headline_variants",
        "{parameters} parameters × 2 values × 2 variants × {replications} replications (common random numbers), {seconds} s",
        "{parameters} parameters × 2 waarden × 2 varianten × {replications} replicaties (gemeenschappelijke toevalsgetallen), {seconds} s",
    ),
    (
        "sensitivity.effect_on",
        "Effect on {measure} of each parameter from low to high (paired, 95% CI):",
        "Effect op {measure} van elke parameter van laag naar hoog (gepaard, 95%-BI):",
    ),
    (
        "sensitivity.sign_exceeds",
        "{v} − {b} on {metric} changes sign within the range of {parameter}: it is negative (the variant lower) only if {parameter} exceeds {x}.",
        "{v} − {b} op {metric} wisselt van teken binnen het bereik van {parameter}: het is alleen negatief (de variant lager) als {parameter} boven {x} ligt.",
    ),
    (
        "sensitivity.sign_stays_below",
        "{v} − {b} on {metric} changes sign within the range of {parameter}: it is negative (the variant lower) only if {parameter} stays below {x}.",
        "{v} − {b} op {metric} wisselt van teken binnen het bereik van {parameter}: het is alleen negatief (de variant lager) als {parameter} onder {x} blijft.",
    ),
    ("sensitivity.note", "note:", "let op:"),
    (
        "sensitivity.settled",
        "each parameter ran until its place in the ranking was settled: {least} to {most} of {replications} replications (column `replications`); --full runs every parameter at all {replications}",
        "elke parameter liep tot zijn plaats in de rangorde vaststond: {least} tot {most} van {replications} replicaties (kolom `replications`); --full draait elke parameter alle {replications}",
    ),
    (
        "sensitivity.settled_together",
        "every parameter's place in the ranking was settled after {least} of {replications} replications (column `replications`); --full runs every parameter at all {replications}",
        "de plaats van elke parameter in de rangorde stond vast na {least} van {replications} replicaties (kolom `replications`); --full draait elke parameter alle {replications}",
    ),
    (
        "sensitivity.left_out",
        "left out, as parameters of variants not run here: {list}",
        "weggelaten, als parameters van varianten die hier niet draaien: {list}",
    ),
    (
        "sensitivity.ranks_baseline",
        "this ranks the baseline's {metric}; to rank what decides a comparison, add --variant {v} (its difference from {b})",
        "dit rangschikt {metric} van de basis; om te rangschikken wat een vergelijking beslist, voeg --variant {v} toe (het verschil met {b})",
    ),
    ("console.wrote", "wrote", "geschreven:"),
    (
        "console.from_to",
        "{name} {lo} to {hi}",
        "{name} {lo} tot {hi}",
    ),
    ("console.replications", "replications", "replicaties"),
    ("xlsx.percent", "difference (%)", "verschil (%)"),
    (
        "xlsx.consists",
        "what the cost difference consists of",
        "waaruit het kostenverschil bestaat",
    ),
    ("xlsx.differences", "differences", "verschillen"),
];
