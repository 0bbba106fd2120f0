//! The workbook reader (XLS and XLSX, through calamine): one table a sheet,
//! figures as the values the cells hold.
//!
//! Each visible worksheet, in the workbook's order, becomes in the decoded
//! text (see [`super`]):
//!
//! - a line holding the sheet's name (`表7`, `一般公共预算支出表`);
//! - a line for each row that holds anything, its cells separated by tabs
//!   in column order from column A (cell `i` is column `i`; empty leading
//!   cells kept, trailing ones dropped); a merged range's value stands in
//!   its top-left cell, the rest of the range is empty;
//! - a row holding one text only is a title or caption — a line of just
//!   that text — when it stands above the table's body (its first row of
//!   two cells or more) in the sheet's first used column, or is merged
//!   across most of the sheet's width; in the body, a label whose figures
//!   are empty stays a row;
//!
//! and a blank line separates two sheets. Figures are the numbers the cells
//! hold, in plain digits (see [`value::number`]); dates read `2020-01-01`.
//! [`super::Origin::Sheets`] gives each line its sheet (from 1) and row
//! (from 1; the name's line is row 0), and [`cell_name`] names a cell
//! `表7!D34`.

mod guard;
pub mod value;

use super::{At, Decoded, Format, Origin, Progress, ReadError};
use calamine::{Data, Dimensions, Reader, SheetType, SheetVisible};
use std::io::Cursor;

/// The most cells a workbook may hold (filled ones as read; in the text,
/// each row's cells up to its last filled one), past which it is refused
/// rather than read into memory.
pub const MAX_CELLS: usize = 2_000_000;

/// The most merged ranges a sheet may have.
const MAX_MERGES: usize = 200_000;

/// A filled cell: where, its text, and whether it is a text (not a figure).
#[derive(Debug, Clone)]
struct Cell {
    row: u32,
    col: u32,
    text: String,
    is_text: bool,
}

/// A sheet as read: its name, its filled cells, its merged ranges.
#[derive(Debug, Default)]
struct Sheet {
    name: String,
    cells: Vec<Cell>,
    merges: Vec<Dimensions>,
}

/// Read a workbook's sheets (XLSX or XLS, told by the bytes).
pub fn read(bytes: &[u8], progress: Progress) -> Result<Decoded, ReadError> {
    let format = if super::sniff(bytes) == Format::Xls {
        Format::Xls
    } else {
        Format::Xlsx
    };
    let sheets = super::contained(|| match format {
        Format::Xls => read_xls(bytes, progress),
        _ => read_xlsx(bytes, progress),
    })?;
    let (text, lines) = render(&sheets)?;
    Ok(Decoded {
        format: Some(format),
        text,
        origin: Origin::Sheets {
            names: sheets.into_iter().map(|s| s.name).collect(),
            lines,
        },
    })
}

/// Name a cell as a spreadsheet does: `表7!D34` for column `col` (0 = A)
/// of the line at `at` (a name needing it is quoted: `'Sheet 1'!B2`).
pub fn cell_name(names: &[String], at: At, col: usize) -> String {
    let cell = format!("{}{}", column_name(col), at.row);
    let Some(name) = (at.page as usize).checked_sub(1).and_then(|i| names.get(i)) else {
        return cell;
    };
    let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        format!("{name}!{cell}")
    } else {
        format!("'{}'!{cell}", name.replace('\'', "''"))
    }
}

/// A column's letters: 0 → `A`, 25 → `Z`, 26 → `AA`.
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + u8::try_from(rem).unwrap_or(0));
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

/// The error for a workbook past this reader's bounds.
fn too_large(why: &str) -> ReadError {
    ReadError::Unreadable {
        detail: format!("the workbook is too large to read: {why}"),
    }
}

fn corrupt(e: impl std::fmt::Display) -> ReadError {
    ReadError::Corrupt {
        detail: crate::text::shorten(&e.to_string()),
    }
}

/// Whether a sheet is one a reader of the workbook sees: a worksheet, not
/// hidden.
fn visible(s: &calamine::Sheet) -> bool {
    s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible
}

/// Report progress over `total` sheets (saturating, for a hostile count).
fn tell(progress: Progress, done: usize, total: usize) {
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    progress(n(done), n(total));
}

/// An XLSX's sheets, each streamed cell by cell (calamine's whole-sheet
/// range would allocate the grid between the farthest cells).
fn read_xlsx(bytes: &[u8], progress: Progress) -> Result<Vec<Sheet>, ReadError> {
    guard::xlsx(bytes)?;
    let mut book = calamine::Xlsx::new(Cursor::new(bytes)).map_err(corrupt)?;
    let metas = book.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metas.len());
    let mut held = 0usize;
    tell(progress, 0, metas.len());
    for (i, meta) in metas.iter().enumerate() {
        let mut sheet = Sheet {
            name: value::one_line(&meta.name),
            ..Sheet::default()
        };
        if visible(meta) {
            let mut cells = match book.worksheet_cells_reader(&meta.name) {
                Ok(r) => r,
                Err(calamine::XlsxError::NotAWorksheet(_)) => {
                    sheets.push(sheet);
                    continue;
                }
                Err(e) => return Err(corrupt(format!("sheet {}: {e}", meta.name))),
            };
            // The decimals each style's number format shows.
            let shown: Vec<u8> = cells
                .styles()
                .iter()
                .map(|s| {
                    s.number_format
                        .as_ref()
                        .map_or(0, |f| value::decimals(&f.format_code))
                })
                .collect();
            while let Some((c, style)) = cells
                .next_cell_with_style_id()
                .map_err(|e| corrupt(format!("sheet {}: {e}", meta.name)))?
            {
                let (row, col) = c.get_position();
                let decimals = shown.get(style).copied().unwrap_or(0);
                let data = Data::from(c.get_value().clone());
                if let Some((text, is_text)) = value::text(&data, decimals) {
                    held += 1;
                    if held > MAX_CELLS {
                        return Err(too_large(&format!("it holds more than {MAX_CELLS} cells")));
                    }
                    sheet.cells.push(Cell {
                        row,
                        col,
                        text,
                        is_text,
                    });
                }
            }
            drop(cells);
            sheet.merges = book
                .merge_cells_by_sheet_name(&meta.name)
                .map_err(|e| corrupt(format!("sheet {}: {e}", meta.name)))?;
        }
        sheets.push(sheet);
        tell(progress, i + 1, metas.len());
    }
    Ok(sheets)
}

/// An XLS's sheets (calamine reads them all at once; the guard has bounded
/// what that allocates).
fn read_xls(bytes: &[u8], progress: Progress) -> Result<Vec<Sheet>, ReadError> {
    let shown = guard::xls(bytes)?;
    let mut book = calamine::Xls::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsError::Password => ReadError::Encrypted,
        e => corrupt(e),
    })?;
    let metas = book.sheets_metadata().to_vec();
    let mut sheets = Vec::with_capacity(metas.len());
    tell(progress, 0, metas.len());
    for (i, meta) in metas.iter().enumerate() {
        let mut sheet = Sheet {
            name: value::one_line(&meta.name),
            ..Sheet::default()
        };
        if visible(meta) {
            let range = book
                .worksheet_range(&meta.name)
                .map_err(|e| corrupt(format!("sheet {}: {e}", meta.name)))?;
            let (r0, c0) = range.start().unwrap_or_default();
            let at =
                |base: u32, off: usize| base.saturating_add(u32::try_from(off).unwrap_or(u32::MAX));
            let no_formats = std::collections::HashMap::new();
            let decimals = shown.get(i).unwrap_or(&no_formats);
            for (r, c, d) in range.used_cells() {
                let (row, col) = (at(r0, r), at(c0, c));
                let n = decimals.get(&(row, col)).copied().unwrap_or(0);
                if let Some((text, is_text)) = value::text(d, n) {
                    sheet.cells.push(Cell {
                        row,
                        col,
                        text,
                        is_text,
                    });
                }
            }
            sheet.merges = book
                .merge_cells_by_sheet_name(&meta.name)
                .unwrap_or_default();
        }
        sheets.push(sheet);
        tell(progress, i + 1, metas.len());
    }
    Ok(sheets)
}

/// The decoded text of the sheets, and each line's origin.
fn render(sheets: &[Sheet]) -> Result<(String, Vec<At>), ReadError> {
    let mut lines: Vec<String> = Vec::new();
    let mut origin = Vec::new();
    let mut emitted = 0usize;
    for (i, sheet) in sheets.iter().enumerate() {
        let page = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let rows = sheet_rows(sheet, &mut emitted)?;
        if rows.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
            origin.push(At {
                page,
                row: 0,
                furniture: false,
            });
        }
        lines.push(sheet.name.clone());
        origin.push(At {
            page,
            row: 0,
            furniture: false,
        });
        for (row, line) in rows {
            lines.push(line);
            origin.push(At {
                page,
                row: row.saturating_add(1),
                furniture: false,
            });
        }
    }
    if lines.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok((lines.join("\n"), origin))
}

/// A sheet's rows as lines (row index from 0, line), counting the cells
/// written into `emitted`.
fn sheet_rows(sheet: &Sheet, emitted: &mut usize) -> Result<Vec<(u32, String)>, ReadError> {
    if sheet.merges.len() > MAX_MERGES {
        return Err(too_large(&format!(
            "sheet {} has more than {MAX_MERGES} merged ranges",
            sheet.name
        )));
    }
    let mut cells = sheet.cells.clone();
    cells.sort_by_key(|c| (c.row, c.col));
    cells.dedup_by_key(|c| (c.row, c.col));
    blank_covered(&mut cells, &sheet.merges, &sheet.name)?;
    cells.retain(|c| !c.text.is_empty());
    let Some(first_col) = cells.iter().map(|c| c.col).min() else {
        return Ok(Vec::new());
    };
    let last_col = cells.iter().map(|c| c.col).max().unwrap_or(first_col);
    let width = last_col - first_col + 1;
    // Columns spanned by each merged range, by its top-left cell.
    let spans: std::collections::HashMap<(u32, u32), u32> = sheet
        .merges
        .iter()
        .map(|m| (m.start, m.end.1.saturating_sub(m.start.1).saturating_add(1)))
        .collect();
    let title_span = |c: &Cell| spans.get(&(c.row, c.col)).copied().unwrap_or(1);
    // The table's body starts at its first row of two cells or more: above
    // it stand the title and captions; in it, a label whose figures are
    // empty (`五、事业收入`) is a row like any other.
    let body = cells
        .chunk_by(|a, b| a.row == b.row)
        .find(|r| r.len() > 1)
        .map_or(u32::MAX, |r| r[0].row);
    let mut out = Vec::new();
    for row in cells.chunk_by(|a, b| a.row == b.row) {
        let first = &row[0];
        if row.len() == 1
            && first.is_text
            && ((first.row < body && first.col == first_col) || 2 * title_span(first) > width)
        {
            *emitted += 1;
            out.push((first.row, first.text.clone()));
            continue;
        }
        let n = row.last().map_or(0, |c| c.col as usize + 1);
        *emitted += n;
        if *emitted > MAX_CELLS {
            return Err(too_large(&format!(
                "its sheets span more than {MAX_CELLS} cells (sheet {})",
                sheet.name
            )));
        }
        let mut line = vec![""; n.max(2)];
        for c in row {
            line[c.col as usize] = &c.text;
        }
        out.push((first.row, line.join("\t")));
    }
    Ok(out)
}

/// Empty every cell a merged range covers but its top-left one (a file
/// may keep a value under a merge that no one sees).
fn blank_covered(cells: &mut [Cell], merges: &[Dimensions], sheet: &str) -> Result<(), ReadError> {
    // Where each row starts in `cells` (sorted by row, then column).
    let starts: Vec<(u32, usize)> = cells
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || cells[i - 1].row != c.row)
        .map(|(i, c)| (c.row, i))
        .collect();
    let mut work = 0usize;
    for m in merges {
        let first = starts.partition_point(|(r, _)| *r < m.start.0);
        for (k, &(row, at)) in starts.iter().enumerate().skip(first) {
            if row > m.end.0 {
                break;
            }
            work += 1;
            if work > 4 * MAX_CELLS {
                return Err(too_large(&format!("sheet {sheet}'s merged ranges overlap")));
            }
            let end = starts.get(k + 1).map_or(cells.len(), |s| s.1);
            let in_row = &mut cells[at..end];
            let from = in_row.partition_point(|c| c.col < m.start.1);
            for c in in_row[from..].iter_mut().take_while(|c| c.col <= m.end.1) {
                if (c.row, c.col) != m.start {
                    c.text.clear();
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
