//! The importer: a department's published budget text (markdown narrative and
//! tab-separated tables, as PDF-to-text converters write it) in, a [`Dataset`] out.
//!
//! `text` cleans lines, `layout` splits narrative from tables, `tables` and
//! `narrative` read them, `nest` rebuilds flat-printed trees and `build`
//! matches everything to units and projects. Whatever cannot be placed becomes
//! a [`Warning`] with its line; the import goes on.

mod build;
pub mod layout;
pub mod narrative;
pub mod nest;
pub mod tables;
pub mod text;

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
pub fn import(text: &str, source_file: &str) -> Result<(Dataset, Vec<Warning>), ImportError> {
    let lines = text::lines(text);
    let doc = layout::split(lines);
    build::build(&doc, source_file)
}
