//! Saving notes on a thread of its own, so the explorer never waits for the
//! disk (a 20 MB notes file takes seconds to merge and write): changes go
//! to the thread in order; what arrived meanwhile is saved together, in one
//! write. How many changes are on their way is counted for the whole
//! process, so a signal handler can wait for them ([`wait_idle`]) before
//! the process ends.

use super::{store, Change, FileData, NotesError};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::time::{Duration, Instant};

/// Changes handed to a saving thread and not yet written, in the process.
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);

/// Wait until no change is on its way to a notes file (at most `limit`);
/// true when none is.
pub fn wait_idle(limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    while IN_FLIGHT.load(Ordering::SeqCst) > 0 {
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

/// What one save came to: how many changes it covered, and the file after it.
struct Saved {
    covered: usize,
    result: Result<FileData, NotesError>,
}

/// The saving thread of one notes file.
#[derive(Debug)]
pub(super) struct Saver {
    tx: Option<Sender<(PathBuf, Change)>>,
    rx: Receiver<Saved>,
    /// Handed over, not yet reported saved.
    pending: Vec<Change>,
    worker: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Saved({})", self.covered)
    }
}

impl Saver {
    pub(super) fn start() -> std::io::Result<Saver> {
        let (tx, jobs) = channel::<(PathBuf, Change)>();
        let (done, rx) = channel();
        let worker = std::thread::Builder::new()
            .name("yusuan-notes".into())
            .spawn(move || {
                while let Ok(first) = jobs.recv() {
                    let path = first.0.clone();
                    let mut changes = vec![first.1];
                    changes.extend(jobs.try_iter().map(|(_, c)| c));
                    let result = store::save(&path, &changes);
                    let covered = changes.len();
                    let _ = done.send(Saved { covered, result });
                    IN_FLIGHT.fetch_sub(covered, Ordering::SeqCst);
                }
            })?;
        Ok(Saver {
            tx: Some(tx),
            rx,
            pending: Vec::new(),
            worker: Some(worker),
        })
    }

    /// Hand a change over (returns at once).
    pub(super) fn submit(&mut self, path: &Path, c: Change) -> Result<(), NotesError> {
        IN_FLIGHT.fetch_add(1, Ordering::SeqCst);
        self.pending.push(c.clone());
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send((path.to_path_buf(), c)).is_ok());
        if !sent {
            // The thread is gone: save here rather than lose the change.
            IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
            let result = store::save(path, &self.pending);
            self.pending.clear();
            result?;
        }
        Ok(())
    }

    /// One finished save: the file after it (when it succeeded) and its result.
    pub(super) fn take(&mut self) -> Option<(Option<FileData>, Result<(), NotesError>)> {
        let saved = self.rx.try_recv().ok()?;
        let n = saved.covered.min(self.pending.len());
        self.pending.drain(..n);
        Some(match saved.result {
            Ok(d) => (Some(d), Ok(())),
            Err(e) => (None, Err(e)),
        })
    }

    /// The changes handed over and not yet reported saved, in order.
    pub(super) fn pending(&self) -> &[Change] {
        &self.pending
    }

    /// Is anything still being saved?
    pub(super) fn busy(&self) -> bool {
        !self.pending.is_empty()
    }
}

impl Drop for Saver {
    /// The changes handed over are saved before the thread ends.
    fn drop(&mut self) {
        self.tx = None;
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}
