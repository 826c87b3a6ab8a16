//! `report.html`: one self-contained page (inline SVG charts drawn with plotters, no
//! scripts, no network) for aldermen and councils — an exporter like CSV and the workbook,
//! made from the typed results ([`Page`]): in memory with `--report`, read back from a
//! results folder by `jeugdsim report`. The page of a run is in `run`, of a comparison in
//! `comparison`, the chart kinds in `charts`; sweep, sensitivity and optimise pages here.

mod answer_table;
mod charts;
mod comparison;
mod council;
mod glance;
mod run;
mod search;
mod years;

use super::comparison::ComparisonResults;
use super::optimise::OptimiseResults;
use super::sensitivity::SensitivityResults;
use super::sweep::SweepResults;
use super::{Exporter, Results};
use crate::error::Result;
use crate::report::lang::Lang;
use crate::results::comparison::ComparisonFile;
use crate::results::council::{self as council_rows, CouncilRow};
use crate::results::monthly::Monthly;
use crate::results::optimum::OptimiseFile;
use crate::results::providers::{self, ProviderRow};
use crate::results::read_json;
use crate::results::summary::SummaryFile;
use crate::results::sweep::SweepFile;
use crate::results::tornado::SensitivityFile;
use charts::{Better, Row, Unit, Whiskers, whisker_chart};
use std::path::{Path, PathBuf};

/// What a page is made from: the typed results of one command.
pub enum Page {
    Run {
        summary: SummaryFile,
        monthly: Monthly,
        providers: Vec<(String, ProviderRow)>,
        council: Vec<CouncilRow>,
    },
    Comparison {
        file: ComparisonFile,
        /// Every variant's providers, by variant name.
        providers: Vec<(String, ProviderRow)>,
        council: Vec<CouncilRow>,
    },
    Sweep(SweepFile),
    Sensitivity(SensitivityFile),
    Optimise(OptimiseFile),
}

impl Page {
    /// The results jeugdsim wrote in `dir`: a comparison, a sweep, a sensitivity analysis,
    /// an optimisation or a run.
    pub fn read(dir: &Path) -> Result<Page> {
        let providers = || -> Result<Vec<(String, ProviderRow)>> {
            let path = dir.join("providers.csv");
            if path.exists() {
                providers::read(&path)
            } else {
                Ok(Vec::new())
            }
        };
        Ok(if dir.join("comparison.json").exists() {
            Page::Comparison {
                file: read_json(&dir.join("comparison.json"))?,
                providers: providers()?,
                council: council_rows::read(&dir.join("council_municipalities.csv"))?,
            }
        } else if dir.join("sweep.json").exists() {
            Page::Sweep(read_json(&dir.join("sweep.json"))?)
        } else if dir.join("sensitivity.json").exists() {
            Page::Sensitivity(read_json(&dir.join("sensitivity.json"))?)
        } else if dir.join("optimise.json").exists() {
            Page::Optimise(read_json(&dir.join("optimise.json"))?)
        } else {
            Page::Run {
                summary: read_json(&dir.join("summary.json"))?,
                monthly: Monthly::read(&dir.join("monthly.csv"))?,
                providers: providers()?,
                council: council_rows::read(&dir.join("council_municipalities.csv"))?,
            }
        })
    }

    /// The page in `lang`.
    pub fn render(&self, lang: Lang) -> Result<Vec<u8>> {
        let (title, intro, body) = match self {
            Page::Run {
                summary,
                monthly,
                providers,
                council: rows,
            } => {
                let (t, i, b) = run::run_page(summary, monthly, providers, lang)?;
                (t, i, b + &council::section(rows, lang))
            }
            Page::Comparison {
                file,
                providers,
                council: rows,
            } => {
                // The reader sees each variant's label where the scenario gives one.
                let shown = |name: &str| answer_table::shown_name(file, name);
                let providers: Vec<_> = providers
                    .iter()
                    .map(|(v, p)| (shown(v), p.clone()))
                    .collect();
                let rows: Vec<_> = rows
                    .iter()
                    .map(|r| CouncilRow {
                        variant: shown(&r.variant),
                        ..r.clone()
                    })
                    .collect();
                let (t, i, b) =
                    comparison::comparison_page(&answer_table::relabelled(file), &providers, lang)?;
                (t, i, b + &council::section(&rows, lang))
            }
            Page::Sweep(s) => search::sweep_page(s, lang)?,
            Page::Sensitivity(s) => sensitivity_page(s, lang)?,
            Page::Optimise(o) => search::optimise_page(o, lang)?,
        };
        Ok(page(lang, &title, &intro, &body).into_bytes())
    }
}

/// `report.html` as an exporter, in its language.
pub struct Html {
    pub lang: Lang,
}

const REPORT: &str = "report.html";

impl Exporter<Results<'_>> for Html {
    fn file_name(&self) -> &'static str {
        REPORT
    }

    fn serialize(&self, r: &Results<'_>) -> Result<Vec<u8>> {
        Page::Run {
            summary: SummaryFile::new(r.provenance, r.summary),
            monthly: Monthly::new(r.summary),
            providers: r
                .summary
                .providers
                .iter()
                .map(|p| (String::new(), ProviderRow::new(p)))
                .collect(),
            council: council_rows::from_csv(&crate::report::council::municipalities_csv(
                &[&r.summary.council],
                None,
            )?)?,
        }
        .render(self.lang)
    }
}

impl Exporter<ComparisonResults<'_>> for Html {
    fn file_name(&self) -> &'static str {
        REPORT
    }

    fn serialize(&self, r: &ComparisonResults<'_>) -> Result<Vec<u8>> {
        let c = r.comparison;
        let answers = super::answer::answers(c, r.provenance[0].horizon_months);
        let providers = c
            .names
            .iter()
            .zip(&c.summaries)
            .flat_map(|(name, s)| {
                s.providers
                    .iter()
                    .map(move |p| (name.clone(), ProviderRow::new(p)))
            })
            .collect();
        let councils: Vec<_> = c.summaries.iter().map(|s| &s.council).collect();
        Page::Comparison {
            file: ComparisonFile::new(r.provenance, c, answers),
            providers,
            council: council_rows::from_csv(&crate::report::council::municipalities_csv(
                &councils,
                Some(&c.names),
            )?)?,
        }
        .render(self.lang)
    }
}

impl Exporter<SweepResults<'_>> for Html {
    fn file_name(&self) -> &'static str {
        REPORT
    }

    fn serialize(&self, r: &SweepResults<'_>) -> Result<Vec<u8>> {
        Page::Sweep(r.file()).render(self.lang)
    }
}

impl Exporter<SensitivityResults<'_>> for Html {
    fn file_name(&self) -> &'static str {
        REPORT
    }

    fn serialize(&self, r: &SensitivityResults<'_>) -> Result<Vec<u8>> {
        Page::Sensitivity(r.file()).render(self.lang)
    }
}

impl Exporter<OptimiseResults<'_>> for Html {
    fn file_name(&self) -> &'static str {
        REPORT
    }

    fn serialize(&self, r: &OptimiseResults<'_>) -> Result<Vec<u8>> {
        Page::Optimise(OptimiseFile::new(r.provenance, r.optimum)).render(self.lang)
    }
}

/// `report.html` of any outcome.
pub fn files(outcome: &super::format::Outcome<'_>, lang: Lang) -> Result<Vec<super::format::File>> {
    use super::format::{Outcome, each};
    let h = Html { lang };
    match outcome {
        Outcome::Run(r) => each(*r, &[&h]),
        Outcome::Comparison(r) => each(*r, &[&h]),
        Outcome::Sweep(r) => each(*r, &[&h]),
        Outcome::Sensitivity(r) => each(*r, &[&h]),
        Outcome::Optimise(r) => each(*r, &[&h]),
    }
}

/// `x` when it is a finite number: what a results file holds as a number (it writes
/// anything else as `null`).
fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// Each chart (SVG) with its explanation as a figure.
fn figures(charts: &[(String, String)]) -> String {
    charts
        .iter()
        .map(|(svg, text)| {
            format!(
                "<figure>{svg}<figcaption>{}</figcaption></figure>\n",
                escape(text)
            )
        })
        .collect()
}

/// A page: heading, an introduction (HTML) and the body (HTML), in `lang`.
fn page(lang: Lang, title: &str, intro: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\"><title>jeugdsim — {t}</title>\n<style>{STYLE}</style></head>\n<body>\n<h1>{t}</h1>\n<p>{intro}</p>\n{body}</body></html>\n",
        code = lang.code(),
        t = escape(title),
    )
}

const STYLE: &str = "h1{overflow-wrap:anywhere}body{font-family:sans-serif;max-width:900px;margin:2em auto;padding:0 1em;color:#222;line-height:1.4}table{border-collapse:collapse;margin:1em 0}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right;vertical-align:top}td:first-child,th:first-child,.text{text-align:left}td:first-child{min-width:11em}td small{color:#555;white-space:nowrap}figure{margin:2em 0}figcaption{color:#444}code{font-size:90%}.answer{font-size:1.15em;background:#f4f7fb;border-left:4px solid #1f77b4;padding:.6em 1em}.legend{font-size:14px;margin:.2em 0 .6em 0}.legend .key{margin-right:1.4em;white-space:nowrap}.better{color:#2ca02c}.worse{color:#d62728}.glance td.better{background:#e6f4e6}.glance td.worse{background:#fbe5e5}.glance td.ns,.glance td.same,.glance td.qualified{color:#555}.glance tr.composition td{border-bottom:2px solid #ccc;color:#444;font-size:.9em}.glance-title{font-weight:bold;margin-bottom:0}";

/// Writes `dir/report.html` for the results in `dir` (`jeugdsim report`), and lists it in
/// the folder's manifest.
pub fn report(dir: &Path, lang: Lang) -> Result<PathBuf> {
    // Only into a folder jeugdsim wrote, and holding nothing else: an own `report.html`
    // of the user's is never overwritten.
    let manifest = crate::results::folder::read_results(dir)?;
    let html = Page::read(dir)?.render(lang)?;
    let file = dir.join(REPORT);
    crate::results::folder::write_atomic(&file, &html)?;
    crate::results::folder::add_to_manifest(dir, manifest, &file)?;
    Ok(file)
}

/// Unit and direction of a metric for charts: € or a share or a count; lower or higher
/// better (or neither).
fn metric_kind(metric: &str) -> (Unit, Better) {
    let unit = Unit::of(metric);
    let better = match metric {
        "provider_result_total" | "provider_result" => Better::Neither,
        "share_ambulant" | "goal_attainment" | "step_downs" | "youths_in_care" => Better::Higher,
        m if m.starts_with("mean_in_care") || m.starts_with("youth_months") => Better::Neither,
        _ => Better::Lower,
    };
    (unit, better)
}

/// A readable name for a path of the scenario: `providers.count — IAJ / behandeling`.
fn readable_path(path: &str) -> String {
    let names: Vec<&str> = path
        .split('[')
        .skip(1)
        .filter_map(|p| p.split(']').next())
        .filter(|n| n.parse::<usize>().is_err() && *n != "*")
        .collect();
    let field: String = path
        .rsplit(']')
        .next()
        .unwrap_or(path)
        .trim_start_matches('.')
        .to_string();
    let field = if field.is_empty() {
        path.to_string()
    } else {
        field.replace('_', " ")
    };
    if names.is_empty() {
        field
    } else {
        format!("{field} — {}", names.join(" / "))
    }
}

pub(super) type Parts = (String, String, String);

fn sensitivity_page(s: &SensitivityFile, lang: Lang) -> Result<Parts> {
    let metric_name = s.metric.clone();
    let mut metric = lang.label(&metric_name).to_string();
    if let (Some(v), Some(b)) = (&s.variant, &s.baseline) {
        metric = format!("{metric} ({v} − {b})");
    }
    // Ranked by size already: the largest effect first, drawn on top.
    let rows: Vec<Row> = s
        .parameters
        .iter()
        .filter_map(|p| {
            let e = &p.effect;
            Some(Row {
                label: readable_path(&p.parameter),
                mean: finite(e.mean)?,
                lo: finite(e.ci95[0])?,
                hi: finite(e.ci95[1])?,
            })
        })
        .collect();
    let (unit, better) = metric_kind(&metric_name);
    let title = lang.fill("mod.effect_on_low_high_tornado", &[("metric", &metric)]);
    let x_desc = lang.text("mod.change_when_the_assumption_goes");
    let chart = whisker_chart(
        &Whiskers {
            title: &title,
            x_desc,
            unit,
            differences: true,
            better,
            lang,
        },
        &rows,
    )?;
    let caption = lang.text("mod.each_bar_is_how_much");
    Ok((
        format!("{} — {}", s.head.scenario, lang.text("mod.sensitivity")),
        lang.text("mod.one_way_sensitivity_analysis_of").to_string(),
        figures(&[(chart, caption.to_string())]),
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
