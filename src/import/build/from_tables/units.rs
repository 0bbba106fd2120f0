//! The units of a document whose narrative does not break its spending
//! down by unit: a 部门支出总表 (or 收入总表) by unit, else the department
//! as its one unit with the 合计 row of its tables; the units the narrative
//! names; and the 部门支出总表's 合计 row as the department's total.

use super::Read;
use crate::import::grid::{self, Block};
use crate::import::layout::Unknown;
use crate::import::narrative::{CategoryText, Para, UnitText};
use crate::import::template::{self, Role};
use crate::import::text::norm;
use crate::import::{ImportError, Warning};
use crate::schema::category;
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// The first table of a role that holds rows by unit.
fn by_unit<'a, 'd>(reads: &'a [Read<'d>], role: Role) -> Option<(&'a Read<'d>, &'a Block)> {
    reads.iter().filter(|r| r.table.role == role).find_map(|r| {
        r.grid
            .blocks
            .iter()
            .find(|b| b.by_unit() && !b.rows.is_empty())
            .map(|b| (r, b))
    })
}

/// One unit's row of a by-unit table, as the units are put together.
struct UnitRow {
    name: String,
    total: Option<(Decimal, u32)>,
    basic: Option<Decimal>,
    project: Option<Decimal>,
    line: u32,
}

/// Units from a 部门支出总表 (or 收入总表) by unit: every unit row but the
/// table's 合计 and the department's own row when it is the sum of the
/// others; a unit's (专项资金) row added to the unit's (the department's
/// (专项资金) row is its 本级's, as Shenzhen's 表3 prints it).
fn table_units(dept: &str, read: &Read, b: &Block) -> Vec<UnitRow> {
    let t = template::get();
    let get = |r: &grid::Row, f: &str| {
        r.get(b, f)
            .map(|v| grid::to_wan(v, read.grid.unit.as_ref()).0)
    };
    let mut rows: Vec<UnitRow> = b
        .rows
        .iter()
        .filter(|r| r.unit_here && !r.unit.as_deref().is_some_and(|u| t.is_total(u)))
        .map(|r| {
            let (basic, project) = (get(r, "basic"), get(r, "project"));
            // A table with no 合计 column: its 基本 and 项目 add up to it.
            let total = get(r, "total").or_else(|| basic?.checked_add(project?));
            UnitRow {
                name: r.unit.clone().unwrap_or_default(),
                total: total.map(|v| (v, r.line)),
                basic,
                project,
                line: r.line,
            }
        })
        .collect();
    // The department's own row: the sum of all the others, not a unit.
    let d = norm(dept);
    if rows.len() > 1 {
        if let Some(i) = rows.iter().position(|u| norm(&u.name) == d) {
            let others = crate::money::sum(
                rows.iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .filter_map(|(_, u)| u.total.map(|t| t.0)),
            );
            let half = crate::money::half_unit(0) * Decimal::from(rows.len());
            if rows[i]
                .total
                .is_some_and(|(o, _)| (o - others).abs() <= half)
            {
                rows.remove(i);
            }
        }
    }
    // Each (专项资金) row into its unit's.
    let add = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b),
        (a, b) => a.or(b),
    };
    let mut out: Vec<UnitRow> = Vec::new();
    let mut special: Vec<UnitRow> = Vec::new();
    for r in rows {
        if norm(&r.name).ends_with("(专项资金)") {
            special.push(r);
        } else {
            out.push(r);
        }
    }
    for s in special {
        let key = norm(&s.name);
        let base = key.trim_end_matches("(专项资金)");
        let own = format!("{base}本级");
        match out
            .iter_mut()
            .find(|u| norm(&u.name) == base || (base == d && norm(&u.name) == own))
        {
            Some(u) => {
                u.total = match (u.total, s.total) {
                    (Some((a, l)), Some((b, _))) => a.checked_add(b).map(|v| (v, l)),
                    (a, b) => a.or(b),
                };
                u.basic = add(u.basic, s.basic);
                u.project = add(u.project, s.project);
            }
            None => out.push(s),
        }
    }
    out
}

/// The 合计 row of a table by 科目 (the department's own figures).
fn total_row(b: &Block) -> Option<&grid::Row> {
    let t = template::get();
    b.rows.iter().find(|r| t.is_total(r.label()))
}

/// The units of a document whose narrative does not break its spending
/// down by unit: from a table by unit, else the department as its one
/// unit. Also the units the narrative names (kept when no table gives them
/// apart).
pub(in crate::import::build) fn units(
    dept: &str,
    reads: &[Read],
    unknown: &[Unknown],
    paras: &[Para],
    w: &mut Vec<Warning>,
) -> Result<(Vec<UnitText>, Vec<String>), ImportError> {
    let named = named_units(paras);
    let from = by_unit(reads, Role::Spending).or_else(|| by_unit(reads, Role::Income));
    if let Some((read, b)) = from {
        let mut rows = table_units(dept, read, b);
        // One unit in a 收入总表 by unit: its 基本/项目 are the 支出总表's
        // (by 科目) 合计 row.
        if let [one] = rows.as_mut_slice() {
            if one.basic.is_none() {
                if let Some((_, _, b, p, _)) = spending_total(reads) {
                    (one.basic, one.project) = (b, p);
                }
            }
        }
        // The 本级 unit printed under the department's own name (its other
        // units beside it): named 本级, so that it is not the department.
        if rows.len() > 1 {
            for u in rows.iter_mut().filter(|u| norm(&u.name) == norm(dept)) {
                u.name = format!("{dept}本级");
            }
        }
        if !rows.is_empty() {
            let units = rows
                .into_iter()
                .map(|u| {
                    unit_text(
                        &read.table.label,
                        &u.name,
                        u.total,
                        u.basic,
                        u.project,
                        u.line,
                    )
                })
                .collect();
            return Ok((units, Vec::new()));
        }
    }
    // No table by unit: the department is its own unit, its 基本/项目 the
    // 合计 row of the 部门支出总表 by 科目.
    let (mut label, mut total, basic, project, mut line) =
        spending_total(reads).unwrap_or((String::new(), None, None, None, 0));
    // No 支出总表: the 收支总表's 本年支出合计 (else its 支出总计) is the unit's.
    if total.is_none() {
        if let Some((r, v, l)) = summary_spending(reads) {
            (label, total, line) = (r.table.label.clone(), Some(v), l);
        }
    }
    if total.is_none() && reads.iter().all(|r| r.table.role != Role::Summary) {
        return Err(ImportError(format!(
            "no units and no department total: neither the narrative nor a table (部门支出总表 by unit, 部门收支总表) gives them; {}",
            tables_list(reads, unknown)
        )));
    }
    if named.len() > 1 {
        w.push(Warning::new(
            line,
            format!(
                "the narrative names {} units ({}) but no table gives their figures apart: the department is shown as one",
                named.len(),
                named.join("、")
            ),
        ));
    }
    let unit = unit_text(&label, dept, total.map(|t| (t, line)), basic, project, line);
    Ok((vec![unit], if named.len() > 1 { named } else { Vec::new() }))
}

/// The tables met, understood and not: for a refusal to say what it saw.
pub(super) fn tables_list(reads: &[Read], unknown: &[Unknown]) -> String {
    let understood: Vec<String> = reads
        .iter()
        .map(|r| {
            if r.table.label == r.table.title {
                r.table.title.clone()
            } else {
                format!("{} {}", r.table.label, r.table.title)
            }
        })
        .collect();
    let not: Vec<String> = unknown
        .iter()
        .map(|u| format!("{:?} (line {}, {} rows)", u.title, u.first, u.rows))
        .collect();
    if understood.is_empty() && unknown.is_empty() {
        return "no table found: no rows of cells (apart by tabs, by pipes `| a | b |`, or set in columns by spaces) under a title, and none a template knows".to_string();
    }
    format!(
        "tables understood: {}; tables not understood: {}",
        if understood.is_empty() {
            "none".to_string()
        } else {
            understood.join("、")
        },
        if not.is_empty() {
            "none".to_string()
        } else {
            not.join("、")
        }
    )
}

/// A unit as a table states it: its total and its 基本/项目 split.
fn unit_text(
    label: &str,
    name: &str,
    total: Option<(Decimal, u32)>,
    basic: Option<Decimal>,
    project: Option<Decimal>,
    line: u32,
) -> UnitText {
    let mut categories = Vec::new();
    for (cat, v) in [
        (category::BASIC_TOTAL, basic),
        (category::PROJECTS, project),
    ] {
        if let Some(amount) = v {
            categories.push(CategoryText {
                name: cat.to_string(),
                amount,
                text: String::new(),
                line,
                projects: Vec::new(),
            });
        }
    }
    UnitText {
        name: name.to_string(),
        source: label.to_string(),
        heading_line: line,
        total,
        summary: Vec::new(),
        categories,
    }
}

/// The 合计 row of the 部门支出总表 by 科目: (its table's label, 合计,
/// 基本支出, 项目支出, its line), in 万元.
#[allow(clippy::type_complexity)]
fn spending_total(
    reads: &[Read],
) -> Option<(
    String,
    Option<Decimal>,
    Option<Decimal>,
    Option<Decimal>,
    u32,
)> {
    let r = reads.iter().find(|r| r.table.role == Role::Spending)?;
    r.grid.blocks.iter().find_map(|b| {
        let row = total_row(b)?;
        let get = |f: &str| {
            row.get(b, f)
                .map(|v| grid::to_wan(v, r.grid.unit.as_ref()).0)
        };
        Some((
            r.table.label.clone(),
            get("total"),
            get("basic"),
            get("project"),
            row.line,
        ))
    })
}

/// The 部门支出总表's 合计 row (by unit or by 科目) as a statement of the
/// department's total: `("{label} 合计", figure)`, in 万元 with the digits
/// the table gives (a table in 元 keeps its fen).
pub(in crate::import::build) fn spending_totals(
    reads: &[Read],
) -> Vec<(String, crate::schema::Figure)> {
    let Some(r) = reads.iter().find(|r| r.table.role == Role::Spending) else {
        return Vec::new();
    };
    r.grid
        .blocks
        .iter()
        .find_map(|b| {
            let row = total_row(b)?;
            let v = row.get(b, "total")?;
            let (value, precision) = grid::to_wan(v, r.grid.unit.as_ref());
            let place = format!("{} 合计", r.table.label);
            Some(vec![(
                place.clone(),
                crate::schema::Figure {
                    value,
                    precision,
                    source: super::super::src(place, row.line),
                },
            )])
        })
        .unwrap_or_default()
}

/// The 收支总表's spending this year: its 本年支出合计 (else 支出总计),
/// in 万元, with its line.
fn summary_spending<'a, 'd>(reads: &'a [Read<'d>]) -> Option<(&'a Read<'d>, Decimal, u32)> {
    let r = reads.iter().find(|r| r.table.role == Role::Summary)?;
    let spending = r
        .grid
        .blocks
        .iter()
        .find(|b| b.side == Some(template::GroupWord::Spending))?;
    ["本年支出合计", "支出合计", "支出总计", "总计"]
        .iter()
        .find_map(|want| {
            let row = spending.rows.iter().find(|x| norm(x.label()) == *want)?;
            let v = row
                .get(spending, "amount")
                .or_else(|| row.values.first().and_then(|v| v.value))?;
            Some((r, grid::to_wan(v, r.grid.unit.as_ref()).0, row.line))
        })
}

/// The units the narrative lists (`部门预算单位构成`: `1. 某单位` items, or
/// `包括：甲、乙、丙`).
pub(super) fn named_units(paras: &[Para]) -> Vec<String> {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d+[\.．、]\s*([^，。；,;：:]{2,40})$").expect("valid regex")
    });
    static LIST: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"包括[：:]?\s*([^。]+)").expect("valid regex"));
    let mut out = Vec::new();
    for p in paras.iter().filter(|p| p.heading.contains("单位构成")) {
        if let Some(c) = ITEM.captures(&p.text) {
            out.push(c[1].trim().to_string());
        } else if let Some(c) = LIST.captures(&p.text) {
            let list = c[1].trim();
            if list.contains('、') {
                out.extend(
                    list.split('、')
                        .map(|s| s.trim().trim_end_matches(['。', '；']).to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
        }
    }
    out
}
