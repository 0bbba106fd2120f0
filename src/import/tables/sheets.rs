//! The performance sheets: 表14 (a unit's goals, tasks and indicators) and
//! 表15 (a project's), with their check boxes and indicator rows.

use super::super::layout::{is_page_furniture, table_number, title_of, Table};
use super::super::number;
use super::super::text::{norm, SrcLine};
use super::super::Warning;
use super::trailing_figures;
use rust_decimal::Decimal;

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
        if table_number(&line.text).is_some() {
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
            sheet.unit = filled
                .get(1)
                .map(std::string::ToString::to_string)
                .unwrap_or_default();
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
    /// The line of 财政拨款资金 / 其他资金.
    pub funding_line: u32,
    /// The line of 资产采购计划.
    pub asset_line: u32,
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

/// A 表15 sheet: its named rows, the key/value pairs across its rows, text
/// run over a page break, then its indicators.
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
        if filled.is_empty() || is_table_title(line) {
            continue;
        }
        let first = norm(filled[0]);
        if first.starts_with("实施单位") {
            s.unit = implementing_unit(line);
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
        let key = first.replace(['(', ')'], "");
        if !read_t15_row(&mut s, &key, &filled, line.no) {
            // Text that ran over a page break belongs to the last key.
            if !run_over(&mut s, &last_key, &filled.join(" ")) {
                warnings.push(Warning::new(
                    line.no,
                    format!("表15: row not read: {}", line.text.replace('\t', " | ")),
                ));
            }
            continue;
        }
        last_key = key;
    }
    s.indicators = read_indicators(&indicator_lines, true, "表15", warnings);
    if s.name.trim().is_empty() {
        name_unnamed(&mut s, table, warnings);
    }
    s
}

/// The unit of a 实施单位 row, without the 主管单位 beside it.
fn implementing_unit(line: &SrcLine) -> String {
    let t = norm(&line.text.replace('\t', " "));
    let unit = t.trim_start_matches("实施单位:");
    unit.split("主管单位")
        .next()
        .unwrap_or("")
        .trim()
        .to_string()
}

/// One row of a 表15 sheet, by its first cell's key (`key`); `false` when it
/// reads nothing.
fn read_t15_row(s: &mut T15Sheet, key: &str, filled: &[&str], line: u32) -> bool {
    let rest = filled[1..].join(" ");
    match key {
        "项目名称" => s.name = rest,
        "项目类型" => s.project_type = ticked(&rest),
        "资金用途" => s.fund_use = ticked(&rest),
        "资产采购计划" => asset_plan(s, &rest, line),
        "项目概况" => s.overview = rest,
        "项目用途" => s.usage = rest,
        "项目总中期目标" => s.medium_goal = rest,
        "年度绩效目标" => s.annual_goal = rest,
        _ => return key_value_pairs(s, filled, line),
    }
    true
}

/// The 资产采购计划 row: its 采购金额 and 采购品目.
fn asset_plan(s: &mut T15Sheet, rest: &str, line: u32) {
    let all = norm(rest);
    if let Some(i) = all.find("采购金额") {
        let tail = &all[i + "采购金额".len()..];
        let num: String = tail
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        s.asset_yuan = number::parse(&num).ok();
        s.asset_line = line;
    }
    if let Some(i) = all.find("采购品目") {
        s.asset_items = all[i + "采购品目".len()..].to_string();
    }
}

/// Key/value pairs across a row (`计划开始日期 | 2020-1-1 | 计划完成日期 |
/// …`); `false` when the row holds none.
fn key_value_pairs(s: &mut T15Sheet, filled: &[&str], line: u32) -> bool {
    let mut i = 0;
    let mut read_any = false;
    while i < filled.len() {
        let k = norm(filled[i]);
        let v = filled.get(i + 1).copied().unwrap_or("");
        let amount = |v: &str| number::parse(v).ok();
        match k.as_str() {
            "计划开始日期" => s.start = v.to_string(),
            "计划完成日期" => s.end = v.to_string(),
            "项目总金额" => {
                s.total_yuan = amount(v);
                s.amount_line = line;
            }
            "本年度项目金额" => s.year_yuan = amount(v),
            "财政拨款资金" => {
                s.fiscal_yuan = amount(v);
                s.funding_line = line;
            }
            "其他资金" => s.other_yuan = amount(v),
            _ => {
                i += 1;
                continue;
            }
        }
        read_any = true;
        i += 2;
    }
    read_any
}

/// Text that ran over a page break, added to the field of the key read
/// last; `false` when that key takes no text.
fn run_over(s: &mut T15Sheet, last_key: &str, text: &str) -> bool {
    match last_key {
        "项目概况" => s.overview.push_str(text),
        "项目用途" => s.usage.push_str(text),
        "项目总中期目标" => s.medium_goal.push_str(text),
        "年度绩效目标" => s.annual_goal.push_str(text),
        "资产采购计划" => s.asset_items.push_str(&norm(text)),
        _ => return false,
    }
    true
}

/// A sheet without 项目名称: its figures are the document's; the name it is
/// given says it is unnamed, and where.
fn name_unnamed(s: &mut T15Sheet, table: &Table, warnings: &mut Vec<Warning>) {
    s.name = format!("（未具名项目：{} 第{}行）", table.label, s.line);
    warnings.push(Warning::new(
        s.line,
        format!(
            "{}: sheet without 项目名称: kept as {:?}",
            table.label, s.name
        ),
    ));
}

/// Is this line a table's title (a new table starts)?
fn is_table_title(line: &SrcLine) -> bool {
    title_of(&line.text).is_some() || table_number(&line.text).is_some()
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
