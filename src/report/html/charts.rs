//! The chart kinds of the reports, drawn with plotters as inline SVG: a frame over the
//! months with fans, stacks and lines; whiskers; sweep curves.

use crate::error::{Error, Result};
use plotters::prelude::*;

/// One monthly series from `monthly.csv`: mean, P5 and P95 per month.
pub(super) struct Series {
    pub mean: Vec<f64>,
    pub p5: Vec<f64>,
    pub p95: Vec<f64>,
}

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Output(format!("cannot draw a chart: {e}"))
}

const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

type MonthChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A chart over the months (x: month index labelled `YYYY-MM`, y: 0 to `top`) with a
/// legend: `draw` adds the series. The frame every month chart shares.
fn month_chart(
    title: &str,
    y_label: &str,
    months: &[String],
    x_max: f64,
    top: f64,
    draw: impl FnOnce(&mut MonthChart<'_, '_>) -> Result<()>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(70)
            .build_cartesian_2d(0f64..x_max, 0f64..top)
            .map_err(chart_error)?;
        let labels = months.to_vec();
        chart
            .configure_mesh()
            .y_desc(y_label)
            .x_labels(8)
            .x_label_formatter(&|x| labels.get(*x as usize).cloned().unwrap_or_default())
            .draw()
            .map_err(chart_error)?;
        draw(&mut chart)?;
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()
            .map_err(chart_error)?;
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// A fan chart: the mean as a line, the P5–P95 band as a shaded polygon.
pub(super) fn fan_chart(
    title: &str,
    y_label: &str,
    months: &[String],
    s: &Series,
    scale: f64,
) -> Result<String> {
    let n = s.mean.len().max(1) as f64;
    let top = s.p95.iter().cloned().fold(0.0, f64::max) / scale * 1.05 + 1e-9;
    month_chart(title, y_label, months, n - 1.0, top, |chart| {
        let band: Vec<(f64, f64)> = s
            .p95
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64, v / scale))
            .chain(
                s.p5.iter()
                    .enumerate()
                    .rev()
                    .map(|(i, v)| (i as f64, v / scale)),
            )
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.2))))
            .map_err(chart_error)?
            .label("P5–P95 of replications")
            .legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 15, y + 5)], PALETTE[0].mix(0.2).filled())
            });
        chart
            .draw_series(LineSeries::new(
                s.mean
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64, v / scale)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(chart_error)?
            .label("mean")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 15, y)], PALETTE[0].stroke_width(2)));
        Ok(())
    })
}

/// Youths in care per segment, stacked.
pub(super) fn stacked_chart(months: &[String], segs: &[(String, Vec<f64>)]) -> Result<String> {
    let n = months.len().max(1);
    let mut cum = vec![vec![0.0; n]; segs.len() + 1];
    for (k, (_, v)) in segs.iter().enumerate() {
        let below = cum[k].clone();
        for (i, (c, b)) in cum[k + 1].iter_mut().zip(below).enumerate() {
            *c = b + v.get(i).copied().unwrap_or(0.0);
        }
    }
    let top = cum
        .last()
        .map_or(1.0, |c| c.iter().cloned().fold(0.0, f64::max))
        * 1.05
        + 1e-9;
    let title = "Youths in care per segment (mean, stacked)";
    month_chart(
        title,
        "youths",
        months,
        (n as f64 - 1.0).max(1.0),
        top,
        |chart| {
            for (k, (name, _)) in segs.iter().enumerate() {
                let color = PALETTE[k % PALETTE.len()];
                let poly: Vec<(f64, f64)> = (0..n)
                    .map(|i| (i as f64, cum[k + 1][i]))
                    .chain((0..n).rev().map(|i| (i as f64, cum[k][i])))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, color.mix(0.5))))
                    .map_err(chart_error)?
                    .label(name.as_str())
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 5), (x + 15, y + 5)], color.mix(0.5).filled())
                    });
            }
            Ok(())
        },
    )
}

/// Horizontal points with 95% CI whiskers, one row per label (variants, differences, or a
/// tornado with `bars`: a bar from 0 to the value under each whisker).
pub(super) fn whisker_chart(
    title: &str,
    rows: &[(String, f64, f64, f64)],
    bars: bool,
) -> Result<String> {
    let mut svg = String::new();
    {
        let lo = rows
            .iter()
            .map(|r| r.2.min(r.1))
            .fold(if bars { 0.0 } else { f64::INFINITY }, f64::min);
        let hi = rows
            .iter()
            .map(|r| r.3.max(r.1))
            .fold(if bars { 0.0 } else { f64::NEG_INFINITY }, f64::max);
        let pad = ((hi - lo).abs() * 0.08).max(1e-9);
        let (x0, x1) = if lo.is_finite() && hi.is_finite() {
            (lo - pad, hi + pad)
        } else {
            (-1.0, 1.0)
        };
        let n = rows.len().max(1);
        let height = 90 + 38 * n as u32;
        let root = SVGBackend::with_string(&mut svg, (760, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let labels: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(30)
            .y_label_area_size(230)
            .build_cartesian_2d(x0..x1, -0.5f64..(n as f64 - 0.5))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 {
                    labels.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| crate::report::table::fmt_num(*x))
            .draw()
            .map_err(chart_error)?;
        for (i, (_, mean, l, h)) in rows.iter().enumerate() {
            let y = i as f64;
            if bars {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y - 0.3), (*mean, y + 0.3)],
                        PALETTE[if *mean < 0.0 { 3 } else { 0 }].mix(0.5).filled(),
                    )))
                    .map_err(chart_error)?;
            }
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(*l, y), (*h, y)],
                    BLACK.stroke_width(2),
                )))
                .map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(Circle::new(
                    (*mean, y),
                    4,
                    PALETTE[0].filled(),
                )))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// A metric against the swept value: mean with its 95% CI band, the target and the choice.
pub(super) fn sweep_chart(
    title: &str,
    xs: &[f64],
    mean: &[f64],
    lo: &[f64],
    hi: &[f64],
    target: Option<f64>,
    chosen: Option<f64>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let (x0, x1) = (
            xs.first().copied().unwrap_or(0.0),
            xs.last().copied().unwrap_or(1.0),
        );
        let top = hi
            .iter()
            .cloned()
            .chain(target)
            .fold(f64::NEG_INFINITY, f64::max);
        let bottom = lo
            .iter()
            .cloned()
            .chain(target)
            .fold(f64::INFINITY, f64::min);
        let pad = ((top - bottom).abs() * 0.08).max(1e-9);
        let root = SVGBackend::with_string(&mut svg, (760, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(80)
            .build_cartesian_2d(x0..x1.max(x0 + 1e-9), (bottom - pad)..(top + pad))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .y_label_formatter(&|y| crate::report::table::fmt_num(*y))
            .draw()
            .map_err(chart_error)?;
        let band: Vec<(f64, f64)> = xs
            .iter()
            .zip(hi)
            .map(|(x, y)| (*x, *y))
            .chain(xs.iter().zip(lo).rev().map(|(x, y)| (*x, *y)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.2))))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().zip(mean).map(|(x, y)| (*x, *y)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(chart_error)?;
        if let Some(t) = target {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x0, t), (x1, t)],
                    PALETTE[3].stroke_width(2),
                )))
                .map_err(chart_error)?;
        }
        if let Some(c) = chosen {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(c, bottom - pad), (c, top + pad)],
                    PALETTE[2].stroke_width(2),
                )))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(svg)
}

/// One line per variant over the months.
pub(super) fn lines_chart(
    title: &str,
    months: &[String],
    lines: &[(String, Vec<f64>)],
) -> Result<String> {
    let n = months.len().max(2);
    let top = lines
        .iter()
        .flat_map(|(_, v)| v.iter().cloned())
        .fold(0.0, f64::max)
        * 1.05
        + 1e-9;
    month_chart(title, "clients", months, n as f64 - 1.0, top, |chart| {
        for (k, (name, v)) in lines.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            chart
                .draw_series(LineSeries::new(
                    v.iter().enumerate().map(|(i, y)| (i as f64, *y)),
                    color.stroke_width(2),
                ))
                .map_err(chart_error)?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new([(x, y), (x + 15, y)], color.stroke_width(2))
                });
        }
        Ok(())
    })
}
