//! Horizontal bars with their 95% CI: totals per variant, or differences coloured better
//! or worse.

use super::{
    AXIS, BETTER, Better, Hover, Key, NEUTRAL, PALETTE, TICK, TITLE, Unit, WIDTH, WORSE,
    chart_error, finish,
};
use crate::error::Result;
use crate::report::lang::Lang;
use plotters::prelude::*;

/// One row of a whisker chart: label, mean, 95% CI.
pub struct Row {
    pub label: String,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

/// How a whisker chart reads.
pub struct Whiskers<'a> {
    pub title: &'a str,
    pub x_desc: &'a str,
    pub unit: Unit,
    /// Differences (or effects): a bar from 0 to each mean, coloured better or worse when
    /// its CI excludes 0. Otherwise totals: bars from 0 in the variant's colour.
    pub differences: bool,
    pub better: Better,
    pub lang: Lang,
}

/// Horizontal bars with 95% CI whiskers, the first row on top; the axis always includes 0.
pub fn whisker_chart(w: &Whiskers<'_>, rows: &[Row]) -> Result<String> {
    let mut svg = String::new();
    let mut hovers = Vec::new();
    let n = rows.len().max(1);
    {
        let lo = rows.iter().map(|r| r.lo.min(r.mean)).fold(0.0, f64::min);
        let hi = rows.iter().map(|r| r.hi.max(r.mean)).fold(0.0, f64::max);
        let pad = ((hi - lo).abs() * 0.08).max(1e-9);
        let (x0, x1) = (
            if lo < 0.0 { lo - pad } else { 0.0 },
            if hi > 0.0 { hi + pad } else { 0.0 + pad },
        );
        let height = 120 + 44 * n as u32;
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let labels: Vec<String> = rows.iter().map(|r| r.label.clone()).collect();
        let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
        let mut chart = ChartBuilder::on(&root)
            .caption(w.title, ("sans-serif", TITLE))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size((longest * 8 + 20).clamp(80, 330))
            .build_cartesian_2d(x0..x1, -0.5f64..(n as f64 - 0.5))
            .map_err(chart_error)?;
        let fmt = |x: f64| w.format(x);
        chart
            .configure_mesh()
            .disable_y_mesh()
            .max_light_lines(0)
            .x_desc(w.x_desc)
            .label_style(("sans-serif", TICK))
            .axis_desc_style(("sans-serif", AXIS))
            .x_labels(5)
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                    labels.get(n - 1 - i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x| fmt(*x))
            .draw()
            .map_err(chart_error)?;
        if x0 < 0.0 {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
                    BLACK.stroke_width(1),
                )))
                .map_err(chart_error)?;
        }
        for (k, r) in rows.iter().enumerate() {
            let y = (n - 1 - k) as f64;
            let color = w.color(k, r);
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y - 0.3), (r.mean, y + 0.3)],
                    color.mix(0.55).filled(),
                )))
                .map_err(chart_error)?;
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(r.lo, y), (r.hi, y)],
                    BLACK.stroke_width(2),
                )))
                .map_err(chart_error)?;
            for end in [r.lo, r.hi] {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(end, y - 0.12), (end, y + 0.12)],
                        BLACK.stroke_width(2),
                    )))
                    .map_err(chart_error)?;
            }
            hovers.push(Hover::area(
                chart.backend_coord(&(x0, y + 0.5)),
                chart.backend_coord(&(x1, y - 0.5)),
                format!(
                    "{}: {} ({} {} – {})",
                    r.label,
                    fmt(r.mean),
                    w.lang.text("glance.ci95"),
                    fmt(r.lo),
                    fmt(r.hi)
                ),
            ));
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(svg, &hovers, &w.keys()))
}

impl Whiskers<'_> {
    /// A value on the axis and in hover texts: a difference signed as such.
    fn format(&self, x: f64) -> String {
        if self.differences {
            self.unit.format_diff(x, self.lang)
        } else {
            self.unit.format(x, self.lang)
        }
    }

    /// Row `k`'s colour: the variant's for totals; for differences green (better), red
    /// (worse) or grey (CI includes 0).
    fn color(&self, k: usize, r: &Row) -> RGBColor {
        let significant = r.lo > 0.0 || r.hi < 0.0;
        if !self.differences {
            return PALETTE[k % PALETTE.len()];
        }
        if !significant {
            return NEUTRAL;
        }
        match (self.better, r.mean < 0.0) {
            (Better::Lower, true) | (Better::Higher, false) => BETTER,
            (Better::Lower, false) | (Better::Higher, true) => WORSE,
            (Better::Neither, _) => PALETTE[0],
        }
    }

    /// The legend of the colours of differences.
    fn keys(&self) -> Vec<Key> {
        if !self.differences || self.better == Better::Neither {
            return Vec::new();
        }
        let (better, worse, noise) = (
            self.lang.text("charts.better"),
            self.lang.text("charts.worse"),
            self.lang.text("charts.within_simulation_noise_ci_includes"),
        );
        [(better, BETTER), (worse, WORSE), (noise, NEUTRAL)]
            .into_iter()
            .map(|(label, color)| Key {
                label: label.into(),
                color,
                band: true,
            })
            .collect()
    }
}
