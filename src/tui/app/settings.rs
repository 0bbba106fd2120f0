//! How things are shown: the sort, the unit, the years compared, the bars;
//! and what a key with no binding says.

use super::{Action, App};
use crate::tui::keymap::{key, Context};
use crate::views::Sort;

impl App {
    /// How things are shown: sort, unit, years compared, bars; and keys
    /// that mean nothing here.
    pub(super) fn update_settings(&mut self, action: Action) {
        // The change's sort and bars need two years, as `[` and `]` do.
        let by_change = matches!(
            action,
            Action::SortBy(crate::views::SortKey::Change | crate::views::SortKey::ChangePct)
                | Action::BarMode
        );
        if by_change && matches!(self.lens(), crate::views::Lens::Plain) {
            self.message = if self.model.years().len() < 2 {
                "只打开了一年：没有增减可排序或画图，加载两年以上的预算即可对比".into()
            } else {
                "两年的对比尚未就绪（跨年比较中…）".into()
            };
            return;
        }
        match action {
            Action::SortCycle => {
                self.sort = Sort {
                    key: self.sort.key.next(),
                    reversed: false,
                };
                self.message = format!("排序：{}", self.sort.key.label());
                self.refresh_rows();
                self.clamp_scroll();
            }
            Action::SortReverse => {
                self.update_settings(Action::SortBy(self.sort.key));
            }
            Action::SortBy(key) => {
                self.sort = if self.sort.key == key {
                    Sort {
                        key,
                        reversed: !self.sort.reversed,
                    }
                } else {
                    Sort {
                        key,
                        reversed: false,
                    }
                };
                self.refresh_rows();
                self.clamp_scroll();
                self.message = format!(
                    "排序：{}{}",
                    key.label(),
                    if self.sort.reversed {
                        "（反向）"
                    } else {
                        ""
                    }
                );
            }
            Action::CompareEarlier | Action::CompareLater => self.change_years(action),
            Action::BarMode => {
                self.bar_change = !self.bar_change;
                self.message = if self.bar_change {
                    "条形图：增减额".into()
                } else {
                    "条形图：金额".into()
                };
            }
            Action::UnitCycle | Action::UnitBack => {
                self.unit = if action == Action::UnitBack {
                    self.unit.previous()
                } else {
                    self.unit.next()
                };
                self.message = format!(
                    "单位：{}（{} 往后 · {} 往前）",
                    self.unit.label(),
                    key(Context::Main, Action::UnitCycle),
                    key(Context::Main, Action::UnitBack)
                );
            }
            Action::Unbound(code) => {
                let k = match code {
                    crossterm::event::KeyCode::Char(c) => c.to_string(),
                    other => format!("{other}"),
                };
                self.message = format!("{k} 未绑定 · {} 帮助", key(Context::Global, Action::Help));
            }
            _ => {}
        }
    }
}
