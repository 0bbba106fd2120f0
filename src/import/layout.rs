//! How the text splits into narrative and tables: a table starts at a title
//! the templates know (`assets/templates.ron`) and runs over its pages to
//! where the narrative takes up again. Which title names which table is the
//! templates' knowledge, not this file's.

use super::template::{self, Role, TableSpec};
use super::text::{norm, plain, SrcLine};
use regex::Regex;
use std::sync::LazyLock;

/// One table as found: its role, the label the document gives it (`表7`,
/// or its title when it is not numbered), its title as printed, and its
/// lines over all its pages (titles, captions and headers kept: the
/// readers skip them).
#[derive(Debug, Clone)]
pub struct Table {
    pub role: Role,
    /// The description it is read by (one of its role's: a province's
    /// extra tables share the role `Kept`, each with its own columns).
    pub described: &'static TableSpec,
    pub label: String,
    pub title: String,
    pub lines: Vec<SrcLine>,
}

impl Table {
    pub fn first_line(&self) -> u32 {
        self.lines.first().map_or(0, |l| l.no)
    }

    /// The template's description of this table.
    pub fn spec(&self) -> &'static TableSpec {
        self.described
    }
}

/// A block of table rows whose title no template knows.
#[derive(Debug, Clone)]
pub struct Unknown {
    /// The line before the rows, as the table's name.
    pub title: String,
    pub first: u32,
    pub rows: usize,
}

/// The document split into its narrative lines and its tables.
#[derive(Debug, Default)]
pub struct Document {
    pub narrative: Vec<SrcLine>,
    pub tables: Vec<Table>,
    /// Tables of rows under a title the templates do not know.
    pub unknown: Vec<Unknown>,
}

static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第[一二三四五六七八九十]+部分").expect("valid regex"));
static CN_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+、").expect("valid regex"));

/// The table a line titles, with the title as printed: one filled cell,
/// short, holding a title the templates know.
pub fn title_of(line: &str) -> Option<(&'static TableSpec, String)> {
    let filled: Vec<&str> = line
        .split('\t')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    if filled.len() != 1 {
        return None;
    }
    // The money unit printed in the title line (`…项目支出表　金额单位：万元`)
    // is a caption, not the title's: the table reads it from the line.
    static UNIT_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*[（(]?(金额)?单位\s*[:：]\s*(亿元|万元|千元|元)[）)]?\s*$")
            .expect("valid regex")
    });
    let t = plain(filled[0]);
    let t = UNIT_CAPTION.replace(&t, "").into_owned();
    let n = norm(&t);
    if n.is_empty() || n.chars().count() > 48 || n.contains('。') || n.contains(',') {
        return None;
    }
    template::get().table_for_title(&n).map(|s| (s, t))
}

/// A bare `表N` line: the table number the document gives a table.
pub fn table_number(line: &str) -> Option<u32> {
    let t = norm(&plain(line));
    let n = t.strip_prefix('表').or_else(|| t.strip_prefix("附表"))?;
    let n = n.trim_end_matches([':', '.']);
    n.parse().ok()
}

/// Is this line a heading of the narrative (markdown, or 第X部分)?
fn is_heading(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with('#') || PART.is_match(&plain(t))
}

/// Does the narrative take up again at this line (a table has ended)? A
/// heading, or a sentence that is no table's note.
fn ends_table(line: &SrcLine, sheet: bool) -> bool {
    let t = line.text.trim();
    if is_heading(t) {
        return true;
    }
    // A row's trailing empty cells are tabs too.
    if sheet || line.text.contains('\t') || t.is_empty() {
        return false;
    }
    let p = plain(t);
    let n = norm(&p);
    let note =
        n.starts_with("注") || n.starts_with("说明") || n.contains("无此项") || n.contains("空表");
    let heading = CN_ITEM.is_match(&p);
    !note && (heading || (n.chars().count() > 24 && (n.contains('。') || n.contains(','))))
}

/// Is a title at `i` followed by the table's rows (and not a line of a
/// table of contents or a heading that names a table)?
fn rows_follow(lines: &[SrcLine], i: usize) -> bool {
    for l in lines[i + 1..].iter().take(12) {
        let t = l.text.trim();
        if t.is_empty() || table_number(t).is_some() || super::grid::is_caption(l) {
            continue;
        }
        if l.text.contains('\t') {
            return true;
        }
        if title_of(t).is_some() || ends_table(l, false) || t.chars().count() > 24 {
            return false;
        }
    }
    false
}

/// Split cleaned lines into narrative and tables. A table starts at its
/// title (a `表N` line just before it is part of it) when rows follow, and
/// runs until the narrative takes up again; pages of the same table merge,
/// sheets (one per unit or project) stay separate. Rows under a title no
/// template knows are narrative, listed in `unknown`.
pub fn split(lines: &[SrcLine]) -> Document {
    let mut doc = Document::default();
    let mut current: Option<Table> = None;
    let mut pending_number: Option<SrcLine> = None;
    let mut unknown_rows = 0usize;
    for i in 0..lines.len() {
        let line = &lines[i];
        if table_number(&line.text).is_some() {
            if let Some(n) = pending_number.take() {
                place(&mut doc, &mut current, n);
            }
            pending_number = Some(line.clone());
            continue;
        }
        if let Some((spec, title)) = title_of(&line.text).filter(|_| rows_follow(lines, i)) {
            // The same table on its next page (one description: two
            // tables a province adds are two tables).
            let continues =
                matches!(&current, Some(t) if std::ptr::eq(t.described, spec) && !spec.sheet);
            if !continues {
                if let Some(t) = current.take() {
                    doc.tables.push(t);
                }
                let label = pending_number
                    .as_ref()
                    .map_or_else(|| title.clone(), |n| norm(&plain(&n.text)));
                current = Some(Table {
                    role: spec.role,
                    described: spec,
                    label,
                    title,
                    lines: Vec::new(),
                });
            }
            let t = current.as_mut().expect("a table was just opened");
            t.lines.extend(pending_number.take());
            t.lines.push(line.clone());
            continue;
        }
        if line.text.trim().is_empty() && pending_number.is_some() {
            continue;
        }
        let sheet = current.as_ref().is_some_and(|t| t.spec().sheet);
        if current.is_some() && ends_table(line, sheet) {
            if let Some(t) = current.take() {
                doc.tables.push(t);
            }
        }
        if let Some(n) = pending_number.take() {
            place(&mut doc, &mut current, n);
        }
        if current.is_none() {
            note_unknown(&mut doc, line, &mut unknown_rows);
        }
        place(&mut doc, &mut current, line.clone());
    }
    if let Some(n) = pending_number.take() {
        place(&mut doc, &mut current, n);
    }
    if let Some(t) = current.take() {
        doc.tables.push(t);
    }
    doc
}

fn place(doc: &mut Document, current: &mut Option<Table>, line: SrcLine) {
    match current.as_mut() {
        Some(t) => t.lines.push(line),
        None => doc.narrative.push(line),
    }
}

/// Rows of a table in the narrative: under a title no template knows.
fn note_unknown(doc: &mut Document, line: &SrcLine, rows: &mut usize) {
    if !line.text.contains('\t') {
        if !line.text.trim().is_empty() {
            *rows = 0;
        }
        return;
    }
    *rows += 1;
    if *rows == 1 {
        let title = doc
            .narrative
            .iter()
            .rev()
            .find(|l| {
                !l.text.trim().is_empty() && !l.text.contains('\t') && !super::grid::is_caption(l)
            })
            .map(|l| plain(&l.text))
            .unwrap_or_default();
        doc.unknown.push(Unknown {
            title,
            first: line.no,
            rows: 1,
        });
    } else if let Some(u) = doc.unknown.last_mut() {
        u.rows += 1;
    }
}

/// Rows that repeat a sheet's title block or header on every page (the
/// performance sheets, read by their own readers).
pub fn is_page_furniture(line: &SrcLine) -> bool {
    let t = norm(&line.text);
    let first = line.filled().first().map(|c| norm(c)).unwrap_or_default();
    t.is_empty()
        || title_of(&line.text).is_some()
        || table_number(&line.text).is_some()
        || super::grid::is_caption(line)
        || t.starts_with("(20")
        || first == "项目"
        || first == "实施单位"
        || first == "合计"
        || first.starts_with("其中")
        || first.starts_with("部门(单位)整体支出")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::text::lines;

    #[test]
    fn recognises_title_variants() {
        let role = |s: &str| title_of(s).map(|(t, _)| t.role);
        assert_eq!(role("## 部门收支预算总表"), Some(Role::Summary));
        assert_eq!(role("财政拨款收支总表"), Some(Role::FiscalSummary));
        assert_eq!(
            role("一般公共预算支出情况表(按功能分类科目)"),
            Some(Role::GeneralPublic)
        );
        assert_eq!(role("## “三公”经费财政拨款预算情况表"), Some(Role::Sangong));
        assert_eq!(
            role("部门（单位）整体支出绩效目标表\t\t"),
            Some(Role::UnitGoals)
        );
        assert_eq!(role("项目名称\t财政专项资金"), None);
        assert_eq!(role("详见附表1部门收支总表，其中收入100万元。"), None);
        assert_eq!(table_number("表15"), Some(15));
    }

    #[test]
    fn merges_pages_and_keeps_sheets_apart() {
        let text = "# 标题\n正文\n表1\n## 部门收支预算总表\na\t1\n表1\n## 部门收支预算总表\nb\t2\n项目绩效目标表\n项目名称\tA\n项目绩效目标表\n项目名称\tB\n";
        let doc = split(&lines(text));
        assert_eq!(doc.narrative.len(), 2);
        assert_eq!(doc.tables.len(), 3);
        assert_eq!(doc.tables[0].role, Role::Summary);
        assert_eq!(doc.tables[0].label, "表1");
        assert_eq!(
            doc.tables[0]
                .lines
                .iter()
                .filter(|l| l.text.contains('\t'))
                .count(),
            2
        );
        assert_eq!(doc.tables[1].role, Role::ProjectGoals);
        assert_eq!(doc.tables[2].role, Role::ProjectGoals);
    }

    #[test]
    fn a_table_of_contents_is_not_a_table_and_narrative_ends_a_table() {
        let text = "目录\n一、部门收支总表\n二、部门收入总表\n第三部分 说明\n部门收支总表\n单位：万元\n项目\t预算数\n收入总计\t10.00\n一、收支预算总体情况\n2021年收支总预算10.00万元。\n";
        let doc = split(&lines(text));
        assert_eq!(doc.tables.len(), 1);
        assert_eq!(doc.tables[0].label, "部门收支总表", "unnumbered: its title");
        assert_eq!(doc.tables[0].lines.len(), 4);
        assert!(doc.narrative.iter().any(|l| l.text.contains("总体情况")));
    }
}
