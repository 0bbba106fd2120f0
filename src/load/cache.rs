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

/// The entry's header: what wrote it. A different build writes its own.
const MAGIC: &[u8] = concat!("yusuan-cache-1-", env!("CARGO_PKG_VERSION"), "\n").as_bytes();

fn dir() -> Option<PathBuf> {
    if std::env::var_os("YUSUAN_NO_CACHE").is_some_and(|v| !v.is_empty()) {
        return None;
    }
    crate::xdg::dir("XDG_CACHE_HOME", ".cache")
}

/// The cache entry for a file's bytes, if caching applies to it.
fn entry(bytes: &[u8]) -> Option<PathBuf> {
    if bytes.len() < MIN_BYTES {
        return None;
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(dir()?.join(format!("{:016x}-{}.bin", h.finish(), bytes.len())))
}

/// The dataset cached for these bytes, if there is a readable entry (the
/// caller validates it).
pub fn get(bytes: &[u8]) -> Option<Dataset> {
    let data = std::fs::read(entry(bytes)?).ok()?;
    let body = data.strip_prefix(MAGIC)?;
    postcard::from_bytes(body).ok()
}

/// Remember the dataset parsed from these bytes (best effort: a cache that
/// cannot be written is no cache).
pub fn put(bytes: &[u8], d: &Dataset) {
    let Some(path) = entry(bytes) else { return };
    let Ok(body) = postcard::to_stdvec(d) else {
        return;
    };
    if let Some(parent) = path.parent() {
        if std::fs::create_dir_all(parent).is_err() {
            return;
        }
    }
    let _ = crate::atomic::write_with(&path, |w| {
        w.write_all(MAGIC)?;
        w.write_all(&body)
    });
}
