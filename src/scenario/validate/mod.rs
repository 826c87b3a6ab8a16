//! Validation: every impossible or inconsistent value is reported (all of them, not just
//! the first) with its path; the caller locates each path in the file.
//!
//! One file per section of the scenario, checked in the order of the file, so problems
//! are reported in reading order: the region and its names, sub-segments with their
//! providers, referral, waiting and the other settings, the transition.

mod local;
mod offers;
mod outlook;
mod profiles;
mod providers;
mod referral;
mod region;
mod settings;
pub(crate) mod settling;
mod sub_segment;
mod transition;

use super::schema::{self, Scenario};
use crate::check::{Checker, list};
use crate::model::{self, Contract, Kind, Model, MuniSet, NO_SUB, ProviderId, SubId};
use std::collections::HashMap;

/// Names the sections refer to, resolved once: need levels, municipalities, sub-segments.
struct Names<'a> {
    needs: &'a [String],
    muni_index: HashMap<String, usize>,
    muni_names: Vec<String>,
    /// Bit set of all municipalities.
    all_munis: MuniSet,
    sub_index: HashMap<&'a str, SubId>,
    sub_names: Vec<String>,
}

impl Names<'_> {
    /// The sub-segment named `name` (`NO_SUB` when absent, or unknown: reported).
    fn sub(&self, c: &mut Checker, path: &str, name: &Option<String>) -> SubId {
        match name {
            None => NO_SUB,
            Some(n) => match self.sub_index.get(n.as_str()) {
                Some(&id) => id,
                None => {
                    c.fail(
                        path,
                        format!(
                            "unknown sub-segment `{n}`; the sub-segments are {}",
                            list(&self.sub_names)
                        ),
                    );
                    NO_SUB
                }
            },
        }
    }

    /// The municipalities a provider covers, as a bit set (all when not listed).
    fn covers(&self, c: &mut Checker, path: &str, names: &Option<Vec<String>>) -> MuniSet {
        let Some(names) = names else {
            return self.all_munis;
        };
        let mut bits = MuniSet::default();
        for (k, n) in names.iter().enumerate() {
            match self.muni_index.get(n) {
                Some(&m) => bits.insert(m),
                None => c.fail(
                    format!("{path}[{k}]"),
                    format!(
                        "unknown municipality `{n}`; the municipalities are {}",
                        list(&self.muni_names)
                    ),
                ),
            }
        }
        bits
    }
}

/// The providers and their contracts, built up by the sub-segments and the transition.
#[derive(Default)]
struct Market {
    providers: Vec<String>,
    provider_index: HashMap<String, ProviderId>,
    contracts: Vec<Contract>,
}

impl Market {
    /// The provider named `name`, added when new.
    fn provider(&mut self, name: &str) -> ProviderId {
        if let Some(&p) = self.provider_index.get(name) {
            return p;
        }
        self.providers.push(name.to_string());
        let p = ProviderId::at(self.providers.len() - 1);
        self.provider_index.insert(name.to_string(), p);
        p
    }
}

/// The first reported month, for turning `"YYYY-MM"` dates into simulated months.
#[derive(Clone, Copy)]
struct Start {
    year: i32,
    month: u32,
}

impl Start {
    /// Months from the start to `(year, month)`; negative before it.
    fn months_to(self, (year, month): (i32, u32)) -> i64 {
        (year as i64 * 12 + month as i64) - (self.year as i64 * 12 + self.month as i64)
    }
}

fn parse_start(s: &str) -> Option<(i32, u32)> {
    let (y, m) = s.split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    ((1900..=2200).contains(&y) && (1..=12).contains(&m)).then_some((y, m))
}

/// Validates one financing scheme at `path`: each scheme checks its own fields, knowing
/// the need levels, the profiles and the providers of the sub-segment's contracts.
fn financing(
    c: &mut Checker,
    cx: &Context,
    path: &str,
    f: &schema::Financing,
    providers: &[String],
) -> model::Financing {
    let mut check = crate::finance::Check {
        checker: c,
        path,
        needs: cx.names.needs,
        profiles: cx.profiles.as_ref().map_or(&[], |p| &p.names),
        intensities: cx.profiles.as_ref().map_or(&[], |p| &p.intensity_names),
        providers,
    };
    model::Financing::validate(f, &mut check)
}

/// Where a sub-segment is: segment `si`, its sub-segment `ui`, sub-segment id `id`
/// (counted over all segments), and its path in the scenario.
struct At<'a> {
    pub si: usize,
    pub ui: usize,
    pub id: SubId,
    pub path: &'a str,
}

/// What every section after the region's names is checked against.
struct Context<'a> {
    sc: &'a Scenario,
    /// Months before `start`: the scenario's, or chosen for it.
    warmup: u32,
    names: Names<'a>,
    start: Start,
    crisis_sub: SubId,
    profiles: Option<model::Profiles>,
}

/// Every sub-segment, in file order, its contracts added to `market`; the crisis
/// sub-segment must be of kind `crisis`.
fn sub_segments(c: &mut Checker, cx: &Context, market: &mut Market) -> Vec<model::SubSegment> {
    let mut subs = Vec::new();
    for (si, seg) in cx.sc.segments.iter().enumerate() {
        for ui in 0..seg.sub_segments.len() {
            let id = subs.len() as SubId;
            subs.push(sub_segment::validate(c, cx, market, (si, ui), id));
        }
    }
    if cx.crisis_sub != NO_SUB
        && subs
            .get(cx.crisis_sub as usize)
            .is_some_and(|s: &model::SubSegment| s.kind != Kind::Crisis)
    {
        c.fail(
            "crisis_sub_segment",
            "crisis_sub_segment must name a sub-segment of kind `crisis`",
        );
    }
    stacking(c, cx, &subs);
    subs
}

/// Stacked care runs from residential, family-based or crisis care to ambulant care.
fn stacking(c: &mut Checker, cx: &Context, subs: &[model::SubSegment]) {
    let mut at = 0;
    for (si, seg) in cx.sc.segments.iter().enumerate() {
        for ui in 0..seg.sub_segments.len() {
            let s = &subs[at];
            at += 1;
            let Some((to, _)) = s.stacked else { continue };
            let path = format!("segments[{si}].sub_segments[{ui}].stacked");
            if s.kind == Kind::Ambulant {
                c.fail(
                    path.clone(),
                    format!(
                        "`{}` is ambulant care itself: stacked care adds ambulant help to a stay \
                         (residential, family-based or crisis care)",
                        s.name
                    ),
                );
            }
            if let Some(t) = subs.get(to as usize)
                && t.kind != Kind::Ambulant
            {
                c.fail(
                    format!("{path}.sub"),
                    format!(
                        "stacked care is ambulant help beside the stay; `{}` is not of kind \
                         `ambulant`",
                        t.name
                    ),
                );
            }
        }
    }
}

/// The warm-up: the scenario's, or without one the time it takes to settle
/// ([`settling`]); a transition that counts its caseload starts at go-live from it.
fn warmup(sc: &Scenario) -> u32 {
    let counted = sc
        .transition
        .as_ref()
        .is_some_and(|tr| tr.caseload.iter().any(|cl| cl.count.is_some()));
    match sc.warmup_months {
        Some(w) => w,
        None if counted || !sc.stock.is_empty() => 0,
        None => settling::warmup(sc),
    }
}

/// (path, message) pairs, located in the file by the caller.
pub(super) type Findings = Vec<(String, String)>;

/// The model, and the warnings about values allowed but probably not meant; or every
/// problem found.
pub(super) fn validate(sc: &Scenario) -> Result<(Model, Findings), Findings> {
    let mut c = Checker::default();
    let start = region::header(&mut c, sc);
    region::need_levels(&mut c, sc);
    let mut munis = region::municipalities(&mut c, sc);
    let names = region::names(&mut c, sc);
    let crisis_sub = names.sub(&mut c, "crisis_sub_segment", &sc.crisis_sub_segment);
    let profiles = sc
        .profiles
        .as_ref()
        .map(|p| profiles::validate(&mut c, p, names.needs));
    let cx = Context {
        sc,
        warmup: warmup(sc),
        names,
        start,
        crisis_sub,
        profiles,
    };

    let mut market = Market::default();
    let mut subs = sub_segments(&mut c, &cx, &mut market);
    let referral = referral::validate(&mut c, &cx);
    local::municipalities(&mut c, &cx, &mut munis);
    local::task_fields(&mut c, &cx, &mut subs);
    let stock = local::stock(&mut c, &cx);
    let care = settings::care(&mut c, &cx);
    let transition = sc
        .transition
        .as_ref()
        .map(|tr| transition::validate(&mut c, &cx, tr, &subs, &mut market));
    let costs = settings::costs(&mut c, sc);
    let outlook = outlook::validate(&mut c, sc);
    outlook.apply(&mut c, &mut subs);
    settings::run(&mut c, sc);
    let declines = providers::declines(&mut c, sc, &market);
    providers::warn_if_all_decline(&mut c, &subs, &market, &declines);

    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let triage_by = referral::triage_table(&munis, &referral.triage_cum, &referral.triage_subs);
    let model = Model {
        name: sc.name.clone(),
        label: None,
        start_year: start.year,
        start_month: start.month,
        horizon: sc.horizon_months,
        warmup: cx.warmup,
        replications: sc.replications,
        seed: sc.seed,
        need_names: cx.names.needs.to_vec(),
        munis,
        seasonality: referral.seasonality,
        trend_per_year: sc.referral.trend_per_year,
        referrers: referral.referrers,
        referrer_cum: referral.referrer_cum,
        age_min_months: sc.referral.age_years.min * 12,
        age_max_months: sc.referral.age_years.max * 12 + 11,
        need_cum: referral.need_cum,
        triage_by,
        sociale_basis_cost_cents: referral.sociale_basis_cost_cents,
        segments: sc.segments.iter().map(|s| s.name.clone()).collect(),
        subs,
        providers: market.providers,
        contracts: market.contracts,
        declines,
        crisis_sub,
        waiting: care.waiting,
        relapse: care.relapse,
        profiles: cx.profiles.clone(),
        record_delivered: false,
        quality_weight: care.quality_weight,
        admin: costs.admin,
        economics: costs.economics,
        budget_per_year_cents: costs.budget_per_year_cents,
        solidarity_share: costs.solidarity_share,
        index_per_year: outlook.index_per_year,
        world: outlook.world,
        reference_replications: sc.reference_replications,
        review_months: sc.review_months.max(1),
        transition,
        stock,
        warnings: Vec::new(),
    };
    Ok((model, c.warnings))
}
