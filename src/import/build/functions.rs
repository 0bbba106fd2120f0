//! The 科目 tree: codes from 表7, figures from 表1 and 表6.

use super::sections::{after_totals, is_total_row};
use super::*;

/// Standard names of 类 and 款 the document may leave out (a 款 whose 项 the
/// document lists under another 款, say).
pub(super) fn standard_function_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "201" => "一般公共服务支出",
        "20110" => "人力资源事务",
        "20199" => "其他一般公共服务支出",
        "205" => "教育支出",
        "20503" => "职业教育",
        "20508" => "进修及培训",
        "20509" => "教育费附加安排的支出",
        "206" => "科学技术支出",
        "20699" => "其他科学技术支出",
        "208" => "社会保障和就业支出",
        "20801" => "人力资源和社会保障管理事务",
        "20805" => "行政事业单位养老支出",
        "20807" => "就业补助",
        "20899" => "其他社会保障和就业支出",
        "210" => "卫生健康支出",
        "21011" => "行政事业单位医疗",
        "213" => "农林水支出",
        "21308" => "普惠金融发展支出",
        "221" => "住房保障支出",
        "22101" => "保障性安居工程支出",
        "22102" => "住房改革支出",
        _ => return None,
    })
}

pub(super) fn functions(
    names: &Names,
    t1: &tables::TwoSided,
    t6: &tables::TwoSided,
    t7: &[tables::T7Row],
    w: &mut Vec<Warning>,
) -> Vec<Function> {
    // Codes and names from 表7.
    let mut items: BTreeMap<String, Function> = BTreeMap::new();
    let mut name_to_code: BTreeMap<String, String> = BTreeMap::new();
    for r in t7 {
        if r.code.len() != 7 {
            w.push(Warning::new(
                r.line,
                format!(
                    "表7: 科目编码 {:?} is not a 7-digit 项 code; kept as given",
                    r.code
                ),
            ));
        }
        let unit = names
            .owner(&r.unit, "表7", r.line, w)
            .unwrap_or_else(|| r.unit.clone());
        name_to_code
            .entry(norm(&r.name))
            .or_insert_with(|| r.code.clone());
        let f = items.entry(r.code.clone()).or_insert_with(|| Function {
            code: r.code.clone(),
            name: r.name.clone(),
            total: None,
            fiscal: None,
            by_unit: Vec::new(),
            children: Vec::new(),
        });
        f.by_unit.push(FunctionByUnit {
            unit,
            table_unit: r.unit.clone(),
            total: r.total,
            basic: r.basic,
            project: r.project,
            source: src(format!("表7 {} {} {}", r.unit, r.code, r.name), r.line),
        });
    }
    let mut names_of: BTreeMap<String, String> = BTreeMap::new();
    let mut section_figs: BTreeMap<String, (Option<Figure>, Option<Figure>)> = BTreeMap::new();
    let mut class_figs: BTreeMap<String, (Option<Figure>, Option<Figure>)> = BTreeMap::new();
    for (label, side, which) in [("表1", t1, 0usize), ("表6", t6, 1usize)] {
        let rows: Vec<Row> = side
            .spending
            .iter()
            .filter(|r| !is_total_row(&r.name) && !after_totals(side, r))
            .cloned()
            .collect();
        let (tree, loose) = nest(&rows, 3);
        for r in loose {
            w.push(Warning::new(
                r.line,
                format!("{label}: {:?} does not add up under its 类", r.name),
            ));
        }
        for class in &tree {
            let mut class_codes = Vec::new();
            for section in &class.children {
                let mut codes = Vec::new();
                for item in &section.children {
                    let Some(code) = name_to_code.get(&norm(&item.row.name)).cloned() else {
                        w.push(Warning::new(
                            item.row.line,
                            format!("{label}: 项 {:?} has no 科目编码 in 表7", item.row.name),
                        ));
                        continue;
                    };
                    let f = items.entry(code.clone()).or_insert_with(|| Function {
                        code: code.clone(),
                        name: item.row.name.clone(),
                        total: None,
                        fiscal: None,
                        by_unit: Vec::new(),
                        children: Vec::new(),
                    });
                    let figure = item
                        .row
                        .amount
                        .map(|a| fig(a, format!("{label} {}", item.row.name), item.row.line));
                    if which == 0 {
                        f.total = figure;
                    } else {
                        f.fiscal = figure;
                    }
                    codes.push(code);
                }
                // The 款 is the one most of its 项 belong to.
                let mut counts: BTreeMap<String, usize> = BTreeMap::new();
                for c in &codes {
                    *counts.entry(c.chars().take(5).collect()).or_default() += 1;
                }
                if let Some((sec, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
                    names_of
                        .entry(sec.clone())
                        .or_insert_with(|| section.row.name.clone());
                    let figure = section
                        .row
                        .amount
                        .map(|a| fig(a, format!("{label} {}", section.row.name), section.row.line));
                    let e = section_figs.entry(sec.clone()).or_default();
                    if which == 0 {
                        e.0 = figure;
                    } else {
                        e.1 = figure;
                    }
                    class_codes.push(sec);
                } else {
                    w.push(Warning::new(
                        section.row.line,
                        format!("{label}: 款 {:?} has no 项 with a code", section.row.name),
                    ));
                }
            }
            if let Some(first) = class_codes.first() {
                let cls: String = first.chars().take(3).collect();
                let name = strip_number(&class.row.name);
                names_of.entry(cls.clone()).or_insert(name.clone());
                let figure = class
                    .row
                    .amount
                    .map(|a| fig(a, format!("{label} {}", class.row.name), class.row.line));
                let e = class_figs.entry(cls).or_default();
                if which == 0 {
                    e.0 = figure;
                } else {
                    e.1 = figure;
                }
            }
        }
    }
    // Assemble 类 → 款 → 项 by code.
    let mut classes: BTreeMap<String, Function> = BTreeMap::new();
    for (code, item) in items {
        let cls: String = code.chars().take(3).collect();
        let sec: String = code.chars().take(5).collect();
        // A 类 or 款: the document's name, else the standard one, else its code.
        let group =
            |code: &str, figs: &BTreeMap<String, (Option<Figure>, Option<Figure>)>, level: &str| {
                let (total, fiscal) = figs.get(code).cloned().unwrap_or_default();
                Function {
                    name: names_of
                        .get(code)
                        .cloned()
                        .or_else(|| standard_function_name(code).map(String::from))
                        .unwrap_or_else(|| format!("{level} {code}")),
                    code: code.to_string(),
                    total,
                    fiscal,
                    by_unit: Vec::new(),
                    children: Vec::new(),
                }
            };
        let class = classes
            .entry(cls.clone())
            .or_insert_with(|| group(&cls, &class_figs, "类"));
        if !class.children.iter().any(|s| s.code == sec) {
            class.children.push(group(&sec, &section_figs, "款"));
        }
        let section = class
            .children
            .iter_mut()
            .find(|s| s.code == sec)
            .expect("just ensured");
        section.children.push(item);
    }
    classes.into_values().collect()
}
