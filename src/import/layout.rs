//! The one place that knows the template's table layout: which titles name
//! which table (with the wording variants departments use), which rows are
//! repeated page headers, and how the text splits into narrative and tables.

use super::text::{norm, plain, SrcLine};

/// The standard tables of a 部门预算 that yusuan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    /// 表1 部门收支预算总表 (income and spending by function, all funds).
    T1,
    /// 表3 部门支出预算总表 (by unit, 基本/项目, procurement).
    T3,
    /// 表6 财政拨款收支总体情况表.
    T6,
    /// 表7 一般公共预算支出情况表 (by unit and 科目).
    T7,
    /// 表11 政府采购项目支出预算表.
    T11,
    /// 表12 “三公”经费财政拨款预算情况表.
    T12,
    /// 表13 部门预算绩效管理项目情况表.
    T13,
    /// 表14 部门（单位）整体支出绩效目标表, one sheet per unit.
    T14,
    /// 表15 项目绩效目标表, one sheet per project.
    T15,
    /// A table yusuan does not read (表2, 表4 …); kept out of the narrative.
    Other,
}

impl TableKind {
    pub fn label(self) -> &'static str {
        match self {
            TableKind::T1 => "表1",
            TableKind::T3 => "表3",
            TableKind::T6 => "表6",
            TableKind::T7 => "表7",
            TableKind::T11 => "表11",
            TableKind::T12 => "表12",
            TableKind::T13 => "表13",
            TableKind::T14 => "表14",
            TableKind::T15 => "表15",
            TableKind::Other => "表",
        }
    }

    /// Sheets (表14, 表15) start anew at every title; the other tables
    /// continue across pages, their title and header repeated.
    pub fn is_sheet(self) -> bool {
        matches!(self, TableKind::T14 | TableKind::T15)
    }

    /// The table a title names, in any of the wordings in use.
    pub fn from_title(line: &str) -> Option<TableKind> {
        let filled: Vec<&str> = line
            .split('\t')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        if filled.len() != 1 {
            return None;
        }
        let t = norm(&plain(filled[0]));
        if t.is_empty() || t.chars().count() > 40 {
            return None;
        }
        let t =
            t.trim_start_matches(|c: char| c == '表' || c.is_ascii_digit() || c == '-' || c == ':');
        let kind = if t.starts_with("部门收支预算总表")
            || t.starts_with("部门收支总表")
            || t.starts_with("收支预算总表")
        {
            TableKind::T1
        } else if t.starts_with("部门支出预算总表")
            || t.starts_with("部门支出总表")
            || t.starts_with("支出预算总表")
        {
            TableKind::T3
        } else if t.starts_with("财政拨款收支总体情况表")
            || t.starts_with("财政拨款收支总表")
            || t.starts_with("财政拨款收支预算总表")
        {
            TableKind::T6
        } else if t.starts_with("一般公共预算支出情况表")
            || t.starts_with("一般公共预算支出表")
            || t.starts_with("一般公共预算支出预算表")
        {
            TableKind::T7
        } else if t.starts_with("政府采购项目支出预算表")
            || t.starts_with("政府采购预算表")
            || t.starts_with("政府采购支出预算表")
        {
            TableKind::T11
        } else if t.contains("三公") && t.ends_with('表') {
            TableKind::T12
        } else if t.starts_with("部门预算绩效管理项目情况表") || t.starts_with("绩效管理项目情况表")
        {
            TableKind::T13
        } else if t.contains("整体支出绩效目标表") {
            TableKind::T14
        } else if t.starts_with("项目绩效目标表") || t.starts_with("项目支出绩效目标表")
        {
            TableKind::T15
        } else if t.starts_with("政府性基金") && t.ends_with('表')
            || t.starts_with("一般公共预算基本支出") && t.ends_with('表')
            || t.starts_with("部门收入总表")
            || t.starts_with("国有资本经营") && t.ends_with('表')
        {
            TableKind::Other
        } else {
            return None;
        };
        Some(kind)
    }

    /// A bare `表N` line: the table number the template gives each table.
    pub fn from_number(line: &str) -> Option<u32> {
        let t = norm(&plain(line));
        let n = t.strip_prefix('表')?;
        n.parse().ok()
    }
}

/// One table as read: its kind and its lines (titles and page headers kept;
/// the readers skip them), from all its pages.
#[derive(Debug, Clone)]
pub struct Table {
    pub kind: TableKind,
    pub lines: Vec<SrcLine>,
}

impl Table {
    pub fn first_line(&self) -> u32 {
        self.lines.first().map_or(0, |l| l.no)
    }
}

/// The document split into its narrative lines and its tables.
#[derive(Debug, Default)]
pub struct Document {
    pub narrative: Vec<SrcLine>,
    pub tables: Vec<Table>,
}

/// Split cleaned lines into narrative and tables. A table starts at its title
/// (a `表N` line just before it is part of it) and runs to the next title
/// or markdown heading;
/// pages of the same table merge, sheets (表14, 表15) stay separate.
pub fn split(lines: Vec<SrcLine>) -> Document {
    let mut doc = Document::default();
    let mut current: Option<Table> = None;
    let mut pending_number: Option<SrcLine> = None;
    for line in lines {
        if TableKind::from_number(&line.text).is_some() {
            pending_number = Some(line);
            continue;
        }
        if let Some(kind) = TableKind::from_title(&line.text) {
            let continues = matches!(&current, Some(t) if t.kind == kind && !kind.is_sheet());
            if !continues {
                if let Some(t) = current.take() {
                    doc.tables.push(t);
                }
                current = Some(Table {
                    kind,
                    lines: Vec::new(),
                });
            }
            let t = current.as_mut().expect("a table was just opened");
            t.lines.extend(pending_number.take());
            t.lines.push(line);
            continue;
        }
        if line.text.trim().is_empty() && pending_number.is_some() {
            continue;
        }
        // A markdown heading is narrative again: the table before it has ended.
        if line.text.trim_start().starts_with('#') {
            if let Some(t) = current.take() {
                doc.tables.push(t);
            }
        }
        if let Some(n) = pending_number.take() {
            // A 表N line with no title after it: keep it where it stood.
            match current.as_mut() {
                Some(t) => t.lines.push(n),
                None => doc.narrative.push(n),
            }
        }
        match current.as_mut() {
            Some(t) => t.lines.push(line),
            None => doc.narrative.push(line),
        }
    }
    if let Some(t) = current.take() {
        doc.tables.push(t);
    }
    doc
}

/// Rows that repeat the title block or the header on every page.
pub fn is_page_furniture(line: &SrcLine) -> bool {
    let t = norm(&line.text);
    let first = line.filled().first().map(|c| norm(c)).unwrap_or_default();
    t.is_empty()
        || TableKind::from_title(&line.text).is_some()
        || TableKind::from_number(&line.text).is_some()
        || t.starts_with("单位名称")
        || t.starts_with("单位:")
        || t.starts_with("单位:万元")
        || t.starts_with("(20")
        || first == "收入"
        || first == "收入支出"
        || first == "项目"
        || first == "预算单位"
        || first == "实施单位"
        || first == "单位"
        || (first.starts_with("收入") && first != "收入总计")
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
        assert_eq!(
            TableKind::from_title("## 部门收支预算总表"),
            Some(TableKind::T1)
        );
        assert_eq!(
            TableKind::from_title("财政拨款收支总表"),
            Some(TableKind::T6)
        );
        assert_eq!(
            TableKind::from_title("一般公共预算支出情况表(按功能分类科目)"),
            Some(TableKind::T7)
        );
        assert_eq!(
            TableKind::from_title("## “三公”经费财政拨款预算情况表"),
            Some(TableKind::T12)
        );
        assert_eq!(
            TableKind::from_title("部门（单位）整体支出绩效目标表\t\t"),
            Some(TableKind::T14)
        );
        assert_eq!(
            TableKind::from_title("部门（单位）整体支出绩效目标表"),
            Some(TableKind::T14)
        );
        assert_eq!(TableKind::from_title("项目名称\t财政专项资金"), None);
        assert_eq!(TableKind::from_number("表15"), Some(15));
    }

    #[test]
    fn merges_pages_and_keeps_sheets_apart() {
        let text = "# 标题\n正文\n表1\n## 部门收支预算总表\na\t1\n表1\n## 部门收支预算总表\nb\t2\n项目绩效目标表\n项目名称\tA\n项目绩效目标表\n项目名称\tB\n";
        let doc = split(lines(text));
        assert_eq!(doc.narrative.len(), 2);
        assert_eq!(doc.tables.len(), 3);
        assert_eq!(doc.tables[0].kind, TableKind::T1);
        assert_eq!(
            doc.tables[0]
                .lines
                .iter()
                .filter(|l| l.text.contains('\t'))
                .count(),
            2
        );
        assert_eq!(doc.tables[1].kind, TableKind::T15);
        assert_eq!(doc.tables[2].kind, TableKind::T15);
    }
}
