//! Spend per reporting year per variant, against the budget of each year.

use super::{
    AXIS, BUDGET, Hover, Key, PALETTE, TICK, TITLE, WIDTH, chart_error, finish, headroom,
    palette_keys,
};
use crate::error::Result;
use crate::report::lang::Lang;
use plotters::prelude::*;

/// A variant's spend per reporting year: (mean, P5, P95).
pub type YearlySpend = (String, Vec<(f64, f64, f64)>);

/// Expected spend per reporting year, per variant (bars from 0 with P5–P95 whiskers over
/// replications), and the budget of each year as a dashed line.
pub fn yearly_chart(
    title: &str,
    years: &[String],
    variants: &[YearlySpend],
    budget: &[f64],
    lang: Lang,
) -> Result<String> {
    let mut svg = String::new();
    let mut hovers = Vec::new();
    let ny = years.len().max(1);
    let nv = variants.len().max(1);
    {
        let top = top_of(variants, budget);
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let x = -0.5f64..(ny as f64 - 0.5);
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", TITLE))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(96)
            .build_cartesian_2d(x, 0f64..top)
            .map_err(chart_error)?;
        let labels: Vec<String> = years
            .iter()
            .map(|y| y.strip_suffix("-01").unwrap_or(y).to_string())
            .collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .x_desc(lang.text("charts.reporting_year"))
            .y_desc(lang.text("charts.spend_a_year"))
            .label_style(("sans-serif", TICK))
            .axis_desc_style(("sans-serif", AXIS))
            .y_labels(6)
            .x_labels(ny + 1)
            .x_label_formatter(&|x| {
                let k = x.round();
                if (x - k).abs() < 1e-6 && k >= 0.0 {
                    labels.get(k as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| lang.money(*y))
            .draw()
            .map_err(chart_error)?;
        let width = 0.8 / nv as f64;
        for (k, (name, stats)) in variants.iter().enumerate() {
            let color = PALETTE[k % PALETTE.len()];
            for (y, &(mean, p5, p95)) in stats.iter().enumerate() {
                let left = y as f64 - 0.4 + k as f64 * width;
                let mid = left + width / 2.0;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(left + 0.1 * width, 0.0), (left + 0.9 * width, mean)],
                        color.mix(0.6).filled(),
                    )))
                    .map_err(chart_error)?;
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(mid, p5), (mid, p95)],
                        BLACK.stroke_width(2),
                    )))
                    .map_err(chart_error)?;
                let corners = (
                    chart.backend_coord(&(left, top)),
                    chart.backend_coord(&(left + width, 0.0)),
                );
                let year = labels.get(y).map_or("", String::as_str);
                let against = budget.get(y).map_or(String::new(), |b| {
                    format!("; {} {}", lang.text("charts.budget"), lang.money(*b))
                });
                hovers.push(Hover::area(
                    corners.0,
                    corners.1,
                    format!(
                        "{name}, {year}: {} (P5–P95 {} – {}){against}",
                        lang.money(mean),
                        lang.money(p5),
                        lang.money(p95)
                    ),
                ));
            }
        }
        for (y, b) in budget.iter().enumerate() {
            chart
                .draw_series(DashedLineSeries::new(
                    [(y as f64 - 0.48, *b), (y as f64 + 0.48, *b)],
                    8,
                    5,
                    BUDGET.stroke_width(3),
                ))
                .map_err(chart_error)?;
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(
        svg,
        &hovers,
        &yearly_keys(variants, !budget.is_empty(), lang),
    ))
}

/// The y axis' top: above every P95 and budget.
fn top_of(variants: &[YearlySpend], budget: &[f64]) -> f64 {
    headroom(
        variants
            .iter()
            .flat_map(|(_, v)| v.iter().map(|s| s.2))
            .chain(budget.iter().copied())
            .fold(0.0, f64::max),
    )
}

/// The legend of the yearly chart: variants, the P5–P95 line, the budget.
fn yearly_keys(variants: &[YearlySpend], budget: bool, lang: Lang) -> Vec<Key> {
    let mut keys = palette_keys(variants.iter().map(|(n, _)| n), true);
    keys.push(Key {
        label: lang.text("charts.black_line_p5_p95_of").into(),
        color: BLACK,
        band: false,
    });
    if budget {
        keys.push(Key {
            label: lang.text("charts.budget_dashed").into(),
            color: BUDGET,
            band: false,
        });
    }
    keys
}
