//! The status line: the last message, or the focused component's hints.

use super::Theme;
use crate::tui::keymap::{self, Context};
use crate::width::{truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The status line: a message, or the key hints of the focused component
/// (`App::status_text`), and the keys to leave it at every width.
pub struct StatusLine<'a> {
    pub text: &'a str,
    pub context: Context,
    pub theme: &'a Theme,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let StatusLine {
            text,
            context,
            theme: t,
        } = self;
        // Help and quit (or, in a popup, close and quit) at every width.
        let tail = keymap::essentials(context)
            .into_iter()
            .map(|(k, d)| format!("{k} {d}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let line = fit_with_tail(text, &tail, area.width as usize);
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
