//! The `uncertain` block of a scenario, as `sensitivity` and `run --psa` read it: a path's
//! scope (the scenario or one variant) and the ranges checked.

use super::schema::Scenario;
use crate::error::{Error, Result};

/// An `uncertain` path's scope: `variants[NAME].rest` is a parameter of variant NAME only
/// (applied after its overrides); any other path is one of the scenario itself.
pub fn scope(path: &str) -> (Option<&str>, &str) {
    path.strip_prefix("variants[")
        .and_then(|rest| rest.split_once("]."))
        .map_or((None, path), |(name, rest)| {
            (Some(name.trim_matches('"')), rest)
        })
}

/// Each `uncertain` range runs from low to high and names an existing variant, if any.
pub fn check_ranges(scenario: &Scenario) -> Result<()> {
    for (path, range) in &scenario.uncertain {
        if range.low > range.high {
            return Err(Error::Usage(format!(
                "uncertain `{path}`: low {} is above high {}",
                range.low, range.high
            )));
        }
        if let (Some(name), _) = scope(path)
            && !scenario.variants.iter().any(|v| v.name == name)
        {
            return Err(Error::Usage(format!(
                "uncertain `{path}`: there is no variant `{name}`; variants: {}",
                variant_names(scenario)
            )));
        }
    }
    Ok(())
}

/// The scenario's variants by name, for a message (`none` without variants).
pub fn variant_names(scenario: &Scenario) -> String {
    let names: Vec<&str> = scenario.variants.iter().map(|v| v.name.as_str()).collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}
