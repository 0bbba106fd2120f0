//! `p`: every project of the department (or of the selected unit), ranked by
//! amount — or by the size of the change when two years are compared.

use super::{Action, App, ListState, Popup};
use crate::model::{Kind, NodeId};
use crate::tui::state::RankedState;
use std::cmp::Reverse;

impl App {
    pub(super) fn open_ranked(&mut self) {
        let Some(sel) = self.selected() else {
            self.message = "在树形视图中按 p".into();
            return;
        };
        let m = &self.model;
        let lens = self.lens();
        // The unit the selection is in (or is), else the department.
        let chain: Vec<NodeId> = std::iter::once(sel).chain(m.ancestors(sel)).collect();
        let scope = chain
            .iter()
            .copied()
            .find(|n| m.node(*n).kind == Kind::Unit)
            .or_else(|| {
                chain
                    .iter()
                    .copied()
                    .find(|n| m.node(*n).kind == Kind::Department)
            });
        let Some(scope) = scope.and_then(|s| lens.rep(s)) else {
            self.message = "选中一个部门或单位，再按 p".into();
            return;
        };
        // Projects, and the sub-items of a project split into them.
        let mut items: Vec<NodeId> = lens
            .descendants(m, scope)
            .into_iter()
            .filter(|id| {
                let n = m.node(*id);
                n.kind == Kind::Item
                    || (n.kind == Kind::Project && !crate::views::has_children(m, lens, *id))
            })
            .collect();
        let compared = lens.compared(m, scope).is_some();
        if compared {
            items.sort_by_cached_key(|id| {
                (
                    Reverse(lens.compared(m, *id).map(|c| c.change.abs())),
                    m.node(*id).order,
                )
            });
        } else {
            items.sort_by_key(|id| (Reverse(m.node(*id).amount), m.node(*id).order));
        }
        if items.is_empty() {
            self.message = "这里没有项目".into();
            return;
        }
        self.popup = Some(Popup::Ranked(RankedState {
            scope: m.node(scope).name.clone(),
            items,
            list: ListState {
                selected: 0,
                offset: 0,
            },
        }));
    }

    pub(super) fn update_ranked(&mut self, mut r: RankedState, action: Action) {
        let n = r.items.len();
        let page = self.areas().popup_rows().max(1);
        let l = &mut r.list;
        match action {
            Action::Close => return,
            a if l.navigate(a, n, page) => {}
            Action::Confirm => {
                if let Some(id) = r.items.get(l.selected).copied() {
                    self.jump_to(id);
                    return;
                }
            }
            _ => {}
        }
        l.follow(page);
        self.popup = Some(Popup::Ranked(r));
    }
}
