//! The chart kinds of the reports, drawn with plotters as inline SVG for a council to read:
//! month axes ticked per year, € in mln or k, tick labels of at least 12 px, totals on an
//! axis from zero, legends below the chart (never over the data), colour for better or
//! worse, and a hover `<title>` with the values of each point.

use crate::error::{Error, Result};
use crate::report::lang::Lang;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

pub(super) use crate::results::monthly::Series;

pub(super) use crate::report::lang::Unit;

/// Whether a lower or higher value is better, for colouring differences.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Better {
    Lower,
    Higher,
    /// Neither (e.g. providers' result): neutral colour.
    Neither,
}

/// Font sizes in plotters units; the SVG writes size / 1.24 px, so 16 gives 12.9 px.
const TICK: u32 = 16;
const AXIS: u32 = 17;
const TITLE: u32 = 22;
const WIDTH: u32 = 760;

fn chart_error(e: impl std::fmt::Display) -> Error {
    Error::Output(format!("cannot draw a chart: {e}"))
}

pub(super) const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(23, 190, 207),
];
const BETTER: RGBColor = RGBColor(44, 160, 44);
const WORSE: RGBColor = RGBColor(214, 39, 40);
const NEUTRAL: RGBColor = RGBColor(120, 120, 120);
const BUDGET: RGBColor = RGBColor(214, 39, 40);

/// A legend entry: label, colour, and whether it is a band (filled) or a line.
pub(super) struct Key {
    pub label: String,
    pub color: RGBColor,
    pub band: bool,
}

/// The legend below a chart, as HTML: it can never cover the data.
fn legend(keys: &[Key]) -> String {
    if keys.is_empty() {
        return String::new();
    }
    let items: String = keys
        .iter()
        .map(|k| {
            let RGBColor(r, g, b) = k.color;
            let swatch = if k.band {
                format!("background:rgba({r},{g},{b},0.25);height:12px")
            } else {
                format!("background:rgb({r},{g},{b});height:3px")
            };
            format!(
                "<span class=\"key\"><i style=\"display:inline-block;width:18px;{swatch};margin-right:6px;vertical-align:middle\"></i>{}</span>",
                super::escape(&k.label)
            )
        })
        .collect();
    format!("<div class=\"legend\">{items}</div>")
}

/// A transparent area of the chart with a hover text (`<title>`), in pixels.
struct Hover {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
    title: String,
}

/// Adds the hover areas to `svg` (before its end) and the legend after it.
fn finish(svg: String, hovers: &[Hover], keys: &[Key]) -> String {
    let mut overlay = String::from("<g class=\"hover\">");
    for h in hovers {
        overlay.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#000\" fill-opacity=\"0\"><title>{}</title></rect>",
            h.x0.min(h.x1),
            h.y0.min(h.y1),
            (h.x1 - h.x0).abs().max(1),
            (h.y1 - h.y0).abs().max(1),
            super::escape(&h.title)
        ));
    }
    overlay.push_str("</g></svg>");
    let svg = match svg.rfind("</svg>") {
        Some(i) => format!("{}{overlay}{}", &svg[..i], &svg[i + 6..]),
        None => svg,
    };
    format!("{svg}{}", legend(keys))
}

type MonthChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The month axis in years since January of the first year, so plotters' round ticks
/// (whole numbers) fall on Januaries and are labelled by year.
#[derive(Clone, Copy)]
pub(super) struct MonthAxis {
    /// Months from January to the first month.
    offset: usize,
    first_year: i64,
}

impl MonthAxis {
    fn new(months: &[String]) -> MonthAxis {
        let first = months.first().map_or("", String::as_str);
        let (year, month) = first.split_once('-').unwrap_or(("0", "1"));
        MonthAxis {
            offset: month.parse::<usize>().unwrap_or(1).saturating_sub(1),
            first_year: year.parse().unwrap_or(0),
        }
    }

    /// The x of month `i` (0 = the first month).
    pub fn x(self, i: f64) -> f64 {
        (self.offset as f64 + i) / 12.0
    }

    /// The year at a whole-number tick; nothing between.
    fn label(self, x: f64) -> String {
        let k = x.round();
        if (x - k).abs() < 1e-6 {
            format!("{}", self.first_year + k as i64)
        } else {
            String::new()
        }
    }
}

/// A chart over the months (x: years, y: 0 to `top` in `unit`): `draw` adds the series
/// and returns hover texts per month.
#[allow(clippy::too_many_arguments)]
fn month_chart(
    title: &str,
    y_desc: &str,
    months: &[String],
    top: f64,
    unit: Unit,
    lang: Lang,
    keys: &[Key],
    draw: impl FnOnce(&mut MonthChart<'_, '_>, MonthAxis) -> Result<Vec<String>>,
) -> Result<String> {
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
            .y_label_formatter(&|y| unit.format(*y, lang))
            .draw()
            .map_err(chart_error)?;
        let texts = draw(&mut chart, axis)?;
        for (i, text) in texts.iter().enumerate() {
            let (x0, y0) = chart.backend_coord(&(axis.x(i as f64 - 0.5), top));
            let (x1, y1) = chart.backend_coord(&(axis.x(i as f64 + 0.5), 0.0));
            hovers.push(Hover {
                x0,
                y0,
                x1,
                y1,
                title: text.clone(),
            });
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(svg, &hovers, keys))
}

/// A fan chart: the mean as a line, the P5–P95 band shaded.
/// `top`: the axis' upper end, shared by fans that are read side by side (else from `s`).
pub(super) fn fan_chart(
    title: &str,
    y_desc: &str,
    months: &[String],
    s: &Series,
    unit: Unit,
    lang: Lang,
    top: Option<f64>,
) -> Result<String> {
    let top = top.unwrap_or_else(|| s.p95.iter().cloned().fold(0.0, f64::max) * 1.08 + 1e-9);
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
        title,
        y_desc,
        months,
        top,
        unit,
        lang,
        &keys,
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

/// A legend entry per named series, in palette order.
fn palette_keys<'a>(names: impl Iterator<Item = &'a String>, band: bool) -> Vec<Key> {
    names
        .enumerate()
        .map(|(k, name)| Key {
            label: name.clone(),
            color: PALETTE[k % PALETTE.len()],
            band,
        })
        .collect()
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
pub(super) fn stacked_chart(
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
    let top = cum
        .last()
        .map_or(1.0, |c| c.iter().cloned().fold(0.0, f64::max))
        * 1.08
        + 1e-9;
    let keys = palette_keys(segs.iter().map(|(n, _)| n), true);
    month_chart(
        title,
        y_desc,
        months,
        top,
        Unit::Count,
        lang,
        &keys,
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
pub(super) fn lines_chart(
    title: &str,
    y_desc: &str,
    months: &[String],
    lines: &[(String, Vec<f64>)],
    lang: Lang,
) -> Result<String> {
    let top = lines
        .iter()
        .flat_map(|(_, v)| v.iter().cloned())
        .fold(0.0, f64::max)
        * 1.08
        + 1e-9;
    let keys = palette_keys(lines.iter().map(|(n, _)| n), false);
    month_chart(
        title,
        y_desc,
        months,
        top,
        Unit::Count,
        lang,
        &keys,
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

/// One row of a whisker chart: label, mean, 95% CI.
pub(super) struct Row {
    pub label: String,
    pub mean: f64,
    pub lo: f64,
    pub hi: f64,
}

/// How a whisker chart reads.
pub(super) struct Whiskers<'a> {
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
pub(super) fn whisker_chart(w: &Whiskers<'_>, rows: &[Row]) -> Result<String> {
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
        let (unit, lang) = (w.unit, w.lang);
        let differences = w.differences;
        let fmt = move |x: f64| {
            if differences {
                unit.format_diff(x, lang)
            } else {
                unit.format(x, lang)
            }
        };
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
            let (px0, py0) = chart.backend_coord(&(x0, y + 0.5));
            let (px1, py1) = chart.backend_coord(&(x1, y - 0.5));
            hovers.push(Hover {
                x0: px0,
                y0: py0,
                x1: px1,
                y1: py1,
                title: format!(
                    "{}: {} (95% CI {} – {})",
                    r.label,
                    fmt(r.mean),
                    fmt(r.lo),
                    fmt(r.hi)
                ),
            });
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(svg, &hovers, &w.keys()))
}

impl Whiskers<'_> {
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

/// A variant's spend per reporting year: (mean, P5, P95).
pub(super) type YearlySpend = (String, Vec<(f64, f64, f64)>);

/// Expected spend per reporting year, per variant (bars from 0 with P5–P95 whiskers over
/// replications), and the budget of each year as a dashed line.
pub(super) fn yearly_chart(
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
        let top = variants
            .iter()
            .flat_map(|(_, v)| v.iter().map(|s| s.2))
            .chain(budget.iter().copied())
            .fold(0.0, f64::max)
            * 1.08
            + 1e-9;
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
                let (px0, py0) = chart.backend_coord(&(left, top));
                let (px1, py1) = chart.backend_coord(&(left + width, 0.0));
                let year = labels.get(y).map_or("", String::as_str);
                let against = budget.get(y).map_or(String::new(), |b| {
                    format!("; {} {}", lang.text("charts.budget"), lang.money(*b))
                });
                hovers.push(Hover {
                    x0: px0,
                    y0: py0,
                    x1: px1,
                    y1: py1,
                    title: format!(
                        "{name}, {year}: {} (P5–P95 {} – {}){against}",
                        lang.money(mean),
                        lang.money(p5),
                        lang.money(p95)
                    ),
                });
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

/// A metric against the swept value: mean with its 95% CI band, the target and the choice.
#[allow(clippy::too_many_arguments)]
pub(super) fn sweep_chart(
    title: &str,
    x_desc: &str,
    xs: &[f64],
    mean: &[f64],
    lo: &[f64],
    hi: &[f64],
    target: Option<f64>,
    chosen: Option<f64>,
    unit: Unit,
    lang: Lang,
) -> Result<String> {
    let mut svg = String::new();
    let mut hovers = Vec::new();
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
        // Totals (money) from zero, so a gap is never exaggerated.
        let bottom = if unit == Unit::Money && bottom >= 0.0 {
            0.0
        } else {
            bottom - pad
        };
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 360)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_error)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", TITLE))
            .margin(14)
            .x_label_area_size(52)
            .y_label_area_size(96)
            .build_cartesian_2d(x0..x1.max(x0 + 1e-9), bottom..(top + pad))
            .map_err(chart_error)?;
        chart
            .configure_mesh()
            .max_light_lines(0)
            .x_desc(x_desc)
            .label_style(("sans-serif", TICK))
            .axis_desc_style(("sans-serif", AXIS))
            .x_labels(xs.len().clamp(2, 10))
            .y_labels(6)
            .x_label_formatter(&|x| lang.num(*x))
            .y_label_formatter(&|y| unit.format(*y, lang))
            .draw()
            .map_err(chart_error)?;
        let band: Vec<(f64, f64)> = xs
            .iter()
            .zip(hi)
            .map(|(x, y)| (*x, *y))
            .chain(xs.iter().zip(lo).rev().map(|(x, y)| (*x, *y)))
            .collect();
        chart
            .draw_series(std::iter::once(Polygon::new(band, PALETTE[0].mix(0.25))))
            .map_err(chart_error)?;
        chart
            .draw_series(LineSeries::new(
                xs.iter().zip(mean).map(|(x, y)| (*x, *y)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(chart_error)?;
        if let Some(t) = target {
            chart
                .draw_series(DashedLineSeries::new(
                    [(x0, t), (x1, t)],
                    8,
                    5,
                    WORSE.stroke_width(2),
                ))
                .map_err(chart_error)?;
        }
        if let Some(c) = chosen {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(c, bottom), (c, top + pad)],
                    BETTER.stroke_width(3),
                )))
                .map_err(chart_error)?;
        }
        let step = if xs.len() > 1 {
            (xs[1] - xs[0]).abs() / 2.0
        } else {
            0.5
        };
        for (i, x) in xs.iter().enumerate() {
            let (px0, py0) = chart.backend_coord(&(x - step, top + pad));
            let (px1, py1) = chart.backend_coord(&(x + step, bottom));
            hovers.push(Hover {
                x0: px0,
                y0: py0,
                x1: px1,
                y1: py1,
                title: format!(
                    "{}: {} (95% CI {} – {})",
                    lang.num(*x),
                    unit.format(mean[i], lang),
                    unit.format(lo[i], lang),
                    unit.format(hi[i], lang)
                ),
            });
        }
        root.present().map_err(chart_error)?;
    }
    Ok(finish(
        svg,
        &hovers,
        &sweep_keys(target.is_some(), chosen.is_some(), lang),
    ))
}

/// The legend of a sweep chart: mean, CI band, and target and choice when drawn.
fn sweep_keys(target: bool, chosen: bool, lang: Lang) -> Vec<Key> {
    let mut keys = vec![
        Key {
            label: lang.text("charts.mean").into(),
            color: PALETTE[0],
            band: false,
        },
        Key {
            label: lang.text("charts.95_ci_of_the_mean").into(),
            color: PALETTE[0],
            band: true,
        },
    ];
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
