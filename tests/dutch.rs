//! `--lang nl` reaches everything a reader sees: every simulating command's console, its
//! `report.html` and its workbook are in Dutch — no English word, no "." decimal point
//! (a "." only groups thousands: 1.234.567). Code the user typed or scripts use (metric
//! and path names, target expressions, file paths) is left out of the check.

mod common;

use std::path::Path;

/// Words that are English and not Dutch. Checked as whole words.
const ENGLISH: &[&str] = &[
    "the",
    "The",
    "and",
    "with",
    "With",
    "from",
    "than",
    "each",
    "Each",
    "every",
    "Every",
    "which",
    "replications",
    "replication",
    "providers",
    "provider",
    "Providers",
    "waiting",
    "Waiting",
    "youths",
    "Youths",
    "mean",
    "Mean",
    "cost",
    "Cost",
    "costs",
    "total",
    "Total",
    "target",
    "Target",
    "values",
    "value",
    "wrote",
    "months",
    "candidates",
    "Found",
    "outcome",
    "Outcome",
    "CI",
    "care",
    "Care",
    "year",
    "years",
    "chance",
    "share",
    "difference",
    "baseline",
    "result",
    "loss",
    "quantile",
    "solution",
    "search",
    "against",
];

/// The text a reader sees in `s`, with code taken out: `backticked`, snake_case names,
/// dotted paths and target expressions, file paths, hex hashes and versions.
fn prose(s: &str) -> String {
    let mut out = String::new();
    let mut in_tick = false;
    for c in s.chars() {
        if c == '`' {
            in_tick = !in_tick;
            out.push(' ');
        } else if !in_tick {
            out.push(c);
        }
    }
    out.split_whitespace()
        .filter(|w| {
            !(w.contains('_')
                || w.contains('/')
                || w.contains("<=")
                || w.contains(">=")
                || w.contains("].")
                || w.contains("..")
                || w
                    .as_bytes()
                    .windows(3)
                    .any(|t| t[1] == b'.' && t[0].is_ascii_alphabetic() && t[2].is_ascii_alphabetic())
                // A version (0.7.0) and an Iv3 task field (6.72: written so in Dutch too).
                || w.chars().filter(|c| *c == '.').count() > 1
                    && w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit() || c == '.')
                || ["6.72", "6.82"].iter().any(|t| w.trim_matches(|c: char| !c.is_ascii_digit()) == *t)
                || w.len() >= 16 && w.chars().all(|c| c.is_ascii_hexdigit()))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every English word in `text`, and every number with a decimal point ("1090.3",
/// "54.8%"): a "." followed by other than exactly three digits.
fn problems(text: &str) -> Vec<String> {
    let text = prose(text);
    let mut found = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if ENGLISH.contains(&word) {
            let at = text.find(&format!(" {word} ")).unwrap_or(0);
            let around: String = text[at..].chars().take(40).collect();
            found.push(format!("English word `{word}` in `{around}`"));
        }
    }
    let b: Vec<char> = text.chars().collect();
    for i in 1..b.len().saturating_sub(1) {
        if b[i] == '.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit() {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits != 3 {
                let from = i.saturating_sub(12);
                let to = (i + 12).min(b.len());
                let around: String = b[from..to].iter().collect();
                found.push(format!("decimal point in `{around}`"));
            }
        }
    }
    found
}

/// `html` without the elements between `open` and `close`.
fn without(html: &str, open: &str, close: &str) -> String {
    let mut kept = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        kept.push_str(&rest[..i]);
        let tail = &rest[i..];
        rest = tail.find(close).map_or("", |j| &tail[j + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// The text of an HTML page: no tags, scripts or styles.
fn html_text(html: &str) -> String {
    let html = without(
        &without(html, "<style>", "</style>"),
        "<script>",
        "</script>",
    );
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
}

/// Every string cell of a workbook, sheet names included.
fn workbook_text(path: &Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    let mut out = String::new();
    for name in wb.sheet_names() {
        out.push_str(&format!("{name}\n"));
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for cell in row {
                if let calamine::Data::String(s) = cell {
                    out.push_str(s);
                    out.push('\n');
                }
            }
        }
    }
    out
}

#[test]
fn dutch_output_has_no_english_and_no_decimal_points() {
    let dir = tempfile::tempdir().unwrap();
    let commands: [(&str, Vec<&str>); 5] = [
        (
            "run",
            vec!["run", "scenarios/achterhoek.ron", "--replications", "6"],
        ),
        (
            "compare",
            vec![
                "compare",
                "scenarios/achterhoek-financing.ron",
                "--replications",
                "6",
            ],
        ),
        (
            "sweep",
            vec![
                "sweep",
                "scenarios/minimal.ron",
                "--set",
                "segments[IAJ].sub_segments[ondersteuning].providers.capacity=30..40:5",
                "--target",
                "mean_waiting_youths<=500",
                "--replications",
                "6",
            ],
        ),
        (
            "sensitivity",
            vec![
                "sensitivity",
                "scenarios/achterhoek.ron",
                "--replications",
                "3",
            ],
        ),
        (
            "optimise",
            vec![
                "optimise",
                "scenarios/achterhoek-market.ron",
                "--target",
                "mean_wait_months<=3",
                "--replications",
                "3",
            ],
        ),
    ];
    let mut all = Vec::new();
    for (name, args) in &commands {
        let out = dir.path().join(name);
        let mut a = args.clone();
        a.extend(["--lang", "nl", "--report"]);
        if *name != "sweep" && *name != "sensitivity" && *name != "optimise" {
            a.push("--xlsx");
        }
        let o = common::jeugdsim_ok(&a, &out);
        let console =
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
        for p in problems(&console) {
            all.push(format!("{name} console: {p}"));
        }
        let page = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(page.contains("<html lang=\"nl\">"));
        for p in problems(&html_text(&page)) {
            all.push(format!("{name} report.html: {p}"));
        }
        let xlsx = out.join("results.xlsx");
        if xlsx.exists() {
            for p in problems(&workbook_text(&xlsx)) {
                all.push(format!("{name} results.xlsx: {p}"));
            }
        }
    }
    all.extend(backcast_problems(dir.path()));
    all.sort();
    all.dedup();
    assert!(
        all.is_empty(),
        "{} problems:\n{}",
        all.len(),
        all.join("\n")
    );
}

/// What is not Dutch in the backcast of the example region, from a scenario fitted to its
/// data: console, workbook and page.
fn backcast_problems(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/regio-voorbeeld");
    let init = common::jeugdsim(&[
        "init",
        "voorbeeld",
        "--dir",
        common::arg(dir),
        "--from",
        common::arg(&data),
    ]);
    assert!(init.status.success(), "{}", common::stderr(&init));
    let out = dir.join("backcast");
    let o = common::jeugdsim_ok(
        &[
            "backcast",
            common::arg(&dir.join("voorbeeld.ron")),
            "--data",
            common::arg(&data),
            "--replications",
            "6",
            "--tolerance",
            "0.5",
            "--lang",
            "nl",
            "--report",
            "--xlsx",
        ],
        &out,
    );
    let console = String::from_utf8_lossy(&o.stdout);
    for p in problems(&console) {
        all.push(format!("backcast console: {p}"));
    }
    for p in problems(&workbook_text(&out.join("results.xlsx"))) {
        all.push(format!("backcast results.xlsx: {p}"));
    }
    for p in problems(&html_text(
        &std::fs::read_to_string(out.join("report.html")).unwrap(),
    )) {
        all.push(format!("backcast report.html: {p}"));
    }
    all
}

#[test]
fn the_dutch_check_finds_english_and_decimal_points() {
    assert_eq!(
        problems("Totale kosten € 1.234.567 (4,7%)"),
        Vec::<String>::new()
    );
    assert_eq!(problems("omzet 1090.3").len(), 1);
    assert_eq!(problems("aandeel 54.8%").len(), 1);
    assert_eq!(problems("the total").len(), 2);
    // Code is not prose: names, paths and expressions the user typed.
    assert!(problems("`mean_wait_months` providers.count mean_wait_months<=1.5").is_empty());
    assert_eq!(
        html_text("<style>.a{b}</style><p>De <b>kosten</b></p>").trim(),
        "De  kosten"
    );
}
