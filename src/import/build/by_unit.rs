//! The tables' rows by unit, each given the unit (or the department) it
//! belongs to: 表3's spending, 表7's subtotals and 表12's 三公 rows; and
//! the totals 表1, 表6 and 表7 state.

use super::sections::{after_totals, is_total_row};
use super::{
    fig, label_of, norm, src, tables, template, Document, Figure, FunctionByUnit, Names, Role,
    SangongRow, SpendingRow, Tables, Warning,
};

/// 表3's rows, each with the unit it belongs to.
pub(super) fn spending_rows(
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
pub(super) fn table_totals(names: &Names, t: &Tables, doc: &Document) -> Vec<(String, Figure)> {
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
pub(super) fn function_units(
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
pub(super) fn sangong_rows(
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
