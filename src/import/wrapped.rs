//! Rows a converter wrapped: a table row whose name ran onto the next line
//! is one row, read by the one table reader ([`super::grid`]) before any
//! role sees its rows.

use super::grid::{Block, Row, Skip, WRAPPED};
use super::template::{self, Key, Role};
use regex::Regex;
use std::sync::LazyLock;

/// Does a name start an item of its own (`（二）…`, `二、…`, `2.…`)?
fn starts_an_item(name: &str) -> bool {
    static ITEM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])")
            .expect("valid regex")
    });
    ITEM.is_match(name.trim())
}

/// A row whose name ran onto the next line (`2130153 农田建设（高标准农田`
/// then `配套） 20.00 0.00 20.00`): the first part has its key and no
/// figure, the second its figures and no key of its own. They are one row,
/// on the line of its figures. Or, in a 项目支出表, the figures stand on the
/// first line and the name's rest alone on the next (no item number of its
/// own): one row, on the first line.
pub fn join(b: &mut Block, role: Role, skipped: &mut Vec<Skip>) {
    let empty = |r: &Row| r.values.iter().all(|v| v.value.is_none()) && r.words.is_empty();
    let mut out: Vec<Row> = Vec::with_capacity(b.rows.len());
    for r in std::mem::take(&mut b.rows) {
        // Only where a code column tells a row's start from its rest.
        let joins = out.last().is_some_and(|p| {
            empty(p)
                && p.code.is_some()
                && r.code.is_none()
                && !r
                    .name
                    .as_deref()
                    .is_some_and(|n| template::get().is_total(n))
                && !r.unit_here
                && !empty(&r)
                && p.line + 1 == r.line
        });
        // A name that ran onto the line below its figures (`农村公路养护
        // 工程（含` with its figures, then `危桥改造…）` alone): the line
        // below has a name and nothing else, the row above has figures.
        let tail = role == Role::Projects
            && !r.name.as_deref().is_some_and(starts_an_item)
            && out.last().is_some_and(|p| {
                !empty(p)
                    && p.name.is_some()
                    && !p
                        .name
                        .as_deref()
                        .is_some_and(|n| template::get().is_total(n))
                    && empty(&r)
                    && r.code.is_none()
                    && r.unit_code.is_none()
                    && !r.unit_here
                    && r.keys.iter().all(|(_, k)| *k == Key::Name)
                    && r.name.as_deref().is_some_and(|n| !n.is_empty())
                    && p.line + 1 == r.line
            });
        if tail {
            let p = out.last_mut().expect("checked above");
            skipped.push(Skip {
                line: r.line,
                why: WRAPPED,
            });
            p.name = Some(format!(
                "{}{}",
                p.name.take().unwrap_or_default(),
                r.name.unwrap_or_default()
            ));
            continue;
        }
        if joins {
            let p = out.pop().expect("checked above");
            skipped.push(Skip {
                line: p.line,
                why: WRAPPED,
            });
            let name = match (p.name, r.name) {
                (Some(a), Some(b)) => Some(format!("{a}{b}")),
                (a, b) => a.or(b),
            };
            let mut keys = p.keys;
            keys.extend(r.keys.iter().copied());
            out.push(Row {
                name,
                code: p.code,
                unit: p.unit.or(r.unit),
                unit_code: p.unit_code.or(r.unit_code),
                keys,
                ..r
            });
        } else {
            out.push(r);
        }
    }
    b.rows = out;
}
