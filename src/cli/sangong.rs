//! `yusuan sangong`: 三公经费, the earlier year against the later.

use super::json::SangongJson;
use super::Outcome;
use crate::model::sangong::{one_column, sangong, SangongColumn, SangongLine};
use crate::model::Model;
use crate::money::Unit;
use crate::table::{Align, Table};
use std::fmt::Write as _;

pub(super) fn run(model: &Model, as_json: bool, unit: Unit) -> Outcome {
    let mut all = Vec::new();
    let mut text = String::new();
    for d in &model.datasets {
        let Some((y0, y1, lines)) = sangong(d) else {
            if let Some((c, lines)) = one_column(d) {
                if as_json {
                    all.extend(lines.iter().map(|l| SangongJson::one(l, c)));
                } else {
                    one(&mut text, d, c, &lines, unit);
                }
            } else {
                let _ = writeln!(text, "{} {}年: no 三公经费 table", d.department, d.year);
            }
            continue;
        };
        if as_json {
            all.extend(lines.iter().map(|l| SangongJson::new(l, y0, y1)));
            continue;
        }
        let _ = writeln!(
            text,
            "{} “三公”经费 {} → {y1} · 单位：{}",
            d.department,
            y0.label_beside(y1),
            unit.label()
        );
        text.push_str(&table(&lines, y0, y1, unit).join("\n"));
        text.push('\n');
    }
    if as_json {
        return Outcome::json(&all);
    }
    Outcome::ok(text)
}

/// A 三公 table of one column (this year's alone): the figures, no change.
fn one(
    text: &mut String,
    d: &crate::schema::Dataset,
    c: SangongColumn,
    lines: &[SangongLine],
    unit: Unit,
) {
    let _ = writeln!(
        text,
        "{} “三公”经费 {c} · 单位：{}（表中只有这一列，无从比较）",
        d.department,
        unit.label()
    );
    let mut aligns = vec![Align::Left];
    aligns.extend(Align::label_and_figures(1));
    let mut t = Table::new(&aligns);
    t.push(vec!["单位".into(), "项目".into(), c.to_string()]);
    for l in lines {
        for (i, [label, figure]) in l.shown_one(unit).into_iter().enumerate() {
            let name = if i == 0 {
                l.unit.clone()
            } else {
                String::new()
            };
            t.push(vec![name, label, figure]);
        }
    }
    text.push_str(&t.lines().join("\n"));
    text.push('\n');
}

/// The 三公 table as text lines: one row per unit and item, the department last.
fn table(lines: &[SangongLine], y0: SangongColumn, y1: SangongColumn, unit: Unit) -> Vec<String> {
    // Unit, then the item as the label of its four figures.
    // A 决算's 预算数 beside its 决算数: 执行率 after 增减%.
    let execution = y0.execution_with(y1);
    let mut aligns = vec![Align::Left];
    aligns.extend(Align::label_and_figures(if execution { 5 } else { 4 }));
    let mut t = Table::new(&aligns);
    let mut head = vec![
        "单位".into(),
        "项目".into(),
        y0.label_beside(y1),
        y1.to_string(),
        "增减".into(),
        "增减%".into(),
    ];
    if execution {
        head.push("执行率".into());
    }
    t.push(head);
    for l in lines {
        let rates = l.execution();
        for (i, cells) in l.shown_rows(unit).into_iter().enumerate() {
            let name = if i == 0 {
                l.unit.clone()
            } else {
                String::new()
            };
            let mut row: Vec<String> = std::iter::once(name).chain(cells).collect();
            if execution {
                row.push(crate::money::format_pct(rates.get(i).copied().flatten()));
            }
            t.push(row);
        }
    }
    t.lines()
}
