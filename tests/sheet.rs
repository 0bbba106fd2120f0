//! The workbook reader against the texts its fixtures were made from
//! (`tests/fixtures/make/sheets.py`): every table row of the text, cell for
//! cell, with every figure's sheet and row; bad workbooks through the real
//! binary; mutated workbooks that must neither panic nor hang.

#[path = "../examples/common/gen.rs"]
mod gen;

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use yusuan::import::text as clean;
use yusuan::read::{self, sheet, At, Decoded, Format, Origin};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The fixture workbooks (XLSX and XLS) and the text each was made from.
fn workbooks() -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/xlsx", "tests/fixtures/xls"] {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(Path::new(ROOT).join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with("bad-"))
            .collect();
        entries.sort();
        for wb in entries {
            let stem = wb.file_stem().unwrap().to_string_lossy().into_owned();
            let source = ["assets", "tests/fixtures/text"]
                .iter()
                .map(|d| Path::new(ROOT).join(d).join(format!("{stem}.txt")))
                .find(|p| p.exists())
                .unwrap_or_else(|| panic!("no text for {}", wb.display()));
            out.push((wb, source));
        }
    }
    assert!(out.len() >= 2, "fixtures missing: {out:?}");
    out
}

/// The bundled budget's workbooks.
fn shenzhen() -> Vec<(PathBuf, PathBuf)> {
    let all: Vec<_> = workbooks()
        .into_iter()
        .filter(|(_, t)| t.ends_with("assets/shenzhen-hrss-2020-budget.txt"))
        .collect();
    assert_eq!(all.len(), 2);
    all
}

fn decode(path: &Path) -> Decoded {
    let bytes = std::fs::read(path).unwrap();
    read::read(&bytes, &|_, _| {}).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn origin(d: &Decoded) -> (&[String], &[At]) {
    match &d.origin {
        Origin::Sheets { names, lines } => (names, lines),
        o => panic!("not a workbook's origin: {o:?}"),
    }
}

/// A figure as the text prints it (`686,630`, `110,634.81`, `0`), as a decimal.
fn figure(cell: &str) -> Option<Decimal> {
    let plain = cell.replace(',', "");
    let digits = plain.strip_prefix('-').unwrap_or(&plain);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    ok.then(|| plain.parse().ok()).flatten()
}

/// A line's cells, trimmed, spaces folded, trailing empty cells dropped.
fn cells(line: &str) -> Vec<String> {
    let mut c: Vec<String> = line
        .split('\t')
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    while c.last().is_some_and(String::is_empty) {
        c.pop();
    }
    c
}

fn same_cell(a: &str, b: &str) -> bool {
    match (figure(a), figure(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Does a decoded line stand for a line of the text? Cell for cell; a line
/// without tabs (a title) stands for a text line whose one filled cell it is.
fn same_line(decoded: &str, text: &str) -> bool {
    let (d, t) = (cells(decoded), cells(text));
    if !decoded.contains('\t') {
        let filled: Vec<&String> = t.iter().filter(|c| !c.is_empty()).collect();
        return filled.len() == 1 && d.len() == 1 && same_cell(&d[0], filled[0]);
    }
    d.len() == t.len() && d.iter().zip(&t).all(|(a, b)| same_cell(a, b))
}

fn holds_figure(line: &str) -> bool {
    line.contains('\t') && line.split('\t').any(|c| figure(c.trim()).is_some())
}

fn is_table_number(line: &str) -> bool {
    line.trim()
        .strip_prefix('表')
        .is_some_and(|n| !n.trim().is_empty() && n.trim().bytes().all(|b| b.is_ascii_digit()))
}

fn is_caption(line: &str) -> bool {
    ["单位名称", "单位", "编制单位", "金额单位", "部门名称"]
        .iter()
        .any(|c| {
            line.strip_prefix(c)
                .is_some_and(|r| r.starts_with(['：', ':']))
        })
}

/// The text's table lines, cleaned as the importer cleans them, where the
/// first table starts and where the narrative first resumes after it. A table starts at a `表N` line (itself left
/// out), or in a text without them at a line of its own followed by rows
/// (after blank and caption lines); blank lines are left out, headings
/// lose their marks; a heading after a table's rows that is not a table's
/// title (…表), the narrative resuming, ends the tables until the next
/// start.
fn table_lines(text: &str) -> (Vec<String>, usize, usize) {
    let lines = clean::lines(text);
    let numbered = lines.iter().any(|l| is_table_number(&l.text));
    let rows_follow = |i: usize| {
        lines[i + 1..]
            .iter()
            .find(|l| !l.text.trim().is_empty() && !is_caption(l.text.trim()))
            .is_some_and(|l| l.text.contains('\t'))
    };
    let mut out = Vec::new();
    let (mut in_table, mut rows_begun, mut first, mut end) = (false, false, None, None);
    for (i, l) in lines.iter().enumerate() {
        let t = l.text.trim();
        let starts = if numbered {
            is_table_number(t)
        } else {
            !t.is_empty() && !l.text.contains('\t') && !is_caption(t) && rows_follow(i)
        };
        if starts {
            (in_table, rows_begun) = (true, false);
            first.get_or_insert(i);
            if numbered {
                continue;
            }
        }
        if !in_table || t.is_empty() {
            continue;
        }
        if t.starts_with('#') {
            if rows_begun && !clean::plain(t).ends_with('表') {
                in_table = false;
                end.get_or_insert(i);
                continue;
            }
            out.push(clean::plain(t));
            continue;
        }
        rows_begun |= l.text.contains('\t');
        out.push(l.text.clone());
    }
    let first = first.expect("the text has tables");
    (out, first, end.unwrap_or(lines.len()))
}

/// The decoded text's content lines with their origins: no sheet names,
/// no blank lines.
fn content(d: &Decoded) -> Vec<(String, At)> {
    let (_, lines) = origin(d);
    d.text
        .split('\n')
        .zip(lines)
        .filter(|(l, at)| at.row > 0 && !l.trim().is_empty())
        .map(|(l, at)| (l.to_string(), *at))
        .collect()
}

#[test]
fn every_table_row_of_the_text_is_a_row_of_the_workbook() {
    for (wb, source) in workbooks() {
        let d = decode(&wb);
        let text = std::fs::read_to_string(&source).unwrap();
        let (want, first, _) = table_lines(&text);
        // No row of figures of the text is left out of the tables.
        let all = clean::lines(&text);
        let rows = all[first..]
            .iter()
            .filter(|l| holds_figure(&l.text))
            .count();
        assert_eq!(want.iter().filter(|l| holds_figure(l)).count(), rows);
        let got = content(&d);
        let (mut j, mut skipped) = (0, 0);
        for (i, (line, at)) in got.iter().enumerate() {
            loop {
                assert!(
                    j < want.len(),
                    "{}: decoded line {i} ({at:?}) {line:?} is not in the text",
                    wb.display()
                );
                if same_line(line, &want[j]) {
                    j += 1;
                    break;
                }
                // Only a repeated head (title, captions, header rows of a
                // table continued over pages) is left out: never a figure.
                let repeat = want[..j].contains(&want[j]);
                assert!(
                    repeat && !holds_figure(&want[j]),
                    "{}: sheet {} row {}: decoded {line:?}, the text has {:?}",
                    wb.display(),
                    at.page,
                    at.row,
                    want[j]
                );
                skipped += 1;
                j += 1;
            }
        }
        assert!(
            want[j..].iter().all(|w| !holds_figure(w)),
            "{}: the text's rows from {:?} on are not in the workbook",
            wb.display(),
            want.get(j)
        );
        assert!(got.len() > 50, "{}: {} lines", wb.display(), got.len());
        assert!(skipped < want.len() / 10, "{skipped} left out");
    }
}

#[test]
fn every_figure_knows_its_sheet_and_cell() {
    use calamine::Reader as _;
    for (wb, _) in workbooks() {
        let d = decode(&wb);
        let (names, lines) = origin(&d);
        let mut book = calamine::open_workbook_auto(&wb).unwrap();
        let mut ranges = std::collections::HashMap::new();
        let mut sheet_of_line = "";
        let mut checked = 0;
        for (line, at) in d.text.split('\n').zip(lines) {
            if at.row == 0 {
                if !line.is_empty() {
                    sheet_of_line = line;
                }
                continue;
            }
            let name = &names[at.page as usize - 1];
            assert_eq!(name, sheet_of_line, "{line:?}");
            let range = ranges
                .entry(name.clone())
                .or_insert_with(|| book.worksheet_range(name).unwrap());
            for (col, cell) in line.split('\t').enumerate() {
                let Some(want) = figure(cell) else { continue };
                let held = range.get_value((at.row - 1, u32::try_from(col).unwrap()));
                let value = match held {
                    Some(calamine::Data::Float(f)) => Decimal::try_from(*f).unwrap(),
                    Some(calamine::Data::Int(i)) => Decimal::from(*i),
                    // A code written as text (`05`) stays text.
                    Some(calamine::Data::String(s)) if s.trim() == cell => want,
                    other => panic!("{}: {line:?} col {col}: {other:?}", wb.display()),
                };
                assert_eq!(value, want, "{}", sheet::cell_name(names, *at, col));
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} figures");
    }
}

#[test]
fn cells_are_named_like_a_spreadsheet_names_them() {
    for (wb, _) in shenzhen() {
        let d = decode(&wb);
        let (names, lines) = origin(&d);
        let name_of = |sheet: &str, row_starts: &str, value: &str| {
            let (line, at) = d
                .text
                .split('\n')
                .zip(lines)
                .find(|(l, at)| names[at.page as usize - 1] == sheet && l.starts_with(row_starts))
                .unwrap_or_else(|| panic!("{sheet} {row_starts}"));
            let col = line.split('\t').position(|c| c == value).unwrap();
            sheet::cell_name(names, *at, col)
        };
        assert_eq!(name_of("表1", "一、财政拨款", "686630"), "表1!B6");
        assert_eq!(name_of("表1", "一、财政拨款", "318532"), "表1!D6");
        assert_eq!(
            name_of("表7", "深圳市人力资源和社会保障局\t", "666730"),
            "表7!D5"
        );
        assert_eq!(
            name_of("表12", "深圳市人力资源和社会保障局\t", "112"),
            "表12!C6"
        );
        assert_eq!(name_of("表14", "\t合计", "110634.81"), "表14!D6");
    }
}

#[test]
fn xlsx_and_xls_of_one_text_read_alike() {
    let all = workbooks();
    for (x, source) in all.iter().filter(|(p, _)| p.extension().unwrap() == "xlsx") {
        let (s, _) = all
            .iter()
            .find(|(p, t)| t == source && p.extension().unwrap() == "xls")
            .unwrap();
        let (dx, ds) = (decode(x), decode(s));
        assert_eq!(dx.format, Some(Format::Xlsx));
        assert_eq!(ds.format, Some(Format::Xls));
        assert_eq!(dx.text, ds.text);
        assert_eq!(dx.origin, ds.origin);
    }
}

/// The bundled budget's narrative (everything before its first table)
/// followed by `tables`.
fn with_narrative(text: &str, tables: &str) -> String {
    let at = text.find("\n表1\n").unwrap() + 1;
    format!("{}{tables}", &text[..at])
}

/// A dataset as RON, its source lines, file and origin left out (a
/// workbook's lines are numbered in its decoded text, and stand in its
/// sheets).
fn comparable(d: &yusuan::schema::Dataset) -> String {
    let mut d = d.clone();
    d.source_file.clear();
    d.origin = yusuan::schema::Origin::default();
    let ron = yusuan::schema::to_ron(&d).unwrap();
    regex::Regex::new(r"line: ?\d+")
        .unwrap()
        .replace_all(&ron, "line: 0")
        .into_owned()
}

/// `got` (from a workbook) with its tables labelled as `want`'s (from the
/// text) where the difference is only this: in the text each unit's form
/// of 表14 (each project's of 表15) follows a `表14` line of its own, in the
/// workbook the forms follow each other on the sheet named `表14`, so the
/// importer labels all but the first by their title. Nothing else may
/// differ.
fn labelled_as(
    mut got: yusuan::schema::Dataset,
    want: &yusuan::schema::Dataset,
) -> yusuan::schema::Dataset {
    for (g, w) in got.tables_seen.iter_mut().zip(&want.tables_seen) {
        if g.label != w.label && g.label == g.title && w.label.starts_with('表') {
            g.label.clone_from(&w.label);
        }
    }
    for (g, w) in got.tables.iter_mut().zip(&want.tables) {
        if g.label != w.label && g.label == g.title && w.label.starts_with('表') {
            g.label.clone_from(&w.label);
        }
    }
    got
}

#[test]
fn the_workbooks_tables_import_as_the_texts_tables_do() {
    // With the text's narrative before them, the workbook's tables must give
    // the same dataset as the text.
    let text =
        std::fs::read_to_string(Path::new(ROOT).join("assets/shenzhen-hrss-2020-budget.txt"))
            .unwrap();
    let (want, _) = yusuan::import::import(&text, "x").unwrap();
    for (wb, _) in shenzhen() {
        let d = decode(&wb);
        let (got, _) = yusuan::import::import(&with_narrative(&text, &d.text), "x").unwrap();
        let got = labelled_as(got, &want);
        assert_eq!(comparable(&got), comparable(&want), "{}", wb.display());
    }
}

fn yusuan(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), err)
}

#[test]
fn each_bad_workbook_exits_2_saying_why_and_writes_nothing() {
    let cases = [
        ("xlsx/bad-not-a-workbook.xlsx", "not an XLSX file"),
        ("xlsx/bad-truncated.xlsx", "damaged or cut short"),
        ("xls/bad-truncated.xls", "damaged or cut short"),
        ("xlsx/bad-password.xlsx", "encrypted"),
        ("xls/bad-password.xls", "encrypted"),
        ("xlsx/bad-empty-sheets.xlsx", "holds no data"),
        ("xls/bad-empty-sheets.xls", "holds no data"),
    ];
    for (file, why) in cases {
        let path = Path::new(ROOT).join("tests/fixtures").join(file);
        let dir = tempfile::tempdir().unwrap();
        let (out, report) = (dir.path().join("out.ron"), dir.path().join("r.json"));
        let (code, err) = yusuan(&[
            "import".as_ref(),
            path.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--report".as_ref(),
            report.as_os_str(),
        ]);
        assert_eq!(code, 2, "{file}: {err}");
        assert!(err.contains(why), "{file}: {err}");
        assert!(
            err.contains(file.split('/').next_back().unwrap()),
            "{file}: {err}"
        );
        assert!(!err.contains("panicked"), "{file}: {err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{file}");
    }
}

#[test]
fn a_workbook_named_pdf_is_read_as_a_workbook() {
    let xlsx = Path::new(ROOT).join("tests/fixtures/xlsx/shenzhen-hrss-2020-budget.xlsx");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("公开表.pdf");
    std::fs::copy(&xlsx, &pdf).unwrap();
    let d = yusuan::load::read_file(&pdf).unwrap();
    assert_eq!(d.format, Some(Format::Xlsx));
    assert_eq!(d, decode(&xlsx));
    // Through the binary: imported as the workbook it is.
    let out = dir.path().join("out.ron");
    let (code, err) = yusuan(&[
        "import".as_ref(),
        pdf.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(code, 0, "{err}");
    let ron = std::fs::read_to_string(&out).unwrap();
    let d = yusuan::load::parse_ron(&ron, "out.ron").unwrap();
    assert_eq!(d.department, "深圳市人力资源和社会保障局");
    assert_eq!(d.source_file, "公开表.pdf");
}

/// The text's tables alone: its lines from the first table to where the
/// narrative resumes.
fn tables_only(text: &str) -> String {
    let (_, first, end) = table_lines(text);
    let lines: Vec<&str> = text.split('\n').collect();
    lines[first..end].join("\n")
}

#[test]
fn a_workbook_imports_to_the_dataset_of_its_tables_only_text() {
    let dir = tempfile::tempdir().unwrap();
    let import = |p: &Path| {
        let out = dir.path().join("out.ron");
        let (code, err) = yusuan(&[
            "import".as_ref(),
            p.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        let ron = std::fs::read_to_string(&out);
        let _ = std::fs::remove_file(&out);
        match code {
            0 => Ok(yusuan::load::parse_ron(&ron.unwrap(), "out.ron").unwrap()),
            _ => Err(err),
        }
    };
    let mut imported = 0;
    for (wb, source) in workbooks() {
        let tables = dir.path().join("tables.txt");
        std::fs::write(
            &tables,
            tables_only(&std::fs::read_to_string(&source).unwrap()),
        )
        .unwrap();
        match (import(&tables), import(&wb)) {
            (Ok(want), Ok(got)) => {
                let got = labelled_as(got, &want);
                assert_eq!(comparable(&got), comparable(&want), "{}", wb.display());
                imported += 1;
            }
            // The importer cannot make a dataset of these tables alone:
            // neither from the text nor from the workbook.
            (Err(_), Err(_)) => eprintln!("{}: not imported from tables alone", wb.display()),
            (want, got) => panic!(
                "{}: the text's tables: {:?}; the workbook: {:?}",
                wb.display(),
                want.err(),
                got.err()
            ),
        }
    }
    assert!(imported >= 2, "{imported} imported");
}

// --- Hostile workbooks ----------------------------------------------------

/// Per run: a workbook of this size reads in well under a second.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// Mutants per fixture: a few dozen by default; CI sets more.
fn mutant_count() -> usize {
    std::env::var("YUSUAN_SHEET_HOSTILE_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(16)
}

/// A workbook's bytes, mutated: bytes flipped, cut short, a run
/// overwritten; for an XLSX also a member's XML damaged inside a sound ZIP
/// (so that calamine's parsing is reached, not only the ZIP's checks).
fn mutate(base: &[u8], rng: &mut gen::Rng, zipped: bool) -> Vec<u8> {
    let mut b = base.to_vec();
    match rng.below(if zipped { 5 } else { 4 }) {
        0 => {
            for _ in 0..=rng.below(8) {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => b.truncate(rng.below(b.len())),
        2 => {
            let at = rng.below(b.len());
            let n = (1 + rng.below(64)).min(b.len() - at);
            let v = *rng.pick(&[0u8, 0xFF, b'<', b'9']);
            b[at..at + n].fill(v);
        }
        3 => {
            let at = rng.below(b.len());
            let n = (1 + rng.below(4096)).min(b.len() - at);
            let chunk = b[at..at + n].to_vec();
            b.splice(at..at, chunk);
        }
        _ => b = mutate_member(base, rng),
    }
    b
}

fn mutate_member(base: &[u8], rng: &mut gen::Rng) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let victim = rng.below(zip.len());
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().into_owned();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        if i == victim && !body.is_empty() {
            match rng.below(4) {
                0 => body.truncate(rng.below(body.len())),
                1 => {
                    for _ in 0..=rng.below(16) {
                        let k = rng.below(body.len());
                        body[k] = *rng.pick(&[b'<', b'>', b'"', b'9', b'A', 0xE4, b'/']);
                    }
                }
                2 => {
                    // A cell or row reference pushed far out.
                    let s = String::from_utf8_lossy(&body).replacen(
                        "r=\"",
                        "r=\"XFD1048",
                        1 + rng.below(40),
                    );
                    body = s.into_bytes();
                }
                _ => {
                    let to: &&str = rng.pick(&["uniqueCount=\"9999999999", "uniqueCount=\"-"]);
                    let s = String::from_utf8_lossy(&body).replace("uniqueCount=\"", to);
                    body = s.into_bytes();
                }
            }
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(&body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Run the binary on a mutant: `Err` on a panic, a hang, an unexpected exit
/// status, or a file written on failure.
fn run_mutant(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    let input = dir.join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.join(format!("{name}.ron"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args([
            "import".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut err_pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err_pipe, &mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {TIME_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let err = reader.join().unwrap_or_default();
    let code = status.code().unwrap_or(-1);
    if code == 101 || err.contains("panicked") || !matches!(code, 0 | 2) {
        return Err(format!("exit {code}: {}", err.lines().last().unwrap_or("")));
    }
    if code == 2 && out.exists() {
        return Err("wrote a file on failure".into());
    }
    let _ = std::fs::remove_file(&out);
    Ok(())
}

#[test]
fn mutated_workbooks_neither_panic_nor_hang() {
    let bases = [
        (
            "xlsx",
            true,
            "tests/fixtures/xlsx/shenzhen-hrss-2020-budget.xlsx",
        ),
        (
            "xls",
            false,
            "tests/fixtures/xls/shenzhen-hrss-2020-budget.xls",
        ),
    ];
    let n = mutant_count();
    let keep = Path::new(ROOT).join("target/hostile-failures");
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for (t, (ext, zipped, path)) in bases.iter().enumerate() {
            let failures = &failures;
            let keep = &keep;
            s.spawn(move || {
                let base = std::fs::read(Path::new(ROOT).join(path)).unwrap();
                let dir = tempfile::tempdir().unwrap();
                let mut rng = gen::Rng::new(20_201_202 + t as u64);
                for i in 0..n {
                    let m = mutate(&base, &mut rng, *zipped);
                    let name = format!("mutant-{i}.{ext}");
                    if let Err(e) = run_mutant(dir.path(), &name, &m) {
                        let _ = std::fs::create_dir_all(keep);
                        let _ = std::fs::write(keep.join(&name), &m);
                        failures.lock().unwrap().push(format!("{name}: {e}"));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} mutants misbehaved (kept in target/hostile-failures/):\n{}",
        failures.len(),
        n * bases.len(),
        failures.join("\n")
    );
}
