//! The notes file on disk: read and written only under an advisory lock on
//! a lock file beside it (`notes.ron.lock`), so explorers sharing a file
//! take turns; each save re-reads the file under the lock and applies its
//! changes to what is there, so nobody's notes are lost. Stale temporaries
//! of a killed save are swept under the same lock; a file that cannot be
//! read as notes is set aside under a name of its own, never overwriting.

use super::{apply, parse, Change, FileData, NotesError, FORMAT};
use crate::file;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// An exclusive advisory lock on the notes file's lock file, held until dropped.
#[derive(Debug)]
pub(super) struct Lock(#[allow(dead_code)] File);

/// The lock file of the notes at `path`: beside the file a symlink leads
/// to, so explorers naming it by the link and by the file share one lock.
pub(super) fn lock_path(path: &Path) -> PathBuf {
    let real = crate::atomic::final_path(path).unwrap_or_else(|_| path.to_path_buf());
    let mut name = real.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    real.with_file_name(name)
}

impl Lock {
    /// Wait for the lock of the notes at `path` (its folder must exist).
    pub(super) fn take(path: &Path) -> io::Result<Lock> {
        let mut o = std::fs::OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            // A named pipe planted as the lock file must not block the open.
            use std::os::unix::fs::OpenOptionsExt;
            o.custom_flags(libc::O_NONBLOCK);
        }
        let f = o.open(lock_path(path))?;
        if !f.metadata()?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "its lock file is not a regular file",
            ));
        }
        f.lock()?;
        Ok(Lock(f))
    }
}

/// What the file holds now: its notes and drafts (none when there is no
/// file); an unreadable file is an error, and is left as it is.
pub(super) fn read(path: &Path) -> Result<FileData, NotesError> {
    let fail = |message: String| NotesError {
        file: path.display().to_string(),
        message,
    };
    match file::read_text(path, file::NOTES) {
        Ok(t) => parse(&t).map_err(|e| {
            fail(format!(
                "changed on disk into something unreadable ({e}); not overwritten"
            ))
        }),
        Err(e) if e.not_found() => Ok(FileData::default()),
        Err(e) => Err(fail(format!("{}; not overwritten", e.problem))),
    }
}

/// Save `changes` into the notes file at `path`: under its lock, re-read,
/// apply, write atomically. Returns what the file holds afterwards (the
/// other explorers' notes included).
pub(super) fn save(path: &Path, changes: &[Change]) -> Result<FileData, NotesError> {
    let fail = |message: String| NotesError {
        file: path.display().to_string(),
        message,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| fail(format!("cannot create its folder: {e}")))?;
    }
    let _lock = Lock::take(path).map_err(|e| fail(format!("cannot be locked: {e}")))?;
    let mut data = read(path)?;
    for c in changes {
        apply(&mut data, c);
    }
    let ron = ron::ser::to_string_pretty(
        &Written {
            format: FORMAT,
            notes: &data.notes,
            drafts: &data.drafts,
        },
        ron::ser::PrettyConfig::default(),
    )
    .map_err(|e| fail(e.to_string()))?;
    crate::atomic::write(path, ron.as_bytes(), crate::atomic::Mode::Private)
        .map_err(|e| fail(format!("cannot be written: {e}")))?;
    Ok(data)
}

/// The file as written: [`super::File`], borrowed.
#[derive(serde::Serialize)]
#[serde(rename = "File")]
struct Written<'a> {
    format: u32,
    notes: &'a [super::Note],
    #[serde(skip_serializing_if = "<[super::Note]>::is_empty")]
    drafts: &'a [super::Note],
}

/// Remove the temporaries a killed save of the notes at `path` left (the
/// caller holds the lock: no save of ours is under way).
pub(super) fn sweep(path: &Path) -> usize {
    // The temporaries are beside the file a symlink leads to.
    let path = &crate::atomic::final_path(path).unwrap_or_else(|_| path.to_path_buf());
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return 0;
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    crate::atomic::sweep(dir, |n| n == name, Duration::ZERO)
}

/// Move the unreadable notes file at `path` aside, to a name no file has
/// (`notes.ron.unreadable-<seconds>`, then `-2`, `-3` …): never overwriting.
pub(super) fn set_aside(path: &Path) -> io::Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    for n in 1..10_000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("-{n}")
        };
        let aside = path.with_file_name(format!("{name}.unreadable-{stamp}{suffix}"));
        // A hard link is made only where no file is: then the old name goes.
        match std::fs::hard_link(path, &aside) {
            Ok(()) => {
                std::fs::remove_file(path)?;
                return Ok(aside);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            // No hard links here (some file systems): rename where nothing is.
            Err(_) if std::fs::symlink_metadata(&aside).is_err() => {
                std::fs::rename(path, &aside)?;
                return Ok(aside);
            }
            Err(_) => {}
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "every set-aside name is taken",
    ))
}

/// Read the notes file at `path` for opening: under its lock (when its
/// folder exists), sweeping stale temporaries, setting an unreadable file
/// aside. Returns the data (or nothing to write to) and what to tell.
pub(super) fn open(path: &Path) -> (Option<FileData>, Option<String>) {
    let shown = path.display();
    if path == Path::new("-") {
        return (
            None,
            Some("-: notes need a file; they are kept in memory only this time".into()),
        );
    }
    let lock = path
        .parent()
        .filter(|d| d.as_os_str().is_empty() || d.is_dir())
        .and_then(|_| Lock::take(path).ok());
    if lock.is_some() {
        sweep(path);
    }
    let bytes = match file::read(path, file::NOTES) {
        Ok(b) => b,
        Err(e) if e.not_found() => return (Some(FileData::default()), None),
        Err(e) => {
            return (
                None,
                Some(format!(
                    "{shown}: {}; notes are kept in memory only this time",
                    e.problem
                )),
            )
        }
    };
    let why = match String::from_utf8(bytes) {
        Err(_) => "not UTF-8 text".to_string(),
        Ok(text) => match parse(&text) {
            Ok(d) => return (Some(d), None),
            Err(why) => why,
        },
    };
    match set_aside(path) {
        Ok(aside) => (
            Some(FileData::default()),
            Some(format!(
                "{shown}: not a notes file ({why}); kept as {} and a new one started",
                aside.display()
            )),
        ),
        Err(e) => (
            None,
            Some(format!(
                "{shown}: not a notes file ({why}) and cannot be moved aside ({e}); notes are kept in memory only"
            )),
        ),
    }
}
