//! Pairing one department's lines in two years, view by view.
//!
//! Under a pair of matched parents, children are paired by what identifies
//! them — units by name or full name, categories, projects, items and income
//! lines by name, 科目 by code, procurement lines by 品目 code (or name) —
//! then the leftovers by name similarity ([`super::similar`]). Within a unit,
//! a project still unpaired is paired with one of the same name elsewhere in
//! the unit (moved between categories). A mapping file's pairs come first and
//! are never second-guessed.

use super::similar::{similarity, THRESHOLD};
use super::Why;
use crate::model::{Kind, Model, NodeId};
use std::collections::{HashMap, HashSet};

/// Pairs (earlier, later, why) of one department's subtree in two years.
pub(super) struct Pairer<'a> {
    model: &'a Model,
    /// Pairs a mapping file forces: earlier → later.
    forced: &'a HashMap<NodeId, NodeId>,
    forced_later: HashSet<NodeId>,
    pub(super) pairs: Vec<(NodeId, NodeId, Why)>,
}

/// How many candidate pairs the similarity pass looks at under one parent
/// before giving up on renames there (a parent with thousands of new and
/// gone children is a restructuring, not a list of renames).
const MAX_SIMILARITY_PAIRS: usize = 250_000;

impl<'a> Pairer<'a> {
    pub(super) fn new(model: &'a Model, forced: &'a HashMap<NodeId, NodeId>) -> Pairer<'a> {
        Pairer {
            model,
            forced,
            forced_later: forced.values().copied().collect(),
            pairs: Vec::new(),
        }
    }

    /// Pair `earlier` with `later` (two departments, or two matched lines)
    /// and everything below them.
    pub(super) fn pair(&mut self, earlier: NodeId, later: NodeId, why: Why) {
        self.pairs.push((earlier, later, why));
        let before = self.pairs.len();
        self.children(earlier, later);
        match self.model.node(later).kind {
            Kind::Unit => self.moved_within(earlier, later, before),
            Kind::Department => self.merged_units(earlier, later, before),
            _ => {}
        }
    }

    /// A unit of the earlier year with no counterpart (merged into another,
    /// or split): its projects are paired with unpaired projects of the same
    /// name anywhere in the later department.
    fn merged_units(&mut self, earlier: NodeId, later: NodeId, from: usize) {
        let m = self.model;
        let paired_e: HashSet<NodeId> = self.pairs[from..].iter().map(|p| p.0).collect();
        let gone: Vec<NodeId> = m
            .node(earlier)
            .children
            .iter()
            .copied()
            .filter(|u| m.node(*u).kind == Kind::Unit && !paired_e.contains(u))
            .collect();
        if gone.is_empty() {
            return;
        }
        let paired_l: HashSet<NodeId> = self.pairs[from..].iter().map(|p| p.1).collect();
        let mut later_by_name: HashMap<&str, NodeId> = HashMap::new();
        for l in m.descendants(later) {
            let n = m.node(l);
            if n.kind == Kind::Project && !paired_l.contains(&l) && !self.forced_later.contains(&l)
            {
                later_by_name.entry(n.name.as_str()).or_insert(l);
            }
        }
        for u in gone {
            for e in m.descendants(u) {
                let n = m.node(e);
                if n.kind != Kind::Project || self.forced.contains_key(&e) {
                    continue;
                }
                if let Some(l) = later_by_name.remove(n.name.as_str()) {
                    self.pair(e, l, Why::MovedUnit);
                }
            }
        }
    }

    /// What identifies a line among its siblings, by kind.
    fn keys(&self, id: NodeId) -> Vec<String> {
        let n = self.model.node(id);
        match n.kind {
            Kind::Unit => {
                let mut k = vec![n.name.clone()];
                if let Some((_, u)) = self.model.unit_record(id) {
                    k.push(u.full_name.clone());
                }
                k
            }
            Kind::Class | Kind::Section | Kind::FunctionItem => vec![n.code.to_string()],
            Kind::Line if !n.code.is_empty() => vec![n.code.to_string()],
            _ => vec![n.name.clone()],
        }
    }

    fn children(&mut self, earlier: NodeId, later: NodeId) {
        let m = self.model;
        // Forced pairs first.
        let mut left: Vec<NodeId> = Vec::new();
        for &e in &m.node(earlier).children {
            match self.forced.get(&e) {
                Some(&l) => self.pair(e, l, Why::Mapped),
                None => left.push(e),
            }
        }
        let mut right: Vec<NodeId> = m
            .node(later)
            .children
            .iter()
            .copied()
            .filter(|l| !self.forced_later.contains(l))
            .collect();
        // Exact keys.
        let mut by_key: HashMap<String, NodeId> = HashMap::new();
        for &l in right.iter().rev() {
            for k in self.keys(l) {
                by_key.insert(k, l);
            }
        }
        let mut taken: HashSet<NodeId> = HashSet::new();
        let mut unpaired: Vec<NodeId> = Vec::new();
        for e in left {
            let found = self
                .keys(e)
                .into_iter()
                .find_map(|k| by_key.get(&k).copied().filter(|l| !taken.contains(l)));
            match found {
                Some(l) => {
                    taken.insert(l);
                    let why = key_why(m, e, l);
                    self.pair(e, l, why);
                }
                None => unpaired.push(e),
            }
        }
        right.retain(|l| !taken.contains(l));
        self.similar(&unpaired, &right);
    }

    /// Is this the unit that stands for its whole department (a document
    /// whose tables give no unit's figures apart)? It is no unit's rename.
    fn whole_department(&self, id: NodeId) -> bool {
        let m = self.model;
        m.node(id).kind == Kind::Unit
            && m.dataset(id).is_some_and(|d| {
                d.units.len() == 1 && d.units[0].name == d.department && !d.units_named.is_empty()
            })
    }

    /// Leftovers under the same parent: the most similar names first, each
    /// at least [`THRESHOLD`] alike.
    fn similar(&mut self, left: &[NodeId], right: &[NodeId]) {
        if left.is_empty() || right.is_empty() || left.len() * right.len() > MAX_SIMILARITY_PAIRS {
            return;
        }
        let m = self.model;
        let mut scored: Vec<(u32, usize, usize)> = Vec::new();
        for (i, &e) in left.iter().enumerate() {
            for (j, &l) in right.iter().enumerate() {
                let (a, b) = (m.node(e), m.node(l));
                if a.kind != b.kind || self.whole_department(e) != self.whole_department(l) {
                    continue;
                }
                let s = similarity(&a.name, &b.name);
                if s >= THRESHOLD {
                    scored.push((s, i, j));
                }
            }
        }
        // Best first; ties in document order.
        scored.sort_by_key(|&(s, i, j)| (std::cmp::Reverse(s), i, j));
        let (mut used_l, mut used_r) = (HashSet::new(), HashSet::new());
        for (s, i, j) in scored {
            if used_l.contains(&i) || used_r.contains(&j) {
                continue;
            }
            used_l.insert(i);
            used_r.insert(j);
            self.pair(left[i], right[j], Why::Similar(s));
        }
    }

    /// Projects and items of a unit left unpaired in both years, with the
    /// same name: one line moved from one category (or project) to another.
    fn moved_within(&mut self, earlier: NodeId, later: NodeId, from: usize) {
        let m = self.model;
        let paired_e: HashSet<NodeId> = self.pairs[from..].iter().map(|p| p.0).collect();
        let paired_l: HashSet<NodeId> = self.pairs[from..].iter().map(|p| p.1).collect();
        let movable = |k: Kind| matches!(k, Kind::Project | Kind::Item);
        let mut later_by_name: HashMap<&str, NodeId> = HashMap::new();
        for l in m.descendants(later) {
            let n = m.node(l);
            if movable(n.kind) && !paired_l.contains(&l) && !self.forced_later.contains(&l) {
                later_by_name.entry(n.name.as_str()).or_insert(l);
            }
        }
        for e in m.descendants(earlier) {
            let n = m.node(e);
            if !movable(n.kind) || paired_e.contains(&e) || self.forced.contains_key(&e) {
                continue;
            }
            if let Some(l) = later_by_name.remove(n.name.as_str()) {
                self.pair(e, l, Why::Moved);
            }
        }
    }
}

/// Why two lines with a common key were paired: the same name, or (when the
/// names differ) the same code or full name.
fn key_why(m: &Model, e: NodeId, l: NodeId) -> Why {
    let (a, b) = (m.node(e), m.node(l));
    if a.name == b.name {
        Why::Name
    } else if !a.code.is_empty() && a.code == b.code {
        Why::Code
    } else {
        Why::FullName
    }
}
