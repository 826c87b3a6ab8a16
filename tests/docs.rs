//! The docs match the code: every scenario field is in docs/scenario.md and every metric
//! in docs/metrics.md.

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn every_scenario_field_is_documented() {
    let schema = read("src/scenario/schema.rs") + &read("src/scenario/schema/segment.rs");
    let doc = read("docs/scenario.md");
    let mut fields = Vec::new();
    let mut rename = None;
    for line in schema.lines().map(str::trim) {
        if let Some(r) = line.strip_prefix("#[serde(rename = \"") {
            rename = r.split('"').next().map(str::to_string);
        }
        if let Some((name, _)) = line.strip_prefix("pub ").and_then(|r| r.split_once(':'))
            && !name.contains(' ')
            && !name.contains('(')
        {
            fields.push(rename.take().unwrap_or_else(|| name.to_string()));
        }
    }
    assert!(fields.len() > 40, "found only {} fields", fields.len());
    for f in fields {
        assert!(
            doc.contains(&format!("`{f}`")),
            "docs/scenario.md does not document `{f}`"
        );
    }
}

#[test]
fn every_metric_is_documented() {
    let doc = read("docs/metrics.md");
    for m in jeugdsim::metrics::CORE_METRICS {
        assert!(
            doc.contains(&format!("`{}`", m.name)),
            "docs/metrics.md lacks `{}`",
            m.name
        );
    }
    for (prefix, _, _) in jeugdsim::metrics::FAMILIES {
        assert!(
            doc.contains(&format!("`{prefix}")),
            "docs/metrics.md lacks `{prefix}…`"
        );
    }
}

/// A number as prose writes it: its value, and how far a shown number may lie from it and
/// still be the same figure rounded (half a unit of its last significant digit, trailing
/// zeros of a whole number not counted).
struct Quoted {
    text: String,
    value: f64,
    tolerance: f64,
    percent: bool,
}

/// Every number in `prose`, with its scale word (`mln`, `million`, `k`, `bn`) or `%`.
fn quoted(prose: &str) -> Vec<Quoted> {
    let chars: Vec<char> = prose.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit()
            && (i == 0
                || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_' || chars[i - 1] == '.'));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len()
            && (chars[j].is_ascii_digit()
                || ((chars[j] == ',' || chars[j] == '.')
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()))
        {
            j += 1;
        }
        let token: String = chars[i..j].iter().collect();
        let rest: String = chars[j..chars.len().min(j + 10)].iter().collect();
        // The first end of a range takes the scale of the second: `€350–400 million`,
        // `€64.1 and €88.6 million`.
        let ahead: String = chars[j..chars.len().min(j + 40)].iter().collect();
        let range_scale = ["–", " – ", " and €", " and ", " to €", " to "]
            .iter()
            .find_map(|sep| ahead.strip_prefix(sep))
            .and_then(|r| {
                let r = r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.');
                [" mln", " million", " bn", " billion", "k"]
                    .into_iter()
                    .find(|w| r.starts_with(w))
            });
        i = j;
        // Not a figure: part of a word or an identifier (`p95`, `0–17`'s ends are fine).
        if chars.get(j).is_some_and(|c| c.is_alphabetic() || *c == '_') && !rest.starts_with('k') {
            continue;
        }
        let plain = token.replace(',', "");
        let Ok(v) = plain.parse::<f64>() else {
            continue;
        };
        let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
        let unit = if decimals > 0 {
            10f64.powi(-(decimals as i32))
        } else {
            let zeros = plain.len() - plain.trim_end_matches('0').len();
            10f64.powi(zeros.min(plain.len() - 1) as i32)
        };
        let rest = match range_scale {
            Some(w)
                if !rest.starts_with(' ')
                    || rest.starts_with(" and")
                    || rest.starts_with(" to") =>
            {
                w.to_string()
            }
            Some(w) if rest.starts_with(" – ") => w.to_string(),
            _ => rest,
        };
        let scale = if rest.starts_with(" mln") || rest.starts_with(" million") {
            1e6
        } else if rest.starts_with(" bn") || rest.starts_with(" billion") {
            1e9
        } else if rest.starts_with(" k") || rest.starts_with('k') {
            1e3
        } else {
            1.0
        };
        out.push(Quoted {
            text: format!("{token}{}", rest.chars().take(4).collect::<String>()),
            value: v * scale,
            tolerance: unit * scale / 2.0 * 1.000_001,
            percent: rest.starts_with('%')
                || rest.starts_with(" pp")
                || rest.starts_with(" percent"),
        });
    }
    out
}

/// The numbers of the output blocks, as values.
fn shown(blocks: &str) -> Vec<f64> {
    quoted(blocks).iter().map(|q| q.value).collect()
}

/// Splits markdown into its prose (no code blocks, inline code, links' targets or
/// headings) and its fenced blocks.
fn prose_and_blocks(md: &str) -> (String, String) {
    let (mut prose, mut blocks, mut fenced) = (String::new(), String::new(), false);
    for line in md.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            blocks.push_str(line);
            blocks.push('\n');
        } else if !line.starts_with('#') && !line.starts_with('|') {
            let mut l = String::new();
            let mut code = false;
            for part in line.split('`') {
                if !code {
                    l.push_str(part);
                }
                code = !code;
            }
            // Link targets name files, not figures.
            let l = l
                .split("](")
                .enumerate()
                .map(|(k, p)| {
                    if k == 0 {
                        p
                    } else {
                        p.split_once(')').map_or("", |(_, r)| r)
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            prose.push_str(&l);
            prose.push('\n');
        }
    }
    (prose, blocks)
}

/// The figures of `md`'s prose that no output block of it shows, within rounding, and that
/// are not inputs of a scenario it names (`scenarios/x.ron`: its numbers, comments
/// included).
fn unshown(md: &str) -> Vec<String> {
    let (prose, blocks) = prose_and_blocks(md);
    let prose = prose.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut values = shown(&blocks);
    for (i, _) in md.match_indices("scenarios/") {
        let name: String = md[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || "/-_.".contains(*c))
            .collect();
        if let Some(file) = name
            .strip_suffix('.')
            .or(Some(&name))
            .filter(|n| n.ends_with(".ron"))
            && let Ok(text) =
                std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file))
        {
            values.extend(shown(&text));
        }
    }
    quoted(&prose)
        .into_iter()
        .filter(|q| {
            let year = q.tolerance <= 0.51 && (1990.0..2040.0).contains(&q.value);
            let candidates = if q.percent {
                vec![q.value, q.value / 100.0]
            } else {
                vec![q.value]
            };
            let tolerance = |c: f64| {
                if c == q.value {
                    q.tolerance
                } else {
                    q.tolerance / 100.0
                }
            };
            !year
                && !candidates.iter().any(|&c| {
                    values
                        .iter()
                        .any(|x| (x.abs() - c.abs()).abs() <= tolerance(c))
                })
        })
        .map(|q| q.text)
        .collect()
}

#[test]
fn every_figure_in_a_study_or_the_readme_is_one_its_output_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = Vec::new();
    for e in std::fs::read_dir(root.join("docs/studies")).unwrap() {
        let p = e.unwrap().path();
        docs.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
    }
    // The README's worked answer, from its heading to the next section.
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let from = readme
        .find("## Worked example")
        .expect("the README's worked example");
    let to = readme[from + 3..]
        .find("\n## ")
        .map_or(readme.len(), |k| from + 3 + k);
    docs.push((root.join("README.md"), readme[from..to].to_string()));
    docs.sort();
    assert!(docs.len() >= 7);
    let mut wrong = Vec::new();
    for (d, text) in &docs {
        let missing = unshown(text);
        if !missing.is_empty() {
            wrong.push(format!("{}: {missing:?}", d.display()));
        }
    }
    assert!(
        wrong.is_empty(),
        "figures in prose that no output shows:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_figure_check_can_fail() {
    let md = "Cost is €375 million, 4,700 youths, 91% ambulant, 12.8 months, €350–400 million.\n\n```\n374,595,196 4,693 0.911 12.85 349,978,513 400,447,964\n```\n";
    assert!(unshown(md).is_empty(), "{:?}", unshown(md));
    let drifted = md
        .replace("€375 million", "€380 million")
        .replace("12.8 months", "12.7 months");
    assert_eq!(unshown(&drifted).len(), 2, "{:?}", unshown(&drifted));
}
