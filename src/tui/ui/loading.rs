//! The loading screen: what is loading, how far it is, how to quit.

use crate::width::{pad_right, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

/// (files done, files in all, the step) from [`crate::tui::loading::Progress`].
pub struct Loading<'a> {
    pub done: usize,
    pub total: usize,
    pub step: &'a str,
}

impl Loading<'_> {
    /// The lines drawn, centred by the caller: title, count and bar, step, keys.
    pub fn lines(&self, w: usize) -> Vec<String> {
        let count = if self.total == 0 {
            "载入预算…".to_string()
        } else {
            format!("载入 {}/{}…", self.done, self.total)
        };
        let bar_w = w.saturating_sub(4).min(40);
        let filled = (bar_w * self.done.min(self.total))
            .checked_div(self.total)
            .unwrap_or(0);
        vec![
            "预算 yusuan".to_string(),
            String::new(),
            count,
            format!("{}{}", "█".repeat(filled), "░".repeat(bar_w - filled)),
            truncate(&crate::text::sanitize(self.step), w),
            String::new(),
            format!(
                "{} 退出",
                crate::tui::keymap::key(
                    crate::tui::keymap::Context::Main,
                    crate::tui::keymap::Action::Quit
                )
            ),
        ]
    }
}

impl Widget for Loading<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let w = area.width as usize;
        let lines = self.lines(w);
        let top = (area.height as usize).saturating_sub(lines.len()) / 2;
        let shown: Vec<Line> = std::iter::repeat_n(String::new(), top)
            .chain(lines.into_iter().map(|l| {
                let pad = w.saturating_sub(width(&l)) / 2;
                pad_right(&format!("{}{l}", " ".repeat(pad)), w)
            }))
            .map(Line::from)
            .collect();
        Paragraph::new(shown).render(area, buf);
    }
}
