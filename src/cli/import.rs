//! `yusuan import`: read a published text, write a dataset — one that the
//! loader accepts, or nothing.

use super::{ImportArgs, Outcome};
use crate::read::Decoded;
use crate::{atomic, import, load, schema};
use std::fmt::Write as _;
use std::path::Path;

/// Read the text, import it, write the dataset once it loads back (and the
/// coverage report when asked), and say what was read.
pub(super) fn run(args: &ImportArgs) -> Outcome {
    let (text, out) = (args.text.as_path(), args.out.as_path());
    let doc = match read(text) {
        Ok(s) => s,
        Err(e) => return Outcome::fail(2, format!("yusuan: {e}\n")),
    };
    let source = &doc.text;
    let is_ron = doc.origin == crate::read::Origin::Text && load::is_ron(text, source);
    let loaded = if is_ron {
        load::from_text(text, source)
    } else {
        load::import_document(text, &doc)
    };
    let (d, warnings) = match loaded {
        Ok(x) => x,
        Err(e) => return Outcome::fail(2, format!("yusuan: {e}\n")),
    };
    let mut stderr = String::new();
    for w in &warnings {
        let _ = writeln!(stderr, "warning: {}:{w}", text.display());
    }
    let ron = match schema::to_ron(&d) {
        Ok(r) => r,
        Err(e) => return Outcome::fail(2, format!("yusuan: cannot write RON: {e}\n")),
    };
    // Never write what the loader would refuse: read our own output back.
    if let Err(e) = load::parse_ron(&ron, &out.display().to_string()) {
        return Outcome::fail(
            2,
            format!("{stderr}yusuan: the import would not load back, nothing written: {e}\n"),
        );
    }
    // The coverage of the text the dataset came from (a RON input has no
    // text to account for).
    let coverage = (!is_ron).then(|| import::coverage(source, &d));
    if let (Some(path), Some(c)) = (&args.report, &coverage) {
        let json = super::json::to_string(c);
        if let Err(e) = atomic::write(path, json.as_bytes(), crate::atomic::Mode::Shared) {
            return Outcome::fail(
                2,
                format!("{stderr}yusuan: {}: cannot write: {e}\n", path.display()),
            );
        }
    }
    if let Err(e) = atomic::write(out, ron.as_bytes(), crate::atomic::Mode::Shared) {
        return Outcome::fail(
            2,
            format!("{stderr}yusuan: {}: cannot write: {e}\n", out.display()),
        );
    }
    tables_understood(&mut stderr, &d);
    let _ = writeln!(
        stderr,
        "wrote {} ({} units, {} warnings)",
        out.display(),
        d.units.len(),
        warnings.len()
    );
    if let Some(c) = &coverage {
        coverage_summary(&mut stderr, c);
    }
    Outcome {
        stdout: String::new(),
        stderr,
        status: 0,
    }
}

/// The file read, a PDF's pages (or a workbook's sheets) counted on the
/// terminal as they are read.
fn read(text: &Path) -> Result<Decoded, load::LoadError> {
    let paged = std::sync::atomic::AtomicBool::new(false);
    let read = load::read_file_with(text, &super::page_progress(&paged));
    if paged.into_inner() {
        // The progress line goes; what the command says takes its place.
        eprint!("\r\x1b[K");
    }
    read
}

/// `read 2020年预算 … (template): N tables understood`, and those not.
fn tables_understood(stderr: &mut String, d: &schema::Dataset) {
    if d.tables_seen.is_empty() {
        return;
    }
    let not: Vec<&str> = d
        .tables_seen
        .iter()
        .filter(|t| !t.understood)
        .map(|t| t.label.as_str())
        .collect();
    let _ = writeln!(
        stderr,
        "read {}年{} {} ({}): {} tables understood{}",
        d.year,
        d.kind.label(),
        d.department,
        d.template,
        d.tables_seen.len() - not.len(),
        if not.is_empty() {
            String::new()
        } else {
            format!(", {} not understood ({})", not.len(), not.join("、"))
        }
    );
}

/// The coverage's summary, and the first number not understood.
fn coverage_summary(stderr: &mut String, c: &import::coverage::Coverage) {
    let _ = writeln!(stderr, "coverage: {}", c.summary());
    if let Some(first) = c.unaccounted.first() {
        let _ = writeln!(
            stderr,
            "  not understood: line {} {:?}{}",
            first.line,
            first.text,
            match c.unaccounted.len() {
                1 => String::new(),
                n => format!(" and {} more (--report FILE lists them)", n - 1),
            }
        );
    }
}
