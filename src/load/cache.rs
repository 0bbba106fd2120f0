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
/// second of it).
fn entry(bytes: &[u8]) -> Option<PathBuf> {
    if bytes.len() < MIN_BYTES {
        return None;
    }
    let h = xxhash_rust::xxh3::xxh3_128(bytes);
    Some(dir()?.join(format!("{h:032x}-{}.bin", bytes.len())))
}

/// The dataset cached for these bytes, if there is a readable entry (the
/// caller validates it).
pub fn get(bytes: &[u8]) -> Option<Dataset> {
    get_with(bytes, &mut Vec::new())
}

/// [`get`], reading the entry into `buf` (kept between files by the caller:
/// fresh memory for every file is page faults).
pub fn get_with(bytes: &[u8], buf: &mut Vec<u8>) -> Option<Dataset> {
    use std::io::Read as _;
    buf.clear();
    std::fs::File::open(entry(bytes)?)
        .and_then(|mut f| f.read_to_end(buf))
        .ok()?;
    let body = buf.strip_prefix(magic())?;
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
