//! The findings popup: every reconciliation finding, the selected one in full.

use super::{popup_frame, Theme};
use crate::check::Severity;
use crate::money;
use crate::tui::app::{App, Popup};
use crate::tui::layout::Areas;
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The findings popup: the list, and the selected finding in full.
pub struct FindingsPopup<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for FindingsPopup<'_> {
    fn render(self, full: Rect, buf: &mut Buffer) {
        let FindingsPopup { app, theme: t } = self;
        let Some(Popup::Findings(l)) = &app.popup else {
            return;
        };
        let mismatches = app
            .findings
            .iter()
            .filter(|x| x.severity == Severity::Mismatch)
            .count();
        let title = format!(
            " 核对：{} 条（不一致 {}，舍入 {}{}）Enter 跳转 · r {}舍入 ",
            app.findings.len(),
            mismatches,
            app.findings.len() - mismatches,
            if app.show_rounding {
                ""
            } else {
                "，已隐藏"
            },
            if app.show_rounding {
                "隐藏"
            } else {
                "显示"
            }
        );
        let shown = app.shown_findings();
        let (area, rows) = Areas::compute(full.width, full.height, app.focus).findings_popup();
        let inner = popup_frame(buf, area, &title, t);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = shown
            .iter()
            .enumerate()
            .skip(l.offset)
            .take(rows)
            .map(|(i, x)| {
                let sev = match x.severity {
                    Severity::Mismatch => {
                        Span::styled("不一致 ", t.fg(Color::Red).add_modifier(Modifier::BOLD))
                    }
                    Severity::Rounding => Span::styled("舍入   ", t.dim()),
                };
                let text = truncate(&x.message, w.saturating_sub(8));
                let mut line = Line::from(vec![
                    Span::raw(if i == l.selected { "›" } else { " " }),
                    sev,
                    Span::raw(text),
                ]);
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
                    let at = if c.source.line > 0 {
                        format!(" 第{}行", c.source.line)
                    } else {
                        String::new()
                    };
                    format!(
                        "{} {}（{}{at}）",
                        c.label,
                        money::format(c.value, app.unit),
                        c.source.place
                    )
                })
                .collect();
            let mut detail = crate::width::wrap(&x.message, w);
            detail.push(format!(
                "相差 {} · 容差 {}（舍入所能解释的最大差额）",
                x.difference, x.tolerance
            ));
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
