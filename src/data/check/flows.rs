//! The base year's flows checked: declaration lines, starts and stops, and the caseload
//! and waiting-list counts, each resolved and inside the base year, none twice.

use super::{
    Contract, Count, Declaration, Mutation, Names, Product, SubSegment, date, number, text,
};
use crate::data::read::{Problems, RawTable, cell};
use std::collections::BTreeMap;

/// The month (0 = January) of a date inside the base year; a problem outside it.
fn in_year(
    t: &RawTable,
    row: usize,
    column: &str,
    d: Option<(i32, u32, u32)>,
    year: i32,
    p: &mut Problems,
) -> Option<u32> {
    let (y, m, _) = d?;
    if y != year {
        p.at(
            t,
            row,
            column,
            format!("{y}-{m:02} is outside the base year {year}; expected a month of {year}"),
        );
        return None;
    }
    Some(m - 1)
}

/// The caseload (`base_only`: on the base date) or waiting-list counts.
pub(super) fn counts(
    t: &RawTable,
    (munis, subs, providers): Names<'_>,
    year: i32,
    base_only: bool,
    p: &mut Problems,
) -> Vec<Count> {
    let mut out = Vec::new();
    let mut seen = BTreeMap::new();
    for row in &t.rows {
        let d = date(cell(t, row, 0, p));
        let muni = munis.find(t, row.number, "gemeente", text(cell(t, row, 1, p)), p);
        let sub = subs.find(t, row.number, "subsegment", text(cell(t, row, 2, p)), p);
        let provider_name = text(cell(t, row, 3, p));
        let provider = provider_name
            .clone()
            .and_then(|n| providers.find(t, row.number, "aanbieder", Some(n), p));
        let n = number(cell(t, row, 4, p));
        let (Some((y, m, day)), Some(muni), Some(sub), Some(n)) = (d, muni, sub, n) else {
            continue;
        };
        if provider_name.is_some() && provider.is_none() {
            continue;
        }
        // The first of a month is that moment; any other day counts as that month's end.
        let months = (y - year) * 12 + m as i32 - 1 + i32::from(day != 1);
        let at = if base_only {
            if months != 0 {
                p.at(
                    t,
                    row.number,
                    "peildatum",
                    format!("{y}-{m:02}-{day:02} is not the base date; expected {year}-01-01"),
                );
                continue;
            }
            0
        } else if (0..=12).contains(&months) {
            months as u32
        } else {
            p.at(t, row.number, "peildatum", format!("{y}-{m:02}-{day:02} is outside the base year; expected a date from {year}-01-01 to {}-01-01", year + 1));
            continue;
        };
        if let Some(first) = seen.insert((at, muni, sub, provider), row.number) {
            p.at(t, row.number, "peildatum", format!("the same date, municipality, sub-segment and provider as row {first}; expected one row each"));
        }
        out.push(Count {
            muni,
            sub,
            provider,
            at,
            youths: n as u32,
            row: row.number,
        });
    }
    out
}

/// The declaration lines, each resolved and inside the base year.
pub(super) fn declarations(
    t: &RawTable,
    (munis, provider_names, product_codes): Names<'_>,
    (products, subs, providers, contracts): (&[Product], &[SubSegment], &[String], &[Contract]),
    base_year: i32,
    p: &mut Problems,
) -> Vec<Declaration> {
    let has_contract = |provider: usize, sub: usize| {
        contracts
            .iter()
            .any(|c| c.provider == provider && c.sub == sub)
    };
    let mut declarations = Vec::new();
    let mut seen = BTreeMap::new();
    for row in &t.rows {
        let muni = munis.find(t, row.number, "gemeente", text(cell(t, row, 0, p)), p);
        let provider = provider_names.find(t, row.number, "aanbieder", text(cell(t, row, 1, p)), p);
        let product = product_codes.find(t, row.number, "productcode", text(cell(t, row, 2, p)), p);
        let month = in_year(
            t,
            row.number,
            "maand",
            date(cell(t, row, 3, p)),
            base_year,
            p,
        );
        let clients = number(cell(t, row, 4, p));
        let units = number(cell(t, row, 5, p));
        let euros = number(cell(t, row, 6, p));
        let (
            Some(muni),
            Some(provider),
            Some(product),
            Some(month),
            Some(clients),
            Some(units),
            Some(euros),
        ) = (muni, provider, product, month, clients, units, euros)
        else {
            continue;
        };
        if !has_contract(provider, products[product].sub) {
            p.at(t, row.number, "aanbieder", format!(
                "`{}` has no contract in sub-segment `{}` (product {}); add a row for it to `aanbieders`",
                providers[provider], subs[products[product].sub].name, products[product].code));
        }
        if let Some(first) = seen.insert((muni, provider, product, month), row.number) {
            p.at(t, row.number, "productcode", format!("the same municipality, provider, product and month as row {first}; expected one row each (add the lines up)"));
        }
        declarations.push(Declaration {
            muni,
            provider,
            product,
            month,
            clients: clients as u32,
            units,
            cents: (euros * 100.0).round() as i64,
            row: row.number,
        });
    }

    declarations
}

/// The starts and stops, each resolved and inside the base year.
pub(super) fn mutations(
    t: &RawTable,
    (munis, sub_names, provider_names): Names<'_>,
    base_year: i32,
    p: &mut Problems,
) -> Vec<Mutation> {
    let mut mutations = Vec::new();
    let mut seen = BTreeMap::new();
    for row in &t.rows {
        let month = in_year(
            t,
            row.number,
            "maand",
            date(cell(t, row, 0, p)),
            base_year,
            p,
        );
        let muni = munis.find(t, row.number, "gemeente", text(cell(t, row, 1, p)), p);
        let sub = sub_names.find(t, row.number, "subsegment", text(cell(t, row, 2, p)), p);
        let provider = provider_names.find(t, row.number, "aanbieder", text(cell(t, row, 3, p)), p);
        let starts = number(cell(t, row, 4, p));
        let stops = number(cell(t, row, 5, p));
        let (Some(month), Some(muni), Some(sub), Some(provider), Some(starts), Some(stops)) =
            (month, muni, sub, provider, starts, stops)
        else {
            continue;
        };
        if let Some(first) = seen.insert((muni, sub, provider, month), row.number) {
            p.at(t, row.number, "aanbieder", format!("the same month, municipality, sub-segment and provider as row {first}; expected one row each"));
        }
        mutations.push(Mutation {
            muni,
            sub,
            provider,
            month,
            starts: starts as u32,
            stops: stops as u32,
            row: row.number,
        });
    }
    mutations
}
