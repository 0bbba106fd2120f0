//! Moving in the trees: selection, scrolling, expanding, jumping — in one
//! year's tree or in the merged tree of two years compared.

use super::{App, Focus, Row, Tab, TreeState};
use crate::model::{NodeId, View};
use crate::views::{self, Lens};

impl App {
    pub fn tree(&self) -> Option<&TreeState> {
        self.tab.view().map(|v| &self.trees[v.index()])
    }

    pub(super) fn tree_mut(&mut self) -> Option<&mut TreeState> {
        self.tab.view().map(|v| &mut self.trees[v.index()])
    }

    /// The rows of the current tree that are visible (their ancestors
    /// expanded), in order. Computed in `update` when the tree's shape or
    /// order changes, so moving and drawing never recompute them.
    pub fn rows(&self) -> &[Row] {
        match self.tab.view() {
            Some(v) => &self.visible[v.index()],
            None => &[],
        }
    }

    /// Recompute the visible rows of every tree.
    pub(super) fn refresh_rows(&mut self) {
        for v in View::ALL {
            let t = &self.trees[v.index()];
            let keep = self.keep[v.index()].as_ref();
            let rows = views::flatten_open(
                &self.model,
                self.lens(),
                t.top,
                self.sort,
                |id, _| t.expanded.contains(&id),
                |id| keep.is_none_or(|k| k.contains(&id)),
            );
            self.visible[v.index()] = rows;
        }
    }

    /// How the trees are looked at: the two years compared, when several
    /// years are open; else the one year as it is.
    pub fn lens(&self) -> Lens<'_> {
        match &self.timeline {
            Some(timeline) if self.compare[0] != self.compare[1] => Lens::Years {
                timeline,
                years: &self.compare,
            },
            _ => Lens::Plain,
        }
    }

    /// Where each tree starts: the department (or the list of them), in the
    /// later year compared when several are open.
    pub(super) fn tops(&self) -> [NodeId; 3] {
        let comparing = self.compare[0] != self.compare[1];
        View::ALL.map(|v| match &self.timeline {
            Some(t) if comparing => t.top(&self.model, v, &self.compare),
            // The pairing is still being computed: the later year, as it
            // will be compared.
            None if comparing && self.preparing() => self
                .model
                .top_below(self.model.year_node(v, self.compare[1])),
            _ => self.model.top(v),
        })
    }

    /// Trees reset to their tops (after the years compared change), keeping
    /// each selection's line where it still exists.
    pub(super) fn reset_trees(&mut self) {
        let tops = self.tops();
        for (i, top) in tops.iter().enumerate() {
            self.trees[i].top = *top;
        }
        self.apply_filter();
        let lens = self.lens();
        let selected: Vec<Option<NodeId>> =
            self.trees.iter().map(|t| lens.rep(t.selected)).collect();
        for (i, top) in tops.into_iter().enumerate() {
            let t = &mut self.trees[i];
            t.top = top;
            t.expanded.clear();
            t.expanded.insert(top);
            t.selected = top;
            t.offset = 0;
        }
        self.refresh_rows();
        for (i, sel) in selected.into_iter().enumerate() {
            if let Some(sel) = sel {
                if sel != self.trees[i].top {
                    self.reveal(View::ALL[i], sel);
                }
            }
        }
        self.refresh_rows();
        self.clamp_scroll();
    }

    /// `[`: an earlier `from` year (wrapping to the one before `to`); `]`: a
    /// later `to` year (wrapping to the one after `from`).
    pub(super) fn change_years(&mut self, action: super::Action) {
        let n = self.model.years().len();
        if n < 2 {
            self.message = "只打开了一年：加载两年以上的预算即可对比".into();
            return;
        }
        let [from, to] = self.compare;
        self.compare = if action == super::Action::CompareEarlier {
            [if from == 0 { to - 1 } else { from - 1 }, to]
        } else {
            [from, if to + 1 >= n { from + 1 } else { to + 1 }]
        };
        self.message = format!(
            "对比 {} → {}",
            self.model.year_label(self.compare[0]),
            self.model.year_label(self.compare[1])
        );
        self.reset_trees();
    }

    /// Open the ancestors of `id` in `view`'s tree and select it.
    fn reveal(&mut self, view: View, id: NodeId) {
        let lens = self.lens();
        let mut chain = Vec::new();
        let mut cur = lens.parent(&self.model, id);
        while let Some(p) = cur {
            chain.push(p);
            cur = lens.parent(&self.model, p);
        }
        let t = &mut self.trees[view.index()];
        t.expanded.extend(chain);
        t.selected = id;
    }

    pub fn selected(&self) -> Option<NodeId> {
        self.tree().map(|t| t.selected)
    }

    pub(super) fn select_index(&mut self, i: usize) {
        let h = self.areas().tree_rows();
        let Some(v) = self.tab.view() else { return };
        let rows = &self.visible[v.index()];
        if rows.is_empty() {
            return;
        }
        let i = i.min(rows.len() - 1);
        let id = rows[i].id;
        let moved = self.trees[v.index()].selected != id;
        {
            let t = &mut self.trees[v.index()];
            t.selected = id;
            if i < t.offset {
                t.offset = i;
            } else if h > 0 && i >= t.offset + h {
                t.offset = i + 1 - h;
            }
        }
        // A new line's detail starts at its top; a resize keeps the place.
        if moved {
            self.detail.scroll = 0;
        }
    }

    pub(super) fn selected_index(&self) -> usize {
        let sel = self.selected();
        self.rows()
            .iter()
            .position(|r| Some(r.id) == sel)
            .unwrap_or(0)
    }

    /// Keep the selection visible after a resize or a change of rows.
    pub(super) fn clamp_scroll(&mut self) {
        let i = self.selected_index();
        self.select_index(i);
    }

    pub(super) fn move_by(&mut self, delta: isize) {
        match (self.tab, self.focus) {
            (Tab::Sangong, _) => {
                self.sangong.scroll = self.sangong.scroll.saturating_add_signed(delta);
            }
            (_, Focus::Detail) => {
                let (len, rows) = (self.detail_len(), self.detail_rows());
                self.detail.scroll_by(delta, len, rows);
            }
            (_, Focus::Tree) => {
                let i = self.selected_index().saturating_add_signed(delta);
                self.select_index(i);
            }
        }
    }

    /// Lines the detail pane shows at once (inside its border).
    fn detail_rows(&self) -> usize {
        self.areas().detail.height.saturating_sub(2) as usize
    }

    /// How many lines the selected line's detail has at the pane's width.
    fn detail_len(&self) -> usize {
        let w = self.areas().detail.width.saturating_sub(2) as usize;
        self.selected().map_or(0, |id| {
            let years = self
                .timeline
                .as_ref()
                .filter(|_| self.compare[0] != self.compare[1])
                .map(|t| (t, self.compare[0], self.compare[1]));
            crate::detail::lines(&self.model, &self.findings, years, id, self.unit, w).len()
        })
    }

    /// A page: the height of the pane that has focus.
    pub(super) fn page(&self) -> isize {
        let rows = match self.focus {
            Focus::Detail if self.tab != Tab::Sangong => self.detail_rows(),
            _ => self.areas().tree_rows(),
        };
        isize::try_from(rows.max(1)).unwrap_or(isize::MAX)
    }

    /// Select `id` in its view: switch tab, expand its ancestors.
    pub fn jump_to(&mut self, id: NodeId) {
        let view = self.model.node(id).view;
        self.tab = Tab::of(view);
        if view == View::Sangong {
            // The 三公 table: its unit's row, highlighted and in view.
            let m = &self.model;
            let unit = m
                .lineage(id)
                .into_iter()
                .find(|n| m.node(*n).kind == crate::model::Kind::Group)
                .map(|n| m.node(n).name.clone());
            let dept = m.department_of(id).map(|d| m.node(d).name.clone());
            self.sangong.selected = unit.clone().or(dept);
            let row = unit.as_ref().and_then(|u| {
                let d = m.dataset(id)?;
                let (_, _, lines) = crate::model::sangong::sangong(d)?;
                // Department first, then the units (as the table lists them).
                let units: Vec<&String> = lines
                    .iter()
                    .filter(|l| !l.is_department)
                    .map(|l| &l.unit)
                    .collect();
                units.iter().position(|x| *x == u).map(|i| i + 1)
            });
            self.sangong.scroll = row.unwrap_or(0).saturating_sub(2);
            self.focus = Focus::Tree;
            return;
        }
        // In a comparison, a line of any year is shown by its representative;
        // a line of a year not compared has the comparison come to its year
        // (that year and the one before it).
        if self.lens().rep(id).is_none() && self.timeline.is_some() {
            if let Some(y) = self.model.year_of(id) {
                self.compare = if y == 0 { [0, 1] } else { [y - 1, y] };
                self.message = format!(
                    "对比改为 {} → {}",
                    self.model.year_label(self.compare[0]),
                    self.model.year_label(self.compare[1])
                );
                self.reset_trees();
            }
        }
        let Some(id) = self.lens().rep(id) else {
            self.message = "该行不在所比较的两年中（[ ] 选择年份）".into();
            return;
        };
        self.reveal(view, id);
        self.focus = Focus::Tree;
        self.refresh_rows();
        let i = self.selected_index();
        // Centre the jumped-to row when it is off screen.
        let h = self.areas().tree_rows();
        if let Some(t) = self.tree_mut() {
            if i < t.offset || i >= t.offset + h.max(1) {
                t.offset = i.saturating_sub(h / 2);
            }
        }
        self.select_index(i);
    }

    pub(super) fn expand(&mut self) {
        if self.focus == Focus::Detail || self.tab == Tab::Sangong {
            return;
        }
        let Some(sel) = self.selected() else { return };
        let lens = self.lens();
        if !views::has_children(&self.model, lens, sel) {
            return;
        }
        // Open it, or, already open, go into it.
        let first = views::sorted_children(&self.model, lens, sel, self.sort)
            .first()
            .copied();
        let Some(t) = self.tab.view().map(|v| &mut self.trees[v.index()]) else {
            return;
        };
        if t.expanded.insert(sel) {
            self.refresh_rows();
            return;
        }
        if let Some(first) = first {
            t.selected = first;
        }
        self.refresh_rows();
        self.clamp_scroll();
    }

    pub(super) fn collapse(&mut self) {
        if self.focus == Focus::Detail || self.tab == Tab::Sangong {
            return;
        }
        let Some(sel) = self.selected() else { return };
        let parent = self.lens().parent(&self.model, sel);
        let Some(t) = self.tab.view().map(|v| &mut self.trees[v.index()]) else {
            return;
        };
        if t.expanded.contains(&sel) && sel != t.top {
            t.expanded.remove(&sel);
        } else if sel != t.top {
            if let Some(p) = parent {
                t.selected = p;
            }
        }
        self.refresh_rows();
        self.clamp_scroll();
    }

    pub(super) fn expand_all(&mut self) {
        let (Some(sel), Some(v)) = (self.selected(), self.tab.view()) else {
            return;
        };
        let lens = self.lens();
        let below: Vec<(NodeId, bool)> = lens
            .descendants(&self.model, sel)
            .into_iter()
            .map(|id| (id, views::has_children(&self.model, lens, id)))
            .collect();
        let t = &mut self.trees[v.index()];
        let any_closed = below
            .iter()
            .any(|(id, kids)| *kids && !t.expanded.contains(id));
        for (id, _) in below {
            if any_closed {
                t.expanded.insert(id);
            } else if id != t.top {
                t.expanded.remove(&id);
            }
        }
        self.refresh_rows();
        self.clamp_scroll();
    }

    pub(super) fn click(&mut self, x: u16, y: u16) {
        let a = self.areas();
        if let Some(i) = a.tree_row_at(x, y) {
            let offset = self.tree().map_or(0, |t| t.offset);
            if offset + i < self.rows().len() {
                self.focus = Focus::Tree;
                self.select_index(offset + i);
            }
        } else if a.in_detail(x, y) {
            self.focus = Focus::Detail;
        }
    }
}
