//! The one way yusuan reads a file: opened without blocking (a named pipe
//! does not wait for a writer), checked on the opened handle to be a regular
//! file (a pipe, a device — `/dev/zero` — a socket or a directory is refused
//! by name, through any symlink), and read to at most a limit for what the
//! file is, so nothing yusuan reads can block it or grow its memory without
//! end. Every file yusuan reads — datasets, the notes, a mapping file, the
//! cache's entries and list, `/proc/meminfo` — comes through here; readers
//! of formats (`read/`) get the bytes, never a path.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The most yusuan reads of one kind of file, and what to call that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub bytes: u64,
    /// "a dataset", "a notes file" …
    pub what: &'static str,
}

/// A dataset (RON or a published document). The memory guard judges a whole
/// collection; this only stops a single file beyond any budget.
pub const DATASET: Limit = Limit {
    bytes: 16 << 30,
    what: "a dataset",
};
/// The marks-and-notes file (a meeting's notes are kilobytes; 20 MB is a lot).
pub const NOTES: Limit = Limit {
    bytes: 256 << 20,
    what: "a notes file",
};
/// A `--match` mapping file.
pub const MAPPING: Limit = Limit {
    bytes: 64 << 20,
    what: "a mapping file",
};
/// A cache entry (a parsed dataset).
pub const CACHE_ENTRY: Limit = Limit {
    bytes: 16 << 30,
    what: "a cache entry",
};
/// The cache's list of files (`files.txt`).
pub const CACHE_LIST: Limit = Limit {
    bytes: 64 << 20,
    what: "the cache's list of files",
};
/// A small file of the system's (`/proc/meminfo`).
pub const SYSTEM: Limit = Limit {
    bytes: 1 << 20,
    what: "a system file",
};

/// Why a file could not be read, in words for the person who named it.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    #[error("no such file")]
    NotFound(#[source] io::Error),
    #[error("permission denied")]
    PermissionDenied(#[source] io::Error),
    #[error("is a directory, not a file")]
    Directory,
    /// A named pipe, a device, a socket: what it is.
    #[error("is {0}, not a regular file")]
    NotRegular(&'static str),
    #[error("is {}, more than the {} yusuan reads as {}", human(*.size), human(.limit.bytes), .limit.what)]
    TooLarge { size: u64, limit: Limit },
    #[error("not UTF-8 text")]
    NotText,
    #[error("cannot be read: {0}")]
    Io(#[source] io::Error),
}

/// A file that could not be read: `path: problem`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {problem}", path.display())]
pub struct ReadError {
    pub path: PathBuf,
    pub problem: Problem,
}

impl ReadError {
    fn new(path: &Path, problem: Problem) -> ReadError {
        ReadError {
            path: path.to_path_buf(),
            problem,
        }
    }

    /// Is it that there is no file at all?
    pub fn not_found(&self) -> bool {
        matches!(self.problem, Problem::NotFound(_))
    }

    /// The I/O error behind it, when there is one.
    pub fn into_io(self) -> Option<io::Error> {
        match self.problem {
            Problem::NotFound(e) | Problem::PermissionDenied(e) | Problem::Io(e) => Some(e),
            _ => None,
        }
    }
}

#[allow(clippy::cast_precision_loss)] // a size in a message
fn human(b: u64) -> String {
    if b >= 1 << 30 {
        format!("{:.1} GB", b as f64 / f64::from(1u32 << 30))
    } else if b >= 1 << 20 {
        format!("{:.1} MB", b as f64 / f64::from(1u32 << 20))
    } else {
        format!("{b} bytes")
    }
}

fn io_problem(e: io::Error) -> Problem {
    match e.kind() {
        io::ErrorKind::NotFound => Problem::NotFound(e),
        io::ErrorKind::PermissionDenied => Problem::PermissionDenied(e),
        io::ErrorKind::IsADirectory => Problem::Directory,
        _ => Problem::Io(e),
    }
}

/// What a file that is not regular is, for a message.
pub fn kind_of(meta: &Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else if meta.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

/// A regular file, opened for reading and checked.
#[derive(Debug)]
pub struct Opened {
    file: File,
    meta: Metadata,
    path: PathBuf,
}

/// Open `path` for reading without blocking and check, on the opened handle,
/// that it is a regular file (nothing is read yet).
pub fn open(path: &Path) -> Result<Opened, ReadError> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        // A named pipe opened for reading would wait for a writer.
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    let file = o
        .open(path)
        .map_err(|e| ReadError::new(path, io_problem(e)))?;
    let meta = file
        .metadata()
        .map_err(|e| ReadError::new(path, io_problem(e)))?;
    if meta.is_dir() {
        return Err(ReadError::new(path, Problem::Directory));
    }
    if !meta.is_file() {
        return Err(ReadError::new(path, Problem::NotRegular(kind_of(&meta))));
    }
    Ok(Opened {
        file,
        meta,
        path: path.to_path_buf(),
    })
}

impl Opened {
    /// The file's metadata, from the opened handle.
    pub fn meta(&self) -> &Metadata {
        &self.meta
    }

    /// Read the whole file into `buf` (cleared first), at most `limit`.
    pub fn read_into(self, buf: &mut Vec<u8>, limit: Limit) -> Result<Metadata, ReadError> {
        let Opened { file, meta, path } = self;
        let too_large = |size| ReadError::new(&path, Problem::TooLarge { size, limit });
        if meta.len() > limit.bytes {
            return Err(too_large(meta.len()));
        }
        buf.clear();
        // A file in /proc says 0 and has more: the length is a hint only.
        buf.reserve(usize::try_from(meta.len()).unwrap_or(0));
        file.take(limit.bytes.saturating_add(1))
            .read_to_end(buf)
            .map_err(|e| ReadError::new(&path, io_problem(e)))?;
        if buf.len() as u64 > limit.bytes {
            return Err(too_large(buf.len() as u64));
        }
        Ok(meta)
    }
}

/// The bytes of the regular file `path`, at most `limit`.
pub fn read(path: &Path, limit: Limit) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    open(path)?.read_into(&mut buf, limit)?;
    Ok(buf)
}

/// The text of the regular file `path` (UTF-8), at most `limit`.
pub fn read_text(path: &Path, limit: Limit) -> Result<String, ReadError> {
    String::from_utf8(read(path, limit)?).map_err(|_| ReadError::new(path, Problem::NotText))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use std::time::{Duration, Instant};

    pub(crate) fn mkfifo(p: &Path) {
        let ok = Command::new("mkfifo")
            .arg(p)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mkfifo {}", p.display());
    }

    #[test]
    fn a_fifo_is_refused_at_once_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe");
        mkfifo(&p);
        let t = Instant::now();
        let e = read(&p, NOTES).unwrap_err();
        assert!(t.elapsed() < Duration::from_secs(2));
        assert_eq!(
            e.to_string(),
            format!(
                "{}: is a named pipe (FIFO), not a regular file",
                p.display()
            )
        );
        // Through a symlink too.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&p, &link).unwrap();
        assert!(matches!(
            read(&link, NOTES).unwrap_err().problem,
            Problem::NotRegular(_)
        ));
    }

    #[test]
    fn a_device_through_a_symlink_is_refused_without_reading() {
        // /dev/zero is only pointed at, never touched beyond opening it.
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero.bin");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read(&link, CACHE_ENTRY).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("is a character device, not a regular file"),
            "{e}"
        );
    }

    #[test]
    fn a_directory_a_missing_file_and_a_file_over_its_limit_say_so() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read(dir.path(), NOTES).unwrap_err().problem.to_string(),
            "is a directory, not a file"
        );
        assert!(read(&dir.path().join("none"), NOTES)
            .unwrap_err()
            .not_found());
        let p = dir.path().join("big");
        std::fs::write(&p, vec![b'x'; 2000]).unwrap();
        let small = Limit {
            bytes: 1000,
            what: "a test file",
        };
        assert_eq!(
            read(&p, small).unwrap_err().problem.to_string(),
            "is 2000 bytes, more than the 1000 bytes yusuan reads as a test file"
        );
        assert_eq!(read(&p, NOTES).unwrap().len(), 2000);
        // A file of the system that says it is empty is read all the same.
        assert!(read_text(Path::new("/proc/meminfo"), SYSTEM).is_ok_and(|t| t.contains("MemTotal")));
    }
}
