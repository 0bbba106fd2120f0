//! What the document is and how it was read: its kind (预算 or 决算) and
//! edition, the tables as printed and the tables met, where each line of the
//! read text stands in its file, and the roles the templates name.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Figure;

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
