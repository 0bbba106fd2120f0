//! The help popup: every binding of the keymap table, by context.

use super::{popup_frame, scrolled, Theme};
use crate::tui::keymap::{self, Context};
use crate::tui::layout::centered;
use crate::width::{pad_right, truncate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The help popup, generated from the keymap table.
pub struct HelpPopup<'a> {
    pub scroll: usize,
    pub theme: &'a Theme,
}

impl Widget for HelpPopup<'_> {
    fn render(self, full: Rect, buf: &mut Buffer) {
        let HelpPopup { scroll, theme: t } = self;
        let area = centered(full, 72, full.height.saturating_sub(2));
        let inner = popup_frame(buf, area, " 帮助（Esc 关闭） ", t);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        for ctx in [
            Context::Main,
            Context::Global,
            Context::Search,
            Context::List,
            Context::Editor,
            Context::Prompt,
        ] {
            lines.push(Line::from(Span::styled(
                format!("【{}】", ctx.label()),
                t.heading(),
            )));
            for b in keymap::bindings().iter().filter(|b| b.context == ctx) {
                let row = format!("  {}  {}", pad_right(b.shown_as, 12), b.description);
                lines.push(Line::from(truncate(&row, w)));
            }
            lines.push(Line::from(""));
        }
        lines.push(Line::from(truncate(
            "鼠标：滚轮滚动，单击选中；--no-mouse 关闭鼠标以便复制文字",
            w,
        )));
        Widget::render(
            Paragraph::new(scrolled(lines, scroll, inner.height)),
            inner,
            buf,
        );
    }
}
