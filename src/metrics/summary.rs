//! Metrics over replications: the summary (mean, CI and percentiles of every metric,
//! monthly series, books per municipality and provider, wachtkamer activations) and the
//! collector that folds replications into it, in replication order.

use super::books;
use super::names::metric_names;
use super::stats::{Accumulator, Stat};
use super::tally;
use super::values::monthly_series;
use crate::model::Model;

/// One wachtkamer activation, summarised over replications.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivationSummary {
    pub sub_segment: String,
    pub provider: String,
    /// `coverage` (a municipality without room), `waiting` (P90 wait above the norm) or
    /// `replacement` (fewer than `min` providers left after exits).
    pub reason: &'static str,
    /// Share of replications in which it happened.
    pub share_of_replications: f64,
    /// Mean reported month (0 = start) in which it happened.
    pub mean_month: f64,
}

/// The metrics that a run with world drivers also reports from chance alone, as
/// `<name>_chance_only`: the bands a finance department compares.
pub const CHANCE_ONLY: [&str; 5] = [
    "total_cost",
    "yearly_cost",
    "yearly_cost_p95",
    "p_year_over_budget",
    "expected_year_overrun",
];

/// Adds `chance`'s `CHANCE_ONLY` metrics to `summary` as `<name>_chance_only`, and the
/// replications they rest on.
pub fn add_chance_only(summary: &mut Summary, chance: &Summary) {
    summary.chance_only_replications = Some(chance.replications);
    for name in CHANCE_ONLY {
        if let Some(s) = chance.metric(name) {
            summary.metrics.push((format!("{name}_chance_only"), *s));
        }
    }
}

/// Metrics summarised over replications.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Wachtkamer activations: which provider, where, why, how often, when.
    pub activations: Vec<ActivationSummary>,
    /// Per municipality, its books under the cost-sharing key.
    pub by_municipality: Vec<books::Municipality>,
    /// Per provider, its books.
    pub providers: Vec<books::Provider>,
    pub replications: u64,
    /// With world drivers: the replications of the pass from chance alone that the
    /// `*_chance_only` metrics rest on (as many as their precision needs,
    /// `run::precision`).
    pub chance_only_replications: Option<u64>,
    pub metrics: Vec<(String, Stat)>,
    pub month_labels: Vec<String>,
    pub series: Vec<String>,
    /// Month-major: `monthly[m * series.len() + s]`.
    pub monthly: Vec<Stat>,
    /// A year's spend per full reporting year (labelled by its first month), over
    /// replications.
    pub by_year: Vec<(String, Stat)>,
    /// Per full reporting year, with a budget: the share of replications whose spend
    /// that year exceeds the year's budget (`Model::budget_in_year`).
    pub over_budget_by_year: Vec<Option<f64>>,
    /// Per full reporting year: its budget (€), with a `budget_per_year`.
    pub budget_by_year: Vec<Option<f64>>,
    /// The council's tables: per year, municipality and sub-segment.
    pub council: super::council::Council,
}

impl Summary {
    pub fn metric(&self, name: &str) -> Option<&Stat> {
        self.metrics.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}

/// Streams replications' values into accumulators; feed in replication order for
/// results that do not depend on the thread count.
pub struct Collector {
    names: Vec<String>,
    /// (sub-segment, provider, trigger) → (replications, Σ month).
    activations: std::collections::BTreeMap<
        (
            u16,
            crate::model::ProviderId,
            crate::market::wachtkamer::Trigger,
        ),
        (u64, u64),
    >,
    sub_names: Vec<String>,
    provider_names: Vec<String>,
    /// Yearly spend, pooled over replications and full reporting years.
    yearly: Accumulator,
    /// Yearly spend per full reporting year, over replications.
    by_year: Vec<Accumulator>,
    /// Per full reporting year: its budget (€), if any, and the replications over it.
    budgets: Vec<Option<f64>>,
    over_budget: Vec<u64>,
    municipal: books::MunicipalBooks,
    providers: books::ProviderBooks,
    council: super::council::CouncilBooks,
    /// What the council's tables need of the model: names, budgets, the index.
    model: Model,
    full_years: usize,
    metrics: Vec<Accumulator>,
    series: Vec<String>,
    monthly: Vec<Accumulator>,
    labels: Vec<String>,
}

impl Collector {
    pub fn new(model: &Model) -> Collector {
        let names = metric_names(model);
        let series = monthly_series(model);
        Collector {
            activations: Default::default(),
            sub_names: model.subs.iter().map(|s| s.name.clone()).collect(),
            provider_names: model.providers.clone(),
            yearly: Accumulator::default(),
            by_year: vec![Accumulator::default(); model.horizon as usize / 12],
            budgets: model.budgets_by_year(),
            over_budget: vec![0; model.horizon as usize / 12],
            municipal: books::MunicipalBooks::new(model),
            providers: books::ProviderBooks::new(model),
            council: super::council::CouncilBooks::new(model),
            model: model.clone(),
            full_years: model.horizon as usize / 12,
            metrics: vec![Accumulator::default(); names.len()],
            monthly: vec![Accumulator::default(); series.len() * model.horizon as usize],
            labels: (0..model.horizon).map(|m| model.month_label(m)).collect(),
            names,
            series,
        }
    }

    pub fn push_activations(&mut self, activations: &[tally::Activation]) {
        for a in activations {
            let e = self
                .activations
                .entry((a.sub, a.provider, a.trigger))
                .or_default();
            e.0 += 1;
            e.1 += a.month as u64;
        }
    }

    /// One replication's municipal values (`books::municipal_values`).
    pub fn push_municipal(&mut self, values: &[f64]) {
        self.municipal.push(values);
    }

    /// One replication's council values (`council::local_values`).
    pub fn push_local(&mut self, values: &[f64]) {
        self.council.push(values);
    }

    /// One replication's provider values (`books::provider_values`).
    pub fn push_providers(&mut self, values: &[f64]) {
        self.providers.push(values);
    }

    /// What is wrong with one replication's values for this model (read back from a shard
    /// file), if anything: every list must have the model's length and every activation
    /// must name a sub-segment, provider and month it has. `None` when they fit.
    pub fn misfit(
        &self,
        lengths: [(&str, usize); 6],
        activations: &[tally::Activation],
    ) -> Option<String> {
        let expected = [
            self.names.len(),
            self.monthly.len(),
            self.labels.len().div_ceil(12),
            self.municipal.width(),
            self.providers.width(),
            self.council.width(),
        ];
        for ((what, got), want) in lengths.into_iter().zip(expected) {
            if got != want {
                return Some(format!("{got} {what} where the scenario has {want}"));
            }
        }
        activations
            .iter()
            .find(|a| {
                usize::from(a.sub) >= self.sub_names.len()
                    || a.provider.ix() >= self.provider_names.len()
                    || a.month as usize >= self.labels.len()
            })
            .map(|a| {
                format!(
                    "an activation of sub-segment {} and provider {} in month {}, which the scenario does not have",
                    a.sub,
                    a.provider.ix(),
                    a.month
                )
            })
    }

    pub fn push(&mut self, metrics: &[f64], monthly: &[f64], yearly: &[f64]) {
        // Only full years: a partial last year would drag the distribution down.
        for (k, (a, &y)) in self
            .by_year
            .iter_mut()
            .zip(&yearly[..self.full_years.min(yearly.len())])
            .enumerate()
        {
            self.yearly.push(y);
            a.push(y);
            if self.budgets[k].is_some_and(|b| y > b) {
                self.over_budget[k] += 1;
            }
        }
        for (a, &x) in self.metrics.iter_mut().zip(metrics) {
            a.push(x);
        }
        for (a, &x) in self.monthly.iter_mut().zip(monthly) {
            a.push(x);
        }
    }

    /// The replications pushed so far.
    pub fn count(&self) -> u64 {
        self.metrics.first().map_or(0, |a| a.count())
    }

    /// Metric `name` over the replications pushed so far, as `finish` reports it.
    pub fn stat(&self, name: &str) -> Option<Stat> {
        match name {
            "yearly_cost" if self.yearly.count() > 0 => Some(self.yearly.stat()),
            "yearly_cost_p95" if self.yearly.count() > 0 => Some(self.yearly.p95_stat()),
            _ => {
                let i = self.names.iter().position(|n| n == name)?;
                Some(self.metrics[i].stat())
            }
        }
    }

    pub fn finish(&self) -> Summary {
        let mut metrics: Vec<(String, Stat)> = self
            .names
            .iter()
            .cloned()
            .zip(self.metrics.iter().map(|a| a.stat()))
            .collect();
        if self.yearly.count() > 0 {
            metrics.push(("yearly_cost".into(), self.yearly.stat()));
            metrics.push(("yearly_cost_p95".into(), self.yearly.p95_stat()));
        }
        let n = self.count().max(1) as f64;
        let activations = self
            .activations
            .iter()
            .map(
                |(&(sub, provider, trigger), &(count, months))| ActivationSummary {
                    sub_segment: self.sub_names[sub as usize].clone(),
                    provider: self.provider_names[provider.ix()].clone(),
                    reason: trigger.name(),
                    share_of_replications: count as f64 / n,
                    mean_month: months as f64 / count as f64,
                },
            )
            .collect();
        Summary {
            activations,
            by_municipality: self.municipal.finish(),
            providers: self.providers.finish(),
            replications: self.count(),
            chance_only_replications: None,
            metrics,
            month_labels: self.labels.clone(),
            series: self.series.clone(),
            monthly: self.monthly.iter().map(|a| a.stat()).collect(),
            by_year: self
                .by_year
                .iter()
                .enumerate()
                .map(|(y, a)| (self.labels[12 * y].clone(), a.stat()))
                .collect(),
            over_budget_by_year: self
                .budgets
                .iter()
                .zip(&self.over_budget)
                .zip(&self.by_year)
                .map(|((b, &over), a)| b.map(|_| over as f64 / a.count().max(1) as f64))
                .collect(),
            budget_by_year: self.budgets.clone(),
            council: self.council.finish(&self.model),
        }
    }
}

/// A comparison: each variant's summary, and per non-baseline variant the paired
/// differences from the baseline (the first variant), metric by metric.
pub struct Comparison {
    pub names: Vec<String>,
    /// Each variant's plain-language `label`, where the scenario gives one.
    pub labels: Vec<Option<String>>,
    pub summaries: Vec<Summary>,
    /// `differences[v - 1]`: variant v minus the baseline, for the metrics both have.
    pub differences: Vec<Vec<(String, crate::metrics::stats::Stat)>>,
    /// `relative[v - 1]`: variant v's difference from the baseline as a share of the
    /// baseline, for the `RELATIVE` (`run::RELATIVE`) metrics.
    pub relative: Vec<Vec<(String, crate::metrics::stats::Estimate)>>,
}

impl Comparison {
    /// The name a reader sees for variant `k`: its label, else its name.
    pub fn shown(&self, k: usize) -> &str {
        self.labels
            .get(k)
            .and_then(Option::as_deref)
            .unwrap_or(&self.names[k])
    }
}
