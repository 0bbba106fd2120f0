//! The data file format (RON), version 1: what a dataset file holds, field by field.
//!
//! One file is one department's budget for one year. Every amount is a decimal
//! *string* in 万元 (`"2654.333237"`): a bare number is rejected, because RON
//! would read it through a float. Every figure carries where it came from.
//!
//! Later format versions must keep reading version 1 files: new fields are
//! added with `#[serde(default)]`, and `format` says which version wrote a file.

mod document;
mod lookup;
mod sangong;
mod source;

pub use document::{
    column_name, role, Basis, DocKind, DocRow, DocTable, Edition, Origin, OriginLine, TableSeen,
};
pub use sangong::{Restated, SangongItem, SangongNarrative, SangongRow};
pub use source::{most_precise, Figure, Place, Source};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The newest format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

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
