//! Coverage: every number in the source text is accounted for — read into the
//! dataset on its line, or skipped with a stated reason (a year, a date, an
//! ordinal, a page or table number…). What is neither is *unaccounted*: the
//! importer met a figure it did not understand, and says so.
//!
//! "Read" is decided from the dataset itself, not from the readers' say-so: a
//! number on line L is read when the dataset holds that value with source
//! line L (as a figure, a count, a code or a year), each held value accounting
//! for one number.
//!
//! `held` reads what the dataset holds: its values by line, and its texts.

mod held;

use super::layout::is_page_furniture;
use super::text::SrcLine;
use crate::schema::Dataset;
use held::Held;
use regex::Regex;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// One number of the text, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    pub line: u32,
    pub text: String,
}

/// A number skipped, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub line: u32,
    pub text: String,
    pub reason: &'static str,
}

/// The report `yusuan import --report FILE` writes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    pub numbers: usize,
    pub read: usize,
    pub skipped: Vec<Skipped>,
    pub unaccounted: Vec<Token>,
    /// The same, table by table (and the narrative), in the document's order.
    pub tables: Vec<TableCoverage>,
}

/// The coverage of one table (or of the narrative between tables).
#[derive(Debug, Clone, Default, Serialize)]
pub struct TableCoverage {
    /// `表3`, the title of an unnumbered table, or `说明` for the narrative.
    pub label: String,
    pub title: String,
    /// The template's role for it; empty for the narrative, and for a
    /// table no template knows.
    pub role: String,
    /// Read by the template's description of its role (the narrative: yes).
    pub understood: bool,
    pub numbers: usize,
    pub read: usize,
    pub skipped: usize,
    pub unaccounted: usize,
}

/// Where each line stands: in a table (its index in `tables`) or the
/// narrative (index 0).
fn places(doc: &super::layout::Document) -> (Vec<TableCoverage>, Vec<(u32, u32, usize)>) {
    let mut tables = vec![TableCoverage {
        label: "说明".into(),
        title: "narrative".into(),
        understood: true,
        ..TableCoverage::default()
    }];
    let mut ranges = Vec::new();
    for t in &doc.tables {
        let last = t.lines.last().map_or(0, |l| l.no);
        ranges.push((t.first_line(), last, tables.len()));
        tables.push(TableCoverage {
            label: t.label.clone(),
            title: t.title.clone(),
            role: t.role.id().to_string(),
            understood: true,
            ..TableCoverage::default()
        });
    }
    for u in &doc.unknown {
        let last = u.first + u32::try_from(u.rows).unwrap_or(u32::MAX);
        ranges.push((u.first, last, tables.len()));
        tables.push(TableCoverage {
            label: u.title.clone(),
            title: u.title.clone(),
            ..TableCoverage::default()
        });
    }
    (tables, ranges)
}

impl Coverage {
    /// `numbers 3349 · read 2800 · skipped 540 · unaccounted 9`.
    pub fn summary(&self) -> String {
        format!(
            "numbers {} · read {} · skipped {} · unaccounted {}",
            self.numbers,
            self.read,
            self.skipped.len(),
            self.unaccounted.len()
        )
    }

    /// Skip reasons with how many numbers each accounts for, most first.
    pub fn reasons(&self) -> Vec<(&'static str, usize)> {
        let mut n: HashMap<&'static str, usize> = HashMap::new();
        for s in &self.skipped {
            *n.entry(s.reason).or_default() += 1;
        }
        let mut v: Vec<_> = n.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }
}

/// A number found in a line: where it starts and ends (bytes) and its value.
struct Found {
    start: usize,
    end: usize,
    value: Decimal,
}

/// The numbers of one line, after the one normaliser: a table cell that is
/// a figure however it groups its thousands (`686 630`) is one number; in
/// other text, runs of digits with thousands commas and one decimal point,
/// not glued to Latin letters (`H5`, `GB2312` are names).
fn numbers(s: &str) -> Vec<Found> {
    if !s.contains('\t') {
        return digit_runs(s);
    }
    let mut out = Vec::new();
    let mut at = 0;
    for cell in s.split('\t') {
        let lead = cell.len() - cell.trim_start().len();
        let t = cell.trim();
        match super::number::figure(t) {
            Some(value) if t.contains(|c: char| !c.is_ascii_digit() && c != '.' && c != '-') => {
                out.push(Found {
                    start: at + lead,
                    end: at + lead + t.len(),
                    value: value.abs(),
                });
            }
            _ => out.extend(digit_runs(cell).into_iter().map(|f| Found {
                start: f.start + at,
                end: f.end + at,
                value: f.value,
            })),
        }
        at += cell.len() + 1;
    }
    out
}

/// Runs of digits with thousands commas and one decimal point, not glued to
/// Latin letters.
fn digit_runs(s: &str) -> Vec<Found> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit()
            || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut dot = false;
        while i < b.len() {
            let c = b[i];
            let next_digit = b.get(i + 1).is_some_and(u8::is_ascii_digit);
            if c.is_ascii_digit() || (c == b',' && next_digit && !dot) {
                i += 1;
            } else if c == b'.' && next_digit && !dot {
                dot = true;
                i += 1;
            } else {
                break;
            }
        }
        if b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let digits: String = s[start..i].chars().filter(|c| *c != ',').collect();
        if let Ok(value) = digits.parse::<Decimal>() {
            out.push(Found {
                start,
                end: i,
                value,
            });
        }
    }
    out
}

/// Dates and periods: `2020-1-1`, `2020.1.1-2020.12.31`, `2020年1月`, `2010-2020`.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(19|20)\d{2}\s*(年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?|[-./]\s*\d{1,2}([-./]\d{1,2})?|-(19|20)\d{2})")
        .unwrap()
});

/// The text around a number inside its cell and clause, as the dataset
/// would keep it: `≥95%` for a target, `约4800名` for a description. `None`
/// when the number stands alone (a bare cell says nothing about where it went).
fn context(line: &str, f: &Found) -> Option<String> {
    let stop = |c: char| c == '\t' || "，。；：、,;".contains(c);
    let keep = |c: &char| !c.is_whitespace();
    let mut before: Vec<char> = line[..f.start]
        .chars()
        .rev()
        .take_while(|c| !stop(*c))
        .filter(keep)
        .take(4)
        .collect();
    before.reverse();
    let after: Vec<char> = line[f.end..]
        .chars()
        .take_while(|c| !stop(*c))
        .filter(keep)
        .take(4)
        .collect();
    if before.is_empty() && after.is_empty() {
        return None;
    }
    let before: String = before.into_iter().collect();
    let after: String = after.into_iter().collect();
    Some(format!("{before}{}{after}", &line[f.start..f.end]))
}

/// Why a number that was not read can be skipped, from what stands around it.
/// (The one reason that needs the dataset's texts, [`KEPT_AS_TEXT`], is
/// judged afterwards, for all numbers at once.)
fn reason(
    line: &SrcLine,
    furniture: bool,
    f: &Found,
    dates: &[(usize, usize)],
) -> Option<&'static str> {
    let s = line.text.as_str();
    let before = s[..f.start].trim_end();
    let after = s[f.end..].trim_start();
    let prev = before.chars().next_back();
    let next = after.chars().next();
    let whole = f.value.fract().is_zero() && !s[f.start..f.end].contains(',');
    if dates.iter().any(|(a, b)| *a <= f.start && f.end <= *b)
        || (whole && matches!(next, Some('月' | '日')))
    {
        return Some("a date or period");
    }
    if furniture {
        return Some("a heading, table title or page number");
    }
    // Converters leave `0` in empty label cells of 表1 and 表6.
    let unlabelled = || {
        let cell_before = s[..f.start].trim_end_matches(' ').ends_with('\t') || f.start == 0;
        let alone = s[f.end..].starts_with('\t') || f.end == s.len();
        let label_before = s[..f.start]
            .trim_end_matches('\t')
            .rsplit('\t')
            .next()
            .is_some_and(|c| !c.trim().is_empty() && !super::number::is_figure(c));
        cell_before && alone && !label_before
    };
    if f.value.is_zero() && unlabelled() {
        return Some("an unlabelled 0 cell (conversion noise)");
    }
    if whole && f.end - f.start == 4 && (next == Some('年') || before.ends_with(['〔', '[', '【']))
    {
        return Some("a year");
    }
    if prev == Some('表') || before.ends_with("附件") {
        return Some("a table number");
    }
    // `第3条`, `〔2019〕12号`; a bare `6条` counts things and is not skipped here.
    if before.ends_with('第')
        || (next == Some('号') && before.ends_with(['〕', '】', ']', '）', ')']))
    {
        return Some("an ordinal or citation number");
    }
    let item = matches!(next, Some('.' | '、' | '．'))
        || (matches!(prev, Some('(' | '（')) && matches!(next, Some(')' | '）')));
    if whole && item {
        return Some("a list number");
    }
    None
}

/// What the table reader knows of a line's structure: a reason for the
/// whole line (a header, column numbers, a caption), and cells that are
/// structure (a 行次, a part of a split 科目 code).
#[derive(Default)]
struct Structure {
    line: Option<&'static str>,
    cells: Vec<(usize, &'static str)>,
}

impl Structure {
    /// Why a number at `f` is structure: the whole line's reason, else its
    /// cell's.
    fn reason(&self, line: &SrcLine, f: &Found) -> Option<&'static str> {
        let cell = line.text[..f.start].matches('\t').count();
        self.line
            .or_else(|| self.cells.iter().find(|(c, _)| *c == cell).map(|(_, w)| *w))
    }
}

/// The structure of every table's lines, as the one table reader reads them.
fn structure(doc: &super::layout::Document) -> HashMap<u32, Structure> {
    use super::grid;
    use super::template::{Key, Shape};
    let mut out: HashMap<u32, Structure> = HashMap::new();
    for t in &doc.tables {
        if !matches!(t.spec().shape, Shape::Rows | Shape::TwoSided) {
            continue;
        }
        let g = grid::read(t.spec(), &t.lines, &|l| {
            super::layout::title_of(&l.text).is_some()
                || super::layout::table_number(&l.text).is_some()
        });
        for l in &g.header_lines {
            out.entry(*l).or_default().line = Some("a table header");
        }
        for s in &g.skipped {
            out.entry(s.line).or_default().line = Some(s.why);
        }
        for b in &g.blocks {
            for r in &b.rows {
                for (cell, key) in &r.keys {
                    let why = match key {
                        Key::RowNo => grid::ROW_NUMBER,
                        Key::CodeClass | Key::CodeSection | Key::CodeItem => {
                            "a part of a 科目 code (类/款/项)"
                        }
                        _ => continue,
                    };
                    out.entry(r.line).or_default().cells.push((*cell, why));
                }
            }
        }
    }
    out
}

/// A number found inside a text the dataset keeps.
const KEPT_AS_TEXT: &str = "inside a text the dataset keeps (an indicator's target, a description)";

/// Account for every number of `text` against what `d`, imported from it, holds.
pub fn coverage(text: &str, d: &Dataset) -> Coverage {
    let mut held = Held::of(d);
    let lines = super::text::lines(text);
    let (doc, page_furniture) = super::furniture::strip(&lines, &seen_as_furniture(d));
    let home = paragraph_homes(&doc);
    let structure = structure(&doc);
    let mut out = Coverage::default();
    let mut numbers_by_line: HashMap<u32, usize> = HashMap::new();
    // Numbers no rule explains, with the text around each: found in the
    // dataset's texts (all at once, below) or unaccounted for.
    let mut pending: Vec<(Token, Option<String>)> = Vec::new();
    for line in &lines {
        let mut read_here: HashSet<&str> = HashSet::new();
        let dates: Vec<(usize, usize)> = DATE
            .find_iter(&line.text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let furniture = is_page_furniture(line)
            && !line
                .filled()
                .iter()
                .skip(1)
                .any(|c| super::number::is_figure(c));
        for f in numbers(&line.text) {
            out.numbers += 1;
            *numbers_by_line.entry(line.no).or_default() += 1;
            let text = &line.text[f.start..f.end];
            let pct = line.text[f.end..].starts_with('%');
            let read = held.take(line.no, f.value, pct)
                || home
                    .get(&line.no)
                    .is_some_and(|h| held.take(*h, f.value, pct));
            let skip = |reason| Skipped {
                line: line.no,
                text: text.to_string(),
                reason,
            };
            if read {
                out.read += 1;
                read_here.insert(text);
            } else if read_here.contains(text) {
                out.skipped.push(skip(
                    "the same figure again on its line (本年度项目金额 = 项目总金额)",
                ));
            } else if page_furniture.contains(&line.no) {
                out.skipped.push(skip(super::furniture::REASON));
            } else if let Some(reason) = structure.get(&line.no).and_then(|s| s.reason(line, &f)) {
                out.skipped.push(skip(reason));
            } else if let Some(reason) = reason(line, furniture, &f, &dates) {
                out.skipped.push(skip(reason));
            } else {
                let token = Token {
                    line: line.no,
                    text: text.to_string(),
                };
                pending.push((token, context(&line.text, &f)));
            }
        }
    }
    settle(&mut out, &held.text, pending);
    out.skipped.sort_by_key(|s| s.line);
    out.tables = by_table(&doc, &out, &numbers_by_line);
    out
}

/// The lines the import saw as page furniture by where they stand.
fn seen_as_furniture(d: &Dataset) -> HashSet<u32> {
    d.origin
        .lines
        .iter()
        .zip(1u32..)
        .filter(|(l, _)| l.furniture)
        .map(|(_, n)| n)
        .collect()
}

/// A wrapped paragraph's figures stand on its first line: each later line
/// of a paragraph, with its first.
fn paragraph_homes(doc: &super::layout::Document) -> HashMap<u32, u32> {
    let mut home: HashMap<u32, u32> = HashMap::new();
    for p in super::narrative::paragraphs(&doc.narrative) {
        for l in p.line + 1..=p.last {
            home.insert(l, p.line);
        }
    }
    home
}

/// The pending numbers settled: skipped as [`KEPT_AS_TEXT`] when the text
/// around one is in the dataset's texts, else unaccounted for.
fn settle(out: &mut Coverage, held_text: &str, pending: Vec<(Token, Option<String>)>) {
    let kept = kept_as_text(held_text, pending.iter().filter_map(|(_, c)| c.as_deref()));
    for (token, context) in pending {
        if context.is_some_and(|c| kept.contains(&c)) {
            out.skipped.push(Skipped {
                line: token.line,
                text: token.text,
                reason: KEPT_AS_TEXT,
            });
        } else {
            out.unaccounted.push(token);
        }
    }
}

/// The coverage table by table (and the narrative), in the document's
/// order: each kept when it holds numbers, has a role, or is not understood.
fn by_table(
    doc: &super::layout::Document,
    out: &Coverage,
    numbers_by_line: &HashMap<u32, usize>,
) -> Vec<TableCoverage> {
    let (mut tables, ranges) = places(doc);
    let at = |line: u32| {
        ranges
            .iter()
            .find(|(a, b, _)| *a <= line && line <= *b)
            .map_or(0, |(_, _, i)| *i)
    };
    for s in &out.skipped {
        tables[at(s.line)].skipped += 1;
    }
    for t in &out.unaccounted {
        tables[at(t.line)].unaccounted += 1;
    }
    for (line, n) in numbers_by_line {
        tables[at(*line)].numbers += n;
    }
    for t in &mut tables {
        t.read = t.numbers - t.skipped - t.unaccounted;
    }
    tables.retain(|t| t.numbers > 0 || !t.role.is_empty() || !t.understood);
    tables
}

/// Which of `contexts` occur in `text`: one pass over the text with every
/// context at once (Aho-Corasick), so a long text and many numbers stay linear.
fn kept_as_text<'c>(text: &str, contexts: impl Iterator<Item = &'c str>) -> HashSet<String> {
    let patterns: Vec<&str> = contexts.collect::<HashSet<_>>().into_iter().collect();
    let Ok(ac) = aho_corasick::AhoCorasick::new(&patterns) else {
        return HashSet::new();
    };
    ac.find_overlapping_iter(text)
        .map(|m| patterns[m.pattern().as_usize()].to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        numbers(s)
            .iter()
            .map(|f| s[f.start..f.end].to_string())
            .collect()
    }

    #[test]
    fn finds_numbers_with_commas_and_decimals_not_in_names() {
        assert_eq!(
            texts("收入694,773万元，降低9.43%。H5页面 GB2312 1、"),
            ["694,773", "9.43", "1"]
        );
        assert_eq!(texts("110,634.81-12,271.16"), ["110,634.81", "12,271.16"]);
    }
}
