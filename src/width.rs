//! Display width: Chinese characters take two columns. Every alignment and
//! truncation in yusuan goes through here.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns `s` takes in a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` columns; a cut string ends in `…`, never half a
/// wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
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
    let n = w.saturating_sub(width(s));
    format!("{}{s}", " ".repeat(n))
}

/// Wrap text to lines of at most `w` columns, breaking anywhere (Chinese has
/// no spaces) but keeping explicit line breaks.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(2);
    let mut out = Vec::new();
    for para in s.split('\n') {
        let mut line = String::new();
        let mut lw = 0;
        for c in para.chars() {
            let cw = c.width().unwrap_or(0);
            if lw + cw > w {
                out.push(std::mem::take(&mut line));
                lw = 0;
            }
            line.push(c);
            lw += cw;
        }
        out.push(line);
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
}
