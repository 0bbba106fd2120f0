//! A mapping file (`--match FILE`): pairings a reviewer knows better than the
//! matcher. RON, a list of `(department, year, from_path, to_path)`:
//!
//! ```ron
//! [
//!   ("深圳市人力资源和社会保障局", 2020, "市人社局本级/项目支出/人才引进及管理", "市人社局本级/项目支出/人才引进与管理"),
//! ]
//! ```
//!
//! `year` is the later year; `from_path` names the line in the year before it
//! (among the years open), `to_path` in `year`, both below the department,
//! names joined by `/` (a step may be a 科目 or 品目 code). A path that names
//! nothing is an error with the file, the line and the path; so is a line
//! paired twice (one `from_path` with two `to_path`s, or two with one): the
//! error lists both pairings.

use crate::model::{Model, NodeId};
use std::collections::HashMap;
use std::path::Path;

/// Pairs forced by a mapping file: earlier node → later node.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pairs: HashMap<NodeId, NodeId>,
}

/// A mapping file that cannot be used: `file:line: message` (`file:
/// message` when no line is at fault, as when it cannot be read).
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct MappingError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Mapping {
    /// No forced pairs.
    pub fn none() -> Mapping {
        Mapping::default()
    }

    /// The forced pairs, earlier → later.
    pub(super) fn forced(&self) -> &HashMap<NodeId, NodeId> {
        &self.pairs
    }

    /// Read and resolve a mapping file against the model.
    pub fn load(path: &Path, model: &Model) -> Result<Mapping, MappingError> {
        let file = path.display().to_string();
        let fail = |line: usize, message: String| MappingError {
            file: file.clone(),
            line: Some(line),
            message,
        };
        let text =
            crate::file::read_text(path, crate::file::MAPPING).map_err(|e| MappingError {
                file: file.clone(),
                line: None,
                message: e.problem.to_string(),
            })?;
        let rows: Vec<(String, i32, String, String)> = ron::from_str(&text).map_err(|e| {
            fail(
                e.span.start.line,
                format!(
                    "{} (expected a list of (department, year, from_path, to_path))",
                    crate::text::shorten_message(&e.code.to_string())
                ),
            )
        })?;
        let starts = row_starts(&text);
        let mut pairs = HashMap::new();
        // Who paired each line so far (the other path and its line), to name
        // both sides of a conflict.
        let mut by_from: HashMap<NodeId, (String, usize)> = HashMap::new();
        let mut by_to: HashMap<NodeId, (String, usize)> = HashMap::new();
        for (i, (dept, year, from_path, to_path)) in rows.into_iter().enumerate() {
            // The line of a path: where it stands in its row.
            let at = starts.get(i).copied().unwrap_or(0);
            let line_of = |needle: &str| {
                let pos = text[at..].find(needle).map_or(at, |p| at + p);
                text[..pos].matches('\n').count() + 1
            };
            let (from_line, to_line) = (line_of(&from_path), line_of(&to_path));
            // A year's 预算 (its 决算 when that is the only one open).
            let Some(k) = model.years().iter().position(|y| y.year == year) else {
                return Err(fail(from_line, format!("{year} is not a year open")));
            };
            if k == 0 {
                return Err(fail(
                    from_line,
                    format!("{year} is the earliest year open: there is no year before it"),
                ));
            }
            let earlier = model.year_label(k - 1);
            let later = model.year_label(k);
            let shown = |p: &str| format!("{:?}", crate::text::shorten(p));
            let Some(e) = resolve(model, &dept, k - 1, &from_path) else {
                return Err(fail(
                    from_line,
                    format!("{dept} {earlier} has no line {}", shown(&from_path)),
                ));
            };
            let Some(l) = resolve(model, &dept, k, &to_path) else {
                return Err(fail(
                    to_line,
                    format!("{dept} {later} has no line {}", shown(&to_path)),
                ));
            };
            let again = pairs.get(&e) == Some(&l);
            if let Some((before, line)) = by_from.get(&e).filter(|_| !again) {
                return Err(fail(
                    to_line,
                    format!(
                        "{dept} {earlier} {} is paired twice: with {} (line {line}) and with {} (line {to_line}); a line continues as one line",
                        shown(&from_path),
                        shown(before),
                        shown(&to_path),
                    ),
                ));
            }
            if let Some((before, line)) = by_to.get(&l).filter(|_| !again) {
                return Err(fail(
                    from_line,
                    format!(
                        "{dept} {year}年 {} is paired twice: from {} (line {line}) and from {} (line {from_line}); a line continues one line",
                        shown(&to_path),
                        shown(before),
                        shown(&from_path),
                    ),
                ));
            }
            by_from.insert(e, (to_path, to_line));
            by_to.insert(l, (from_path, from_line));
            pairs.insert(e, l);
        }
        Ok(Mapping { pairs })
    }
}

/// Where each row (each tuple of the list) starts in the text: the byte
/// offset of its `(`, skipping strings and comments.
fn row_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let (mut out, mut depth, mut i) = (Vec::new(), 0usize, 0);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 1;
            }
            b'(' | b'[' => {
                if depth == 1 && b[i] == b'(' {
                    out.push(i);
                }
                depth += 1;
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    out
}

/// The node `path` names below department `dept` in year `k` (the unit view first).
fn resolve(model: &Model, dept: &str, k: usize, path: &str) -> Option<NodeId> {
    let found = model.lookup(&format!("{dept}/{path}"));
    found
        .into_iter()
        .filter(|id| model.year_of(*id) == Some(k))
        .min_by_key(|id| model.node(*id).view.index())
}
