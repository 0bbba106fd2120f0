//! Converter noise changes nothing: a text with page furniture inserted,
//! its digits made full-width, its thousands separators changed, a table
//! split over a page, or a table converted to 元, imports to the same
//! dataset as the clean text (every figure's value; the lines and the
//! precision a 元 figure gives aside) — for every template fixture and the
//! bundled budget. Property-tested: each case draws its transforms, among
//! them laying the text out with spaces as `pdftotext -layout` does (the
//! national fixtures). And every fixture laid out so reads as its tabs.

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;
use yusuan::import::{grid, layout, text};

/// The documents: the bundled budget and every fixture text.
fn documents() -> Vec<(String, String)> {
    let mut out = vec![(
        "bundled".to_string(),
        yusuan::load::BUNDLED_SOURCE.to_string(),
    )];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for p in paths {
        out.push((
            p.file_name().unwrap().to_string_lossy().into_owned(),
            std::fs::read_to_string(&p).expect("text"),
        ));
    }
    out
}

/// The dataset as compared: lines, precisions and stated money units
/// (which a 元 table changes) left out, every number normalised.
fn comparable(v: &mut Value) {
    match v {
        Value::Object(o) => {
            for k in ["line", "precision", "unit", "source_file", "tables_seen"] {
                if k != "unit" || o.contains_key("columns") {
                    o.remove(k);
                }
            }
            for (_, x) in o.iter_mut() {
                comparable(x);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(comparable),
        Value::String(s) => {
            if let Ok(d) = Decimal::from_str(s) {
                *s = d.normalize().to_string();
            }
        }
        _ => {}
    }
}

fn import(text: &str) -> Value {
    let (d, _) = yusuan::import::import(text, "x").expect("imports");
    let mut v = serde_json::to_value(&d).expect("json");
    comparable(&mut v);
    v
}

/// Lines of page furniture, as converters leave them.
const FURNITURE: [&str; 6] = ["— 7 —", "- 7 -", "第 7 页 共 31 页", "7", "7/31", "Page 7"];

/// A page number (or the title as a running header) every `every` lines.
fn furniture(text: &str, every: usize, kind: usize, title: &str) -> String {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        out.push(l.to_string());
        if i % every == every - 1 {
            out.push(FURNITURE[kind % FURNITURE.len()].replace('7', &(i / every + 2).to_string()));
            if kind.is_multiple_of(2) {
                out.push(title.to_string());
            }
        }
    }
    out.join("\n")
}

/// Every digit full-width; in figures the comma and point too.
fn fullwidth(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() * 3);
    for (i, &c) in chars.iter().enumerate() {
        let between = i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        out.push(match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap(),
            ',' if between => '，',
            '.' if between => '．',
            c => c,
        });
    }
    out
}

/// In tables, thousands separators as a space, a thin space, or none.
fn separators(text: &str, kind: usize) -> String {
    let sep = ["", " ", "\u{2009}", "\u{a0}"][kind % 4];
    text.lines()
        .map(|l| {
            if !l.contains('\t') {
                return l.to_string();
            }
            l.split('\t')
                .map(|c| {
                    if yusuan::import::number::is_figure(c) && c.contains(',') {
                        c.replace(',', sep)
                    } else {
                        c.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The tables of a text as read, with their grids.
fn grids(text: &str) -> Vec<(layout::Table, grid::Grid)> {
    let lines = text::lines(text);
    let doc = layout::split(&lines);
    doc.tables
        .into_iter()
        .filter(|t| {
            matches!(
                t.spec().shape,
                yusuan::import::template::Shape::Rows | yusuan::import::template::Shape::TwoSided
            )
        })
        .map(|t| {
            let g = grid::read(t.spec(), &t.lines, &|l| {
                layout::title_of(&l.text).is_some() || layout::table_number(&l.text).is_some()
            });
            (t, g)
        })
        .collect()
}

/// Table `pick` split over a page after one of its rows: a page number,
/// then its title, captions and header again.
fn page_split(text: &str, pick: usize) -> String {
    let tables: Vec<_> = grids(text)
        .into_iter()
        .filter(|(_, g)| g.blocks.iter().map(|b| b.rows.len()).sum::<usize>() >= 3)
        .collect();
    if tables.is_empty() {
        return text.to_string();
    }
    let (t, g) = &tables[pick % tables.len()];
    let rows: Vec<u32> = g.blocks[0].rows.iter().map(|r| r.line).collect();
    let after = rows[rows.len() / 2];
    let src: Vec<&str> = text.lines().collect();
    let mut repeat: Vec<String> = vec!["— 9 —".into(), String::new()];
    let header_start = g.header_lines.first().copied().unwrap_or(after);
    for l in &t.lines {
        if l.no < header_start || g.header_lines.contains(&l.no) {
            repeat.push(src[(l.no - 1) as usize].to_string());
        }
    }
    let mut out = Vec::new();
    for (i, l) in src.iter().enumerate() {
        out.push((*l).to_string());
        if u32::try_from(i + 1).ok() == Some(after) {
            out.extend(repeat.iter().cloned());
        }
    }
    out.join("\n")
}

/// Table `pick` (one in 万元 to the fen) converted to 元: every figure ×
/// 10,000. A table of whole 万元 is not converted: written in 元 it would
/// state more than the document knows (2,028 万元 is not 20,280,000.00 元),
/// and a figure elsewhere stated to the fen (2,027.50) would then disagree
/// with it — another document, not the same one with noise.
fn to_yuan(text: &str, pick: usize) -> String {
    let tables: Vec<_> = grids(text)
        .into_iter()
        .filter(|(_, g)| g.unit.as_ref().is_some_and(|u| u.0 == "万元"))
        .filter(|(_, g)| {
            g.blocks
                .iter()
                .flat_map(|b| &b.rows)
                .flat_map(|r| &r.values)
                .filter_map(|v| v.value)
                .all(|v| v.is_zero() || v.scale() >= 2)
        })
        .collect();
    if tables.is_empty() {
        return text.to_string();
    }
    let (t, g) = &tables[pick % tables.len()];
    let mut cells: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
    for b in &g.blocks {
        for r in &b.rows {
            for v in r.values.iter().filter(|v| v.value.is_some()) {
                cells.entry(r.line).or_default().push(v.cell);
            }
        }
    }
    let lines_of: std::collections::HashSet<u32> = t.lines.iter().map(|l| l.no).collect();
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let no = u32::try_from(i + 1).unwrap_or(u32::MAX);
            if !lines_of.contains(&no) {
                return l.to_string();
            }
            if yusuan::import::grid::money_unit(l) == Some("万元") {
                return l.replace("万元", "元");
            }
            let Some(cs) = cells.get(&no) else {
                return l.to_string();
            };
            l.split('\t')
                .enumerate()
                .map(|(j, c)| match yusuan::import::number::figure(c) {
                    Some(v) if cs.contains(&j) => {
                        let y = (v * Decimal::from(10_000)).round_dp(2);
                        yusuan::money::format_dp(y, 2)
                    }
                    _ => c.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The document's title line (a running header repeats it).
fn title_of(text: &str) -> String {
    text.lines()
        .find(|l| l.contains("部门预算") || l.contains("部门决算"))
        .map(|l| l.trim_start_matches('#').trim().to_string())
        .unwrap_or_default()
}

proptest! {
    // A dozen cases in a warm `cargo test`; CI runs more (YUSUAN_NOISE_CASES).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("YUSUAN_NOISE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12),
        ..ProptestConfig::default()
    })]

    #[test]
    fn noise_changes_nothing(
        doc in 0usize..8,
        transforms in prop::collection::vec(0usize..6, 1..4),
        every in 17usize..61,
        kind in 0usize..12,
    ) {
        let docs = documents();
        let (name, clean) = &docs[doc % docs.len()];
        let mut noisy = clean.clone();
        let mut applied = Vec::new();
        for t in &transforms {
            noisy = match t {
                0 => furniture(&noisy, every, kind, &title_of(clean)),
                1 => fullwidth(&noisy),
                2 => separators(&noisy, kind),
                3 => page_split(&noisy, kind),
                4 => to_yuan(&noisy, kind),
                // Laid out with spaces last (a converter's whole output);
                // not Shenzhen's bundled text (see below).
                _ => noisy.clone(),
            };
            applied.push(["furniture", "full-width", "separators", "page split", "元", "-layout"][*t]);
        }
        // Laid out with spaces, a page break that falls inside a table's
        // header (between its year groups and its column names) is not yet
        // joined across the furniture or a split page: those combinations
        // are left out (a known limit, said in docs/import.md), the others
        // are kept.
        // So is a table whose figures were turned into 元 (ASCII) beside
        // column numbers in full-width digits: its year groups can be
        // misplaced. Both are read with a warning and flagged by the checks.
        let mixed_digits = transforms.contains(&1) && transforms.contains(&4);
        let laid = transforms.contains(&5)
            && name != "bundled"
            && !transforms.contains(&0)
            && !transforms.contains(&3)
            && !mixed_digits;
        if laid {
            noisy = laid_out(&noisy);
        }
        // Laid out, an empty table's header words may group otherwise: the
        // tables kept as printed aside, what the dataset makes of the figures.
        let essentials = |mut v: Value| {
            if let (true, Value::Object(o)) = (laid, &mut v) {
                o.remove("tables");
            }
            v
        };
        let want = essentials(import(clean));
        let got = essentials(import(&noisy));
        if got != want {
            let w = serde_json::to_string_pretty(&want).unwrap();
            let g = serde_json::to_string_pretty(&got).unwrap();
            let dump = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
            let _ = std::fs::write(dump.join("noise-clean.json"), &w);
            let _ = std::fs::write(dump.join("noise-noisy.json"), &g);
            let _ = std::fs::write(dump.join("noise-noisy.txt"), &noisy);
            let first = w.lines().zip(g.lines()).position(|(a, b)| a != b).unwrap_or(0);
            let show = |s: &str| s.lines().skip(first.saturating_sub(8)).take(20).collect::<Vec<_>>().join("\n");
            prop_assert!(false, "{name} with {applied:?} differs:\n--- clean\n{}\n--- noisy\n{}", show(&w), show(&g));
        }
    }
}

#[test]
fn each_transform_changes_the_text() {
    let (_, clean) = &documents()[1];
    assert_ne!(furniture(clean, 20, 0, "x"), *clean);
    assert_ne!(fullwidth(clean), *clean);
    assert_ne!(separators(clean, 1), *clean);
    assert_ne!(page_split(clean, 0), *clean);
    assert_ne!(to_yuan(clean, 0), *clean);
    assert!(!laid_out(clean).contains('\t'));
}

/// The text as `pdftotext -layout` sets it: no tabs, each table's cells at
/// the character their column starts at (amounts right-aligned, codes and
/// words left), columns two or more spaces apart, empty cells only spaces.
fn laid_out(text: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].contains('\t') {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        }
        // One table's rows, over a page break (a few lines without tabs
        // between): set in the same columns, as on the page.
        let mut j = i;
        loop {
            j += lines[j..].iter().take_while(|l| l.contains('\t')).count();
            let gap = lines[j..].iter().take_while(|l| !l.contains('\t')).count();
            if gap == 0
                || gap > 5
                || j + gap >= lines.len()
                || lines[j..j + gap].iter().all(|l| l.trim().is_empty())
            {
                break;
            }
            j += gap;
        }
        let rows: Vec<Vec<&str>> = lines[i..j]
            .iter()
            .map(|l| l.split('\t').map(str::trim).collect())
            .collect();
        let n = rows.iter().map(Vec::len).max().unwrap_or(0);
        let width = |c: usize| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |x| x.chars().count()))
                .max()
                .unwrap_or(0)
        };
        let widths: Vec<usize> = (0..n).map(width).collect();
        for (r, raw) in rows.iter().zip(&lines[i..j]) {
            if !raw.contains('\t') {
                out.push((*raw).to_string());
                continue;
            }
            let mut line = String::new();
            for (c, w) in widths.iter().enumerate() {
                let cell = r.get(c).copied().unwrap_or("");
                let pad = " ".repeat(w - cell.chars().count());
                let amount = cell.contains('.') && yusuan::import::number::figure(cell).is_some();
                if c > 0 {
                    line.push_str("   ");
                }
                if amount {
                    line.push_str(&pad);
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
            }
            out.push(line.trim_end().to_string());
        }
        i = j;
    }
    out.join("\n")
}

/// Every fixture, and the documents the importer had not seen, read the same
/// from `pdftotext -layout`'s text as from a converter's tab-separated one.
#[test]
fn a_text_laid_out_with_spaces_reads_as_its_tabs() {
    // The national fixtures; Shenzhen's bundled text is its own converter's
    // (HTML in cells, unlabelled `0` cells beside 表1's rows) and is not
    // laid out here.
    let mut docs: Vec<(String, String)> = documents().into_iter().skip(1).collect();
    for folder in ["tests/fixtures/outsider", "tests/fixtures/outsider2"] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
        for e in std::fs::read_dir(dir).expect("fixtures") {
            let p = e.expect("entry").path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if p.extension().is_some_and(|x| x == "txt")
                && !name.contains("layout")
                && !name.ends_with("-md.txt")
            {
                docs.push((name, std::fs::read_to_string(&p).expect("text")));
            }
        }
    }
    let mut differ = Vec::new();
    for (name, clean) in &docs {
        let laid = laid_out(clean);
        assert!(!laid.contains('\t'), "{name}");
        // What the dataset makes of the figures; the tables kept as printed
        // aside (an empty table's header words may group otherwise).
        let essentials = |mut v: Value| {
            if let Value::Object(o) = &mut v {
                o.remove("tables");
            }
            v
        };
        let (a, b) = (essentials(import(&laid)), essentials(import(clean)));
        let c = yusuan::import::coverage(
            &laid,
            &yusuan::import::import(&laid, "x").expect("imports").0,
        );
        if !c.unaccounted.is_empty() {
            differ.push(format!("{name}: unaccounted {:?}", c.unaccounted));
        }
        if a != b {
            differ.push(name.clone());
        }
    }
    assert!(differ.is_empty(), "differ when laid out: {differ:?}");
}
