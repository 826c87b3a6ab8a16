//! How much work a run is, before it starts: a typo (a population or a replication count
//! a thousand times too large) should be refused with an estimate, not discovered after a
//! day of computing. Also the guard that no replication's money left the range the engine
//! accounts exactly.

use crate::error::{Error, Result};
use crate::model::Model;

/// Above this many youth-months (all replications, variants and reference runs) a run is
/// refused unless `--allow-long-run` is given: about half an hour on two cores at the
/// throughput in BENCHMARKS.md.
pub const LIMIT_YOUTH_MONTHS: f64 = 1e11;

/// Youth-months simulated per second per core, roughly (BENCHMARKS.md), for the message.
const PER_CORE_PER_SECOND: f64 = 2e7;

/// Youth-months one replication of `model` simulates, warm-up included: referrals a month
/// times the average stay (an indication with its expected extensions, at most the whole
/// run) times the months, plus a transition caseload. An order of magnitude, not a forecast.
pub fn youth_months_per_replication(model: &Model) -> f64 {
    let months = f64::from(model.warmup + model.horizon);
    let per_month: f64 = model
        .munis
        .iter()
        .map(|m| m.youth_0_17 * m.referral_rate / 12.0)
        .sum();
    let stays: Vec<f64> = model
        .subs
        .iter()
        .flat_map(|s| {
            let extended = 1.0 / (1.0 - s.extend_probability).max(0.05);
            s.indication_months
                .iter()
                .map(move |&n| f64::from(n.max(1)) * extended)
        })
        .collect();
    let stay = if stays.is_empty() {
        1.0
    } else {
        stays.iter().sum::<f64>() / stays.len() as f64
    }
    .min(months);
    let caseload: f64 = model
        .transition
        .iter()
        .flat_map(|t| &t.caseload)
        .map(|c| f64::from(c.count) * f64::from(c.max_months_left).min(months))
        .sum();
    per_month * stay * months + caseload
}

/// Refuses a run of `models` (each with its own replications) above the limit, unless
/// `allowed`: the estimate, the time it would take, and the flag that overrides.
pub fn check<'a>(models: impl IntoIterator<Item = &'a Model>, allowed: bool) -> Result<()> {
    let total: f64 = models
        .into_iter()
        .map(|m| {
            let runs = f64::from(m.replications) + f64::from(m.reference_replications);
            youth_months_per_replication(m) * runs
        })
        .sum();
    if allowed || total <= LIMIT_YOUTH_MONTHS {
        return Ok(());
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let hours = total / (PER_CORE_PER_SECOND * cores) / 3600.0;
    Err(Error::Usage(format!(
        "this run would simulate about {total:.1e} youth-months (replications × months × \
         youths in care), roughly {} on {cores} cores; the limit is {LIMIT_YOUTH_MONTHS:.0e}. \
         Check the population, referral rates and --replications, or add --allow-long-run \
         to run it anyway",
        duration(hours)
    )))
}

fn duration(hours: f64) -> String {
    if hours >= 48.0 {
        format!("{:.0} days", hours / 24.0)
    } else if hours >= 1.0 {
        format!("{hours:.1} hours")
    } else {
        format!("{:.0} minutes", hours * 60.0)
    }
}

/// A result beyond this (€1,000 trillion; money is kept in 64-bit cents up to about €92,000
/// trillion) means the accounting came near the end of its exact range: the run is refused
/// rather than reported with a number that may have wrapped.
const MAX_VALUE: f64 = 1e15;

/// Checks one replication's results: every care plan fitted its range, every metric is a
/// finite number within the exact range.
pub fn check_results(
    model: &Model,
    rep: u32,
    plans_out_of_range: u32,
    metrics: &[f64],
) -> Result<()> {
    if plans_out_of_range > 0 {
        return Err(Error::Usage(format!(
            "{}: replication {rep} drew {plans_out_of_range} care plan(s) above €21 mln a \
             month; a tariff × usage this large is outside what jeugdsim accounts exactly. \
             Check the tariffs and usage (mean and cv)",
            model.name
        )));
    }
    if metrics
        .iter()
        .any(|x| !x.is_finite() || x.abs() > MAX_VALUE)
    {
        let names = crate::metrics::metric_names(model);
        let bad: Vec<&str> = names
            .iter()
            .zip(metrics)
            .filter(|(_, x)| !x.is_finite() || x.abs() > MAX_VALUE)
            .map(|(n, _)| n.as_str())
            .take(5)
            .collect();
        return Err(Error::Usage(format!(
            "{}: replication {rep} produced values outside the range jeugdsim accounts \
             exactly ({}); check populations, tariffs and indexation for typos",
            model.name,
            bad.join(", ")
        )));
    }
    Ok(())
}
