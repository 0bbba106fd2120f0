//! The PDF reader: each page's glyphs with their positions and the lines
//! drawn on it, turned into the decoded text (see [`super`]).

use super::{Decoded, Progress, ReadError};

/// Read a PDF's text.
pub fn read(_bytes: &[u8], _progress: Progress) -> Result<Decoded, ReadError> {
    Err(ReadError::Unreadable {
        detail: "PDF files are not read yet".into(),
    })
}
