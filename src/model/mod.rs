//! The in-memory model: one arena of nodes for every view of every dataset
//! (one run of ids, held as a piece per dataset: see [`Piece`]).
//!
//! Root → year → department → unit → category → project → item (unit view);
//! root → year → department → 类 → 款 → 项 (function view); root → year →
//! department → income / procurement lines (money view). Each node knows its
//! amount (the most precise figure the document gives), the figure as stated,
//! and where each came from.

mod build;
pub mod sangong;

pub use build::{capacity, Piece};

use crate::money;
use crate::schema::{Dataset, Figure, FunctionByUnit, Funding, ProjectSheet};
use rust_decimal::Decimal;

/// Index of a node in the arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The id of the node at `i` in the arena.
    fn at(i: usize) -> NodeId {
        NodeId(u32::try_from(i).expect("the arena holds fewer than 2^32 nodes"))
    }
}

/// The trees a dataset is seen through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// department → unit → category → project → item
    Unit,
    /// the 科目编码 tree: 类 → 款 → 项
    Function,
    /// income (表1) and procurement (表11)
    Money,
    /// 三公经费: department → unit → item, the later year's figures (表12)
    Sangong,
}

impl View {
    /// The views shown as trees in the explorer.
    pub const ALL: [View; 3] = [View::Unit, View::Function, View::Money];
    /// Every view the model builds: the trees, and 三公 (searchable, shown
    /// by the explorer as its comparison table).
    pub const EVERY: [View; 4] = [View::Unit, View::Function, View::Money, View::Sangong];
    pub fn index(self) -> usize {
        match self {
            View::Unit => 0,
            View::Function => 1,
            View::Money => 2,
            View::Sangong => 3,
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
    /// The document states no amount for this line, nor the lines that
    /// would make it up (a department of a document with no income table,
    /// in the money view): its `amount` is 0 and means nothing.
    unstated: bool,
    pub name: String,
    /// 科目编码 or 采购品目 code.
    pub code: Box<str>,
    /// The most precise figure the document gives, in 万元 (0 where it
    /// gives none: read [`Node::known`] where that matters).
    pub amount: Decimal,
    /// Every figure stated for this line (most precise first is not implied).
    pub figures: Vec<Figure>,
    /// Which dataset this node belongs to (`None` for root and year nodes);
    /// read it with [`Node::dataset_index`].
    pub dataset: Option<u32>,
    /// The unit index within its dataset, for unit nodes.
    pub unit: Option<u32>,
    /// Position in the document among its siblings.
    pub order: u32,
    pub purpose: Box<str>,
    /// What few lines have (read through [`Node::funding`] and the like):
    /// one pointer for the many that have none of it.
    extra: Option<Box<Extra>>,
}

/// What only some lines have: a project's funding, period and sheet; a
/// 科目's 表7 rows, 财政拨款 figure and split.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// 财政拨款 / 其他资金 as stated: the sheet's (表15) first, then 表13's.
    pub funding: Box<[Funding]>,
    pub period: Box<str>,
    pub sheet: Option<Box<ProjectSheet>>,
    /// 表7 rows, for 项 nodes.
    pub by_unit: Box<[FunctionByUnit]>,
    /// 财政拨款 figure (表6), for function nodes.
    pub fiscal: Option<Figure>,
    /// 一般公共预算 split into 基本支出 and 项目支出 (表7), for 科目 nodes:
    /// a 项's rows added up, a 款 or 类 its 项.
    pub split: Option<(Decimal, Decimal)>,
}

impl Node {
    /// 财政拨款 / 其他资金 as stated: the sheet's (表15) first, then 表13's.
    pub fn funding(&self) -> &[Funding] {
        self.extra.as_ref().map_or(&[], |e| &e.funding)
    }
    /// The project's 执行时间, or "".
    pub fn period(&self) -> &str {
        self.extra.as_ref().map_or("", |e| &e.period)
    }
    /// The project's sheet (表15).
    pub fn sheet(&self) -> Option<&ProjectSheet> {
        self.extra.as_ref()?.sheet.as_deref()
    }
    /// 表7 rows, for 项 nodes.
    pub fn by_unit(&self) -> &[FunctionByUnit] {
        self.extra.as_ref().map_or(&[], |e| &e.by_unit)
    }
    /// 财政拨款 figure (表6), for function nodes.
    pub fn fiscal(&self) -> Option<&Figure> {
        self.extra.as_ref()?.fiscal.as_ref()
    }
    /// 一般公共预算 split into 基本支出 and 项目支出 (表7), for 科目 nodes.
    pub fn split(&self) -> Option<(Decimal, Decimal)> {
        self.extra.as_ref()?.split
    }
    /// The extras, made when first written.
    fn extra_mut(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }
    /// Which dataset this node belongs to (`None` for root and year nodes).
    pub fn dataset_index(&self) -> Option<usize> {
        self.dataset.map(|d| d as usize)
    }
    /// The amount, or `None` where the document states none for this line
    /// nor the lines that make it up: shown as —, never the whole of a
    /// share nor an end of a change.
    pub fn known(&self) -> Option<Decimal> {
        (!self.unstated).then_some(self.amount)
    }
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

pub use crate::schema::most_precise;

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
    /// The arena, in pieces: the roots and years, then each dataset's nodes
    /// (built where it was loaded, see [`Piece`]). Ids run on from one
    /// piece to the next.
    pieces: Vec<Vec<Node>>,
    /// The first id of each piece, then the number of nodes.
    starts: Vec<u32>,
    /// For each [`BLOCK`] ids, the piece that holds the first of them.
    blocks: Vec<u32>,
    roots: [NodeId; 4],
    /// The editions open (years, and a year's 预算 before its 决算), earliest first.
    years: Vec<crate::schema::Edition>,
}

/// Ids per entry of [`Model::blocks`]: a lookup finds the piece of its
/// block's first id, then steps on while the id lies past it (a dataset's
/// piece is thousands of nodes, so rarely once).
const BLOCK: u32 = 256;

impl Model {
    /// The model over these pieces of the arena (no datasets yet).
    fn from_pieces(pieces: Vec<Vec<Node>>, roots: [NodeId; 4]) -> Model {
        let mut starts = Vec::with_capacity(pieces.len() + 1);
        let mut next = 0;
        for p in &pieces {
            starts.push(NodeId::at(next).0);
            next += p.len();
        }
        let total = NodeId::at(next).0;
        starts.push(total);
        let mut blocks = Vec::with_capacity((total / BLOCK + 1) as usize);
        let mut piece = 0;
        for first in (0..total).step_by(BLOCK as usize) {
            while starts[piece + 1] <= first {
                piece += 1;
            }
            blocks.push(u32::try_from(piece).expect("fewer pieces than nodes"));
        }
        Model {
            datasets: Vec::new(),
            pieces,
            starts,
            blocks,
            roots,
            years: Vec::new(),
        }
    }

    /// Which piece holds `id`, and where in it.
    fn locate(&self, id: NodeId) -> (usize, usize) {
        let mut p = self.blocks[(id.0 / BLOCK) as usize] as usize;
        while self.starts[p + 1] <= id.0 {
            p += 1;
        }
        (p, (id.0 - self.starts[p]) as usize)
    }

    pub fn node(&self, id: NodeId) -> &Node {
        let (p, i) = self.locate(id);
        &self.pieces[p][i]
    }

    fn node_mut(&mut self, id: NodeId) -> &mut Node {
        let (p, i) = self.locate(id);
        &mut self.pieces[p][i]
    }

    /// How many nodes there are (ids run from 0 to one less).
    pub fn count(&self) -> usize {
        self.starts.last().map_or(0, |n| *n as usize)
    }

    /// The editions open (years, a year's 预算 before its 决算), earliest first.
    pub fn years(&self) -> &[crate::schema::Edition] {
        &self.years
    }

    /// How the explorer names edition `i`: `2020年`, or `2020年预算` and
    /// `2020年决算` when a 决算 is open.
    pub fn year_label(&self, i: usize) -> String {
        let any_final = self
            .years
            .iter()
            .any(|e| e.kind == crate::schema::DocKind::Final);
        self.years
            .get(i)
            .map(|e| e.label(any_final))
            .unwrap_or_default()
    }

    /// The year node of `years()[i]` in `view`.
    pub fn year_node(&self, view: View, i: usize) -> NodeId {
        self.node(self.root(view)).children[i]
    }

    /// The year (index into `years()`) a node belongs to; `None` for the root.
    pub fn year_of(&self, id: NodeId) -> Option<usize> {
        let n = self.node(id);
        match n.dataset_index() {
            Some(d) => self
                .years
                .iter()
                .position(|y| *y == self.datasets[d].edition()),
            None if n.kind == Kind::Year => self
                .node(self.root(n.view))
                .children
                .iter()
                .position(|y| *y == id),
            None => None,
        }
    }

    pub fn root(&self, view: View) -> NodeId {
        self.roots[view.index()]
    }

    /// Where a view starts for people: past a root and year that hold just one
    /// child each, so one dataset opens at its department.
    pub fn top(&self, view: View) -> NodeId {
        self.top_below(self.root(view))
    }

    /// [`Model::top`] from `id` down: past a root or year that holds just
    /// one child.
    pub fn top_below(&self, mut id: NodeId) -> NodeId {
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

    /// Share of the parent in percent (2 decimals, 四舍五入); `None` where
    /// either amount is not stated.
    pub fn share_of_parent(&self, id: NodeId) -> Option<Decimal> {
        let p = self.node(id).parent?;
        self.share(id, p)
    }

    /// Share of the unit above it in percent (for lines below a unit).
    pub fn share_of_unit(&self, id: NodeId) -> Option<Decimal> {
        let u = self
            .ancestors(id)
            .find(|a| self.node(*a).kind == Kind::Unit)?;
        self.share(id, u)
    }

    /// Share of the department in percent.
    pub fn share_of_department(&self, id: NodeId) -> Option<Decimal> {
        let d = self.department_of(id)?;
        self.share(id, d)
    }

    /// `part`'s amount in percent of `whole`'s, both stated.
    fn share(&self, part: NodeId, whole: NodeId) -> Option<Decimal> {
        money::percent(self.node(part).known()?, self.node(whole).known()?)
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
        (0..self.count()).map(NodeId::at)
    }

    /// Every node with its id, in id order, read piece by piece (no lookup
    /// per node).
    pub fn nodes(&self) -> impl Iterator<Item = (NodeId, &Node)> {
        self.pieces
            .iter()
            .zip(&self.starts)
            .flat_map(|(p, &s)| p.iter().zip(s..).map(|(n, i)| (NodeId(i), n)))
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
        for (id, n) in self.nodes() {
            if matches!(n.kind, Kind::Root | Kind::Year) || (n.name != *last && *n.code != **last) {
                continue;
            }
            let lineage = self.lineage(id);
            if lineage.len() >= parts.len()
                && lineage[lineage.len() - parts.len()..]
                    .iter()
                    .zip(&parts)
                    .all(|(a, b)| {
                        let (name, code) = names(*a);
                        name == *b || (!code.is_empty() && &*code == *b)
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
    /// `view` looks in that tree only.
    pub fn resolve(&self, query: &str, view: Option<View>) -> Result<NodeId, ResolveError> {
        let mut found = self.lookup(query);
        if let Some(v) = view {
            found.retain(|id| self.node(*id).view == v);
        }
        let Some(first_view) = found.iter().map(|id| self.node(*id).view.index()).min() else {
            return Err(ResolveError::NotFound {
                query: query.to_string(),
            });
        };
        let mut found: Vec<NodeId> = found
            .into_iter()
            .filter(|id| self.node(*id).view.index() == first_view)
            .collect();
        // The same line in several years: the latest year answers.
        if let Some(latest) = found.iter().filter_map(|id| self.year_of(*id)).max() {
            if found
                .iter()
                .filter(|id| self.year_of(**id) == Some(latest))
                .count()
                == 1
            {
                found.retain(|id| self.year_of(*id) == Some(latest));
            }
        }
        match found.as_slice() {
            [one] => Ok(*one),
            _ => Err(ResolveError::Ambiguous {
                query: query.to_string(),
                candidates: found.iter().map(|id| self.path(*id)).collect(),
            }),
        }
    }

    /// The earlier year's figure the document itself states for this line,
    /// with where: the department's total, from part 2's stated change
    /// (2020's 694,773 and "减少 72,325" give 767,098), and 三公 by unit and
    /// item (表12's earlier year).
    pub fn stated_prior(&self, id: NodeId) -> Option<Figure> {
        let n = self.node(id);
        if n.view == View::Sangong {
            return n.figures.get(1).cloned();
        }
        if n.kind != Kind::Department || n.view != View::Unit {
            return None;
        }
        let o = &self.dataset(id)?.overall;
        let (now, change) = (o.expenditure.as_ref()?, o.change.as_ref()?);
        Some(Figure {
            value: now.value.checked_sub(change.value)?,
            precision: now.precision.max(change.precision),
            source: crate::schema::Source {
                place: format!("{}（上年数为本年数减去增减额）", change.source.place).into(),
                line: change.source.line,
            },
        })
    }

    /// The unit record behind a unit node, and its dataset.
    pub fn unit_record(&self, id: NodeId) -> Option<(&Dataset, &crate::schema::Unit)> {
        let n = self.node(id);
        let d = &self.datasets[n.dataset_index()?];
        Some((d, d.units.get(n.unit? as usize)?))
    }

    pub fn dataset(&self, id: NodeId) -> Option<&Dataset> {
        self.node(id).dataset_index().map(|i| &self.datasets[i])
    }

    /// Where a figure of `id` stands in its file: `第375行` in a text,
    /// `第12页 第34行` in a PDF, `表7!D34` in a workbook ([`Dataset::locate`]).
    pub fn figure_at(&self, id: NodeId, f: &Figure) -> String {
        self.dataset(id)
            .map(|d| d.locate(&f.source, Some(f.value)))
            .unwrap_or_default()
    }

    /// A figure of `id` cited: its place in the document and where it
    /// stands in the file (`表7 人才引进 第12页 第34行`).
    pub fn cite(&self, id: NodeId, f: &Figure) -> String {
        self.dataset(id).map_or_else(
            || f.source.place.to_string(),
            |d| d.cite(&f.source, Some(f.value)),
        )
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
    fn a_department_whose_income_is_not_stated_has_no_amount_in_the_money_view() {
        let mut with_procurement = dataset("乙局", 2020);
        with_procurement.procurement.lines = vec![crate::schema::Line {
            name: "办公设备".into(),
            code: String::new(),
            amount: fig("30", 0),
            children: Vec::new(),
        }];
        let m = Model::new(vec![dataset("甲局", 2020), with_procurement]);
        let money = |dept: &str| {
            m.lookup(dept)
                .into_iter()
                .find(|id| m.node(*id).view == View::Money)
                .unwrap()
        };
        // No income table: no amount (not 0), and no procurement taken for it.
        assert_eq!(m.node(money("甲局")).known(), None);
        assert_eq!(m.node(money("乙局")).known(), None);
        let proc = m.node(money("乙局")).children[0];
        assert_eq!(m.node(proc).known(), Some(d("30")));
        assert_eq!(m.share_of_parent(proc), None);
        assert_eq!(m.share_of_department(proc), None);
        // The year cannot add up what is not stated; the other views stand.
        assert_eq!(m.node(m.year_node(View::Money, 0)).known(), None);
        assert_eq!(m.node(m.root(View::Money)).known(), None);
        assert_eq!(m.node(m.year_node(View::Unit, 0)).known(), Some(d("199.6")));
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
        // Years are never added together: each year has its total, the root
        // none across them.
        let totals: Vec<Decimal> = m
            .node(root)
            .children
            .iter()
            .map(|y| m.node(*y).amount)
            .collect();
        assert_eq!(totals, vec![d("99.8"), d("199.6")]);
        assert_eq!(m.node(root).amount, Decimal::ZERO);
        assert_eq!(
            m.years().iter().map(|e| e.year).collect::<Vec<_>>(),
            [2019, 2020]
        );
        assert_eq!(m.year_of(m.lookup("丙局/本级")[0]), Some(1));
        // A name in two departments is two nodes; a path tells them apart.
        assert_eq!(m.lookup("本级").len(), 3);
        assert_eq!(m.lookup("丙局/本级").len(), 1);
        let one = Model::new(vec![dataset("甲局", 2020)]);
        assert_eq!(one.node(one.top(View::Unit)).kind, Kind::Department);
    }
}
