//! The 科目 tree: codes from 表7, figures from 表1 and 表6.

use super::sections::{after_totals, is_total_row};
use super::{
    fig, nest, norm, src, strip_number, tables, BTreeMap, Figure, Function, FunctionByUnit, Names,
    Row, Warning,
};

/// Standard names of 类 and 款 the document may leave out (a 款 whose 项 the
/// document lists under another 款, say): the templates' list.
pub(super) fn standard_function_name(code: &str) -> Option<&'static str> {
    super::super::template::get()
        .functions
        .get(code)
        .map(String::as_str)
}

/// A 类's or 款's figures: (all funds, 表1; 财政拨款, 表6).
type GroupFigures = BTreeMap<String, (Option<Figure>, Option<Figure>)>;

/// What the tables say of the 科目, gathered before the tree is assembled.
#[derive(Default)]
struct Gathered {
    /// 项 by code.
    items: BTreeMap<String, Function>,
    /// A 项's normalised name → its code (from 表7).
    name_to_code: BTreeMap<String, String>,
    /// The name the document gives a 类 or 款 code.
    names_of: BTreeMap<String, String>,
    sections: GroupFigures,
    classes: GroupFigures,
    /// The 款 a 项 is printed under (the first table to print it), which
    /// its code may not name: the tree follows the document.
    printed_under: BTreeMap<String, String>,
}

/// Which side of a figure pair a table fills.
#[derive(Clone, Copy)]
enum Funds {
    /// 表1: all funds.
    All,
    /// 表6: 财政拨款.
    Fiscal,
}

fn set(pair: &mut (Option<Figure>, Option<Figure>), funds: Funds, figure: Option<Figure>) {
    match funds {
        Funds::All => pair.0 = figure,
        Funds::Fiscal => pair.1 = figure,
    }
}

/// A 科目 of `code` and `name`, with nothing else known yet.
pub(super) fn empty_function(code: &str, name: &str) -> Function {
    Function {
        code: code.to_string(),
        name: name.to_string(),
        total: None,
        fiscal: None,
        by_unit: Vec::new(),
        children: Vec::new(),
    }
}

/// The 科目 tree: codes and 表7 rows by 项, 表1's and 表6's figures by 项,
/// 款 and 类, assembled by code.
pub(super) fn functions(
    names: &Names,
    t1: &tables::TwoSided,
    t6: &tables::TwoSided,
    t7: &[tables::T7Row],
    w: &mut Vec<Warning>,
) -> Vec<Function> {
    let mut g = Gathered::default();
    from_t7(&mut g, names, t7, w);
    for (label, side, funds) in [("表1", t1, Funds::All), ("表6", t6, Funds::Fiscal)] {
        from_side(&mut g, label, side, funds, w);
    }
    assemble(g)
}

/// Codes and names from 表7, with each unit's 一般公共预算 row.
fn from_t7(g: &mut Gathered, names: &Names, t7: &[tables::T7Row], w: &mut Vec<Warning>) {
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
        g.name_to_code
            .entry(norm(&r.name))
            .or_insert_with(|| r.code.clone());
        let f = g
            .items
            .entry(r.code.clone())
            .or_insert_with(|| empty_function(&r.code, &r.name));
        f.by_unit.push(FunctionByUnit {
            unit,
            table_unit: r.unit.clone(),
            total: r.total,
            basic: r.basic,
            project: r.project,
            source: src(format!("表7 {} {} {}", r.unit, r.code, r.name), r.line),
        });
    }
}

/// 表1's or 表6's spending side: nested by its sums into 类 → 款 → 项, each
/// 项 found by name in 表7, each 款 and 类 coded by the 项 below it.
fn from_side(
    g: &mut Gathered,
    label: &str,
    side: &tables::TwoSided,
    funds: Funds,
    w: &mut Vec<Warning>,
) {
    let below = after_totals(side);
    let rows: Vec<Row> = side
        .spending
        .iter()
        .filter(|r| !is_total_row(&r.name) && !below(r))
        .cloned()
        .collect();
    let (tree, loose) = nest(&rows, 3);
    for r in loose {
        w.push(Warning::new(
            r.line,
            format!("{label}: {:?} does not add up under its 类", r.name),
        ));
    }
    let figure = |row: &Row| {
        row.amount
            .map(|a| fig(a, format!("{label} {}", row.name), row.line))
    };
    for class in &tree {
        let mut class_codes = Vec::new();
        for section in &class.children {
            let mut codes = Vec::new();
            for item in &section.children {
                let Some(code) = g.name_to_code.get(&norm(&item.row.name)).cloned() else {
                    w.push(Warning::new(
                        item.row.line,
                        format!("{label}: 项 {:?} has no 科目编码 in 表7", item.row.name),
                    ));
                    continue;
                };
                let f = g
                    .items
                    .entry(code.clone())
                    .or_insert_with(|| empty_function(&code, &item.row.name));
                match funds {
                    Funds::All => f.total = figure(&item.row),
                    Funds::Fiscal => f.fiscal = figure(&item.row),
                }
                codes.push(code);
            }
            // The 款 is the one most of its 项 belong to.
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for c in &codes {
                *counts.entry(c.chars().take(5).collect()).or_default() += 1;
            }
            if let Some((sec, _)) = counts.into_iter().max_by_key(|(_, n)| *n) {
                for c in codes {
                    g.printed_under.entry(c).or_insert_with(|| sec.clone());
                }
                g.names_of
                    .entry(sec.clone())
                    .or_insert_with(|| section.row.name.clone());
                set(
                    g.sections.entry(sec.clone()).or_default(),
                    funds,
                    figure(&section.row),
                );
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
            g.names_of
                .entry(cls.clone())
                .or_insert_with(|| strip_number(&class.row.name));
            set(g.classes.entry(cls).or_default(), funds, figure(&class.row));
        }
    }
}

/// Assemble 类 → 款 → 项: each 项 under the 款 the document prints it
/// under (by its code when no table prints it), so that every 款 holds what
/// its stated figure covers. A 项 whose code names another 款 is reported
/// by `check` (rule `function-codes`), not moved.
fn assemble(mut g: Gathered) -> Vec<Function> {
    let items = std::mem::take(&mut g.items);
    // A 类 or 款: the document's name, else the standard one, else its code.
    let group = |code: &str, figs: &GroupFigures, level: &str| {
        let (total, fiscal) = figs.get(code).cloned().unwrap_or_default();
        let name = g
            .names_of
            .get(code)
            .cloned()
            .or_else(|| standard_function_name(code).map(String::from))
            .unwrap_or_else(|| format!("{level} {code}"));
        Function {
            total,
            fiscal,
            ..empty_function(code, &name)
        }
    };
    let mut classes: BTreeMap<String, Function> = BTreeMap::new();
    for (code, item) in items {
        let sec: String = g
            .printed_under
            .get(&code)
            .cloned()
            .unwrap_or_else(|| code.chars().take(5).collect());
        let cls: String = sec.chars().take(3).collect();
        let class = classes
            .entry(cls.clone())
            .or_insert_with(|| group(&cls, &g.classes, "类"));
        let at = if let Some(i) = class.children.iter().position(|s| s.code == sec) {
            i
        } else {
            class.children.push(group(&sec, &g.sections, "款"));
            class.children.len() - 1
        };
        class.children[at].children.push(item);
    }
    classes.into_values().collect()
}
