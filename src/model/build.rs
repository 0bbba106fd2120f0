//! Building the arena from datasets: a piece per dataset (its subtree in
//! every view), built where the dataset was loaded, then put together.

use super::{most_precise, Kind, Model, Node, NodeId, View};
use crate::money;
use crate::schema::{Dataset, Entry, Figure, Function, Line, SangongItem};
use rust_decimal::Decimal;

/// One dataset's nodes in every view: its four department nodes (one per
/// view, in [`View::EVERY`]'s order, their year not yet known) and all
/// below them, ids counted from the piece's first node. Built on the thread
/// that loaded the dataset; [`Model::assemble`] puts the pieces behind the
/// roots and years.
pub struct Piece {
    nodes: Vec<Node>,
    /// Which dataset it is (its place in the model's list).
    dataset: usize,
    /// Where its department nodes are, per view.
    departments: [usize; 4],
}

impl Piece {
    /// The nodes of `d`, the `di`th dataset of the model. The unit tree's
    /// entries move into the nodes (the dataset keeps everything else):
    /// nothing is held twice.
    pub fn new(d: &mut Dataset, di: usize) -> Piece {
        let mut b = Builder {
            // Allocated once: a piece never grows.
            nodes: Vec::with_capacity(capacity(d)),
        };
        let categories: Vec<Vec<Entry>> = d
            .units
            .iter_mut()
            .map(|u| std::mem::take(&mut u.categories))
            .collect();
        let mut categories = Some(categories);
        let d = &*d;
        let mut departments = [0; 4];
        for v in View::EVERY {
            let dept = b.push(None, Kind::Department, v, d.department.clone(), Some(di));
            departments[v.index()] = dept.0 as usize;
            // The lines whose sum is the department's total where the
            // document states none: all of them, or in the money view its
            // 收入 alone (政府采购 is spent out of it, not beside it).
            let mut parts = None;
            match v {
                View::Unit => {
                    b.add_units(dept, d, categories.take().unwrap_or_default(), di);
                }
                View::Function => {
                    b.add_functions(dept, &d.functions, di);
                    // 表7's 合计 row as stated (29,820 / 636,910), else the
                    // sum of the 类 (29,821 / 636,911 in rounded rows).
                    let stated = d
                        .function_units
                        .iter()
                        .find(|r| r.unit == d.department)
                        .map(|r| (r.basic, r.project));
                    if let Some(split) = stated.or_else(|| b.children_split(dept)) {
                        b.node_mut(dept).extra_mut().split = Some(split);
                    }
                }
                View::Money => parts = Some(b.add_money(dept, d, di).into_iter().collect()),
                View::Sangong => b.add_sangong(dept, d, di),
            }
            let totals = dept_total(d, v);
            let parts = parts.unwrap_or_else(|| b.node(dept).children.clone());
            let sum = b.known_sum(&parts);
            let n = b.node_mut(dept);
            if !totals.is_empty() {
                // Every statement of it; the most precise is its amount.
                n.figures.extend(totals);
                n.amount = most_precise(&n.figures).map_or(n.amount, |f| f.value);
            } else if n.figures.is_empty() {
                match sum {
                    Some(sum) => n.amount = sum,
                    // Nothing stated it is made of (no income table, no
                    // 三公 table): no amount, rather than a 0 the document
                    // never gave.
                    None => n.unstated = true,
                }
            }
        }
        Piece {
            nodes: b.nodes,
            dataset: di,
            departments,
        }
    }

    /// Its ids moved on by `by` (its place in the arena), each department
    /// under its view's node of `year`.
    fn shift(&mut self, by: u32, year: [NodeId; 4]) {
        for n in &mut self.nodes {
            n.parent = Some(n.parent.map_or(year[n.view.index()], |p| NodeId(p.0 + by)));
            for c in &mut n.children {
                c.0 += by;
            }
        }
    }
}

/// The nodes being built, ids counted from the first.
struct Builder {
    nodes: Vec<Node>,
}

impl Model {
    /// Build the arena from datasets (already validated), one piece after
    /// the other (see [`Piece`]); departments are grouped by year, in the
    /// order given.
    pub fn new(mut datasets: Vec<Dataset>) -> Model {
        let pieces = datasets
            .iter_mut()
            .enumerate()
            .map(|(i, d)| Piece::new(d, i))
            .collect();
        Model::assemble(datasets, pieces)
    }

    /// The model of `datasets` from their pieces (`pieces[i]` made of
    /// `datasets[i]`): the roots and years first, then each piece's nodes
    /// where they are, their ids moved on (no node is copied).
    pub fn assemble(datasets: Vec<Dataset>, mut pieces: Vec<Piece>) -> Model {
        use rayon::prelude::*;
        assert!(
            pieces.iter().enumerate().all(|(i, p)| p.dataset == i),
            "one piece per dataset, in order"
        );
        // The editions open: years of budgets, a 决算 beside them (never
        // added to a 预算: each is a year node of its own).
        let mut years: Vec<crate::schema::Edition> = datasets
            .iter()
            .map(crate::schema::Dataset::edition)
            .collect();
        years.sort_unstable();
        years.dedup();
        let any_final = years
            .iter()
            .any(|e| e.kind == crate::schema::DocKind::Final);
        let mut head = Builder {
            nodes: Vec::with_capacity(View::EVERY.len() * (1 + years.len())),
        };
        let mut roots = [NodeId(0); 4];
        for v in View::EVERY {
            roots[v.index()] = head.push(None, Kind::Root, v, "全部".into(), None);
        }
        for v in View::EVERY {
            for y in &years {
                head.push(
                    Some(roots[v.index()]),
                    Kind::Year,
                    v,
                    y.label(any_final),
                    None,
                );
            }
        }
        // Where each piece goes, and the year nodes of its departments.
        let mut next = head.nodes.len();
        let placed: Vec<(u32, [NodeId; 4])> = pieces
            .iter()
            .zip(&datasets)
            .map(|(p, d)| {
                let at = NodeId::at(next).0;
                next += p.nodes.len();
                let yi = years.binary_search(&d.edition()).expect("edition listed");
                let year = View::EVERY.map(|v| head.node(roots[v.index()]).children[yi]);
                (at, year)
            })
            .collect();
        assert!(
            u32::try_from(next).is_ok(),
            "the arena holds fewer than 2^32 nodes"
        );
        pieces
            .par_iter_mut()
            .zip(&placed)
            .for_each(|(p, &(at, year))| p.shift(at, year));
        for (p, &(at, year)) in pieces.iter_mut().zip(&placed) {
            for (v, &local) in p.departments.iter().enumerate() {
                let siblings = &mut head.node_mut(year[v]).children;
                p.nodes[local].order = u32::try_from(siblings.len()).unwrap_or(u32::MAX);
                siblings.push(NodeId::at(at as usize + local));
            }
        }
        let mut m = Model::from_pieces(
            std::iter::once(head.nodes)
                .chain(pieces.into_iter().map(|p| p.nodes))
                .collect(),
            roots,
        );
        // A year adds up its departments. Different years are never added
        // together: the root holds a total only when one year is open (with
        // several, `compare` shows the years side by side).
        for v in View::EVERY {
            let root = m.roots[v.index()];
            for y in m.node(root).children.clone() {
                // A department whose total is not stated leaves the year's
                // not stated: a sum of the others would be no total.
                let s: Option<Decimal> = m
                    .node(y)
                    .children
                    .iter()
                    .map(|c| m.node(*c).known())
                    .collect::<Option<Vec<_>>>()
                    .map(money::sum);
                let n = m.node_mut(y);
                n.amount = s.unwrap_or_default();
                n.unstated = s.is_none();
            }
            if let [only] = m.node(root).children.as_slice() {
                let (total, unstated) = (m.node(*only).amount, m.node(*only).unstated);
                let n = m.node_mut(root);
                n.amount = total;
                n.unstated = unstated;
            }
        }
        m.years = years;
        m.datasets = datasets;
        m
    }
}

impl Builder {
    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    fn push(
        &mut self,
        parent: Option<NodeId>,
        kind: Kind,
        view: View,
        name: String,
        dataset: Option<usize>,
    ) -> NodeId {
        let id = NodeId::at(self.nodes.len());
        let order = parent.map_or(0, |p| {
            u32::try_from(self.node(p).children.len()).unwrap_or(u32::MAX)
        });
        self.nodes.push(Node {
            parent,
            children: Vec::new(),
            kind,
            view,
            unstated: false,
            name,
            code: Box::default(),
            amount: Decimal::ZERO,
            figures: Vec::new(),
            dataset: dataset.and_then(|d| u32::try_from(d).ok()),
            unit: None,
            order,
            purpose: Box::default(),
            extra: None,
        });
        if let Some(p) = parent {
            self.nodes[p.0 as usize].children.push(id);
        }
        id
    }

    fn set_figures(&mut self, id: NodeId, figures: Vec<Figure>) {
        let n = self.node_mut(id);
        n.amount = most_precise(&figures).map(|f| f.value).unwrap_or_default();
        n.figures = figures;
    }

    /// The units, each with its categories (taken out of the dataset).
    fn add_units(&mut self, dept: NodeId, d: &Dataset, categories: Vec<Vec<Entry>>, di: usize) {
        for ((ui, u), cats) in d.units.iter().enumerate().zip(categories) {
            let id = self.push(Some(dept), Kind::Unit, View::Unit, u.name.clone(), Some(di));
            self.set_figures(id, u.figures.clone());
            self.node_mut(id).unit = u32::try_from(ui).ok();
            for c in cats {
                self.add_entry(id, c, Kind::Category, di);
            }
            // A unit the document states no total of: what is below it.
            if u.figures.is_empty() {
                self.node_mut(id).amount = self.children_sum(id);
            }
        }
    }

    fn add_entry(&mut self, parent: NodeId, e: Entry, kind: Kind, di: usize) {
        let Entry {
            name,
            figures,
            purpose,
            funding,
            funding_t13,
            period,
            sheet,
            children,
        } = e;
        let id = self.push(Some(parent), kind, View::Unit, name, Some(di));
        self.set_figures(id, figures);
        let n = self.node_mut(id);
        n.purpose = purpose.into_boxed_str();
        if funding.is_some() || funding_t13.is_some() || !period.is_empty() || sheet.is_some() {
            let x = n.extra_mut();
            x.funding = funding.into_iter().chain(funding_t13).map(|f| *f).collect();
            x.period = period.into_boxed_str();
            x.sheet = sheet;
        }
        let child_kind = match kind {
            Kind::Category => Kind::Project,
            _ => Kind::Item,
        };
        let stated = !self.node(id).figures.is_empty();
        for c in children {
            self.add_entry(id, c, child_kind, di);
        }
        // A line the document states no figure for: what is below it.
        if !stated && !self.node(id).children.is_empty() {
            self.node_mut(id).amount = self.children_sum(id);
        }
    }

    fn add_functions(&mut self, parent: NodeId, fs: &[Function], di: usize) {
        for f in fs {
            let kind = match f.code.len() {
                3 => Kind::Class,
                5 => Kind::Section,
                _ => Kind::FunctionItem,
            };
            let id = self.push(Some(parent), kind, View::Function, f.name.clone(), Some(di));
            let figures: Vec<Figure> = f.total.iter().cloned().collect();
            if figures.is_empty() {
                // No all-funds figure: the 一般公共预算 rows add up to it.
                let sum: Decimal = crate::money::sum(f.by_unit.iter().map(|r| r.total));
                self.node_mut(id).amount = sum;
            } else {
                self.set_figures(id, figures);
            }
            let n = self.node_mut(id);
            n.code = f.code.as_str().into();
            if !f.by_unit.is_empty() || f.fiscal.is_some() {
                let x = n.extra_mut();
                x.by_unit = f.by_unit.clone().into_boxed_slice();
                x.fiscal.clone_from(&f.fiscal);
            }
            self.add_functions(id, &f.children, di);
            let kids = &self.node(id).children;
            let split = if kids.is_empty() {
                (!f.by_unit.is_empty()).then(|| {
                    (
                        crate::money::sum(f.by_unit.iter().map(|r| r.basic)),
                        crate::money::sum(f.by_unit.iter().map(|r| r.project)),
                    )
                })
            } else {
                self.children_split(id)
            };
            if let Some(split) = split {
                self.node_mut(id).extra_mut().split = Some(split);
            }
            // No figure of its own stated: what is below it (a 类's 一般公共
            // 预算 row, where the table prints one, is stated).
            if f.total.is_none() && f.by_unit.is_empty() && !f.children.is_empty() {
                self.node_mut(id).amount = self.children_sum(id);
            }
        }
    }

    /// 三公 (表12): the department's row is the department node's figure;
    /// each unit a line with the four items below it. A line's figures are
    /// the later year's, then the earlier year's (its 上年).
    fn add_sangong(&mut self, dept: NodeId, d: &Dataset, di: usize) {
        let Some((y0, y1, lines)) = super::sangong::sangong(d) else {
            self.add_sangong_one(dept, d, di);
            return;
        };
        let label = d.label(crate::schema::role::SANGONG);
        let fig = |v: Decimal, c: super::sangong::SangongColumn, unit: &str| Figure {
            value: v,
            precision: v.scale(),
            source: crate::schema::Source {
                place: format!("{label} {unit} {c}").into(),
                line: d
                    .sangong
                    .iter()
                    .find(|r| r.unit == unit && r.year == c.year && r.basis == c.basis)
                    .map_or(0, |r| r.source.line),
            },
        };
        for l in lines {
            let (before, after) = (l.before.values(), l.after.values());
            let parent = if l.is_department {
                dept
            } else {
                self.push(
                    Some(dept),
                    Kind::Group,
                    View::Sangong,
                    l.unit.clone(),
                    Some(di),
                )
            };
            let n = self.node_mut(parent);
            n.amount = after[0];
            n.figures = vec![fig(after[0], y1, &l.unit), fig(before[0], y0, &l.unit)];
            // So that `三公` finds them (as a mention).
            n.purpose = format!("三公经费（{label}）{} 合计", l.unit).into();
            if l.is_department {
                continue;
            }
            for item in super::sangong::items(l.split()) {
                let label = item.label();
                let id = self.push(
                    Some(parent),
                    Kind::Line,
                    View::Sangong,
                    (*label).to_string(),
                    Some(di),
                );
                let (a, b) = (l.after.get(item), l.before.get(item));
                let n = self.node_mut(id);
                n.amount = a;
                n.figures = vec![fig(a, y1, &l.unit), fig(b, y0, &l.unit)];
                n.purpose = format!(
                    "三公经费（{}）{} {label}",
                    d.label(crate::schema::role::SANGONG),
                    l.unit
                )
                .into();
            }
        }
    }

    /// 三公 in one column only (a budget that states this year's alone):
    /// each line's figure, with nothing to compare it with.
    fn add_sangong_one(&mut self, dept: NodeId, d: &Dataset, di: usize) {
        for r in &d.sangong {
            let parent = if r.unit == d.department {
                dept
            } else {
                self.push(
                    Some(dept),
                    Kind::Group,
                    View::Sangong,
                    r.unit.clone(),
                    Some(di),
                )
            };
            let fig = |v: Decimal| Figure {
                value: v,
                precision: v.scale(),
                source: r.source.clone(),
            };
            let n = self.node_mut(parent);
            n.amount = r.total;
            n.figures = vec![fig(r.total)];
            n.purpose = format!("三公经费 {} 合计", r.unit).into();
            if parent == dept {
                continue;
            }
            for item in super::sangong::items(r.split_stated) {
                let id = self.push(
                    Some(parent),
                    Kind::Line,
                    View::Sangong,
                    item.label().to_string(),
                    Some(di),
                );
                let n = self.node_mut(id);
                n.amount = item.of(r);
                n.figures = vec![fig(item.of(r))];
                n.purpose = format!("三公经费 {} {}", r.unit, item.label()).into();
            }
        }
    }

    /// The money view: 收入 and 政府采购, each only where the document gives
    /// it (a document with no income table shows no 收入 of 0). The 收入
    /// group, if any.
    fn add_money(&mut self, dept: NodeId, d: &Dataset, di: usize) -> Option<NodeId> {
        let mut income = None;
        if !d.income.is_empty() {
            let id = self.push(
                Some(dept),
                Kind::Group,
                View::Money,
                "收入".into(),
                Some(di),
            );
            self.add_lines(id, &d.income, di);
            self.node_mut(id).amount = self.children_sum(id);
            income = Some(id);
        }
        if d.procurement.lines.is_empty() {
            return income;
        }
        let proc = self.push(
            Some(dept),
            Kind::Group,
            View::Money,
            "政府采购".into(),
            Some(di),
        );
        // 表11's department line is the group itself.
        let lines: &[Line] = match d.procurement.lines.as_slice() {
            [one] if one.name == d.department => &one.children,
            all => all,
        };
        self.add_lines(proc, lines, di);
        match d.procurement.lines.as_slice() {
            [one] if one.name == d.department => self.set_figures(proc, vec![one.amount.clone()]),
            _ => self.node_mut(proc).amount = self.children_sum(proc),
        }
        income
    }

    /// What the children of `id` add up to.
    fn children_sum(&self, id: NodeId) -> Decimal {
        crate::money::sum(self.node(id).children.iter().map(|c| self.node(*c).amount))
    }

    /// What `ids` add up to; `None` when there are none, or one of them
    /// has no amount stated.
    fn known_sum(&self, ids: &[NodeId]) -> Option<Decimal> {
        if ids.is_empty() {
            return None;
        }
        let amounts: Option<Vec<Decimal>> = ids.iter().map(|c| self.node(*c).known()).collect();
        amounts.map(crate::money::sum)
    }

    /// The children's 基本/项目 splits added up, if any has one.
    fn children_split(&self, id: NodeId) -> Option<(Decimal, Decimal)> {
        self.node(id)
            .children
            .iter()
            .filter_map(|c| self.node(*c).split())
            .reduce(|a, b| (crate::money::sum([a.0, b.0]), crate::money::sum([a.1, b.1])))
    }

    fn add_lines(&mut self, parent: NodeId, lines: &[Line], di: usize) {
        for l in lines {
            let id = self.push(
                Some(parent),
                Kind::Line,
                View::Money,
                l.name.clone(),
                Some(di),
            );
            self.set_figures(id, vec![l.amount.clone()]);
            self.node_mut(id).code = l.code.as_str().into();
            self.add_lines(id, &l.children, di);
        }
    }

    fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.0 as usize]
    }
}

/// How many nodes a dataset makes, at most: every view's lines, with room
/// for the groups the views add.
pub fn capacity(d: &Dataset) -> usize {
    fn entries(es: &[Entry]) -> usize {
        es.iter().map(|e| 1 + entries(&e.children)).sum()
    }
    fn functions(fs: &[Function]) -> usize {
        fs.iter().map(|f| 1 + functions(&f.children)).sum()
    }
    fn lines(ls: &[Line]) -> usize {
        ls.iter().map(|l| 1 + lines(&l.children)).sum()
    }
    let units: usize = d.units.iter().map(|u| 1 + entries(&u.categories)).sum();
    let sangong = (d.units.len() + 1) * SangongItem::SHOWN.len();
    View::EVERY.len()
        + units
        + functions(&d.functions)
        + 2
        + lines(&d.income)
        + lines(&d.procurement.lines)
        + sangong
}

/// The department's own total in a view, as the document states it: every
/// statement of it (the narrative's, the 收支总表's), the most precise
/// becoming its amount.
fn dept_total(d: &Dataset, v: View) -> Vec<Figure> {
    let summary = d.label(crate::schema::role::SUMMARY);
    let find = |row: &str| {
        let key = format!("{summary} {row}");
        d.table_totals
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    };
    let (narrative, rows): (&Option<Figure>, &[&str]) = match v {
        // The year's spending: not 支出总计, which in a 决算 holds what is
        // carried to the next year.
        View::Unit | View::Function => (&d.overall.expenditure, &["本年支出合计", "支出总计"]),
        View::Money => (&d.overall.income, &["收入总计", "本年收入合计"]),
        // The department's own 三公 row, set by `add_sangong`.
        View::Sangong => return Vec::new(),
    };
    let table = rows.iter().find_map(|r| find(r));
    // A national set's 部门支出总表 states the year's spending in its 合计 row.
    let spending = matches!(v, View::Unit | View::Function)
        .then(|| {
            let key = format!("{} 合计", d.label(crate::schema::role::SPENDING));
            d.table_totals
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, f)| f.clone())
        })
        .flatten();
    let mut out: Vec<Figure> = Vec::new();
    if v == View::Function {
        out.extend(table);
        out.extend(spending);
        out.extend(narrative.clone());
    } else {
        out.extend(narrative.clone());
        out.extend(table);
        out.extend(spending);
    }
    // The same figure stated twice at the same line is one statement.
    out.dedup_by(|a, b| a.source == b.source);
    out
}

#[cfg(test)]
mod tests {
    use super::{capacity, Model, Node, Piece};

    #[test]
    fn each_piece_is_allocated_once_and_nodes_stay_small() {
        let mut later = crate::load::bundled();
        later.year = 2021;
        for (i, mut d) in [crate::load::bundled(), later].into_iter().enumerate() {
            let cap = capacity(&d);
            let p = Piece::new(&mut d, i);
            assert!(
                p.nodes.len() <= cap,
                "{} nodes, room for {cap}",
                p.nodes.len()
            );
            assert!(cap < p.nodes.len() * 3 / 2, "{cap} for {}", p.nodes.len());
            assert!(p.nodes.capacity() == cap, "the piece grew");
        }
        // A decade of a city is 3.3 million nodes: every byte is 3 MB.
        assert!(std::mem::size_of::<Node>() <= 160);
    }

    #[test]
    fn pieces_put_together_are_the_model_built_in_one_go() {
        // The ids run on from piece to piece: every node's parent lists it
        // among its children, and the ids are those of one arena.
        let mut later = crate::load::bundled();
        later.year = 2021;
        let m = Model::new(vec![later, crate::load::bundled()]);
        let mut seen = 0;
        for id in m.ids() {
            seen += 1;
            for c in &m.node(id).children {
                assert_eq!(m.node(*c).parent, Some(id));
            }
            if let Some(p) = m.node(id).parent {
                assert!(m.node(p).children.contains(&id), "{id:?}");
            }
        }
        assert_eq!(seen, m.count());
        // Years earliest first; each year's departments in the order given.
        let y2020 = m.year_node(super::View::Unit, 0);
        let dept = m.node(y2020).children[0];
        assert_eq!(m.node(dept).dataset_index(), Some(1));
        assert_eq!(m.node(dept).order, 0);
    }
}
