//! `t`: the units side by side — sorted by any column (`s` the next, `S`
//! the other way), exported (`e`), `Enter` on a unit jumps to it.

use super::{Action, App, ListState, Popup};
use crate::model::NodeId;
use crate::tui::state::UnitsState;
use crate::views::{sort_units, unit_table, UnitRow, UNIT_COLUMNS};

impl App {
    pub(super) fn open_units(&mut self) {
        // The department of the selection (the unit tree's in the 三公 view).
        let at = self.selected().unwrap_or(self.trees[0].selected);
        let dept = self.model.department_of(at).or_else(|| {
            let top = self.trees[0].top;
            self.model
                .node(top)
                .children
                .first()
                .copied()
                .filter(|_| self.model.department_of(top).is_none())
        });
        let Some(dept) = dept.filter(|d| unit_table(&self.model, *d).len() > 1) else {
            self.message = "选中一个部门（或其中的行），再按 t".into();
            return;
        };
        self.popup = Some(Popup::Units(UnitsState {
            dept,
            sort: None,
            list: ListState {
                selected: 0,
                offset: 0,
            },
        }));
    }

    /// The rows the units table shows, in its order.
    pub fn unit_rows(&self, u: &UnitsState) -> Vec<UnitRow> {
        let mut rows = unit_table(&self.model, u.dept);
        if let Some((c, reversed)) = u.sort {
            sort_units(&mut rows, c, reversed);
        }
        rows
    }

    pub(super) fn update_units(&mut self, mut u: UnitsState, action: Action) {
        let rows = self.unit_rows(&u);
        let page = self.areas().popup_rows().max(1);
        match action {
            Action::Close => return,
            a if u.list.navigate(a, rows.len(), page) => {}
            Action::SortCycle => {
                // 合计 first, then each column left to right, then the document's order.
                let order: Vec<usize> = std::iter::once(5)
                    .chain((0..UNIT_COLUMNS.len()).filter(|c| *c != 5))
                    .collect();
                u.sort = match u.sort {
                    None => Some((order[0], false)),
                    Some((c, _)) => order
                        .iter()
                        .position(|x| *x == c)
                        .and_then(|i| order.get(i + 1))
                        .map(|c| (*c, false)),
                };
                self.message = sort_message(u.sort);
            }
            Action::SortReverse => {
                u.sort = u.sort.map(|(c, r)| (c, !r));
                self.message = match u.sort {
                    None => "按文档顺序：先按 s 选一列排序".into(),
                    s => sort_message(s),
                };
            }
            Action::Export => self.export_units(&u),
            Action::Confirm => {
                if let Some(r) = rows.get(u.list.selected) {
                    let id: NodeId = r.node;
                    self.jump_to(id);
                    return;
                }
            }
            _ => {}
        }
        u.list.follow(page);
        self.popup = Some(Popup::Units(u));
    }
}

impl App {
    /// `e`: the table as shown (its sort) to an XLSX file here.
    fn export_units(&mut self, u: &UnitsState) {
        let rows = self.unit_rows(u);
        let sheet = crate::export::units_sheet(&rows, self.unit);
        let year = self
            .model
            .year_of(u.dept)
            .and_then(|y| self.model.years().get(y))
            .map_or(0, |e| e.year);
        self.queue_xlsx(&[sheet], format!("yusuan-单位对比-{year}"));
    }
}

fn sort_message(sort: Option<(usize, bool)>) -> String {
    match sort {
        None => "单位对比表：按文档顺序".into(),
        Some((c, r)) => format!(
            "单位对比表：按{}排序{}（s 换一列 · S 反向）",
            UNIT_COLUMNS[c],
            if r { "（从小到大）" } else { "" }
        ),
    }
}
