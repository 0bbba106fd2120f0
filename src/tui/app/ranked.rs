//! `p`: every project of the department (or of the selected unit), ranked by
//! amount — or by the size of the change when two years are compared — each
//! split project's sub-items (子项) under it.

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
        // The document's projects ranked; a project split into sub-items
        // (其中 lines) has them under it, ranked the same way.
        let compared = lens.compared(m, scope).is_some();
        let key = |id: &NodeId| {
            let size = if compared {
                lens.compared(m, *id).map(|c| c.change.abs())
            } else {
                Some(m.node(*id).amount)
            };
            (Reverse(size), m.node(*id).order)
        };
        let mut projects: Vec<NodeId> = lens
            .descendants(m, scope)
            .into_iter()
            .filter(|id| m.node(*id).kind == Kind::Project)
            .collect();
        projects.sort_by_cached_key(key);
        let mut items = Vec::new();
        for p in projects {
            items.push(p);
            let mut stack = vec![p];
            while let Some(at) = stack.pop() {
                let mut subs: Vec<NodeId> =
                    crate::views::sorted_children(m, lens, at, crate::views::Sort::default());
                subs.sort_by_cached_key(key);
                // Depth first, in rank order: a sub-item's own items follow it.
                for s in subs.into_iter().rev() {
                    stack.push(s);
                }
                if at != p {
                    items.push(at);
                }
            }
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
            sort: None,
        }));
    }

    pub(super) fn update_ranked(&mut self, mut r: RankedState, action: Action) {
        let n = r.items.len();
        let page = self.areas().popup_rows().max(1);
        let l = &mut r.list;
        match action {
            Action::Close => return,
            a if l.navigate(a, n, page) => {}
            Action::SortCycle | Action::SortReverse => {
                r.sort = match (action, r.sort) {
                    (Action::SortReverse, s) => s.map(|(c, rev)| (c, !rev)),
                    (_, None) => Some((3, false)),
                    (_, Some((c, _))) => (c % 4 + 1 != 3).then_some((c % 4 + 1, false)),
                };
                self.sort_ranked(&mut r);
                r.list = ListState {
                    selected: 0,
                    offset: 0,
                };
                self.popup = Some(Popup::Ranked(r));
                return;
            }
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

/// The ranked list's columns `s` sorts by, as its heading names them.
const RANKED_SORT: [&str; 5] = ["名次", "项目", "单位", "金额", "增减"];

impl App {
    /// The ranked list in the order its `sort` says: a column's largest (or
    /// by pinyin, a name) first, the other way when reversed; with no sort,
    /// ranked as opened (by amount, or by the size of the change).
    fn sort_ranked(&mut self, r: &mut RankedState) {
        let m = &self.model;
        let lens = self.lens();
        let unit_of = |id: NodeId| {
            m.ancestors(id)
                .find(|a| m.node(*a).kind == Kind::Unit)
                .map(|u| crate::collate::sort_key(&m.node(u).name))
                .unwrap_or_default()
        };
        let order = |id: &NodeId| m.node(*id).order;
        let compared = r
            .items
            .first()
            .is_some_and(|id| lens.compared(m, *id).is_some());
        match r.sort.map_or(0, |(c, _)| c) {
            1 => r
                .items
                .sort_by_cached_key(|id| (crate::collate::sort_key(&m.node(*id).name), order(id))),
            2 => r.items.sort_by_cached_key(|id| (unit_of(*id), order(id))),
            4 => r.items.sort_by_cached_key(|id| {
                let v = lens
                    .compared(m, *id)
                    .map_or(m.node(*id).amount, |c| c.change);
                (Reverse(v), order(id))
            }),
            c => r.items.sort_by_cached_key(|id| {
                let v = if compared && c == 0 {
                    lens.compared(m, *id)
                        .map(|c| c.change.abs())
                        .unwrap_or_default()
                } else {
                    m.node(*id).amount
                };
                (Reverse(v), order(id))
            }),
        }
        if r.sort.is_some_and(|(_, rev)| rev) {
            r.items.reverse();
        }
        self.message = match r.sort {
            None => "按名次（打开时的排名）".into(),
            Some((c, rev)) => format!(
                "按{}排序{}（s 换一列 · S 反向）",
                RANKED_SORT[c],
                if rev { "（反向）" } else { "" }
            ),
        };
    }
}
