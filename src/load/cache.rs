//! A binary cache of parsed datasets, so a city of RON files opens fast the
//! second time. Keyed by each file's content (a hash and its length), under
//! `$XDG_CACHE_HOME/yusuan/` (default `~/.cache/yusuan/`); written through the
//! atomic write; never trusted without validation — a cached dataset is
//! validated like a parsed one, and a cache entry that cannot be read is
//! ignored (the file is parsed again and the entry rewritten). Deleting the
//! cache is always safe. The RON files stay what users read and write.
//!
//! Only files of at least [`MIN_BYTES`] are cached: a single department's
//! budget parses in milliseconds. `YUSUAN_NO_CACHE=1` turns the cache off.

use crate::schema::Dataset;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

/// Files smaller than this are parsed every time.
pub const MIN_BYTES: usize = 1 << 20;

/// The entry's header: what wrote it — the version and a fingerprint of the
/// format's source (postcard is not self-describing: an entry written for
/// another layout of [`Dataset`] must never be read as this one). A
/// different build writes its own.
fn magic() -> &'static [u8] {
    static MAGIC: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    MAGIC.get_or_init(|| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        include_str!("../schema.rs").hash(&mut h);
        format!(
            "yusuan-cache-1-{}-{:016x}\n",
            env!("CARGO_PKG_VERSION"),
            h.finish()
        )
        .into_bytes()
    })
}

fn dir() -> Option<PathBuf> {
    if std::env::var_os("YUSUAN_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    crate::xdg::dir("XDG_CACHE_HOME", ".cache")
}

/// The cache entry for a file's bytes, if caching applies to it: named by
/// their 128-bit XXH3 hash and their length (a decade of a city is 2 GB of
/// RON to hash on every opening: the standard library's hasher took a
/// second of it). Computed once per file and handed to [`get`], [`put`] and
/// [`Known::remember`].
pub fn entry(bytes: &[u8]) -> Option<PathBuf> {
    if bytes.len() < MIN_BYTES {
        return None;
    }
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    Some(dir()?.join(format!("{h:032x}-{}.bin", bytes.len())))
}

/// The dataset cached at `entry`, if it is readable (the caller validates
/// it), read through `buf` (kept between files by the caller: fresh memory
/// for every file is page faults).
pub fn get(entry: &std::path::Path, buf: &mut Vec<u8>) -> Option<Dataset> {
    use std::io::Read as _;
    buf.clear();
    std::fs::File::open(entry)
        .and_then(|mut f| f.read_to_end(buf))
        .ok()?;
    let body = buf.strip_prefix(magic())?;
    postcard::from_bytes(body).ok()
}

/// Which entry holds each file's dataset while the file is as it was when
/// read: a file unchanged since is not read and hashed again (a decade of
/// a city is 2 GB of RON). A file is unchanged while its device, inode,
/// size, modification and change times are — the change time moves with
/// every write and cannot be set back (git's index trusts the same). What
/// the entry holds is validated like any parse.
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

impl Known {
    fn list() -> Option<PathBuf> {
        Some(dir()?.join("files.txt"))
    }

    /// What the cache folder remembers (nothing, when there is none).
    pub fn open() -> Known {
        let text = Known::list()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
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
    pub fn get(
        &self,
        path: &std::path::Path,
        meta: &std::fs::Metadata,
        buf: &mut Vec<u8>,
    ) -> Option<Dataset> {
        if self.files.is_empty() {
            return None;
        }
        let (stamp, entry) = self.files.get(&key(path)?)?;
        // An entry is a file name in the cache folder, nothing else.
        let plain = entry
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        let bin = std::path::Path::new(entry)
            .extension()
            .is_some_and(|e| e == "bin");
        if *stamp != stamp_of(meta)? || !plain || !bin {
            return None;
        }
        get(&dir()?.join(entry), buf)
    }

    /// Remember that `path`, as `meta` says it is, is cached at `entry`
    /// (which the caller has read or written).
    pub fn remember(
        &self,
        path: &std::path::Path,
        meta: &std::fs::Metadata,
        entry: &std::path::Path,
    ) {
        let (Some(key), Some(stamp)) = (key(path), stamp_of(meta)) else {
            return;
        };
        let Some(name) = entry.file_name().map(|n| n.to_string_lossy().into_owned()) else {
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
        if let Some(parent) = list.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                return;
            }
        }
        let _ = crate::atomic::write(&list, text.as_bytes());
    }
}

/// A file's key in [`Known`]: a hash of its canonical path.
fn key(path: &std::path::Path) -> Option<u64> {
    let p = std::fs::canonicalize(path).ok()?;
    Some(xxhash_rust::xxh3::xxh3_64(p.as_os_str().as_encoded_bytes()))
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

/// Remember at `entry` the dataset parsed from its bytes (best effort: a
/// cache that cannot be written is no cache).
pub fn put(path: &std::path::Path, d: &Dataset) {
    let Ok(body) = postcard::to_stdvec(d) else {
        return;
    };
    if let Some(parent) = path.parent() {
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
    }
    let _ = crate::atomic::write_with(path, |w| {
        w.write_all(magic())?;
        w.write_all(&body)
    });
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
        assert!(super::magic().starts_with(b"yusuan-cache-1-"));
    }
}
