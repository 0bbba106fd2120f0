//! The detail pane: `crate::detail`'s lines for the selected node.

use super::{pane_block, Theme};
use crate::tui::app::{App, Focus};
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The detail pane: everything known about the selected node, scrolled.
pub struct DetailPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let DetailPane { app, theme: t } = self;
        let focused = app.focus == Focus::Detail;
        let block = pane_block(" 详情 ".into(), focused, t);
        let inner = block.inner(area);
        Widget::render(block, area, buf);
        let Some(id) = app.selected() else { return };
        let years = app
            .timeline
            .as_ref()
            .filter(|_| app.compare[0] != app.compare[1])
            .map(|t| (t, app.compare[0], app.compare[1]));
        let text = crate::detail::lines(
            &app.model,
            &app.findings,
            years,
            id,
            app.unit,
            inner.width as usize,
        );
        let scroll = app.detail.scroll.min(text.len().saturating_sub(1));
        let lines: Vec<Line> = text
            .into_iter()
            .skip(scroll)
            .take(inner.height as usize)
            .enumerate()
            .map(|(i, l)| {
                let l = truncate(&l, inner.width as usize);
                if l.starts_with('【') || (i == 0 && scroll == 0) {
                    Line::from(Span::styled(l, t.heading()))
                } else {
                    Line::from(l)
                }
            })
            .collect();
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
