//! The tree pane: a header row naming the columns, then one row per visible
//! node — name, finding marker, and the columns that fit: amount, shares and
//! a bar (or the 科目 view's 基本/项目 split); with two years compared, each
//! year's amount, the change, the change % and the status. Columns are
//! dropped right to left as the pane narrows; the name always has room.

use super::{pane_block, Theme};
use crate::check::Severity;
use crate::compare::{Compared, Status};
use crate::model::{Kind, Model, NodeId};
use crate::money;
use crate::tui::state::{Row, Tab, TreeState};
use crate::views::Lens;
use crate::width::{pad_left, pad_right, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// A column of the tree pane besides the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Amount,
    Parent,
    Dept,
    Bar,
    Basic,
    Project,
    From,
    To,
    Change,
    Pct,
    Status,
}

/// Width of the bar column.
const BAR: usize = 8;
/// Width of the status column's labels (新增, 取消, 更名, 状态).
const STATUS: usize = 4;
/// The name keeps at least this much room before columns are dropped (less
/// when two years are compared: their columns matter more, and the detail
/// pane shows the name in full).
const NAME_ROOM: usize = 24;
const NAME_ROOM_COMPARED: usize = 18;

/// The tree pane: one row per visible node, columns dropped right to left
/// as it narrows. What it draws, and nothing else: the model and how it is
/// looked at (one year, or two compared), the tree's state and its visible
/// rows, the tab, the unit, what the bars show, and each row's marks.
pub struct TreePane<'a> {
    pub model: &'a Model,
    pub lens: Lens<'a>,
    /// The years compared (their labels head the year columns).
    pub compare: [usize; 2],
    pub state: &'a TreeState,
    pub rows: &'a [Row],
    pub tab: Tab,
    pub unit: money::Unit,
    /// The bars show each line's change, not its amount.
    pub bar_change: bool,
    pub focused: bool,
    pub marks: &'a dyn Fn(NodeId) -> RowMarks,
    pub theme: &'a Theme,
}

/// The marks beside a row's name: the worst finding about its node, and
/// whether the reviewer marked (or noted) it.
#[derive(Debug, Clone, Copy)]
pub struct RowMarks {
    pub finding: Option<Severity>,
    pub marked: bool,
}

/// The cells of the visible rows, column by column, computed once per frame.
struct Grid {
    cols: Vec<(Col, usize)>,
    name_w: usize,
    cells: Vec<Vec<String>>,
    compared: Vec<Option<Compared>>,
}

impl Widget for TreePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let p = &self;
        let t = p.theme;
        let title = match p.tab {
            // The table the 基本/项目 columns come from, as the document names it.
            Tab::Function => {
                let from = p
                    .model
                    .datasets
                    .first()
                    .filter(|d| {
                        d.tables_seen.is_empty()
                            || d.tables_seen
                                .iter()
                                .any(|t| t.role == crate::schema::role::GENERAL_PUBLIC)
                    })
                    .map(|d| format!("（{}）", d.label(crate::schema::role::GENERAL_PUBLIC)))
                    .unwrap_or_default();
                format!(" 按科目 · 基本/项目：一般公共预算的基本/项目支出{from} ")
            }
            _ => format!(" {} ", p.tab.title()),
        };
        let block = pane_block(title, p.focused, t);
        let inner = block.inner(area);
        Widget::render(block, area, buf);
        if inner.height == 0 {
            return;
        }
        let h = inner.height.saturating_sub(1) as usize;
        let visible: Vec<&Row> = p.rows.iter().skip(p.state.offset).take(h).collect();
        let grid = grid(p, &visible, inner.width as usize);
        let mut lines = Vec::with_capacity(visible.len() + 1);
        lines.push(header_line(p, &grid));
        for (k, r) in visible.iter().enumerate() {
            lines.push(row_line(p, r, &grid, k));
        }
        Widget::render(Paragraph::new(lines), inner, buf);
    }
}

/// Which columns the mode has, in order, and which go first when room is short.
fn columns(p: &TreePane, has_split: bool) -> (Vec<Col>, Vec<Col>) {
    if matches!(p.lens, Lens::Years { .. }) {
        (
            vec![
                Col::From,
                Col::To,
                Col::Change,
                Col::Pct,
                Col::Status,
                Col::Bar,
            ],
            vec![Col::Bar, Col::Pct, Col::From, Col::Status],
        )
    } else if has_split {
        // In the 科目 view the split outranks the share of the department.
        (
            vec![
                Col::Amount,
                Col::Parent,
                Col::Dept,
                Col::Basic,
                Col::Project,
            ],
            vec![Col::Dept, Col::Basic, Col::Project, Col::Parent],
        )
    } else {
        (
            vec![Col::Amount, Col::Parent, Col::Dept, Col::Bar],
            vec![Col::Bar, Col::Dept, Col::Parent],
        )
    }
}

fn header(p: &TreePane, c: Col) -> String {
    match c {
        Col::Amount => "金额".into(),
        Col::Parent => "占上级".into(),
        Col::Dept => "占部门".into(),
        Col::Bar => if p.bar_change { "增减图" } else { "" }.into(),
        Col::Basic => "基本".into(),
        Col::Project => "项目".into(),
        Col::From => p.model.year_label(p.compare[0]),
        Col::To => p.model.year_label(p.compare[1]),
        Col::Change => "增减".into(),
        Col::Pct => "增减%".into(),
        Col::Status => "状态".into(),
    }
}

fn cell(p: &TreePane, id: NodeId, c: Col, cmp: Option<&Compared>) -> String {
    let m = p.model;
    let n = m.node(id);
    let amount = |v: Option<rust_decimal::Decimal>| money::shown_or_dash(v, p.unit);
    match c {
        Col::Amount => amount(n.known()),
        Col::Parent => money::format_pct(m.share_of_parent(id)),
        Col::Dept => money::format_pct(m.share_of_department(id)),
        Col::Bar => String::new(),
        Col::Basic => n
            .split()
            .map(|(b, _)| money::shown(b, p.unit))
            .unwrap_or_default(),
        Col::Project => n
            .split()
            .map(|(_, project)| money::shown(project, p.unit))
            .unwrap_or_default(),
        Col::From => amount(cmp.and_then(|c| c.from)),
        Col::To => amount(cmp.and_then(|c| c.to)),
        // A unit the other year does not break down, or an amount not
        // stated: no change to show.
        Col::Change => cmp
            .map(|c| {
                if c.unsplit || c.unstated {
                    "—".into()
                } else {
                    money::shown_change(c.change, p.unit)
                }
            })
            .unwrap_or_default(),
        Col::Pct => cmp
            .map(|c| money::format_pct(c.change_pct))
            .unwrap_or_default(),
        Col::Status => cmp
            .map(|c| match (c.status, c.previous_name.as_deref()) {
                // A renamed line says what it was called.
                (Status::Renamed, Some(old)) => format!("更名，原 {old}"),
                (Status::Added | Status::Removed | Status::Renamed, _) => c.label().into(),
                (Status::Same | Status::Changed, _) => String::new(),
            })
            .unwrap_or_default(),
    }
}

/// The cells of the visible rows and the columns that fit in `w`.
fn grid(p: &TreePane, visible: &[&Row], w: usize) -> Grid {
    let compared: Vec<Option<Compared>> = visible
        .iter()
        .map(|r| p.lens.compared(p.model, r.id))
        .collect();
    let has_split = visible.iter().any(|r| p.model.node(r.id).split().is_some());
    let (mut order, drop) = columns(p, has_split);
    let col_w = |c: Col, cells: &[String]| -> usize {
        if c == Col::Bar {
            BAR
        } else if c == Col::Status {
            // A status's label; a rename's earlier name shares the name's room below.
            STATUS
        } else {
            cells
                .iter()
                .map(|s| width(s))
                .chain(std::iter::once(width(&header(p, c))))
                .max()
                .unwrap_or(0)
        }
    };
    let all: Vec<(Col, Vec<String>)> = order
        .iter()
        .map(|&c| {
            (
                c,
                visible
                    .iter()
                    .zip(&compared)
                    .map(|(r, cmp)| cell(p, r.id, c, cmp.as_ref()))
                    .collect(),
            )
        })
        .collect();
    let widths: Vec<(Col, usize)> = all
        .iter()
        .map(|(c, cells)| (*c, col_w(*c, cells)))
        .collect();
    // Selection marker, name, a space, mark, finding mark; each column a space before it.
    let fixed = |order: &[Col]| -> usize {
        4 + order
            .iter()
            .map(|c| {
                widths
                    .iter()
                    .find(|(x, _)| x == c)
                    .map_or(0, |(_, w)| w + 1)
            })
            .sum::<usize>()
    };
    let name_room = if compared.iter().any(Option::is_some) {
        NAME_ROOM_COMPARED
    } else {
        NAME_ROOM
    };
    for d in drop {
        let room = if d == Col::Bar {
            name_room + 6
        } else {
            name_room
        };
        if w >= fixed(&order) + room {
            break;
        }
        order.retain(|c| *c != d);
    }
    let mut name_w = w.saturating_sub(fixed(&order));
    let mut cols: Vec<(Col, usize)> = widths
        .into_iter()
        .filter(|(c, _)| order.contains(c))
        .collect();
    if let Some((_, cells)) = all.iter().find(|(c, _)| *c == Col::Status) {
        if order.contains(&Col::Status) {
            name_w = share_with_status(p.model, visible, cells, name_w, name_room, &mut cols);
        }
    }
    let cells = visible
        .iter()
        .enumerate()
        .map(|(k, _)| {
            cols.iter()
                .map(|(c, _)| {
                    all.iter()
                        .find(|(x, _)| x == c)
                        .map(|(_, cells)| cells[k].clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    Grid {
        cols,
        name_w,
        cells,
        compared,
    }
}

/// A rename's earlier name: the status column and the name share their
/// room; the name (in full in the detail and the breadcrumb) gives way
/// first, down to its least room, then the earlier name. The name's width.
fn share_with_status(
    model: &Model,
    visible: &[&Row],
    cells: &[String],
    name_w: usize,
    name_room: usize,
    cols: &mut [(Col, usize)],
) -> usize {
    let status_need = cells.iter().map(|s| width(s)).max().unwrap_or(0);
    if status_need <= STATUS {
        return name_w;
    }
    let name_need = visible
        .iter()
        .map(|r| 2 * r.depth + 2 + width(&model.label(r.id)))
        .max()
        .unwrap_or(0);
    let room = name_w + STATUS;
    let (mut n, mut st) = (name_need.min(room), status_need);
    while n + st > room {
        if n > name_room {
            n -= 1;
        } else if st > STATUS {
            st -= 1;
        } else {
            break;
        }
    }
    for (c, cw) in cols.iter_mut() {
        if *c == Col::Status {
            *cw = st;
        }
    }
    room - st.min(room)
}

fn header_line(p: &TreePane, g: &Grid) -> Line<'static> {
    let mut s = format!(" {}", pad_right("名称", g.name_w + 3));
    for (c, w) in &g.cols {
        s.push(' ');
        if *c == Col::Status {
            s.push_str(&pad_right(&header(p, *c), *w));
        } else {
            s.push_str(&pad_left(&header(p, *c), *w));
        }
    }
    Line::from(Span::styled(s, p.theme.dim().add_modifier(Modifier::BOLD)))
}

/// One tree row: selection marker, indented name, finding mark, then the columns.
fn row_line(p: &TreePane, r: &Row, g: &Grid, k: usize) -> Line<'static> {
    let t = p.theme;
    let selected = r.id == p.state.selected;
    let marks = (p.marks)(r.id);
    let marker = if !r.has_children {
        "  "
    } else if p.state.expanded.contains(&r.id) {
        "▾ "
    } else {
        "▸ "
    };
    let mark = match marks.finding {
        Some(Severity::Mismatch) => ("!", t.fg(Color::Red).add_modifier(Modifier::BOLD)),
        Some(Severity::Rounding) => ("~", t.dim()),
        None => (" ", Style::new()),
    };
    let cmp = g.compared[k].as_ref();
    let label = p.model.label(r.id);
    let indent = "  ".repeat(r.depth);
    // The name, then a space before the finding mark, never touching it.
    let name = pad_right(&format!("{indent}{marker}{label}"), g.name_w) + " ";
    // `*`: marked (or noted) by the reviewer.
    let star = if marks.marked {
        Span::styled("*", t.fg(Color::Yellow).add_modifier(Modifier::BOLD))
    } else {
        Span::raw(" ")
    };
    let mut spans = vec![
        Span::raw(if selected { "›" } else { " " }),
        Span::raw(name),
        star,
        Span::styled(mark.0, mark.1),
    ];
    for ((c, w), text) in g.cols.iter().zip(&g.cells[k]) {
        spans.push(Span::raw(" "));
        let style = match c {
            Col::Amount | Col::To => t.fg(Color::Cyan),
            Col::Dept | Col::Basic | Col::Project | Col::From => t.dim(),
            Col::Change | Col::Status => match cmp.map(|c| (c.status, c.change.is_sign_negative()))
            {
                _ if cmp.is_some_and(|c| c.unsplit || c.unstated) => t.dim(),
                Some((Status::Added, _)) => t.fg(Color::Green),
                Some((Status::Removed, _)) => t.fg(Color::Red),
                Some((Status::Renamed, _)) => t.fg(Color::Magenta),
                Some((_, true)) if !cmp.is_some_and(|c| c.change.is_zero()) => t.fg(Color::Red),
                Some(_) => t.fg(Color::Green),
                None => Style::new(),
            },
            _ => Style::new(),
        };
        if *c == Col::Bar {
            spans.push(Span::styled(bar(p, r.id, *w, cmp), t.fg(Color::Green)));
        } else if *c == Col::Status {
            spans.push(Span::styled(pad_right(text, *w), style));
        } else {
            spans.push(Span::styled(pad_left(text, *w), style));
        }
    }
    let mut line = Line::from(spans);
    if selected {
        line = line.style(if p.focused {
            t.selected()
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        });
    }
    line
}

/// An ncdu-style bar: the node's amount against its largest sibling — or,
/// with `b`, its change against the largest change among its siblings.
fn bar(p: &TreePane, id: NodeId, w: usize, cmp: Option<&Compared>) -> String {
    let m = p.model;
    let lens = p.lens;
    let siblings = lens
        .parent(m, id)
        .map_or_else(|| vec![id], |p| lens.children(m, p));
    let value = |n: NodeId| -> rust_decimal::Decimal {
        if p.bar_change {
            lens.compared(m, n)
                .map(|c| c.change.abs())
                .unwrap_or_default()
        } else {
            m.node(n).amount
        }
    };
    let max = siblings.iter().map(|s| value(*s)).max().unwrap_or_default();
    let own = if p.bar_change {
        cmp.map(|c| c.change.abs()).unwrap_or_default()
    } else {
        m.node(id).amount
    };
    if max.is_zero() || m.node(id).kind == Kind::Root {
        return " ".repeat(w);
    }
    // Floats only for drawing: the bar's length.
    let eighths = money::bar_cells(own, max, w * 8);
    let blocks = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
    let mut s = "█".repeat(eighths / 8);
    s.push_str(blocks[eighths % 8]);
    pad_right(&s, w)
}
