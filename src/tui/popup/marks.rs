//! `'`: every mark and note of the datasets open; `Enter` shows its line,
//! `x` removes it.

use super::{list_move, Cx, Outcome, Request};
use crate::tui::keymap::Action;
use crate::tui::state::ListState;

pub(super) fn update(l: &mut ListState, action: Action, cx: &Cx) -> Outcome {
    let list: Vec<&crate::notes::Note> = cx.notes.for_model(cx.model).collect();
    let n = list.len();
    if let Some(o) = list_move(l, action, n, cx.page) {
        return o;
    }
    let Some(chosen) = list.get(l.selected) else {
        return Outcome::Stay;
    };
    match action {
        Action::Confirm => match crate::notes::node_of(cx.model, &chosen.key) {
            Some(id) => Outcome::CloseAnd(Request::Jump(id)),
            None => Outcome::Ask(Request::Say(
                "这条备注的原行已不存在（保留在标记列表中）".into(),
            )),
        },
        Action::Delete => {
            let unmark = Request::Unmark(chosen.key.clone());
            if n <= 1 {
                return Outcome::CloseAnd(unmark);
            }
            l.selected = l.selected.min(n - 2);
            l.follow(cx.page);
            Outcome::Ask(unmark)
        }
        _ => Outcome::Stay,
    }
}
