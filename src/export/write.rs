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

/// A sheet as CSV: UTF-8 with a byte-order mark, so Excel and WPS read the
/// Chinese right; a header row, then one row per line.
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    {
        let mut w = ::csv::Writer::from_writer(&mut out);
        let _ = w.write_record(&sheet.header);
        for r in &sheet.rows {
            let _ = w.write_record(r.cells.iter().map(text));
        }
        let _ = w.flush();
    }
    out
}

/// Sheets as Markdown tables, for pasting into a report.
pub fn markdown(sheets: &[Sheet]) -> String {
    let esc = |s: &str| s.replace('|', "\\|").replace('\n', " ");
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
        // Outline: each line with lines below it groups them (Excel allows 7 levels).
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
