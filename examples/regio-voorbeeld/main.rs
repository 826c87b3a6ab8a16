//! Writes the synthetic data set of `examples/regio-voorbeeld/` (a made-up region of four
//! municipalities) and the parameters that generated it (`parameters.csv`):
//!
//!     cargo run --release --example regio-voorbeeld
//!
//! The region is invented; only its orders of magnitude follow public figures (see the
//! README beside this file). Youths start care as a Poisson stream per municipality and
//! sub-segment, choose a provider by rank, get one product with a monthly use drawn once
//! per youth (gamma), and leave care with a fixed monthly hazard. Ten years are simulated
//! before the base year, so the caseload on the base date is settled. The same seed
//! writes the same files.

use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Distribution, Gamma, Poisson};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::BTreeMap;
use std::path::Path;

const BASE_YEAR: i32 = 2024;
const BURN_IN: usize = 120;

struct Muni {
    name: &'static str,
    young: u32,
    older: u32,
    /// Multiplies every referral rate: municipalities differ.
    demand: f64,
    budget: f64,
    share: f64,
}

struct Product {
    code: &'static str,
    name: &'static str,
    unit: &'static str,
    tariff: f64,
    share: f64,
    mean: f64,
    cv: f64,
}

struct Sub {
    segment: &'static str,
    name: &'static str,
    kind: &'static str,
    /// Starts per youth aged 0-17 a year, before the municipality's demand factor.
    rate: f64,
    hazard: f64,
    products: &'static [Product],
    providers: &'static [(&'static str, &'static str, u32)],
}

const MUNIS: [Muni; 4] = [
    Muni {
        name: "Stedeburg",
        young: 52_000,
        older: 30_000,
        demand: 1.10,
        budget: 46_000_000.0,
        share: 0.43,
    },
    Muni {
        name: "Dorpwijk",
        young: 30_000,
        older: 16_500,
        demand: 0.90,
        budget: 19_500_000.0,
        share: 0.21,
    },
    Muni {
        name: "Polderveen",
        young: 26_000,
        older: 14_200,
        demand: 1.00,
        budget: 19_800_000.0,
        share: 0.19,
    },
    Muni {
        name: "Heidedal",
        young: 24_000,
        older: 13_000,
        demand: 0.85,
        budget: 14_800_000.0,
        share: 0.17,
    },
];

const SUBS: [Sub; 5] = [
    Sub {
        segment: "IAJ",
        name: "ondersteuning",
        kind: "ambulant",
        rate: 0.034,
        hazard: 0.10,
        products: &[Product {
            code: "45A48",
            name: "Ambulante begeleiding",
            unit: "uur",
            tariff: 72.40,
            share: 1.0,
            mean: 8.0,
            cv: 0.6,
        }],
        providers: &[
            ("Zorggroep Oost", "Zorggroep Oost", 2350),
            ("Kompas Jeugd", "Kompas", 1510),
            ("Buurtteam Plus", "Buurtteam Plus", 1010),
        ],
    },
    Sub {
        segment: "IAJ",
        name: "behandeling",
        kind: "ambulant",
        rate: 0.024,
        hazard: 0.12,
        products: &[
            Product {
                code: "45A53",
                name: "Ambulante behandeling",
                unit: "uur",
                tariff: 98.10,
                share: 0.8,
                mean: 5.0,
                cv: 0.5,
            },
            Product {
                code: "54001",
                name: "Behandeling GGZ specialistisch",
                unit: "uur",
                tariff: 112.50,
                share: 0.2,
                mean: 6.5,
                cv: 0.4,
            },
        ],
        providers: &[
            ("Kompas Jeugd", "Kompas", 1680),
            ("GGZ Rivierland", "GGZ Rivierland", 1470),
        ],
    },
    Sub {
        segment: "GWV",
        name: "pleegzorg",
        kind: "gezinsgericht",
        rate: 0.0024,
        hazard: 0.025,
        products: &[Product {
            code: "44A01",
            name: "Pleegzorg",
            unit: "etmaal",
            tariff: 45.20,
            share: 1.0,
            mean: 30.4,
            cv: 0.0,
        }],
        providers: &[
            ("Pleegzorg Regio", "Zorggroep Oost", 950),
            ("Gezin Voorop", "Gezin Voorop", 550),
        ],
    },
    Sub {
        segment: "GWV",
        name: "verblijf",
        kind: "residentieel",
        rate: 0.0019,
        hazard: 0.05,
        products: &[Product {
            code: "43A11",
            name: "Verblijf groep",
            unit: "etmaal",
            tariff: 238.00,
            share: 1.0,
            mean: 30.4,
            cv: 0.0,
        }],
        providers: &[
            ("Huize de Linde", "Zorggroep Oost", 360),
            ("Kompas Wonen", "Kompas", 250),
        ],
    },
    Sub {
        segment: "HCV",
        name: "gesloten",
        kind: "gesloten",
        rate: 0.0004,
        hazard: 0.11,
        products: &[Product {
            code: "47A01",
            name: "JeugdzorgPlus",
            unit: "etmaal",
            tariff: 525.00,
            share: 1.0,
            mean: 30.4,
            cv: 0.0,
        }],
        providers: &[("De Beschutte Haven", "De Beschutte Haven", 80)],
    },
];

struct Youth {
    muni: usize,
    sub: usize,
    provider: usize,
    product: usize,
    units: f64,
}

fn pick(rng: &mut impl Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut u = rng.random::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if u < *w {
            return i;
        }
        u -= w;
    }
    weights.len() - 1
}

fn write(dir: &Path, name: &str, header: &[&str], rows: Vec<Vec<String>>) {
    let mut w = csv::Writer::from_path(dir.join(name)).expect("writable folder");
    w.write_record(header).expect("csv");
    for r in rows {
        w.write_record(&r).expect("csv");
    }
    w.flush().expect("csv");
}

fn money(x: f64) -> String {
    format!("{x:.2}")
}

/// (municipality, provider, product key, month) → (clients, units, amount).
type Declared = BTreeMap<(usize, usize, usize, usize), (u32, f64, f64)>;
/// (month, municipality, sub-segment, provider) → (starts, stops).
type Mutations = BTreeMap<(usize, usize, usize, usize), (u32, u32)>;

/// What the base year recorded.
struct History {
    declared: Declared,
    mutations: Mutations,
    /// (municipality, sub-segment, provider) → youths in care on the base date.
    stock: BTreeMap<(usize, usize, usize), u32>,
}

/// Ten years before the base year, then the base year recorded.
fn simulate() -> History {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2024);
    let mut care: Vec<Youth> = Vec::new();
    // (muni, provider, product, month) → (clients, units, amount)
    let mut declared: Declared = BTreeMap::new();
    // (month, muni, sub, provider) → (starts, stops)
    let mut mutations: Mutations = BTreeMap::new();
    let mut stock: BTreeMap<(usize, usize, usize), u32> = BTreeMap::new();
    for t in 0..BURN_IN + 12 {
        let month = t.checked_sub(BURN_IN);
        if t == BURN_IN {
            for y in &care {
                *stock.entry((y.muni, y.sub, y.provider)).or_default() += 1;
            }
        }
        for (m, mu) in MUNIS.iter().enumerate() {
            for (s, sub) in SUBS.iter().enumerate() {
                let lambda = sub.rate * mu.demand * f64::from(mu.young) / 12.0;
                let n = Poisson::new(lambda)
                    .expect("positive rate")
                    .sample(&mut rng) as u32;
                for _ in 0..n {
                    let weights: Vec<f64> = (0..sub.providers.len())
                        .map(|r| 1.0 / (1.0 + r as f64))
                        .collect();
                    let provider = pick(&mut rng, &weights);
                    let shares: Vec<f64> = sub.products.iter().map(|p| p.share).collect();
                    let product = pick(&mut rng, &shares);
                    let p = &sub.products[product];
                    let units = if p.cv > 0.0 {
                        let shape = 1.0 / (p.cv * p.cv);
                        Gamma::new(shape, p.mean / shape)
                            .expect("gamma")
                            .sample(&mut rng)
                    } else {
                        p.mean
                    };
                    care.push(Youth {
                        muni: m,
                        sub: s,
                        provider,
                        product,
                        units,
                    });
                    if let Some(month) = month {
                        mutations.entry((month, m, s, provider)).or_default().0 += 1;
                    }
                }
            }
        }
        let mut staying = Vec::with_capacity(care.len());
        for y in care.drain(..) {
            if let Some(month) = month {
                let p = &SUBS[y.sub].products[y.product];
                let units = (y.units * 100.0).round() / 100.0;
                let e = declared
                    .entry((y.muni, y.provider, y.product + 10 * y.sub, month))
                    .or_default();
                e.0 += 1;
                e.1 += units;
                e.2 += (units * p.tariff * 100.0).round() / 100.0;
            }
            if rng.random::<f64>() < SUBS[y.sub].hazard {
                if let Some(month) = month {
                    mutations
                        .entry((month, y.muni, y.sub, y.provider))
                        .or_default()
                        .1 += 1;
                }
            } else {
                staying.push(y);
            }
        }
        care = staying;
    }
    History {
        declared,
        mutations,
        stock,
    }
}

/// The tables that describe the region (no flows).
fn write_region(dir: &Path) {
    write(
        dir,
        "regio.csv",
        &["regio", "basisjaar"],
        vec![vec!["Regio Voorbeeld".into(), BASE_YEAR.to_string()]],
    );
    write(
        dir,
        "gemeenten.csv",
        &[
            "gemeente",
            "jeugdigen_0_17",
            "jeugdigen_18_22",
            "budget_per_jaar",
            "aandeel_kostenverdeling",
        ],
        MUNIS
            .iter()
            .map(|m| {
                vec![
                    m.name.into(),
                    m.young.to_string(),
                    m.older.to_string(),
                    money(m.budget),
                    m.share.to_string(),
                ]
            })
            .collect(),
    );
    let mut rows = Vec::new();
    for sub in &SUBS {
        for (name, org, places) in sub.providers {
            rows.push(vec![
                name.to_string(),
                String::new(),
                org.to_string(),
                sub.name.into(),
                places.to_string(),
                String::new(),
            ]);
        }
    }
    write(
        dir,
        "aanbieders.csv",
        &[
            "aanbieder",
            "agb_code",
            "organisatie",
            "subsegment",
            "plaatsen",
            "fte",
        ],
        rows,
    );
    let mut rows = Vec::new();
    for sub in &SUBS {
        for p in sub.products {
            rows.push(vec![
                p.code.into(),
                p.name.into(),
                p.unit.into(),
                money(p.tariff),
                sub.kind.into(),
                sub.segment.into(),
                sub.name.into(),
            ]);
        }
    }
    write(
        dir,
        "producten.csv",
        &[
            "productcode",
            "product",
            "eenheid",
            "tarief",
            "soort",
            "segment",
            "subsegment",
        ],
        rows,
    );
}

/// The base year's declarations, caseload, waiting list, starts and stops, and the
/// generating parameters.
fn write_flows(dir: &Path, h: &History) {
    let ym = |m: usize| format!("{BASE_YEAR}-{:02}", m + 1);
    let (declared, mutations, stock) = (&h.declared, &h.mutations, &h.stock);
    let rows = declared
        .iter()
        .map(|(&(m, provider, key, month), &(clients, units, amount))| {
            let sub = &SUBS[key / 10];
            vec![
                MUNIS[m].name.into(),
                sub.providers[provider].0.into(),
                sub.products[key % 10].code.into(),
                ym(month),
                clients.to_string(),
                format!("{units:.2}"),
                money(amount),
            ]
        })
        .collect();
    write(
        dir,
        "declaraties.csv",
        &[
            "gemeente",
            "aanbieder",
            "productcode",
            "maand",
            "clienten",
            "eenheden",
            "bedrag",
        ],
        rows,
    );
    let rows = stock
        .iter()
        .map(|(&(m, s, provider), &n)| {
            vec![
                format!("{BASE_YEAR}-01-01"),
                MUNIS[m].name.into(),
                SUBS[s].name.into(),
                SUBS[s].providers[provider].0.into(),
                n.to_string(),
            ]
        })
        .collect();
    write(
        dir,
        "zorgstand.csv",
        &[
            "peildatum",
            "gemeente",
            "subsegment",
            "aanbieder",
            "clienten",
        ],
        rows,
    );
    write(
        dir,
        "wachtlijst.csv",
        &[
            "peildatum",
            "gemeente",
            "subsegment",
            "aanbieder",
            "wachtenden",
        ],
        Vec::new(),
    );
    let rows = mutations
        .iter()
        .map(|(&(month, m, s, provider), &(starts, stops))| {
            vec![
                ym(month),
                MUNIS[m].name.into(),
                SUBS[s].name.into(),
                SUBS[s].providers[provider].0.into(),
                starts.to_string(),
                stops.to_string(),
            ]
        })
        .collect();
    write(
        dir,
        "mutaties.csv",
        &[
            "maand",
            "gemeente",
            "subsegment",
            "aanbieder",
            "starts",
            "stops",
        ],
        rows,
    );
    write_parameters(dir);
}

/// The generating parameters, for the test that the fit recovers them.
fn write_parameters(dir: &Path) {
    let mut rows = Vec::new();
    for sub in &SUBS {
        for mu in &MUNIS {
            rows.push(vec![
                "rate".into(),
                mu.name.into(),
                sub.name.into(),
                (sub.rate * mu.demand).to_string(),
            ]);
        }
        rows.push(vec![
            "hazard".into(),
            String::new(),
            sub.name.into(),
            sub.hazard.to_string(),
        ]);
        for p in sub.products {
            rows.push(vec![
                "share".into(),
                String::new(),
                p.code.into(),
                p.share.to_string(),
            ]);
            rows.push(vec![
                "usage_mean".into(),
                String::new(),
                p.code.into(),
                p.mean.to_string(),
            ]);
            rows.push(vec![
                "usage_cv".into(),
                String::new(),
                p.code.into(),
                p.cv.to_string(),
            ]);
        }
    }
    write(
        dir,
        "parameters.csv",
        &["parameter", "gemeente", "subject", "value"],
        rows,
    );
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/regio-voorbeeld");
    let history = simulate();
    write_region(&dir);
    write_flows(&dir, &history);
    println!("wrote the example region's data to {}", dir.display());
}
