//! The council's tables (docs/data.md): per reporting year, municipality and sub-segment
//! what the municipality paid, with its Iv3 task field; per year and municipality its
//! actual use, what it pays under the cost split, its budget; and per municipality and
//! sub-segment the flows a backcast compares with the recorded ones. Sums are kept in
//! whole cents, and means are rounded so that every year's cells add up to the region's
//! year exactly.

use super::books::cost_shares;
use super::stats::t975;
use super::tally::Tally;
use crate::model::{Model, TaskField};

/// The flows per municipality and sub-segment, in this order after the money.
pub const FLOWS: [&str; 4] = ["youth_months", "waiting_months", "starts", "stops"];

/// Full reporting years: the council's tables leave a partial last year out.
fn years(model: &Model) -> usize {
    model.horizon as usize / 12
}

/// The municipality's budget (cents) in reporting year `y`, raised by the planned index
/// as the region's (`Model::budget_in_year`).
fn budget_in_year(model: &Model, muni: usize, y: usize) -> Option<f64> {
    model.munis[muni]
        .budget_per_year_cents
        .map(|b| b as f64 * (1.0 + model.index_per_year).powi(y as i32))
}

/// One replication's values: per year × municipality × sub-segment the cents paid; per
/// year × municipality the cents under the cost split and whether they exceed its budget
/// (0/1); per municipality × sub-segment the `FLOWS`.
pub fn local_values(model: &Model, t: &Tally, out: &mut Vec<f64>) {
    out.clear();
    let (nm, ns) = (model.munis.len(), model.subs.len());
    let cells = nm * ns;
    let ny = years(model);
    out.extend(
        t.muni_sub_year_cents[..ny * cells]
            .iter()
            .map(|&c| c as f64),
    );
    let mut actual = vec![0i64; nm];
    for y in 0..ny {
        let year = &t.muni_sub_year_cents[y * cells..(y + 1) * cells];
        for (m, a) in actual.iter_mut().enumerate() {
            *a = year[m * ns..(m + 1) * ns].iter().sum();
        }
        let keyed = cost_shares(model, &actual);
        out.extend(keyed.iter().map(|&k| k as f64));
        out.extend(keyed.iter().enumerate().map(|(m, &k)| {
            f64::from(u8::from(
                budget_in_year(model, m, y).is_some_and(|b| k as f64 > b),
            ))
        }));
    }
    for flow in [
        &t.muni_sub_months,
        &t.muni_sub_waiting,
        &t.muni_sub_starts,
        &t.muni_sub_stops,
    ] {
        out.extend(flow.iter().map(|&v| v as f64));
    }
}

/// Exact sums and the moments of one value over replications.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    sum: i128,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn push(&mut self, n: u64, x: f64) {
        // Whole numbers (cents, counts): the sum is exact.
        self.sum += x as i128;
        let d = x - self.mean;
        self.mean += d / n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Half-width of the 95% CI of the mean over `n` replications.
    fn half_width(&self, n: u64) -> f64 {
        if n < 2 {
            return 0.0;
        }
        t975(n) * (self.m2 / (n - 1) as f64).max(0.0).sqrt() / (n as f64).sqrt()
    }
}

/// The values of `local_values` over replications.
#[derive(Clone)]
pub struct CouncilBooks {
    n: u64,
    values: Vec<Moments>,
}

/// A mean in cents with its 95% CI in cents.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cents {
    /// Rounded so that the cells of a table add up to its total exactly.
    pub mean: i64,
    pub ci95: [f64; 2],
}

/// One municipality in one reporting year.
#[derive(Debug, Clone, PartialEq)]
pub struct MunicipalYear {
    /// Σ of its cells: the care its own youths received.
    pub actual_use: i64,
    /// What it pays under the cost split, with its CI.
    pub cost_split: Cents,
    /// Its budget that year (cents), and the share of replications over it.
    pub budget: Option<i64>,
    pub over_budget_probability: Option<f64>,
    pub agreed_share: Option<f64>,
}

/// The flows of one municipality in one sub-segment over the horizon: mean and CI.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Flow {
    pub mean: f64,
    pub ci95: [f64; 2],
}

/// The council's tables of a run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Council {
    /// Calendar year of each full reporting year, as `"YYYY"` or `"YYYY-MM–"` when the
    /// start is not January.
    pub years: Vec<String>,
    pub municipalities: Vec<String>,
    /// Per sub-segment: segment, sub-segment, task field.
    pub subs: Vec<(String, String, TaskField)>,
    /// Year × municipality × sub-segment.
    pub cells: Vec<Cents>,
    /// Year × municipality.
    pub by_municipality: Vec<MunicipalYear>,
    /// Per year, the region's care cost: Σ of the year's cells.
    pub region: Vec<i64>,
    /// `FLOWS` × municipality × sub-segment, over the horizon.
    pub flows: Vec<Flow>,
    pub horizon_months: u32,
    pub replications: u64,
}

impl Council {
    pub fn cell(&self, y: usize, m: usize, s: usize) -> &Cents {
        let (nm, ns) = (self.municipalities.len(), self.subs.len());
        &self.cells[(y * nm + m) * ns + s]
    }

    pub fn municipal(&self, y: usize, m: usize) -> &MunicipalYear {
        &self.by_municipality[y * self.municipalities.len() + m]
    }

    /// Flow `f` (index in `FLOWS`) of municipality `m` in sub-segment `s`.
    pub fn flow(&self, f: usize, m: usize, s: usize) -> &Flow {
        let (nm, ns) = (self.municipalities.len(), self.subs.len());
        &self.flows[(f * nm + m) * ns + s]
    }
}

/// Means of whole cents `sums / n`, rounded so that they add up to the rounded mean of
/// their total: each is floored, and the cents left over go to the largest remainders
/// (ties to the first).
pub fn apportion(sums: &[i128], n: u64) -> Vec<i64> {
    let n = n.max(1) as i128;
    let total: i128 = sums.iter().sum();
    let target = (2 * total + n).div_euclid(2 * n);
    let mut out: Vec<i64> = sums.iter().map(|s| s.div_euclid(n) as i64).collect();
    let given: i128 = out.iter().map(|&x| x as i128).sum();
    let mut order: Vec<(i128, usize)> = sums
        .iter()
        .enumerate()
        .map(|(i, s)| (s.rem_euclid(n), i))
        .collect();
    order.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in order.iter().take((target - given).max(0) as usize) {
        out[i] += 1;
    }
    out
}

impl CouncilBooks {
    pub fn new(model: &Model) -> CouncilBooks {
        CouncilBooks {
            n: 0,
            values: vec![Moments::default(); width(model)],
        }
    }

    /// Values a replication has.
    pub fn width(&self) -> usize {
        self.values.len()
    }

    pub fn push(&mut self, values: &[f64]) {
        self.n += 1;
        for (a, &x) in self.values.iter_mut().zip(values) {
            a.push(self.n, x);
        }
    }

    pub fn finish(&self, model: &Model) -> Council {
        let (nm, ns, ny) = (model.munis.len(), model.subs.len(), years(model));
        let n = self.n;
        let ci = |m: &Moments| {
            let h = m.half_width(n);
            [m.mean - h, m.mean + h]
        };
        let cells_per_year = nm * ns;
        let mut cells = Vec::with_capacity(ny * cells_per_year);
        let mut by_municipality = Vec::with_capacity(ny * nm);
        let mut region = Vec::with_capacity(ny);
        let keyed_at = ny * cells_per_year;
        for y in 0..ny {
            let year = &self.values[y * cells_per_year..(y + 1) * cells_per_year];
            let means = apportion(&year.iter().map(|m| m.sum).collect::<Vec<_>>(), n);
            cells.extend(
                year.iter()
                    .zip(&means)
                    .map(|(m, &mean)| Cents { mean, ci95: ci(m) }),
            );
            region.push(means.iter().sum());
            let keyed = &self.values[keyed_at + y * 2 * nm..][..nm];
            let over = &self.values[keyed_at + y * 2 * nm + nm..][..nm];
            // What it pays under the split is its actual use plus its transfer; the
            // transfers add up to nothing, so the split adds up to the region as well.
            let transfers = apportion(
                &(0..nm)
                    .map(|m| {
                        keyed[m].sum
                            - year[m * ns..(m + 1) * ns]
                                .iter()
                                .map(|c| c.sum)
                                .sum::<i128>()
                    })
                    .collect::<Vec<_>>(),
                n,
            );
            for m in 0..nm {
                let actual_use: i64 = means[m * ns..(m + 1) * ns].iter().sum();
                let budget = budget_in_year(model, m, y);
                by_municipality.push(MunicipalYear {
                    actual_use,
                    cost_split: Cents {
                        mean: actual_use + transfers[m],
                        ci95: ci(&keyed[m]),
                    },
                    budget: budget.map(|b| b.round() as i64),
                    over_budget_probability: budget.map(|_| over[m].sum as f64 / n.max(1) as f64),
                    agreed_share: model.munis[m].agreed_cost_share,
                });
            }
        }
        let flows_at = keyed_at + ny * 2 * nm;
        let flows = self.values[flows_at..]
            .iter()
            .map(|m| Flow {
                mean: m.sum as f64 / n.max(1) as f64,
                ci95: ci(m),
            })
            .collect();
        Council {
            years: (0..ny).map(|y| year_label(model, y)).collect(),
            municipalities: model.munis.iter().map(|m| m.name.clone()).collect(),
            subs: model
                .subs
                .iter()
                .map(|s| {
                    (
                        model.segments[s.segment as usize].clone(),
                        s.name.clone(),
                        s.task_field,
                    )
                })
                .collect(),
            cells,
            by_municipality,
            region,
            flows,
            horizon_months: model.horizon,
            replications: n,
        }
    }
}

/// Values per replication: money per year, the split and budget per year, the flows.
fn width(model: &Model) -> usize {
    let (nm, ns, ny) = (model.munis.len(), model.subs.len(), years(model));
    ny * nm * ns + ny * 2 * nm + FLOWS.len() * nm * ns
}

/// The label of reporting year `y`: its calendar year when the start is January, else
/// its first month.
fn year_label(model: &Model, y: usize) -> String {
    let first = model.month_label(12 * y as u32);
    if model.start_month == 1 {
        first[..4].to_string()
    } else {
        first
    }
}

#[cfg(test)]
mod tests {
    use super::apportion;

    #[test]
    fn apportioned_means_add_up_to_the_rounded_mean_of_the_total() {
        // 3 replications: means 1.333…, 1.333…, 1.333… cents; total mean 4 exactly.
        let out = apportion(&[4, 4, 4], 3);
        assert_eq!(out.iter().sum::<i64>(), 4);
        assert_eq!(out, vec![2, 1, 1]);
        // Negative sums (a transfer) floor toward −∞ and still add up.
        let out = apportion(&[-5, 11], 2);
        assert_eq!(out.iter().sum::<i64>(), 3);
        assert_eq!(apportion(&[], 7), Vec::<i64>::new());
    }
}
