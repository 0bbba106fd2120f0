//! 三公经费 (表12) and what part 5 says of it: the rows as a dataset holds
//! them, and the facts of the table that the model, the views and the
//! checks all read from here — its items, which items add up to which, and
//! which of part 5's figures restates which item.

use super::{Basis, Figure, Source};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

fn stated() -> bool {
    true
}

/// 三公经费 for one unit (or the department) and one year, in 万元 (表12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SangongRow {
    /// The unit's part-3 name, or the department's name for the total row.
    pub unit: String,
    pub year: i32,
    /// 预算数 or 决算数 (a 决算 states both for its year).
    #[serde(default)]
    pub basis: Basis,
    /// Whether the table splits 公务用车购置及运行费 into 购置费 and 运行费
    /// (when not, those two are 0 here and not stated: shown as —).
    #[serde(default = "stated")]
    pub split_stated: bool,
    pub total: Decimal,
    pub abroad: Decimal,
    pub reception: Decimal,
    pub vehicles: Decimal,
    pub vehicle_purchase: Decimal,
    pub vehicle_operation: Decimal,
    pub source: Source,
}

/// What part 5 says of 三公经费.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SangongNarrative {
    pub total: Option<Figure>,
    /// Stated change against last year (negative: 减少).
    pub total_change: Option<Figure>,
    pub abroad: Option<Figure>,
    pub reception: Option<Figure>,
    pub reception_change: Option<Figure>,
    pub vehicles: Option<Figure>,
    pub vehicle_purchase: Option<Figure>,
    pub vehicle_operation: Option<Figure>,
    pub vehicle_operation_change: Option<Figure>,
    #[serde(default)]
    pub text: String,
}

/// A column of 表12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SangongItem {
    /// 合计: the three items below.
    Total,
    Abroad,
    Reception,
    /// 表12's 小计 of the two vehicle items, as stated.
    Vehicles,
    VehiclePurchase,
    VehicleOperation,
}

impl SangongItem {
    /// The items shown and compared, total first (表12's vehicle 小计 is
    /// shown after them, as [`SangongItem::Vehicles`]).
    pub const SHOWN: [SangongItem; 5] = [
        SangongItem::Total,
        SangongItem::Abroad,
        SangongItem::Reception,
        SangongItem::VehiclePurchase,
        SangongItem::VehicleOperation,
    ];

    /// The column's heading in 表12.
    pub fn label(self) -> &'static str {
        match self {
            SangongItem::Total => "合计",
            SangongItem::Abroad => "因公出国(境)费",
            SangongItem::Reception => "公务接待费",
            SangongItem::Vehicles => "公务用车购置及运行维护费",
            SangongItem::VehiclePurchase => "公务用车购置费",
            SangongItem::VehicleOperation => "公务用车运行维护费",
        }
    }

    /// The item's figure in a row.
    pub fn of(self, r: &SangongRow) -> Decimal {
        match self {
            SangongItem::Total => r.total,
            SangongItem::Abroad => r.abroad,
            SangongItem::Reception => r.reception,
            SangongItem::Vehicles => r.vehicles,
            SangongItem::VehiclePurchase => r.vehicle_purchase,
            SangongItem::VehicleOperation => r.vehicle_operation,
        }
    }

    /// The items this one is stated to be the sum of (none for a single item).
    pub fn parts(self) -> &'static [SangongItem] {
        match self {
            SangongItem::Total => &[
                SangongItem::Abroad,
                SangongItem::Reception,
                SangongItem::Vehicles,
            ],
            SangongItem::Vehicles => &[SangongItem::VehiclePurchase, SangongItem::VehicleOperation],
            _ => &[],
        }
    }
}

/// A figure part 5 states, paired with the 表12 item it restates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restated<'a> {
    /// Part 5's words for it.
    pub label: &'static str,
    pub item: SangongItem,
    /// The change against last year, not the year's figure.
    pub change: bool,
    pub figure: Option<&'a Figure>,
}

impl SangongNarrative {
    /// Each figure part 5 may state, with the 表12 item it restates.
    pub fn stated(&self) -> [Restated<'_>; 9] {
        use SangongItem as I;
        let table: [(&'static str, I, bool, &Option<Figure>); 9] = [
            ("三公经费合计", I::Total, false, &self.total),
            ("因公出国(境)费", I::Abroad, false, &self.abroad),
            ("公务接待费", I::Reception, false, &self.reception),
            (
                "公务用车购置和运行维护费",
                I::Vehicles,
                false,
                &self.vehicles,
            ),
            (
                "公务用车购置费",
                I::VehiclePurchase,
                false,
                &self.vehicle_purchase,
            ),
            (
                "公务用车运行维护费",
                I::VehicleOperation,
                false,
                &self.vehicle_operation,
            ),
            ("三公经费比上年增减", I::Total, true, &self.total_change),
            (
                "公务接待费比上年增减",
                I::Reception,
                true,
                &self.reception_change,
            ),
            (
                "公务用车运行维护费比上年增减",
                I::VehicleOperation,
                true,
                &self.vehicle_operation_change,
            ),
        ];
        table.map(|(label, item, change, figure)| Restated {
            label,
            item,
            change,
            figure: figure.as_ref(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(total: i64, parts: [i64; 4], vehicles: i64) -> SangongRow {
        SangongRow {
            unit: "本级".into(),
            year: 2020,
            basis: Basis::Budget,
            split_stated: true,
            total: total.into(),
            abroad: parts[0].into(),
            reception: parts[1].into(),
            vehicles: vehicles.into(),
            vehicle_purchase: parts[2].into(),
            vehicle_operation: parts[3].into(),
            source: Source::default(),
        }
    }

    #[test]
    fn items_read_their_own_column_and_parts_add_up() {
        let r = row(10, [1, 2, 3, 4], 7);
        let got: Vec<i64> = SangongItem::SHOWN
            .iter()
            .map(|i| i64::try_from(i.of(&r)).unwrap())
            .collect();
        assert_eq!(got, [10, 1, 2, 3, 4]);
        assert_eq!(SangongItem::Vehicles.of(&r), Decimal::from(7));
        for item in [SangongItem::Total, SangongItem::Vehicles] {
            let sum: Decimal = item.parts().iter().map(|p| p.of(&r)).sum();
            assert_eq!(sum, item.of(&r), "{item:?}");
        }
    }
}
