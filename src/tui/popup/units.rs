//! `t`: the units side by side — sorted by any column (`s` the next, `S`
//! the other way), exported (`e`), `Enter` on a unit shows it.

use super::{list_move, Cx, Outcome, Request};
use crate::model::{Model, NodeId};
use crate::tui::keymap::Action;
use crate::tui::state::ListState;
use crate::views::{sort_units, unit_table, UnitRow, UNIT_COLUMNS};

/// The units side by side: whose, the sort (a column of
/// `views::UNIT_COLUMNS`, reversed or not), the selection.
#[derive(Debug, Clone)]
pub struct UnitsState {
    /// A node of the department compared.
    pub dept: NodeId,
    pub sort: Option<(usize, bool)>,
    pub list: ListState,
}

impl UnitsState {
    pub fn new(dept: NodeId) -> UnitsState {
        UnitsState {
            dept,
            sort: None,
            list: ListState::default(),
        }
    }

    /// The rows the table shows, in its order.
    pub fn rows(&self, model: &Model) -> Vec<UnitRow> {
        let mut rows = unit_table(model, self.dept);
        if let Some((c, reversed)) = self.sort {
            sort_units(&mut rows, c, reversed);
        }
        rows
    }

    pub(super) fn update(&mut self, action: Action, cx: &Cx) -> Outcome {
        let rows = self.rows(cx.model);
        if let Some(o) = list_move(&mut self.list, action, rows.len(), cx.page) {
            return o;
        }
        match action {
            Action::SortCycle => {
                // 合计 first, then each column left to right, then the document's order.
                let order: Vec<usize> = std::iter::once(5)
                    .chain((0..UNIT_COLUMNS.len()).filter(|c| *c != 5))
                    .collect();
                self.sort = match self.sort {
                    None => Some((order[0], false)),
                    Some((c, _)) => order
                        .iter()
                        .position(|x| *x == c)
                        .and_then(|i| order.get(i + 1))
                        .map(|c| (*c, false)),
                };
                Outcome::Ask(Request::Say(sort_message(self.sort)))
            }
            Action::SortReverse => {
                self.sort = self.sort.map(|(c, r)| (c, !r));
                Outcome::Ask(Request::Say(match self.sort {
                    None => format!(
                        "按文档顺序：先按 {} 选一列排序",
                        crate::tui::keymap::key(
                            crate::tui::keymap::Context::List,
                            Action::SortCycle
                        )
                    ),
                    s => sort_message(s),
                }))
            }
            Action::Export => Outcome::Ask(Request::ExportUnits(self.clone())),
            Action::Confirm => match rows.get(self.list.selected) {
                Some(r) => Outcome::CloseAnd(Request::Jump(r.node)),
                None => Outcome::Stay,
            },
            _ => Outcome::Stay,
        }
    }
}

fn sort_message(sort: Option<(usize, bool)>) -> String {
    match sort {
        None => "单位对比表：按文档顺序".into(),
        Some((c, r)) => format!(
            "单位对比表：按{}排序{}（{}）",
            UNIT_COLUMNS[c],
            if r { "（从小到大）" } else { "" },
            crate::tui::keymap::sort_keys(crate::tui::keymap::Context::List)
        ),
    }
}
