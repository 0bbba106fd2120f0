//! Whole screens at the sizes reviewers use (140×40, 120×40, 80×24): what
//! must stay on them — nothing cut while space is left, the hints that
//! always show, the detail of a line jumped to from its top — each with
//! content asserts beside its snapshot.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;
use yusuan::load;
use yusuan::model::Model;
use yusuan::money::Unit;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;
use yusuan::tui::{event_to_action, ui};

const SIZES: [(u16, u16); 3] = [(140, 40), (120, 40), (80, 24)];

fn app() -> App {
    let mut a = App::new(Model::new(vec![load::bundled()]), Unit::Wan, false);
    a.update(Action::Resize(120, 40));
    a
}

/// Type keys through the real dispatcher: each char a key press; `<Esc>`,
/// `<Enter>`, `<Tab>`, `<Down>`, `<Up>`, `<Left>`, `<Right>` named keys.
fn keys(app: &mut App, s: &str) {
    let mut rest = s;
    while !rest.is_empty() {
        let (code, len) = if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').unwrap();
            let code = match &r[..end] {
                "Esc" => KeyCode::Esc,
                "Enter" => KeyCode::Enter,
                "Tab" => KeyCode::Tab,
                "Down" => KeyCode::Down,
                "Up" => KeyCode::Up,
                "Left" => KeyCode::Left,
                "Right" => KeyCode::Right,
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
        if let Some(a) = event_to_action(&ev, app.context()) {
            app.update(a);
        }
        rest = &rest[len..];
    }
}

/// The screen as a terminal shows it: a wide character covers two cells.
fn screen(app: &mut App, w: u16, h: u16) -> String {
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
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
        out.push_str(line.trim_end());
        out.push('\n');
    }
    for l in out.lines() {
        assert!(
            UnicodeWidthStr::width(l) <= usize::from(w),
            "wider than {w}: {l}"
        );
    }
    out
}

/// The first line of the screen that holds `text`.
fn line_with<'a>(s: &'a str, text: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line holds {text:?}:\n{s}"))
}

/// The detail pane's part of a screen line (right of the tree pane).
fn detail_part(line: &str) -> &str {
    line.rsplit("││").next().unwrap_or(line)
}

#[test]
fn the_detail_of_a_line_jumped_to_starts_at_its_top() {
    for (w, h) in SIZES {
        let mut a = app();
        // 2 (科目), the detail scrolled to its end, then a search jump to 208.
        keys(&mut a, "2<Tab>G");
        assert!(a.detail_scroll > 0, "scrolled at {w}×{h}");
        keys(&mut a, "/208<Enter>");
        assert_eq!(&*a.model.node(a.selected().unwrap()).code, "208");
        assert_eq!(a.detail_scroll, 0);
        if w < 90 {
            // Narrow: the detail takes the screen when it has the focus.
            keys(&mut a, "<Tab>");
        }
        let s = screen(&mut a, w, h);
        // The detail's first line names 208 itself, not its last 类 line.
        let first = s
            .lines()
            .skip(4)
            .map(detail_part)
            .find(|l| l.contains("社会保障和就业支出"))
            .unwrap_or_else(|| panic!("{s}"));
        assert!(first.contains("208"), "{first}\n{s}");
        insta::assert_snapshot!(format!("detail_after_jump_{w}x{h}"), s);
    }
}

#[test]
fn a_move_or_a_tab_shows_the_new_lines_detail_from_its_top() {
    let mut a = app();
    keys(&mut a, "<Tab>G");
    assert!(a.detail_scroll > 0);
    keys(&mut a, "<Tab>j");
    assert_eq!(a.detail_scroll, 0, "a move");
    keys(&mut a, "k<Tab>G");
    assert!(a.detail_scroll > 0);
    keys(&mut a, "2");
    assert_eq!(a.detail_scroll, 0, "another view");
    // A resize keeps the place.
    keys(&mut a, "1G");
    let at = a.detail_scroll;
    a.update(Action::Resize(140, 40));
    assert!(at > 0);
    assert_eq!(a.detail_scroll, at);
}
