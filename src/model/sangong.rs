//! The 三公经费 comparison: each unit's four items in two years (the items
//! themselves are [`SangongItem`]s, spelled in the schema).

use crate::money;
use crate::schema::{Dataset, SangongItem, SangongRow};
use rust_decimal::Decimal;

/// The four 三公 items and their total, for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SangongYear {
    pub total: Decimal,
    pub abroad: Decimal,
    pub reception: Decimal,
    pub vehicle_purchase: Decimal,
    pub vehicle_operation: Decimal,
    /// 表12's 小计 of the two vehicle items, as stated.
    pub vehicles: Decimal,
}

impl SangongYear {
    fn of(r: &SangongRow) -> SangongYear {
        SangongYear {
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
        let mut rows: Vec<[String; 5]> = (0..5)
            .map(|i| row(SangongItem::SHOWN[i].label(), b[i], a[i], ch[i]))
            .collect();
        let (vb, va) = (self.before.vehicles, self.after.vehicles);
        rows.push(row(VEHICLES_SUBTOTAL, vb, va, money::change(vb, va)));
        rows
    }
}

/// The 三公 comparison of a dataset: (earlier year, later year, lines with the
/// department last). `None` when the dataset has no two years of 三公.
pub fn sangong(d: &Dataset) -> Option<(i32, i32, Vec<SangongLine>)> {
    let mut years: Vec<i32> = d.sangong.iter().map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    let (&y0, &y1) = (years.first()?, years.last()?);
    if y0 == y1 {
        return None;
    }
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
    let lines = names
        .into_iter()
        .map(|u| {
            let get = |y: i32| {
                d.sangong
                    .iter()
                    .find(|r| r.unit == u && r.year == y)
                    .map(SangongYear::of)
                    .unwrap_or_default()
            };
            SangongLine {
                is_department: u == d.department,
                before: get(y0),
                after: get(y1),
                unit: u,
            }
        })
        .collect();
    Some((y0, y1, lines))
}
