//! The matching primitives: letter masks and Bloom filters that reject most
//! entries at once, subsequence and span tests, the reading lattice that
//! tells whole and prefix readings apart, and each character's readings.

use super::Tier;
use pinyin::ToPinyinMulti;

pub(super) fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

pub(super) fn letters_of(s: &str) -> u64 {
    s.bytes().fold(0, |m, b| m | letter_bit(b))
}

/// The bit a character sets in a Bloom filter of `64 × words` bits.
pub(super) fn char_bit(c: char, words: usize) -> (usize, u64) {
    let h = (c as u32).wrapping_mul(0x9E37_79B1) >> 7;
    ((h as usize / 64) % words, 1 << (h % 64))
}

/// A Bloom filter of a text's characters, `64 × N` bits.
pub(super) fn char_filter<const N: usize>(s: &str) -> [u64; N] {
    let mut f = [0u64; N];
    for c in s.chars() {
        let (w, b) = char_bit(c, N);
        f[w] |= b;
    }
    f
}

/// May every character of `q` be in the text the filter was made of?
pub(super) fn may_contain<const N: usize>(f: &[u64; N], q: &str) -> bool {
    q.chars().all(|c| {
        let (w, b) = char_bit(c, N);
        f[w] & b != 0
    })
}

/// Where the leftmost greedy match of `q` in `h` starts and ends (exclusive).
///
/// A plain loop, not `memchr`: a full pinyin is a few dozen bytes, where
/// memchr's set-up cost more than the scan (a fifth of a keystroke's time).
pub(super) fn greedy(q: &[u8], h: &[u8]) -> Option<(usize, usize)> {
    let find = |b: u8, from: usize| h[from..].iter().position(|c| *c == b).map(|k| from + k);
    let start = find(q[0], 0)?;
    let mut end = start + 1;
    for b in &q[1..] {
        end = find(*b, end)? + 1;
    }
    Some((start, end))
}

/// The tier of a match of `q` somewhere in `text` (a name or a code): a
/// query of two characters or more standing whole inside it is a word.
pub(super) fn text_tier(text: &str, q: &str) -> Tier {
    if text == q {
        Tier::Exact
    } else if text.starts_with(q) {
        Tier::Prefix
    } else if q.chars().nth(1).is_some() && text.contains(q) {
        Tier::Word
    } else {
        Tier::Fuzzy
    }
}

/// Is `q` a subsequence of `h` (chars)?
pub(super) fn is_char_subsequence(q: &str, h: &str) -> bool {
    let mut rest = h;
    for c in q.chars() {
        match rest.find(c) {
            Some(i) => rest = &rest[i + c.len_utf8()..],
            None => return false,
        }
    }
    true
}

/// Columns between the first and last letter of the leftmost greedy match of
/// `q` in `h`: a cheap stand-in for how scattered a match is.
pub(super) fn span(q: &[u8], h: &[u8]) -> Option<usize> {
    let mut qi = 0;
    let mut start = None;
    for (i, b) in h.iter().enumerate() {
        if *b == q[qi] {
            start.get_or_insert(i);
            qi += 1;
            if qi == q.len() {
                return Some(i + 1 - start.unwrap_or(i));
            }
        }
    }
    None
}

/// Does `q` equal (or start) some choice of one reading per character?
/// Walks the characters keeping the set of query positions reached (a
/// bitmask): linear in the name, never enumerating combinations.
pub(super) fn lattice(
    q: &[u8],
    readings: &[u16],
    syllables: &[&str],
    initials: bool,
) -> (bool, bool) {
    if q.len() >= 64 {
        return (false, false);
    }
    let end = 1u64 << q.len();
    let mut reach: u64 = 1;
    let mut prefix = q.is_empty();
    let mut i = 0;
    while i < readings.len() {
        let n = readings[i] as usize;
        let rs = &readings[i + 1..i + 1 + n];
        i += 1 + n;
        if n == 0 {
            continue;
        }
        let mut next: u64 = 0;
        let mut bits = reach;
        while bits != 0 {
            let pos = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let rest = &q[pos..];
            for r in rs {
                let r = syllables[*r as usize].as_bytes();
                let rb = if initials { &r[..1] } else { r };
                // Readings are a few letters: compare inline, not through memcmp.
                if rest.len() >= rb.len() {
                    if rb.iter().zip(rest).all(|(a, b)| a == b) {
                        next |= 1 << (pos + rb.len());
                    }
                } else if !rest.is_empty() && rest.iter().zip(rb).all(|(a, b)| a == b) {
                    // The query ends inside this reading.
                    prefix = true;
                }
            }
        }
        if next & end != 0 {
            prefix = true;
        }
        reach = next;
        if reach == 0 {
            break;
        }
    }
    (reach & end != 0, prefix)
}

/// Every plain reading of a character, most common first; a letter or digit
/// reads as itself, lowercased.
pub(super) fn char_readings(c: char) -> Vec<&'static str> {
    const ASCII: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    if let Some(multi) = c.to_pinyin_multi() {
        let mut v: Vec<&'static str> = Vec::new();
        for p in multi {
            let r = p.plain();
            if !v.contains(&r) {
                v.push(r);
            }
        }
        return v;
    }
    let l = c.to_ascii_lowercase();
    match ASCII.find(l) {
        Some(i) if c.is_ascii_alphanumeric() => vec![&ASCII[i..=i]],
        _ => Vec::new(),
    }
}
