//! Drawing: reads the state, changes nothing. Every row is built with the
//! display-width helpers, so Chinese text never shifts a column.

use super::app::{App, Focus, Popup, Row, Tab};
use super::keymap::{self, Context};
use super::layout::{centered, Areas};
use crate::check::Severity;
use crate::model::Kind;
use crate::money;
use crate::views;
use crate::width::{pad_left, pad_right, truncate, width};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

/// Styles, with or without colour (NO_COLOR): the selection is reverse
/// video either way, so it never disappears.
struct Theme {
    color: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    fn heading(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
    fn highlight(&self) -> Style {
        self.fg(Color::LightRed)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
        } else {
            self.dim()
        }
    }
}

pub fn draw(f: &mut Frame, app: &App) {
    let a = Areas::compute(f.area().width, f.area().height, app.focus);
    let theme = Theme { color: app.color };
    if a.too_small {
        let msg = format!(
            "终端太小 {}×{}，至少 {}×{}",
            a.full.width,
            a.full.height,
            super::layout::MIN_W,
            super::layout::MIN_H
        );
        let lines: Vec<Line> = crate::width::wrap(&msg, a.full.width.max(1) as usize)
            .into_iter()
            .take(a.full.height as usize)
            .map(|l| Line::from(truncate(&l, a.full.width as usize)))
            .collect();
        f.render_widget(Paragraph::new(lines), a.full);
        return;
    }
    header(f, app, &a, &theme);
    match app.tab {
        Tab::Sangong => sangong(f, app, a.body, &theme),
        _ => {
            if a.tree.width > 0 {
                tree(f, app, a.tree, &theme);
            }
            if a.detail.width > 0 {
                detail(f, app, a.detail, &theme);
            }
        }
    }
    status(f, app, &a, &theme);
    match &app.popup {
        Some(Popup::Help { scroll }) => help(f, a.full, *scroll, &theme),
        Some(Popup::Search(_)) => search(f, app, a.full, &theme),
        Some(Popup::Findings(_)) => findings(f, app, a.full, &theme),
        None => {}
    }
}

fn header(f: &mut Frame, app: &App, a: &Areas, t: &Theme) {
    let w = a.header.width as usize;
    let ds = &app.model.datasets;
    let what = match ds.as_slice() {
        [d] => format!("{} {}年 · {} 个单位", d.department, d.year, d.units.len()),
        many => format!("{} 个部门预算", many.len()),
    };
    let text = format!(
        " 预算 yusuan │ {what} │ 单位：{} │ 排序：{}",
        app.unit.label(),
        app.sort_label()
    );
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(truncate(&text, w), t.heading()))),
        a.header,
    );
    let mut spans = vec![Span::raw(" ")];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, tab.title());
        let style = if *tab == app.tab {
            t.selected().add_modifier(Modifier::BOLD)
        } else {
            Style::new()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(|s| width(&s.content)).sum();
    let line = if used > w {
        // Too narrow for all tabs: just the current one.
        Line::from(Span::styled(
            truncate(
                &format!(
                    " {} / 4 {}",
                    Tab::ALL.iter().position(|x| *x == app.tab).unwrap_or(0) + 1,
                    app.tab.title()
                ),
                w,
            ),
            t.selected(),
        ))
    } else {
        Line::from(spans)
    };
    f.render_widget(Paragraph::new(line), a.tabs);
    // Breadcrumb: the selected node's path, shortened from the left to fit.
    let crumb = match app.selected() {
        Some(id) if app.tab != Tab::Sangong => {
            let parts = app.model.path(id);
            breadcrumb(&parts, w.saturating_sub(2))
        }
        _ => String::new(),
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(format!(" {crumb}"), t.dim()))),
        a.crumb,
    );
}

/// Names joined by ` › `, dropping leading names (shown as `…`) until it
/// fits; the last name is cut with … if even it does not.
pub fn breadcrumb(parts: &[String], w: usize) -> String {
    for skip in 0..parts.len() {
        let mut s = parts[skip..].join(" › ");
        if skip > 0 {
            s = format!("… › {s}");
        }
        if width(&s) <= w {
            return s;
        }
    }
    truncate(parts.last().map(String::as_str).unwrap_or(""), w)
}

fn pane_block<'a>(title: String, focused: bool, t: &Theme) -> Block<'a> {
    Block::bordered()
        .title(title)
        .border_style(t.border(focused))
}

/// Column widths of the tree pane: which columns fit.
struct Columns {
    amount: usize,
    parent: bool,
    dept: bool,
    bar: usize,
    /// Width of each of the 基本 and 项目 columns (0: not shown).
    split: usize,
}

fn tree(f: &mut Frame, app: &App, area: Rect, t: &Theme) {
    let Some(state) = app.tree() else { return };
    let focused = app.focus == Focus::Tree;
    let title = match app.tab {
        Tab::Function => " 按科目 · 基/项：一般公共预算的基本/项目支出（表7） ".to_string(),
        _ => format!(" {} ", app.tab.title()),
    };
    let block = pane_block(title, focused, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let rows = app.rows();
    let h = inner.height as usize;
    let visible: Vec<&Row> = rows.iter().skip(state.offset).take(h).collect();
    let w = inner.width as usize;
    let amounts: Vec<String> = visible
        .iter()
        .map(|r| money::format(app.model.node(r.id).amount, app.unit))
        .collect();
    let aw = amounts.iter().map(|s| width(s)).max().unwrap_or(1);
    // The 科目 view shows each line's 基本/项目 split (一般公共预算, 表7) instead of a bar.
    let splits: Vec<Option<(String, String)>> = visible
        .iter()
        .map(|r| {
            app.model.node(r.id).split.map(|(b, p)| {
                (
                    format!("基 {}", money::format(b, app.unit)),
                    format!("项 {}", money::format(p, app.unit)),
                )
            })
        })
        .collect();
    let split_w = splits
        .iter()
        .flatten()
        .map(|(b, p)| width(b).max(width(p)))
        .max()
        .unwrap_or(0);
    let mut cols = Columns {
        amount: aw,
        parent: true,
        dept: true,
        bar: if split_w > 0 { 0 } else { 8 },
        split: split_w,
    };
    // Drop columns right to left until the name has room; never the amount.
    let fixed = |c: &Columns| {
        1 + 1
            + c.amount
            + if c.parent { 8 } else { 0 }
            + if c.dept { 8 } else { 0 }
            + if c.bar > 0 { c.bar + 1 } else { 0 }
            + if c.split > 0 { 2 * (c.split + 1) } else { 0 }
    };
    if w < fixed(&cols) + 30 {
        cols.bar = 0;
    }
    // In the 科目 view the split outranks the share of the department.
    if cols.split > 0 && w < fixed(&cols) + 24 {
        cols.dept = false;
    }
    if w < fixed(&cols) + 24 {
        cols.split = 0;
    }
    if w < fixed(&cols) + 22 {
        cols.dept = false;
    }
    if w < fixed(&cols) + 16 {
        cols.parent = false;
    }
    let name_w = w.saturating_sub(fixed(&cols));
    let mut lines = Vec::with_capacity(visible.len());
    for (k, (r, amount)) in visible.iter().zip(&amounts).enumerate() {
        let n = app.model.node(r.id);
        let selected = Some(r.id) == app.selected();
        let marker = if n.children.is_empty() {
            "  "
        } else if state.expanded.contains(&r.id) {
            "▾ "
        } else {
            "▸ "
        };
        let mark = match app.finding_mark(r.id) {
            Some(Severity::Mismatch) => ("!", t.fg(Color::Red).add_modifier(Modifier::BOLD)),
            Some(Severity::Rounding) => ("~", t.dim()),
            None => (" ", Style::new()),
        };
        let label = app.model.label(r.id);
        let indent = "  ".repeat(r.depth);
        // The name, then a space before the finding mark, never touching it.
        let name = pad_right(
            &format!("{indent}{marker}{label}"),
            name_w.saturating_sub(2),
        ) + " ";
        let mut spans = vec![
            Span::raw(if selected { "›" } else { " " }),
            Span::raw(name),
            Span::styled(mark.0, mark.1),
            Span::raw(" "),
            Span::styled(pad_left(amount, cols.amount), t.fg(Color::Cyan)),
        ];
        if cols.parent {
            spans.push(Span::raw(pad_left(
                &money::format_pct(app.model.share_of_parent(r.id)),
                8,
            )));
        }
        if cols.dept {
            spans.push(Span::styled(
                pad_left(&money::format_pct(app.model.share_of_department(r.id)), 8),
                t.dim(),
            ));
        }
        if cols.bar > 0 {
            spans.push(Span::raw(" "));
            spans.push(Span::styled(bar(app, r.id, cols.bar), t.fg(Color::Green)));
        }
        if cols.split > 0 {
            let (b, p) = splits[k].clone().unwrap_or_default();
            spans.push(Span::styled(
                format!(" {}", pad_left(&b, cols.split)),
                t.dim(),
            ));
            spans.push(Span::styled(
                format!(" {}", pad_left(&p, cols.split)),
                t.dim(),
            ));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(if focused {
                t.selected()
            } else {
                Style::new().add_modifier(Modifier::UNDERLINED)
            });
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// An ncdu-style bar: the node's amount against its largest sibling.
fn bar(app: &App, id: crate::model::NodeId, w: usize) -> String {
    let n = app.model.node(id);
    let max = match n.parent {
        Some(p) => app
            .model
            .node(p)
            .children
            .iter()
            .map(|c| app.model.node(*c).amount)
            .max()
            .unwrap_or_default(),
        None => n.amount,
    };
    if max.is_zero() || n.kind == Kind::Root {
        return " ".repeat(w);
    }
    // Floats only for drawing: the bar's length.
    let ratio = (n.amount / max)
        .to_string()
        .parse::<f64>()
        .unwrap_or(0.0)
        .clamp(0.0, 1.0);
    let eighths = (ratio * (w * 8) as f64).round() as usize;
    let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let mut s = "█".repeat(eighths / 8);
    s.push_str(blocks[eighths % 8]);
    pad_right(&s, w)
}

fn detail(f: &mut Frame, app: &App, area: Rect, t: &Theme) {
    let focused = app.focus == Focus::Detail;
    let block = pane_block(" 详情 ".into(), focused, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(id) = app.selected() else { return };
    let text = crate::detail::lines(
        &app.model,
        &app.findings,
        id,
        app.unit,
        inner.width as usize,
    );
    let scroll = app.detail_scroll.min(text.len().saturating_sub(1));
    let lines: Vec<Line> = text
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
        .map(|(i, l)| {
            let l = truncate(&l, inner.width as usize);
            if l.starts_with('【') || (i == 0 && scroll == 0) {
                Line::from(Span::styled(l, t.heading()))
            } else {
                Line::from(l)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn sangong(f: &mut Frame, app: &App, area: Rect, t: &Theme) {
    let block = pane_block(" 三公经费（表12） ".into(), true, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
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
        for (i, l) in sangong_compact(&rows, app.unit).into_iter().enumerate() {
            let style = if i == 0 || i == 1 {
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
                let ratio = if max.is_zero() {
                    0.0
                } else {
                    (v / max).to_string().parse::<f64>().unwrap_or(0.0)
                };
                let n = (ratio * bw as f64).round() as usize;
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
    f.render_widget(
        Paragraph::new(scrolled(lines, app.sangong_scroll, inner.height)),
        inner,
    );
}

/// The 三公 comparison in one row per unit, the department first: each cell
/// `上年→本年 ▼-1`, so the whole table fits on one screen.
pub fn sangong_compact(rows: &[views::SangongLine], unit: money::Unit) -> Vec<String> {
    let mut table: Vec<Vec<String>> = vec![[
        "单位",
        "合计",
        "出国(境)",
        "公务接待",
        "用车购置",
        "用车运维",
        "合计增减%",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
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
    let widths: Vec<usize> = (0..table[0].len())
        .map(|c| table.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    table
        .iter()
        .map(|r| {
            r.iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        pad_right(c, widths[i])
                    } else {
                        pad_left(c, widths[i])
                    }
                })
                .collect::<Vec<_>>()
                .join("  ")
        })
        .collect()
}

/// The lines a pane shows when scrolled to `scroll` (clamped to the content).
fn scrolled(lines: Vec<Line<'static>>, scroll: usize, height: u16) -> Vec<Line<'static>> {
    let scroll = scroll.min(lines.len().saturating_sub(1));
    lines
        .into_iter()
        .skip(scroll)
        .take(height as usize)
        .collect()
}

fn status(f: &mut Frame, app: &App, a: &Areas, t: &Theme) {
    let w = a.status.width as usize;
    let text = if !app.message.is_empty() {
        app.message.clone()
    } else if matches!(app.popup, Some(Popup::Help { .. })) {
        "↑↓ PgUp PgDn 滚动 · Esc ? 关闭".to_string()
    } else {
        let ctx = app.context();
        let trees = app.tab != Tab::Sangong;
        let mut hints: Vec<String> = keymap::hints(ctx, trees)
            .into_iter()
            .map(|(k, d)| format!("{k} {d}"))
            .collect();
        if !trees && ctx == Context::Main {
            hints.insert(0, "↑↓ 滚动 · 1 2 4 树形视图".to_string());
        }
        hints.join(" · ")
    };
    f.render_widget(
        Paragraph::new(Line::from(Span::styled(
            truncate(&format!(" {text}"), w),
            t.dim(),
        ))),
        a.status,
    );
}

fn popup_frame(f: &mut Frame, area: Rect, title: &str, t: &Theme) -> Rect {
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(title.to_string())
        .border_style(t.border(true));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

fn help(f: &mut Frame, full: Rect, scroll: usize, t: &Theme) {
    let area = centered(full, 72, full.height.saturating_sub(2));
    let inner = popup_frame(f, area, " 帮助（Esc 关闭） ", t);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for ctx in [
        Context::Main,
        Context::Global,
        Context::Search,
        Context::List,
    ] {
        lines.push(Line::from(Span::styled(
            format!("【{}】", ctx.label()),
            t.heading(),
        )));
        for b in keymap::bindings().iter().filter(|b| b.context == ctx) {
            let row = format!("  {}  {}", pad_right(b.shown_as, 12), b.description);
            lines.push(Line::from(truncate(&row, w)));
        }
        lines.push(Line::from(""));
    }
    lines.push(Line::from(truncate(
        "鼠标：滚轮滚动，单击选中；--no-mouse 关闭鼠标以便复制文字",
        w,
    )));
    f.render_widget(Paragraph::new(scrolled(lines, scroll, inner.height)), inner);
}

fn search(f: &mut Frame, app: &App, full: Rect, t: &Theme) {
    let Some(Popup::Search(s)) = &app.popup else {
        return;
    };
    let area = centered(
        full,
        100.min(full.width.saturating_sub(2)),
        24.min(full.height.saturating_sub(2)),
    );
    let inner = popup_frame(f, area, " 搜索：中文 / 拼音 / 首字母 / 编码 ", t);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let w = inner.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", t.heading()),
        Span::raw(truncate(&s.query, w.saturating_sub(3))),
        Span::styled("▏", t.fg(Color::Cyan)),
    ])];
    let note = if s.query.is_empty() {
        "输入名称、拼音（rencai）、首字母（rcyj）或科目编码".to_string()
    } else if s.answered != s.query {
        format!("搜索中… （显示 {:?} 的结果）", s.answered)
    } else {
        format!("{} 个结果", s.hits.len())
    };
    lines.push(Line::from(Span::styled(truncate(&note, w), t.dim())));
    let rows = (inner.height as usize).saturating_sub(2);
    let offset = s.selected.saturating_sub(rows.saturating_sub(1));
    let amounts: Vec<String> = s
        .hits
        .iter()
        .map(|h| money::format(app.model.node(h.id).amount, app.unit))
        .collect();
    let aw = amounts.iter().map(|a| width(a)).max().unwrap_or(0);
    for (i, h) in s.hits.iter().enumerate().skip(offset).take(rows) {
        let n = app.model.node(h.id);
        let path = app.model.path(h.id);
        let context = path[..path.len().saturating_sub(1)]
            .iter()
            .skip(1)
            .cloned()
            .collect::<Vec<_>>()
            .join(" › ");
        let context = if h.tier == crate::search::Tier::Mention {
            format!("用途提及 · {context}")
        } else {
            context
        };
        let name_w = (w.saturating_sub(aw + 3) * 11 / 20).max(6);
        let mut spans = vec![Span::raw(if i == s.selected { "›" } else { " " })];
        // The name, its matched characters highlighted, cut by display width.
        let mut used = 0;
        let available = name_w.saturating_sub(1);
        let fits = width(&n.name) <= available;
        for (ci, c) in n.name.chars().enumerate() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if !fits && used + cw > available.saturating_sub(1) {
                spans.push(Span::raw("…"));
                used += 1;
                break;
            }
            let style = if h.positions.contains(&ci) {
                t.highlight()
            } else {
                Style::new()
            };
            spans.push(Span::styled(c.to_string(), style));
            used += cw;
        }
        spans.push(Span::raw(" ".repeat(name_w.saturating_sub(used))));
        let ctx_w = w.saturating_sub(1 + name_w + aw + 2);
        spans.push(Span::styled(pad_right(&context, ctx_w), t.dim()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(pad_left(&amounts[i], aw), t.fg(Color::Cyan)));
        let mut line = Line::from(spans);
        if i == s.selected {
            line = line.style(t.selected());
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn findings(f: &mut Frame, app: &App, full: Rect, t: &Theme) {
    let Some(Popup::Findings(l)) = &app.popup else {
        return;
    };
    let mismatches = app
        .findings
        .iter()
        .filter(|x| x.severity == Severity::Mismatch)
        .count();
    let title = format!(
        " 核对：{} 条（不一致 {}，舍入 {}）Enter 跳转 ",
        app.findings.len(),
        mismatches,
        app.findings.len() - mismatches
    );
    let (area, rows) = Areas::compute(full.width, full.height, app.focus).findings_popup();
    let inner = popup_frame(f, area, &title, t);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = app
        .findings
        .iter()
        .enumerate()
        .skip(l.offset)
        .take(rows)
        .map(|(i, x)| {
            let sev = match x.severity {
                Severity::Mismatch => {
                    Span::styled("不一致 ", t.fg(Color::Red).add_modifier(Modifier::BOLD))
                }
                Severity::Rounding => Span::styled("舍入   ", t.dim()),
            };
            let text = truncate(&x.message, w.saturating_sub(8));
            let mut line = Line::from(vec![
                Span::raw(if i == l.selected { "›" } else { " " }),
                sev,
                Span::raw(text),
            ]);
            if i == l.selected {
                line = line.style(t.selected());
            }
            line
        })
        .collect();
    // The selected finding in full: its message, each figure with its source.
    if let Some(x) = app.findings.get(l.selected) {
        while lines.len() < rows {
            lines.push(Line::from(""));
        }
        lines.push(Line::from(Span::styled("─".repeat(w), t.dim())));
        let figures: Vec<String> = x
            .figures
            .iter()
            .map(|c| {
                let at = if c.source.line > 0 {
                    format!(" 第{}行", c.source.line)
                } else {
                    String::new()
                };
                format!(
                    "{} {}（{}{at}）",
                    c.label,
                    money::format(c.value, app.unit),
                    c.source.place
                )
            })
            .collect();
        let mut detail = crate::width::wrap(&x.message, w);
        detail.push(format!(
            "相差 {} · 容差 {}（舍入所能解释的最大差额）",
            x.difference, x.tolerance
        ));
        detail.extend(crate::width::wrap(&figures.join(" · "), w));
        lines.extend(
            detail
                .into_iter()
                .take(super::layout::FINDING_DETAIL)
                .map(|d| Line::from(truncate(&d, w))),
        );
    }
    f.render_widget(Paragraph::new(lines), inner);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumb_drops_leading_names_to_fit() {
        let parts: Vec<String> = [
            "深圳市人力资源和社会保障局",
            "市人社局本级",
            "项目支出",
            "人才引进及管理",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            breadcrumb(&parts, 200),
            "深圳市人力资源和社会保障局 › 市人社局本级 › 项目支出 › 人才引进及管理"
        );
        let b = breadcrumb(&parts, 40);
        assert!(width(&b) <= 40, "{b}");
        assert!(
            b.starts_with("… › ") && b.ends_with("人才引进及管理"),
            "{b}"
        );
        assert_eq!(breadcrumb(&parts, 6), "人才…");
    }
}
