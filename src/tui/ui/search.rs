//! The search popup: query, state, hits with their matched characters lit.

use super::{popup_frame, Theme};
use crate::model::Model;
use crate::money;
use crate::tui::layout::popup_area;
use crate::tui::popup::SearchState;
use crate::width::{pad_left, pad_right, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The search popup: the query, a note, and the ranked hits. What it
/// draws, and nothing else: the search, the model its hits are in, the
/// unit, and whether the index is still being built.
pub struct SearchPopup<'a> {
    pub search: &'a SearchState,
    pub model: &'a Model,
    pub unit: money::Unit,
    pub indexing: bool,
    pub theme: &'a Theme,
}

impl Widget for SearchPopup<'_> {
    fn render(self, full: Rect, buf: &mut Buffer) {
        let SearchPopup {
            search: s,
            model,
            unit,
            indexing,
            theme: t,
        } = self;
        let area = popup_area(full, 100, 24);
        let inner = popup_frame(buf, area, " 搜索：中文 / 拼音 / 首字母 / 编码 ", t);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        let w = inner.width as usize;
        let mut lines = vec![Line::from(vec![
            Span::styled("> ", t.heading()),
            Span::raw(truncate(&s.query, w.saturating_sub(3))),
            Span::styled("▏", t.fg(Color::Cyan)),
        ])];
        let note = if s.query.is_empty() {
            "输入名称、拼音（rencai）、首字母（rcyj）或科目编码；也查用途、绩效目标与指标、说明"
                .to_string()
        } else if indexing {
            "索引中…（输入的内容会在索引建好后立即搜索）".to_string()
        } else if s.answered != s.query {
            format!("搜索中… （显示 {:?} 的结果）", s.answered)
        } else if let Some(e) = &s.error {
            format!("搜索失败：{e}")
        } else {
            format!("{} 个结果", s.hits.len())
        };
        lines.push(Line::from(Span::styled(truncate(&note, w), t.dim())));
        let rows = (inner.height as usize).saturating_sub(2);
        let offset = s.selected.saturating_sub(rows.saturating_sub(1));
        let amounts: Vec<String> = s
            .hits
            .iter()
            .map(|h| money::shown_or_dash(model.node(h.id).known(), unit))
            .collect();
        let aw = amounts.iter().map(|a| width(a)).max().unwrap_or(0);
        for (i, h) in s.hits.iter().enumerate().skip(offset).take(rows) {
            let n = model.node(h.id);
            // A hit in a text: the words around it (the tag says which text).
            let place = crate::search::hit_place(model, h);
            let context = match (h.excerpt.is_empty(), place.is_empty()) {
                (true, _) => place,
                (false, true) => h.excerpt.clone(),
                (false, false) => format!("{} · {place}", h.excerpt),
            };
            // Where it matched: 名称, or the text it stands in (用途 …).
            let name_w = (w.saturating_sub(aw + 8) * 11 / 20).max(6);
            let mut spans = vec![
                Span::raw(if i == s.selected { "›" } else { " " }),
                Span::styled(h.found.short(), t.dim()),
                Span::raw(" "),
            ];
            // The name, its matched characters highlighted, cut by display width.
            let mut used = 0;
            let available = name_w.saturating_sub(1);
            let fits = width(&n.name) <= available;
            for (ci, c) in n.name.chars().enumerate() {
                let cw = crate::width::char_width(c);
                if !fits && used + cw > available.saturating_sub(1) {
                    spans.push(Span::raw("…"));
                    used += 1;
                    break;
                }
                let style = if h.positions.contains(&ci) {
                    t.highlight()
                } else {
                    Style::new()
                };
                // An unsafe character as its visible escape, as `width` counts it.
                spans.push(Span::styled(
                    crate::text::sanitize(&c.to_string()).into_owned(),
                    style,
                ));
                used += cw;
            }
            spans.push(Span::raw(" ".repeat(name_w.saturating_sub(used))));
            let ctx_w = w.saturating_sub(1 + 5 + name_w + aw + 2);
            spans.push(Span::styled(pad_right(&context, ctx_w), t.dim()));
            spans.push(Span::raw(" "));
            spans.push(Span::styled(pad_left(&amounts[i], aw), t.fg(Color::Cyan)));
            let mut line = Line::from(spans);
            if i == s.selected {
                line = line.style(t.selected());
            }
            lines.push(line);
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
