//! What moves after go-live: the yearly indexation of prices (globally and per kind of
//! care), and the world drivers a region cannot know in advance.

use crate::check::Checker;
use crate::model::{Kind, WorldDrivers};
use crate::scenario::schema::{Range, Scenario};
use std::collections::BTreeMap;

/// A yearly index must lie in this band (−50% to +50% a year).
const INDEX_BAND: (f64, f64) = (-0.5, 0.5);
/// A trajectory-length factor must lie in this band.
const LENGTH_BAND: (f64, f64) = (0.1, 10.0);

pub(super) struct Outlook {
    pub index_per_year: f64,
    pub per_kind: BTreeMap<Kind, f64>,
    pub world: WorldDrivers,
}

impl Outlook {
    /// Gives every sub-segment its yearly index.
    pub fn apply(&self, c: &mut Checker, subs: &mut [crate::model::SubSegment]) {
        self.check_kinds(c, subs);
        for s in subs {
            s.index_per_year = self.index_for(s.kind);
        }
    }

    /// An index per kind that no sub-segment has would index nothing: a typo.
    fn check_kinds(&self, c: &mut Checker, subs: &[crate::model::SubSegment]) {
        for kind in self.per_kind.keys() {
            if !subs.iter().any(|s| s.kind == *kind) {
                c.fail(
                    format!("indexation.per_kind.{}", kind.name()),
                    format!(
                        "per_kind gives an index for `{}`, but no sub-segment is of that kind, so it \
                         would index nothing: check the kind, or leave the entry out",
                        kind.name()
                    ),
                );
            }
        }
    }

    /// The yearly index of a sub-segment of `kind`.
    pub fn index_for(&self, kind: Kind) -> f64 {
        self.per_kind
            .get(&kind)
            .copied()
            .unwrap_or(self.index_per_year)
    }
}

fn index(c: &mut Checker, path: &str, what: &str, x: f64) -> f64 {
    if x.is_finite() && (INDEX_BAND.0..=INDEX_BAND.1).contains(&x) {
        x
    } else {
        c.fail(
            path,
            format!("{what} is {x}; a yearly index must lie between -0.5 and 0.5"),
        );
        0.0
    }
}

/// A driver's range: finite, `low` ≤ `high`, both inside `band` after `offset` is added
/// to each end (`band` says what the combined value must stay within).
fn range(
    c: &mut Checker,
    name: &str,
    r: Option<Range>,
    offsets: &[f64],
    band: (f64, f64),
) -> Option<(f64, f64)> {
    let r = r?;
    let path = format!("world.{name}");
    if !(r.low.is_finite() && r.high.is_finite()) {
        c.fail(path, format!("{name} needs finite low and high values"));
        return None;
    }
    if r.low > r.high {
        c.fail(
            path,
            format!("{name}: low {} is above high {}", r.low, r.high),
        );
        return None;
    }
    for &o in offsets {
        let (lo, hi) = (o + r.low, o + r.high);
        if lo < band.0 || hi > band.1 {
            let what = if o == 0.0 {
                format!("{name} runs from {} to {}", r.low, r.high)
            } else {
                format!(
                    "{name} from {} to {} on top of {o} gives {lo} to {hi}",
                    r.low, r.high
                )
            };
            c.fail(
                path,
                format!("{what}; it must stay between {} and {}", band.0, band.1),
            );
            return None;
        }
    }
    Some((r.low, r.high))
}

/// Indexation and world drivers.
pub(super) fn validate(c: &mut Checker, sc: &Scenario) -> Outlook {
    let ix = &sc.indexation;
    let index_per_year = index(c, "indexation.per_year", "per_year", ix.per_year);
    let per_kind: BTreeMap<Kind, f64> = ix
        .per_kind
        .iter()
        .map(|(&k, &v)| {
            let name = k.name();
            (k, index(c, &format!("indexation.per_kind.{name}"), name, v))
        })
        .collect();
    let w = &sc.world;
    let mut indices: Vec<f64> = per_kind.values().copied().collect();
    indices.push(index_per_year);
    let trend = sc.referral.trend_per_year;
    let world = WorldDrivers {
        // A trend of −100% a year or below would empty the region.
        referral_trend_shift: range(
            c,
            "referral_trend_shift",
            w.referral_trend_shift,
            &[trend],
            (-0.99, f64::MAX),
        ),
        indexation_shift: range(
            c,
            "indexation_shift",
            w.indexation_shift,
            &indices,
            INDEX_BAND,
        ),
        trajectory_length_factor: range(
            c,
            "trajectory_length_factor",
            w.trajectory_length_factor,
            &[0.0],
            LENGTH_BAND,
        ),
    };
    Outlook {
        index_per_year,
        per_kind,
        world,
    }
}
