//! Matches outside the name: in the texts kept of a line ([`node_texts`]),
//! in Chinese or in pinyin; which text matched, and the words around it.
//!
//! [`node_texts`]: super::node_texts

use super::matching::{char_filter, char_readings};
use super::{pack, u32_of, Found, Index, Match, Tier, MENTION_LETTERS, NO_FULL};

/// Characters of context before a match in an excerpt (three times as
/// many after it: a narrow list shows the match and what follows).
const AROUND: usize = 6;

impl Index {
    /// Is `q` looked for in the texts at all: Chinese of two characters or
    /// more, or [`MENTION_LETTERS`] letters and digits or more.
    pub(super) fn mentionable(q: &str, ascii: bool) -> bool {
        if ascii {
            q.len() >= MENTION_LETTERS && q.bytes().all(|b| b.is_ascii_alphanumeric())
        } else {
            q.chars().nth(1).is_some()
        }
    }

    /// The rank of a field among mentions: what a line is for first.
    fn field_rank(f: Found) -> usize {
        f as usize
    }

    /// A Chinese query in entry `i`'s texts: (mention, the field's rank).
    pub(super) fn han_mention(&self, i: usize, q: &str) -> Option<(Tier, usize, u32)> {
        if !Index::mentionable(q, false) || !super::matching::may_contain(&self.purpose_chars[i], q)
        {
            return None;
        }
        let at = self.purpose(i).find(q)?;
        let f = self.field_at(i, at, false);
        Some((Tier::Mention, Index::field_rank(f), NO_FULL))
    }

    /// Where a pinyin query starts in entry `i`'s texts as pinyin (at the
    /// start of a character's reading), from the entry's start.
    fn spoken_at(&self, i: usize, q: &str) -> Option<usize> {
        let (start, spoken) = self.spoken_of(i);
        spoken
            .match_indices(q)
            .map(|(k, _)| k)
            .find(|k| self.starts_reading(start + k))
    }

    /// A pinyin query in entry `i`'s texts: (mention, the field's rank).
    pub(super) fn spoken_mention(&self, i: usize, q: &str) -> Option<(Tier, usize, u32)> {
        let at = self.spoken_at(i, q)?;
        let f = self.field_at(i, at, true);
        Some((Tier::Mention, Index::field_rank(f), NO_FULL))
    }

    /// Entries that mention `q` in their texts, among those not already
    /// `matched` by name: a Chinese query read entry by entry behind a
    /// Bloom filter, a pinyin one found in all the texts' pinyin at once.
    pub(super) fn mentions(&self, q: &str, ascii: bool, matched: &[Match]) -> Vec<Match> {
        if !Index::mentionable(q, ascii) {
            return Vec::new();
        }
        let mut seen = vec![false; self.len()];
        for m in matched {
            seen[m.1 as usize] = true;
        }
        let key = |i: usize, sp: usize| pack(Tier::Mention, sp, self.amount_rank[i]);
        if ascii {
            let mut out = self.buffer();
            for (p, _) in self.spoken.match_indices(q) {
                if !self.starts_reading(p) {
                    continue;
                }
                let i = self.spoken_at.partition_point(|s| *s as usize <= p) - 1;
                if seen[i] {
                    continue;
                }
                seen[i] = true;
                let f = self.field_at(i, p - self.spoken_at[i] as usize, true);
                out.push((key(i, Index::field_rank(f)), u32_of(i), NO_FULL));
            }
            return out;
        }
        let want: [u64; 4] = char_filter::<4>(q);
        let scan = |lo: usize, hi: usize, out: &mut Vec<Match>| {
            out.extend((lo..hi).filter_map(|i| {
                let f = &self.purpose_chars[i];
                if seen[i] || !(0..4).all(|w| f[w] & want[w] == want[w]) {
                    return None;
                }
                let at = self.purpose(i).find(q)?;
                let found = self.field_at(i, at, false);
                Some((key(i, Index::field_rank(found)), u32_of(i), NO_FULL))
            }));
        };
        self.in_parallel(self.len(), 20_000, scan)
    }

    /// Which of entry `i`'s texts `q` matched, the words around the match,
    /// and the words matched (for the rows shown).
    pub(super) fn mention_excerpt(
        &self,
        i: usize,
        q: &str,
        ascii: bool,
    ) -> (Found, String, String) {
        let text = self.purpose(i);
        let at = if ascii {
            self.spoken_at(i, q).and_then(|p| text_offset(text, p))
        } else {
            text.find(q)
        };
        let Some(at) = at else {
            return (Found::Purpose, String::new(), String::new());
        };
        let found = self.field_at(i, at, false);
        // The match's own text: the query's characters (Chinese) or the
        // characters its letters read (pinyin).
        let len = if ascii {
            spoken_len(&text[at..], q.len())
        } else {
            q.len()
        };
        (
            found,
            excerpt(text, at, len),
            text[at..at + len].to_string(),
        )
    }
}

/// The byte of `text` whose character's reading starts at byte `p` of its
/// pinyin (as [`Index`] writes it: a character by its most common reading,
/// anything else a space; texts apart by a space).
fn text_offset(text: &str, p: usize) -> Option<usize> {
    let mut spoken = 0;
    for (b, c) in text.char_indices() {
        if spoken == p {
            return Some(b);
        }
        spoken += reading_len(c);
        if spoken > p {
            return None;
        }
    }
    None
}

/// How many bytes of `text` (from its start) the first `letters` letters
/// of its pinyin read.
fn spoken_len(text: &str, letters: usize) -> usize {
    let mut spoken = 0;
    for (b, c) in text.char_indices() {
        if spoken >= letters {
            return b;
        }
        spoken += reading_len(c);
    }
    text.len()
}

/// The length of a character's pinyin as the index writes it.
fn reading_len(c: char) -> usize {
    if c == '\n' {
        return 1;
    }
    char_readings(c).first().map_or(1, |r| r.len())
}

/// The words around `text[at..at + len]`, within its line, `…` where cut.
fn excerpt(text: &str, at: usize, len: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |k| k + 1);
    let line_end = text[at + len..]
        .find('\n')
        .map_or(text.len(), |k| at + len + k);
    let before: Vec<char> = text[line_start..at].chars().collect();
    let after: Vec<char> = text[at + len..line_end].chars().collect();
    let mut out = String::new();
    if before.len() > AROUND {
        out.push('…');
    }
    out.extend(&before[before.len().saturating_sub(AROUND)..]);
    out.push_str(&text[at..at + len]);
    out.extend(after.iter().take(AROUND * 3));
    if after.len() > AROUND * 3 {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
