//! The tree pane: name, finding marker, amount, shares and a bar (or the
//! 科目 view's 基本/项目 split), columns dropped right to left as it narrows.

use super::{pane_block, Theme};
use crate::check::Severity;
use crate::model::Kind;
use crate::money;
use crate::tui::app::{App, Focus, Row, Tab};
use crate::width::{pad_left, pad_right, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// Column widths of the tree pane: which columns fit.
struct Columns {
    amount: usize,
    parent: bool,
    dept: bool,
    bar: usize,
    /// Width of each of the 基本 and 项目 columns (0: not shown).
    split: usize,
}

impl Columns {
    /// Columns besides the name, in display columns.
    fn fixed(&self) -> usize {
        1 + 1
            + self.amount
            + if self.parent { 8 } else { 0 }
            + if self.dept { 8 } else { 0 }
            + if self.bar > 0 { self.bar + 1 } else { 0 }
            + if self.split > 0 {
                2 * (self.split + 1)
            } else {
                0
            }
    }

    /// Which columns fit in `w`: dropped right to left until the name has
    /// room; never the amount.
    fn fit(w: usize, amount: usize, split: usize) -> Columns {
        let mut cols = Columns {
            amount,
            parent: true,
            dept: true,
            bar: if split > 0 { 0 } else { 8 },
            split,
        };
        if w < cols.fixed() + 30 {
            cols.bar = 0;
        }
        // In the 科目 view the split outranks the share of the department.
        if cols.split > 0 && w < cols.fixed() + 24 {
            cols.dept = false;
        }
        if w < cols.fixed() + 24 {
            cols.split = 0;
        }
        if w < cols.fixed() + 22 {
            cols.dept = false;
        }
        if w < cols.fixed() + 16 {
            cols.parent = false;
        }
        cols
    }
}

/// The tree pane: one row per visible node, columns dropped right to left as it narrows.
pub struct TreePane<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for TreePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let TreePane { app, theme: t } = self;
        let Some(state) = app.tree() else { return };
        let focused = app.focus == Focus::Tree;
        let title = match app.tab {
            Tab::Function => " 按科目 · 基/项：一般公共预算的基本/项目支出（表7） ".to_string(),
            _ => format!(" {} ", app.tab.title()),
        };
        let block = pane_block(title, focused, t);
        let inner = block.inner(area);
        Widget::render(block, area, buf);
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
        let cols = Columns::fit(w, aw, split_w);
        let name_w = w.saturating_sub(cols.fixed());
        let mut lines = Vec::with_capacity(visible.len());
        for (k, (r, amount)) in visible.iter().zip(&amounts).enumerate() {
            let cells = RowCells {
                amount,
                split: splits[k].as_ref(),
                name_w,
                focused,
            };
            lines.push(row_line(app, t, r, &cells, &cols));
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}

/// What one row shows besides the node itself.
struct RowCells<'a> {
    amount: &'a str,
    split: Option<&'a (String, String)>,
    name_w: usize,
    focused: bool,
}

/// One tree row: selection marker, indented name, finding mark, amount and
/// the columns that fit.
fn row_line(app: &App, t: &Theme, r: &Row, cells: &RowCells, cols: &Columns) -> Line<'static> {
    let Some(state) = app.tree() else {
        return Line::default();
    };
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
        cells.name_w.saturating_sub(2),
    ) + " ";
    let mut spans = vec![
        Span::raw(if selected { "›" } else { " " }),
        Span::raw(name),
        Span::styled(mark.0, mark.1),
        Span::raw(" "),
        Span::styled(pad_left(cells.amount, cols.amount), t.fg(Color::Cyan)),
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
        let (b, p) = cells.split.cloned().unwrap_or_default();
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
        line = line.style(if cells.focused {
            t.selected()
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        });
    }
    line
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
    let eighths = money::bar_cells(n.amount, max, w * 8);
    let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let mut s = "█".repeat(eighths / 8);
    s.push_str(blocks[eighths % 8]);
    pad_right(&s, w)
}
