//! From the tables as read to a region's data: every name resolved, every date inside the
//! base year, no row twice; each problem with its file, sheet, row and column.

mod flows;

use super::read::{Cell, Problems, RawTable, cell};
use crate::model::{Kind, Unit};
use flows::{counts, declarations, mutations};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct Municipality {
    pub name: String,
    pub youth_0_17: f64,
    pub youth_18_22: f64,
    pub budget_per_year: Option<f64>,
    pub agreed_cost_share: Option<f64>,
    pub row: usize,
}

#[derive(Debug, Clone)]
pub struct SubSegment {
    pub name: String,
    pub segment: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub struct Product {
    pub code: String,
    pub name: String,
    pub unit: Unit,
    pub tariff: f64,
    pub sub: usize,
    pub row: usize,
}

#[derive(Debug, Clone)]
pub struct Contract {
    pub provider: usize,
    pub sub: usize,
    pub organisation: Option<String>,
    pub places: Option<u32>,
    pub fte: Option<f64>,
    pub row: usize,
}

/// A declaration line (iJW 303): a month of one product from one provider for one
/// municipality's clients.
#[derive(Debug, Clone, Copy)]
pub struct Declaration {
    pub muni: usize,
    pub provider: usize,
    pub product: usize,
    /// 0 = January of the base year.
    pub month: u32,
    pub clients: u32,
    pub units: f64,
    pub cents: i64,
    pub row: usize,
}

/// Youths counted in one sub-segment for one municipality (and provider) at a moment.
#[derive(Debug, Clone, Copy)]
pub struct Count {
    pub muni: usize,
    pub sub: usize,
    pub provider: Option<usize>,
    /// Months after the base date (0 = the base date, 12 = the end of the base year).
    pub at: u32,
    pub youths: u32,
    pub row: usize,
}

/// Starts and stops (iJW 305/307) in one month.
#[derive(Debug, Clone, Copy)]
pub struct Mutation {
    pub muni: usize,
    pub sub: usize,
    pub provider: usize,
    pub month: u32,
    pub starts: u32,
    pub stops: u32,
    pub row: usize,
}

/// A region's data, checked.
#[derive(Debug, Clone)]
pub struct RegionData {
    pub region: String,
    pub base_year: i32,
    pub municipalities: Vec<Municipality>,
    pub segments: Vec<String>,
    pub subs: Vec<SubSegment>,
    pub products: Vec<Product>,
    pub providers: Vec<String>,
    pub contracts: Vec<Contract>,
    pub declarations: Vec<Declaration>,
    pub caseload: Vec<Count>,
    pub waiting: Vec<Count>,
    pub mutations: Vec<Mutation>,
}

fn text(c: Cell) -> Option<String> {
    match c {
        Cell::Text(s) => Some(s),
        _ => None,
    }
}

fn number(c: Cell) -> Option<f64> {
    match c {
        Cell::Number(x) => Some(x),
        _ => None,
    }
}

fn date(c: Cell) -> Option<(i32, u32, u32)> {
    match c {
        Cell::Date(y, m, d) => Some((y, m, d)),
        _ => None,
    }
}

/// Names resolved to indices, with the table they are defined in.
struct Lookup<'a> {
    index: HashMap<String, usize>,
    what: &'a str,
    defined_in: &'a str,
}

impl Lookup<'_> {
    fn find(
        &self,
        t: &RawTable,
        row: usize,
        column: &str,
        name: Option<String>,
        p: &mut Problems,
    ) -> Option<usize> {
        let name = name?;
        match self.index.get(&name.to_lowercase()) {
            Some(&i) => Some(i),
            None => {
                p.at(
                    t,
                    row,
                    column,
                    format!(
                        "unknown {} `{name}`; expected one of the {} table",
                        self.what, self.defined_in
                    ),
                );
                None
            }
        }
    }
}

fn lookup<'a>(
    names: impl Iterator<Item = (String, usize)>,
    what: &'a str,
    defined_in: &'a str,
) -> Lookup<'a> {
    Lookup {
        index: names.map(|(n, i)| (n.to_lowercase(), i)).collect(),
        what,
        defined_in,
    }
}

fn kind(s: &str) -> Option<Kind> {
    Some(match s.to_lowercase().as_str() {
        "ambulant" => Kind::Ambulant,
        "gezinsgericht" | "family_based" | "gezinshuis" | "pleegzorg" => Kind::FamilyBased,
        "residentieel" | "residential" | "verblijf" => Kind::Residential,
        "gesloten" | "closed" => Kind::Closed,
        "crisis" => Kind::Crisis,
        _ => return None,
    })
}

fn unit(s: &str) -> Option<Unit> {
    Some(match s.to_lowercase().as_str() {
        "minuut" | "minute" | "01" | "1" => Unit::Minute,
        "uur" | "hour" | "04" | "4" => Unit::Hour,
        "etmaal" | "dag" | "day" | "14" => Unit::Day,
        "maand" | "month" => Unit::Month,
        "traject" | "trajectory" => Unit::Trajectory,
        _ => return None,
    })
}

/// Checks the tables read from `raw` (in `tables::TABLES` order).
pub fn check(raw: &[RawTable], p: &mut Problems) -> Option<RegionData> {
    let [
        regio,
        gemeenten,
        aanbieders,
        producten,
        declaraties,
        zorgstand,
        wachtlijst,
        mutaties,
    ] = raw
    else {
        return None;
    };
    let (region, base_year) = region(regio, p)?;
    let municipalities = municipalities(gemeenten, p);
    let (segments, subs, products) = products(producten, p);
    let munis = lookup(
        municipalities
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i)),
        "municipality",
        "`gemeenten`",
    );
    let sub_names = lookup(
        subs.iter().enumerate().map(|(i, s)| (s.name.clone(), i)),
        "sub-segment",
        "`producten` (column `subsegment`)",
    );
    let (providers, contracts, provider_names) = contracts(aanbieders, &sub_names, p);
    let product_codes = lookup(
        products
            .iter()
            .enumerate()
            .map(|(i, pr)| (pr.code.clone(), i)),
        "product code",
        "`producten`",
    );
    let declarations = declarations(
        declaraties,
        (&munis, &provider_names, &product_codes),
        (&products, &subs, &providers, &contracts),
        base_year,
        p,
    );
    let caseload = counts(
        zorgstand,
        (&munis, &sub_names, &provider_names),
        base_year,
        true,
        p,
    );
    let waiting = counts(
        wachtlijst,
        (&munis, &sub_names, &provider_names),
        base_year,
        false,
        p,
    );

    let mutations = mutations(
        mutaties,
        (&munis, &sub_names, &provider_names),
        base_year,
        p,
    );
    if declarations.is_empty() && p.is_empty() {
        p.table(
            &declaraties.source,
            "has no rows: the fit needs the base year's declarations",
        );
    }
    p.is_empty().then_some(RegionData {
        region,
        base_year,
        municipalities,
        segments,
        subs,
        products,
        providers,
        contracts,
        declarations,
        caseload,
        waiting,
        mutations,
    })
}

fn region(t: &RawTable, p: &mut Problems) -> Option<(String, i32)> {
    if t.rows.len() != 1 {
        p.table(
            &t.source,
            format!(
                "has {} rows; expected exactly one: the region and its base year",
                t.rows.len()
            ),
        );
        return None;
    }
    let row = &t.rows[0];
    let name = text(cell(t, row, 0, p))?;
    let year = number(cell(t, row, 1, p))?;
    if !(1900.0..=2200.0).contains(&year) {
        p.at(
            t,
            row.number,
            "basisjaar",
            format!("found {year}; expected a calendar year, e.g. 2024"),
        );
        return None;
    }
    Some((name, year as i32))
}

fn municipalities(t: &RawTable, p: &mut Problems) -> Vec<Municipality> {
    let mut out: Vec<Municipality> = Vec::new();
    for row in &t.rows {
        let name = text(cell(t, row, 0, p));
        let young = number(cell(t, row, 1, p));
        let older = number(cell(t, row, 2, p)).unwrap_or(0.0);
        let budget = number(cell(t, row, 3, p));
        let share = number(cell(t, row, 4, p));
        if let Some(s) = share
            && s > 1.0
        {
            p.at(
                t,
                row.number,
                "aandeel_kostenverdeling",
                format!("found {s}; expected a share between 0 and 1"),
            );
        }
        let (Some(name), Some(young)) = (name, young) else {
            continue;
        };
        if let Some(first) = out.iter().find(|m| m.name.eq_ignore_ascii_case(&name)) {
            p.at(
                t,
                row.number,
                "gemeente",
                format!("`{name}` is listed twice (first in row {})", first.row),
            );
            continue;
        }
        out.push(Municipality {
            name,
            youth_0_17: young,
            youth_18_22: older,
            budget_per_year: budget,
            agreed_cost_share: share,
            row: row.number,
        });
    }
    if out.is_empty() && t.rows.is_empty() {
        p.table(&t.source, "has no rows; expected one per municipality");
    }
    out
}

fn products(t: &RawTable, p: &mut Problems) -> (Vec<String>, Vec<SubSegment>, Vec<Product>) {
    let (mut segments, mut subs, mut products): (Vec<String>, Vec<SubSegment>, Vec<Product>) =
        Default::default();
    for row in &t.rows {
        let code = text(cell(t, row, 0, p));
        let name = text(cell(t, row, 1, p));
        let unit_text = text(cell(t, row, 2, p));
        let tariff = number(cell(t, row, 3, p));
        let kind_text = text(cell(t, row, 4, p));
        let segment = text(cell(t, row, 5, p));
        let sub = text(cell(t, row, 6, p));
        let u = unit_text.as_deref().and_then(|s| {
            let u = unit(s);
            if u.is_none() {
                p.at(
                    t,
                    row.number,
                    "eenheid",
                    format!("found `{s}`; expected minuut, uur, etmaal, maand or traject"),
                );
            }
            u
        });
        let k = kind_text.as_deref().and_then(|s| {
            let k = kind(s);
            if k.is_none() {
                p.at(t, row.number, "soort", format!("found `{s}`; expected ambulant, gezinsgericht, residentieel, gesloten or crisis"));
            }
            k
        });
        let (Some(code), Some(name), Some(u), Some(tariff), Some(k), Some(segment), Some(sub)) =
            (code, name, u, tariff, k, segment, sub)
        else {
            continue;
        };
        if let Some(first) = products.iter().find(|x| x.code.eq_ignore_ascii_case(&code)) {
            p.at(
                t,
                row.number,
                "productcode",
                format!("`{code}` is listed twice (first in row {})", first.row),
            );
            continue;
        }
        let seg = segments
            .iter()
            .position(|s| *s == segment)
            .unwrap_or_else(|| {
                segments.push(segment.clone());
                segments.len() - 1
            });
        let s = match subs.iter().position(|s| s.name == sub) {
            Some(i) => {
                if subs[i].segment != seg {
                    p.at(t, row.number, "segment", format!("sub-segment `{sub}` is in segment `{}` in an earlier row; a sub-segment belongs to one segment", segments[subs[i].segment]));
                }
                if subs[i].kind != k {
                    p.at(t, row.number, "soort", format!("sub-segment `{sub}` has kind `{}` in an earlier row; its products share one kind", subs[i].kind.name()));
                }
                i
            }
            None => {
                subs.push(SubSegment {
                    name: sub,
                    segment: seg,
                    kind: k,
                });
                subs.len() - 1
            }
        };
        products.push(Product {
            code,
            name,
            unit: u,
            tariff,
            sub: s,
            row: row.number,
        });
    }
    if products.is_empty() && t.rows.is_empty() {
        p.table(&t.source, "has no rows; expected one per product");
    }
    (segments, subs, products)
}

type Names<'a> = (&'a Lookup<'a>, &'a Lookup<'a>, &'a Lookup<'a>);

fn contracts<'a>(
    t: &RawTable,
    subs: &Lookup<'_>,
    p: &mut Problems,
) -> (Vec<String>, Vec<Contract>, Lookup<'a>) {
    let mut providers: Vec<String> = Vec::new();
    let mut codes: Vec<(String, usize)> = Vec::new();
    let mut contracts: Vec<Contract> = Vec::new();
    for row in &t.rows {
        let name = text(cell(t, row, 0, p));
        let agb = text(cell(t, row, 1, p));
        let organisation = text(cell(t, row, 2, p));
        let sub = subs.find(t, row.number, "subsegment", text(cell(t, row, 3, p)), p);
        let places = number(cell(t, row, 4, p));
        let fte = number(cell(t, row, 5, p));
        let (Some(name), Some(sub)) = (name, sub) else {
            continue;
        };
        let provider = providers
            .iter()
            .position(|x| x.eq_ignore_ascii_case(&name))
            .unwrap_or_else(|| {
                providers.push(name.clone());
                providers.len() - 1
            });
        if let Some(code) = agb {
            codes.push((code, provider));
        }
        if let Some(first) = contracts
            .iter()
            .find(|c| c.provider == provider && c.sub == sub)
        {
            p.at(
                t,
                row.number,
                "subsegment",
                format!(
                    "`{name}` has a row for this sub-segment already (row {})",
                    first.row
                ),
            );
            continue;
        }
        contracts.push(Contract {
            provider,
            sub,
            organisation,
            places: places.map(|x| x as u32),
            fte,
            row: row.number,
        });
    }
    if contracts.is_empty() && t.rows.is_empty() {
        p.table(
            &t.source,
            "has no rows; expected one per provider and sub-segment",
        );
    }
    let names: Vec<(String, usize)> = providers
        .iter()
        .enumerate()
        .map(|(i, n)| (n.clone(), i))
        .chain(codes)
        .collect();
    (
        providers,
        contracts,
        lookup(
            names.into_iter(),
            "provider",
            "`aanbieders` (name or AGB code)",
        ),
    )
}
