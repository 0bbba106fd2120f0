//! Undoing what PDF-to-text conversion did: HTML fragments, LaTeX, full-width
//! punctuation, markdown decoration, CRLF. Works line by line and keeps line numbers.

use regex::Regex;
use std::sync::LazyLock;

/// One line of the source, cleaned, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrcLine {
    pub no: u32,
    pub text: String,
}

impl SrcLine {
    /// Tab-separated cells, each trimmed.
    pub fn cells(&self) -> Vec<&str> {
        self.text.split('\t').map(str::trim).collect()
    }
    /// The non-empty cells.
    pub fn filled(&self) -> Vec<&str> {
        self.cells().into_iter().filter(|c| !c.is_empty()).collect()
    }
}

static CHECKED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<input[^>]*\bchecked\b[^>]*>").unwrap());
static UNCHECKED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<input[^>]*>").unwrap());
static BREAKS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)</(li|p|div)>[ \u{3000}]*|<br\s*/?>").unwrap());
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[a-zA-Z][^>]*>").unwrap());
static MATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$([^$]*)\$").unwrap());
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \u{3000}\u{a0}]+").unwrap());

/// Turn LaTeX math as converters write it (`$\geq 90\%$`) into plain text (`≥90%`).
pub fn unlatex(s: &str) -> String {
    MATH.replace_all(s, |c: &regex::Captures| {
        let mut t = c[1].to_string();
        for (from, to) in [
            (r"\geq", "≥"),
            (r"\ge", "≥"),
            (r"\leq", "≤"),
            (r"\le", "≤"),
            (r"\neq", "≠"),
            (r"\times", "×"),
            (r"\%", "%"),
            (r"\sim", "~"),
            (r"\cdot", "·"),
            (r"\,", ""),
            ("{", ""),
            ("}", ""),
        ] {
            t = t.replace(from, to);
        }
        t.split_whitespace().collect::<Vec<_>>().join("")
    })
    .into_owned()
}

/// Clean one raw line: HTML to text (a checked box becomes ☑, an empty one ☐),
/// LaTeX to symbols, markdown bold and heading marks off, spaces folded
/// (tabs, the cell separators, are kept).
pub fn clean_line(raw: &str) -> String {
    let s = super::number::fold(raw.trim_end_matches(['\r', '\n']));
    let s = pipe_row(&s).map_or(s, std::borrow::Cow::Owned);
    let s = CHECKED.replace_all(&s, " ☑ ");
    let s = UNCHECKED.replace_all(&s, " ☐ ");
    let s = BREAKS.replace_all(&s, " ");
    let s = TAG.replace_all(&s, "");
    let s = s
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("**", "");
    let s = unlatex(&s);
    let cells: Vec<String> = s
        .split('\t')
        .map(|c| SPACES.replace_all(c.trim(), " ").into_owned())
        .collect();
    cells.join("\t")
}

/// A markdown converter's table row (`| 项目 | 预算数 |`) as the tab-separated
/// cells every reader reads; its rule under the header (`|---|:--:|`) as an
/// empty line. `None`: not a pipe table's row.
fn pipe_row(line: &str) -> Option<String> {
    let t = line.trim();
    let inner = t.strip_prefix('|')?.strip_suffix('|')?;
    if inner.is_empty() {
        return None;
    }
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    if cells
        .iter()
        .all(|c| !c.is_empty() && c.chars().all(|x| matches!(x, '-' | ':' | ' ')))
    {
        return Some(String::new());
    }
    Some(cells.join("\t"))
}

/// Split a whole text into cleaned lines (CRLF, CR and LF all end a line).
pub fn lines(text: &str) -> Vec<SrcLine> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Tables laid out with spaces (pdftotext -layout) as cells first.
    let laid = super::columns::to_tabs(text);
    let text = laid.as_deref().unwrap_or(text);
    text.split('\n')
        .enumerate()
        .map(|(i, l)| SrcLine {
            no: u32::try_from(i + 1).unwrap_or(u32::MAX),
            text: clean_line(l),
        })
        .collect()
}

/// A heading or plain line with its markdown marks and emphasis off.
pub fn plain(s: &str) -> String {
    s.trim()
        .trim_start_matches('#')
        .trim()
        .trim_matches('*')
        .trim()
        .to_string()
}

/// Normalise brackets and punctuation so that names compare equal whatever
/// width the converter chose.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '“' | '”' | '＂' => '"',
            '－' | '—' => '-',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_latex_html_and_markdown() {
        assert_eq!(clean_line("学生满意度\t$\\geq 95\\%$"), "学生满意度\t≥95%");
        assert_eq!(clean_line("时限\t$\\leq 6$ 个月"), "时限\t≤6 个月");
        assert_eq!(
            clean_line("<ol style=\"x\"> <li>1. 甲；</li> <li>2. 乙。</li> </ol>"),
            "1. 甲； 2. 乙。"
        );
        assert_eq!(
            clean_line(
                "一般性项目支出 <input type=\"checkbox\" checked> 专项 <input type=\"checkbox\">"
            ),
            "一般性项目支出 ☑ 专项 ☐"
        );
        assert_eq!(
            clean_line("#### **四、市劳动人事争议仲裁院**\r"),
            "#### 四、市劳动人事争议仲裁院"
        );
        assert_eq!(
            plain("#### 四、市劳动人事争议仲裁院"),
            "四、市劳动人事争议仲裁院"
        );
    }

    #[test]
    fn pipe_tables_are_cells() {
        assert_eq!(clean_line("| 项目 | 预算数 |"), "项目\t预算数");
        assert_eq!(clean_line("|---|:---:|"), "");
        assert_eq!(clean_line("| 合计 |  | 1,099.00 |"), "合计\t\t1,099.00");
        assert_eq!(clean_line("a | b"), "a | b", "not a pipe table's row");
    }

    #[test]
    fn keeps_line_numbers_across_crlf() {
        let ls = lines("a\r\nb\r\n\r\nc");
        assert_eq!(ls.len(), 4);
        assert_eq!(ls[3].no, 4);
        assert_eq!(ls[3].text, "c");
    }

    #[test]
    fn normalises_brackets() {
        assert_eq!(
            norm("深圳市人事人才公共服务中心（专项资金）"),
            "深圳市人事人才公共服务中心(专项资金)"
        );
    }
}
