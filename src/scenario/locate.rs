//! Finds where a value sits in a RON text, by its dotted path.
//!
//! serde forgets positions once a value is deserialized, but validation problems must name
//! the line and column. The scenario has already parsed when this runs, so a small walker
//! over the text that records where each value starts is enough; it never fails, it only
//! finds fewer places on text it does not understand.

use std::collections::HashMap;

/// Start positions (1-based line, column) of every value in a RON document, keyed by path
/// such as `segments[0].sub_segments[2].products[0].tariff` or `referral.triage.light`.
pub struct Locator {
    places: HashMap<String, (usize, usize)>,
    /// Byte range of every value, keyed like `places`.
    spans: HashMap<String, (usize, usize)>,
    /// Every scalar (number, bool, unit variant) in file order.
    scalars: Vec<Scalar>,
}

/// A scalar token in the text: its path, where it starts and its text.
#[derive(Debug, Clone)]
pub struct Scalar {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub text: String,
}

impl Locator {
    pub fn new(text: &str) -> Locator {
        let mut w = Walker {
            s: text.as_bytes(),
            i: 0,
            line: 1,
            col: 1,
            places: HashMap::new(),
            spans: HashMap::new(),
            scalars: Vec::new(),
        };
        w.value(String::new(), 0);
        Locator {
            places: w.places,
            spans: w.spans,
            scalars: w.scalars,
        }
    }

    /// Every number-like scalar of the text (numbers, `inf`, `NaN`), in file order.
    pub fn scalars(&self) -> &[Scalar] {
        &self.scalars
    }

    /// Byte range of the value at exactly `path`.
    pub fn span(&self, path: &str) -> Option<(usize, usize)> {
        self.spans.get(path).copied()
    }

    /// Every located path with its byte range, in file order.
    pub fn paths(&self) -> Vec<(&str, (usize, usize))> {
        let mut out: Vec<(&str, (usize, usize))> =
            self.spans.iter().map(|(p, &r)| (p.as_str(), r)).collect();
        out.sort_by_key(|&(p, (s, e))| (s, std::cmp::Reverse(e), p.len()));
        out
    }

    /// The innermost value around (1-based) `line`, `col` of `text` (the text this locator
    /// was made from): where a syntax error sits.
    pub fn path_at(&self, text: &str, line: usize, col: usize) -> Option<&str> {
        let row_start: usize = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum();
        let row = text.get(row_start..)?.lines().next().unwrap_or("");
        let at = row_start
            + row
                .char_indices()
                .nth(col.saturating_sub(1))
                .map_or(row.len(), |(i, _)| i);
        self.spans
            .iter()
            .filter(|&(p, &(s, e))| s <= at && at < e && !p.is_empty())
            .min_by_key(|&(p, &(s, e))| (e - s, std::cmp::Reverse(p.len())))
            .map(|(p, _)| p.as_str())
    }

    /// Position of exactly `path`, without falling back to an ancestor.
    pub fn exact(&self, path: &str) -> Option<(usize, usize)> {
        self.places.get(path).copied()
    }

    /// Position of `path`, or of its nearest located ancestor (a missing field is reported
    /// at the struct that lacks it); (1, 1) when nothing matches.
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path;
        loop {
            if let Some(&pos) = self.places.get(p) {
                return pos;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return self.places.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

struct Walker<'a> {
    s: &'a [u8],
    i: usize,
    line: usize,
    col: usize,
    places: HashMap<String, (usize, usize)>,
    spans: HashMap<String, (usize, usize)>,
    scalars: Vec<Scalar>,
}

const MAX_DEPTH: usize = 64;

impl Walker<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.i += 1;
            if c == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if c & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                self.col += 1;
            }
        }
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(c) if c.is_ascii_whitespace() => self.bump(),
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    self.bump();
                    self.bump();
                    while self.peek().is_some()
                        && !(self.peek() == Some(b'*') && self.s.get(self.i + 1) == Some(&b'/'))
                    {
                        self.bump();
                    }
                    self.bump();
                    self.bump();
                }
                Some(b'#') if self.s.get(self.i + 1) == Some(&b'!') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_') {
            self.bump();
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn string(&mut self) -> String {
        self.bump();
        let mut out = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                b'\\' => {
                    self.bump();
                    if let Some(e) = self.peek() {
                        out.push(e);
                    }
                    self.bump();
                }
                b'"' => {
                    self.bump();
                    break;
                }
                _ => {
                    out.push(c);
                    self.bump();
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    /// A scalar token (number, bool, unit variant) up to the next delimiter.
    fn scalar(&mut self) -> String {
        let start = self.i;
        while matches!(self.peek(), Some(c) if !c.is_ascii_whitespace() && !b",:()[]{}".contains(&c))
        {
            self.bump();
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    fn value(&mut self, path: String, depth: usize) {
        self.skip_ws();
        let start = self.i;
        self.places
            .entry(path.clone())
            .or_insert((self.line, self.col));
        self.value_body(&path, depth);
        // Outer values finish last: a newtype variant spans its whole `Name(…)`.
        self.spans.insert(path, (start, self.i));
    }

    fn value_body(&mut self, path: &str, depth: usize) {
        let path = path.to_string();
        if depth > MAX_DEPTH {
            return;
        }
        match self.peek() {
            Some(b'(') => self.parens(&path, depth),
            Some(b'[') => {
                self.bump();
                let mut k = 0;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => return,
                        Some(b']') => {
                            self.bump();
                            return;
                        }
                        Some(b',') => self.bump(),
                        _ => {
                            let before = self.i;
                            self.value(format!("{path}[{k}]"), depth + 1);
                            k += 1;
                            if self.i == before {
                                self.bump();
                            }
                        }
                    }
                }
            }
            Some(b'{') => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => return,
                        Some(b'}') => {
                            self.bump();
                            return;
                        }
                        Some(b',') => self.bump(),
                        Some(c) => {
                            let key = if c == b'"' {
                                self.string()
                            } else {
                                self.scalar()
                            };
                            self.skip_ws();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            let before = self.i;
                            self.value(join(&path, &key), depth + 1);
                            if self.i == before {
                                self.bump();
                            }
                        }
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                let (line, col) = (self.line, self.col);
                let name = self.ident();
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    self.parens(&path, depth);
                } else if matches!(name.as_str(), "inf" | "NaN") {
                    self.scalars.push(Scalar {
                        path,
                        line,
                        col,
                        text: name,
                    });
                }
            }
            Some(_) => {
                let (line, col) = (self.line, self.col);
                let text = self.scalar();
                self.scalars.push(Scalar {
                    path,
                    line,
                    col,
                    text,
                });
            }
            None => {}
        }
    }

    /// `( field: value, ... )` for structs, or `( value, ... )` for tuples and enum
    /// payloads, whose elements share the enclosing path (newtype variants are transparent).
    fn parens(&mut self, path: &str, depth: usize) {
        self.bump();
        loop {
            self.skip_ws();
            match self.peek() {
                None => return,
                Some(b')') => {
                    self.bump();
                    return;
                }
                Some(b',') => self.bump(),
                Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                    let save = (self.i, self.line, self.col);
                    let name = self.ident();
                    self.skip_ws();
                    if self.peek() == Some(b':') && self.s.get(self.i + 1) != Some(&b':') {
                        self.bump();
                        self.value(join(path, &name), depth + 1);
                    } else {
                        (self.i, self.line, self.col) = save;
                        self.value(path.to_string(), depth + 1);
                    }
                }
                _ => {
                    let before = self.i;
                    self.value(path.to_string(), depth + 1);
                    if self.i == before {
                        self.bump();
                    }
                }
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_list_items_and_map_keys() {
        let text = "// comment\n(\n  name: \"x\",\n  segments: [\n    (name: \"A\", subs: [ (tariff: -1.0) ]),\n  ],\n  triage: { \"light\": { \"b\": 0.5 } },\n  providers: Listed([ (cap: 3) ]),\n)\n";
        let l = Locator::new(text);
        assert_eq!(l.find("name"), (3, 9));
        assert_eq!(l.find("segments[0].subs[0].tariff"), (5, 34));
        assert_eq!(l.find("triage.light.b"), (7, 29));
        assert_eq!(l.find("providers[0].cap"), (8, 29));
        // A missing field is reported at its parent.
        assert_eq!(l.find("segments[0].missing"), (5, 5));
    }
}
