//! 表3 against the units, its department row against its unit rows, and 表7 ≤ 表6 ≤ 表1 by 科目.

use super::{cite, cite_value, unit_node, wan, Checker, Cited, Rule};
use crate::model::{Kind, NodeId, View};
use crate::money::half_unit;
use crate::schema::{category, Dataset};
use rust_decimal::Decimal;

/// 表3: a unit's row (with its 专项资金 row) states the unit's total and split.
pub(super) fn table3_units(c: &mut Checker, di: usize, d: &Dataset) {
    let model = c.model;
    let l3 = d.label(crate::schema::role::SPENDING);
    let l14 = d.label(crate::schema::role::UNIT_GOALS);
    for u in &d.units {
        let rows: Vec<_> = d.spending.iter().filter(|r| r.unit == u.name).collect();
        if rows.is_empty() {
            continue;
        }
        let node = unit_node(c, di, &u.name);
        let total: Decimal = crate::money::sum(rows.iter().map(|r| r.total));
        let figs: Vec<Cited> = rows
            .iter()
            .map(|r| wan(r.total, &r.table_unit, &r.source.place, r.source.line))
            .collect();
        if let Some(id) = node {
            let mut parts = figs.clone();
            let unit_fig = c.node_cited(id);
            let diff = unit_fig.value - total;
            parts.insert(0, unit_fig);
            c.judge(
                Rule::Table3Unit,
                format!(
                    "{}：第三部分/{l14} 为 {}，{l3} 各行合计 {}",
                    u.name,
                    parts[0].value.normalize(),
                    total.normalize()
                ),
                parts,
                diff,
                false,
                Some(id),
            );
            // 基本支出 = 人员 + 公用 + 对个人和家庭; 项目支出 = 项目支出.
            let basic: Decimal = crate::money::sum(rows.iter().map(|r| r.basic));
            let project: Decimal = crate::money::sum(rows.iter().map(|r| r.project));
            let cat = |name: &str| -> Option<NodeId> {
                model
                    .node(id)
                    .children
                    .iter()
                    .copied()
                    .find(|k| model.node(*k).name == name)
            };
            let basic_cats: Vec<Cited> = category::BASIC
                .iter()
                .filter_map(|n| cat(n))
                .map(|k| c.node_cited(k))
                .collect();
            if !basic_cats.is_empty() {
                let mut figs = vec![wan(
                    basic,
                    &format!("{l3} 基本支出"),
                    &rows[0].source.place,
                    rows[0].source.line,
                )];
                figs.extend(basic_cats.iter().cloned());
                let diff = basic - crate::money::sum(basic_cats.iter().map(|f| f.value));
                c.judge(
                    Rule::Table3Basic,
                    format!(
                        "{}：{l3} 基本支出 {}，人员+公用+对个人和家庭 {}",
                        u.name,
                        basic.normalize(),
                        (basic - diff).normalize()
                    ),
                    figs,
                    diff,
                    false,
                    Some(id),
                );
            }
            if let Some(k) = cat(category::PROJECTS) {
                let f = c.node_cited(k);
                c.same(
                    Rule::Table3Project,
                    &format!("{} 项目支出", u.name),
                    wan(
                        project,
                        &format!("{l3} 项目支出"),
                        &rows[0].source.place,
                        rows[0].source.line,
                    ),
                    f,
                    Some(k),
                );
            }
        }
    }
}

/// 表3: the department row is the sum of the unit rows, column by column.
pub(super) fn table3_department(c: &mut Checker, _di: usize, d: &Dataset) {
    if let Some(dept) = d.spending.iter().find(|r| r.unit == d.department) {
        let units: Vec<_> = d
            .spending
            .iter()
            .filter(|r| r.unit != d.department)
            .collect();
        // A table whose one row is the department's has nothing to add up.
        if units.is_empty() {
            return;
        }
        let t3 = d.label(crate::schema::role::SPENDING);
        type Col = fn(&crate::schema::SpendingRow) -> Option<Decimal>;
        let cols: [(&str, Col); 4] = [
            ("支出总计", |r| Some(r.total)),
            ("基本支出", |r| Some(r.basic)),
            ("项目支出", |r| Some(r.project)),
            ("政府采购", |r| r.procurement),
        ];
        for (label, get) in cols {
            let Some(v) = get(dept) else { continue };
            let parts = units
                .iter()
                .filter_map(|r| {
                    get(r).map(|x| wan(x, &r.table_unit, &r.source.place, r.source.line))
                })
                .collect();
            c.sum(
                Rule::Table3Sum,
                &format!("{t3} {label}"),
                wan(
                    v,
                    &format!("{t3} {label}"),
                    &dept.source.place,
                    dept.source.line,
                ),
                parts,
                None,
                false,
            );
        }
    }
}

/// Functions: 表7 (一般公共预算) ≤ 表6 (财政拨款) ≤ 表1 (all funds).
pub(super) fn function_coverage(c: &mut Checker, di: usize, d: &Dataset) {
    let model = c.model;
    let (l1, l6, l7) = (
        d.label(crate::schema::role::SUMMARY),
        d.label(crate::schema::role::FISCAL_SUMMARY),
        d.label(crate::schema::role::GENERAL_PUBLIC),
    );
    for &id in c.ids_of(di) {
        let n = model.node(id);
        if n.view != View::Function || n.kind != Kind::FunctionItem {
            continue;
        }
        let general: Decimal = crate::money::sum(n.by_unit().iter().map(|r| r.total));
        let tol = |k: usize| half_unit(0) * Decimal::from(k as u64 + 1);
        if let Some(f) = n.fiscal() {
            if general > f.value + tol(n.by_unit().len()) {
                let mut figs = vec![cite(format!("{l6} 财政拨款"), f)];
                figs.extend(
                    n.by_unit()
                        .iter()
                        .map(|r| cite_value(&r.unit, r.total, 0, &r.source.place, r.source.line)),
                );
                let diff = general - f.value;
                c.judge(
                    Rule::FunctionCoverage,
                    format!(
                        "{} {}：{l7} 一般公共预算 {} 超过 {l6} 财政拨款 {}",
                        n.code, n.name, general, f.value
                    ),
                    figs,
                    diff,
                    false,
                    Some(id),
                );
            }
            if let Some(all) = n.figures.first() {
                if f.value > all.value + tol(1) {
                    let diff = f.value - all.value;
                    c.judge(
                        Rule::FunctionCoverage,
                        format!(
                            "{} {}：{l6} 财政拨款 {} 超过 {l1} 全部资金 {}",
                            n.code, n.name, f.value, all.value
                        ),
                        vec![cite(l6.clone(), f), cite(l1.clone(), all)],
                        diff,
                        false,
                        Some(id),
                    );
                }
            }
        }
    }
}

/// Functions: a 项 printed under a 款 its code does not name (the document
/// files 2210199 其他保障性安居工程支出 under 22102 住房改革支出). The tree
/// keeps it where printed, so the 款's stated figure still adds up; this
/// says where the code would file it. The difference is the amount filed
/// under the other 款, so it sorts with the disagreements of its size.
pub(super) fn function_codes(c: &mut Checker, di: usize, _d: &Dataset) {
    let model = c.model;
    for &id in c.ids_of(di) {
        let n = model.node(id);
        if n.view != View::Function || n.kind != Kind::FunctionItem {
            continue;
        }
        let Some(parent) = n.parent.map(|p| model.node(p)) else {
            continue;
        };
        if parent.kind != Kind::Section || n.code.starts_with(&*parent.code) {
            continue;
        }
        let own: String = n.code.chars().take(parent.code.chars().count()).collect();
        let figs = vec![c.node_cited(id)];
        c.judge(
            Rule::FunctionCodes,
            format!(
                "{} {}：印在 {} {} 之下，其编码属于 {}（{} 万元计入 {}，未计入 {}）",
                n.code,
                n.name,
                parent.code,
                parent.name,
                own,
                crate::money::format_at(n.amount, n.amount.scale(), crate::money::Unit::Wan),
                parent.code,
                own
            ),
            figs,
            n.amount,
            true,
            Some(id),
        );
    }
}
