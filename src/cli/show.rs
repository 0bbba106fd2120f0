//! `yusuan show`: one node with everything known about it.

use super::json::{
    amount, ByUnitJson, FigureJson, FundingJson, GoalsJson, IndicatorJson, NodeJson, OverallJson,
    PerformanceJson, SangongJson, ShowJson, SpendingJson, TaskJson,
};
use super::Outcome;
use crate::compare::Timeline;
use crate::model::sangong::sangong;
use crate::model::{Model, NodeId, ResolveError};
use crate::money::Unit;
use std::fmt::Write as _;

pub(super) fn run(
    model: &Model,
    timeline: Option<&Timeline>,
    query: &str,
    view: Option<crate::model::View>,
    as_json: bool,
    unit: Unit,
) -> Outcome {
    let id = match model.resolve(query, view) {
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

fn indicators(list: &[crate::schema::Indicator]) -> Vec<IndicatorJson> {
    list.iter()
        .map(|i| IndicatorJson {
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            name: i.name.clone(),
            target: i.target.clone(),
            basis: i.basis.clone(),
        })
        .collect()
}

/// What the department's detail shows besides: part 2, its change and 上年,
/// 机关运行经费, and the staffing totals.
fn department_json(model: &Model, id: NodeId, d: &crate::schema::Dataset, v: &mut ShowJson) {
    let o = &d.overall;
    v.overall = Some(OverallJson {
        income_wan: o.income.as_ref().map(|f| amount(f.value)),
        expenditure_wan: o.expenditure.as_ref().map(|f| amount(f.value)),
        change_wan: o.change.as_ref().map(|f| amount(f.value)),
        change_pct: o.change_pct.as_ref().map(|f| amount(f.value)),
        prior_wan: model.stated_prior(id).map(|f| amount(f.value)),
        income_change_wan: o.income_change.as_ref().map(|f| amount(f.value)),
        income_change_pct: o.income_change_pct.as_ref().map(|f| amount(f.value)),
        income_parts: o
            .income_parts
            .iter()
            .map(|(n, f)| (n.clone(), amount(f.value)))
            .collect(),
        expenditure_parts: o
            .expenditure_parts
            .iter()
            .map(|(n, f)| (n.clone(), amount(f.value)))
            .collect(),
        reasons: o.reasons.clone(),
        running_costs_wan: d.other.running_costs.as_ref().map(|f| amount(f.value)),
        running_costs_change_wan: d
            .other
            .running_costs_change
            .as_ref()
            .map(|f| amount(f.value)),
        running_costs_change_pct: d
            .other
            .running_costs_change_pct
            .as_ref()
            .map(|f| amount(f.value)),
    });
    let s = &d.staff;
    v.staff = s.source.is_some().then(|| s.clone());
    v.stated = Some(d.stated.clone());
    v.table_totals = Some(d.table_totals.clone());
    v.table3_rows = Some(
        d.spending
            .iter()
            .filter(|r| r.unit == d.department || r.table_unit.contains("专项资金"))
            .cloned()
            .collect(),
    );
    if let Some((y0, y1, lines)) = sangong(d) {
        v.sangong = lines
            .iter()
            .find(|l| l.is_department)
            .map(|l| SangongJson::new(l, y0, y1));
    }
}

/// `show --json`: the node, and what its department's or unit's record adds.
fn show_json(model: &Model, id: NodeId) -> ShowJson {
    let n = model.node(id);
    let mut v = node_json(model, id);
    if n.kind == crate::model::Kind::Department {
        if let Some(d) = model.dataset(id) {
            match n.view {
                crate::model::View::Unit => department_json(model, id, d, &mut v),
                crate::model::View::Function => {
                    v.table7_subtotals = Some(d.function_units.clone());
                }
                crate::model::View::Money => v.fiscal_income = Some(d.fiscal_income.clone()),
                crate::model::View::Sangong => {}
            }
        }
    }
    if let Some((d, u)) = model.unit_record(id) {
        unit_json(d, u, &mut v);
    }
    v
}

/// What any node says of itself: figures, funding, purpose, its sheet, its
/// children (the department's and unit's records left empty).
fn node_json(model: &Model, id: NodeId) -> ShowJson {
    let n = model.node(id);
    ShowJson {
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
        funding: n.funding().first().map(FundingJson::new),
        funding_table13: n.funding().get(1).map(FundingJson::new),
        purpose: (!n.purpose.is_empty()).then(|| n.purpose.to_string()),
        performance: n.sheet().map(performance),
        fiscal_wan: n.fiscal().map(|f| amount(f.value)),
        general_budget_by_unit: (!n.by_unit().is_empty()).then(|| {
            n.by_unit()
                .iter()
                .map(|r| ByUnitJson {
                    unit: r.unit.clone(),
                    table_unit: r.table_unit.clone(),
                    total_wan: amount(r.total),
                    basic_wan: amount(r.basic),
                    project_wan: amount(r.project),
                })
                .collect()
        }),
        staffing: None,
        sangong: None,
        spending: None,
        goals: None,
        overall: None,
        staff: None,
        stated: None,
        table_totals: None,
        table3_rows: None,
        table7_subtotals: None,
        fiscal_income: None,
        children: n
            .children
            .iter()
            .map(|c| NodeJson::new(model, *c))
            .collect(),
    }
}

/// A project's 表15 sheet.
fn performance(s: &crate::schema::ProjectSheet) -> PerformanceJson {
    PerformanceJson {
        project_type: s.project_type.clone(),
        fund_use: s.fund_use.clone(),
        period: s.period.clone(),
        overview: s.overview.clone(),
        annual_goal: s.annual_goal.clone(),
        asset_purchase_wan: s.asset_purchase.map(amount),
        asset_items: s.asset_items.clone(),
        indicators: indicators(&s.indicators),
    }
}

/// What a unit's record adds: its 表3 row, 表14 goals, staffing and 三公.
fn unit_json(d: &crate::schema::Dataset, u: &crate::schema::Unit, v: &mut ShowJson) {
    v.spending = d
        .spending
        .iter()
        .find(|r| r.unit == u.name && r.table_unit == u.full_name)
        .map(|r| SpendingJson {
            table_unit: r.table_unit.clone(),
            total_wan: amount(r.total),
            basic_wan: amount(r.basic),
            project_wan: amount(r.project),
            procurement_wan: r.procurement.map(amount),
            procurement_sme_wan: r.procurement_sme.map(amount),
            procurement_micro_wan: r.procurement_micro.map(amount),
            procurement_previous_wan: r.procurement_previous.map(amount),
            source: (&r.source).into(),
        });
    v.goals = u.goals.as_ref().map(|g| GoalsJson {
        total_wan: g.total.as_ref().map(|f| amount(f.value)),
        tasks: g
            .tasks
            .iter()
            .map(|t| TaskJson {
                name: t.name.clone(),
                content: t.content.clone(),
                amount_wan: amount(t.amount.value),
                fiscal_wan: amount(t.funding.fiscal),
                other_wan: amount(t.funding.other),
                source: (&t.amount.source).into(),
            })
            .collect(),
        overall_goal: g.overall_goal.clone(),
        indicators: indicators(&g.indicators),
    });
    v.staffing.clone_from(&u.staffing);
    if let Some((y0, y1, lines)) = sangong(d) {
        v.sangong = lines
            .iter()
            .find(|l| l.unit == u.name)
            .map(|l| SangongJson::new(l, y0, y1));
    }
}
