//! `yusuan find`: ranked search matches, as grep does (exit 1 on none).

use super::json::{amount, HitJson};
use super::{FindArgs, Outcome};
use crate::model::Model;
use crate::money::{self, Unit};
use crate::search::{hit_context, Index};
use crate::table::{Align, Table};

pub(super) fn run(model: &Model, args: &FindArgs, unit: Unit) -> Outcome {
    let mut index = Index::new(model);
    let hits = index.search(&args.query, args.limit);
    if args.format.json {
        let arr: Vec<HitJson> = hits
            .iter()
            .map(|h| {
                let n = model.node(h.id);
                HitJson {
                    name: n.name.clone(),
                    path: model.path(h.id),
                    kind: n.kind.as_str(),
                    amount_wan: n.known().map(amount),
                    score: h.score,
                    tier: h.tier.as_str(),
                    positions: h.positions.clone(),
                    found: h.found.as_str(),
                    excerpt: h.excerpt.clone(),
                }
            })
            .collect();
        let mut o = Outcome::json(&arr);
        if hits.is_empty() {
            o.status = 1;
        }
        return o;
    }
    if hits.is_empty() {
        return Outcome::fail(1, format!("yusuan: nothing matches {:?}\n", args.query));
    }
    let mut t = Table::new(&[Align::Left, Align::Right, Align::Left]).max_width(0, 50);
    for h in &hits {
        t.push(vec![
            model.label(h.id),
            money::shown_or_dash(model.node(h.id).known(), unit),
            hit_context(model, h),
        ]);
    }
    Outcome::ok(t.lines().join("\n") + "\n")
}
