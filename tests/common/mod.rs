//! What the tests share: drawing the explorer's real `ui::draw` into a
//! `TestBackend` and reading it back as a terminal shows it; running the
//! real binary (`cli`).
#![allow(dead_code)] // each test file uses the part it needs

pub mod cli;

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;
use yusuan::tui::ui;

/// The explorer drawn at `w`×`h` (resized first, as a terminal would).
pub fn terminal(app: &mut App, w: u16, h: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t
}

/// The screen as a terminal shows it: a wide character covers two cells;
/// each row without its trailing spaces.
pub fn screen(app: &mut App, w: u16, h: u16) -> String {
    let t = terminal(app, w, h);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        out.push_str(screen_row(buf, y, w).trim_end());
        out.push('\n');
    }
    out
}

/// One row of a drawn buffer, as the terminal shows it.
pub fn screen_row(buf: &ratatui::buffer::Buffer, y: u16, w: u16) -> String {
    let mut line = String::new();
    let mut skip = 0;
    for x in 0..w {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        skip = UnicodeWidthStr::width(sym).saturating_sub(1);
        line.push_str(sym);
    }
    line
}

/// Type keys through the real dispatcher: each character a key press (an
/// upper-case letter with Shift); `<Esc>`, `<Enter>`, `<Tab>`, `<Up>`,
/// `<Down>`, `<Left>`, `<Right>`, `<BS>`, `<PgDn>`, `<F3>` named keys.
pub fn keys(app: &mut App, s: &str) {
    use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let mut rest = s;
    while !rest.is_empty() {
        let (code, len) = if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').unwrap();
            let code = match &r[..end] {
                "Esc" => KeyCode::Esc,
                "Enter" => KeyCode::Enter,
                "Tab" => KeyCode::Tab,
                "Up" => KeyCode::Up,
                "Down" => KeyCode::Down,
                "Left" => KeyCode::Left,
                "Right" => KeyCode::Right,
                "BS" => KeyCode::Backspace,
                "PgDn" => KeyCode::PageDown,
                "F3" => KeyCode::F(3),
                other => panic!("unknown key {other}"),
            };
            (code, end + 2)
        } else {
            let c = rest.chars().next().unwrap();
            (KeyCode::Char(c), c.len_utf8())
        };
        let mods = match code {
            KeyCode::Char(c) if c.is_ascii_uppercase() => KeyModifiers::SHIFT,
            _ => KeyModifiers::NONE,
        };
        let ev = Event::Key(KeyEvent::new(code, mods));
        if let Some(a) = yusuan::tui::event_to_action(&ev, app.context()) {
            app.update(a);
        }
        rest = &rest[len..];
    }
}
