//! Part 1: the department's staff and vehicle counts are its units' (exact).

use super::{cite_value, Checker, Cited, Rule};
use crate::schema::Dataset;
use rust_decimal::Decimal;

/// Staffing and vehicles: the department's counts are the units' sums (exact).
pub(super) fn staffing(c: &mut Checker, _di: usize, d: &Dataset) {
    let st = &d.staff;
    let units: Vec<&crate::schema::Staffing> =
        d.units.iter().filter_map(|u| u.staffing.as_ref()).collect();
    if !units.is_empty() {
        let place = st.source.clone().unwrap_or_default();
        type G = fn(&crate::schema::Staffing) -> Option<u32>;
        let admin = |s: &crate::schema::Staffing| s.establishment_kind == "行政";
        let rows: [(&str, Option<u32>, G, Option<bool>); 9] = [
            (
                "行政编制",
                st.admin_establishment,
                |s| s.establishment,
                Some(true),
            ),
            ("行政实有在编", st.admin_actual, |s| s.actual, Some(true)),
            (
                "事业编制",
                st.public_establishment,
                |s| s.establishment,
                Some(false),
            ),
            ("事业实有在编", st.public_actual, |s| s.actual, Some(false)),
            ("离休", st.retired_cadres, |s| s.retired_cadres, None),
            ("退休", st.retirees, |s| s.retirees, None),
            ("雇员", st.employees, |s| s.employees, None),
            ("公务用车", st.vehicles, |s| s.vehicles, None),
            (
                "定编车辆",
                st.vehicles_established,
                |s| s.vehicles_established,
                None,
            ),
        ];
        for (label, total, get, kind) in rows {
            let Some(total) = total else { continue };
            let parts: Vec<Cited> = units
                .iter()
                .filter(|s| kind.is_none_or(|k| admin(s) == k))
                .filter_map(|s| {
                    get(s).map(|v| {
                        cite_value(label, Decimal::from(v), 0, &s.source.place, s.source.line)
                    })
                })
                .collect();
            c.sum(
                Rule::StaffSums,
                &format!("第一部分 {label}：部门 = 各单位之和"),
                cite_value(label, Decimal::from(total), 0, &place.place, place.line),
                parts,
                None,
                true,
            );
        }
    }
}
