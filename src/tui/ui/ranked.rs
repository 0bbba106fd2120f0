//! The ranked list of projects: rank, name, unit, amount (or change), share.

use super::{popup_frame, Theme};
use crate::model::{Kind, Model};
use crate::money;
use crate::table::{Align, Table};
use crate::tui::layout::Areas;
use crate::tui::popup::RankedState;
use crate::views::Lens;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Paragraph, Widget};

/// The ranked list popup. What it draws, and nothing else: the list, the
/// model and how it is looked at (one year, or two compared), the unit.
pub struct RankedPopup<'a> {
    pub ranked: &'a RankedState,
    pub model: &'a Model,
    pub lens: Lens<'a>,
    pub unit: money::Unit,
    pub areas: &'a Areas,
    pub theme: &'a Theme,
}

impl Widget for RankedPopup<'_> {
    fn render(self, _full: Rect, buf: &mut Buffer) {
        let RankedPopup {
            ranked: r,
            model: m,
            lens,
            unit,
            areas,
            theme: t,
        } = self;
        let compared = r
            .items
            .first()
            .is_some_and(|id| lens.compared(m, *id).is_some());
        let is_project = |id: &crate::model::NodeId| m.node(*id).kind == Kind::Project;
        let projects = r.items.iter().filter(|id| is_project(id)).count();
        let subs = r.items.len() - projects;
        let title = format!(
            " {} 的 {projects} 个项目{}，按{}排名 · {} 跳转 · {} 关闭 ",
            r.scope,
            if subs > 0 {
                format!("（含 {subs} 个子项，列在所属项目之下）")
            } else {
                String::new()
            },
            if compared { "增减额" } else { "金额" },
            crate::tui::keymap::key(
                crate::tui::keymap::Context::List,
                crate::tui::keymap::Action::Confirm
            ),
            crate::tui::keymap::key(
                crate::tui::keymap::Context::List,
                crate::tui::keymap::Action::Close
            )
        );
        let (area, rows) = areas.findings_popup();
        let rows = rows + crate::tui::layout::FINDING_DETAIL + 1;
        let inner = popup_frame(buf, area, &title, t);
        let w = inner.width as usize;
        // Names and units share the width: the longer gives way first.
        // The status column only when two years are compared (a table drops
        // the cells past its columns).
        let aligns = [
            Align::Right,
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Left,
        ];
        let mut table = Table::new(&aligns[..if compared { 6 } else { 5 }]);
        let head = if compared { "增减" } else { "占部门" };
        // The column sorted by (`s`), marked ↓ (↑ reversed).
        let mark = |c: usize, h: String| match r.sort {
            Some((s, rev)) if s == c => format!("{h}{}", if rev { "↑" } else { "↓" }),
            _ => h,
        };
        table.push(vec![
            "名次".into(),
            mark(1, "项目".into()),
            mark(2, "单位".into()),
            mark(3, format!("金额({})", unit.label())),
            mark(4, head.into()),
            if compared { "状态" } else { "" }.into(),
        ]);
        for (i, id) in r
            .items
            .iter()
            .enumerate()
            .skip(r.list.offset)
            .take(rows.saturating_sub(1))
        {
            let n = m.node(*id);
            let unit_name = m
                .ancestors(*id)
                .find(|a| m.node(*a).kind == Kind::Unit)
                .map(|u| m.node(u).name.clone())
                .unwrap_or_default();
            let cmp = lens.compared(m, *id);
            let last = match &cmp {
                Some(c) => money::shown_change(c.change, unit),
                None => money::format_pct(m.share_of_department(*id)),
            };
            let status = cmp.map_or(String::new(), |c| status_text(&c));
            // A project's rank; a sub-item marked 子项, under its project.
            let (rank, name) = if is_project(id) {
                let rank = r.items[..=i].iter().filter(|x| is_project(x)).count();
                (rank.to_string(), m.label(*id))
            } else {
                let depth = m
                    .ancestors(*id)
                    .take_while(|a| m.node(*a).kind != Kind::Project)
                    .count();
                (
                    "子项".to_string(),
                    format!("{}└ {}", "  ".repeat(depth), m.label(*id)),
                )
            };
            table.push(vec![
                rank,
                name,
                unit_name,
                money::shown(n.amount, unit),
                last,
                status,
            ]);
        }
        let lines = super::list_lines(
            table.lines_balanced(w.saturating_sub(1)),
            r.list.offset,
            r.list.selected,
            w,
            t,
        );
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}

/// A line's status between the years compared, in words: 新增, 取消, 更名
/// (with the earlier name), 增加 / 减少, or 持平.
pub fn status_text(c: &crate::compare::Compared) -> String {
    use crate::compare::Status;
    match (c.status, c.previous_name.as_deref()) {
        (Status::Renamed, Some(old)) => format!("更名，原 {old}"),
        (Status::Changed, _) if c.change.is_sign_negative() => "减少".into(),
        (Status::Changed, _) => "增加".into(),
        (s, _) => s.label().into(),
    }
}
