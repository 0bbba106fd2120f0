//! Putting the pieces together: units from part 3, matched with the tables.
//!
//! `sections` reads the narrative's parts, `projects` attaches 表13, 表14 and
//! 表15 to part 3's projects, `functions` builds the 科目 tree, `lines` the
//! income and procurement lines.

mod functions;
mod lines;
mod projects;
mod sections;

use functions::functions;
use lines::{income_lines, procurement};
use projects::{attach_sub_items, attach_t13, attach_t14, attach_t15, dedupe_names};
use sections::*;

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

pub(super) fn src(place: impl Into<String>, line: u32) -> Source {
    Source {
        place: place.into(),
        line,
    }
}

pub(super) fn fig(value: Decimal, place: impl Into<String>, line: u32) -> Figure {
    Figure {
        value: value.normalize(),
        precision: value.scale(),
        source: src(place, line),
    }
}

/// A figure given in 元, kept in 万元 with every digit.
pub(super) fn fig_yuan(yuan: Decimal, place: impl Into<String>, line: u32) -> Figure {
    let wan = money::yuan_to_wan(yuan);
    Figure {
        value: wan,
        precision: yuan.scale() + 4,
        source: src(place, line),
    }
}

/// Knows the names units go by: part 3's short ones and the tables' full ones.
pub(super) struct Names {
    pub(super) department: String,
    short: String,
    city: String,
    /// (canonical key, part-3 name)
    units: Vec<(String, String)>,
}

impl Names {
    pub(super) fn canonical(&self, name: &str) -> (String, bool) {
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
    pub(super) fn unit(&self, table_name: &str) -> Option<(String, bool)> {
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
    pub(super) fn owner(
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

    pub(super) fn is_department(&self, table_name: &str) -> bool {
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
