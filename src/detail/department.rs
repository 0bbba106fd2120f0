//! A department's own sections of the detail.

use super::field;
use crate::model::sangong::sangong;
use crate::model::{Model, NodeId, View};
use crate::money::{self, Unit};
use crate::schema::{role, Dataset, Line};
use crate::table::{Align, Table};

/// A department's own sections: the narrative's overall figures and the
/// tables' stated totals (unit view), or 表7's subtotals (科目 view).
pub(super) fn sections(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    match model.node(id).view {
        View::Unit => overall(model, id, unit, w, out),
        View::Function => table7(model, id, unit, w, out),
        View::Money => fiscal_income(model, id, unit, w, out),
        View::Sangong => {}
    }
}

/// Part 2's totals, 三公, running costs and staff; the figures stated in
/// passing; the tables' total rows and 表3's department row.
fn overall(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let Some(d) = model.dataset(id) else { return };
    out.push(String::new());
    out.push(format!("【收支总体（第二部分）{}年】", d.year));
    part2(d, unit, w, out);
    sangong_and_running_costs(d, unit, w, out);
    staff(d, w, out);
    stated(d, unit, w, out);
    totals(d, unit, w, out);
    table3(d, unit, w, out);
}

/// A figure with its unit, with the decimals the document gave (`1,234.00 万元`).
fn with_unit(v: rust_decimal::Decimal, precision: u32, unit: Unit) -> String {
    format!("{} {}", money::format_at(v, precision, unit), unit.label())
}

/// Part 2: income and spending, their change against last year, their
/// parts, and the reasons given for the change.
fn part2(d: &Dataset, unit: Unit, w: usize, out: &mut Vec<String>) {
    let o = &d.overall;
    let m = |v, p| with_unit(v, p, unit);
    if let Some(i) = &o.income {
        let change = o
            .income_change
            .as_ref()
            .map(|c| {
                let pct = o
                    .income_change_pct
                    .as_ref()
                    .map(|p| format!("，{}%", money::format_dp(p.value, 2)))
                    .unwrap_or_default();
                format!("，比上年 {}{pct}", money::format_change(c.value, unit))
            })
            .unwrap_or_default();
        field(
            out,
            "收入",
            &format!("{}{change}", m(i.value, i.precision)),
            w,
        );
    }
    if !o.income_parts.is_empty() {
        let parts: Vec<String> = o
            .income_parts
            .iter()
            .map(|(n, f)| format!("{n} {}", money::format_at(f.value, f.precision, unit)))
            .collect();
        field(out, "收入构成", &parts.join(" · "), w);
    }
    if let Some(e) = &o.expenditure {
        field(out, "支出", &m(e.value, e.precision), w);
        if let Some(c) = &o.change {
            let pct = o
                .change_pct
                .as_ref()
                .map(|p| format!("，{}%", money::format_dp(p.value, 2)))
                .unwrap_or_default();
            field(
                out,
                "比上年",
                &format!(
                    "{}{}（上年 {}，由文中增减推算）",
                    money::format_change(c.value, unit),
                    pct,
                    m(e.value - c.value, e.precision.min(c.precision))
                ),
                w,
            );
        }
    }
    if !o.expenditure_parts.is_empty() {
        let parts: Vec<String> = o
            .expenditure_parts
            .iter()
            .map(|(n, f)| format!("{n} {}", money::format_at(f.value, f.precision, unit)))
            .collect();
        field(out, "支出构成", &parts.join(" · "), w);
    }
    for (i, r) in o.reasons.iter().enumerate() {
        field(
            out,
            if i == 0 { "增减原因" } else { "" },
            &format!("{}. {r}", i + 1),
            w,
        );
    }
}

/// 三公 of the department in two years (表12), and 机关运行经费 (part 7).
fn sangong_and_running_costs(d: &Dataset, unit: Unit, w: usize, out: &mut Vec<String>) {
    let m = |v| with_unit(v, 0, unit);
    if let Some((y0, y1, lines)) = sangong(d) {
        if let Some(l) = lines.iter().find(|l| l.is_department) {
            let (ch, pct) = l.changes()[0];
            field(
                out,
                "三公经费",
                &format!(
                    "{y1} {}，{} {}，{} {}（按 3 查看各单位）",
                    m(l.after.total),
                    y0.label_beside(y1),
                    m(l.before.total),
                    money::format_change(ch, unit),
                    money::format_pct(pct)
                ),
                w,
            );
        }
    }
    if let Some(r) = &d.other.running_costs {
        let change = d
            .other
            .running_costs_change
            .as_ref()
            .map(|c| format!("，比上年 {}", money::format_change(c.value, unit)))
            .unwrap_or_default();
        let pct = d
            .other
            .running_costs_change_pct
            .as_ref()
            .map(|p| format!("，{}%", money::format_dp(p.value, 2)))
            .unwrap_or_default();
        field(
            out,
            "运行经费",
            &format!(
                "机关运行经费 {}{change}{pct}",
                with_unit(r.value, r.precision, unit)
            ),
            w,
        );
    }
}

/// Part 1's totals over the units.
fn staff(d: &Dataset, w: usize, out: &mut Vec<String>) {
    let s = &d.staff;
    let n = |x: Option<u32>| x.map_or_else(|| "—".into(), |v| v.to_string());
    if s.source.is_some() {
        field(
            out,
            "编制",
            &format!(
                "行政 {}（实有 {}）· 事业 {}（实有 {}）· 离休 {} · 退休 {} · 雇员 {} · 学生 {} · 车辆 {}（定编 {} · 非定编 {}）（各单位之和）",
                n(s.admin_establishment),
                n(s.admin_actual),
                n(s.public_establishment),
                n(s.public_actual),
                n(s.retired_cadres),
                n(s.retirees),
                n(s.employees),
                n(s.students),
                n(s.vehicles),
                n(s.vehicles_established),
                n(s.vehicles_other)
            ),
            w,
        );
    }
}

/// Figures the narrative states in passing, with their words.
fn stated(d: &Dataset, unit: Unit, w: usize, out: &mut Vec<String>) {
    if d.stated.is_empty() {
        return;
    }
    out.push(String::new());
    out.push("【文中所列其他数字】".into());
    let mut t = Table::new(&[Align::Left, Align::Right, Align::Left, Align::Left]);
    t.push_strs(&["原文", "数字", "单位", "行"]);
    for s in &d.stated {
        // As written: the digits the document gave (`占2.10%`, not 2.1).
        let value = if s.unit == "万元" {
            money::format_at(s.value, s.value.scale(), unit)
        } else {
            s.value.to_string()
        };
        let what = if s.unit == "万元" {
            unit.label()
        } else {
            &s.unit
        };
        t.push(vec![
            s.label.clone(),
            value,
            what.to_string(),
            s.source.line.to_string(),
        ]);
    }
    out.extend(t.lines_wrapped(w));
}

/// The tables' total rows (本年收入合计, 收入总计 …) as stated.
fn totals(d: &Dataset, unit: Unit, w: usize, out: &mut Vec<String>) {
    if d.table_totals.is_empty() {
        return;
    }
    out.push(String::new());
    out.push("【各表合计行（如表所列）】".into());
    let mut t = Table::new(&[Align::Left, Align::Right, Align::Left]);
    t.push(vec!["合计行".into(), unit.label().to_string(), "行".into()]);
    for (label, f) in &d.table_totals {
        t.push(vec![
            label.clone(),
            money::shown(f.value, unit),
            f.source.line.to_string(),
        ]);
    }
    out.extend(t.lines_wrapped(w));
}

/// 表3's department row (部门支出预算总表, all funds) and its 专项资金 rows.
fn table3(d: &Dataset, unit: Unit, w: usize, out: &mut Vec<String>) {
    let rows: Vec<_> = d
        .spending
        .iter()
        .filter(|r| r.unit == d.department || r.table_unit.contains("专项资金"))
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!(
        "【部门行与专项资金行（{}）】",
        d.table_scope(role::SPENDING)
    ));
    let mut t = Table::new(&Align::label_and_figures(7));
    t.push_strs(&[
        "行",
        "合计",
        "基本",
        "项目",
        "政府采购",
        "中小企业",
        "小微",
        "以前年度",
    ]);
    let f = |x: Option<rust_decimal::Decimal>| money::shown_or_dash(x, unit);
    for r in rows {
        t.push(vec![
            r.table_unit.clone(),
            money::shown(r.total, unit),
            money::shown(r.basic, unit),
            money::shown(r.project, unit),
            f(r.procurement),
            f(r.procurement_sme),
            f(r.procurement_micro),
            f(r.procurement_previous),
        ]);
    }
    out.extend(t.lines_wrapped(w));
}

/// 表7's subtotal rows beside the sums of their 科目 rows.
fn table7(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let Some(d) = model.dataset(id) else { return };
    if d.function_units.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!(
        "【各单位小计（{}，如表所列）】",
        d.table_scope(role::GENERAL_PUBLIC)
    ));
    let mut aligns = Align::label_and_figures(4);
    aligns.push(Align::Left);
    let mut t = Table::new(&aligns);
    t.push_strs(&["单位", "合计", "基本支出", "项目支出", "科目行之和", "行"]);
    for s in &d.function_units {
        let sum = money::sum(d.subtotal_parts(s).iter().map(|r| r.total));
        t.push(vec![
            s.table_unit.clone(),
            money::shown(s.total, unit),
            money::shown(s.basic, unit),
            money::shown(s.project, unit),
            money::shown(sum, unit),
            s.source.line.to_string(),
        ]);
    }
    out.extend(t.lines_wrapped(w));
}

/// 表6's 收入 side: 财政拨款 income by kind.
fn fiscal_income(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let Some(d) = model.dataset(id) else { return };
    if d.fiscal_income.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!(
        "【财政拨款收入（{}）】",
        d.table_scope(role::FISCAL_SUMMARY)
    ));
    let mut t = Table::new(&[Align::Left, Align::Right]);
    t.push(vec!["收入".into(), unit.label().to_string()]);
    let mut stack: Vec<(usize, &Line)> = d.fiscal_income.iter().rev().map(|l| (0, l)).collect();
    while let Some((depth, l)) = stack.pop() {
        t.push(vec![
            format!("{}{}", "  ".repeat(depth), l.name),
            money::shown(l.amount.value, unit),
        ]);
        stack.extend(l.children.iter().rev().map(|c| (depth + 1, c)));
    }
    out.extend(t.lines_wrapped(w));
}
