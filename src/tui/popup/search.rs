//! `/`: the search popup. Each key typed asks the search worker; the hits
//! shown may lag the query until it answers. `Enter` shows the chosen hit,
//! `Esc` goes back to where the search started.

use super::{Outcome, Request};
use crate::model::NodeId;
use crate::search::Hit;
use crate::tui::keymap::Action;
use crate::tui::state::Tab;

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

impl SearchState {
    /// An empty search, started at `return_to`.
    pub fn new(return_to: (Tab, Option<NodeId>)) -> SearchState {
        SearchState {
            query: String::new(),
            hits: Vec::new(),
            answered: String::new(),
            error: None,
            selected: 0,
            return_to,
        }
    }

    pub(super) fn update(&mut self, action: Action) -> Outcome {
        match action {
            Action::Close => {
                let (tab, sel) = self.return_to;
                return Outcome::CloseAnd(Request::Return(tab, sel));
            }
            // Enter with nothing found closes, as Esc would not: the
            // selection stays where it is.
            Action::Confirm if self.selected < self.hits.len() => {
                return Outcome::CloseAnd(Request::GoToHit(self.clone()));
            }
            Action::Confirm => return Outcome::Close,
            Action::Up | Action::ScrollUp => self.selected = self.selected.saturating_sub(1),
            Action::Down | Action::ScrollDown => {
                self.selected = (self.selected + 1).min(self.hits.len().saturating_sub(1));
            }
            Action::Input(c) => {
                self.query.push(c);
                return Outcome::Ask(Request::Search(self.query.clone()));
            }
            Action::Backspace => {
                self.query.pop();
                return Outcome::Ask(Request::Search(self.query.clone()));
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// Take an answer of the search worker, if it answers the query typed.
    /// True when the hits shown changed.
    pub fn answer(&mut self, query: String, result: Result<Vec<Hit>, String>) -> bool {
        if query != self.query {
            return false;
        }
        match result {
            Ok(hits) => {
                self.hits = hits;
                self.error = None;
            }
            Err(e) => {
                self.hits.clear();
                self.error = Some(e);
            }
        }
        self.answered = query;
        self.selected = 0;
        true
    }
}
