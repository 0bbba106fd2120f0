//! The 三公经费 comparison: each unit's four items in two years (the items
//! themselves are [`SangongItem`]s, spelled in the schema).

use crate::money;
use crate::schema::Basis;
use crate::schema::{Dataset, SangongItem, SangongRow};
use rust_decimal::Decimal;

/// The four 三公 items and their total, for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SangongYear {
    pub total: Decimal,
    pub abroad: Decimal,
    pub reception: Decimal,
    pub vehicle_purchase: Decimal,
    pub vehicle_operation: Decimal,
    /// 表12's 小计 of the two vehicle items, as stated.
    pub vehicles: Decimal,
    /// Whether the table splits 公务用车 into 购置费 and 运行费.
    pub split: bool,
}

impl Default for SangongYear {
    fn default() -> SangongYear {
        SangongYear {
            total: Decimal::ZERO,
            abroad: Decimal::ZERO,
            reception: Decimal::ZERO,
            vehicle_purchase: Decimal::ZERO,
            vehicle_operation: Decimal::ZERO,
            vehicles: Decimal::ZERO,
            split: true,
        }
    }
}

impl SangongYear {
    fn of(r: &SangongRow) -> SangongYear {
        SangongYear {
            split: r.split_stated,
            total: r.total,
            abroad: r.abroad,
            reception: r.reception,
            vehicle_purchase: r.vehicle_purchase,
            vehicle_operation: r.vehicle_operation,
            vehicles: r.vehicles,
        }
    }
    /// An item's figure.
    pub fn get(&self, item: SangongItem) -> Decimal {
        match item {
            SangongItem::Total => self.total,
            SangongItem::Abroad => self.abroad,
            SangongItem::Reception => self.reception,
            SangongItem::Vehicles => self.vehicles,
            SangongItem::VehiclePurchase => self.vehicle_purchase,
            SangongItem::VehicleOperation => self.vehicle_operation,
        }
    }
    /// The figures in the order of [`SangongItem::SHOWN`].
    pub fn values(&self) -> [Decimal; 5] {
        SangongItem::SHOWN.map(|i| self.get(i))
    }
}

/// A line's items below its total: the four, or — where the table gives
/// 公务用车购置及运行费 whole — 出国, 接待 and that.
pub fn items(split: bool) -> Vec<SangongItem> {
    SangongItem::SHOWN[1..]
        .iter()
        .copied()
        .filter(|i| split || !SangongLine::split_item(*i))
        .chain((!split).then_some(SangongItem::Vehicles))
        .collect()
}

/// The label of 表12's 小计 column (公务用车购置及运行维护费).
pub const VEHICLES_SUBTOTAL: &str = "└ 公务用车小计";

/// One unit's (or the department's) 三公 in two years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SangongLine {
    pub unit: String,
    pub is_department: bool,
    pub before: SangongYear,
    pub after: SangongYear,
}

impl SangongLine {
    /// Is this one of the two items a table may not split 公务用车 into?
    pub fn split_item(item: SangongItem) -> bool {
        matches!(
            item,
            SangongItem::VehiclePurchase | SangongItem::VehicleOperation
        )
    }

    /// Does the line state 公务用车购置费 and 运行费 apart (in both columns)?
    pub fn split(&self) -> bool {
        self.before.split && self.after.split
    }

    /// 执行率 (决算数 as a percent of 预算数) per row of [`Self::shown_rows`]:
    /// for a 决算's comparison, where the later column is what was spent.
    pub fn execution(&self) -> Vec<Option<Decimal>> {
        let (b, a) = (self.before.values(), self.after.values());
        let split = self.split();
        let mut out: Vec<Option<Decimal>> = (0..5)
            .map(|i| {
                let stated = split || !Self::split_item(SangongItem::SHOWN[i]);
                stated.then(|| money::percent(a[i], b[i])).flatten()
            })
            .collect();
        out.push(money::percent(self.after.vehicles, self.before.vehicles));
        out
    }

    /// (change, change %) per column.
    pub fn changes(&self) -> [(Decimal, Option<Decimal>); 5] {
        let (b, a) = (self.before.values(), self.after.values());
        std::array::from_fn(|i| money::change(b[i], a[i]))
    }

    /// One row per item, as the tables show it: label, earlier year, later
    /// year, change, change %, each at the display precision of `unit`; the
    /// two vehicle items followed by 表12's 小计 of them.
    pub fn shown_rows(&self, unit: money::Unit) -> Vec<[String; 5]> {
        let (b, a, ch) = (self.before.values(), self.after.values(), self.changes());
        let row = |label: &str, b: Decimal, a: Decimal, ch: (Decimal, Option<Decimal>)| {
            [
                label.to_string(),
                money::shown(b, unit),
                money::shown(a, unit),
                money::shown_change(ch.0, unit),
                money::format_pct(ch.1),
            ]
        };
        let split = self.before.split && self.after.split;
        let mut rows: Vec<[String; 5]> = (0..5)
            .map(|i| {
                let item = SangongItem::SHOWN[i];
                if !split && Self::split_item(item) {
                    // Not stated apart: the document gives 公务用车 whole.
                    let dash = "—".to_string();
                    return [
                        item.label().to_string(),
                        dash.clone(),
                        dash.clone(),
                        dash.clone(),
                        dash,
                    ];
                }
                row(item.label(), b[i], a[i], ch[i])
            })
            .collect();
        let (vb, va) = (self.before.vehicles, self.after.vehicles);
        rows.push(row(VEHICLES_SUBTOTAL, vb, va, money::change(vb, va)));
        rows
    }
}

impl SangongLine {
    /// One row per item of a table that states one column: label and figure
    /// at the display precision of `unit` (— where the table does not state
    /// the item apart), then 表12's 小计 of the vehicle items.
    pub fn shown_one(&self, unit: money::Unit) -> Vec<[String; 2]> {
        let a = self.after.values();
        let mut rows: Vec<[String; 2]> = SangongItem::SHOWN
            .iter()
            .zip(a)
            .map(|(&item, v)| {
                let stated = self.after.split || !Self::split_item(item);
                let shown = if stated {
                    money::shown(v, unit)
                } else {
                    "—".into()
                };
                [item.label().to_string(), shown]
            })
            .collect();
        rows.push([
            VEHICLES_SUBTOTAL.to_string(),
            money::shown(self.after.vehicles, unit),
        ]);
        rows
    }
}

/// A column of the 三公 comparison: a year's budget (预算数), or what a
/// 决算 says was spent (决算数).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SangongColumn {
    pub year: i32,
    pub basis: Basis,
}

impl std::fmt::Display for SangongColumn {
    /// `2020年` for a budget's year; `2020年预算数` and `2020年决算数` where
    /// a 决算 sets them side by side.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.basis {
            Basis::Budget => write!(f, "{}年", self.year),
            Basis::Final => write!(f, "{}年决算数", self.year),
        }
    }
}

impl SangongColumn {
    /// As short as a chart's axis says it: `2020`, `2020决算`.
    pub fn short(self) -> String {
        match self.basis {
            Basis::Budget => self.year.to_string(),
            Basis::Final => format!("{}决算", self.year),
        }
    }

    /// Do `self` and `later` set a 决算's 预算数 beside its 决算数 (where
    /// 执行率 says more than 增减%)?
    pub fn execution_with(self, later: SangongColumn) -> bool {
        self.year == later.year && self.basis == Basis::Budget && later.basis == Basis::Final
    }

    /// Its label where the other column is `other`: a 决算's 预算数 says so.
    pub fn label_beside(self, other: SangongColumn) -> String {
        if self.basis == Basis::Budget && other.basis == Basis::Final && other.year == self.year {
            format!("{}年预算数", self.year)
        } else {
            self.to_string()
        }
    }
}

/// The columns of 三公 a dataset states, earliest first.
fn columns(d: &Dataset) -> Vec<SangongColumn> {
    let mut columns: Vec<SangongColumn> = d
        .sangong
        .iter()
        .map(|r| SangongColumn {
            year: r.year,
            basis: r.basis,
        })
        .collect();
    columns.sort_unstable();
    columns.dedup();
    columns
}

/// The 三公 comparison of a dataset: (earlier column, later column, lines
/// with the department last) — two years' budgets, or a 决算's 预算数
/// against its 决算数. `None` when the dataset has no two columns of 三公.
pub fn sangong(d: &Dataset) -> Option<(SangongColumn, SangongColumn, Vec<SangongLine>)> {
    let columns = columns(d);
    let (&c0, &c1) = (columns.first()?, columns.last()?);
    if c0 == c1 {
        return None;
    }
    Some((c0, c1, lines(d, c0, c1)))
}

/// A dataset whose 三公 table states one column (this year's budget alone, as
/// the national table set does): that column and its lines, each line's
/// `before` and `after` both that column — nothing to compare, so a caller
/// shows the figures and no change.
pub fn one_column(d: &Dataset) -> Option<(SangongColumn, Vec<SangongLine>)> {
    match columns(d)[..] {
        [c] => Some((c, lines(d, c, c))),
        _ => None,
    }
}

/// Each unit's line (and the department's, last) in two columns.
fn lines(d: &Dataset, c0: SangongColumn, c1: SangongColumn) -> Vec<SangongLine> {
    let mut names: Vec<String> = Vec::new();
    for r in &d.sangong {
        if !names.contains(&r.unit) {
            names.push(r.unit.clone());
        }
    }
    // Department last, units in the dataset's order.
    names.sort_by_key(|n| {
        if *n == d.department {
            usize::MAX
        } else {
            d.units
                .iter()
                .position(|u| u.name == *n)
                .unwrap_or(usize::MAX - 1)
        }
    });
    names
        .into_iter()
        .map(|u| {
            let get = |c: SangongColumn| {
                d.sangong
                    .iter()
                    .find(|r| r.unit == u && r.year == c.year && r.basis == c.basis)
                    .map(SangongYear::of)
                    .unwrap_or_default()
            };
            SangongLine {
                is_department: u == d.department,
                before: get(c0),
                after: get(c1),
                unit: u,
            }
        })
        .collect()
}
