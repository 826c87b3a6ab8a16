//! The chart kinds of the reports, drawn with plotters as inline SVG for a council to read:
//! month axes ticked per year, € in mln or k, tick labels of at least 12 px, totals on an
//! axis from zero, legends below the chart (never over the data), colour for better or
//! worse, and a hover `<title>` with the values of each point.

mod month;
mod sweep;
mod whisker;
mod yearly;

use crate::error::Error;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

pub(super) use month::{fan_chart, lines_chart, stacked_chart};
pub(super) use sweep::{SweepLines, sweep_chart};
pub(super) use whisker::{Row, Whiskers, whisker_chart};
pub(super) use yearly::{YearlySpend, yearly_chart};

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
pub(super) const TICK: u32 = 16;
pub(super) const AXIS: u32 = 17;
pub(super) const TITLE: u32 = 22;
pub(super) const WIDTH: u32 = 760;

pub(super) fn chart_error(e: impl std::fmt::Display) -> Error {
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
pub(super) const BETTER: RGBColor = RGBColor(44, 160, 44);
pub(super) const WORSE: RGBColor = RGBColor(214, 39, 40);
pub(super) const NEUTRAL: RGBColor = RGBColor(120, 120, 120);
pub(super) const BUDGET: RGBColor = RGBColor(214, 39, 40);

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
pub(super) struct Hover {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
    pub title: String,
}

impl Hover {
    /// The hover area between two corners in backend (pixel) coordinates.
    pub fn area((x0, y0): (i32, i32), (x1, y1): (i32, i32), title: String) -> Hover {
        Hover {
            x0,
            y0,
            x1,
            y1,
            title,
        }
    }
}

/// The top of a y axis whose highest value is `max`: 8% above it, and above 0.
pub(super) fn headroom(max: f64) -> f64 {
    max * 1.08 + 1e-9
}

/// Adds the hover areas to `svg` (before its end) and the legend after it.
pub(super) fn finish(svg: String, hovers: &[Hover], keys: &[Key]) -> String {
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

pub(super) type MonthChart<'a, 'b> =
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
    pub fn new(months: &[String]) -> MonthAxis {
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
    pub fn label(self, x: f64) -> String {
        let k = x.round();
        if (x - k).abs() < 1e-6 {
            format!("{}", self.first_year + k as i64)
        } else {
            String::new()
        }
    }
}

/// A legend entry per named series, in palette order.
pub(super) fn palette_keys<'a>(names: impl Iterator<Item = &'a String>, band: bool) -> Vec<Key> {
    names
        .enumerate()
        .map(|(k, name)| Key {
            label: name.clone(),
            color: PALETTE[k % PALETTE.len()],
            band,
        })
        .collect()
}
