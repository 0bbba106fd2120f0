//! Part 3's units (or the tables' units), each with its total, its
//! categories and projects, and 表13, 表15 and 表14 attached.

use super::projects::{attach_sub_items, attach_t13, attach_t14, attach_t15, dedupe_names};
use super::sections::staffing;
use super::{fig, nar, BTreeMap, Entry, Names, Para, T13Row, T15Sheet, Tables, Unit, Warning};

/// Part 3's units, with 表13, 表15 and 表14 attached and names made unique.
pub(super) fn units(
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
