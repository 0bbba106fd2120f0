//! Filters: a tree narrowed to the lines that matter in a meeting — with
//! findings, marked, projects, large amounts or large changes — keeping each
//! match's ancestors for context.

use super::Lens;
use crate::check::Severity;
use crate::compare::Status;
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
    /// Lines of this status between the years compared: 新增, 取消, 更名, or
    /// (`Status::Changed`) 变化 — in both years with another amount, a
    /// renamed line's included.
    Status(Status),
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
            Filter::Status(Status::Changed) => "金额变化".into(),
            Filter::Status(s) => s.label().into(),
        }
    }

    /// Does the filter only mean something with two years compared?
    pub fn needs_years(self) -> bool {
        matches!(
            self,
            Filter::MinChange(_) | Filter::MinChangePct(_) | Filter::Status(_)
        )
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
            Filter::MinAmount(x) => n.known().is_some_and(|a| a >= x),
            // A renamed line is kept whatever its change: a rename is news.
            Filter::MinChange(x) => lens.compared(model, id).is_some_and(|c| {
                c.status == Status::Renamed || c.known_change().is_some_and(|d| d.abs() >= x)
            }),
            Filter::MinChangePct(x) => lens.compared(model, id).is_some_and(|c| {
                c.status == Status::Renamed
                    || c.change_pct
                        .map_or(!c.unstated && (c.from.is_none() || c.to.is_none()), |p| {
                            p.abs() >= x
                        })
            }),
            Filter::Status(Status::Changed) => lens
                .compared(model, id)
                .is_some_and(|c| c.from.is_some() && c.to.is_some() && c.from != c.to),
            Filter::Status(s) => lens.compared(model, id).is_some_and(|c| c.status == s),
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
