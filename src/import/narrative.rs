//! Readers for the narrative parts (第一部分 … 第七部分): paragraphs in,
//! figures with their places out.

use super::number;
use super::text::{norm, plain, SrcLine};
use super::Warning;
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// A paragraph: wrapped lines joined, with the part and heading it sits under.
#[derive(Debug, Clone)]
pub struct Para {
    pub part: u32,
    /// The last heading above it (`一、市人社局本级`).
    pub heading: String,
    pub text: String,
    pub line: u32,
    /// The last line it takes (wrapped paragraphs run over several).
    pub last: u32,
}

static PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^第([一二三四五六七八九十]+)部分\s*(.*)$").unwrap());
static CN_HEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十]+)、\s*(.+)$").unwrap());
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d+[\.．、]").unwrap());
static SUBHEAD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[(（][一二三四五六七八九十]+[)）]").unwrap());
/// `AMOUNT 万元` anywhere.
pub static WAN_AMOUNT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(-?\d[\d,，]*(?:\.\d+)?)\s*万元").unwrap());

pub fn cn_number(s: &str) -> u32 {
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .and_then(|i| u32::try_from(i).ok())
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => 10,
        ['十', d] => 10 + digit(*d).unwrap_or(0),
        [t, '十'] => digit(*t).unwrap_or(0) * 10,
        [t, '十', d] => digit(*t).unwrap_or(0) * 10 + digit(*d).unwrap_or(0),
        [d] => digit(*d).unwrap_or(0),
        _ => 0,
    }
}

/// Is this line a heading (markdown `#`, a part title, or `一、…` standing alone)?
fn is_heading(raw: &str) -> bool {
    let p = plain(raw);
    raw.trim_start().starts_with('#')
        || PART.is_match(&p)
        || (CN_HEAD.is_match(&p) && p.chars().count() <= 30 && !p.contains('。'))
}

/// Join the narrative into paragraphs. A line continues the paragraph above
/// when that paragraph did not end a sentence and the line starts no new item.
pub fn paragraphs(lines: &[SrcLine]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut part = 0;
    let mut heading = String::new();
    let mut open = false;
    for l in lines {
        let text = l.text.replace('\t', " ");
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        if is_heading(t) {
            let p = plain(t);
            if let Some(c) = PART.captures(&p) {
                part = cn_number(&c[1]);
                heading.clear();
            } else {
                heading.clone_from(&p);
            }
            open = false;
            continue;
        }
        let starts_item = NUMBERED.is_match(t) || SUBHEAD.is_match(t);
        let continues = open && !starts_item && out.last().is_some_and(|p| !p.text.ends_with('。'));
        if continues {
            let last = out.last_mut().expect("checked above");
            last.text.push_str(t);
            last.last = l.no;
        } else {
            out.push(Para {
                part,
                heading: heading.clone(),
                text: t.to_string(),
                line: l.no,
                last: l.no,
            });
        }
        open = true;
    }
    out
}

/// The first `AMOUNT 万元` after `label` in `text`.
pub fn wan_after(text: &str, label: &str) -> Option<Decimal> {
    let i = text.find(label)?;
    let c = WAN_AMOUNT.captures(&text[i + label.len()..])?;
    number::parse(&c[1]).ok()
}

/// The first whole number followed by `unit` after `label` (`定编车19辆`).
pub fn count_after(text: &str, label: &str, unit: &str) -> Option<u32> {
    // Each place `label` stands: at most 12 characters that are not digits or
    // a sentence's end, then digits (with separators), spaces, and `unit`.
    text.match_indices(label).find_map(|(i, _)| {
        let rest = &text[i + label.len()..];
        let start = rest
            .char_indices()
            .take(13)
            .find(|(_, c)| c.is_ascii_digit() || matches!(c, '。' | '；' | ';'))
            .filter(|(_, c)| c.is_ascii_digit())?
            .0;
        let digits: String = rest[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .collect();
        let after = rest[start + digits.len()..].trim_start();
        if !after.starts_with(unit) {
            return None;
        }
        digits.replace(',', "").parse().ok()
    })
}

/// A stated change: `比2019年减少72,325万元，降低9.43%` → (-72325, Some(-9.43)).
pub fn stated_change(text: &str) -> Option<(Decimal, Option<Decimal>, usize)> {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"比\s*\d{4}\s*年[^，。；]*?(减少|增加|增长|下降)\s*(\d[\d,]*(?:\.\d+)?)\s*万元(?:[，,]\s*(降低|增长|下降|增加|减少)\s*([\d\.]+)\s*%)?").unwrap()
    });
    let c = RE.captures(text)?;
    let sign = |w: &str| {
        if matches!(w, "减少" | "下降" | "降低") {
            -Decimal::ONE
        } else {
            Decimal::ONE
        }
    };
    let amount = number::parse(&c[2]).ok()? * sign(&c[1]);
    let pct = c
        .get(4)
        .and_then(|m| number::parse(m.as_str()).ok())
        .map(|p| p * sign(&c[3]));
    Some((amount, pct, c.get(0).map_or(0, |m| m.start())))
}

/// `name AMOUNT 万元` pairs in a list (`财政预算拨款686,630万元、事业收入6,824万元`),
/// leaving out amounts inside brackets.
pub fn named_amounts(text: &str) -> Vec<(String, Decimal)> {
    let mut depth = 0;
    let mut flat = String::new();
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            _ if depth > 0 => {}
            _ => flat.push(c),
        }
    }
    let mut out = Vec::new();
    let mut last = 0;
    for c in WAN_AMOUNT.captures_iter(&flat) {
        let m = c.get(0).expect("group 0");
        let before = &flat[last..m.start()];
        let name = before
            .rsplit(['、', '，', ',', '：', ':', '；', '。'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches("其中")
            .trim_start_matches("包括")
            .trim();
        if let Ok(v) = number::parse(&c[1]) {
            out.push((name.to_string(), v));
        }
        last = m.end();
    }
    out
}

/// The unit paragraphs of part 3.
#[derive(Debug, Clone, Default)]
pub struct UnitText {
    pub name: String,
    /// Where it is read from, for its figures' places: `第三部分` (empty), or
    /// the label of the table that gives the units.
    pub source: String,
    pub heading_line: u32,
    pub total: Option<(Decimal, u32)>,
    /// Category amounts as the unit's summary sentence lists them.
    pub summary: Vec<(String, Decimal)>,
    pub categories: Vec<CategoryText>,
}

#[derive(Debug, Clone, Default)]
pub struct CategoryText {
    pub name: String,
    pub amount: Decimal,
    pub text: String,
    pub line: u32,
    pub projects: Vec<ProjectText>,
}

#[derive(Debug, Clone, Default)]
pub struct ProjectText {
    pub number: u32,
    pub name: String,
    pub amount: Decimal,
    pub text: String,
    pub line: u32,
}

static UNIT_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    // `…预算 110,635 万元，包括…`, or the total alone (`…预算 4,892 万元。`).
    Regex::new(r"^(.+?)预算\s*(\d[\d,]*(?:\.\d+)?)\s*万元(?:[，,]\s*包括(.*)|[。.]?\s*)$").unwrap()
});
static CATEGORY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（]([一二三四五六七八九十]+)[)）]\s*(.+?)\s*(\d[\d,]*(?:\.\d+)?)\s*万元[，,。：:]?\s*(.*)$").unwrap()
});
static PROJECT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d+)[\.．、]\s*(.+?)\s*(\d[\d,]*(?:\.\d+)?)\s*万元[，,：:]?\s*(.*)$").unwrap()
});

/// Read part 3: units, their categories and the projects listed under 项目支出.
pub fn part3(paras: &[Para], warnings: &mut Vec<Warning>) -> Vec<UnitText> {
    let mut units: Vec<UnitText> = Vec::new();
    let mut current_heading = String::new();
    for p in paras.iter().filter(|p| p.part == 3) {
        if p.heading != current_heading {
            current_heading.clone_from(&p.heading);
            if let Some(c) = CN_HEAD.captures(&current_heading) {
                units.push(UnitText {
                    name: c[2].trim().to_string(),
                    heading_line: p.line,
                    ..Default::default()
                });
            }
        }
        let Some(unit) = units.last_mut() else {
            warnings.push(Warning::new(
                p.line,
                "第三部分: paragraph before any unit heading".into(),
            ));
            continue;
        };
        if let Some(c) = UNIT_TOTAL.captures(&p.text) {
            if unit.total.is_none() {
                unit.total = number::parse(&c[2]).ok().map(|v| (v, p.line));
                unit.summary = c
                    .get(3)
                    .map(|m| named_amounts(m.as_str()))
                    .unwrap_or_default();
                continue;
            }
        }
        if let Some(c) = CATEGORY.captures(&p.text) {
            unit.categories.push(CategoryText {
                name: c[2].trim().to_string(),
                amount: number::parse(&c[3]).unwrap_or_default(),
                text: c[4].trim().to_string(),
                line: p.line,
                projects: Vec::new(),
            });
            continue;
        }
        if let Some(c) = PROJECT.captures(&p.text) {
            if let Some(cat) = unit.categories.last_mut() {
                cat.projects.push(ProjectText {
                    number: c[1].parse().unwrap_or(0),
                    name: c[2].trim().to_string(),
                    amount: number::parse(&c[3]).unwrap_or_default(),
                    text: c[4].trim().trim_start_matches(['，', ',']).to_string(),
                    line: p.line,
                });
                continue;
            }
        }
        // Anything else continues the last project or category.
        if let Some(cat) = unit.categories.last_mut() {
            match cat.projects.last_mut() {
                Some(pr) => pr.text.push_str(&p.text),
                None => cat.text.push_str(&p.text),
            }
        } else {
            warnings.push(Warning::new(
                p.line,
                format!("第三部分: text not placed: {}", p.text),
            ));
        }
    }
    units
}

/// Sub-items a project's text names with amounts: `其中，56,963 万元主要用于X；13,048 万元属于Y`
/// or `主要用于A 69,000 万元，B 200,000 万元`. Empty unless at least two are named.
pub fn sub_items(text: &str) -> Vec<(String, Decimal)> {
    let mut out = Vec::new();
    let caps: Vec<_> = WAN_AMOUNT.captures_iter(text).collect();
    if caps.len() < 2 {
        return out;
    }
    for (i, c) in caps.iter().enumerate() {
        let m = c.get(0).expect("group 0");
        let seg_start = if i == 0 {
            0
        } else {
            caps[i - 1].get(0).expect("group 0").end()
        };
        let before = text[seg_start..m.start()]
            .rsplit(['，', ',', '；', ';', '、', '：', ':'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches("主要用于")
            .trim_start_matches("用于")
            .trim();
        let name = if before.is_empty() || before.ends_with("其中") {
            let after = &text[m.end()..];
            let end = after.find(['；', ';', '。']).unwrap_or(after.len());
            after[..end]
                .trim()
                .trim_start_matches("主要用于")
                .trim_start_matches("属于")
                .trim_start_matches("用于")
                .trim()
                .to_string()
        } else {
            before.to_string()
        };
        let Ok(v) = number::parse(&c[1]) else {
            continue;
        };
        if name.is_empty() {
            return Vec::new();
        }
        out.push((name, v));
    }
    out
}

/// Part 1's staffing paragraph for one unit.
#[derive(Debug, Clone, Default)]
pub struct StaffText {
    pub name: String,
    pub text: String,
    pub line: u32,
}

/// Numbered unit paragraphs of part 1 (`1. 市人社局本级行政编制数171人…`).
pub fn part1_units(paras: &[Para]) -> Vec<StaffText> {
    static NAME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d+[\.．、]\s*(.+?)(行政编制|事业编制|参照公务员|编制)").unwrap()
    });
    paras
        .iter()
        .filter(|p| p.part == 1)
        .filter_map(|p| {
            let c = NAME.captures(&p.text)?;
            Some(StaffText {
                name: c[1].trim().to_string(),
                text: p.text.clone(),
                line: p.line,
            })
        })
        .collect()
}

/// Names of the 基层单位 listed in part 1 (`包括A（含…）、B、C共8家基层单位`).
pub fn unit_list(paras: &[Para]) -> Vec<String> {
    static RE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"包括(.+?)共\s*(\d+)\s*家").unwrap());
    for p in paras.iter().filter(|p| p.part == 1) {
        if let Some(c) = RE.captures(&p.text) {
            let mut depth = 0;
            let mut flat = String::new();
            for ch in c[1].chars() {
                match ch {
                    '（' | '(' => depth += 1,
                    '）' | ')' => depth -= 1,
                    _ if depth > 0 => {}
                    _ => flat.push(ch),
                }
            }
            return flat
                .split('、')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
    }
    Vec::new()
}

/// The short name the document gives the department (`（以下简称“市人社局”）`).
pub fn short_name(paras: &[Para]) -> String {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"以下简称\s*[“\x22]([^”\x22]+)[”\x22]").unwrap());
    paras
        .iter()
        .find_map(|p| RE.captures(&p.text).map(|c| c[1].to_string()))
        .unwrap_or_default()
}

/// `四、…` items of part 2's reasons (`1. …；2. …`).
pub fn reasons(text: &str) -> Vec<String> {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|[；;。：:])\s*\d+[\.．、]\s*").unwrap());
    let body = match text.find("说明") {
        Some(i) => &text[i..],
        None => text,
    };
    RE.split(body)
        .skip(1)
        .map(|s| s.trim().trim_end_matches(['；', ';', '。']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Normalise a project or unit name for matching across tables: brackets and
/// spaces folded, a trailing `（经费）` or `项目` dropped.
pub fn match_key(name: &str) -> String {
    let mut n = norm(name);
    for suffix in ["(经费)", "(专项资金)", "项目"] {
        if let Some(s) = n.strip_suffix(suffix) {
            n = s.to_string();
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_stated_changes() {
        let (a, p, _) =
            stated_change("支出694,773万元，比2019年减少72,325万元，降低9.43%，其中").unwrap();
        assert_eq!(a, d("-72325"));
        assert_eq!(p, Some(d("-9.43")));
        let (a, p, _) =
            stated_change("107 万元，比 2019 年“三公”经费财政拨款预算减少 5 万元。").unwrap();
        assert_eq!(a, d("-5"));
        assert_eq!(p, None);
    }

    #[test]
    fn reads_sub_items_both_ways() {
        let items = sub_items("主要用于新引进人才租房补贴 69,000 万元，产业发展与创新人才奖 200,000 万元，高层次人才奖励补贴 239,000 万元，高层次人才专项资金-人才伯乐奖 1,000 万元。");
        assert_eq!(items.len(), 4);
        assert_eq!(items[0], ("新引进人才租房补贴".to_string(), d("69000")));
        assert_eq!(items[3].0, "高层次人才专项资金-人才伯乐奖");
        let items = sub_items("其中，56,963 万元主要用于深圳市杰出人才选拔培养、博士后资助等；13,048 万元属于民办技工学校支持经费。");
        assert_eq!(items.len(), 2);
        assert_eq!(items[1], ("民办技工学校支持经费".to_string(), d("13048")));
        assert_eq!(items[0].0, "深圳市杰出人才选拔培养、博士后资助等");
        assert!(sub_items("主要用于公务接待业务。").is_empty());
    }

    #[test]
    fn reads_named_amounts_skipping_brackets() {
        let v = named_amounts("其中：财政预算拨款686,630万元、事业收入6,824万元（其中教育收费1800万元）、其他收入18万元");
        assert_eq!(v.len(), 3);
        assert_eq!(v[1], ("事业收入".to_string(), d("6824")));
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(cn_number("三"), 3);
        assert_eq!(cn_number("十"), 10);
        assert_eq!(cn_number("十二"), 12);
        assert_eq!(cn_number("二十一"), 21);
    }

    #[test]
    fn match_keys() {
        assert_eq!(match_key("财政专项资金（经费）"), "财政专项资金");
        assert_eq!(match_key("信息化建设与运行项目"), "信息化建设与运行");
    }
}
