//! Fitting a scenario to a region's data (`jeugdsim init --from`): referral rates per
//! municipality and sub-segment from the starts, the monthly hazard of leaving care from
//! the stops over the youth-months in care, each product's share and use per client from
//! the declarations, tariffs and contracts from their tables, and the stock on the base
//! date. What the data cannot give keeps a default, marked `[assumption]` in the file and
//! listed by the command.

use super::RegionData;
use super::recorded::{Recorded, recorded, stock};
use crate::model::Unit;
use crate::scenario::variants::ron_string as q;
use std::fmt::Write;

/// A product's fit: its share of the sub-segment's clients and its use per client-month.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProductFit {
    pub share: f64,
    pub mean: f64,
    pub cv: f64,
    /// Client-months declared, and the declaration rows they came from.
    pub client_months: f64,
    pub rows: usize,
}

/// The values fitted.
#[derive(Debug, Clone)]
pub struct Fit {
    /// Per municipality × sub-segment: starts per youth aged 0–17 per year.
    pub rates: Vec<f64>,
    /// Per sub-segment: the monthly hazard of leaving care, and the stops and
    /// youth-months it comes from.
    pub hazards: Vec<f64>,
    pub stops: Vec<f64>,
    pub youth_months: Vec<f64>,
    pub products: Vec<ProductFit>,
    /// What the data could not give: a default was written, marked `[assumption]`.
    pub assumptions: Vec<String>,
    recorded: Vec<Recorded>,
}

/// Fits the data.
pub fn fit(d: &RegionData) -> Fit {
    let (nm, ns) = (d.municipalities.len(), d.subs.len());
    let rec = recorded(d);
    let mut rates = vec![0.0; nm * ns];
    for (m, mu) in d.municipalities.iter().enumerate() {
        for s in 0..ns {
            if mu.youth_0_17 > 0.0 {
                rates[m * ns + s] = rec[m * ns + s].starts / mu.youth_0_17;
            }
        }
    }
    let mut assumptions = Vec::new();
    let (mut hazards, mut stops, mut youth_months) = (vec![0.0; ns], vec![0.0; ns], vec![0.0; ns]);
    for s in 0..ns {
        stops[s] = (0..nm).map(|m| rec[m * ns + s].stops).sum();
        youth_months[s] = (0..nm).map(|m| rec[m * ns + s].youth_months).sum();
        hazards[s] = if youth_months[s] > 0.0 {
            (stops[s] / youth_months[s]).min(1.0)
        } else {
            assumptions.push(format!(
                "sub-segment `{}`: no youths in care in the base year, so no hazard of leaving care can be fitted; 0.1 a month is assumed",
                d.subs[s].name
            ));
            0.1
        };
    }
    let products = products(d, &rec, &mut assumptions);
    assumptions.extend(
        [
            "one need level `standaard`: declarations carry no need level",
            "indications last 12 months and are always extended (extend_probability 1.0): care ends only by the hazard fitted from the stops",
            "care continues past 18 up to 23 (at_18 continue 1.0): the data hold no ages, so the stops alone set how long care lasts",
            "every contract is paid P×Q (per unit at its tariff), as the declarations were",
            "every provider serves every municipality; placement favours the larger providers (quality_weight 1)",
            "no waiting effects (escalation, crisis, dropout while waiting) and no relapse",
            "running indications on the base date have 1 to 12 months left",
        ]
        .map(String::from),
    );
    for c in &d.contracts {
        if c.places.is_none() {
            assumptions.push(format!(
                "provider `{}` in `{}`: no places given{}, so its capacity is unlimited",
                d.providers[c.provider],
                d.subs[c.sub].name,
                if c.fte.is_some() { " (only fte)" } else { "" }
            ));
        }
    }
    Fit {
        rates,
        hazards,
        stops,
        youth_months,
        products,
        assumptions,
        recorded: rec,
    }
}

fn products(d: &RegionData, rec: &[Recorded], assumptions: &mut Vec<String>) -> Vec<ProductFit> {
    let ns = d.subs.len();
    let mut out = Vec::with_capacity(d.products.len());
    for (k, p) in d.products.iter().enumerate() {
        let lines: Vec<_> = d.declarations.iter().filter(|x| x.product == k).collect();
        let client_months: f64 = lines.iter().map(|x| f64::from(x.clients)).sum();
        let units: f64 = lines.iter().map(|x| x.units).sum();
        let starts: f64 = (0..d.municipalities.len())
            .map(|m| rec[m * ns + p.sub].starts)
            .sum();
        let mean = if p.unit == Unit::Trajectory {
            // Units per trajectory: over the trajectories started.
            if starts > 0.0 { units / starts } else { 1.0 }
        } else if client_months > 0.0 {
            units / client_months
        } else {
            0.0
        };
        // Between clients: each line's mean use per client varies around the product's
        // mean with variance σ²/n, so n·(ū − μ)² estimates σ².
        let with_clients: Vec<_> = lines.iter().filter(|x| x.clients > 0).collect();
        let cv = if with_clients.len() > 1 && mean > 0.0 && p.unit != Unit::Trajectory {
            let s2 = with_clients
                .iter()
                .map(|x| {
                    let n = f64::from(x.clients);
                    n * (x.units / n - mean).powi(2)
                })
                .sum::<f64>()
                / (with_clients.len() - 1) as f64;
            (s2.sqrt() / mean).min(3.0)
        } else {
            0.0
        };
        if client_months == 0.0 {
            assumptions.push(format!(
                "product `{}`: never declared in the base year; its share is 0",
                p.code
            ));
        }
        out.push(ProductFit {
            share: 0.0,
            mean,
            cv,
            client_months,
            rows: lines.len(),
        });
    }
    // One product per placement: its share of the sub-segment's declared client-months.
    for s in 0..ns {
        let total: f64 = d
            .products
            .iter()
            .zip(&out)
            .filter(|(p, _)| p.sub == s)
            .map(|(_, f)| f.client_months)
            .sum();
        let count = d.products.iter().filter(|p| p.sub == s).count() as f64;
        for (_, f) in d
            .products
            .iter()
            .zip(out.iter_mut())
            .filter(|(p, _)| p.sub == s)
        {
            f.share = if total > 0.0 {
                f.client_months / total
            } else {
                1.0 / count
            };
        }
    }
    out
}

/// A first question to compare (`jeugdsim compare`): the ambulant sub-segments under a
/// lumpsum instead of P×Q.
fn variants(o: &mut String, d: &RegionData) {
    let ambulant: Vec<&super::check::SubSegment> = d
        .subs
        .iter()
        .filter(|s| s.kind == crate::model::Kind::Ambulant)
        .collect();
    if ambulant.is_empty() {
        return;
    }
    o.push_str(
        "    // [assumption] A first question for `jeugdsim compare`: the ambulant care under a\n",
    );
    o.push_str("    // lumpsum 5% below the base year's turnover. Edit or add variants (docs/scenario.md).\n");
    o.push_str(
        "    variants: [\n        (name: \"pxq\"),\n        (name: \"lumpsum_ambulant\", set: {\n",
    );
    for s in ambulant {
        let _ = writeln!(
            o,
            "            \"segments[{}].sub_segments[{}].financing\": Lumpsum(discount: 0.05),",
            d.segments[s.segment], s.name
        );
    }
    o.push_str("        }),\n    ],\n");
}

/// Rows `a`–`b` (or `a`) of `table`, for a comment.
fn rows(table: &str, numbers: impl Iterator<Item = usize>) -> String {
    let v: Vec<usize> = numbers.collect();
    match (v.iter().min(), v.iter().max()) {
        (Some(a), Some(b)) if a == b => format!("{table} row {a}"),
        (Some(a), Some(b)) => format!("{table} rows {a}-{b} ({} rows)", v.len()),
        _ => format!("{table}: no rows"),
    }
}

fn unit_name(u: Unit) -> &'static str {
    match u {
        Unit::Minute => "minute",
        Unit::Hour => "hour",
        Unit::Day => "day",
        Unit::Month => "month",
        Unit::Trajectory => "trajectory",
    }
}

/// Rounds for the file: enough digits to reproduce the fit.
fn r(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

impl Fit {
    /// The scenario file, every fitted value with a comment naming its source.
    pub fn scenario(&self, d: &RegionData, name: &str, from: &str) -> String {
        let mut o = String::new();
        let ns = d.subs.len();
        let _ = writeln!(
            o,
            "// Fitted by `jeugdsim init --from {from}` to the data of {} for base year {}.",
            d.region, d.base_year
        );
        let _ = writeln!(
            o,
            "// Every fitted value names its source table and rows; values the data cannot give are"
        );
        let _ = writeln!(
            o,
            "// marked [assumption]. The simulation starts on the base date ({}-01-01) from the",
            d.base_year
        );
        let _ = writeln!(
            o,
            "// recorded caseload and waiting list (`stock`); its first year is the base year, which"
        );
        let _ = writeln!(o, "// `jeugdsim backcast` compares with what was recorded.");
        let _ = writeln!(
            o,
            "(\n    name: {},\n    start: \"{}-01\",\n    horizon_months: 60,\n    replications: 200,\n    seed: 1,",
            q(name),
            d.base_year
        );
        let _ = writeln!(
            o,
            "    // [assumption] Declarations carry no need level: one level.\n    need_levels: [\"standaard\"],"
        );
        let budgets: Option<f64> = d.municipalities.iter().map(|m| m.budget_per_year).sum();
        if let Some(b) = budgets {
            let _ = writeln!(
                o,
                "    // Σ of the municipalities' budgets ({}).",
                rows("gemeenten", d.municipalities.iter().map(|m| m.row))
            );
            let _ = writeln!(o, "    budget_per_year: {},", r(b));
        }
        self.municipalities(&mut o, d);
        self.referral(&mut o, d);
        o.push_str("    segments: [\n");
        for (g, segment) in d.segments.iter().enumerate() {
            let _ = writeln!(
                o,
                "        (\n            name: {},\n            sub_segments: [",
                q(segment)
            );
            for s in (0..ns).filter(|&s| d.subs[s].segment == g) {
                self.sub_segment(&mut o, d, s);
            }
            o.push_str("            ],\n        ),\n");
        }
        o.push_str("    ],\n");
        self.stock(&mut o, d);
        variants(&mut o, d);
        o.push_str(")\n");
        o
    }

    fn municipalities(&self, o: &mut String, d: &RegionData) {
        let ns = d.subs.len();
        o.push_str("    municipalities: [\n");
        for (m, mu) in d.municipalities.iter().enumerate() {
            let starts: f64 = (0..ns).map(|s| self.recorded[m * ns + s].starts).sum();
            let mrows = d.mutations.iter().filter(|x| x.muni == m).map(|x| x.row);
            let _ = writeln!(
                o,
                "        // gemeenten row {}; referral_rate: {} starts ({}) / youth_0_17 a year.",
                mu.row,
                r(starts),
                rows("mutaties", mrows)
            );
            let _ = write!(
                o,
                "        (name: {}, youth_0_17: {}, youth_18_22: {}, referral_rate: {}",
                q(&mu.name),
                r(mu.youth_0_17),
                r(mu.youth_18_22),
                r(if mu.youth_0_17 > 0.0 {
                    starts / mu.youth_0_17
                } else {
                    0.0
                })
            );
            if let Some(b) = mu.budget_per_year {
                let _ = write!(o, ", budget_per_year: {}", r(b));
            }
            if let Some(s) = mu.agreed_cost_share {
                let _ = write!(o, ", agreed_cost_share: {}", r(s));
            }
            if starts > 0.0 {
                o.push_str(",\n         // Its starts per sub-segment (mutaties).\n         sub_segment_shares: {");
                let parts: Vec<String> = (0..ns)
                    .filter(|&s| self.recorded[m * ns + s].starts > 0.0)
                    .map(|s| {
                        format!(
                            "{}: {}",
                            q(&d.subs[s].name),
                            self.recorded[m * ns + s].starts / starts
                        )
                    })
                    .collect();
                o.push_str(&parts.join(", "));
                o.push('}');
            }
            o.push_str("),\n");
        }
        o.push_str("    ],\n");
    }

    fn referral(&self, o: &mut String, d: &RegionData) {
        let ns = d.subs.len();
        let total: f64 = self.recorded.iter().map(|r| r.starts).sum();
        let _ = writeln!(
            o,
            "    referral: (\n        // [assumption] One referrer; nothing is resolved in the sociale basis.\n        referrers: [(name: \"toegang\", share: 1.0)],\n        need_shares: {{\"standaard\": 1.0}},"
        );
        let _ = writeln!(
            o,
            "        // The region's starts per sub-segment (mutaties); municipalities use their own shares."
        );
        let parts: Vec<String> = (0..ns)
            .map(|s| {
                let starts: f64 = (0..d.municipalities.len())
                    .map(|m| self.recorded[m * ns + s].starts)
                    .sum();
                (s, starts)
            })
            .filter(|&(_, x)| x > 0.0 || total == 0.0)
            .map(|(s, x)| {
                format!(
                    "{}: {}",
                    q(&d.subs[s].name),
                    if total > 0.0 {
                        x / total
                    } else {
                        1.0 / ns as f64
                    }
                )
            })
            .collect();
        let _ = writeln!(
            o,
            "        triage: {{\"standaard\": {{{}}}}},\n    ),",
            parts.join(", ")
        );
    }

    fn sub_segment(&self, o: &mut String, d: &RegionData, s: usize) {
        let sub = &d.subs[s];
        let ind = "                ";
        let _ = writeln!(
            o,
            "            (\n{ind}name: {},\n{ind}kind: {},\n{ind}products: [",
            q(&sub.name),
            sub.kind.name()
        );
        for (k, p) in d.products.iter().enumerate().filter(|(_, p)| p.sub == s) {
            let f = &self.products[k];
            let _ = writeln!(
                o,
                "{ind}    // producten row {}; share, mean and cv from {} declaration rows ({} client-months).",
                p.row,
                f.rows,
                r(f.client_months)
            );
            let _ = writeln!(
                o,
                "{ind}    (name: {}, unit: {}, tariff: {}, share: {}, usage: {{\"standaard\": (mean: {}, cv: {})}}),",
                q(&p.name),
                unit_name(p.unit),
                r(p.tariff),
                f.share,
                r(f.mean),
                r(f.cv)
            );
        }
        let _ = writeln!(
            o,
            "{ind}],\n{ind}// [assumption] Care ends by the hazard below, not at an indication's end.\n{ind}indication_months: {{\"standaard\": 12}},\n{ind}extend_probability: 1.0,"
        );
        let _ = writeln!(
            o,
            "{ind}// {} stops / {} youth-months in care (zorgstand on the base date, mutaties).",
            r(self.stops[s]),
            r(self.youth_months[s])
        );
        let _ = writeln!(
            o,
            "{ind}hazards: {{\"standaard\": (success: {})}},",
            r(self.hazards[s])
        );
        let _ = writeln!(
            o,
            "{ind}// [assumption] The data hold no ages: care continues past 18.\n{ind}at_18: (continue: 1.0, end: 0.0, max_age_years: 23),"
        );
        // Ranked by declared volume, largest first.
        let mut contracts: Vec<_> = d.contracts.iter().filter(|c| c.sub == s).collect();
        let volume = |provider: usize| -> i64 {
            d.declarations
                .iter()
                .filter(|x| x.provider == provider && d.products[x.product].sub == s)
                .map(|x| x.cents)
                .sum()
        };
        contracts.sort_by_key(|c| std::cmp::Reverse(volume(c.provider)));
        let _ = writeln!(
            o,
            "{ind}// {}; ranked by declared volume.",
            rows("aanbieders", contracts.iter().map(|c| c.row))
        );
        o.push_str(&format!("{ind}providers: Listed([\n"));
        for c in contracts {
            let capacity = c
                .places
                .map_or(String::new(), |p| format!(", capacity: {p}"));
            let org = c
                .organisation
                .as_ref()
                .map_or(String::new(), |g| format!(" // organisation {}", q(g)));
            let _ = writeln!(
                o,
                "{ind}    (name: {}{capacity}),{org}",
                q(&d.providers[c.provider])
            );
        }
        let _ = writeln!(o, "{ind}]),\n            ),");
    }

    fn stock(&self, o: &mut String, d: &RegionData) {
        let ns = d.subs.len();
        let st = stock(d);
        let _ = writeln!(
            o,
            "    // The base date's caseload (zorgstand) and waiting list (wachtlijst).\n    stock: ["
        );
        for (m, mu) in d.municipalities.iter().enumerate() {
            for s in 0..ns {
                let (in_care, waiting) = st[m * ns + s];
                if in_care + waiting == 0 {
                    continue;
                }
                let crow = d
                    .caseload
                    .iter()
                    .filter(|c| c.muni == m && c.sub == s)
                    .map(|c| c.row);
                let _ = writeln!(o, "        // {}", rows("zorgstand", crow));
                let _ = writeln!(
                    o,
                    "        (municipality: {}, sub_segment: {}, in_care: {in_care}, waiting: {waiting}),",
                    q(&mu.name),
                    q(&d.subs[s].name)
                );
            }
        }
        o.push_str("    ],\n");
    }
}
