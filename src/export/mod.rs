//! Exports for the people after the meeting: the views as sheets (one row per
//! line in tree order, a column per level of the path so it pivots), the
//! findings and the notes — written as CSV (UTF-8 with a byte-order mark, for
//! Excel and WPS), XLSX (frozen header, numbers as numbers, the tree as
//! outline levels) or Markdown tables. Every file goes through the atomic write.

mod write;

pub use write::{csv, markdown, xlsx};

use crate::check::Finding;
use crate::compare::Status;
use crate::model::{Model, NodeId, View};
use crate::money::{self, Unit};
use crate::notes::Notes;
use crate::schema::SangongItem;
use crate::views::{self, Lens, Sort};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// An amount in the sheet's unit, exactly as precise as the document.
    Amount(Decimal),
    /// A percentage with 2 decimals.
    Pct(Decimal),
    Empty,
}

/// One row: its depth in the tree (for outline levels) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub depth: usize,
    pub cells: Vec<Cell>,
}

/// A named table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// What a tree sheet shows: which lines, and which amounts.
pub struct Scope<'a> {
    pub model: &'a Model,
    pub lens: Lens<'a>,
    pub unit: Unit,
    /// Lines to keep (a filter with ancestors), or all.
    pub keep: Option<&'a HashSet<NodeId>>,
}

fn amount(v: Option<Decimal>, unit: Unit) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Amount(money::in_unit(v, unit)))
}

fn pct(p: Option<Decimal>) -> Cell {
    p.map_or(Cell::Empty, Cell::Pct)
}

/// The units side by side ([`views::unit_table`], in `rows`' order): one
/// row a unit, the department first; amounts in `unit`, 编制 a count.
pub fn units_sheet(rows: &[views::UnitRow], unit: Unit) -> Sheet {
    let u = unit.label();
    let header = views::UNIT_COLUMNS
        .iter()
        .enumerate()
        .map(|(c, h)| match c {
            0 | 7 => (*h).to_string(),
            8 => format!("{h}({u}/人)"),
            _ => format!("{h}({u})"),
        })
        .collect();
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::Text(r.name.clone())];
            for c in 1..views::UNIT_COLUMNS.len() {
                cells.push(match (c, r.value(c)) {
                    (7, Some(v)) => Cell::Text(v.to_string()),
                    (_, v) => amount(v, unit),
                });
            }
            Row {
                depth: usize::from(!r.is_department),
                cells,
            }
        })
        .collect();
    Sheet {
        name: "单位对比".into(),
        header,
        rows,
    }
}

/// The sheet's name for a view.
pub fn view_name(v: View) -> &'static str {
    match v {
        View::Unit => "按单位",
        View::Function => "按科目",
        View::Money => "收入与采购",
        View::Sangong => "三公经费",
    }
}

/// A view's tree as a sheet, from `top`.
pub fn tree_sheet(s: &Scope, top: NodeId, name: &str) -> Sheet {
    let m = s.model;
    let rows = views::flatten_open(
        m,
        s.lens,
        top,
        Sort {
            key: views::SortKey::Document,
            reversed: false,
        },
        |_, _| true,
        |id| s.keep.is_none_or(|k| k.contains(&id)),
    );
    let levels = rows.iter().map(|r| r.depth + 1).max().unwrap_or(1);
    let u = s.unit.label();
    let mut header: Vec<String> = (1..=levels).map(|l| format!("层级{l}")).collect();
    header.extend(["名称", "类型", "编码"].map(String::from));
    let compared = matches!(s.lens, Lens::Years { .. });
    if let (true, Lens::Years { timeline, years }) = (compared, s.lens) {
        let _ = timeline;
        let (y0, y1) = (
            m.year_label(years[0]),
            m.year_label(*years.last().unwrap_or(&0)),
        );
        header.extend([
            format!("{y0}({u})"),
            format!("{y1}({u})"),
            format!("增减({u})"),
            "增减%".into(),
            "状态".into(),
            "原名".into(),
        ]);
    } else {
        header.extend([format!("金额({u})"), "占上级%".into(), "占部门%".into()]);
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut path: Vec<String> = Vec::new();
    for r in &rows {
        let n = m.node(r.id);
        path.truncate(r.depth);
        path.push(n.name.clone());
        let mut cells: Vec<Cell> = (0..levels)
            .map(|l| path.get(l).map_or(Cell::Empty, |p| Cell::Text(p.clone())))
            .collect();
        cells.push(Cell::Text(n.name.clone()));
        cells.push(Cell::Text(n.kind.label().into()));
        cells.push(if n.code.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(n.code.to_string())
        });
        match s.lens.compared(m, r.id) {
            Some(c) => {
                let status = match c.status {
                    Status::Same | Status::Changed => String::new(),
                    st => st.label().into(),
                };
                cells.extend([
                    amount(c.from, s.unit),
                    amount(c.to, s.unit),
                    amount(c.known_change(), s.unit),
                    pct(c.change_pct),
                    Cell::Text(status),
                    c.previous_name.map_or(Cell::Empty, Cell::Text),
                ]);
            }
            None => cells.extend([
                amount(n.known(), s.unit),
                pct(m.share_of_parent(r.id)),
                pct(m.share_of_department(r.id)),
            ]),
        }
        out.push(Row {
            depth: r.depth,
            cells,
        });
    }
    Sheet {
        name: name.to_string(),
        header,
        rows: out,
    }
}

/// 三公经费 of every dataset: unit, item, both years, change, change %.
pub fn sangong_sheet(model: &Model, unit: Unit) -> Sheet {
    let u = unit.label();
    let mut rows = Vec::new();
    let mut years_seen = (String::new(), String::new());
    for d in &model.datasets {
        let Some((y0, y1, lines)) = crate::model::sangong::sangong(d) else {
            continue;
        };
        years_seen = (y0.label_beside(y1), y1.to_string());
        for l in &lines {
            let (b, a, ch) = (l.before.values(), l.after.values(), l.changes());
            for (i, item) in SangongItem::SHOWN.iter().enumerate() {
                rows.push(Row {
                    depth: usize::from(i > 0),
                    cells: vec![
                        Cell::Text(d.department.clone()),
                        Cell::Text(l.unit.clone()),
                        Cell::Text(item.label().to_string()),
                        amount(Some(b[i]), unit),
                        amount(Some(a[i]), unit),
                        amount(Some(ch[i].0), unit),
                        pct(ch[i].1),
                    ],
                });
            }
        }
    }
    Sheet {
        name: "三公经费".into(),
        header: vec![
            "部门".into(),
            "单位".into(),
            "项目".into(),
            format!("{}({u})", years_seen.0),
            format!("{}({u})", years_seen.1),
            format!("增减({u})"),
            "增减%".into(),
        ],
        rows,
    }
}

/// The reconciliation findings, real disagreements first (a line printed
/// in the wrong place marked 位置, with no difference).
pub fn findings_sheet(model: &Model, findings: &[Finding]) -> Sheet {
    let rows = findings
        .iter()
        .map(|f| Row {
            depth: 0,
            cells: vec![
                Cell::Text(if f.rule.is_placement() {
                    "位置".into()
                } else {
                    f.severity.label().into()
                }),
                Cell::Text(f.rule.id().into()),
                Cell::Text(
                    f.node
                        .map(|id| model.path(id).join("/"))
                        .unwrap_or_default(),
                ),
                Cell::Text(f.message.clone()),
                // A line printed in the wrong place: no difference of money.
                if f.rule.is_placement() {
                    Cell::Empty
                } else {
                    Cell::Amount(f.difference)
                },
                Cell::Amount(f.tolerance),
                Cell::Text(
                    f.figures
                        .iter()
                        .map(|c| {
                            format!(
                                "{} {}（{}）",
                                c.label,
                                c.value.normalize(),
                                f.cite(model, c)
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("；"),
                ),
            ],
        })
        .collect();
    Sheet {
        name: "核对".into(),
        header: [
            "程度",
            "规则",
            "位置",
            "说明",
            "相差(万元)",
            "容差(万元)",
            "数字与来源",
        ]
        .map(String::from)
        .to_vec(),
        rows,
    }
}

/// Every mark and note of the datasets open: where, the amount, the note.
pub fn notes_sheet(model: &Model, notes: &Notes, unit: Unit) -> Sheet {
    let rows = notes
        .for_model(model)
        .map(|n| {
            let node = crate::notes::node_of(model, &n.key);
            Row {
                depth: 0,
                cells: vec![
                    Cell::Text(n.key.department.clone()),
                    Cell::Text(n.key.year.to_string()),
                    Cell::Text(n.key.path.join("/")),
                    amount(node.and_then(|id| model.node(id).known()), unit),
                    Cell::Text(n.text.clone()),
                    Cell::Text(if node.is_none() {
                        "原行已不存在".into()
                    } else {
                        String::new()
                    }),
                ],
            }
        })
        .collect();
    Sheet {
        name: "标记与备注".into(),
        header: vec![
            "部门".into(),
            "年度".into(),
            "路径".into(),
            format!("金额({})", unit.label()),
            "备注".into(),
            "状态".into(),
        ],
        rows,
    }
}
