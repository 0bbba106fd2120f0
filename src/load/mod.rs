//! Loading datasets: files (RON, or a published text through the importer) or
//! the bundled budget, then validation. Any problem is a [`LoadError`] naming
//! the file and the place; nothing is half-loaded.

use crate::import;
use crate::model::Model;
use crate::read;
pub mod cache;
mod memory;
mod validate;

pub use validate::{validate, MAX_AMOUNT_WAN, MAX_DECIMALS, MAX_NAME_CHARS};

use crate::schema::Dataset;
use std::path::Path;

/// The bundled dataset: the 2020 budget of 深圳市人力资源和社会保障局.
pub const BUNDLED: &str = include_str!("../../assets/shenzhen-hrss-2020.ron");
/// The published text it was made from.
pub const BUNDLED_SOURCE: &str = include_str!("../../assets/shenzhen-hrss-2020-budget.txt");
pub const BUNDLED_NAME: &str = "shenzhen-hrss-2020.ron (bundled)";

/// A file that could not be loaded, and why: `file:place: message`.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", place.as_ref().map(|p| format!(":{p}")).unwrap_or_default())]
pub struct LoadError {
    pub file: String,
    /// `line:column`, or a path in the tree.
    pub place: Option<String>,
    pub message: String,
    /// The I/O error behind it, when there is one.
    #[source]
    pub source: Option<std::io::Error>,
}

pub(crate) fn err(file: &str, place: Option<String>, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        place,
        message: message.into(),
        source: None,
    }
}

/// The bundled dataset, parsed and validated.
pub fn bundled() -> Dataset {
    parse_ron(BUNDLED, BUNDLED_NAME).expect("the bundled dataset is valid: tests pin it")
}

impl From<crate::file::ReadError> for LoadError {
    fn from(e: crate::file::ReadError) -> LoadError {
        let file = e.path.display().to_string();
        let message = e.problem.to_string();
        LoadError {
            source: e.into_io(),
            ..err(&file, None, message)
        }
    }
}

/// Can every file be opened for reading, and is each a regular file?
/// (Cheap: nothing is read. The explorer asks before it takes the terminal,
/// so a wrong path is a plain message on the shell's screen.)
pub fn check_paths(paths: &[impl AsRef<Path>]) -> Result<(), LoadError> {
    for p in paths {
        crate::file::open(p.as_ref())?;
    }
    Ok(())
}

/// Open the named files as one model, or the bundled budget when none is
/// named. Importer warnings come back beside it, each with its file.
pub fn open(files: &[impl AsRef<Path> + Sync]) -> Result<(Model, FileWarnings), LoadError> {
    open_with(files, &|_, _, _| {}, &|_, _, _| {})
}

/// [`open`], telling `progress` as each file is loaded and `pages` as each
/// page of a PDF is read.
pub fn open_with(
    files: &[impl AsRef<Path> + Sync],
    progress: Progress,
    pages: PageProgress,
) -> Result<(Model, FileWarnings), LoadError> {
    if files.is_empty() {
        return Ok((Model::new(vec![bundled()]), Vec::new()));
    }
    // Each dataset's piece of the model is built on the thread that loaded
    // it, while the others load: only the putting together is left after.
    let (loaded, warnings) = load_files_then(files, progress, pages, &|i, d| {
        crate::model::Piece::new(d, i)
    })?;
    let (datasets, pieces) = loaded.into_iter().unzip();
    Ok((Model::assemble(datasets, pieces), warnings))
}

/// How deep a dataset file may nest (a budget's tree is a dozen levels).
pub const RECURSION_LIMIT: usize = 128;

/// Parse RON text as a dataset and validate it.
pub fn parse_ron(text: &str, file: &str) -> Result<Dataset, LoadError> {
    if text.trim().is_empty() {
        return Err(err(file, None, "the file is empty"));
    }
    let d: Dataset = ron::Options::default()
        .with_recursion_limit(RECURSION_LIMIT)
        .from_str(text)
        .map_err(|e| {
            let pos = e.span.start;
            err(
                file,
                Some(format!("{}:{}", pos.line, pos.col)),
                ron_message(text, &e),
            )
        })?;
    validate(&d, file)?;
    Ok(d)
}

/// A RON error in our words, not the library's advice; a huge value cut
/// short. Where the text nests deeper than the limit (`Some(Some(…`), that
/// is what is said, whatever the parser met first; the hint about decimal
/// strings only where a bare number stands.
fn ron_message(text: &str, e: &ron::error::SpannedError) -> String {
    let at = offset_of(text, e.span.start.line, e.span.start.col);
    let rest = text.get(at..).unwrap_or("");
    if matches!(e.code, ron::Error::ExceededRecursionLimit) || openers(rest) > RECURSION_LIMIT {
        return format!("nested more than {RECURSION_LIMIT} levels");
    }
    let msg = crate::text::shorten_message(&e.code.to_string());
    let number = rest
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '+' || c == '.');
    if number && msg.to_lowercase().contains("expected string") {
        return format!("{msg} (amounts are decimal strings, e.g. \"1376\" or \"2654.333237\"; a bare number would pass through a float)");
    }
    msg
}

/// The byte offset of `line`:`col` (from 1, `col` in characters) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(start..).unwrap_or("");
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// How many brackets open one after another at the start of `s` (`Some(`,
/// `(`, `[`, `{`, with spaces between), up to one more than the limit.
fn openers(s: &str) -> usize {
    let mut s = s;
    let mut n = 0;
    while n <= RECURSION_LIMIT {
        s = s.trim_start();
        if let Some(r) = s
            .strip_prefix("Some")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('('))
        {
            s = r;
        } else if let Some(r) = s.strip_prefix(['(', '[', '{']) {
            s = r;
        } else {
            break;
        }
        n += 1;
    }
    n
}

/// Is this file a RON dataset (by its name or its look) rather than a
/// published budget text?
pub fn is_ron(path: &Path, text: &str) -> bool {
    looks_like_ron(text) || path.extension().is_some_and(|e| e == "ron")
}

/// Does this text look like a RON dataset rather than a published budget text?
fn looks_like_ron(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('(') || t.starts_with("Dataset") || t.starts_with("//") || t.starts_with("#![")
}

/// Read buffers kept from one file to the next (as many as files load at
/// once): a decade of a city is 2 GB of RON, and fresh memory for each file
/// was a third of the loading time in page faults.
#[derive(Default)]
pub struct Buffers {
    text: Vec<u8>,
    cache: Vec<u8>,
}

/// Load one file, reading through `buf`: RON as is, anything else through
/// the importer (its warnings are returned beside the dataset). A `.ron`
/// file seen before is its
/// cached parse (validated like any other): unchanged since (`known`), not
/// even read; else without its text being decoded.
pub fn load_file_with(
    path: &Path,
    buf: &mut Buffers,
    known: &cache::Known,
    pages: PageProgress,
) -> Result<(Dataset, Vec<import::Warning>), LoadError> {
    let f = crate::file::open(path)?;
    let meta = f.meta().clone();
    let ron = path.extension().is_some_and(|e| e == "ron");
    let file = path.display().to_string();
    if ron {
        if let Some(d) = known.get(path, &meta, &mut buf.cache) {
            if validate(&d, &file).is_ok() {
                return Ok((d, Vec::new()));
            }
        }
    }
    f.read_into(&mut buf.text, crate::file::DATASET)?;
    // The file's cache entry: its bytes hashed once, here.
    let entry = cache::entry(&buf.text);
    if let (true, Some(e)) = (ron, &entry) {
        if let Some(d) = cache::get(e, &mut buf.cache) {
            if validate(&d, &file).is_ok() {
                known.remember(path, &meta, e);
                return Ok((d, Vec::new()));
            }
        }
    }
    if !ron && read::sniff(&buf.text) != read::Format::Text {
        // A PDF or a workbook: its import cached by its content.
        let entry = cache::document_entry(&buf.text);
        if let Some((d, w)) = entry
            .as_ref()
            .and_then(|e| cache::get_import(e, &mut buf.cache))
        {
            if validate(&d, &file).is_ok() {
                let w = w
                    .into_iter()
                    .map(|(l, m)| import::Warning::new(l, m))
                    .collect();
                return Ok((d, w));
            }
        }
        let (d, w) = import_document(path, &read_document(path, &buf.text, pages)?)?;
        if let Some(e) = &entry {
            let imported = (d, w.iter().map(|w| (w.line, w.message.clone())).collect());
            cache::put_import(e, path, &imported);
            return Ok((imported.0, w));
        }
        return Ok((d, w));
    }
    // Looked up just above for a .ron file; a RON text by another name is
    // looked up by `parse`.
    let loaded = parse(path, as_text(path, &buf.text)?, entry.as_ref(), !ron)?;
    if let (true, Some(e)) = (ron, &entry) {
        known.remember(path, &meta, e);
    }
    Ok(loaded)
}

/// A file as the importer reads it, whatever its format (told by its
/// content): a text as it is (UTF-8 and not empty), a PDF or a workbook
/// through its reader.
pub fn read_file(path: &Path) -> Result<read::Decoded, LoadError> {
    read_file_with(path, &|_, _, _| {})
}

/// [`read_file`], telling `pages` as each page of a PDF is read.
pub fn read_file_with(path: &Path, pages: PageProgress) -> Result<read::Decoded, LoadError> {
    let bytes = crate::file::read(path, crate::file::DATASET)?;
    if read::sniff(&bytes) == read::Format::Text {
        return Ok(read::Decoded::text(as_text(path, &bytes)?));
    }
    read_document(path, &bytes, pages)
}

/// A PDF's or a workbook's bytes, decoded by its reader. A file named for
/// another format than its content says so in the message.
fn read_document(
    path: &Path,
    bytes: &[u8],
    pages: PageProgress,
) -> Result<read::Decoded, LoadError> {
    let format = read::sniff(bytes);
    read::read(bytes, &|done, total| pages(path, done, total)).map_err(|e| {
        let named = path
            .extension()
            .map(|x| x.to_string_lossy().to_lowercase())
            .filter(|x| ["pdf", "xls", "xlsx"].contains(&x.as_str()))
            .filter(|x| *x != format.label().to_lowercase());
        let message = match named {
            Some(x) => format!(
                "{e} (the file is named .{x} but its content is {})",
                match format {
                    read::Format::Xlsx => "a ZIP archive",
                    read::Format::Xls => "an OLE compound file",
                    other => other.label(),
                }
            ),
            None => e.to_string(),
        };
        err(&path.display().to_string(), None, message)
    })
}

/// The dataset a decoded document (not RON) imports to, validated.
pub fn import_document(
    path: &Path,
    doc: &read::Decoded,
) -> Result<(Dataset, Vec<import::Warning>), LoadError> {
    let file = path.display().to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (d, warnings) = import::import_decoded(doc, &name).map_err(|e| err(&file, None, e.0))?;
    validate(&d, &file)?;
    Ok((d, warnings))
}

/// The bytes of `path` as text: UTF-8 and not empty, or why not.
fn as_text<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(path, bytes, e))?;
    non_empty(path, text)?;
    Ok(text)
}

/// Where `bytes` (of `path`) stop being UTF-8, as line and column.
fn not_utf8(path: &Path, bytes: &[u8], e: std::str::Utf8Error) -> LoadError {
    let upto = &bytes[..e.valid_up_to()];
    let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
    let col = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    err(
        &path.display().to_string(),
        Some(format!("{line}:{col}")),
        "not UTF-8 text (save the file as UTF-8)",
    )
}

fn non_empty(path: &Path, text: &str) -> Result<(), LoadError> {
    if text.trim().is_empty() {
        return Err(err(&path.display().to_string(), None, "the file is empty"));
    }
    Ok(())
}

/// The dataset in `text`, read from `path`: RON as is, anything else through
/// the importer (its warnings beside the dataset).
pub fn from_text(path: &Path, text: &str) -> Result<(Dataset, Vec<import::Warning>), LoadError> {
    parse(path, text, cache::entry(text.as_bytes()).as_ref(), true)
}

/// [`from_text`] with the text's cache `entry` already worked out; `look`:
/// whether to look there before parsing (the caller may have).
fn parse(
    path: &Path,
    text: &str,
    entry: Option<&cache::Entry>,
    look: bool,
) -> Result<(Dataset, Vec<import::Warning>), LoadError> {
    let file = path.display().to_string();
    if is_ron(path, text) {
        // A cached parse, validated like any other; else parse and remember.
        if let Some(d) = entry
            .filter(|_| look)
            .and_then(|e| cache::get(e, &mut Vec::new()))
        {
            if validate(&d, &file).is_ok() {
                return Ok((d, Vec::new()));
            }
        }
        let d = parse_ron(text, &file)?;
        if let Some(e) = entry {
            cache::put(e, path, &d);
        }
        return Ok((d, Vec::new()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (d, warnings) = import::import(text, &name).map_err(|e| err(&file, None, e.0))?;
    validate(&d, &file)?;
    Ok((d, warnings))
}

/// Is every file named once? The same file twice (by the same name, or by
/// another: a link, `./a.ron`) is said to be that, not a second department.
fn named_once(paths: &[impl AsRef<Path>]) -> Result<(), LoadError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let mut seen: std::collections::HashMap<(u64, u64), &Path> =
            std::collections::HashMap::new();
        for p in paths {
            let p = p.as_ref();
            let Ok(m) = std::fs::metadata(p) else {
                continue;
            };
            if let Some(first) = seen.insert((m.dev(), m.ino()), p) {
                return Err(err(
                    &p.display().to_string(),
                    None,
                    format!(
                        "the same file as {} (named twice); name each file once",
                        first.display()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Importer warnings, each with the file it came from.
pub type FileWarnings = Vec<(String, import::Warning)>;

/// Called as each file is loaded: (files done, files in all, the file).
pub type Progress<'a> = &'a (dyn Fn(usize, usize, &Path) + Sync);

/// Called as each page of a PDF (or sheet of a workbook) is read: (the
/// file, pages done, pages in all).
pub type PageProgress<'a> = &'a (dyn Fn(&Path, u32, u32) + Sync);

/// Load several files on every core (rayon's pool); none loads unless all do. Also
/// rejects the same department and year twice. `then` is done with each
/// dataset (and its place in the order given) on the thread that loaded
/// it, as soon as it is loaded; `progress` is told as each file is done.
/// The result is the same whatever the order files finish in: datasets in
/// the order given, and the first failing file (in that order) is the error.
pub fn load_files_then<T: Send>(
    paths: &[impl AsRef<Path> + Sync],
    progress: Progress,
    pages: PageProgress,
    then: &(dyn Fn(usize, &mut Dataset) -> T + Sync),
) -> Result<(Vec<(Dataset, T)>, FileWarnings), LoadError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    named_once(paths)?;
    let budget = memory::Budget::for_files(paths)?;
    let known = cache::Known::open();
    let n = paths.len();
    // The first file (in the order given) seen to fail: no file after it
    // starts loading, every file before it does.
    let failed = AtomicUsize::new(n);
    let done = AtomicUsize::new(0);
    // Read buffers, one for each file loading at once, passed from one
    // file to the next (see `Buffers`).
    let spare: Mutex<Vec<Buffers>> = Mutex::new(Vec::new());
    // One file a task, so that the cores share out files of any size.
    let results: Vec<Option<Loaded<T>>> = (0..n)
        .into_par_iter()
        .with_max_len(1)
        .map(|i| {
            if i > failed.load(Ordering::SeqCst) {
                return None;
            }
            let path = paths[i].as_ref();
            let mut buffers = spare
                .lock()
                .ok()
                .and_then(|mut s| s.pop())
                .unwrap_or_default();
            let r = load_file_with(path, &mut buffers, &known, pages).and_then(|(mut d, w)| {
                // Refused before its model is built, if the lines loaded so
                // far would not fit.
                budget.take(&d)?;
                let t = then(i, &mut d);
                Ok((d, w, t))
            });
            if let Ok(mut s) = spare.lock() {
                s.push(buffers);
            }
            if r.is_err() {
                failed.fetch_min(i, Ordering::SeqCst);
            }
            progress(done.fetch_add(1, Ordering::SeqCst) + 1, n, path);
            Some(r)
        })
        .collect();
    known.save();
    gather(paths, results)
}

/// One file's load: its dataset, its warnings and what `then` made of it.
type Loaded<T> = Result<(Dataset, Vec<import::Warning>, T), LoadError>;

/// The files' loads in the order given (`None`: not started): the first
/// failure in that order is the error, and so is a department's document
/// loaded twice; else the datasets, with the warnings by file.
fn gather<T>(
    paths: &[impl AsRef<Path>],
    mut results: Vec<Option<Loaded<T>>>,
) -> Result<(Vec<(Dataset, T)>, FileWarnings), LoadError> {
    let mut out: Vec<(Dataset, T)> = Vec::with_capacity(paths.len());
    let mut warnings = Vec::new();
    // A department's 预算 and 决算 of one year are two documents; the same
    // one twice is an error.
    let mut seen: std::collections::BTreeMap<(crate::schema::Edition, String), &Path> =
        std::collections::BTreeMap::new();
    // The first error in the order given; files after it may not have run.
    if let Some(e) = results.iter_mut().find_map(|r| match r {
        Some(Err(_)) => r.take().and_then(Result::err),
        _ => None,
    }) {
        return Err(e);
    }
    for (p, r) in paths.iter().zip(results) {
        let p = p.as_ref();
        let Some(Ok((d, w, t))) = r else {
            continue;
        };
        if let Some(first) = seen.insert((d.edition(), d.department.clone()), p) {
            return Err(err(
                &p.display().to_string(),
                None,
                format!(
                    "{} {}年{} is already loaded from another file ({})",
                    d.department,
                    d.year,
                    d.kind.label(),
                    first.display()
                ),
            ));
        }
        warnings.extend(w.into_iter().map(|w| (p.display().to_string(), w)));
        out.push((d, t));
    }
    Ok((out, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// `n` dataset files, a department's years 2001, 2002, …; those at
    /// `bad` are no dataset.
    fn files(n: usize, bad: &[usize]) -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        let paths = (0..n)
            .map(|i| {
                let p = dir.path().join(format!("{i:02}.ron"));
                let text = if bad.contains(&i) {
                    "(format: 1, department: ".to_string()
                } else {
                    format!(
                        "(format: 1, department: \"测试局\", year: {}, units: [])",
                        2001 + i
                    )
                };
                std::fs::write(&p, text).unwrap();
                p
            })
            .collect();
        (dir, paths)
    }

    /// Datasets come back in the order given, each `then` told its place,
    /// and `progress` told of every file once, counting up to all of them.
    #[test]
    fn loads_every_file_in_the_order_given() {
        let (_dir, paths) = files(9, &[]);
        let told = Mutex::new(Vec::new());
        let progress = |done: usize, all: usize, _: &Path| told.lock().unwrap().push((done, all));
        let (loaded, warnings) =
            load_files_then(&paths, &progress, &|_, _, _| {}, &|i, d| (i, d.year)).unwrap();
        assert!(warnings.is_empty());
        let years: Vec<(i32, (usize, i32))> = loaded.iter().map(|(d, t)| (d.year, *t)).collect();
        let want: Vec<(i32, (usize, i32))> = (0..9_usize)
            .map(|i| {
                let year = 2001 + i32::try_from(i).unwrap();
                (year, (i, year))
            })
            .collect();
        assert_eq!(years, want);
        let mut told = told.into_inner().unwrap();
        told.sort_unstable();
        assert_eq!(told, (1..=9).map(|k| (k, 9)).collect::<Vec<_>>());
    }

    /// The error is the first failing file in the order given, however the
    /// files are shared out and whichever fails first in time.
    #[test]
    fn the_first_failing_file_in_order_is_the_error() {
        for bad in [vec![0], vec![5], vec![8], vec![3, 7], vec![6, 1]] {
            let (_dir, paths) = files(9, &bad);
            let first = *bad.iter().min().unwrap();
            let e = load_files_then(&paths, &|_, _, _| {}, &|_, _, _| {}, &|_, _| ()).unwrap_err();
            assert_eq!(e.file, paths[first].display().to_string(), "{bad:?}: {e}");
        }
        // A later file fails first in time (the ones before the earlier
        // failure are slow to finish): every file before it still loads,
        // and the earlier failure is the error.
        let (_dir, paths) = files(9, &[3, 7]);
        let slow = |i: usize, _: &mut Dataset| {
            if i < 3 {
                std::thread::sleep(std::time::Duration::from_millis(40));
            }
        };
        let e = load_files_then(&paths, &|_, _, _| {}, &|_, _, _| {}, &slow).unwrap_err();
        assert_eq!(e.file, paths[3].display().to_string(), "{e}");
        // The first file fails: no file starts after that. Each file that
        // loads waits until the failure is told, so at most one a thread
        // (those under way then) loads.
        let (_dir, paths) = files(16, &[0]);
        let (loaded, told) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let progress = |_: usize, _: usize, p: &Path| {
            if p.ends_with("00.ron") {
                told.store(1, Ordering::SeqCst);
            }
        };
        let wait = |_: usize, _: &mut Dataset| {
            loaded.fetch_add(1, Ordering::SeqCst);
            for _ in 0..5_000 {
                if told.load(Ordering::SeqCst) == 1 {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        };
        assert!(load_files_then(&paths, &progress, &|_, _, _| {}, &wait).is_err());
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        assert!(
            loaded.into_inner() < threads.max(2),
            "files loaded after a failure"
        );
        // The same department and year twice: the later file is named.
        let (dir, mut paths) = files(3, &[]);
        let copy = dir.path().join("copy.ron");
        std::fs::copy(&paths[1], &copy).unwrap();
        paths.push(copy);
        let e = load_files_then(&paths, &|_, _, _| {}, &|_, _, _| {}, &|_, _| ()).unwrap_err();
        assert!(e.message.contains("already loaded"), "{e}");
    }
}
