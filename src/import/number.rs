//! The one number normaliser: how a document writes its figures, and what
//! each way means. Every table reader, the narrative reader and the coverage
//! report read numbers through here.
//!
//! - Digits, commas and points may be full-width (`６８６，６３０．５`):
//!   [`fold`] turns full-width digits and points into ASCII for the whole
//!   text as it is cleaned, so every reader sees the same digits.
//! - Thousands are grouped by `,` `，`, a space, a no-break or thin space —
//!   in groups of exactly three digits (`686,630`, `686 630`); a figure
//!   grouped otherwise is not a figure.
//! - A minus is `-`, `－` or `−`; a figure in brackets with decimals or
//!   grouped thousands (`(1.20)`, `（1,376.00）`) is negative, as accountants
//!   print it (`(3)` stays a list number, not a figure).
//! - An empty cell, or one holding only a dash or a slash (`-`, `—`, `－`,
//!   `–`, `/`, `——`), is *no figure* — not zero.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Why a text is not a figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount: {0:?}")]
pub struct NotAFigure(pub String);

/// What a table cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// A figure, as written (its scale is the precision the document gave).
    Figure(Decimal),
    /// Nothing, or a mark for nothing (`-`, `—`, `/`).
    Empty,
    /// Words.
    Text,
}

/// Characters that separate groups of thousands.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{3000}'
    )
}

/// Is `s` a mark a table prints for "no figure"?
pub fn is_empty_mark(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || (t.chars().count() <= 3
            && t.chars()
                .all(|c| matches!(c, '-' | '—' | '－' | '–' | '/' | '／' | '─')))
}

/// Full-width digits and points as ASCII, and a full-width comma that
/// groups thousands (`６８６，６３０`) as a comma, so that every reader meets
/// `686,630.5` however the converter wrote it. A full-width comma that is
/// punctuation (`万元，其中`) stays.
pub fn fold(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| matches!(c, '０'..='９' | '．' | '，')) {
        return std::borrow::Cow::Borrowed(s);
    }
    let ascii = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        c => c,
    };
    let chars: Vec<char> = s.chars().map(ascii).collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let grouping = c == '，'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars
                .get(i + 1..i + 4)
                .is_some_and(|g| g.iter().all(char::is_ascii_digit))
            && !chars.get(i + 4).is_some_and(char::is_ascii_digit);
        out.push(if grouping { ',' } else { c });
    }
    std::borrow::Cow::Owned(out)
}

/// Read a figure as the document writes it: `1,376`, `110,634.81`, `69000`,
/// `686 630`, `-5`, ` 0.00 `, `６９０００`. Thousands separators must group
/// the integer part in threes.
pub fn parse(text: &str) -> Result<Decimal, NotAFigure> {
    let bad = || NotAFigure(crate::text::shorten(text));
    let t = fold(text.trim());
    if let Some(inner) = bracketed(&t) {
        // Accounting's negative: `(1.20)`, `（1,376.00）` — decimals or
        // grouped thousands only, so that a list number `(3)` is not one.
        if !inner.starts_with(['-', '－', '−']) && inner.contains(['.', ',']) {
            return parse(inner).map(|v| -v).map_err(|_| bad());
        }
        return Err(bad());
    }
    let (neg, body) = match t.chars().next() {
        Some(c @ ('-' | '－' | '−')) => (true, &t[c.len_utf8()..]),
        _ => (false, &t[..]),
    };
    let body = body.trim_start();
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac {
        if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
    }
    // The integer part: plain digits, or groups of three after the first.
    let mut digits = String::with_capacity(int.len());
    let groups: Vec<&str> = int.split(is_separator).collect();
    if groups
        .iter()
        .any(|g| g.is_empty() || !g.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    if groups.len() > 1 && (groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3)) {
        return Err(bad());
    }
    for g in &groups {
        digits.push_str(g);
    }
    // No budget figure has this many digits (10^19 元 is 10^15 万元); a
    // longer one is noise, and would overflow sums.
    let int_digits = digits.trim_start_matches('0').len();
    let all = digits.len() + frac.map_or(0, str::len);
    if int_digits > 19 || all > 28 {
        return Err(bad());
    }
    let mut s = String::with_capacity(all + 2);
    if neg {
        s.push('-');
    }
    s.push_str(&digits);
    if let Some(f) = frac {
        s.push('.');
        s.push_str(f);
    }
    Decimal::from_str(&s).map_err(|_| bad())
}

/// The text inside one pair of brackets that holds all of `t`.
fn bracketed(t: &str) -> Option<&str> {
    let inner = t.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?;
    Some(inner.trim())
}

/// The figure in `text`, if it is one.
pub fn figure(text: &str) -> Option<Decimal> {
    parse(text).ok()
}

/// Is this cell a figure (`1,376`, `0`, `110,634.81`)?
pub fn is_figure(text: &str) -> bool {
    parse(text).is_ok()
}

/// What a table cell holds: a figure, nothing, or words.
pub fn cell(text: &str) -> Cell {
    if is_empty_mark(text) {
        return Cell::Empty;
    }
    match parse(text) {
        Ok(d) => Cell::Figure(d),
        Err(_) => Cell::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_the_ways_documents_write_figures() {
        assert_eq!(parse("1,376").unwrap(), d("1376"));
        assert_eq!(parse(" 110,634.81 ").unwrap(), d("110634.81"));
        assert_eq!(parse("６９０００").unwrap(), d("69000"));
        assert_eq!(parse("６８６，６３０．５").unwrap(), d("686630.5"));
        assert_eq!(parse("686 630").unwrap(), d("686630"));
        assert_eq!(
            parse("1\u{2009}234\u{2009}567.00").unwrap(),
            d("1234567.00")
        );
        assert_eq!(parse("－5").unwrap(), d("-5"));
        assert_eq!(parse("−72,325").unwrap(), d("-72325"));
        assert_eq!(parse("0.00").unwrap().scale(), 2, "the precision written");
        assert_eq!(
            parse("（1.20）").unwrap(),
            d("-1.20"),
            "accounting's negative"
        );
        assert_eq!(parse("(1,376.00)").unwrap(), d("-1376.00"));
        assert_eq!(parse("（ 12.5 ）").unwrap(), d("-12.5"));
    }

    #[test]
    fn a_bracketed_list_number_is_not_a_negative_figure() {
        for s in ["(3)", "（12）", "(-1.20)", "（1.20", "(一)"] {
            assert!(parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_one_figure() {
        for s in [
            "", "-", "约5万", "13,76", "1,2345", "2020 1", "1.2.3", "1.", ".5", "12a",
        ] {
            assert!(parse(s).is_err(), "{s:?}");
        }
    }

    #[test]
    fn dashes_and_blanks_are_no_figure_not_zero() {
        for s in ["", " ", "-", "—", "－", "/", "——", "–"] {
            assert_eq!(cell(s), Cell::Empty, "{s:?}");
        }
        assert_eq!(cell("0"), Cell::Figure(d("0")));
        assert_eq!(cell("合计"), Cell::Text);
    }

    #[test]
    fn folding_leaves_punctuation_commas_alone() {
        assert_eq!(
            fold("收入１２３万元，支出４．５万元"),
            "收入123万元，支出4.5万元"
        );
        assert!(matches!(fold("abc"), std::borrow::Cow::Borrowed(_)));
    }
}
