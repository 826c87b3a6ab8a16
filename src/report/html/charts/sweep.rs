//! A metric against a swept value: the statistic the target is tested on (or the mean with
//! its 95% CI band), the target, the choice.

use super::{
    AXIS, BETTER, Hover, Key, PALETTE, TICK, TITLE, Unit, WIDTH, WORSE, chart_error, finish,
};
use crate::error::Result;
use crate::report::lang::Lang;
use plotters::prelude::*;

/// What a sweep chart draws: a metric's mean with its 95% CI at each swept value, the
/// target as a dashed line and the chosen value as a green line, when there are.
pub struct SweepLines<'a> {
    pub title: &'a str,
    pub x_desc: &'a str,
    pub xs: &'a [f64],
    /// The line: the mean, or the quantile a target is tested on.
    pub mean: &'a [f64],
    /// What the line is, for the legend ("mean", "P95 over replications").
    pub line: &'a str,
    /// The band around it (the mean's 95% CI); none when `lo` and `hi` are the line.
    pub lo: &'a [f64],
    pub hi: &'a [f64],
    pub band: Option<&'a str>,
    pub target: Option<f64>,
    pub chosen: Option<f64>,
    pub unit: Unit,
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

impl SweepLines<'_> {
    /// The y range: the band, the line and the target, padded, so the variation between
    /// the swept values shows (a cost from zero would sit as a flat line at the top).
    fn y_range(&self) -> (f64, f64, f64) {
        let top = self
            .hi
            .iter()
            .chain(self.mean)
            .cloned()
            .chain(self.target)
            .fold(f64::NEG_INFINITY, f64::max);
        let bottom = self
            .lo
            .iter()
            .chain(self.mean)
            .cloned()
            .chain(self.target)
            .fold(f64::INFINITY, f64::min);
        let pad = ((top - bottom).abs() * 0.08).max(1e-9 + top.abs() * 1e-3);
        (bottom - pad, top, pad)
    }

    /// The band, the mean, and the target and choice when there are.
    fn draw(
        &self,
        chart: &mut Chart<'_, '_>,
        (x0, x1): (f64, f64),
        (bottom, top): (f64, f64),
    ) -> Result<()> {
        let (xs, lo, hi) = (self.xs, self.lo, self.hi);
        if self.band.is_some() {
            let band: Vec<(f64, f64)> = xs
                .iter()
                .zip(hi)
                .map(|(x, y)| (*x, *y))
                .chain(xs.iter().zip(lo).rev().map(|(x, y)| (*x, *y)))
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.25))))
                .map_err(chart_error)?;
        }
        chart
            .draw_series(LineSeries::new(
                xs.iter().zip(self.mean).map(|(x, y)| (*x, *y)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(chart_error)?;
        if let Some(t) = self.target {
            chart
                .draw_series(DashedLineSeries::new(
                    [(x0, t), (x1, t)],
                    8,
                    5,
                    WORSE.stroke_width(2),
                ))
                .map_err(chart_error)?;
        }
        if let Some(c) = self.chosen {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(c, bottom), (c, top)],
                    BETTER.stroke_width(3),
                )))
                .map_err(chart_error)?;
        }
        Ok(())
    }

    /// A hover text per swept value, over its column.
    fn hovers(&self, chart: &Chart<'_, '_>, (bottom, top): (f64, f64), lang: Lang) -> Vec<Hover> {
        let (xs, unit) = (self.xs, self.unit);
        let step = if xs.len() > 1 {
            (xs[1] - xs[0]).abs() / 2.0
        } else {
            0.5
        };
        xs.iter()
            .enumerate()
            .map(|(i, x)| {
                Hover::area(
                    chart.backend_coord(&(x - step, top)),
                    chart.backend_coord(&(x + step, bottom)),
                    match self.band {
                        Some(_) => format!(
                            "{}: {} ({} {} – {})",
                            lang.num(*x),
                            unit.format(self.mean[i], lang),
                            lang.text("glance.ci95"),
                            unit.format(self.lo[i], lang),
                            unit.format(self.hi[i], lang)
                        ),
                        None => format!(
                            "{}: {} {}",
                            lang.num(*x),
                            self.line,
                            unit.format(self.mean[i], lang)
                        ),
                    },
                )
            })
            .collect()
    }
}

/// A metric against the swept value: mean with its 95% CI band, the target and the choice.
pub fn sweep_chart(s: &SweepLines<'_>, lang: Lang) -> Result<String> {
    let mut svg = String::new();
    let hovers;
    {
        let xs = s.xs;
        let (x0, x1) = (
            xs.first().copied().unwrap_or(0.0),
            xs.last().copied().unwrap_or(1.0),
        );
        let (bottom, top, pad) = s.y_range();
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(s.title, ("sans-serif", TITLE))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(96)
            .build_cartesian_2d(x0..x1.max(x0 + 1e-9), bottom..(top + pad))
            .map_err(chart_error)?;
        let unit = s.unit;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .x_desc(s.x_desc)
            .label_style(("sans-serif", TICK))
            .axis_desc_style(("sans-serif", AXIS))
            .x_labels(xs.len().clamp(2, 10))
            .y_labels(6)
            .x_label_formatter(&|x| lang.num(*x))
            .y_label_formatter(&|y| unit.tick(*y, lang))
            .draw()
            .map_err(chart_error)?;
        s.draw(&mut chart, (x0, x1), (bottom, top + pad))?;
        hovers = s.hovers(&chart, (bottom, top + pad), lang);
        root.present().map_err(chart_error)?;
    }
    Ok(finish(svg, &hovers, &sweep_keys(s, lang)))
}

/// The legend of a sweep chart: the line, its band, and target and choice when drawn.
fn sweep_keys(s: &SweepLines<'_>, lang: Lang) -> Vec<Key> {
    let mut keys = vec![Key {
        label: s.line.into(),
        color: PALETTE[0],
        band: false,
    }];
    if let Some(band) = s.band {
        keys.push(Key {
            label: band.into(),
            color: PALETTE[0],
            band: true,
        });
    }
    let (target, chosen) = (s.target.is_some(), s.chosen.is_some());
    if target {
        keys.push(Key {
            label: lang.text("charts.target_dashed").into(),
            color: WORSE,
            band: false,
        });
    }
    if chosen {
        keys.push(Key {
            label: lang.text("charts.chosen_value").into(),
            color: BETTER,
            band: false,
        });
    }
    keys
}
