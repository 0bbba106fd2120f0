//! The header: where it starts (after the title and captions) and which
//! rows it is, each column's header path (a merged cell's words over the
//! columns it spans), what each column holds, and the blocks the columns
//! make (a two-sided table's two sides).

use super::super::template::{self, GroupWord, Key, Shape, TableSpec, Templates};
use super::super::text::SrcLine;
use super::lines::{is_caption, is_column_numbers, is_note, looks_like_data};
use super::{note_unit, Block, Column, ColumnKind, Grid, Group, Skip, COLUMN_NUMBERS};
use regex::Regex;
use std::sync::LazyLock;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年度?").expect("valid regex"));

/// Headers of each column: header rows joined top-down, a merged cell's
/// words carried over the empty cells to its right while the rows below
/// have words there.
pub(super) fn column_headers(rows: &[Vec<String>], width: usize) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new(); width];
    for (r, row) in rows.iter().enumerate() {
        let below_has = |c: usize| {
            rows[r + 1..]
                .iter()
                .any(|x| x.get(c).is_some_and(|s| !s.is_empty()))
        };
        let mut carry: Option<&str> = None;
        for (c, col) in out.iter_mut().enumerate() {
            let cell = row.get(c).map_or("", String::as_str);
            if !cell.is_empty() {
                col.push(cell.to_string());
                carry = (r + 1 < rows.len() && below_has(c)).then_some(cell);
            } else if let Some(w) = carry {
                if below_has(c) {
                    col.push(w.to_string());
                } else {
                    carry = None;
                }
            }
        }
    }
    out
}

/// The group a header's upper lines (and a year in its leaf) name.
fn group_of(t: &Templates, path: &[String]) -> Group {
    let mut g = Group::default();
    for (i, seg) in path.iter().enumerate() {
        if let Some(c) = YEAR.captures(seg) {
            g.year = c[1].parse().ok();
        }
        let rest = YEAR.replace(seg, "");
        if i + 1 < path.len() {
            if let Some(w) = t.group_for(&rest).or_else(|| t.group_for(seg)) {
                g.word = Some(w);
            }
        } else if g.word.is_none() {
            // A leaf such as 上年预算数 says its group itself.
            if let Some(w) = t
                .group_for(&rest)
                .filter(|w| matches!(w, GroupWord::Prior | GroupWord::Current))
            {
                g.word = Some(w);
            }
        }
    }
    g
}

/// What each column is, from its header path.
pub(super) fn kinds(
    t: &Templates,
    spec: &TableSpec,
    headers: &[Vec<String>],
) -> Vec<Option<ColumnKind>> {
    headers
        .iter()
        .map(|path| {
            let leaf = path.last()?;
            if let Some(k) = t.key_for(leaf) {
                // 类/款/项 are code parts only under 科目编码 (or standing alone).
                let code_part = matches!(k, Key::CodeClass | Key::CodeSection | Key::CodeItem);
                if !code_part
                    || path.len() == 1
                    || path.iter().any(|p| t.key_for(p) == Some(Key::Code))
                {
                    return Some(ColumnKind::Key(k));
                }
            }
            let bare = YEAR.replace(leaf, "");
            let field = spec
                .field_for(&bare)
                .or_else(|| spec.field_for(leaf))
                .map(str::to_string);
            Some(ColumnKind::Figure {
                field,
                group: group_of(t, path),
            })
        })
        .collect()
}

/// Split the columns into blocks: two-sided tables (and tables printed
/// side by side) repeat their first key column.
pub(super) fn blocks(shape: Shape, columns: Vec<Column>, top: &[String]) -> Vec<Block> {
    let first_key = columns.iter().find_map(|c| match c.kind {
        ColumnKind::Key(k) if k != Key::RowNo => Some(k),
        _ => None,
    });
    let mut out: Vec<Block> = Vec::new();
    let mut current = Block::default();
    for c in columns {
        let starts = matches!(c.kind, ColumnKind::Key(k) if Some(k) == first_key)
            && !current.columns.is_empty()
            && current.columns.iter().any(|x| x.kind == c.kind);
        if starts {
            out.push(std::mem::take(&mut current));
        }
        current.columns.push(c);
    }
    out.push(current);
    if shape == Shape::TwoSided {
        let t = template::get();
        for b in &mut out {
            let cell = b.columns.first().map_or(0, |c| c.cell);
            b.side = top.get(cell).and_then(|s| t.group_for(s));
        }
        if out.len() == 2 {
            out[0].side.get_or_insert(GroupWord::Income);
            out[1].side.get_or_insert(GroupWord::Spending);
        }
    }
    for b in &mut out {
        b.figures = b
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c.kind, ColumnKind::Figure { .. }))
            .map(|(i, _)| i)
            .collect();
    }
    out
}

/// The title and captions before the header: where the header starts.
pub(super) fn preamble(
    g: &mut Grid,
    body: &[&SrcLine],
    is_title: &dyn Fn(&SrcLine) -> bool,
) -> usize {
    let mut start = 0;
    while start < body.len()
        && (is_title(body[start]) || is_caption(body[start]) || !body[start].text.contains('\t'))
    {
        note_unit(g, body[start]);
        start += 1;
    }
    start
}

/// The header rows (the rows before the first row of data), and where the
/// rows of data start.
pub(super) fn header<'a>(
    g: &mut Grid,
    body: &[&'a SrcLine],
    start: usize,
) -> (Vec<&'a SrcLine>, usize) {
    let t = template::get();
    let mut header: Vec<&SrcLine> = Vec::new();
    let mut i = start;
    while i < body.len() {
        let l = body[i];
        if is_column_numbers(l) {
            g.skipped.push(Skip {
                line: l.no,
                why: COLUMN_NUMBERS,
            });
        } else if looks_like_data(t, l)
            || is_note(l)
            || !l.text.contains('\t') && !header.is_empty()
        {
            break;
        } else {
            note_unit(g, l);
            header.push(l);
            g.header_lines.push(l.no);
        }
        i += 1;
    }
    (header, i)
}
