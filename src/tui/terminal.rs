//! The terminal: taking it over, and giving it back on every way out — `q`,
//! an error, a panic, and every signal that can be caught.
//!
//! SIGTERM, SIGINT and SIGQUIT end the event loop like `q` (the terminal is
//! restored as on any return). SIGHUP may mean the terminal is gone, and
//! crossterm 0.29 then spins inside `event::poll` (its issue #793), so the
//! loop cannot be relied on to notice: a watcher thread tries to restore the
//! terminal — on another thread, waiting at most a moment, since writing to
//! a dead tty must not hold the exit — and exits with status 129. The same
//! watcher ends the process if the loop has not ended a while after any other
//! signal.
//!
//! Ctrl-Z (a key in raw mode) or SIGTSTP stops the explorer as vim and htop
//! do: the terminal is given back as it was (the main screen, the mouse
//! released, the cursor shown, cooked mode), the process stops, and when it
//! is continued (`fg`, SIGCONT) it takes the terminal again and redraws. A
//! SIGCONT after a stop from outside (SIGSTOP) takes the terminal again too.
//!
//! Either way, notes still being saved are saved first (the watcher
//! waits for them, at most [`SAVE_LIMIT`]). SIGKILL cannot be caught: `reset`
//! restores the terminal then, and the next start sweeps the half-written
//! temporary.

use super::searcher;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGSTOP, SIGTERM, SIGTSTP};
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Undo what the explorer did to the terminal: mouse capture, raw mode,
/// the alternate screen, the hidden cursor. Safe to call twice.
pub fn restore() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        crossterm::event::DisableMouseCapture,
        crossterm::cursor::Show
    );
    ratatui::restore();
    let _ = out.flush();
}

/// Restore, but give up after `limit`: a terminal that is gone must not hold
/// the exit.
fn restore_within(limit: Duration) {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("yusuan-restore".into())
        .spawn(move || {
            restore();
            let _ = tx.send(());
        });
    if spawned.is_ok() {
        let _ = rx.recv_timeout(limit);
    }
}

/// Restores the terminal when dropped: on return, on error and on panic unwind.
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Take the terminal over: raw mode, the alternate screen, the mouse if
/// asked; a panic hook that gives it back.
pub fn init(mouse: bool) -> (ratatui::DefaultTerminal, Guard) {
    let terminal = ratatui::init();
    // ratatui's hook restores raw mode and the screen; ours also releases the
    // mouse, and leaves the screen alone when the search worker panics (the
    // search popup reports that, and the explorer goes on) or a file's
    // reader does (the file is reported unreadable, and loading goes on).
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(searcher::WORKER) || crate::read::containing() {
            return;
        }
        restore();
        previous(info);
    }));
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    (terminal, Guard)
}

/// Whether a stop was asked for by signal (SIGTSTP), or the process was
/// continued (SIGCONT), since the event loop last looked.
#[derive(Debug, Default)]
pub struct JobControl {
    stop: AtomicBool,
    continued: AtomicBool,
}

impl JobControl {
    /// Watch SIGTSTP and SIGCONT on a thread of their own.
    pub fn watch() -> std::io::Result<Arc<JobControl>> {
        let jobs = Arc::new(JobControl::default());
        let mut signals = signal_hook::iterator::Signals::new([SIGTSTP, SIGCONT])?;
        let shared = Arc::clone(&jobs);
        std::thread::Builder::new()
            .name("yusuan-jobs".into())
            .spawn(move || {
                for sig in signals.forever() {
                    let flag = if sig == SIGTSTP {
                        &shared.stop
                    } else {
                        &shared.continued
                    };
                    flag.store(true, Ordering::SeqCst);
                }
            })?;
        Ok(jobs)
    }

    /// Between frames: stop if asked (`key`: Ctrl-Z was pressed; or
    /// SIGTSTP came), and take the terminal again when continued. True when
    /// the screen must be cleared and drawn anew.
    pub fn between_frames(&self, key: bool, mouse: bool) -> std::io::Result<bool> {
        if key || self.stop.swap(false, Ordering::SeqCst) {
            restore();
            // Stopped here until `fg` (SIGCONT).
            signal_hook::low_level::raise(SIGSTOP)?;
            self.continued.store(false, Ordering::SeqCst);
            take_again(mouse)?;
            return Ok(true);
        }
        if self.continued.swap(false, Ordering::SeqCst) {
            take_again(mouse)?;
            return Ok(true);
        }
        Ok(false)
    }
}

/// Take the terminal again after a stop: raw mode, the alternate screen,
/// the mouse if asked, the cursor hidden.
fn take_again(mouse: bool) -> std::io::Result<()> {
    crossterm::terminal::enable_raw_mode()?;
    let mut out = std::io::stdout();
    crossterm::execute!(
        out,
        crossterm::terminal::EnterAlternateScreen,
        crossterm::cursor::Hide
    )?;
    if mouse {
        crossterm::execute!(out, crossterm::event::EnableMouseCapture)?;
    }
    Ok(())
}

/// The exit status after signal `sig` (0: none): 129 for SIGHUP, 131 for
/// SIGQUIT, 130 for SIGINT and SIGTERM (an interrupted program).
pub fn status_after(sig: i32) -> i32 {
    match sig {
        0 => 0,
        SIGHUP => 129,
        SIGQUIT => 131,
        _ => 130,
    }
}

/// How long the loop has to end by itself after SIGTERM, SIGINT or SIGQUIT.
const GRACE: Duration = Duration::from_secs(2);

/// How long an ending explorer waits for notes still being saved.
pub const SAVE_LIMIT: Duration = Duration::from_secs(30);

/// Watch for the signals that end the explorer. `stop` receives the signal's
/// number; the event loop ends when it is set.
pub fn watch_signals(stop: &Arc<AtomicI32>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT])?;
    let stop = Arc::clone(stop);
    std::thread::Builder::new()
        .name("yusuan-signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                stop.store(sig, Ordering::SeqCst);
                // The loop notices, keeps a note being typed as a draft, saves
                // and restores; if it is stuck (or spinning on a dead
                // terminal after SIGHUP), end here — once the notes are saved.
                std::thread::sleep(if sig == SIGHUP {
                    Duration::from_millis(200)
                } else {
                    GRACE
                });
                crate::notes::saver::wait_idle(SAVE_LIMIT);
                restore_within(Duration::from_millis(300));
                signal_hook::low_level::exit(status_after(sig));
            }
        })?;
    Ok(())
}
