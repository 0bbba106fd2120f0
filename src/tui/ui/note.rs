//! The note editor: the line it is about, the text with its cursor, wrapped
//! by display width (a Chinese character is two columns).

use super::{popup_frame, Theme};
use crate::tui::app::EditorState;
use crate::tui::layout::popup_area;
use crate::width::{truncate, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The note editor popup: what it draws, and nothing else — the line's
/// path and the text being typed.
pub struct NotePopup<'a> {
    pub editor: &'a EditorState,
    pub path: &'a [String],
    pub theme: &'a Theme,
}

impl Widget for NotePopup<'_> {
    fn render(self, full: Rect, buf: &mut Buffer) {
        let NotePopup {
            editor: e,
            path,
            theme: t,
        } = self;
        let area = popup_area(full, 80, 16);
        let key = |a| crate::tui::keymap::key(crate::tui::keymap::Context::Editor, a);
        let title = format!(
            " 备注 · {} 保存 · {} 取消 · {} 换行 ",
            key(crate::tui::keymap::Action::Save),
            key(crate::tui::keymap::Action::Close),
            key(crate::tui::keymap::Action::Newline)
        );
        let inner = popup_frame(buf, area, &title, t);
        let w = (inner.width as usize).max(2);
        let mut lines = vec![Line::from(Span::styled(
            truncate(&path.join(" › "), w),
            t.dim(),
        ))];
        // The text with a cursor mark where typing goes.
        let before: String = e.text[..e.cursor].iter().collect();
        let after: String = e.text[e.cursor..].iter().collect();
        let shown = format!("{before}▏{after}");
        let body: Vec<String> = shown.split('\n').flat_map(|l| wrap(l, w)).collect();
        let room = (inner.height as usize).saturating_sub(1);
        // Keep the cursor's line in view.
        let cursor_line = body.iter().position(|l| l.contains('▏')).unwrap_or(0);
        let skip = cursor_line.saturating_sub(room.saturating_sub(1));
        lines.extend(body.into_iter().skip(skip).take(room).map(Line::from));
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
