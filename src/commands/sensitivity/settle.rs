//! When a parameter's runs may stop (docs/modelling-choices.md, "Sensitivity at the
//! replications its ranking needs"). A tornado answers "which inputs matter most, in
//! which order"; once a parameter's place in that order is settled, more replications
//! change nothing a reader sees.

use crate::metrics::stats::Accumulator;

/// A parameter's effect per replication so far (high − low, paired), and their mean.
pub struct Track<'a> {
    pub values: &'a [f64],
    pub mean: f64,
}

impl Track<'_> {
    /// Zero in every replication so far: a parameter that touches nothing the metric
    /// counts.
    fn zero(&self) -> bool {
        self.values.iter().all(|&v| v == 0.0)
    }

    /// The effect per replication turned so that its mean is |mean|.
    fn turned(&self, r: usize) -> f64 {
        if self.mean < 0.0 {
            -self.values[r]
        } else {
            self.values[r]
        }
    }
}

/// Whether the order of `upper` above `lower` (by |mean effect|) is settled: on the
/// replications both have (the same children: common random numbers), the 95% CI of
/// |upper's effect| − |lower's effect|, replication by replication, lies above zero. An
/// effect that is zero in every replication sits below any other and level with another
/// such: its place is exact.
fn apart(upper: &Track<'_>, lower: &Track<'_>) -> bool {
    if lower.zero() {
        return upper.zero() || upper.mean != 0.0;
    }
    if upper.zero() {
        return false;
    }
    let n = upper.values.len().min(lower.values.len());
    let mut gap = Accumulator::default();
    for r in 0..n {
        gap.push(upper.turned(r) - lower.turned(r));
    }
    n > 1 && gap.stat().ci95[0] > 0.0
}

/// Which of `tracks` (every parameter, in scenario order) are settled: ranked as the
/// tornado ranks them (`results::tornado::rank`), a parameter is settled when its order
/// against the parameters just above and just below it is (`apart`). A mean that is not
/// finite never settles.
pub fn settled(tracks: &[Track<'_>]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..tracks.len()).collect();
    order.sort_by(|&a, &b| tracks[b].mean.abs().total_cmp(&tracks[a].mean.abs()));
    let finite = |i: usize| tracks[i].mean.is_finite();
    let mut out = vec![false; tracks.len()];
    for (place, &i) in order.iter().enumerate() {
        if !finite(i) {
            continue;
        }
        let above = place.checked_sub(1).map(|p| order[p]);
        let below = order.get(place + 1).copied();
        out[i] = above.is_none_or(|j| finite(j) && apart(&tracks[j], &tracks[i]))
            && below.is_none_or(|j| finite(j) && apart(&tracks[i], &tracks[j]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(values: &[f64]) -> Track<'_> {
        Track {
            values,
            mean: values.iter().sum::<f64>() / values.len() as f64,
        }
    }

    /// `mean` plus ±`spread` alternating, with `shared` common noise per replication.
    fn effect(mean: f64, spread: f64, shared: &[f64]) -> Vec<f64> {
        shared
            .iter()
            .enumerate()
            .map(|(r, s)| mean + s + if r % 2 == 0 { spread } else { -spread })
            .collect()
    }

    #[test]
    fn a_parameter_clear_of_both_neighbours_settles_and_tied_ones_do_not() {
        let none = vec![0.0; 100];
        let a = effect(100.0, 5.0, &none);
        let b = effect(-60.0, 20.0, &none);
        let c = effect(60.0, 20.0, &none);
        let d = effect(1.0, 0.5, &none);
        let t = [track(&a), track(&b), track(&c), track(&d)];
        assert_eq!(settled(&t), [true, false, false, true]);
    }

    #[test]
    fn common_noise_cancels_in_the_paired_gap() {
        // Two effects 2 apart with noise ±30 shared replication by replication: their
        // own intervals overlap widely, the gap between them is exact.
        let shared: Vec<f64> = (0..100)
            .map(|r| if r % 3 == 0 { 30.0 } else { -15.0 })
            .collect();
        let a = effect(52.0, 0.0, &shared);
        let b = effect(50.0, 0.0, &shared);
        assert_eq!(settled(&[track(&a), track(&b)]), [true, true]);
        // Without the common part they stay tied.
        let unshared: Vec<f64> = (0..100).map(|r| shared[(r + 1) % 100]).collect();
        let b = effect(50.0, 0.0, &unshared);
        assert_eq!(settled(&[track(&a), track(&b)]), [false, false]);
    }

    #[test]
    fn exact_zeros_sit_below_any_effect_and_level_with_each_other() {
        let none = vec![0.0; 100];
        let a = effect(10.0, 1.0, &none);
        // Not told from zero, yet above an exact zero whatever more replications bring.
        let b = effect(0.1, 3.0, &none);
        let z = vec![0.0; 100];
        let t = [track(&a), track(&b), track(&z), track(&z)];
        assert_eq!(settled(&t), [true, true, true, true]);
    }

    #[test]
    fn a_parameter_that_stopped_is_compared_on_the_replications_it_has() {
        let none = vec![0.0; 200];
        let a = effect(10.0, 1.0, &none);
        let b = effect(5.0, 1.0, &none[..100]);
        assert_eq!(settled(&[track(&a), track(&b)]), [true, true]);
    }

    #[test]
    fn a_figure_that_is_not_finite_never_settles_nor_lets_its_neighbour() {
        let a = [f64::NAN; 100];
        let b = vec![5.0; 100];
        assert_eq!(settled(&[track(&a), track(&b)]), [false, false]);
    }
}
