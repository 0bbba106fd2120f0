//! The 三公 view: one compact row per unit, then paired bars per unit.

use super::{pane_block, scrolled, Theme};
use crate::money;
use crate::table::{Align, Table};
use crate::tui::app::App;
use crate::views;
use crate::width::{pad_right, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The 三公 view: the compact table and paired bars per unit.
pub struct SangongPane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for SangongPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let SangongPane { app, theme: t } = self;
        let block = pane_block(" 三公经费（表12） ".into(), true, t);
        let inner = block.inner(area);
        Widget::render(block, area, buf);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        for d in &app.model.datasets {
            let Some((y0, y1, rows)) = views::sangong(d) else {
                lines.push(Line::from(format!(
                    "{} {}年：没有两年的三公经费数据",
                    d.department, d.year
                )));
                continue;
            };
            lines.push(Line::from(Span::styled(
                truncate(
                    &format!(
                        "{} “三公”经费财政拨款 {y0}年 → {y1}年（{}）",
                        d.department,
                        app.unit.label()
                    ),
                    w,
                ),
                t.heading(),
            )));
            // The table's rows after its header: the department, then the units.
            let mut names: Vec<&str> = rows
                .iter()
                .filter(|r| r.is_department)
                .map(|r| r.unit.as_str())
                .collect();
            names.extend(
                rows.iter()
                    .filter(|r| !r.is_department)
                    .map(|r| r.unit.as_str()),
            );
            for (i, l) in sangong_compact(&rows, app.unit).into_iter().enumerate() {
                let chosen = i > 0 && app.sangong_selected.as_deref() == names.get(i - 1).copied();
                let style = if chosen {
                    t.selected()
                } else if i == 0 || i == 1 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                lines.push(Line::from(Span::styled(truncate(&l, w), style)));
            }
            lines.push(Line::from(Span::styled(
            truncate("每格：上年→本年 增减（▲ 增加 ▼ 减少 = 持平）；用车购置、用车运维即公务用车购置费、运行维护费", w),
            t.dim(),
        )));
            // Grouped bars: each unit's total, earlier year above later.
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                format!("合计 {y0}年 ▒ / {y1}年 █"),
                t.heading(),
            )));
            let max = rows
                .iter()
                .map(|r| r.before.total.max(r.after.total))
                .max()
                .unwrap_or_default();
            let lw = rows
                .iter()
                .map(|r| width(&r.unit))
                .max()
                .unwrap_or(0)
                .min(w / 3);
            let bw = w.saturating_sub(lw + 16).max(1);
            for r in &rows {
                for (k, (year, v, ch)) in [(y0, r.before.total, '▒'), (y1, r.after.total, '█')]
                    .into_iter()
                    .enumerate()
                {
                    let n = money::bar_cells(v, max, bw);
                    let label = if k == 0 {
                        pad_right(&r.unit, lw)
                    } else {
                        " ".repeat(lw)
                    };
                    lines.push(Line::from(vec![
                        Span::raw(label),
                        Span::styled(format!(" {year} "), t.dim()),
                        Span::styled(
                            ch.to_string().repeat(n),
                            t.fg(if k == 0 { Color::Blue } else { Color::Cyan }),
                        ),
                        Span::raw(format!(" {}", money::format(v, app.unit))),
                    ]));
                }
            }
        }
        Widget::render(
            Paragraph::new(scrolled(lines, app.sangong_scroll, inner.height)),
            inner,
            buf,
        );
    }
}

/// The 三公 comparison in one row per unit, the department first: each cell
/// `上年→本年 ▼-1`, so the whole table fits on one screen.
pub fn sangong_compact(rows: &[views::SangongLine], unit: money::Unit) -> Vec<String> {
    let mut table = Table::new(&[
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
        Align::Right,
    ]);
    table.push_strs(&[
        "单位",
        "合计",
        "出国(境)",
        "公务接待",
        "用车购置",
        "用车运维",
        "合计增减%",
    ]);
    let mut ordered: Vec<&views::SangongLine> = rows.iter().filter(|r| r.is_department).collect();
    ordered.extend(rows.iter().filter(|r| !r.is_department));
    for r in ordered {
        let (b, a, ch) = (r.before.values(), r.after.values(), r.changes());
        let mut row = vec![if r.is_department {
            "部门合计".to_string()
        } else {
            r.unit.clone()
        }];
        for i in 0..5 {
            let change = money::format_change(ch[i].0, unit).replace(' ', "");
            row.push(format!(
                "{}→{} {}",
                money::format(b[i], unit),
                money::format(a[i], unit),
                change
            ));
        }
        row.push(money::format_pct(ch[0].1));
        table.push(row);
    }
    table.lines()
}
