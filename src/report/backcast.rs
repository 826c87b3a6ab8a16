//! The backcast's files: `backcast.csv` (one row per municipality, segment and measure),
//! a console table, `report.html` (the same table on a page) and `results.xlsx` (a sheet
//! to hand on), in English or Dutch.

use super::csv_out::{csv_error, finish};
use super::lang::Lang;
use crate::data::backcast::{Backcast, Line};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Format, Workbook};

pub const COLUMNS: [&str; 12] = [
    "municipality",
    "segment",
    "measure",
    "recorded",
    "simulated_mean",
    "simulated_ci95_low",
    "simulated_ci95_high",
    "simulated_p5",
    "simulated_p95",
    "difference",
    "relative_difference",
    "within",
];

const ALL: [&str; 2] = ["(all)", "(alle)"];

fn text(lang: Lang, en: &'static str, nl: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

fn measure(lang: Lang, m: &str) -> &'static str {
    match (m, lang) {
        ("spend", Lang::En) => "spend",
        ("spend", Lang::Nl) => "uitgaven",
        ("clients", Lang::En) => "youths in care (mean a month)",
        ("clients", Lang::Nl) => "jeugdigen in zorg (gem. per maand)",
        ("starts", Lang::En) => "starts",
        ("starts", Lang::Nl) => "starts",
        ("stops", Lang::En) => "stops",
        ("stops", Lang::Nl) => "stops",
        (_, Lang::En) => "waiting (mean a month)",
        (_, Lang::Nl) => "wachtend (gem. per maand)",
    }
}

fn segment(lang: Lang, l: &Line) -> String {
    l.segment.clone().unwrap_or_else(|| {
        match lang {
            Lang::En => ALL[0],
            Lang::Nl => ALL[1],
        }
        .to_string()
    })
}

fn value(lang: Lang, l: &Line, x: f64) -> String {
    if l.measure == "spend" {
        lang.money(x)
    } else {
        lang.fixed(x, 1)
    }
}

pub fn csv(b: &Backcast) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).map_err(csv_error)?;
    let opt = |x: Option<f64>| x.map_or(String::new(), |x| x.to_string());
    for l in &b.lines {
        w.write_record([
            l.municipality.clone(),
            l.segment.clone().unwrap_or_default(),
            l.measure.to_string(),
            opt(l.recorded),
            l.mean.to_string(),
            l.ci95[0].to_string(),
            l.ci95[1].to_string(),
            l.p5.to_string(),
            l.p95.to_string(),
            opt(l.recorded.map(|r| l.mean - r)),
            opt(l.relative_difference()),
            l.within(b.tolerance)
                .map_or(String::new(), |w| w.to_string()),
        ])
        .map_err(csv_error)?;
    }
    finish(w)
}

/// The rows a reader sees: municipality, segment, measure, recorded, simulated (CI),
/// difference, verdict.
fn rows(b: &Backcast, lang: Lang) -> Vec<[String; 7]> {
    b.lines
        .iter()
        .map(|l| {
            let verdict = match l.within(b.tolerance) {
                None => "–",
                Some(true) => text(lang, "ok", "ok"),
                Some(false) => text(lang, "off", "afwijkend"),
            };
            [
                l.municipality.clone(),
                segment(lang, l),
                measure(lang, l.measure).to_string(),
                l.recorded.map_or("–".into(), |r| value(lang, l, r)),
                format!(
                    "{} ({} – {})",
                    value(lang, l, l.mean),
                    value(lang, l, l.ci95[0]),
                    value(lang, l, l.ci95[1])
                ),
                l.relative_difference().map_or("–".into(), |d| lang.pct(d)),
                verdict.to_string(),
            ]
        })
        .collect()
}

fn header(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::En => [
            "Municipality",
            "Segment",
            "Measure",
            "Recorded",
            "Simulated (95% CI)",
            "Difference",
            "Verdict",
        ],
        Lang::Nl => [
            "Gemeente",
            "Segment",
            "Maat",
            "Geregistreerd",
            "Gesimuleerd (95%-BI)",
            "Verschil",
            "Oordeel",
        ],
    }
}

/// The console's answer: spend per municipality, then the verdict.
pub fn console(b: &Backcast, lang: Lang) -> String {
    let mut out = String::new();
    let h = header(lang);
    out.push_str(&format!(
        "{:<16} {:>14} {:>34} {:>9}  {}\n",
        h[0], h[3], h[4], h[5], h[6]
    ));
    for (l, r) in b.lines.iter().zip(rows(b, lang)) {
        if l.segment.is_none() && l.measure == "spend" {
            out.push_str(&format!(
                "{:<16} {:>14} {:>34} {:>9}  {}\n",
                r[0], r[3], r[4], r[5], r[6]
            ));
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn html(b: &Backcast, lang: Lang, title: &str) -> Vec<u8> {
    let mut s = String::new();
    let lang_code = text(lang, "en", "nl");
    s.push_str(&format!(
        "<!DOCTYPE html><html lang=\"{lang_code}\"><head><meta charset=\"utf-8\"><title>{}</title>",
        escape(title)
    ));
    s.push_str("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #ddd;text-align:right}td:nth-child(-n+3),th:nth-child(-n+3){text-align:left}.off{color:#b00}</style></head><body>");
    s.push_str(&format!("<h1>{}</h1>", escape(title)));
    let beyond = b.beyond_tolerance().len();
    let answer = match (lang, beyond) {
        (Lang::En, 0) => format!(
            "Every municipality's simulated base-year spend is within {} of what was recorded ({} replications).",
            lang.pct(b.tolerance),
            b.replications
        ),
        (Lang::Nl, 0) => format!(
            "De gesimuleerde uitgaven in het basisjaar liggen voor elke gemeente binnen {} van wat geregistreerd is ({} replicaties).",
            lang.pct(b.tolerance),
            b.replications
        ),
        (Lang::En, n) => format!(
            "{n} municipalities' simulated base-year spend is more than {} from what was recorded: the scenario does not reproduce the base year.",
            lang.pct(b.tolerance)
        ),
        (Lang::Nl, n) => format!(
            "Bij {n} gemeenten wijken de gesimuleerde uitgaven meer dan {} af van wat geregistreerd is: het scenario reproduceert het basisjaar niet.",
            lang.pct(b.tolerance)
        ),
    };
    s.push_str(&format!(
        "<p id=\"answer\">{}</p><table><tr>",
        escape(&answer)
    ));
    for h in header(lang) {
        s.push_str(&format!("<th>{h}</th>"));
    }
    s.push_str("</tr>");
    for (l, r) in b.lines.iter().zip(rows(b, lang)) {
        let class = if l.within(b.tolerance) == Some(false) {
            " class=\"off\""
        } else {
            ""
        };
        s.push_str(&format!("<tr{class}>"));
        for c in r {
            s.push_str(&format!("<td>{}</td>", escape(&c)));
        }
        s.push_str("</tr>");
    }
    s.push_str(&format!("<p>{}</p></body></html>\n", escape(text(lang,
        "A recorded value is ok when it lies within the tolerance of the simulated mean or inside the simulated 90% band (P5–P95): one year of a small segment varies by chance.",
        "Een geregistreerde waarde is ok als die binnen de tolerantie van het gesimuleerde gemiddelde ligt of binnen de gesimuleerde 90%-band (P5–P95): één jaar van een klein segment varieert door toeval."))));
    s.into_bytes()
}

pub fn xlsx(b: &Backcast, lang: Lang) -> Result<Vec<u8>> {
    let err =
        |e: rust_xlsxwriter::XlsxError| Error::Output(format!("cannot write the workbook: {e}"));
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(text(lang, "Backcast", "Terugrekening"))
        .map_err(err)?;
    let bold = Format::new().set_bold();
    let euro = Format::new().set_num_format("€ #,##0");
    let one = Format::new().set_num_format("0.0");
    let pct = Format::new().set_num_format("0.0%");
    let h = match lang {
        Lang::En => [
            "Municipality",
            "Segment",
            "Measure",
            "Recorded",
            "Simulated mean",
            "95% CI low",
            "95% CI high",
            "P5",
            "P95",
            "Difference %",
            "Verdict",
        ],
        Lang::Nl => [
            "Gemeente",
            "Segment",
            "Maat",
            "Geregistreerd",
            "Gesimuleerd gemiddelde",
            "95%-BI laag",
            "95%-BI hoog",
            "P5",
            "P95",
            "Verschil %",
            "Oordeel",
        ],
    };
    for (c, name) in h.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &bold)
            .map_err(err)?;
        ws.set_column_width(c as u16, if c == 2 { 32 } else { 16 })
            .map_err(err)?;
    }
    for (i, (l, r)) in b.lines.iter().zip(rows(b, lang)).enumerate() {
        let row = i as u32 + 1;
        let f = if l.measure == "spend" { &euro } else { &one };
        ws.write_string(row, 0, &r[0]).map_err(err)?;
        ws.write_string(row, 1, &r[1]).map_err(err)?;
        ws.write_string(row, 2, &r[2]).map_err(err)?;
        if let Some(x) = l.recorded {
            ws.write_number_with_format(row, 3, x, f).map_err(err)?;
        }
        for (c, x) in [l.mean, l.ci95[0], l.ci95[1], l.p5, l.p95]
            .into_iter()
            .enumerate()
        {
            ws.write_number_with_format(row, 4 + c as u16, x, f)
                .map_err(err)?;
        }
        if let Some(d) = l.relative_difference() {
            ws.write_number_with_format(row, 9, d, &pct).map_err(err)?;
        }
        ws.write_string(row, 10, &r[6]).map_err(err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    ws.autofilter(0, 0, b.lines.len() as u32, 10).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}
