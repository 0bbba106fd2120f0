//! The explorer's first screen: the files load — and the model is built —
//! on a thread, while this screen says what is happening (载入 37/100 …) and
//! still answers `q`, Ctrl-C, resizes and signals. The checks and the
//! pairing of years follow once the tree shows (see `App::poll_later`).

use super::app::Prepared;
use super::keymap::{self, Action, Context};
use crate::compare::Mapping;
use crate::load::FileWarnings;
use crossterm::event::{self, Event, KeyEventKind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the loading thread is doing, for the screen.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    /// The file loaded last, or the step after loading (建立模型 …).
    pub step: Mutex<String>,
}

impl Progress {
    fn set_step(&self, s: &str) {
        if let Ok(mut g) = self.step.lock() {
            s.clone_into(&mut g);
        }
    }
    /// (files done, files in all, the step) as the screen shows them.
    pub fn snapshot(&self) -> (usize, usize, String) {
        (
            self.done.load(Ordering::SeqCst),
            self.total.load(Ordering::SeqCst),
            self.step.lock().map(|g| g.clone()).unwrap_or_default(),
        )
    }
}

/// What loading came to.
pub enum Loaded {
    Ready(Box<Prepared>, FileWarnings),
    /// The message to print (the terminal restored first), exit status 2.
    Failed(String),
    /// The user (`q`, Ctrl-C) or a signal ended it.
    Stopped,
}

/// Load `files` (the bundled budget when none) on a thread and prepare the
/// explorer, drawing the progress until it is ready.
pub fn run(
    terminal: &mut ratatui::DefaultTerminal,
    files: &[PathBuf],
    matching: Option<&Path>,
    stop: &AtomicI32,
    jobs: &super::terminal::JobControl,
    mouse: bool,
) -> std::io::Result<Loaded> {
    let progress = Arc::new(Progress::default());
    progress.total.store(files.len(), Ordering::SeqCst);
    let (tx, rx) = channel();
    let shared = Arc::clone(&progress);
    let files = files.to_vec();
    let matching = matching.map(Path::to_path_buf);
    std::thread::Builder::new()
        .name("yusuan-load".into())
        .spawn(move || {
            let _ = tx.send(load(&files, matching.as_deref(), &shared));
        })?;
    // A small model is ready before a frame would show: no flash. Then the
    // result is waited for 10 ms at a time (the tree follows it at once),
    // keys are read in between, and the screen is drawn when it changed, at
    // most every 100 ms (a frame costs the loading threads — and the
    // terminal — processor time: 1,000 files would be 100 frames a second).
    let mut wait = Duration::from_millis(40);
    let mut shown = None;
    let mut drawn = std::time::Instant::now();
    loop {
        match rx.recv_timeout(wait) {
            Ok(r) => return Ok(r),
            Err(RecvTimeoutError::Disconnected) => {
                return Ok(Loaded::Failed(
                    "yusuan: loading stopped unexpectedly".into(),
                ))
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        wait = Duration::from_millis(10);
        if stop.load(Ordering::SeqCst) != 0 {
            return Ok(Loaded::Stopped);
        }
        let mut ctrl_z = false;
        if event::poll(Duration::ZERO)? {
            match event::read()? {
                // Only quitting and stopping make sense yet: the keymap's keys.
                Event::Key(k) if k.kind == KeyEventKind::Press => {
                    match keymap::dispatch(k, Context::Main) {
                        Some(Action::Quit) => return Ok(Loaded::Stopped),
                        Some(Action::Suspend) => ctrl_z = true,
                        _ => {}
                    }
                }
                Event::Resize(..) => {
                    terminal.clear()?;
                    shown = None;
                }
                _ => {}
            }
        }
        if jobs.between_frames(ctrl_z, mouse)? {
            terminal.clear()?;
            shown = None;
        }
        let now = progress.snapshot();
        if shown.is_none()
            || (shown.as_ref() != Some(&now) && drawn.elapsed() >= Duration::from_millis(100))
        {
            terminal.draw(|f| super::ui::loading(f, &now))?;
            if shown.is_none() {
                super::trace::step("loading screen drawn");
            }
            shown = Some(now);
            drawn = std::time::Instant::now();
        }
    }
}

/// Load and prepare here and now, with no screen (stdout is not a terminal).
pub fn load_now(files: &[PathBuf], matching: Option<&Path>) -> Loaded {
    load(files, matching, &Progress::default())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The loading thread's work: files, model, mapping (the checks and the
/// pairing of years come after the first frame).
fn load(files: &[PathBuf], matching: Option<&Path>, p: &Progress) -> Loaded {
    let tell = |done: usize, total: usize, path: &Path| {
        p.done.store(done, Ordering::SeqCst);
        p.total.store(total, Ordering::SeqCst);
        if done == total {
            // Every file is in: the model is built next.
            p.set_step("建立模型…");
            super::trace::step(&format!("{total} files loaded"));
            return;
        }
        p.set_step(&file_name(path));
    };
    // A PDF's pages as they are read: 页 12/60 beside the file's name.
    let pages = |path: &Path, done: u32, total: u32| {
        if done < total {
            p.set_step(&format!("{} 页 {done}/{total}", file_name(path)));
        }
    };
    let (model, warnings) = match crate::load::open_with(files, &tell, &pages) {
        Ok(x) => x,
        Err(e) => return Loaded::Failed(format!("yusuan: {e}")),
    };
    super::trace::step("model built");
    let mapping = match matching {
        Some(f) => match Mapping::load(f, &model) {
            Ok(m) => m,
            Err(e) => return Loaded::Failed(format!("yusuan: {e}")),
        },
        None => Mapping::none(),
    };
    // The checks and the pairing of years follow on a thread of their own:
    // the tree shows first.
    Loaded::Ready(Box::new(Prepared::deferred(model, mapping)), warnings)
}
