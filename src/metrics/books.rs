//! The books per municipality — what each pays under the region's cost-sharing key, to the
//! cent — and per provider — revenue, own cost, result, years with a loss or below the
//! profitability norm, the revenue guard — per replication, summarised over replications.

use super::stats::{Accumulator, Stat};
use super::tally::Tally;
use crate::model::Model;

/// Per municipality, the values `municipal_values` writes, in this order.
pub const MUNICIPAL_METRICS: [(&str, &str, &str); 5] = [
    (
        "total_cost",
        "€",
        "what the municipality pays over the horizon under the cost-sharing key",
    ),
    (
        "actual_use_cost",
        "€",
        "the care its own youths received, at what the region paid for it",
    ),
    (
        "solidarity_transfer",
        "€",
        "total_cost − actual_use_cost: paid for other municipalities' youths (negative: received)",
    ),
    (
        "cost_per_inhabitant_per_year",
        "€ a year",
        "total_cost / reporting years / inhabitants aged 0-22",
    ),
    (
        "forced_provider_changes",
        "changes",
        "its youths' forced changes of provider (a provider that left, did not sign or is no longer contracted)",
    ),
];

/// Each municipality's share of the region's cost under the key, in cents, summing exactly
/// to the region's: `solidarity_share` of each one's actual use (rounded down to the cent)
/// is pooled and shared per inhabitant aged 0–22, the pool's last cents by largest
/// remainder.
pub fn cost_shares(model: &Model, actual: &[i64]) -> Vec<i64> {
    let s = model.solidarity_share;
    let mut keyed: Vec<i64> = actual.to_vec();
    if s == 0.0 {
        return keyed;
    }
    let mut pool = 0i64;
    for k in &mut keyed {
        // Use is never negative; floor keeps the pooled part whole cents.
        let into_pool = (*k as f64 * s).floor() as i64;
        *k -= into_pool;
        pool += into_pool;
    }
    let population: Vec<f64> = model.munis.iter().map(|m| m.youth_0_22()).collect();
    let total: f64 = population.iter().sum();
    if total <= 0.0 {
        // No inhabitants to share by: the pool goes back where it came from.
        return actual.to_vec();
    }
    let mut given = 0i64;
    let mut remainders: Vec<(f64, usize)> = Vec::with_capacity(keyed.len());
    for (i, p) in population.iter().enumerate() {
        let exact = pool as f64 * p / total;
        let whole = exact.floor() as i64;
        keyed[i] += whole;
        given += whole;
        remainders.push((exact - whole as f64, i));
    }
    // Largest remainder first; ties to the first municipality, so the result is
    // deterministic.
    remainders.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in remainders.iter().take((pool - given).max(0) as usize) {
        keyed[i] += 1;
    }
    keyed
}

/// One replication's municipal values, municipality-major, `MUNICIPAL_METRICS` within.
pub fn municipal_values(model: &Model, t: &Tally, out: &mut Vec<f64>) {
    out.clear();
    let keyed = cost_shares(model, &t.muni_paid_cents);
    let years = model.horizon as f64 / 12.0;
    for (((m, &k), &a), &forced) in model
        .munis
        .iter()
        .zip(&keyed)
        .zip(&t.muni_paid_cents)
        .zip(&t.muni_forced)
    {
        let population = m.youth_0_22();
        out.push(k as f64 / 100.0);
        out.push(a as f64 / 100.0);
        out.push((k - a) as f64 / 100.0);
        out.push(if population > 0.0 {
            k as f64 / 100.0 / years / population
        } else {
            0.0
        });
        out.push(forced as f64);
    }
}

/// Municipal values over replications.
#[derive(Clone)]
pub struct MunicipalBooks {
    names: Vec<String>,
    values: Vec<Accumulator>,
}

/// One municipality's summarised books.
#[derive(Debug, Clone)]
pub struct Municipality {
    pub name: String,
    pub metrics: Vec<(String, Stat)>,
}

impl MunicipalBooks {
    pub fn new(model: &Model) -> MunicipalBooks {
        MunicipalBooks {
            names: model.munis.iter().map(|m| m.name.clone()).collect(),
            values: vec![Accumulator::default(); model.munis.len() * MUNICIPAL_METRICS.len()],
        }
    }

    /// Values a replication has: municipalities × municipal metrics.
    pub fn width(&self) -> usize {
        self.values.len()
    }

    pub fn push(&mut self, values: &[f64]) {
        for (a, &x) in self.values.iter_mut().zip(values) {
            a.push(x);
        }
    }

    pub fn finish(&self) -> Vec<Municipality> {
        let k = MUNICIPAL_METRICS.len();
        self.names
            .iter()
            .enumerate()
            .map(|(i, name)| Municipality {
                name: name.clone(),
                metrics: MUNICIPAL_METRICS
                    .iter()
                    .zip(&self.values[i * k..(i + 1) * k])
                    .map(|((n, _, _), a)| (n.to_string(), a.stat()))
                    .collect(),
            })
            .collect()
    }
}

/// Per provider, the values `provider_values` writes, in this order.
const PROVIDER_VALUES: usize = 18;

/// One replication's provider values, provider-major: revenue, own cost, result (€), loss
/// years, years below the profitability norm, over the revenue guard (0/1); trajectories
/// ended, of them with the goal attained, by dropout and moving to other care, and
/// re-entries within 12 months; years below the solvency and current-ratio norms, the two
/// ratios after the last year end, and whether the region's escalation reached one, two
/// and three years below a norm (0/1).
pub fn provider_values(t: &Tally, out: &mut Vec<f64>) {
    out.clear();
    for b in &t.providers {
        out.push(b.revenue_cents as f64 / 100.0);
        out.push(b.own_cost_cents as f64 / 100.0);
        out.push((b.revenue_cents - b.own_cost_cents) as f64 / 100.0);
        out.push(f64::from(b.loss_years));
        out.push(f64::from(b.years_below_norm));
        out.push(f64::from(u8::from(b.over_revenue_guard)));
        out.push(b.trajectories_ended as f64);
        out.push(b.goals_attained as f64);
        out.push(b.dropouts as f64);
        out.push(b.referred_on as f64);
        out.push(b.reentries_within_12m as f64);
        out.push(f64::from(b.years_below_solvency));
        out.push(f64::from(b.years_below_current_ratio));
        out.push(b.solvency);
        out.push(b.current_ratio);
        for level in 1..=3 {
            out.push(f64::from(u8::from(b.escalation >= level)));
        }
    }
}

/// Provider values over replications: means, and the spread of the result.
#[derive(Clone)]
pub struct ProviderBooks {
    names: Vec<String>,
    sub_segments: Vec<String>,
    contracts: Vec<usize>,
    n: u64,
    sums: Vec<f64>,
    result: Vec<Accumulator>,
}

/// One provider's summarised books.
#[derive(Debug, Clone)]
pub struct Provider {
    pub name: String,
    /// The sub-segments it holds contracts in, `|`-separated.
    pub sub_segments: String,
    /// How many contracts it holds (one per sub-segment, legacy contracts included).
    pub contracts: usize,
    pub revenue_mean: f64,
    pub own_cost_mean: f64,
    pub result: Stat,
    /// result_mean / revenue_mean.
    pub margin: f64,
    pub loss_years_mean: f64,
    pub years_below_norm_mean: f64,
    /// Share of replications in which it is over the revenue guard.
    pub share_over_revenue_guard: f64,
    /// Trajectories with it that ended, a replication.
    pub trajectories_ended_mean: f64,
    /// Results (IJsselland's performance dialogue, `003:711-799`), over all replications'
    /// ended trajectories: the shares ended with the goal attained and by dropout, and
    /// the former clients referred again within 12 months per trajectory that ended with
    /// the youth leaving care.
    pub goal_attainment: f64,
    pub dropout_share: f64,
    pub reentry_within_12m_share: f64,
    /// The financial norms (`004:1341-1394`): full years below the solvency and
    /// current-ratio norms, the ratios after the last year end (means), and the shares of
    /// replications in which the provider was one, two and three or more years below a
    /// norm (no consequence; a plan of action assessed; required).
    pub years_below_solvency_norm_mean: f64,
    pub years_below_current_ratio_norm_mean: f64,
    pub solvency_end_mean: f64,
    pub current_ratio_end_mean: f64,
    pub share_below_norm_1y: f64,
    pub share_plan_assessed_2y: f64,
    pub share_plan_required_3y: f64,
}

impl ProviderBooks {
    pub fn new(model: &Model) -> ProviderBooks {
        let mut subs = vec![Vec::new(); model.providers.len()];
        for c in &model.contracts {
            subs[c.provider.ix()].push(model.subs[c.sub as usize].name.clone());
        }
        ProviderBooks {
            names: model.providers.clone(),
            sub_segments: subs.iter().map(|s| s.join("|")).collect(),
            contracts: subs.iter().map(Vec::len).collect(),
            n: 0,
            sums: vec![0.0; model.providers.len() * PROVIDER_VALUES],
            result: vec![Accumulator::default(); model.providers.len()],
        }
    }

    /// Values a replication has: providers × provider values.
    pub fn width(&self) -> usize {
        self.sums.len()
    }

    pub fn push(&mut self, values: &[f64]) {
        self.n += 1;
        for (s, &x) in self.sums.iter_mut().zip(values) {
            *s += x;
        }
        for (a, v) in self.result.iter_mut().zip(values.chunks(PROVIDER_VALUES)) {
            a.push(v[2]);
        }
    }

    pub fn finish(&self) -> Vec<Provider> {
        let n = self.n.max(1) as f64;
        self.names
            .iter()
            .enumerate()
            .map(|(p, name)| {
                let v = &self.sums[p * PROVIDER_VALUES..(p + 1) * PROVIDER_VALUES];
                let result = self.result[p].stat();
                Provider {
                    name: name.clone(),
                    sub_segments: self.sub_segments[p].clone(),
                    contracts: self.contracts[p],
                    revenue_mean: v[0] / n,
                    own_cost_mean: v[1] / n,
                    result,
                    margin: if v[0] != 0.0 { v[2] / v[0] } else { 0.0 },
                    loss_years_mean: v[3] / n,
                    years_below_norm_mean: v[4] / n,
                    share_over_revenue_guard: v[5] / n,
                    trajectories_ended_mean: v[6] / n,
                    goal_attainment: super::values::ratio(v[7], v[6]),
                    dropout_share: super::values::ratio(v[8], v[6]),
                    reentry_within_12m_share: super::values::ratio(v[10], v[6] - v[9]),
                    years_below_solvency_norm_mean: v[11] / n,
                    years_below_current_ratio_norm_mean: v[12] / n,
                    solvency_end_mean: v[13] / n,
                    current_ratio_end_mean: v[14] / n,
                    share_below_norm_1y: v[15] / n,
                    share_plan_assessed_2y: v[16] / n,
                    share_plan_required_3y: v[17] / n,
                }
            })
            .collect()
    }
}
