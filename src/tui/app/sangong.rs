//! The 三公 table's keys: `s` sorts by the next column, `S` reverses, ←/→
//! scroll the items that do not fit.

use super::{Action, App};
use crate::model::sangong::sangong;
use crate::tui::keymap::{key, Context};
use crate::tui::sangong::{column_label, compact, sort_cycle};

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
        let Some(first) = rows.first() else {
            return false;
        };
        let v = &mut self.sangong_view;
        match action {
            Action::SortCycle => {
                let cycle = sort_cycle(first);
                let next = match v.sort {
                    None => cycle.first().copied(),
                    Some((c, _)) => cycle
                        .iter()
                        .position(|x| *x == c)
                        .and_then(|i| cycle.get(i + 1))
                        .copied(),
                };
                v.sort = next.map(|c| (c, false));
            }
            Action::SortReverse => {
                v.sort = v.sort.map(|(c, r)| (c, !r));
                if v.sort.is_none() {
                    self.message = format!(
                        "三公表按文档顺序：先按 {} 选一列排序",
                        key(Context::Main, Action::SortCycle)
                    );
                    return true;
                }
            }
            Action::Expand | Action::Collapse => {
                // As far as the widest table of the datasets shown scrolls.
                let w = self.areas().body.width.saturating_sub(2) as usize;
                let laid: Vec<_> = rows
                    .iter()
                    .map(|r| compact(r, self.unit, w, self.sangong_view))
                    .collect();
                let right = laid.iter().map(|c| c.right).max().unwrap_or(0);
                let left = laid.iter().map(|c| c.left).max().unwrap_or(0);
                let v = &mut self.sangong_view;
                if action == Action::Expand && right > 0 {
                    v.first = left + 1;
                } else if action == Action::Collapse && left > 0 {
                    v.first = left - 1;
                } else {
                    self.message = if left + right == 0 {
                        "三公表各项都已显示".into()
                    } else {
                        format!(
                            "已到尽头（{} {} 左右移动各项）",
                            key(Context::Main, Action::Collapse),
                            key(Context::Main, Action::Expand)
                        )
                    };
                }
                return true;
            }
            _ => return false,
        }
        self.message = match self.sangong_view.sort {
            None => "三公表：按文档顺序".into(),
            Some((c, r)) => format!(
                "三公表：按{}排序{}（{} 换一列 · {} 反向）",
                column_label(c),
                if r { "（从小到大）" } else { "" },
                key(Context::Main, Action::SortCycle),
                key(Context::Main, Action::SortReverse)
            ),
        };
        true
    }
}
