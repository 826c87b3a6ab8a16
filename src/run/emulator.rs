//! Reference volumes for `run --psa` without a history per draw. Where budgets or reserves
//! are set from the base year, each draw's reference volumes depend on the drawn parameters
//! that shape the history (referrals, waiting effects, stays, capacity); simulating
//! `reference_replications` histories for every draw made such a replication tens of times
//! slower than a plain one. Instead the history is simulated at a few design points — every
//! parameter at the middle of its range (the anchor), and each parameter that shapes the
//! history at its low and at its high end with the others at the anchor — all on the same
//! random numbers, and a draw's volumes are interpolated: per parameter the parabola
//! through its three points, the parameters' effects added. Exact at the design points and
//! wherever the volumes are quadratic in each parameter apart; what it leaves out is how
//! two parameters' effects interact (docs/modelling-choices.md, "PSA reference volumes").

use super::reference::{history, needs_reference, pilot, reference};
use crate::engine::Reference;
use crate::error::Result;
use crate::model::Model;

/// A draw's reference volumes as a function of its parameter values.
pub struct Emulator {
    anchor: Reference,
    axes: Vec<Axis>,
    /// The parameters that shape the history (their places among a draw's values).
    shaping: Vec<usize>,
    /// A drawn parameter changes the model's contracts: each draw simulates its own history.
    exact: bool,
}

/// One parameter that shapes the history.
struct Axis {
    /// Its place among a draw's values.
    param: usize,
    /// The distinct values the history was simulated at (the anchor's among them), each
    /// with its reference volumes minus the anchor's, per contract.
    points: Vec<(f64, Vec<f64>)>,
}

/// A value a parameter's history is simulated at, with its history model (`None`: the
/// anchor's history).
type EndPoint = (f64, Option<Model>);

/// Where the history is simulated: the anchor's history model, and per parameter that
/// shapes the history the values it is simulated at besides the anchor's, each with its
/// history model (`None`: the anchor's history).
struct Design {
    anchor: Option<Model>,
    axes: Vec<(usize, Vec<EndPoint>)>,
    /// A parameter changes the contracts: no interpolation.
    exact: bool,
}

/// The design points of parameters with middle values `anchor` and ranges `ends`: which
/// histories to simulate (none is simulated here).
fn design(
    anchor: &[f64],
    ends: &[(f64, f64)],
    model_at: &impl Fn(&[f64]) -> Result<Model>,
) -> Result<Design> {
    let base = model_at(anchor)?;
    let mut design = Design {
        anchor: None,
        axes: Vec::new(),
        exact: false,
    };
    if !needs_reference(&base) {
        return Ok(design);
    }
    let anchor_pilot = pilot(&base);
    // Histories are compared whole (every field of the history model), so nothing is
    // assumed about which parameters matter.
    let anchor_history = format!("{anchor_pilot:?}");
    for (param, &(low, high)) in ends.iter().enumerate() {
        let mut points: Vec<EndPoint> = Vec::new();
        for end in [low, high] {
            if end == anchor[param] || points.iter().any(|&(x, _)| x == end) {
                continue;
            }
            let mut values = anchor.to_vec();
            values[param] = end;
            let p = pilot(&model_at(&values)?);
            if format!("{p:?}") == anchor_history {
                points.push((end, None));
                continue;
            }
            design.exact |= p.contracts.len() != anchor_pilot.contracts.len();
            points.push((end, Some(p)));
        }
        if points.iter().any(|(_, p)| p.is_some()) {
            design.axes.push((param, points));
        }
    }
    design.anchor = Some(anchor_pilot);
    Ok(design)
}

impl Emulator {
    /// The emulator for parameters with middle values `anchor` and ranges `ends` (low,
    /// high); `model_at(values)` is the model with the parameters at `values`.
    pub fn new(
        anchor: &[f64],
        ends: &[(f64, f64)],
        model_at: impl Fn(&[f64]) -> Result<Model>,
    ) -> Result<Emulator> {
        let design = design(anchor, ends, &model_at)?;
        let shaping = design.axes.iter().map(|&(p, _)| p).collect();
        let anchor_pilot = match design.anchor {
            Some(p) if !design.exact => p,
            // Nothing set from the base year, or every draw simulates its own history.
            _ => {
                return Ok(Emulator {
                    anchor: Reference::default(),
                    axes: Vec::new(),
                    shaping,
                    exact: design.exact,
                });
            }
        };
        let anchor_volumes = history(&anchor_pilot);
        let zero = vec![0.0; anchor_volumes.yearly_cents.len()];
        let axes = design
            .axes
            .into_iter()
            .map(|(param, ends)| {
                let mut points = vec![(anchor[param], zero.clone())];
                for (x, p) in ends {
                    let delta = match p {
                        None => zero.clone(),
                        Some(p) => history(&p)
                            .yearly_cents
                            .iter()
                            .zip(&anchor_volumes.yearly_cents)
                            .map(|(v, a)| v - a)
                            .collect(),
                    };
                    points.push((x, delta));
                }
                Axis { param, points }
            })
            .collect();
        Ok(Emulator {
            anchor: anchor_volumes,
            axes,
            shaping,
            exact: false,
        })
    }

    /// The parameters (their places among a draw's values) that shape the history, also
    /// when every draw simulates its own.
    pub fn shaping(&self) -> &[usize] {
        &self.shaping
    }

    /// Whether every draw simulates its own history (a parameter changes the contracts).
    pub fn exact(&self) -> bool {
        self.exact
    }

    /// The reference volumes of `model`, the draw with parameter values `values`.
    pub fn reference(&self, values: &[f64], model: &Model) -> Reference {
        if self.exact {
            return reference(model);
        }
        let mut yearly = self.anchor.yearly_cents.clone();
        for axis in &self.axes {
            let x = values[axis.param];
            for (j, (xj, delta)) in axis.points.iter().enumerate() {
                // Lagrange's basis polynomial of point j: 1 there, 0 at the others.
                let weight: f64 = axis
                    .points
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != j)
                    .map(|(_, (xk, _))| (x - xk) / (xj - xk))
                    .product();
                if weight != 0.0 {
                    for (y, d) in yearly.iter_mut().zip(delta) {
                        *y += weight * d;
                    }
                }
            }
        }
        // A contract's production is never negative, whatever a parabola does.
        for y in &mut yearly {
            *y = y.max(0.0);
        }
        // Prices from delivered care stay the anchor's: the emulator interpolates
        // volumes only.
        Reference {
            yearly_cents: yearly,
            delivered: self.anchor.delivered.clone(),
        }
    }
}
