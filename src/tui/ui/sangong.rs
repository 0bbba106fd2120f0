//! The 三公 view: one compact row per unit, then paired bars per unit.

use super::{pane_block, scrolled, Theme};
use crate::model::sangong::{sangong, SangongLine};
use crate::money;
use crate::table::{Align, Table};
use crate::tui::app::App;
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
            let Some((y0, y1, rows)) = sangong(d) else {
                lines.push(Line::from(format!(
                    "{} {}年：没有两年（或决算的预算数与决算数）的三公经费数据",
                    d.department, d.year
                )));
                continue;
            };
            lines.push(Line::from(Span::styled(
                truncate(
                    &format!(
                        "{} “三公”经费财政拨款 {} → {y1}（{}）",
                        d.department,
                        y0.label_beside(y1),
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
            for (i, l) in sangong_compact(&rows, app.unit, w).into_iter().enumerate() {
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
            truncate("各项为本年数及增减（▲ 增加 ▼ 减少 = 持平）；用车购置、用车运维即公务用车购置费、运行维护费；窄屏时右侧各项依次隐藏", w),
            t.dim(),
        )));
            // Grouped bars: each unit's total, earlier year above later.
            lines.push(Line::from(""));
            lines.push(Line::from(Span::styled(
                format!("合计 {} ▒ / {y1} █", y0.label_beside(y1)),
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
                for (k, (year, v, ch)) in [
                    (y0.short(), r.before.total, '▒'),
                    (y1.short(), r.after.total, '█'),
                ]
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
                        Span::raw(format!(" {}", money::shown(v, app.unit))),
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

/// The 三公 comparison in one row per unit, the department first: the total
/// in both years, its change and change %, then each item's later year and
/// change. Every column is aligned by display width; when `w` is too narrow,
/// the items are dropped from the right, a pair at a time (the 合计 columns
/// stay), so no header is ever cut.
pub fn sangong_compact(rows: &[SangongLine], unit: money::Unit, w: usize) -> Vec<String> {
    let (y0, y1) = ("上年", "本年");
    let mut head: Vec<String> = vec![
        "单位".into(),
        format!("合计{y0}"),
        format!("合计{y1}"),
        "增减".into(),
        "增减%".into(),
    ];
    for name in ["出国(境)", "公务接待", "用车购置", "用车运维"] {
        head.push(name.into());
        head.push("增减".into());
    }
    let mut ordered: Vec<&SangongLine> = rows.iter().filter(|r| r.is_department).collect();
    ordered.extend(rows.iter().filter(|r| !r.is_department));
    let body: Vec<Vec<String>> = ordered
        .iter()
        .map(|r| {
            let (b, a, ch) = (r.before.values(), r.after.values(), r.changes());
            let mut row = vec![
                if r.is_department {
                    "部门合计".to_string()
                } else {
                    r.unit.clone()
                },
                money::shown(b[0], unit),
                money::shown(a[0], unit),
                money::shown_change(ch[0].0, unit),
                money::format_pct(ch[0].1),
            ];
            for i in 1..5 {
                row.push(money::shown(a[i], unit));
                row.push(money::shown_change(ch[i].0, unit));
            }
            row
        })
        .collect();
    // Drop item pairs until the table fits: items that are 0 in every row
    // first, then from the right.
    let all_zero = |i: usize| {
        ordered
            .iter()
            .all(|r| r.before.values()[i].is_zero() && r.after.values()[i].is_zero())
    };
    let mut drop: Vec<usize> = (1..5).rev().filter(|i| all_zero(*i)).collect();
    drop.extend((1..5).rev().filter(|i| !all_zero(*i)));
    let mut shown: Vec<usize> = (0..head.len()).collect();
    for item in std::iter::once(None).chain(drop.into_iter().map(Some)) {
        if let Some(i) = item {
            // Item i's pair of columns: 5 + 2(i − 1) and the one after.
            let c = 5 + 2 * (i - 1);
            shown.retain(|x| *x != c && *x != c + 1);
        }
        let mut aligns = vec![Align::Left];
        aligns.extend(std::iter::repeat_n(Align::Right, shown.len() - 1));
        let mut t = Table::new(&aligns).max_width(0, 18);
        t.push(shown.iter().map(|c| head[*c].clone()).collect());
        for r in &body {
            t.push(shown.iter().map(|c| r[*c].clone()).collect());
        }
        let lines = t.lines();
        if shown.len() <= 5 || lines.iter().all(|l| width(l) <= w) {
            return lines;
        }
    }
    Vec::new()
}
