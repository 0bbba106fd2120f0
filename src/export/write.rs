//! The writers: CSV, Markdown and XLSX, each of sheets built in `export`.

use super::{Cell, Sheet};
use rust_decimal::Decimal;

/// The text of a cell, amounts as plain decimals (no separators), exactly as
/// precise as the document gives them.
fn text(c: &Cell) -> String {
    match c {
        Cell::Text(t) => t.clone(),
        Cell::Amount(d) => d.normalize().to_string(),
        Cell::Pct(p) => crate::money::format_dp(*p, 2).replace(',', ""),
        Cell::Empty => String::new(),
    }
}

/// A text cell as a spreadsheet must not take it: one starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return would be read as a formula
/// (`=HYPERLINK(…)`, `=cmd|…`), so it gets a leading `'` (OWASP's rule for
/// CSV injection). Amounts and percentages are never text: a negative
/// number stays a number.
fn neutral(t: &str) -> std::borrow::Cow<'_, str> {
    if t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{t}"))
    } else {
        std::borrow::Cow::Borrowed(t)
    }
}

/// A cell as CSV writes it: text neutralised, numbers as they are.
fn csv_cell(c: &Cell) -> String {
    match c {
        Cell::Text(t) => neutral(t).into_owned(),
        other => text(other),
    }
}

/// A sheet as CSV: UTF-8 with a byte-order mark, so Excel and WPS read the
/// Chinese right; a header row, then one row per line. No text cell can
/// become a formula (see `neutral`).
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        let _ = w.write_record(sheet.header.iter().map(|h| neutral(h).into_owned()));
        for r in &sheet.rows {
            let _ = w.write_record(r.cells.iter().map(csv_cell));
        }
        let _ = w.flush();
    }
    out
}

/// Sheets as Markdown tables, for pasting into a report. A line break of any
/// kind (LF, CR, CRLF) in a cell is a space: a row stays one line.
pub fn markdown(sheets: &[Sheet]) -> String {
    let esc = |s: &str| {
        s.replace('|', "\\|")
            .replace("\r\n", " ")
            .replace(['\n', '\r'], " ")
    };
    let mut out = String::new();
    for s in sheets {
        out.push_str(&format!("## {}\n\n", esc(&s.name)));
        out.push_str(&format!(
            "| {} |\n",
            s.header
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(" | ")
        ));
        let align: Vec<&str> = s
            .header
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let numeric = s
                    .rows
                    .iter()
                    .any(|r| matches!(r.cells.get(i), Some(Cell::Amount(_) | Cell::Pct(_))));
                if numeric {
                    "---:"
                } else {
                    "---"
                }
            })
            .collect();
        out.push_str(&format!("| {} |\n", align.join(" | ")));
        for r in &s.rows {
            let cells: Vec<String> = r.cells.iter().map(|c| esc(&text(c))).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    out
}

/// A figure as a number cell when the double is exactly the figure
/// (`money::exact_double`), else as its exact text: never a silent rounding.
fn number(
    ws: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    d: Decimal,
    format: &rust_xlsxwriter::Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    match crate::money::exact_double(d) {
        Some(f) => ws.write_number_with_format(row, col, f, format),
        None => ws.write_string(row, col, d.normalize().to_string()),
    }
    .map(|_| ())
}

/// Sheets as an XLSX workbook: a frozen header, numbers as numbers (`#,##0.00`,
/// percentages `0.00`), column widths from the display width of their text,
/// and the tree's depth as outline levels, so rows fold in Excel. The same
/// sheets give the same bytes.
pub fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    // A fixed creation time: the same input gives the same file.
    let when = ExcelDateTime::from_ymd(2020, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&when));
    let money_fmt = Format::new().set_num_format("#,##0.00");
    let pct_fmt = Format::new().set_num_format("0.00");
    let head_fmt = Format::new().set_bold();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&s.name))?;
        let mut widths: Vec<usize> = s.header.iter().map(|h| crate::width::width(h)).collect();
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, col(c), h, &head_fmt)?;
        }
        for (i, r) in s.rows.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            for (c, cell) in r.cells.iter().enumerate() {
                let cw = match cell {
                    Cell::Text(t) => {
                        ws.write_string(row, col(c), t)?;
                        crate::width::width(t)
                    }
                    Cell::Amount(d) => {
                        number(ws, row, col(c), *d, &money_fmt)?;
                        crate::money::format(*d, crate::money::Unit::Wan).len() + 3
                    }
                    Cell::Pct(p) => {
                        number(ws, row, col(c), *p, &pct_fmt)?;
                        8
                    }
                    Cell::Empty => 0,
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(cw);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            ws.set_column_width(col(c), (*w).min(60) as f64 + 2.0)?;
        }
        ws.set_freeze_panes(1, 0)?;
        // Outline: each line with lines below it groups them (Excel allows 7
        // levels); its total sits above them, so Excel's "summary rows below
        // detail" is off and the fold's button stands on the total's row.
        ws.group_symbols_above(true);
        for (i, r) in s.rows.iter().enumerate() {
            let end = s.rows[i + 1..]
                .iter()
                .position(|x| x.depth <= r.depth)
                .map_or(s.rows.len(), |k| i + 1 + k);
            if end > i + 1 && r.depth < 7 {
                let first = u32::try_from(i + 2).unwrap_or(u32::MAX);
                let last = u32::try_from(end).unwrap_or(u32::MAX);
                ws.group_rows(first, last)?;
            }
        }
    }
    wb.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Excel sheet names: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(name: &str) -> String {
    name.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
