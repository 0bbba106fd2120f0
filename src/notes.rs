//! Marks and notes: what a reviewer found, kept apart from the data and never
//! lost.
//!
//! A note is keyed by department, year, view and the line's path (names from
//! the department down), so it survives re-importing and a new build. It lives
//! in `$XDG_DATA_HOME/yusuan/notes.ron` (default `~/.local/share/yusuan/`) or
//! the file given with `--notes`. Every change is written at once through the
//! one atomic write, merged into what is on disk at that moment — so two
//! explorers on the same file each keep the other's notes. A note whose line no
//! longer exists is kept and listed as orphaned, never dropped. A file that
//! cannot be read is renamed aside (never overwritten) and said so.

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

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    format: u32,
    notes: Vec<Note>,
}

/// The marks and notes of one notes file.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    path: Option<PathBuf>,
    notes: Vec<Note>,
}

/// Notes that cannot be read or written.
#[derive(Debug, thiserror::Error)]
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

fn parse(text: &str) -> Result<Vec<Note>, String> {
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
    Ok(f.notes)
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
    /// cannot be read as notes is renamed aside, and the returned message
    /// says where; the notes then start empty, and nothing is overwritten.
    pub fn open(path: &Path) -> (Notes, Option<String>) {
        let mut notes = Notes {
            path: Some(path.to_path_buf()),
            notes: Vec::new(),
        };
        let text = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (notes, None),
            Err(e) => {
                notes.path = None;
                return (
                    notes,
                    Some(format!(
                        "{}: cannot be read ({e}); notes are kept in memory only this time",
                        path.display()
                    )),
                );
            }
        };
        match String::from_utf8(text)
            .map_err(|_| "not UTF-8 text".to_string())
            .and_then(|t| parse(&t))
        {
            Ok(n) => {
                notes.notes = n;
                (notes, None)
            }
            Err(why) => {
                let stamp = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_secs());
                let aside = path.with_extension(format!("ron.unreadable-{stamp}"));
                let moved = std::fs::rename(path, &aside);
                let msg = match moved {
                    Ok(()) => format!(
                        "{}: not a notes file ({why}); kept as {} and a new one started",
                        path.display(),
                        aside.display()
                    ),
                    Err(e) => {
                        notes.path = None;
                        format!(
                            "{}: not a notes file ({why}) and cannot be moved aside ({e}); notes are kept in memory only",
                            path.display()
                        )
                    }
                };
                (notes, Some(msg))
            }
        }
    }

    /// The file the notes are written to, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Every mark and note.
    pub fn all(&self) -> &[Note] {
        &self.notes
    }

    /// The note on `key`, if it is marked.
    pub fn get(&self, key: &Key) -> Option<&Note> {
        self.notes.iter().find(|n| n.key == *key)
    }

    /// Mark `key` with `text` (`Some`), or remove its mark and note (`None`);
    /// written at once, merged into the file as it is on disk now.
    pub fn set(&mut self, key: &Key, text: Option<&str>) -> Result<(), NotesError> {
        apply(&mut self.notes, key, text);
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        let fail = |message: String| NotesError {
            file: path.display().to_string(),
            message,
        };
        // What another explorer wrote meanwhile is kept: re-read, apply, write.
        let mut on_disk = match std::fs::read_to_string(&path) {
            Ok(t) => parse(&t).map_err(|e| {
                fail(format!(
                    "changed on disk into something unreadable ({e}); not overwritten"
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(fail(format!("cannot be read: {e}"))),
        };
        apply(&mut on_disk, key, text);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| fail(format!("cannot create its folder: {e}")))?;
        }
        let file = File {
            format: FORMAT,
            notes: on_disk.clone(),
        };
        let ron = ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default())
            .map_err(|e| fail(e.to_string()))?;
        crate::atomic::write(&path, ron.as_bytes())
            .map_err(|e| fail(format!("cannot be written: {e}")))?;
        self.notes = on_disk;
        Ok(())
    }

    /// Is this note's line in the model no longer there? (Only notes of a
    /// department and year that is open can be judged.)
    pub fn orphaned(model: &Model, note: &Note) -> bool {
        node_of(model, &note.key).is_none()
    }

    /// The notes about the datasets open in `model`.
    pub fn for_model<'a>(&'a self, model: &'a Model) -> impl Iterator<Item = &'a Note> {
        self.notes.iter().filter(|n| {
            model
                .datasets
                .iter()
                .any(|d| d.department == n.key.department && d.year == n.key.year)
        })
    }
}

fn apply(notes: &mut Vec<Note>, key: &Key, text: Option<&str>) {
    let at = notes.iter().position(|n| n.key == *key);
    match (at, text) {
        (Some(i), Some(t)) => notes[i].text = t.to_string(),
        (None, Some(t)) => notes.push(Note {
            key: key.clone(),
            text: t.to_string(),
        }),
        (Some(i), None) => {
            notes.remove(i);
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
}
