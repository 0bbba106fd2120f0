//! `c`: the checks' findings, the rounding differences shown or not (`r`);
//! `Enter` shows the line a finding is about.

use super::{list_move, Cx, Outcome, Request};
use crate::tui::keymap::Action;
use crate::tui::state::ListState;

pub(super) fn update(l: &mut ListState, action: Action, cx: &Cx) -> Outcome {
    if let Some(o) = list_move(l, action, cx.findings, cx.page) {
        return o;
    }
    match action {
        Action::ToggleRounding => {
            *l = ListState::default();
            Outcome::Ask(Request::ToggleRounding)
        }
        Action::Confirm if l.selected < cx.findings => {
            Outcome::CloseAnd(Request::ShowFinding(l.selected))
        }
        _ => Outcome::Stay,
    }
}
