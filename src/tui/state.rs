//! The explorer's state types shared by its parts: `app` and the popups
//! (which change them), `layout` and `ui` (which read them) and `searcher`.

use crate::model::{NodeId, View};
use crate::search::Hit;
use std::collections::HashSet;

/// How many results the search popup keeps.
pub const SEARCH_LIMIT: usize = 50;

/// The four screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Unit,
    Function,
    Sangong,
    Money,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Unit, Tab::Function, Tab::Sangong, Tab::Money];
    pub fn title(self) -> &'static str {
        match self {
            Tab::Unit => "按单位",
            Tab::Function => "按科目",
            Tab::Sangong => "三公经费",
            Tab::Money => "收入与采购",
        }
    }
    /// The tree a tab shows, if it shows one.
    pub fn view(self) -> Option<View> {
        match self {
            Tab::Unit => Some(View::Unit),
            Tab::Function => Some(View::Function),
            Tab::Money => Some(View::Money),
            Tab::Sangong => None,
        }
    }
    pub fn of(view: View) -> Tab {
        match view {
            View::Unit => Tab::Unit,
            View::Function => Tab::Function,
            View::Money => Tab::Money,
            View::Sangong => Tab::Sangong,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Detail,
}

/// One tree's expansion, selection and scroll.
#[derive(Debug, Clone)]
pub struct TreeState {
    pub top: NodeId,
    pub expanded: HashSet<NodeId>,
    pub selected: NodeId,
    pub offset: usize,
}

/// A visible row of a tree.
pub type Row = crate::views::TreeRow;

/// The last search confirmed with Enter: its hits, and the one shown, for
/// the next and previous match keys.
#[derive(Debug, Clone)]
pub struct LastSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    pub at: usize,
}

#[derive(Debug, Clone, Default)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// Move the selection in a list of `n` rows that shows `page` at once,
    /// for a movement action (up, down, page); false for any other action.
    pub fn navigate(&mut self, action: super::keymap::Action, n: usize, page: usize) -> bool {
        use super::keymap::Action;
        let last = n.saturating_sub(1);
        match action {
            Action::Up | Action::ScrollUp => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => self.selected = (self.selected + 1).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            _ => return false,
        }
        true
    }

    /// Scroll so the selection is in view.
    pub fn follow(&mut self, page: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }
}
