//! The PDF reader: each page's glyphs with their positions and sizes and
//! the lines drawn on it (through hayro's interpreter, see `docs/pdf.md`),
//! turned into the decoded text (see [`super`]): ruled tables read cell by
//! cell between their rules, the narrative's wrapped lines joined into
//! paragraphs, page furniture on lines of its own.

mod layout;
mod lines;
mod page;
mod table;

use super::{contained, Decoded, Format, Origin, Progress, ReadError};
use hayro_interpret::hayro_syntax::{LoadPdfError, Pdf};
use hayro_interpret::kurbo::Rect;
use hayro_interpret::{
    interpret_page, Context, InterpreterCache, InterpreterSettings, InterpreterWarning,
    TransformExt,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A page with more glyphs than this share undecodable cannot be read.
const UNDECODABLE_SHARE: f64 = 0.1;
/// A page whose images cover this much of it, with no more glyphs than
/// [`SCAN_GLYPHS`] (a stamped page number), is a scan.
const SCAN_COVER: f64 = 0.5;
const SCAN_GLYPHS: usize = 40;
/// Reading stops past this (a hostile file's pages of endless drawing).
const TIME_BUDGET: Duration = Duration::from_secs(15);

/// Read a PDF's text.
pub fn read(bytes: &[u8], progress: Progress) -> Result<Decoded, ReadError> {
    cut_short(bytes)?;
    let bytes = bytes.to_vec();
    contained(move || read_pdf(bytes, progress))
}

/// A PDF ends with `%%EOF` (perhaps followed by a little whitespace or junk):
/// a file without one near its end was cut short.
fn cut_short(bytes: &[u8]) -> Result<(), ReadError> {
    let tail = &bytes[bytes.len().saturating_sub(4096)..];
    if tail.windows(5).any(|w| w == b"%%EOF") {
        Ok(())
    } else {
        Err(ReadError::Corrupt {
            detail: "the PDF is cut short: it has no end-of-file marker".into(),
        })
    }
}

fn open(bytes: Vec<u8>) -> Result<Pdf, ReadError> {
    Pdf::new(bytes).map_err(|e| match e {
        LoadPdfError::Decryption(_) => ReadError::Encrypted,
        LoadPdfError::Invalid => ReadError::Corrupt {
            detail: "its cross-reference table and page tree cannot be read".into(),
        },
    })
}

fn read_pdf(bytes: Vec<u8>, progress: Progress) -> Result<Decoded, ReadError> {
    let started = Instant::now();
    let pdf = open(bytes)?;
    let pages = pdf.pages();
    let total = u32::try_from(pages.len()).unwrap_or(u32::MAX);
    if total == 0 {
        return Err(ReadError::Corrupt {
            detail: "it has no pages".into(),
        });
    }
    let cache = InterpreterCache::new();
    let fonts_failed = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fonts_failed);
    let settings = InterpreterSettings {
        warning_sink: Arc::new(move |w| {
            if matches!(w, InterpreterWarning::UnsupportedFont) {
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }),
        ..InterpreterSettings::default()
    };
    let mut laid = Vec::with_capacity(pages.len());
    for (page, number) in pages.iter().zip(1u32..) {
        if started.elapsed() > TIME_BUDGET {
            return Err(ReadError::Unreadable {
                detail: format!("page {number} and after take too long to read"),
            });
        }
        let (w, h) = page.render_dimensions();
        let mut ctx = Context::new(
            page.initial_transform(true).to_kurbo(),
            Rect::new(0.0, 0.0, f64::from(w), f64::from(h)),
            &cache,
            pdf.xref(),
            settings.clone(),
        );
        let mut device = page::Collector {
            page: page::Page::new(f64::from(w), f64::from(h)),
        };
        fonts_failed.store(0, Ordering::Relaxed);
        interpret_page(page, &mut ctx, &mut device);
        let p = device.page;
        check(&p, number, fonts_failed.load(Ordering::Relaxed))?;
        laid.push(layout::lay_out(p, number));
        progress(number, total);
    }
    if laid.iter().all(|p| p.blocks.is_empty()) {
        return Err(ReadError::NoTextLayer { page: 1 });
    }
    let (text, at) = layout::assemble(&laid);
    Ok(Decoded {
        format: Some(Format::Pdf),
        text,
        origin: Origin::Pages(at),
    })
}

/// Can this page's text be read? A scan has images and no text; glyphs
/// without a usable Unicode mapping (or drawn in a font that could not be
/// loaded) make it undecodable.
fn check(p: &page::Page, number: u32, fonts_failed: usize) -> Result<(), ReadError> {
    let glyphs = p.glyphs.len();
    if glyphs <= SCAN_GLYPHS && p.image_cover >= SCAN_COVER || glyphs == 0 && p.image_cover > 0.0 {
        return Err(ReadError::NoTextLayer { page: number });
    }
    #[allow(clippy::cast_precision_loss)]
    let share = p.undecodable as f64 / glyphs.max(1) as f64;
    if p.undecodable >= 3 && share > UNDECODABLE_SHARE {
        return Err(ReadError::Undecodable {
            page: number,
            detail: format!(
                "{} of its {glyphs} characters have no Unicode mapping",
                p.undecodable
            ),
        });
    }
    if fonts_failed > 0 {
        return Err(ReadError::Undecodable {
            page: number,
            detail: "its fonts cannot be loaded".into(),
        });
    }
    if p.steps > page::MAX_STEPS {
        return Err(ReadError::Unreadable {
            detail: format!("page {number} draws more than a page of text ever does"),
        });
    }
    Ok(())
}
