//! A unit's own sections of the detail: staffing (part 1), 三公 (表12),
//! spending and procurement (表3), goals and indicators (表14).

use super::{field, indicators};
use crate::model::{Model, NodeId};
use crate::money::{self, Unit};
use crate::schema::{role, Dataset};
use crate::table::{Align, Table};

/// Part 2's totals and change against last year, 三公 and 机关运行经费, staffing.
pub(super) fn sections(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let Some((d, u)) = model.unit_record(id) else {
        return;
    };
    field(out, "全称", &u.full_name, w);
    unit_staffing(u, w, out);
    unit_sangong(d, u, unit, w, out);
    unit_spending(d, u, unit, w, out);
    unit_goals(d, u, unit, w, out);
}

/// Part 1: staffing, retirees and vehicles.
fn unit_staffing(u: &crate::schema::Unit, w: usize, out: &mut Vec<String>) {
    if let Some(s) = &u.staffing {
        out.push(String::new());
        out.push("【人员与车辆（第一部分）】".into());
        let n = |x: Option<u32>| x.map_or_else(|| "—".into(), |v| v.to_string());
        field(
            out,
            "编制",
            &format!(
                "{}编制 {} 人 · 实有在编 {} 人",
                s.establishment_kind,
                n(s.establishment),
                n(s.actual)
            ),
            w,
        );
        field(
            out,
            "离退休",
            &format!(
                "离休 {} 人 · 退休 {} 人",
                n(s.retired_cadres),
                n(s.retirees)
            ),
            w,
        );
        field(out, "雇员", &format!("{} 人", n(s.employees)), w);
        if s.students.is_some() {
            field(out, "学生", &format!("{} 人", n(s.students)), w);
        }
        field(
            out,
            "车辆",
            &format!(
                "{} 辆（定编 {} · 非定编 {}）",
                n(s.vehicles),
                n(s.vehicles_established),
                n(s.vehicles_other)
            ),
            w,
        );
    }
}

/// 表12: the unit's 三公 in two years.
fn unit_sangong(d: &Dataset, u: &crate::schema::Unit, unit: Unit, w: usize, out: &mut Vec<String>) {
    if let Some((y0, y1, lines)) = crate::model::sangong::sangong(d) {
        if let Some(l) = lines.iter().find(|l| l.unit == u.name) {
            out.push(String::new());
            out.push(format!(
                "【三公经费（{}）{}→{}】",
                d.table_scope(role::SANGONG),
                y0.short(),
                y1.short()
            ));
            let mut t = Table::new(&Align::label_and_figures(4));
            t.push(vec![
                "项目".to_string(),
                y0.label_beside(y1),
                y1.to_string(),
                "增减".into(),
                "增减%".into(),
            ]);
            for cells in l.shown_rows(unit) {
                t.push(cells.into());
            }
            out.extend(t.lines_wrapped(w));
        }
    }
}

/// 表3 (部门支出预算总表, all funds): the unit's row of spending and
/// procurement; its (专项资金) row, which 表3 lists apart, named when it has one.
fn unit_spending(
    d: &Dataset,
    u: &crate::schema::Unit,
    unit: Unit,
    w: usize,
    out: &mut Vec<String>,
) {
    let Some(r) = d
        .spending
        .iter()
        .find(|r| r.unit == u.name && r.procurement.is_some() && r.table_unit == u.full_name)
    else {
        return;
    };
    let special: Vec<_> = d
        .spending
        .iter()
        .filter(|s| s.unit == u.name && s.table_unit != r.table_unit)
        .collect();
    out.push(String::new());
    out.push(format!(
        "【支出与政府采购（{}{}）】",
        d.table_scope(role::SPENDING),
        if special.is_empty() {
            ""
        } else {
            "，不含本单位专项资金行"
        }
    ));
    let f =
        |x: Option<rust_decimal::Decimal>| x.map_or_else(|| "—".into(), |v| money::format(v, unit));
    field(
        out,
        "支出总计",
        &format!(
            "{} · 基本支出 {} · 项目支出 {}",
            money::format(r.total, unit),
            money::format(r.basic, unit),
            money::format(r.project, unit)
        ),
        w,
    );
    for s in special {
        field(
            out,
            "专项资金",
            &format!(
                "{} 支出总计 {}（表3 另列一行，不在上面）",
                s.table_unit,
                money::format(s.total, unit)
            ),
            w,
        );
    }
    field(
        out,
        "采购",
        &format!(
            "当年 {} · 面向中小企业 {} · 面向小微 {} · 以前年度 {}",
            f(r.procurement),
            f(r.procurement_sme),
            f(r.procurement_micro),
            f(r.procurement_previous)
        ),
        w,
    );
}

/// 表14: tasks, overall goal and indicators.
fn unit_goals(d: &Dataset, u: &crate::schema::Unit, unit: Unit, w: usize, out: &mut Vec<String>) {
    if let Some(g) = &u.goals {
        let t14 = d.table_scope(role::UNIT_GOALS);
        out.push(String::new());
        out.push(format!("【整体支出绩效目标（{t14}）】"));
        let mut t = Table::new(&[Align::Left, Align::Right, Align::Right, Align::Right]);
        t.push_strs(&[
            "表14 任务（一项可含多个项目）",
            "总额",
            "财政拨款",
            "其他资金",
        ]);
        for task in &g.tasks {
            t.push(vec![
                task.name.clone(),
                money::shown(task.amount.value, unit),
                money::shown(task.funding.fiscal, unit),
                money::shown(task.funding.other, unit),
            ]);
        }
        if let (Some(total), Some(f)) = (&g.total, &g.funding) {
            t.push(vec![
                "合计（如表所列）".into(),
                money::shown(total.value, unit),
                money::shown(f.fiscal, unit),
                money::shown(f.other, unit),
            ]);
        }
        out.extend(t.lines_wrapped(w));
        if !g.overall_goal.is_empty() {
            field(out, "总体目标", &g.overall_goal, w);
        }
        indicators(
            out,
            &format!("整体绩效指标（{t14}）"),
            &g.indicators,
            false,
            w,
        );
    }
}
