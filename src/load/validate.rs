//! Semantic checks: what RON's syntax cannot say. A dataset that passes is
//! one every command can work with: every name is present, unique among its
//! siblings and of bounded length; every figure is within the limits a budget
//! can have, so no later arithmetic can overflow; every reference names
//! something that exists.

use super::{err, LoadError};
use crate::schema::{
    Dataset, Entry, Figure, Function, Funding, Indicator, Line, Unit, FORMAT_VERSION,
};
use crate::text::shorten;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::fmt::Display;

/// The longest name a line may have; the search index counts a name's
/// letters in 16 bits.
pub const MAX_NAME_CHARS: usize = 1_000;

/// Every amount is below this, in 万元 (10^15 万元 is a thousand times the
/// world's GDP): sums of any number of lines a machine can hold, their
/// conversion to 元 and their percentages then fit a `Decimal`.
pub const MAX_AMOUNT_WAN: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Decimals of 万元 a figure may have (a figure in 元 with fen has 6).
pub const MAX_DECIMALS: u32 = 12;

/// `parent/name` (the name shortened), written out only for a message: a
/// city's million lines are checked without a string made for each.
struct At<'a>(&'a dyn Display, &'a str);

impl Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.0, shorten(self.1))
    }
}

/// The check of one file: its name and the first problem found.
struct Check<'a> {
    file: &'a str,
}

impl Check<'_> {
    fn fail(&self, place: &dyn Display, message: impl Into<String>) -> LoadError {
        err(self.file, Some(place.to_string()), message)
    }

    /// Any figure: within the limits, not more decimals than allowed.
    fn value(&self, v: Decimal, place: &dyn Display) -> Result<(), LoadError> {
        // Digits below 10^15 are below 10^15 at any scale: most figures are
        // told so without rescaling one to compare it.
        if v.mantissa().unsigned_abs() >= MAX_AMOUNT_WAN.mantissa().unsigned_abs()
            && v.abs() >= MAX_AMOUNT_WAN
        {
            return Err(self.fail(
                place,
                format!(
                    "amount {} is out of range (amounts are below 10^15 万元)",
                    shorten(&v.to_string())
                ),
            ));
        }
        if v.scale() > MAX_DECIMALS {
            return Err(self.fail(
                place,
                format!("amount {v} has more than {MAX_DECIMALS} decimals"),
            ));
        }
        Ok(())
    }

    /// An amount: a figure that cannot be negative.
    fn amount(&self, v: Decimal, place: &dyn Display) -> Result<(), LoadError> {
        self.value(v, place)?;
        if v.is_sign_negative() && !v.is_zero() {
            return Err(self.fail(place, format!("negative amount {v}")));
        }
        Ok(())
    }

    /// A stated figure with its precision.
    fn figure(&self, f: &Figure, place: &dyn Display, signed: bool) -> Result<(), LoadError> {
        if signed {
            self.value(f.value, place)?;
        } else {
            self.amount(f.value, place)?;
        }
        if f.precision > MAX_DECIMALS {
            return Err(self.fail(
                place,
                format!(
                    "precision {} is more than {MAX_DECIMALS} decimals",
                    f.precision
                ),
            ));
        }
        self.text(&f.source.place, place)
    }

    fn figures<'f>(
        &self,
        figs: impl IntoIterator<Item = &'f Figure>,
        place: &dyn Display,
    ) -> Result<(), LoadError> {
        figs.into_iter()
            .try_for_each(|f| self.figure(f, place, false))
    }

    fn funding(&self, f: &Funding, place: &dyn Display) -> Result<(), LoadError> {
        self.amount(f.fiscal, place)?;
        self.amount(f.other, place)
    }

    /// A name: present and not too long.
    fn name(&self, n: &str, place: &dyn Display) -> Result<(), LoadError> {
        if n.trim().is_empty() {
            return Err(self.fail(place, "a line has an empty name"));
        }
        self.text(n, place)
    }

    /// Any short text that is shown as a name or label.
    fn text(&self, n: &str, place: &dyn Display) -> Result<(), LoadError> {
        // No more bytes than the limit: no more characters (most names).
        if n.len() <= MAX_NAME_CHARS {
            return Ok(());
        }
        let chars = n.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(self.fail(
                place,
                format!(
                    "a name of {chars} characters is longer than a line's name can be ({MAX_NAME_CHARS}): {}",
                    shorten(n)
                ),
            ));
        }
        Ok(())
    }

    /// Names among siblings: each valid, none twice.
    fn siblings<'n>(
        &self,
        names: impl Iterator<Item = &'n str>,
        place: &dyn Display,
    ) -> Result<(), LoadError> {
        // Hashed: a category of a city holds hundreds of projects, and a
        // sorted set compared their names a dozen times each.
        let mut seen = std::collections::HashSet::with_capacity(names.size_hint().0);
        for n in names {
            self.name(n, place)?;
            if !seen.insert(n) {
                return Err(self.fail(
                    place,
                    format!(
                        "two lines are both named {:?}; names must differ among siblings",
                        shorten(n)
                    ),
                ));
            }
        }
        Ok(())
    }

    fn indicators(&self, list: &[Indicator], place: &dyn Display) -> Result<(), LoadError> {
        for i in list {
            for t in [&i.level1, &i.level2, &i.name] {
                self.text(t, place)?;
            }
        }
        Ok(())
    }

    fn entries(&self, entries: &[Entry], place: &dyn Display) -> Result<(), LoadError> {
        self.siblings(entries.iter().map(|e| e.name.as_str()), place)?;
        for e in entries {
            let here = At(place, &e.name);
            if e.figures.is_empty() {
                return Err(self.fail(&here, "has no figures (no amount)"));
            }
            self.figures(&e.figures, &here)?;
            for f in e.funding.iter().chain(e.funding_t13.iter()) {
                self.funding(f, &here)?;
            }
            if let Some(s) = &e.sheet {
                if let Some(a) = s.asset_purchase {
                    self.amount(a, &here)?;
                }
                self.indicators(&s.indicators, &here)?;
            }
            self.entries(&e.children, &here)?;
        }
        Ok(())
    }

    fn unit(&self, u: &Unit, place: &dyn Display) -> Result<(), LoadError> {
        let here = At(place, &u.name);
        self.text(&u.full_name, &here)?;
        if u.figures.is_empty() {
            return Err(self.fail(&here, "has no figures (no amount)"));
        }
        self.figures(&u.figures, &here)?;
        if let Some(g) = &u.goals {
            self.figures(&g.total, &here)?;
            if let Some(f) = &g.funding {
                self.funding(f, &here)?;
            }
            for t in &g.tasks {
                self.text(&t.name, &here)?;
                self.figure(&t.amount, &here, false)?;
                self.funding(&t.funding, &here)?;
            }
            self.indicators(&g.indicators, &here)?;
        }
        self.entries(&u.categories, &here)
    }

    fn functions(
        &self,
        fs: &[Function],
        parent_code: &str,
        place: &dyn Display,
    ) -> Result<(), LoadError> {
        self.siblings(fs.iter().map(|f| f.code.as_str()), place)?;
        for f in fs {
            let here = format!("{place}/{} {}", shorten(&f.code), shorten(&f.name));
            self.name(&f.name, &here)?;
            if !matches!(f.code.len(), 3 | 5 | 7) || !f.code.chars().all(|c| c.is_ascii_digit()) {
                return Err(self.fail(
                    &here,
                    format!("科目编码 {:?} is not 3, 5 or 7 digits", shorten(&f.code)),
                ));
            }
            // A 项 may be printed under another 款 of its 类 (the document
            // files 2210199 under 22102); `check` reports it. A 款 sits
            // under its own 类.
            let step = if parent_code.is_empty() { 3 } else { 2 };
            let owner = if f.code.len() == 7 {
                parent_code.get(..3).unwrap_or(parent_code)
            } else {
                parent_code
            };
            if !f.code.starts_with(owner) || f.code.len() != parent_code.len() + step {
                return Err(self.fail(
                    &here,
                    format!("科目编码 {} does not sit under {:?}", f.code, parent_code),
                ));
            }
            self.figures(f.total.iter().chain(f.fiscal.iter()), &here)?;
            for r in &f.by_unit {
                self.text(&r.unit, &here)?;
                self.text(&r.table_unit, &here)?;
                for v in [r.total, r.basic, r.project] {
                    self.amount(v, &here)?;
                }
            }
            self.functions(&f.children, &f.code, &here)?;
        }
        Ok(())
    }

    /// Lines of income (`signed`: a 决算's 其他收入 may be negative, as
    /// printed （1.20）) or of procurement (never negative).
    fn lines(&self, lines: &[Line], place: &dyn Display, signed: bool) -> Result<(), LoadError> {
        self.siblings(lines.iter().map(|l| l.name.as_str()), place)?;
        for l in lines {
            let here = At(place, &l.name);
            self.text(&l.code, &here)?;
            self.figure(&l.amount, &here, signed)?;
            self.lines(&l.children, &here, signed)?;
        }
        Ok(())
    }

    /// Part 2, 4, 5 and 7 figures and the tables' stated totals. Changes
    /// may be negative; the rest may not.
    fn statements(&self, d: &Dataset, root: &str) -> Result<(), LoadError> {
        let o = &d.overall;
        let here = format!("{root}/第二部分");
        self.figures(o.income.iter().chain(o.expenditure.iter()), &here)?;
        for f in o.change.iter().chain(o.change_pct.iter()) {
            self.figure(f, &here, true)?;
        }
        for (n, f) in o.income_parts.iter().chain(o.expenditure_parts.iter()) {
            self.text(n, &here)?;
            self.figure(f, &here, false)?;
        }
        for f in o.income_change.iter().chain(o.income_change_pct.iter()) {
            self.figure(f, &here, true)?;
        }
        for (n, f) in &d.table_totals {
            self.text(n, &root)?;
            self.figure(f, &root, false)?;
        }
        self.lines(&d.fiscal_income, &format!("{root}/表6 收入"), true)?;
        for r in &d.function_units {
            let here = format!("{root}/表7 {}", shorten(&r.table_unit));
            self.text(&r.unit, &here)?;
            self.text(&r.table_unit, &here)?;
            for v in [r.total, r.basic, r.project] {
                self.amount(v, &here)?;
            }
        }
        for s in &d.stated {
            let here = format!("{root}/{}", s.source.place);
            self.text(&s.label, &here)?;
            self.text(&s.unit, &here)?;
            self.text(&s.source.place, &here)?;
            self.amount(s.value, &here)?;
        }
        let p = &d.procurement;
        let here = format!("{root}/政府采购");
        self.figures(
            [
                &p.total,
                &p.current_year,
                &p.previous_years,
                &p.goods,
                &p.works,
                &p.services,
            ]
            .into_iter()
            .flatten(),
            &here,
        )?;
        let s = &d.sangong_text;
        let here = format!("{root}/第五部分");
        self.figures(
            [
                &s.total,
                &s.abroad,
                &s.reception,
                &s.vehicles,
                &s.vehicle_purchase,
                &s.vehicle_operation,
            ]
            .into_iter()
            .flatten(),
            &here,
        )?;
        for f in [
            &s.total_change,
            &s.reception_change,
            &s.vehicle_operation_change,
        ]
        .into_iter()
        .flatten()
        {
            self.figure(f, &here, true)?;
        }
        let x = &d.other;
        let here = format!("{root}/第七部分");
        self.figures(x.running_costs.iter(), &here)?;
        for f in x
            .running_costs_change
            .iter()
            .chain(x.running_costs_change_pct.iter())
        {
            self.figure(f, &here, true)?;
        }
        Ok(())
    }

    /// 三公 (表12) and 表3 rows: amounts, and units that exist.
    fn rows(&self, d: &Dataset, root: &str) -> Result<(), LoadError> {
        let units: BTreeSet<&str> = d.units.iter().map(|u| u.name.as_str()).collect();
        let known = |u: &str| {
            u == d.department || units.contains(u) || d.units_named.iter().any(|n| n == u)
        };
        for r in &d.sangong {
            let here = format!("{root}/三公经费/{} {}", shorten(&r.unit), r.year);
            if !known(&r.unit) {
                return Err(self.fail(
                    &here,
                    format!(
                        "三公经费 row for {:?}, which is not a unit of this dataset",
                        shorten(&r.unit)
                    ),
                ));
            }
            for v in [
                r.total,
                r.abroad,
                r.reception,
                r.vehicles,
                r.vehicle_purchase,
                r.vehicle_operation,
            ] {
                self.amount(v, &here)?;
            }
        }
        for r in &d.spending {
            let here = format!("{root}/表3/{}", shorten(&r.table_unit));
            self.text(&r.table_unit, &here)?;
            if !known(&r.unit) {
                return Err(self.fail(
                    &here,
                    format!(
                        "表3 row for {:?}, which is not a unit of this dataset",
                        shorten(&r.unit)
                    ),
                ));
            }
            for v in [r.total, r.basic, r.project] {
                self.amount(v, &here)?;
            }
            for v in [
                r.procurement,
                r.procurement_sme,
                r.procurement_micro,
                r.procurement_previous,
            ]
            .into_iter()
            .flatten()
            {
                self.amount(v, &here)?;
            }
        }
        Ok(())
    }
}

/// Semantic checks: what RON's syntax cannot say.
pub fn validate(d: &Dataset, file: &str) -> Result<(), LoadError> {
    let c = Check { file };
    if d.format == 0 || d.format > FORMAT_VERSION {
        return Err(err(
            file,
            None,
            format!(
                "format version {} is not one this yusuan reads (1 to {FORMAT_VERSION})",
                d.format
            ),
        ));
    }
    if d.department.trim().is_empty() {
        return Err(err(file, None, "the department has no name"));
    }
    c.text(&d.department, &"department")?;
    c.text(&d.short_name, &"short_name")?;
    let root = shorten(&d.department);
    c.siblings(d.units.iter().map(|u| u.name.as_str()), &root)?;
    for u in &d.units {
        c.unit(u, &root)?;
    }
    c.functions(&d.functions, "", &format!("{root}/科目"))?;
    c.lines(&d.income, &format!("{root}/收入"), true)?;
    c.lines(&d.procurement.lines, &format!("{root}/政府采购"), false)?;
    c.statements(d, &root)?;
    c.rows(d, &root)
}
