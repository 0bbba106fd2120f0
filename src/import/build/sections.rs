//! The narrative's parts: staffing, totals, 三公, part 7; and table-total helpers.

use super::{
    fig, nar, norm, src, tables, Other, Overall, Para, Row, SangongNarrative, StaffTotals,
    Staffing, Stated,
};
use crate::import::number;
use regex::Regex;
use std::sync::LazyLock;

pub(super) fn is_total_row(name: &str) -> bool {
    let n = norm(name);
    n.contains("合计") || n.contains("总计")
}

/// Rows below 本年…合计 (结转, 上年结余 …) are not part of the function or
/// income tree: this tells them apart, having found the first total once
/// (not once per row: a table of many rows stays linear).
pub(super) fn after_totals(side: &tables::TwoSided) -> impl Fn(&Row) -> bool {
    let first_total = side
        .income
        .iter()
        .chain(side.spending.iter())
        .filter(|x| is_total_row(&x.name))
        .map(|x| x.line)
        .min();
    move |r: &Row| first_total.is_some_and(|l| r.line > l)
}

pub(super) fn staffing(text: &str, line: u32) -> Staffing {
    let kind = if text.contains("行政编制") {
        "行政"
    } else if text.contains("事业编制") {
        "事业"
    } else {
        ""
    };
    let establishment = nar::count_after(text, "编制", "人");
    let vehicles = nar::count_after(text, "实有车辆", "辆")
        .or_else(|| nar::count_after(text, "实有公务用车", "辆"));
    let all_established =
        text.contains("全部为定编") || text.contains("为定编车辆") && !text.contains("非定编");
    Staffing {
        establishment_kind: kind.to_string(),
        establishment,
        actual: nar::count_after(text, "实有在编人数", "人"),
        retired_cadres: nar::count_after(text, "离休", "人"),
        retirees: nar::count_after(text, "退休", "人"),
        employees: nar::count_after(text, "雇员", "人"),
        students: nar::count_after(text, "在校生", "人")
            .or_else(|| nar::count_after(text, "学生", "人")),
        vehicles,
        vehicles_established: nar::count_after(text, "定编车辆", "辆").or(if all_established {
            vehicles
        } else {
            None
        }),
        vehicles_other: nar::count_after(text, "非定编车辆", "辆").or(if all_established {
            Some(0)
        } else {
            None
        }),
        text: text.to_string(),
        source: src("第一部分 二、机构编制及交通工具情况", line),
    }
}

pub(super) fn staff_totals(paras: &[Para]) -> StaffTotals {
    let Some(p) = paras
        .iter()
        .find(|p| p.part == 1 && p.text.contains("编制总数"))
    else {
        return StaffTotals::default();
    };
    let t = &p.text;
    let after = |label: &str, then: &str, unit: &str| -> Option<u32> {
        let i = t.find(label)?;
        nar::count_after(&t[i..], then, unit)
    };
    StaffTotals {
        admin_establishment: after("行政编制", "总数", "人"),
        admin_actual: after("行政编制", "实有在编人数", "人"),
        public_establishment: after("事业编制", "总数", "人"),
        public_actual: after("事业编制", "实有在编人数", "人"),
        retired_cadres: nar::count_after(t, "离休", "人"),
        retirees: nar::count_after(t, "退休", "人"),
        employees: nar::count_after(t, "雇员", "人"),
        students: nar::count_after(t, "学生", "人"),
        vehicles: nar::count_after(t, "公务用车", "辆"),
        vehicles_established: nar::count_after(t, "其中定编车", "辆"),
        vehicles_other: nar::count_after(t, "非定编车", "辆"),
        source: Some(src("第一部分 二、机构编制及交通工具情况", p.line)),
    }
}

pub(super) fn section_text(paras: &[Para], part: u32, heading: &str) -> String {
    paras
        .iter()
        .filter(|p| p.part == part && p.heading.contains(heading))
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn overall(paras: &[Para]) -> Overall {
    let mut o = Overall::default();
    for p in paras.iter().filter(|p| p.part == 2) {
        let t = &p.text;
        if let Some(v) = nar::wan_after(t, "部门预算收入") {
            o.income = Some(fig(v, "第二部分 部门预算收入", p.line));
            if let Some((c, pct, _)) = nar::stated_change(t) {
                o.income_change = Some(fig(c, "第二部分 收入 比上年增减", p.line));
                o.income_change_pct = pct.map(|x| fig(x, "第二部分 收入 比上年增减 %", p.line));
            }
            if let Some(i) = t.find("其中") {
                o.income_parts = nar::named_amounts(&t[i..])
                    .into_iter()
                    .map(|(n, v)| (n.clone(), fig(v, format!("第二部分 收入 {n}"), p.line)))
                    .collect();
            }
        }
        if let Some(v) = nar::wan_after(t, "部门预算支出") {
            o.expenditure = Some(fig(v, "第二部分 部门预算支出", p.line));
            if let Some((c, pct, _)) = nar::stated_change(t) {
                o.change = Some(fig(c, "第二部分 支出 比上年增减", p.line));
                o.change_pct = pct.map(|x| fig(x, "第二部分 支出 比上年增减 %", p.line));
            }
            if let Some(i) = t.find("其中") {
                o.expenditure_parts = nar::named_amounts(&t[i..])
                    .into_iter()
                    .map(|(n, v)| (n.clone(), fig(v, format!("第二部分 支出 {n}"), p.line)))
                    .collect();
            }
        }
        if t.contains("原因") {
            o.reasons = nar::reasons(t);
        }
    }
    o
}

pub(super) fn sangong_text(paras: &[Para]) -> SangongNarrative {
    let mut s = SangongNarrative::default();
    let mut text = Vec::new();
    for p in paras.iter().filter(|p| p.part == 5) {
        let t = &p.text;
        text.push(t.clone());
        let place = |what: &str| format!("第五部分 {what}");
        if t.contains("经费财政拨款预算") && s.total.is_none() {
            if let Some(v) = nar::wan_after(t, "财政拨款预算") {
                s.total = Some(fig(v, place("三公经费 合计"), p.line));
            }
            if let Some((c, _, _)) = nar::stated_change(t) {
                s.total_change = Some(fig(c, place("三公经费 比上年增减"), p.line));
            }
        }
        if t.contains("因公出国") && t.contains("预算数") {
            s.abroad =
                nar::wan_after(t, "预算数").map(|v| fig(v, place("因公出国（境）费"), p.line));
        }
        if t.contains("公务接待费。")
            || t.starts_with("2. 公务接待费")
            || t.contains("公务接待费。")
        {
            s.reception = nar::wan_after(t, "预算数").map(|v| fig(v, place("公务接待费"), p.line));
            s.reception_change = nar::stated_change(t)
                .map(|(c, _, _)| fig(c, place("公务接待费 比上年增减"), p.line));
        }
        if t.contains("公务用车购置和运行维护费。") {
            s.vehicles = nar::wan_after(t, "预算数")
                .map(|v| fig(v, place("公务用车购置和运行维护费"), p.line));
            // `公务用车购置费预算数 0 万元`, or `公务用车购置费 0 万元`.
            if let Some(i) = t.find("公务用车购置费") {
                s.vehicle_purchase = nar::wan_after(&t[i..], "预算数")
                    .or_else(|| nar::wan_after(&t[i..], "公务用车购置费"))
                    .map(|v| fig(v, place("公务用车购置费"), p.line));
            }
            if let Some(i) = t.find("公务用车运行维护费") {
                s.vehicle_operation = nar::wan_after(&t[i..], "预算数")
                    .or_else(|| nar::wan_after(&t[i..], "公务用车运行维护费"))
                    .map(|v| fig(v, place("公务用车运行维护费"), p.line));
            }
            if let Some(i) = t.find("运行维护费比") {
                s.vehicle_operation_change = nar::stated_change(&t[i..])
                    .map(|(c, _, _)| fig(c, place("公务用车运行维护费 比上年增减"), p.line));
            }
        }
    }
    s.text = text.join("\n");
    s
}

pub(super) fn other(paras: &[Para]) -> Other {
    let mut o = Other::default();
    for p in paras.iter().filter(|p| p.part == 7) {
        let t = &p.text;
        if p.heading.contains("机关运行经费") {
            o.running_costs =
                nar::wan_after(t, "财政拨款预算").map(|v| fig(v, "第七部分 机关运行经费", p.line));
            if let Some((c, pct, _)) = nar::stated_change(t) {
                o.running_costs_change = Some(fig(c, "第七部分 机关运行经费 比上年增减", p.line));
                o.running_costs_change_pct =
                    pct.map(|x| fig(x, "第七部分 机关运行经费 比上年增减 %", p.line));
            }
            o.running_costs_text.clone_from(t);
        } else if p.heading.contains("国有资产") {
            o.assets_text.push(t.clone());
        } else {
            o.other_text.push(t.clone());
        }
    }
    o
}

/// A count in passing: the clause it stands in (the words before it, the
/// figure, what it counts, the words after).
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([^，。；：、,;:（）()]*?)\s*(\d[\d,]*)\s*(辆|台（套）|台\(套\)|家|个)([^，。；：、,;:\d]{0,12})")
        .expect("valid regex")
});
/// A sub-figure in brackets: `（其中教育收费1800万元）`.
static BRACKETED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(](其中[^）)\d]+?)\s*(\d[\d,]*(?:\.\d+)?)\s*万元[）)]").expect("valid regex")
});

/// Figures the narrative states in passing, that no other part of the
/// dataset holds: part 1's count of units, part 2's bracketed sub-figures,
/// part 5's and part 7's counts of units, vehicles and equipment.
pub(super) fn stated(paras: &[Para]) -> Vec<Stated> {
    let mut out = Vec::new();
    let part_name = |n: u32| {
        let cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
        let i = usize::try_from(n).unwrap_or(0).wrapping_sub(1);
        format!("第{}部分", cn.get(i).copied().unwrap_or("?"))
    };
    for p in paras {
        let counts = match p.part {
            // Part 1's units each have their own paragraph (read as staffing);
            // the system's paragraph says how many there are.
            1 => {
                p.heading.contains("机构编制") && !p.text.starts_with(|c: char| c.is_ascii_digit())
            }
            5..=7 => true,
            _ => false,
        };
        if counts {
            for c in COUNTED.captures_iter(&p.text) {
                let Ok(value) = number::parse(&c[2]) else {
                    continue;
                };
                out.push(Stated {
                    label: format!("{}{}{}{}", c[1].trim(), &c[2], &c[3], c[4].trim_end()),
                    value,
                    unit: norm(&c[3]),
                    source: src(format!("{} {}", part_name(p.part), p.heading), p.line),
                });
            }
        }
        if p.part == 2 {
            for c in BRACKETED.captures_iter(&p.text) {
                let Ok(value) = number::parse(&c[2]) else {
                    continue;
                };
                out.push(Stated {
                    label: c[1].to_string(),
                    value,
                    unit: "万元".into(),
                    source: src(format!("{} {}", part_name(p.part), p.heading), p.line),
                });
            }
        }
    }
    out
}
