//! The units side by side: one row a unit, the department first, every
//! column sortable; the sorted column's heading marked ↓ (↑ reversed).

use super::{popup_frame, Theme};
use crate::money;
use crate::table::{Align, Table};
use crate::tui::app::{App, Popup};
use crate::tui::layout::Areas;
use crate::views::UNIT_COLUMNS;
use crate::width::truncate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The unit comparison popup.
pub struct UnitsPopup<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for UnitsPopup<'_> {
    fn render(self, full: Rect, buf: &mut Buffer) {
        let UnitsPopup { app, theme: t } = self;
        let Some(Popup::Units(u)) = &app.popup else {
            return;
        };
        let rows = app.unit_rows(u);
        let dept = rows.first().map_or("", |r| r.name.as_str());
        let key = |a| crate::tui::keymap::key(crate::tui::keymap::Context::List, a);
        let title = format!(
            " {dept} 各单位对比（{}）· {} 排序列 · {} 反向 · {} 导出 · {} 跳转 ",
            app.unit.label(),
            key(crate::tui::keymap::Action::SortCycle),
            key(crate::tui::keymap::Action::SortReverse),
            key(crate::tui::keymap::Action::Export),
            key(crate::tui::keymap::Action::Confirm)
        );
        let (area, list_rows) = Areas::compute(full.width, full.height, app.focus).findings_popup();
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
                    (_, Some(v)) => money::shown(v, app.unit),
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
        let mut lines: Vec<Line> = table
            .lines_balanced(w.saturating_sub(1))
            .into_iter()
            .enumerate()
            .map(|(k, s)| {
                let chosen = k > 0 && k - 1 + u.list.offset == u.list.selected;
                let line = Line::from(Span::raw(truncate(
                    &format!("{}{s}", if chosen { "›" } else { " " }),
                    w,
                )));
                if k == 0 {
                    line.style(t.dim())
                } else if chosen {
                    line.style(t.selected())
                } else {
                    line
                }
            })
            .collect();
        let mut note = "三公：表12 本年数；人均人员支出 = 人员支出 ÷ 编制；— 文中未列".to_string();
        if !dropped.is_empty() {
            note.push_str(&format!(
                "；窄屏未列：{}（导出 e 含全部列）",
                dropped.join("、")
            ));
        }
        for l in crate::width::wrap(&note, w.max(1)) {
            lines.push(Line::from(Span::styled(l, t.dim())));
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}
