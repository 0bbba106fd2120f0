//! The in-memory model: one arena of nodes for every view of every dataset.
//!
//! Root → year → department → unit → category → project → item (unit view);
//! root → year → department → 类 → 款 → 项 (function view); root → year →
//! department → income / procurement lines (money view). Each node knows its
//! amount (the most precise figure the document gives), the figure as stated,
//! and where each came from.

use crate::money;
use crate::schema::{
    Dataset, Entry, Figure, Function, FunctionByUnit, Funding, Line, ProjectSheet,
};
use rust_decimal::Decimal;

/// Index of a node in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// The trees a dataset is seen through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum View {
    /// department → unit → category → project → item
    Unit,
    /// the 科目编码 tree: 类 → 款 → 项
    Function,
    /// income (表1) and procurement (表11)
    Money,
}

impl View {
    pub const ALL: [View; 3] = [View::Unit, View::Function, View::Money];
    pub fn index(self) -> usize {
        match self {
            View::Unit => 0,
            View::Function => 1,
            View::Money => 2,
        }
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Root,
    Year,
    Department,
    Unit,
    Category,
    Project,
    Item,
    /// 类 (3-digit code).
    Class,
    /// 款 (5-digit code).
    Section,
    /// 项 (7-digit code).
    FunctionItem,
    /// 收入 or 政府采购 heading of the money view.
    Group,
    /// A line of 表1's income side or of 表11.
    Line,
}

impl Kind {
    /// The name JSON output uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Root => "root",
            Kind::Year => "year",
            Kind::Department => "department",
            Kind::Unit => "unit",
            Kind::Category => "category",
            Kind::Project => "project",
            Kind::Item | Kind::FunctionItem => "item",
            Kind::Class => "class",
            Kind::Section => "section",
            Kind::Group => "group",
            Kind::Line => "line",
        }
    }
    /// A short Chinese label for the detail pane.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Root => "全部",
            Kind::Year => "年度",
            Kind::Department => "部门",
            Kind::Unit => "单位",
            Kind::Category => "支出类别",
            Kind::Project => "项目",
            Kind::Item => "子项",
            Kind::Class => "类",
            Kind::Section => "款",
            Kind::FunctionItem => "项",
            Kind::Group => "分组",
            Kind::Line => "明细",
        }
    }
}

/// One node of the arena.
#[derive(Debug, Clone)]
pub struct Node {
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    pub kind: Kind,
    pub view: View,
    pub name: String,
    /// 科目编码 or 采购品目 code.
    pub code: String,
    /// The most precise figure the document gives, in 万元.
    pub amount: Decimal,
    /// Every figure stated for this line (most precise first is not implied).
    pub figures: Vec<Figure>,
    /// Which dataset this node belongs to (`None` for root and year nodes).
    pub dataset: Option<usize>,
    /// The unit index within its dataset, for unit nodes.
    pub unit: Option<usize>,
    /// Position in the document among its siblings.
    pub order: u32,
    pub purpose: String,
    pub funding: Option<Funding>,
    pub period: String,
    pub sheet: Option<Box<ProjectSheet>>,
    /// 表7 rows, for 项 nodes.
    pub by_unit: Vec<FunctionByUnit>,
    /// 财政拨款 figure (表6), for function nodes.
    pub fiscal: Option<Figure>,
    /// 一般公共预算 split into 基本支出 and 项目支出 (表7), for 科目 nodes:
    /// a 项's rows added up, a 款 or 类 its 项.
    pub split: Option<(Decimal, Decimal)>,
}

impl Node {
    /// The figure as the narrative states it, when it differs from the amount
    /// (the rounded 2,654 beside 2,654.333237).
    pub fn stated(&self) -> Option<Decimal> {
        let first = self.figures.first()?;
        (first.value != self.amount || first.precision < self.precision()).then_some(first.value)
    }
    /// Decimals of 万元 the amount carries.
    pub fn precision(&self) -> u32 {
        self.figures.iter().map(|f| f.precision).max().unwrap_or(0)
    }
}

/// The most precise figure: greatest precision, the earliest among equals.
pub fn most_precise(figs: &[Figure]) -> Option<&Figure> {
    figs.iter().rev().max_by_key(|f| f.precision)
}

/// Why a name or path names no single node.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Nothing is named so.
    #[error("nothing is named {query:?}")]
    NotFound { query: String },
    /// Several nodes are; each candidate is a path of names.
    #[error("{query:?} names {} lines; give a path (names joined by /)", candidates.len())]
    Ambiguous {
        query: String,
        candidates: Vec<Vec<String>>,
    },
}

/// All datasets and the arena of their nodes.
#[derive(Debug, Clone)]
pub struct Model {
    pub datasets: Vec<Dataset>,
    pub nodes: Vec<Node>,
    roots: [NodeId; 3],
}

impl Model {
    /// Build the arena from datasets (already validated). Datasets are grouped
    /// by year, then by department, in the order given.
    pub fn new(datasets: Vec<Dataset>) -> Model {
        let mut m = Model {
            datasets: Vec::new(),
            nodes: Vec::new(),
            roots: [NodeId(0); 3],
        };
        for v in View::ALL {
            let r = m.push(None, Kind::Root, v, "全部".into(), None);
            m.roots[v.index()] = r;
        }
        let mut years: Vec<i32> = datasets.iter().map(|d| d.year).collect();
        years.sort_unstable();
        years.dedup();
        for v in View::ALL {
            for y in &years {
                m.push(
                    Some(m.roots[v.index()]),
                    Kind::Year,
                    v,
                    format!("{y}年"),
                    None,
                );
            }
        }
        for (di, d) in datasets.iter().enumerate() {
            for v in View::ALL {
                let yi = years
                    .iter()
                    .position(|y| *y == d.year)
                    .expect("year listed");
                let year = m.node(m.roots[v.index()]).children[yi];
                let dept = m.push(
                    Some(year),
                    Kind::Department,
                    v,
                    d.department.clone(),
                    Some(di),
                );
                match v {
                    View::Unit => m.add_units(dept, d, di),
                    View::Function => {
                        m.add_functions(dept, &d.functions, di);
                        m.node_mut(dept).split = m.children_split(dept);
                    }
                    View::Money => m.add_money(dept, d, di),
                }
                let total = dept_total(d, v);
                let sum = m.children_sum(dept);
                let n = m.node_mut(dept);
                match total {
                    Some(f) => {
                        n.amount = f.value;
                        n.figures.push(f);
                    }
                    None => n.amount = sum,
                }
            }
        }
        // Year and root nodes add up what is below them.
        for v in View::ALL {
            let root = m.roots[v.index()];
            let mut root_sum = Decimal::ZERO;
            for y in m.node(root).children.clone() {
                let s = m.children_sum(y);
                m.node_mut(y).amount = s;
                root_sum += s;
            }
            m.node_mut(root).amount = root_sum;
        }
        m.datasets = datasets;
        m
    }

    fn push(
        &mut self,
        parent: Option<NodeId>,
        kind: Kind,
        view: View,
        name: String,
        dataset: Option<usize>,
    ) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        let order = parent
            .map(|p| self.node(p).children.len() as u32)
            .unwrap_or(0);
        self.nodes.push(Node {
            parent,
            children: Vec::new(),
            kind,
            view,
            name,
            code: String::new(),
            amount: Decimal::ZERO,
            figures: Vec::new(),
            dataset,
            unit: None,
            order,
            purpose: String::new(),
            funding: None,
            period: String::new(),
            sheet: None,
            by_unit: Vec::new(),
            fiscal: None,
            split: None,
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

    fn add_units(&mut self, dept: NodeId, d: &Dataset, di: usize) {
        for (ui, u) in d.units.iter().enumerate() {
            let id = self.push(Some(dept), Kind::Unit, View::Unit, u.name.clone(), Some(di));
            self.set_figures(id, u.figures.clone());
            self.node_mut(id).unit = Some(ui);
            for c in &u.categories {
                self.add_entry(id, c, Kind::Category, di);
            }
        }
    }

    fn add_entry(&mut self, parent: NodeId, e: &Entry, kind: Kind, di: usize) {
        let id = self.push(Some(parent), kind, View::Unit, e.name.clone(), Some(di));
        self.set_figures(id, e.figures.clone());
        let n = self.node_mut(id);
        n.purpose = e.purpose.clone();
        n.funding = e.funding.clone();
        n.period = e.period.clone();
        n.sheet = e.sheet.clone().map(Box::new);
        let child_kind = match kind {
            Kind::Category => Kind::Project,
            _ => Kind::Item,
        };
        for c in &e.children {
            self.add_entry(id, c, child_kind, di);
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
                let sum: Decimal = f.by_unit.iter().map(|r| r.total).sum();
                self.node_mut(id).amount = sum;
            } else {
                self.set_figures(id, figures);
            }
            let n = self.node_mut(id);
            n.code = f.code.clone();
            n.by_unit = f.by_unit.clone();
            n.fiscal = f.fiscal.clone();
            self.add_functions(id, &f.children, di);
            let kids = &self.node(id).children;
            let split = if kids.is_empty() {
                (!f.by_unit.is_empty()).then(|| {
                    (
                        f.by_unit.iter().map(|r| r.basic).sum(),
                        f.by_unit.iter().map(|r| r.project).sum(),
                    )
                })
            } else {
                self.children_split(id)
            };
            self.node_mut(id).split = split;
            if f.total.is_none() && !f.children.is_empty() {
                self.node_mut(id).amount = self.children_sum(id);
            }
        }
    }

    fn add_money(&mut self, dept: NodeId, d: &Dataset, di: usize) {
        let income = self.push(
            Some(dept),
            Kind::Group,
            View::Money,
            "收入".into(),
            Some(di),
        );
        self.add_lines(income, &d.income, di);
        self.node_mut(income).amount = self.children_sum(income);
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
    }

    /// What the children of `id` add up to.
    fn children_sum(&self, id: NodeId) -> Decimal {
        self.node(id)
            .children
            .iter()
            .map(|c| self.node(*c).amount)
            .sum()
    }

    /// The children's 基本/项目 splits added up, if any has one.
    fn children_split(&self, id: NodeId) -> Option<(Decimal, Decimal)> {
        self.node(id)
            .children
            .iter()
            .filter_map(|c| self.node(*c).split)
            .reduce(|a, b| (a.0 + b.0, a.1 + b.1))
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
            self.node_mut(id).code = l.code.clone();
            self.add_lines(id, &l.children, di);
        }
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.0 as usize]
    }

    pub fn root(&self, view: View) -> NodeId {
        self.roots[view.index()]
    }

    /// Where a view starts for people: past a root and year that hold just one
    /// child each, so one dataset opens at its department.
    pub fn top(&self, view: View) -> NodeId {
        let mut id = self.root(view);
        while matches!(self.node(id).kind, Kind::Root | Kind::Year)
            && self.node(id).children.len() == 1
        {
            id = self.node(id).children[0];
        }
        id
    }

    /// The department node above (or at) `id`.
    pub fn department_of(&self, id: NodeId) -> Option<NodeId> {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if self.node(c).kind == Kind::Department {
                return Some(c);
            }
            cur = self.node(c).parent;
        }
        None
    }

    /// Share of the parent in percent (2 decimals, 四舍五入).
    pub fn share_of_parent(&self, id: NodeId) -> Option<Decimal> {
        let p = self.node(id).parent?;
        money::percent(self.node(id).amount, self.node(p).amount)
    }

    /// Share of the department in percent.
    pub fn share_of_department(&self, id: NodeId) -> Option<Decimal> {
        let d = self.department_of(id)?;
        money::percent(self.node(id).amount, self.node(d).amount)
    }

    /// The parent, the grandparent … up to the root (excluding `id`).
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).parent, |p| self.node(*p).parent)
    }

    /// Ancestors from the department (inclusive) down to `id` (inclusive).
    pub fn lineage(&self, id: NodeId) -> Vec<NodeId> {
        let mut out: Vec<NodeId> = std::iter::once(id)
            .chain(self.ancestors(id))
            .take_while(|c| !matches!(self.node(*c).kind, Kind::Root | Kind::Year))
            .collect();
        out.reverse();
        out
    }

    /// The human name of a node: 科目 and 品目 lines carry their code
    /// (`2011008 人才引进及管理`).
    pub fn label(&self, id: NodeId) -> String {
        let n = self.node(id);
        if n.code.is_empty() {
            n.name.clone()
        } else {
            format!("{} {}", n.code, n.name)
        }
    }

    /// Names from the department down: what `path` means in JSON and `show`.
    pub fn path(&self, id: NodeId) -> Vec<String> {
        self.lineage(id)
            .into_iter()
            .map(|n| self.node(n).name.clone())
            .collect()
    }

    /// Every node below `id` (depth-first, document order), `id` included.
    pub fn descendants(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.node(n).children.iter().rev());
        }
        out
    }

    /// All node ids.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    /// Nodes a name or a `/`-joined path names, in any view. A path may start
    /// at the department or below it; each step matches a name, or a 科目 or
    /// 品目 code (`show 2011008`, `show 市人社局本级/项目支出/人才引进及管理`).
    pub fn lookup(&self, query: &str) -> Vec<NodeId> {
        let parts: Vec<&str> = query
            .split('/')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let Some(last) = parts.last() else {
            return Vec::new();
        };
        let names = |id: NodeId| {
            let n = self.node(id);
            (n.name.clone(), n.code.clone())
        };
        let mut out: Vec<NodeId> = Vec::new();
        for id in self.ids() {
            let n = self.node(id);
            if matches!(n.kind, Kind::Root | Kind::Year) || (n.name != *last && n.code != *last) {
                continue;
            }
            let lineage = self.lineage(id);
            if lineage.len() >= parts.len()
                && lineage[lineage.len() - parts.len()..]
                    .iter()
                    .zip(&parts)
                    .all(|(a, b)| {
                        let (name, code) = names(*a);
                        name == *b || (!code.is_empty() && code == *b)
                    })
            {
                out.push(id);
            }
        }
        out
    }

    /// Resolve a name or path to one node. When several views name it, the
    /// unit view answers first, then the function view, then the money view:
    /// a unit is also a line of 政府采购, but `show 单位` means the unit.
    pub fn resolve(&self, query: &str) -> Result<NodeId, ResolveError> {
        let found = self.lookup(query);
        let Some(first_view) = found.iter().map(|id| self.node(*id).view.index()).min() else {
            return Err(ResolveError::NotFound {
                query: query.to_string(),
            });
        };
        let found: Vec<NodeId> = found
            .into_iter()
            .filter(|id| self.node(*id).view.index() == first_view)
            .collect();
        match found.as_slice() {
            [one] => Ok(*one),
            _ => Err(ResolveError::Ambiguous {
                query: query.to_string(),
                candidates: found.iter().map(|id| self.path(*id)).collect(),
            }),
        }
    }

    /// The unit record behind a unit node, and its dataset.
    pub fn unit_record(&self, id: NodeId) -> Option<(&Dataset, &crate::schema::Unit)> {
        let n = self.node(id);
        let d = &self.datasets[n.dataset?];
        Some((d, d.units.get(n.unit?)?))
    }

    pub fn dataset(&self, id: NodeId) -> Option<&Dataset> {
        self.node(id).dataset.map(|i| &self.datasets[i])
    }
}

/// The department's own total in a view, as the document states it.
fn dept_total(d: &Dataset, v: View) -> Option<Figure> {
    let find = |label: &str| {
        d.table_totals
            .iter()
            .find(|(k, _)| k.contains(label))
            .map(|(_, f)| f.clone())
    };
    match v {
        View::Unit => d
            .overall
            .expenditure
            .clone()
            .or_else(|| find("表1 支出总计")),
        View::Function => find("表1 本年支出合计").or_else(|| d.overall.expenditure.clone()),
        View::Money => find("表1 收入总计").or_else(|| d.overall.income.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Entry, Source};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn fig(v: &str, p: u32) -> Figure {
        Figure {
            value: d(v),
            precision: p,
            source: Source::default(),
        }
    }

    fn dataset(dept: &str, year: i32) -> Dataset {
        let mut ds: Dataset = ron::from_str(&format!(
            "(format: 1, department: \"{dept}\", year: {year}, units: [])"
        ))
        .unwrap();
        ds.units.push(crate::schema::Unit {
            name: "本级".into(),
            full_name: format!("{dept}本级"),
            figures: vec![fig("100", 0), fig("99.8", 2)],
            staffing: None,
            goals: None,
            categories: vec![Entry {
                children: vec![
                    Entry::leaf("甲", vec![fig("60", 0)]),
                    Entry::leaf("乙", vec![fig("40", 0), fig("39.9", 2)]),
                ],
                ..Entry::leaf("项目支出", vec![fig("100", 0)])
            }],
        });
        ds
    }

    #[test]
    fn the_most_precise_figure_is_the_amount_and_the_first_is_as_stated() {
        let m = Model::new(vec![dataset("甲局", 2020)]);
        let unit = m.lookup("本级")[0];
        assert_eq!(m.node(unit).amount, d("99.8"));
        assert_eq!(m.node(unit).stated(), Some(d("100")));
        let a = m.lookup("本级/项目支出/甲")[0];
        assert_eq!(
            m.node(a).stated(),
            None,
            "one figure: nothing to tell apart"
        );
        assert_eq!(
            most_precise(&[fig("1", 0), fig("1.5", 1), fig("1.4", 1)])
                .unwrap()
                .value,
            d("1.5")
        );
    }

    #[test]
    fn shares_of_parent_and_department() {
        let m = Model::new(vec![dataset("甲局", 2020)]);
        let b = m.lookup("项目支出/乙")[0];
        assert_eq!(m.share_of_parent(b), Some(d("39.90")));
        // The department has no stated total: it is the sum of its units, 99.8.
        assert_eq!(m.share_of_department(b), Some(d("39.98")));
        assert_eq!(m.path(b), vec!["甲局", "本级", "项目支出", "乙"]);
        assert_eq!(m.node(b).kind, Kind::Project);
    }

    #[test]
    fn datasets_group_by_year_then_department() {
        let m = Model::new(vec![
            dataset("甲局", 2020),
            dataset("乙局", 2019),
            dataset("丙局", 2020),
        ]);
        let root = m.root(View::Unit);
        let years: Vec<&str> = m
            .node(root)
            .children
            .iter()
            .map(|y| m.node(*y).name.as_str())
            .collect();
        assert_eq!(years, vec!["2019年", "2020年"]);
        let y2020 = m.node(root).children[1];
        let depts: Vec<&str> = m
            .node(y2020)
            .children
            .iter()
            .map(|c| m.node(*c).name.as_str())
            .collect();
        assert_eq!(depts, vec!["甲局", "丙局"]);
        assert_eq!(m.top(View::Unit), root, "several datasets open at the root");
        assert_eq!(m.node(root).amount, d("299.4"));
        // A name in two departments is two nodes; a path tells them apart.
        assert_eq!(m.lookup("本级").len(), 3);
        assert_eq!(m.lookup("丙局/本级").len(), 1);
        let one = Model::new(vec![dataset("甲局", 2020)]);
        assert_eq!(one.node(one.top(View::Unit)).kind, Kind::Department);
    }
}
