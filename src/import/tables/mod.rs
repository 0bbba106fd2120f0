//! What each role makes of its table's rows: the one table reader
//! ([`grid`]) gives columns named by the templates; these turn a role's rows
//! into plain records. What cannot be placed becomes a warning with its line.

use super::grid::{self, Block, Grid};
use super::layout::{self, Table};
use super::number;
use super::template::GroupWord;
use super::text::norm;
use super::Warning;

mod sheets;
use rust_decimal::Decimal;
pub use sheets::{read_t14, read_t15, IndicatorRow, T14Sheet, T15Sheet};

/// A name and an amount on one line of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub amount: Option<Decimal>,
    pub line: u32,
}

/// Is this cell a figure (`1,376`, `0`, `110,634.81`)?
pub fn is_amount(cell: &str) -> bool {
    number::is_figure(cell)
}

/// Read a table by its role's description (see [`grid`]), its problems
/// becoming warnings.
pub fn grid(table: &Table, warnings: &mut Vec<Warning>) -> Grid {
    let g = grid::read(table.spec(), &table.lines, &|l| {
        layout::title_of(&l.text).is_some() || layout::table_number(&l.text).is_some()
    });
    for (line, p) in &g.problems {
        warnings.push(Warning::new(*line, format!("{}: {p}", table.label)));
    }
    g
}

/// A figure of a row in the table's money unit scaled to 万元.
fn wan(g: &Grid, v: Decimal) -> Decimal {
    grid::to_wan(v, g.unit.as_ref()).0
}

/// 表1 / 表6: the income side and the spending side, each a list of rows in
/// order; the rows after 本年…合计 are the totals block.
#[derive(Debug, Default)]
pub struct TwoSided {
    pub income: Vec<Row>,
    pub spending: Vec<Row>,
}

/// The amount a two-sided table gives a row: its `amount` (or `total`)
/// column, else its first figure.
fn side_amount(b: &Block, r: &grid::Row) -> Option<Decimal> {
    r.get(b, "amount")
        .or_else(|| r.get(b, "total"))
        .or_else(|| r.values.first().and_then(|v| v.value))
}

pub fn read_two_sided(table: &Table, warnings: &mut Vec<Warning>) -> TwoSided {
    let g = grid(table, warnings);
    let mut out = TwoSided::default();
    let mut stray_zeros = 0;
    for (i, b) in g.blocks.iter().enumerate() {
        for r in &b.rows {
            let amount = side_amount(b, r).map(|v| wan(&g, v));
            let name = r.label();
            if name.is_empty() {
                // Converters leave `0` in empty label cells.
                match amount {
                    Some(a) if a.is_zero() => stray_zeros += 1,
                    Some(a) => warnings.push(Warning::new(
                        r.line,
                        format!("{}: figure {a} has no label", table.label),
                    )),
                    None => {}
                }
                continue;
            }
            let row = Row {
                name: name.to_string(),
                amount,
                line: r.line,
            };
            let income = b.side.map_or(i == 0, |s| s == GroupWord::Income);
            if income {
                out.income.push(row);
            } else {
                out.spending.push(row);
            }
        }
    }
    if stray_zeros > 0 {
        warnings.push(Warning::new(
            table.first_line(),
            format!(
                "{}: {stray_zeros} unlabelled 0 cells (conversion noise) ignored",
                table.label
            ),
        ));
    }
    out
}

/// 表3 rows.
#[derive(Debug, Clone)]
pub struct T3Row {
    pub name: String,
    pub figures: Vec<Option<Decimal>>,
    pub line: u32,
}

/// The fields of 表3's figure columns, in the order [`T3Row::figures`] holds them.
pub const T3_FIELDS: [&str; 7] = [
    "total",
    "basic",
    "project",
    "procurement",
    "procurement_sme",
    "procurement_micro",
    "procurement_previous",
];

pub fn read_t3(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T3Row> {
    let g = grid(table, warnings);
    let mut rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let name = r.label();
            if name.is_empty() || !r.unit_here {
                if r.values.iter().any(|v| v.value.is_some()) {
                    warnings.push(Warning::new(
                        r.line,
                        format!("{}: a row of figures names no unit", table.label),
                    ));
                }
                continue;
            }
            rows.push(T3Row {
                name: name.to_string(),
                figures: T3_FIELDS
                    .iter()
                    .map(|f| r.get(b, f).map(|v| wan(&g, v)))
                    .collect(),
                line: r.line,
            });
        }
    }
    rows
}

/// One 表7 row: either a unit line or a 科目 line below it.
#[derive(Debug, Clone)]
pub struct T7Row {
    pub unit: String,
    pub code: String,
    pub name: String,
    pub total: Decimal,
    pub basic: Decimal,
    pub project: Decimal,
    pub line: u32,
}

/// A row's total, basic and project figures, all three stated.
fn split3(g: &Grid, b: &Block, r: &grid::Row) -> Option<[Decimal; 3]> {
    Some([
        wan(g, r.get(b, "total")?),
        wan(g, r.get(b, "basic")?),
        wan(g, r.get(b, "project")?),
    ])
}

pub fn read_t7(table: &Table, warnings: &mut Vec<Warning>) -> (Vec<T7Row>, Vec<T7Row>) {
    let g = grid(table, warnings);
    let mut unit_rows = Vec::new();
    let mut code_rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let Some([total, basic, project]) = split3(&g, b, r) else {
                warnings.push(Warning::new(
                    r.line,
                    format!("{}: row not read: {}", table.label, r.label()),
                ));
                continue;
            };
            let unit = r.unit.clone().unwrap_or_default();
            match &r.code {
                Some(code) => code_rows.push(T7Row {
                    unit,
                    code: code.clone(),
                    name: r.name.clone().unwrap_or_default(),
                    total,
                    basic,
                    project,
                    line: r.line,
                }),
                None => unit_rows.push(T7Row {
                    name: unit.clone(),
                    unit,
                    code: String::new(),
                    total,
                    basic,
                    project,
                    line: r.line,
                }),
            }
        }
    }
    (unit_rows, code_rows)
}

/// 表11 rows: unit lines and 品目 lines (code, name, amount) below them.
#[derive(Debug, Clone)]
pub struct T11Row {
    pub unit: String,
    pub code: String,
    pub name: String,
    pub amount: Decimal,
    pub line: u32,
}

pub fn read_t11(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T11Row> {
    let g = grid(table, warnings);
    let mut rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let Some(amount) = r.get(b, "amount").map(|v| wan(&g, v)) else {
                warnings.push(Warning::new(
                    r.line,
                    format!("{}: row not read: {}", table.label, r.label()),
                ));
                continue;
            };
            let unit = r.unit.clone().unwrap_or_default();
            let (code, name) = if r.unit_here && r.code.is_none() {
                (String::new(), unit.clone())
            } else {
                (
                    r.code.clone().unwrap_or_default(),
                    r.name.clone().unwrap_or_default(),
                )
            };
            rows.push(T11Row {
                unit,
                code,
                name,
                amount,
                line: r.line,
            });
        }
    }
    rows
}

/// 表12: one row per unit and year.
#[derive(Debug, Clone)]
pub struct T12Row {
    pub unit: String,
    pub year: i32,
    /// total, abroad, reception, vehicles subtotal, purchase, operation.
    pub figures: [Decimal; 6],
    pub line: u32,
}

/// The 三公 fields, in the order [`T12Row::figures`] holds them.
pub const SANGONG_FIELDS: [&str; 6] = [
    "total",
    "abroad",
    "reception",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
];

pub fn read_t12(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T12Row> {
    let g = grid(table, warnings);
    let mut rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let year = r
                .year
                .as_deref()
                .and_then(|y| norm(y).trim_end_matches('年').parse::<i32>().ok());
            let figures: Vec<Decimal> = SANGONG_FIELDS
                .iter()
                .filter_map(|f| r.get(b, f).map(|v| wan(&g, v)))
                .collect();
            let (Some(year), Ok(figures), Some(unit)) = (
                year,
                <[Decimal; 6]>::try_from(figures.clone()),
                r.unit.clone(),
            ) else {
                warnings.push(Warning::new(
                    r.line,
                    format!(
                        "{}: expected a unit, a year and 6 figures, read {}",
                        table.label,
                        figures.len()
                    ),
                ));
                continue;
            };
            rows.push(T12Row {
                unit,
                year,
                figures,
                line: r.line,
            });
        }
    }
    rows
}

/// 表13: performance-managed projects.
#[derive(Debug, Clone)]
pub struct T13Row {
    pub unit: String,
    pub project: String,
    pub total: Decimal,
    pub fiscal: Decimal,
    pub other: Decimal,
    pub period: String,
    pub line: u32,
}

pub fn read_t13(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T13Row> {
    let g = grid(table, warnings);
    let mut rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let f = |field: &str| r.get(b, field).map(|v| wan(&g, v));
            let fiscal = f("general_public").or_else(|| f("fiscal"));
            let (Some(unit), Some(project), Some(total), Some(fiscal), Some(other)) = (
                r.unit.clone(),
                r.name.clone(),
                f("total"),
                fiscal,
                f("other"),
            ) else {
                warnings.push(Warning::new(
                    r.line,
                    format!("{}: row not read: {}", table.label, r.label()),
                ));
                continue;
            };
            rows.push(T13Row {
                unit,
                project,
                total,
                fiscal,
                other,
                period: r.period.clone().unwrap_or_default(),
                line: r.line,
            });
        }
    }
    rows
}

/// The last `n` figures of a row, reading a figure the converter glued to the
/// end of the text cell before it (`…工作。 14,776.13`). Returns the figures in
/// order and the text cells before them.
pub fn trailing_figures<'a>(filled: &[&'a str], n: usize) -> Option<(Vec<Decimal>, Vec<&'a str>)> {
    let mut figs = Vec::new();
    let mut i = filled.len();
    let mut texts: Vec<&'a str> = Vec::new();
    while figs.len() < n && i > 0 {
        i -= 1;
        let c = filled[i];
        if let Ok(d) = number::parse(c) {
            figs.push(d);
            continue;
        }
        let (head, tail) = c.rsplit_once(' ')?;
        let d = number::parse(tail).ok()?;
        figs.push(d);
        texts.push(head.trim());
        break;
    }
    if figs.len() != n {
        return None;
    }
    figs.reverse();
    let mut before: Vec<&'a str> = filled[..i].to_vec();
    before.extend(texts);
    Some((figs, before))
}
