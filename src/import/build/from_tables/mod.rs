//! What the tables say where the narrative says nothing of it: the units
//! (a 部门支出总表 by unit; else a one-unit department is its own unit),
//! the 科目 tree from tables that print their codes, the tables kept as
//! printed, and the narrative's figures stated in passing.
//!
//! `units` finds the units and `functions` the 科目 tree; the tables kept
//! as printed, the figures stated in passing, the template set the
//! document follows and the list of the tables met are here.

mod functions;
mod units;

pub(super) use functions::functions;
pub(super) use units::{spending_totals, units};

use super::super::grid::{self, Grid};
use super::super::layout::{Document, Table};
use super::super::narrative::Para;
use super::super::template::{self, Role};
use super::super::text::norm;
use crate::schema::{DocRow, DocTable, Figure, Source, Stated};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// A table and its grid, as read.
pub(super) struct Read<'d> {
    pub(super) table: &'d Table,
    pub(super) grid: Grid,
}

impl Read<'_> {
    /// A figure of a row, scaled to 万元 with the precision the document
    /// gave, citing the table, the row and the column.
    fn figure(&self, v: Decimal, row: &str, column: &str, line: u32) -> Figure {
        // A ratio (执行率（%）) is as printed, whatever the table's 单位.
        let (value, precision) = if template::get().is_ratio(column) {
            (v.normalize(), v.scale())
        } else {
            grid::to_wan(v, self.grid.unit.as_ref())
        };
        let place = if column.is_empty() {
            format!("{} {row}", self.table.label)
        } else {
            format!("{} {row} {column}", self.table.label)
        };
        Figure {
            value,
            precision,
            source: Source {
                place: place.into(),
                line,
            },
        }
    }
}

/// The tables kept as printed: every row with its figures, scaled to 万元.
pub(super) fn kept(reads: &[Read], keep: &dyn Fn(Role) -> bool) -> Vec<DocTable> {
    let mut out = Vec::new();
    for r in reads.iter().filter(|r| keep(r.table.role)) {
        let sides = r.grid.blocks.len() > 1;
        for b in &r.grid.blocks {
            let side = match b.side {
                Some(template::GroupWord::Income) if sides => "（收入）",
                Some(template::GroupWord::Spending) if sides => "（支出）",
                _ => "",
            };
            let columns: Vec<String> = (0..b.figures.len())
                .map(|i| b.header(i).to_string())
                .collect();
            let rows = b
                .rows
                .iter()
                .filter(|row| {
                    !row.label().is_empty() || row.values.iter().any(|v| v.value.is_some())
                })
                .map(|row| {
                    let name = row
                        .name
                        .clone()
                        .or_else(|| row.unit.clone().filter(|_| row.unit_here))
                        .unwrap_or_default();
                    let code = row
                        .code
                        .clone()
                        .or_else(|| row.unit_code.clone())
                        .unwrap_or_default();
                    let who = if code.is_empty() {
                        name.clone()
                    } else {
                        format!("{code} {name}")
                    };
                    DocRow {
                        line: row.line,
                        figures: row
                            .values
                            .iter()
                            .map(|v| {
                                v.value
                                    .map(|x| r.figure(x, &who, &columns[v.column], row.line))
                            })
                            .collect(),
                        code,
                        name,
                    }
                })
                .collect();
            out.push(DocTable {
                role: r.table.role.id().to_string(),
                label: format!("{}{side}", r.table.label),
                title: r.table.title.clone(),
                unit: r
                    .grid
                    .unit
                    .as_ref()
                    .map(|u| u.0.clone())
                    .unwrap_or_default(),
                columns,
                rows,
                notes: if side == "（支出）" {
                    Vec::new()
                } else {
                    r.grid.notes.iter().map(|(_, n)| n.clone()).collect()
                },
            });
        }
    }
    out
}

/// Figures the narrative states in passing (`一般公共预算拨款1,459.70万元，
/// 占95.96%`, `共有车辆3辆`), each with the clause it stands in: what a
/// national template's 情况说明 says, kept so nothing it states is lost.
pub(super) fn stated(paras: &[Para], skip: &mut dyn FnMut(u32, Decimal) -> bool) -> Vec<Stated> {
    static FIG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(-?\d[\d,，]*(?:\.\d+)?)\s*(亿元|万元|元|%|辆|台（套）|台\(套\)|台|套|个|家|人|项|户|次|场|件|份|平方米)")
            .expect("valid regex")
    });
    let mut out = Vec::new();
    for p in paras {
        let mut last = 0;
        for c in FIG.captures_iter(&p.text) {
            let m = c.get(0).expect("group 0");
            let Some(value) = super::super::number::figure(&c[1]) else {
                continue;
            };
            if skip(p.line, value) {
                continue;
            }
            let start = p.text[..m.start()]
                .rfind(['，', '。', '；', '：', ',', ';', ':', '、'])
                .map_or(last.min(m.start()), |i| {
                    i + p.text[i..].chars().next().map_or(1, char::len_utf8)
                });
            last = m.end();
            out.push(Stated {
                label: p.text[start.min(m.end())..m.end()].trim().to_string(),
                value,
                unit: c[2].to_string(),
                source: Source {
                    place: format!("{} {}", part_name(p), p.heading)
                        .trim()
                        .to_string()
                        .into(),
                    line: p.line,
                },
            });
        }
    }
    out
}

fn part_name(p: &Para) -> String {
    if p.part == 0 {
        String::new()
    } else {
        let n = p.part as usize;
        let digits = [
            "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
        ];
        format!("第{}部分", digits.get(n).copied().unwrap_or(""))
    }
}

/// Which template set the document follows: the one whose marks (titles,
/// part headings) it holds most of.
pub(super) fn template_set(doc: &Document, paras: &[Para]) -> String {
    let t = template::get();
    let mut texts: Vec<String> = doc.tables.iter().map(|x| norm(&x.title)).collect();
    texts.extend(
        doc.narrative
            .iter()
            .map(|l| norm(&l.text))
            .filter(|l| l.contains("部分")),
    );
    let _ = paras;
    t.sets
        .iter()
        .max_by_key(|s| {
            s.marks
                .iter()
                .filter(|m| texts.iter().any(|x| x.contains(norm(m).as_str())))
                .count()
        })
        .map(|s| s.id.clone())
        .unwrap_or_default()
}

/// A role's tables understood? The report's list of every table met.
pub(super) fn seen(doc: &Document, reads: &[Read]) -> Vec<crate::schema::TableSeen> {
    let mut out: Vec<crate::schema::TableSeen> = doc
        .tables
        .iter()
        .map(|t| {
            let grid = reads
                .iter()
                .find(|r| std::ptr::eq(r.table, t))
                .map(|r| &r.grid);
            crate::schema::TableSeen {
                role: t.role.id().to_string(),
                label: t.label.clone(),
                title: t.title.clone(),
                unit: grid
                    .and_then(|g| g.unit.as_ref())
                    .map(|u| u.0.clone())
                    .unwrap_or_default(),
                line: t.first_line(),
                understood: true,
            }
        })
        .collect();
    out.extend(doc.unknown.iter().map(|u| crate::schema::TableSeen {
        role: String::new(),
        label: u.title.clone(),
        title: u.title.clone(),
        unit: String::new(),
        line: u.first,
        understood: false,
    }));
    out
}
