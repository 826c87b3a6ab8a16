//! The toegang's assessment (IJsselland 2017): support profiles, intensities and the
//! intensity shares per need level.

use crate::check::{Checker, cumulative, list};
use crate::model;
use crate::scenario::schema::Profiles;

/// Largest factor on indication length or care time: a stay 10× the sub-segment's is
/// already beyond any profile the documents describe.
const MAX_FACTOR: f64 = 10.0;

pub(super) fn validate(c: &mut Checker, p: &Profiles, needs: &[String]) -> model::Profiles {
    if p.list.is_empty() {
        c.fail(
            "profiles.list",
            "profiles.list is empty; name at least one profile",
        );
    }
    if p.intensities.is_empty() {
        c.fail(
            "profiles.intensities",
            "profiles.intensities is empty; name at least one intensity (e.g. perspectief)",
        );
    }
    let factor = |c: &mut Checker, path: String, what: &str, x: f64| {
        let x = crate::check::bounded(c, &path, what, x, 0.0, MAX_FACTOR);
        if x == 0.0 {
            c.fail(path, format!("{what} must be greater than 0"));
        }
        x
    };
    let mut shares = Vec::new();
    let mut profile_factors = Vec::new();
    for (k, pr) in p.list.iter().enumerate() {
        let path = format!("profiles.list[{k}]");
        if p.list[..k].iter().any(|o| o.name == pr.name) {
            c.fail(
                format!("{path}.name"),
                format!("profile `{}` is listed twice", pr.name),
            );
        }
        shares.push(c.probability(&format!("{path}.share"), "profile share", pr.share));
        profile_factors.push((
            factor(c, format!("{path}.duration"), "duration", pr.duration),
            factor(c, format!("{path}.units"), "units", pr.units),
        ));
    }
    if !p.list.is_empty() {
        c.sums_to_one("profiles.list", "profile shares", shares.iter().sum());
    }
    let mut intensity_factors = Vec::new();
    for (k, i) in p.intensities.iter().enumerate() {
        let path = format!("profiles.intensities[{k}]");
        if p.intensities[..k].iter().any(|o| o.name == i.name) {
            c.fail(
                format!("{path}.name"),
                format!("intensity `{}` is listed twice", i.name),
            );
        }
        intensity_factors.push((
            factor(c, format!("{path}.duration"), "duration", i.duration),
            factor(c, format!("{path}.units"), "units", i.units),
        ));
    }
    let intensity_names: Vec<String> = p.intensities.iter().map(|i| i.name.clone()).collect();
    let rows = c.by_need(
        "profiles.intensity_shares",
        "intensity_shares",
        &p.intensity_shares.keys().map(|k| (k.clone(), ())).collect(),
        needs,
    );
    let mut intensity_cum = Vec::new();
    for (n, need) in needs.iter().enumerate() {
        let mut ps = vec![0.0; intensity_names.len()];
        if rows[n].is_some() {
            let row = &p.intensity_shares[need];
            let rp = format!("profiles.intensity_shares.{need}");
            for (name, share) in row {
                let path = format!("{rp}.{name}");
                let share = c.probability(&path, "intensity share", *share);
                match intensity_names.iter().position(|i| i == name) {
                    Some(ix) => ps[ix] = share,
                    None => c.fail(
                        path,
                        format!(
                            "unknown intensity `{name}`; the intensities are {}",
                            list(&intensity_names)
                        ),
                    ),
                }
            }
            c.sums_to_one(
                &rp,
                &format!("intensity shares for `{need}`"),
                row.values().sum(),
            );
        }
        intensity_cum.push(cumulative(&ps));
    }
    model::Profiles {
        names: p.list.iter().map(|p| p.name.clone()).collect(),
        profile_cum: cumulative(&shares),
        profile_factors,
        intensity_names,
        intensity_factors,
        intensity_cum,
    }
}
