//! Marks and notes: what a reviewer found, kept apart from the data and never
//! lost.
//!
//! A note is keyed by department, year, view and the line's path (names from
//! the department down), so it survives re-importing and a new build. It lives
//! in `$XDG_DATA_HOME/yusuan/notes.ron` (default `~/.local/share/yusuan/`) or
//! the file given with `--notes`. Every change is written at once through the
//! one atomic write — under a lock on `notes.ron.lock`, merged into what is on
//! disk at that moment (`store`) — so explorers sharing the file each keep
//! the others' notes. The explorer saves on a thread of its own ([`saver`]).
//! A note whose line no longer exists is kept and listed as orphaned, never
//! dropped. A note being typed when the explorer is stopped is kept as a
//! draft. A file that cannot be read as notes is set aside (never
//! overwritten) and said so; one that is not a regular file (a device, a
//! pipe) is left alone, and the notes are kept in memory.

pub mod saver;
mod store;

use crate::model::{Model, NodeId, View};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The notes file format version.
const FORMAT: u32 = 1;

/// Which line a note is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Key {
    pub department: String,
    pub year: i32,
    /// `unit`, `function` or `money`.
    pub view: String,
    /// Names from the department down.
    pub path: Vec<String>,
}

/// One mark, with its note (possibly empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub key: Key,
    /// The note's text (several lines allowed); empty for a mark alone.
    #[serde(default)]
    pub text: String,
}

/// The file: the marks and notes, and the drafts (notes being typed when
/// the explorer was stopped; not marks).
#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    format: u32,
    notes: Vec<Note>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    drafts: Vec<Note>,
}

/// What a notes file holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct FileData {
    notes: Vec<Note>,
    drafts: Vec<Note>,
}

/// One change to the notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Mark the line with this note (`Some`), or remove its mark and note.
    Note(Key, Option<String>),
    /// Keep this draft of the line's note (`Some`), or drop it.
    Draft(Key, Option<String>),
}

/// The marks and notes of one notes file.
#[derive(Debug, Default)]
pub struct Notes {
    path: Option<PathBuf>,
    data: FileData,
    /// Saving on a thread of its own, when asked for (the explorer).
    saver: Option<saver::Saver>,
}

/// Notes that cannot be read or written.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}: {message}")]
pub struct NotesError {
    pub file: String,
    pub message: String,
}

fn view_name(v: View) -> &'static str {
    match v {
        View::Unit => "unit",
        View::Function => "function",
        View::Money => "money",
        View::Sangong => "sangong",
    }
}

/// The key of a line of the model (`None` above the department).
pub fn key_of(model: &Model, id: NodeId) -> Option<Key> {
    let d = model.dataset(id)?;
    Some(Key {
        department: d.department.clone(),
        year: d.year,
        view: view_name(model.node(id).view).into(),
        path: model.path(id),
    })
}

/// The line a key names in the model, if it still exists.
pub fn node_of(model: &Model, key: &Key) -> Option<NodeId> {
    model
        .lookup(&key.path.join("/"))
        .into_iter()
        .find(|id| key_of(model, *id).as_ref() == Some(key))
}

/// The steps of a note's path between the department and the line itself
/// (empty for the department's own line, or a path too short to have any).
pub fn middle_of(path: &[String]) -> &[String] {
    path.get(1..path.len().saturating_sub(1)).unwrap_or(&[])
}

fn parse(text: &str) -> Result<FileData, String> {
    let f: File = ron::from_str(text).map_err(|e| {
        format!(
            "{}:{}: {}",
            e.span.start.line,
            e.span.start.col,
            crate::text::shorten_message(&e.code.to_string())
        )
    })?;
    if f.format > FORMAT {
        return Err(format!(
            "notes format {} is newer than this yusuan reads",
            f.format
        ));
    }
    Ok(FileData {
        notes: f.notes,
        drafts: f.drafts,
    })
}

impl Notes {
    /// Notes kept in memory only (tests, and when no file can be used).
    pub fn in_memory() -> Notes {
        Notes::default()
    }

    /// Where notes live by default: `$XDG_DATA_HOME/yusuan/notes.ron`, else
    /// `$HOME/.local/share/yusuan/notes.ron`.
    pub fn default_path() -> Option<PathBuf> {
        Some(crate::xdg::dir("XDG_DATA_HOME", ".local/share")?.join("notes.ron"))
    }

    /// Read the notes file at `path` (none yet is no notes). A file that
    /// cannot be read as notes is set aside, and the returned message says
    /// where; the notes then start empty, and nothing is overwritten. A file
    /// that is not a regular one, or cannot be read at all, is left alone
    /// and the notes are kept in memory (the message says so).
    pub fn open(path: &Path) -> (Notes, Option<String>) {
        let (data, message) = store::open(path);
        let notes = Notes {
            path: data.is_some().then(|| path.to_path_buf()),
            data: data.unwrap_or_default(),
            saver: None,
        };
        (notes, message)
    }

    /// Save from now on on a thread of its own: [`Notes::change`] returns at
    /// once, [`Notes::poll`] takes the results, [`Notes::flush`] waits.
    pub fn save_in_background(&mut self) {
        if self.path.is_some() && self.saver.is_none() {
            self.saver = saver::Saver::start().ok();
        }
    }

    /// The file the notes are written to, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Every mark and note.
    pub fn all(&self) -> &[Note] {
        &self.data.notes
    }

    /// The note on `key`, if it is marked.
    pub fn get(&self, key: &Key) -> Option<&Note> {
        self.data.notes.iter().find(|n| n.key == *key)
    }

    /// The draft of `key`'s note, if one was kept.
    pub fn draft(&self, key: &Key) -> Option<&Note> {
        self.data.drafts.iter().find(|n| n.key == *key)
    }

    /// Mark `key` with `text` (`Some`), or remove its mark and note (`None`);
    /// written at once (or handed to the saving thread), merged into the
    /// file as it is on disk then.
    pub fn set(&mut self, key: &Key, text: Option<&str>) -> Result<(), NotesError> {
        self.change(Change::Note(key.clone(), text.map(String::from)))
    }

    /// Keep `text` as the draft of `key`'s note (`Some`), or drop the draft.
    pub fn set_draft(&mut self, key: &Key, text: Option<&str>) -> Result<(), NotesError> {
        self.change(Change::Draft(key.clone(), text.map(String::from)))
    }

    /// Apply a change here at once, and save it.
    pub fn change(&mut self, c: Change) -> Result<(), NotesError> {
        apply(&mut self.data, &c);
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        if let Some(s) = &mut self.saver {
            return s.submit(&path, c);
        }
        self.data = store::save(&path, std::slice::from_ref(&c))?;
        Ok(())
    }

    /// Take what the saving thread finished: the file as saved (other
    /// explorers' notes included), the changes still on their way applied
    /// over it. `None` when nothing finished; else whether saving failed.
    pub fn poll(&mut self) -> Option<Result<(), NotesError>> {
        let s = self.saver.as_mut()?;
        let (data, result) = s.take()?;
        if let Some(d) = data {
            self.data = d;
            for c in s.pending() {
                apply(&mut self.data, c);
            }
        }
        Some(result)
    }

    /// Are changes still being saved?
    pub fn saving(&self) -> bool {
        self.saver.as_ref().is_some_and(saver::Saver::busy)
    }

    /// Wait until every change is saved (at most `limit`); the last error
    /// of saving, if any.
    pub fn flush(&mut self, limit: std::time::Duration) -> Result<(), NotesError> {
        let deadline = std::time::Instant::now() + limit;
        let mut last = Ok(());
        while self.saving() && std::time::Instant::now() < deadline {
            match self.poll() {
                Some(Err(e)) => last = Err(e),
                Some(Ok(())) => {}
                None => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
        while let Some(r) = self.poll() {
            if let Err(e) = r {
                last = Err(e);
            }
        }
        last
    }

    /// Is this note's line in the model no longer there? (Only notes of a
    /// department and year that is open can be judged.)
    pub fn orphaned(model: &Model, note: &Note) -> bool {
        node_of(model, &note.key).is_none()
    }

    /// The notes about the datasets open in `model`.
    pub fn for_model<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a Note> {
        of_model(&self.data.notes, model)
    }

    /// The drafts about the datasets open in `model`.
    pub fn drafts_for_model<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a Note> {
        of_model(&self.data.drafts, model)
    }
}

fn of_model<'a>(list: &'a [Note], model: &'a Model) -> impl Iterator<Item = &'a Note> {
    list.iter().filter(|n| {
        model
            .datasets
            .iter()
            .any(|d| d.department == n.key.department && d.year == n.key.year)
    })
}

fn apply(data: &mut FileData, c: &Change) {
    let (list, key, text) = match c {
        Change::Note(k, t) => (&mut data.notes, k, t),
        Change::Draft(k, t) => (&mut data.drafts, k, t),
    };
    let at = list.iter().position(|n| n.key == *key);
    match (at, text) {
        (Some(i), Some(t)) => list[i].text.clone_from(t),
        (None, Some(t)) => list.push(Note {
            key: key.clone(),
            text: t.clone(),
        }),
        (Some(i), None) => {
            list.remove(i);
        }
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(p: &str) -> Key {
        Key {
            department: "甲局".into(),
            year: 2020,
            view: "unit".into(),
            path: p.split('/').map(String::from).collect(),
        }
    }

    #[test]
    fn two_writers_keep_each_others_notes_and_a_bad_file_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("sub/notes.ron");
        let (mut a, msg) = Notes::open(&f);
        assert!(msg.is_none());
        let (mut b, _) = Notes::open(&f);
        a.set(&key("甲局/本级"), Some("问：为何增加？")).unwrap();
        b.set(&key("甲局/本级/项目支出"), Some("")).unwrap();
        let (c, _) = Notes::open(&f);
        assert_eq!(c.all().len(), 2, "{:?}", c.all());
        assert_eq!(c.get(&key("甲局/本级")).unwrap().text, "问：为何增加？");
        b.set(&key("甲局/本级"), None).unwrap();
        assert_eq!(Notes::open(&f).0.all().len(), 1);
        // A corrupt file: renamed aside, never overwritten.
        std::fs::write(&f, "not (notes").unwrap();
        let (mut d, msg) = Notes::open(&f);
        let msg = msg.expect("said so");
        assert!(msg.contains("kept as"), "{msg}");
        let aside: Vec<_> = std::fs::read_dir(f.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains("unreadable"))
            .collect();
        assert_eq!(aside.len(), 1);
        d.set(&key("甲局/本级"), Some("x")).unwrap();
        let kept = f.parent().unwrap().join(&aside[0]);
        assert_eq!(std::fs::read_to_string(kept).unwrap(), "not (notes");
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn set_aside_names_are_unique_and_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.ron");
        // Two damaged files in the same second, and a file already at the
        // first set-aside name of the next second too.
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        for s in [secs, secs + 1] {
            std::fs::write(
                dir.path().join(format!("notes.ron.unreadable-{s}")),
                "older",
            )
            .unwrap();
        }
        for bad in ["first (bad", "second (bad"] {
            std::fs::write(&f, bad).unwrap();
            let (n, msg) = Notes::open(&f);
            assert!(msg.unwrap().contains("kept as"));
            assert!(n.path().is_some(), "a new file is started");
        }
        let kept: Vec<String> = names_in(dir.path())
            .into_iter()
            .map(|n| std::fs::read_to_string(dir.path().join(n)).unwrap())
            .collect();
        for text in ["older", "first (bad", "second (bad"] {
            assert!(kept.iter().any(|k| k == text), "{text} kept: {kept:?}");
        }
        assert_eq!(kept.iter().filter(|k| *k == "older").count(), 2);
    }

    #[test]
    fn a_fifo_or_device_as_notes_is_left_alone_and_notes_stay_in_memory() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("notes.ron");
        assert!(std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap()
            .success());
        let t = std::time::Instant::now();
        let (mut n, msg) = Notes::open(&pipe);
        assert!(t.elapsed() < std::time::Duration::from_secs(2), "no wait");
        let msg = msg.unwrap();
        assert!(
            msg.contains("is a named pipe (FIFO), not a regular file")
                && msg.contains("kept in memory only"),
            "{msg}"
        );
        assert!(n.path().is_none());
        n.set(&key("甲局/本级"), Some("x")).unwrap();
        assert_eq!(n.all().len(), 1);
        assert!(std::fs::symlink_metadata(&pipe)
            .unwrap()
            .file_type()
            .is_fifo());
        // A character device (a symlink to /dev/null: never touched) the same.
        let dev = dir.path().join("dev.ron");
        std::os::unix::fs::symlink("/dev/null", &dev).unwrap();
        let (n, msg) = Notes::open(&dev);
        assert!(msg.unwrap().contains("is a character device"));
        assert!(n.path().is_none());
        assert!(names_in(dir.path())
            .iter()
            .all(|n| !n.contains("unreadable")));
    }

    #[test]
    fn stale_temporaries_of_a_killed_save_are_swept_at_opening() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.ron");
        Notes::open(&f).0.set(&key("甲局/本级"), Some("")).unwrap();
        std::fs::write(dir.path().join(".notes.ron.Ab12Cd.tmp"), "half a save").unwrap();
        std::fs::write(
            dir.path().join(".other.ron.Ab12Cd.tmp"),
            "not ours to judge",
        )
        .unwrap();
        let (n, _) = Notes::open(&f);
        assert_eq!(n.all().len(), 1);
        assert_eq!(
            names_in(dir.path()),
            [".other.ron.Ab12Cd.tmp", "notes.ron", "notes.ron.lock"]
        );
    }

    #[test]
    fn a_symlinked_notes_file_stays_a_link_and_shares_the_files_lock() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("notes.ron");
        std::os::unix::fs::symlink("real/notes.ron", &link).unwrap();
        let (mut n, _) = Notes::open(&link);
        n.set(&key("甲局/本级"), Some("问")).unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(std::fs::read_to_string(real.join("notes.ron"))
            .unwrap()
            .contains('问'));
        assert_eq!(names_in(&real), ["notes.ron", "notes.ron.lock"]);
    }

    #[test]
    fn drafts_are_kept_apart_from_marks_and_merged_like_notes() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.ron");
        let (mut a, _) = Notes::open(&f);
        a.set_draft(&key("甲局/本级"), Some("写了一半")).unwrap();
        let (mut b, _) = Notes::open(&f);
        assert!(b.all().is_empty(), "a draft is not a mark");
        assert_eq!(b.draft(&key("甲局/本级")).unwrap().text, "写了一半");
        b.set(&key("甲局/本级"), Some("写完了")).unwrap();
        b.set_draft(&key("甲局/本级"), None).unwrap();
        let (c, _) = Notes::open(&f);
        assert!(c.draft(&key("甲局/本级")).is_none());
        assert_eq!(c.all().len(), 1);
        // A file without drafts is written as before.
        assert!(!std::fs::read_to_string(&f).unwrap().contains("drafts"));
    }

    #[test]
    fn saving_in_the_background_returns_at_once_and_flush_waits() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.ron");
        let (mut n, _) = Notes::open(&f);
        n.save_in_background();
        // Another explorer holds the lock: changes wait, the caller does not.
        let held = store::Lock::take(&f).unwrap();
        let t = std::time::Instant::now();
        for i in 0..10 {
            n.set(&key(&format!("甲局/本级/{i}")), Some("")).unwrap();
        }
        assert!(t.elapsed() < std::time::Duration::from_millis(500));
        assert_eq!(n.all().len(), 10, "shown at once");
        assert!(n.saving());
        assert!(!f.exists());
        drop(held);
        n.flush(std::time::Duration::from_secs(20)).unwrap();
        assert!(!n.saving());
        assert!(saver::wait_idle(std::time::Duration::from_secs(1)));
        assert_eq!(Notes::open(&f).0.all().len(), 10);
    }

    #[test]
    fn a_note_with_an_empty_path_reads_and_has_no_middle() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("notes.ron");
        std::fs::write(
            &f,
            "(format: 1, notes: [(key: (department: \"甲局\", year: 2020, view: \"unit\", path: []), text: \"空\")])",
        )
        .unwrap();
        let (n, msg) = Notes::open(&f);
        assert!(msg.is_none(), "{msg:?}");
        assert_eq!(n.all()[0].key.path.len(), 0);
        assert!(middle_of(&n.all()[0].key.path).is_empty());
        assert!(middle_of(&["甲局".to_string()]).is_empty());
        let three: Vec<String> = ["甲局", "本级", "项目"].map(String::from).to_vec();
        assert_eq!(middle_of(&three), ["本级".to_string()]);
    }
}
