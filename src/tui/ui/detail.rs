//! The detail pane: `crate::detail`'s lines for the selected node.

use super::{pane_block, Theme};
use crate::check::Finding;
use crate::model::{Model, NodeId};
use crate::money::Unit;
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The detail pane: everything known about the selected node, scrolled.
/// What it draws, and nothing else: the model and its findings, the years
/// compared (if two are), the node selected, the unit, and the scroll.
pub struct DetailPane<'a> {
    pub model: &'a Model,
    pub findings: &'a [Finding],
    pub years: crate::detail::Years<'a>,
    pub selected: Option<NodeId>,
    pub unit: Unit,
    pub scroll: usize,
    pub focused: bool,
    pub theme: &'a Theme,
}

impl Widget for DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let DetailPane {
            model,
            findings,
            years,
            selected,
            unit,
            scroll,
            focused,
            theme: t,
        } = self;
        let block = pane_block(" 详情 ".into(), focused, t);
        let inner = block.inner(area);
        Widget::render(block, area, buf);
        let Some(id) = selected else { return };
        let text = crate::detail::lines(model, findings, years, id, unit, inner.width as usize);
        let scroll = scroll.min(text.len().saturating_sub(1));
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
