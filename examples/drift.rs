//! How often the year-over-year matcher is right, on generated data whose
//! true pairing is known:
//!
//!     cargo run --release --example drift -- [DEPARTMENTS] [PROJECTS] [YEARS] [SEED]
//!
//! Defaults: 100 departments, 200,000 projects, 2 years, seed 2020. Each year
//! drifts from the one before (changed amounts, projects removed, added,
//! renamed, moved to another category, now and then a unit merged into
//! another: `examples/common/gen.rs`, `next_year`). Prints the matcher's
//! precision and recall over project pairs, by kind of drift, and the time
//! the comparison takes, as one JSON line.

#[path = "common/gen.rs"]
mod gen;

use gen::Drift;
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use yusuan::compare::{Mapping, Timeline};
use yusuan::model::{Kind, Model, NodeId};

/// The binary's allocator (`src/main.rs`), so that what is measured is what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num = |i: usize, d: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(d);
    let (departments, projects, years, seed) = (
        num(0, 100),
        num(1, 200_000),
        num(2, 2).max(2),
        num(3, 2020) as u64,
    );
    let vocab = gen::vocabulary(&yusuan::load::bundled());
    let (all, truths) = gen::city_years(departments, projects, years, seed, &vocab);
    let model = Model::new(all.into_iter().flatten().collect());
    let t = Instant::now();
    let timeline = Timeline::new(&model, &Mapping::none());
    let compare_ms = t.elapsed().as_secs_f64() * 1e3;

    // (year, department, unit, category, project) → node.
    let mut at: HashMap<(usize, &str, &str, &str, &str), NodeId> = HashMap::new();
    for id in model.ids() {
        let n = model.node(id);
        if n.kind != Kind::Project {
            continue;
        }
        let path: Vec<NodeId> = model.lineage(id);
        let name = |i: usize| model.node(path[i]).name.as_str();
        let k = model.year_of(id).expect("a year");
        at.insert((k, name(0), name(1), name(2), name(3)), id);
    }
    let mut truth: HashSet<(NodeId, NodeId)> = HashSet::new();
    let mut kinds: HashMap<(NodeId, NodeId), Drift> = HashMap::new();
    for (k, step) in truths.iter().enumerate() {
        for (dept, ((from, to), kind)) in step {
            let e = at[&(
                k,
                dept.as_str(),
                from[0].as_str(),
                from[1].as_str(),
                from[2].as_str(),
            )];
            let l = at[&(
                k + 1,
                dept.as_str(),
                to[0].as_str(),
                to[1].as_str(),
                to[2].as_str(),
            )];
            truth.insert((e, l));
            kinds.insert((e, l), *kind);
        }
    }
    let mut predicted: HashSet<(NodeId, NodeId)> = HashSet::new();
    for id in model.ids() {
        if model.node(id).kind != Kind::Project {
            continue;
        }
        let k = model.year_of(id).expect("a year");
        if let Some(l) = (k + 1 < years)
            .then(|| timeline.node_in(id, k + 1))
            .flatten()
        {
            if model.node(l).kind == Kind::Project {
                predicted.insert((id, l));
            }
        }
    }
    let right = predicted.intersection(&truth).count();
    let recall_of = |kind: Drift| {
        let all: Vec<_> = kinds
            .iter()
            .filter(|(_, k)| **k == kind)
            .map(|(p, _)| p)
            .collect();
        let found = all.iter().filter(|p| predicted.contains(p)).count();
        (found, all.len())
    };
    let pct = |a: usize, b: usize| {
        if b == 0 {
            100.0
        } else {
            a as f64 * 100.0 / b as f64
        }
    };
    let (kept, renamed, moved, merged) = (
        recall_of(Drift::Kept),
        recall_of(Drift::Renamed),
        recall_of(Drift::Moved),
        recall_of(Drift::Merged),
    );
    // Pairs made that the drift did not make: renames of strangers.
    let wrong = predicted.len() - right;
    println!(
        "{{\"departments\":{departments},\"years\":{years},\"projects_per_year\":{},\"true_pairs\":{},\"predicted_pairs\":{},\"precision_pct\":{:.2},\"recall_pct\":{:.2},\"wrong_pairs\":{wrong},\"recall_by_kind_pct\":{{\"kept\":{:.2},\"renamed\":{:.2},\"moved\":{:.2},\"merged_unit\":{:.2}}},\"renamed_pairs\":{},\"compare_ms\":{compare_ms:.0}}}",
        at.len() / years,
        truth.len(),
        predicted.len(),
        pct(right, predicted.len()),
        pct(right, truth.len()),
        pct(kept.0, kept.1),
        pct(renamed.0, renamed.1),
        pct(moved.0, moved.1),
        pct(merged.0, merged.1),
        renamed.1,
    );
}
