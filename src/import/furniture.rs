//! Page furniture: what a page carries that is not the document — page
//! numbers in any form (`— 9 —`, `第 3 页 共 20 页`, `3/20`), and running
//! headers and footers (the document's title or the department's name on
//! every page). Recognised before the tables are read, taken out, and
//! counted in the coverage report. (A table's header repeated after a page
//! break is the table reader's to skip.)

use super::layout::{self, Document};
use super::text::{norm, plain, SrcLine};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The reason the coverage report gives a number on such a line.
pub const REASON: &str = "page furniture (a page number, a running header)";

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-—–－─_~·\s]*\d{1,4}[-—–－─_~·\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    )
    .expect("valid regex")
});

/// Is this line a page number (and nothing else)?
pub fn is_page_number(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && !t.contains('\t') && PAGE_NUMBER.is_match(t)
}

/// A running header's text: the line without a page number at its end.
fn header_text(text: &str) -> String {
    static TAIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*(?:[-—–－─]\s*\d{1,4}\s*[-—–－─]|第\s*\d{1,4}\s*页.*|\d{1,4}\s*[/／]\s*\d{1,4})\s*$")
            .expect("valid regex")
    });
    norm(&TAIL.replace(&plain(text), ""))
}

/// The lines of `lines` that are page furniture, by line number.
pub fn marks(lines: &[SrcLine]) -> HashSet<u32> {
    let mut out: HashSet<u32> = lines
        .iter()
        .filter(|l| is_page_number(&l.text))
        .map(|l| l.no)
        .collect();
    // Running headers: the title's or the department's words, again and
    // again after the title itself.
    let doc = layout::split(lines);
    let title = doc
        .narrative
        .iter()
        .find_map(|l| super::build::title::candidate(&l.text).map(|t| (l.no, t)));
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in lines.iter().filter(|l| !l.text.contains('\t')) {
        let h = header_text(&l.text);
        if !h.is_empty() && h.chars().count() <= 60 {
            *counts.entry(h).or_default() += 1;
        }
    }
    let mut running: HashSet<String> = HashSet::new();
    if let Some((_, t)) = &title {
        for name in [norm(&t.text), norm(&t.department)] {
            if !name.is_empty() {
                running.insert(name);
            }
        }
    }
    for l in lines.iter().filter(|l| !l.text.contains('\t')) {
        let h = header_text(&l.text);
        let is_title_line = title.as_ref().is_some_and(|(no, _)| *no == l.no);
        let repeated = counts.get(&h).copied().unwrap_or(0) >= 2;
        if running.contains(&h) && !is_title_line && (repeated || h != norm(&l.text)) {
            out.insert(l.no);
        }
    }
    out
}

/// The document without its page furniture, and which lines were furniture
/// (those the reader saw as furniture by where they stand, `seen`, too).
pub fn strip<S: std::hash::BuildHasher>(
    lines: &[SrcLine],
    seen: &HashSet<u32, S>,
) -> (Document, HashSet<u32>) {
    let mut marks = marks(lines);
    // What the reader saw as furniture, but the title itself (a running
    // header repeats it: the first time, at the top of page 1, it is the
    // title).
    let mut title_kept = false;
    for l in lines.iter().filter(|l| seen.contains(&l.no)) {
        if !title_kept && super::build::title::candidate(&l.text).is_some() {
            title_kept = true;
            continue;
        }
        marks.insert(l.no);
    }
    if marks.is_empty() {
        return (layout::split(lines), marks);
    }
    let kept: Vec<SrcLine> = lines
        .iter()
        .filter(|l| !marks.contains(&l.no))
        .cloned()
        .collect();
    (layout::split(&kept), marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::lines;

    #[test]
    fn page_numbers_in_any_form() {
        for s in [
            "— 9 —",
            "- 9 -",
            "9",
            "第 3 页 共 20 页",
            "第3页",
            "3/20",
            "Page 3",
            "－12－",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["2020年", "表1", "9.43%", "1,376", "一、", "9\t10"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn running_headers_after_the_title_are_furniture() {
        let text = "2021年某某局部门预算\n\n## 第一部分 概况\n某某局负责某事。\n2021年某某局部门预算\n— 2 —\n正文继续。\n某某局\n2021年某某局部门预算 — 3 —\n某某局\n";
        let ls = lines(text);
        let m = marks(&ls);
        let mut got: Vec<u32> = m.into_iter().collect();
        got.sort_unstable();
        assert_eq!(got, [5, 6, 8, 9, 10]);
    }
}
