//! The backcast (`jeugdsim backcast`): the base year simulated from the base date's
//! stock, per municipality and segment set beside what the region's data recorded —
//! spend, youths in care (mean a month), starts, stops and youths waiting (mean a month).

use super::RegionData;
use super::recorded::recorded;
use crate::engine::{Workspace, simulate};
use crate::error::{Error, Result};
use crate::metrics::stats::quantile_sorted;
use crate::model::Model;
use rayon::prelude::*;

/// The measures compared, in this order.
pub const MEASURES: [&str; 5] = ["spend", "clients", "starts", "stops", "waiting"];

/// One measure of one municipality in one segment (`segment` `None`: all segments).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub municipality: String,
    pub segment: Option<String>,
    pub measure: &'static str,
    /// `None`: not recorded (a waiting list counted on the base date only).
    pub recorded: Option<f64>,
    pub mean: f64,
    pub ci95: [f64; 2],
    pub p5: f64,
    pub p95: f64,
}

impl Line {
    /// (simulated mean − recorded) / recorded; `None` without a recorded value or at 0.
    pub fn relative_difference(&self) -> Option<f64> {
        self.recorded
            .filter(|&r| r != 0.0)
            .map(|r| (self.mean - r) / r)
    }

    /// Whether the recorded value is explained by the simulation: within `tolerance` of
    /// its mean, or inside its 90% band (a year of a small segment varies by chance).
    pub fn within(&self, tolerance: f64) -> Option<bool> {
        let r = self.recorded?;
        let close = self
            .relative_difference()
            .is_some_and(|d| d.abs() <= tolerance)
            || (r == 0.0 && self.mean == 0.0);
        Some(close || (self.p5 <= r && r <= self.p95))
    }
}

/// The backcast of a scenario on the data.
#[derive(Debug, Clone)]
pub struct Backcast {
    pub lines: Vec<Line>,
    pub replications: u32,
    pub tolerance: f64,
}

impl Backcast {
    /// The municipalities whose recorded spend over all segments the simulation does not
    /// explain: further than the tolerance from its mean and outside its 90% band.
    pub fn beyond_tolerance(&self) -> Vec<&Line> {
        self.lines
            .iter()
            .filter(|l| l.segment.is_none() && l.measure == "spend")
            .filter(|l| l.within(self.tolerance) == Some(false))
            .collect()
    }
}

/// Indices of the data's municipalities and sub-segments in the model; every name must
/// be there, and the model must start on the data's base date.
fn matched(model: &Model, d: &RegionData) -> Result<(Vec<usize>, Vec<usize>)> {
    let start = format!("{}-01", d.base_year);
    if model.month_label(0) != start {
        return Err(Error::Usage(format!(
            "the scenario starts in {}, the data's base year is {}: a backcast simulates the base year from its base date; set start: \"{start}\"",
            model.month_label(0),
            d.base_year
        )));
    }
    let munis = d
        .municipalities
        .iter()
        .map(|m| {
            model
                .munis
                .iter()
                .position(|x| x.name == m.name)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "municipality `{}` of the data is not in the scenario",
                        m.name
                    ))
                })
        })
        .collect::<Result<Vec<_>>>()?;
    let subs = d
        .subs
        .iter()
        .map(|s| {
            model
                .subs
                .iter()
                .position(|x| x.name == s.name)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "sub-segment `{}` of the data is not in the scenario",
                        s.name
                    ))
                })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((munis, subs))
}

/// Per replication: each data municipality (model index in `munis`) × (segment, then
/// all) × `MEASURES`.
fn simulate_base_year(
    model: &Model,
    munis: &[usize],
    threads: Option<usize>,
) -> Result<Vec<Vec<f64>>> {
    let reference = crate::run::reference(model);
    let ns = model.subs.len();
    let nseg = model.segments.len();
    // Per replication: municipality (data order) × (segment + all) × measure.
    let width = munis.len() * (nseg + 1) * MEASURES.len();
    let simulate_all = || -> Vec<Vec<f64>> {
        (0..model.replications)
            .into_par_iter()
            .map_init(
                || Workspace::new(model, &reference),
                |ws, rep| {
                    simulate(model, rep, ws);
                    let t = ws.tally();
                    let mut v = vec![0.0; width];
                    for (dm, &m) in munis.iter().enumerate() {
                        for s in 0..ns {
                            let seg = model.subs[s].segment as usize;
                            let at = m * ns + s;
                            let values = [
                                t.muni_sub_year_cents[at] as f64 / 100.0,
                                t.muni_sub_months[at] as f64 / 12.0,
                                t.muni_sub_starts[at] as f64,
                                t.muni_sub_stops[at] as f64,
                                t.muni_sub_waiting[at] as f64 / 12.0,
                            ];
                            for g in [seg, nseg] {
                                let base = (dm * (nseg + 1) + g) * MEASURES.len();
                                for (k, x) in values.iter().enumerate() {
                                    v[base + k] += x;
                                }
                            }
                        }
                    }
                    v
                },
            )
            .collect()
    };
    match threads {
        Some(n) => Ok(rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| Error::Threads(e.to_string()))?
            .install(simulate_all)),
        None => Ok(simulate_all()),
    }
}

/// Simulates the base year (`model` with a 12-month horizon) and compares it with `d`.
pub fn backcast(
    model: &Model,
    d: &RegionData,
    tolerance: f64,
    threads: Option<usize>,
) -> Result<Backcast> {
    let (munis, subs) = matched(model, d)?;
    let mut model = model.clone();
    model.horizon = 12;
    let model = &model;
    let values = simulate_base_year(model, &munis, threads)?;
    let nseg = model.segments.len();
    let rec = recorded(d);
    let dns = d.subs.len();
    let mut lines = Vec::new();
    for (dm, mu) in d.municipalities.iter().enumerate() {
        for g in 0..=nseg {
            let mut recorded_values = [Some(0.0); 5];
            let mut any = false;
            for (ds, &s) in subs.iter().enumerate() {
                if g < nseg && model.subs[s].segment as usize != g {
                    continue;
                }
                any = true;
                let r = &rec[dm * dns + ds];
                let add = [
                    Some(r.cents as f64 / 100.0),
                    Some(r.youth_months / 12.0),
                    Some(r.starts),
                    Some(r.stops),
                    r.waiting,
                ];
                for (acc, x) in recorded_values.iter_mut().zip(add) {
                    *acc = acc.zip(x).map(|(a, b)| a + b);
                }
            }
            if !any {
                continue;
            }
            for (k, measure) in MEASURES.iter().enumerate() {
                let at = (dm * (nseg + 1) + g) * MEASURES.len() + k;
                let mut xs: Vec<f64> = values.iter().map(|v| v[at]).collect();
                let n = xs.len() as f64;
                let mean = xs.iter().sum::<f64>() / n.max(1.0);
                let sd = if xs.len() > 1 {
                    (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
                } else {
                    0.0
                };
                let h = if xs.len() > 1 {
                    crate::metrics::stats::t975(xs.len() as u64) * sd / n.sqrt()
                } else {
                    0.0
                };
                xs.sort_by(f64::total_cmp);
                lines.push(Line {
                    municipality: mu.name.clone(),
                    segment: (g < nseg).then(|| model.segments[g].clone()),
                    measure,
                    recorded: recorded_values[k],
                    mean,
                    ci95: [mean - h, mean + h],
                    p5: quantile_sorted(&xs, 0.05),
                    p95: quantile_sorted(&xs, 0.95),
                });
            }
        }
    }
    Ok(Backcast {
        lines,
        replications: model.replications,
        tolerance,
    })
}
