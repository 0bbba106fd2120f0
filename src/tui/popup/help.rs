//! `?`: every key, scrolled.

use super::Outcome;
use crate::tui::keymap::{key, Action, Context};

pub(super) fn update(scroll: &mut usize, action: Action) -> Outcome {
    match action {
        Action::Close | Action::Help | Action::Confirm => return Outcome::Close,
        Action::Down | Action::ScrollDown => *scroll += 1,
        Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += 10,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
    Outcome::Stay
}

/// The help's keys: it only scrolls.
pub(super) fn hint() -> String {
    let k = |a| key(Context::List, a);
    format!(
        "{}{} {} {} 滚动",
        k(Action::Up),
        k(Action::Down),
        k(Action::PageUp),
        k(Action::PageDown)
    )
}
