//! Part 2 (income = spending, named parts, stated change), part 7 and part 4.

use super::{cite, Checker, Cited, Finding, Rule, Severity};
use crate::model::Kind;
use crate::money::{self};
use crate::schema::{Dataset, Figure};
use rust_decimal::Decimal;

/// Part 2: income = spending; the named parts add up; stated change and percent.
pub(super) fn overall(c: &mut Checker, di: usize, d: &Dataset) {
    income_equals_spending(c, d);
    overall_parts(c, di, d);
    let (o, other) = (&d.overall, &d.other);
    if let Some(e) = &o.expenditure {
        stated_change(
            c,
            Rule::StatedChange,
            "第二部分 支出比上年",
            e,
            o.change.as_ref(),
            o.change_pct.as_ref(),
        );
    }
    if let Some(r) = &other.running_costs {
        stated_change(
            c,
            Rule::StatedChange,
            "第七部分 机关运行经费比上年",
            r,
            other.running_costs_change.as_ref(),
            other.running_costs_change_pct.as_ref(),
        );
    }
}

/// Income = spending: in part 2, in 表1 and in 表6.
fn income_equals_spending(c: &mut Checker, d: &Dataset) {
    let o = &d.overall;
    // A 决算's narrative states the year's income and spending, which differ
    // by what was carried over (年初/年末结转和结余): only a budget balances
    // them. Its tables' 收入总计 and 支出总计 (with the carry-overs) do.
    let balanced = d.kind != crate::schema::DocKind::Final;
    if let (Some(i), Some(e), true) = (&o.income, &o.expenditure, balanced) {
        c.same(
            Rule::IncomeEqualsSpending,
            "收入总计 = 支出总计（第二部分）",
            cite("收入", i),
            cite("支出", e),
            None,
        );
    }
    for role in [
        crate::schema::role::SUMMARY,
        crate::schema::role::FISCAL_SUMMARY,
    ] {
        let label = d.label(role);
        let (a, b) = (format!("{label} 收入总计"), format!("{label} 支出总计"));
        let (a, b) = (a.as_str(), b.as_str());
        let get = |k: &str| {
            d.table_totals
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, f)| f.clone())
        };
        if let (Some(x), Some(y)) = (get(a), get(b)) {
            c.same(
                Rule::IncomeEqualsSpending,
                &format!("{a} = {b}"),
                cite(a, &x),
                cite(b, &y),
                None,
            );
        }
    }
}

/// Part 2's income and spending against the parts it names, and each named
/// part of spending against the units' categories of that name.
fn overall_parts(c: &mut Checker, di: usize, d: &Dataset) {
    let model = c.model;
    let o = &d.overall;
    if let (Some(i), false) = (&o.income, o.income_parts.is_empty()) {
        let parts = o
            .income_parts
            .iter()
            .map(|(n, f)| cite(n.clone(), f))
            .collect();
        c.sum(
            Rule::OverallParts,
            "第二部分 收入",
            cite("收入", i),
            parts,
            None,
            false,
        );
    }
    let Some(e) = &o.expenditure else { return };
    if o.expenditure_parts.is_empty() {
        return;
    }
    let parts: Vec<Cited> = o
        .expenditure_parts
        .iter()
        .map(|(n, f)| cite(n.clone(), f))
        .collect();
    c.sum(
        Rule::OverallParts,
        "第二部分 支出",
        cite("支出", e),
        parts,
        None,
        false,
    );
    for (name, f) in &o.expenditure_parts {
        let cats: Vec<Cited> = c
            .ids_of(di)
            .iter()
            .copied()
            .filter(|id| {
                let n = model.node(*id);
                n.kind == Kind::Category && n.name == *name
            })
            .map(|id| c.node_cited(id))
            .collect();
        if !cats.is_empty() {
            c.sum(
                Rule::OverallParts,
                &format!("第二部分 {name} = 各单位{name}之和"),
                cite(name.clone(), f),
                cats,
                None,
                false,
            );
        }
    }
}

/// Part 4 against 表11 and itself.
pub(super) fn procurement(c: &mut Checker, _di: usize, d: &Dataset) {
    let p = &d.procurement;
    if let (Some(t), Some(cur), Some(prev)) = (&p.total, &p.current_year, &p.previous_years) {
        c.sum(
            Rule::ProcurementParts,
            "第四部分 政府采购 = 当年 + 以前年度",
            cite("合计", t),
            vec![cite("当年", cur), cite("以前年度", prev)],
            None,
            false,
        );
    }
    if let (Some(cur), Some(g), Some(wk), Some(sv)) =
        (&p.current_year, &p.goods, &p.works, &p.services)
    {
        c.sum(
            Rule::ProcurementParts,
            "第四部分 当年政府采购 = 货物 + 工程 + 服务",
            cite("当年", cur),
            vec![cite("货物", g), cite("工程", wk), cite("服务", sv)],
            None,
            false,
        );
    }
    if let (Some(t), Some(line)) = (&p.total, p.lines.first()) {
        c.same(
            Rule::ProcurementParts,
            &format!(
                "政府采购合计：第四部分 vs {}",
                d.label(crate::schema::role::PROCUREMENT)
            ),
            cite("第四部分", t),
            cite(d.label(crate::schema::role::PROCUREMENT), &line.amount),
            None,
        );
    }
}

/// A stated change (and percent) against the figure it changes.
fn stated_change(
    c: &mut Checker,
    rule: Rule,
    what: &str,
    now: &Figure,
    change: Option<&Figure>,
    pct: Option<&Figure>,
) {
    let (Some(ch), Some(p)) = (change, pct) else {
        return;
    };
    let before = now.value - ch.value;
    let Some(computed) = money::percent(ch.value, before) else {
        return;
    };
    let diff = p.value - computed;
    if diff.is_zero() {
        return;
    }
    // The percent is of rounded figures: allow one unit in its last place.
    let severity = if diff.abs() <= Decimal::new(1, p.precision) {
        Severity::Rounding
    } else {
        Severity::Mismatch
    };
    c.out.push(Finding {
        rule,
        severity,
        message: format!("{what}：文中为 {}%，按数字计算为 {}%", p.value, computed),
        figures: vec![cite("本年", now), cite("增减", ch), cite("增减%", p)],
        difference: diff,
        tolerance: Decimal::new(1, p.precision),
        node: None,
        dataset: None,
    });
}
