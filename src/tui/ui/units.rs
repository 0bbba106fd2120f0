//! The units side by side: one row a unit, the department first, every
//! column sortable; the sorted column's heading marked ↓ (↑ reversed).

use super::{popup_frame, Theme};
use crate::model::Model;
use crate::money;
use crate::table::{Align, Table};
use crate::tui::layout::Areas;
use crate::tui::popup::UnitsState;
use crate::views::{UnitRow, UNIT_COLUMNS};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The unit comparison popup. What it draws, and nothing else: the
/// popup's sort and place, its rows in their order, the unit, and the model
/// (for the name of its 三公 table).
pub struct UnitsPopup<'a> {
    pub state: &'a UnitsState,
    pub rows: &'a [UnitRow],
    pub model: &'a Model,
    pub unit: money::Unit,
    pub areas: &'a Areas,
    pub theme: &'a Theme,
}

impl Widget for UnitsPopup<'_> {
    fn render(self, _full: Rect, buf: &mut Buffer) {
        let UnitsPopup {
            state: u,
            rows,
            model,
            unit,
            areas,
            theme: t,
        } = self;
        let dept = rows.first().map_or("", |r| r.name.as_str());
        let key = |a| crate::tui::keymap::key(crate::tui::keymap::Context::List, a);
        let title = format!(
            " {dept} 各单位对比（{}）· {} 排序列 · {} 反向 · {} 导出 · {} 跳转 ",
            unit.label(),
            key(crate::tui::keymap::Action::SortCycle),
            key(crate::tui::keymap::Action::SortReverse),
            key(crate::tui::keymap::Action::Export),
            key(crate::tui::keymap::Action::Confirm)
        );
        let (area, list_rows) = areas.findings_popup();
        let shown = list_rows + crate::tui::layout::FINDING_DETAIL + 1;
        let inner = popup_frame(buf, area, &title, t);
        let w = inner.width as usize;
        let mut grid: Vec<Vec<String>> = vec![UNIT_COLUMNS
            .iter()
            .enumerate()
            .map(|(c, h)| match u.sort {
                Some((s, r)) if s == c => format!("{h}{}", if r { "↑" } else { "↓" }),
                _ => (*h).to_string(),
            })
            .collect()];
        for r in rows
            .iter()
            .skip(u.list.offset)
            .take(shown.saturating_sub(1))
        {
            let mut cells = vec![if r.is_department {
                "部门合计".to_string()
            } else {
                r.name.clone()
            }];
            for c in 1..UNIT_COLUMNS.len() {
                cells.push(match (c, r.value(c)) {
                    (_, None) => "—".into(),
                    (7, Some(v)) => v.to_string(),
                    (_, Some(v)) => money::shown(v, unit),
                });
            }
            grid.push(cells);
        }
        // Narrow: the least telling columns step aside (never the sorted one),
        // before a figure is cut or a name falls under four characters.
        let room = w.saturating_sub(1);
        let mut cols: Vec<usize> = (0..UNIT_COLUMNS.len()).collect();
        let mut dropped: Vec<&str> = Vec::new();
        let table_of = |cols: &[usize]| {
            let mut t = Table::new(&Align::label_and_figures(cols.len() - 1));
            for r in &grid {
                t.push(cols.iter().map(|c| r[*c].clone()).collect());
            }
            t
        };
        let natural_name = grid
            .iter()
            .map(|r| crate::width::width(&r[0]))
            .max()
            .unwrap_or(0);
        for c in [3, 2, 8, 7, 1, 4] {
            let widths = table_of(&cols).balanced_widths(room);
            let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            if total <= room && widths[0] >= natural_name.min(16) {
                break;
            }
            if u.sort.is_some_and(|(s, _)| s == c) {
                continue;
            }
            cols.retain(|x| *x != c);
            dropped.push(UNIT_COLUMNS[c]);
        }
        let table = table_of(&cols);
        let mut lines = super::list_lines(
            table.lines_balanced(w.saturating_sub(1)),
            u.list.offset,
            u.list.selected,
            w,
            t,
        );
        // The 三公 table as the document names it (表12 in Shenzhen's set).
        let sangong = model.datasets.first().map_or_else(
            || "表12".to_string(),
            |d| d.label(crate::schema::role::SANGONG),
        );
        let mut note =
            format!("三公：{sangong} 本年数；人均人员支出 = 人员支出 ÷ 编制；— 文中未列");
        if !dropped.is_empty() {
            note.push_str(&format!(
                "；窄屏未列：{}（导出 {} 含全部列）",
                dropped.join("、"),
                crate::tui::keymap::key(
                    crate::tui::keymap::Context::List,
                    crate::tui::keymap::Action::Export
                )
            ));
        }
        for l in crate::width::wrap(&note, w.max(1)) {
            lines.push(Line::from(Span::styled(l, t.dim())));
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
