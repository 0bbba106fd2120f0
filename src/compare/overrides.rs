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
//! nothing is an error with the file, the line and the path.

use crate::model::{Model, NodeId};
use std::collections::HashMap;
use std::path::Path;

/// Pairs forced by a mapping file: earlier node → later node.
#[derive(Debug, Clone, Default)]
pub struct Mapping {
    pairs: HashMap<NodeId, NodeId>,
}

/// A mapping file that cannot be used: `file:line: message`.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct MappingError {
    pub file: String,
    pub line: usize,
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
            line,
            message,
        };
        let text =
            std::fs::read_to_string(path).map_err(|e| fail(0, format!("cannot be read: {e}")))?;
        let rows: Vec<(String, i32, String, String)> = ron::from_str(&text).map_err(|e| {
            fail(
                e.span.start.line,
                format!(
                    "{} (expected a list of (department, year, from_path, to_path))",
                    crate::text::shorten_message(&e.code.to_string())
                ),
            )
        })?;
        let line_of = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map_or(1, |i| i + 1)
        };
        let mut pairs = HashMap::new();
        for (dept, year, from_path, to_path) in rows {
            let Some(k) = model.years().iter().position(|y| *y == year) else {
                return Err(fail(
                    line_of(&from_path),
                    format!("{year} is not a year open"),
                ));
            };
            if k == 0 {
                return Err(fail(
                    line_of(&from_path),
                    format!("{year} is the earliest year open: there is no year before it"),
                ));
            }
            let find = |k: usize, p: &str| resolve(model, &dept, k, p);
            let Some(e) = find(k - 1, &from_path) else {
                return Err(fail(
                    line_of(&from_path),
                    format!(
                        "{dept} {}年 has no line {:?}",
                        model.years()[k - 1],
                        crate::text::shorten(&from_path)
                    ),
                ));
            };
            let Some(l) = find(k, &to_path) else {
                return Err(fail(
                    line_of(&to_path),
                    format!(
                        "{dept} {year}年 has no line {:?}",
                        crate::text::shorten(&to_path)
                    ),
                ));
            };
            pairs.insert(e, l);
        }
        Ok(Mapping { pairs })
    }
}

/// The node `path` names below department `dept` in year `k` (the unit view first).
fn resolve(model: &Model, dept: &str, k: usize, path: &str) -> Option<NodeId> {
    let found = model.lookup(&format!("{dept}/{path}"));
    found
        .into_iter()
        .filter(|id| model.year_of(*id) == Some(k))
        .min_by_key(|id| model.node(*id).view.index())
}
