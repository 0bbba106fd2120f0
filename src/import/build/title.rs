//! The document's title: its year, its department and whether it is a
//! 预算 or a 决算 — the year before or after the department
//! (`2020年深圳市…局部门预算`, `深圳市海洋事务局2021年部门预算`,
//! `临川县农业农村局2020年度部门决算`), cross-checked with the tables'
//! `单位名称` captions. Never taken from a sentence of the narrative.

use super::super::layout::Document;
use super::super::template::{self, Kind};
use super::super::text::{norm, plain};
use super::super::{ImportError, Warning};
use crate::schema::DocKind;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What the title says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title {
    pub text: String,
    pub year: i32,
    pub department: String,
    pub kind: DocKind,
}

/// `[department] YEAR年[度] [department] 部门|单位 预算|决算 [公开…]`.
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)((?:19|20)\d{2})\s*年度?\s*(.*?)\s*(?:部门|单位)\s*(?:预算|决算)")
        .expect("valid regex")
});
/// A part heading (`第二部分 2021年部门预算表`): never the title.
static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十]+部分").expect("valid regex"));
/// A year in Chinese numerals (`二〇二一年`).
static CN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([一二][〇零ＯO一二三四五六七八九]{3})年").expect("valid regex"));
/// `单位名称：…`, `部门名称：…`, `编制单位：…` (a cell of a caption line).
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:编制|预算|主管)?(?:单位|部门)(?:名称)?\s*[:：]\s*(.+)$").expect("valid regex")
});

/// A line that can be a title: short, one cell, no sentence in it, not a
/// part heading. Spaces are taken out (`2 0 2 1 年 部 门 预 算`) and a year
/// in Chinese numerals read (`二〇二一年`).
fn title_line(text: &str) -> Option<String> {
    if text.trim().contains('\t') {
        return None;
    }
    let p: String = plain(text).chars().filter(|c| !c.is_whitespace()).collect();
    if PART.is_match(&p) {
        return None;
    }
    let p = CN_YEAR
        .replace(&p, |c: &regex::Captures| {
            let digits: String = c[1]
                .chars()
                .map(|ch| match ch {
                    '〇' | '零' | 'Ｏ' | 'O' => '0',
                    '一' => '1',
                    '二' => '2',
                    '三' => '3',
                    '四' => '4',
                    '五' => '5',
                    '六' => '6',
                    '七' => '7',
                    '八' => '8',
                    _ => '9',
                })
                .collect();
            format!("{digits}年")
        })
        .into_owned();
    let n = p.chars().count();
    ((6..=60).contains(&n) && !p.contains(['。', '，', '；', ':', '：'])).then_some(p)
}

/// A line read as a title, if it is one.
pub fn candidate(text: &str) -> Option<Title> {
    parse(&title_line(text)?)
}

/// Read one candidate title line.
fn parse(p: &str) -> Option<Title> {
    let c = TITLE.captures(p)?;
    let year: i32 = c[2].parse().ok()?;
    let before = c[1].trim();
    let after = c[3].trim();
    let department = if after.is_empty() { before } else { after };
    let kind = match template::get().kind_of_title(p) {
        Some(Kind::Final) => DocKind::Final,
        _ => DocKind::Budget,
    };
    Some(Title {
        text: p.to_string(),
        year,
        department: department.to_string(),
        kind,
    })
}

/// The department the tables' captions name, the one most of them name.
pub fn caption_department(doc: &Document) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in &doc.tables {
        for l in &t.lines {
            for cell in l.filled() {
                if let Some(c) = CAPTION.captures(cell.trim()) {
                    let name = c[1].trim().to_string();
                    if !name.is_empty() && !name.contains("万元") && !name.ends_with('元') {
                        *counts.entry(name).or_default() += 1;
                    }
                }
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(k, _)| k)
}

/// The title: the first line before the first table that reads as one
/// (lines of the narrative's sentences never do); a department written on
/// the line above a title that names none (`临川县农业农村局` /
/// `2021年部门预算`) is taken with it; the captions cross-check it.
pub fn title(doc: &Document, w: &mut Vec<Warning>) -> Result<Title, ImportError> {
    let first_table = doc
        .tables
        .first()
        .map_or(u32::MAX, super::super::layout::Table::first_line);
    let mut above: Option<String> = None;
    let mut found: Option<(Title, u32)> = None;
    for l in doc.narrative.iter().filter(|l| l.no < first_table) {
        let Some(p) = title_line(&l.text) else {
            if !l.text.trim().is_empty() {
                above = None;
            }
            continue;
        };
        if let Some(mut t) = parse(&p) {
            if t.department.is_empty() {
                if let Some(a) = above.take() {
                    t.department = a;
                    t.text = format!("{}{}", t.department, t.text);
                }
            }
            found = Some((t, l.no));
            break;
        }
        above = Some(p);
    }
    let captions = caption_department(doc);
    let Some((mut t, line)) = found.or_else(|| from_tables(doc, captions.as_deref(), w)) else {
        return Err(ImportError(
            "no title found: expected a line naming the year, the department and the kind of document, like `2021年某某局部门预算` or `某某局2020年度部门决算`".into(),
        ));
    };
    match &captions {
        Some(c) if t.department.is_empty() => t.department.clone_from(c),
        Some(c) => {
            let (a, b) = (norm(&t.department), norm(c));
            if !a.contains(&b) && !b.contains(&a) {
                w.push(Warning::new(
                    line,
                    format!(
                        "the title names the department {:?}, the tables' 单位名称 {:?}: the title's is used",
                        t.department, c
                    ),
                ));
            }
        }
        None => {}
    }
    if t.department.is_empty() {
        return Err(ImportError(format!(
            "the title {:?} names no department, and no table's 单位名称 does",
            t.text
        )));
    }
    Ok(t)
}

/// `2021年预算数`, `2020年决算数` in a table's header.
static HEADER_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年度?\s*(预算|决算)").expect("valid regex"));

/// A document of tables only (a workbook): the department its captions
/// name, the year its headers give the figures, 决算 when its tables are.
fn from_tables(
    doc: &Document,
    captions: Option<&str>,
    w: &mut Vec<Warning>,
) -> Option<(Title, u32)> {
    let department = captions?.to_string();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    let mut first = 0;
    for t in &doc.tables {
        for l in &t.lines {
            for c in HEADER_YEAR.captures_iter(&l.text) {
                if let Ok(y) = c[1].parse::<i32>() {
                    *years.entry(y).or_default() += 1;
                    if first == 0 {
                        first = l.no;
                    }
                }
            }
        }
    }
    // The latest year the headers name: a 上年 column names the year before.
    let year = *years.keys().next_back()?;
    let kind = if doc.tables.iter().any(|t| norm(&t.title).contains("决算")) {
        DocKind::Final
    } else {
        DocKind::Budget
    };
    w.push(Warning::new(
        first,
        format!(
            "no title: the department ({department}) is the tables' 单位名称, the year ({year}) their headers'"
        ),
    ));
    Some((
        Title {
            text: format!("{year}年{department}部门{}", kind.label()),
            year,
            department,
            kind,
        },
        first,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_order_and_either_kind() {
        let t = parse("2020年深圳市人力资源和社会保障局部门预算").unwrap();
        assert_eq!(
            (t.year, t.department.as_str(), t.kind),
            (2020, "深圳市人力资源和社会保障局", DocKind::Budget)
        );
        let t = parse("深圳市海洋事务局2021年部门预算").unwrap();
        assert_eq!((t.year, t.department.as_str()), (2021, "深圳市海洋事务局"));
        let t = parse("临川县农业农村局2020年度部门决算").unwrap();
        assert_eq!(
            (t.year, t.department.as_str(), t.kind),
            (2020, "临川县农业农村局", DocKind::Final)
        );
        let t = parse("2021年石门县档案馆单位预算公开").unwrap();
        assert_eq!(t.department, "石门县档案馆");
        assert!(title_line("截至2020年12月31日，青溪县审计局共有车辆2辆。").is_none());
        assert_eq!(
            candidate("甲县档案馆二〇二一年部门预算").unwrap().year,
            2021
        );
        let t = candidate("2 0 2 1 年 甲 县 档 案 馆 部 门 预 算").unwrap();
        assert_eq!((t.year, t.department.as_str()), (2021, "甲县档案馆"));
        assert!(candidate("## 第二部分 2021年部门预算表").is_none());
    }
}
