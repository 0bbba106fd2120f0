//! The PDF reader against the texts its fixtures were made from
//! (`tests/fixtures/make/pdf.py` lays a budget text out as a published
//! document and prints it through `LibreOffice`, then re-saves it with
//! Type0 fonts through cairo): every table row, cell for cell, and every
//! paragraph of the narrative must come back as the text has it (spaces
//! aside, and after the importer's cleaning of the text's HTML and LaTeX).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use yusuan::import::text::{clean_line, plain};
use yusuan::read::{self, At, Decoded, Origin};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pdf")
        .join(name)
}

/// A fixture decoded, once for all the tests that read it.
fn decode(name: &str) -> Arc<Decoded> {
    static DECODED: Mutex<BTreeMap<String, Arc<OnceLock<Arc<Decoded>>>>> =
        Mutex::new(BTreeMap::new());
    let slot = Arc::clone(DECODED.lock().unwrap().entry(name.into()).or_default());
    Arc::clone(slot.get_or_init(|| {
        let bytes = std::fs::read(fixture(name)).expect("the fixture is there");
        Arc::new(read::read(&bytes, &|_, _| {}).unwrap_or_else(|e| panic!("{name}: {e}")))
    }))
}

/// Without its spaces: a space typed at the end of a wrapped line is not
/// in the PDF at all (nothing is drawn there), so where the text has
/// spaces is not what is compared; every other character is.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A row's cells, squeezed, without the empty cells at its end.
fn row(line: &str) -> Vec<String> {
    let mut cells: Vec<String> = line.split('\t').map(squeeze).collect();
    while cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}

/// The source's paragraphs (headings and titles too) and table rows.
fn source(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut paragraphs = Vec::new();
    let mut rows = Vec::new();
    for raw in text.split('\n') {
        // Cell by cell, as the fixtures were made: the importer's cleaning
        // of a whole line lets a `</p>` eat the tab after it.
        let line: Vec<String> = raw.split('\t').map(clean_line).collect();
        let line = line.join("\t");
        if line.contains('\t') {
            rows.push(row(&line));
        } else if !line.trim().is_empty() {
            paragraphs.push(squeeze(&plain(&line)));
        }
    }
    (paragraphs, rows)
}

/// The decoded document's paragraphs and rows, its page furniture (the
/// running header atop each page, the `— N —` at its foot) left out.
fn decoded(doc: &Decoded) -> (Vec<String>, Vec<Vec<String>>) {
    let Origin::Pages(at) = &doc.origin else {
        panic!("a PDF's lines come from pages")
    };
    let lines: Vec<&str> = doc.text.split('\n').collect();
    assert_eq!(lines.len(), at.len(), "one place for each line");
    let header = lines
        .iter()
        .zip(at)
        .find(|(_, a)| a.row == 1)
        .map(|(l, _)| (*l).to_string())
        .unwrap_or_default();
    let footer = regex::Regex::new(r"^— \d+ —$").unwrap();
    let mut paragraphs = Vec::new();
    let mut rows = Vec::new();
    let mut first_of_page = 0;
    for (i, (line, a)) in lines.iter().zip(at).enumerate() {
        let first = i == 0 || at[i - 1].page != a.page;
        if first {
            first_of_page = i;
        }
        let furniture = (i == first_of_page && *line == header) || footer.is_match(line);
        if furniture {
            continue;
        }
        if line.contains('\t') {
            rows.push(row(line));
        } else {
            paragraphs.push(squeeze(line));
        }
    }
    (paragraphs, rows)
}

/// How many of `want` come back in order in `got` (the longest common
/// subsequence), and the first few of each side that did not.
fn compare<T: PartialEq + std::fmt::Debug + Clone>(want: &[T], got: &[T]) -> (usize, Vec<String>) {
    let (n, m) = (want.len(), got.len());
    let mut len = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i][j] = if want[i] == got[j] {
                len[i + 1][j + 1] + 1
            } else {
                len[i + 1][j].max(len[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut misses = Vec::new();
    while i < n || j < m {
        if i < n && j < m && want[i] == got[j] {
            i += 1;
            j += 1;
        } else if j >= m || (i < n && len[i + 1][j] >= len[i][j + 1]) {
            misses.push(format!("missing #{i}: {:?}", want[i]));
            i += 1;
        } else {
            misses.push(format!("extra   #{j}: {:?}", got[j]));
            j += 1;
        }
    }
    // What is missing first: that is what a reader loses.
    misses.sort_by_key(|m| !m.starts_with("missing"));
    (len[0][0] as usize, misses)
}

/// Every row and paragraph of the source comes back, and nothing else.
fn matches_source(pdf: &str, text: &str) {
    let doc = decode(pdf);
    let (want_paragraphs, want_rows) = source(text);
    let (got_paragraphs, got_rows) = decoded(&doc);
    let (right, misses) = compare(&want_rows, &got_rows);
    eprintln!(
        "{pdf}: table rows {right} of {} right, {} read",
        want_rows.len(),
        got_rows.len()
    );
    assert!(
        right == want_rows.len() && right == got_rows.len(),
        "{pdf}: table rows {right} of {} right ({} read); {}",
        want_rows.len(),
        got_rows.len(),
        misses[..misses.len().min(60)].join("\n")
    );
    let (right, misses) = compare(&want_paragraphs, &got_paragraphs);
    eprintln!(
        "{pdf}: paragraphs {right} of {} right, {} read",
        want_paragraphs.len(),
        got_paragraphs.len()
    );
    assert!(
        right == want_paragraphs.len() && right == got_paragraphs.len(),
        "{pdf}: paragraphs {right} of {} right ({} read); {}",
        want_paragraphs.len(),
        got_paragraphs.len(),
        misses[..misses.len().min(60)].join("\n")
    );
}

fn part_source() -> String {
    std::fs::read_to_string(fixture("shenzhen-hrss-2020-part.source.txt")).unwrap()
}

const BUNDLED: &str = include_str!("../assets/shenzhen-hrss-2020-budget.txt");

#[test]
fn simple_truetype_fonts_read_as_the_text_has_it() {
    matches_source("shenzhen-hrss-2020-part.pdf", &part_source());
}

#[test]
fn type0_identity_h_fonts_read_as_the_text_has_it() {
    matches_source("shenzhen-hrss-2020-part-type0.pdf", &part_source());
}

#[test]
fn the_whole_bundled_budget_reads_as_its_text() {
    matches_source("shenzhen-hrss-2020.pdf", BUNDLED);
}

fn national(name: &str) -> (String, PathBuf) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/text")
        .join(format!("{name}.txt"));
    (std::fs::read_to_string(&path).unwrap(), path)
}

/// The national templates' texts (预算 and 决算, two departments).
const NATIONAL: &[&str] = &[
    "lc-agri-2020-final",
    "lc-agri-2021-budget",
    "sm-archives-2021-budget",
];

#[test]
fn national_template_documents_read_as_their_texts_have_them() {
    for name in NATIONAL {
        matches_source(&format!("{name}.pdf"), &national(name).0);
    }
    matches_source(
        "lc-agri-2020-final-type0.pdf",
        &national("lc-agri-2020-final").0,
    );
}

#[test]
fn each_line_knows_its_page_and_row() {
    let doc = decode("shenzhen-hrss-2020-part.pdf");
    let Origin::Pages(at) = &doc.origin else {
        panic!("a PDF's lines come from pages")
    };
    let lines: Vec<&str> = doc.text.split('\n').collect();
    let place = |want: &str| {
        let i = lines
            .iter()
            .position(|l| l.starts_with(want))
            .unwrap_or_else(|| panic!("{want:?} not read"));
        at[i]
    };
    // The running header is the first line of every page; the title below it.
    assert_eq!(
        place("2020年深圳市人力资源和社会保障局部门预算"),
        At {
            page: 1,
            row: 1,
            furniture: true
        }
    );
    assert_eq!(
        place("第一部分 部门概况"),
        At {
            page: 1,
            row: 3,
            furniture: false
        }
    );
    assert_eq!(
        place("— 10 —"),
        At {
            page: 10,
            row: 31,
            furniture: true
        }
    );
    assert_eq!(
        place("一、财政拨款\t686,630"),
        At {
            page: 10,
            row: 8,
            furniture: false
        }
    );
    // Pages only grow, and rows within a page too.
    for w in at.windows(2) {
        assert!(w[0].page <= w[1].page, "{w:?}");
    }
}

/// A dataset's RON without where each figure stood (line numbers, the
/// pages and rows of the PDF, the file's name) and without spaces (see
/// [`squeeze`]): department, year, units, projects, every figure and its
/// place are what is compared.
fn comparable(ron: &str) -> String {
    let mut d = yusuan::load::parse_ron(ron, "written").expect("a written dataset loads");
    d.origin = yusuan::schema::Origin::default();
    d.source_file.clear();
    yusuan::schema::to_ron(&d)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("line:"))
        .map(squeeze)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `yusuan ARGS…`: (exit status, stdout, stderr).
fn yusuan(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("yusuan-pdf-test-cache"),
        )
        .stdin(std::process::Stdio::null())
        .output()
        .expect("yusuan runs");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// `yusuan import FILE -o OUT` into a scratch folder: (status, stderr, the
/// dataset written if any).
fn import(file: &Path) -> (i32, String, Option<String>) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    let (code, _, stderr) = yusuan(&[
        "import".as_ref(),
        file.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    (code, stderr, std::fs::read_to_string(&out).ok())
}

#[test]
fn importing_a_pdf_through_the_binary_gives_the_texts_dataset() {
    let mut cases = vec![
        (
            "shenzhen-hrss-2020-part.pdf".to_string(),
            fixture("shenzhen-hrss-2020-part.source.txt"),
        ),
        (
            "shenzhen-hrss-2020-part-type0.pdf".into(),
            fixture("shenzhen-hrss-2020-part.source.txt"),
        ),
        (
            "shenzhen-hrss-2020.pdf".into(),
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/shenzhen-hrss-2020-budget.txt"),
        ),
        (
            "lc-agri-2020-final-type0.pdf".into(),
            national("lc-agri-2020-final").1,
        ),
    ];
    cases.extend(NATIONAL.iter().map(|n| (format!("{n}.pdf"), national(n).1)));
    for (pdf, text) in cases {
        let pdf = pdf.as_str();
        let (code, stderr, got) = import(&fixture(pdf));
        assert_eq!(code, 0, "{pdf}: {stderr}");
        let (code, stderr, want) = import(&text);
        assert_eq!(code, 0, "{}: {stderr}", text.display());
        let (want, got) = (comparable(&want.unwrap()), comparable(&got.unwrap()));
        let differ: Vec<(&str, &str)> = want
            .lines()
            .zip(got.lines())
            .filter(|(a, b)| a != b)
            .take(8)
            .collect();
        assert!(
            want == got,
            "{pdf} imports as its text does ({} lines against {}): {differ:#?}",
            want.lines().count(),
            got.lines().count()
        );
    }
}

/// Each bad file: exit 2, a message saying what (and on which page), and
/// nothing written — through `import` and through a command that opens it.
#[test]
fn bad_files_say_what_is_wrong_and_where_and_write_nothing() {
    let cases: &[(&str, &[&str])] = &[
        (
            "bad/scanned-page-3.pdf",
            &["第 3 页没有文字层（扫描件？）", "page 3"],
        ),
        (
            "bad/no-tounicode.pdf",
            &["第 1 页的文字无法解码", "ToUnicode"],
        ),
        ("bad/no-tounicode-simple.pdf", &["第 1 页的文字无法解码"]),
        (
            "bad/user-password.pdf",
            &["文件已加密，需要密码", "encrypted"],
        ),
        ("bad/truncated.pdf", &["damaged or cut short"]),
        ("bad/byte-flipped.pdf", &["damaged or cut short"]),
        (
            "bad/zip-named.pdf",
            &["named .pdf but its content is a ZIP archive"],
        ),
    ];
    for (name, says) in cases {
        let path = fixture(name);
        let (code, stderr, written) = import(&path);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(written.is_none(), "{name}: a dataset was written");
        for s in *says {
            assert!(stderr.contains(s), "{name}: {s:?} not in {stderr:?}");
        }
        assert!(stderr.contains(name), "{name}: the file is named: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        let (code, stdout, stderr) = yusuan(&["tree".as_ref(), path.as_os_str()]);
        assert_eq!(code, 2, "{name} tree: {stderr}");
        assert!(stdout.is_empty(), "{name} tree printed {stdout}");
        assert!(stderr.contains(says[0]), "{name} tree: {stderr}");
    }
}

#[test]
fn an_owner_password_alone_does_not_stop_reading() {
    matches_source("owner-password-only.pdf", &national("lc-agri-2020-final").0);
}

#[test]
fn a_pdf_is_told_by_its_content_whatever_its_name() {
    let named_txt = decode("pdf-named.txt");
    assert_eq!(named_txt, decode("lc-agri-2020-final.pdf"));
    let (code, stdout, stderr) = yusuan(&[
        "tree".as_ref(),
        "--depth".as_ref(),
        "1".as_ref(),
        fixture("pdf-named.txt").as_os_str(),
    ]);
    assert_eq!(code, 0, "read as the PDF it is: {stderr}");
    assert!(stdout.contains("农业"), "{stdout}");
}
