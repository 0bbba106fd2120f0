//! `yusuan tree`: the tree with amount, share of parent and share of department.

use super::filters::keep;
use super::json::{self, NodeJson};
use super::{Outcome, TreeArgs};
use crate::compare::Timeline;
use crate::model::{Kind, Model, NodeId};
use crate::money::{self, Unit};
use crate::notes::Notes;
use crate::table::{Align, Table};
use crate::views::{self, Lens, Sort, TreeRow};

pub(super) fn run(
    model: &Model,
    timeline: Option<&Timeline>,
    notes: &Notes,
    args: &TreeArgs,
    unit: Unit,
    out: &mut dyn std::io::Write,
) -> Outcome {
    let sort = Sort {
        key: args.sort,
        reversed: false,
    };
    if let Some(t) = timeline {
        return years_side_by_side(model, t, notes, args, sort, unit, out);
    }
    let top = model.top(args.shape.view);
    let depth = args.shape.depth_below(model, top);
    let kept = keep(model, Lens::Plain, top, &args.filter, notes);
    let rows = rows_of(model, Lens::Plain, top, depth, sort, kept.as_ref());
    if args.format.json {
        // Streamed: a closed pipe (`| head`) is not an error.
        let _ = json::write_seq(out, rows.iter().map(|r| NodeJson::new(model, r.id)));
        return Outcome::ok(String::new());
    }
    let head_dept = model
        .dataset(top)
        .map(|d| format!("{} {}年 · ", d.department, d.year))
        .unwrap_or_default();
    let mut table = Table::new(&[Align::Left, Align::Right, Align::Right, Align::Right])
        .min_width(0, 4)
        .max_width(0, 70)
        .min_width(2, 8)
        .min_width(3, 8);
    table.push(vec![
        "名称".into(),
        format!("金额({})", unit.label()),
        "占上级".into(),
        "占部门".into(),
    ]);
    for (r, name) in rows.iter().zip(glyph_names(model, &rows)) {
        table.push(vec![
            name,
            shown(model.node(r.id).known(), unit),
            money::format_pct(model.share_of_parent(r.id)),
            money::format_pct(model.share_of_department(r.id)),
        ]);
    }
    let mut s = format!("{head_dept}单位：{}\n", unit.label());
    for line in table.lines() {
        s.push_str(&line);
        s.push('\n');
    }
    Outcome::ok(s)
}

/// Several years open: every line once, with its amount in each year side by
/// side (a blank where it does not exist) — never a total across years.
fn years_side_by_side(
    model: &Model,
    t: &Timeline,
    notes: &Notes,
    args: &TreeArgs,
    sort: Sort,
    unit: Unit,
    out: &mut dyn std::io::Write,
) -> Outcome {
    let all: Vec<usize> = (0..model.years().len()).collect();
    let lens = Lens::Years {
        timeline: t,
        years: &all,
    };
    let top = t.top(model, args.shape.view, &all);
    let depth = args.shape.depth_below(model, top);
    let kept = keep(model, lens, top, &args.filter, notes);
    let rows = rows_of(model, lens, top, depth, sort, kept.as_ref());
    // Each year's line, and its amount where stated.
    let amounts = |id: NodeId| -> Vec<Option<Option<rust_decimal::Decimal>>> {
        all.iter()
            .map(|&k| t.node_in(id, k).map(|n| model.node(n).known()))
            .collect()
    };
    if args.format.json {
        let listed = rows.iter().map(|r| {
            let mut j = NodeJson::new(model, r.id);
            if model.node(r.id).kind == Kind::Year {
                // The years' line: all of them, side by side.
                j.name = "全部".into();
                j.path = vec!["全部".into()];
                j.kind = "root";
            }
            // Keyed by year (a 决算 as `2020决算`, its year's 预算 as `2020预算`).
            j.years = Some(
                (0..model.years().len())
                    .zip(amounts(r.id))
                    .map(|(i, a)| (json::edition_key(model, i), a.flatten().map(json::amount)))
                    .collect(),
            );
            j
        });
        let _ = json::write_seq(out, listed);
        return Outcome::ok(String::new());
    }
    let mut aligns = vec![Align::Left];
    aligns.extend(all.iter().map(|_| Align::Right));
    let mut table = Table::new(&aligns).min_width(0, 4).max_width(0, 70);
    let mut head = vec!["名称".to_string()];
    head.extend(
        (0..model.years().len()).map(|i| format!("{}({})", model.year_label(i), unit.label())),
    );
    table.push(head);
    let mut names = glyph_names(model, &rows);
    if let (Some(first), Some(r)) = (names.first_mut(), rows.first()) {
        if model.node(r.id).kind == Kind::Year {
            *first = "全部（各年分列，不跨年相加）".into();
        }
    }
    for (r, name) in rows.iter().zip(names) {
        let mut row = vec![name];
        row.extend(
            amounts(r.id)
                .into_iter()
                .map(|a| a.map_or(String::new(), |a| shown(a, unit))),
        );
        table.push(row);
    }
    let mut s = format!("单位：{}\n", unit.label());
    for line in table.lines() {
        s.push_str(&line);
        s.push('\n');
    }
    Outcome::ok(s)
}

/// An amount for people, or — where the document states none.
fn shown(amount: Option<rust_decimal::Decimal>, unit: Unit) -> String {
    money::shown_or_dash(amount, unit)
}

/// The rows of a listing: to `depth`, only the kept lines when filtered.
pub(super) fn rows_of(
    model: &Model,
    lens: Lens,
    top: NodeId,
    depth: Option<usize>,
    sort: Sort,
    kept: Option<&std::collections::HashSet<NodeId>>,
) -> Vec<TreeRow> {
    views::flatten_open(
        model,
        lens,
        top,
        sort,
        |_, d| depth.is_none_or(|m| d < m),
        |id| kept.is_none_or(|k| k.contains(&id)),
    )
}

/// Each row's label behind tree glyphs (`├ `, `└ `, `│ `) by its depth.
pub(super) fn glyph_names(model: &Model, rows: &[TreeRow]) -> Vec<String> {
    let mut names = Vec::with_capacity(rows.len());
    let mut open_levels: Vec<bool> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        // The last of its siblings: no later row at its depth before a shallower one.
        let last = rows[i + 1..]
            .iter()
            .find(|x| x.depth <= r.depth)
            .is_none_or(|x| x.depth < r.depth);
        open_levels.truncate(r.depth);
        let mut prefix = String::new();
        for open in open_levels.iter().skip(1) {
            prefix.push_str(if *open { "│ " } else { "  " });
        }
        if r.depth > 0 {
            prefix.push_str(if last { "└ " } else { "├ " });
        }
        open_levels.push(!last);
        names.push(format!("{prefix}{}", model.label(r.id)));
    }
    names
}
