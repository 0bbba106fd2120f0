//! The one table reader: a table's lines in, its columns (named by the
//! template's header words) and rows out. Every role's table goes through
//! here whatever its template; what a role does with the rows is the
//! builder's.
//!
//! A table is: captions (`单位名称：…`, `单位：万元`), header rows (text
//! only, a merged cell's words standing over the columns it spans), then
//! rows. A header repeated after a page break, a row of column numbers
//! (`栏次 1 2 3`) and `行次` cells are structure, not figures: they are
//! skipped and said so.
//!
//! `lines` tells what a line of a table is (a caption, column numbers, a
//! note, a row of data), `header` finds the header rows and makes the
//! columns and blocks of them, `cells` reads a row's cells.

mod cells;
mod header;
mod lines;

pub use cells::to_wan;
pub use lines::{is_caption, is_column_numbers, money_unit};

use super::template::{self, GroupWord, Key, Role, Shape, TableSpec};
use super::text::{norm, SrcLine};
use cells::read_row;
use header::{blocks, column_headers, header, kinds, preamble};
use lines::{is_note, looks_like_data};
use rust_decimal::Decimal;

/// Which year or basis a figure column holds, from the header above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Group {
    /// A year the header names (`2020年预算数`).
    pub year: Option<i32>,
    /// 上年 / 本年 / 预算数 / 决算数 / 收入 / 支出.
    pub word: Option<GroupWord>,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnKind {
    /// A key: what the row is (its unit, code, name …).
    Key(Key),
    /// Figures: the field the template names it (`None`: a column the
    /// template does not name, kept with its header).
    Figure { field: Option<String>, group: Group },
}

/// One column of a block.
#[derive(Debug, Clone)]
pub struct Column {
    /// Its cell's place in a line (0 = the first cell).
    pub cell: usize,
    /// Its header, the lines from the top joined by `/`.
    pub header: String,
    pub kind: ColumnKind,
}

/// A figure cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Which of the block's figure columns ([`Block::figures`]).
    pub column: usize,
    /// Its cell's place in the line.
    pub cell: usize,
    /// As written, in the table's money unit; `None`: an empty cell.
    pub value: Option<Decimal>,
}

/// One row of a block.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub line: u32,
    /// The unit the row belongs to (its own cell, or the one above it).
    pub unit: Option<String>,
    /// The unit cell of this row is filled (a unit's own row).
    pub unit_here: bool,
    pub unit_code: Option<String>,
    /// The 科目 (or 品目) code, split columns (类/款/项) joined.
    pub code: Option<String>,
    pub name: Option<String>,
    pub year: Option<String>,
    pub period: Option<String>,
    pub note: Option<String>,
    /// One per figure column of the block, in its order.
    pub values: Vec<Value>,
    /// Cells in figure columns holding words (`本单位无此项`).
    pub words: Vec<(usize, String)>,
    /// The key cells that are filled, by their place in the line.
    pub keys: Vec<(usize, Key)>,
}

impl Row {
    /// The value of a field in the given group (any group when `None`).
    pub fn get(&self, block: &Block, field: &str) -> Option<Decimal> {
        self.values
            .iter()
            .find(|v| block.field(v.column) == Some(field))
            .and_then(|v| v.value)
    }

    /// The value of a field in columns whose group satisfies `pred`.
    pub fn get_in(
        &self,
        block: &Block,
        field: &str,
        pred: impl Fn(&Group) -> bool,
    ) -> Option<&Value> {
        self.values
            .iter()
            .find(|v| block.field(v.column) == Some(field) && pred(&block.group(v.column)))
    }

    /// What names the row: its name, else its unit, else its code.
    pub fn label(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.is_empty())
            .or(self.unit.as_deref().filter(|_| self.unit_here))
            .or(self.code.as_deref())
            .unwrap_or("")
    }
}

/// A block of columns: a whole table, or one side of a two-sided one.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// 收入 / 支出 for a two-sided table's sides.
    pub side: Option<GroupWord>,
    pub columns: Vec<Column>,
    /// Indices into `columns` of the figure columns, in order.
    pub figures: Vec<usize>,
    pub rows: Vec<Row>,
}

impl Block {
    fn has_key(&self, k: Key) -> bool {
        self.columns.iter().any(|c| c.kind == ColumnKind::Key(k))
    }

    /// Does the block have a unit column (its rows are by unit)?
    pub fn by_unit(&self) -> bool {
        self.has_key(Key::Unit)
    }

    /// Does the block have a code column (its rows are by 科目)?
    pub fn by_code(&self) -> bool {
        self.has_key(Key::Code) || self.has_key(Key::CodeClass)
    }

    /// The field of figure column `i`.
    pub fn field(&self, i: usize) -> Option<&str> {
        match &self.columns[self.figures[i]].kind {
            ColumnKind::Figure { field, .. } => field.as_deref(),
            ColumnKind::Key(_) => None,
        }
    }

    /// The group of figure column `i`.
    pub fn group(&self, i: usize) -> Group {
        match &self.columns[self.figures[i]].kind {
            ColumnKind::Figure { group, .. } => *group,
            ColumnKind::Key(_) => Group::default(),
        }
    }

    /// The header of figure column `i`.
    pub fn header(&self, i: usize) -> &str {
        &self.columns[self.figures[i]].header
    }
}

/// A line the reader passed over, and why (for the coverage report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line: u32,
    pub why: &'static str,
}

/// The header repeated after a page break.
pub const REPEATED_HEADER: &str = "a table header repeated after a page break";
/// `栏次 1 2 3 …`.
pub const COLUMN_NUMBERS: &str = "column numbers (栏次)";
/// Captions.
pub const CAPTION: &str = "a caption (单位名称, 单位)";
/// `行次` cells.
pub const ROW_NUMBER: &str = "a row number (行次)";
/// The first line of a row wrapped onto the next.
pub const WRAPPED: &str = "the start of a row its converter wrapped onto the next line";

/// A table as read.
#[derive(Debug, Clone)]
pub struct Grid {
    pub role: Role,
    /// The money unit the table states (`万元`, `元` …) and what one of it
    /// is in 万元; `None`: it states none.
    pub unit: Option<(String, Decimal)>,
    /// One block, or a two-sided table's two (income, spending).
    pub blocks: Vec<Block>,
    /// Notes below the table (`注：本部门无此项支出`).
    pub notes: Vec<(u32, String)>,
    /// Header lines (their line numbers).
    pub header_lines: Vec<u32>,
    pub skipped: Vec<Skip>,
    /// Rows whose cells could not be read, with what was wrong.
    pub problems: Vec<(u32, String)>,
}

/// Read one table's lines (its title, captions, headers and rows, over all
/// its pages) by its role's description.
pub fn read(spec: &TableSpec, lines: &[SrcLine], is_title: &dyn Fn(&SrcLine) -> bool) -> Grid {
    if let Some(at) = second_side(spec, lines) {
        // A two-sided table printed as two: its income side, then its
        // spending side under a header of its own.
        let mut g = read_one(spec, &lines[..at], is_title);
        let rest = read_one(spec, &lines[at..], is_title);
        if g.unit.is_none() {
            g.unit = rest.unit;
        } else if rest.unit.is_some()
            && rest.unit.as_ref().map(|u| &u.0) != g.unit.as_ref().map(|u| &u.0)
        {
            g.problems.push((
                lines[at].no,
                "the table's two parts state different money units".to_string(),
            ));
        }
        g.blocks.extend(rest.blocks);
        g.notes.extend(rest.notes);
        g.header_lines.extend(rest.header_lines);
        g.skipped.extend(rest.skipped);
        g.problems.extend(rest.problems);
        return g;
    }
    read_one(spec, lines, is_title)
}

/// Where a two-sided table printed as two tables (收入 above, 支出 below,
/// each under its own header) starts its second side: a header line led by
/// the other side's word (`支出`), after the first side's header.
fn second_side(spec: &TableSpec, lines: &[SrcLine]) -> Option<usize> {
    if spec.shape != Shape::TwoSided {
        return None;
    }
    let t = template::get();
    let side = |l: &SrcLine| {
        let filled = l.filled();
        match filled.as_slice() {
            [one] if l.text.contains('\t') => t.group_for(one),
            _ => None,
        }
        .filter(|g| matches!(g, GroupWord::Income | GroupWord::Spending))
    };
    let first = lines.iter().position(|l| side(l).is_some())?;
    let want = side(&lines[first])?;
    let data = lines[first..].iter().position(|l| looks_like_data(t, l))? + first;
    lines[data..]
        .iter()
        .position(|l| side(l).is_some_and(|s| s != want))
        .map(|i| i + data)
}

/// [`read`], of one table printed as one.
fn read_one(spec: &TableSpec, lines: &[SrcLine], is_title: &dyn Fn(&SrcLine) -> bool) -> Grid {
    let mut g = Grid {
        role: spec.role,
        unit: None,
        blocks: Vec::new(),
        notes: Vec::new(),
        header_lines: Vec::new(),
        skipped: Vec::new(),
        problems: Vec::new(),
    };
    let body: Vec<&SrcLine> = lines.iter().filter(|l| !l.text.trim().is_empty()).collect();
    let start = preamble(&mut g, &body, is_title);
    let (header, first_row) = header(&mut g, &body, start);
    let header_rows: Vec<Vec<String>> = header
        .iter()
        .map(|l| {
            l.cells()
                .iter()
                .map(|c| {
                    if money_unit(c).is_some() {
                        String::new()
                    } else {
                        (*c).to_string()
                    }
                })
                .collect()
        })
        .collect();
    let width = body[first_row..]
        .iter()
        .chain(header.iter())
        .map(|l| l.cells().len())
        .max()
        .unwrap_or(0);
    let paths = column_headers(&header_rows, width);
    let columns: Vec<Column> = kinds(template::get(), spec, &paths)
        .into_iter()
        .enumerate()
        .map(|(cell, k)| Column {
            cell,
            header: paths[cell].join("/"),
            // A column with no header: figures it holds are kept unnamed.
            kind: k.unwrap_or(ColumnKind::Figure {
                field: None,
                group: Group::default(),
            }),
        })
        .collect();
    let top = header_rows.first().cloned().unwrap_or_default();
    g.blocks = blocks(spec.shape, columns, &top);
    let header_norm: Vec<String> = header.iter().map(|l| norm(&l.text)).collect();
    for l in &body[first_row..] {
        body_line(&mut g, l, &header_norm, is_title);
    }
    for b in &mut g.blocks {
        super::wrapped::join(b, spec.role, &mut g.skipped);
    }
    g
}

/// The unit a line states, noted on the table (a later page stating
/// another is a problem). Whether it stated one.
fn note_unit(g: &mut Grid, l: &SrcLine) -> bool {
    let Some(u) = money_unit(&l.text) else {
        return false;
    };
    let unit = template::get()
        .money_unit(u)
        .map(|m| (m.name.clone(), m.wan));
    match &g.unit {
        None => g.unit = unit,
        Some(had) if unit.as_ref().is_some_and(|u| u.0 != had.0) => {
            let had = had.0.clone();
            g.problems.push((
                l.no,
                format!("the table's pages state different money units ({had} and {u})"),
            ));
        }
        Some(_) => {}
    }
    true
}

/// One line after the header: a row of each block, or a repeated title,
/// caption or header, column numbers, or a note.
fn body_line(
    g: &mut Grid,
    l: &SrcLine,
    header_norm: &[String],
    is_title: &dyn Fn(&SrcLine) -> bool,
) {
    let skip = if is_title(l) || is_caption(l) {
        note_unit(g, l);
        Some(CAPTION)
    } else if header_norm.contains(&norm(&l.text)) {
        Some(REPEATED_HEADER)
    } else if is_column_numbers(l) {
        Some(COLUMN_NUMBERS)
    } else {
        None
    };
    if let Some(why) = skip {
        g.skipped.push(Skip { line: l.no, why });
        return;
    }
    if is_note(l) || !l.text.contains('\t') {
        g.notes.push((l.no, l.text.trim().to_string()));
        return;
    }
    let cells = l.cells();
    for b in &mut g.blocks {
        if let Some(mut row) = read_row(b, &cells, l.no, &mut g.problems) {
            // A unit's cell is filled on its first row only (merged
            // down): the rows below are its.
            if row.unit.is_none() {
                row.unit = b.rows.iter().rev().find_map(|r| r.unit.clone());
            }
            b.rows.push(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::lines;

    fn grid(role: Role, text: &str) -> Grid {
        let t = template::get();
        let spec = t.table(role).unwrap();
        let ls = lines(text);
        read(spec, &ls, &|l| {
            t.table_for_title(&l.text).is_some() && !l.text.contains('\t')
        })
    }

    #[test]
    fn merged_headers_span_the_columns_below_them() {
        let g = grid(
            Role::Sangong,
            "三公经费支出表\n单位：元\n2020年预算数\t\t\t\t\t\t2021年预算数\t\t\t\t\t\n合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n125,000.00\t0.00\t100,000.00\t0.00\t100,000.00\t25,000.00\t118,000.00\t0.00\t95,000.00\t0.00\t95,000.00\t23,000.00\n",
        );
        assert_eq!(g.unit.as_ref().unwrap().0, "元");
        let b = &g.blocks[0];
        let fields: Vec<_> = (0..b.figures.len())
            .map(|i| (b.field(i).unwrap(), b.group(i).year.unwrap()))
            .collect();
        assert_eq!(
            fields,
            [
                ("total", 2020),
                ("abroad", 2020),
                ("vehicles", 2020),
                ("vehicle_purchase", 2020),
                ("vehicle_operation", 2020),
                ("reception", 2020),
                ("total", 2021),
                ("abroad", 2021),
                ("vehicles", 2021),
                ("vehicle_purchase", 2021),
                ("vehicle_operation", 2021),
                ("reception", 2021),
            ]
        );
        let r = &b.rows[0];
        assert_eq!(
            r.get_in(b, "reception", |g| g.year == Some(2021))
                .unwrap()
                .value,
            Some("23000.00".parse().unwrap())
        );
        assert_eq!(
            to_wan("23000.00".parse().unwrap(), g.unit.as_ref()),
            ("2.3".parse().unwrap(), 6)
        );
    }

    #[test]
    fn two_sided_tables_split_into_income_and_spending() {
        let g = grid(
            Role::Summary,
            "收入支出决算总表\n单位：万元\n收入\t\t\t支出\t\t\n项目\t行次\t金额\t项目\t行次\t金额\n栏次\t\t1\t栏次\t\t2\n一、财政拨款收入\t1\t100.00\t一、农林水支出\t32\t90.00\n二、事业收入\t2\t-\t\t\t\n总计\t11\t100.00\t总计\t42\t90.00\n",
        );
        assert_eq!(g.blocks.len(), 2);
        assert_eq!(g.blocks[0].side, Some(GroupWord::Income));
        assert_eq!(g.blocks[1].side, Some(GroupWord::Spending));
        assert_eq!(g.blocks[0].rows.len(), 3);
        assert_eq!(g.blocks[1].rows.len(), 2, "an empty side is no row");
        let b = &g.blocks[0];
        assert_eq!(b.rows[1].get(b, "amount"), None, "a dash is no figure");
        assert_eq!(b.rows[0].get(b, "amount"), Some("100.00".parse().unwrap()));
        assert_eq!(
            g.skipped.iter().filter(|s| s.why == COLUMN_NUMBERS).count(),
            1
        );
    }

    #[test]
    fn split_codes_join_and_repeated_headers_are_skipped() {
        let g = grid(
            Role::Spending,
            "支出决算表\n单位：万元\n科目编码\t\t\t科目名称\t本年支出合计\t基本支出\t项目支出\n类\t款\t项\t\t\t\t\n\t\t\t合计\t10.00\t6.00\t4.00\n208\t05\t05\t机关事业单位基本养老保险缴费支出\t10.00\t6.00\t4.00\n科目编码\t\t\t科目名称\t本年支出合计\t基本支出\t项目支出\n",
        );
        let b = &g.blocks[0];
        assert_eq!(b.rows[1].code.as_deref(), Some("2080505"));
        assert_eq!(b.rows[1].get(b, "basic"), Some("6.00".parse().unwrap()));
        assert!(g.skipped.iter().any(|s| s.why == REPEATED_HEADER));
    }

    #[test]
    fn a_project_name_wrapped_below_its_figures_is_one_row_and_an_item_is_not() {
        let g = grid(
            Role::Projects,
            "项目支出表\n项目名称\t合计\n农村公路养护工程（含危桥\t60.00\n改造）\t\n（二）其他项目\t\n合计\t60.00",
        );
        let names: Vec<&str> = g.blocks[0].rows.iter().map(Row::label).collect();
        assert_eq!(
            names,
            ["农村公路养护工程（含危桥改造）", "（二）其他项目", "合计"]
        );
        let g = grid(
            Role::FiscalSummary,
            "财政拨款收支总表\n项目\t预算数\n（一）一般公共预算拨款\t10.00\n事业收入\t",
        );
        assert_eq!(
            g.blocks[0].rows.len(),
            2,
            "only a 项目支出表 joins a name's rest"
        );
    }

    #[test]
    fn a_two_sided_table_printed_as_two_reads_each_side_as_its_own() {
        let g = grid(
            Role::Summary,
            "收支总表\n收入\t\n项目\t预算数\n一、一般公共预算拨款收入\t100.00\n收入总计\t100.00\n收支总表（续）\n支出\t\n项目\t预算数\n一、农林水支出\t100.00\n支出总计\t100.00",
        );
        let sides: Vec<_> = g.blocks.iter().map(|b| (b.side, b.rows.len())).collect();
        assert_eq!(
            sides,
            [(Some(GroupWord::Income), 2), (Some(GroupWord::Spending), 2)]
        );
    }
}
