//! The explorer (Elm style): terminal events become actions ([`keymap`]),
//! [`app::App::update`] changes the state, [`ui::draw`] only reads it.

pub mod app;
pub mod keymap;
pub mod layout;
pub mod loading;
pub mod panes;
pub mod popup;
pub mod sangong;
pub mod searcher;
pub mod state;
pub mod terminal;
pub mod trace;
pub mod ui;

use crate::money::Unit;
use app::App;
use crossterm::event::{self, Event, KeyEventKind, MouseEventKind};
use keymap::{Action, Context};
use std::path::PathBuf;
use std::time::Duration;

/// Turn a terminal event into an action. Only key presses act (not releases
/// or repeats, where a terminal reports them).
pub fn event_to_action(ev: &Event, context: Context) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => keymap::dispatch(*k, context),
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

/// A line on stderr, through the one sanitising function.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{}", crate::text::sanitize(line));
}

/// Open the explorer; returns the exit status.
pub fn run(
    files: &[PathBuf],
    matching: Option<&std::path::Path>,
    notes: Option<&std::path::Path>,
    unit: Unit,
    mouse: bool,
) -> i32 {
    // A path that cannot be read is a plain message, the terminal untouched.
    if let Err(e) = crate::load::check_paths(files) {
        say(&format!("yusuan: {e}"));
        return 2;
    }
    // Not a terminal: load first, so a bad file is still a plain message.
    let early = (!std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .then(|| loading::load_now(files, matching));
    if let Some(loading::Loaded::Failed(msg)) = &early {
        say(msg);
        return 2;
    }
    // Signals end the loop like `q`; SIGHUP ends the process (see `terminal`).
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicI32::new(0));
    if let Err(e) = terminal::watch_signals(&stop) {
        say(&format!("yusuan: cannot watch signals: {e}"));
        return 1;
    }
    // Ctrl-Z and SIGTSTP stop the explorer, `fg` brings it back.
    let jobs = match terminal::JobControl::watch() {
        Ok(j) => j,
        Err(e) => {
            say(&format!("yusuan: cannot watch signals: {e}"));
            return 1;
        }
    };
    let (mut terminal, guard) = terminal::init(mouse);
    // The first screen at once: files load on a thread while it shows how far.
    let loaded = match early {
        Some(l) => Ok(l),
        None => loading::run(&mut terminal, files, matching, &stop, &jobs, mouse),
    };
    let (prepared, warnings) = match loaded {
        Ok(loading::Loaded::Ready(p, w)) => (p, w),
        Ok(loading::Loaded::Stopped) => {
            drop(guard);
            return terminal::status_after(stop.load(std::sync::atomic::Ordering::SeqCst));
        }
        Ok(loading::Loaded::Failed(msg)) => {
            // A bad file is a plain message on a restored terminal.
            drop(guard);
            say(&msg);
            return 2;
        }
        Err(e) => {
            drop(guard);
            say(&format!("yusuan: terminal error: {e}"));
            return 1;
        }
    };
    let mut app = App::from_prepared(*prepared, unit, true);
    if !warnings.is_empty() {
        app.message = format!("载入警告 {} 条（退出后列出）", warnings.len());
    }
    let (notes, problem) = match notes
        .map(std::path::Path::to_path_buf)
        .or_else(crate::notes::Notes::default_path)
    {
        Some(p) => crate::notes::Notes::open(&p),
        None => (
            crate::notes::Notes::in_memory(),
            Some("no notes folder ($XDG_DATA_HOME or $HOME): notes are kept in memory only".into()),
        ),
    };
    let mut notes = notes;
    // Saving on a thread of its own: the screen never waits for the disk.
    notes.save_in_background();
    app.set_notes(notes);
    if let Some(p) = problem {
        app.message = crate::text::sanitize(&p).into_owned();
    }
    app.mouse = mouse;
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let ended = event_loop(&mut terminal, &mut app, &stop, &jobs);
    let unsaved = finish_notes(&mut terminal, &mut app, ended.is_ok());
    let status = match ended {
        // Stopped by a signal: the conventional status of an interrupted program.
        Ok(()) => terminal::status_after(stop.load(std::sync::atomic::Ordering::SeqCst)),
        Err(e) => {
            terminal::restore();
            say(&format!("yusuan: terminal error: {e}"));
            1
        }
    };
    drop(guard);
    if let Err(e) = unsaved {
        say(&format!("yusuan: notes not saved: {e}"));
    }
    // The importer's warnings, now that the screen is the shell's again.
    for (file, w) in warnings {
        say(&format!("warning: {file}:{w}"));
    }
    for r in crate::load::cache::take_reports() {
        say(&format!("yusuan: {r}"));
    }
    status
}

/// The explorer is ending: a note being typed is kept as a draft, and every
/// change is saved before the process goes (the screen says so meanwhile).
fn finish_notes(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    screen_ok: bool,
) -> Result<(), crate::notes::NotesError> {
    app.keep_draft();
    if screen_ok && app.notes.saving() {
        app.popup = None;
        app.message = "正在保存备注…".into();
        let _ = terminal.draw(|f| ui::draw(f, app));
    }
    app.notes.flush(terminal::SAVE_LIMIT)
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    stop: &std::sync::atomic::AtomicI32,
    jobs: &terminal::JobControl,
) -> std::io::Result<()> {
    let size = terminal.size()?;
    app.update(Action::Resize(size.width, size.height));
    terminal.draw(|f| ui::draw(f, app))?;
    trace::step("tree drawn");
    while !app.quit {
        if stop.load(std::sync::atomic::Ordering::SeqCst) != 0 {
            break;
        }
        let mut dirty = false;
        // Ctrl-Z or SIGTSTP: stopped until `fg`, then drawn anew.
        if jobs.between_frames(std::mem::take(&mut app.suspend), app.mouse)? {
            terminal.clear()?;
            dirty = true;
        }
        if event::poll(Duration::from_millis(16))? {
            // Take every pending event before drawing once.
            loop {
                let ev = event::read()?;
                if let Some(action) = event_to_action(&ev, app.context()) {
                    app.update(action);
                    dirty = true;
                    // What the update asks of the terminal itself (the clipboard).
                    for e in app.effects.drain(..) {
                        use std::io::Write as _;
                        let mut out = std::io::stdout();
                        let _ = out.write_all(e.as_bytes());
                        let _ = out.flush();
                    }
                    // The files it asks for (exports), written here, not in `update`.
                    app.run_writes();
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
        if app.poll_later() {
            dirty = true;
        }
        if app.poll_notes() {
            dirty = true;
        }
        if dirty && !app.quit {
            terminal.draw(|f| ui::draw(f, app))?;
        }
    }
    Ok(())
}
