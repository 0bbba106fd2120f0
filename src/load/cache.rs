//! A binary cache of parsed datasets, so a city of RON files opens fast the
//! second time. Keyed by each file's content (a hash and its length), under
//! `$XDG_CACHE_HOME/yusuan/` (default `~/.cache/yusuan/`, made 0700); written
//! through the atomic write; read through the checked read. Never trusted:
//! an entry carries the checksum of its payload and the identity of its
//! source (the content's hash and length, and its path), each checked on
//! use, and a cached dataset is validated like a parsed one. An entry that
//! does not verify is ignored — the file is parsed again and the entry
//! rewritten — and reported once on stderr ([`take_reports`]). Deleting
//! the cache is always safe. The RON files stay what users read and write.
//!
//! The entry format is general (a kind and bytes; the dataset is one kind):
//!
//! ```text
//! yusuan-cache-2-<version>-<format fingerprint>\n
//! kind length (u8), kind ("dataset")
//! source: content hash (XXH3-128, 16 bytes LE), length (u64 LE),
//!         path length (u32 LE), canonical path (UTF-8)
//! payload: checksum (XXH3-128, 16 bytes LE), length (u64 LE), bytes
//! ```
//!
//! Only files of at least [`MIN_BYTES`] are cached: a single department's
//! budget parses in milliseconds. `YUSUAN_NO_CACHE=1` turns the cache off.

use crate::schema::Dataset;
use std::path::{Path, PathBuf};

/// Files smaller than this are parsed every time.
pub const MIN_BYTES: usize = 1 << 20;

/// The entry's first line: what wrote it — the version and a fingerprint of
/// the format's source (postcard is not self-describing: an entry written
/// for another layout of [`Dataset`] must never be read as this one). A
/// different build writes its own.
fn magic() -> &'static [u8] {
    static MAGIC: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    MAGIC.get_or_init(|| {
        // build.rs hashes every file of `src/schema/`.
        format!(
            "yusuan-cache-2-{}-{}\n",
            env!("CARGO_PKG_VERSION"),
            env!("YUSUAN_SCHEMA_FINGERPRINT")
        )
        .into_bytes()
    })
}

/// The kind of payload a parsed dataset is.
const DATASET: &str = "dataset";

/// The kind of payload an imported document is (its dataset and the
/// importer's warnings), named for the importer that made it: a changed
/// importer never serves an old import.
fn import_kind() -> String {
    format!("import-{}", env!("YUSUAN_IMPORTER_FINGERPRINT"))
}

fn dir() -> Option<PathBuf> {
    if std::env::var_os("YUSUAN_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    crate::xdg::dir("XDG_CACHE_HOME", ".cache")
}

/// Make the cache folder (only its owner may read it: 0700).
fn make_dir(d: &Path) -> bool {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(d).is_ok()
}

/// Write one of the cache's own files: whatever is at its name and is not
/// a regular file (a symlink, a pipe, a device node planted there) is
/// removed first — the folder is ours, and the atomic write would write
/// into such a thing rather than replace it.
fn write_own(path: &Path, bytes: &[u8]) {
    if std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let _ = std::fs::remove_file(path);
    }
    let _ = crate::atomic::write(path, bytes, crate::atomic::Mode::Private);
}

/// Entries that did not verify this run, each said once.
static REPORTS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

fn report(entry: &Path, why: &str) {
    let name = entry.file_name().unwrap_or_default().to_string_lossy();
    let line = format!("cache entry {name} ignored ({why}); rebuilt from the file");
    if let Ok(mut r) = REPORTS.lock() {
        if !r.contains(&line) {
            r.push(line);
        }
    }
}

/// What the cache found wrong this run (each entry once), for stderr.
pub fn take_reports() -> Vec<String> {
    REPORTS
        .lock()
        .map(|mut r| std::mem::take(&mut *r))
        .unwrap_or_default()
}

/// A file's cache entry: where it is, and the content it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: PathBuf,
    /// XXH3-128 of the source's bytes, and their length.
    pub hash: u128,
    pub len: u64,
}

/// The cache entry for a file's bytes, if caching applies to it: named by
/// their 128-bit XXH3 hash and their length (a decade of a city is 2 GB of
/// RON to hash on every opening: the standard library's hasher took a
/// second of it). Computed once per file and handed to [`get`], [`put`] and
/// [`Known::remember`].
pub fn entry(bytes: &[u8]) -> Option<Entry> {
    if bytes.len() < MIN_BYTES {
        return None;
    }
    let hash = xxhash_rust::xxh3::xxh3_128(bytes);
    let len = bytes.len() as u64;
    Some(Entry {
        path: dir()?.join(format!("{hash:032x}-{len}.bin")),
        hash,
        len,
    })
}

/// The source an entry must stand for to be used.
enum Expect<'a> {
    /// This content (the file's bytes were hashed).
    Content { hash: u128, len: u64 },
    /// The file at this canonical path, as remembered with this content.
    File {
        path: &'a Path,
        hash: u128,
        len: u64,
    },
}

/// A reader over an entry's bytes.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    fn u128(&mut self) -> Option<u128> {
        Some(u128::from_le_bytes(self.take(16)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// The payload of the entry at `entry` of `kind`, read through `buf`, if it
/// is there and verifies against `expect`; one that does not is reported.
fn payload<'b>(
    entry: &Path,
    kind: &str,
    expect: &Expect,
    buf: &'b mut Vec<u8>,
) -> Option<&'b [u8]> {
    let opened = match crate::file::open(entry) {
        Ok(o) => o,
        Err(e) if e.not_found() => return None,
        Err(e) => {
            report(entry, &e.problem.to_string());
            return None;
        }
    };
    if let Err(e) = opened.read_into(buf, crate::file::CACHE_ENTRY) {
        report(entry, &e.problem.to_string());
        return None;
    }
    match verify(buf, kind, expect) {
        Ok(p) => Some(p),
        Err(why) => {
            report(entry, why);
            None
        }
    }
}

/// The payload of an entry's bytes, or why they do not verify.
fn verify<'b>(bytes: &'b [u8], kind: &str, expect: &Expect) -> Result<&'b [u8], &'static str> {
    let Some(body) = bytes.strip_prefix(magic()) else {
        return Err("written by another version, or not an entry");
    };
    let mut c = Cursor(body);
    let damaged = "damaged: its header does not read";
    let k = usize::from(*c.take(1).ok_or(damaged)?.first().ok_or(damaged)?);
    if c.take(k).ok_or(damaged)? != kind.as_bytes() {
        return Err("of another kind");
    }
    let (hash, len) = (c.u128().ok_or(damaged)?, c.u64().ok_or(damaged)?);
    let plen = usize::try_from(c.u32().ok_or(damaged)?).map_err(|_| damaged)?;
    let path = c.take(plen).ok_or(damaged)?;
    let (sum, n) = (c.u128().ok_or(damaged)?, c.u64().ok_or(damaged)?);
    let payload = c.0;
    if payload.len() as u64 != n || xxhash_rust::xxh3::xxh3_128(payload) != sum {
        return Err("damaged: its checksum does not match");
    }
    let same = match expect {
        Expect::Content { hash: h, len: l } => hash == *h && len == *l,
        Expect::File {
            path: p,
            hash: h,
            len: l,
        } => hash == *h && len == *l && path == p.as_os_str().as_encoded_bytes(),
    };
    if !same {
        return Err("made from another file");
    }
    Ok(payload)
}

/// The bytes of an entry: `kind`, its source, `payload`.
fn encode(kind: &str, e: &Entry, source: &Path, payload: &[u8]) -> Option<Vec<u8>> {
    let path = source.as_os_str().as_encoded_bytes();
    let mut out = Vec::with_capacity(payload.len() + path.len() + 128);
    out.extend_from_slice(magic());
    out.push(u8::try_from(kind.len()).ok()?);
    out.extend_from_slice(kind.as_bytes());
    out.extend_from_slice(&e.hash.to_le_bytes());
    out.extend_from_slice(&e.len.to_le_bytes());
    out.extend_from_slice(&u32::try_from(path.len()).ok()?.to_le_bytes());
    out.extend_from_slice(path);
    out.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(payload).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(payload);
    Some(out)
}

/// The cache entry of a document imported (a PDF or a workbook): its
/// bytes hashed whatever their size (importing a PDF takes far longer
/// than reading a cached entry).
pub fn document_entry(bytes: &[u8]) -> Option<Entry> {
    let hash = xxhash_rust::xxh3::xxh3_128(bytes);
    let len = bytes.len() as u64;
    Some(Entry {
        path: dir()?.join(format!("{hash:032x}-{len}.bin")),
        hash,
        len,
    })
}

/// What an imported document was: its dataset and the importer's warnings
/// (line, message).
pub type Imported = (Dataset, Vec<(u32, String)>);

/// The import cached at `e` for the content it names, if it verifies.
pub fn get_import(e: &Entry, buf: &mut Vec<u8>) -> Option<Imported> {
    let expect = Expect::Content {
        hash: e.hash,
        len: e.len,
    };
    let payload = payload(&e.path, &import_kind(), &expect, buf)?;
    let d = postcard::from_bytes(payload).ok();
    if d.is_none() {
        report(&e.path, "its import does not read");
    }
    d
}

/// Remember at `e` what the document at `source` imported to.
pub fn put_import(e: &Entry, source: &Path, imported: &Imported) {
    let Ok(payload) = postcard::to_stdvec(imported) else {
        return;
    };
    let real = std::fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
    let Some(bytes) = encode(&import_kind(), e, &real, &payload) else {
        return;
    };
    if e.path.parent().is_some_and(|d| !make_dir(d)) {
        return;
    }
    write_own(&e.path, &bytes);
}

/// The dataset cached at `e` for the content it names, if it is there and
/// verifies (the caller validates it), read through `buf` (kept between
/// files by the caller: fresh memory for every file is page faults).
pub fn get(e: &Entry, buf: &mut Vec<u8>) -> Option<Dataset> {
    let expect = Expect::Content {
        hash: e.hash,
        len: e.len,
    };
    decode(&e.path, payload(&e.path, DATASET, &expect, buf)?)
}

fn decode(entry: &Path, payload: &[u8]) -> Option<Dataset> {
    let d = postcard::from_bytes(payload).ok();
    if d.is_none() {
        report(entry, "its dataset does not read");
    }
    d
}

/// Which entry holds each file's dataset while the file is as it was when
/// read: a file unchanged since is not read and hashed again (a decade of
/// a city is 2 GB of RON). A file is unchanged while its device, inode,
/// size, modification and change times are — the change time moves with
/// every write and cannot be set back (git's index trusts the same). The
/// entry must say it was made from this file (its canonical path, and the
/// content its name says); what it holds is validated like any parse.
///
/// One text file, `files.txt` in the cache folder: a line per file, `key
/// stamp… entry`, the key a hash of the file's canonical path.
#[derive(Default)]
pub struct Known {
    files: std::collections::HashMap<u64, (String, String)>,
    seen: std::sync::Mutex<Vec<(u64, String, String)>>,
}

/// How many files `files.txt` remembers.
const KNOWN_FILES: usize = 100_000;

/// How old a temporary in the cache folder must be to be swept (another
/// yusuan may be writing one right now).
const STALE: std::time::Duration = std::time::Duration::from_hours(1);

impl Known {
    fn list() -> Option<PathBuf> {
        Some(dir()?.join("files.txt"))
    }

    /// What the cache folder remembers (nothing, when there is none); the
    /// temporaries of writes that were killed are swept.
    pub fn open() -> Known {
        let Some(list) = Known::list() else {
            return Known::default();
        };
        if let Some(d) = list.parent() {
            crate::atomic::sweep(d, |n| n == "files.txt" || entry_name(n).is_some(), STALE);
        }
        let text = match crate::file::read_text(&list, crate::file::CACHE_LIST) {
            Ok(t) => t,
            Err(e) => {
                if !e.not_found() {
                    report(&list, &e.problem.to_string());
                }
                String::new()
            }
        };
        let files = text
            .lines()
            .filter_map(|l| {
                let (key, rest) = l.split_once(' ')?;
                let (stamp, entry) = rest.rsplit_once(' ')?;
                let key = u64::from_str_radix(key, 16).ok()?;
                Some((key, (stamp.to_string(), entry.to_string())))
            })
            .collect();
        Known {
            files,
            seen: std::sync::Mutex::default(),
        }
    }

    /// The dataset cached for `path` if the file is unchanged since it was
    /// read (the caller validates it).
    pub fn get(&self, path: &Path, meta: &std::fs::Metadata, buf: &mut Vec<u8>) -> Option<Dataset> {
        if self.files.is_empty() {
            return None;
        }
        let real = std::fs::canonicalize(path).ok()?;
        let (stamp, entry) = self.files.get(&key_of(&real))?;
        if *stamp != stamp_of(meta)? {
            return None;
        }
        // An entry is a file name in the cache folder, `<hash>-<length>.bin`.
        let (hash, len) = entry_name(entry)?;
        if len != meta.len() {
            return None;
        }
        let entry = dir()?.join(entry);
        let expect = Expect::File {
            path: &real,
            hash,
            len,
        };
        decode(&entry, payload(&entry, DATASET, &expect, buf)?)
    }

    /// Remember that `path`, as `meta` says it is, is cached at `entry`
    /// (which the caller has read or written).
    pub fn remember(&self, path: &Path, meta: &std::fs::Metadata, entry: &Entry) {
        let Ok(real) = std::fs::canonicalize(path) else {
            return;
        };
        let Some(stamp) = stamp_of(meta) else {
            return;
        };
        let key = key_of(&real);
        let Some(name) = entry
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
        else {
            return;
        };
        if self
            .files
            .get(&key)
            .is_some_and(|(s, e)| *s == stamp && *e == name)
        {
            return;
        }
        if let Ok(mut seen) = self.seen.lock() {
            seen.push((key, stamp, name));
        }
    }

    /// Write what changed (best effort, through the atomic write).
    pub fn save(self) {
        let seen = self.seen.into_inner().unwrap_or_default();
        let Some(list) = Known::list() else { return };
        if seen.is_empty() {
            return;
        }
        let mut files = self.files;
        if files.len() + seen.len() > KNOWN_FILES {
            files.clear();
        }
        for (key, stamp, entry) in seen {
            files.insert(key, (stamp, entry));
        }
        let mut text = String::new();
        for (key, (stamp, entry)) in &files {
            text.push_str(&format!("{key:016x} {stamp} {entry}\n"));
        }
        if list.parent().is_some_and(|d| !make_dir(d)) {
            return;
        }
        write_own(&list, text.as_bytes());
    }
}

/// The content an entry's name says it stands for: `<32 hex digits>-<length>.bin`.
fn entry_name(name: &str) -> Option<(u128, u64)> {
    let (h, l) = name.strip_suffix(".bin")?.split_once('-')?;
    let plain = h.len() == 32
        && h.bytes().all(|b| b.is_ascii_hexdigit())
        && !l.is_empty()
        && l.bytes().all(|b| b.is_ascii_digit());
    if !plain {
        return None;
    }
    Some((u128::from_str_radix(h, 16).ok()?, l.parse().ok()?))
}

/// A file's key in [`Known`]: a hash of its canonical path.
fn key_of(real: &Path) -> u64 {
    xxhash_rust::xxh3::xxh3_64(real.as_os_str().as_encoded_bytes())
}

/// What says a file is unchanged (Unix only: elsewhere files are read).
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // None where it is not Unix
fn stamp_of(m: &std::fs::Metadata) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    Some(format!(
        "{} {} {} {}.{} {}.{}",
        m.dev(),
        m.ino(),
        m.size(),
        m.mtime(),
        m.mtime_nsec(),
        m.ctime(),
        m.ctime_nsec()
    ))
}

#[cfg(not(unix))]
fn stamp_of(_: &std::fs::Metadata) -> Option<String> {
    None
}

/// Remember at `e` the dataset parsed from the file at `source` (best
/// effort: a cache that cannot be written is no cache).
pub fn put(e: &Entry, source: &Path, d: &Dataset) {
    let Ok(payload) = postcard::to_stdvec(d) else {
        return;
    };
    let real = std::fs::canonicalize(source).unwrap_or_else(|_| source.to_path_buf());
    let Some(bytes) = encode(DATASET, e, &real, &payload) else {
        return;
    };
    if e.path.parent().is_some_and(|d| !make_dir(d)) {
        return;
    }
    write_own(&e.path, &bytes);
}

#[cfg(test)]
mod tests {
    /// postcard is not self-describing: a field skipped when written (serde's
    /// `skip_serializing_if`) would make every entry unreadable. The bundled
    /// dataset, with every kind of field filled, comes back the same.
    #[test]
    fn a_dataset_round_trips_through_the_cache_format() {
        let d = crate::load::bundled();
        let bytes = postcard::to_stdvec(&d).unwrap();
        let back: crate::schema::Dataset = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, d);
        assert!(super::magic().starts_with(b"yusuan-cache-2-"));
    }
}
