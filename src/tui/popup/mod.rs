//! The popups as components. Each owns its state and answers the actions
//! of its keymap context by changing that state alone; what it needs of the
//! rest of the explorer — a jump to a line, a message, a note saved, an
//! export — it asks for with an [`Outcome`], which `App::update` carries
//! out. Each also says which of its context's keys do something, for the
//! status line's hints. Drawing is `ui`'s: a widget there takes the popup's
//! state and what it shows.

mod filter;
mod findings;
mod help;
mod marks;
mod note;
mod ranked;
mod search;
mod units;

pub use filter::{FilterState, FILTER_CHOICES};
pub use note::EditorState;
pub use ranked::RankedState;
pub use search::SearchState;
pub use units::UnitsState;

use super::keymap::{Action, Context};
use super::state::{ListState, Tab};
use crate::model::{Model, NodeId};
use crate::notes::Notes;
use crate::views::{Filter, Lens};

/// The popup open over the panes, with its state.
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

/// What a popup reads of the explorer while it answers an action.
pub struct Cx<'a> {
    pub model: &'a Model,
    /// The years compared, if two are.
    pub lens: Lens<'a>,
    pub notes: &'a Notes,
    /// How many findings the findings list shows.
    pub findings: usize,
    /// Rows a list popup shows at once.
    pub page: usize,
}

/// What a popup's answer to an action asks of the explorer.
#[derive(Debug)]
pub enum Outcome {
    /// Stay open (its own state may have changed).
    Stay,
    /// Close.
    Close,
    /// Stay open, and have the explorer do this.
    Ask(Request),
    /// Close, and have the explorer do this.
    CloseAnd(Request),
}

/// What only the explorer can do, asked for by a popup.
#[derive(Debug)]
pub enum Request {
    /// Say this on the status line.
    Say(String),
    /// Show this line in its tree.
    Jump(NodeId),
    /// Show the line the findings list's `n`th shown finding is about.
    ShowFinding(usize),
    /// The findings list shows the rounding differences, or stops showing them.
    ToggleRounding,
    /// Export the units table of `dept`, sorted so.
    ExportUnits(UnitsState),
    /// Remove the mark and note of this key.
    Unmark(crate::notes::Key),
    /// Save the note of this line (`None`: an empty note, the mark removed).
    SaveNote(NodeId, Option<String>),
    /// The note editor closed without saving: its draft, if one was kept, goes.
    DiscardNote(NodeId),
    /// Put this filter on the trees.
    SetFilter(Filter),
    /// Search for this query (answered on the search worker).
    Search(String),
    /// Go back to where the search started.
    Return(Tab, Option<NodeId>),
    /// Show the search's chosen hit and keep its hits for the next-match keys.
    GoToHit(SearchState),
}

impl Popup {
    /// The keymap context the popup reads its keys in.
    pub fn context(&self) -> Context {
        match self {
            Popup::Search(_) => Context::Search,
            Popup::Findings(_)
            | Popup::Marks(_)
            | Popup::Ranked(_)
            | Popup::Units(_)
            | Popup::Help { .. } => Context::List,
            Popup::Note(_) => Context::Editor,
            Popup::Filter(_) => Context::Prompt,
        }
    }

    /// Answer one action.
    pub fn update(&mut self, action: Action, cx: &Cx) -> Outcome {
        match self {
            Popup::Help { scroll } => help::update(scroll, action),
            Popup::Search(s) => s.update(action),
            Popup::Findings(l) => findings::update(l, action, cx),
            Popup::Ranked(r) => r.update(action, cx),
            Popup::Units(u) => u.update(action, cx),
            Popup::Marks(l) => marks::update(l, action, cx),
            Popup::Note(e) => e.update(action),
            Popup::Filter(f) => f.update(action, cx),
        }
    }

    /// Does this action of its context do something here? The status line
    /// hints only those.
    pub fn can(&self, action: Action) -> bool {
        let sort = matches!(action, Action::SortCycle | Action::SortReverse);
        match self {
            Popup::Marks(_) => !(sort || matches!(action, Action::ToggleRounding | Action::Export)),
            Popup::Findings(_) => !(sort || matches!(action, Action::Delete | Action::Export)),
            Popup::Ranked(_) => !matches!(
                action,
                Action::Delete | Action::ToggleRounding | Action::Export
            ),
            Popup::Units(_) => !matches!(action, Action::Delete | Action::ToggleRounding),
            // The help only scrolls: its own hint says how.
            Popup::Help { .. } => false,
            _ => true,
        }
    }

    /// The popup's own hint, before its keys', if it has one.
    pub fn hint(&self) -> Option<String> {
        match self {
            Popup::Help { .. } => Some(help::hint()),
            _ => None,
        }
    }
}

/// A list popup's answer to a movement or `Close`, if `action` is one:
/// the selection moved and followed.
fn list_move(l: &mut ListState, action: Action, n: usize, page: usize) -> Option<Outcome> {
    if action == Action::Close {
        return Some(Outcome::Close);
    }
    if l.navigate(action, n, page) {
        l.follow(page);
        return Some(Outcome::Stay);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_editor_saves_its_text_trimmed_and_an_empty_one_as_none() {
        let id = NodeId(3);
        let mut e = EditorState {
            id,
            text: Vec::new(),
            cursor: 0,
        };
        for c in "人才 ".chars() {
            assert!(matches!(e.update(Action::Input(c)), Outcome::Stay));
        }
        e.update(Action::CursorLeft);
        e.update(Action::Backspace);
        let text: String = e.text.iter().collect();
        assert_eq!(text, "人 ");
        match e.update(Action::Save) {
            Outcome::CloseAnd(Request::SaveNote(at, Some(t))) => {
                assert_eq!((at, t.as_str()), (id, "人"));
            }
            other => panic!("{other:?}"),
        }
        e.text = vec![' ', '\n'];
        assert!(matches!(
            e.update(Action::Save),
            Outcome::CloseAnd(Request::SaveNote(_, None))
        ));
        assert!(matches!(
            e.update(Action::Close),
            Outcome::CloseAnd(Request::DiscardNote(_))
        ));
    }

    #[test]
    fn the_search_asks_for_each_query_and_takes_only_the_answer_to_the_last() {
        let mut s = SearchState::new((Tab::Unit, None));
        assert!(
            matches!(s.update(Action::Input('r')), Outcome::Ask(Request::Search(q)) if q == "r")
        );
        assert!(
            matches!(s.update(Action::Input('c')), Outcome::Ask(Request::Search(q)) if q == "rc")
        );
        assert!(
            !s.answer("r".into(), Ok(Vec::new())),
            "a stale answer is dropped"
        );
        assert!(s.answer("rc".into(), Err("坏".into())));
        assert_eq!(
            (s.answered.as_str(), s.error.as_deref()),
            ("rc", Some("坏"))
        );
        // Enter with nothing found closes; Esc goes back.
        assert!(matches!(s.update(Action::Confirm), Outcome::Close));
        assert!(matches!(
            s.update(Action::Close),
            Outcome::CloseAnd(Request::Return(Tab::Unit, None))
        ));
    }

    #[test]
    fn the_help_scrolls_and_hints_only_its_own_keys() {
        let mut p = Popup::Help { scroll: 0 };
        assert!(matches!(p.update_alone(Action::PageDown), Outcome::Stay));
        assert!(matches!(p, Popup::Help { scroll: 10 }));
        assert!(!p.can(Action::Confirm));
        assert!(p.hint().is_some_and(|h| h.contains("滚动")));
        assert!(matches!(p.update_alone(Action::Help), Outcome::Close));
    }

    impl Popup {
        /// `update` for a popup that reads nothing of the explorer.
        fn update_alone(&mut self, action: Action) -> Outcome {
            match self {
                Popup::Help { scroll } => help::update(scroll, action),
                _ => unreachable!("reads the explorer"),
            }
        }
    }
}
