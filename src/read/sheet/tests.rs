use super::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write as _;

fn quiet(_: u32, _: u32) {}

fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    read(bytes, &quiet)
}

fn lines_of(d: &Decoded) -> (&[String], &[At]) {
    match &d.origin {
        Origin::Sheets { names, lines } => (names, lines),
        o => panic!("not a workbook's origin: {o:?}"),
    }
}

/// A small budget table as a department publishes it: a title merged
/// across the table, captions, a two-row header with merged cells,
/// figures formatted with thousands separators.
fn budget_book() -> Vec<u8> {
    let mut wb = Workbook::new();
    let thousands = Format::new().set_num_format("#,##0");
    let ws = wb.add_worksheet();
    ws.set_name("表12").unwrap();
    ws.merge_range(0, 0, 0, 4, "“三公”经费财政拨款预算情况表", &Format::new())
        .unwrap();
    ws.write_string(1, 0, "单位名称：深圳市某局").unwrap();
    ws.write_string(2, 0, "单位：万元").unwrap();
    ws.merge_range(3, 0, 4, 0, "预算单位", &Format::new())
        .unwrap();
    ws.merge_range(3, 1, 4, 1, "合计", &Format::new()).unwrap();
    ws.merge_range(3, 2, 3, 4, "公务用车购置及运行维护费", &Format::new())
        .unwrap();
    ws.write_string(4, 2, "小计").unwrap();
    ws.write_string(4, 3, "购置费").unwrap();
    ws.write_string(4, 4, "运行\n维护费").unwrap();
    ws.write_string(5, 0, "  深圳市某局本级 ").unwrap();
    for (c, v) in [(1, 686_630.0), (2, 84.0), (3, 0.0), (4, 110_634.81)] {
        ws.write_number_with_format(5, c, v, &thousands).unwrap();
    }
    // A row whose first cell is empty: the columns stay in place.
    ws.write_number(6, 2, 14).unwrap();
    ws.write_number(6, 4, 14).unwrap();
    wb.save_to_buffer().unwrap()
}

#[test]
fn a_sheet_reads_as_its_name_title_captions_and_rows() {
    let d = decode(&budget_book()).unwrap();
    assert_eq!(d.format, Some(super::Format::Xlsx));
    let want = [
        "表12",
        "“三公”经费财政拨款预算情况表",
        "单位名称：深圳市某局",
        "单位：万元",
        "预算单位\t合计\t公务用车购置及运行维护费",
        "\t\t小计\t购置费\t运行 维护费",
        "深圳市某局本级\t686630\t84\t0\t110634.81",
        "\t\t14\t\t14",
    ];
    assert_eq!(d.text.split('\n').collect::<Vec<_>>(), want);
}

#[test]
fn every_line_knows_its_sheet_and_row() {
    let d = decode(&budget_book()).unwrap();
    let (names, lines) = lines_of(&d);
    assert_eq!(names, ["表12"]);
    assert_eq!(lines.len(), d.text.split('\n').count());
    let rows: Vec<u32> = lines.iter().map(|a| a.row).collect();
    assert_eq!(rows, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert!(lines.iter().all(|a| a.page == 1));
    // 110634.81 is cell E6 of 表12.
    let (i, line) = d
        .text
        .split('\n')
        .enumerate()
        .find(|(_, l)| l.contains("110634.81"))
        .unwrap();
    let col = line.split('\t').position(|c| c == "110634.81").unwrap();
    assert_eq!(cell_name(names, lines[i], col), "表12!E6");
}

#[test]
fn cells_are_named_as_a_spreadsheet_names_them() {
    let names = ["表7".to_string(), "Sheet 1".to_string(), "1月".to_string()];
    assert_eq!(
        cell_name(
            &names,
            At {
                page: 1,
                row: 34,
                furniture: false
            },
            3
        ),
        "表7!D34"
    );
    assert_eq!(
        cell_name(
            &names,
            At {
                page: 2,
                row: 2,
                furniture: false
            },
            27
        ),
        "'Sheet 1'!AB2"
    );
    assert_eq!(
        cell_name(
            &names,
            At {
                page: 3,
                row: 1,
                furniture: false
            },
            0
        ),
        "'1月'!A1"
    );
    assert_eq!(
        cell_name(
            &names,
            At {
                page: 9,
                row: 5,
                furniture: false
            },
            0
        ),
        "A5"
    );
    assert_eq!(column_name(25), "Z");
    assert_eq!(column_name(26), "AA");
    assert_eq!(column_name(16_383), "XFD");
}

#[test]
fn sheets_follow_in_order_with_a_blank_line_between() {
    let mut wb = Workbook::new();
    wb.add_worksheet()
        .set_name("表1")
        .unwrap()
        .write(0, 0, "a")
        .unwrap();
    wb.add_worksheet().set_name("空").unwrap();
    let hidden = wb.add_worksheet().set_name("隐藏").unwrap();
    hidden.write(0, 0, "not shown").unwrap();
    hidden.set_hidden(true);
    let ws = wb.add_worksheet().set_name("一般公共预算支出表").unwrap();
    ws.write(2, 1, "b").unwrap();
    ws.write(2, 2, 1).unwrap();
    let d = decode(&wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(d.text, "表1\na\n\n一般公共预算支出表\n\tb\t1");
    let (names, lines) = lines_of(&d);
    assert_eq!(names.len(), 4);
    let at: Vec<(u32, u32)> = lines.iter().map(|a| (a.page, a.row)).collect();
    assert_eq!(at, [(1, 0), (1, 1), (4, 0), (4, 0), (4, 3)]);
}

#[test]
fn a_workbook_of_empty_sheets_is_empty() {
    let mut wb = Workbook::new();
    wb.add_worksheet().write(3, 3, "   ").unwrap();
    wb.add_worksheet();
    assert_eq!(decode(&wb.save_to_buffer().unwrap()), Err(ReadError::Empty));
}

#[test]
fn dates_and_long_figures_read_as_a_spreadsheet_shows_them() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let day = ExcelDateTime::from_ymd(2020, 1, 1).unwrap();
    ws.write_datetime_with_format(0, 0, &day, &date).unwrap();
    ws.write(0, 1, 1e21).unwrap();
    ws.write(0, 2, 0.1 + 0.2).unwrap();
    ws.write(0, 3, 12_271.16).unwrap();
    ws.write(0, 4, "2020-1-1").unwrap();
    let d = decode(&wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(
        d.text.split('\n').nth(1),
        Some("2020-01-01\t1000000000000000000000\t0.3\t12271.16\t2020-1-1")
    );
}

#[test]
fn in_the_body_a_lone_cell_stays_a_row() {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.write(0, 0, "项目").unwrap();
    ws.write(0, 1, "预算数").unwrap();
    ws.write(1, 0, 12_345).unwrap();
    ws.write(2, 3, "其中：").unwrap();
    ws.write(3, 0, "注：本表为空表").unwrap();
    let d = decode(&wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(
        d.text,
        "Sheet1\n项目\t预算数\n12345\t\n\t\t\t其中：\n注：本表为空表\t"
    );
}

/// An XLSX made by hand: its sheet XML and shared strings as given.
fn hand_made(sheet: &str, strings: Option<&str>) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, body: &str| {
        z.start_file(name, opts).unwrap();
        z.write_all(body.as_bytes()).unwrap();
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    put(
        "xl/workbook.xml",
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表7" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    put(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    put(
        "xl/worksheets/sheet1.xml",
        &format!(
            r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sheet}</worksheet>"#
        ),
    );
    if let Some(s) = strings {
        put("xl/sharedStrings.xml", s);
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn a_sheet_claiming_a_huge_range_is_read_by_what_it_holds() {
    // Claims a million rows × 16k columns; holds two cells.
    let b = hand_made(
        r#"<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>合计</t></is></c><c r="B1"><v>5</v></c></row></sheetData>"#,
        None,
    );
    assert_eq!(decode(&b).unwrap().text, "表7\n合计\t5");
}

#[test]
fn cells_spread_past_the_bound_are_refused() {
    // Each row's last cell is in column XFD: every row is 16,384 cells.
    let mut rows = String::new();
    for r in 1..=200 {
        rows += &format!(r#"<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"#);
    }
    let b = hand_made(&format!("<sheetData>{rows}</sheetData>"), None);
    let e = decode(&b).unwrap_err();
    assert!(matches!(e, ReadError::Unreadable { .. }), "{e:?}");
    assert!(e.to_string().contains("too large"), "{e}");
}

#[test]
fn a_shared_string_count_past_the_bound_is_refused_before_it_is_reserved() {
    let strings = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="99999999999"><si><t>x</t></si></sst>"#;
    let b = hand_made(
        r#"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>"#,
        Some(strings),
    );
    let e = decode(&b).unwrap_err();
    assert!(e.to_string().contains("shared-string"), "{e}");
}

#[test]
fn a_member_that_unpacks_past_the_bound_is_refused() {
    // 2 MiB of spaces inside the sheet, a few KiB packed, against a bound
    // of 1 MiB (the real one, guard::MAX_UNPACKED, is 128 MiB).
    let pad = " ".repeat(2 << 20);
    let b = hand_made(&format!("<sheetData>{pad}</sheetData>"), None);
    assert!(b.len() < 64 << 10, "{}", b.len());
    assert_eq!(guard::xlsx_within(&b, 4 << 20), Ok(()));
    let e = guard::xlsx_within(&b, 1 << 20).unwrap_err();
    assert!(e.to_string().contains("unpacks to more than 1 MiB"), "{e}");
}

#[test]
fn a_value_hidden_under_a_merge_is_not_read() {
    let b = hand_made(
        r#"<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c><c r="B1"><v>99</v></c><c r="C1" t="inlineStr"><is><t>藏</t></is></c></row><row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells>"#,
        None,
    );
    assert_eq!(decode(&b).unwrap().text, "表7\n标题\n1\t\t2");
}

#[test]
fn a_zip_that_is_not_a_workbook_says_so() {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(b"<w:document/>").unwrap();
    let b = z.finish().unwrap().into_inner();
    let e = decode(&b).unwrap_err();
    assert!(matches!(e, ReadError::NotA { .. }), "{e:?}");
    assert!(e.to_string().contains("Word"), "{e}");
}

#[test]
fn a_cut_short_workbook_is_damaged() {
    let b = budget_book();
    for cut in [b.len() / 2, b.len() - 10, 30] {
        let e = decode(&b[..cut]).unwrap_err();
        assert!(
            matches!(e, ReadError::Corrupt { .. } | ReadError::Unreadable { .. }),
            "{cut}: {e:?}"
        );
    }
}

#[test]
fn progress_is_told_per_sheet() {
    let mut wb = Workbook::new();
    for _ in 0..3 {
        wb.add_worksheet().write(0, 0, "x").unwrap();
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let tell = |done, total| seen.lock().unwrap().push((done, total));
    read(&wb.save_to_buffer().unwrap(), &tell).unwrap();
    assert_eq!(seen.into_inner().unwrap(), [(0, 3), (1, 3), (2, 3), (3, 3)]);
}

/// A BIFF record.
fn record(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
    r.extend(data);
    r
}

/// An XLS made by hand: an OLE file whose workbook stream lists one sheet
/// `S` holding `sheet`'s records.
fn xls_with(sheet: &[Vec<u8>]) -> Vec<u8> {
    let bof = record(0x0809, &[0, 6, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let globals_len = bof.len() + 4 + 9 + 4;
    let mut s = bof.clone();
    let mut bound = u32::try_from(globals_len).unwrap().to_le_bytes().to_vec();
    bound.extend([0, 0, 1, 0, b'S']);
    s.extend(record(0x0085, &bound));
    s.extend(record(0x000A, &[]));
    assert_eq!(s.len(), globals_len);
    let mut sheet_bof = bof;
    sheet_bof[6] = 0x10;
    s.extend(sheet_bof);
    for r in sheet {
        s.extend(r);
    }
    s.extend(record(0x000A, &[]));
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    cf.create_stream("Workbook").unwrap().write_all(&s).unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// A NUMBER record: `value` at (`row`, `col`).
fn number(row: u16, col: u16, value: f64) -> Vec<u8> {
    let mut d = row.to_le_bytes().to_vec();
    d.extend(col.to_le_bytes());
    d.extend([0, 0]);
    d.extend(value.to_le_bytes());
    record(0x0203, &d)
}

#[test]
fn a_hand_made_xls_reads() {
    let d = decode(&xls_with(&[number(0, 0, 686_630.0), number(1, 2, 0.5)])).unwrap();
    assert_eq!(d.format, Some(super::Format::Xls));
    assert_eq!(d.text, "S\n686630\t\n\t\t0.5");
}

#[test]
fn an_xls_claiming_a_huge_sheet_is_refused_before_calamine_reserves_it() {
    // DIMENSIONS: rows 0..1,048,576, columns 0..16,384 — calamine would
    // reserve 17 billion cells and the allocation would abort the process.
    let mut dims = 0u32.to_le_bytes().to_vec();
    dims.extend(1_048_576u32.to_le_bytes());
    dims.extend(0u16.to_le_bytes());
    dims.extend(16_384u16.to_le_bytes());
    dims.extend([0, 0]);
    let b = xls_with(&[record(0x0200, &dims), number(0, 0, 1.0)]);
    let e = decode(&b).unwrap_err();
    assert!(
        e.to_string()
            .contains("claims 1048576 rows × 16384 columns"),
        "{e}"
    );
    // Cells far apart: calamine would lay a grid of 16 million between them.
    let b = xls_with(&[number(0, 0, 1.0), number(65_535, 255, 2.0)]);
    assert!(decode(&b).unwrap_err().to_string().contains("too large"));
}

#[test]
fn a_broken_record_calamine_panics_on_is_an_unreadable_file() {
    // MULRK whose last column is before its first (calamine subtracts).
    let mut d = 0u16.to_le_bytes().to_vec();
    d.extend(5u16.to_le_bytes());
    d.extend(4u16.to_le_bytes());
    let b = xls_with(&[number(0, 0, 1.0), record(0x00BD, &d)]);
    let e = decode(&b).unwrap_err();
    assert!(
        matches!(e, ReadError::Unreadable { .. } | ReadError::Corrupt { .. }),
        "{e:?}"
    );
    assert!(!crate::read::containing());
}
