//! The filters a listing takes (`--only`, `--min-amount`, `--min-change`,
//! `--min-change-pct`), turned into the lines to keep.

use super::FilterArgs;
use crate::check::{self, Severity};
use crate::model::{Model, NodeId};
use crate::notes::{self, Notes};
use crate::views::{self, Lens};
use std::collections::{HashMap, HashSet};

/// The lines below `top` a listing keeps under `args` (`None`: no filter).
pub(super) fn keep(
    model: &Model,
    lens: Lens,
    top: NodeId,
    args: &FilterArgs,
    notes: &Notes,
) -> Option<HashSet<NodeId>> {
    let filters = args.filters();
    if filters.is_empty() {
        return None;
    }
    let mut worst: HashMap<NodeId, Severity> = HashMap::new();
    for f in check::run(model) {
        if let Some(id) = f.node {
            let w = worst.entry(id).or_insert(f.severity);
            *w = (*w).max(f.severity);
        }
    }
    let marked: HashSet<NodeId> = notes
        .for_model(model)
        .filter_map(|n| notes::node_of(model, &n.key))
        .collect();
    Some(views::keep(model, lens, top, |id| {
        filters.iter().all(|f| {
            f.matches(
                model,
                lens,
                id,
                worst.get(&id).copied(),
                marked.contains(&id),
            )
        })
    }))
}
