//! Money: parsing the document's figures, rounding (四舍五入) and the one formatter.
//!
//! Every amount in yusuan is a [`Decimal`] in 万元 (ten-thousand yuan), as the
//! document states it. Nothing here goes through a float.

use rust_decimal::{Decimal, RoundingStrategy};

/// Ten thousand: 1 万元 = 10,000 元.
pub const WAN: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);
/// 1 亿元 = 10,000 万元.
pub const YI_IN_WAN: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

/// Round half away from zero (四舍五入) to `dp` decimal places — not to even,
/// as `Decimal::round_dp` would.
///
/// ```
/// use yusuan::money::round;
/// assert_eq!(round("2.5".parse().unwrap(), 0).to_string(), "3");
/// assert_eq!(round("0.125".parse().unwrap(), 2).to_string(), "0.13");
/// ```
pub fn round(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Half a unit in the last place of a figure with `p` decimals: how far a
/// figure stated to `p` decimals may be from the exact value it rounds.
///
/// ```
/// use yusuan::money::half_unit;
/// assert_eq!(half_unit(0).to_string(), "0.5");
/// assert_eq!(half_unit(2).to_string(), "0.005");
/// ```
pub fn half_unit(p: u32) -> Decimal {
    // A Decimal has at most 28 decimals; validation allows far fewer.
    Decimal::new(5, p.saturating_add(1).min(28))
}

/// Add amounts without ever panicking: a sum past what a `Decimal` holds
/// (which validated data cannot reach) stays at the largest value.
pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values.into_iter().fold(Decimal::ZERO, |a, b| {
        a.checked_add(b).unwrap_or(if b.is_sign_negative() {
            Decimal::MIN
        } else {
            Decimal::MAX
        })
    })
}

/// Convert an amount in 元 to 万元, exactly.
pub fn yuan_to_wan(yuan: Decimal) -> Decimal {
    (yuan / WAN).normalize()
}

/// The display unit the user picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// 元
    Yuan,
    /// 万元 (the documents' unit)
    #[default]
    Wan,
    /// 亿元
    Yi,
}

impl Unit {
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
            Unit::Yi => "亿元",
        }
    }
    /// 亿元 → 万元 → 元 → 亿元.
    #[must_use]
    pub fn previous(self) -> Unit {
        match self {
            Unit::Yuan => Unit::Yi,
            Unit::Wan => Unit::Yuan,
            Unit::Yi => Unit::Wan,
        }
    }
    /// 元 → 万元 → 亿元 → 元.
    #[must_use]
    pub fn next(self) -> Unit {
        match self {
            Unit::Yuan => Unit::Wan,
            Unit::Wan => Unit::Yi,
            Unit::Yi => Unit::Yuan,
        }
    }
}

/// Express an amount held in 万元 in `unit`, without losing digits.
pub fn in_unit(wan: Decimal, unit: Unit) -> Decimal {
    match unit {
        Unit::Yuan => wan
            .checked_mul(WAN)
            .unwrap_or(if wan.is_sign_negative() {
                Decimal::MIN
            } else {
                Decimal::MAX
            })
            .normalize(),
        Unit::Wan => wan,
        Unit::Yi => (wan / YI_IN_WAN).normalize(),
    }
}

/// The one money formatter: `wan` (an amount in 万元) shown in `unit` with
/// thousands separators, at one precision per unit wherever it is shown.
/// In 万元, the document's own unit, every digit the document gave and no
/// more: 2654.333237 万元 shows as `2,654.333237`, 1376 as `1,376`. In 元
/// and 亿元, units the document does not state, the lists' precision
/// ([`shown_decimals`]): two decimals of 元, four of 亿元 (`68.6630`), so a
/// list and the detail agree.
///
/// ```
/// use rust_decimal::Decimal;
/// use yusuan::money::{format, shown, Unit};
///
/// let wan: Decimal = "2654.333237".parse().unwrap();
/// assert_eq!(format(wan, Unit::Wan), "2,654.333237");
/// assert_eq!(format(wan, Unit::Yuan), "26,543,332.37");
/// assert_eq!(format("509000".parse().unwrap(), Unit::Yi), "50.9000");
/// let total: Decimal = "686630".parse().unwrap();
/// assert_eq!(format(total, Unit::Yi), shown(total, Unit::Yi));
/// ```
pub fn format(wan: Decimal, unit: Unit) -> String {
    match unit {
        Unit::Wan => group(&wan.normalize().to_string()),
        Unit::Yuan | Unit::Yi => shown(wan, unit),
    }
}

/// An amount with every digit the document gave: [`format()`], with the
/// document's trailing zeros kept up to two decimals of 万元 (its
/// `1,521.70` is not shown `1,521.7`; a whole-元 figure is `1,493.74`, not
/// `1,493.7400`). In 元 and 亿元 every figure is shown at its unit's one
/// precision, as [`format()`] does.
pub fn format_at(wan: Decimal, precision: u32, unit: Unit) -> String {
    let shown = format(wan, unit);
    let want = match unit {
        Unit::Wan => precision.min(2),
        Unit::Yuan | Unit::Yi => return shown,
    };
    let have = shown.split_once('.').map_or(0, |(_, d)| d.len());
    let Ok(want) = usize::try_from(want) else {
        return shown;
    };
    if have >= want || want > 28 {
        return shown;
    }
    let mut out = shown;
    if have == 0 {
        out.push('.');
    }
    out.extend(std::iter::repeat_n('0', want - have));
    out
}

/// Decimals an amount is shown with in lists and tables, per unit: 万元 and
/// 元 two, 亿元 four — one precision per column, so decimal points align.
pub fn shown_decimals(unit: Unit) -> u32 {
    match unit {
        Unit::Yuan | Unit::Wan => 2,
        Unit::Yi => 4,
    }
}

/// An amount (in 万元) as lists and tables show it: in `unit`, rounded 四舍五入
/// to [`shown_decimals`], with separators. The detail pane and JSON keep
/// every digit ([`format()`]).
///
/// ```
/// use yusuan::money::{shown, Unit};
/// assert_eq!(shown("2654.333237".parse().unwrap(), Unit::Wan), "2,654.33");
/// assert_eq!(shown("950".parse().unwrap(), Unit::Wan), "950.00");
/// assert_eq!(shown("0.836".parse().unwrap(), Unit::Yi), "0.0001");
/// ```
pub fn shown(wan: Decimal, unit: Unit) -> String {
    format_dp(in_unit(wan, unit), shown_decimals(unit))
}

/// An amount as lists show it, or `—` where the document states none.
pub fn shown_or_dash(wan: Option<Decimal>, unit: Unit) -> String {
    wan.map_or_else(|| "—".into(), |v| shown(v, unit))
}

/// Is `wan` shown rounded (the document gave more digits than a list shows)?
pub fn shown_rounded(wan: Decimal, unit: Unit) -> bool {
    let v = in_unit(wan, unit);
    round(v, shown_decimals(unit)) != v
}

/// A signed change as lists show it: `▲ +1,234.00` / `▼ -5.00` / `= 0`.
pub fn shown_change(diff: Decimal, unit: Unit) -> String {
    if round(in_unit(diff, unit), shown_decimals(unit)).is_zero() {
        "= 0".to_string()
    } else if diff.is_sign_positive() {
        format!("▲ +{}", shown(diff, unit))
    } else {
        format!("▼ {}", shown(diff, unit))
    }
}

/// Format a figure with a fixed number of decimals (rounded 四舍五入), with separators.
pub fn format_dp(v: Decimal, dp: u32) -> String {
    let mut r = round(v, dp);
    r.rescale(dp);
    group(&r.to_string())
}

/// Insert thousands separators into a plain decimal string.
fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (int, frac) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(s.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(frac);
    out
}

/// A percentage `part / whole × 100`, rounded half away from zero to 2 places.
/// `None` when `whole` is zero.
pub fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    // Checked: a tiny `whole` can make the quotient too large for a
    // Decimal; the percentage is then undefined, not a crash.
    let q = part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole)?;
    let mut p = round(q, 2);
    p.rescale(2);
    Some(p)
}

/// `part / whole` as a fraction in 0..=1, for drawing only (a bar's length):
/// the one place an amount becomes a float. 0 when `whole` is zero.
#[must_use]
pub fn ratio(part: Decimal, whole: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    part.checked_div(whole)
        .and_then(|r| r.to_f64())
        .unwrap_or(0.0)
        .clamp(0.0, 1.0)
}

/// An amount as a spreadsheet's number cell, only when that loses nothing:
/// XLSX stores numbers as IEEE doubles, written as the double's shortest
/// decimal text, so the double is used only if that text is exactly the
/// amount (every figure of a budget document is). `None`: write the amount as
/// text, exactly. With `ratio` the only places an amount meets a float.
#[must_use]
pub fn exact_double(d: Decimal) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    let f = d.to_f64()?;
    (f.is_finite() && f.to_string().parse::<Decimal>().ok() == Some(d)).then_some(f)
}

/// How many of `cells` a bar of `part` against `whole` fills, rounded: for
/// drawing only.
#[must_use]
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
pub fn bar_cells(part: Decimal, whole: Decimal, cells: usize) -> usize {
    // A ratio in 0..=1 times a terminal's width: small, non-negative, finite.
    ((ratio(part, whole) * cells as f64).round() as usize).min(cells)
}

/// A change from `old` to `new`: (difference, percent of `old`).
pub fn change(old: Decimal, new: Decimal) -> (Decimal, Option<Decimal>) {
    let diff = new.checked_sub(old).unwrap_or(Decimal::MAX);
    (diff, percent(diff, old))
}

/// Render a percentage for people: `12.34%`, or `—` when undefined.
pub fn format_pct(p: Option<Decimal>) -> String {
    match p {
        Some(p) => format!("{}%", format_dp(p, 2)),
        None => "—".to_string(),
    }
}

/// A signed change for people, never relying on colour: `▲ +1,234` / `▼ -5` / `= 0`.
pub fn format_change(diff: Decimal, unit: Unit) -> String {
    if diff.is_zero() {
        "= 0".to_string()
    } else if diff.is_sign_positive() {
        format!("▲ +{}", format(diff, unit))
    } else {
        format!("▼ {}", format(diff, unit))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn format_at_keeps_the_documents_trailing_zeros() {
        let d = |x: &str| x.parse::<Decimal>().unwrap();
        assert_eq!(format_at(d("1521.7"), 2, Unit::Wan), "1,521.70");
        assert_eq!(format_at(d("1521.7"), 0, Unit::Wan), "1,521.7");
        assert_eq!(format_at(d("694773"), 0, Unit::Wan), "694,773");
        assert_eq!(format_at(d("12"), 2, Unit::Wan), "12.00");
        assert_eq!(format_at(d("1521.7"), 2, Unit::Yuan), "15,217,000.00");
        assert_eq!(format_at(d("1521.7"), 2, Unit::Yi), "0.1522");
        assert_eq!(format_at(d("1493.74"), 4, Unit::Wan), "1,493.74");
        assert_eq!(format_at(d("1493.7"), 4, Unit::Wan), "1,493.70");
        assert_eq!(format_at(d("3111.45508"), 6, Unit::Wan), "3,111.45508");
    }

    use super::*;
    use rust_decimal_macros_free::d;

    mod rust_decimal_macros_free {
        pub fn d(s: &str) -> rust_decimal::Decimal {
            s.parse().unwrap()
        }
    }

    #[test]
    fn a_spreadsheet_double_only_when_it_is_exactly_the_amount() {
        // The document's figures: the double's text is the figure itself.
        for s in ["694773", "7855.5227", "98363.093037", "0.01", "-72325"] {
            let f = exact_double(d(s)).unwrap();
            assert_eq!(f.to_string().parse::<Decimal>().unwrap(), d(s), "{s}");
        }
        // 17 significant digits: no double says it, so the cell is text.
        assert_eq!(exact_double(d("123456789012345.67")), None);
        assert_eq!(exact_double(d("0.1234567890123456789")), None);
    }

    #[test]
    fn rounds_half_away_from_zero_not_to_even() {
        assert_eq!(round(d("2.5"), 0), d("3"));
        assert_eq!(round(d("3.5"), 0), d("4"));
        assert_eq!(round(d("-2.5"), 0), d("-3"));
        assert_eq!(round(d("0.125"), 2), d("0.13"));
        assert_eq!(round(d("0.135"), 2), d("0.14"));
        assert_eq!(round(d("2654.333237"), 0), d("2654"));
    }

    #[test]
    fn converts_yuan_exactly() {
        assert_eq!(yuan_to_wan(d("26543332.37")), d("2654.333237"));
        assert_eq!(yuan_to_wan(d("700106500")), d("70010.65"));
    }

    #[test]
    fn formats_with_separators_in_each_unit() {
        assert_eq!(format(d("694773"), Unit::Wan), "694,773");
        assert_eq!(format(d("2654.333237"), Unit::Wan), "2,654.333237");
        assert_eq!(format(d("2654.333237"), Unit::Yuan), "26,543,332.37");
        assert_eq!(format(d("694773"), Unit::Yi), "69.4773");
        assert_eq!(format(d("509000"), Unit::Yi), "50.9000");
        // One precision a unit: 亿元 as the lists show it, 四舍五入.
        assert_eq!(format(d("686630"), Unit::Yi), "68.6630");
        assert_eq!(format(d("2654.333237"), Unit::Yi), "0.2654");
        assert_eq!(format(d("0"), Unit::Wan), "0");
        assert_eq!(format(d("-72325"), Unit::Wan), "-72,325");
        assert_eq!(format(d("12"), Unit::Wan), "12");
        assert_eq!(format(d("123"), Unit::Wan), "123");
        assert_eq!(format(d("1234"), Unit::Wan), "1,234");
    }

    #[test]
    fn percent_and_change() {
        assert_eq!(percent(d("1"), d("3")), Some(d("33.33")));
        assert_eq!(percent(d("2"), d("3")), Some(d("66.67")));
        assert_eq!(percent(d("1"), d("0")), None);
        let (diff, pct) = change(d("767098"), d("694773"));
        assert_eq!(diff, d("-72325"));
        assert_eq!(pct, Some(d("-9.43")));
        assert_eq!(format_pct(pct), "-9.43%");
        assert_eq!(format_change(d("-5"), Unit::Wan), "▼ -5");
        assert_eq!(format_change(d("5"), Unit::Wan), "▲ +5");
        assert_eq!(format_change(d("0"), Unit::Wan), "= 0");
    }

    // The document's number reader (the importer's): what the formatter
    // prints must read back through it.
    use crate::import::number::parse;

    /// An amount as a dataset holds it, in 万元: below 10^15 (the loader's
    /// bound, 10^19 元), with up to 6 decimals (元 with fen is 6 of 万元).
    fn amount() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        let bound = 1_000_000_000_000_000_i64;
        (-bound + 1..bound, 0u32..=6).prop_map(|(m, scale)| Decimal::new(m, scale))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 256,
            failure_persistence: None,
            ..Default::default()
        })]

        /// What the formatter prints, the parser reads back: every digit
        /// in 万元 (separators and all), 四舍五入 to fen in 元 and to four
        /// decimals in 亿元;
        /// a list's rounded figure reads back as that rounding.
        #[test]
        fn format_then_parse_gives_the_amount_back(v in amount()) {
            proptest::prop_assert_eq!(parse(&format(v, Unit::Wan)).unwrap(), v);
            proptest::prop_assert_eq!(parse(&format(v, Unit::Yuan)).unwrap(), round(v * WAN, 2));
            proptest::prop_assert_eq!(parse(&format(v, Unit::Yi)).unwrap(), round(v / YI_IN_WAN, 4));
            for unit in [Unit::Yuan, Unit::Wan, Unit::Yi] {
                let shown_back = parse(&shown(v, unit)).unwrap();
                proptest::prop_assert_eq!(shown_back, round(in_unit(v, unit), shown_decimals(unit)));
            }
        }

        /// Text that parses, formatted and parsed again, is the same amount.
        #[test]
        fn parse_format_parse_is_stable(text in "-?[0-9０-９]{1,15}([.．][0-9]{1,6})?") {
            let v = parse(&text).unwrap();
            proptest::prop_assert_eq!(parse(&format(v, Unit::Wan)).unwrap(), v);
        }
    }
}
