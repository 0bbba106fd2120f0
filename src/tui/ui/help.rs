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
        let title = format!(
            " 帮助（{} 关闭） ",
            keymap::key(keymap::Context::Global, keymap::Action::Close)
        );
        let inner = popup_frame(buf, area, &title, t);
        let w = inner.width as usize;
        // First: how to close this, and how to quit.
        let mut lines: Vec<Line> = crate::width::wrap(&keymap::help_first_line(), w.max(1))
            .into_iter()
            .map(|l| Line::from(Span::styled(l, t.heading())))
            .collect();
        lines.push(Line::from(""));
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
            // A long description wraps under itself, never cut.
            for b in keymap::bindings().iter().filter(|b| b.context == ctx) {
                let text = crate::width::wrap(b.description, w.saturating_sub(16).max(8));
                for (i, part) in text.iter().enumerate() {
                    let key = if i == 0 { b.shown_as } else { "" };
                    let row = format!("  {}  {part}", pad_right(key, 12));
                    lines.push(Line::from(truncate(&row, w)));
                }
            }
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled("【标记】", t.heading())));
        let findings = format!(
            "这一行的数字与文中别处不一致（{} 查看核对结果）",
            keymap::key(Context::Main, keymap::Action::OpenFindings)
        );
        let marks = format!(
            "已标记或写了备注（{} 查看）",
            keymap::key(Context::Main, keymap::Action::OpenMarks)
        );
        for (mark, meaning) in [
            ("!", findings.as_str()),
            ("~", "只差在文中数字的四舍五入"),
            ("*", marks.as_str()),
            ("▸ ▾", "可展开 / 已展开"),
            ("▲ ▼ =", "增加 / 减少 / 持平（两年对比时）"),
            ("新增 取消 更名", "只在后一年 / 只在前一年 / 两年名称不同"),
        ] {
            for (i, part) in crate::width::wrap(meaning, w.saturating_sub(16).max(8))
                .iter()
                .enumerate()
            {
                let row = format!(
                    "  {}  {part}",
                    pad_right(if i == 0 { mark } else { "" }, 12)
                );
                lines.push(Line::from(truncate(&row, w)));
            }
        }
        lines.push(Line::from(""));
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
