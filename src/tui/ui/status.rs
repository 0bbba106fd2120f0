//! The status line: the last message, or hints from the keymap table.

use super::Theme;
use crate::tui::app::{App, Popup, Tab};
use crate::tui::keymap::{self, Context};
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The status line: a message, or the key hints of the current context.
pub struct StatusLine<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let StatusLine { app, theme: t } = self;
        let w = area.width as usize;
        let text = if !app.message.is_empty() {
            app.message.clone()
        } else if matches!(app.popup, Some(Popup::Help { .. })) {
            "↑↓ PgUp PgDn 滚动 · Esc ? 关闭".to_string()
        } else {
            let ctx = app.context();
            let trees = app.tab != Tab::Sangong;
            let mut hints: Vec<String> = keymap::hints(ctx, trees)
                .into_iter()
                .map(|(k, d)| format!("{k} {d}"))
                .collect();
            if !trees && ctx == Context::Main {
                hints.insert(0, "↑↓ 滚动 · 1 2 4 树形视图".to_string());
            }
            hints.join(" · ")
        };
        Widget::render(
            Paragraph::new(Line::from(Span::styled(
                truncate(&format!(" {text}"), w),
                t.dim(),
            ))),
            area,
            buf,
        );
    }
}
