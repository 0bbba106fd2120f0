//! Drawing: reads the state, changes nothing. One widget per file, each a
//! small struct borrowing what it draws (the model, a popup's state, the
//! unit, rows already computed …), built from the `App` here, in
//! `draw_widgets`; only the status line is handed the whole `App`. Every row
//! is built with the display-width helpers, so Chinese text never shifts a
//! column.

mod detail;
mod filter;
mod findings;
mod header;
mod help;
mod loading;
mod marks;
mod note;
mod ranked;
mod sangong;
mod search;
mod status;
mod theme;
mod tree;
mod units;

pub use header::breadcrumb;
pub use theme::Theme;

use super::app::{App, Focus, Popup, Tab};
use super::layout::Areas;
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use ratatui::Frame;

/// Draw the loading screen: (files done, files in all, the step).
pub fn loading(f: &mut Frame, (done, total, step): &(usize, usize, String)) {
    let area = f.area();
    f.render_widget(
        loading::Loading {
            done: *done,
            total: *total,
            step,
        },
        area,
    );
    guard(f.buffer_mut());
}

/// Draw the whole screen from the state.
pub fn draw(f: &mut Frame, app: &App) {
    draw_widgets(f, app);
    guard(f.buffer_mut());
}

/// The last step of every frame: no cell carries a character that is unsafe
/// for a terminal (ratatui already drops control characters; this holds for
/// anything else [`crate::text::is_unsafe`] names, whatever a widget did).
fn guard(buf: &mut Buffer) {
    for cell in &mut buf.content {
        if cell.symbol().chars().any(crate::text::is_unsafe) {
            cell.set_symbol("\u{fffd}");
        }
    }
    if crate::width::ambiguous_wide() {
        widen_ambiguous(buf);
    }
}

/// For a terminal that draws ambiguous characters (≥ “ ① …) two columns
/// wide: ratatui places them in one cell, so each is given the cell after it
/// (the rest of the row, up to the next box-drawing border, moves right by
/// one; the rows were laid out counting them as two, so that cell is free).
fn widen_ambiguous(buf: &mut Buffer) {
    use ratatui::buffer::{Cell, CellDiffOption};
    let w = buf.area.width as usize;
    if w == 0 {
        return;
    }
    let is_border = |c: &Cell| {
        c.symbol()
            .chars()
            .any(|ch| ('\u{2500}'..='\u{257f}').contains(&ch))
    };
    for row in buf.content.chunks_mut(w) {
        let mut x = 0;
        while x + 1 < row.len() {
            let mut chars = row[x].symbol().chars();
            let one = match (chars.next(), chars.next()) {
                (Some(c), None) => crate::width::is_ambiguous(c) && !is_border(&row[x]),
                _ => false,
            };
            if !one {
                x += 1;
                continue;
            }
            let end = (x + 1..row.len())
                .find(|&k| is_border(&row[k]))
                .unwrap_or(row.len());
            if end > x + 1 {
                row[x + 1..end].rotate_right(1);
                let mut blank = row[x].clone();
                blank.set_symbol(" ");
                row[x + 1] = blank;
                row[x].set_diff_option(CellDiffOption::ForcedWidth(
                    std::num::NonZeroU16::MIN.saturating_add(1),
                ));
            }
            x += 2;
        }
    }
}

/// Every widget, each given what it draws from the state.
fn draw_widgets(f: &mut Frame, app: &App) {
    let a = Areas::compute(f.area().width, f.area().height, app.focus);
    let theme = Theme { color: app.color };
    if a.too_small {
        too_small(f, &a);
        return;
    }
    f.render_widget(header_from(app, &a, &theme), a.full);
    if app.tab == Tab::Sangong {
        let pane = sangong::SangongPane {
            model: &app.model,
            unit: app.unit,
            view: app.sangong.view,
            selected: app.sangong.selected.as_deref(),
            scroll: app.sangong.scroll,
            theme: &theme,
        };
        f.render_widget(pane, a.body);
    } else {
        if a.tree.width > 0 {
            draw_tree(f, app, a.tree, &theme);
        }
        if a.detail.width > 0 {
            f.render_widget(detail_from(app, &theme), a.detail);
        }
    }
    let status = app.status_text();
    f.render_widget(
        status::StatusLine {
            text: &status,
            context: app.context(),
            theme: &theme,
        },
        a.status,
    );
    if let Some(popup) = &app.popup {
        draw_popup(f, app, popup, &a, &theme);
    }
}

/// A terminal too small to draw in: a note saying so.
fn too_small(f: &mut Frame, a: &Areas) {
    let msg = format!(
        "终端太小 {}×{}，至少 {}×{}",
        a.full.width,
        a.full.height,
        super::layout::MIN_W,
        super::layout::MIN_H
    );
    let lines: Vec<Line> = crate::width::wrap(&msg, a.full.width.max(1) as usize)
        .into_iter()
        .take(a.full.height as usize)
        .map(|l| Line::from(truncate(&l, a.full.width as usize)))
        .collect();
    f.render_widget(Paragraph::new(lines), a.full);
}

/// The tree pane (when a tab shows a tree): its rows, and each row's marks.
fn draw_tree(f: &mut Frame, app: &App, area: Rect, theme: &Theme) {
    let Some(state) = app.tree() else { return };
    let marks = |id| tree::RowMarks {
        finding: app.finding_mark(id),
        marked: app.is_marked(id),
    };
    let pane = tree::TreePane {
        model: &app.model,
        lens: app.lens(),
        compare: app.compare,
        state,
        rows: app.rows(),
        tab: app.tab,
        unit: app.unit,
        bar_change: app.bar_change,
        focused: app.focus == Focus::Tree,
        marks: &marks,
        theme,
    };
    f.render_widget(pane, area);
}

/// The popup open, each given what it draws from the state.
fn draw_popup(f: &mut Frame, app: &App, popup: &Popup, a: &Areas, theme: &Theme) {
    let full = a.full;
    match popup {
        Popup::Help { scroll } => f.render_widget(
            help::HelpPopup {
                scroll: *scroll,
                theme,
            },
            full,
        ),
        Popup::Search(search) => {
            let popup = search::SearchPopup {
                search,
                model: &app.model,
                unit: app.unit,
                indexing: app.indexing(),
                theme,
            };
            f.render_widget(popup, full);
        }
        Popup::Findings(list) => {
            let shown = app.shown_findings();
            let popup = findings::FindingsPopup {
                list,
                all: &app.findings,
                shown: &shown,
                show_rounding: app.show_rounding,
                model: &app.model,
                unit: app.unit,
                areas: a,
                theme,
            };
            f.render_widget(popup, full);
        }
        Popup::Ranked(ranked) => {
            let popup = ranked::RankedPopup {
                ranked,
                model: &app.model,
                lens: app.lens(),
                unit: app.unit,
                areas: a,
                theme,
            };
            f.render_widget(popup, full);
        }
        Popup::Units(state) => {
            let rows = state.rows(&app.model);
            let popup = units::UnitsPopup {
                state,
                rows: &rows,
                model: &app.model,
                unit: app.unit,
                areas: a,
                theme,
            };
            f.render_widget(popup, full);
        }
        Popup::Marks(list) => {
            let notes: Vec<&crate::notes::Note> = app.notes.for_model(&app.model).collect();
            let popup = marks::MarksPopup {
                list,
                notes: &notes,
                model: &app.model,
                unit: app.unit,
                areas: a,
                theme,
            };
            f.render_widget(popup, full);
        }
        Popup::Note(e) => {
            let path = app.model.path(e.id);
            let popup = note::NotePopup {
                editor: e,
                path: &path,
                theme,
            };
            f.render_widget(popup, full);
        }
        Popup::Filter(state) => {
            let popup = filter::FilterPopup {
                state,
                current: app.filter,
                theme,
            };
            f.render_widget(popup, full);
        }
    }
}

/// The header, from the state: what is open, the tabs, the breadcrumb.
fn header_from<'a>(app: &'a App, a: &'a Areas, theme: &'a Theme) -> header::Header<'a> {
    header::Header {
        model: &app.model,
        compare: app.compare,
        unit: app.unit,
        sort: app.sort_label(),
        filter: app.filter,
        filter_count: app.filter_count(),
        tab: app.tab,
        selected: app.selected(),
        areas: a,
        theme,
    }
}

/// The detail pane, from the state: the node selected, with the years
/// compared when two are.
fn detail_from<'a>(app: &'a App, theme: &'a Theme) -> detail::DetailPane<'a> {
    let years = app
        .timeline
        .as_ref()
        .filter(|_| app.compare[0] != app.compare[1])
        .map(|t| (t, app.compare[0], app.compare[1]));
    detail::DetailPane {
        model: &app.model,
        findings: &app.findings,
        years,
        selected: app.selected(),
        unit: app.unit,
        scroll: app.detail.scroll,
        focused: app.focus == Focus::Detail,
        theme,
    }
}

pub(crate) fn pane_block<'a>(title: String, focused: bool, t: &Theme) -> Block<'a> {
    Block::bordered()
        .title(title)
        .border_style(t.border(focused))
}

/// The lines a pane shows when scrolled to `scroll` (clamped to the content).
pub(crate) fn scrolled(
    lines: Vec<Line<'static>>,
    scroll: usize,
    height: u16,
) -> Vec<Line<'static>> {
    let scroll = scroll.min(lines.len().saturating_sub(1));
    lines
        .into_iter()
        .skip(scroll)
        .take(height as usize)
        .collect()
}

/// A ranked list's rows as drawn: the header dim, the chosen row marked `›`
/// and lit (`offset` is the first row shown, `selected` the chosen one,
/// both counted below the header), each cut to `w`.
pub(crate) fn list_lines(
    rows: Vec<String>,
    offset: usize,
    selected: usize,
    w: usize,
    t: &Theme,
) -> Vec<Line<'static>> {
    rows.into_iter()
        .enumerate()
        .map(|(k, s)| {
            let chosen = k > 0 && k - 1 + offset == selected;
            let line = Line::from(Span::raw(crate::width::truncate(
                &format!("{}{s}", if chosen { "›" } else { " " }),
                w,
            )));
            if k == 0 {
                line.style(t.dim())
            } else if chosen {
                line.style(t.selected())
            } else {
                line
            }
        })
        .collect()
}

pub(crate) fn popup_frame(buf: &mut Buffer, area: Rect, title: &str, t: &Theme) -> Rect {
    Widget::render(Clear, area, buf);
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(t.border(true));
    let inner = block.inner(area);
    Widget::render(block, area, buf);
    inner
}
