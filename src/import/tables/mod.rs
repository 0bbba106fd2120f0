//! What each role makes of its table's rows: the one table reader
//! ([`grid`](mod@super::grid)) gives columns named by the templates; these turn a role's rows
//! into plain records. What cannot be placed becomes a warning with its line.

use super::grid::{self, Block, Grid};
use super::layout::{self, Table};
use super::number;
use super::template::{self, GroupWord};
use super::text::norm;
use super::Warning;
use crate::schema::Basis;

mod sheets;
use rust_decimal::Decimal;
pub use sheets::{read_t14, read_t15, IndicatorRow, T14Sheet, T15Sheet};

/// A name and an amount on one line of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub amount: Option<Decimal>,
    pub line: u32,
}

/// Is this cell a figure (`1,376`, `0`, `110,634.81`)?
pub fn is_amount(cell: &str) -> bool {
    number::is_figure(cell)
}

/// Read a table by its role's description (see [`grid`](mod@super::grid)), its problems
/// becoming warnings.
pub fn grid(table: &Table, warnings: &mut Vec<Warning>) -> Grid {
    let g = grid::read(table.spec(), &table.lines, &|l| {
        layout::title_of(&l.text).is_some() || layout::table_number(&l.text).is_some()
    });
    for (line, p) in &g.problems {
        warnings.push(Warning::new(*line, format!("{}: {p}", table.label)));
    }
    g
}

/// A figure of a row in the table's money unit scaled to 万元.
fn wan(g: &Grid, v: Decimal) -> Decimal {
    grid::to_wan(v, g.unit.as_ref()).0
}

/// 表1 / 表6: the income side and the spending side, each a list of rows in
/// order; the rows after 本年…合计 are the totals block.
#[derive(Debug, Default)]
pub struct TwoSided {
    pub income: Vec<Row>,
    pub spending: Vec<Row>,
}

/// The amount a two-sided table gives a row: its `amount` (or `total`)
/// column, else its first figure.
fn side_amount(b: &Block, r: &grid::Row) -> Option<Decimal> {
    r.get(b, "amount")
        .or_else(|| r.get(b, "total"))
        .or_else(|| r.values.first().and_then(|v| v.value))
}

pub fn read_two_sided(table: &Table, g: &Grid, warnings: &mut Vec<Warning>) -> TwoSided {
    let mut out = TwoSided::default();
    let mut stray_zeros = 0;
    for (i, b) in g.blocks.iter().enumerate() {
        for r in &b.rows {
            let amount = side_amount(b, r).map(|v| wan(g, v));
            let name = r.label();
            if name.is_empty() {
                // Converters leave `0` in empty label cells.
                match amount {
                    Some(a) if a.is_zero() => stray_zeros += 1,
                    Some(a) => warnings.push(Warning::new(
                        r.line,
                        format!("{}: figure {a} has no label", table.label),
                    )),
                    None => {}
                }
                continue;
            }
            let row = Row {
                name: name.to_string(),
                amount,
                line: r.line,
            };
            let income = b.side.map_or(i == 0, |s| s == GroupWord::Income);
            if income {
                out.income.push(row);
            } else {
                out.spending.push(row);
            }
        }
    }
    if stray_zeros > 0 {
        warnings.push(Warning::new(
            table.first_line(),
            format!(
                "{}: {stray_zeros} unlabelled 0 cells (conversion noise) ignored",
                table.label
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

/// The fields of 表3's figure columns, in the order [`T3Row::figures`] holds them.
pub const T3_FIELDS: [&str; 7] = [
    "total",
    "basic",
    "project",
    "procurement",
    "procurement_sme",
    "procurement_micro",
    "procurement_previous",
];

pub fn read_t3(table: &Table, g: &Grid, warnings: &mut Vec<Warning>) -> Vec<T3Row> {
    let mut rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let name = r.label();
            if name.is_empty() || !r.unit_here {
                if r.values.iter().any(|v| v.value.is_some()) {
                    warnings.push(Warning::new(
                        r.line,
                        format!("{}: a row of figures names no unit", table.label),
                    ));
                }
                continue;
            }
            rows.push(T3Row {
                name: name.to_string(),
                figures: T3_FIELDS
                    .iter()
                    .map(|f| r.get(b, f).map(|v| wan(g, v)))
                    .collect(),
                line: r.line,
            });
        }
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

/// A row's total, basic and project figures, all three stated.
fn split3(g: &Grid, b: &Block, r: &grid::Row) -> Option<[Decimal; 3]> {
    Some([
        wan(g, r.get(b, "total")?),
        wan(g, r.get(b, "basic")?),
        wan(g, r.get(b, "project")?),
    ])
}

pub fn read_t7(table: &Table, g: &Grid, warnings: &mut Vec<Warning>) -> (Vec<T7Row>, Vec<T7Row>) {
    let mut unit_rows = Vec::new();
    let mut code_rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let Some([total, basic, project]) = split3(g, b, r) else {
                warnings.push(Warning::new(
                    r.line,
                    format!("{}: row not read: {}", table.label, r.label()),
                ));
                continue;
            };
            let unit = r.unit.clone().unwrap_or_default();
            match &r.code {
                Some(code) => code_rows.push(T7Row {
                    unit,
                    code: code.clone(),
                    name: r.name.clone().unwrap_or_default(),
                    total,
                    basic,
                    project,
                    line: r.line,
                }),
                None => unit_rows.push(T7Row {
                    name: unit.clone(),
                    unit,
                    code: String::new(),
                    total,
                    basic,
                    project,
                    line: r.line,
                }),
            }
        }
    }
    (unit_rows, code_rows)
}

/// 表11 rows: unit lines and 品目 lines (code, name, amount) below them.
#[derive(Debug, Clone)]
pub struct T11Row {
    /// The table's 合计 row (the whole table's total).
    pub total: bool,
    pub unit: String,
    pub code: String,
    pub name: String,
    pub amount: Decimal,
    pub line: u32,
}

pub fn read_t11(table: &Table, g: &Grid, warnings: &mut Vec<Warning>) -> Vec<T11Row> {
    let mut rows = Vec::new();
    for b in &g.blocks {
        for r in &b.rows {
            let Some(amount) = r.get(b, "amount").map(|v| wan(g, v)) else {
                warnings.push(Warning::new(
                    r.line,
                    format!("{}: row not read: {}", table.label, r.label()),
                ));
                continue;
            };
            let unit = r.unit.clone().unwrap_or_default();
            let total = r.code.is_none() && template::get().is_total(r.label());
            let (code, name) = if r.unit_here && r.code.is_none() {
                (String::new(), unit.clone())
            } else {
                (
                    r.code.clone().unwrap_or_default(),
                    r.name.clone().unwrap_or_default(),
                )
            };
            rows.push(T11Row {
                total,
                unit,
                code,
                name,
                amount,
                line: r.line,
            });
        }
    }
    rows
}

/// 表12: one row per unit, year and basis.
#[derive(Debug, Clone)]
pub struct T12Row {
    /// The row's unit as the table names it; empty when the table has no
    /// unit column (the department's own figures).
    pub unit: String,
    pub year: i32,
    pub basis: Basis,
    /// total, abroad, reception, vehicles subtotal, purchase, operation.
    pub figures: [Decimal; 6],
    /// Which of them the table leaves empty and the others fix (a table
    /// with no 小计 column, or one printing 0 as an empty cell).
    pub summed: Vec<&'static str>,
    /// The table splits 公务用车 into 购置费 and 运行费 (else those are 0
    /// and not stated).
    pub split: bool,
    pub line: u32,
}

/// The 三公 fields, in the order [`T12Row::figures`] holds them.
pub const SANGONG_FIELDS: [&str; 6] = [
    "total",
    "abroad",
    "reception",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
];

/// The year and basis a 三公 column group holds, in a document of `year`
/// (a 决算's columns with no 预算数/决算数 over them are its 决算数).
fn sangong_group(g: &grid::Group, year: i32, final_doc: bool) -> (i32, Basis) {
    let basis = match g.word {
        Some(GroupWord::Final) => Basis::Final,
        Some(GroupWord::Budget | GroupWord::Prior | GroupWord::Current) => Basis::Budget,
        _ if final_doc && g.year.is_none_or(|y| y == year) => Basis::Final,
        _ => Basis::Budget,
    };
    let y = g.year.unwrap_or(match g.word {
        Some(GroupWord::Prior) => year - 1,
        _ => year,
    });
    (y, basis)
}

/// Fill in figures a row leaves empty where the rest fix them exactly:
/// each relation `v[sum] = Σ v[parts]` with one figure unknown gives it;
/// with several unknown parts and the known ones already adding up to the
/// sum, the unknown parts are all 0 (amounts are never negative). Returns
/// which were filled in; what cannot be fixed stays `None`.
pub fn solve(v: &mut [Option<Decimal>], relations: &[(usize, &[usize])]) -> Vec<usize> {
    let mut filled = Vec::new();
    for _ in 0..=relations.len() {
        let mut changed = false;
        for (sum, parts) in relations {
            let unknown: Vec<usize> = parts.iter().copied().filter(|i| v[*i].is_none()).collect();
            let known = crate::money::sum(parts.iter().filter_map(|i| v[*i]));
            match (v[*sum], unknown.as_slice()) {
                (None, []) => {
                    v[*sum] = Some(known);
                    filled.push(*sum);
                    changed = true;
                }
                (Some(s), [one]) => {
                    v[*one] = s.checked_sub(known);
                    filled.push(*one);
                    changed = true;
                }
                (Some(s), [_, ..]) if s == known => {
                    for i in unknown {
                        v[i] = Some(Decimal::ZERO);
                        filled.push(i);
                    }
                    changed = true;
                }
                _ => {}
            }
        }
        if !changed {
            break;
        }
    }
    filled
}

/// The six 三公 figures of a row in the columns of one group. A figure the
/// row leaves empty is worked out only where the others fix it exactly
/// ([`solve`]: 合计 = 出国 + 接待 + 用车, 用车 = 购置 + 运行); otherwise the
/// row is not read.
fn sangong_figures(
    g: &Grid,
    b: &Block,
    r: &grid::Row,
    group: &dyn Fn(&grid::Group) -> bool,
) -> Option<([Decimal; 6], Vec<&'static str>, bool)> {
    // total, abroad, reception, vehicles, purchase, operation
    let mut v: [Option<Decimal>; 6] = [None; 6];
    for (i, f) in SANGONG_FIELDS.iter().enumerate() {
        v[i] = r
            .get_in(b, f, group)
            .and_then(|x| x.value)
            .map(|x| wan(g, x));
    }
    if v.iter().all(Option::is_none) {
        return None;
    }
    // 合计 = 出国 + 接待 + 用车 = 出国 + 接待 + 购置 + 运行; 用车 = 购置 + 运行.
    let filled = solve(&mut v, &[(0, &[1, 2, 3]), (3, &[4, 5]), (0, &[1, 2, 4, 5])]);
    // 公务用车购置及运行费 stated whole, not split: its parts are not stated.
    let split = !(v[4].is_none() && v[5].is_none() && v[3].is_some());
    if !split {
        (v[4], v[5]) = (Some(Decimal::ZERO), Some(Decimal::ZERO));
    }
    let all: Vec<Decimal> = v.iter().copied().collect::<Option<Vec<_>>>()?;
    if all.iter().any(|x| x.is_sign_negative() && !x.is_zero()) {
        return None;
    }
    let worked_out = filled.iter().map(|i| SANGONG_FIELDS[*i]).collect();
    Some((<[Decimal; 6]>::try_from(all).ok()?, worked_out, split))
}

/// 三公 rows: Shenzhen's (a row per unit and year, a 年度 column) and the
/// national tables' (上年/本年 or 预算数/决算数 column groups, a row per
/// unit or one for the department).
pub fn read_t12(
    table: &Table,
    g: &Grid,
    (year, final_doc): (i32, bool),
    warnings: &mut Vec<Warning>,
) -> Vec<T12Row> {
    let mut rows = Vec::new();
    for b in &g.blocks {
        // The groups the columns hold, in order.
        let mut groups: Vec<grid::Group> = Vec::new();
        for i in 0..b.figures.len() {
            if !groups.contains(&b.group(i)) {
                groups.push(b.group(i));
            }
        }
        for r in &b.rows {
            // The year in a 年度 column (Shenzhen's 表12), or as the row's
            // name (`2020年预算数` rows).
            let named_year = r.name.as_deref().and_then(|n| {
                let n = norm(n);
                let y = n.get(..4)?.parse::<i32>().ok()?;
                n[4..].starts_with('年').then_some((y, n.contains("决算")))
            });
            if r.year.is_some() || named_year.is_some() {
                rows.extend(year_row(table, g, b, r, named_year, warnings));
                continue;
            }
            let unit = r.unit.clone().unwrap_or_default();
            for grp in &groups {
                let (y, basis) = sangong_group(grp, year, final_doc);
                match sangong_figures(g, b, r, &|x| x == grp) {
                    Some((figures, summed, split)) => rows.push(T12Row {
                        unit: unit.clone(),
                        year: y,
                        basis,
                        figures,
                        summed,
                        split,
                        line: r.line,
                    }),
                    None => warnings.push(Warning::new(
                        r.line,
                        format!(
                            "{}: a 三公 row without its figures for {y}年{}",
                            table.label,
                            if basis == Basis::Final {
                                "决算数"
                            } else {
                                "预算数"
                            }
                        ),
                    )),
                }
            }
        }
    }
    rows
}

/// A row that states its year (in a 年度 column, or as its name: `named`,
/// with whether it is a 决算): its figures for that year.
fn year_row(
    table: &Table,
    g: &Grid,
    b: &Block,
    r: &grid::Row,
    named: Option<(i32, bool)>,
    warnings: &mut Vec<Warning>,
) -> Option<T12Row> {
    let parsed = match (r.year.as_deref(), named) {
        (Some(y), _) => norm(y)
            .trim_end_matches('年')
            .parse::<i32>()
            .ok()
            .map(|y| (y, Basis::Budget)),
        (None, Some((y, fin))) => Some((y, if fin { Basis::Final } else { Basis::Budget })),
        (None, None) => None,
    };
    let Some((y, basis)) = parsed else {
        warnings.push(Warning::new(
            r.line,
            format!("{}: {:?} is not a year", table.label, r.year),
        ));
        return None;
    };
    let Some((figures, summed, split)) = sangong_figures(g, b, r, &|_| true) else {
        warnings.push(Warning::new(
            r.line,
            format!("{}: a 三公 row without its figures", table.label),
        ));
        return None;
    };
    Some(T12Row {
        unit: r.unit.clone().unwrap_or_default(),
        year: y,
        basis,
        figures,
        summed,
        split,
        line: r.line,
    })
}

/// 表13 / 项目支出表: projects with their funds.
#[derive(Debug, Clone)]
pub struct T13Row {
    /// The unit as the table names it; empty when it has no unit column.
    pub unit: String,
    pub project: String,
    pub total: Decimal,
    /// 财政拨款 (一般公共预算拨款) and 其他资金, where the table splits them.
    pub fiscal: Option<Decimal>,
    pub other: Option<Decimal>,
    pub period: String,
    pub line: u32,
    /// From a table whose one name column holds units and their projects:
    /// a unit's row, or a project of the unit above.
    pub nested: bool,
}

pub fn read_t13(table: &Table, g: &Grid, warnings: &mut Vec<Warning>) -> Vec<T13Row> {
    let mut rows = Vec::new();
    for b in &g.blocks {
        // `单位（项目）名称`: one column for units and the projects under
        // them; the builder, who knows the units, tells which is which.
        let nested = b.by_unit()
            && !b
                .columns
                .iter()
                .any(|c| c.kind == grid::ColumnKind::Key(template::Key::Name));
        for r in &b.rows {
            let f = |field: &str| r.get(b, field).map(|v| wan(g, v));
            if nested {
                let (Some(name), Some(total)) =
                    (r.unit.clone().filter(|_| r.unit_here), f("total"))
                else {
                    continue;
                };
                if template::get().is_total(&name) {
                    continue;
                }
                rows.push(T13Row {
                    unit: String::new(),
                    project: name,
                    total,
                    fiscal: f("general_public").or_else(|| f("fiscal")),
                    other: f("other"),
                    period: r.period.clone().unwrap_or_default(),
                    line: r.line,
                    nested: true,
                });
                continue;
            }
            let name = r.name.clone().unwrap_or_default();
            if template::get().is_total(&name)
                || (name.is_empty() && r.unit.is_some() && r.unit_here && f("total").is_some())
            {
                // The table's 合计 row, or a unit's subtotal row.
                continue;
            }
            let (false, Some(total)) = (name.is_empty(), f("total")) else {
                warnings.push(Warning::new(
                    r.line,
                    format!("{}: row not read: {}", table.label, r.label()),
                ));
                continue;
            };
            rows.push(T13Row {
                unit: r.unit.clone().unwrap_or_default(),
                project: name,
                total,
                fiscal: f("general_public").or_else(|| f("fiscal")),
                other: f("other"),
                period: r.period.clone().unwrap_or_default(),
                line: r.line,
                nested: false,
            });
        }
    }
    rows
}

/// The last `n` figures of a row, reading a figure the converter glued to the
/// end of the text cell before it (`…工作。 14,776.13`, `…工作。 14 776.13`).
/// Returns the figures in order and the text cells before them.
pub fn trailing_figures<'a>(filled: &[&'a str], n: usize) -> Option<(Vec<Decimal>, Vec<&'a str>)> {
    let mut figs = Vec::new();
    let mut i = filled.len();
    let mut texts: Vec<&'a str> = Vec::new();
    while figs.len() < n && i > 0 {
        i -= 1;
        let c = filled[i];
        if let Ok(d) = number::parse(c) {
            figs.push(d);
            continue;
        }
        // The longest tail that is one figure: `… 4 078.12` is 4,078.12
        // grouped by a space, not 78.12 after a stray `4`.
        let (head, d) = c
            .match_indices(' ')
            .find_map(|(at, _)| Some((&c[..at], number::parse(&c[at + 1..]).ok()?)))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glued_figure_is_its_whole_grouping() {
        let cells = ["任务", "…工作。 4 078.12", "4,078.12", "0.00"];
        let (figs, before) = trailing_figures(&cells, 3).unwrap();
        assert_eq!(figs[0].to_string(), "4078.12");
        assert_eq!(before, ["任务", "…工作。"]);
    }
}
