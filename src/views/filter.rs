//! Filters: a tree narrowed to the lines that matter in a meeting — with
//! findings, marked, projects, large amounts or large changes — keeping each
//! match's ancestors for context.

use super::Lens;
use crate::check::Severity;
use crate::model::{Kind, Model, NodeId};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// What a filtered tree keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// Lines with a real disagreement (不一致).
    Mismatch,
    /// Lines with any finding, rounding included.
    Findings,
    /// Marked lines (and lines with a note).
    Marked,
    /// Projects and their sub-items.
    Projects,
    /// Amount at least this many 万元.
    MinAmount(Decimal),
    /// Change between the years compared of at least this many 万元 either way.
    MinChange(Decimal),
    /// Change of at least this percent either way (new and removed lines count).
    MinChangePct(Decimal),
}

impl Filter {
    /// What the filter keeps, in words for the header.
    pub fn label(self) -> String {
        match self {
            Filter::Mismatch => "有不一致".into(),
            Filter::Findings => "有核对差异".into(),
            Filter::Marked => "已标记".into(),
            Filter::Projects => "仅项目".into(),
            Filter::MinAmount(x) => format!("金额 ≥ {} 万元", x.normalize()),
            Filter::MinChange(x) => format!("增减额 ≥ {} 万元", x.normalize()),
            Filter::MinChangePct(x) => format!("增减率 ≥ {}%", x.normalize()),
        }
    }

    /// Does line `id` match? `severity` is its worst finding, `marked` whether
    /// it is marked.
    pub fn matches(
        self,
        model: &Model,
        lens: Lens,
        id: NodeId,
        severity: Option<Severity>,
        marked: bool,
    ) -> bool {
        let n = model.node(id);
        match self {
            Filter::Mismatch => severity == Some(Severity::Mismatch),
            Filter::Findings => severity.is_some(),
            Filter::Marked => marked,
            Filter::Projects => matches!(n.kind, Kind::Project | Kind::Item),
            Filter::MinAmount(x) => n.amount >= x,
            Filter::MinChange(x) => lens
                .compared(model, id)
                .is_some_and(|c| c.change.abs() >= x),
            Filter::MinChangePct(x) => lens.compared(model, id).is_some_and(|c| {
                c.change_pct
                    .map_or(c.from.is_none() || c.to.is_none(), |p| p.abs() >= x)
            }),
        }
    }
}

/// The lines a filtered tree below `top` shows: every match and its
/// ancestors up to `top`. `matches` says whether a line matches.
pub fn keep(
    model: &Model,
    lens: Lens,
    top: NodeId,
    matches: impl Fn(NodeId) -> bool,
) -> HashSet<NodeId> {
    let mut out = HashSet::new();
    out.insert(top);
    for id in lens.descendants(model, top) {
        if !matches(id) || out.contains(&id) {
            continue;
        }
        let mut cur = Some(id);
        while let Some(c) = cur {
            if !out.insert(c) {
                break;
            }
            cur = lens.parent(model, c);
        }
    }
    out
}
