//! The importer: a department's published budget text (markdown narrative and
//! tab-separated tables, as PDF-to-text converters write it) in, a [`Dataset`] out.
//!
//! `text` cleans lines, `layout` splits narrative from tables, `tables` and
//! `narrative` read them, `nest` rebuilds flat-printed trees and `build`
//! matches everything to units and projects. Whatever cannot be placed becomes
//! a [`Warning`] with its line; the import goes on.

mod build;
pub mod columns;
pub mod coverage;
pub mod furniture;
pub mod grid;
pub mod layout;
pub mod narrative;
pub mod nest;
pub mod number;
pub mod tables;
pub mod template;
pub mod text;
pub mod wrapped;

use crate::schema::Dataset;
use std::fmt;

/// Something in the source the importer could not read or place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: u32,
    pub message: String,
}

impl Warning {
    pub fn new(line: u32, message: String) -> Warning {
        Warning { line, message }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Why a text could not be imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

/// Import a published budget text. `source_file` is recorded in the dataset.
/// Warnings about the same problem are collapsed (see [`collapse`]).
pub fn import(text: &str, source_file: &str) -> Result<(Dataset, Vec<Warning>), ImportError> {
    import_seen(text, source_file, &std::collections::HashSet::new())
}

/// [`import`], with the lines a reader saw as page furniture.
fn import_seen(
    text: &str,
    source_file: &str,
    furniture_seen: &std::collections::HashSet<u32>,
) -> Result<(Dataset, Vec<Warning>), ImportError> {
    let mut warnings = control_characters(text);
    let lines = text::lines(text);
    let (doc, _) = furniture::strip(&lines, furniture_seen);
    let (dataset, w) = build::build(&doc, source_file)?;
    warnings.extend(w);
    // The one thing never to do silently: figures ten thousand times off.
    for (a, b, r, clear) in dataset.scale_mismatches() {
        warnings.push(Warning::new(
            0,
            if clear {
                format!("MONEY UNIT: {a} and {b} are {r} times apart, and the document's other totals agree with the second: the first's table states a money unit (单位：元 or 万元) its figures are not in; check it against the document")
            } else {
                format!("MONEY UNIT: {a} and {b} are {r} times apart: one of them states a money unit (单位：元 or 万元) its figures are not in; check both against the document")
            },
        ));
    }
    warnings.sort_by_key(|w| w.line);
    Ok((dataset, collapse(warnings)))
}

/// Import a decoded document (a text, or what a PDF or workbook reader
/// made of one). Lines are numbered in the decoded text; `doc.origin` says
/// where each stands in the file.
pub fn import_decoded(
    doc: &crate::read::Decoded,
    source_file: &str,
) -> Result<(Dataset, Vec<Warning>), ImportError> {
    let origin = origin(doc);
    let seen = origin
        .lines
        .iter()
        .zip(1u32..)
        .filter(|(l, _)| l.furniture)
        .map(|(_, n)| n)
        .collect();
    let (mut d, w) = import_seen(&doc.text, source_file, &seen)?;
    d.origin = origin;
    Ok((d, w))
}

/// Where the decoded text's lines stand in the file, for the dataset; a
/// workbook's rows with their figures, so a figure names its cell.
fn origin(doc: &crate::read::Decoded) -> crate::schema::Origin {
    use crate::read::Origin as O;
    use crate::schema::{Origin, OriginLine};
    let (sheets, ats) = match &doc.origin {
        O::Text => return Origin::default(),
        O::Pages(ats) => (Vec::new(), ats),
        O::Sheets { names, lines } => (names.clone(), lines),
    };
    let workbook = !sheets.is_empty();
    let lines = ats
        .iter()
        .zip(doc.text.split('\n'))
        .map(|(at, line)| OriginLine {
            page: at.page,
            row: at.row,
            furniture: at.furniture,
            cells: if workbook {
                line.split('\t')
                    .enumerate()
                    .filter_map(|(i, c)| Some((u16::try_from(i).ok()?, number::figure(c.trim())?)))
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    Origin {
        format: doc
            .format
            .map(|f| f.label().to_string())
            .unwrap_or_default(),
        sheets,
        lines,
    }
}

pub use coverage::coverage;

/// Lines of the source holding characters that are unsafe for a terminal
/// (escape sequences, C1 or bidi controls). They are kept in the dataset as
/// the text has them, and shown escaped.
fn control_characters(text: &str) -> Vec<Warning> {
    text.lines()
        .zip(1u32..)
        .filter_map(|(l, n)| {
            let c = l
                .chars()
                .find(|c| crate::text::is_unsafe(*c) && !matches!(c, '\t' | '\r'))?;
            Some(Warning::new(
                n,
                format!("control character U+{:04X} in the text", u32::from(c)),
            ))
        })
        .collect()
}

/// How many warnings of one kind are listed before the rest are counted.
const SAME_KIND_SHOWN: usize = 3;

/// What kind of problem a warning is: its message without quoted names,
/// figures and cell contents.
fn kind_of(message: &str) -> String {
    let head = match message.match_indices(": ").nth(1) {
        Some((i, _)) => &message[..i],
        None => message,
    };
    let mut out = String::with_capacity(head.len());
    let mut quoted = false;
    let mut label = false;
    for c in head.chars() {
        match c {
            '"' => quoted = !quoted,
            // Table numbers (表14) say where; other figures are the details.
            _ if c.is_ascii_digit() && label => out.push(c),
            _ if quoted || c.is_ascii_digit() => {}
            _ => out.push(c),
        }
        label = c == '表' || (label && c.is_ascii_digit());
    }
    out
}

/// Collapse warnings about the same problem: the first few of each kind are
/// kept, the rest become one line with a count and their line range, so a bad
/// file gives a readable report.
pub fn collapse(warnings: Vec<Warning>) -> Vec<Warning> {
    use std::collections::HashMap;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut extra: HashMap<String, (usize, u32, u32, usize)> = HashMap::new();
    let mut out = Vec::new();
    for w in warnings {
        let kind = kind_of(&w.message);
        let n = seen.entry(kind.clone()).or_default();
        *n += 1;
        if *n <= SAME_KIND_SHOWN {
            out.push(w);
        } else {
            let slot = out.len();
            let e = extra.entry(kind).or_insert((0, w.line, w.line, slot));
            e.0 += 1;
            e.2 = w.line;
            if e.0 == 1 {
                out.push(Warning::new(w.line, String::new()));
            }
        }
    }
    for (kind, (count, first, last, slot)) in extra {
        out[slot].message = format!(
            "… and {count} more like this (lines {first}–{last}): {}",
            kind.trim()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_of_one_kind_collapse_into_a_count() {
        let mut w: Vec<Warning> = (1..=13_000)
            .map(|n| Warning::new(n, format!("表3: row not read: cell {n} | x")))
            .collect();
        w.push(Warning::new(
            20_000,
            "表14: indicator \"甲\" has no target value".into(),
        ));
        let c = collapse(w);
        assert_eq!(c.len(), 3 + 1 + 1, "{c:?}");
        assert_eq!(
            c[3].message,
            "… and 12997 more like this (lines 4–13000): 表3: row not read"
        );
        assert!(c[4].message.starts_with("表14: indicator"));
    }
}
