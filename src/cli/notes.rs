//! `yusuan notes`: every mark and note, as a Markdown question list for the
//! meeting, JSON or CSV.

use super::json::amount;
use super::{NotesFormat, Outcome};
use crate::model::Model;
use crate::money::{self, Unit};
use crate::notes::{self, Note, Notes};
use serde::Serialize;
use std::collections::BTreeMap;

/// `notes --format json`: one mark or note.
#[derive(Debug, Serialize)]
struct NoteJson {
    department: String,
    year: i32,
    path: Vec<String>,
    name: String,
    amount_wan: Option<String>,
    note: String,
    orphaned: bool,
}

pub(super) fn run(model: &Model, notes: &Notes, format: NotesFormat, unit: Unit) -> Outcome {
    let list: Vec<&Note> = notes.for_model(model).collect();
    match format {
        NotesFormat::Json => {
            let out: Vec<NoteJson> = list
                .iter()
                .map(|n| {
                    let node = notes::node_of(model, &n.key);
                    NoteJson {
                        department: n.key.department.clone(),
                        year: n.key.year,
                        path: n.key.path.clone(),
                        name: n.key.path.last().cloned().unwrap_or_default(),
                        amount_wan: node.and_then(|id| model.node(id).known()).map(amount),
                        note: n.text.clone(),
                        orphaned: node.is_none(),
                    }
                })
                .collect();
            Outcome::json(&out)
        }
        NotesFormat::Csv => {
            let sheet = crate::export::notes_sheet(model, notes, unit);
            Outcome::ok(String::from_utf8_lossy(&crate::export::csv(&sheet)).into_owned())
        }
        NotesFormat::Md => Outcome::ok(markdown(model, &list, unit)),
    }
}

/// A name on one line of Markdown: a line break of any kind is a space.
fn one_line(s: &str) -> String {
    s.replace("\r\n", " ").replace(['\n', '\r'], " ")
}

/// A question list: one heading per unit, each line with its amount, shares,
/// change where known and source, then the note.
fn markdown(model: &Model, list: &[&Note], unit: Unit) -> String {
    let mut by_unit: BTreeMap<(String, i32, String), Vec<&Note>> = BTreeMap::new();
    for n in list {
        let u = n.key.path.get(1).cloned().unwrap_or_default();
        by_unit
            .entry((n.key.department.clone(), n.key.year, u))
            .or_default()
            .push(n);
    }
    let mut out = String::from("# 预算审查：标记与问题\n");
    if list.is_empty() {
        out.push_str("\n还没有标记：在浏览界面按 m 标记当前行，N 写备注。\n");
    }
    for ((dept, year, u), notes) in by_unit {
        out.push_str(&format!(
            "\n## {} {year}年 · {}\n\n",
            one_line(&dept),
            one_line(&u)
        ));
        for (i, n) in notes.iter().enumerate() {
            let name = one_line(n.key.path.last().map_or("", String::as_str));
            out.push_str(&format!("{}. **{name}**", i + 1));
            match notes::node_of(model, &n.key) {
                Some(id) => {
                    let node = model.node(id);
                    out.push_str(&format!(
                        " — {}，占单位 {}，占部门 {}",
                        node.known().map_or_else(
                            || "金额文中未列".into(),
                            |a| format!(
                                "{} {}",
                                money::format_at(a, node.precision(), unit),
                                unit.label()
                            )
                        ),
                        money::format_pct(model.share_of_unit(id)),
                        money::format_pct(model.share_of_department(id))
                    ));
                    if let (Some(p), Some(now)) = (model.stated_prior(id), node.known()) {
                        let (ch, pct) = money::change(p.value, now);
                        out.push_str(&format!(
                            "，比上年 {} {}",
                            money::format_change(ch, unit),
                            money::format_pct(pct)
                        ));
                    }
                    if let Some(f) = crate::schema::most_precise(&node.figures) {
                        out.push_str(&format!("（{}）", model.cite(id, f)));
                    }
                }
                None => out.push_str("（原行已不存在：备注保留）"),
            }
            out.push('\n');
            out.push_str(&format!("   路径：{}\n", one_line(&n.key.path.join(" › "))));
            // A line break of any kind (LF, CR, CRLF) starts a quoted line.
            for l in n.text.replace("\r\n", "\n").split(['\n', '\r']) {
                out.push_str(&format!("   > {l}\n"));
            }
        }
    }
    out
}
