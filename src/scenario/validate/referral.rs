//! Referral: trend and seasonality, referrers, ages, need levels and triage to
//! sub-segments.

use super::Context;
use crate::check::{Checker, cumulative, list};
use crate::model::{self, Municipality, NO_SUB, SubId, Triage};

/// The referral section, validated.
pub(super) struct Referral {
    pub seasonality: [f64; 12],
    pub referrers: Vec<model::Referrer>,
    pub referrer_cum: Vec<f64>,
    pub need_cum: Vec<f64>,
    pub triage_cum: Vec<Vec<f64>>,
    pub triage_subs: Vec<Vec<SubId>>,
    pub sociale_basis_cost_cents: i64,
}

pub(super) fn validate(c: &mut Checker, cx: &Context) -> Referral {
    let r = &cx.sc.referral;
    if !(r.trend_per_year.is_finite() && r.trend_per_year > -1.0) {
        c.fail(
            "referral.trend_per_year",
            "trend_per_year must be greater than -1 (-100% a year)",
        );
    }
    let seasonality = seasonality(c, r.seasonality.as_deref());
    let (referrers, shares) = referrers(c, cx);
    if r.age_years.min > r.age_years.max || r.age_years.max > 17 {
        c.fail(
            "referral.age_years",
            format!(
                "age_years is {}..={}; referrals are for ages 0 to 17 with min ≤ max",
                r.age_years.min, r.age_years.max
            ),
        );
    }
    let needs = cx.names.needs;
    let need_shares: Vec<f64> = c
        .by_need("referral.need_shares", "need_shares", &r.need_shares, needs)
        .into_iter()
        .enumerate()
        .map(|(n, s)| {
            c.probability(
                &format!("referral.need_shares.{}", needs[n]),
                "need share",
                s.unwrap_or(0.0),
            )
        })
        .collect();
    if !need_shares.is_empty() {
        c.sums_to_one(
            "referral.need_shares",
            "need_shares",
            need_shares.iter().sum(),
        );
    }
    let (triage_cum, triage_subs) = triage(c, cx, &need_shares);
    let sociale_basis_cost = c.non_negative(
        "referral.sociale_basis_cost",
        "sociale_basis_cost",
        r.sociale_basis_cost,
    );
    Referral {
        seasonality,
        referrers,
        referrer_cum: cumulative(&shares),
        need_cum: cumulative(&need_shares),
        triage_cum,
        triage_subs,
        sociale_basis_cost_cents: (sociale_basis_cost * 100.0).round() as i64,
    }
}

/// Twelve monthly factors, January first (all 1 when not given).
fn seasonality(c: &mut Checker, factors: Option<&[f64]>) -> [f64; 12] {
    match factors {
        None => [1.0; 12],
        Some(v) if v.len() == 12 => {
            let mut out = [1.0; 12];
            for (k, x) in v.iter().enumerate() {
                out[k] = c.non_negative(
                    &format!("referral.seasonality[{k}]"),
                    "a seasonality factor",
                    *x,
                );
            }
            if out.iter().all(|&f| f == 0.0) {
                c.warn(
                    "referral.seasonality",
                    "every seasonality factor is 0: no referrals in any month, so nobody enters \
                     care (a factor multiplies the month's referrals; 1 is an ordinary month)",
                );
            }
            out
        }
        Some(v) => {
            c.fail(
                "referral.seasonality",
                format!(
                    "seasonality has {} factors; give 12, January first",
                    v.len()
                ),
            );
            [1.0; 12]
        }
    }
}

/// The referrers and their shares of referrals.
fn referrers(c: &mut Checker, cx: &Context) -> (Vec<model::Referrer>, Vec<f64>) {
    let r = &cx.sc.referral;
    if r.referrers.is_empty() {
        c.fail(
            "referral.referrers",
            "referrers is empty; name at least one referrer (e.g. toegang)",
        );
    }
    let mut referrers = Vec::new();
    let mut shares = Vec::new();
    for (k, rf) in r.referrers.iter().enumerate() {
        let rp = format!("referral.referrers[{k}]");
        shares.push(c.probability(&format!("{rp}.share"), "referrer share", rf.share));
        referrers.push(model::Referrer {
            needs_consent: rf.needs_consent,
            name: rf.name.clone(),
            sociale_basis_share: c.probability(
                &format!("{rp}.sociale_basis_share"),
                "sociale_basis_share",
                rf.sociale_basis_share,
            ),
        });
    }
    if !shares.is_empty() {
        c.sums_to_one("referral.referrers", "referrer shares", shares.iter().sum());
    }
    (referrers, shares)
}

/// Per need level: the sub-segments a referral is triaged to, with cumulative shares.
fn triage(c: &mut Checker, cx: &Context, need_shares: &[f64]) -> (Vec<Vec<f64>>, Vec<Vec<SubId>>) {
    let r = &cx.sc.referral;
    let needs = cx.names.needs;
    for key in r.triage.keys() {
        if !needs.contains(key) {
            c.fail(
                format!("referral.triage.{key}"),
                format!(
                    "unknown need level `{key}` in triage; the need levels are {}",
                    list(needs)
                ),
            );
        }
    }
    let mut triage_cum = Vec::new();
    let mut triage_subs = Vec::new();
    for (n, need) in needs.iter().enumerate() {
        let tp = format!("referral.triage.{need}");
        let mut ids = Vec::new();
        let mut ps = Vec::new();
        match r.triage.get(need) {
            None => {
                if need_shares.get(n).copied().unwrap_or(0.0) > 0.0 {
                    c.fail(
                        "referral.triage",
                        format!("triage has no row for need level `{need}`"),
                    );
                }
            }
            Some(row) => {
                for (sub, p) in row {
                    let id = cx.names.sub(c, &format!("{tp}.{sub}"), &Some(sub.clone()));
                    let p = c.probability(&format!("{tp}.{sub}"), "triage probability", *p);
                    if id != NO_SUB && p > 0.0 {
                        ids.push(id);
                        ps.push(p);
                    }
                }
                c.sums_to_one(
                    &tp,
                    &format!("triage probabilities for `{need}`"),
                    row.values().sum(),
                );
            }
        }
        triage_cum.push(cumulative(&ps));
        triage_subs.push(ids);
    }
    (triage_cum, triage_subs)
}

/// `Model::triage_by` of `munis` with the region's triage per need level (`cum`, `subs`).
pub(super) fn triage_table(
    munis: &[Municipality],
    cum: &[Vec<f64>],
    subs: &[Vec<SubId>],
) -> Vec<Triage> {
    let mut table = Vec::with_capacity(munis.len() * cum.len());
    for mu in munis {
        for (cum, subs) in cum.iter().zip(subs) {
            let (cum, subs) = mu.triage.as_ref().map_or((cum, subs), |(c, s)| (c, s));
            table.push((cum.as_slice().into(), subs.as_slice().into()));
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_municipality_with_its_own_shares_triages_every_need_level_by_them() {
        let muni = |triage| Municipality {
            name: String::new(),
            youth_0_17: 1.0,
            youth_18_22: 1.0,
            referral_rate: 0.1,
            triage,
            budget_per_year_cents: None,
            agreed_cost_share: None,
        };
        let own = (vec![0.25, 1.0], vec![3, 4]);
        let munis = [muni(None), muni(Some(own.clone()))];
        let cum = vec![vec![1.0], vec![0.5, 1.0]];
        let subs: Vec<Vec<SubId>> = vec![vec![0], vec![1, 2]];
        let table = triage_table(&munis, &cum, &subs);
        assert_eq!(table.len(), 4);
        for need in 0..2 {
            assert_eq!(&*table[need].0, cum[need].as_slice());
            assert_eq!(&*table[need].1, subs[need].as_slice());
            assert_eq!(&*table[2 + need].0, own.0.as_slice());
            assert_eq!(&*table[2 + need].1, own.1.as_slice());
        }
    }
}
