//! Views: what the panes and the CLI show, computed from the model and
//! nothing else: tree rows with shares, sorted and filtered (the 三公经费
//! comparison is [`crate::model::sangong`]).

mod filter;
mod units;

pub use filter::{keep, Filter};
pub use units::{sort_units, unit_table, UnitRow, UNIT_COLUMNS};

use crate::compare::{Compared, Timeline};
use crate::model::{Model, NodeId};
use rust_decimal::Decimal;
use std::cmp::Reverse;

/// How siblings are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// largest first
    #[default]
    Amount,
    /// by the pinyin of the name
    Name,
    /// as the document lists them
    Document,
    /// by the change between the two years compared, largest first
    Change,
    /// by the change in percent, largest first
    ChangePct,
}

impl SortKey {
    /// The keys `s` cycles through (the change sorts have keys of their own).
    pub const ALL: [SortKey; 3] = [SortKey::Amount, SortKey::Name, SortKey::Document];

    /// The next key in the order `s` cycles through.
    #[must_use]
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Amount => SortKey::Name,
            SortKey::Name => SortKey::Document,
            SortKey::Document | SortKey::Change | SortKey::ChangePct => SortKey::Amount,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Amount => "金额",
            SortKey::Name => "名称",
            SortKey::Document => "文档顺序",
            SortKey::Change => "增减额",
            SortKey::ChangePct => "增减率",
        }
    }
}

/// A sort order: the key and whether it is reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub reversed: bool,
}

/// How a tree is looked at: one year as the document states it, or lines
/// followed across years (`years`: indices into the model's years, earliest
/// first; the first and the last are the two compared).
#[derive(Debug, Clone, Copy)]
pub enum Lens<'a> {
    /// The model's own tree.
    Plain,
    /// The merged tree of a [`Timeline`] over `years`.
    Years {
        timeline: &'a Timeline,
        years: &'a [usize],
    },
}

impl Lens<'_> {
    /// The children of `id` as this lens shows them, in document order.
    pub fn children(&self, model: &Model, id: NodeId) -> Vec<NodeId> {
        match self {
            Lens::Plain => model.node(id).children.clone(),
            Lens::Years { timeline, years } => timeline.children(model, id, years),
        }
    }

    /// The parent of `id` as this lens shows the tree.
    pub fn parent(&self, model: &Model, id: NodeId) -> Option<NodeId> {
        let p = model.node(id).parent?;
        match self {
            Lens::Plain => Some(p),
            Lens::Years { timeline, years } => timeline.rep(p, years),
        }
    }

    /// The node that stands for `id` in this lens (its line's node in the
    /// later year compared, else the earlier); `None` when its line is in
    /// neither year.
    pub fn rep(&self, id: NodeId) -> Option<NodeId> {
        match self {
            Lens::Plain => Some(id),
            Lens::Years { timeline, years } => timeline.rep(id, years),
        }
    }

    /// Every node below `id` (depth-first), `id` included, as this lens shows the tree.
    pub fn descendants(&self, model: &Model, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.children(model, n).into_iter().rev());
        }
        out
    }

    /// The line of `id` compared between the first and last year of the lens.
    pub fn compared(&self, model: &Model, id: NodeId) -> Option<Compared> {
        match self {
            Lens::Plain => None,
            Lens::Years { timeline, years } => {
                let (&from, &to) = (years.first()?, years.last()?);
                (from != to).then(|| timeline.compare(model, id, from, to))
            }
        }
    }
}

/// Children of `id` in the chosen order, as `lens` shows them.
pub fn sorted_children(model: &Model, lens: Lens, id: NodeId, sort: Sort) -> Vec<NodeId> {
    let mut kids = lens.children(model, id);
    let order = |a: &NodeId| model.node(*a).order;
    match sort.key {
        SortKey::Amount => kids.sort_by_key(|a| (Reverse(model.node(*a).amount), order(a))),
        SortKey::Name => {
            kids.sort_by_cached_key(|a| (crate::collate::sort_key(&model.node(*a).name), order(a)));
        }
        SortKey::Document => kids.sort_by_key(order),
        SortKey::Change | SortKey::ChangePct => {
            // Largest change first, by its size; lines with none last.
            let key = |a: &NodeId| -> Option<Decimal> {
                let c = lens.compared(model, *a)?;
                match sort.key {
                    SortKey::Change => c.known_change().map(|d| d.abs()),
                    _ => c.change_pct.map(|p| p.abs()),
                }
            };
            kids.sort_by_cached_key(|a| (Reverse(key(a)), order(a)));
        }
    }
    if sort.reversed {
        kids.reverse();
    }
    kids
}

/// One row of a tree listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    pub id: NodeId,
    pub depth: usize,
    pub has_children: bool,
}

/// Rows of the tree below `top` (inclusive) down to `max_depth` levels below it.
pub fn flatten(
    model: &Model,
    lens: Lens,
    top: NodeId,
    max_depth: Option<usize>,
    sort: Sort,
) -> Vec<TreeRow> {
    flatten_open(
        model,
        lens,
        top,
        sort,
        |_, depth| max_depth.is_none_or(|m| depth < m),
        |_| true,
    )
}

/// Rows of the tree below `top` (inclusive), going into a node's children
/// only where `open(node, depth)` says so: the explorer's visible rows.
pub fn flatten_open(
    model: &Model,
    lens: Lens,
    top: NodeId,
    sort: Sort,
    open: impl Fn(NodeId, usize) -> bool,
    keep: impl Fn(NodeId) -> bool,
) -> Vec<TreeRow> {
    let mut out = Vec::new();
    let mut stack = vec![(top, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        if !keep(id) {
            continue;
        }
        let has_children = has_children(model, lens, id);
        out.push(TreeRow {
            id,
            depth,
            has_children,
        });
        if has_children && open(id, depth) {
            let kids = sorted_children(model, lens, id, sort);
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
    }
    out
}

/// Does `id` have children as `lens` shows the tree?
pub fn has_children(model: &Model, lens: Lens, id: NodeId) -> bool {
    match lens {
        Lens::Plain => !model.node(id).children.is_empty(),
        Lens::Years { .. } => !lens.children(model, id).is_empty(),
    }
}
