//! `yusuan diff`: two years compared line by line.

use super::filters::keep;
use super::json::DiffRowJson;
use super::tree::{glyph_names, rows_of};
use super::{DiffArgs, Outcome};
use crate::compare::{Compared, Status, Timeline};
use crate::model::Model;
use crate::money::{self, Unit};
use crate::notes::Notes;
use crate::table::{Align, Table};
use crate::views::{self, Lens, Sort};
use std::fmt::Write as _;

pub(super) fn run(
    model: &Model,
    timeline: Option<&Timeline>,
    notes: &Notes,
    args: &DiffArgs,
    unit: Unit,
    out: &mut dyn std::io::Write,
) -> Outcome {
    let years = model.years();
    let Some(timeline) = timeline else {
        return stated(model, args, unit);
    };
    // A year names its 预算 as --from and its 决算 as --to, where both are
    // open (so `--from 2020 --to 2020` compares a year's budget with its
    // final account).
    let index = |y: i32, last: bool| {
        let mut at = years
            .iter()
            .enumerate()
            .filter(|(_, e)| e.year == y)
            .map(|(i, _)| i);
        let found = if last { at.next_back() } else { at.next() };
        found.ok_or_else(|| {
            let open: Vec<String> = (0..years.len()).map(|i| model.year_label(i)).collect();
            Outcome::fail(
                2,
                format!(
                    "yusuan: {y} is not a year open (open: {})\n",
                    open.join(", ")
                ),
            )
        })
    };
    let to = match args.to {
        Some(y) => match index(y, true) {
            Ok(i) => i,
            Err(o) => return o,
        },
        None => years.len() - 1,
    };
    let from = match args.from {
        Some(y) => match index(y, false) {
            Ok(i) => i,
            Err(o) => return o,
        },
        None => to.saturating_sub(1),
    };
    if from >= to {
        return Outcome::fail(
            2,
            format!(
                "yusuan: --from {} must be earlier than --to {}\n",
                model.year_label(from),
                model.year_label(to)
            ),
        );
    }
    let span = [from, to];
    let lens = Lens::Years {
        timeline,
        years: &span,
    };
    let top = timeline.top(model, args.shape.view, &span);
    let depth = args.shape.depth_below(model, top);
    let sort = Sort {
        key: args.sort,
        reversed: false,
    };
    let kept = keep(model, lens, top, &args.filter, notes);
    let rows = rows_of(model, lens, top, depth, sort, kept.as_ref());
    let compared: Vec<Compared> = rows
        .iter()
        .map(|r| timeline.compare(model, r.id, from, to))
        .collect();
    let (e0, e1) = (years[from], years[to]);
    if args.format.json {
        let listed = rows
            .iter()
            .zip(&compared)
            .map(|(r, c)| DiffRowJson::new(model, r.id, c, e0, e1));
        let _ = super::json::write_seq(out, listed);
        return Outcome::ok(String::new());
    }
    let (y0, y1) = (model.year_label(from), model.year_label(to));
    let mut s = format!("{y0} → {y1} · 单位：{}\n", unit.label());
    let names = glyph_names(model, &rows);
    s.push_str(&table(&names, &compared, &y0, &y1, unit).join("\n"));
    s.push('\n');
    Outcome::ok(s)
}

/// The human table: name, both years, change, change %, status.
fn table(names: &[String], compared: &[Compared], y0: &str, y1: &str, unit: Unit) -> Vec<String> {
    let mut aligns = Align::label_and_figures(4);
    aligns.push(Align::Left);
    let mut t = Table::new(&aligns).max_width(0, 60);
    t.push(vec![
        "名称".into(),
        y0.to_string(),
        y1.to_string(),
        "增减".into(),
        "增减%".into(),
        "状态".into(),
    ]);
    let amount = |v: Option<rust_decimal::Decimal>| money::shown_or_dash(v, unit);
    for (name, c) in names.iter().zip(compared) {
        let status = match (&c.status, &c.previous_name) {
            (Status::Renamed, Some(p)) => format!("更名（原 {p}）"),
            (Status::Added | Status::Removed, _) => c.label().into(),
            _ => String::new(),
        };
        t.push(vec![
            name.clone(),
            amount(c.from),
            amount(c.to),
            match c.known_change() {
                Some(change) if !c.unsplit => money::shown_change(change, unit),
                _ => "—".into(),
            },
            money::format_pct(c.change_pct),
            status,
        ]);
    }
    t.lines()
}

/// One year open: the lines whose earlier figure the document itself states
/// (the department's total, from part 2's stated change), as 上年.
fn stated(model: &Model, args: &DiffArgs, unit: Unit) -> Outcome {
    let top = model.top(args.shape.view);
    let mut rows = Vec::new();
    for r in views::flatten(model, Lens::Plain, top, None, Sort::default()) {
        let Some(prior) = model.stated_prior(r.id) else {
            continue;
        };
        let Some(now) = model.node(r.id).known() else {
            continue;
        };
        let (change, change_pct) = money::change(prior.value, now);
        let c = Compared {
            from: Some(prior.value),
            to: Some(now),
            status: if change.is_zero() {
                Status::Same
            } else {
                Status::Changed
            },
            change,
            change_pct,
            previous_name: None,
            why: Vec::new(),
            unsplit: false,
            unstated: false,
        };
        rows.push((r.id, c, prior.source.place.clone()));
    }
    let edition = model
        .years()
        .first()
        .copied()
        .unwrap_or(crate::schema::Edition {
            year: 0,
            kind: crate::schema::DocKind::Budget,
        });
    let year = edition.year;
    let before = crate::schema::Edition {
        year: year - 1,
        kind: crate::schema::DocKind::Budget,
    };
    let mut note = format!(
        "yusuan: one year open: 上年 ({}) is what the {year} document states; open two years to compare every line\n",
        year - 1
    );
    if args.format.json {
        let out: Vec<DiffRowJson> = rows
            .iter()
            .map(|(id, c, _)| DiffRowJson::new(model, *id, c, before, edition))
            .collect();
        let mut o = Outcome::json(&out);
        o.stderr = note;
        return o;
    }
    let mut s = format!(
        "{}年（上年，文中所列）→ {year}年 · 单位：{}\n",
        year - 1,
        unit.label()
    );
    let names: Vec<String> = rows.iter().map(|(id, _, _)| model.label(*id)).collect();
    let compared: Vec<Compared> = rows.iter().map(|(_, c, _)| c.clone()).collect();
    s.push_str(
        &table(
            &names,
            &compared,
            &format!("{}年", year - 1),
            &model.year_label(0),
            unit,
        )
        .join("\n"),
    );
    s.push('\n');
    for (id, _, place) in &rows {
        let _ = writeln!(s, "上年 {}：{place}", model.label(*id));
    }
    if rows.is_empty() {
        let _ = writeln!(
            note,
            "yusuan: the document states no earlier figure for this view"
        );
    }
    let mut o = Outcome::ok(s);
    o.stderr = note;
    o
}
