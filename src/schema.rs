//! The data file format (RON), version 1: what a dataset file holds, field by field.
//!
//! One file is one department's budget for one year. Every amount is a decimal
//! *string* in 万元 (`"2654.333237"`): a bare number is rejected, because RON
//! would read it through a float. Every figure carries where it came from.
//!
//! Later format versions must keep reading version 1 files: new fields are
//! added with `#[serde(default)]`, and `format` says which version wrote a file.

mod sangong;

pub use sangong::{Restated, SangongItem, SangongNarrative, SangongRow};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The newest format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Where a figure or text stands in the source document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    /// Table and row, or part and paragraph: `表15 人力资源综合管理 项目总金额`.
    pub place: Place,
    /// Line in the source text (1-based), 0 when not known.
    #[serde(default)]
    pub line: u32,
}

/// A [`Source`]'s place: text shared by every figure that names the same
/// place (a city's generated files name a handful of places for millions
/// of figures). Written and read as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Place(std::sync::Arc<str>);

/// How many distinct places a loading thread shares before it stops
/// sharing (hostile files could name millions).
const PLACES_SHARED: usize = 65_536;

/// The places a loading thread has read, and the last of them (figures
/// side by side mostly name the same place: no hashing for those).
#[derive(Default)]
struct Places {
    all: std::collections::HashSet<std::sync::Arc<str>>,
    last: Option<std::sync::Arc<str>>,
}

thread_local! {
    static PLACES: std::cell::RefCell<Places> = std::cell::RefCell::default();
}

impl Place {
    /// The place, shared with an equal one read before on this thread.
    fn shared(s: &str) -> Place {
        PLACES.with(|p| {
            let mut p = p.borrow_mut();
            if let Some(a) = p.last.as_ref().filter(|a| ***a == *s) {
                return Place(a.clone());
            }
            let a = if let Some(a) = p.all.get(s) {
                a.clone()
            } else {
                let a: std::sync::Arc<str> = s.into();
                if p.all.len() < PLACES_SHARED {
                    p.all.insert(a.clone());
                }
                a
            };
            p.last = Some(a.clone());
            Place(a)
        })
    }
}

impl std::ops::Deref for Place {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Place {
    fn from(s: String) -> Place {
        Place(s.into())
    }
}

impl From<&str> for Place {
    fn from(s: &str) -> Place {
        Place(s.into())
    }
}

impl From<&Place> for Place {
    /// The same text, shared (no copy).
    fn from(p: &Place) -> Place {
        p.clone()
    }
}

impl From<&String> for Place {
    fn from(s: &String) -> Place {
        Place(s.as_str().into())
    }
}

impl PartialEq<str> for Place {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Place {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Place {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Place, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Place;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Place, E> {
                Ok(Place::shared(v))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// One figure as the document states it, in 万元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub value: Decimal,
    /// How many decimals of 万元 the document gave (0 = whole 万元; a 元
    /// figure converted to 万元 has 4 more than its 元 digits).
    pub precision: u32,
    pub source: Source,
}

/// The most precise figure: greatest precision, the earliest among equals.
pub fn most_precise(figs: &[Figure]) -> Option<&Figure> {
    figs.iter().rev().max_by_key(|f| f.precision)
}

/// 财政拨款 / 其他资金 split of an amount, in 万元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Funding {
    pub fiscal: Decimal,
    pub other: Decimal,
    pub source: Source,
}

/// One performance indicator row (表14 or 表15).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// 一级指标: 产出指标 / 效益指标 / 满意度指标 (表15: 产出目标 / 效果目标).
    pub level1: String,
    /// 二级指标: 数量 / 质量 / 时效 / 成本 / 社会效益 / 满意度 …
    pub level2: String,
    pub name: String,
    pub target: String,
    /// 目标值来源 (表15 only).
    #[serde(default)]
    pub basis: String,
    pub source: Source,
}

/// A project's 表15 performance sheet.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProjectSheet {
    /// The name 表15 uses, when it differs from the node's.
    #[serde(default)]
    pub sheet_name: String,
    #[serde(default)]
    pub project_type: String,
    #[serde(default)]
    pub fund_use: String,
    #[serde(default)]
    pub period: String,
    /// 固定资产采购金额 in 万元 and 采购品目.
    #[serde(default)]
    pub asset_purchase: Option<Decimal>,
    /// Where 固定资产采购金额 stands.
    #[serde(default)]
    pub asset_source: Option<Source>,
    #[serde(default)]
    pub asset_items: String,
    #[serde(default)]
    pub overview: String,
    #[serde(default)]
    pub usage: String,
    #[serde(default)]
    pub medium_goal: String,
    #[serde(default)]
    pub annual_goal: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// The four categories part 3 breaks a unit's spending into.
pub mod category {
    /// 人员支出 (basic spending: staff).
    pub const PERSONNEL: &str = "人员支出";
    /// 公用支出 (basic spending: running costs).
    pub const PUBLIC: &str = "公用支出";
    /// 对个人和家庭的补助支出 (basic spending: subsidies to people).
    pub const SUBSIDIES: &str = "对个人和家庭的补助支出";
    /// 项目支出 (project spending).
    pub const PROJECTS: &str = "项目支出";
    /// The categories of 基本支出, in the document's order.
    pub const BASIC: [&str; 3] = [PERSONNEL, PUBLIC, SUBSIDIES];
    /// All four, in the document's order.
    pub const ALL: [&str; 4] = [PERSONNEL, PUBLIC, SUBSIDIES, PROJECTS];
    /// 基本支出 as one line, where the document does not break it down by
    /// category (the national tables give 基本支出 and 项目支出 per unit).
    pub const BASIC_TOTAL: &str = "基本支出";
}

/// Whether a document is a budget (预算) or a final account (决算).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum DocKind {
    /// 部门预算: what is planned for the year.
    #[default]
    Budget,
    /// 部门决算: what was received and spent in the year.
    Final,
}

impl DocKind {
    /// 预算 / 决算.
    pub fn label(self) -> &'static str {
        match self {
            DocKind::Budget => "预算",
            DocKind::Final => "决算",
        }
    }
}

/// A year's document of one kind: what the explorer opens side by side and
/// compares line by line — years of budgets, a year's 预算 and its 决算, a
/// 决算 and the next year's 预算. Ordered by year, a year's 预算 before its
/// 决算. (No `Display`: a label depends on what else is open, see
/// [`Edition::label`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Edition {
    pub year: i32,
    pub kind: DocKind,
}

impl Edition {
    /// `2020年` when only budgets are open, `2020年预算` and `2020年决算`
    /// when a 决算 is among them.
    pub fn label(self, any_final: bool) -> String {
        if any_final {
            format!("{}年{}", self.year, self.kind.label())
        } else {
            format!("{}年", self.year)
        }
    }
}

/// The figures of a 三公 row: the year's budget, or what was spent (a 决算
/// states both for the same year).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Basis {
    /// 预算数.
    #[default]
    Budget,
    /// 决算数.
    Final,
}

/// A table of the document, as printed: every row with its figures. Kept
/// for what the importer does not make lines of (a 收入总表's columns, the
/// 经济分类 of 基本支出, an empty 政府性基金 table's note), so nothing the
/// document states is lost, and every figure is searchable and cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTable {
    /// What the table is for (the templates' role: `income`, `sangong` …).
    pub role: String,
    /// The label the document gives it (`表2`), or its title.
    pub label: String,
    /// Its title as printed.
    pub title: String,
    /// The money unit the table states (`万元`, `元`); figures are held in 万元.
    #[serde(default)]
    pub unit: String,
    /// The figure columns' headers, the lines from the top joined by `/`.
    pub columns: Vec<String>,
    pub rows: Vec<DocRow>,
    /// Notes printed with it (`注：本部门无政府性基金预算拨款安排的支出`).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// One row of a [`DocTable`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRow {
    /// Its 科目 or unit code, when the table gives one.
    #[serde(default)]
    pub code: String,
    /// Its line in the source text.
    #[serde(default)]
    pub line: u32,
    /// Its name (a 科目, a unit, an income line …).
    pub name: String,
    /// One per column; `None` where the cell is empty.
    pub figures: Vec<Option<Figure>>,
}

/// A table the importer met: its role (empty when no template knows its
/// title), how the document labels it, and whether it was understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSeen {
    #[serde(default)]
    pub role: String,
    pub label: String,
    pub title: String,
    #[serde(default)]
    pub unit: String,
    pub line: u32,
    pub understood: bool,
}

/// A node of the unit tree below the unit: a category, a project or an item.
/// Its kind follows from its depth: a unit's children are categories, their
/// children projects, and anything below a project is an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub name: String,
    /// Every figure the document gives for this line; the most precise is its amount.
    pub figures: Vec<Figure>,
    /// What the document says it is for (its 主要用于… text).
    #[serde(default)]
    pub purpose: String,
    /// 财政拨款 / 其他资金: the project sheet's (表15), else 表13's.
    #[serde(default)]
    pub funding: Option<Box<Funding>>,
    /// 表13's split when the sheet states one too (the two can disagree).
    #[serde(default)]
    pub funding_t13: Option<Box<Funding>>,
    /// 预算执行时间 (表13).
    #[serde(default)]
    pub period: String,
    /// Boxed: most lines have none, and an entry stays small.
    #[serde(default)]
    pub sheet: Option<Box<ProjectSheet>>,
    #[serde(default)]
    pub children: Vec<Entry>,
}

impl Entry {
    /// A line with just a name and its figures.
    pub fn leaf(name: impl Into<String>, figures: Vec<Figure>) -> Entry {
        Entry {
            name: name.into(),
            figures,
            purpose: String::new(),
            funding: None,
            funding_t13: None,
            period: String::new(),
            sheet: None,
            children: Vec::new(),
        }
    }
}

/// Staffing, retirees, students and vehicles of a unit (part 1).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Staffing {
    /// 编制类型: 行政 or 事业.
    #[serde(default)]
    pub establishment_kind: String,
    #[serde(default)]
    pub establishment: Option<u32>,
    #[serde(default)]
    pub actual: Option<u32>,
    #[serde(default)]
    pub retired_cadres: Option<u32>,
    #[serde(default)]
    pub retirees: Option<u32>,
    #[serde(default)]
    pub employees: Option<u32>,
    #[serde(default)]
    pub students: Option<u32>,
    #[serde(default)]
    pub vehicles: Option<u32>,
    #[serde(default)]
    pub vehicles_established: Option<u32>,
    #[serde(default)]
    pub vehicles_other: Option<u32>,
    #[serde(default)]
    pub text: String,
    pub source: Source,
}

/// A unit's performance goals (表14).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UnitGoals {
    pub total: Option<Figure>,
    #[serde(default)]
    pub funding: Option<Funding>,
    #[serde(default)]
    pub tasks: Vec<GoalTask>,
    #[serde(default)]
    pub overall_goal: String,
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// One 任务 row of 表14.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalTask {
    pub name: String,
    pub content: String,
    pub amount: Figure,
    pub funding: Funding,
}

/// A 基层单位 (part 1 lists them; part 3 breaks each down).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// The name part 3 uses (市人社局本级).
    pub name: String,
    /// The name the tables use (深圳市人力资源和社会保障局本级).
    pub full_name: String,
    pub figures: Vec<Figure>,
    #[serde(default)]
    pub staffing: Option<Staffing>,
    #[serde(default)]
    pub goals: Option<UnitGoals>,
    /// 人员支出, 公用支出, 对个人和家庭的补助支出, 项目支出.
    pub categories: Vec<Entry>,
}

/// A line of a table that nests (income, procurement), with its children.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub name: String,
    /// 采购品目 code (A03, C9900 …) where the table gives one.
    #[serde(default)]
    pub code: String,
    pub amount: Figure,
    #[serde(default)]
    pub children: Vec<Line>,
}

/// A figure the narrative states in passing: `其中定编车辆 19 辆`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stated {
    /// The clause it stands in, as written (`其中定编车辆 19 辆`).
    pub label: String,
    pub value: Decimal,
    /// What it counts: 辆, 台（套）, 家, 个, 人, 万元 or %.
    pub unit: String,
    pub source: Source,
}

/// One 科目 (function classification) line: 类 (3 digits), 款 (5) or 项 (7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Function {
    pub code: String,
    pub name: String,
    /// All funds (表1 支出).
    #[serde(default)]
    pub total: Option<Figure>,
    /// 财政拨款 (表6).
    #[serde(default)]
    pub fiscal: Option<Figure>,
    /// 一般公共预算 by unit, with the 基本/项目 split (表7), 项 lines only.
    #[serde(default)]
    pub by_unit: Vec<FunctionByUnit>,
    #[serde(default)]
    pub children: Vec<Function>,
}

/// One 表7 row: a unit's 一般公共预算 spending under one 科目.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionByUnit {
    /// The unit's part-3 name.
    pub unit: String,
    /// The row label of 表7 (`深圳市人力资源和社会保障局(专项资金)`).
    pub table_unit: String,
    pub total: Decimal,
    pub basic: Decimal,
    pub project: Decimal,
    pub source: Source,
}

/// A 表3 row: a unit's spending with 基本/项目 and procurement columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpendingRow {
    pub table_unit: String,
    /// The unit it belongs to (a 专项资金 row belongs to its unit).
    pub unit: String,
    pub total: Decimal,
    pub basic: Decimal,
    pub project: Decimal,
    pub procurement: Option<Decimal>,
    pub procurement_sme: Option<Decimal>,
    pub procurement_micro: Option<Decimal>,
    pub procurement_previous: Option<Decimal>,
    pub source: Source,
}

/// Part 2: the overall totals, the change against last year and its reasons.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Overall {
    pub income: Option<Figure>,
    pub expenditure: Option<Figure>,
    /// Stated change against last year, 万元 (negative: 减少).
    pub change: Option<Figure>,
    /// Stated change in percent.
    pub change_pct: Option<Figure>,
    /// The income's stated change against last year, 万元, and in percent.
    #[serde(default)]
    pub income_change: Option<Figure>,
    #[serde(default)]
    pub income_change_pct: Option<Figure>,
    /// Named income and spending components of part 2, in order.
    #[serde(default)]
    pub income_parts: Vec<(String, Figure)>,
    #[serde(default)]
    pub expenditure_parts: Vec<(String, Figure)>,
    #[serde(default)]
    pub reasons: Vec<String>,
}

/// Part 7 and the other statements.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Other {
    /// 机关运行经费 and its stated change.
    pub running_costs: Option<Figure>,
    pub running_costs_change: Option<Figure>,
    pub running_costs_change_pct: Option<Figure>,
    #[serde(default)]
    pub running_costs_text: String,
    /// 国有资产占有使用情况, as stated.
    #[serde(default)]
    pub assets_text: Vec<String>,
    #[serde(default)]
    pub other_text: Vec<String>,
}

/// Part 4 and 表11.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Procurement {
    pub total: Option<Figure>,
    pub current_year: Option<Figure>,
    pub previous_years: Option<Figure>,
    pub goods: Option<Figure>,
    pub works: Option<Figure>,
    pub services: Option<Figure>,
    /// 表11: the department line with a line per unit, and 品目 below.
    #[serde(default)]
    pub lines: Vec<Line>,
}

/// Department-wide staffing totals of part 1.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StaffTotals {
    pub admin_establishment: Option<u32>,
    pub admin_actual: Option<u32>,
    pub public_establishment: Option<u32>,
    pub public_actual: Option<u32>,
    pub retired_cadres: Option<u32>,
    pub retirees: Option<u32>,
    pub employees: Option<u32>,
    pub students: Option<u32>,
    pub vehicles: Option<u32>,
    pub vehicles_established: Option<u32>,
    pub vehicles_other: Option<u32>,
    pub source: Option<Source>,
}

/// One department's budget for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dataset {
    /// Format version ([`FORMAT_VERSION`]).
    pub format: u32,
    pub department: String,
    /// The short name the narrative uses (市人社局).
    #[serde(default)]
    pub short_name: String,
    pub year: i32,
    /// 预算 or 决算.
    #[serde(default)]
    pub kind: DocKind,
    /// The template set the document follows (`shenzhen`, `national`).
    #[serde(default)]
    pub template: String,
    /// The title of the source document.
    #[serde(default)]
    pub title: String,
    /// The file the dataset was made from.
    #[serde(default)]
    pub source_file: String,
    /// 主要职能 and 主要工作目标 (part 1).
    #[serde(default)]
    pub duties: String,
    #[serde(default)]
    pub work_goals: String,
    #[serde(default)]
    pub staff: StaffTotals,
    #[serde(default)]
    pub overall: Overall,
    pub units: Vec<Unit>,
    /// 表1 收入 side.
    #[serde(default)]
    pub income: Vec<Line>,
    /// The 科目 tree: 类 → 款 → 项 (表1, 表6, 表7).
    #[serde(default)]
    pub functions: Vec<Function>,
    /// 表1 and 表6 totals (本年支出合计, 收入总计 …) as stated.
    #[serde(default)]
    pub table_totals: Vec<(String, Figure)>,
    /// 表6 收入 side (财政拨款 income by kind), above 本年收入合计.
    #[serde(default)]
    pub fiscal_income: Vec<Line>,
    /// Figures the narrative states in passing (counts of units, vehicles and
    /// equipment; a sub-figure in brackets), each with its words and unit.
    #[serde(default)]
    pub stated: Vec<Stated>,
    /// 表7's subtotal rows: one per unit (and per unit's 专项资金 block), and
    /// the department's 合计, with the 基本/项目 split as stated.
    #[serde(default)]
    pub function_units: Vec<FunctionByUnit>,
    /// 表3 rows.
    #[serde(default)]
    pub spending: Vec<SpendingRow>,
    #[serde(default)]
    pub procurement: Procurement,
    #[serde(default)]
    pub sangong: Vec<SangongRow>,
    #[serde(default)]
    pub sangong_text: SangongNarrative,
    #[serde(default)]
    pub other: Other,
    /// Text the importer could not place, with its line, so nothing is lost.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Units the narrative names whose figures no table gives apart (the
    /// department is then shown as one unit).
    #[serde(default)]
    pub units_named: Vec<String>,
    /// Tables kept as printed (see [`DocTable`]).
    #[serde(default)]
    pub tables: Vec<DocTable>,
    /// Every table the importer met, understood or not.
    #[serde(default)]
    pub tables_seen: Vec<TableSeen>,
    /// Where the source's lines stand in a PDF or a workbook.
    #[serde(default)]
    pub origin: Origin,
}

/// Where the lines of a dataset's source stand in the file it was read
/// from: a PDF's pages, a workbook's sheets. Empty for a text, whose line
/// numbers are places enough.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Origin {
    /// `PDF`, `XLSX` or `XLS`.
    pub format: String,
    /// A workbook's sheet names.
    #[serde(default)]
    pub sheets: Vec<String>,
    /// One per line of the text the importer read (index = line − 1).
    #[serde(default)]
    pub lines: Vec<OriginLine>,
}

/// Where one line of the read text stands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OriginLine {
    /// The page (PDF) or the sheet (its index from 1).
    pub page: u32,
    /// The line on the page, or the sheet's row.
    pub row: u32,
    /// A workbook row's figures: (column from 0, the value as the cell holds it).
    #[serde(default)]
    pub cells: Vec<(u16, Decimal)>,
    /// The reader saw it as page furniture (a running header or footer).
    #[serde(default)]
    pub furniture: bool,
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(r).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// The roles of the tables, as the templates name them.
pub mod role {
    pub const SUMMARY: &str = "summary";
    pub const FISCAL_SUMMARY: &str = "fiscal_summary";
    pub const SPENDING: &str = "spending";
    pub const GENERAL_PUBLIC: &str = "general_public";
    pub const SANGONG: &str = "sangong";
    pub const PROJECTS: &str = "projects";
    pub const PROCUREMENT: &str = "procurement";
    pub const UNIT_GOALS: &str = "unit_goals";
    pub const PROJECT_GOALS: &str = "project_goals";
}

impl Dataset {
    /// The year and kind of the document.
    pub fn edition(&self) -> Edition {
        Edition {
            year: self.year,
            kind: self.kind,
        }
    }

    /// Where a figure (of `value`, in 万元, when known) stands in the file
    /// the dataset was read from: `第375行` in a text, `第12页 第34行` in a
    /// PDF, `表7!D34` in a workbook (the row alone, `表7 第34行`, when the
    /// row holds the value in more than one cell or not at all).
    pub fn locate(&self, source: &Source, value: Option<Decimal>) -> String {
        let Some(at) = source
            .line
            .checked_sub(1)
            .and_then(|i| self.origin.lines.get(i as usize))
        else {
            return if source.line == 0 {
                String::new()
            } else {
                format!("第{}行", source.line)
            };
        };
        if self.origin.sheets.is_empty() {
            return format!("第{}页 第{}行", at.page, at.row);
        }
        let sheet = self
            .origin
            .sheets
            .get((at.page as usize).wrapping_sub(1))
            .map_or("", String::as_str);
        let scale = Decimal::from(10_000);
        let cols: Vec<u16> = value
            .map(|v| {
                at.cells
                    .iter()
                    .filter(|(_, c)| {
                        *c == v
                            || c.checked_div(scale) == Some(v)
                            || c.checked_mul(scale) == Some(v)
                    })
                    .map(|(col, _)| *col)
                    .collect()
            })
            .unwrap_or_default();
        match cols.as_slice() {
            [one] => format!("{sheet}!{}{}", column_name(*one), at.row),
            _ => format!("{sheet} 第{}行", at.row),
        }
    }

    /// How the document labels the table of a role (`表1`, or its title);
    /// Shenzhen's numbers for a dataset that does not say (format 1 files
    /// written before tables were recorded).
    pub fn label(&self, role: &str) -> String {
        match self.tables_seen.iter().find(|t| t.role == role) {
            Some(t) => t.label.clone(),
            None => Dataset::default_label(role),
        }
    }

    /// The table of a role as the document names it, number and title:
    /// `表3 部门支出预算总表` (the number alone when the title is not known).
    pub fn table_name(&self, role: &str) -> String {
        let label = self.label(role);
        match self.tables_seen.iter().find(|t| t.role == role) {
            Some(t) if !t.title.is_empty() && t.title != label => format!("{label} {}", t.title),
            _ => label,
        }
    }

    /// Which money the table of a role counts, by its title: `财政拨款`
    /// (表6, 表12), `一般公共预算` (表7), else `全部资金` (表1, 表3, 表14 …).
    pub fn funding_scope(&self, role: &str) -> &'static str {
        let title = self
            .tables_seen
            .iter()
            .find(|t| t.role == role)
            .map_or("", |t| t.title.as_str());
        let by_role = match role {
            role::FISCAL_SUMMARY | role::SANGONG => "财政拨款",
            role::GENERAL_PUBLIC => "一般公共预算",
            _ => "全部资金",
        };
        if title.contains("一般公共预算") {
            "一般公共预算"
        } else if title.contains("财政拨款") {
            "财政拨款"
        } else if title.is_empty() {
            by_role
        } else {
            "全部资金"
        }
    }

    /// `表3 部门支出预算总表，全部资金`: a table's name and the money it counts,
    /// as a heading of the detail says them.
    pub fn table_scope(&self, role: &str) -> String {
        format!("{}，{}", self.table_name(role), self.funding_scope(role))
    }

    /// Shenzhen's number for the table of a role (`表1` …).
    pub fn default_label(role: &str) -> String {
        match role {
            role::SUMMARY => "表1",
            role::SPENDING => "表3",
            role::FISCAL_SUMMARY => "表6",
            role::GENERAL_PUBLIC => "表7",
            role::PROCUREMENT => "表11",
            role::SANGONG => "表12",
            role::PROJECTS => "表13",
            role::UNIT_GOALS => "表14",
            role::PROJECT_GOALS => "表15",
            _ => "表",
        }
        .to_string()
    }

    /// The department's totals as each table and the narrative state them:
    /// (where, figure). Scopes differ (all funds, 财政拨款, 一般公共预算), but
    /// all are the same order of magnitude.
    pub fn stated_totals(&self) -> Vec<(String, &Figure)> {
        let total = |n: &str| {
            let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
            matches!(
                n.as_str(),
                "合计" | "总计" | "收入总计" | "支出总计" | "本年收入合计" | "本年支出合计"
            )
        };
        let mut out: Vec<(String, &Figure)> = Vec::new();
        for (what, f) in [
            ("说明 支出", &self.overall.expenditure),
            ("说明 收入", &self.overall.income),
        ] {
            if let Some(f) = f {
                out.push((what.to_string(), f));
            }
        }
        for (k, f) in &self.table_totals {
            out.push((k.clone(), f));
        }
        for t in self.tables.iter().filter(|t| t.role != role::SANGONG) {
            if let Some(f) = t
                .rows
                .iter()
                .find(|r| total(&r.name))
                .and_then(|r| r.figures.iter().flatten().next())
            {
                out.push((format!("{} 合计", t.label), f));
            }
        }
        out
    }

    /// Totals of a part of the department (`人员经费合计`, `公用经费合计`):
    /// none can exceed the department's total.
    fn part_totals(&self) -> Vec<(String, &Figure)> {
        let mut out = Vec::new();
        for t in self.tables.iter().filter(|t| t.role != role::SANGONG) {
            for r in t.rows.iter().filter(|r| {
                let n: String = r.name.chars().filter(|c| !c.is_whitespace()).collect();
                (n.ends_with("合计") || n.ends_with("总计"))
                    && n.chars().count() > 2
                    && !n.starts_with("本年")
            }) {
                if let Some(f) = r.figures.iter().flatten().next() {
                    out.push((format!("{} {}", t.label, r.name), f));
                }
            }
        }
        out
    }

    /// Figures ten thousand times off the others that state the same
    /// total: a table whose money unit is not what it says (元 read as 万元,
    /// or the other way). Among the department's stated totals, one is off
    /// when more of the others are some 10^4 times it (or 10^-4) than are
    /// near it; the 三公 narrative and table are compared the same way.
    /// Each: (the figure off, the one it is compared with, the ratio, and
    /// whether the other totals agree with the second — when only two
    /// figures are compared, either may be the one off).
    pub fn scale_mismatches(&self) -> Vec<(String, String, Decimal, bool)> {
        let mut groups: Vec<Vec<(String, &Figure)>> = vec![self.stated_totals()];
        let mut sangong: Vec<(String, &Figure)> = Vec::new();
        if let Some(f) = &self.sangong_text.total {
            sangong.push(("说明 三公".to_string(), f));
        }
        let own: Vec<Figure> = self
            .sangong
            .iter()
            .filter(|r| r.unit == self.department && r.year == self.year)
            .filter(|r| {
                r.basis
                    == if self.kind == DocKind::Final {
                        Basis::Final
                    } else {
                        Basis::Budget
                    }
            })
            .map(|r| Figure {
                value: r.total,
                precision: 0,
                source: r.source.clone(),
            })
            .collect();
        for f in &own {
            sangong.push((f.source.place.to_string(), f));
        }
        groups.push(sangong);
        // Some ten thousand times apart, either way; or near (within 5×).
        let apart = |a: Decimal, b: Decimal| -> Option<Decimal> {
            let (big, small) = if a >= b { (a, b) } else { (b, a) };
            let r = (small > Decimal::ZERO)
                .then(|| big.checked_div(small))
                .flatten()?;
            (r >= Decimal::from(5_000) && r <= Decimal::from(20_000)).then_some(r)
        };
        let near = |a: Decimal, b: Decimal| {
            let (big, small) = if a >= b { (a, b) } else { (b, a) };
            small > Decimal::ZERO && big <= small * Decimal::from(5)
        };
        let mut out = Vec::new();
        // A part a thousand times the whole (or more): its table's unit.
        let whole: Vec<(String, &Figure)> = self.stated_totals();
        for (pa, a) in self.part_totals() {
            let fits = whole
                .iter()
                .any(|(_, b)| a.value <= b.value * Decimal::from(5));
            let over = whole.iter().find(|(_, b)| {
                b.value > Decimal::ZERO && a.value >= b.value * Decimal::from(1_000)
            });
            if let (false, Some((pb, b))) = (fits, over) {
                out.push((
                    format!("{pa} ({})", a.value.normalize()),
                    format!("{pb} ({})", b.value.normalize()),
                    crate::money::round(a.value / b.value, 0),
                    true,
                ));
            }
        }
        for g in &groups {
            for (i, (pa, a)) in g.iter().enumerate() {
                let others = || {
                    g.iter()
                        .enumerate()
                        .filter(move |(j, _)| *j != i)
                        .map(|(_, x)| x)
                };
                let agree = others().filter(|(_, b)| near(a.value, b.value)).count();
                let off: Vec<_> = others()
                    .filter_map(|(pb, b)| apart(a.value, b.value).map(|r| (pb, b, r)))
                    .collect();
                // Off the others' agreement; or one of a pair, said once.
                let pair = off.len() == 1 && agree == 0 && g.len() == 2 && i == 0;
                if let Some((pb, b, r)) = off
                    .first()
                    .filter(|_| off.len() > agree && (g.len() > 2 || pair))
                {
                    out.push((
                        format!("{pa} ({})", a.value.normalize()),
                        format!("{pb} ({})", b.value.normalize()),
                        crate::money::round(*r, 0),
                        !pair,
                    ));
                }
            }
        }
        // Once a table: its 收入总计 and 支出总计 are off together.
        let mut told: Vec<String> = Vec::new();
        out.retain(|(a, _, _, _)| {
            let table = a.split([' ', '（']).next().unwrap_or("").to_string();
            let first = !told.contains(&table);
            told.push(table);
            first
        });
        out
    }

    /// The rows a 表7 subtotal row (one of `function_units`) states the sum
    /// of: for the department's 合计 row, the other subtotal rows; for a
    /// unit's (or a 专项资金 block's), its 科目 rows.
    pub fn subtotal_parts(&self, sub: &FunctionByUnit) -> Vec<&FunctionByUnit> {
        fn code_rows<'d>(fs: &'d [Function], out: &mut Vec<&'d FunctionByUnit>) {
            for f in fs {
                out.extend(f.by_unit.iter());
                code_rows(&f.children, out);
            }
        }
        if sub.unit == self.department {
            return self
                .function_units
                .iter()
                .filter(|r| r.unit != self.department)
                .collect();
        }
        let mut rows = Vec::new();
        code_rows(&self.functions, &mut rows);
        rows.retain(|r| r.table_unit == sub.table_unit);
        rows
    }
}

/// Write a dataset as RON, the way the bundled asset is written.
pub fn to_ron(d: &Dataset) -> Result<String, ron::Error> {
    let cfg = ron::ser::PrettyConfig::new()
        .indentor("  ".to_string())
        .struct_names(false);
    let mut s = ron::ser::to_string_pretty(d, cfg)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::Source;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let n: Vec<String> = [0, 3, 25, 26, 27, 701, 702]
            .iter()
            .map(|c| super::column_name(*c))
            .collect();
        assert_eq!(n, ["A", "D", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    #[test]
    fn places_read_alike_are_shared_and_written_as_text() {
        let ron = r#"[(place: "表5 人员支出", line: 3), (place: "表5 人员支出", line: 9), (place: "表6", line: 1)]"#;
        let s: Vec<Source> = ron::from_str(ron).unwrap();
        assert_eq!(s[0].place, "表5 人员支出");
        assert_eq!(s[0].place.as_ptr(), s[1].place.as_ptr(), "one copy");
        assert_ne!(s[0].place.as_ptr(), s[2].place.as_ptr());
        assert_eq!(
            ron::to_string(&s[0]).unwrap(),
            r#"(place:"表5 人员支出",line:3)"#
        );
    }
}
