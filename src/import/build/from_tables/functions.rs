//! The 科目 tree from tables that print their codes: 部门支出总表 by 科目,
//! 一般公共预算支出表 and 财政拨款收支总表; a 类 or 款 they do not print
//! stands by its standard name.

use super::super::functions::standard_function_name;
use super::super::Names;
use super::Read;
use crate::import::grid;
use crate::import::tables::solve;
use crate::import::template::Role;
use crate::import::Warning;
use crate::schema::{Function, FunctionByUnit, Source};
use std::collections::BTreeMap;

/// The 科目 tree from tables that print their codes: 部门支出总表 by 科目
/// (all funds: the 科目's amount), 一般公共预算支出表 (its 基本/项目 split,
/// the department's row of each 项), 财政拨款收支总表 (财政拨款 by 类).
pub(in crate::import::build) fn functions(
    names: &Names,
    reads: &[Read],
    w: &mut Vec<Warning>,
) -> Vec<Function> {
    let mut by_code = printed(names, reads, w);
    unprinted_parents(&mut by_code);
    // A 科目's all-funds amount, where no table by 科目 gives one, is what
    // the 一般公共预算 table gives only when it is all the 科目 has: left
    // empty otherwise (the model sums what is below).
    nested(by_code)
}

/// The 科目 of `code`, added with `name` (and nothing else) if it is not there.
fn entry<'m>(m: &'m mut BTreeMap<String, Function>, code: &str, name: &str) -> &'m mut Function {
    m.entry(code.to_string())
        .or_insert_with(|| super::super::functions::empty_function(code, name))
}

/// The 科目 the tables print, by code, with what each table says of them.
fn printed(names: &Names, reads: &[Read], w: &mut Vec<Warning>) -> BTreeMap<String, Function> {
    let mut by_code: BTreeMap<String, Function> = BTreeMap::new();
    for r in reads {
        for b in r.grid.blocks.iter().filter(|b| b.by_code()) {
            for row in &b.rows {
                let Some(code) = row
                    .code
                    .as_deref()
                    .filter(|c| c.len() >= 3 && c.bytes().all(|x| x.is_ascii_digit()))
                else {
                    continue;
                };
                let name = row.name.clone().unwrap_or_default();
                match r.table.role {
                    Role::Spending => {
                        if let Some(v) = row.get(b, "total") {
                            entry(&mut by_code, code, &name).total =
                                Some(r.figure(v, &format!("{code} {name}"), "", row.line));
                        }
                    }
                    Role::GeneralPublic => {
                        if let Some(u) = general_public(names, r, b, row, code, &name, w) {
                            entry(&mut by_code, code, &name).by_unit.push(u);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    by_code
}

/// A 一般公共预算支出表 row: a unit's 合计, 基本 and 项目 of a 科目.
fn general_public(
    names: &Names,
    r: &Read,
    b: &grid::Block,
    row: &grid::Row,
    code: &str,
    name: &str,
    w: &mut Vec<Warning>,
) -> Option<FunctionByUnit> {
    let get = |f: &str| row.get(b, f);
    // A dash where the others fix the figure (合计 = 基本 + 项目) is that
    // figure; otherwise the row is its total alone, kept in the table as
    // printed.
    let mut v = [get("total"), get("basic"), get("project")];
    solve(&mut v, &[(0, &[1, 2])]);
    let [Some(t), Some(bs), Some(p)] = v else {
        return None;
    };
    let s = |v| grid::to_wan(v, r.grid.unit.as_ref()).0;
    let unit = row.unit.clone().unwrap_or_else(|| names.department.clone());
    Some(FunctionByUnit {
        unit: names
            .owner(&unit, &r.table.label, row.line, w)
            .unwrap_or(unit.clone()),
        table_unit: unit,
        total: s(t),
        basic: s(bs),
        project: s(p),
        source: Source {
            place: format!("{} {code} {name}", r.table.label).into(),
            line: row.line,
        },
    })
}

/// A 类 or 款 the tables do not print (a table of 项 rows only) stands
/// by its standard name, its figure the sum of what is below it.
fn unprinted_parents(by_code: &mut BTreeMap<String, Function>) {
    let printed: Vec<String> = by_code.keys().cloned().collect();
    for code in &printed {
        for n in [3usize, 5] {
            if let Some(p) = code.get(..n).filter(|p| p.len() < code.len()) {
                by_code.entry(p.to_string()).or_insert_with(|| Function {
                    code: p.to_string(),
                    name: standard_function_name(p).map_or_else(
                        || format!("{} {p}", if n == 3 { "类" } else { "款" }),
                        str::to_string,
                    ),
                    total: None,
                    fiscal: None,
                    by_unit: Vec::new(),
                    children: Vec::new(),
                });
            }
        }
    }
}

/// The 科目 as a tree: each under the nearest of its 款 and 类 there is,
/// in the order of their codes.
fn nested(mut by_code: BTreeMap<String, Function>) -> Vec<Function> {
    let mut roots: Vec<Function> = Vec::new();
    let codes: Vec<String> = by_code.keys().cloned().collect();
    for code in codes.iter().rev() {
        let Some(f) = by_code.remove(code) else {
            continue;
        };
        let parent = [5usize, 3]
            .iter()
            .map(|n| code.get(..*n))
            .find_map(|p| p.filter(|p| *p != code && by_code.contains_key(*p)));
        match parent.and_then(|p| by_code.get_mut(p)) {
            Some(p) => p.children.insert(0, f),
            None => roots.insert(0, f),
        }
    }
    roots
}
