//! The explorer's state types, shared by `app` (which changes them),
//! `layout` and `ui` (which read them) and `searcher`: one place, no cycles.

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

#[derive(Debug, Clone)]
pub struct SearchState {
    pub query: String,
    pub hits: Vec<Hit>,
    /// The query the shown hits answer (they may lag the typed query).
    pub answered: String,
    /// Why the search failed, if it did (shown instead of results).
    pub error: Option<String>,
    pub selected: usize,
    /// Where the user was, to return to on Esc.
    pub return_to: (Tab, Option<NodeId>),
}

/// The last search confirmed with Enter: its hits, and the one shown, for
/// the next and previous match keys.
#[derive(Debug, Clone)]
pub struct LastSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    pub at: usize,
}

#[derive(Debug, Clone)]
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

/// The note editor: the line it is about, the text, the cursor (in characters).
#[derive(Debug, Clone)]
pub struct EditorState {
    pub id: NodeId,
    pub text: Vec<char>,
    pub cursor: usize,
}

/// The filter popup: which filter, and the threshold typed for it.
#[derive(Debug, Clone)]
pub struct FilterState {
    pub choice: usize,
    pub input: String,
}

/// The filters the popup offers, in order: (label, needs a number).
pub const FILTER_CHOICES: [(&str, bool); 11] = [
    ("有不一致的行", false),
    ("有核对差异的行（含舍入）", false),
    ("已标记的行", false),
    ("仅项目（及子项）", false),
    ("金额 ≥ X 万元", true),
    ("增减额 ≥ X 万元（两年对比时）", true),
    ("增减率 ≥ X%（两年对比时）", true),
    ("状态：新增（两年对比时）", false),
    ("状态：取消（两年对比时）", false),
    ("状态：更名（两年对比时）", false),
    ("状态：变化（两年都有、金额不同）", false),
];

/// The ranked list of projects: what it covers, the lines, the selection.
#[derive(Debug, Clone)]
pub struct RankedState {
    /// The department's or the unit's name.
    pub scope: String,
    pub items: Vec<NodeId>,
    pub list: ListState,
    /// `s`: the column sorted by (1 项目, 2 单位, 3 金额, 4 增减 or 占部门) and
    /// whether reversed; `None`: ranked as opened.
    pub sort: Option<(usize, bool)>,
}

/// The units side by side: whose, the sort (a column of
/// `views::UNIT_COLUMNS`, reversed or not), the selection.
#[derive(Debug, Clone)]
pub struct UnitsState {
    /// A node of the department compared.
    pub dept: NodeId,
    pub sort: Option<(usize, bool)>,
    pub list: ListState,
}

#[derive(Debug, Clone)]
pub enum Popup {
    Ranked(RankedState),
    Units(UnitsState),
    Help { scroll: usize },
    Search(SearchState),
    Findings(ListState),
    Marks(ListState),
    Note(EditorState),
    Filter(FilterState),
}
