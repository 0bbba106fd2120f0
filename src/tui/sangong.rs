//! The 三公 table as the explorer lays it out: one row per unit (the
//! department first), columns as wide as their content, sorted by any column,
//! and the items that do not fit scrolled with ←/→. Shared by `update` (which
//! scrolls and sorts) and `ui` (which draws), so they agree.

use crate::model::sangong::SangongLine;
use crate::money;
use crate::table::{Align, Table};
use crate::width::{width, wrap};
use rust_decimal::Decimal;

/// The table's columns: the unit, the total in both years, its change and
/// change %, then each item's later year and change.
pub const COLUMNS: [&str; 13] = [
    "单位",
    "合计上年",
    "合计本年",
    "增减",
    "增减%",
    "出国(境)",
    "增减",
    "公务接待",
    "增减",
    "用车购置",
    "增减",
    "用车运维",
    "增减",
];

/// The unit's name keeps at least this much room before items scroll away.
const NAME_MIN: usize = 18;

/// The items (indices into `SangongItem::SHOWN`, 1..5), each a pair of columns.
const ITEMS: [usize; 4] = [1, 2, 3, 4];

/// How the 三公 table is looked at: the sort and the first item shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SangongView {
    /// The column sorted by (an index into [`COLUMNS`]), largest first
    /// unless reversed; `None`: the document's order.
    pub sort: Option<(usize, bool)>,
    /// When not every item fits: the first item shown (←/→ move it).
    pub first: usize,
}

/// A column's name for the status line and the heading (an item's change
/// says whose).
pub fn column_label(c: usize) -> String {
    if c >= 6 && c.is_multiple_of(2) {
        format!("{}增减", COLUMNS[c - 1])
    } else {
        COLUMNS.get(c).copied().unwrap_or("").to_string()
    }
}

/// The columns `s` sorts by, in turn (then the document's order again):
/// the totals, the unit, then the items that are not 0 everywhere.
pub fn sort_cycle(rows: &[SangongLine]) -> Vec<usize> {
    let mut out = vec![2, 3, 4, 1, 0];
    for i in ITEMS {
        if !all_zero(rows, i) {
            out.extend([3 + 2 * i, 4 + 2 * i]);
        }
    }
    out
}

fn all_zero(rows: &[SangongLine], i: usize) -> bool {
    rows.iter()
        .all(|r| r.before.values()[i].is_zero() && r.after.values()[i].is_zero())
}

/// The table laid out for a width.
#[derive(Debug, Clone, Default)]
pub struct Compact {
    /// The header row, then one row per unit.
    pub lines: Vec<String>,
    /// Each row's unit (the department's name for its row), in the order shown.
    pub units: Vec<String>,
    /// What the table leaves out and how to see it, to show below it whole.
    pub note: String,
    /// Items scrolled out of sight on the left and on the right.
    pub left: usize,
    pub right: usize,
    /// The first item shown, clamped to what can be scrolled.
    pub first: usize,
}

/// Lay out the 三公 comparison of `rows` in `w` columns. Every column is as
/// wide as its content and the unit's name keeps its whole width while the
/// items can give way: items that are 0 in every row go first, then the
/// items scroll (←/→, with ◂ ▸ on the header row). Only when the totals
/// alone do not fit is a name cut.
pub fn compact(rows: &[SangongLine], unit: money::Unit, w: usize, view: SangongView) -> Compact {
    let mut ordered: Vec<&SangongLine> = rows.iter().filter(|r| r.is_department).collect();
    let mut units: Vec<&SangongLine> = rows.iter().filter(|r| !r.is_department).collect();
    if let Some((c, reversed)) = view.sort {
        if c == 0 {
            units.sort_by_cached_key(|r| crate::collate::sort_key(&r.unit));
        } else {
            // Largest first; ties keep the document's order.
            units.sort_by_key(|r| std::cmp::Reverse(sort_value(r, c)));
        }
        if reversed {
            units.reverse();
        }
    }
    ordered.extend(units);
    let body: Vec<Vec<String>> = ordered.iter().map(|r| cells(r, unit)).collect();
    let shown_items: Vec<usize> = ITEMS
        .iter()
        .copied()
        .filter(|i| !all_zero(rows, *i))
        .collect();
    let zero: Vec<&str> = ITEMS
        .iter()
        .filter(|i| all_zero(rows, **i))
        .map(|i| COLUMNS[3 + 2 * i])
        .collect();
    let table_of = |base: &[usize], items: &[usize]| -> Table {
        let mut cols: Vec<usize> = base.to_vec();
        for i in items {
            cols.extend([3 + 2 * i, 4 + 2 * i]);
        }
        let mut t = Table::new(&Align::label_and_figures(cols.len() - 1));
        t.push(cols.iter().map(|c| COLUMNS[*c].to_string()).collect());
        for r in &body {
            t.push(cols.iter().map(|c| r[*c].clone()).collect());
        }
        t
    };
    let table = |items: &[usize]| table_of(&[0, 1, 2, 3, 4], items);
    // Do the names keep their least room beside the other columns in `room`?
    let names_fit = |t: &Table, room: usize, least: usize| {
        let widths = t.widths();
        let others: usize = widths[1..].iter().sum::<usize>() + 2 * (widths.len() - 1);
        room.saturating_sub(others) >= widths[0].min(least)
    };
    let fits = |t: &Table| t.lines().iter().all(|l| width(l) <= w);
    let mut out = Compact {
        units: ordered.iter().map(|r| r.unit.clone()).collect(),
        ..Compact::default()
    };
    let all = table(&ITEMS);
    if fits(&all) {
        out.lines = all.lines();
    } else if fits(&table(&shown_items)) {
        out.lines = table(&shown_items).lines();
        out.note = format!("全为 0 未列：{}", zero.join("、"));
    } else {
        // Scroll: as many items as fit beside the totals (room kept for
        // ◂ ▸), the names giving way down to NAME_MIN if they must.
        let room = w.saturating_sub(3);
        let n = (1..shown_items.len())
            .rev()
            .find(|k| names_fit(&table(&shown_items[..*k]), room, NAME_MIN))
            .unwrap_or(0);
        let first = if n == 0 {
            0
        } else {
            view.first.min(shown_items.len() - n)
        };
        let window = &shown_items[first..first + n];
        // Narrower still: the change % goes, then the change (the two
        // totals stay), before a name is cut below four characters.
        let mut base = vec![0, 1, 2, 3, 4];
        let mut dropped = Vec::new();
        while n == 0 && base.len() > 3 && !names_fit(&table_of(&base, &[]), room, 8) {
            dropped.extend(base.pop().map(|c| COLUMNS[c]));
        }
        let mut lines = table_of(&base, window).lines_fitting(0, room);
        (out.left, out.right, out.first) = (first, shown_items.len() - n - first, first);
        let marks = match (out.left > 0, out.right > 0) {
            (true, true) => " ◂▸",
            (true, false) => " ◂",
            _ => " ▸",
        };
        if let Some(head) = lines.first_mut() {
            head.push_str(marks);
        }
        out.lines = lines;
        let name = |items: &[usize]| -> String {
            items
                .iter()
                .map(|i| COLUMNS[3 + 2 * i])
                .collect::<Vec<_>>()
                .join("、")
        };
        let mut parts = Vec::new();
        if out.left > 0 {
            parts.push(format!("← 左侧还有 {}", name(&shown_items[..first])));
        }
        if out.right > 0 {
            parts.push(format!("→ 右侧还有 {}", name(&shown_items[first + n..])));
        }
        if !zero.is_empty() {
            parts.push(format!("全为 0 未列：{}", zero.join("、")));
        }
        if !dropped.is_empty() {
            dropped.reverse();
            parts.push(format!("窄屏未列：合计的{}", dropped.join("、")));
        }
        out.note = parts.join("；");
    }
    out
}

/// A row's cells in every column of [`COLUMNS`].
fn cells(r: &SangongLine, unit: money::Unit) -> Vec<String> {
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
    for i in ITEMS {
        row.push(money::shown(a[i], unit));
        row.push(money::shown_change(ch[i].0, unit));
    }
    row
}

/// The figure column `c` sorts a row by (none for the unit's name).
fn sort_value(r: &SangongLine, c: usize) -> Option<Decimal> {
    let (b, a, ch) = (r.before.values(), r.after.values(), r.changes());
    match c {
        1 => Some(b[0]),
        2 => Some(a[0]),
        3 => Some(ch[0].0),
        4 => ch[0].1,
        c if c >= 5 => {
            let i = (c - 3) / 2;
            if c.is_multiple_of(2) {
                Some(ch[i].0)
            } else {
                Some(a[i])
            }
        }
        _ => None,
    }
}

/// The note below the table, wrapped to `w` (never cut).
pub fn note_lines(c: &Compact, w: usize) -> Vec<String> {
    let mut text = String::from(
        "各项为本年数及增减（▲ 增加 ▼ 减少 = 持平）；用车购置、用车运维即公务用车购置费、运行维护费",
    );
    if !c.note.is_empty() {
        text.push('；');
        text.push_str(&c.note);
    }
    wrap(&text, w.max(1))
}
