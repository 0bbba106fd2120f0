//! Projects: part 3's list matched with 表13, 表15 and 表14; sub-items; names made unique.

use super::{
    fig, fig_yuan, match_key, money, nar, norm, src, tables, BTreeMap, Decimal, Entry, Funding,
    GoalTask, Indicator, ProjectSheet, T13Row, T15Sheet, Unit, UnitGoals, Warning,
};
use crate::schema::category;

/// A project of part 3's list, as 表13 and 表15 are matched to it.
pub(super) struct Candidate {
    pub(super) name: String,
    pub(super) amount: Decimal,
    /// Already matched to a row of the table being attached.
    pub(super) taken: bool,
}

/// Find the entry among `candidates` that `name` means: the same key, else one
/// key that starts with the other; among several, the closest in amount.
pub(super) fn find_match(
    candidates: &[Candidate],
    name: &str,
    amount: Option<Decimal>,
) -> Option<usize> {
    let key = match_key(name);
    let pick = |ids: Vec<usize>| -> Option<usize> {
        ids.into_iter().min_by_key(|&i| match amount {
            Some(a) => (candidates[i].amount - a).abs(),
            None => Decimal::ZERO,
        })
    };
    let exact: Vec<usize> = (0..candidates.len())
        .filter(|&i| !candidates[i].taken && match_key(&candidates[i].name) == key)
        .collect();
    if !exact.is_empty() {
        return pick(exact);
    }
    let prefix: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            let k = match_key(&candidates[i].name);
            !candidates[i].taken
                && !k.is_empty()
                && !key.is_empty()
                && (k.starts_with(&key) || key.starts_with(&k))
        })
        .collect();
    pick(prefix)
}

pub(super) fn project_list(unit: &Unit) -> Vec<Candidate> {
    unit.categories
        .iter()
        .filter(|c| c.name == category::PROJECTS)
        .flat_map(|c| c.children.iter())
        .map(|p| Candidate {
            name: p.name.clone(),
            amount: p.figures[0].value,
            taken: false,
        })
        .collect()
}

pub(super) fn project_mut(unit: &mut Unit, i: usize) -> &mut Entry {
    unit.categories
        .iter_mut()
        .filter(|c| c.name == category::PROJECTS)
        .flat_map(|c| c.children.iter_mut())
        .nth(i)
        .expect("index from project_list")
}

pub(super) fn attach_t13(unit: &mut Unit, label: &str, rows: Vec<T13Row>, w: &mut Vec<Warning>) {
    let mut list = project_list(unit);
    let has_projects = !list.is_empty();
    // A unit whose tables give its total alone (a 收入总表 by unit): its
    // projects are its 项目支出, stated as their sum.
    let no_split = !unit.categories.iter().any(|c| c.name == category::PROJECTS);
    if no_split && !rows.is_empty() {
        let sum = money::sum(rows.iter().map(|r| r.total));
        let line = rows.first().map_or(0, |r| r.line);
        unit.categories.push(Entry::leaf(
            category::PROJECTS,
            vec![fig(sum, format!("{label} {} 各项目之和", unit.name), line)],
        ));
    }
    for r in rows {
        let who = if r.unit.is_empty() {
            &unit.name
        } else {
            &r.unit
        };
        let place = format!("{label} {who} {}", r.project);
        let funding = match (r.fiscal, r.other) {
            (Some(fiscal), Some(other)) => Some(Funding {
                fiscal,
                other,
                source: src(place.clone(), r.line),
            }),
            _ => None,
        };
        match find_match(&list, &r.project, Some(r.total)) {
            Some(i) if has_projects => {
                list[i].taken = true;
                let p = project_mut(unit, i);
                p.figures.push(fig(r.total, place, r.line));
                p.funding = funding.map(Box::new);
                p.period = r.period;
            }
            _ => {
                // A unit whose 项目支出 part 3 does not break down: 表13 names its projects.
                match unit
                    .categories
                    .iter_mut()
                    .find(|c| c.name == category::PROJECTS)
                {
                    Some(cat) if !has_projects => cat.children.push(Entry {
                        funding: funding.map(Box::new),
                        period: r.period,
                        ..Entry::leaf(r.project.clone(), vec![fig(r.total, place, r.line)])
                    }),
                    _ => w.push(Warning::new(
                        r.line,
                        format!(
                            "{label}: project {:?} ({}) of {} matches no project the narrative names",
                            r.project, r.total, unit.name
                        ),
                    )),
                }
            }
        }
    }
    // A project added from 表13 takes the category's text as its purpose when it is the only one.
    if !has_projects {
        if let Some(cat) = unit
            .categories
            .iter_mut()
            .find(|c| c.name == category::PROJECTS)
        {
            if cat.children.len() == 1 && cat.children[0].purpose.is_empty() {
                cat.children[0].purpose.clone_from(&cat.purpose);
            }
        }
    }
}

pub(super) fn sheet_of(s: &T15Sheet) -> ProjectSheet {
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
        asset_source: s.asset_yuan.map(|_| {
            src(
                format!("表15 {} 固定资产采购金额（元）", s.name),
                s.asset_line,
            )
        }),
        asset_items: s.asset_items.clone(),
        overview: s.overview.clone(),
        usage: s.usage.clone(),
        medium_goal: s.medium_goal.clone(),
        annual_goal: s.annual_goal.clone(),
        indicators: indicators(&s.indicators, &format!("表15 {} 绩效指标", s.name)),
    }
}

pub(super) fn sheet_entry(s: &T15Sheet) -> Entry {
    let mut e = Entry {
        purpose: s.usage.clone(),
        sheet: Some(Box::new(sheet_of(s))),
        ..Entry::leaf(s.name.clone(), Vec::new())
    };
    apply_sheet_figures(&mut e, s);
    e
}

pub(super) fn apply_sheet_figures(e: &mut Entry, s: &T15Sheet) {
    if let Some(y) = s.year_yuan.or(s.total_yuan) {
        e.figures.push(fig_yuan(
            y,
            format!("表15 {} 本年度项目金额（元）", s.name),
            s.amount_line,
        ));
    }
    if let Some(f) = s.fiscal_yuan {
        // 表13's split, when it gave one, stays beside the sheet's.
        e.funding_t13 = e.funding.take();
        e.funding = Some(Box::new(Funding {
            fiscal: money::yuan_to_wan(f),
            other: money::yuan_to_wan(s.other_yuan.unwrap_or_default()),
            source: src(
                format!("表15 {} 财政拨款资金 / 其他资金（元）", s.name),
                s.funding_line,
            ),
        }));
    }
}

pub(super) fn attach_t15(unit: &mut Unit, sheets: Vec<T15Sheet>, leftovers: &mut Vec<T15Sheet>) {
    let mut list = project_list(unit);
    let mut unmatched = Vec::new();
    for s in sheets {
        let amount = s.year_yuan.or(s.total_yuan).map(money::yuan_to_wan);
        match find_match(&list, &s.name, amount) {
            Some(i) => {
                list[i].taken = true;
                let p = project_mut(unit, i);
                apply_sheet_figures(p, &s);
                p.sheet = Some(Box::new(sheet_of(&s)));
            }
            None => unmatched.push(s),
        }
    }
    // One project left without a sheet, and sheets left without a project
    // (this unit's, and those of units outside the department's list) that add
    // up to it: they are its breakdown (本级's 政府投资项目 into its six projects).
    let open: Vec<usize> = (0..list.len()).filter(|&i| !list[i].taken).collect();
    if open.len() == 1 && !unmatched.is_empty() {
        let target = list[open[0]].amount;
        let pool: Vec<T15Sheet> = unmatched.drain(..).chain(leftovers.drain(..)).collect();
        let sum = money::sum(
            pool.iter()
                .filter_map(|s| s.year_yuan.or(s.total_yuan))
                .map(money::yuan_to_wan),
        );
        let own = money::sum(
            pool.iter()
                .filter(|s| s.unit == unit.full_name)
                .filter_map(|s| s.year_yuan.or(s.total_yuan))
                .map(money::yuan_to_wan),
        );
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

pub(super) fn attach_t14(unit: &mut Unit, sheet: &tables::T14Sheet, w: &mut Vec<Warning>) {
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
            .filter(|&i| match_key(&list[i].name) == key)
            .collect();
        if same.len() == 1 {
            let task = fig(*total, place.clone(), *line);
            let p = project_mut(unit, same[0]);
            let best = crate::schema::most_precise(&p.figures).cloned();
            let same_quantity = best.is_some_and(|b| {
                (b.value - task.value).abs()
                    <= crate::money::half_unit(b.precision)
                        + crate::money::half_unit(task.precision)
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
    goals.indicators = indicators(&sheet.indicators, &format!("表14 {} 绩效指标", sheet.unit));
    unit.goals = Some(goals);
}

/// Sub-items a project's own text names with amounts that add up to it.
pub(super) fn attach_sub_items(unit: &mut Unit, w: &mut Vec<Warning>) {
    for cat in unit
        .categories
        .iter_mut()
        .filter(|c| c.name == category::PROJECTS)
    {
        for p in cat.children.iter_mut().filter(|p| p.children.is_empty()) {
            let items = nar::sub_items(&p.purpose);
            if items.len() < 2 {
                continue;
            }
            let stated = p.figures[0].value;
            let sum: Decimal = crate::money::sum(items.iter().map(|(_, v)| *v));
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
pub(super) fn dedupe_names(entries: &mut [Entry], parent: &str, w: &mut Vec<Warning>) {
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for e in entries.iter_mut() {
        let n = seen.entry(e.name.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let new = format!("{}（{}）", e.name, n);
            w.push(Warning::new(
                e.figures.first().map_or(0, |f| f.source.line),
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

/// Indicator rows as read, with their place in the document.
fn indicators(rows: &[tables::IndicatorRow], place: &str) -> Vec<Indicator> {
    rows.iter()
        .map(|i| Indicator {
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            name: i.name.clone(),
            target: i.target.clone(),
            basis: i.basis.clone(),
            source: src(place, i.line),
        })
        .collect()
}
