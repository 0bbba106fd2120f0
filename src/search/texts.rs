//! The texts search reads beyond a line's name: what it is for, its
//! performance goals and indicators (表14, 表15), and for the department the
//! narrative's named figures — each with where it stands, so a hit can say
//! where it matched.

use crate::model::{Kind, Model, NodeId, View};
use crate::money::{self, Unit};
use std::borrow::Cow;

/// Where a search hit matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Found {
    /// The line's name (or its code).
    Name,
    /// What the line is for: part 3's 主要用于, 表15's 项目概况 and 项目用途.
    Purpose,
    /// Goals and tasks: 表15's 年度目标 and 中期目标, 表14's 任务 and 总体目标.
    Goal,
    /// A performance indicator's name (表14, 表15).
    Indicator,
    /// The narrative: 机关运行经费, 国有资产, 政府采购, the reasons for the
    /// change, the 三公 items of the department.
    Narrative,
}

impl Found {
    /// As a hit says it.
    pub fn label(self) -> &'static str {
        match self {
            Found::Name => "名称",
            Found::Purpose => "用途",
            Found::Goal => "绩效目标",
            Found::Indicator => "绩效指标",
            Found::Narrative => "说明",
        }
    }

    /// Two characters, for a column of hits: 名称 用途 目标 指标 说明.
    pub fn short(self) -> &'static str {
        match self {
            Found::Name => "名称",
            Found::Purpose => "用途",
            Found::Goal => "目标",
            Found::Indicator => "指标",
            Found::Narrative => "说明",
        }
    }

    /// Its id in JSON (`find --json`).
    pub fn as_str(self) -> &'static str {
        match self {
            Found::Name => "name",
            Found::Purpose => "purpose",
            Found::Goal => "goal",
            Found::Indicator => "indicator",
            Found::Narrative => "narrative",
        }
    }
}

/// Every text kept of a node besides its name, each with its field, in the
/// order a reader meets them (what it is for first). Empty texts left out.
pub fn node_texts<'a>(model: &'a Model, id: NodeId) -> Vec<(Found, Cow<'a, str>)> {
    let n = model.node(id);
    let mut out: Vec<(Found, Cow<'a, str>)> = Vec::new();
    let mut push = |f: Found, t: Cow<'a, str>| {
        if !t.trim().is_empty() {
            out.push((f, t));
        }
    };
    // The 三公 lines' purposes are the explorer's own words for them.
    let purpose_field = if n.view == View::Sangong {
        Found::Narrative
    } else {
        Found::Purpose
    };
    push(purpose_field, Cow::Borrowed(&*n.purpose));
    if let Some(s) = n.sheet() {
        for t in [&s.overview, &s.usage, &s.fund_use] {
            if t.as_str() != &*n.purpose {
                push(Found::Purpose, Cow::Borrowed(t.as_str()));
            }
        }
        push(Found::Goal, Cow::Borrowed(s.medium_goal.as_str()));
        push(Found::Goal, Cow::Borrowed(s.annual_goal.as_str()));
        for i in &s.indicators {
            push(Found::Indicator, Cow::Borrowed(i.name.as_str()));
        }
    }
    if n.kind == Kind::Unit {
        if let Some((_, u)) = model.unit_record(id) {
            if let Some(g) = &u.goals {
                for t in &g.tasks {
                    push(
                        Found::Goal,
                        Cow::Owned(format!("{}：{}", t.name, t.content)),
                    );
                }
                push(Found::Goal, Cow::Borrowed(g.overall_goal.as_str()));
                for i in &g.indicators {
                    push(Found::Indicator, Cow::Borrowed(i.name.as_str()));
                }
            }
        }
    }
    if n.kind == Kind::Department {
        for t in department(model, id) {
            push(Found::Narrative, Cow::Owned(t));
        }
    }
    out
}

/// The department's narrative, as its figures are named: 机关运行经费,
/// 国有资产占有使用情况, 政府采购, the reasons for the change; in the 三公
/// view, its own 三公 items with both years.
fn department(model: &Model, id: NodeId) -> Vec<String> {
    let Some(d) = model.dataset(id) else {
        return Vec::new();
    };
    let wan = |v| money::format(v, Unit::Wan);
    let mut out = Vec::new();
    match model.node(id).view {
        View::Unit => {
            if let Some(r) = &d.other.running_costs {
                out.push(format!(
                    "机关运行经费 {} 万元：{}",
                    wan(r.value),
                    d.other.running_costs_text
                ));
            }
            if !d.other.assets_text.is_empty() {
                out.push(format!(
                    "国有资产占有使用情况：{}",
                    d.other.assets_text.join("")
                ));
            }
            out.extend(d.other.other_text.iter().cloned());
            out.extend(d.overall.reasons.iter().map(|r| format!("增减原因：{r}")));
            out.extend(d.stated.iter().map(|s| s.label.clone()));
        }
        View::Money => {
            if let Some(t) = &d.procurement.total {
                out.push(format!("政府采购 合计 {} 万元（第四部分）", wan(t.value)));
            }
        }
        View::Sangong => {
            if let Some((y0, y1, lines)) = crate::model::sangong::sangong(d) {
                if let Some(l) = lines.iter().find(|l| l.is_department) {
                    for item in crate::model::sangong::items(l.split()) {
                        out.push(format!(
                            "{} {y1} {}，{y0} {}（部门合计）",
                            item.label(),
                            wan(l.after.get(item)),
                            wan(l.before.get(item))
                        ));
                    }
                }
            }
        }
        View::Function => {}
    }
    out
}
