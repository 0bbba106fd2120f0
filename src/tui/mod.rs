//! The explorer (Elm style): terminal events become actions ([`keymap`]),
//! [`app::App::update`] changes the state, [`ui::draw`] only reads it.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod searcher;
pub mod state;
pub mod ui;

use crate::money::Unit;
use app::App;
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use keymap::{Action, Context};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Turn a terminal event into an action. Only key presses act (not releases
/// or repeats, where a terminal reports them).
pub fn event_to_action(ev: &Event, context: Context) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => keymap::dispatch(*k, context),
        Event::Key(_) => None,
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollUp => Some(Action::ScrollUp),
            MouseEventKind::ScrollDown => Some(Action::ScrollDown),
            MouseEventKind::Down(event::MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            _ => None,
        },
        Event::Paste(s) if context == Context::Search => s.chars().next().map(Action::Input),
        _ => None,
    }
}

/// Undo what the explorer did to the terminal: mouse capture, raw mode,
/// the alternate screen, the hidden cursor. Safe to call twice.
fn restore_terminal() {
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        crossterm::event::DisableMouseCapture,
        crossterm::cursor::Show
    );
    ratatui::restore();
    let _ = out.flush();
}

/// Restores the terminal when dropped: on return, on error and on panic unwind.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Open the explorer; returns the exit status.
pub fn run(files: &[PathBuf], unit: Unit, mouse: bool) -> i32 {
    // Load before touching the terminal: a bad file is a plain message.
    let (model, warnings) = match crate::load::open(files) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("yusuan: {e}");
            return 2;
        }
    };
    for (file, w) in warnings {
        eprintln!("warning: {file}:{w}");
    }
    let mut app = App::new(model, unit, true);
    app.mouse = mouse;
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // SIGTERM and SIGINT end the loop like `q`, so the terminal is restored.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        let _ = signal_hook::flag::register(sig, std::sync::Arc::clone(&stop));
    }
    // SIGHUP means the terminal is gone: there is nothing left to restore, and
    // crossterm 0.29 would spin on the dead tty inside `event::poll` (its
    // issue #793), so leave at once.
    // SAFETY: the action only calls `_exit`, which is async-signal-safe.
    let _ = unsafe {
        signal_hook::low_level::register(signal_hook::consts::SIGHUP, || {
            signal_hook::low_level::exit(129)
        })
    };
    let mut terminal = ratatui::init();
    // ratatui's hook restores raw mode and the screen; ours also releases the
    // mouse, and leaves the screen alone when the search worker panics: the
    // search popup reports that, and the explorer goes on.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some(searcher::WORKER) {
            return;
        }
        restore_terminal();
        previous(info);
    }));
    let _guard = Guard;
    if mouse {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture);
    }
    match event_loop(&mut terminal, &mut app, &stop) {
        // Stopped by a signal: the conventional status of an interrupted program.
        Ok(()) if stop.load(std::sync::atomic::Ordering::Relaxed) => 130,
        Ok(()) => 0,
        Err(e) => {
            restore_terminal();
            eprintln!("yusuan: terminal error: {e}");
            1
        }
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    stop: &std::sync::atomic::AtomicBool,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    terminal.draw(|f| ui::draw(f, app))?;
    while !app.quit {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        let mut dirty = false;
        if event::poll(Duration::from_millis(16))? {
            // Take every pending event before drawing once.
            loop {
                let ev = event::read()?;
                if let Some(action) = event_to_action(&ev, app.context()) {
                    app.update(action);
                    dirty = true;
                    if app.redraw {
                        terminal.clear()?;
                    }
                }
                if app.quit || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        }
        if app.poll_search() {
            dirty = true;
        }
        if dirty && !app.quit {
            terminal.draw(|f| ui::draw(f, app))?;
        }
    }
    Ok(())
}
