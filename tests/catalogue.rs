//! A catalogue of bad inputs, one row each: a change to the minimal scenario (or a whole
//! file) and a command line; the exit code and what the message must say. Every row also
//! checks that nothing panicked and that a refused run wrote no results folder.
//!
//! Exit codes (README): 0 success, 2 the user's input (scenario or arguments), 1 files.

mod common;

/// How the scenario file of a case is made.
enum Edit {
    /// `minimal.ron` with the first occurrence of the first string replaced by the second.
    Replace(&'static str, &'static str),
    /// `minimal.ron` with this text added as a field before the closing parenthesis.
    Add(&'static str),
    /// `minimal.ron` with each first string replaced by the second, in turn, then the field
    /// added (when not empty).
    Edits(&'static [(&'static str, &'static str)], &'static str),
    /// `minimal.ron` unchanged.
    Same,
    /// This text as the whole file.
    Text(&'static str),
    /// These bytes as the whole file.
    Bytes(&'static [u8]),
    /// `minimal.ron` after these bytes.
    Prefix(&'static [u8]),
}

struct Case {
    name: &'static str,
    edit: Edit,
    /// The command, then its flags; the file (and for simulating commands `--out` and
    /// `--quiet`) are added.
    command: &'static str,
    code: i32,
    says: &'static [&'static str],
}

use Edit::*;

const fn case(
    name: &'static str,
    edit: Edit,
    command: &'static str,
    code: i32,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        edit,
        command,
        code,
        says,
    }
}

const RUN: &str = "run --replications 2";
const VALIDATE: &str = "validate";

/// Rows a hurried analyst could produce, by kind.
#[rustfmt::skip]
const CASES: &[Case] = &[
    // ---- Syntax: file, line, column, and what was expected.
    case("missing comma", Replace("horizon_months: 36,", "horizon_months: 36"), RUN, 2, &["bad.ron:8:", "Expected comma"]),
    case("unclosed string", Replace("name: \"minimal\"", "name: \"minimal"), RUN, 2, &["bad.ron:"]),
    case("missing closing paren", Replace("relapse: (hazard: 0.01, window_months: 12),", "relapse: (hazard: 0.01, window_months: 12,"), RUN, 2, &["bad.ron:"]),
    case("empty file", Text(""), RUN, 2, &["bad.ron:1:1"]),
    case("json instead of ron", Text("{\"name\": \"x\"}"), RUN, 2, &["bad.ron:1:"]),
    case("only a comment", Text("// nothing here\n"), RUN, 2, &["bad.ron:"]),
    case("trailing garbage", Add(") extra"), RUN, 2, &["bad.ron:"]),
    case("string for a number", Replace("horizon_months: 36", "horizon_months: \"36\""), RUN, 2, &["bad.ron:6:20", "`horizon_months`: Expected integer"]),
    case("number for a string", Replace("start: \"2024-01\"", "start: 2024"), RUN, 2, &["bad.ron:5:", "`start`: Expected string"]),
    case("negative count", Replace("count: 3,", "count: -3,"), RUN, 2, &["bad.ron:46:"]),
    case("fraction for a count", Replace("count: 3,", "count: 2.5,"), RUN, 2, &["bad.ron:46:50", "whole number"]),
    case("unknown unit", Replace("unit: hour", "unit: hours"), RUN, 2, &["bad.ron:36:", "hours"]),
    case("unknown kind", Replace("kind: ambulant", "kind: outpatient"), RUN, 2, &["bad.ron:33:", "outpatient"]),
    case("unknown providers variant", Replace("Generated(count: 3, capacity: 120)", "Random(count: 3)"), RUN, 2, &["bad.ron:46:", "Random"]),
    case("unknown financing scheme", Add("financing_default: Lumpsum()"), RUN, 2, &["financing_default"]),
    case("list where a map is expected", Replace("need_shares: {\"light\": 0.8, \"complex\": 0.2}", "need_shares: [0.8, 0.2]"), RUN, 2, &["bad.ron:20:"]),
    // ---- Unknown and missing fields, enum variants included.
    case("misspelt top-level field", Replace("horizon_months: 36,", "horizon_monhts: 36,"), RUN, 2, &["bad.ron:6:5", "horizon_monhts", "docs/scenario.md"]),
    case("misspelt generated field", Replace("capacity: 120", "capacty: 120"), RUN, 2, &["bad.ron:46:", "capacty"]),
    case("misspelt listed provider field", Replace("(name: \"Gezin Eerst\", capacity: 20)", "(name: \"Gezin Eerst\", capcity: 20)"), RUN, 2, &["bad.ron:71:", "capcity"]),
    case("misspelt lumpsum field", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", financing: Lumpsum(discont: 0.05),"), RUN, 2, &["bad.ron:45:", "discont"]),
    case("misspelt keuzebudget field", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", financing: Keuzebudget(budgetz: {}),"), RUN, 2, &["bad.ron:45:", "budgetz"]),
    case("misspelt hazard", Replace("(success: 0.12, dropout: 0.01)", "(sucess: 0.12, dropout: 0.01)"), RUN, 2, &["bad.ron:42:", "sucess"]),
    case("misspelt usage field", Replace("(mean: 6, cv: 0.5)", "(mean: 6, cv: 0.5, sd: 1)"), RUN, 2, &["bad.ron:37:", "sd"]),
    case("misspelt at_18 field", Replace("adult_care: 0.2", "adultcare: 0.2"), RUN, 2, &["bad.ron:68:", "adultcare", "adult_care"]),
    case("misspelt waiting field", Replace("escalation: 0.01", "escalaton: 0.01"), RUN, 2, &["escalaton"]),
    case("misspelt relapse field", Replace("window_months: 12", "window: 12"), RUN, 2, &["window"]),
    case("misspelt referrer field", Replace("sociale_basis_share: 0.3", "sociale_basis: 0.3"), RUN, 2, &["bad.ron:17:", "sociale_basis"]),
    case("misspelt municipality field", Replace("referral_rate: 0.05", "referal_rate: 0.05"), RUN, 2, &["bad.ron:13:", "referal_rate"]),
    case("missing required field", Replace("need_levels: [\"light\", \"complex\"],", ""), RUN, 2, &["need_levels"]),
    case("missing products", Replace("kind: ambulant,", "kind: ambulant, products: [],"), RUN, 2, &["bad.ron:"]),
    case("misspelt market field", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", market: (min: 1, maxx: 3),"), RUN, 2, &["maxx"]),
    case("misspelt world field", Add("world: (trend_shift: (low: 0.0, high: 0.1))"), RUN, 2, &["trend_shift"]),
    case("misspelt admin field", Add("admin: (per_contract: 100)"), RUN, 2, &["per_contract"]),
    // ---- Duplicate keys and names.
    case("duplicate triage row", Replace("\"light\": {\"ondersteuning\": 1.0},", "\"light\": {\"ondersteuning\": 1.0}, \"light\": {\"pleegzorg\": 1.0},"), RUN, 2, &["bad.ron:22:", "\"light\" is given twice"]),
    case("duplicate need share", Replace("{\"light\": 0.8, \"complex\": 0.2}", "{\"light\": 0.8, \"complex\": 0.2, \"light\": 0.5}"), RUN, 2, &["bad.ron:20:", "light"]),
    case("duplicate indication key", Replace("indication_months: {\"light\": 6, \"complex\": 12}", "indication_months: {\"light\": 6, \"complex\": 12, \"complex\": 9}"), RUN, 2, &["bad.ron:39:", "complex"]),
    case("duplicate usage key", Replace("\"complex\": (mean: 12, cv: 0.5)}", "\"complex\": (mean: 12, cv: 0.5), \"light\": (mean: 1)}"), RUN, 2, &["light"]),
    case("duplicate municipality", Replace("referral_rate: 0.05),", "referral_rate: 0.05), (name: \"Voorbeeldstad\", youth_0_17: 500, referral_rate: 0.05),"), RUN, 2, &["bad.ron:13:", "listed twice"]),
    case("duplicate need level", Replace("[\"light\", \"complex\"]", "[\"light\", \"complex\", \"light\"]"), RUN, 2, &["bad.ron:10:", "listed twice"]),
    case("duplicate sub-segment name", Replace("name: \"pleegzorg\",\n                    kind", "name: \"ondersteuning\",\n                    kind"), RUN, 2, &["ondersteuning"]),
    case("duplicate provider name", Replace("(name: \"Gezin Eerst\", capacity: 20)", "(name: \"Pleegzorg Oost\", capacity: 20)"), RUN, 2, &["bad.ron:71:", "Pleegzorg Oost"]),
    // ---- Probabilities and shares.
    case("probability above one", Replace("extend_probability: 0.3", "extend_probability: 1.3"), RUN, 2, &["bad.ron:40:", "between 0 and 1"]),
    case("negative probability", Replace("extend_probability: 0.3", "extend_probability: -0.1"), RUN, 2, &["bad.ron:40:", "between 0 and 1"]),
    case("hazard above one", Replace("(success: 0.12, dropout: 0.01)", "(success: 1.2, dropout: 0.01)"), RUN, 2, &["bad.ron:42:"]),
    case("hazards sum above one", Replace("(success: 0.12, dropout: 0.01)", "(success: 0.7, dropout: 0.5)"), RUN, 2, &["bad.ron:42:"]),
    case("need shares do not add up", Replace("\"complex\": 0.2}", "\"complex\": 0.3}"), RUN, 2, &["bad.ron:20:", "add up to"]),
    case("referrer shares do not add up", Replace("(name: \"huisarts\", share: 0.4)", "(name: \"huisarts\", share: 0.5)"), RUN, 2, &["add up to"]),
    case("triage row does not add up", Replace("{\"ondersteuning\": 0.6, \"pleegzorg\": 0.4}", "{\"ondersteuning\": 0.6, \"pleegzorg\": 0.5}"), RUN, 2, &["bad.ron:23:", "add up to"]),
    case("product share above one", Replace("tariff: 75.0,", "tariff: 75.0, share: 1.5,"), RUN, 2, &["bad.ron:36:"]),
    case("sociale basis share above one", Replace("sociale_basis_share: 0.3", "sociale_basis_share: 3"), RUN, 2, &["bad.ron:17:", "between 0 and 1"]),
    case("at_18 does not add up", Replace("end: 0.3", "end: 0.4"), RUN, 2, &["bad.ron:68:", "at_18"]),
    case("waiting hazards above one", Replace("escalation: 0.01, dropout: 0.02", "escalation: 0.7, dropout: 0.6"), RUN, 2, &["waiting"]),
    case("relapse hazard above one", Replace("hazard: 0.01, window_months", "hazard: 2.0, window_months"), RUN, 2, &["relapse.hazard", "between 0 and 1"]),
    case("NaN probability", Replace("extend_probability: 0.3", "extend_probability: NaN"), RUN, 2, &["bad.ron:40:", "not a finite number"]),
    case("infinite tariff", Replace("tariff: 75.0", "tariff: inf"), RUN, 2, &["bad.ron:36:", "not a finite number"]),
    // ---- Names and references.
    case("unknown sub-segment in triage", Replace("{\"ondersteuning\": 1.0}", "{\"ondersteun\": 1.0}"), RUN, 2, &["bad.ron:22:", "unknown sub-segment `ondersteun`"]),
    case("unknown need level in triage", Replace("\"light\": {\"ondersteuning\": 1.0},", "\"licht\": {\"ondersteuning\": 1.0},"), RUN, 2, &["licht"]),
    case("unknown need level in usage", Replace("usage: {\"light\": (mean: 6, cv: 0.5)", "usage: {\"licht\": (mean: 6, cv: 0.5)"), RUN, 2, &["licht"]),
    case("unknown step-up target", Replace("step_up_to: \"pleegzorg\"", "step_up_to: \"pleeg\""), RUN, 2, &["bad.ron:45:", "pleeg"]),
    case("unknown step-down target", Replace("step_down_to: \"ondersteuning\"", "step_down_to: \"nergens\""), RUN, 2, &["bad.ron:64:", "nergens"]),
    case("unknown crisis sub-segment", Add("crisis_sub_segment: \"spoed\""), RUN, 2, &["spoed"]),
    case("crisis sub-segment of the wrong kind", Add("crisis_sub_segment: \"pleegzorg\""), RUN, 2, &["kind `crisis`"]),
    case("unknown municipality in coverage", Replace("capacity: 120)", "capacity: 120, municipalities: [\"Nergensdorp\"])"), RUN, 2, &["Nergensdorp"]),
    case("unknown sub-segment bought separately", Replace("referral_rate: 0.05)", "referral_rate: 0.05, buys_separately: [\"spoed\"])"), RUN, 2, &["bad.ron:13:", "spoed"]),
    case("name with a path", Replace("name: \"minimal\"", "name: \"../../x\""), RUN, 2, &["bad.ron:4:", "letters, digits"]),
    case("absolute path as name", Replace("name: \"minimal\"", "name: \"/tmp/x\""), RUN, 2, &["letters, digits"]),
    case("empty name", Replace("name: \"minimal\"", "name: \"\""), RUN, 2, &["needs a name"]),
    case("declining provider unknown", Add("declines: [\"Niemand BV\"]"), RUN, 2, &["Niemand BV"]),
    // ---- Dates and periods.
    case("start not a date", Replace("start: \"2024-01\"", "start: \"januari 2024\""), RUN, 2, &["bad.ron:5:", "YYYY-MM"]),
    case("start month 13", Replace("start: \"2024-01\"", "start: \"2024-13\""), RUN, 2, &["bad.ron:5:", "YYYY-MM"]),
    case("zero horizon", Replace("horizon_months: 36", "horizon_months: 0"), RUN, 2, &["bad.ron:6:", "at least 1 month"]),
    case("huge horizon", Replace("horizon_months: 36", "horizon_months: 4294967295"), RUN, 2, &["bad.ron:6:", "bound of 600 months"]),
    case("huge warm-up", Replace("    // No warmup_months: the warm-up is chosen so that the region has settled by `start`.", "    warmup_months: 4294967295,"), RUN, 2, &["bad.ron:7:", "bound of 600 months"]),
    case("financing change not a date", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", financing_changes: [(from: \"morgen\", financing: Lumpsum())],"), RUN, 2, &["bad.ron:45:", "YYYY-MM"]),
    case("zero review interval", Add("review_months: 0"), RUN, 2, &["review_months"]),
    case("one replication", Replace("replications: 200", "replications: 1"), VALIDATE, 2, &["bad.ron:8:", "at least 2"]),
    case("zero reference replications", Add("reference_replications: 0"), RUN, 2, &["reference_replications"]),
    // ---- Counts, sizes and amounts: bounded, with the bound in the message.
    case("zero providers", Replace("count: 3,", "count: 0,"), RUN, 2, &["bad.ron:46:", "0 providers"]),
    case("four billion providers", Replace("count: 3,", "count: 4000000000,"), RUN, 2, &["bad.ron:46:", "bound of 10000 providers"]),
    case("generated capacity zero", Replace("capacity: 120", "capacity: 0"), RUN, 2, &["bad.ron:46:", "capacity is 0"]),
    case("listed capacity zero", Replace("(name: \"Gezin Eerst\", capacity: 20)", "(name: \"Gezin Eerst\", capacity: 0)"), RUN, 2, &["bad.ron:71:", "capacity is 0"]),
    case("huge capacity", Replace("capacity: 120", "capacity: 4000000000"), RUN, 2, &["bound of 1000000 places"]),
    case("negative tariff", Replace("tariff: 75.0", "tariff: -12.0"), RUN, 2, &["bad.ron:36:", "≥ 0"]),
    case("absurd tariff", Replace("tariff: 75.0", "tariff: 1e14"), RUN, 2, &["bad.ron:36:", "bound of 10000000 € per unit"]),
    case("tariff times usage too large", Replace("tariff: 75.0", "tariff: 5000000"), RUN, 2, &["bad.ron:37:", "a month per youth"]),
    case("huge usage", Replace("(mean: 6, cv: 0.5)", "(mean: 6e9, cv: 0.5)"), RUN, 2, &["bad.ron:37:", "units a month"]),
    case("negative usage", Replace("(mean: 6, cv: 0.5)", "(mean: -6, cv: 0.5)"), RUN, 2, &["bad.ron:37:"]),
    case("huge population", Replace("youth_0_17: 10000", "youth_0_17: 1e12"), RUN, 2, &["bad.ron:13:", "bound of 10000000 youths"]),
    case("negative population", Replace("youth_0_17: 10000", "youth_0_17: -10000"), RUN, 2, &["bad.ron:13:", "≥ 0"]),
    case("referral rate above one a year", Replace("referral_rate: 0.05", "referral_rate: 5"), RUN, 2, &["bad.ron:13:", "referrals per youth per year"]),
    case("huge indication", Replace("indication_months: {\"light\": 6", "indication_months: {\"light\": 4294967295"), RUN, 2, &["indication_months.light"]),
    case("huge delay", Replace("window_months: 12", "window_months: 100000"), RUN, 2, &["bound of 600 months"]),
    case("huge sociale basis cost", Replace("sociale_basis_cost: 250", "sociale_basis_cost: 1e300"), RUN, 2, &["bad.ron:25:", "bound"]),
    case("huge budget", Add("budget_per_year: 1e300"), RUN, 2, &["budget_per_year", "bound of 100000000000 € a year"]),
    case("huge indexation", Add("indexation: (per_year: 1e6)"), RUN, 2, &["per_year", "bound"]),
    case("too many replications in the file", Replace("replications: 200", "replications: 4294967295"), RUN, 2, &["bad.ron:8:", "bound of 1000000 replications"]),
    case("huge age", Replace("max_age_years: 21", "max_age_years: 4000"), RUN, 2, &["bad.ron:68:", "bound of 30 years"]),
    case("hex number out of bounds", Replace("count: 3,", "count: 0xFFFFFF,"), RUN, 2, &["bad.ron:46:", "bound"]),
    // ---- Market bounds.
    case("min above max", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", market: (min: 3, max: 2),"), RUN, 2, &["bad.ron:45:", "above max"]),
    case("min zero", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", market: (min: 0, max: 2),"), RUN, 2, &["contract at least 1"]),
    case("min above providers", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", market: (min: 5, max: 6),"), RUN, 2, &["above the 3 providers"]),
    case("negative waiting norm", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", market: (min: 1, max: 2, waiting_norm_months: -1),"), RUN, 2, &["waiting_norm_months"]),
    // ---- Dutch habits: say what was probably meant.
    case("thousands separator", Replace("youth_0_17: 10000", "youth_0_17: 10.000"), RUN, 2, &["bad.ron:13:", "Write 10000"]),
    case("two thousands separators", Replace("youth_0_17: 10000", "youth_0_17: 1.250.000"), RUN, 2, &["bad.ron:13:", "write 1250000"]),
    case("space thousands separator", Replace("youth_0_17: 10000", "youth_0_17: 12 500"), RUN, 2, &["bad.ron:13:", "write 12500"]),
    case("decimal comma", Replace("referral_rate: 0.05", "referral_rate: 0,05"), RUN, 2, &["bad.ron:13:", "write 0.05", "decimal"]),
    case("decimal comma in a tariff", Replace("tariff: 75.0,", "tariff: 75,5,"), RUN, 2, &["bad.ron:36:", "write 75.5"]),
    case("percent sign", Replace("share: 0.6", "share: 60%"), RUN, 2, &["bad.ron:17:", "0.05 for 5%"]),
    case("curly quotes", Replace("name: \"minimal\"", "name: “minimal”"), RUN, 2, &["bad.ron:4:", "straight double quotes"]),
    case("curly single quotes", Replace("start: \"2024-01\"", "start: ‘2024-01’"), RUN, 2, &["bad.ron:5:", "straight double quotes"]),
    case("euro sign", Replace("tariff: 75.0", "tariff: €75"), RUN, 2, &["bad.ron:36:"]),
    // ---- Encodings.
    case("byte-order mark accepted", Prefix(b"\xEF\xBB\xBF"), VALIDATE, 0, &["is valid"]),
    case("windows-1252 file", Bytes(b"(name: \"caf\xE9\")"), RUN, 2, &["byte 11", "line 1", "save the file as UTF-8"]),
    case("utf-16 file", Bytes(b"\xFF\xFE(\x00"), RUN, 2, &["UTF-8"]),
    // ---- Warnings: shown, and errors under --strict.
    case("fractional population warns", Replace("youth_0_17: 10000", "youth_0_17: 10000.5"), VALIDATE, 0, &["warning:", "whole number"]),
    case("fractional population under strict", Replace("youth_0_17: 10000", "youth_0_17: 10000.5"), "validate --strict", 2, &["--strict", "whole number"]),
    case("tiny population warns", Replace("youth_0_17: 10000", "youth_0_17: 10"), VALIDATE, 0, &["warning:", "tiny population"]),
    case("population in thousands", Replace("youth_0_17: 10000", "youth_0_17: 10.5"), VALIDATE, 0, &["write 10500"]),
    case("no referrals warns", Replace("referral_rate: 0.05", "referral_rate: 0"), VALIDATE, 0, &["warning:", "no referrals"]),
    case("no referrals under strict run", Replace("referral_rate: 0.05", "referral_rate: 0"), "run --replications 2 --strict", 2, &["no referrals"]),
    case("market max above providers warns", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", market: (min: 1, max: 9),"), VALIDATE, 0, &["warning:", "max providers (9)"]),
    case("change after the horizon warns", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", financing_changes: [(from: \"2040-01\", financing: Lumpsum())],"), VALIDATE, 0, &["warning:", "never takes effect"]),
    case("three-decimal number warns", Replace("sociale_basis_cost: 250", "sociale_basis_cost: 2.500"), VALIDATE, 0, &["warning:", "bad.ron:25:", "write 2500"]),
    // ---- Values accepted silently before: now refused or warned, with both sides named.
    case("financing change before start", Replace("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", financing_changes: [(from: \"2023-01\", financing: Lumpsum())],"), RUN, 2, &["bad.ron:45:", "\"2023-01\" is before start (\"2024-01\")"]),
    case("relapse window of 0 months", Replace("window_months: 12", "window_months: 0"), RUN, 2, &["relapse.window_months", "can never act"]),
    case("relapse window of 0 without a hazard", Replace("hazard: 0.01, window_months: 12", "hazard: 0, window_months: 0"), VALIDATE, 0, &["is valid"]),
    case("step-down to itself", Replace("step_down_to: \"ondersteuning\"", "step_down_to: \"pleegzorg\""), RUN, 2, &["bad.ron:67:", "`pleegzorg` itself"]),
    case("step-up to itself", Replace("step_up_to: \"pleegzorg\"", "step_up_to: \"ondersteuning\""), RUN, 2, &["bad.ron:45:", "`ondersteuning` itself"]),
    case("every provider declines warns", Add("declines: [\"Pleegzorg Oost\", \"Gezin Eerst\"]"), VALIDATE, 0, &["warning:", "every provider of sub-segment `pleegzorg` declines"]),
    case("every provider declines under strict", Add("declines: [\"Pleegzorg Oost\", \"Gezin Eerst\"]"), "run --replications 2 --strict", 2, &["every provider of sub-segment `pleegzorg` declines"]),
    case("index for a kind the scenario lacks", Add("indexation: (per_year: 0.02, per_kind: {crisis: 0.03})"), RUN, 2, &["indexation.per_kind.crisis", "no sub-segment is of that kind"]),
    case("every seasonality factor 0 warns", Replace("sociale_basis_cost: 250,", "sociale_basis_cost: 250, seasonality: [0,0,0,0,0,0,0,0,0,0,0,0],"), VALIDATE, 0, &["warning:", "every seasonality factor is 0"]),
    case("resume longer than the window warns", Replace("window_months: 12", "window_months: 3, resume_within_months: 6"), VALIDATE, 0, &["warning:", "resume_within_months (6) is longer than window_months (3)"]),
    case("a budget of 0 warns", Add("budget_per_year: 0"), VALIDATE, 0, &["warning:", "budget_per_year is 0"]),
    // ---- Messages that say what to do.
    case("quoted field name", Replace("(success: 0.12, dropout: 0.01)", "(\"success\": 0.12, dropout: 0.01)"), RUN, 2, &["bad.ron:42:", "`success` is written without quotes here"]),
    case("quoted kind in per_kind", Add("indexation: (per_year: 0.02, per_kind: {\"ambulant\": 0.03})"), RUN, 2, &["`ambulant` is written without quotes here"]),
    case("negative huge number", Replace("sociale_basis_cost: 250", "sociale_basis_cost: -1e300"), RUN, 2, &["bad.ron:25:", "-1e300, below the bound of -10000000"]),
    case("star path reaching a scheme without the field", Edits(&[("step_up_to: \"pleegzorg\",", "step_up_to: \"pleegzorg\", financing: Lumpsum(),"), ("step_down_to: \"ondersteuning\",", "step_down_to: \"ondersteuning\", financing: Pxq(),")], "uncertain: {\"segments[*].sub_segments[*].financing.efficiency_response\": (low: 0.0, high: 0.1)}"), VALIDATE, 2, &["bad.ron:79:", "(at `segments[1].sub_segments[0].financing`)", "Unexpected field named `efficiency_response` in `Pxq`", "`[*]` sets the field in every item"]),
    case("sweep to a huge number", Same, "sweep --replications 2 --set relapse.hazard=1e308..1e308", 2, &["hazard is 1e308, above the bound"]),
    case("sweep of a count to a huge number", Same, "sweep --replications 2 --set segments[IAJ].sub_segments[ondersteuning].providers.count=1e308..1e308", 2, &["`1e308` is in exponent form"]),
    case("sweep over a huge range", Same, "sweep --replications 2 --set relapse.hazard=0..1e300", 2, &["more than 1000 values"]),
    case("sweep target of infinity", Same, "sweep --replications 2 --set relapse.hazard=0..0 --target mean_wait_months<=inf", 2, &["not a (finite) number"]),
    // ---- Blocks that other commands use, checked by validate.
    case("variant with unknown path", Add( "variants: [(name: \"a\", set: {}), (name: \"b\", set: {\"segments[IAJ].sub_segments[nergens].providers.count\": 4})]"), VALIDATE, 2, &["nergens"]),
    case("variant value of the wrong type", Add( "variants: [(name: \"a\", set: {}), (name: \"b\", set: {\"horizon_months\": \"lang\"})]"), VALIDATE, 2, &["variant `b`"]),
    case("variant with an impossible value", Add( "variants: [(name: \"a\", set: {}), (name: \"b\", set: {\"segments[IAJ].sub_segments[ondersteuning].extend_probability\": 2})]"), VALIDATE, 2, &["variant `b`", "between 0 and 1"]),
    case("variant named twice", Add("variants: [(name: \"a\", set: {}), (name: \"a\", set: {})]"), VALIDATE, 2, &["defined twice"]),
    case("duplicate variant override", Add( "variants: [(name: \"a\", set: {}), (name: \"b\", set: {\"horizon_months\": 12, \"horizon_months\": 24})]"), VALIDATE, 2, &["horizon_months"]),
    case("sweep with a bad range", Add( "sweep: (set: \"segments[IAJ].sub_segments[ondersteuning].providers.count\", range: \"5..1\")"), VALIDATE, 2, &["sweep range"]),
    case("sweep over an unknown path", Add("sweep: (set: \"segments[IAJ].sub_segments[x].providers.count\", range: \"1..3\")"), VALIDATE, 2, &["sweep"]),
    case("sweep to an impossible value", Add( "sweep: (set: \"segments[IAJ].sub_segments[ondersteuning].providers.count\", range: \"0..2\")"), VALIDATE, 2, &["sweep", "0 providers"]),
    case("sweep target with an unknown metric", Add( "sweep: (set: \"segments[IAJ].sub_segments[ondersteuning].providers.count\", range: \"2..4\", target: \"mean_wait<=1\")"), VALIDATE, 2, &["unknown metric `mean_wait`"]),
    case("uncertain low above high", Add("uncertain: {\"relapse.hazard\": (low: 0.5, high: 0.1)}"), VALIDATE, 2, &["low 0.5 is above high 0.1"]),
    case("uncertain over an unknown path", Add("uncertain: {\"relapse.hazrd\": (low: 0.1, high: 0.2)}"), VALIDATE, 2, &["relapse.hazrd"]),
    case("uncertain high impossible", Add("uncertain: {\"relapse.hazard\": (low: 0.1, high: 2.0)}"), VALIDATE, 2, &["relapse.hazard", "between 0 and 1"]),
    case("uncertain for an unknown variant", Add("uncertain: {\"variants[x].relapse.hazard\": (low: 0.1, high: 0.2)}"), VALIDATE, 2, &["no variant `x`"]),
    case("uncertain key given twice", Add( "uncertain: {\"relapse.hazard\": (low: 0.1, high: 0.2), \"relapse.hazard\": (low: 0.0, high: 0.1)}"), VALIDATE, 2, &["relapse.hazard"]),
    // ---- Command-line values.
    case("zero replications", Same, "run --replications 0", 2, &["at least 2"]),
    case("four billion replications", Same, "run --replications 4294967295", 2, &["at most 1000000"]),
    case("replications not a number", Same, "run --replications many", 2, &["many"]),
    case("zero threads", Same, "run --replications 2 --threads 0", 2, &["--threads"]),
    case("work above the limit", Replace("youth_0_17: 10000", "youth_0_17: 1000000"), "run --replications 100000", 2, &["youth-months", "--allow-long-run"]),
    case("unknown csv style", Same, "run --replications 2 --csv-style excel", 2, &["excel"]),
    case("unknown flag", Same, "run --replicatons 2", 2, &["--replicatons"]),
    case("compare without variants", Same, "compare --replications 2", 2, &["no `variants`"]),
    case("sweep without a range", Same, "sweep --replications 2", 2, &["--set"]),
    case("sweep with a malformed set", Same, "sweep --replications 2 --set count", 2, &["PATH=A..B"]),
    case("sweep with an unknown target metric", Same, "sweep --replications 2 --set segments[IAJ].sub_segments[ondersteuning].providers.count=2..3 --target mean_wait_month<=1", 2, &["did you mean `mean_wait_months`"]),
    case("sweep of a mistyped path", Same, "sweep --replications 2 --set segmnts[IAJ].sub_segments[ondersteuning].providers.count=2..3", 2, &["did you mean `segments[IAJ].sub_segments[ondersteuning].providers.count`", "jeugdsim paths"]),
    case("sweep of a mistyped item name", Same, "sweep --replications 2 --set segments[IAJ].sub_segments[ondersteuninge].providers.count=2..3", 2, &["no item named `ondersteuninge`", "did you mean `segments[IAJ].sub_segments[ondersteuning]"]),
    case("sweep with a pooled target metric", Same, "sweep --replications 2 --set segments[IAJ].sub_segments[ondersteuning].providers.count=2..3 --target yearly_cost_p95<=1", 2, &["not a value per replication"]),
    case("xlsx of a sweep", Same, "sweep --replications 2 --set segments[IAJ].sub_segments[ondersteuning].providers.count=2..3 --xlsx", 2, &["--xlsx", "run", "compare"]),
    case("unknown language", Same, "run --replications 2 --lang fr", 2, &["fr", "en", "nl"]),
    case("sweep target without an operator", Same, "sweep --replications 2 --set segments[IAJ].sub_segments[ondersteuning].providers.count=2..3 --target mean_wait_months", 2, &["METRIC<=VALUE"]),
    case("sensitivity without uncertain", Same, "sensitivity --replications 2", 2, &["no `uncertain`"]),
    case("sensitivity of an unknown metric", Add("uncertain: {\"relapse.hazard\": (low: 0.0, high: 0.02)}"), "sensitivity --replications 2 --metric total_costs", 2, &["did you mean `total_cost`"]),
    case("sensitivity of an unknown variant", Add("uncertain: {\"relapse.hazard\": (low: 0.0, high: 0.02)}"), "sensitivity --replications 2 --variant x", 2, &["no such variant"]),
    case("optimise without a market", Same, "optimise --replications 2 --target mean_wait_months<=1", 2, &["nothing to size"]),
    case("optimise with a bad quantile", Same, "optimise --replications 2 --target mean_wait_months<=1 --quantile 1.5", 2, &["--quantile"]),
    case("psa without uncertain", Same, "run --replications 2 --psa", 2, &["--psa needs"]),
];

/// `text` with `field` added before its closing parenthesis.
fn add(text: &str, field: &str) -> String {
    let end = text.rfind(')').expect("closing parenthesis");
    format!("{}    {field},\n)\n", &text[..end])
}

fn scenario(edit: &Edit, minimal: &str) -> Vec<u8> {
    match edit {
        Replace(from, to) => {
            assert!(minimal.contains(from), "`{from}` is not in minimal.ron");
            minimal.replacen(from, to, 1).into_bytes()
        }
        Add(field) => add(minimal, field).into_bytes(),
        Edits(edits, field) => {
            let mut text = minimal.to_string();
            for (from, to) in *edits {
                assert!(text.contains(from), "`{from}` is not in minimal.ron");
                text = text.replacen(from, to, 1);
            }
            if field.is_empty() {
                text
            } else {
                add(&text, field)
            }
            .into_bytes()
        }
        Same => minimal.as_bytes().to_vec(),
        Text(t) => t.as_bytes().to_vec(),
        Bytes(b) => b.to_vec(),
        Prefix(b) => [*b, minimal.as_bytes()].concat(),
    }
}

#[test]
fn every_bad_input_gets_its_exit_code_and_message() {
    assert!(
        CASES.len() >= 120,
        "the catalogue has {} cases",
        CASES.len()
    );
    let minimal = common::repo_file("scenarios/minimal.ron");
    let mut failures = Vec::new();
    for c in CASES {
        let command: Vec<&str> = c.command.split_whitespace().collect();
        let o = common::run_scenario(&scenario(&c.edit, &minimal), &command);
        let text = format!("{}{}", o.stdout, o.stderr);
        let mut wrong = Vec::new();
        if o.code != c.code {
            wrong.push(format!("exit code {} (expected {})", o.code, c.code));
        }
        if text.contains("panicked") {
            wrong.push("a panic".into());
        }
        if o.code != 0 && o.wrote {
            wrong.push("a results folder after an error".into());
        }
        for s in c.says {
            if !text.contains(s) {
                wrong.push(format!("no `{s}`"));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}\n{text}", c.name, wrong.join(", ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases wrong:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}
