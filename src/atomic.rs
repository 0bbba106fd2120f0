//! The one way yusuan writes a file. What is at the path decides how:
//!
//! - nothing, or a regular file: the bytes go into a freshly created
//!   temporary file beside it (exclusive create, unpredictable name), flushed
//!   and fsynced, then renamed over the target (keeping its permissions), and
//!   the directory fsynced. A failure at any step leaves the target as it was
//!   and no temporary behind;
//! - a symlink: the same for the file it points to (the temporary beside
//!   that file); the link stays a link;
//! - a character device, a named pipe, or `-` (standard output): the bytes
//!   are written to it directly — nothing is ever renamed over a device, so
//!   `-o /dev/stdout` writes to standard output. A terminal gets text with
//!   every unsafe character made visible (`text::sanitize`), never binary;
//! - a directory, a block device or a socket: an error, and nothing written.

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How a path is written.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A regular file (or none yet) at this path: replaced atomically.
    Replace(PathBuf),
    /// A device or a named pipe: written in place.
    Stream(PathBuf),
    /// `-`.
    Stdout,
}

fn refuse(kind: io::ErrorKind, what: &str) -> io::Error {
    io::Error::new(kind, what.to_string())
}

/// How many symlinks are followed to a file that is not there yet.
const MAX_LINKS: usize = 40;

/// What `path` is, and so how it is written.
fn target(path: &Path) -> io::Result<Target> {
    if path == Path::new("-") {
        return Ok(Target::Stdout);
    }
    let link = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Ok(Target::Replace(path.to_path_buf()))
        }
        r => r?,
    };
    let linked = link.file_type().is_symlink();
    let meta = if linked {
        match std::fs::metadata(path) {
            // A link to nothing yet: the file is made where it points.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Target::Replace(dangling(path)?))
            }
            r => r?,
        }
    } else {
        link
    };
    if meta.is_file() {
        let real = if linked {
            std::fs::canonicalize(path)?
        } else {
            path.to_path_buf()
        };
        return Ok(Target::Replace(real));
    }
    if meta.is_dir() {
        return Err(refuse(io::ErrorKind::IsADirectory, "is a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_char_device() || t.is_fifo() {
            return Ok(Target::Stream(path.to_path_buf()));
        }
    }
    Err(refuse(
        io::ErrorKind::InvalidInput,
        &format!(
            "is {}: yusuan writes regular files, terminals and pipes only",
            crate::file::kind_of(&meta)
        ),
    ))
}

/// The file `path` names, through any symlinks (whether that file exists
/// yet or not): where a write to `path` lands.
pub fn final_path(path: &Path) -> io::Result<PathBuf> {
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !linked {
        return Ok(path.to_path_buf());
    }
    match std::fs::canonicalize(path) {
        Ok(p) => Ok(p),
        Err(e) if e.kind() == io::ErrorKind::NotFound => dangling(path),
        Err(e) => Err(e),
    }
}

/// Where a chain of symlinks ending at nothing points.
fn dangling(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            Ok(_) => return Ok(p),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(p),
            Err(e) => return Err(e),
        }
    }
    Err(refuse(
        io::ErrorKind::InvalidInput,
        "too many levels of symlinks",
    ))
}

/// Who may read a file yusuan creates (a file replaced keeps its own
/// permissions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// An ordinary file: `0666` less the umask (`0644` under the usual
    /// `022`) — exports, imports.
    Shared,
    /// The owner's alone, `0600` — notes, the cache.
    Private,
}

/// Write `path` with what `fill` writes (see the module's rules), a new
/// file created with `mode`. A regular file is replaced only after a
/// complete write; on any error it is untouched.
pub fn write_with(
    path: &Path,
    mode: Mode,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    match target(path)? {
        Target::Replace(real) => replace(&real, mode, fill),
        Target::Stream(p) => {
            let f = std::fs::OpenOptions::new().write(true).open(&p)?;
            stream(f, fill)
        }
        Target::Stdout => stream(io::stdout().lock(), fill),
    }
}

/// Write `bytes` to `path`, a new file created with `mode` (see [`write_with`]).
pub fn write(path: &Path, bytes: &[u8], mode: Mode) -> io::Result<()> {
    write_with(path, mode, |w| w.write_all(bytes))
}

/// The bytes to a device, a pipe or standard output, as they are — but to a
/// terminal as sanitised text, and never binary.
fn stream<W: Write + IsTerminal>(
    mut out: W,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut bytes = Vec::new();
    fill(&mut bytes)?;
    if out.is_terminal() {
        bytes = for_terminal(bytes)?;
    }
    out.write_all(&bytes)?;
    out.flush()
}

/// What may be written to a terminal: text, every unsafe character made visible.
fn for_terminal(bytes: Vec<u8>) -> io::Result<Vec<u8>> {
    let text = String::from_utf8(bytes).map_err(|_| {
        refuse(
            io::ErrorKind::InvalidData,
            "is a terminal: binary output (a workbook) is not written to a terminal",
        )
    })?;
    Ok(crate::text::sanitize(&text).into_owned().into_bytes())
}

/// The random part of a temporary's name: `.{target}.{6 characters}.tmp`.
const RANDOM_CHARS: usize = 6;

/// Replace the regular file `path` (or create it) atomically.
fn replace(
    path: &Path,
    mode: Mode,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(RANDOM_CHARS);
    // Created with the mode asked for; the kernel applies the umask.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(match mode {
            Mode::Shared => 0o666,
            Mode::Private => 0o600,
        }));
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut tmp = builder.tempfile_in(dir)?;
    {
        let mut w = BufWriter::new(tmp.as_file_mut());
        fill(&mut w)?;
        w.flush()?;
    }
    // The file keeps who may read it (notes 0600 stay 0600).
    if let Ok(m) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.as_file().sync_all()?;
    // `persist` renames: the regular file at `path` is replaced.
    tmp.persist(path).map_err(|e| e.error)?;
    // The rename itself is durable once the directory is synced.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The name of the file a temporary of ours (`.{name}.XXXXXX.tmp`) was for.
pub fn temporary_for(file_name: &str) -> Option<&str> {
    let inner = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (name, random) = inner.rsplit_once('.')?;
    let ours = random.len() == RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric());
    (ours && !name.is_empty()).then_some(name)
}

/// Remove from `dir` the temporaries of ours (left by a write that was
/// killed) for files whose name `target` accepts, last modified more than
/// `older_than` ago; returns how many. Only regular files are removed.
pub fn sweep(dir: &Path, target: impl Fn(&str) -> bool, older_than: Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(for_name) = name.to_str().and_then(temporary_for) else {
            continue;
        };
        let Ok(m) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        let old = m
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= older_than);
        if m.is_file() && old && target(for_name) && std::fs::remove_file(e.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_target_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.ron");
        std::fs::write(&p, "old").unwrap();
        write(&p, b"new", Mode::Private).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_write_leaves_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.ron");
        std::fs::write(&p, "old").unwrap();
        let r = write_with(&p, Mode::Private, |w| {
            w.write_all(b"half")?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        });
        assert_eq!(r.unwrap_err().kind(), io::ErrorKind::StorageFull);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_symlink_keeps_pointing_at_its_file_which_is_replaced_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real_dir = dir.path().join("real");
        std::fs::create_dir(&real_dir).unwrap();
        let real = real_dir.join("notes.ron");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("notes.ron");
        std::os::unix::fs::symlink("real/notes.ron", &link).unwrap();
        write(&link, b"new", Mode::Private).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
        let mode = std::fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640, "the file keeps its permissions");
        // The temporary was beside the file, and is gone.
        assert_eq!(std::fs::read_dir(&real_dir).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // A link to a file not there yet makes the file where it points.
        let to_none = dir.path().join("new.ron");
        std::os::unix::fs::symlink("real/new.ron", &to_none).unwrap();
        write(&to_none, b"made", Mode::Private).unwrap();
        assert_eq!(
            std::fs::read_to_string(real_dir.join("new.ron")).unwrap(),
            "made"
        );
        assert!(std::fs::symlink_metadata(&to_none)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn a_named_pipe_gets_the_bytes_and_stays_a_pipe() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pipe");
        assert!(std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .unwrap()
            .success());
        let reader = {
            let p = p.clone();
            std::thread::spawn(move || std::fs::read(p).unwrap())
        };
        write(&p, b"through the pipe", Mode::Private).unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe");
        assert!(std::fs::symlink_metadata(&p).unwrap().file_type().is_fifo());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_character_device_is_written_in_place_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        // A device node can only be made as root: in a temporary folder,
        // never under /dev.
        let dir = tempfile::tempdir().unwrap();
        let null = dir.path().join("null");
        let made = std::process::Command::new("mknod")
            .arg(&null)
            .args(["c", "1", "3"])
            .status()
            .is_ok_and(|s| s.success());
        if !made {
            eprintln!("skipped: mknod needs root");
            return;
        }
        write(&null, b"into the device", Mode::Private).unwrap();
        let t = std::fs::symlink_metadata(&null).unwrap().file_type();
        assert!(t.is_char_device(), "still a device");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_directory_is_an_error_and_binary_never_reaches_a_terminal() {
        let dir = tempfile::tempdir().unwrap();
        let e = write(dir.path(), b"x", Mode::Private).unwrap_err();
        assert_eq!(e.to_string(), "is a directory");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(
            for_terminal(b"a\x1b]0;x\x07b".to_vec()).unwrap(),
            b"a\\u{1b}]0;x\\u{7}b"
        );
        assert!(for_terminal(b"PK\x03\x04\xff\xfe".to_vec()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_created_shared_or_private_and_a_replaced_one_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What the umask makes of an ordinary file.
        let plain = dir.path().join("plain");
        File::create(&plain).unwrap();
        let shared = dir.path().join("export.xlsx");
        write(&shared, b"x", Mode::Shared).unwrap();
        assert_eq!(mode(&shared), mode(&plain));
        assert_ne!(mode(&shared), 0o600, "not private (a umask of 077 aside)");
        let private = dir.path().join("notes.ron");
        write(&private, b"x", Mode::Private).unwrap();
        assert_eq!(mode(&private), 0o600);
        // Replaced, a file keeps what it had.
        write(&private, b"y", Mode::Shared).unwrap();
        assert_eq!(mode(&private), 0o600);
    }

    #[test]
    fn sweeping_removes_only_our_old_temporaries_of_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for n in [
            ".notes.ron.a1B2c3.tmp",
            ".notes.ron.zzzzzz.tmp",
            ".other.ron.a1B2c3.tmp",
            ".notes.ron.tmp",
            "notes.ron.a1B2c3.tmp",
            ".notes.ron.a1B2c3d.tmp",
            "notes.ron",
        ] {
            std::fs::write(d.join(n), "x").unwrap();
        }
        assert_eq!(temporary_for(".notes.ron.a1B2c3.tmp"), Some("notes.ron"));
        // Too recent: another writer may be at work.
        assert_eq!(sweep(d, |n| n == "notes.ron", Duration::from_hours(1)), 0);
        assert_eq!(sweep(d, |n| n == "notes.ron", Duration::ZERO), 2);
        let mut left: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".notes.ron.a1B2c3d.tmp",
                ".notes.ron.tmp",
                ".other.ron.a1B2c3.tmp",
                "notes.ron",
                "notes.ron.a1B2c3.tmp"
            ]
        );
    }
}
