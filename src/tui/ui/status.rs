//! The status line: the last message, or hints from the keymap table.

use super::Theme;
use crate::tui::app::{App, Focus, Popup, Tab};
use crate::tui::keymap::{self, Action, Context};
use crate::width::{truncate, width};
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

/// The meaning of the selected line's markers, in words.
pub fn legend(app: &App, id: crate::model::NodeId) -> String {
    let mut parts = Vec::new();
    if app.is_marked(id) {
        parts.push("* 已标记");
    }
    match app.finding_mark(id) {
        Some(crate::check::Severity::Mismatch) => parts.push("! 数字不一致（c 查看）"),
        Some(crate::check::Severity::Rounding) => parts.push("~ 仅舍入差异"),
        None => {}
    }
    parts.join(" ")
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let StatusLine { app, theme: t } = self;
        let w = area.width as usize;
        let ctx = app.context();
        let text = if app.message.is_empty() {
            hint_text(app, ctx)
        } else {
            app.message.clone()
        };
        // Help and quit (or, in a popup, close and quit) at every width.
        let tail = keymap::essentials(ctx)
            .into_iter()
            .map(|(k, d)| format!("{k} {d}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let line = fit_with_tail(&text, &tail, w);
        Widget::render(
            Paragraph::new(Line::from(Span::styled(line, t.dim()))),
            area,
            buf,
        );
    }
}

/// ` text · tail` in `w` columns: the text cut to make room, the tail whole
/// (cut only when it alone is wider than the line).
pub fn fit_with_tail(text: &str, tail: &str, w: usize) -> String {
    let tail = format!(" · {tail}");
    let room = w.saturating_sub(width(&tail));
    if text.is_empty() {
        return truncate(&format!(" {}", tail.trim_start_matches(" · ")), w);
    }
    let head = format!(" {text}");
    if width(&head) <= room {
        return format!("{head}{tail}");
    }
    // Hints are dropped whole (the last first); a message is cut with …
    let mut parts: Vec<&str> = text.split(" · ").collect();
    while parts.len() > 1 {
        parts.pop();
        let h = format!(" {}", parts.join(" · "));
        if width(&h) <= room {
            return format!("{h}{tail}");
        }
    }
    if room >= 8 {
        format!("{}{tail}", truncate(&head, room))
    } else {
        truncate(&format!(" {}", tail.trim_start_matches(" · ")), w)
    }
}

/// The hints of what the focused pane or popup can do.
fn hint_text(app: &App, ctx: Context) -> String {
    if matches!(app.popup, Some(Popup::Help { .. })) {
        return "↑↓ PgUp PgDn 滚动".to_string();
    }
    // Hints follow the focus: the tree's keys only when the tree has it.
    let trees = app.tab != Tab::Sangong && app.focus == Focus::Tree;
    let can = |a: Action| {
        let sort = matches!(a, Action::SortCycle | Action::SortReverse);
        match &app.popup {
            Some(Popup::Marks(_)) => {
                !(sort || matches!(a, Action::ToggleRounding | Action::Export))
            }
            Some(Popup::Findings(_)) => !(sort || matches!(a, Action::Delete | Action::Export)),
            Some(Popup::Ranked(_)) => {
                !matches!(a, Action::Delete | Action::ToggleRounding | Action::Export)
            }
            Some(Popup::Units(_)) => !matches!(a, Action::Delete | Action::ToggleRounding),
            _ => true,
        }
    };
    let mut hints: Vec<String> = keymap::hints(ctx, trees, can)
        .into_iter()
        .map(|(k, d)| format!("{k} {d}"))
        .collect();
    if ctx == Context::Main && app.tab == Tab::Sangong {
        let mut own = vec!["↑↓ 滚动".to_string()];
        own.extend(keymap::sangong_hints());
        hints.insert(0, own.join(" · "));
    } else if ctx == Context::Main && app.focus == Focus::Detail {
        hints.insert(
            0,
            format!(
                "详情：↑↓ PgUp PgDn g G 滚动 · {} 回到树 · {} 复制详情",
                crate::tui::keymap::key(Context::Main, crate::tui::keymap::Action::FocusNext),
                crate::tui::keymap::key(Context::Main, crate::tui::keymap::Action::CopyDetail)
            ),
        );
    }
    // What the selected line's markers mean, when it has any.
    if ctx == Context::Main && app.tab != Tab::Sangong {
        if let Some(legend) = app
            .selected()
            .map(|id| legend(app, id))
            .filter(|l| !l.is_empty())
        {
            hints.insert(0, legend);
        }
    }
    if app.preparing() {
        hints.insert(0, "核对与跨年比较中…".to_string());
    }
    hints.join(" · ")
}
