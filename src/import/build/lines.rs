//! Income (表1) and procurement (part 4, 表11) lines.

use super::sections::{after_totals, is_total_row};
use super::{
    fig, nar, nest, strip_number, tables, Line, Names, Nested, Para, Procurement, Row, Warning,
};

pub(super) fn to_lines(nodes: &[Nested], table: &str) -> Vec<Line> {
    nodes
        .iter()
        .map(|n| Line {
            name: strip_number(&n.row.name),
            code: String::new(),
            amount: fig(
                n.row.amount.unwrap_or_default(),
                format!("{table} {}", n.row.name),
                n.row.line,
            ),
            children: to_lines(&n.children, table),
        })
        .collect()
}

/// 表1's or 表6's 收入 side (`table` says which) as a tree.
pub(super) fn income_lines(t1: &tables::TwoSided, table: &str, w: &mut Vec<Warning>) -> Vec<Line> {
    // The tree is what stands above 本年收入合计; below it come lines of their own (上年结转 …).
    // A line with no figure (an empty cell, a dash) is not a 0: it is left
    // out of the tree (a table kept as printed still shows it).
    let rows: Vec<Row> = t1
        .income
        .iter()
        .filter(|r| !is_total_row(&r.name) && r.amount.is_some())
        .cloned()
        .collect();
    let below = after_totals(t1);
    let (before, after): (Vec<Row>, Vec<Row>) = rows.iter().cloned().partition(|r| !below(r));
    let (mut tree, loose) = nest(&before, 3);
    tree.extend(super::super::nest::by_sums(&after, 2));
    for r in loose {
        w.push(Warning::new(
            r.line,
            format!(
                "{table}: income line {:?} does not add up under its heading",
                r.name
            ),
        ));
    }
    let mut lines = to_lines(&tree, table);
    unique_names(&mut lines, table, w);
    lines
}

/// Lines of one parent named alike (a table printing `一般公共预算财政拨款`
/// under two headings it does not nest) told apart by their place.
fn unique_names(lines: &mut [Line], table: &str, w: &mut Vec<Warning>) {
    let mut seen: Vec<String> = Vec::new();
    for l in lines.iter_mut() {
        if seen.contains(&l.name) {
            let renamed = format!("{}（第{}行）", l.name, l.amount.source.line);
            w.push(Warning::new(
                l.amount.source.line,
                format!(
                    "{table}: a second line named {:?} is called {renamed:?}",
                    l.name
                ),
            ));
            l.name = renamed;
        }
        seen.push(l.name.clone());
        unique_names(&mut l.children, table, w);
    }
}

/// Part 4's 政府采购: its totals as the narrative states them, and the lines
/// of 表11.
pub(super) fn procurement(
    names: &Names,
    label: &str,
    department: &str,
    t11: &[tables::T11Row],
    paras: &[Para],
    w: &mut Vec<Warning>,
) -> Procurement {
    let mut p = Procurement::default();
    stated_totals(&mut p, paras);
    p.lines = procurement_lines(names, label, department, t11, w);
    p
}

/// The totals part 4 states (共计, 当年, 以前年度, 货物, 工程, 服务): the
/// first paragraph stating each.
fn stated_totals(p: &mut Procurement, paras: &[Para]) {
    for para in paras.iter().filter(|x| x.part == 4) {
        let t = &para.text;
        let f = |label: &str, place: &str| {
            nar::wan_after(t, label).map(|v| fig(v, format!("第四部分 {place}"), para.line))
        };
        p.total = p.total.take().or_else(|| f("共计", "合计"));
        p.current_year = p
            .current_year
            .take()
            .or_else(|| f("当年政府采购项目指标", "当年政府采购项目"));
        p.previous_years = p.previous_years.take().or_else(|| {
            f(
                "待支付以前年度政府采购项目指标",
                "待支付以前年度政府采购项目",
            )
        });
        p.goods = p.goods.take().or_else(|| f("货物采购", "货物采购"));
        p.works = p.works.take().or_else(|| f("工程采购", "工程采购"));
        p.services = p.services.take().or_else(|| f("服务采购", "服务采购"));
    }
}

/// 表11's lines: department → unit → 品目 by code prefix (A → A03).
fn procurement_lines(
    names: &Names,
    label: &str,
    department: &str,
    t11: &[tables::T11Row],
    w: &mut Vec<Warning>,
) -> Vec<Line> {
    let mut dept: Option<Line> = None;
    // Each unit's line, the unit as the table names it, and whether the
    // table states its amount (else it is the sum of its 品目).
    let mut units: Vec<(Line, String, bool)> = Vec::new();
    for r in t11 {
        // The table's 合计: the department's line, its units below it.
        if r.total {
            if dept.is_none() {
                dept = Some(Line {
                    name: department.to_string(),
                    code: String::new(),
                    amount: fig(r.amount, format!("{label} 合计"), r.line),
                    children: Vec::new(),
                });
            }
            continue;
        }
        let line = Line {
            name: r.name.clone(),
            code: r.code.clone(),
            amount: fig(
                r.amount,
                format!("{label} {} {} {}", r.unit, r.code, r.name),
                r.line,
            ),
            children: Vec::new(),
        };
        if r.code.is_empty() {
            if names.is_department(&r.unit) {
                dept = Some(Line {
                    name: department.to_string(),
                    ..line
                });
            } else {
                let name = unit_name(names, label, &r.unit, r.line, w);
                units.push((Line { name, ..line }, r.unit.clone(), true));
            }
            continue;
        }
        // A 品目 row that names its unit in its own cell (no unit row above
        // it): under a line for that unit, the sum of its 品目.
        if !r.unit.is_empty() && units.last().is_none_or(|u| u.1 != r.unit) {
            units.push((items_unit(names, label, r, w), r.unit.clone(), false));
        }
        let Some(unit) = units.last_mut() else {
            w.push(Warning::new(
                r.line,
                format!("{label}: 品目 {:?} before any unit", r.name),
            ));
            continue;
        };
        if !unit.2 {
            let a = &mut unit.0.amount;
            a.value = (a.value + r.amount).normalize();
            a.precision = a.precision.max(r.amount.scale());
        }
        insert_by_code(&mut unit.0.children, line);
    }
    let units: Vec<Line> = units.into_iter().map(|u| u.0).collect();
    match dept {
        Some(mut d) => {
            d.children = units;
            vec![d]
        }
        None => units,
    }
}

/// The line of a unit a 品目 row names in its own cell: its 小计, 0 until
/// its 品目 are added.
fn items_unit(names: &Names, label: &str, r: &tables::T11Row, w: &mut Vec<Warning>) -> Line {
    let name = unit_name(names, label, &r.unit, r.line, w);
    let amount = fig(
        rust_decimal::Decimal::ZERO,
        format!("{label} {} 小计", r.unit),
        r.line,
    );
    Line {
        name,
        code: String::new(),
        amount,
        children: Vec::new(),
    }
}

/// A unit of the 政府采购 table by its name in the units (a (专项资金) row
/// under its unit's), or as the table names it with a warning.
fn unit_name(names: &Names, label: &str, unit: &str, line: u32, w: &mut Vec<Warning>) -> String {
    match names.unit(unit) {
        Some((u, true)) => format!("{u}(专项资金)"),
        Some((u, false)) => u,
        None => {
            w.push(Warning::new(
                line,
                format!("{label}: unit {unit:?} is not one of the units of 第三部分"),
            ));
            unit.to_string()
        }
    }
}

pub(super) fn insert_by_code(lines: &mut Vec<Line>, line: Line) {
    if let Some(parent) = lines
        .iter_mut()
        .rev()
        .find(|l| !l.code.is_empty() && line.code.starts_with(&l.code) && line.code != l.code)
    {
        insert_by_code(&mut parent.children, line);
    } else {
        lines.push(line);
    }
}
