//! `--ambiguous-wide`: ≥ ≤ “ ” ① count as two columns, as many Chinese
//! terminals draw them. (Its own test binary: the setting is process-wide.)

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::buffer::CellDiffOption;
use ratatui::Terminal;
use std::process::Command;
use unicode_width::UnicodeWidthStr;
use yusuan::load;
use yusuan::model::Model;
use yusuan::money::Unit;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;
use yusuan::tui::{event_to_action, ui};

fn yusuan(args: &[&str], env: Option<&str>) -> String {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yusuan"));
    c.args(args).env_remove("YUSUAN_AMBIGUOUS_WIDE");
    if let Some(v) = env {
        c.env("YUSUAN_AMBIGUOUS_WIDE", v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

/// The display column where `needle` starts in `line`, ambiguous characters
/// counted as two.
fn column(line: &str, needle: &str) -> usize {
    let i = line.find(needle).unwrap();
    UnicodeWidthStr::width_cjk(&line[..i])
}

#[test]
fn the_cli_aligns_columns_after_ambiguous_characters_when_asked() {
    let args = ["show", "人力资源综合管理"];
    let narrow = yusuan(&args, None);
    let flag = yusuan(&["--ambiguous-wide", "show", "人力资源综合管理"], None);
    let env = yusuan(&args, Some("1"));
    assert_eq!(flag, env, "the flag and the environment variable agree");
    assert_ne!(flag, narrow);
    // In a terminal drawing ≥ two columns wide, the 来源 column lines up.
    let (with, without) = rows_with_and_without_ambiguous(&flag);
    assert_eq!(
        column(with, "2020年工作计划"),
        column(without, "2020年工作计划")
    );
    // Without the option, the narrow count lines them up instead.
    let (with, without) = rows_with_and_without_ambiguous(&narrow);
    let col = |l: &str| UnicodeWidthStr::width(&l[..l.find("2020年工作计划").unwrap()]);
    assert_eq!(col(with), col(without));
}

/// An indicator row with ≥ in its target, and one with neither ≥ nor ≤.
fn rows_with_and_without_ambiguous(out: &str) -> (&str, &str) {
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("2020年工作计划"))
        .collect();
    let with = rows.iter().find(|l| l.contains('≥')).unwrap();
    let without = rows
        .iter()
        .find(|l| !l.contains('≥') && !l.contains('≤'))
        .unwrap();
    (with, without)
}

/// A row of the screen as a wide-ambiguous terminal draws it: each cell's
/// symbol where the diff would write it, hidden cells left out.
fn terminal_row(buf: &ratatui::buffer::Buffer, y: u16, w: u16) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..w {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let cell = &buf[(x, y)];
        let width = match cell.diff_option {
            CellDiffOption::ForcedWidth(n) => usize::from(n.get()),
            _ => UnicodeWidthStr::width(cell.symbol()),
        };
        skip = width.saturating_sub(1);
        out.push_str(cell.symbol());
    }
    out
}

#[test]
fn the_explorer_gives_each_ambiguous_character_two_cells_and_keeps_borders() {
    yusuan::width::set_ambiguous_wide(true);
    let mut app = App::new(Model::new(vec![load::bundled()]), Unit::Wan, false);
    let (w, h) = (250, 90);
    app.update(Action::Resize(w, h));
    for c in "/人力资源综合管理".chars() {
        let ev = Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        if let Some(a) = event_to_action(&ev, app.context()) {
            app.update(a);
        }
    }
    let ev = Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
    if let Some(a) = event_to_action(&ev, app.context()) {
        app.update(a);
    }
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, &app)).unwrap();
    let buf = t.backend().buffer();
    let rows: Vec<String> = (0..h).map(|y| terminal_row(buf, y, w)).collect();
    let targets: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("2020年工作计划"))
        .collect();
    let with = targets
        .iter()
        .find(|r| r.contains('≥'))
        .expect("an indicator with ≥ on screen");
    let without = targets
        .iter()
        .find(|r| !r.contains('≥') && !r.contains('≤'))
        .expect("an indicator without");
    assert_eq!(
        column(with, "2020年工作计划"),
        column(without, "2020年工作计划"),
        "\n{with}\n{without}"
    );
    // The pane's right border stays where it is on every row.
    let border = |r: &str| UnicodeWidthStr::width_cjk(&r[..r.rfind('│').unwrap()]);
    assert_eq!(border(with), border(without));
    // No row runs past the screen (box-drawing lines stay one column: yusuan
    // cannot help a terminal that widens those, and GUIDE.md says so).
    let drawn = |r: &str| {
        r.chars()
            .map(|c| {
                if ('\u{2500}'..='\u{257f}').contains(&c) {
                    1
                } else {
                    unicode_width::UnicodeWidthChar::width_cjk(c).unwrap_or(0)
                }
            })
            .sum::<usize>()
    };
    for r in &rows {
        assert!(drawn(r) <= usize::from(w), "{} columns: {r}", drawn(r));
    }
    // The tree's rows (▾ ▸ and a cut name's … are ambiguous too) keep their
    // last column, on a screen where the department's name is cut.
    let (w, h) = (100, 30);
    app.update(Action::Resize(w, h));
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, &app)).unwrap();
    let rows: Vec<String> = (0..h)
        .map(|y| terminal_row(t.backend().buffer(), y, w))
        .collect();
    let dept = rows.iter().find(|r| r.contains("694,773.00")).unwrap();
    assert!(dept.contains('…'), "the name is cut: {dept}");
    assert!(dept.contains("100.00% 100.00%"), "{dept}");
    yusuan::width::set_ambiguous_wide(false);
}
