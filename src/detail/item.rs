//! A sub-item's detail: what it is for and how it is measured are its
//! project's (表15 has one sheet per project), said plainly as such.

use super::{field, indicators};
use crate::model::{Kind, Model, NodeId};
use crate::money::{self, Unit};
use crate::schema::role;

/// A sub-item (a project's 其中 line): its project's purpose, goal and
/// indicators, headed as the project's, with the indicators that name the
/// sub-item's words first.
pub(super) fn project_of_item(
    model: &Model,
    id: NodeId,
    unit: Unit,
    w: usize,
    out: &mut Vec<String>,
) {
    let n = model.node(id);
    if n.kind != Kind::Item || !n.purpose.is_empty() || n.sheet().is_some() {
        return;
    }
    let Some(p) = n.parent.filter(|p| model.node(*p).kind == Kind::Project) else {
        return;
    };
    let project = model.node(p);
    out.push(String::new());
    out.push(format!(
        "【所属项目 {}（{} {}）：以下用途与绩效指标是整个项目的，文中没有单列本子项的】",
        project.name,
        money::format(project.amount, unit),
        unit.label()
    ));
    if !project.purpose.is_empty() {
        field(out, "项目用途", &project.purpose, w);
    }
    let Some(s) = project.sheet() else {
        field(out, "绩效指标", "所属项目没有绩效目标表", w);
        return;
    };
    if !s.annual_goal.is_empty() {
        field(out, "项目目标", &s.annual_goal, w);
    }
    // The indicators that name the sub-item's words (four characters in a
    // row of its name), first.
    let name: Vec<char> = n.name.chars().collect();
    let names_it = |text: &str| {
        name.windows(4.min(name.len()))
            .any(|k| text.contains(&k.iter().collect::<String>()))
    };
    let (mine, rest): (Vec<_>, Vec<_>) = s
        .indicators
        .iter()
        .cloned()
        .partition(|i| names_it(&i.name));
    if !mine.is_empty() {
        let names: Vec<&str> = mine.iter().map(|i| i.name.as_str()).collect();
        field(out, "相关指标", &names.join("；"), w);
    }
    let t15 = model
        .dataset(id)
        .map_or_else(|| "表15".into(), |d| d.table_scope(role::PROJECT_GOALS));
    let all: Vec<_> = mine.into_iter().chain(rest).collect();
    indicators(
        out,
        &format!("所属项目 {} 的绩效指标（{t15}）", project.name),
        &all,
        true,
        w,
    );
}
