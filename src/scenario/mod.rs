//! Reading a scenario: RON text → `Scenario` (serde) → validated `Model`.

mod hints;
mod limits;
pub mod locate;
pub mod paths;
pub mod schema;
pub mod uncertain;
mod validate;
pub mod variants;

use crate::error::{Error, Result};
use crate::model::Model;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

pub use schema::Scenario;

/// A scenario file as read from disk, kept with its text so problems can be located.
#[derive(Debug, Clone)]
pub struct Source {
    pub file: PathBuf,
    pub text: String,
    /// Hex SHA-256 of the file's bytes, recorded in every output.
    pub sha256: String,
}

impl Source {
    pub fn read(file: &Path) -> Result<Source> {
        let bytes = std::fs::read(file).map_err(|source| Error::Read {
            path: file.to_path_buf(),
            source,
        })?;
        let mut text = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            Error::Usage(format!(
                "{} is not UTF-8 text: byte {at} (line {line}) is not valid UTF-8; \
                 save the file as UTF-8 (in most editors: Save as → Encoding UTF-8)",
                file.display()
            ))
        })?;
        // Windows editors often start a UTF-8 file with a byte-order mark: not part of
        // the scenario.
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(Source::from_text(file, text))
    }

    pub fn from_text(file: &Path, text: String) -> Source {
        let sha256 = sha256_hex(text.as_bytes());
        Source {
            file: file.to_path_buf(),
            text,
            sha256,
        }
    }

    /// Parses the text against the scenario schema.
    pub fn parse(&self) -> Result<Scenario> {
        let options = ron::Options::default().with_default_extension(
            // Each financing scheme's fields are a struct of its own, written inside
            // the scheme's parentheses: `Lumpsum(discount: 0.05)`.
            ron::extensions::Extensions::IMPLICIT_SOME
                | ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
        );
        options.from_str::<Scenario>(&self.text).map_err(|e| {
            let (line, col) = (e.span.start.line, e.span.start.col);
            let mut message = explain_parse_error(&e.code);
            // "Expected integer" says what, not where: name the field it is about.
            if let Some(field) = hints::field_at(&self.text, line, col)
                && message.starts_with("Expected")
            {
                message = format!("`{field}`: {message}");
            }
            if let Some(hint) = hints::parse_hint(&self.text, line, col) {
                message = if hint.starts_with(hints::DECIMAL_COMMA) {
                    hint
                } else {
                    format!("{message}; {hint}")
                };
            }
            Error::Parse {
                file: self.file.clone(),
                line,
                col,
                message,
            }
        })
    }

    /// Parses and validates: the one call the CLI and tests use. Numbers beyond their
    /// bound are refused before validation builds anything from them; values that are
    /// allowed but probably not meant come back as the model's `warnings`.
    pub fn load(&self) -> Result<Model> {
        let scenario = self.parse()?;
        let locator = locate::Locator::new(&self.text);
        let found = limits::check(&locator);
        if !found.errors.is_empty() {
            return Err(Error::Invalid {
                file: self.file.clone(),
                problems: found.errors,
            });
        }
        let (mut model, warnings) =
            validate::validate(&scenario).map_err(|problems| Error::Invalid {
                file: self.file.clone(),
                problems: locate_all(&locator, problems),
            })?;
        let mut all = found.warnings;
        all.extend(locate_all(&locator, warnings));
        all.sort_by_key(|p| (p.line, p.col));
        model.warnings = all
            .iter()
            .map(|p| format!("{}:{p}", self.file.display()))
            .collect();
        Ok(model)
    }
}

impl Source {
    /// Loads `patched` — this scenario with the value of one entry of the file put in (an
    /// `uncertain` parameter, the sweep) — and reports a failure at `entry`'s place in this
    /// file, as `what: …`. The patched text's lines and columns are not the file's, so the
    /// problem names where in the scenario the value went instead.
    pub fn load_patched(&self, patched: String, entry: &str, what: &str) -> Result<Model> {
        let source = Source::from_text(&self.file, patched);
        let err = match source.load() {
            Ok(model) => return Ok(model),
            Err(e) => e,
        };
        let inner = match &err {
            Error::Parse {
                message, line, col, ..
            } => {
                let message = message.trim_end_matches(SPELLING);
                match locate::Locator::new(&source.text).path_at(&source.text, *line, *col) {
                    Some(p) => format!("{message} (at `{p}`)"),
                    None => message.to_string(),
                }
            }
            Error::Invalid { problems, .. } => problems
                .iter()
                .map(|p| format!("{} (at `{}`)", p.message, p.path))
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        };
        let star = if entry.contains("[*]") {
            " — `[*]` sets the field in every item of the list, so each must accept it; \
             name the items one by one where some do not"
        } else {
            ""
        };
        let (line, col) = locate::Locator::new(&self.text).find(entry);
        Err(Error::Invalid {
            file: self.file.clone(),
            problems: vec![crate::error::Problem {
                path: entry.to_string(),
                line,
                col,
                message: format!("{what}: {inner}{star}"),
            }],
        })
    }
}

/// A scenario text with its values at known places replaced, many times over: a
/// probabilistic sensitivity analysis draws every `uncertain` value anew for each
/// replication. The places are found once; each sample splices its values in, parses and
/// validates, and looks up line and column only when a sample is invalid.
pub struct Patcher {
    file: std::path::PathBuf,
    /// The scenario with every patched value present (absent ones inserted).
    template: String,
    /// Per parameter, the byte ranges of its values in `template`.
    spans: Vec<Vec<(usize, usize)>>,
}

impl Patcher {
    /// Finds the values of `paths` in `base` (each path as `variants::apply` takes it).
    pub fn new(base: &Source, paths: &[&str]) -> Result<Patcher> {
        let mut template = base.text.clone();
        let usage = |m: String| Error::Usage(format!("uncertain: {m}"));
        // Values absent from the text are inserted once, so every path has a place.
        for path in paths {
            if variants::spans(&template, path).map_err(usage)?.is_none() {
                variants::apply(&mut template, path, "0").map_err(usage)?;
            }
        }
        let spans = paths
            .iter()
            .map(|path| {
                variants::spans(&template, path)
                    .map_err(usage)?
                    .ok_or_else(|| usage(format!("`{path}` has no value to replace")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Patcher {
            file: base.file.clone(),
            template,
            spans,
        })
    }

    /// The model with parameter k's values set to `values[k]` (numbers as written in a
    /// scenario); a later parameter wins where two set the same value, as when applied
    /// one after the other.
    pub fn model(&self, values: &[String]) -> Result<Model> {
        let mut edits: Vec<((usize, usize), usize)> = self
            .spans
            .iter()
            .enumerate()
            .flat_map(|(k, spans)| spans.iter().map(move |&span| (span, k)))
            .collect();
        // By place, and for one place the last parameter last.
        edits.sort_by_key(|&((start, _), k)| (start, k));
        let mut text = String::with_capacity(self.template.len() + 16 * edits.len());
        let mut at = 0;
        for (i, &((start, end), k)) in edits.iter().enumerate() {
            if edits
                .get(i + 1)
                .is_some_and(|&((next, _), _)| next == start)
            {
                continue;
            }
            text.push_str(&self.template[at..start]);
            text.push_str(&values[k]);
            at = end;
        }
        text.push_str(&self.template[at..]);
        let source = Source {
            file: self.file.clone(),
            text,
            sha256: String::new(),
        };
        // The template passed every check; only a sampled value can fail validation, and
        // then the full load says where.
        match source.parse().ok().map(|s| validate::validate(&s)) {
            Some(Ok((model, _))) => Ok(model),
            _ => Source::from_text(&self.file, source.text).load(),
        }
    }
}

/// Hex SHA-256 of `bytes`: the scenario hash in every output, the file hashes of a manifest.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads, parses and validates a scenario file.
pub fn load(file: &Path) -> Result<(Source, Model)> {
    let source = Source::read(file)?;
    let model = source.load()?;
    Ok((source, model))
}

/// The variants to compare: from one file, its `variants` (the first is the baseline);
/// from several files, each file as a variant named after its scenario.
pub fn load_variants(files: &[&Path]) -> Result<Vec<(String, Source, Model)>> {
    let sources = files
        .iter()
        .map(|f| Source::read(f))
        .collect::<Result<Vec<_>>>()?;
    load_variants_of(sources)
}

/// [`load_variants`] of scenario texts already read (a merge has them from its shards).
pub fn load_variants_of(sources: Vec<Source>) -> Result<Vec<(String, Source, Model)>> {
    if let [base] = sources.as_slice() {
        let file = &base.file;
        base.load()?;
        let variants = variants::variant_sources(base)?;
        if variants.is_empty() {
            return Err(Error::Usage(format!(
                "{} has no `variants` to compare; add some (see docs/scenario.md) or give two files",
                file.display()
            )));
        }
        return variants
            .into_iter()
            .map(|v| {
                let model = v.source.load().map_err(|e| match e {
                    Error::Invalid { file, problems } => Error::Invalid {
                        file,
                        problems: problems
                            .into_iter()
                            .map(|p| crate::error::Problem {
                                message: format!(
                                    "variant `{}` (positions with its overrides applied): {}",
                                    v.name, p.message
                                ),
                                ..p
                            })
                            .collect(),
                    },
                    other => other,
                })?;
                let mut model = model;
                model.label = v.label;
                Ok((v.name, v.source, model))
            })
            .collect();
    }
    let mut out: Vec<(String, Source, Model)> = Vec::new();
    for source in sources {
        let model = source.load()?;
        let file = source.file.clone();
        let mut name = model.name.clone();
        if out.iter().any(|(n, _, _)| *n == name) {
            name = file
                .file_stem()
                .map_or(name, |s| s.to_string_lossy().into_owned());
        }
        if out.iter().any(|(n, _, _)| *n == name) {
            name = format!("{name}-{}", out.len() + 1);
        }
        out.push((name, source, model));
    }
    Ok(out)
}

fn locate_all(
    locator: &locate::Locator,
    problems: Vec<(String, String)>,
) -> Vec<crate::error::Problem> {
    let mut located: Vec<crate::error::Problem> = problems
        .into_iter()
        .map(|(path, message)| {
            let (line, col) = locator.find(&path);
            crate::error::Problem {
                path,
                line,
                col,
                message,
            }
        })
        .collect();
    // In file order, each once (generated providers share one place in the file).
    located.sort_by_key(|p| (p.line, p.col));
    located.dedup();
    located
}

/// What a misspelt field's message ends with (not said of a field a patch put in).
const SPELLING: &str = "; check the spelling against docs/scenario.md";

/// ron's messages are precise but terse; add what an analyst should do where it helps.
fn explain_parse_error(code: &ron::Error) -> String {
    let base = code.to_string();
    match code {
        ron::Error::NoSuchStructField { .. } => {
            format!("{base}{SPELLING}")
        }
        ron::Error::MissingStructField { .. } => {
            format!("{base}; this field is required (see docs/scenario.md)")
        }
        ron::Error::NoSuchEnumVariant { .. } => format!("{base}; see docs/scenario.md"),
        _ => base,
    }
}
