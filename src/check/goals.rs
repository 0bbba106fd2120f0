//! 表14 against the projects: a unit's tasks other than its 基本支出事项 are
//! its project spending, and should add up to its projects as 表15 (or 表13,
//! or part 3) states them — the cause the department-level total points to.

use super::{cite_value, unit_node, Checker, Cited, Rule};
use crate::model::Kind;
use crate::schema::{category, role, Dataset};

/// The 表14 task that is the unit's basic spending, not a project.
const BASIC_TASK: &str = "基本支出事项";

pub(super) fn goals_vs_projects(c: &mut Checker, di: usize, d: &Dataset) {
    let model = c.model;
    let (l13, l14, l15) = (
        d.label(role::PROJECTS),
        d.label(role::UNIT_GOALS),
        d.label(role::PROJECT_GOALS),
    );
    for u in &d.units {
        let Some(g) = &u.goals else { continue };
        let tasks: Vec<Cited> = g
            .tasks
            .iter()
            .filter(|t| t.name != BASIC_TASK)
            .map(|t| {
                cite_value(
                    format!("{l14} 任务 {}", t.name),
                    t.amount.value,
                    t.amount.precision,
                    &t.amount.source.place,
                    t.amount.source.line,
                )
            })
            .collect();
        let Some(unit) = unit_node(c, di, &u.name) else {
            continue;
        };
        let Some(projects) = model
            .node(unit)
            .children
            .iter()
            .copied()
            .find(|k| model.node(*k).name == category::PROJECTS)
        else {
            continue;
        };
        if tasks.is_empty() || model.node(projects).kind != Kind::Category {
            continue;
        }
        let lines: Vec<Cited> = model
            .node(projects)
            .children
            .iter()
            .map(|p| c.node_cited(*p))
            .collect();
        let task_total = crate::money::sum(tasks.iter().map(|t| t.value));
        let line_total = crate::money::sum(lines.iter().map(|l| l.value));
        let diff = task_total - line_total;
        let message = format!(
            "{}：{l14} 项目任务之和 {}，各项目（{l15}/{l13}/第三部分）之和 {}（相差 {}）",
            u.name,
            task_total.normalize(),
            line_total.normalize(),
            diff.normalize()
        );
        let mut figs = tasks;
        figs.extend(lines);
        c.judge(
            Rule::GoalsVsProjects,
            message,
            figs,
            diff,
            false,
            Some(projects),
        );
    }
}
