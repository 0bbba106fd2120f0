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

mod goals;
mod overall;
mod sangong;
mod staffing;
mod subtotals;
mod tables;

use crate::model::{Kind, Model, NodeId, View};
use crate::money::half_unit;
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

/// A reconciliation rule. Its id ([`Rule::id`]) is what the findings list,
/// `check --json` and the exports print: those spellings are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A unit-view node against the sum of its children.
    UnitTreeSum,
    /// A 科目 node against the sum of its children.
    FunctionTreeSum,
    /// An income or procurement node against the sum of its children.
    MoneyTreeSum,
    /// A node stated in several places: each figure against the most precise.
    FiguresAgree,
    /// 表3: a unit's rows against the unit's total (part 3, 表14).
    Table3Unit,
    /// 表3: a unit's 基本支出 against its 人员, 公用 and 对个人和家庭 categories.
    Table3Basic,
    /// 表3: a unit's 项目支出 against its 项目支出 category.
    Table3Project,
    /// 表3: the department row against the sum of the unit rows, column by column.
    Table3Sum,
    /// 科目: 表7 (一般公共预算) ≤ 表6 (财政拨款) ≤ 表1 (all funds).
    FunctionCoverage,
    /// 科目: a 项 printed under a 款 its code does not name.
    FunctionCodes,
    /// 表7: a subtotal row against the rows it sums.
    Table7Subtotal,
    /// 表6: the 收入 lines against 本年收入合计.
    Table6Income,
    /// A project's split by source of funds: 表13 against its 表15 sheet.
    FundingSplits,
    /// 表12: each total against its items.
    SangongItems,
    /// 表12: the department against the sum of its units.
    SangongUnits,
    /// 表12 against what part 5 says of it.
    SangongNarrative,
    /// Income against spending (part 2, 表1, 表6).
    IncomeEqualsSpending,
    /// Part 2's totals against their named parts.
    OverallParts,
    /// A stated change and percent against the figures they are of.
    StatedChange,
    /// Part 4's procurement against its parts and 表11.
    ProcurementParts,
    /// Staffing and vehicles: the department's counts against the units' sums.
    StaffSums,
    /// 表14's project tasks against the unit's projects.
    GoalsVsProjects,
    /// A table's totals some ten thousand times the document's other totals:
    /// its money unit is not what it states.
    MoneyUnit,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 23] = [
        Rule::UnitTreeSum,
        Rule::FunctionTreeSum,
        Rule::MoneyTreeSum,
        Rule::FiguresAgree,
        Rule::Table3Unit,
        Rule::Table3Basic,
        Rule::Table3Project,
        Rule::Table3Sum,
        Rule::FunctionCoverage,
        Rule::FunctionCodes,
        Rule::Table7Subtotal,
        Rule::Table6Income,
        Rule::FundingSplits,
        Rule::SangongItems,
        Rule::SangongUnits,
        Rule::SangongNarrative,
        Rule::IncomeEqualsSpending,
        Rule::OverallParts,
        Rule::StatedChange,
        Rule::ProcurementParts,
        Rule::StaffSums,
        Rule::GoalsVsProjects,
        Rule::MoneyUnit,
    ];

    /// The view a finding of this rule is about when it names no node of
    /// its own: the 三公 table, income and procurement, or the unit tree.
    pub fn view(self) -> View {
        match self {
            Rule::SangongItems | Rule::SangongUnits | Rule::SangongNarrative => View::Sangong,
            Rule::ProcurementParts => View::Money,
            _ => View::Unit,
        }
    }

    /// A finding of where a line is printed, not of figures that disagree
    /// (a 科目 printed under a 款 its code does not name): listed apart from
    /// the numeric findings, and never with a difference sized like money.
    pub fn is_placement(self) -> bool {
        matches!(self, Rule::FunctionCodes)
    }

    /// The rule's id: kebab-case, stable (JSON, CSV, the findings list).
    pub fn id(self) -> &'static str {
        match self {
            Rule::UnitTreeSum => "unit-tree-sum",
            Rule::FunctionTreeSum => "function-tree-sum",
            Rule::MoneyTreeSum => "money-tree-sum",
            Rule::FiguresAgree => "figures-agree",
            Rule::Table3Unit => "table3-unit",
            Rule::Table3Basic => "table3-basic",
            Rule::Table3Project => "table3-project",
            Rule::Table3Sum => "table3-sum",
            Rule::FunctionCoverage => "function-coverage",
            Rule::FunctionCodes => "function-codes",
            Rule::Table7Subtotal => "table7-subtotal",
            Rule::Table6Income => "table6-income",
            Rule::FundingSplits => "funding-splits",
            Rule::SangongItems => "sangong-items",
            Rule::SangongUnits => "sangong-units",
            Rule::SangongNarrative => "sangong-narrative",
            Rule::IncomeEqualsSpending => "income-equals-spending",
            Rule::OverallParts => "overall-parts",
            Rule::StatedChange => "stated-change",
            Rule::ProcurementParts => "procurement-parts",
            Rule::StaffSums => "staff-sums",
            Rule::GoalsVsProjects => "goals-vs-projects",
            Rule::MoneyUnit => "money-unit",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `pad`, so that a width (`{:<24}`) is honoured.
        f.pad(self.id())
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
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub figures: Vec<Cited>,
    pub difference: Decimal,
    pub tolerance: Decimal,
    /// The node it concerns, if any.
    pub node: Option<NodeId>,
    /// The dataset its figures come from (an index into `Model::datasets`),
    /// when they come from one: where each stands in its file is read there.
    pub dataset: Option<usize>,
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
    place: impl Into<crate::schema::Place>,
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
    /// Each dataset's nodes, so a rule about one dataset reads only its own
    /// (a city's 100 departments: each rule would otherwise scan them all
    /// once per department).
    by_dataset: &'a [Vec<NodeId>],
}

impl<'a> Checker<'a> {
    /// The nodes of dataset `di`, in arena order.
    fn ids_of(&self, di: usize) -> &'a [NodeId] {
        self.by_dataset.get(di).map_or(&[], Vec::as_slice)
    }

    /// Judge `difference` against the half-units of `figures` (counts: exact).
    fn judge(
        &mut self,
        rule: Rule,
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
            crate::money::sum(figures.iter().map(|f| half_unit(f.precision)))
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
            dataset: None,
        });
    }

    /// `parent` should equal the sum of `children`.
    fn sum(
        &mut self,
        rule: Rule,
        what: &str,
        parent: Cited,
        children: Vec<Cited>,
        node: Option<NodeId>,
        exact: bool,
    ) {
        let sum: Decimal = crate::money::sum(children.iter().map(|c| c.value));
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
    fn same(&mut self, rule: Rule, what: &str, a: Cited, b: Cited, node: Option<NodeId>) {
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
    fn tree_sums(&mut self, view: View, rule: Rule) {
        let model = self.model;
        for (id, n) in model.nodes() {
            if n.view != view
                || n.children.is_empty()
                || n.figures.is_empty()
                || n.kind == Kind::Group && n.name == "收入"
            {
                continue;
            }
            // A unit the document gives its projects of but no 基本支出 (a
            // table by unit states its total, the projects table its
            // projects): its parts are not all stated, so there is no sum.
            if n.kind == Kind::Unit
                && n.children.iter().all(|c| {
                    let c = model.node(*c);
                    c.name == crate::schema::category::PROJECTS
                        && c.figures
                            .iter()
                            .all(|f| f.source.place.ends_with("各项目之和"))
                })
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
        for (id, n) in model.nodes() {
            // 三公 lines hold two years' figures: the rules in `sangong` judge those.
            if n.view == View::Sangong {
                continue;
            }
            let Some(best) = crate::model::most_precise(&n.figures) else {
                continue;
            };
            for f in &n.figures {
                if std::ptr::eq(f, best) {
                    continue;
                }
                let what = format!("{} 两处所列", model.path(id).join("/"));
                self.same(
                    Rule::FiguresAgree,
                    &what,
                    cite(n.name.clone(), f),
                    cite(n.name.clone(), best),
                    Some(id),
                );
            }
        }
    }
}

fn unit_node(c: &Checker, di: usize, name: &str) -> Option<NodeId> {
    c.ids_of(di).iter().copied().find(|id| {
        let n = c.model.node(*id);
        n.kind == Kind::Unit && n.name == name
    })
}

/// A figure in 万元 as a table states it (whole 万元).
fn wan(v: Decimal, label: &str, place: &str, line: u32) -> Cited {
    // As precise as its digits: a table's 11.80 tolerates half a fen of
    // 万元, not half a 万元 (tables keep the decimals the document gave).
    cite_value(label, v, v.scale(), place, line)
}

fn dataset_rules(c: &mut Checker, di: usize, d: &Dataset) {
    tables::table3_units(c, di, d);
    tables::table3_department(c, di, d);
    tables::function_coverage(c, di, d);
    tables::function_codes(c, di, d);
    subtotals::table7_subtotals(c, di, d);
    subtotals::table6_income(c, di, d);
    subtotals::funding_splits(c, di, d);
    sangong::sangong_sums(c, di, d);
    sangong::sangong_narrative(c, di, d);
    overall::overall(c, di, d);
    overall::procurement(c, di, d);
    staffing::staffing(c, di, d);
    goals::goals_vs_projects(c, di, d);
    money_unit(c, d);
}

/// Figures ten thousand times apart (see [`Dataset::scale_mismatches`]):
/// the loudest finding there is, first in the list.
fn money_unit(c: &mut Checker, d: &Dataset) {
    for (a, b, ratio, clear) in d.scale_mismatches() {
        let message = if clear {
            format!("金额单位：{a} 与 {b} 相差约 {ratio} 倍，文件的其他合计与后者一致：前者所在表声明的金额单位（元/万元）与其数字不符")
        } else {
            format!("金额单位：{a} 与 {b} 相差约 {ratio} 倍：其中一张表声明的金额单位（元/万元）与其数字不符")
        };
        c.out.push(Finding {
            rule: Rule::MoneyUnit,
            severity: Severity::Mismatch,
            message,
            figures: Vec::new(),
            difference: Decimal::MAX,
            tolerance: Decimal::ZERO,
            node: None,
            dataset: None,
        });
    }
}

/// A department whose total disagrees with its units', while a unit's 表14
/// tasks disagree with its projects: the second explains the first — say so.
fn explain(out: &mut [Finding]) {
    let causes: Vec<String> = out
        .iter()
        .filter(|f| f.rule == Rule::GoalsVsProjects && f.severity == Severity::Mismatch)
        .map(|f| f.message.split('：').next().unwrap_or("").to_string())
        .collect();
    if causes.is_empty() {
        return;
    }
    for f in out
        .iter_mut()
        .filter(|f| f.rule == Rule::UnitTreeSum && f.severity == Severity::Mismatch)
    {
        f.message.push_str(&format!(
            "；可能的原因：{} 的表14 任务与其项目不一致（见 goals-vs-projects）",
            causes.join("、")
        ));
    }
}

/// Run every rule over every dataset.
pub fn run(model: &Model) -> Vec<Finding> {
    let mut by_dataset: Vec<Vec<NodeId>> = vec![Vec::new(); model.datasets.len()];
    for (id, n) in model.nodes() {
        if let Some(di) = n.dataset_index() {
            if let Some(v) = by_dataset.get_mut(di) {
                v.push(id);
            }
        }
    }
    let mut c = Checker {
        model,
        out: Vec::new(),
        by_dataset: &by_dataset,
    };
    c.tree_sums(View::Unit, Rule::UnitTreeSum);
    c.tree_sums(View::Function, Rule::FunctionTreeSum);
    c.tree_sums(View::Money, Rule::MoneyTreeSum);
    c.cross_figures();
    // A finding about one node is about its dataset's figures (a node's
    // tree and its stated figures are one dataset's); a rule run on one
    // dataset reads only its figures.
    for f in &mut c.out {
        f.dataset = f.node.and_then(|n| model.node(n).dataset_index());
    }
    for (di, d) in model.datasets.iter().enumerate() {
        let from = c.out.len();
        dataset_rules(&mut c, di, d);
        for f in &mut c.out[from..] {
            f.dataset = Some(di);
        }
    }
    explain(&mut c.out);
    // Real disagreements first: the figures that disagree, the largest
    // difference first; then where lines are printed; then rounding.
    c.out.sort_by_key(|f| {
        (
            std::cmp::Reverse(f.severity),
            f.rule.is_placement(),
            std::cmp::Reverse(f.difference.abs()),
        )
    });
    c.out
}

impl Finding {
    /// One of its figures cited: its place and where it stands in the file
    /// read (a text's line, a PDF's page and row, a workbook's cell).
    pub fn cite(&self, model: &Model, c: &Cited) -> String {
        match self.dataset_in(model) {
            Some(d) => d.cite(&c.source, Some(c.value)),
            None => c.source.cited(),
        }
    }

    /// Where one of its figures stands in the file read, when its dataset
    /// is known: `第12页 第34行`, `表7!D34`.
    pub fn figure_at(&self, model: &Model, c: &Cited) -> Option<String> {
        Some(self.dataset_in(model)?.locate(&c.source, Some(c.value)))
    }

    fn dataset_in<'m>(&self, model: &'m Model) -> Option<&'m Dataset> {
        model.datasets.get(self.dataset?)
    }

    /// The difference as a reader should see it: `相差 544`; a placement
    /// finding has none (its figures agree; the line is printed elsewhere).
    pub fn difference_label(&self) -> String {
        if self.rule.is_placement() {
            "位置：金额无差额".into()
        } else {
            format!("相差 {}", self.difference)
        }
    }

    /// Its kind as the findings list says it: 不一致, 位置 or 舍入.
    pub fn kind_label(&self) -> &'static str {
        match self.severity {
            Severity::Rounding => "舍入",
            Severity::Mismatch if self.rule.is_placement() => "位置",
            Severity::Mismatch => "不一致",
        }
    }
}

/// The findings that concern `id`.
pub fn findings_for(findings: &[Finding], id: NodeId) -> Vec<&Finding> {
    findings.iter().filter(|f| f.node == Some(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::Rule;

    /// The ids are a contract (`check --json`, the exports): spelled as
    /// they always were, one per rule.
    #[test]
    fn rule_ids_are_stable_and_distinct() {
        let ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(
            ids,
            [
                "unit-tree-sum",
                "function-tree-sum",
                "money-tree-sum",
                "figures-agree",
                "table3-unit",
                "table3-basic",
                "table3-project",
                "table3-sum",
                "function-coverage",
                "function-codes",
                "table7-subtotal",
                "table6-income",
                "funding-splits",
                "sangong-items",
                "sangong-units",
                "sangong-narrative",
                "income-equals-spending",
                "overall-parts",
                "stated-change",
                "procurement-parts",
                "staff-sums",
                "goals-vs-projects",
                "money-unit",
            ]
        );
        assert_eq!(format!("{:<15}|", Rule::StaffSums), "staff-sums     |");
    }
}
