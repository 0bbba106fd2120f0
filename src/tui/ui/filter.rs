//! The filter popup: the filters, one chosen, and the number typed for it.

use super::{popup_frame, Theme};
use crate::tui::app::FilterState;
use crate::tui::layout::popup_area;
use crate::tui::popup::FILTER_CHOICES;
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The filter popup: what it draws, and nothing else — the choices being
/// made and the filter on now.
pub struct FilterPopup<'a> {
    pub state: &'a FilterState,
    pub current: Option<crate::views::Filter>,
    pub theme: &'a Theme,
}

impl Widget for FilterPopup<'_> {
    fn render(self, full: Rect, buf: &mut Buffer) {
        let FilterPopup {
            state: f,
            current,
            theme: t,
        } = self;
        let area = popup_area(full, 56, 17);
        let inner = popup_frame(
            buf,
            area,
            &format!(
                " 筛选 · ↑↓ 选择 · 输入数字 · {} 应用 · {} 取消 ",
                crate::tui::keymap::key(
                    crate::tui::keymap::Context::Prompt,
                    crate::tui::keymap::Action::Confirm
                ),
                crate::tui::keymap::key(
                    crate::tui::keymap::Context::Prompt,
                    crate::tui::keymap::Action::Close
                )
            ),
            t,
        );
        let w = inner.width as usize;
        let mut lines = Vec::new();
        for (i, (label, number)) in FILTER_CHOICES.iter().enumerate() {
            let text = if *number && i == f.choice {
                format!(
                    "{} {}",
                    if i == f.choice { "›" } else { " " },
                    label.replace('X', &format!("[{}▏]", f.input))
                )
            } else {
                format!("{} {label}", if i == f.choice { "›" } else { " " })
            };
            let line = Line::from(truncate(&text, w));
            lines.push(if i == f.choice {
                line.style(t.selected())
            } else {
                line
            });
        }
        lines.push(Line::from(""));
        let note = match current {
            Some(cur) => format!(
                "当前：{}（主界面 {} 清除）",
                cur.label(),
                crate::tui::keymap::key(
                    crate::tui::keymap::Context::Global,
                    crate::tui::keymap::Action::Close
                )
            ),
            None => "保留符合条件的行及其上级".into(),
        };
        lines.push(Line::from(Span::styled(truncate(&note, w), t.dim())));
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
