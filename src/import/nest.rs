//! Rebuilding the nesting of tables that print a tree as flat rows without
//! indentation (表1's income and spending sides, 表6): a line owns the lines
//! below it whose amounts add up to its own, within the rounding of the
//! figures involved. Lines numbered `一、` always start a new top-level line.

use super::tables::Row;
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

static CN_NUM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+[、.．]\s*").unwrap());

/// A row with the rows it owns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nested {
    pub row: Row,
    pub children: Vec<Nested>,
}

/// Is this row a numbered top-level line (`一、财政拨款`)?
pub fn is_numbered(name: &str) -> bool {
    CN_NUM.is_match(name.trim())
}

/// The name without its `一、` numbering.
pub fn strip_number(name: &str) -> String {
    CN_NUM.replace(name.trim(), "").trim().to_string()
}

/// `sum` of `n` rounded figures matches `target` (itself rounded) within
/// 0.5 per figure.
fn close(sum: Decimal, target: Decimal, n: usize) -> bool {
    (sum - target).abs() <= Decimal::new(5, 1) * Decimal::from(n as u64 + 1)
}

fn amount(r: &Row) -> Decimal {
    r.amount.unwrap_or_default()
}

/// Rows owned by a line of amount `target`: `Some` only when they close on it.
fn owned(
    rows: &[Row],
    target: Decimal,
    depth: usize,
    max_depth: usize,
) -> Option<(Vec<Nested>, usize)> {
    let mut out = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut i = 0;
    while i < rows.len() {
        if is_numbered(&rows[i].name) {
            return None;
        }
        let (node, used) = take(&rows[i..], depth, max_depth);
        sum += amount(&node.row);
        out.push(node);
        i += used;
        if close(sum, target, out.len()) {
            return Some((out, i));
        }
        if sum > target + Decimal::new(5, 1) * Decimal::from(out.len() as u64 + 1) {
            return None;
        }
    }
    None
}

/// One row and what it owns; returns how many rows were used.
fn take(rows: &[Row], depth: usize, max_depth: usize) -> (Nested, usize) {
    let row = rows[0].clone();
    let a = amount(&row);
    if depth < max_depth && a > Decimal::ZERO {
        if let Some((children, used)) = owned(&rows[1..], a, depth + 1, max_depth) {
            return (Nested { row, children }, used + 1);
        }
    }
    (
        Nested {
            row,
            children: Vec::new(),
        },
        1,
    )
}

/// Nest rows with no numbered lines among them by their sums alone: each
/// row owns the rows after it that add up to it (`年初财政拨款结转和结余`
/// over its `一般公共预算财政拨款`).
pub fn by_sums(rows: &[Row], max_depth: usize) -> Vec<Nested> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let (node, used) = take(&rows[i..], 1, max_depth);
        out.push(node);
        i += used.max(1);
    }
    out
}

/// Nest flat rows into at most `max_depth` levels. Rows a numbered line cannot
/// account for stay as its children, flat, and are reported in the second value.
pub fn nest(rows: &[Row], max_depth: usize) -> (Vec<Nested>, Vec<Row>) {
    let mut out = Vec::new();
    let mut loose = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = i;
        i += 1;
        if !is_numbered(&rows[start].name) {
            out.push(Nested {
                row: rows[start].clone(),
                children: Vec::new(),
            });
            continue;
        }
        while i < rows.len() && !is_numbered(&rows[i].name) {
            i += 1;
        }
        let block = &rows[start + 1..i];
        let target = amount(&rows[start]);
        let mut children = Vec::new();
        let mut j = 0;
        let mut sum = Decimal::ZERO;
        while j < block.len() {
            let (node, used) = take(&block[j..], 2, max_depth);
            sum += amount(&node.row);
            children.push(node);
            j += used;
            if close(sum, target, children.len()) && j < block.len() {
                // The rest does not belong under this line (zero lines,
                // which add nothing, may).
                for r in &block[j..] {
                    if !amount(r).is_zero() {
                        loose.push(r.clone());
                    }
                    children.push(Nested {
                        row: r.clone(),
                        children: Vec::new(),
                    });
                }
                break;
            }
        }
        out.push(Nested {
            row: rows[start].clone(),
            children,
        });
    }
    (out, loose)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(name: &str, a: i64) -> Row {
        Row {
            name: name.into(),
            amount: Some(Decimal::from(a)),
            line: 0,
        }
    }

    #[test]
    fn nests_income_by_sums() {
        let rows = vec![
            r("一、财政拨款", 686_630),
            r("一般公共预算拨款", 666_730),
            r("一般性经费拨款", 65636),
            r("财政专项资金拨款", 597_593),
            r("政府投资项目拨款", 3501),
            r("政府性基金预算拨款", 0),
            r("财政专户拨款", 19900),
            r("二、事业收入", 6824),
        ];
        let (n, loose) = nest(&rows, 3);
        assert!(loose.is_empty());
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].children.len(), 3);
        assert_eq!(n[0].children[0].children.len(), 3);
        assert!(n[1].children.is_empty());
    }

    #[test]
    fn nests_functions_within_rounding() {
        let rows = vec![
            r("一、一般公共服务支出", 318_532),
            r("人力资源事务", 317_083),
            r("一般行政管理事务", 593),
            r("博士后日常经费", 49335),
            r("引进人才费用", 250_418),
            r("其他人力资源事务支出", 16738),
            r("其他一般公共服务支出", 1450),
            r("其他一般公共服务支出", 1450),
        ];
        let (n, loose) = nest(&rows, 3);
        assert!(loose.is_empty());
        assert_eq!(n[0].children.len(), 2);
        assert_eq!(n[0].children[0].children.len(), 4);
        assert_eq!(n[0].children[1].children.len(), 1);
    }

    #[test]
    fn strips_numbering() {
        assert_eq!(strip_number("一、财政拨款"), "财政拨款");
        assert!(is_numbered("十二、其他支出"));
        assert!(!is_numbered("其他支出"));
    }
}
