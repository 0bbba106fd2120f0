//! A row's cells: its keys (unit, code, name …) and its figures, read into
//! a [`Row`]; and a figure scaled from the table's money unit to 万元.

use super::super::number::{self, Cell};
use super::super::template::Key;
use super::{Block, Column, ColumnKind, Row, Value};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// `【2080505】机关事业单位…` or `2080505 机关事业单位…`: a 科目 code (3 to 7
/// digits) leading a name.
static CODE_IN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[【\[](\d{3,7})[】\]]|(\d{3,7})\s+)\s*(\S.*)$").expect("valid regex")
});

/// One block's part of a line, or `None` when it holds nothing.
pub(super) fn read_row(
    b: &Block,
    cells: &[&str],
    line: u32,
    problems: &mut Vec<(u32, String)>,
) -> Option<Row> {
    let mut row = Row {
        line,
        ..Row::default()
    };
    let mut split_code = String::new();
    let mut any = false;
    let mut figure_i = 0;
    for c in &b.columns {
        let text = cells.get(c.cell).copied().unwrap_or("").trim();
        match &c.kind {
            ColumnKind::Key(k) => {
                if text.is_empty() {
                    continue;
                }
                any = true;
                key_cell(&mut row, c.cell, *k, text, &mut split_code);
            }
            ColumnKind::Figure { .. } => {
                any |= figure_cell(&mut row, c, figure_i, text, problems);
                figure_i += 1;
            }
        }
    }
    code_and_name(&mut row, split_code);
    // A code column holding a name, or a name column holding a figure:
    // the row's cells stand where the header does not expect them.
    if row.name.as_deref().is_some_and(number::is_figure) {
        problems.push((
            line,
            format!(
                "a figure where the header has a name: {}",
                cells.join(" | ")
            ),
        ));
    }
    any.then_some(row)
}

/// A filled key cell, in its field of the row (a part of a split 科目 code
/// added to `split_code`).
fn key_cell(row: &mut Row, cell: usize, k: Key, text: &str, split_code: &mut String) {
    row.keys.push((cell, k));
    let s = Some(text.to_string());
    match k {
        Key::Unit => {
            row.unit = s;
            row.unit_here = true;
        }
        Key::UnitCode => row.unit_code = s,
        Key::Code => row.code = s,
        Key::CodeClass | Key::CodeSection | Key::CodeItem => split_code.push_str(text),
        Key::Name => row.name = s,
        Key::Year => row.year = s,
        Key::Period => row.period = s,
        Key::Note => row.note = s,
        Key::RowNo => {}
    }
}

/// The cell of the block's `i`th figure column: a figure, empty, or words
/// (a problem under a column the template names); `true` when it holds
/// something.
fn figure_cell(
    row: &mut Row,
    c: &Column,
    i: usize,
    text: &str,
    problems: &mut Vec<(u32, String)>,
) -> bool {
    match number::cell(text) {
        Cell::Figure(v) => {
            row.values.push(Value {
                column: i,
                cell: c.cell,
                value: Some(v),
            });
            true
        }
        Cell::Empty => {
            row.values.push(Value {
                column: i,
                cell: c.cell,
                value: None,
            });
            false
        }
        Cell::Text => {
            row.values.push(Value {
                column: i,
                cell: c.cell,
                value: None,
            });
            row.words.push((c.cell, text.to_string()));
            if matches!(&c.kind, ColumnKind::Figure { field: Some(_), .. }) {
                problems.push((
                    row.line,
                    format!("{text:?} under {} is not a figure", c.header),
                ));
            }
            true
        }
    }
}

/// The row's code and name settled: a code split over columns joined, a
/// code a name carries taken from it, words in the code column made the
/// name.
fn code_and_name(row: &mut Row, split_code: String) {
    if !split_code.is_empty() && row.code.is_none() {
        row.code = Some(split_code);
    }
    // A name that carries its code (`【2080505】机关事业单位…`, `2080505 机关…`).
    if row.code.is_none() {
        if let Some(c) = row.name.as_deref().and_then(|n| CODE_IN_NAME.captures(n)) {
            let code = c
                .get(1)
                .or_else(|| c.get(2))
                .map(|m| m.as_str().to_string());
            row.name = Some(c[3].trim().to_string());
            row.code = code;
        }
    }
    // Words in the code column (`合计`, `人员经费合计` spanning both key
    // columns) are the row's name.
    if row.name.is_none() && row.code.as_deref().is_some_and(|c| !c.is_ascii()) {
        row.name = row.code.take();
    }
}

/// A figure read from a table, scaled to 万元: (value, precision — how
/// many decimals of 万元 the document gave: a 元 figure has four more than
/// its 元 digits, a 亿元 figure four fewer, never below whole 万元).
///
/// The value keeps the document's trailing zeros to that precision
/// (`1,521.70` stays 1521.70), so a caller that takes its scale for the
/// precision takes the document's.
pub fn to_wan(value: Decimal, unit: Option<&(String, Decimal)>) -> (Decimal, u32) {
    let Some((_, f)) = unit.filter(|(_, f)| *f != Decimal::ONE) else {
        return (value, value.scale());
    };
    let mut v = value.checked_mul(*f).unwrap_or(Decimal::MAX).normalize();
    let f = f.normalize();
    let p = if f.scale() > 0 {
        value.scale() + f.scale()
    } else {
        // 亿元 (10^4): as many fewer decimals as the factor has zeros.
        let zeros = u32::try_from(f.to_string().trim_start_matches('1').len()).unwrap_or(0);
        value.scale().saturating_sub(zeros)
    };
    if v.scale() < p {
        v.rescale(p);
    }
    (v, p)
}
