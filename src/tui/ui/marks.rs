//! The marks popup: every mark and note of the datasets open — name, path,
//! amount and the note's first line; an orphaned note says so.

use super::{popup_frame, Theme};
use crate::model::Model;
use crate::money;
use crate::notes;
use crate::table::{Align, Table};
use crate::tui::layout::Areas;
use crate::tui::state::ListState;
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The list of marks and notes. What it draws, and nothing else: the
/// marks and notes of the datasets open, the model they are about, the
/// list's place, the unit.
pub struct MarksPopup<'a> {
    pub list: &'a ListState,
    pub notes: &'a [&'a notes::Note],
    pub model: &'a Model,
    pub unit: money::Unit,
    pub areas: &'a Areas,
    pub theme: &'a Theme,
}

impl Widget for MarksPopup<'_> {
    fn render(self, _full: Rect, buf: &mut Buffer) {
        let MarksPopup {
            list: l,
            notes: list,
            model,
            unit,
            areas,
            theme: t,
        } = self;
        let title = format!(
            " 标记与备注：{} 条 · {} 跳转 · {} 删除 ",
            list.len(),
            crate::tui::keymap::key(
                crate::tui::keymap::Context::List,
                crate::tui::keymap::Action::Confirm
            ),
            crate::tui::keymap::key(
                crate::tui::keymap::Context::List,
                crate::tui::keymap::Action::Delete
            )
        );
        let (area, rows) = areas.findings_popup();
        let inner = popup_frame(buf, area, &title, t);
        let w = inner.width as usize;
        let mut table = Table::new(&[Align::Left, Align::Left, Align::Right, Align::Left])
            .max_width(0, 24)
            .max_width(1, 40);
        for n in list {
            let node = notes::node_of(model, &n.key);
            let name = n.key.path.last().cloned().unwrap_or_default();
            let first = n.text.lines().next().unwrap_or("").to_string();
            table.push(vec![
                name,
                notes::middle_of(&n.key.path).join(" › "),
                node.map_or("原行已不存在".into(), |id| {
                    format!(
                        "{} {}",
                        money::shown_or_dash(model.node(id).known(), unit),
                        unit.label()
                    )
                }),
                first,
            ]);
        }
        let text = table.lines_fitting(3, w.saturating_sub(1));
        let lines: Vec<Line> = text
            .into_iter()
            .enumerate()
            .skip(l.offset)
            .take(rows)
            .map(|(i, s)| {
                let line = Line::from(Span::raw(truncate(
                    &format!("{}{s}", if i == l.selected { "›" } else { " " }),
                    w,
                )));
                if i == l.selected {
                    line.style(t.selected())
                } else {
                    line
                }
            })
            .collect();
        let mut lines = lines;
        // The selected note in full below the list.
        if let Some(n) = list.get(l.selected) {
            while lines.len() < rows {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled("─".repeat(w), t.dim())));
            lines.push(Line::from(truncate(&n.key.path.join(" › "), w)));
            for l in n.text.lines().flat_map(|l| crate::width::wrap(l, w)) {
                lines.push(Line::from(l));
            }
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
