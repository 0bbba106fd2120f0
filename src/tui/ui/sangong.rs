//! The 三公 view: one compact row per unit, then paired bars per unit.

use super::{pane_block, scrolled, Theme};
use crate::model::sangong::sangong;
use crate::model::Model;
use crate::money;
use crate::tui::sangong::{compact, note_lines, SangongView};
use crate::width::{pad_right, truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The 三公 view: the compact table and paired bars per unit. What it
/// draws, and nothing else: the model, the unit, how the table is looked at,
/// the unit chosen in it, and the scroll.
pub struct SangongPane<'a> {
    pub model: &'a Model,
    pub unit: money::Unit,
    pub view: SangongView,
    pub selected: Option<&'a str>,
    pub scroll: usize,
    pub theme: &'a Theme,
}

impl Widget for SangongPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let SangongPane {
            model,
            unit,
            view,
            selected,
            scroll,
            theme: t,
        } = self;
        // The 三公 table as the document names it (表12 in Shenzhen's set).
        let label = model.datasets.first().map_or_else(
            || "表12".to_string(),
            |d| d.label(crate::schema::role::SANGONG),
        );
        let block = pane_block(format!(" 三公经费（{label}） "), true, t);
        let inner = block.inner(area);
        Widget::render(block, area, buf);
        let w = inner.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        for d in &model.datasets {
            let Some((y0, y1, rows)) = sangong(d) else {
                one_column(d, unit, w, t, &mut lines);
                continue;
            };
            lines.push(Line::from(Span::styled(
                truncate(
                    &format!(
                        "{} “三公”经费财政拨款 {} → {y1}（{}）{}",
                        d.department,
                        y0.label_beside(y1),
                        unit.label(),
                        sort_label(view)
                    ),
                    w,
                ),
                t.heading(),
            )));
            let c = compact(&rows, unit, w, view);
            for (i, l) in c.lines.iter().enumerate() {
                let chosen = i > 0 && selected == c.units.get(i - 1).map(String::as_str);
                let style = if chosen {
                    t.selected()
                } else if i == 0 || i == 1 {
                    Style::new().add_modifier(Modifier::BOLD)
                } else {
                    Style::new()
                };
                lines.push(Line::from(Span::styled(truncate(l, w), style)));
            }
            // What the table leaves out, and how to see it: wrapped, never cut.
            for l in note_lines(&c, w) {
                lines.push(Line::from(Span::styled(l, t.dim())));
            }
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
                        Span::raw(format!(" {}", money::shown(v, unit))),
                    ]));
                }
            }
        }
        Widget::render(
            Paragraph::new(scrolled(lines, scroll, inner.height)),
            inner,
            buf,
        );
    }
}

/// A 三公 table of one column (this year's alone, as the national set's 预算
/// gives it): each unit's items as stated, nothing compared.
fn one_column(
    d: &crate::schema::Dataset,
    unit: money::Unit,
    w: usize,
    t: &Theme,
    lines: &mut Vec<Line<'static>>,
) {
    let Some((c, rows)) = crate::model::sangong::one_column(d) else {
        lines.push(Line::from(truncate(
            &format!("{} {}：文件中没有三公经费表", d.department, d.year),
            w,
        )));
        return;
    };
    lines.push(Line::from(Span::styled(
        truncate(
            &format!(
                "{} “三公”经费 {c}（{}；表中只有这一列，无从比较）",
                d.department,
                unit.label()
            ),
            w,
        ),
        t.heading(),
    )));
    let items = crate::schema::SangongItem::SHOWN;
    let mut table = crate::table::Table::new(&crate::table::Align::label_and_figures(items.len()));
    table.push(
        std::iter::once("单位".to_string())
            .chain(items.iter().map(|i| i.label().to_string()))
            .collect(),
    );
    for r in &rows {
        let cells = r.shown_one(unit);
        table.push(
            std::iter::once(r.unit.clone())
                .chain(cells.into_iter().take(items.len()).map(|[_, v]| v))
                .collect(),
        );
    }
    lines.extend(
        table
            .lines()
            .into_iter()
            .map(|l| Line::from(truncate(&l, w))),
    );
    lines.push(Line::default());
}

/// The sort, for the heading: `· 按合计本年排序` (↑ when reversed).
fn sort_label(v: SangongView) -> String {
    v.sort.map_or(String::new(), |(c, reversed)| {
        format!(
            " · 按{}排序{}",
            crate::tui::sangong::column_label(c),
            if reversed { "↑" } else { "" }
        )
    })
}
