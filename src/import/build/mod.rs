//! Putting the pieces together: units from part 3, matched with the tables.
//!
//! `sections` reads the narrative's parts, `projects` attaches 表13, 表14 and
//! 表15 to part 3's projects, `functions` builds the 科目 tree, `lines` the
//! income and procurement lines.
//!
//! `names` knows the names units go by, `units` puts each unit together
//! with what the tables say of it, `by_unit` gives the by-unit tables' rows
//! their units.

mod by_unit;
mod from_tables;
mod functions;
mod lines;
mod names;
mod projects;
mod sections;
pub(super) mod title;
mod units;

use by_unit::{function_units, sangong_rows, spending_rows, table_totals};
use functions::functions;
use lines::{income_lines, procurement};
use names::Names;
use sections::{other, overall, sangong_text, section_text, staff_totals, stated};
use units::units;

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
    let year = (title.year, title.kind == crate::schema::DocKind::Final);
    let mut t = Tables::read(doc, &reads, year, &mut w);
    let (units_text, mut units_named, from_narrative) =
        unit_texts(&set, doc, &title.department, &reads, &paras, &mut w)?;
    let names = Names::new(&title.department, &short_name, &units_text);
    let units = units(&names, &units_text, &paras, &mut t, &mut w);
    if !from_narrative {
        own_unit_rows(&title.department, &units_text, &mut t.t3);
    }
    let spending = spending_rows(&names, &label_of(doc, Role::Spending), &t.t3, &mut w);
    let functions = function_tree(&names, &t, &reads, &mut w);
    let mut table_totals = table_totals(&names, &t, doc);
    if !from_narrative {
        table_totals.extend(from_tables::spending_totals(&reads));
    }
    let income = income_lines(&t.t1, &label_of(doc, Role::Summary), &mut w);
    let fiscal_income = income_lines(&t.t6, &label_of(doc, Role::FiscalSummary), &mut w);
    let function_units = function_units(&names, &t.t7_units, &mut w);
    let procurement = procurement(
        &names,
        &label_of(doc, Role::Procurement),
        &title.department,
        &t.t11,
        &paras,
        &mut w,
    );
    let sangong = sangong_rows(&names, &t, units.len() == 1, &mut units_named, &mut w);
    units_named.dedup();
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
        tables: from_tables::kept(&reads, &|r| kept_as_printed(r, from_narrative)),
        tables_seen: from_tables::seen(doc, &reads),
        origin: crate::schema::Origin::default(),
    };
    if !from_narrative {
        national_narrative(&mut dataset, &paras);
    }
    Ok((dataset, w))
}

/// The units' texts, the units the tables name, and whether the units come
/// from the narrative: Shenzhen's part 3 breaks the spending down by unit;
/// else the tables do.
fn unit_texts(
    set: &str,
    doc: &Document,
    department: &str,
    reads: &[from_tables::Read],
    paras: &[Para],
    w: &mut Vec<Warning>,
) -> Result<(Vec<nar::UnitText>, Vec<String>, bool), ImportError> {
    let part3 = if set == "shenzhen" {
        nar::part3(paras, w)
    } else {
        Vec::new()
    };
    if part3.is_empty() {
        let (text, named) = from_tables::units(department, reads, &doc.unknown, paras, w)?;
        Ok((text, named, false))
    } else {
        Ok((part3, Vec::new(), true))
    }
}

/// The 本级 unit printed under the department's own name (named 本级 among
/// the units): its 表3 row is the unit's, not the department's.
fn own_unit_rows(department: &str, units_text: &[nar::UnitText], t3: &mut [tables::T3Row]) {
    let benji = format!("{department}本级");
    if units_text.iter().any(|u| u.name == benji) {
        for r in t3.iter_mut().filter(|r| r.name == department) {
            r.name.clone_from(&benji);
        }
    }
}

/// The 科目 tree: Shenzhen's 表7 gives codes and 表1/表6 the all-funds and
/// 财政拨款 figures by name; other tables print their codes.
fn function_tree(
    names: &Names,
    t: &Tables,
    reads: &[from_tables::Read],
    w: &mut Vec<Warning>,
) -> Vec<Function> {
    if t.t7_codes.is_empty() {
        from_tables::functions(names, reads, w)
    } else {
        functions(names, &t.t1, &t.t6, &t.t7_codes, w)
    }
}

/// Whether a table of this role is kept as printed: what the importer does
/// not make lines of.
fn kept_as_printed(r: Role, from_narrative: bool) -> bool {
    template::get().table(r).is_some_and(|s| s.keep)
        && (!from_narrative
            || matches!(
                r,
                Role::Income | Role::BasicEconomic | Role::GovFund | Role::StateCapital
            ))
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
