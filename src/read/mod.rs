//! Readers: a file's bytes in, the document as lines of text out — the one
//! form the importer reads, whatever the file was (a published text, a PDF,
//! an XLS/XLSX workbook).
//!
//! # The decoded text
//!
//! Every reader writes the document the way a PDF-to-text converter does,
//! and the importer reads nothing else:
//!
//! - a heading or a paragraph of the narrative on a line of its own (a
//!   reader may leave a paragraph wrapped over several lines: the importer
//!   joins a line to the one above when that one did not end a sentence);
//! - a table's title (`部门收支总表`, with or without a `表1` line before it)
//!   and its captions (`单位名称：…`, `单位：万元`) each on a line of its own;
//! - then each row of the table on one line, its cells separated by a tab
//!   (`\t`), in column order: an empty cell stays an empty string between
//!   two tabs, and a merged cell's text stands in its first column with empty
//!   cells for the columns it spans. Every row holds at least one tab;
//! - page furniture (page numbers, running headers and footers) on lines of
//!   their own, never glued into a row or a paragraph: the importer
//!   recognises it, skips it and counts it.
//!
//! Beside the text, [`Origin`] tells where each line stands in the file
//! (page and line for a PDF; sheet and row for a workbook, where cell `i`
//! of a line is the sheet's column `i`), so every figure can say where it
//! came from.

pub mod pdf;
pub mod sheet;

use std::fmt;

/// What a file is, told by its content (magic bytes), not its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF (`%PDF-` within its first KiB).
    Pdf,
    /// An Office Open XML workbook (a ZIP holding `xl/`).
    Xlsx,
    /// A BIFF8 workbook in an OLE compound file (`D0 CF 11 E0 A1 B1 1A E1`).
    Xls,
    /// Anything else: a UTF-8 text, RON or published budget.
    Text,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Xlsx => "XLSX",
            Format::Xls => "XLS",
            Format::Text => "text",
        }
    }
}

/// The format of a file whose first bytes are `head` (a few KiB are enough).
pub fn sniff(head: &[u8]) -> Format {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let first_kib = &head[..head.len().min(1024)];
    if first_kib.windows(5).any(|w| w == b"%PDF-") {
        Format::Pdf
    } else if head.starts_with(&OLE) {
        Format::Xls
    } else if head.starts_with(b"PK\x03\x04") {
        // Any ZIP: the sheet reader says so if it holds no workbook.
        Format::Xlsx
    } else {
        Format::Text
    }
}

/// Where one line of the decoded text stands in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct At {
    /// The page (PDF) or the sheet's index (workbook), from 1.
    pub page: u32,
    /// The line on the page (PDF) or the row of the sheet (workbook), from 1.
    pub row: u32,
    /// The reader knows the line is page furniture (a running header or
    /// footer, a page number, by where it stands on the page).
    pub furniture: bool,
}

/// Where the decoded text's lines came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Origin {
    /// A text file: a line's number is its place.
    #[default]
    Text,
    /// A PDF: one entry per line of the decoded text (index = line − 1).
    Pages(Vec<At>),
    /// A workbook: the sheets' names, and one entry per line of the decoded
    /// text (its sheet's index from 1 and its row); cell `i` of a line is
    /// column `i` (0 = `A`).
    Sheets { names: Vec<String>, lines: Vec<At> },
}

/// A document as the importer reads it: its text and where each line came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Decoded {
    pub format: Option<Format>,
    pub text: String,
    pub origin: Origin,
}

impl Decoded {
    /// A text file as it is.
    pub fn text(text: impl Into<String>) -> Decoded {
        Decoded {
            format: Some(Format::Text),
            text: text.into(),
            origin: Origin::Text,
        }
    }
}

/// Told as a long read goes on: (pages or sheets done, in all).
pub type Progress<'a> = &'a (dyn Fn(u32, u32) + Sync);

/// Why a file could not be read. Each says what and where, in the
/// document's own terms (a page, a sheet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The file is not what its name says (`budget.pdf` holding a ZIP, …)
    /// or not a document yusuan reads at all.
    NotA {
        expected: &'static str,
        found: String,
    },
    /// A page with no text on it: a scan, or an image of the page.
    NoTextLayer { page: u32 },
    /// A page whose text cannot be decoded (fonts without a usable
    /// `ToUnicode` map: glyphs come out empty, U+FFFD or private-use).
    Undecodable { page: u32, detail: String },
    /// The file needs a password to be opened (a PDF with a user password,
    /// an encrypted workbook).
    Encrypted,
    /// The file is cut short or damaged.
    Corrupt { detail: String },
    /// A workbook with no sheet holding anything.
    Empty,
    /// The reader failed in a way it did not foresee (a library's panic,
    /// contained): the file cannot be read.
    Unreadable { detail: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotA { expected, found } => {
                let a = if expected.starts_with('X') { "an" } else { "a" };
                write!(f, "not {a} {expected} file ({found})")
            }
            ReadError::NoTextLayer { page } => write!(
                f,
                "page {page} has no text layer (a scan?) — 第 {page} 页没有文字层（扫描件？）"
            ),
            ReadError::Undecodable { page, detail } => write!(
                f,
                "page {page}: its text cannot be decoded ({detail}) — 第 {page} 页的文字无法解码（字体缺少 ToUnicode 映射）"
            ),
            ReadError::Encrypted => write!(
                f,
                "the file is encrypted and needs a password to open — 文件已加密，需要密码"
            ),
            ReadError::Corrupt { detail } => {
                write!(f, "the file is damaged or cut short ({detail})")
            }
            ReadError::Empty => write!(f, "the workbook holds no data"),
            ReadError::Unreadable { detail } => write!(f, "the file cannot be read ({detail})"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decode a file's bytes, whatever its format. A text must be UTF-8: the
/// caller checks that (it knows the line and column to name).
pub fn read(bytes: &[u8], progress: Progress) -> Result<Decoded, ReadError> {
    match sniff(bytes) {
        Format::Pdf => pdf::read(bytes, progress),
        Format::Xlsx | Format::Xls => sheet::read(bytes, progress),
        Format::Text => match std::str::from_utf8(bytes) {
            Ok(t) => Ok(Decoded::text(t)),
            Err(e) => Err(ReadError::NotA {
                expected: "UTF-8 text",
                found: format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            }),
        },
    }
}

thread_local! {
    /// Whether this thread is inside [`contained`].
    static CONTAINING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether a panic on this thread now would be contained (a panic hook
/// leaves such a panic alone: no message, no terminal restored).
pub fn containing() -> bool {
    CONTAINING.with(std::cell::Cell::get)
}

/// Run a third-party reader, containing its panic: a library's bug on a
/// hostile file is reported as the file being unreadable, never a crash,
/// and the panic prints nothing (the error says it).
pub fn contained<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !containing() {
                previous(info);
            }
        }));
    });
    let was = CONTAINING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CONTAINING.with(|c| c.set(was));
    match result {
        Ok(r) => r,
        Err(p) => {
            let detail = p
                .downcast_ref::<&str>()
                .map(|s| (*s).to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the reader failed".into());
            Err(ReadError::Unreadable {
                detail: crate::text::shorten(&detail),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Format::Pdf);
        assert_eq!(sniff(b"\xef\xbb\xbf junk %PDF-1.4"), Format::Pdf);
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Format::Xls
        );
        assert_eq!(sniff(b"PK\x03\x04rest"), Format::Xlsx);
        assert_eq!(sniff("2020年某局部门预算".as_bytes()), Format::Text);
    }

    #[test]
    fn a_panicking_reader_is_an_unreadable_file() {
        let r: Result<(), ReadError> = contained(|| panic!("index out of range"));
        assert!(matches!(r, Err(ReadError::Unreadable { .. })), "{r:?}");
    }
}
