//! Everything known about one node, as lines of text: the TUI's detail pane
//! and `yusuan show` print the same thing. Headings are lines starting `【`.

mod department;
mod item;
mod unit;

use crate::compare::{Status, Timeline};
use crate::model::{Kind, Model, NodeId};
use crate::money::{self, Unit};
use crate::schema::{role, Indicator};
use crate::table::{Align, Table};
use crate::views;
use crate::width::{pad_right, wrap};
use std::fmt::Write as _;

fn field(out: &mut Vec<String>, label: &str, value: &str, w: usize) {
    let lw = 8;
    let first = format!("{} ", pad_right(label, lw));
    let body = wrap(value, w.saturating_sub(lw + 1).max(8));
    for (i, l) in body.into_iter().enumerate() {
        if i == 0 {
            out.push(format!("{first}{l}"));
        } else {
            out.push(format!("{}{l}", " ".repeat(lw + 1)));
        }
    }
}

fn indicators(out: &mut Vec<String>, title: &str, list: &[Indicator], with_basis: bool, w: usize) {
    if list.is_empty() {
        return;
    }
    out.push(String::new());
    out.push(format!("【{title}】"));
    let cols = if with_basis { 5 } else { 4 };
    let mut t = Table::new(&[Align::Left; 5][..cols]);
    t.push_strs(&["一级", "二级", "指标", "目标值", "来源"][..cols]);
    for i in list {
        t.push_strs(&[i.level1.as_str(), &i.level2, &i.name, &i.target, &i.basis][..cols]);
    }
    out.extend(t.lines_wrapped(w));
}

/// The years compared, when several are open: the lines followed across
/// them, and the two compared (indices into the model's years).
pub type Years<'a> = Option<(&'a Timeline, usize, usize)>;

/// The detail of `id`, wrapped to `w` columns.
pub fn lines(
    model: &Model,
    findings: &[crate::check::Finding],
    years: Years,
    id: NodeId,
    unit: Unit,
    w: usize,
) -> Vec<String> {
    let n = model.node(id);
    let mut out = Vec::new();
    overview(model, id, unit, w, &mut out);
    if let Some((t, from, to)) = years {
        compared(model, t, (from, to), id, unit, w, &mut out);
    }
    texts(model, id, unit, w, &mut out);
    item::project_of_item(model, id, unit, w, &mut out);
    procurement(model, id, unit, w, &mut out);
    if let Some((t, _, _)) = years {
        year_by_year(model, t, id, unit, w, &mut out);
    }
    by_unit(model, id, unit, w, &mut out);
    sheet_texts(model, id, w, &mut out);
    if n.kind == Kind::Unit {
        unit::sections(model, id, unit, w, &mut out);
    }
    if n.kind == Kind::Department {
        department::sections(model, id, unit, w, &mut out);
    }
    sources(model, id, unit, w, &mut out);
    for f in crate::check::findings_for(findings, id) {
        out.push(String::new());
        out.push(
            if f.rule.is_placement() && f.severity == crate::check::Severity::Mismatch {
                "【核对：位置（编码与所印之处不符，金额无差额）】".to_string()
            } else {
                format!("【核对：{}】", f.severity.label())
            },
        );
        out.extend(wrap(&f.message, w));
    }
    children(model, id, unit, w, &mut out);
    // A heading names its table by the document's title: wrapped, never cut.
    out.into_iter()
        .flat_map(|l| {
            if l.starts_with('【') && crate::width::width(&l) > w {
                wrap(&l, w.max(8))
            } else {
                vec![l]
            }
        })
        .collect()
}

/// The two years compared: the change and status; for a rename, both names
/// and why they were paired.
fn compared(
    model: &Model,
    t: &Timeline,
    (from, to): (usize, usize),
    id: NodeId,
    unit: Unit,
    w: usize,
    out: &mut Vec<String>,
) {
    let (y0, y1) = (model.year_label(from), model.year_label(to));
    let c = t.compare(model, id, from, to);
    let mut head = format!("{y0} → {y1} ");
    match c.status {
        Status::Added => {
            let _ = write!(head, "新增（{y0}没有此行）");
        }
        Status::Removed => {
            let _ = write!(head, "取消（{y1}没有此行）");
        }
        _ if c.unstated => head.push_str("—（金额文中未列，不计增减）"),
        _ => {
            let _ = write!(
                head,
                "{}（{}）",
                money::format_change(c.change, unit),
                money::format_pct(c.change_pct)
            );
        }
    }
    field(out, "对比", &head, w);
    if let Some(prev) = &c.previous_name {
        let why: Vec<String> = c.why.iter().map(|w| w.describe()).collect();
        field(
            out,
            "更名",
            &format!("{y0}名为“{prev}”；配对依据：{}", why.join("，")),
            w,
        );
    } else if c.why.contains(&crate::compare::Why::Moved) {
        field(out, "调整", &crate::compare::Why::Moved.describe(), w);
    }
}

/// The line in every year open, with its source.
fn year_by_year(
    model: &Model,
    t: &Timeline,
    id: NodeId,
    unit: Unit,
    w: usize,
    out: &mut Vec<String>,
) {
    let years = model.years();
    out.push(String::new());
    out.push("【各年】".into());
    let mut tab = Table::new(&[Align::Left, Align::Right, Align::Left]);
    for k in 0..years.len() {
        let (amount, source) = match t.node_in(id, k) {
            Some(n) => {
                let node = model.node(n);
                let src = crate::schema::most_precise(&node.figures)
                    .map_or_else(|| "下级之和".into(), |f| model.cite(n, f));
                // A year is named by its year: no other name to tell.
                let name = if node.name == model.node(id).name || node.kind == Kind::Year {
                    String::new()
                } else {
                    format!("（名为 {}）", node.name)
                };
                match node.known() {
                    Some(a) => (
                        money::format_at(a, node.precision(), unit),
                        format!("{src}{name}"),
                    ),
                    None => ("—".into(), format!("文中未列{name}")),
                }
            }
            None => ("—".into(), "无此行".into()),
        };
        tab.push(vec![model.year_label(k), amount, source]);
    }
    out.extend(tab.lines_wrapped(w));
}

/// Title, path, amount (as precise as the document gives it, and as stated), shares, funding.
fn overview(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    let title = model.label(id);
    out.push(format!("{title}（{}）", n.kind.label()));
    field(out, "路径", &model.path(id).join(" › "), w);
    let mut amount = n.known().map_or_else(
        || "—（文中未列）".into(),
        |a| {
            format!(
                "{} {}",
                money::format_at(a, n.precision(), unit),
                unit.label()
            )
        },
    );
    if let Some(s) = n.stated() {
        let p = n.figures.first().map_or(0, |f| f.precision);
        let _ = write!(
            amount,
            "（文中 {} {}）",
            money::format_at(s, p, unit),
            unit.label()
        );
    }
    field(out, "金额", &amount, w);
    if let Some(known) = n.known().filter(|a| money::shown_rounded(*a, unit)) {
        field(
            out,
            "列表显示",
            &format!(
                "{} {}（四舍五入；上面是文中给出的全部位数）",
                money::shown(known, unit),
                unit.label()
            ),
            w,
        );
    }
    field(
        out,
        "占比",
        &match model.share_of_unit(id) {
            Some(u) => format!(
                "占上级 {} · 占单位 {} · 占部门 {}",
                money::format_pct(model.share_of_parent(id)),
                money::format_pct(Some(u)),
                money::format_pct(model.share_of_department(id))
            ),
            None => format!(
                "占上级 {} · 占部门 {}",
                money::format_pct(model.share_of_parent(id)),
                money::format_pct(model.share_of_department(id))
            ),
        },
        w,
    );
    for f in n.funding() {
        field(
            out,
            "资金",
            &format!(
                "财政拨款 {} · 其他资金 {}（{}）",
                money::format(f.fiscal, unit),
                money::format(f.other, unit),
                f.source.place
            ),
            w,
        );
    }
    if let Some(f) = n.fiscal() {
        field(
            out,
            "财政拨款",
            &format!(
                "{} {}（{}）",
                money::format_at(f.value, f.precision, unit),
                unit.label(),
                f.source.place
            ),
            w,
        );
    }
    if let Some((basic, project)) = n.split() {
        let (t7, t1) = model.dataset(id).map_or_else(
            || ("表7".to_string(), "表1".to_string()),
            |d| {
                (
                    d.table_scope(role::GENERAL_PUBLIC),
                    d.table_scope(role::SUMMARY),
                )
            },
        );
        field(
            out,
            "基本项目",
            &format!(
                "基本支出 {} · 项目支出 {}（{t7}；上面的金额是{t1}）",
                money::format(basic, unit),
                money::format(project, unit)
            ),
            w,
        );
    }
}

/// 执行时间, 用途 and the 表15 sheet.
fn texts(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    if !n.period().is_empty() {
        field(out, "执行时间", n.period(), w);
    }
    if !n.purpose.is_empty() {
        field(out, "用途", &n.purpose, w);
    }
    if let Some(s) = n.sheet() {
        if !s.project_type.is_empty() {
            field(out, "项目类型", &s.project_type, w);
        }
        if let Some(a) = s.asset_purchase.filter(|a| !a.is_zero()) {
            field(
                out,
                "资产采购",
                &format!(
                    "{} {} {}",
                    money::format(a, unit),
                    unit.label(),
                    s.asset_items
                ),
                w,
            );
        }
        if !s.annual_goal.is_empty() {
            field(out, "年度目标", &s.annual_goal, w);
        }
        let t15 = model
            .dataset(id)
            .map_or_else(|| "表15".into(), |d| d.table_scope(role::PROJECT_GOALS));
        indicators(out, &format!("绩效指标（{t15}）"), &s.indicators, true, w);
    }
}

/// 表15's own words for what the project is and is for, and its medium-term
/// goal (search finds them; Enter scrolls here): after the figures.
fn sheet_texts(model: &Model, id: NodeId, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    let Some(s) = n.sheet() else { return };
    let texts: Vec<(&str, &String)> = [
        ("项目概况", &s.overview),
        ("项目用途", &s.usage),
        ("资金用途", &s.fund_use),
        ("中期目标", &s.medium_goal),
    ]
    .into_iter()
    .filter(|(_, t)| !t.is_empty() && t.as_str() != &*n.purpose)
    .collect();
    if texts.is_empty() {
        return;
    }
    let t15 = model
        .dataset(id)
        .map_or_else(|| "表15".into(), |d| d.table_scope(role::PROJECT_GOALS));
    out.push(String::new());
    out.push(format!("【项目概况与用途（{t15}）】"));
    for (label, text) in texts {
        field(out, label, text, w);
    }
}

/// 表7: a 项's 一般公共预算 by unit.
fn by_unit(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    if !n.by_unit().is_empty() {
        out.push(String::new());
        let t7 = model
            .dataset(id)
            .map_or_else(|| "表7".into(), |d| d.table_scope(role::GENERAL_PUBLIC));
        out.push(format!("【按单位（{t7}）】"));
        let mut t = Table::new(&[Align::Left, Align::Right, Align::Right, Align::Right]);
        t.push_strs(&["单位", "合计", "基本支出", "项目支出"]);
        for r in n.by_unit() {
            // A unit's (专项资金) row is a row of its own in 表7.
            let special = r.table_unit.contains("专项资金");
            t.push(vec![
                if special {
                    format!("{}（专项资金）", r.unit)
                } else {
                    r.unit.clone()
                },
                money::shown(r.total, unit),
                money::shown(r.basic, unit),
                money::shown(r.project, unit),
            ]);
        }
        out.extend(t.lines_wrapped(w));
    }
}

/// Every statement of the figure, with its place and line.
fn sources(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    if !n.figures.is_empty() {
        out.push(String::new());
        out.push("【来源】".into());
        // Place and line wrap, never cut: a reviewer quotes them.
        let mut t = Table::new(&[Align::Right, Align::Left, Align::Left]);
        for f in &n.figures {
            // 第375行; 第12页 第34行 in a PDF; 表7!D34 in a workbook.
            let line = model.figure_at(id, f);
            t.push(vec![
                money::format_at(f.value, f.precision, unit),
                f.source.place.to_string(),
                line,
            ]);
        }
        out.extend(t.lines_wrapped(w));
    }
}

/// 政府采购: 表11's total (all procurement) beside part 4's figures, each
/// saying what it covers — they are different quantities.
fn procurement(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    if n.kind != Kind::Group || n.name != "政府采购" {
        return;
    }
    let Some(d) = model.dataset(id) else { return };
    let p = &d.procurement;
    let m = |f: &crate::schema::Figure| {
        format!(
            "{} {}",
            money::format_at(f.value, f.precision, unit),
            unit.label()
        )
    };
    out.push(String::new());
    out.push("【政府采购：各数所指】".into());
    if let Some(l) = p.lines.first() {
        field(
            out,
            "表11合计",
            &format!(
                "{}（{}，全部政府采购，含以前年度）",
                m(&l.amount),
                d.table_name(role::PROCUREMENT)
            ),
            w,
        );
    }
    if let Some(t) = &p.total {
        field(out, "第四部分", &format!("{}（政府采购合计）", m(t)), w);
    }
    if let Some(c) = &p.current_year {
        field(
            out,
            "当年",
            &format!("{}（第四部分 当年新增采购）", m(c)),
            w,
        );
    }
    if let Some(c) = &p.previous_years {
        field(
            out,
            "以前年度",
            &format!("{}（第四部分 待支付以前年度采购）", m(c)),
            w,
        );
    }
    let parts: Vec<String> = [
        ("货物", &p.goods),
        ("工程", &p.works),
        ("服务", &p.services),
    ]
    .iter()
    .filter_map(|(k, f)| {
        f.as_ref()
            .map(|f| format!("{k} {}", money::format_at(f.value, f.precision, unit)))
    })
    .collect();
    if !parts.is_empty() {
        field(
            out,
            "构成",
            &format!(
                "{}（第四部分所列构成；与当年、合计的关系见核对结果）",
                parts.join(" · ")
            ),
            w,
        );
    }
}

/// The children, largest first, with their shares.
fn children(model: &Model, id: NodeId, unit: Unit, w: usize, out: &mut Vec<String>) {
    let n = model.node(id);
    if !n.children.is_empty() {
        out.push(String::new());
        out.push(format!("【下级 {} 项】", n.children.len()));
        let kids = views::sorted_children(model, views::Lens::Plain, id, views::Sort::default());
        let mut t = Table::new(&[Align::Left, Align::Right, Align::Right]);
        let shown = 200;
        let more = kids.len().saturating_sub(shown);
        for c in kids.into_iter().take(shown) {
            t.push(vec![
                model.label(c),
                money::shown_or_dash(model.node(c).known(), unit),
                money::format_pct(model.share_of_parent(c)),
            ]);
        }
        out.extend(t.lines_wrapped(w));
        if more > 0 {
            out.push(format!("…… 另有 {more} 项（在树中展开查看）"));
        }
    }
}

#[cfg(test)]
mod tests;
