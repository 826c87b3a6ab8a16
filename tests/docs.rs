//! The docs match the code: every scenario field is in docs/scenario.md and every metric
//! in docs/metrics.md.

use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn every_scenario_field_is_documented() {
    let schema = read("src/scenario/schema.rs");
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
