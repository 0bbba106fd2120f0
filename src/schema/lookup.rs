//! What a dataset answers about itself: its edition, the document's label
//! for a table, where a figure stands in the file, and the lookups the model
//! and the detail read.

use super::{
    column_name, role, Basis, Dataset, DocKind, Edition, Figure, Function, FunctionByUnit, Source,
};
use rust_decimal::Decimal;

impl Source {
    /// The place and, when known, the line of the text read, where the
    /// dataset is not at hand: `表1 其他保障性安居工程支出 第367行`.
    pub fn cited(&self) -> String {
        if self.line == 0 {
            self.place.to_string()
        } else {
            format!("{} 第{}行", self.place, self.line)
        }
    }
}

impl Dataset {
    /// The year and kind of the document.
    pub fn edition(&self) -> Edition {
        Edition {
            year: self.year,
            kind: self.kind,
        }
    }

    /// Where a figure (of `value`, in 万元, when known) stands in the file
    /// the dataset was read from: `第375行` in a text, `第12页 第34行` in a
    /// PDF, `表7!D34` in a workbook (the row alone, `表7 第34行`, when the
    /// row holds the value in more than one cell or not at all).
    pub fn locate(&self, source: &Source, value: Option<Decimal>) -> String {
        let Some(at) = source
            .line
            .checked_sub(1)
            .and_then(|i| self.origin.lines.get(i as usize))
        else {
            return if source.line == 0 {
                String::new()
            } else {
                format!("第{}行", source.line)
            };
        };
        if self.origin.sheets.is_empty() {
            return format!("第{}页 第{}行", at.page, at.row);
        }
        let sheet = self
            .origin
            .sheets
            .get((at.page as usize).wrapping_sub(1))
            .map_or("", String::as_str);
        let scale = Decimal::from(10_000);
        let cols: Vec<u16> = value
            .map(|v| {
                at.cells
                    .iter()
                    .filter(|(_, c)| {
                        *c == v
                            || c.checked_div(scale) == Some(v)
                            || c.checked_mul(scale) == Some(v)
                    })
                    .map(|(col, _)| *col)
                    .collect()
            })
            .unwrap_or_default();
        match cols.as_slice() {
            [one] => format!("{sheet}!{}{}", column_name(*one), at.row),
            _ => format!("{sheet} 第{}行", at.row),
        }
    }

    /// A figure cited: its place in the document and where it stands in
    /// the file ([`Dataset::locate`]): `表7 人才引进 第12页 第34行`.
    pub fn cite(&self, source: &Source, value: Option<Decimal>) -> String {
        format!("{} {}", source.place, self.locate(source, value))
            .trim_end()
            .to_string()
    }

    /// How the document labels the table of a role (`表1`, or its title);
    /// Shenzhen's numbers for a dataset that does not say (format 1 files
    /// written before tables were recorded).
    pub fn label(&self, role: &str) -> String {
        match self.tables_seen.iter().find(|t| t.role == role) {
            Some(t) => t.label.clone(),
            None => Dataset::default_label(role),
        }
    }

    /// The table of a role as the document names it, number and title:
    /// `表3 部门支出预算总表` (the number alone when the title is not known).
    pub fn table_name(&self, role: &str) -> String {
        let label = self.label(role);
        match self.tables_seen.iter().find(|t| t.role == role) {
            Some(t) if !t.title.is_empty() && t.title != label => format!("{label} {}", t.title),
            _ => label,
        }
    }

    /// Which money the table of a role counts, by its title: `财政拨款`
    /// (表6, 表12), `一般公共预算` (表7), else `全部资金` (表1, 表3, 表14 …).
    pub fn funding_scope(&self, role: &str) -> &'static str {
        let title = self
            .tables_seen
            .iter()
            .find(|t| t.role == role)
            .map_or("", |t| t.title.as_str());
        let by_role = match role {
            role::FISCAL_SUMMARY | role::SANGONG => "财政拨款",
            role::GENERAL_PUBLIC => "一般公共预算",
            _ => "全部资金",
        };
        if title.contains("一般公共预算") {
            "一般公共预算"
        } else if title.contains("财政拨款") {
            "财政拨款"
        } else if title.is_empty() {
            by_role
        } else {
            "全部资金"
        }
    }

    /// `表3 部门支出预算总表，全部资金`: a table's name and the money it counts,
    /// as a heading of the detail says them.
    pub fn table_scope(&self, role: &str) -> String {
        format!("{}，{}", self.table_name(role), self.funding_scope(role))
    }

    /// Shenzhen's number for the table of a role (`表1` …).
    pub fn default_label(role: &str) -> String {
        match role {
            role::SUMMARY => "表1",
            role::SPENDING => "表3",
            role::FISCAL_SUMMARY => "表6",
            role::GENERAL_PUBLIC => "表7",
            role::PROCUREMENT => "表11",
            role::SANGONG => "表12",
            role::PROJECTS => "表13",
            role::UNIT_GOALS => "表14",
            role::PROJECT_GOALS => "表15",
            _ => "表",
        }
        .to_string()
    }

    /// The department's totals as each table and the narrative state them:
    /// (where, figure). Scopes differ (all funds, 财政拨款, 一般公共预算), but
    /// all are the same order of magnitude.
    pub fn stated_totals(&self) -> Vec<(String, &Figure)> {
        let total = |n: &str| {
            let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
            matches!(
                n.as_str(),
                "合计" | "总计" | "收入总计" | "支出总计" | "本年收入合计" | "本年支出合计"
            )
        };
        let mut out: Vec<(String, &Figure)> = Vec::new();
        for (what, f) in [
            ("说明 支出", &self.overall.expenditure),
            ("说明 收入", &self.overall.income),
        ] {
            if let Some(f) = f {
                out.push((what.to_string(), f));
            }
        }
        for (k, f) in &self.table_totals {
            out.push((k.clone(), f));
        }
        for t in self.tables.iter().filter(|t| t.role != role::SANGONG) {
            if let Some(f) = t
                .rows
                .iter()
                .find(|r| total(&r.name))
                .and_then(|r| r.figures.iter().flatten().next())
            {
                out.push((format!("{} 合计", t.label), f));
            }
        }
        out
    }

    /// Totals of a part of the department (`人员经费合计`, `公用经费合计`):
    /// none can exceed the department's total.
    fn part_totals(&self) -> Vec<(String, &Figure)> {
        let mut out = Vec::new();
        for t in self.tables.iter().filter(|t| t.role != role::SANGONG) {
            for r in t.rows.iter().filter(|r| {
                let n: String = r.name.chars().filter(|c| !c.is_whitespace()).collect();
                (n.ends_with("合计") || n.ends_with("总计"))
                    && n.chars().count() > 2
                    && !n.starts_with("本年")
            }) {
                if let Some(f) = r.figures.iter().flatten().next() {
                    out.push((format!("{} {}", t.label, r.name), f));
                }
            }
        }
        out
    }

    /// Figures ten thousand times off the others that state the same
    /// total: a table whose money unit is not what it says (元 read as 万元,
    /// or the other way). Among the department's stated totals, one is off
    /// when more of the others are some 10^4 times it (or 10^-4) than are
    /// near it; the 三公 narrative and table are compared the same way.
    /// Each: (the figure off, the one it is compared with, the ratio, and
    /// whether the other totals agree with the second — when only two
    /// figures are compared, either may be the one off).
    pub fn scale_mismatches(&self) -> Vec<(String, String, Decimal, bool)> {
        let mut groups: Vec<Vec<(String, &Figure)>> = vec![self.stated_totals()];
        let mut sangong: Vec<(String, &Figure)> = Vec::new();
        if let Some(f) = &self.sangong_text.total {
            sangong.push(("说明 三公".to_string(), f));
        }
        let own: Vec<Figure> = self
            .sangong
            .iter()
            .filter(|r| r.unit == self.department && r.year == self.year)
            .filter(|r| {
                r.basis
                    == if self.kind == DocKind::Final {
                        Basis::Final
                    } else {
                        Basis::Budget
                    }
            })
            .map(|r| Figure {
                value: r.total,
                precision: 0,
                source: r.source.clone(),
            })
            .collect();
        for f in &own {
            sangong.push((f.source.place.to_string(), f));
        }
        groups.push(sangong);
        // Some ten thousand times apart, either way; or near (within 5×).
        let apart = |a: Decimal, b: Decimal| -> Option<Decimal> {
            let (big, small) = if a >= b { (a, b) } else { (b, a) };
            let r = (small > Decimal::ZERO)
                .then(|| big.checked_div(small))
                .flatten()?;
            (r >= Decimal::from(5_000) && r <= Decimal::from(20_000)).then_some(r)
        };
        let near = |a: Decimal, b: Decimal| {
            let (big, small) = if a >= b { (a, b) } else { (b, a) };
            small > Decimal::ZERO && big <= small * Decimal::from(5)
        };
        let mut out = Vec::new();
        // A part a thousand times the whole (or more): its table's unit.
        let whole: Vec<(String, &Figure)> = self.stated_totals();
        for (pa, a) in self.part_totals() {
            let fits = whole
                .iter()
                .any(|(_, b)| a.value <= b.value * Decimal::from(5));
            let over = whole.iter().find(|(_, b)| {
                b.value > Decimal::ZERO && a.value >= b.value * Decimal::from(1_000)
            });
            if let (false, Some((pb, b))) = (fits, over) {
                out.push((
                    format!("{pa} ({})", a.value.normalize()),
                    format!("{pb} ({})", b.value.normalize()),
                    crate::money::round(a.value / b.value, 0),
                    true,
                ));
            }
        }
        for g in &groups {
            for (i, (pa, a)) in g.iter().enumerate() {
                let others = || {
                    g.iter()
                        .enumerate()
                        .filter(move |(j, _)| *j != i)
                        .map(|(_, x)| x)
                };
                let agree = others().filter(|(_, b)| near(a.value, b.value)).count();
                let off: Vec<_> = others()
                    .filter_map(|(pb, b)| apart(a.value, b.value).map(|r| (pb, b, r)))
                    .collect();
                // Off the others' agreement; or one of a pair, said once.
                let pair = off.len() == 1 && agree == 0 && g.len() == 2 && i == 0;
                if let Some((pb, b, r)) = off
                    .first()
                    .filter(|_| off.len() > agree && (g.len() > 2 || pair))
                {
                    out.push((
                        format!("{pa} ({})", a.value.normalize()),
                        format!("{pb} ({})", b.value.normalize()),
                        crate::money::round(*r, 0),
                        !pair,
                    ));
                }
            }
        }
        // Once a table: its 收入总计 and 支出总计 are off together.
        let mut told: Vec<String> = Vec::new();
        out.retain(|(a, _, _, _)| {
            let table = a.split([' ', '（']).next().unwrap_or("").to_string();
            let first = !told.contains(&table);
            told.push(table);
            first
        });
        out
    }

    /// The rows a 表7 subtotal row (one of `function_units`) states the sum
    /// of: for the department's 合计 row, the other subtotal rows; for a
    /// unit's (or a 专项资金 block's), its 科目 rows.
    pub fn subtotal_parts(&self, sub: &FunctionByUnit) -> Vec<&FunctionByUnit> {
        fn code_rows<'d>(fs: &'d [Function], out: &mut Vec<&'d FunctionByUnit>) {
            for f in fs {
                out.extend(f.by_unit.iter());
                code_rows(&f.children, out);
            }
        }
        if sub.unit == self.department {
            return self
                .function_units
                .iter()
                .filter(|r| r.unit != self.department)
                .collect();
        }
        let mut rows = Vec::new();
        code_rows(&self.functions, &mut rows);
        rows.retain(|r| r.table_unit == sub.table_unit);
        rows
    }
}
