//! The 三公 pane's keys, handed to the pane (`panes::SangongPane`) with
//! the tables of the datasets shown.

use super::{Action, App};
use crate::model::sangong::sangong;

impl App {
    /// An action on the 三公 table; false when it is not one of its own.
    pub(super) fn update_sangong(&mut self, action: Action) -> bool {
        if !matches!(
            action,
            Action::SortCycle | Action::SortReverse | Action::Expand | Action::Collapse
        ) {
            return false;
        }
        let rows: Vec<_> = self
            .model
            .datasets
            .iter()
            .filter_map(|d| sangong(d).map(|(_, _, r)| r))
            .collect();
        let width = self.areas().body.width.saturating_sub(2) as usize;
        match self.sangong.update(action, &rows, self.unit, width) {
            Some(message) => {
                self.message = message;
                true
            }
            None => false,
        }
    }
}
