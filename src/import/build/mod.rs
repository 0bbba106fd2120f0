//! Putting the pieces together: units from part 3, matched with the tables.
//!
//! `sections` reads the narrative's parts, `projects` attaches 表13, 表14 and
//! 表15 to part 3's projects, `functions` builds the 科目 tree, `lines` the
//! income and procurement lines.

mod from_tables;
mod functions;
mod lines;
mod projects;
mod sections;
pub(super) mod title;

use functions::functions;
use lines::{income_lines, procurement};
use projects::{attach_sub_items, attach_t13, attach_t14, attach_t15, dedupe_names};
use sections::{
    after_totals, is_total_row, other, overall, sangong_text, section_text, staff_totals, staffing,
    stated,
};

use super::grid;
use super::layout::Document;
use super::narrative::{self as nar, match_key, Para};
use super::nest::{nest, strip_number, Nested};
use super::tables::{self, Row, T13Row, T15Sheet};
use super::template::{self, Role, Shape};
use super::text::norm;
use super::{ImportError, Warning};
use crate::money;
use crate::schema::{
    Dataset, Entry, Figure, Function, FunctionByUnit, Funding, GoalTask, Indicator, Line, Other,
    Overall, Procurement, ProjectSheet, SangongNarrative, SangongRow, Source, SpendingRow,
    StaffTotals, Staffing, Stated, Unit, UnitGoals, FORMAT_VERSION,
};
use regex::Regex;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub(super) fn src(place: impl Into<crate::schema::Place>, line: u32) -> Source {
    Source {
        place: place.into(),
        line,
    }
}

pub(super) fn fig(value: Decimal, place: impl Into<crate::schema::Place>, line: u32) -> Figure {
    Figure {
        value: value.normalize(),
        precision: value.scale(),
        source: src(place, line),
    }
}

/// A figure given in 元, kept in 万元 with every digit.
pub(super) fn fig_yuan(yuan: Decimal, place: impl Into<crate::schema::Place>, line: u32) -> Figure {
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
    /// The names of a department (`深圳市…局`, short `市人社局`) and its
    /// part-3 units.
    fn new(department: &str, short: &str, units_text: &[nar::UnitText]) -> Names {
        let city = department
            .split('市')
            .next()
            .filter(|c| department.contains('市') && !c.is_empty())
            .unwrap_or("")
            .to_string();
        let mut names = Names {
            department: department.to_string(),
            short: short.to_string(),
            city,
            units: Vec::new(),
        };
        names.units = units_text
            .iter()
            .map(|u| (names.canonical(&u.name).0, u.name.clone()))
            .collect();
        names
    }

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
        if let Some((u, _)) = self.unit(table_name) {
            Some(u)
        } else {
            w.push(Warning::new(
                line,
                format!("{table}: unit {table_name:?} is not one of the units of 第三部分"),
            ));
            None
        }
    }

    pub(super) fn is_department(&self, table_name: &str) -> bool {
        let (key, special) = self.canonical(table_name);
        !special && key == self.canonical(&self.department).0
    }
}

/// The tables of the document, each read once.
#[derive(Default)]
struct Tables {
    t1: tables::TwoSided,
    t6: tables::TwoSided,
    t3: Vec<tables::T3Row>,
    t7_units: Vec<tables::T7Row>,
    t7_codes: Vec<tables::T7Row>,
    t11: Vec<tables::T11Row>,
    t12: Vec<tables::T12Row>,
    /// The label of the 三公 table.
    t12_label: String,
    t13: Vec<T13Row>,
    t13_label: String,
    t14: Vec<tables::T14Sheet>,
    t15: Vec<T15Sheet>,
}

impl Tables {
    /// Each table's grid (the performance sheets have their own readers).
    fn grids<'d>(doc: &'d Document, w: &mut Vec<Warning>) -> Vec<from_tables::Read<'d>> {
        doc.tables
            .iter()
            .filter(|t| matches!(t.spec().shape, Shape::Rows | Shape::TwoSided))
            .map(|table| from_tables::Read {
                table,
                grid: tables::grid(table, w),
            })
            .collect()
    }

    fn read(
        doc: &Document,
        reads: &[from_tables::Read],
        year: (i32, bool),
        w: &mut Vec<Warning>,
    ) -> Tables {
        let mut t = Tables::default();
        for r in reads {
            let (table, g) = (r.table, &r.grid);
            match table.role {
                Role::Summary => t.t1 = tables::read_two_sided(table, g, w),
                Role::FiscalSummary => t.t6 = tables::read_two_sided(table, g, w),
                Role::Spending if g.blocks.iter().any(grid::Block::by_unit) => {
                    t.t3 = tables::read_t3(table, g, w);
                }
                Role::GeneralPublic if g.blocks.iter().any(grid::Block::by_unit) => {
                    (t.t7_units, t.t7_codes) = tables::read_t7(table, g, w);
                }
                Role::Procurement => t.t11 = tables::read_t11(table, g, w),
                Role::Sangong => {
                    t.t12 = tables::read_t12(table, g, year, w);
                    t.t12_label.clone_from(&table.label);
                }
                Role::Projects => {
                    t.t13.extend(tables::read_t13(table, g, w));
                    t.t13_label.clone_from(&table.label);
                }
                _ => {}
            }
        }
        for table in &doc.tables {
            match table.role {
                Role::UnitGoals => t.t14.push(tables::read_t14(table, w)),
                Role::ProjectGoals => t.t15.push(tables::read_t15(table, w)),
                _ => {}
            }
        }
        t
    }
}

/// Build the dataset from the document's parts, in named steps.
pub fn build(doc: &Document, source_file: &str) -> Result<(Dataset, Vec<Warning>), ImportError> {
    let mut w: Vec<Warning> = Vec::new();
    let paras = nar::paragraphs(&doc.narrative);
    let title = title::title(doc, &mut w)?;
    let set = from_tables::template_set(doc, &paras);
    let short_name = nar::short_name(&paras);
    let reads = Tables::grids(doc, &mut w);
    let mut t = Tables::read(
        doc,
        &reads,
        (title.year, title.kind == crate::schema::DocKind::Final),
        &mut w,
    );
    // Shenzhen's part 3 breaks the spending down by unit; else the tables do.
    let part3 = if set == "shenzhen" {
        nar::part3(&paras, &mut w)
    } else {
        Vec::new()
    };
    let from_narrative = !part3.is_empty();
    let (units_text, units_named) = if from_narrative {
        (part3, Vec::new())
    } else {
        from_tables::units(&title.department, &reads, &doc.unknown, &paras, &mut w)?
    };
    let names = Names::new(&title.department, &short_name, &units_text);
    let units = units(&names, &units_text, &paras, &mut t, &mut w);
    // The 本级 unit printed under the department's own name (named 本级
    // among the units): its 表3 row is the unit's, not the department's.
    let benji = format!("{}本级", title.department);
    if !from_narrative && units_text.iter().any(|u| u.name == benji) {
        for r in t.t3.iter_mut().filter(|r| r.name == title.department) {
            r.name.clone_from(&benji);
        }
    }
    let spending = spending_rows(&names, &label_of(doc, Role::Spending), &t.t3, &mut w);
    // Functions: Shenzhen's 表7 gives codes and 表1/表6 the all-funds and
    // 财政拨款 figures by name; other tables print their codes.
    let functions = if t.t7_codes.is_empty() {
        from_tables::functions(&names, &reads, &mut w)
    } else {
        functions(&names, &t.t1, &t.t6, &t.t7_codes, &mut w)
    };
    let mut table_totals = table_totals(&names, &t, doc);
    if !from_narrative {
        table_totals.extend(from_tables::spending_totals(&reads));
    }
    let summary_label = label_of(doc, Role::Summary);
    let fiscal_label = label_of(doc, Role::FiscalSummary);
    let income = income_lines(&t.t1, &summary_label, &mut w);
    let fiscal_income = income_lines(&t.t6, &fiscal_label, &mut w);
    let function_units = function_units(&names, &t.t7_units, &mut w);
    let procurement = procurement(
        &names,
        &label_of(doc, Role::Procurement),
        &title.department,
        &t.t11,
        &paras,
        &mut w,
    );
    let mut units_named = units_named;
    let sangong = sangong_rows(&names, &t, units.len() == 1, &mut units_named, &mut w);
    units_named.dedup();
    // Tables kept as printed: what the importer does not make lines of.
    let keep = |r: Role| {
        template::get().table(r).is_some_and(|s| s.keep)
            && (!from_narrative
                || matches!(
                    r,
                    Role::Income | Role::BasicEconomic | Role::GovFund | Role::StateCapital
                ))
    };
    let mut dataset = Dataset {
        format: FORMAT_VERSION,
        department: title.department,
        short_name,
        year: title.year,
        kind: title.kind,
        template: set,
        title: title.text,
        source_file: source_file.to_string(),
        duties: section_text(&paras, 1, "主要职能"),
        work_goals: section_text(&paras, 1, "工作目标"),
        staff: staff_totals(&paras),
        overall: overall(&paras),
        units,
        income,
        functions,
        table_totals,
        stated: stated(&paras),
        fiscal_income,
        function_units,
        spending,
        procurement,
        sangong,
        sangong_text: sangong_text(&paras),
        other: other(&paras),
        notes: Vec::new(),
        units_named,
        tables: from_tables::kept(&reads, &keep),
        tables_seen: from_tables::seen(doc, &reads),
        origin: crate::schema::Origin::default(),
    };
    if !from_narrative {
        national_narrative(&mut dataset, &paras);
    }
    Ok((dataset, w))
}

/// How the document labels the first table of a role (`表1`, or its title).
fn label_of(doc: &Document, role: Role) -> String {
    doc.tables.iter().find(|t| t.role == role).map_or_else(
        || crate::schema::Dataset::default_label(role.id()),
        |t| t.label.clone(),
    )
}

/// A national template's 情况说明: its totals, and every figure it states
/// in passing with the clause it stands in.
fn national_narrative(d: &mut Dataset, paras: &[Para]) {
    static EXPENDITURE: LazyLock<Regex> = LazyLock::new(|| {
        // Not 支出总计: in a 决算 it holds the 年末结转和结余, not spent.
        Regex::new(r"(?:收支总预算|支出预算|本年支出合计|支出决算)(?:总额)?(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元").expect("valid regex")
    });
    static INCOME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:收入预算|本年收入合计|收入决算)(?:总额)?(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元",
        )
        .expect("valid regex")
    });
    // The department's own figure: not in a clause about a part of it
    // (“三公”经费…支出决算为, 项目支出预算, 政府采购预算).
    let whole = |text: &str, re: &Regex| {
        re.captures_iter(text).find_map(|c| {
            let at = c.get(0)?.start();
            let clause = text[..at]
                .rsplit(['。', '；', '，', ',', ';'])
                .next()
                .unwrap_or("");
            let part = ["三公", "费", "项目", "采购", "基本支出", "其中"]
                .iter()
                .any(|w| clause.contains(w) || c[0].contains(w));
            (!part).then(|| super::number::figure(&c[1])).flatten()
        })
    };
    for p in paras {
        if d.overall.expenditure.is_none() {
            if let Some(v) = whole(&p.text, &EXPENDITURE) {
                d.overall.expenditure = Some(fig(v, format!("{} 支出", p.heading), p.line));
            }
        }
        if d.overall.income.is_none() {
            if let Some(v) = whole(&p.text, &INCOME) {
                d.overall.income = Some(fig(v, format!("{} 收入", p.heading), p.line));
            }
        }
    }
    static SANGONG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"三公[”\x22]?经费[^。；，,]{0,20}?(?:预算数|预算|决算数|决算|支出)(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元").expect("valid regex")
    });
    if let Some((v, p)) = paras.iter().find_map(|p| {
        let c = SANGONG.captures(&p.text)?;
        Some((super::number::figure(&c[1])?, p))
    }) {
        d.sangong_text.total = Some(fig(v, format!("{} 三公经费", p.heading), p.line));
    }
    // What the dataset holds already, by line: not stated twice.
    let mut held: BTreeMap<u32, Vec<Decimal>> = BTreeMap::new();
    for f in [
        &d.overall.expenditure,
        &d.overall.income,
        &d.sangong_text.total,
    ]
    .into_iter()
    .flatten()
    {
        held.entry(f.source.line).or_default().push(f.value);
    }
    let extra = from_tables::stated(paras, &mut |line, v| {
        held.get_mut(&line)
            .and_then(|vs| vs.iter().position(|x| *x == v).map(|i| vs.swap_remove(i)))
            .is_some()
    });
    d.stated.extend(extra);
}

/// Part 3's units, with 表13, 表15 and 表14 attached and names made unique.
fn units(
    names: &Names,
    units_text: &[nar::UnitText],
    paras: &[Para],
    t: &mut Tables,
    w: &mut Vec<Warning>,
) -> Vec<Unit> {
    let staff_text = nar::part1_units(paras);
    let mut leftover_sheets: Vec<T15Sheet> = Vec::new();
    let mut t15_by_unit: BTreeMap<String, Vec<T15Sheet>> = BTreeMap::new();
    for s in std::mem::take(&mut t.t15) {
        match names.unit(&s.unit) {
            Some((u, _)) => t15_by_unit.entry(u).or_default().push(s),
            None => leftover_sheets.push(s),
        }
    }
    let mut t13_by_unit: BTreeMap<String, Vec<T13Row>> = BTreeMap::new();
    let only = (units_text.len() == 1).then(|| units_text[0].name.clone());
    let mut above: Option<String> = None;
    for r in std::mem::take(&mut t.t13) {
        // Units and their projects in one column: a unit's row starts its
        // projects.
        if r.nested {
            if let Some((u, _)) = names.unit(&r.project) {
                above = Some(u);
                continue;
            }
        }
        // A table with no unit column lists the one unit's projects.
        let unit = if r.nested {
            above.clone().or_else(|| only.clone())
        } else if r.unit.is_empty() {
            only.clone()
        } else {
            names.unit(&r.unit).map(|(u, _)| u)
        };
        match unit {
            Some(u) => t13_by_unit.entry(u).or_default().push(r),
            None => w.push(not_a_unit(&t.t13_label, &r.unit, r.line)),
        }
    }
    let mut units = Vec::new();
    for ut in units_text {
        let mut unit = unit_from_text(names, ut, t, &staff_text);
        attach_t13(
            &mut unit,
            &t.t13_label,
            t13_by_unit.remove(&ut.name).unwrap_or_default(),
            w,
        );
        let sheets = t15_by_unit.remove(&ut.name).unwrap_or_default();
        attach_t15(&mut unit, sheets, &mut leftover_sheets);
        attach_sub_items(&mut unit, w);
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
    for sheet in std::mem::take(&mut t.t14) {
        match names
            .unit(&sheet.unit)
            .and_then(|(u, _)| units.iter_mut().find(|x| x.name == u))
        {
            Some(unit) => attach_t14(unit, &sheet, w),
            None => w.push(not_a_unit("表14", &sheet.unit, sheet.line)),
        }
    }
    for unit in &mut units {
        dedupe_names(&mut unit.categories, &unit.name, w);
    }
    units
}

/// A table row for a unit part 3 does not name.
fn not_a_unit(table: &str, unit: &str, line: u32) -> Warning {
    Warning::new(
        line,
        format!("{table}: unit {unit:?} is not one of the units of 第三部分"),
    )
}

/// One unit as part 3 describes it: its total, categories and projects.
fn unit_from_text(
    names: &Names,
    ut: &nar::UnitText,
    t: &Tables,
    staff_text: &[nar::StaffText],
) -> Unit {
    let part = if ut.source.is_empty() {
        "第三部分"
    } else {
        ut.source.as_str()
    };
    let full_name = t
        .t3
        .iter()
        .map(|r| r.name.clone())
        .chain(t.t7_units.iter().map(|r| r.name.clone()))
        .find(|n| !names.is_department(n) && names.unit(n).is_some_and(|(u, s)| u == ut.name && !s))
        .unwrap_or_else(|| ut.name.clone());
    let mut figures = Vec::new();
    if let Some((v, line)) = ut.total {
        let place = if ut.source.is_empty() {
            format!("第三部分 {} 预算", ut.name)
        } else {
            format!("{} {} 合计", ut.source, ut.name)
        };
        figures.push(fig(v, place, line));
    }
    let mut categories = Vec::new();
    for ct in &ut.categories {
        let mut figs = vec![fig(
            ct.amount,
            format!("{} {} {}", part, ut.name, ct.name),
            ct.line,
        )];
        if let Some((_, v)) = ut.summary.iter().find(|(n, _)| *n == ct.name) {
            figs.push(fig(
                *v,
                format!("第三部分 {} 预算 包括{}", ut.name, ct.name),
                ut.total.map_or(0, |t| t.1),
            ));
        }
        let projects = ct
            .projects
            .iter()
            .map(|p| Entry {
                purpose: p.text.clone(),
                ..Entry::leaf(
                    p.name.clone(),
                    vec![fig(
                        p.amount,
                        format!("第三部分 {} {} {}.", ut.name, ct.name, p.number),
                        p.line,
                    )],
                )
            })
            .collect();
        let purpose = if ct.projects.is_empty()
            || !ct.text.starts_with("具体") && !ct.text.starts_with("其中")
        {
            ct.text.clone()
        } else {
            String::new()
        };
        categories.push(Entry {
            purpose,
            children: projects,
            ..Entry::leaf(ct.name.clone(), figs)
        });
    }
    Unit {
        name: ut.name.clone(),
        full_name,
        figures,
        staffing: staff_text
            .iter()
            .find(|s| names.canonical(&s.name).0 == names.canonical(&ut.name).0)
            .map(|s| staffing(&s.text, s.line)),
        goals: None,
        categories,
    }
}

/// 表3's rows, each with the unit it belongs to.
fn spending_rows(
    names: &Names,
    label: &str,
    t3: &[tables::T3Row],
    w: &mut Vec<Warning>,
) -> Vec<SpendingRow> {
    t3.iter()
        .filter_map(|r| {
            let f = |i: usize| r.figures.get(i).copied().flatten();
            if template::get().is_total(&r.name) {
                return None;
            }
            let unit = names.owner(&r.name, label, r.line, w)?;
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
                source: src(format!("{label} {}", r.name), r.line),
            })
        })
        .collect()
}

/// 表1's and 表6's totals (本年支出合计, 收入总计 …) and 表7's 合计 row, as stated.
fn table_totals(names: &Names, t: &Tables, doc: &Document) -> Vec<(String, Figure)> {
    let mut totals = Vec::new();
    for (role, side) in [(Role::Summary, &t.t1), (Role::FiscalSummary, &t.t6)] {
        let label = label_of(doc, role);
        let below = after_totals(side);
        for r in side.income.iter().chain(side.spending.iter()) {
            if is_total_row(&r.name) || below(r) {
                if let Some(a) = r.amount {
                    totals.push((
                        format!("{label} {}", norm(&r.name)),
                        fig(a, format!("{label} {}", r.name), r.line),
                    ));
                }
            }
        }
    }
    let label = label_of(doc, Role::GeneralPublic);
    for r in t.t7_units.iter().filter(|r| names.is_department(&r.name)) {
        totals.push((
            format!("{label} 合计"),
            fig(r.total, format!("{label} {}", r.name), r.line),
        ));
    }
    totals
}

/// 表7's subtotal rows (a unit's, a unit's 专项资金 block's, the department's).
fn function_units(
    names: &Names,
    rows: &[tables::T7Row],
    w: &mut Vec<Warning>,
) -> Vec<FunctionByUnit> {
    rows.iter()
        .map(|r| FunctionByUnit {
            unit: if names.is_department(&r.name) {
                names.department.clone()
            } else {
                names
                    .owner(&r.name, "表7", r.line, w)
                    .unwrap_or_else(|| r.name.clone())
            },
            table_unit: r.name.clone(),
            total: r.total,
            basic: r.basic,
            project: r.project,
            source: src(format!("表7 {} 小计", r.name), r.line),
        })
        .collect()
}

/// 表12's rows, each with the unit (or the department) it belongs to.
fn sangong_rows(
    names: &Names,
    t: &Tables,
    one_unit: bool,
    units_named: &mut Vec<String>,
    w: &mut Vec<Warning>,
) -> Vec<SangongRow> {
    let label = &t.t12_label;
    let has_total_row = t.t12.iter().any(|r| template::get().is_total(&r.unit));
    let mut rows = Vec::new();
    for r in &t.t12 {
        // No unit column, or its 合计 row: the department's own figures.
        // With a 合计 row, a row under the department's own name is its
        // 本级 unit's.
        let benji = names
            .is_department(&r.unit)
            .then(|| names.unit(&format!("{}本级", r.unit)))
            .flatten()
            .filter(|_| has_total_row);
        let unit = if let Some((u, _)) = benji {
            u
        } else if r.unit.is_empty()
            || template::get().is_total(&r.unit)
            || names.is_department(&r.unit)
        {
            names.department.clone()
        } else if let Some(u) = names.unit(&r.unit).map(|(u, _)| u) {
            u
        } else if one_unit {
            // A department shown as one unit (its tables give no unit's
            // spending apart) whose 三公 table names its units: their rows
            // are kept under the names the table gives, as named units.
            units_named.push(r.unit.clone());
            r.unit.clone()
        } else {
            let Some(unit) = names.owner(&r.unit, label, r.line, w) else {
                continue;
            };
            unit
        };
        let [total, abroad, reception, vehicles, vehicle_purchase, vehicle_operation] = r.figures;
        let who = if r.unit.is_empty() {
            &names.department
        } else {
            &r.unit
        };
        let basis = match r.basis {
            crate::schema::Basis::Budget
                if r.year != 0 && t.t12.iter().any(|x| x.basis != r.basis) =>
            {
                "预算数"
            }
            crate::schema::Basis::Final => "决算数",
            crate::schema::Basis::Budget => "",
        };
        let summed = if r.summed.is_empty() {
            String::new()
        } else {
            format!("（{} 未列，由其余各项算得）", r.summed.join("、"))
        };
        rows.push(SangongRow {
            unit,
            year: r.year,
            basis: r.basis,
            split_stated: r.split,
            total,
            abroad,
            reception,
            vehicles,
            vehicle_purchase,
            vehicle_operation,
            source: src(format!("{label} {who} {}年{basis}{summed}", r.year), r.line),
        });
    }
    rows
}
