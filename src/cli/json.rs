//! The JSON contract of the CLI (documented in docs/json.md), as types: a change
//! to a shape is a change to a struct here, never a silent drift.
//!
//! Amounts are decimal strings in 万元, as precise as the document gives them;
//! percentages are decimal strings with 2 decimals, `null` when undefined.

use crate::check::Finding;
use crate::model::sangong::SangongColumn;
use crate::model::sangong::SangongLine;
use crate::model::{Model, NodeId};
use crate::money;
use crate::schema::Basis;
use crate::schema::Source;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// Pretty JSON and a final newline. Faithful to the data, and safe to print
/// raw in a terminal: besides what JSON must escape, DEL, C1 controls and bidi
/// controls are written as `\uXXXX` too (see [`crate::text::is_unsafe`]).
pub fn to_string<T: Serialize>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SafeFormatter::default());
    value
        .serialize(&mut ser)
        .expect("JSON of plain data cannot fail");
    let mut s = String::from_utf8(out).expect("serde_json writes UTF-8");
    s.push('\n');
    s
}

/// A list written as [`to_string`] writes it, an item at a time as `items`
/// makes them: a city's tree is millions of lines, never held as JSON whole.
pub fn write_seq<T: Serialize>(
    w: &mut dyn std::io::Write,
    items: impl IntoIterator<Item = T>,
) -> std::io::Result<()> {
    use serde::Serializer as _;
    use std::io::Write as _;
    let mut buf = std::io::BufWriter::with_capacity(1 << 16, w);
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, SafeFormatter::default());
    (&mut ser)
        .collect_seq(items)
        .map_err(std::io::Error::other)?;
    buf.write_all(b"\n")?;
    buf.flush()
}

/// `serde_json`'s pretty formatter, escaping every terminal-unsafe character.
#[derive(Default)]
struct SafeFormatter(serde_json::ser::PrettyFormatter<'static>);

impl serde_json::ser::Formatter for SafeFormatter {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if crate::text::is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    write!(w, "\\u{u:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_escapes_controls_and_bidi_and_stays_faithful() {
        let s = super::to_string(&vec!["a\u{1b}]0;x\u{7}\u{9b}\u{202e}\u{7f}b人"]);
        assert!(!s.chars().any(crate::text::is_unsafe), "{s}");
        assert!(s.contains(r"a\u001b]0;x\u0007\u009b\u202e\u007fb人"), "{s}");
        let back: Vec<String> = serde_json::from_str(&s).unwrap();
        assert_eq!(back[0], "a\u{1b}]0;x\u{7}\u{9b}\u{202e}\u{7f}b人");
    }
}

/// An amount as JSON writes it: the normalised decimal, `"2654.333237"`.
#[must_use]
pub fn amount(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A percentage as JSON writes it: 2 decimals, or `null`.
#[must_use]
pub fn pct(p: Option<Decimal>) -> Option<String> {
    p.map(|p| money::format_dp(p, 2).replace(',', ""))
}

/// Where a figure is stated.
#[derive(Debug, Serialize)]
pub struct SourceJson {
    pub place: String,
    pub line: u32,
    /// Where it stands in the file read, when known: `第375行`,
    /// `第12页 第34行` (a PDF), `表7!D34` (a workbook).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub at: String,
}

impl From<&Source> for SourceJson {
    fn from(s: &Source) -> Self {
        SourceJson {
            place: s.place.to_string(),
            line: s.line,
            at: String::new(),
        }
    }
}

/// A node as `tree --json` lists it.
#[derive(Debug, Serialize)]
pub struct NodeJson {
    pub path: Vec<String>,
    pub name: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `null` where the document states no amount for the line.
    pub amount_wan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_wan: Option<String>,
    pub share_of_parent: Option<String>,
    pub share_of_department: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general_budget_basic_wan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general_budget_project_wan: Option<String>,
    /// With several years open: the line's amount in each (`null` where it
    /// does not exist) — side by side, never added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<BTreeMap<String, Option<String>>>,
}

impl NodeJson {
    pub fn new(model: &Model, id: NodeId) -> NodeJson {
        let n = model.node(id);
        NodeJson {
            path: model.path(id),
            name: n.name.clone(),
            kind: n.kind.as_str(),
            code: (!n.code.is_empty()).then(|| n.code.to_string()),
            amount_wan: n.known().map(amount),
            stated_wan: n.stated().map(amount),
            share_of_parent: pct(model.share_of_parent(id)),
            share_of_department: pct(model.share_of_department(id)),
            general_budget_basic_wan: n.split().map(|(b, _)| amount(b)),
            general_budget_project_wan: n.split().map(|(_, p)| amount(p)),
            years: None,
        }
    }
}

/// One statement of a node's figure.
#[derive(Debug, Serialize)]
pub struct FigureJson {
    pub value_wan: String,
    pub precision: u32,
    pub source: SourceJson,
}

#[derive(Debug, Serialize)]
pub struct FundingJson {
    pub fiscal_wan: String,
    pub other_wan: String,
    pub source: SourceJson,
}

impl FundingJson {
    pub fn new(f: &crate::schema::Funding) -> FundingJson {
        FundingJson {
            fiscal_wan: amount(f.fiscal),
            other_wan: amount(f.other),
            source: (&f.source).into(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct IndicatorJson {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub basis: String,
}

#[derive(Debug, Serialize)]
pub struct PerformanceJson {
    pub project_type: String,
    pub fund_use: String,
    pub period: String,
    pub overview: String,
    pub annual_goal: String,
    /// 固定资产采购 (表15), when the sheet states it.
    pub asset_purchase_wan: Option<String>,
    pub asset_items: String,
    pub indicators: Vec<IndicatorJson>,
}

/// A unit's 表3 row (部门支出预算总表: all funds), without its (专项资金) row.
#[derive(Debug, Serialize)]
pub struct SpendingJson {
    pub table_unit: String,
    pub total_wan: String,
    pub basic_wan: String,
    pub project_wan: String,
    pub procurement_wan: Option<String>,
    pub procurement_sme_wan: Option<String>,
    pub procurement_micro_wan: Option<String>,
    pub procurement_previous_wan: Option<String>,
    pub source: SourceJson,
}

/// One 表14 task (a task may group several projects).
#[derive(Debug, Serialize)]
pub struct TaskJson {
    pub name: String,
    pub content: String,
    pub amount_wan: String,
    pub fiscal_wan: String,
    pub other_wan: String,
    pub source: SourceJson,
}

/// A unit's 表14 sheet.
#[derive(Debug, Serialize)]
pub struct GoalsJson {
    pub total_wan: Option<String>,
    pub tasks: Vec<TaskJson>,
    pub overall_goal: String,
    pub indicators: Vec<IndicatorJson>,
}

/// The department's part 2 (and its stated change, and 上年).
#[derive(Debug, Serialize)]
pub struct OverallJson {
    pub income_wan: Option<String>,
    pub expenditure_wan: Option<String>,
    pub change_wan: Option<String>,
    pub change_pct: Option<String>,
    /// The earlier year's total, as the change implies it.
    pub prior_wan: Option<String>,
    pub income_change_wan: Option<String>,
    pub income_change_pct: Option<String>,
    pub income_parts: Vec<(String, String)>,
    pub expenditure_parts: Vec<(String, String)>,
    pub reasons: Vec<String>,
    pub running_costs_wan: Option<String>,
    pub running_costs_change_wan: Option<String>,
    pub running_costs_change_pct: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ByUnitJson {
    pub unit: String,
    /// The 表7 row's own label: a unit's (专项资金) row is a row of its own.
    pub table_unit: String,
    pub total_wan: String,
    pub basic_wan: String,
    pub project_wan: String,
}

/// `show --json`: the node and everything known about it.
#[derive(Debug, Serialize)]
pub struct ShowJson {
    #[serde(flatten)]
    pub node: NodeJson,
    pub figures: Vec<FigureJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding: Option<FundingJson>,
    /// 表13's split, when the project's sheet (表15) states one too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub funding_table13: Option<FundingJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub performance: Option<PerformanceJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_wan: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub general_budget_by_unit: Option<Vec<ByUnitJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Part 1's row for the unit, as the dataset holds it (with its source).
    pub staffing: Option<crate::schema::Staffing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sangong: Option<SangongJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spending: Option<SpendingJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goals: Option<GoalsJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<OverallJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Part 1's department totals, as the dataset holds them (with their source).
    pub staff: Option<crate::schema::StaffTotals>,
    /// Figures the narrative states in passing (counts, bracketed sub-figures).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated: Option<Vec<crate::schema::Stated>>,
    /// The tables' total rows as stated (表1 本年收入合计, 收入总计 …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_totals: Option<Vec<(String, crate::schema::Figure)>>,
    /// 表3's department row and its 专项资金 rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table3_rows: Option<Vec<crate::schema::SpendingRow>>,
    /// 表7's subtotal rows (科目 view's department).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table7_subtotals: Option<Vec<crate::schema::FunctionByUnit>>,
    /// 表6's 收入 side (money view's department).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_income: Option<Vec<crate::schema::Line>>,
    pub children: Vec<NodeJson>,
}

/// One 三公 item in two years: `{"2019": "28", "2020": "27", "change": "-1", "change_pct": "-3.57"}`.
#[derive(Debug, Serialize)]
pub struct SangongItemJson {
    #[serde(flatten)]
    pub years: BTreeMap<String, String>,
    /// Absent where the table states one column (nothing to compare).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    pub change_pct: Option<String>,
}

/// `sangong --json`: one unit's (or the department's) 三公 in two years.
#[derive(Debug, Serialize)]
pub struct SangongJson {
    pub unit: String,
    pub total: SangongItemJson,
    pub abroad: SangongItemJson,
    pub reception: SangongItemJson,
    pub vehicle_purchase: SangongItemJson,
    pub vehicle_operation: SangongItemJson,
    /// 表12's 小计 of the two vehicle items, as stated.
    pub vehicles: SangongItemJson,
}

impl SangongJson {
    /// The line `l`, comparing year `y0` with `y1`.
    pub fn new(l: &SangongLine, y0: SangongColumn, y1: SangongColumn) -> SangongJson {
        let (b, a, ch) = (l.before.values(), l.after.values(), l.changes());
        // Keyed by year; a 决算's two columns by 预算 and 决算.
        let key = |c: SangongColumn, other: SangongColumn| match (c.basis, other.basis) {
            (Basis::Final, _) => format!("{}决算", c.year),
            (Basis::Budget, Basis::Final) if c.year == other.year => format!("{}预算", c.year),
            _ => c.year.to_string(),
        };
        let item = |i: usize| SangongItemJson {
            years: BTreeMap::from([(key(y0, y1), amount(b[i])), (key(y1, y0), amount(a[i]))]),
            change: Some(amount(ch[i].0)),
            change_pct: pct(ch[i].1),
        };
        SangongJson {
            unit: l.unit.clone(),
            total: item(0),
            abroad: item(1),
            reception: item(2),
            vehicle_purchase: item(3),
            vehicle_operation: item(4),
            vehicles: {
                let (vb, va) = (l.before.vehicles, l.after.vehicles);
                let (change, p) = crate::money::change(vb, va);
                SangongItemJson {
                    years: BTreeMap::from([(key(y0, y1), amount(vb)), (key(y1, y0), amount(va))]),
                    change: Some(amount(change)),
                    change_pct: pct(p),
                }
            },
        }
    }

    /// The line `l` of a table that states one column, `c`: its figures,
    /// no change.
    pub fn one(l: &SangongLine, c: SangongColumn) -> SangongJson {
        let key = match c.basis {
            Basis::Final => format!("{}决算", c.year),
            Basis::Budget => c.year.to_string(),
        };
        let item = |v: Decimal| SangongItemJson {
            years: BTreeMap::from([(key.clone(), amount(v))]),
            change: None,
            change_pct: None,
        };
        let a = l.after.values();
        SangongJson {
            unit: l.unit.clone(),
            total: item(a[0]),
            abroad: item(a[1]),
            reception: item(a[2]),
            vehicle_purchase: item(a[3]),
            vehicle_operation: item(a[4]),
            vehicles: item(l.after.vehicles),
        }
    }
}

/// `diff --json`: one line of two years compared.
#[derive(Debug, Serialize)]
pub struct DiffRowJson {
    /// The line's path in the later year (the earlier, for a removed line).
    pub path: Vec<String>,
    pub name: String,
    pub kind: &'static str,
    pub status: &'static str,
    pub from_year: i32,
    pub to_year: i32,
    /// 预算 or 决算: a 决算 is compared with its year's 预算 and the next's.
    pub from_kind: &'static str,
    pub to_kind: &'static str,
    pub from_wan: Option<String>,
    pub to_wan: Option<String>,
    /// `null` where an amount is not stated.
    pub change_wan: Option<String>,
    pub change_pct: Option<String>,
    pub previous_name: Option<String>,
    /// `true` for a unit (or a line below one) in one edition only because
    /// the other edition's document gives the department whole: not added
    /// or removed, and its change means nothing. Absent otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unsplit: bool,
}

/// An edition as JSON keys it: its year (`2020`), or with its kind when a
/// 决算 is open (`2020预算`, `2020决算`).
pub fn edition_key(model: &Model, i: usize) -> String {
    let any_final = model
        .years()
        .iter()
        .any(|e| e.kind == crate::schema::DocKind::Final);
    match model.years().get(i) {
        Some(e) if any_final => format!("{}{}", e.year, e.kind.label()),
        Some(e) => e.year.to_string(),
        None => String::new(),
    }
}

impl DiffRowJson {
    pub fn new(
        model: &Model,
        id: NodeId,
        c: &crate::compare::Compared,
        from: crate::schema::Edition,
        to: crate::schema::Edition,
    ) -> DiffRowJson {
        let n = model.node(id);
        DiffRowJson {
            path: model.path(id),
            name: n.name.clone(),
            kind: n.kind.as_str(),
            status: c.status.as_str(),
            from_year: from.year,
            to_year: to.year,
            from_kind: from.kind.label(),
            to_kind: to.kind.label(),
            from_wan: c.from.map(amount),
            to_wan: c.to.map(amount),
            change_wan: c.known_change().map(amount),
            change_pct: pct(c.change_pct),
            previous_name: c.previous_name.clone(),
            unsplit: c.unsplit,
        }
    }
}

/// `find --json`: one match.
#[derive(Debug, Serialize)]
pub struct HitJson {
    pub name: String,
    pub path: Vec<String>,
    pub kind: &'static str,
    /// `null` where the document states no amount for the line.
    pub amount_wan: Option<String>,
    pub score: i64,
    #[serde(rename = "match")]
    pub tier: &'static str,
    pub positions: Vec<usize>,
    /// Where it matched: `name`, `purpose`, `goal`, `indicator`, `narrative`.
    pub found: &'static str,
    /// For a mention, the words around it.
    pub excerpt: String,
}

/// A figure a finding cites.
#[derive(Debug, Serialize)]
pub struct CitedJson {
    pub label: String,
    pub value: String,
    pub source: SourceJson,
}

/// `check --json`: one finding.
#[derive(Debug, Serialize)]
pub struct FindingJson {
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub figures: Vec<CitedJson>,
    pub difference: String,
    pub tolerance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<Vec<String>>,
}

impl FindingJson {
    pub fn new(model: &Model, f: &Finding) -> FindingJson {
        FindingJson {
            rule: f.rule.id(),
            severity: f.severity.as_str(),
            message: f.message.clone(),
            figures: f
                .figures
                .iter()
                .map(|x| CitedJson {
                    label: x.label.clone(),
                    value: amount(x.value),
                    source: SourceJson {
                        at: f.figure_at(model, x).unwrap_or_default(),
                        ..(&x.source).into()
                    },
                })
                .collect(),
            difference: f.difference.to_string(),
            tolerance: f.tolerance.to_string(),
            path: f.node.map(|id| model.path(id)),
        }
    }
}
