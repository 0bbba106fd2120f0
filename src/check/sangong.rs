//! 三公经费 (表12): items and units add up; the table agrees with part 5.

use super::{cite, cite_value, wan, Checker, Rule};
use crate::schema::{Basis, Dataset, SangongItem, SangongRow};

/// A row's column, as findings name it: `2020年`, `2020年决算数`.
fn column(r: &SangongRow) -> String {
    match r.basis {
        Basis::Budget if r.year != 0 => format!("{}年", r.year),
        Basis::Budget => String::new(),
        Basis::Final => format!("{}年决算数", r.year),
    }
}
use std::collections::BTreeSet;

/// 三公 (表12): each sum the table states (total = items, vehicles =
/// purchase + operation); department = units, item by item.
pub(super) fn sangong_sums(c: &mut Checker, _di: usize, d: &Dataset) {
    for r in &d.sangong {
        let f = |i: SangongItem| wan(i.of(r), i.label(), &r.source.place, r.source.line);
        let col = column(r);
        for sum in [SangongItem::Total, SangongItem::Vehicles] {
            // A table that does not split 公务用车 has no sum to check there.
            if sum == SangongItem::Vehicles && !r.split_stated {
                continue;
            }
            let what = if sum == SangongItem::Total {
                format!("三公 {} {col}", r.unit)
            } else {
                format!("三公 {} {col} 公务用车", r.unit)
            };
            let parts = sum.parts().iter().map(|p| f(*p)).collect();
            c.sum(Rule::SangongItems, &what, f(sum), parts, None, false);
        }
    }
    let columns: BTreeSet<(i32, Basis)> = d.sangong.iter().map(|r| (r.year, r.basis)).collect();
    for (y, basis) in &columns {
        let at = |r: &&SangongRow| r.year == *y && r.basis == *basis;
        let Some(dept) = d.sangong.iter().filter(at).find(|r| r.unit == d.department) else {
            continue;
        };
        let units: Vec<_> = d
            .sangong
            .iter()
            .filter(at)
            .filter(|r| r.unit != d.department)
            .collect();
        // A table of the department's row alone has no units to add up.
        if units.is_empty() {
            continue;
        }
        let col = column(dept);
        for item in SangongItem::SHOWN {
            if !dept.split_stated
                && matches!(
                    item,
                    SangongItem::VehiclePurchase | SangongItem::VehicleOperation
                )
            {
                continue;
            }
            let label = item.label();
            let parts = units
                .iter()
                .map(|r| wan(item.of(r), &r.unit, &r.source.place, r.source.line))
                .collect();
            c.sum(
                Rule::SangongUnits,
                &format!("三公 {col} {label}：部门 = 各单位之和"),
                wan(item.of(dept), label, &dept.source.place, dept.source.line),
                parts,
                None,
                false,
            );
        }
    }
}

/// 三公: the table against part 5.
pub(super) fn sangong_narrative(c: &mut Checker, _di: usize, d: &Dataset) {
    // The narrative speaks of the last column (a 决算's 决算数) against the first.
    let columns: BTreeSet<(i32, Basis)> = d.sangong.iter().map(|r| (r.year, r.basis)).collect();
    let (Some(&y0), Some(&y1)) = (columns.first(), columns.last()) else {
        return;
    };
    let row = |(y, b): (i32, Basis)| {
        d.sangong
            .iter()
            .find(|r| r.unit == d.department && r.year == y && r.basis == b)
    };
    let (Some(a), Some(b)) = (row(y1), row(y0)) else {
        return;
    };
    let l12 = d.label(crate::schema::role::SANGONG);
    for stated in d.sangong_text.stated() {
        let Some(f) = stated.figure else {
            continue;
        };
        let label = stated.label;
        let (ia, ib) = (stated.item.of(a), stated.item.of(b));
        let table = if stated.change { ia - ib } else { ia };
        let tv = wan(
            table,
            &format!("{l12} {label}"),
            &a.source.place,
            a.source.line,
        );
        let what = format!("{label}：第五部分与{l12}");
        if stated.change {
            // A change is the difference of two rounded table figures.
            let mut b2 = tv.clone();
            b2.precision = 0;
            let extra = cite_value(
                format!("{l12} 上年"),
                table,
                0,
                &b.source.place,
                b.source.line,
            );
            let diff = f.value - table;
            c.judge(
                Rule::SangongNarrative,
                format!(
                    "{what}：文中为 {}，表中为 {}",
                    f.value.normalize(),
                    table.normalize()
                ),
                vec![cite(label, f), b2, extra],
                diff,
                false,
                None,
            );
        } else {
            c.same(Rule::SangongNarrative, &what, cite(label, f), tv, None);
        }
    }
}
