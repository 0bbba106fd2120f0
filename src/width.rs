//! Display width: Chinese characters take two columns. Every alignment and
//! truncation in yusuan goes through here — and so does every character
//! that is unsafe for a terminal: each is measured, cut and returned as its
//! visible escape (`\u{1b}`, [`crate::text::sanitize`]), so the explorer
//! shows what the CLI prints, and columns stay aligned around it.

use crate::text::sanitize;
use std::sync::atomic::{AtomicBool, Ordering};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Whether East Asian *ambiguous* characters (≥ ≤ ※ ① “ ” …) take two
/// columns, as in many Chinese terminals, instead of one (`--ambiguous-wide`).
static AMBIGUOUS_WIDE: AtomicBool = AtomicBool::new(false);

/// Count ambiguous characters as two columns from now on (or one).
pub fn set_ambiguous_wide(on: bool) {
    AMBIGUOUS_WIDE.store(on, Ordering::Relaxed);
}

/// Are ambiguous characters counted as two columns?
pub fn ambiguous_wide() -> bool {
    AMBIGUOUS_WIDE.load(Ordering::Relaxed)
}

/// Is `c` one column in Western terminals and two in East Asian ones?
pub fn is_ambiguous(c: char) -> bool {
    c.width() == Some(1) && c.width_cjk() == Some(2)
}

/// Columns `s` takes in a terminal (an unsafe character as its escape).
pub fn width(s: &str) -> usize {
    let s = sanitize(s);
    if ambiguous_wide() {
        UnicodeWidthStr::width_cjk(s.as_ref())
    } else {
        UnicodeWidthStr::width(s.as_ref())
    }
}

/// Columns `c` takes in a terminal (an unsafe character: its escape's).
pub fn char_width(c: char) -> usize {
    if crate::text::is_unsafe(c) {
        c.escape_unicode().count()
    } else if ambiguous_wide() {
        c.width_cjk().unwrap_or(0)
    } else {
        c.width().unwrap_or(0)
    }
}

/// Cut `s` to at most `max` columns; a cut string ends in `…`, never half a
/// wide character (an unsafe character is its visible escape, never cut).
pub fn truncate(s: &str, max: usize) -> String {
    let s = sanitize(s);
    let s = s.as_ref();
    if width(s) <= max {
        return s.to_string();
    }
    if max < char_width('…') {
        return String::new();
    }
    // The ellipsis is ambiguous-width too: it may take two columns.
    let room = max.saturating_sub(char_width('…'));
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    // A character can widen the one before it (`0` and U+FE0F make a
    // two-column emoji): measure what is kept as a whole, and give back
    // characters until it fits.
    while width(&out) > room {
        out.pop();
    }
    out.push('…');
    out
}

/// Pad on the right to exactly `w` columns (truncating first if needed).
pub fn pad_right(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let n = w.saturating_sub(width(&t));
    format!("{t}{}", " ".repeat(n))
}

/// Pad on the left to `w` columns (never cuts: numbers are never truncated).
pub fn pad_left(s: &str, w: usize) -> String {
    let s = sanitize(s);
    let n = w.saturating_sub(width(&s));
    format!("{}{s}", " ".repeat(n))
}

/// Characters that may not start a line (避头尾): closing punctuation.
fn no_line_start(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| "，。、；：！？）」』》〉】”’,.;:!?)%".contains(c))
}

/// Would `line` with `t` after it take at most `w` columns? Measured as a
/// whole: a character can widen the one before it (`0` and U+FE0F).
fn fits(line: &[String], t: &str, w: usize) -> bool {
    let mut s = line.concat();
    s.push_str(t);
    width(&s) <= w
}

/// Wrap text to lines of at most `w` columns. Chinese breaks between any two
/// characters, but a run of letters and digits (`100.00%`, `2020年` is two
/// runs) stays whole when it fits, and closing punctuation never starts a line.
/// Explicit line breaks are kept.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(2);
    let s = sanitize(s);
    let mut out = Vec::new();
    for para in s.split('\n') {
        // Tokens: an ASCII run without spaces, a space, or one other character.
        let mut tokens: Vec<String> = Vec::new();
        for c in para.chars() {
            let ascii_word = c.is_ascii() && !c.is_ascii_whitespace();
            match tokens.last_mut() {
                Some(t)
                    if ascii_word
                        && t.chars()
                            .last()
                            .is_some_and(|l| l.is_ascii() && !l.is_ascii_whitespace()) =>
                {
                    t.push(c);
                }
                _ => tokens.push(c.to_string()),
            }
        }
        let mut lines: Vec<Vec<String>> = vec![Vec::new()];
        for t in tokens {
            let cur = lines.last().expect("one line");
            if !fits(cur, &t, w) && width(&cur.concat()) > 0 {
                let mut carry = Vec::new();
                // Take the last token along rather than start a line with
                // punctuation, when the two fit a line.
                if no_line_start(&t) {
                    let cur = lines.last_mut().expect("one line");
                    if cur.len() > 1 && fits(&cur[cur.len() - 1..], &t, w) {
                        carry.push(cur.pop().expect("non-empty"));
                    }
                }
                lines.push(carry);
                if t == " " {
                    continue;
                }
            }
            if width(&t) > w {
                // A run longer than the line: cut it by characters.
                for c in t.chars() {
                    let c = c.to_string();
                    let cur = lines.last().expect("one line");
                    if !fits(cur, &c, w) && width(&cur.concat()) > 0 {
                        lines.push(Vec::new());
                    }
                    lines.last_mut().expect("one line").push(c);
                }
                continue;
            }
            lines.last_mut().expect("one line").push(t);
        }
        out.extend(lines.into_iter().map(|l| l.concat().trim_end().to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_two_columns() {
        assert_eq!(width("人才引进及管理"), 14);
        assert_eq!(width("a人"), 3);
    }

    #[test]
    fn truncates_at_a_character_boundary_with_ellipsis() {
        assert_eq!(truncate("人才引进及管理", 14), "人才引进及管理");
        assert_eq!(truncate("人才引进及管理", 13), "人才引进及管…");
        // 12 columns: 5 wide characters (10) + … (1) = 11; a sixth would make 13.
        assert_eq!(truncate("人才引进及管理", 12), "人才引进及…");
        assert_eq!(width(&truncate("人才引进及管理", 12)), 11);
        assert_eq!(truncate("人才", 1), "…");
        assert_eq!(truncate("人才", 0), "");
    }

    #[test]
    fn pads_by_display_width() {
        assert_eq!(pad_right("人才", 6), "人才  ");
        assert_eq!(width(&pad_right("人才引进及管理", 9)), 9);
        assert_eq!(pad_left("1,376", 7), "  1,376");
        assert_eq!(pad_left("123456", 3), "123456");
    }

    #[test]
    fn wraps_by_display_width() {
        let lines = wrap("一二三四五六七", 6);
        assert_eq!(lines, vec!["一二三", "四五六", "七"]);
        assert!(lines.iter().all(|l| width(l) <= 6));
    }

    #[test]
    fn keeps_numbers_whole_and_punctuation_off_line_starts() {
        assert_eq!(
            wrap("占上级 100.00% · 占部门 100.00%", 24),
            vec!["占上级 100.00% · 占部门", "100.00%"]
        );
        let lines = wrap("甲乙丙丁，戊", 8);
        assert_eq!(lines, vec!["甲乙丙", "丁，戊"]);
        for l in wrap("深圳市人力资源和社会保障局 与下级之和：深圳市人力资源和社会保障局 为 694773，其 7 项之和为 694774（相差 -1）", 10) {
            assert!(width(&l) <= 10, "{l}");
            assert!(!no_line_start(&l), "{l}");
        }
        assert_eq!(wrap("12345678901", 4), vec!["1234", "5678", "901"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..Default::default()
        })]

        /// Whatever the text — Chinese, ASCII, ambiguous-width, emoji,
        /// combining and zero-width characters — a cut never exceeds its
        /// columns, text that fits is left whole, and padding fills exactly.
        #[test]
        fn truncation_fits_and_padding_is_exact(
            s in "[a-z0-9 人才引进及管理（）：，。≥≤※①“”…😀👍\u{301}\u{200b}\u{fe0f}]{0,24}",
            max in 0usize..30,
        ) {
            let t = truncate(&s, max);
            proptest::prop_assert!(width(&t) <= max, "{t:?} is {} columns, over {max}", width(&t));
            if width(&s) <= max {
                proptest::prop_assert_eq!(&t, &s);
            } else {
                proptest::prop_assert!(max == 0 || t.ends_with('…'), "{t:?}");
            }
            proptest::prop_assert_eq!(width(&pad_right(&s, max)), max);
            proptest::prop_assert!(width(&pad_left(&s, max)) >= max);
            for line in wrap(&s, max) {
                proptest::prop_assert!(width(&line) <= max.max(2), "{line:?}");
            }
        }
    }
}
