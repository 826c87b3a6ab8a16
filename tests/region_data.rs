//! A region's own data (docs/data.md): the fit recovers the example's generating
//! parameters, the backcast reproduces its base year, the council's tables add up to the
//! region exactly, and every kind of bad data is refused with its place, writing nothing.

mod common;

use jeugdsim::data::{self, backcast, fit};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/regio-voorbeeld")
}

/// The generating parameters: (parameter, municipality, subject) → value.
fn truth() -> HashMap<(String, String, String), f64> {
    let mut r = csv::Reader::from_path(example().join("parameters.csv")).unwrap();
    r.records()
        .map(|x| {
            let x = x.unwrap();
            (
                (x[0].to_string(), x[1].to_string(), x[2].to_string()),
                x[3].parse().unwrap(),
            )
        })
        .collect()
}

fn param(t: &HashMap<(String, String, String), f64>, p: &str, m: &str, s: &str) -> f64 {
    t[&(p.to_string(), m.to_string(), s.to_string())]
}

#[test]
fn the_fit_recovers_the_generating_parameters_within_their_sampling_error() {
    let d = data::load(&example()).unwrap();
    let f = fit::fit(&d);
    let t = truth();
    let ns = d.subs.len();
    for (m, mu) in d.municipalities.iter().enumerate() {
        for (s, sub) in d.subs.iter().enumerate() {
            let truth = param(&t, "rate", &mu.name, &sub.name);
            // Starts in a year are Poisson: SE = √(expected) / youths.
            let se = (truth * mu.youth_0_17).sqrt() / mu.youth_0_17;
            let got = f.rates[m * ns + s];
            assert!(
                (got - truth).abs() <= 3.0 * se,
                "rate {} {}: {got} vs {truth} (SE {se})",
                mu.name,
                sub.name
            );
        }
    }
    for (s, sub) in d.subs.iter().enumerate() {
        let truth = param(&t, "hazard", "", &sub.name);
        // Stops over youth-months: a Poisson count over exposure, SE = h / √stops.
        let se = truth / f.stops[s].sqrt();
        assert!(
            (f.hazards[s] - truth).abs() <= 3.0 * se,
            "hazard {}: {} vs {truth} (SE {se})",
            sub.name,
            f.hazards[s]
        );
    }
    for (k, p) in d.products.iter().enumerate() {
        let got = &f.products[k];
        let (mean, cv, share) = (
            param(&t, "usage_mean", "", &p.code),
            param(&t, "usage_cv", "", &p.code),
            param(&t, "share", "", &p.code),
        );
        // A youth's use is drawn once: at least client-months / 12 youths stand behind it.
        let youths = got.client_months / 12.0;
        let se_mean = (cv * mean / youths.sqrt()).max(1e-9);
        assert!(
            (got.mean - mean).abs() <= 3.0 * se_mean,
            "usage mean {}: {} vs {mean} (SE {se_mean})",
            p.code,
            got.mean
        );
        // The spread from the declaration lines: a variance from `rows` lines.
        let se_cv = cv * (2.0 / got.rows as f64).sqrt() + 1e-9;
        assert!(
            (got.cv - cv).abs() <= 3.0 * se_cv,
            "usage cv {}: {} vs {cv} (SE {se_cv})",
            p.code,
            got.cv
        );
        let se_share = (share * (1.0 - share) / youths).sqrt() + 1e-9;
        assert!(
            (got.share - share).abs() <= 3.0 * se_share,
            "share {}: {} vs {share} (SE {se_share})",
            p.code,
            got.share
        );
    }
}

/// The example's scenario, fitted into `dir`.
fn fitted(dir: &Path) -> PathBuf {
    let (file, assumptions) =
        jeugdsim::commands::region::init_from("voorbeeld", dir, &example()).unwrap();
    assert!(assumptions.iter().any(|a| a.contains("need level")));
    file
}

#[test]
fn init_then_backcast_reproduces_the_recorded_base_year() {
    let dir = tempfile::tempdir().unwrap();
    let file = fitted(dir.path());
    let text = std::fs::read_to_string(&file).unwrap();
    // Every fitted value names its source.
    assert!(text.contains("// gemeenten row 2; referral_rate:") && text.contains("mutaties rows"));
    assert!(text.contains("[assumption]"));
    let (_, model) = jeugdsim::scenario::load(&file).unwrap();
    let d = data::load(&example()).unwrap();
    let b = backcast::backcast(&model, &d, 0.05, None).unwrap();
    let line = |m: &str, measure: &str| {
        b.lines
            .iter()
            .find(|l| l.municipality == m && l.segment.is_none() && l.measure == measure)
            .unwrap()
    };
    for mu in &d.municipalities {
        let spend = line(&mu.name, "spend").relative_difference().unwrap();
        assert!(spend.abs() <= 0.05, "{}: spend {spend:+.3}", mu.name);
        let clients = line(&mu.name, "clients").relative_difference().unwrap();
        assert!(clients.abs() <= 0.10, "{}: clients {clients:+.3}", mu.name);
    }
    assert!(b.beyond_tolerance().is_empty());
    // The same on the command line: exit 0, backcast.csv written; a tolerance too tight for
    // chance exits 3 and names the municipality.
    let out = dir.path().join("bc");
    let o = common::jeugdsim(&[
        "backcast",
        file.to_str().unwrap(),
        "--data",
        example().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--report",
        "--xlsx",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "backcast.csv",
        "report.html",
        "results.xlsx",
        "manifest.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let mut tight = model.clone();
    tight.replications = 2000;
    let strict = backcast::backcast(&tight, &d, 0.0001, None).unwrap();
    let beyond: Vec<_> = strict
        .beyond_tolerance()
        .iter()
        .map(|l| l.municipality.clone())
        .collect();
    let o = common::jeugdsim(&[
        "backcast",
        file.to_str().unwrap(),
        "--data",
        example().to_str().unwrap(),
        "--out",
        dir.path().join("bc2").to_str().unwrap(),
        "--quiet",
        "--tolerance",
        "0.0001",
        "--replications",
        "2000",
    ]);
    if beyond.is_empty() {
        assert!(o.status.success());
    } else {
        assert_eq!(o.status.code(), Some(3));
        assert!(String::from_utf8_lossy(&o.stderr).contains(&beyond[0]));
    }
}

#[test]
fn the_council_tables_add_up_to_the_region_exactly_every_year() {
    let dir = tempfile::tempdir().unwrap();
    let file = fitted(dir.path());
    let (_, mut model) = jeugdsim::scenario::load(&file).unwrap();
    model.replications = 30;
    model.horizon = 36;
    let r = jeugdsim::run::run(&model, &Default::default()).unwrap();
    let c = &r.summary.council;
    assert_eq!(c.years, ["2024", "2025", "2026"]);
    let (nm, ns) = (c.municipalities.len(), c.subs.len());
    for y in 0..c.years.len() {
        let cells: i64 = (0..nm)
            .flat_map(|m| (0..ns).map(move |s| (m, s)))
            .map(|(m, s)| c.cell(y, m, s).mean)
            .sum();
        assert_eq!(cells, c.region[y], "year {y}");
        let actual: i64 = (0..nm).map(|m| c.municipal(y, m).actual_use).sum();
        let split: i64 = (0..nm).map(|m| c.municipal(y, m).cost_split.mean).sum();
        assert_eq!((actual, split), (c.region[y], c.region[y]));
        // And the region's year is the run's yearly cost (to the cent).
        let year = r.summary.by_year[y].1.mean;
        assert!(
            (c.region[y] as f64 / 100.0 - year).abs() <= 0.01,
            "{} vs {year}",
            c.region[y]
        );
        // Every municipality has a budget in the example; P(over) is a share.
        for m in 0..nm {
            let p = c.municipal(y, m).over_budget_probability.unwrap();
            assert!((0.0..=1.0).contains(&p));
        }
    }
    // The task fields split the same cells: closed care on 6.82, the rest on 6.72.
    let closed = c
        .subs
        .iter()
        .filter(|s| s.2 == jeugdsim::model::TaskField::Escalated)
        .count();
    assert_eq!(closed, 1);
}

#[test]
fn the_council_csv_sums_to_the_municipal_totals_in_cents() {
    let dir = tempfile::tempdir().unwrap();
    let file = fitted(dir.path());
    let out = dir.path().join("run");
    let o = common::jeugdsim(&[
        "run",
        file.to_str().unwrap(),
        "--replications",
        "20",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cents = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    let mut by_year: HashMap<String, i64> = HashMap::new();
    for r in csv::Reader::from_path(out.join("council.csv"))
        .unwrap()
        .records()
    {
        let r = r.unwrap();
        *by_year.entry(r[0].to_string()).or_default() += cents(&r[5]);
    }
    let mut totals: HashMap<String, (i64, i64)> = HashMap::new();
    for r in csv::Reader::from_path(out.join("council_municipalities.csv"))
        .unwrap()
        .records()
    {
        let r = r.unwrap();
        let e = totals.entry(r[0].to_string()).or_default();
        e.0 += cents(&r[2]);
        e.1 += cents(&r[3]);
    }
    assert_eq!(by_year.len(), 5);
    for (year, sum) in &by_year {
        assert_eq!(totals[year], (*sum, *sum), "{year}");
    }
}

/// A copy of the example's CSV files in a fresh folder, with `edit` applied to `file`.
fn broken(file: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for t in jeugdsim::data::tables::TABLES {
        let name = format!("{}.csv", t.name);
        let text = std::fs::read_to_string(example().join(&name)).unwrap();
        let text = if name == file { edit(text) } else { text };
        std::fs::write(dir.path().join(&name), text).unwrap();
    }
    dir
}

/// `init --from` on `data` fails with exit 2, every `expected` in its message, and writes
/// nothing.
fn refused(data: &Path, expected: &[&str]) {
    let out = tempfile::tempdir().unwrap();
    let o = common::jeugdsim(&[
        "init",
        "x",
        "--dir",
        out.path().to_str().unwrap(),
        "--from",
        data.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    for e in expected {
        assert!(err.contains(e), "`{e}` not in: {err}");
    }
    assert!(!err.contains("panicked"));
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "something was written"
    );
}

/// Replaces the `n`-th line (1-based) of a CSV text.
fn line(text: String, n: usize, f: impl Fn(&str) -> String) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { f(l) } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replaces field `k` of the `n`-th line.
fn field(text: String, n: usize, k: usize, value: &str) -> String {
    line(text, n, |l| {
        let mut f: Vec<String> = l.split(',').map(String::from).collect();
        f[k] = value.to_string();
        f.join(",")
    })
}

#[test]
fn bad_data_is_refused_with_its_file_row_and_column_and_nothing_is_written() {
    // A missing table, and a missing column.
    let d = broken("mutaties.csv", |t| t);
    std::fs::remove_file(d.path().join("mutaties.csv")).unwrap();
    refused(d.path(), &["mutaties.csv", "missing"]);
    let d = broken("declaraties.csv", |t| {
        line(t, 1, |l| l.replace(",bedrag", ",amount"))
    });
    refused(d.path(), &["declaraties.csv", "missing column `bedrag`"]);
    // Unknown names.
    let d = broken("declaraties.csv", |t| field(t, 3, 0, "Atlantis"));
    refused(
        d.path(),
        &[
            "declaraties.csv, row 3, column `gemeente`",
            "unknown municipality `Atlantis`",
        ],
    );
    let d = broken("declaraties.csv", |t| field(t, 4, 1, "Nergens BV"));
    refused(
        d.path(),
        &[
            "declaraties.csv, row 4, column `aanbieder`",
            "unknown provider `Nergens BV`",
        ],
    );
    // A negative amount, a month outside the base year, a duplicate row.
    let d = broken("declaraties.csv", |t| field(t, 2, 6, "-12.50"));
    refused(
        d.path(),
        &["declaraties.csv, row 2, column `bedrag`", "negative"],
    );
    let d = broken("mutaties.csv", |t| field(t, 5, 0, "2023-12"));
    refused(
        d.path(),
        &[
            "mutaties.csv, row 5, column `maand`",
            "outside the base year 2024",
        ],
    );
    let d = broken("declaraties.csv", |t| {
        let second = t.lines().nth(1).unwrap().to_string();
        format!("{t}{second}\n")
    });
    refused(d.path(), &["declaraties.csv, row", "as row 2"]);
    // A Dutch decimal comma and a thousands separator.
    let d = broken("declaraties.csv", |t| field(t, 2, 6, "\"1234,50\""));
    refused(d.path(), &["row 2, column `bedrag`", "decimal comma"]);
    let d = broken("gemeenten.csv", |t| field(t, 2, 1, "52.000"));
    refused(
        d.path(),
        &[
            "gemeenten.csv, row 2, column `jeugdigen_0_17`",
            "thousands separator",
        ],
    );
    // A semicolon-separated export.
    let d = broken("producten.csv", |t| t.replace(',', ";"));
    refused(d.path(), &["producten.csv", "semicolons"]);
}

#[test]
fn the_template_explains_every_column_and_is_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("mijn-regio");
    let o = common::jeugdsim(&["template", t.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let gemeenten = std::fs::read_to_string(t.join("gemeenten.csv")).unwrap();
    assert!(gemeenten.starts_with("gemeente,jeugdigen_0_17"));
    assert!(gemeenten.contains("# naam van de gemeente / municipality name"));
    // The workbook has a sheet per table, each with the same header.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(t.join("regio.xlsx")).unwrap();
    let names: Vec<&str> = jeugdsim::data::tables::TABLES
        .iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(wb.sheet_names(), names);
    let range = wb.worksheet_range("declaraties").unwrap();
    assert_eq!(range.get((0, 6)).unwrap().to_string(), "bedrag");
    // Empty, it is refused with the tables that need rows; a second template is refused.
    refused(
        &t.join("regio.xlsx"),
        &["regio.xlsx, sheet `regio`", "expected exactly one"],
    );
    let o = common::jeugdsim(&["template", t.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("exists already"));
}

/// The example's tables as one workbook, numbers as numbers.
fn example_workbook(path: &Path, skip: Option<&str>) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for t in jeugdsim::data::tables::TABLES {
        if Some(t.name) == skip {
            continue;
        }
        let ws = wb.add_worksheet();
        ws.set_name(t.name).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(example().join(format!("{}.csv", t.name)))
            .unwrap();
        for (i, rec) in r.records().enumerate() {
            for (j, v) in rec.unwrap().iter().enumerate() {
                match v.parse::<f64>() {
                    Ok(x) if i > 0 && !v.contains('-') => {
                        ws.write_number(i as u32, j as u16, x).unwrap()
                    }
                    _ => ws.write_string(i as u32, j as u16, v).unwrap(),
                };
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_workbook_fits_the_same_scenario_as_its_csv_files() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("regio.xlsx");
    example_workbook(&xlsx, None);
    let from_csv = fitted(dir.path());
    let (from_xlsx, _) =
        jeugdsim::commands::region::init_from("werkmap", dir.path(), &xlsx).unwrap();
    let body = |f: &Path| {
        std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
            .replace("\"werkmap\"", "\"voorbeeld\"")
    };
    assert_eq!(body(&from_csv), body(&from_xlsx));
    // A workbook without a required sheet names it.
    let missing = dir.path().join("zonder.xlsx");
    example_workbook(&missing, Some("mutaties"));
    refused(&missing, &["zonder.xlsx", "missing sheet `mutaties`"]);
}

#[test]
fn the_scenario_fields_of_a_region_are_checked() {
    let base = common::repo_file("scenarios/minimal.ron");
    let with =
        |extra: &str| base.replacen("    referral: (", &format!("{extra}\n    referral: ("), 1);
    let err = |text: String| common::model_from("x.ron", &text).unwrap_err().to_string();
    let e = err(with(
        "    stock: [(municipality: \"Voorbeeldstad\", sub_segment: \"pleegzorg\", in_care: 5)],\n    warmup_months: 3,",
    ));
    assert!(e.contains("warmup_months") && e.contains("stock"), "{e}");
    let e = err(with(
        "    stock: [(municipality: \"Elders\", sub_segment: \"pleegzorg\", in_care: 5)],",
    ));
    assert!(e.contains("unknown municipality `Elders`"), "{e}");
    let e = err(base.replacen(
        "kind: family_based,",
        "kind: family_based,\n                    iv3_task_field: \"6.99\",",
        1,
    ));
    assert!(e.contains("unknown Iv3 task field `6.99`"), "{e}");
    let e = err(base.replacen(
        "referral_rate: 0.05)",
        "referral_rate: 0.05, sub_segment_shares: {\"ondersteuning\": 0.5, \"pleegzorg\": 0.4})",
        1,
    ));
    assert!(e.contains("sub_segment_shares"), "{e}");
    // A stock starts the region there: its youths are in care in the first month.
    let m = common::model_from("x.ron", &with("    stock: [(municipality: \"Voorbeeldstad\", sub_segment: \"pleegzorg\", in_care: 30, waiting: 4)],")).unwrap();
    assert_eq!(m.warmup, 0);
    let t = jeugdsim::run::simulate_one(&m, 0);
    assert_eq!(t.flows[0].stock_start, 0);
    assert!(t.flows[0].entered >= 34, "{}", t.flows[0].entered);
}

#[test]
fn the_readme_shows_what_the_backcast_prints_and_data_md_every_column() {
    let readme = common::repo_file("README.md");
    let section = &readme[readme.find("## Your own region").unwrap()..];
    let lead_in = section
        .find("answer for the example:")
        .expect("the answer's lead-in");
    let block = section[lead_in..]
        .split("```\n")
        .nth(1)
        .expect("the backcast's answer block");
    assert!(block.contains("Stedeburg"), "{block}");
    let dir = tempfile::tempdir().unwrap();
    let file = fitted(dir.path());
    let o = common::jeugdsim(&[
        "backcast",
        file.to_str().unwrap(),
        "--data",
        example().to_str().unwrap(),
        "--out",
        dir.path().join("bc").to_str().unwrap(),
    ]);
    let printed = String::from_utf8_lossy(&o.stdout);
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            printed.contains(line),
            "README line not printed: {line}\n{printed}"
        );
    }
    let doc = common::repo_file("docs/data.md");
    for t in jeugdsim::data::tables::TABLES {
        assert!(
            doc.contains(&format!("### `{}`", t.name)),
            "table {}",
            t.name
        );
        for c in t.columns {
            assert!(
                doc.contains(&format!("| `{}` |", c.name)),
                "column {}.{}",
                t.name,
                c.name
            );
        }
    }
}
