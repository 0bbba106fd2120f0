//! `N`: the note editor on a line. Typing edits it; `Ctrl-S` saves (an
//! empty note removes the mark), `Esc` leaves it unsaved.

use super::{Outcome, Request};
use crate::model::NodeId;
use crate::tui::keymap::Action;

/// The note editor: the line it is about, the text, the cursor (in characters).
#[derive(Debug, Clone)]
pub struct EditorState {
    pub id: NodeId,
    pub text: Vec<char>,
    pub cursor: usize,
}

impl EditorState {
    pub(super) fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Close => return Outcome::CloseAnd(Request::DiscardNote(self.id)),
            Action::Save => {
                let text: String = self.text.iter().collect();
                let text = text.trim_end();
                let text = (!text.is_empty()).then(|| text.to_string());
                return Outcome::CloseAnd(Request::SaveNote(self.id, text));
            }
            Action::Input(c) => self.insert(c),
            Action::Newline => self.insert('\n'),
            // A whole character, however wide.
            Action::Backspace if self.cursor > 0 => {
                self.cursor -= 1;
                self.text.remove(self.cursor);
            }
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(self.text.len()),
            _ => {}
        }
        Outcome::Stay
    }

    fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += 1;
    }
}
