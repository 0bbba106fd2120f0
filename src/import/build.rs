//! Putting the pieces together: units from part 3, matched with the tables.

use super::layout::{Document, TableKind};
use super::narrative::{self as nar, match_key, Para};
use super::nest::{nest, strip_number, Nested};
use super::tables::{self, Row, T13Row, T15Sheet};
use super::text::norm;
use super::{ImportError, Warning};
use crate::money;
use crate::schema::*;
use regex::Regex;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn src(place: impl Into<String>, line: u32) -> Source {
    Source {
        place: place.into(),
        line,
    }
}

fn fig(value: Decimal, place: impl Into<String>, line: u32) -> Figure {
    Figure {
        value: value.normalize(),
        precision: value.scale(),
        source: src(place, line),
    }
}

/// A figure given in 元, kept in 万元 with every digit.
fn fig_yuan(yuan: Decimal, place: impl Into<String>, line: u32) -> Figure {
    let wan = money::yuan_to_wan(yuan);
    Figure {
        value: wan,
        precision: yuan.scale() + 4,
        source: src(place, line),
    }
}

/// Knows the names units go by: part 3's short ones and the tables' full ones.
struct Names {
    department: String,
    short: String,
    city: String,
    /// (canonical key, part-3 name)
    units: Vec<(String, String)>,
}

impl Names {
    fn canonical(&self, name: &str) -> (String, bool) {
        let mut n = norm(name);
        let special = n.ends_with("(专项资金)");
        n = n.trim_end_matches("(专项资金)").to_string();
        if !self.short.is_empty() && n.contains(&self.short) {
            let full = norm(&self.department);
            let full = full.strip_prefix(&self.city).unwrap_or(&full).to_string();
            n = n.replacen(&self.short, &full, 1);
        }
        if !self.city.is_empty() {
            if let Some(s) = n.strip_prefix(&self.city) {
                n = s.to_string();
            }
        }
        (n, special)
    }

    /// The part-3 unit a table name means (`None` for the department or an unknown unit),
    /// and whether it is the unit's (专项资金) row.
    fn unit(&self, table_name: &str) -> Option<(String, bool)> {
        let (key, special) = self.canonical(table_name);
        let found = self.units.iter().find(|(k, _)| *k == key);
        // A per-unit table (表14, 表15) names the department itself for its 本级.
        let found = found.or_else(|| {
            let own = format!("{}本级", self.canonical(&self.department).0);
            (key == self.canonical(&self.department).0)
                .then(|| self.units.iter().find(|(k, _)| *k == own))
                .flatten()
        });
        found.map(|(_, name)| (name.clone(), special))
    }

    /// Who a table row belongs to: the department (its own name) or one of
    /// its units (part 3's name). An unknown name is a warning and `None`.
    fn owner(
        &self,
        table_name: &str,
        table: &str,
        line: u32,
        w: &mut Vec<Warning>,
    ) -> Option<String> {
        if self.is_department(table_name) {
            return Some(self.department.clone());
        }
        match self.unit(table_name) {
            Some((u, _)) => Some(u),
            None => {
                w.push(Warning::new(
                    line,
                    format!("{table}: unit {table_name:?} is not one of the units of 第三部分"),
                ));
                None
            }
        }
    }

    fn is_department(&self, table_name: &str) -> bool {
        let (key, special) = self.canonical(table_name);
        !special && key == self.canonical(&self.department).0
    }
}

pub fn build(doc: Document, source_file: &str) -> Result<(Dataset, Vec<Warning>), ImportError> {
    let mut w: Vec<Warning> = Vec::new();
    let paras = nar::paragraphs(&doc.narrative);

    // The title: `2020年深圳市人力资源和社会保障局部门预算`.
    let title_re = Regex::new(r"(\d{4})\s*年\s*(.+?)\s*部门预算").expect("valid regex");
    let (title, year, department) = doc
        .narrative
        .iter()
        .chain(doc.tables.iter().flat_map(|t| t.lines.iter()))
        .find_map(|l| {
            let p = super::text::plain(&l.text);
            title_re.captures(&p).map(|c| (p.clone(), c[1].parse::<i32>().unwrap_or(0), c[2].to_string()))
        })
        .ok_or_else(|| {
            ImportError("no title found: expected a line like `2020年…部门预算` naming the year and the department".into())
        })?;
    let short_name = nar::short_name(&paras);
    let city = department
        .split('市')
        .next()
        .filter(|c| department.contains('市') && !c.is_empty())
        .unwrap_or("")
        .to_string();

    let units_text = nar::part3(&paras, &mut w);
    if units_text.is_empty() {
        return Err(ImportError(
            "no units found: 第三部分 (部门预算支出具体情况) should list each unit under a heading like `一、…`".into(),
        ));
    }
    let mut names = Names {
        department: department.clone(),
        short: short_name.clone(),
        city,
        units: Vec::new(),
    };
    names.units = units_text
        .iter()
        .map(|u| (names.canonical(&u.name).0, u.name.clone()))
        .collect();

    // Tables, read once.
    let mut t1 = tables::TwoSided::default();
    let mut t6 = tables::TwoSided::default();
    let mut t3 = Vec::new();
    let (mut t7_units, mut t7_codes) = (Vec::new(), Vec::new());
    let mut t11 = Vec::new();
    let mut t12 = Vec::new();
    let mut t13 = Vec::new();
    let mut t14 = Vec::new();
    let mut t15 = Vec::new();
    for t in &doc.tables {
        match t.kind {
            TableKind::T1 => t1 = tables::read_two_sided(t, &mut w),
            TableKind::T6 => t6 = tables::read_two_sided(t, &mut w),
            TableKind::T3 => t3 = tables::read_t3(t, &mut w),
            TableKind::T7 => (t7_units, t7_codes) = tables::read_t7(t, &mut w),
            TableKind::T11 => t11 = tables::read_t11(t, &mut w),
            TableKind::T12 => t12 = tables::read_t12(t, &mut w),
            TableKind::T13 => t13.extend(tables::read_t13(t, &mut w)),
            TableKind::T14 => t14.push(tables::read_t14(t, &mut w)),
            TableKind::T15 => t15.push(tables::read_t15(t, &mut w)),
            TableKind::Other => w.push(Warning::new(
                t.first_line(),
                "a table yusuan does not read was left out".into(),
            )),
        }
    }

    // Units from part 3, with the tables' figures attached.
    let staff_text = nar::part1_units(&paras);
    let mut leftover_sheets: Vec<T15Sheet> = Vec::new();
    let mut t15_by_unit: BTreeMap<String, Vec<T15Sheet>> = BTreeMap::new();
    for s in t15 {
        match names.unit(&s.unit) {
            Some((u, _)) => t15_by_unit.entry(u).or_default().push(s),
            None => leftover_sheets.push(s),
        }
    }
    let mut t13_by_unit: BTreeMap<String, Vec<T13Row>> = BTreeMap::new();
    for r in t13 {
        match names.unit(&r.unit) {
            Some((u, _)) => t13_by_unit.entry(u).or_default().push(r),
            None => w.push(Warning::new(
                r.line,
                format!(
                    "表13: unit {:?} is not one of the units of 第三部分",
                    r.unit
                ),
            )),
        }
    }

    let mut units = Vec::new();
    for ut in &units_text {
        let full_name = t3
            .iter()
            .map(|r| r.name.clone())
            .chain(t7_units.iter().map(|r| r.name.clone()))
            .find(|n| {
                !names.is_department(n) && names.unit(n).is_some_and(|(u, s)| u == ut.name && !s)
            })
            .unwrap_or_else(|| ut.name.clone());
        let mut figures = Vec::new();
        if let Some((v, line)) = ut.total {
            figures.push(fig(v, format!("第三部分 {} 预算", ut.name), line));
        }
        let mut categories = Vec::new();
        for ct in &ut.categories {
            let mut figs = vec![fig(
                ct.amount,
                format!("第三部分 {} {}", ut.name, ct.name),
                ct.line,
            )];
            if let Some((_, v)) = ut.summary.iter().find(|(n, _)| *n == ct.name) {
                figs.push(fig(
                    *v,
                    format!("第三部分 {} 预算 包括{}", ut.name, ct.name),
                    ut.total.map(|t| t.1).unwrap_or(0),
                ));
            }
            let projects = ct
                .projects
                .iter()
                .map(|p| Entry {
                    name: p.name.clone(),
                    figures: vec![fig(
                        p.amount,
                        format!("第三部分 {} {} {}.", ut.name, ct.name, p.number),
                        p.line,
                    )],
                    purpose: p.text.clone(),
                    funding: None,
                    period: String::new(),
                    sheet: None,
                    children: Vec::new(),
                })
                .collect();
            categories.push(Entry {
                name: ct.name.clone(),
                figures: figs,
                purpose: if ct.projects.is_empty()
                    || !ct.text.starts_with("具体") && !ct.text.starts_with("其中")
                {
                    ct.text.clone()
                } else {
                    String::new()
                },
                funding: None,
                period: String::new(),
                sheet: None,
                children: projects,
            });
        }
        let mut unit = Unit {
            name: ut.name.clone(),
            full_name,
            figures,
            staffing: staff_text
                .iter()
                .find(|s| names.canonical(&s.name).0 == names.canonical(&ut.name).0)
                .map(|s| staffing(&s.text, s.line)),
            goals: None,
            categories,
        };
        attach_t13(
            &mut unit,
            t13_by_unit.remove(&ut.name).unwrap_or_default(),
            &mut w,
        );
        let sheets = t15_by_unit.remove(&ut.name).unwrap_or_default();
        attach_t15(&mut unit, sheets, &mut leftover_sheets);
        attach_sub_items(&mut unit, &mut w);
        units.push(unit);
    }
    for s in t15_by_unit.into_values().flatten().chain(leftover_sheets) {
        w.push(Warning::new(
            s.line,
            format!(
                "表15: sheet {:?} of {:?} ({} 元) matches no project",
                s.name,
                s.unit,
                s.total_yuan.unwrap_or_default()
            ),
        ));
    }
    for sheet in t14 {
        match names.unit(&sheet.unit) {
            Some((u, _)) => {
                let unit = units
                    .iter_mut()
                    .find(|x| x.name == u)
                    .expect("names come from units");
                attach_t14(unit, sheet, &mut w);
            }
            None => w.push(Warning::new(
                sheet.line,
                format!(
                    "表14: unit {:?} is not one of the units of 第三部分",
                    sheet.unit
                ),
            )),
        }
    }
    for unit in &mut units {
        dedupe_names(&mut unit.categories, &unit.name, &mut w);
    }

    // 表3.
    let spending = t3
        .iter()
        .filter_map(|r| {
            let f = |i: usize| r.figures.get(i).copied().flatten();
            let unit = names.owner(&r.name, "表3", r.line, &mut w)?;
            Some(SpendingRow {
                table_unit: r.name.clone(),
                unit,
                total: f(0).unwrap_or_default(),
                basic: f(1).unwrap_or_default(),
                project: f(2).unwrap_or_default(),
                procurement: f(3),
                procurement_sme: f(4),
                procurement_micro: f(5),
                procurement_previous: f(6),
                source: src(format!("表3 {}", r.name), r.line),
            })
        })
        .collect();

    // Functions: 表7 gives codes; 表1 and 表6 the all-funds and 财政拨款 figures.
    let functions = functions(&names, &t1, &t6, &t7_codes, &mut w);
    let mut table_totals = Vec::new();
    for (label, side) in [("表1", &t1), ("表6", &t6)] {
        for r in side.income.iter().chain(side.spending.iter()) {
            if is_total_row(&r.name) || after_totals(side, r) {
                if let Some(a) = r.amount {
                    table_totals.push((
                        format!("{label} {}", norm(&r.name)),
                        fig(a, format!("{label} {}", r.name), r.line),
                    ));
                }
            }
        }
    }
    if !t7_units.is_empty() {
        for r in &t7_units {
            if names.is_department(&r.name) {
                table_totals.push((
                    "表7 合计".into(),
                    fig(r.total, format!("表7 {}", r.name), r.line),
                ));
            }
        }
    }
    let income = income_lines(&t1, &mut w);

    // 表11.
    let procurement = procurement(&names, &department, &t11, &paras, &mut w);

    // 表12.
    let mut sangong = Vec::new();
    for r in &t12 {
        let Some(unit) = names.owner(&r.unit, "表12", r.line, &mut w) else {
            continue;
        };
        let [total, abroad, reception, vehicles, vehicle_purchase, vehicle_operation] = r.figures;
        sangong.push(SangongRow {
            unit,
            year: r.year,
            total,
            abroad,
            reception,
            vehicles,
            vehicle_purchase,
            vehicle_operation,
            source: src(format!("表12 {} {}年", r.unit, r.year), r.line),
        });
    }

    let dataset = Dataset {
        format: FORMAT_VERSION,
        department,
        short_name,
        year,
        title,
        source_file: source_file.to_string(),
        duties: section_text(&paras, 1, "主要职能"),
        work_goals: section_text(&paras, 1, "工作目标"),
        staff: staff_totals(&paras),
        overall: overall(&paras),
        units,
        income,
        functions,
        table_totals,
        spending,
        procurement,
        sangong,
        sangong_text: sangong_text(&paras),
        other: other(&paras),
        notes: Vec::new(),
    };
    Ok((dataset, w))
}

fn is_total_row(name: &str) -> bool {
    let n = norm(name);
    n.contains("合计") || n.contains("总计")
}

/// Rows below 本年…合计 (结转, 上年结余 …) are not part of the function or income tree.
fn after_totals(side: &tables::TwoSided, r: &Row) -> bool {
    let first_total = side
        .income
        .iter()
        .chain(side.spending.iter())
        .filter(|x| is_total_row(&x.name))
        .map(|x| x.line)
        .min();
    first_total.is_some_and(|l| r.line > l)
}

fn staffing(text: &str, line: u32) -> Staffing {
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

fn staff_totals(paras: &[Para]) -> StaffTotals {
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

fn section_text(paras: &[Para], part: u32, heading: &str) -> String {
    paras
        .iter()
        .filter(|p| p.part == part && p.heading.contains(heading))
        .map(|p| p.text.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

fn overall(paras: &[Para]) -> Overall {
    let mut o = Overall::default();
    for p in paras.iter().filter(|p| p.part == 2) {
        let t = &p.text;
        if let Some(v) = nar::wan_after(t, "部门预算收入") {
            o.income = Some(fig(v, "第二部分 部门预算收入", p.line));
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

fn sangong_text(paras: &[Para]) -> SangongNarrative {
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
            if let Some(i) = t.find("公务用车购置费") {
                s.vehicle_purchase = nar::wan_after(&t[i..], "预算数")
                    .map(|v| fig(v, place("公务用车购置费"), p.line));
            }
            if let Some(i) = t.find("公务用车运行维护费") {
                s.vehicle_operation = nar::wan_after(&t[i..], "预算数")
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

fn other(paras: &[Para]) -> Other {
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
            o.running_costs_text = t.clone();
        } else if p.heading.contains("国有资产") {
            o.assets_text.push(t.clone());
        } else {
            o.other_text.push(t.clone());
        }
    }
    o
}

/// Find the entry among `candidates` that `name` means: the same key, else one
/// key that starts with the other; among several, the closest in amount.
fn find_match(
    candidates: &[(String, Decimal, bool)],
    name: &str,
    amount: Option<Decimal>,
) -> Option<usize> {
    let key = match_key(name);
    let pick = |ids: Vec<usize>| -> Option<usize> {
        ids.into_iter().min_by_key(|&i| match amount {
            Some(a) => (candidates[i].1 - a).abs(),
            None => Decimal::ZERO,
        })
    };
    let exact: Vec<usize> = (0..candidates.len())
        .filter(|&i| !candidates[i].2 && match_key(&candidates[i].0) == key)
        .collect();
    if !exact.is_empty() {
        return pick(exact);
    }
    let prefix: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            let k = match_key(&candidates[i].0);
            !candidates[i].2
                && !k.is_empty()
                && !key.is_empty()
                && (k.starts_with(&key) || key.starts_with(&k))
        })
        .collect();
    pick(prefix)
}

fn project_list(unit: &Unit) -> Vec<(String, Decimal, bool)> {
    unit.categories
        .iter()
        .filter(|c| c.name == "项目支出")
        .flat_map(|c| c.children.iter())
        .map(|p| (p.name.clone(), p.figures[0].value, false))
        .collect()
}

fn project_mut(unit: &mut Unit, i: usize) -> &mut Entry {
    unit.categories
        .iter_mut()
        .filter(|c| c.name == "项目支出")
        .flat_map(|c| c.children.iter_mut())
        .nth(i)
        .expect("index from project_list")
}

fn attach_t13(unit: &mut Unit, rows: Vec<T13Row>, w: &mut Vec<Warning>) {
    let mut list = project_list(unit);
    let has_projects = !list.is_empty();
    for r in rows {
        let place = format!("表13 {} {}", r.unit, r.project);
        let funding = Funding {
            fiscal: r.fiscal,
            other: r.other,
            source: src(place.clone(), r.line),
        };
        match find_match(&list, &r.project, Some(r.total)) {
            Some(i) if has_projects => {
                list[i].2 = true;
                let p = project_mut(unit, i);
                p.figures.push(fig(r.total, place, r.line));
                p.funding = Some(funding);
                p.period = r.period;
            }
            _ => {
                // A unit whose 项目支出 part 3 does not break down: 表13 names its projects.
                match unit.categories.iter_mut().find(|c| c.name == "项目支出") {
                    Some(cat) if !has_projects => cat.children.push(Entry {
                        name: r.project.clone(),
                        figures: vec![fig(r.total, place, r.line)],
                        purpose: String::new(),
                        funding: Some(funding),
                        period: r.period,
                        sheet: None,
                        children: Vec::new(),
                    }),
                    _ => w.push(Warning::new(
                        r.line,
                        format!(
                            "表13: project {:?} ({}) of {} matches no project of 第三部分",
                            r.project, r.total, unit.name
                        ),
                    )),
                }
            }
        }
    }
    // A project added from 表13 takes the category's text as its purpose when it is the only one.
    if !has_projects {
        if let Some(cat) = unit.categories.iter_mut().find(|c| c.name == "项目支出") {
            if cat.children.len() == 1 && cat.children[0].purpose.is_empty() {
                cat.children[0].purpose = cat.purpose.clone();
            }
        }
    }
}

fn sheet_of(s: &T15Sheet) -> ProjectSheet {
    ProjectSheet {
        sheet_name: s.name.clone(),
        project_type: s.project_type.clone(),
        fund_use: s.fund_use.clone(),
        period: if s.start.is_empty() {
            String::new()
        } else {
            format!("{} — {}", s.start, s.end)
        },
        asset_purchase: s.asset_yuan.map(money::yuan_to_wan),
        asset_items: s.asset_items.clone(),
        overview: s.overview.clone(),
        usage: s.usage.clone(),
        medium_goal: s.medium_goal.clone(),
        annual_goal: s.annual_goal.clone(),
        indicators: s
            .indicators
            .iter()
            .map(|i| Indicator {
                level1: i.level1.clone(),
                level2: i.level2.clone(),
                name: i.name.clone(),
                target: i.target.clone(),
                basis: i.basis.clone(),
                source: src(format!("表15 {} 绩效指标", s.name), i.line),
            })
            .collect(),
    }
}

fn sheet_entry(s: &T15Sheet) -> Entry {
    let mut e = Entry {
        name: s.name.clone(),
        figures: Vec::new(),
        purpose: s.usage.clone(),
        funding: None,
        period: String::new(),
        sheet: Some(sheet_of(s)),
        children: Vec::new(),
    };
    apply_sheet_figures(&mut e, s);
    e
}

fn apply_sheet_figures(e: &mut Entry, s: &T15Sheet) {
    if let Some(y) = s.year_yuan.or(s.total_yuan) {
        e.figures.push(fig_yuan(
            y,
            format!("表15 {} 本年度项目金额（元）", s.name),
            s.amount_line,
        ));
    }
    if let Some(f) = s.fiscal_yuan {
        e.funding = Some(Funding {
            fiscal: money::yuan_to_wan(f),
            other: money::yuan_to_wan(s.other_yuan.unwrap_or_default()),
            source: src(
                format!("表15 {} 财政拨款资金 / 其他资金（元）", s.name),
                s.amount_line,
            ),
        });
    }
}

fn attach_t15(unit: &mut Unit, sheets: Vec<T15Sheet>, leftovers: &mut Vec<T15Sheet>) {
    let mut list = project_list(unit);
    let mut unmatched = Vec::new();
    for s in sheets {
        let amount = s.year_yuan.or(s.total_yuan).map(money::yuan_to_wan);
        match find_match(&list, &s.name, amount) {
            Some(i) => {
                list[i].2 = true;
                let p = project_mut(unit, i);
                apply_sheet_figures(p, &s);
                p.sheet = Some(sheet_of(&s));
            }
            None => unmatched.push(s),
        }
    }
    // One project left without a sheet, and sheets left without a project
    // (this unit's, and those of units outside the department's list) that add
    // up to it: they are its breakdown (本级's 政府投资项目 into its six projects).
    let open: Vec<usize> = (0..list.len()).filter(|&i| !list[i].2).collect();
    if open.len() == 1 && !unmatched.is_empty() {
        let target = list[open[0]].1;
        let pool: Vec<T15Sheet> = unmatched.drain(..).chain(leftovers.drain(..)).collect();
        let sum: Decimal = pool
            .iter()
            .filter_map(|s| s.year_yuan.or(s.total_yuan))
            .map(money::yuan_to_wan)
            .sum();
        let own: Decimal = pool
            .iter()
            .filter(|s| s.unit == unit.full_name)
            .filter_map(|s| s.year_yuan.or(s.total_yuan))
            .map(money::yuan_to_wan)
            .sum();
        if (sum - target).abs() <= Decimal::new(5, 1) {
            let p = project_mut(unit, open[0]);
            p.children.extend(pool.iter().map(sheet_entry));
        } else if (own - target).abs() <= Decimal::new(5, 1) {
            let (mine, others): (Vec<_>, Vec<_>) =
                pool.into_iter().partition(|s| s.unit == unit.full_name);
            let p = project_mut(unit, open[0]);
            p.children.extend(mine.iter().map(sheet_entry));
            leftovers.extend(others);
        } else {
            for s in pool {
                if s.unit == unit.full_name {
                    unmatched.push(s);
                } else {
                    leftovers.push(s);
                }
            }
        }
    }
    leftovers.extend(unmatched);
}

fn attach_t14(unit: &mut Unit, sheet: tables::T14Sheet, w: &mut Vec<Warning>) {
    let mut goals = UnitGoals {
        overall_goal: sheet.overall_goal.clone(),
        ..Default::default()
    };
    let list = project_list(unit);
    for (name, content, [total, fiscal, other], line) in &sheet.tasks {
        let place = format!("表14 {} {}", sheet.unit, name);
        let funding = Funding {
            fiscal: *fiscal,
            other: *other,
            source: src(place.clone(), *line),
        };
        if norm(name) == "合计" || name.is_empty() && goals.total.is_none() {
            goals.total = Some(fig(*total, place.clone(), *line));
            goals.funding = Some(funding.clone());
            unit.figures.push(fig(*total, place, *line));
            continue;
        }
        // A task of the same name as a project states that project's amount
        // too — when it is the same quantity. 表14 often groups several
        // projects under one task name (公职人员管理 77.63 = 公职人员管理 +
        // 工资管理); such a task stays in the unit's goals only.
        let key = match_key(name);
        let same: Vec<usize> = (0..list.len())
            .filter(|&i| match_key(&list[i].0) == key)
            .collect();
        if same.len() == 1 {
            let task = fig(*total, place.clone(), *line);
            let p = project_mut(unit, same[0]);
            let best = crate::model::most_precise(&p.figures).cloned();
            let same_quantity = best.is_some_and(|b| {
                (b.value - task.value).abs()
                    <= crate::check::half_unit(b.precision)
                        + crate::check::half_unit(task.precision)
            });
            if same_quantity {
                p.figures.push(task);
            }
        }
        goals.tasks.push(GoalTask {
            name: name.clone(),
            content: content.clone(),
            amount: fig(*total, place, *line),
            funding,
        });
    }
    if goals.total.is_none() {
        w.push(Warning::new(
            sheet.line,
            format!("表14: no 合计 row for {}", sheet.unit),
        ));
    }
    goals.indicators = sheet
        .indicators
        .iter()
        .map(|i| Indicator {
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            name: i.name.clone(),
            target: i.target.clone(),
            basis: String::new(),
            source: src(format!("表14 {} 绩效指标", sheet.unit), i.line),
        })
        .collect();
    unit.goals = Some(goals);
}

/// Sub-items a project's own text names with amounts that add up to it.
fn attach_sub_items(unit: &mut Unit, w: &mut Vec<Warning>) {
    for cat in unit.categories.iter_mut().filter(|c| c.name == "项目支出") {
        for p in cat.children.iter_mut().filter(|p| p.children.is_empty()) {
            let items = nar::sub_items(&p.purpose);
            if items.len() < 2 {
                continue;
            }
            let stated = p.figures[0].value;
            let sum: Decimal = items.iter().map(|(_, v)| *v).sum();
            let tol = Decimal::new(5, 1) * Decimal::from(items.len() as u64 + 1);
            if (sum - stated).abs() > tol {
                w.push(Warning::new(
                    p.figures[0].source.line,
                    format!("第三部分: the amounts named in {:?} add up to {sum}, not {stated}; not taken as sub-items", p.name),
                ));
                continue;
            }
            let line = p.figures[0].source.line;
            p.children = items
                .into_iter()
                .map(|(name, v)| {
                    Entry::leaf(
                        name.clone(),
                        vec![fig(
                            v,
                            format!("第三部分 {} {} 其中 {}", unit.name, p.name, name),
                            line,
                        )],
                    )
                })
                .collect();
        }
    }
}

/// Names are unique among siblings: a second `待支付以前年度采购项目` becomes
/// `待支付以前年度采购项目（2）`, with a warning.
fn dedupe_names(entries: &mut [Entry], parent: &str, w: &mut Vec<Warning>) {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for e in entries.iter_mut() {
        let n = seen.entry(e.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let new = format!("{}（{}）", e.name, n);
            w.push(Warning::new(
                e.figures.first().map(|f| f.source.line).unwrap_or(0),
                format!(
                    "{parent}: a second {:?} is named {:?} to tell them apart",
                    e.name, new
                ),
            ));
            e.name = new;
        }
        dedupe_names(&mut e.children, &e.name.clone(), w);
    }
}

/// Standard names of 类 and 款 the document may leave out (a 款 whose 项 the
/// document lists under another 款, say).
fn standard_function_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "201" => "一般公共服务支出",
        "20110" => "人力资源事务",
        "20199" => "其他一般公共服务支出",
        "205" => "教育支出",
        "20503" => "职业教育",
        "20508" => "进修及培训",
        "20509" => "教育费附加安排的支出",
        "206" => "科学技术支出",
        "20699" => "其他科学技术支出",
        "208" => "社会保障和就业支出",
        "20801" => "人力资源和社会保障管理事务",
        "20805" => "行政事业单位养老支出",
        "20807" => "就业补助",
        "20899" => "其他社会保障和就业支出",
        "210" => "卫生健康支出",
        "21011" => "行政事业单位医疗",
        "213" => "农林水支出",
        "21308" => "普惠金融发展支出",
        "221" => "住房保障支出",
        "22101" => "保障性安居工程支出",
        "22102" => "住房改革支出",
        _ => return None,
    })
}

fn functions(
    names: &Names,
    t1: &tables::TwoSided,
    t6: &tables::TwoSided,
    t7: &[tables::T7Row],
    w: &mut Vec<Warning>,
) -> Vec<Function> {
    // Codes and names from 表7.
    let mut items: BTreeMap<String, Function> = BTreeMap::new();
    let mut name_to_code: BTreeMap<String, String> = BTreeMap::new();
    for r in t7 {
        if r.code.len() != 7 {
            w.push(Warning::new(
                r.line,
                format!(
                    "表7: 科目编码 {:?} is not a 7-digit 项 code; kept as given",
                    r.code
                ),
            ));
        }
        let unit = names
            .owner(&r.unit, "表7", r.line, w)
            .unwrap_or_else(|| r.unit.clone());
        name_to_code
            .entry(norm(&r.name))
            .or_insert_with(|| r.code.clone());
        let f = items.entry(r.code.clone()).or_insert_with(|| Function {
            code: r.code.clone(),
            name: r.name.clone(),
            total: None,
            fiscal: None,
            by_unit: Vec::new(),
            children: Vec::new(),
        });
        f.by_unit.push(FunctionByUnit {
            unit,
            table_unit: r.unit.clone(),
            total: r.total,
            basic: r.basic,
            project: r.project,
            source: src(format!("表7 {} {} {}", r.unit, r.code, r.name), r.line),
        });
    }
    let mut names_of: BTreeMap<String, String> = BTreeMap::new();
    let mut section_figs: BTreeMap<String, (Option<Figure>, Option<Figure>)> = BTreeMap::new();
    let mut class_figs: BTreeMap<String, (Option<Figure>, Option<Figure>)> = BTreeMap::new();
    for (label, side, which) in [("表1", t1, 0usize), ("表6", t6, 1usize)] {
        let rows: Vec<Row> = side
            .spending
            .iter()
            .filter(|r| !is_total_row(&r.name) && !after_totals(side, r))
            .cloned()
            .collect();
        let (tree, loose) = nest(&rows, 3);
        for r in loose {
            w.push(Warning::new(
                r.line,
                format!("{label}: {:?} does not add up under its 类", r.name),
            ));
        }
        for class in &tree {
            let mut class_codes = Vec::new();
            for section in &class.children {
                let mut codes = Vec::new();
                for item in &section.children {
                    let Some(code) = name_to_code.get(&norm(&item.row.name)).cloned() else {
                        w.push(Warning::new(
                            item.row.line,
                            format!("{label}: 项 {:?} has no 科目编码 in 表7", item.row.name),
                        ));
                        continue;
                    };
                    let f = items.entry(code.clone()).or_insert_with(|| Function {
                        code: code.clone(),
                        name: item.row.name.clone(),
                        total: None,
                        fiscal: None,
                        by_unit: Vec::new(),
                        children: Vec::new(),
                    });
                    let figure = item
                        .row
                        .amount
                        .map(|a| fig(a, format!("{label} {}", item.row.name), item.row.line));
                    if which == 0 {
                        f.total = figure;
                    } else {
                        f.fiscal = figure;
                    }
                    codes.push(code);
                }
                // The 款 is the one most of its 项 belong to.
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for c in &codes {
                    *counts.entry(c.chars().take(5).collect()).or_default() += 1;
                }
                if let Some((sec, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
                    names_of
                        .entry(sec.clone())
                        .or_insert_with(|| section.row.name.clone());
                    let figure = section
                        .row
                        .amount
                        .map(|a| fig(a, format!("{label} {}", section.row.name), section.row.line));
                    let e = section_figs.entry(sec.clone()).or_default();
                    if which == 0 {
                        e.0 = figure;
                    } else {
                        e.1 = figure;
                    }
                    class_codes.push(sec);
                } else {
                    w.push(Warning::new(
                        section.row.line,
                        format!("{label}: 款 {:?} has no 项 with a code", section.row.name),
                    ));
                }
            }
            if let Some(first) = class_codes.first() {
                let cls: String = first.chars().take(3).collect();
                let name = strip_number(&class.row.name);
                names_of.entry(cls.clone()).or_insert(name.clone());
                let figure = class
                    .row
                    .amount
                    .map(|a| fig(a, format!("{label} {}", class.row.name), class.row.line));
                let e = class_figs.entry(cls).or_default();
                if which == 0 {
                    e.0 = figure;
                } else {
                    e.1 = figure;
                }
            }
        }
    }
    // Assemble 类 → 款 → 项 by code.
    let mut classes: BTreeMap<String, Function> = BTreeMap::new();
    for (code, item) in items {
        let cls: String = code.chars().take(3).collect();
        let sec: String = code.chars().take(5).collect();
        let class = classes.entry(cls.clone()).or_insert_with(|| {
            let (total, fiscal) = class_figs.get(&cls).cloned().unwrap_or_default();
            Function {
                name: names_of
                    .get(&cls)
                    .cloned()
                    .or_else(|| standard_function_name(&cls).map(String::from))
                    .unwrap_or_else(|| format!("类 {cls}")),
                code: cls.clone(),
                total,
                fiscal,
                by_unit: Vec::new(),
                children: Vec::new(),
            }
        });
        if !class.children.iter().any(|s| s.code == sec) {
            let (total, fiscal) = section_figs.get(&sec).cloned().unwrap_or_default();
            class.children.push(Function {
                name: names_of
                    .get(&sec)
                    .cloned()
                    .or_else(|| standard_function_name(&sec).map(String::from))
                    .unwrap_or_else(|| format!("款 {sec}")),
                code: sec.clone(),
                total,
                fiscal,
                by_unit: Vec::new(),
                children: Vec::new(),
            });
        }
        let section = class
            .children
            .iter_mut()
            .find(|s| s.code == sec)
            .expect("just ensured");
        section.children.push(item);
    }
    classes.into_values().collect()
}

fn to_lines(nodes: &[Nested], table: &str) -> Vec<Line> {
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

fn income_lines(t1: &tables::TwoSided, w: &mut Vec<Warning>) -> Vec<Line> {
    // The tree is what stands above 本年收入合计; below it come lines of their own (上年结转 …).
    let rows: Vec<Row> = t1
        .income
        .iter()
        .filter(|r| !is_total_row(&r.name))
        .cloned()
        .collect();
    let (before, after): (Vec<Row>, Vec<Row>) =
        rows.iter().cloned().partition(|r| !after_totals(t1, r));
    let (mut tree, loose) = nest(&before, 3);
    tree.extend(after.into_iter().map(|row| Nested {
        row,
        children: Vec::new(),
    }));
    for r in loose {
        w.push(Warning::new(
            r.line,
            format!(
                "表1: income line {:?} does not add up under its heading",
                r.name
            ),
        ));
    }
    for r in &rows {
        if r.amount.is_none() {
            w.push(Warning::new(
                r.line,
                format!("表1: income line {:?} has no amount; read as 0", r.name),
            ));
        }
    }
    to_lines(&tree, "表1")
}

fn procurement(
    names: &Names,
    department: &str,
    t11: &[tables::T11Row],
    paras: &[Para],
    w: &mut Vec<Warning>,
) -> Procurement {
    let mut p = Procurement::default();
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
    // Department → unit → 品目 by code prefix (A → A03).
    let mut dept: Option<Line> = None;
    let mut units: Vec<Line> = Vec::new();
    for r in t11 {
        let line = Line {
            name: r.name.clone(),
            code: r.code.clone(),
            amount: fig(
                r.amount,
                format!("表11 {} {} {}", r.unit, r.code, r.name),
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
                let name = match names.unit(&r.unit) {
                    Some((u, true)) => format!("{u}(专项资金)"),
                    Some((u, false)) => u,
                    None => {
                        w.push(Warning::new(
                            r.line,
                            format!(
                                "表11: unit {:?} is not one of the units of 第三部分",
                                r.unit
                            ),
                        ));
                        r.unit.clone()
                    }
                };
                units.push(Line { name, ..line });
            }
            continue;
        }
        let Some(unit) = units.last_mut() else {
            w.push(Warning::new(
                r.line,
                format!("表11: 品目 {:?} before any unit", r.name),
            ));
            continue;
        };
        insert_by_code(&mut unit.children, line);
    }
    match dept {
        Some(mut d) => {
            d.children = units;
            p.lines = vec![d];
        }
        None => p.lines = units,
    }
    p
}

fn insert_by_code(lines: &mut Vec<Line>, line: Line) {
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
