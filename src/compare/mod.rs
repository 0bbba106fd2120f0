//! Year over year: every line of a department followed across the years open.
//!
//! Consecutive years of the same department are paired line by line
//! (`matching`); each chain of pairs is a *line* of the [`Timeline`], with
//! its node in every year it exists in. A comparison of two years (`from`,
//! `to`) then reads, for each line, the two amounts, the change, and a
//! [`Status`]: the same, changed, added (新增), removed (取消) or renamed (更名,
//! with the earlier name and why the two were paired). Different years are
//! never added together.
//!
//! The merged tree of a comparison is addressed by ordinary [`NodeId`]s: a
//! line is represented by its node in the later year if it has one, else in
//! the earlier year, so the explorer's tree state and the CLI's listing work
//! on it as on any tree.

mod matching;
pub mod overrides;
pub mod similar;

use crate::model::{Kind, Model, NodeId, View};
use crate::money;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

pub use overrides::{Mapping, MappingError};

/// Why a line of one year was paired with a line of the year before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The same name under paired parents.
    Name,
    /// The same 科目 or 品目 code (the name may differ).
    Code,
    /// The same unit, by its full or short name.
    FullName,
    /// Names this alike (percent), under paired parents.
    Similar(u32),
    /// The same name elsewhere in the same unit: moved between categories.
    Moved,
    /// The same name in another unit, the line's own unit being gone
    /// (merged into another, or split).
    MovedUnit,
    /// A mapping file (`--match`) says so.
    Mapped,
}

impl Why {
    /// Why, in words a reviewer reads.
    pub fn describe(self) -> String {
        match self {
            Why::Name => "名称相同".into(),
            Why::Code => "编码相同".into(),
            Why::FullName => "单位全称或简称相同".into(),
            Why::Similar(s) => format!("同一上级下名称相近（相似度 {s}%）"),
            Why::Moved => "同一单位内名称相同（调整了所属类别）".into(),
            Why::MovedUnit => "原单位已撤并，同一部门内名称相同（调整了所属单位）".into(),
            Why::Mapped => "对照文件指定（--match）".into(),
        }
    }
}

/// What happened to a line between two years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Same,
    Changed,
    /// Only in the later year (新增).
    Added,
    /// Only in the earlier year (取消).
    Removed,
    /// In both, under another name (更名).
    Renamed,
}

impl Status {
    /// The name JSON uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Same => "same",
            Status::Changed => "changed",
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Renamed => "renamed",
        }
    }
    /// A short Chinese label, readable without colour.
    pub fn label(self) -> &'static str {
        match self {
            Status::Same => "持平",
            Status::Changed => "增减",
            Status::Added => "新增",
            Status::Removed => "取消",
            Status::Renamed => "更名",
        }
    }
}

/// One line followed across the years: its node in each year (or none).
#[derive(Debug, Clone)]
struct Line {
    nodes: Vec<Option<NodeId>>,
    /// How the node of year `k` was paired with that of year `k − 1`.
    why: Vec<Option<Why>>,
}

/// Every line of every view across the years open.
#[derive(Debug, Clone)]
pub struct Timeline {
    years: Vec<crate::schema::Edition>,
    /// For each node of the arena, its line.
    line_of: Vec<u32>,
    lines: Vec<Line>,
}

/// A line's two years compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    /// The amount in each year; `None` where the line does not exist that
    /// year, or the document states no amount for it ([`Compared::unstated`]).
    pub from: Option<Decimal>,
    pub to: Option<Decimal>,
    pub status: Status,
    /// `to − from` where both exist; the whole amount for an added line, its
    /// negative for a removed one; 0 where an amount is not stated (read
    /// [`Compared::known_change`] where that matters).
    pub change: Decimal,
    /// The change in percent of `from`; `None` when `from` is 0 or absent.
    pub change_pct: Option<Decimal>,
    /// The earlier name of a renamed line, and why the two were paired.
    pub previous_name: Option<String>,
    pub why: Vec<Why>,
    /// A unit in one year only because the other year's document gives the
    /// department whole, as its one unit (a 决算 beside a 预算 by unit):
    /// not a unit added or removed.
    pub unsplit: bool,
    /// The line's amount is not stated in a year it exists in (a
    /// department of a document with no income table, in the money view):
    /// no change is computed, and none is shown.
    pub unstated: bool,
}

impl Compared {
    /// The change, or `None` where an amount it would be computed from is
    /// not stated.
    pub fn known_change(&self) -> Option<Decimal> {
        (!self.unstated).then_some(self.change)
    }

    /// The status as the tables show it: 新增, 取消, 更名 …, or 未分单位
    /// where the other year does not break the department down by unit.
    pub fn label(&self) -> &'static str {
        if self.unsplit {
            "未分单位"
        } else {
            self.status.label()
        }
    }
}

const NO_LINE: u32 = u32::MAX;

impl Timeline {
    /// Follow every line across the years of `model`, pairing consecutive
    /// years (a mapping file's pairs first).
    pub fn new(model: &Model, mapping: &Mapping) -> Timeline {
        let years = model.years().to_vec();
        let n = years.len();
        let mut t = Timeline {
            years,
            line_of: vec![NO_LINE; model.count()],
            lines: Vec::new(),
        };
        // The root and the year nodes are one line per view.
        for v in View::ALL {
            let root = model.root(v);
            let l = t.new_line(n);
            t.lines[l].nodes = vec![Some(root); n];
            t.line_of[root.0 as usize] = u32_of(l);
            let l = t.new_line(n);
            for k in 0..n {
                let y = model.year_node(v, k);
                t.lines[l].nodes[k] = Some(y);
                t.line_of[y.0 as usize] = u32_of(l);
            }
        }
        let mut by_year: Vec<Vec<NodeId>> = vec![Vec::new(); n];
        for (id, node) in model.nodes() {
            if node.dataset.is_some() {
                if let Some(k) = model.year_of(id) {
                    by_year[k].push(id);
                }
            }
        }
        for (k, ids) in by_year.iter().enumerate() {
            if k > 0 {
                for (e, l, why) in pairs_between(model, k - 1, k, mapping) {
                    let line = t.line_of[e.0 as usize];
                    if line != NO_LINE && t.line_of[l.0 as usize] == NO_LINE {
                        t.lines[line as usize].nodes[k] = Some(l);
                        t.lines[line as usize].why[k] = Some(why);
                        t.line_of[l.0 as usize] = line;
                    }
                }
            }
            for &id in ids {
                if t.line_of[id.0 as usize] == NO_LINE {
                    let l = t.new_line(n);
                    t.lines[l].nodes[k] = Some(id);
                    t.line_of[id.0 as usize] = u32_of(l);
                }
            }
        }
        t
    }

    fn new_line(&mut self, years: usize) -> usize {
        self.lines.push(Line {
            nodes: vec![None; years],
            why: vec![None; years],
        });
        self.lines.len() - 1
    }

    fn line(&self, id: NodeId) -> &Line {
        &self.lines[self.line_of[id.0 as usize] as usize]
    }

    /// The editions followed, earliest first.
    pub fn years(&self) -> &[crate::schema::Edition] {
        &self.years
    }

    /// The node of `id`'s line in year `k`.
    pub fn node_in(&self, id: NodeId, k: usize) -> Option<NodeId> {
        self.line(id).nodes.get(k).copied().flatten()
    }

    /// The node that stands for `id`'s line among `years`: the latest that has one.
    pub fn rep(&self, id: NodeId, years: &[usize]) -> Option<NodeId> {
        years.iter().rev().find_map(|&k| self.node_in(id, k))
    }

    /// Does `id`'s line exist in any of `years`?
    pub fn present(&self, id: NodeId, years: &[usize]) -> bool {
        self.rep(id, years).is_some()
    }

    /// The merged children of `id` among `years`: every line below it that
    /// exists in one of them, each by its representative node.
    pub fn children(&self, model: &Model, id: NodeId, years: &[usize]) -> Vec<NodeId> {
        let me = self.line_of[id.0 as usize];
        let mut seen: HashSet<u32> = HashSet::new();
        let mut out = Vec::new();
        for &k in years.iter().rev() {
            let Some(n) = self.node_in(id, k) else {
                continue;
            };
            for &c in &model.node(n).children {
                let line = self.line_of[c.0 as usize];
                if !seen.insert(line) {
                    continue;
                }
                let Some(rep) = self.rep(c, years) else {
                    continue;
                };
                // A line moved elsewhere belongs under its later parent.
                let parent = model.node(rep).parent.map(|p| self.line_of[p.0 as usize]);
                if parent == Some(me) {
                    out.push(rep);
                }
            }
        }
        out
    }

    /// `id`'s line compared between years `from` and `to`.
    pub fn compare(&self, model: &Model, id: NodeId, from: usize, to: usize) -> Compared {
        let line = self.line(id);
        let (a, b) = (line.nodes[from], line.nodes[to]);
        let amount = |n: Option<NodeId>| n.and_then(|n| model.node(n).known());
        let (fa, ta) = (amount(a), amount(b));
        let unstated = [a, b]
            .into_iter()
            .flatten()
            .any(|n| model.node(n).known().is_none());
        let status = match (a, b) {
            // A year is named by its year: 2028年 → 2029年 is no renaming.
            (Some(x), Some(y))
                if model.node(x).name != model.node(y).name
                    && model.node(y).kind != crate::model::Kind::Year =>
            {
                Status::Renamed
            }
            (Some(_), Some(_)) if fa == ta => Status::Same,
            (Some(_), Some(_)) => Status::Changed,
            (None, Some(_)) => Status::Added,
            _ => Status::Removed,
        };
        let (change, change_pct) = match (fa, ta) {
            _ if unstated => (Decimal::ZERO, None),
            (Some(x), Some(y)) => money::change(x, y),
            (None, Some(y)) => (y, None),
            (Some(x), None) => (-x, None),
            (None, None) => (Decimal::ZERO, None),
        };
        let why = if a.is_some() && b.is_some() {
            line.why[from + 1..=to].iter().flatten().copied().collect()
        } else {
            Vec::new()
        };
        let unsplit = match (a, b) {
            (Some(x), None) => self.other_year_whole(model, x, to),
            (None, Some(y)) => self.other_year_whole(model, y, from),
            _ => false,
        };
        Compared {
            from: fa,
            to: ta,
            status,
            change,
            change_pct,
            previous_name: (status == Status::Renamed)
                .then(|| a.map(|x| model.node(x).name.clone()))
                .flatten(),
            why,
            unsplit,
            unstated,
        }
    }

    /// Is `id` a unit (or a line below one), and does its department's
    /// document of year `other` give the department whole, as its one unit —
    /// or break it down by unit where `id`'s year gives it whole? Then the
    /// two years' units cannot be paired, and neither they nor their lines
    /// are new or gone.
    fn other_year_whole(&self, model: &Model, id: NodeId, other: usize) -> bool {
        let mut up = Some(id);
        while let Some(u) = up.filter(|u| model.node(*u).kind != Kind::Unit) {
            if matches!(
                model.node(u).kind,
                Kind::Department | Kind::Year | Kind::Root
            ) {
                return false;
            }
            up = model.node(u).parent;
        }
        let Some(n) = up.map(|u| model.node(u)) else {
            return false;
        };
        let Some(here) = n.dataset_index().and_then(|i| model.datasets.get(i)) else {
            return false;
        };
        let Some(edition) = self.years.get(other) else {
            return false;
        };
        let Some(there) = model
            .datasets
            .iter()
            .find(|d| d.department == here.department && d.edition() == *edition)
        else {
            return false;
        };
        let whole =
            |d: &crate::schema::Dataset| d.units.len() == 1 && d.units[0].name == d.department;
        whole(there) != whole(here)
    }

    /// Where a comparison of `years` starts in `view`: the year line, or the
    /// department when every year open has just one and it is the same.
    pub fn top(&self, model: &Model, view: View, years: &[usize]) -> NodeId {
        let last = *years.last().unwrap_or(&0);
        let year = model.year_node(view, last);
        match self.children(model, year, years).as_slice() {
            [one] if model.node(*one).kind == Kind::Department => *one,
            _ => year,
        }
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 lines")
}

/// Every pair between years `a` and `b` (indices into `model.years()`):
/// departments by name, then their lines, view by view.
fn pairs_between(
    model: &Model,
    a: usize,
    b: usize,
    mapping: &Mapping,
) -> Vec<(NodeId, NodeId, Why)> {
    let mut out = Vec::new();
    for v in View::ALL {
        let (ya, yb) = (model.year_node(v, a), model.year_node(v, b));
        let later: HashMap<&str, NodeId> = model
            .node(yb)
            .children
            .iter()
            .map(|d| (model.node(*d).name.as_str(), *d))
            .collect();
        for &e in &model.node(ya).children {
            let Some(&l) = later.get(model.node(e).name.as_str()) else {
                continue;
            };
            let mut p = matching::Pairer::new(model, mapping.forced());
            p.pair(e, l, Why::Name);
            out.extend(p.pairs);
        }
    }
    out
}

#[cfg(test)]
mod tests;
