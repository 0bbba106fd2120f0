//! Text from a dataset is untrusted: it reaches a terminal only through
//! [`sanitize`] (the CLI's output, error messages, copied text) or, in the
//! explorer, through the same [`is_unsafe`] test applied to every cell drawn.
//! No escape sequence, C1 control or bidi override passes: each shows as a
//! visible escape (`\u{1b}`), so nothing is silently lost either.

use std::borrow::Cow;

/// Characters that must not reach a terminal raw: C0 controls (but the line
/// feed that ends our own lines), DEL, C1 controls, the bidi embeddings,
/// overrides, isolates and marks, and the Unicode line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every unsafe character shown as a visible escape (`\u{1b}`).
/// Text without any comes back as it is, without a copy.
///
/// ```
/// use yusuan::text::sanitize;
/// assert_eq!(sanitize("人才\u{1b}]0;x\u{7}"), "人才\\u{1b}]0;x\\u{7}");
/// assert_eq!(sanitize("a\u{202e}b\nc"), "a\\u{202e}b\nc");
/// ```
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value for an error message: at most 80 characters, then how long it was.
///
/// ```
/// use yusuan::text::shorten;
/// assert_eq!(shorten("人才"), "人才");
/// assert_eq!(shorten(&"x".repeat(100)), format!("{}… (100 characters)", "x".repeat(80)));
/// ```
pub fn shorten(s: &str) -> String {
    const KEEP: usize = 80;
    let n = s.chars().count();
    if n <= KEEP {
        return s.to_string();
    }
    let head: String = s.chars().take(KEEP).collect();
    format!("{head}… ({n} characters)")
}

/// An error message that may quote a huge value: each quoted part (in `…`
/// or "…") longer than 80 characters is cut to its first 80 and its length.
pub fn shorten_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len().min(512));
    let mut rest = msg;
    while let Some(open) = rest.find(['`', '"']) {
        let q = rest[open..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(q) else {
            out.push_str(&shorten(after));
            return out;
        };
        out.push_str(&shorten(&after[..close]));
        out.push(q);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_and_bidi_character_is_escaped_and_text_is_kept() {
        for c in [
            '\u{1b}', '\u{7}', '\r', '\u{8}', '\u{7f}', '\u{85}', '\u{9b}', '\u{202e}', '\u{2066}',
            '\u{200f}',
        ] {
            let s = sanitize(&format!("a{c}b")).into_owned();
            assert!(!s.contains(c), "{c:?} passed");
            assert!(s.starts_with('a') && s.ends_with('b'), "{s}");
        }
        assert!(matches!(sanitize("深圳 1,234.5\n"), Cow::Borrowed(_)));
    }
}
