//! The command line's names for the core's enums — which tree, which sort,
//! which money unit — so that clap stays in the CLI: the core types know
//! nothing of it, and this file says how each is spelled and described.

use crate::model::View;
use crate::money::Unit;
use crate::views::SortKey;
use clap::builder::PossibleValue;
use clap::ValueEnum;

impl ValueEnum for View {
    fn value_variants<'a>() -> &'a [Self] {
        &View::EVERY
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            View::Unit => {
                PossibleValue::new("unit").help("department → unit → category → project → item")
            }
            View::Function => {
                PossibleValue::new("function").help("the 科目编码 tree: 类 → 款 → 项")
            }
            View::Money => {
                PossibleValue::new("money").help("income (the 收支总表) and procurement (政府采购)")
            }
            View::Sangong => PossibleValue::new("sangong").help(
                "三公经费: department → unit → item, the later year's figures (the 三公 table)",
            ),
        })
    }
}

impl ValueEnum for SortKey {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            SortKey::Amount,
            SortKey::Name,
            SortKey::Document,
            SortKey::Change,
            SortKey::ChangePct,
        ]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            SortKey::Amount => PossibleValue::new("amount").help("largest first"),
            SortKey::Name => PossibleValue::new("name").help("by the pinyin of the name"),
            SortKey::Document => PossibleValue::new("document").help("as the document lists them"),
            SortKey::Change => PossibleValue::new("change")
                .help("by the change between the two years compared, largest first"),
            SortKey::ChangePct => {
                PossibleValue::new("change_pct").help("by the change in percent, largest first")
            }
        })
    }
}

impl ValueEnum for Unit {
    fn value_variants<'a>() -> &'a [Self] {
        &[Unit::Yuan, Unit::Wan, Unit::Yi]
    }
    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Unit::Yuan => PossibleValue::new("yuan").help("元").alias("元"),
            Unit::Wan => PossibleValue::new("wan")
                .help("万元 (the documents' unit)")
                .aliases(["万元", "万"]),
            Unit::Yi => PossibleValue::new("yi")
                .help("亿元")
                .aliases(["亿元", "亿"]),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each value parses back to itself, by its name and by its aliases.
    fn round_trips<T: ValueEnum + PartialEq + std::fmt::Debug>() {
        for v in T::value_variants() {
            let pv = v.to_possible_value().unwrap();
            for name in pv.get_name_and_aliases() {
                assert_eq!(T::from_str(name, false).as_ref(), Ok(v), "{name}");
            }
        }
    }

    #[test]
    fn every_value_parses_back() {
        round_trips::<View>();
        round_trips::<SortKey>();
        round_trips::<Unit>();
        assert_eq!(Unit::from_str("万", false), Ok(Unit::Wan));
        assert_eq!(
            SortKey::from_str("change_pct", false),
            Ok(SortKey::ChangePct)
        );
    }
}
