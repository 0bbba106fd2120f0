//! Readers for each standard table: rows of cells in, plain records out.
//! What a reader cannot place becomes a warning with its line number.

use super::layout::{is_page_furniture, Table};
use super::number;
use super::text::{norm, SrcLine};
use super::Warning;

mod sheets;
use rust_decimal::Decimal;
pub use sheets::{read_t14, read_t15, IndicatorRow, T14Sheet, T15Sheet};

/// The message for a table line a reader could not read, cells shown apart.
fn row_not_read(table: &str, line: &SrcLine) -> String {
    format!("{table}: row not read: {}", line.text.replace('\t', " | "))
}

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

fn amount_or_warn(
    cell: &str,
    line: u32,
    what: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Decimal> {
    if cell.trim().is_empty() {
        return None;
    }
    if let Ok(d) = number::parse(cell) {
        Some(d)
    } else {
        warnings.push(Warning::new(
            line,
            format!("{what}: {cell:?} is not an amount"),
        ));
        None
    }
}

/// 表1 / 表6: the income side and the spending side, each a list of rows in
/// order; the rows after 本年…合计 are the totals block.
#[derive(Debug, Default)]
pub struct TwoSided {
    pub income: Vec<Row>,
    pub spending: Vec<Row>,
}

pub fn read_two_sided(table: &Table, warnings: &mut Vec<Warning>) -> TwoSided {
    let mut out = TwoSided::default();
    let mut stray_zeros = 0;
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let cells = line.cells();
        let mut i = 0;
        while i < cells.len() {
            let c = cells[i];
            if c.is_empty() {
                i += 1;
                continue;
            }
            let next = cells.get(i + 1).copied().unwrap_or("");
            if is_amount(c) {
                // A figure with no label before it: converters leave `0` in empty label cells.
                if number::parse(c).is_ok_and(|d| d.is_zero()) {
                    stray_zeros += 1;
                } else {
                    warnings.push(Warning::new(
                        line.no,
                        format!("{}: figure {c} has no label", table.kind.label()),
                    ));
                }
                i += 1;
                continue;
            }
            let amount = if is_amount(next) {
                number::parse(next).ok()
            } else {
                None
            };
            let row = Row {
                name: c.to_string(),
                amount,
                line: line.no,
            };
            if i < 2 {
                out.income.push(row);
            } else {
                out.spending.push(row);
            }
            i += if amount.is_some() || next.is_empty() {
                2
            } else {
                1
            };
        }
    }
    if stray_zeros > 0 {
        warnings.push(Warning::new(
            table.first_line(),
            format!(
                "{}: {stray_zeros} unlabelled 0 cells (conversion noise) ignored",
                table.kind.label()
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

pub fn read_t3(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T3Row> {
    let mut rows = Vec::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let cells = line.cells();
        let name = cells.first().copied().unwrap_or("");
        if name.is_empty() || !cells.get(1).is_some_and(|c| is_amount(c)) {
            // Header rows (no figure in them) repeat on every page.
            if line.filled().iter().any(|c| is_amount(c)) {
                warnings.push(Warning::new(line.no, row_not_read("表3", line)));
            }
            continue;
        }
        let figures = (1..8)
            .map(|i| {
                amount_or_warn(
                    cells.get(i).copied().unwrap_or(""),
                    line.no,
                    "表3",
                    warnings,
                )
            })
            .collect();
        rows.push(T3Row {
            name: name.to_string(),
            figures,
            line: line.no,
        });
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

pub fn read_t7(table: &Table, warnings: &mut Vec<Warning>) -> (Vec<T7Row>, Vec<T7Row>) {
    let mut unit_rows = Vec::new();
    let mut code_rows = Vec::new();
    let mut unit = String::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let filled = line.filled();
        let nums: Vec<Decimal> = filled
            .iter()
            .filter_map(|c| number::parse(c).ok())
            .collect();
        let texts: Vec<&str> = filled.iter().copied().filter(|c| !is_amount(c)).collect();
        let code = texts
            .iter()
            .find(|c| c.chars().all(|ch| ch.is_ascii_digit()) && c.len() >= 3);
        // A 7-digit code is also a figure to money::parse; take it out of the figures.
        let (code, nums) = match code {
            Some(c) => (Some(c.to_string()), nums),
            None => match filled
                .iter()
                .find(|c| c.len() == 7 && c.chars().all(|ch| ch.is_ascii_digit()))
            {
                Some(c) => (Some(c.to_string()), nums.into_iter().skip(1).collect()),
                None => (None, nums),
            },
        };
        let texts: Vec<&str> = texts
            .into_iter()
            .filter(|t| Some(t.to_string()) != code)
            .collect();
        if nums.len() != 3 || texts.len() != 1 {
            if !filled.is_empty() {
                warnings.push(Warning::new(line.no, row_not_read("表7", line)));
            }
            continue;
        }
        let row = |unit: &str, code: &str, name: &str| T7Row {
            unit: unit.to_string(),
            code: code.to_string(),
            name: name.to_string(),
            total: nums[0],
            basic: nums[1],
            project: nums[2],
            line: line.no,
        };
        if let Some(code) = code {
            code_rows.push(row(&unit, &code, texts[0]));
        } else {
            unit = texts[0].to_string();
            unit_rows.push(row(&unit, "", texts[0]));
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
    let mut rows = Vec::new();
    let mut unit = String::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let cells = line.cells();
        let filled = line.filled();
        let Some(amount) = filled.last().and_then(|c| number::parse(c).ok()) else {
            if !filled.is_empty() {
                warnings.push(Warning::new(line.no, row_not_read("表11", line)));
            }
            continue;
        };
        if !cells[0].is_empty() {
            unit = cells[0].to_string();
            rows.push(T11Row {
                unit: unit.clone(),
                code: String::new(),
                name: unit.clone(),
                amount,
                line: line.no,
            });
        } else if filled.len() == 3 {
            rows.push(T11Row {
                unit: unit.clone(),
                code: filled[0].to_string(),
                name: filled[1].to_string(),
                amount,
                line: line.no,
            });
        } else {
            warnings.push(Warning::new(line.no, row_not_read("表11", line)));
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

pub fn read_t12(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T12Row> {
    let mut rows = Vec::new();
    let mut unit = String::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let filled = line.filled();
        let year_pos = filled.iter().position(|c| {
            let t = c.trim_end_matches('年');
            t.len() == 4 && t.chars().all(|ch| ch.is_ascii_digit())
        });
        let Some(yp) = year_pos else {
            if !filled.is_empty() && !norm(&line.text).contains("小计") {
                warnings.push(Warning::new(line.no, row_not_read("表12", line)));
            }
            continue;
        };
        if yp == 1 {
            unit = filled[0].to_string();
        }
        let year: i32 = filled[yp].trim_end_matches('年').parse().unwrap_or(0);
        let nums: Vec<Decimal> = filled[yp + 1..]
            .iter()
            .filter_map(|c| number::parse(c).ok())
            .collect();
        if nums.len() != 6 || unit.is_empty() {
            warnings.push(Warning::new(
                line.no,
                format!("表12: expected 6 figures, read {}", nums.len()),
            ));
            continue;
        }
        rows.push(T12Row {
            unit: unit.clone(),
            year,
            figures: [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]],
            line: line.no,
        });
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
    let mut rows = Vec::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let filled = line.filled();
        let nums: Vec<Decimal> = filled
            .iter()
            .filter_map(|c| number::parse(c).ok())
            .collect();
        let texts: Vec<&str> = filled.iter().copied().filter(|c| !is_amount(c)).collect();
        if nums.len() != 3 || texts.len() < 2 {
            if !filled.is_empty() {
                warnings.push(Warning::new(line.no, row_not_read("表13", line)));
            }
            continue;
        }
        rows.push(T13Row {
            unit: texts[0].to_string(),
            project: texts[1].to_string(),
            total: nums[0],
            fiscal: nums[1],
            other: nums[2],
            period: texts
                .get(2)
                .map(std::string::ToString::to_string)
                .unwrap_or_default(),
            line: line.no,
        });
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
