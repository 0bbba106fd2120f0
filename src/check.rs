//! Reconciliation: do the figures add up, and do the tables agree? Each
//! difference is judged against the rounding of the figures involved.
//!
//! Tolerance: a figure stated with `p` decimals of 万元 may be off its exact
//! value by half a unit in its last place, `0.5 × 10^-p` (0.5 万元 for a whole
//! 万元, 0.00005 万元 for a figure in 元 with no fen). A sum, or a comparison,
//! tolerates the total of those half-units over every figure involved: n
//! whole-万元 figures against their total may differ by up to (n + 1) × 0.5.
//! Within that, the difference is `rounding`; beyond it, `mismatch`. Counts
//! (staff, vehicles) are exact, so any difference is a mismatch.

use crate::model::{Kind, Model, NodeId, View};
use crate::money::{self, half_unit};
use crate::schema::{Dataset, Figure, Source};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Explained by the rounding of the figures involved.
    Rounding,
    /// Not explained by rounding.
    Mismatch,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Rounding => "rounding",
            Severity::Mismatch => "mismatch",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Severity::Rounding => "舍入差异",
            Severity::Mismatch => "不一致",
        }
    }
}

/// A figure as a finding cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub label: String,
    pub value: Decimal,
    pub precision: u32,
    pub source: Source,
}

/// One finding of the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub figures: Vec<Cited>,
    pub difference: Decimal,
    pub tolerance: Decimal,
    /// The node it concerns, if any.
    pub node: Option<NodeId>,
}

fn cite(label: impl Into<String>, f: &Figure) -> Cited {
    Cited {
        label: label.into(),
        value: f.value,
        precision: f.precision,
        source: f.source.clone(),
    }
}

fn cite_value(
    label: impl Into<String>,
    value: Decimal,
    precision: u32,
    place: impl Into<String>,
    line: u32,
) -> Cited {
    Cited {
        label: label.into(),
        value,
        precision,
        source: Source {
            place: place.into(),
            line,
        },
    }
}

struct Checker<'a> {
    model: &'a Model,
    out: Vec<Finding>,
}

impl Checker<'_> {
    /// Judge `difference` against the half-units of `figures` (counts: exact).
    fn judge(
        &mut self,
        rule: &'static str,
        message: String,
        figures: Vec<Cited>,
        difference: Decimal,
        exact: bool,
        node: Option<NodeId>,
    ) {
        if difference.is_zero() {
            return;
        }
        let tolerance = if exact {
            Decimal::ZERO
        } else {
            figures.iter().map(|f| half_unit(f.precision)).sum()
        };
        let severity = if difference.abs() <= tolerance {
            Severity::Rounding
        } else {
            Severity::Mismatch
        };
        self.out.push(Finding {
            rule,
            severity,
            message,
            figures,
            difference: difference.normalize(),
            tolerance: tolerance.normalize(),
            node,
        });
    }

    /// `parent` should equal the sum of `children`.
    fn sum(
        &mut self,
        rule: &'static str,
        what: &str,
        parent: Cited,
        children: Vec<Cited>,
        node: Option<NodeId>,
        exact: bool,
    ) {
        let sum: Decimal = children.iter().map(|c| c.value).sum();
        let diff = parent.value - sum;
        let msg = format!(
            "{what}：{} 为 {}，其 {} 项之和为 {}（相差 {}）",
            parent.label,
            parent.value.normalize(),
            children.len(),
            sum.normalize(),
            diff.normalize()
        );
        let mut figs = vec![parent];
        figs.extend(children);
        self.judge(rule, msg, figs, diff, exact, node);
    }

    /// Two statements of the same figure.
    fn same(&mut self, rule: &'static str, what: &str, a: Cited, b: Cited, node: Option<NodeId>) {
        let diff = a.value - b.value;
        let msg = format!(
            "{what}：{} 为 {}，{} 为 {}（相差 {}）",
            a.source.place,
            a.value.normalize(),
            b.source.place,
            b.value.normalize(),
            diff.normalize()
        );
        self.judge(rule, msg, vec![a, b], diff, false, node);
    }

    fn node_cited(&self, id: NodeId) -> Cited {
        let n = self.model.node(id);
        match crate::model::most_precise(&n.figures) {
            Some(f) => cite(n.name.clone(), f),
            None => cite_value(
                n.name.clone(),
                n.amount,
                n.precision(),
                format!("{} (sum)", n.name),
                0,
            ),
        }
    }

    /// Every node of a view with children: it equals the sum of its children.
    fn tree_sums(&mut self, view: View, rule: &'static str) {
        let model = self.model;
        for id in model.ids() {
            let n = model.node(id);
            if n.view != view
                || n.children.is_empty()
                || n.figures.is_empty()
                || n.kind == Kind::Group && n.name == "收入"
            {
                continue;
            }
            let children: Vec<Cited> = n.children.iter().map(|c| self.node_cited(*c)).collect();
            if children
                .iter()
                .any(|c| c.source.line == 0 && c.source.place.ends_with("(sum)"))
                && view != View::Unit
            {
                continue;
            }
            let what = format!("{} 与下级之和", model.path(id).join("/"));
            self.sum(rule, &what, self.node_cited(id), children, Some(id), false);
        }
    }

    /// A node stated in several places: each figure agrees with the most precise.
    fn cross_figures(&mut self) {
        let model = self.model;
        for id in model.ids() {
            let n = model.node(id);
            let Some(best) = crate::model::most_precise(&n.figures) else {
                continue;
            };
            for f in &n.figures {
                if std::ptr::eq(f, best) {
                    continue;
                }
                let what = format!("{} 两处所列", model.path(id).join("/"));
                self.same(
                    "figures-agree",
                    &what,
                    cite(n.name.clone(), f),
                    cite(n.name.clone(), best),
                    Some(id),
                );
            }
        }
    }
}

fn unit_node(model: &Model, di: usize, name: &str) -> Option<NodeId> {
    model.ids().find(|id| {
        let n = model.node(*id);
        n.kind == Kind::Unit && n.dataset == Some(di) && n.name == name
    })
}

fn dataset_rules(c: &mut Checker, di: usize, d: &Dataset) {
    let model = c.model;
    let wan =
        |v: Decimal, label: &str, place: &str, line: u32| cite_value(label, v, 0, place, line);
    // 表3: a unit's row (with its 专项资金 row) states the unit's total and split.
    for u in &d.units {
        let rows: Vec<_> = d.spending.iter().filter(|r| r.unit == u.name).collect();
        if rows.is_empty() {
            continue;
        }
        let node = unit_node(model, di, &u.name);
        let total: Decimal = rows.iter().map(|r| r.total).sum();
        let figs: Vec<Cited> = rows
            .iter()
            .map(|r| wan(r.total, &r.table_unit, &r.source.place, r.source.line))
            .collect();
        if let Some(id) = node {
            let mut parts = figs.clone();
            let unit_fig = c.node_cited(id);
            let diff = unit_fig.value - total;
            parts.insert(0, unit_fig);
            c.judge(
                "table3-unit",
                format!(
                    "{}：第三部分/表14 为 {}，表3 各行合计 {}",
                    u.name,
                    parts[0].value.normalize(),
                    total.normalize()
                ),
                parts,
                diff,
                false,
                Some(id),
            );
            // 基本支出 = 人员 + 公用 + 对个人和家庭; 项目支出 = 项目支出.
            let basic: Decimal = rows.iter().map(|r| r.basic).sum();
            let project: Decimal = rows.iter().map(|r| r.project).sum();
            let cat = |name: &str| -> Option<NodeId> {
                model
                    .node(id)
                    .children
                    .iter()
                    .copied()
                    .find(|k| model.node(*k).name == name)
            };
            let basic_cats: Vec<Cited> = ["人员支出", "公用支出", "对个人和家庭的补助支出"]
                .iter()
                .filter_map(|n| cat(n))
                .map(|k| c.node_cited(k))
                .collect();
            if !basic_cats.is_empty() {
                let mut figs = vec![wan(
                    basic,
                    "表3 基本支出",
                    &rows[0].source.place,
                    rows[0].source.line,
                )];
                figs.extend(basic_cats.iter().cloned());
                let diff = basic - basic_cats.iter().map(|f| f.value).sum::<Decimal>();
                c.judge(
                    "table3-basic",
                    format!(
                        "{}：表3 基本支出 {}，人员+公用+对个人和家庭 {}",
                        u.name,
                        basic.normalize(),
                        (basic - diff).normalize()
                    ),
                    figs,
                    diff,
                    false,
                    Some(id),
                );
            }
            if let Some(k) = cat("项目支出") {
                let f = c.node_cited(k);
                c.same(
                    "table3-project",
                    &format!("{} 项目支出", u.name),
                    wan(
                        project,
                        "表3 项目支出",
                        &rows[0].source.place,
                        rows[0].source.line,
                    ),
                    f,
                    Some(k),
                );
            }
        }
    }
    // 表3: the department row is the sum of the unit rows, column by column.
    if let Some(dept) = d.spending.iter().find(|r| r.unit == d.department) {
        let units: Vec<_> = d
            .spending
            .iter()
            .filter(|r| r.unit != d.department)
            .collect();
        type Col = fn(&crate::schema::SpendingRow) -> Option<Decimal>;
        let cols: [(&str, Col); 4] = [
            ("支出总计", |r| Some(r.total)),
            ("基本支出", |r| Some(r.basic)),
            ("项目支出", |r| Some(r.project)),
            ("政府采购", |r| r.procurement),
        ];
        for (label, get) in cols {
            let Some(v) = get(dept) else { continue };
            let parts = units
                .iter()
                .filter_map(|r| {
                    get(r).map(|x| wan(x, &r.table_unit, &r.source.place, r.source.line))
                })
                .collect();
            c.sum(
                "table3-sum",
                &format!("表3 {label}"),
                wan(
                    v,
                    &format!("表3 {label}"),
                    &dept.source.place,
                    dept.source.line,
                ),
                parts,
                None,
                false,
            );
        }
    }
    // 三公 (表12): total = items, vehicles = purchase + operation; department = units.
    for r in &d.sangong {
        let f = |v: Decimal, l: &str| wan(v, l, &r.source.place, r.source.line);
        c.sum(
            "sangong-items",
            &format!("三公 {} {}年", r.unit, r.year),
            f(r.total, "合计"),
            vec![
                f(r.abroad, "因公出国(境)费"),
                f(r.reception, "公务接待费"),
                f(r.vehicles, "公务用车购置及运行维护费"),
            ],
            None,
            false,
        );
        c.sum(
            "sangong-items",
            &format!("三公 {} {}年 公务用车", r.unit, r.year),
            f(r.vehicles, "公务用车购置及运行维护费"),
            vec![
                f(r.vehicle_purchase, "购置费"),
                f(r.vehicle_operation, "运行维护费"),
            ],
            None,
            false,
        );
    }
    let years: std::collections::BTreeSet<i32> = d.sangong.iter().map(|r| r.year).collect();
    for y in &years {
        let Some(dept) = d
            .sangong
            .iter()
            .find(|r| r.unit == d.department && r.year == *y)
        else {
            continue;
        };
        let units: Vec<_> = d
            .sangong
            .iter()
            .filter(|r| r.unit != d.department && r.year == *y)
            .collect();
        type Get = fn(&crate::schema::SangongRow) -> Decimal;
        let cols: [(&str, Get); 5] = [
            ("合计", |r| r.total),
            ("因公出国(境)费", |r| r.abroad),
            ("公务接待费", |r| r.reception),
            ("公务用车购置费", |r| r.vehicle_purchase),
            ("公务用车运行维护费", |r| r.vehicle_operation),
        ];
        for (label, get) in cols {
            let parts = units
                .iter()
                .map(|r| wan(get(r), &r.unit, &r.source.place, r.source.line))
                .collect();
            c.sum(
                "sangong-units",
                &format!("三公 {y}年 {label}：部门 = 各单位之和"),
                wan(get(dept), label, &dept.source.place, dept.source.line),
                parts,
                None,
                false,
            );
        }
    }
    // 三公: the table against part 5.
    let s = &d.sangong_text;
    let last = years.iter().max().copied();
    let first = years.iter().min().copied();
    if let (Some(y1), Some(y0)) = (last, first) {
        let row = |y: i32| {
            d.sangong
                .iter()
                .find(|r| r.unit == d.department && r.year == y)
        };
        if let (Some(a), Some(b)) = (row(y1), row(y0)) {
            let t = |v: Decimal, l: &str, r: &crate::schema::SangongRow| {
                wan(v, l, &r.source.place, r.source.line)
            };
            let pairs: [(&Option<Figure>, Decimal, &str); 9] = [
                (&s.total, a.total, "三公经费合计"),
                (&s.abroad, a.abroad, "因公出国(境)费"),
                (&s.reception, a.reception, "公务接待费"),
                (&s.vehicles, a.vehicles, "公务用车购置和运行维护费"),
                (&s.vehicle_purchase, a.vehicle_purchase, "公务用车购置费"),
                (
                    &s.vehicle_operation,
                    a.vehicle_operation,
                    "公务用车运行维护费",
                ),
                (&s.total_change, a.total - b.total, "三公经费比上年增减"),
                (
                    &s.reception_change,
                    a.reception - b.reception,
                    "公务接待费比上年增减",
                ),
                (
                    &s.vehicle_operation_change,
                    a.vehicle_operation - b.vehicle_operation,
                    "公务用车运行维护费比上年增减",
                ),
            ];
            for (stated, table, label) in pairs {
                if let Some(f) = stated {
                    let tv = t(table, &format!("表12 {label}"), a);
                    let what = format!("{label}：第五部分与表12");
                    // A change is the difference of two rounded table figures.
                    let mut b2 = tv.clone();
                    if label.contains("增减") {
                        b2.precision = 0;
                        let extra =
                            cite_value("表12 上年", table, 0, &b.source.place, b.source.line);
                        let diff = f.value - table;
                        c.judge(
                            "sangong-narrative",
                            format!(
                                "{what}：文中为 {}，表中为 {}",
                                f.value.normalize(),
                                table.normalize()
                            ),
                            vec![cite(label, f), b2, extra],
                            diff,
                            false,
                            None,
                        );
                    } else {
                        c.same("sangong-narrative", &what, cite(label, f), tv, None);
                    }
                }
            }
        }
    }
    // Part 2: income = spending; the named parts add up; stated change and percent.
    let o = &d.overall;
    if let (Some(i), Some(e)) = (&o.income, &o.expenditure) {
        c.same(
            "income-equals-spending",
            "收入总计 = 支出总计（第二部分）",
            cite("收入", i),
            cite("支出", e),
            None,
        );
    }
    for (a, b) in [
        ("表1 收入总计", "表1 支出总计"),
        ("表6 收入总计", "表6 支出总计"),
    ] {
        let get = |k: &str| {
            d.table_totals
                .iter()
                .find(|(x, _)| x == k)
                .map(|(_, f)| f.clone())
        };
        if let (Some(x), Some(y)) = (get(a), get(b)) {
            c.same(
                "income-equals-spending",
                &format!("{a} = {b}"),
                cite(a, &x),
                cite(b, &y),
                None,
            );
        }
    }
    if let Some(i) = &o.income {
        if !o.income_parts.is_empty() {
            let parts = o
                .income_parts
                .iter()
                .map(|(n, f)| cite(n.clone(), f))
                .collect();
            c.sum(
                "overall-parts",
                "第二部分 收入",
                cite("收入", i),
                parts,
                None,
                false,
            );
        }
    }
    if let Some(e) = &o.expenditure {
        if !o.expenditure_parts.is_empty() {
            let parts: Vec<Cited> = o
                .expenditure_parts
                .iter()
                .map(|(n, f)| cite(n.clone(), f))
                .collect();
            c.sum(
                "overall-parts",
                "第二部分 支出",
                cite("支出", e),
                parts.clone(),
                None,
                false,
            );
            // Each named part against the units' categories of that name.
            for (name, f) in &o.expenditure_parts {
                let cats: Vec<Cited> = model
                    .ids()
                    .filter(|id| {
                        let n = model.node(*id);
                        n.kind == Kind::Category && n.dataset == Some(di) && n.name == *name
                    })
                    .map(|id| c.node_cited(id))
                    .collect();
                if !cats.is_empty() {
                    c.sum(
                        "overall-parts",
                        &format!("第二部分 {name} = 各单位{name}之和"),
                        cite(name.clone(), f),
                        cats,
                        None,
                        false,
                    );
                }
            }
        }
        stated_change(
            c,
            "stated-change",
            "第二部分 支出比上年",
            e,
            o.change.as_ref(),
            o.change_pct.as_ref(),
        );
    }
    let other = &d.other;
    if let Some(r) = &other.running_costs {
        stated_change(
            c,
            "stated-change",
            "第七部分 机关运行经费比上年",
            r,
            other.running_costs_change.as_ref(),
            other.running_costs_change_pct.as_ref(),
        );
    }
    // Part 4 against 表11 and itself.
    let p = &d.procurement;
    if let (Some(t), Some(cur), Some(prev)) = (&p.total, &p.current_year, &p.previous_years) {
        c.sum(
            "procurement-parts",
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
            "procurement-parts",
            "第四部分 当年政府采购 = 货物 + 工程 + 服务",
            cite("当年", cur),
            vec![cite("货物", g), cite("工程", wk), cite("服务", sv)],
            None,
            false,
        );
    }
    if let (Some(t), Some(line)) = (&p.total, p.lines.first()) {
        c.same(
            "procurement-parts",
            "政府采购合计：第四部分 vs 表11",
            cite("第四部分", t),
            cite("表11", &line.amount),
            None,
        );
    }
    // Functions: 表7 (一般公共预算) ≤ 表6 (财政拨款) ≤ 表1 (all funds).
    for id in model.ids() {
        let n = model.node(id);
        if n.view != View::Function || n.dataset != Some(di) || n.kind != Kind::FunctionItem {
            continue;
        }
        let general: Decimal = n.by_unit.iter().map(|r| r.total).sum();
        let tol = |k: usize| half_unit(0) * Decimal::from(k as u64 + 1);
        if let Some(f) = &n.fiscal {
            if general > f.value + tol(n.by_unit.len()) {
                let mut figs = vec![cite("表6 财政拨款", f)];
                figs.extend(
                    n.by_unit
                        .iter()
                        .map(|r| cite_value(&r.unit, r.total, 0, &r.source.place, r.source.line)),
                );
                let diff = general - f.value;
                c.judge(
                    "function-coverage",
                    format!(
                        "{} {}：表7 一般公共预算 {} 超过 表6 财政拨款 {}",
                        n.code, n.name, general, f.value
                    ),
                    figs,
                    diff,
                    false,
                    Some(id),
                );
            }
            if let Some(all) = n.figures.first() {
                if f.value > all.value + tol(1) {
                    let diff = f.value - all.value;
                    c.judge(
                        "function-coverage",
                        format!(
                            "{} {}：表6 财政拨款 {} 超过 表1 全部资金 {}",
                            n.code, n.name, f.value, all.value
                        ),
                        vec![cite("表6", f), cite("表1", all)],
                        diff,
                        false,
                        Some(id),
                    );
                }
            }
        }
    }
    // Staffing and vehicles: the department's counts are the units' sums (exact).
    let st = &d.staff;
    let units: Vec<&crate::schema::Staffing> =
        d.units.iter().filter_map(|u| u.staffing.as_ref()).collect();
    if !units.is_empty() {
        let place = st.source.clone().unwrap_or_default();
        type G = fn(&crate::schema::Staffing) -> Option<u32>;
        let admin = |s: &crate::schema::Staffing| s.establishment_kind == "行政";
        let rows: [(&str, Option<u32>, G, Option<bool>); 9] = [
            (
                "行政编制",
                st.admin_establishment,
                |s| s.establishment,
                Some(true),
            ),
            ("行政实有在编", st.admin_actual, |s| s.actual, Some(true)),
            (
                "事业编制",
                st.public_establishment,
                |s| s.establishment,
                Some(false),
            ),
            ("事业实有在编", st.public_actual, |s| s.actual, Some(false)),
            ("离休", st.retired_cadres, |s| s.retired_cadres, None),
            ("退休", st.retirees, |s| s.retirees, None),
            ("雇员", st.employees, |s| s.employees, None),
            ("公务用车", st.vehicles, |s| s.vehicles, None),
            (
                "定编车辆",
                st.vehicles_established,
                |s| s.vehicles_established,
                None,
            ),
        ];
        for (label, total, get, kind) in rows {
            let Some(total) = total else { continue };
            let parts: Vec<Cited> = units
                .iter()
                .filter(|s| kind.is_none_or(|k| admin(s) == k))
                .filter_map(|s| {
                    get(s).map(|v| {
                        cite_value(label, Decimal::from(v), 0, &s.source.place, s.source.line)
                    })
                })
                .collect();
            c.sum(
                "staff-sums",
                &format!("第一部分 {label}：部门 = 各单位之和"),
                cite_value(label, Decimal::from(total), 0, &place.place, place.line),
                parts,
                None,
                true,
            );
        }
    }
}

/// A stated change (and percent) against the figure it changes.
fn stated_change(
    c: &mut Checker,
    rule: &'static str,
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
    });
}

/// Run every rule over every dataset.
pub fn run(model: &Model) -> Vec<Finding> {
    let mut c = Checker {
        model,
        out: Vec::new(),
    };
    c.tree_sums(View::Unit, "unit-tree-sum");
    c.tree_sums(View::Function, "function-tree-sum");
    c.tree_sums(View::Money, "money-tree-sum");
    c.cross_figures();
    for (di, d) in model.datasets.iter().enumerate() {
        dataset_rules(&mut c, di, d);
    }
    // Real disagreements first; the order within each kind is the rules'.
    c.out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    c.out
}

/// The findings that concern `id`.
pub fn findings_for(findings: &[Finding], id: NodeId) -> Vec<&Finding> {
    findings.iter().filter(|f| f.node == Some(id)).collect()
}
