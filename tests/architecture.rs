//! The house rules of docs/architecture.md, checked: no source file over 600 lines,
//! `main.rs` at most 250, the README at most 300, and no cycle between the top-level
//! modules of `src/` (a `crate::X` anywhere in module Y — code, attribute or comment —
//! counts as Y → X). Functions stay under 100 lines by clippy (`clippy.toml`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn lines(path: &Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count()
}

#[test]
fn files_stay_within_their_budgets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let over: Vec<String> = files
        .iter()
        .filter(|f| lines(f) > 600)
        .map(|f| format!("{} ({})", f.display(), lines(f)))
        .collect();
    assert!(over.is_empty(), "source files over 600 lines: {over:?}");
    assert!(lines(&root.join("src/main.rs")) <= 250);
    assert!(
        lines(&root.join("README.md")) <= 300,
        "README.md over 300 lines"
    );
}

/// The top-level module a file of `src/` belongs to.
fn module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn no_cycle_between_top_level_modules() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .map(|f| module(&src, f))
        .filter(|m| m != "main" && m != "lib")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let from = module(&src, f);
        let text = std::fs::read_to_string(f).unwrap();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + 7..];
            // `crate::X` and `crate::{X, Y}`.
            let names: Vec<&str> = if let Some(group) = rest.strip_prefix('{') {
                let group = &group[..group.find('}').unwrap_or(group.len())];
                group
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap())
                    .collect()
            } else {
                vec![
                    rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap(),
                ]
            };
            for to in names {
                if to != from && modules.contains(to) {
                    edges
                        .entry(from.clone())
                        .or_default()
                        .insert(to.to_string());
                }
            }
        }
    }
    // A module reaches itself only through a cycle.
    for start in &modules {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<&String> = edges.get(start).into_iter().flatten().collect();
        while let Some(m) = todo.pop() {
            assert!(m != start, "a cycle through `{start}`: {edges:?}");
            if seen.insert(m.clone()) {
                todo.extend(edges.get(m).into_iter().flatten());
            }
        }
    }
    assert!(edges.len() > 10, "{edges:?}");
}
