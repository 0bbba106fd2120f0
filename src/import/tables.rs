//! Readers for each standard table: rows of cells in, plain records out.
//! What a reader cannot place becomes a warning with its line number.

use super::layout::{is_page_furniture, Table};
use super::text::{norm, SrcLine};
use super::Warning;
use crate::money;
use rust_decimal::Decimal;

/// A name and an amount on one line of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub amount: Option<Decimal>,
    pub line: u32,
}

/// Is this cell a figure (`1,376`, `0`, `110,634.81`)?
pub fn is_amount(cell: &str) -> bool {
    money::parse(cell).is_ok()
}

fn amount_or_warn(
    cell: &str,
    line: u32,
    what: &str,
    warnings: &mut Vec<Warning>,
) -> Option<Decimal> {
    if cell.trim().is_empty() {
        return None;
    }
    match money::parse(cell) {
        Ok(d) => Some(d),
        Err(_) => {
            warnings.push(Warning::new(
                line,
                format!("{what}: {cell:?} is not an amount"),
            ));
            None
        }
    }
}

/// 表1 / 表6: the income side and the spending side, each a list of rows in
/// order; the rows after 本年…合计 are the totals block.
#[derive(Debug, Default)]
pub struct TwoSided {
    pub income: Vec<Row>,
    pub spending: Vec<Row>,
}

pub fn read_two_sided(table: &Table, warnings: &mut Vec<Warning>) -> TwoSided {
    let mut out = TwoSided::default();
    let mut stray_zeros = 0;
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let cells = line.cells();
        let mut i = 0;
        while i < cells.len() {
            let c = cells[i];
            if c.is_empty() {
                i += 1;
                continue;
            }
            let next = cells.get(i + 1).copied().unwrap_or("");
            if is_amount(c) {
                // A figure with no label before it: converters leave `0` in empty label cells.
                if money::parse(c).map(|d| d.is_zero()).unwrap_or(false) {
                    stray_zeros += 1;
                } else {
                    warnings.push(Warning::new(
                        line.no,
                        format!("{}: figure {c} has no label", table.kind.label()),
                    ));
                }
                i += 1;
                continue;
            }
            let amount = if is_amount(next) {
                money::parse(next).ok()
            } else {
                None
            };
            let row = Row {
                name: c.to_string(),
                amount,
                line: line.no,
            };
            if i < 2 {
                out.income.push(row);
            } else {
                out.spending.push(row);
            }
            i += if amount.is_some() || next.is_empty() {
                2
            } else {
                1
            };
        }
    }
    if stray_zeros > 0 {
        warnings.push(Warning::new(
            table.first_line(),
            format!(
                "{}: {stray_zeros} unlabelled 0 cells (conversion noise) ignored",
                table.kind.label()
            ),
        ));
    }
    out
}

/// 表3 rows.
#[derive(Debug, Clone)]
pub struct T3Row {
    pub name: String,
    pub figures: Vec<Option<Decimal>>,
    pub line: u32,
}

pub fn read_t3(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T3Row> {
    let mut rows = Vec::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let cells = line.cells();
        let name = cells.first().copied().unwrap_or("");
        if name.is_empty() || !cells.get(1).is_some_and(|c| is_amount(c)) {
            // Header rows (no figure in them) repeat on every page.
            if line.filled().iter().any(|c| is_amount(c)) {
                warnings.push(Warning::new(
                    line.no,
                    format!("表3: row not read: {}", line.text.replace('\t', " | ")),
                ));
            }
            continue;
        }
        let figures = (1..8)
            .map(|i| {
                amount_or_warn(
                    cells.get(i).copied().unwrap_or(""),
                    line.no,
                    "表3",
                    warnings,
                )
            })
            .collect();
        rows.push(T3Row {
            name: name.to_string(),
            figures,
            line: line.no,
        });
    }
    rows
}

/// One 表7 row: either a unit line or a 科目 line below it.
#[derive(Debug, Clone)]
pub struct T7Row {
    pub unit: String,
    pub code: String,
    pub name: String,
    pub total: Decimal,
    pub basic: Decimal,
    pub project: Decimal,
    pub line: u32,
}

pub fn read_t7(table: &Table, warnings: &mut Vec<Warning>) -> (Vec<T7Row>, Vec<T7Row>) {
    let mut unit_rows = Vec::new();
    let mut code_rows = Vec::new();
    let mut unit = String::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let filled = line.filled();
        let nums: Vec<Decimal> = filled.iter().filter_map(|c| money::parse(c).ok()).collect();
        let texts: Vec<&str> = filled.iter().copied().filter(|c| !is_amount(c)).collect();
        let code = texts
            .iter()
            .find(|c| c.chars().all(|ch| ch.is_ascii_digit()) && c.len() >= 3);
        // A 7-digit code is also a figure to money::parse; take it out of the figures.
        let (code, nums) = match code {
            Some(c) => (Some(c.to_string()), nums),
            None => match filled
                .iter()
                .find(|c| c.len() == 7 && c.chars().all(|ch| ch.is_ascii_digit()))
            {
                Some(c) => (Some(c.to_string()), nums.into_iter().skip(1).collect()),
                None => (None, nums),
            },
        };
        let texts: Vec<&str> = texts
            .into_iter()
            .filter(|t| Some(t.to_string()) != code)
            .collect();
        if nums.len() != 3 || texts.len() != 1 {
            if !filled.is_empty() {
                warnings.push(Warning::new(
                    line.no,
                    format!("表7: row not read: {}", line.text.replace('\t', " | ")),
                ));
            }
            continue;
        }
        let row = |unit: &str, code: &str, name: &str| T7Row {
            unit: unit.to_string(),
            code: code.to_string(),
            name: name.to_string(),
            total: nums[0],
            basic: nums[1],
            project: nums[2],
            line: line.no,
        };
        match code {
            Some(code) => code_rows.push(row(&unit, &code, texts[0])),
            None => {
                unit = texts[0].to_string();
                unit_rows.push(row(&unit, "", texts[0]));
            }
        }
    }
    (unit_rows, code_rows)
}

/// 表11 rows: unit lines and 品目 lines (code, name, amount) below them.
#[derive(Debug, Clone)]
pub struct T11Row {
    pub unit: String,
    pub code: String,
    pub name: String,
    pub amount: Decimal,
    pub line: u32,
}

pub fn read_t11(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T11Row> {
    let mut rows = Vec::new();
    let mut unit = String::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let cells = line.cells();
        let filled = line.filled();
        let Some(amount) = filled.last().and_then(|c| money::parse(c).ok()) else {
            if !filled.is_empty() {
                warnings.push(Warning::new(
                    line.no,
                    format!("表11: row not read: {}", line.text.replace('\t', " | ")),
                ));
            }
            continue;
        };
        if !cells[0].is_empty() {
            unit = cells[0].to_string();
            rows.push(T11Row {
                unit: unit.clone(),
                code: String::new(),
                name: unit.clone(),
                amount,
                line: line.no,
            });
        } else if filled.len() == 3 {
            rows.push(T11Row {
                unit: unit.clone(),
                code: filled[0].to_string(),
                name: filled[1].to_string(),
                amount,
                line: line.no,
            });
        } else {
            warnings.push(Warning::new(
                line.no,
                format!("表11: row not read: {}", line.text.replace('\t', " | ")),
            ));
        }
    }
    rows
}

/// 表12: one row per unit and year.
#[derive(Debug, Clone)]
pub struct T12Row {
    pub unit: String,
    pub year: i32,
    /// total, abroad, reception, vehicles subtotal, purchase, operation.
    pub figures: [Decimal; 6],
    pub line: u32,
}

pub fn read_t12(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T12Row> {
    let mut rows = Vec::new();
    let mut unit = String::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let filled = line.filled();
        let year_pos = filled.iter().position(|c| {
            let t = c.trim_end_matches('年');
            t.len() == 4 && t.chars().all(|ch| ch.is_ascii_digit())
        });
        let Some(yp) = year_pos else {
            if !filled.is_empty() && !norm(&line.text).contains("小计") {
                warnings.push(Warning::new(
                    line.no,
                    format!("表12: row not read: {}", line.text.replace('\t', " | ")),
                ));
            }
            continue;
        };
        if yp == 1 {
            unit = filled[0].to_string();
        }
        let year: i32 = filled[yp].trim_end_matches('年').parse().unwrap_or(0);
        let nums: Vec<Decimal> = filled[yp + 1..]
            .iter()
            .filter_map(|c| money::parse(c).ok())
            .collect();
        if nums.len() != 6 || unit.is_empty() {
            warnings.push(Warning::new(
                line.no,
                format!("表12: expected 6 figures, read {}", nums.len()),
            ));
            continue;
        }
        rows.push(T12Row {
            unit: unit.clone(),
            year,
            figures: [nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]],
            line: line.no,
        });
    }
    rows
}

/// 表13: performance-managed projects.
#[derive(Debug, Clone)]
pub struct T13Row {
    pub unit: String,
    pub project: String,
    pub total: Decimal,
    pub fiscal: Decimal,
    pub other: Decimal,
    pub period: String,
    pub line: u32,
}

pub fn read_t13(table: &Table, warnings: &mut Vec<Warning>) -> Vec<T13Row> {
    let mut rows = Vec::new();
    for line in &table.lines {
        if is_page_furniture(line) {
            continue;
        }
        let filled = line.filled();
        let nums: Vec<Decimal> = filled.iter().filter_map(|c| money::parse(c).ok()).collect();
        let texts: Vec<&str> = filled.iter().copied().filter(|c| !is_amount(c)).collect();
        if nums.len() != 3 || texts.len() < 2 {
            if !filled.is_empty() {
                warnings.push(Warning::new(
                    line.no,
                    format!("表13: row not read: {}", line.text.replace('\t', " | ")),
                ));
            }
            continue;
        }
        rows.push(T13Row {
            unit: texts[0].to_string(),
            project: texts[1].to_string(),
            total: nums[0],
            fiscal: nums[1],
            other: nums[2],
            period: texts.get(2).map(|s| s.to_string()).unwrap_or_default(),
            line: line.no,
        });
    }
    rows
}

/// The last `n` figures of a row, reading a figure the converter glued to the
/// end of the text cell before it (`…工作。 14,776.13`). Returns the figures in
/// order and the text cells before them.
pub fn trailing_figures<'a>(filled: &[&'a str], n: usize) -> Option<(Vec<Decimal>, Vec<&'a str>)> {
    let mut figs = Vec::new();
    let mut i = filled.len();
    let mut texts: Vec<&'a str> = Vec::new();
    while figs.len() < n && i > 0 {
        i -= 1;
        let c = filled[i];
        if let Ok(d) = money::parse(c) {
            figs.push(d);
            continue;
        }
        let (head, tail) = c.rsplit_once(' ')?;
        let d = money::parse(tail).ok()?;
        figs.push(d);
        texts.push(head.trim());
        break;
    }
    if figs.len() != n {
        return None;
    }
    figs.reverse();
    let mut before: Vec<&'a str> = filled[..i].to_vec();
    before.extend(texts);
    Some((figs, before))
}

/// 一级 labels of the indicator tables.
const LEVEL1: &[&str] = &[
    "产出指标",
    "效益指标",
    "满意度指标",
    "产出目标",
    "效果目标",
    "效益目标",
    "满意度目标",
];
/// 二级 labels.
const LEVEL2: &[&str] = &[
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "社会效益指标",
    "经济效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "数量",
    "质量",
    "时效",
    "成本",
    "社会效益",
    "经济效益",
    "生态效益",
    "可持续影响",
    "满意度",
];
/// Labels that only structure the sheet.
const FRAME: &[&str] = &[
    "年度绩效指标",
    "年度主要任务",
    "年度总体目标",
    "目标内容",
    "一级指标",
    "二级指标",
    "三级指标",
];

/// An indicator row as read.
#[derive(Debug, Clone, Default)]
pub struct IndicatorRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub basis: String,
    pub line: u32,
}

/// Read indicator rows: leading level labels update the current levels, then
/// name, target and (表15) basis.
fn read_indicators(
    lines: &[&SrcLine],
    with_basis: bool,
    table: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<IndicatorRow> {
    let mut out = Vec::new();
    let (mut l1, mut l2) = (String::new(), String::new());
    for line in lines {
        if super::layout::TableKind::from_number(&line.text).is_some() {
            continue;
        }
        let mut rest: Vec<&str> = Vec::new();
        for c in line.filled() {
            let n = norm(c);
            if LEVEL1.contains(&n.as_str()) {
                l1 = n;
            } else if LEVEL2.contains(&n.as_str()) && rest.is_empty() {
                l2 = n;
            } else if FRAME.contains(&n.as_str()) {
            } else {
                rest.push(c);
            }
        }
        if rest.is_empty() {
            continue;
        }
        let (name, target, basis) = match (with_basis, rest.len()) {
            (_, 1) => {
                warnings.push(Warning::new(
                    line.no,
                    format!("{table}: indicator {:?} has no target value", rest[0]),
                ));
                (rest[0], "", "")
            }
            (true, n) if n >= 3 => (rest[n - 3], rest[n - 2], rest[n - 1]),
            (_, n) => (rest[n - 2], rest[n - 1], ""),
        };
        if rest.len() > 3 || (!with_basis && rest.len() > 2) {
            warnings.push(Warning::new(
                line.no,
                format!(
                    "{table}: extra cells in indicator row: {}",
                    rest.join(" | ")
                ),
            ));
        }
        out.push(IndicatorRow {
            level1: l1.clone(),
            level2: l2.clone(),
            name: name.to_string(),
            target: target.to_string(),
            basis: basis.to_string(),
            line: line.no,
        });
    }
    out
}

/// A 表14 sheet.
#[derive(Debug, Clone, Default)]
pub struct T14Sheet {
    pub unit: String,
    pub line: u32,
    /// (name, content, total, fiscal, other, line); the first is 合计.
    pub tasks: Vec<(String, String, [Decimal; 3], u32)>,
    pub overall_goal: String,
    pub indicators: Vec<IndicatorRow>,
}

pub fn read_t14(table: &Table, warnings: &mut Vec<Warning>) -> T14Sheet {
    let mut sheet = T14Sheet {
        line: table.first_line(),
        ..Default::default()
    };
    let mut in_indicators = false;
    let mut indicator_lines = Vec::new();
    for line in &table.lines {
        let filled = line.filled();
        if filled.is_empty() {
            continue;
        }
        let t = norm(&line.text);
        if t.starts_with("部门(单位)名称") {
            sheet.unit = filled.get(1).map(|s| s.to_string()).unwrap_or_default();
            continue;
        }
        if filled.iter().any(|c| norm(c) == "三级指标") {
            in_indicators = true;
            continue;
        }
        if in_indicators {
            indicator_lines.push(line);
            continue;
        }
        if let Some(pos) = filled.iter().position(|c| norm(c) == "年度总体目标") {
            sheet.overall_goal = filled[pos + 1..].join(" ");
            continue;
        }
        if let Some((nums, before)) = trailing_figures(&filled, 3) {
            let texts: Vec<&str> = before
                .into_iter()
                .filter(|c| !FRAME.contains(&norm(c).as_str()))
                .collect();
            let name = texts.first().copied().unwrap_or("").to_string();
            let content = texts.get(1..).map(|r| r.join(" ")).unwrap_or_default();
            let content = content.trim_matches('"').to_string();
            sheet
                .tasks
                .push((name, content, [nums[0], nums[1], nums[2]], line.no));
        } else if !is_page_furniture(line)
            && !filled.iter().all(|c| FRAME.contains(&norm(c).as_str()))
            && !t.starts_with("任务名称")
            && !t.starts_with("总额")
        {
            warnings.push(Warning::new(
                line.no,
                format!("表14: row not read: {}", line.text.replace('\t', " | ")),
            ));
        }
    }
    sheet.indicators = read_indicators(&indicator_lines, false, "表14", warnings);
    sheet
}

/// A 表15 sheet.
#[derive(Debug, Clone, Default)]
pub struct T15Sheet {
    pub unit: String,
    pub name: String,
    pub line: u32,
    pub amount_line: u32,
    pub project_type: String,
    pub fund_use: String,
    pub start: String,
    pub end: String,
    pub total_yuan: Option<Decimal>,
    pub year_yuan: Option<Decimal>,
    pub fiscal_yuan: Option<Decimal>,
    pub other_yuan: Option<Decimal>,
    pub asset_yuan: Option<Decimal>,
    pub asset_items: String,
    pub overview: String,
    pub usage: String,
    pub medium_goal: String,
    pub annual_goal: String,
    pub indicators: Vec<IndicatorRow>,
}

/// The ticked option of a row of check boxes (`一般性项目支出 ☑ 专项 ☐`).
fn ticked(text: &str) -> String {
    let toks: Vec<&str> = text.split_whitespace().collect();
    let box_first = toks.first().is_some_and(|t| *t == "☑" || *t == "☐");
    let mut picked = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if *t == "☑" {
            let label = if box_first {
                toks.get(i + 1)
            } else {
                i.checked_sub(1).and_then(|j| toks.get(j))
            };
            if let Some(l) = label {
                if *l != "☐" && *l != "☑" {
                    picked.push(*l);
                }
            }
        }
    }
    picked.join("、")
}

pub fn read_t15(table: &Table, warnings: &mut Vec<Warning>) -> T15Sheet {
    let mut s = T15Sheet {
        line: table.first_line(),
        ..Default::default()
    };
    let mut in_indicators = false;
    let mut indicator_lines = Vec::new();
    let mut last_key = String::new();
    for line in &table.lines {
        let filled = line.filled();
        if filled.is_empty() || TableKind_is_title(line) {
            continue;
        }
        let first = norm(filled[0]);
        if first.starts_with("实施单位") {
            let t = norm(&line.text.replace('\t', " "));
            let unit = t.trim_start_matches("实施单位:");
            s.unit = unit
                .split("主管单位")
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            continue;
        }
        if first.starts_with("(20") {
            continue;
        }
        if first == "目标内容" || filled.iter().any(|c| norm(c) == "绩效指标") {
            in_indicators = true;
            continue;
        }
        if in_indicators {
            indicator_lines.push(line);
            continue;
        }
        let rest = filled[1..].join(" ");
        let key = first.replace(['(', ')'], "");
        match key.as_str() {
            "项目名称" => s.name = rest,
            "项目类型" => s.project_type = ticked(&rest),
            "资金用途" => s.fund_use = ticked(&rest),
            "资产采购计划" => {
                let all = norm(&rest);
                if let Some(i) = all.find("采购金额") {
                    let tail = &all[i + "采购金额".len()..];
                    let num: String = tail
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                        .collect();
                    s.asset_yuan = money::parse(&num).ok();
                }
                if let Some(i) = all.find("采购品目") {
                    s.asset_items = all[i + "采购品目".len()..].to_string();
                }
            }
            "项目概况" => s.overview = rest,
            "项目用途" => s.usage = rest,
            "项目总中期目标" => s.medium_goal = rest,
            "年度绩效目标" => s.annual_goal = rest,
            _ => {
                // key/value pairs across the row: 计划开始日期 | 2020-1-1 | 计划完成日期 | …
                let mut i = 0;
                let mut read_any = false;
                while i < filled.len() {
                    let k = norm(filled[i]);
                    let v = filled.get(i + 1).copied().unwrap_or("");
                    let amount = |v: &str| money::parse(v).ok();
                    match k.as_str() {
                        "计划开始日期" => s.start = v.to_string(),
                        "计划完成日期" => s.end = v.to_string(),
                        "项目总金额" => {
                            s.total_yuan = amount(v);
                            s.amount_line = line.no;
                        }
                        "本年度项目金额" => s.year_yuan = amount(v),
                        "财政拨款资金" => s.fiscal_yuan = amount(v),
                        "其他资金" => s.other_yuan = amount(v),
                        _ => {
                            i += 1;
                            continue;
                        }
                    }
                    read_any = true;
                    i += 2;
                }
                if !read_any {
                    // Text that ran over a page break belongs to the last key.
                    let text = filled.join(" ");
                    match last_key.as_str() {
                        "项目概况" => s.overview.push_str(&text),
                        "项目用途" => s.usage.push_str(&text),
                        "项目总中期目标" => s.medium_goal.push_str(&text),
                        "年度绩效目标" => s.annual_goal.push_str(&text),
                        "资产采购计划" => s.asset_items.push_str(&norm(&text)),
                        _ => warnings.push(Warning::new(
                            line.no,
                            format!("表15: row not read: {}", line.text.replace('\t', " | ")),
                        )),
                    }
                    continue;
                }
            }
        }
        last_key = key;
    }
    s.indicators = read_indicators(&indicator_lines, true, "表15", warnings);
    if s.name.is_empty() {
        warnings.push(Warning::new(
            s.line,
            "表15: sheet without 项目名称".to_string(),
        ));
    }
    s
}

#[allow(non_snake_case)]
fn TableKind_is_title(line: &SrcLine) -> bool {
    super::layout::TableKind::from_title(&line.text).is_some()
        || super::layout::TableKind::from_number(&line.text).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ticked_boxes_either_side() {
        assert_eq!(
            ticked("一般性项目支出 ☑ 专项性项目支出 ☐ 政府投资项目支出 ☐"),
            "一般性项目支出"
        );
        assert_eq!(
            ticked("☑ 一般性项目支出 ☐ 专项性项目支出"),
            "一般性项目支出"
        );
        assert_eq!(ticked("业务类 ☐ 政策类 ☐"), "");
    }
}
