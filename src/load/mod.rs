//! Loading datasets: files (RON, or a published text through the importer) or
//! the bundled budget, then validation. Any problem is a [`LoadError`] naming
//! the file and the place; nothing is half-loaded.

use crate::import;
use crate::model::Model;
use crate::read;
pub mod cache;
mod validate;

pub use validate::{validate, MAX_AMOUNT_WAN, MAX_DECIMALS, MAX_NAME_CHARS};

use crate::schema::Dataset;
use std::collections::BTreeSet;
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

/// Memory the open model and its search index take per byte of RON read,
/// at most, measured on the generated city: 173 MB of RON peak at 270 MB
/// (1.6 bytes a byte), its decade's 2.0 GB at 1.5 GB the first time.
const MEMORY_PER_INPUT_BYTE: u64 = 2;

/// Refuse, with a clear message, a collection that would not fit in memory
/// (a province over a decade, a country), rather than thrash the machine.
fn fits_in_memory(paths: &[impl AsRef<Path>]) -> Result<(), LoadError> {
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p.as_ref()).ok())
        .map(|m| m.len())
        .sum();
    let need = bytes.saturating_mul(MEMORY_PER_INPUT_BYTE);
    let Some(available) = available_memory() else {
        return Ok(());
    };
    if need > available / 10 * 9 {
        #[allow(clippy::cast_precision_loss)]
        let gb = |b: u64| format!("{:.1} GB", b as f64 / 1e9);
        return Err(err(
            &format!("{} files", paths.len()),
            None,
            format!(
                "{} of budgets would need about {} of memory, and {} is available; open fewer departments or years (yusuan is for a city over a decade, or a province's departments of one year)",
                gb(bytes),
                gb(need),
                gb(available)
            ),
        ));
    }
    Ok(())
}

/// `MemAvailable` of /proc/meminfo, in bytes (`None` where there is none);
/// `YUSUAN_MEMORY_LIMIT` (bytes) says otherwise, for a smaller budget.
fn available_memory() -> Option<u64> {
    if let Some(v) = std::env::var("YUSUAN_MEMORY_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Some(v);
    }
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Why a file cannot be read, in the loader's words.
fn unreadable(path: &Path, e: std::io::Error) -> LoadError {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if path.is_dir() => "is a directory, not a file".to_string(),
        _ => format!("cannot be read: {e}"),
    };
    LoadError {
        source: Some(e),
        ..err(&path.display().to_string(), None, what)
    }
}

/// Can every file be opened for reading? (Cheap: nothing is read. The
/// explorer asks before it takes the terminal, so a wrong path is a plain
/// message on the shell's screen.)
pub fn check_paths(paths: &[impl AsRef<Path>]) -> Result<(), LoadError> {
    for p in paths {
        let p = p.as_ref();
        if p.is_dir() {
            return Err(err(
                &p.display().to_string(),
                None,
                "is a directory, not a file",
            ));
        }
        std::fs::File::open(p).map_err(|e| unreadable(p, e))?;
    }
    Ok(())
}

/// Open the named files as one model, or the bundled budget when none is
/// named. Importer warnings come back beside it, each with its file.
pub fn open(files: &[impl AsRef<Path> + Sync]) -> Result<(Model, FileWarnings), LoadError> {
    open_with(files, &|_, _, _| {})
}

/// [`open`], telling `progress` as each file is loaded.
pub fn open_with(
    files: &[impl AsRef<Path> + Sync],
    progress: Progress,
) -> Result<(Model, FileWarnings), LoadError> {
    if files.is_empty() {
        return Ok((Model::new(vec![bundled()]), Vec::new()));
    }
    // Each dataset's piece of the model is built on the thread that loaded
    // it, while the others load: only the putting together is left after.
    let (loaded, warnings) =
        load_files_then(files, progress, &|i, d| crate::model::Piece::new(d, i))?;
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
        // Our words, not the library's advice; a huge value cut short.
        let msg = match e.code {
            ron::Error::ExceededRecursionLimit => {
                format!("nested more than {RECURSION_LIMIT} levels")
            }
            ref code => crate::text::shorten_message(&code.to_string()),
        };
        let hint = if msg.contains("Expected string") || msg.to_lowercase().contains("expected string") {
            " (amounts are decimal strings, e.g. \"1376\" or \"2654.333237\"; a bare number would pass through a float)"
        } else {
            ""
        };
        err(file, Some(format!("{}:{}", pos.line, pos.col)), format!("{msg}{hint}"))
    })?;
    validate(&d, file)?;
    Ok(d)
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
) -> Result<(Dataset, Vec<import::Warning>), LoadError> {
    use std::io::Read as _;
    let mut f = std::fs::File::open(path).map_err(|e| unreadable(path, e))?;
    let meta = f.metadata().map_err(|e| unreadable(path, e))?;
    let ron = path.extension().is_some_and(|e| e == "ron");
    let file = path.display().to_string();
    if ron {
        if let Some(d) = known.get(path, &meta, &mut buf.cache) {
            if validate(&d, &file).is_ok() {
                return Ok((d, Vec::new()));
            }
        }
    }
    buf.text.clear();
    f.read_to_end(&mut buf.text)
        .map_err(|e| unreadable(path, e))?;
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
        return import_document(path, &read_document(path, &buf.text)?);
    }
    // Looked up just above for a .ron file; a RON text by another name is
    // looked up by `parse`.
    let loaded = parse(path, as_text(path, &buf.text)?, entry.as_deref(), !ron)?;
    if let (true, Some(e)) = (ron, &entry) {
        known.remember(path, &meta, e);
    }
    Ok(loaded)
}

/// A file as the importer reads it, whatever its format (told by its
/// content): a text as it is (UTF-8 and not empty), a PDF or a workbook
/// through its reader.
pub fn read_file(path: &Path) -> Result<read::Decoded, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| unreadable(path, e))?;
    if read::sniff(&bytes) == read::Format::Text {
        return Ok(read::Decoded::text(as_text(path, &bytes)?));
    }
    read_document(path, &bytes)
}

/// A PDF's or a workbook's bytes, decoded by its reader.
fn read_document(path: &Path, bytes: &[u8]) -> Result<read::Decoded, LoadError> {
    read::read(bytes, &|_, _| {}).map_err(|e| err(&path.display().to_string(), None, e.to_string()))
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
    parse(path, text, cache::entry(text.as_bytes()).as_deref(), true)
}

/// [`from_text`] with the text's cache `entry` already worked out; `look`:
/// whether to look there before parsing (the caller may have).
fn parse(
    path: &Path,
    text: &str,
    entry: Option<&Path>,
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
            cache::put(e, &d);
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

/// Importer warnings, each with the file it came from.
pub type FileWarnings = Vec<(String, import::Warning)>;

/// Called as each file is loaded: (files done, files in all, the file).
pub type Progress<'a> = &'a (dyn Fn(usize, usize, &Path) + Sync);

/// Load several files on every core (rayon's pool); none loads unless all do. Also
/// rejects the same department and year twice. `then` is done with each
/// dataset (and its place in the order given) on the thread that loaded
/// it, as soon as it is loaded; `progress` is told as each file is done.
/// The result is the same whatever the order files finish in: datasets in
/// the order given, and the first failing file (in that order) is the error.
pub fn load_files_then<T: Send>(
    paths: &[impl AsRef<Path> + Sync],
    progress: Progress,
    then: &(dyn Fn(usize, &mut Dataset) -> T + Sync),
) -> Result<(Vec<(Dataset, T)>, FileWarnings), LoadError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    fits_in_memory(paths)?;
    let known = cache::Known::open();
    let n = paths.len();
    // The first file (in the order given) seen to fail: no file after it
    // starts loading, every file before it does.
    let failed = AtomicUsize::new(n);
    let done = AtomicUsize::new(0);
    // Read buffers, one for each file loading at once, passed from one
    // file to the next (see `Buffers`).
    let spare: Mutex<Vec<Buffers>> = Mutex::new(Vec::new());
    type Loaded<T> = Result<(Dataset, Vec<import::Warning>, T), LoadError>;
    // One file a task, so that the cores share out files of any size.
    let mut results: Vec<Option<Loaded<T>>> = (0..n)
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
            let r = load_file_with(path, &mut buffers, &known).map(|(mut d, w)| {
                let t = then(i, &mut d);
                (d, w, t)
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
    let mut out: Vec<(Dataset, T)> = Vec::with_capacity(n);
    let mut warnings = Vec::new();
    let mut seen: BTreeSet<(i32, String)> = BTreeSet::new();
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
        if !seen.insert((d.year, d.department.clone())) {
            return Err(err(
                &p.display().to_string(),
                None,
                format!(
                    "{} {} is already loaded from another file",
                    d.department, d.year
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
        let (loaded, warnings) = load_files_then(&paths, &progress, &|i, d| (i, d.year)).unwrap();
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
            let e = load_files_then(&paths, &|_, _, _| {}, &|_, _| ()).unwrap_err();
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
        let e = load_files_then(&paths, &|_, _, _| {}, &slow).unwrap_err();
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
        assert!(load_files_then(&paths, &progress, &wait).is_err());
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        assert!(
            loaded.into_inner() < threads.max(2),
            "files loaded after a failure"
        );
        // The same department and year twice: the later file is named.
        let (_dir, mut paths) = files(3, &[]);
        paths.push(paths[1].clone());
        let e = load_files_then(&paths, &|_, _, _| {}, &|_, _| ()).unwrap_err();
        assert!(e.message.contains("already loaded"), "{e}");
    }
}
