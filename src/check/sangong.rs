//! 三公经费 (表12): items and units add up; the table agrees with part 5.

use super::{cite, cite_value, wan, Checker};
use crate::schema::{Dataset, Figure};
use rust_decimal::Decimal;

/// 三公 (表12): total = items, vehicles = purchase + operation; department = units.
pub(super) fn sangong_sums(c: &mut Checker, _di: usize, d: &Dataset) {
    for r in &d.sangong {
        let f = |v: Decimal, l: &str| wan(v, l, &r.source.place, r.source.line);
        c.sum(
            "sangong-items",
            &format!("三公 {} {}年", r.unit, r.year),
            f(r.total, "合计"),
            vec![
                f(r.abroad, "因公出国(境)费"),
                f(r.reception, "公务接待费"),
                f(r.vehicles, "公务用车购置及运行维护费"),
            ],
            None,
            false,
        );
        c.sum(
            "sangong-items",
            &format!("三公 {} {}年 公务用车", r.unit, r.year),
            f(r.vehicles, "公务用车购置及运行维护费"),
            vec![
                f(r.vehicle_purchase, "购置费"),
                f(r.vehicle_operation, "运行维护费"),
            ],
            None,
            false,
        );
    }
    let years: std::collections::BTreeSet<i32> = d.sangong.iter().map(|r| r.year).collect();
    for y in &years {
        let Some(dept) = d
            .sangong
            .iter()
            .find(|r| r.unit == d.department && r.year == *y)
        else {
            continue;
        };
        let units: Vec<_> = d
            .sangong
            .iter()
            .filter(|r| r.unit != d.department && r.year == *y)
            .collect();
        type Get = fn(&crate::schema::SangongRow) -> Decimal;
        let cols: [(&str, Get); 5] = [
            ("合计", |r| r.total),
            ("因公出国(境)费", |r| r.abroad),
            ("公务接待费", |r| r.reception),
            ("公务用车购置费", |r| r.vehicle_purchase),
            ("公务用车运行维护费", |r| r.vehicle_operation),
        ];
        for (label, get) in cols {
            let parts = units
                .iter()
                .map(|r| wan(get(r), &r.unit, &r.source.place, r.source.line))
                .collect();
            c.sum(
                "sangong-units",
                &format!("三公 {y}年 {label}：部门 = 各单位之和"),
                wan(get(dept), label, &dept.source.place, dept.source.line),
                parts,
                None,
                false,
            );
        }
    }
}

/// 三公: the table against part 5.
pub(super) fn sangong_narrative(c: &mut Checker, _di: usize, d: &Dataset) {
    let years: std::collections::BTreeSet<i32> = d.sangong.iter().map(|r| r.year).collect();
    let s = &d.sangong_text;
    let last = years.iter().max().copied();
    let first = years.iter().min().copied();
    if let (Some(y1), Some(y0)) = (last, first) {
        let row = |y: i32| {
            d.sangong
                .iter()
                .find(|r| r.unit == d.department && r.year == y)
        };
        if let (Some(a), Some(b)) = (row(y1), row(y0)) {
            let t = |v: Decimal, l: &str, r: &crate::schema::SangongRow| {
                wan(v, l, &r.source.place, r.source.line)
            };
            let pairs: [(&Option<Figure>, Decimal, &str); 9] = [
                (&s.total, a.total, "三公经费合计"),
                (&s.abroad, a.abroad, "因公出国(境)费"),
                (&s.reception, a.reception, "公务接待费"),
                (&s.vehicles, a.vehicles, "公务用车购置和运行维护费"),
                (&s.vehicle_purchase, a.vehicle_purchase, "公务用车购置费"),
                (
                    &s.vehicle_operation,
                    a.vehicle_operation,
                    "公务用车运行维护费",
                ),
                (&s.total_change, a.total - b.total, "三公经费比上年增减"),
                (
                    &s.reception_change,
                    a.reception - b.reception,
                    "公务接待费比上年增减",
                ),
                (
                    &s.vehicle_operation_change,
                    a.vehicle_operation - b.vehicle_operation,
                    "公务用车运行维护费比上年增减",
                ),
            ];
            for (stated, table, label) in pairs {
                if let Some(f) = stated {
                    let tv = t(table, &format!("表12 {label}"), a);
                    let what = format!("{label}：第五部分与表12");
                    // A change is the difference of two rounded table figures.
                    let mut b2 = tv.clone();
                    if label.contains("增减") {
                        b2.precision = 0;
                        let extra =
                            cite_value("表12 上年", table, 0, &b.source.place, b.source.line);
                        let diff = f.value - table;
                        c.judge(
                            "sangong-narrative",
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
                        c.same("sangong-narrative", &what, cite(label, f), tv, None);
                    }
                }
            }
        }
    }
}
