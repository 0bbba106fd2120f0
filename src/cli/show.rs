//! `yusuan show`: one node with everything known about it.

use super::json::{
    amount, ByUnitJson, FigureJson, FundingJson, IndicatorJson, NodeJson, PerformanceJson,
    SangongJson, ShowJson, StaffingJson,
};
use super::Outcome;
use crate::compare::Timeline;
use crate::model::{Model, NodeId, ResolveError};
use crate::money::Unit;
use crate::views;
use std::fmt::Write as _;

pub(super) fn run(
    model: &Model,
    timeline: Option<&Timeline>,
    query: &str,
    as_json: bool,
    unit: Unit,
) -> Outcome {
    let id = match model.resolve(query) {
        Ok(id) => id,
        Err(e) => return Outcome::fail(1, resolve_message(&e)),
    };
    if as_json {
        return Outcome::json(&show_json(model, id));
    }
    let findings = crate::check::run(model);
    let n = model.years().len();
    let years = timeline.map(|t| (t, n - 2, n - 1));
    Outcome::ok(crate::detail::lines(model, &findings, years, id, unit, 100).join("\n") + "\n")
}

/// What `show` says when a name names no single node.
fn resolve_message(e: &ResolveError) -> String {
    match e {
        ResolveError::NotFound { query } => {
            format!("yusuan: {e}; try `yusuan find {query}`\n")
        }
        ResolveError::Ambiguous { candidates, .. } => {
            let mut s = format!("yusuan: {e}:\n");
            for c in candidates {
                let _ = writeln!(s, "  {}", c.join("/"));
            }
            s
        }
    }
}

fn show_json(model: &Model, id: NodeId) -> ShowJson {
    let n = model.node(id);
    let mut v = ShowJson {
        node: NodeJson::new(model, id),
        figures: n
            .figures
            .iter()
            .map(|f| FigureJson {
                value_wan: amount(f.value),
                precision: f.precision,
                source: (&f.source).into(),
            })
            .collect(),
        funding: n.funding.as_ref().map(|f| FundingJson {
            fiscal_wan: amount(f.fiscal),
            other_wan: amount(f.other),
            source: (&f.source).into(),
        }),
        purpose: (!n.purpose.is_empty()).then(|| n.purpose.clone()),
        performance: n.sheet.as_ref().map(|s| PerformanceJson {
            project_type: s.project_type.clone(),
            fund_use: s.fund_use.clone(),
            period: s.period.clone(),
            overview: s.overview.clone(),
            annual_goal: s.annual_goal.clone(),
            indicators: s
                .indicators
                .iter()
                .map(|i| IndicatorJson {
                    level1: i.level1.clone(),
                    level2: i.level2.clone(),
                    name: i.name.clone(),
                    target: i.target.clone(),
                    basis: i.basis.clone(),
                })
                .collect(),
        }),
        fiscal_wan: n.fiscal.as_ref().map(|f| amount(f.value)),
        general_budget_by_unit: (!n.by_unit.is_empty()).then(|| {
            n.by_unit
                .iter()
                .map(|r| ByUnitJson {
                    unit: r.unit.clone(),
                    total_wan: amount(r.total),
                    basic_wan: amount(r.basic),
                    project_wan: amount(r.project),
                })
                .collect()
        }),
        staffing: None,
        sangong: None,
        children: n
            .children
            .iter()
            .map(|c| NodeJson::new(model, *c))
            .collect(),
    };
    if let Some((d, u)) = model.unit_record(id) {
        v.staffing = u.staffing.as_ref().map(|s| StaffingJson {
            establishment: s.establishment,
            actual: s.actual,
            retired_cadres: s.retired_cadres,
            retirees: s.retirees,
            employees: s.employees,
            students: s.students,
            vehicles: s.vehicles,
            vehicles_established: s.vehicles_established,
        });
        if let Some((y0, y1, lines)) = views::sangong(d) {
            v.sangong = lines
                .iter()
                .find(|l| l.unit == u.name)
                .map(|l| SangongJson::new(l, y0, y1));
        }
    }
    v
}
