//! The findings popup: every reconciliation finding, the selected one in full.

use super::{popup_frame, Theme};
use crate::check::{Finding, Severity};
use crate::money;
use crate::tui::layout::Areas;
use crate::tui::state::ListState;
use crate::width::{pad_left, pad_right, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The findings popup: the list, and the selected finding in full. What
/// it draws, and nothing else: every finding (counted in the title), the
/// ones shown, whether rounding is shown, the list's place, the unit.
pub struct FindingsPopup<'a> {
    pub list: &'a ListState,
    pub all: &'a [Finding],
    pub shown: &'a [&'a Finding],
    pub show_rounding: bool,
    /// For where each figure stands in its file.
    pub model: &'a crate::model::Model,
    pub unit: money::Unit,
    pub areas: &'a Areas,
    pub theme: &'a Theme,
}

impl Widget for FindingsPopup<'_> {
    fn render(self, _full: Rect, buf: &mut Buffer) {
        let FindingsPopup {
            list: l,
            all,
            shown,
            show_rounding,
            model,
            unit,
            areas,
            theme: t,
        } = self;
        let title = title(all, show_rounding);
        let (area, rows) = areas.findings_popup();
        let inner = popup_frame(buf, area, &title, t);
        let w = inner.width as usize;
        // The difference stands at the right of every row, whatever the
        // width: a placement finding has none.
        let diffs: Vec<String> = shown
            .iter()
            .map(|x| {
                if x.rule.is_placement() {
                    String::new()
                } else {
                    format!("相差 {}", x.difference)
                }
            })
            .collect();
        let dw = diffs
            .iter()
            .skip(l.offset)
            .take(rows)
            .map(|d| width(d))
            .max()
            .unwrap_or(0);
        let mut lines: Vec<Line> = shown
            .iter()
            .enumerate()
            .skip(l.offset)
            .take(rows)
            .map(|(i, x)| {
                let kind = pad_right(x.kind_label(), 7);
                let sev = match x.severity {
                    Severity::Mismatch if x.rule.is_placement() => {
                        Span::styled(kind, t.fg(Color::Yellow).add_modifier(Modifier::BOLD))
                    }
                    Severity::Mismatch => {
                        Span::styled(kind, t.fg(Color::Red).add_modifier(Modifier::BOLD))
                    }
                    Severity::Rounding => Span::styled(kind, t.dim()),
                };
                let text_w = w.saturating_sub(8 + dw + usize::from(dw > 0));
                let text = pad_right(&truncate(&x.message, text_w), text_w);
                let mut spans = vec![Span::raw(if i == l.selected { "›" } else { " " }), sev];
                spans.push(Span::raw(text));
                if dw > 0 {
                    spans.push(Span::raw(" "));
                    spans.push(Span::styled(pad_left(&diffs[i], dw), t.fg(Color::Cyan)));
                }
                let mut line = Line::from(spans);
                if i == l.selected {
                    line = line.style(t.selected());
                }
                line
            })
            .collect();
        // The selected finding in full: its message, each figure with its source.
        if let Some(x) = shown.get(l.selected) {
            while lines.len() < rows {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled("─".repeat(w), t.dim())));
            let figures: Vec<String> = x
                .figures
                .iter()
                .map(|c| {
                    format!(
                        "{} {}（{}）",
                        c.label,
                        money::format(c.value, unit),
                        x.cite(model, c)
                    )
                })
                .collect();
            let mut detail = crate::width::wrap(&x.message, w);
            detail.push(if x.rule.is_placement() {
                "位置问题：所列金额之间没有差额，是这一行印在了别处（见上）".to_string()
            } else {
                format!(
                    "相差 {} · 容差 {}（舍入所能解释的最大差额）",
                    x.difference, x.tolerance
                )
            });
            detail.extend(crate::width::wrap(&figures.join(" · "), w));
            lines.extend(
                detail
                    .into_iter()
                    .take(crate::tui::layout::FINDING_DETAIL)
                    .map(|d| Line::from(truncate(&d, w))),
            );
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}

/// The popup's title: the count of each kind, and the keys.
fn title(findings: &[Finding], show_rounding: bool) -> String {
    let mismatches = findings
        .iter()
        .filter(|x| x.severity == Severity::Mismatch)
        .count();
    let placed = findings
        .iter()
        .filter(|x| x.severity == Severity::Mismatch && x.rule.is_placement())
        .count();
    let key = |a| crate::tui::keymap::key(crate::tui::keymap::Context::List, a);
    format!(
        " 核对：{} 条（不一致 {}，位置 {placed}，舍入 {}{}）{} 跳转 · {} {}舍入 ",
        findings.len(),
        mismatches - placed,
        findings.len() - mismatches,
        if show_rounding { "" } else { "，已隐藏" },
        key(crate::tui::keymap::Action::Confirm),
        key(crate::tui::keymap::Action::ToggleRounding),
        if show_rounding { "隐藏" } else { "显示" }
    )
}
