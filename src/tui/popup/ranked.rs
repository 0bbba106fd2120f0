//! `p`: every project of the department (or of the selected unit), ranked by
//! amount — or by the size of the change when two years are compared — each
//! split project's sub-items (子项) under it. `s` sorts by the next column,
//! `S` the other way, `Enter` shows the project in its tree.

use super::{list_move, Cx, Outcome, Request};
use crate::model::{Kind, Model, NodeId};
use crate::tui::keymap::{key, Action, Context};
use crate::tui::state::ListState;
use crate::views::Lens;
use std::cmp::Reverse;

/// The ranked list of projects: what it covers, the lines, the selection.
#[derive(Debug, Clone)]
pub struct RankedState {
    /// The department's or the unit's name.
    pub scope: String,
    pub items: Vec<NodeId>,
    pub list: ListState,
    /// `s`: the column sorted by (1 项目, 2 单位, 3 金额, 4 增减 or 占部门) and
    /// whether reversed; `None`: ranked as opened.
    pub sort: Option<(usize, bool)>,
}

/// The ranked list's columns `s` sorts by, as its heading names them.
const RANKED_SORT: [&str; 5] = ["名次", "项目", "单位", "金额", "增减"];

impl RankedState {
    /// The projects of the unit `sel` is in (or is), else of its department;
    /// what to say instead when there are none.
    pub fn open(m: &Model, lens: Lens, sel: NodeId) -> Result<RankedState, String> {
        let chain: Vec<NodeId> = std::iter::once(sel).chain(m.ancestors(sel)).collect();
        let of_kind = |k: Kind| chain.iter().copied().find(|n| m.node(*n).kind == k);
        let Some(scope) = of_kind(Kind::Unit)
            .or_else(|| of_kind(Kind::Department))
            .and_then(|s| lens.rep(s))
        else {
            return Err(format!(
                "选中一个部门或单位，再按 {}",
                key(Context::Main, Action::OpenRanked)
            ));
        };
        // The document's projects ranked; a project split into sub-items
        // (其中 lines) has them under it, ranked the same way.
        let compared = lens.compared(m, scope).is_some();
        let rank = |id: &NodeId| {
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
        projects.sort_by_cached_key(rank);
        let mut items = Vec::new();
        for p in projects {
            items.push(p);
            let mut stack = vec![p];
            while let Some(at) = stack.pop() {
                let mut subs: Vec<NodeId> =
                    crate::views::sorted_children(m, lens, at, crate::views::Sort::default());
                subs.sort_by_cached_key(rank);
                // Depth first, in rank order: a sub-item's own items follow it.
                stack.extend(subs.into_iter().rev());
                if at != p {
                    items.push(at);
                }
            }
        }
        if items.is_empty() {
            return Err("这里没有项目".into());
        }
        Ok(RankedState {
            scope: m.node(scope).name.clone(),
            items,
            list: ListState::default(),
            sort: None,
        })
    }

    pub(super) fn update(&mut self, action: Action, cx: &Cx) -> Outcome {
        if let Some(o) = list_move(&mut self.list, action, self.items.len(), cx.page) {
            return o;
        }
        match action {
            Action::SortCycle | Action::SortReverse => {
                self.sort = match (action, self.sort) {
                    (Action::SortReverse, s) => s.map(|(c, rev)| (c, !rev)),
                    (_, None) => Some((3, false)),
                    (_, Some((c, _))) => (c % 4 + 1 != 3).then_some((c % 4 + 1, false)),
                };
                self.sort_items(cx.model, cx.lens);
                self.list = ListState::default();
                Outcome::Ask(Request::Say(self.sort_message()))
            }
            Action::Confirm => match self.items.get(self.list.selected) {
                Some(id) => Outcome::CloseAnd(Request::Jump(*id)),
                None => Outcome::Stay,
            },
            _ => Outcome::Stay,
        }
    }

    /// The list in the order its `sort` says: a column's largest (or by
    /// pinyin, a name) first, the other way when reversed; with no sort,
    /// ranked as opened (by amount, or by the size of the change).
    fn sort_items(&mut self, m: &Model, lens: Lens) {
        let unit_of = |id: NodeId| {
            m.ancestors(id)
                .find(|a| m.node(*a).kind == Kind::Unit)
                .map(|u| crate::collate::sort_key(&m.node(u).name))
                .unwrap_or_default()
        };
        let order = |id: &NodeId| m.node(*id).order;
        let compared = self
            .items
            .first()
            .is_some_and(|id| lens.compared(m, *id).is_some());
        let items = &mut self.items;
        match self.sort.map_or(0, |(c, _)| c) {
            1 => items
                .sort_by_cached_key(|id| (crate::collate::sort_key(&m.node(*id).name), order(id))),
            2 => items.sort_by_cached_key(|id| (unit_of(*id), order(id))),
            4 => items.sort_by_cached_key(|id| {
                let v = lens
                    .compared(m, *id)
                    .map_or(m.node(*id).amount, |c| c.change);
                (Reverse(v), order(id))
            }),
            c => items.sort_by_cached_key(|id| {
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
        if self.sort.is_some_and(|(_, rev)| rev) {
            items.reverse();
        }
    }

    fn sort_message(&self) -> String {
        match self.sort {
            None => "按名次（打开时的排名）".into(),
            Some((c, rev)) => format!(
                "按{}排序{}（{}）",
                RANKED_SORT[c],
                if rev { "（反向）" } else { "" },
                crate::tui::keymap::sort_keys(crate::tui::keymap::Context::List)
            ),
        }
    }
}
