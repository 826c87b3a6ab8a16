//! Charts over the months: a fan (mean and P5–P95 band), stacked areas, lines.

use super::{
    AXIS, Hover, Key, MonthAxis, MonthChart, PALETTE, Series, TICK, TITLE, Unit, WIDTH,
    chart_error, finish, headroom, palette_keys,
};
use crate::error::Result;
use crate::report::lang::Lang;
use plotters::prelude::*;

/// The frame of a chart over the months: title, y axis (0 to `top` in `unit`), legend.
struct Frame<'a> {
    title: &'a str,
    y_desc: &'a str,
    months: &'a [String],
    top: f64,
    unit: Unit,
    lang: Lang,
    keys: &'a [Key],
}

/// A chart over the months (x: years): `draw` adds the series and returns hover texts per
/// month.
fn month_chart(
    f: Frame<'_>,
    draw: impl FnOnce(&mut MonthChart<'_, '_>, MonthAxis) -> Result<Vec<String>>,
) -> Result<String> {
    let Frame {
        title,
        y_desc,
        months,
        top,
        unit,
        lang,
        keys,
    } = f;
    let n = months.len().max(2);
    let axis = MonthAxis::new(months);
    let mut svg = String::new();
    let mut hovers = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 340)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let x = axis.x(0.0)..axis.x((n - 1) as f64);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", TITLE))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(96)
            .build_cartesian_2d(x, 0f64..top.max(1e-9))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .y_desc(y_desc)
            .x_desc(lang.text("charts.year_ticks_on_1_january"))
            .label_style(("sans-serif", TICK))
            .axis_desc_style(("sans-serif", AXIS))
            .x_labels(n / 12 + 2)
            .y_labels(6)
            .max_light_lines(0)
            .x_label_formatter(&|x| axis.label(*x))
            .y_label_formatter(&|y| unit.tick(*y, lang))
            .draw()
            .map_err(chart_error)?;
        let texts = draw(&mut chart, axis)?;
        for (i, text) in texts.iter().enumerate() {
            hovers.push(Hover::area(
                chart.backend_coord(&(axis.x(i as f64 - 0.5), top)),
                chart.backend_coord(&(axis.x(i as f64 + 0.5), 0.0)),
                text.clone(),
            ));
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(svg, &hovers, keys))
}

/// A fan chart: the mean as a line, the P5–P95 band shaded.
/// `top`: the axis' upper end, shared by fans that are read side by side (else from `s`).
pub fn fan_chart(
    title: &str,
    y_desc: &str,
    months: &[String],
    s: &Series,
    unit: Unit,
    lang: Lang,
    top: Option<f64>,
) -> Result<String> {
    let top = top.unwrap_or_else(|| headroom(s.p95.iter().cloned().fold(0.0, f64::max)));
    let keys = [
        Key {
            label: lang.text("charts.mean").into(),
            color: PALETTE[0],
            band: false,
        },
        Key {
            label: lang.text("charts.p5_p95_of_replications_90").into(),
            color: PALETTE[0],
            band: true,
        },
    ];
    month_chart(
        Frame {
            title,
            y_desc,
            months,
            top,
            unit,
            lang,
            keys: &keys,
        },
        |chart, axis| {
            let band: Vec<(f64, f64)> = s
                .p95
                .iter()
                .enumerate()
                .map(|(i, v)| (axis.x(i as f64), *v))
                .chain(
                    s.p5.iter()
                        .enumerate()
                        .rev()
                        .map(|(i, v)| (axis.x(i as f64), *v)),
                )
                .collect();
            chart
                .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.25))))
                .map_err(chart_error)?;
            chart
                .draw_series(LineSeries::new(
                    s.mean
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (axis.x(i as f64), *v)),
                    PALETTE[0].stroke_width(2),
                ))
                .map_err(chart_error)?;
            Ok((0..s.mean.len())
                .map(|i| {
                    format!(
                        "{}: {} (P5–P95 {} – {})",
                        months.get(i).map_or("", String::as_str),
                        unit.format(s.mean[i], lang),
                        unit.format(s.p5[i], lang),
                        unit.format(s.p95[i], lang)
                    )
                })
                .collect())
        },
    )
}

/// Hover texts per month: "2023-04: a 12, b 30".
fn per_month_titles(months: &[String], series: &[(String, Vec<f64>)], lang: Lang) -> Vec<String> {
    (0..months.len())
        .map(|i| {
            let parts: Vec<String> = series
                .iter()
                .map(|(name, v)| format!("{name} {}", lang.num(v.get(i).copied().unwrap_or(0.0))))
                .collect();
            format!("{}: {}", months[i], parts.join(", "))
        })
        .collect()
}

/// Youths in care per segment, stacked.
pub fn stacked_chart(
    title: &str,
    y_desc: &str,
    months: &[String],
    segs: &[(String, Vec<f64>)],
    lang: Lang,
) -> Result<String> {
    let n = months.len().max(1);
    let mut cum = vec![vec![0.0; n]; segs.len() + 1];
    for (k, (_, v)) in segs.iter().enumerate() {
        let below = cum[k].clone();
        for (i, (c, b)) in cum[k + 1].iter_mut().zip(below).enumerate() {
            *c = b + v.get(i).copied().unwrap_or(0.0);
        }
    }
    let top = headroom(
        cum.last()
            .map_or(1.0, |c| c.iter().cloned().fold(0.0, f64::max)),
    );
    let keys = palette_keys(segs.iter().map(|(n, _)| n), true);
    month_chart(
        Frame {
            title,
            y_desc,
            months,
            top,
            unit: Unit::Count,
            lang,
            keys: &keys,
        },
        |chart, axis| {
            for k in 0..segs.len() {
                let color = PALETTE[k % PALETTE.len()];
                let poly: Vec<(f64, f64)> = (0..n)
                    .map(|i| (axis.x(i as f64), cum[k + 1][i]))
                    .chain((0..n).rev().map(|i| (axis.x(i as f64), cum[k][i])))
                    .collect();
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, color.mix(0.5))))
                    .map_err(chart_error)?;
            }
            Ok(per_month_titles(months, segs, lang))
        },
    )
}

/// One line per variant over the months.
pub fn lines_chart(
    title: &str,
    y_desc: &str,
    months: &[String],
    lines: &[(String, Vec<f64>)],
    lang: Lang,
) -> Result<String> {
    let top = headroom(
        lines
            .iter()
            .flat_map(|(_, v)| v.iter().cloned())
            .fold(0.0, f64::max),
    );
    let keys = palette_keys(lines.iter().map(|(n, _)| n), false);
    month_chart(
        Frame {
            title,
            y_desc,
            months,
            top,
            unit: Unit::Count,
            lang,
            keys: &keys,
        },
        |chart, axis| {
            for (k, (_, v)) in lines.iter().enumerate() {
                let color = PALETTE[k % PALETTE.len()];
                chart
                    .draw_series(LineSeries::new(
                        v.iter().enumerate().map(|(i, y)| (axis.x(i as f64), *y)),
                        color.stroke_width(2),
                    ))
                    .map_err(chart_error)?;
            }
            Ok(per_month_titles(months, lines, lang))
        },
    )
}
