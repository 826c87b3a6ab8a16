//! Every text a reader sees goes through one table of phrases in both languages: every key
//! the code asks for exists, and no phrase is missing a language.

use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push((
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            ));
        }
    }
}

#[test]
fn every_phrase_key_the_code_uses_exists_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    // The phrase tables: every file of the language module.
    let table: String = ["phrases.rs", "consoles.rs"]
        .iter()
        .map(|f| std::fs::read_to_string(root.join("report/lang").join(f)).unwrap())
        .collect();
    let mut used = 0;
    let mut missing = Vec::new();
    for (path, text) in &files {
        for call in [".text(\"", ".fill(\""] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                let key = &rest[..rest.find('"').unwrap()];
                used += 1;
                if !table.contains(&format!("\"{key}\",")) {
                    missing.push(format!("{path}: {key}"));
                }
            }
        }
    }
    assert!(used > 100, "only {used} phrases used");
    assert!(missing.is_empty(), "keys without a phrase: {missing:?}");
    for lang in [
        jeugdsim::report::lang::Lang::En,
        jeugdsim::report::lang::Lang::Nl,
    ] {
        assert!(!lang.text("run.key_outcomes").is_empty());
    }
    assert_eq!(
        jeugdsim::report::lang::Lang::Nl.text("run.key_outcomes"),
        "Belangrijkste uitkomsten"
    );
    assert_eq!(
        jeugdsim::report::lang::Lang::Nl.fill("answer.over_years", &[("years", &5)]),
        "over 5 jaar"
    );
}
