//! `f`: the filter popup — a filter chosen, a threshold typed for those
//! that take one.

use super::{Cx, Outcome, Request};
use crate::compare::Status;
use crate::tui::keymap::Action;
use crate::views::Filter;
use rust_decimal::Decimal;

/// The filter popup: which filter, and the threshold typed for it.
#[derive(Debug, Clone, Default)]
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

impl FilterState {
    pub(super) fn update(&mut self, action: Action, cx: &Cx) -> Outcome {
        match action {
            Action::Close => return Outcome::Close,
            Action::Up => self.choice = self.choice.saturating_sub(1),
            Action::Down => self.choice = (self.choice + 1).min(FILTER_CHOICES.len() - 1),
            Action::Input(c) if c.is_ascii_digit() || c == '.' => self.input.push(c),
            Action::Backspace => {
                self.input.pop();
            }
            Action::Confirm => {
                return match self.chosen() {
                    Some(f) if f.needs_years() && cx.model.years().len() < 2 => {
                        Outcome::CloseAnd(Request::Say(
                            "只打开了一年：这一筛选比较两年，加载两年以上的预算即可".into(),
                        ))
                    }
                    Some(f) => Outcome::CloseAnd(Request::SetFilter(f)),
                    None => Outcome::Ask(Request::Say("请输入数字，如 1000".into())),
                }
            }
            _ => {}
        }
        Outcome::Stay
    }

    /// The filter chosen, with its threshold if it takes one (none if the
    /// number typed is not one).
    fn chosen(&self) -> Option<Filter> {
        let x: Option<Decimal> = self.input.parse().ok();
        match (self.choice, x) {
            (0, _) => Some(Filter::Mismatch),
            (1, _) => Some(Filter::Findings),
            (2, _) => Some(Filter::Marked),
            (3, _) => Some(Filter::Projects),
            (4, Some(x)) => Some(Filter::MinAmount(x)),
            (5, Some(x)) => Some(Filter::MinChange(x)),
            (6, Some(x)) => Some(Filter::MinChangePct(x)),
            (7, _) => Some(Filter::Status(Status::Added)),
            (8, _) => Some(Filter::Status(Status::Removed)),
            (9, _) => Some(Filter::Status(Status::Renamed)),
            (10, _) => Some(Filter::Status(Status::Changed)),
            _ => None,
        }
    }
}
