//! A cell's value as the text the decoded document holds: figures as the
//! numbers the cells hold (no separators, no exponent, no float noise),
//! dates as dates, text trimmed and on one line.

use calamine::{Data, ExcelDateTime};

/// A cell's text, and whether it was a text cell (not a number, date,
/// boolean or error). `None` for an empty cell (or one holding only
/// spaces). A figure shows at least the `decimals` its number format
/// shows (`0` formatted `#,##0.00` is `0.00`: the document printed two
/// decimals, and a figure's precision tells how far it may be rounded).
pub(super) fn text(d: &Data, decimals: u8) -> Option<(String, bool)> {
    let (t, is_text) = match d {
        Data::Empty => return None,
        Data::String(s) => (one_line(s), true),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (one_line(s), false),
        Data::Int(i) => (padded(i.to_string(), decimals), false),
        Data::Float(f) => (padded(number(*f), decimals), false),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), false),
        Data::Error(e) => (e.to_string(), false),
        Data::DateTime(dt) => (date(dt), false),
    };
    (!t.is_empty()).then_some((t, is_text))
}

/// A text on one line: control characters (tabs, line breaks) become a
/// space, and the ends are trimmed.
pub fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for piece in s.split(char::is_control) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(piece);
    }
    out
}

/// `digits` with at least `decimals` decimals (zeros added, none taken).
fn padded(mut digits: String, decimals: u8) -> String {
    if decimals == 0
        || !digits
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return digits;
    }
    let have = digits.find('.').map_or(0, |dot| digits.len() - dot - 1);
    if have == 0 && !digits.contains('.') {
        digits.push('.');
    }
    for _ in have..usize::from(decimals) {
        digits.push('0');
    }
    digits
}

/// The decimals a number format shows: the `0`s after the point of its
/// first section (`#,##0.00` → 2). None for percentages, fractions and
/// exponents, whose value is not what they print.
pub fn decimals(code: &str) -> u8 {
    let mut section = String::new();
    let (mut quoted, mut bracket) = (false, false);
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => break,
            c => section.push(c),
        }
    }
    if section.contains(['%', '/', 'E', 'e']) {
        return 0;
    }
    let Some(dot) = section.find('.') else {
        return 0;
    };
    let zeros = section[dot + 1..]
        .chars()
        .take_while(|c| matches!(c, '0' | '#' | '?' | ','))
        .filter(|c| *c == '0')
        .count();
    u8::try_from(zeros.min(15)).unwrap_or(15)
}

/// Excel keeps 15 significant digits of what is typed in; the digits a
/// double holds beyond them are the binary fraction's noise (0.1 + 0.2).
const EXCEL_DIGITS: usize = 15;

/// A cell's double as plain decimal digits: its shortest round-trip text
/// (`686630`, `110634.81`, never `1e21` nor `686630.0`), with a fraction's
/// noise beyond 15 significant digits rounded away as a spreadsheet shows
/// it (`0.30000000000000004` → `0.3`). An integer is never rounded.
pub fn number(f: f64) -> String {
    if !f.is_finite() {
        return "#NUM!".into();
    }
    if f == 0.0 {
        // Also -0.0.
        return "0".into();
    }
    // Rust prints a double's shortest round-trip digits, never with an
    // exponent.
    let shortest = format!("{f}");
    if !shortest.contains('.') || significant_digits(&shortest) <= EXCEL_DIGITS {
        return shortest;
    }
    let rounded = format!("{f:.prec$e}", prec = EXCEL_DIGITS - 1);
    match rust_decimal::Decimal::from_scientific(&rounded) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => shortest,
    }
}

/// How many significant digits a plain decimal text holds.
fn significant_digits(s: &str) -> usize {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    digits.trim_start_matches('0').len()
}

/// A date cell as `2020-01-01` (with its time when it has one), a
/// duration as `h:mm:ss`.
fn date(dt: &ExcelDateTime) -> String {
    if dt.is_duration() {
        let secs = (dt.as_f64() * 86_400.0).round();
        if !secs.is_finite() || secs.abs() > 1e12 {
            return number(dt.as_f64());
        }
        // In range: checked just above.
        #[allow(clippy::cast_possible_truncation)]
        let secs = secs as i64;
        let sign = if secs < 0 { "-" } else { "" };
        let s = secs.abs();
        return format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let day = format!("{y:04}-{mo:02}-{d:02}");
    let time = match (h, mi, s, ms) {
        (0, 0, 0, 0) => return day,
        (_, _, _, 0) => format!("{h:02}:{mi:02}:{s:02}"),
        _ => format!("{h:02}:{mi:02}:{s:02}.{ms:03}"),
    };
    if dt.as_f64() < 1.0 {
        // A time of day alone.
        time
    } else {
        format!("{day} {time}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn figures_are_the_values_in_plain_digits() {
        for (f, t) in [
            (686_630.0, "686630"),
            (110_634.81, "110634.81"),
            (0.1 + 0.2, "0.3"),
            (-0.0, "0"),
            (-1234.5, "-1234.5"),
            (1e21, "1000000000000000000000"),
            (1e-7, "0.0000001"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1_234_567_890_123_456.0, "1234567890123456"),
            (13_831.199_999_999_999, "13831.2"),
            (700_106_500.0, "700106500"),
            (0.05, "0.05"),
            (f64::NAN, "#NUM!"),
        ] {
            assert_eq!(number(f), t, "{f:?}");
        }
    }

    #[test]
    fn shortest_text_round_trips_when_it_is_short() {
        // Every value typed with at most 15 significant digits comes back
        // as typed.
        for t in ["12271.16", "0.01", "999999999999.99", "3.14159265358979"] {
            let f: f64 = t.parse().unwrap();
            assert_eq!(number(f), t);
        }
    }

    #[test]
    fn text_is_trimmed_onto_one_line() {
        assert_eq!(one_line("  公务用车\n购置费 "), "公务用车 购置费");
        assert_eq!(one_line("a\r\n\tb"), "a b");
        assert_eq!(one_line("收 入"), "收 入");
        assert_eq!(one_line("\u{3000}项目\u{3000}"), "项目");
        assert_eq!(text(&Data::String(" \n ".into()), 0), None);
        assert_eq!(
            text(&Data::String("表1".into()), 2),
            Some(("表1".to_string(), true))
        );
        assert_eq!(text(&Data::Int(7), 0), Some(("7".to_string(), false)));
    }

    #[test]
    fn figures_show_the_decimals_their_format_shows() {
        for (code, n) in [
            ("#,##0.00", 2),
            ("#,##0", 0),
            ("General", 0),
            ("0.0_);[Red]\\(0.0\\)", 1),
            ("\"¥\"#,##0.00;\"¥\"-#,##0.00", 2),
            ("0.00%", 0),
            ("0.00E+00", 0),
            ("#,##0.0#", 1),
            ("[$-804]#,##0.000", 3),
        ] {
            assert_eq!(decimals(code), n, "{code}");
        }
        let t = |d: Data, n| text(&d, n).unwrap().0;
        assert_eq!(t(Data::Float(0.0), 2), "0.00");
        assert_eq!(t(Data::Float(66.0), 2), "66.00");
        assert_eq!(t(Data::Float(12_271.16), 2), "12271.16");
        // More digits than the format shows are kept: none is lost.
        assert_eq!(t(Data::Float(110_634.814), 2), "110634.814");
        assert_eq!(t(Data::Float(-1.5), 2), "-1.50");
        assert_eq!(t(Data::Int(5), 1), "5.0");
        assert_eq!(t(Data::Float(f64::NAN), 2), "#NUM!");
    }

    #[test]
    fn dates_read_as_dates() {
        let d = |v, t| Data::DateTime(ExcelDateTime::new(v, t, false));
        let dt = ExcelDateTimeType::DateTime;
        assert_eq!(text(&d(43_831.0, dt), 0).unwrap().0, "2020-01-01");
        assert_eq!(text(&d(44_196.5, dt), 0).unwrap().0, "2020-12-31 12:00:00");
        assert_eq!(text(&d(0.75, dt), 0).unwrap().0, "18:00:00");
        let dur = ExcelDateTimeType::TimeDelta;
        assert_eq!(text(&d(1.5, dur), 0).unwrap().0, "36:00:00");
    }
}
