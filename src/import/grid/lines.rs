//! What a line of a table is: a caption (`单位名称：…`, `单位：万元`), a
//! row of column numbers (`栏次 1 2 3`), a note below the table, or the
//! start of a row of data.

use super::super::number::{self, Cell};
use super::super::template::Templates;
use super::super::text::{norm, SrcLine};
use regex::Regex;
use std::sync::LazyLock;

static MONEY_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|千元|元)").expect("valid regex")
});
static CAPTION_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:编制|预算|主管)?(?:单位|部门)(?:名称)?\s*[:：]|^(?:金额)?单位\s*[:：]|^[(（]?\d{4}\s*年度?[)）]?$|^公开")
        .expect("valid regex")
});

/// The money unit a line states, if any.
pub fn money_unit(text: &str) -> Option<&'static str> {
    let c = MONEY_UNIT.captures(text)?;
    Some(match &c[1] {
        "亿元" => "亿元",
        "万元" => "万元",
        "千元" => "千元",
        _ => "元",
    })
}

/// Is this line a caption (`单位名称：…`, `单位：万元`, `（2020年）`)? A
/// year alone is a caption only as a line's one cell: `2020年 … 2021年`
/// heads columns.
pub fn is_caption(line: &SrcLine) -> bool {
    let filled = line.filled();
    !filled.is_empty()
        && filled.iter().all(|c| {
            let n = norm(c);
            (CAPTION_CELL.is_match(&n) && (filled.len() == 1 || !YEAR_ONLY.is_match(&n)))
                || money_unit(c).is_some()
        })
}

static YEAR_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[(（]?\d{4}\s*年度?[)）]?$").expect("valid regex"));

/// `栏次 1 2 3` (or just `1 2 3 …`): numbers of columns, not figures.
pub fn is_column_numbers(line: &SrcLine) -> bool {
    let filled = line.filled();
    let mut ints = Vec::new();
    let mut label = false;
    for c in &filled {
        let n = norm(c);
        if n == "栏次" || n == "行次" {
            label = true;
        } else if let Ok(i) = n.parse::<u32>() {
            ints.push(i);
        } else {
            return false;
        }
    }
    let consecutive = !ints.is_empty() && ints.iter().zip(1..).all(|(a, b)| *a == b)
        || ints.windows(2).all(|w| w[1] == w[0] + 1) && !ints.is_empty();
    consecutive && (label || ints.len() >= 3)
}

/// A row that is words only, and not a header: a note (`注：…`) or a
/// statement that the table is empty.
pub(super) fn is_note(line: &SrcLine) -> bool {
    let filled = line.filled();
    filled.len() == 1 && {
        let t = norm(filled[0]);
        t.starts_with("注")
            || t.starts_with("说明")
            || t.contains("无此项")
            || t.contains("空表")
            || t.contains("无数据")
    }
}

/// Does a line start like a row of data (a total, a code, an ordinal)?
pub(super) fn looks_like_data(t: &Templates, line: &SrcLine) -> bool {
    let filled = line.filled();
    let Some(first) = filled.first() else {
        return false;
    };
    let f = norm(first);
    let figures = filled
        .iter()
        .any(|c| matches!(number::cell(c), Cell::Figure(_)));
    // 合计 heads a column too: a row of it is data when it holds figures
    // or nothing else (an empty table's 合计 row).
    (t.is_total(&f) && (figures || filled.len() == 1))
        || (f.len() >= 3 && f.bytes().all(|b| b.is_ascii_digit()))
        || f.starts_with([
            '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '(',
        ]) && (f.contains('、') || f.starts_with('('))
        || figures
}
