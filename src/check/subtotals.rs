//! Subtotals the tables state beside their rows: 表7's row per unit (and per
//! unit's 专项资金 block) and its 合计 row, 表6's 本年收入合计, and the two
//! 财政拨款 / 其他资金 splits of a project (表13 and 表15).

use super::{cite, wan, Checker, Cited, Rule};
use crate::model::{Kind, NodeId, View};
use crate::schema::{role, Dataset, FunctionByUnit};
use rust_decimal::Decimal;

/// The department's node in a view of dataset `di`.
fn department(c: &Checker, di: usize, view: View) -> Option<NodeId> {
    c.ids_of(di).iter().copied().find(|id| {
        let n = c.model.node(*id);
        n.kind == Kind::Department && n.view == view
    })
}

type Column = fn(&FunctionByUnit) -> Decimal;
const COLUMNS: [(&str, Column); 3] = [
    ("合计", |r| r.total),
    ("基本支出", |r| r.basic),
    ("项目支出", |r| r.project),
];

/// 表7: each unit's subtotal row against its 科目 rows, and the 合计 row
/// against the unit rows, column by column.
pub(super) fn table7_subtotals(c: &mut Checker, di: usize, d: &Dataset) {
    let node = department(c, di, View::Function);
    let t7 = d.label(role::GENERAL_PUBLIC);
    for sub in &d.function_units {
        let parts = d.subtotal_parts(sub);
        if parts.is_empty() {
            continue;
        }
        for (label, get) in COLUMNS {
            let stated = wan(
                get(sub),
                &format!("{t7} {} {label}", sub.table_unit),
                &sub.source.place,
                sub.source.line,
            );
            let children: Vec<Cited> = parts
                .iter()
                .map(|r| wan(get(r), &r.table_unit, &r.source.place, r.source.line))
                .collect();
            let what = if sub.unit == d.department {
                format!("{t7} 合计行 {label} 与各单位小计")
            } else {
                format!("{t7} {} {label} 与其科目行", sub.table_unit)
            };
            c.sum(Rule::Table7Subtotal, &what, stated, children, node, false);
        }
    }
}

/// 表6: the 收入 lines above 本年收入合计 add up to it.
pub(super) fn table6_income(c: &mut Checker, di: usize, d: &Dataset) {
    let key = format!("{} 本年收入合计", d.label(role::FISCAL_SUMMARY));
    let Some((_, total)) = d.table_totals.iter().find(|(k, _)| *k == key) else {
        return;
    };
    // The lines above the total: a 决算's 年初结转和结余 below it is not part
    // of the year's income.
    let above = |l: &&crate::schema::Line| {
        total.source.line == 0
            || l.amount.source.line == 0
            || l.amount.source.line < total.source.line
    };
    let top: Vec<Cited> = d
        .fiscal_income
        .iter()
        .filter(above)
        .filter(|l| !l.children.is_empty() || l.amount.value > Decimal::ZERO)
        .map(|l| cite(l.name.clone(), &l.amount))
        .collect();
    if top.is_empty() {
        return;
    }
    let node = department(c, di, View::Money);
    c.sum(
        Rule::Table6Income,
        &format!("{key} 与各收入行"),
        cite(key.clone(), total),
        top,
        node,
        false,
    );
}

/// A project whose 表13 split (一般公共预算拨款 / 其他资金) differs from its
/// sheet's (表15 财政拨款资金 / 其他资金): a node holds the sheet's split first,
/// then 表13's.
pub(super) fn funding_splits(c: &mut Checker, di: usize, d: &Dataset) {
    let model = c.model;
    let (l13, l15) = (d.label(role::PROJECTS), d.label(role::PROJECT_GOALS));
    for &id in c.ids_of(di) {
        let n = model.node(id);
        let [sheet, t13] = n.funding() else {
            continue;
        };
        let mut up = n.parent;
        while let Some(p) = up.filter(|p| model.node(*p).kind != Kind::Unit) {
            up = model.node(p).parent;
        }
        let unit = up.map_or("", |p| model.node(p).name.as_str());
        for (label, a, b) in [
            ("财政拨款", t13.fiscal, sheet.fiscal),
            ("其他资金", t13.other, sheet.other),
        ] {
            c.same(
                Rule::FundingSplits,
                &format!("{unit} {} {label}", n.name),
                wan(
                    a,
                    &format!("{l13} {label}"),
                    &t13.source.place,
                    t13.source.line,
                ),
                super::cite_value(
                    format!("{l15} {label}"),
                    b,
                    4,
                    &sheet.source.place,
                    sheet.source.line,
                ),
                Some(id),
            );
        }
    }
}
