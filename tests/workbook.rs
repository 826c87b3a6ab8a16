//! The workbook is ready to hand on: every sheet has its header frozen, a filter, and
//! column widths fitted to its content (no `####` for a euro amount); headers are in the
//! reader's language; the comparison opens with the answer at a glance.

mod common;

use std::io::Read;
use std::path::Path;

/// Sheet name → its XML, in the workbook's order.
fn sheets(path: &Path) -> Vec<(String, String)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let book = read("xl/workbook.xml");
    let names: Vec<String> = book
        .split("<sheet name=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n, read(&format!("xl/worksheets/sheet{}.xml", i + 1))))
        .collect()
}

/// The widths of the columns a sheet sets, in characters.
fn widths(xml: &str) -> Vec<f64> {
    xml.split("<col ")
        .skip(1)
        .filter_map(|c| {
            let w = &c[c.find("width=\"")? + 7..];
            w[..w.find('"')?].parse().ok()
        })
        .collect()
}

fn strings(path: &Path) -> Vec<String> {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        for row in wb.worksheet_range(&name).unwrap().rows() {
            for c in row {
                if let calamine::Data::String(s) = c {
                    out.push(s.clone());
                }
            }
        }
    }
    out
}

#[test]
fn every_sheet_is_frozen_filtered_and_fitted_with_dutch_headers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    common::jeugdsim_ok(
        &[
            "compare",
            "scenarios/achterhoek-financing.ron",
            "--replications",
            "6",
            "--lang",
            "nl",
            "--xlsx",
            "--quiet",
        ],
        &out,
    );
    let book = out.join("results.xlsx");
    let sheets = sheets(&book);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "vergelijking",
            "verschillen",
            "samenvatting",
            "per jaar",
            "per gemeente",
            "Raad",
            "Per gemeente per jaar",
            "per aanbieder"
        ]
    );
    for (name, xml) in &sheets {
        assert!(xml.contains("state=\"frozen\""), "{name}: no frozen header");
        assert!(xml.contains("<autoFilter"), "{name}: no filter");
        let w = widths(xml);
        assert!(w.len() >= 3, "{name}: widths of only {} columns", w.len());
        // Euro amounts of up to hundreds of millions need about 14 characters.
        assert!(
            w.iter().all(|x| *x >= 4.0),
            "{name}: a column too narrow: {w:?}"
        );
    }
    // The euro columns of the answer are wide enough for "€ -12.345.678".
    let answer = &sheets[0].1;
    assert!(widths(answer)[1] >= 12.0, "{:?}", widths(answer));
    let text = strings(&book);
    for header in [
        "Totale kosten incl. uitvoering",
        "Niet-geleverde zorg (mnd)",
        "Marge (resultaat / omzet)",
        "Doelrealisatie (aandeel)",
        "Gemeente",
        "Toelichting",
    ] {
        assert!(text.iter().any(|s| s == header), "no header `{header}`");
    }
    // Variants by their labels, not their code names.
    assert!(text.iter().any(|s| s == "Lumpsum ambulant, bandbreedte 5%"));
    assert!(!text.iter().any(|s| s == "lumpsum_bandwidth"));
    // (The `maatstaf` column keeps the metric names scripts use; headers do not.)
    for english in [
        "mean",
        "95% CI low",
        "P(over budget)",
        "revenue (mean)",
        "per provider",
    ] {
        assert!(
            !text.iter().any(|s| s == english),
            "English header `{english}`"
        );
    }
}
