//! Views: what the panes and the CLI show, computed from the model and
//! nothing else — tree rows with shares, and the 三公经费 comparison.

use crate::model::{Model, NodeId};
use crate::money;
use crate::schema::{Dataset, SangongRow};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// How siblings are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SortKey {
    /// largest first
    #[default]
    Amount,
    /// by the pinyin of the name
    Name,
    /// as the document lists them
    Document,
}

impl SortKey {
    /// Every sort key, in the order `s` cycles through them.
    pub const ALL: [SortKey; 3] = [SortKey::Amount, SortKey::Name, SortKey::Document];

    /// The next key in the order `s` cycles through.
    #[must_use]
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Amount => SortKey::Name,
            SortKey::Name => SortKey::Document,
            SortKey::Document => SortKey::Amount,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Amount => "金额",
            SortKey::Name => "名称",
            SortKey::Document => "文档顺序",
        }
    }
}

/// A sort order: the key and whether it is reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    pub key: SortKey,
    pub reversed: bool,
}

/// Children of `id` in the chosen order.
pub fn sorted_children(model: &Model, id: NodeId, sort: Sort) -> Vec<NodeId> {
    let mut kids = model.node(id).children.clone();
    let cmp = |a: &NodeId, b: &NodeId| -> Ordering {
        let (na, nb) = (model.node(*a), model.node(*b));
        match sort.key {
            SortKey::Amount => nb.amount.cmp(&na.amount).then(na.order.cmp(&nb.order)),
            SortKey::Name => crate::collate::sort_key(&na.name)
                .cmp(&crate::collate::sort_key(&nb.name))
                .then(na.order.cmp(&nb.order)),
            SortKey::Document => na.order.cmp(&nb.order),
        }
    };
    kids.sort_by(cmp);
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
pub fn flatten(model: &Model, top: NodeId, max_depth: Option<usize>, sort: Sort) -> Vec<TreeRow> {
    flatten_open(model, top, sort, |_, depth| {
        max_depth.is_none_or(|m| depth < m)
    })
}

/// Rows of the tree below `top` (inclusive), going into a node's children
/// only where `open(node, depth)` says so: the explorer's visible rows.
pub fn flatten_open(
    model: &Model,
    top: NodeId,
    sort: Sort,
    open: impl Fn(NodeId, usize) -> bool,
) -> Vec<TreeRow> {
    let mut out = Vec::new();
    let mut stack = vec![(top, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        let has_children = !model.node(id).children.is_empty();
        out.push(TreeRow {
            id,
            depth,
            has_children,
        });
        if has_children && open(id, depth) {
            let kids = sorted_children(model, id, sort);
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
    }
    out
}

/// The four 三公 items and their total, for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SangongYear {
    pub total: Decimal,
    pub abroad: Decimal,
    pub reception: Decimal,
    pub vehicle_purchase: Decimal,
    pub vehicle_operation: Decimal,
}

impl SangongYear {
    fn of(r: &SangongRow) -> SangongYear {
        SangongYear {
            total: r.total,
            abroad: r.abroad,
            reception: r.reception,
            vehicle_purchase: r.vehicle_purchase,
            vehicle_operation: r.vehicle_operation,
        }
    }
    /// The figures in the order of [`SANGONG_ITEMS`].
    pub fn values(&self) -> [Decimal; 5] {
        [
            self.total,
            self.abroad,
            self.reception,
            self.vehicle_purchase,
            self.vehicle_operation,
        ]
    }
}

/// (JSON key, Chinese label) of the 三公 columns, total first.
pub const SANGONG_ITEMS: [(&str, &str); 5] = [
    ("total", "合计"),
    ("abroad", "因公出国(境)费"),
    ("reception", "公务接待费"),
    ("vehicle_purchase", "公务用车购置费"),
    ("vehicle_operation", "公务用车运行维护费"),
];

/// One unit's (or the department's) 三公 in two years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SangongLine {
    pub unit: String,
    pub is_department: bool,
    pub before: SangongYear,
    pub after: SangongYear,
}

impl SangongLine {
    /// (change, change %) per column.
    pub fn changes(&self) -> [(Decimal, Option<Decimal>); 5] {
        let (b, a) = (self.before.values(), self.after.values());
        std::array::from_fn(|i| money::change(b[i], a[i]))
    }
}

/// The 三公 comparison of a dataset: (earlier year, later year, lines with the
/// department last). `None` when the dataset has no two years of 三公.
pub fn sangong(d: &Dataset) -> Option<(i32, i32, Vec<SangongLine>)> {
    let mut years: Vec<i32> = d.sangong.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let (&y0, &y1) = (years.first()?, years.last()?);
    if y0 == y1 {
        return None;
    }
    let mut names: Vec<String> = Vec::new();
    for r in &d.sangong {
        if !names.contains(&r.unit) {
            names.push(r.unit.clone());
        }
    }
    // Department last, units in the dataset's order.
    names.sort_by_key(|n| {
        if *n == d.department {
            usize::MAX
        } else {
            d.units
                .iter()
                .position(|u| u.name == *n)
                .unwrap_or(usize::MAX - 1)
        }
    });
    let lines = names
        .into_iter()
        .map(|u| {
            let get = |y: i32| {
                d.sangong
                    .iter()
                    .find(|r| r.unit == u && r.year == y)
                    .map(SangongYear::of)
                    .unwrap_or_default()
            };
            SangongLine {
                is_department: u == d.department,
                before: get(y0),
                after: get(y1),
                unit: u,
            }
        })
        .collect();
    Some((y0, y1, lines))
}
