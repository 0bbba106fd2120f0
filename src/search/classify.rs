//! Whether an entry matches a query, and how well (tier and tightness),
//! without the Skim matcher; and the scans that classify many entries —
//! split across threads, into match buffers kept between keystrokes.

use super::matching::{
    greedy, is_char_subsequence, lattice, letter_bit, letters_of, may_contain, span, text_tier,
};
use super::{pack, u32_of, Index, Match, Tier, NO_FULL, UNKNOWN};

impl Index {
    /// Does entry `i` match, and how well, without the Skim matcher: (tier,
    /// span of the tightest match, where it sat in the full pinyin). Skim
    /// matches exactly when the query is a subsequence, so this decides
    /// membership; Skim only orders.
    /// `words`: tell a whole word inside the name ([`Tier::Word`]) from a
    /// scattered match — not needed where only whole and prefix matches
    /// count (it reads the name's readings once more).
    pub(super) fn classify(
        &self,
        i: usize,
        q: &str,
        qmask: u64,
        ascii: bool,
        hint: Option<u32>,
        words: bool,
    ) -> Option<(Tier, usize, u32)> {
        if !ascii {
            return self.classify_han(i, q);
        }
        let h = &self.hot[i];
        if h.letters & qmask != qmask {
            return None;
        }
        let qb = q.as_bytes();
        let starts = h.first_letters & letter_bit(qb[0]) != 0;
        if qb.len() == 1 && !h.name_has_ascii && h.code_len == 0 {
            // One letter, a Chinese name: the masks decide, no text is read.
            return Some((if starts { Tier::Prefix } else { Tier::Fuzzy }, 1, UNKNOWN));
        }
        let (name, code, full, _) = self.parts(i);
        if qb.len() == 1 {
            let tier = text_tier(name, q).min(text_tier(code, q));
            let tier = if starts { tier.min(Tier::Prefix) } else { tier };
            return Some((tier, 1, UNKNOWN));
        }
        let mut best: Option<(Tier, usize)> = None;
        let mut consider = |t: Tier, sp: usize| {
            if best.is_none_or(|b| (t, sp) < b) {
                best = Some((t, sp));
            }
        };
        if h.name_has_ascii {
            if let Some(sp) = span(qb, name.as_bytes()) {
                consider(text_tier(name, q), sp);
            }
        }
        if !code.is_empty() {
            if let Some(sp) = span(qb, code.as_bytes()) {
                consider(text_tier(code, q), sp);
            }
        }
        // The initials are a subsequence of the full pinyin, so a match in the
        // full pinyin decides membership; the lattice, only for names whose
        // first character can start the query, decides the tier.
        let mut full_at = NO_FULL;
        if let Some((start, end)) = in_full_pinyin(qb, full.as_bytes(), hint) {
            full_at = if start < 0xffff && end < 0xffff {
                u32_of(start) << 16 | u32_of(end)
            } else {
                UNKNOWN
            };
            let tier = if starts {
                self.pinyin_tier(i, qb)
            } else {
                Tier::Fuzzy
            };
            let tier = if words && tier == Tier::Fuzzy && self.inside_word(i, qb) {
                Tier::Word
            } else {
                tier
            };
            consider(tier, end - start);
        }
        best.map(|(t, sp)| (t, sp, full_at))
    }

    /// [`Index::classify`] for a Chinese query: a subsequence of the name,
    /// or else (two characters or more) words in what the line is for.
    #[inline]
    fn classify_han(&self, i: usize, q: &str) -> Option<(Tier, usize, u32)> {
        // The lowercased name from the arena (the query is lowercased too):
        // read in order, not through a pointer per entry.
        let name = self.parts(i).0;
        if !may_contain(&[self.hot[i].name_chars], q) || !is_char_subsequence(q, name) {
            return self.han_mention(i, q);
        }
        let tier = text_tier(name, q);
        let mut qi = q.chars().peekable();
        let (mut first, mut last) = (None, 0);
        for (ci, c) in name.chars().enumerate() {
            if qi.peek() == Some(&c) {
                qi.next();
                first.get_or_insert(ci);
                last = ci;
            }
        }
        Some((tier, last + 1 - first.unwrap_or(0), NO_FULL))
    }

    /// Does the pinyin query (two letters or more) spell consecutive
    /// characters of entry `i`'s name, from its second character on, each by
    /// its most common reading (the last may be begun only)? — `zufang` in
    /// 新引进人才租房补贴. A walk over the name's characters, most rejected by
    /// their reading's first letter.
    fn inside_word(&self, i: usize, qb: &[u8]) -> bool {
        if qb.len() < 2 {
            return false;
        }
        let r = self.readings_of(i);
        let first = |at: usize| -> Option<&[u8]> {
            (r.get(at).copied()? > 0).then(|| self.syllables[r[at + 1] as usize].as_bytes())
        };
        let mut at = r.first().map_or(r.len(), |n| 1 + *n as usize);
        while at < r.len() {
            if first(at).is_some_and(|s| s[0] == qb[0]) {
                let (mut k, mut pos) = (at, 0);
                while let Some(s) = (k < r.len()).then(|| first(k)).flatten() {
                    let rest = &qb[pos..];
                    if rest.len() <= s.len() {
                        if s.starts_with(rest) {
                            return true;
                        }
                        break;
                    }
                    if !rest.starts_with(s) {
                        break;
                    }
                    pos += s.len();
                    k += 1 + r[k] as usize;
                }
            }
            at += 1 + r[at] as usize;
        }
        false
    }

    /// How a pinyin query that matches entry `i`'s full pinyin, and whose
    /// first letter can start it, stands against the name's readings: the
    /// whole of a reading (or of its initials), its start, or scattered.
    #[inline]
    fn pinyin_tier(&self, i: usize, qb: &[u8]) -> Tier {
        let r = self.readings_of(i);
        let (exact, prefix) = lattice(qb, r, &self.syllables, false);
        let (iexact, iprefix) = if exact {
            (true, true)
        } else {
            lattice(qb, r, &self.syllables, true)
        };
        if exact || iexact {
            Tier::Exact
        } else if prefix || iprefix {
            Tier::Prefix
        } else {
            Tier::Fuzzy
        }
    }

    /// An empty match buffer, kept from an earlier keystroke when there is one.
    pub(super) fn buffer(&self) -> Vec<Match> {
        self.buffers
            .lock()
            .ok()
            .and_then(|mut b| b.pop())
            .unwrap_or_default()
    }

    /// Keep a buffer for the next keystroke.
    pub(super) fn recycle(&self, mut v: Vec<Match>) {
        v.clear();
        if let Ok(mut b) = self.buffers.lock() {
            if b.len() < 8 {
                b.push(v);
            }
        }
    }

    /// `work` over `0..n` in parts, one per core (up to four) when `n` is at
    /// least `min`, each part filling a kept buffer; the parts' matches
    /// appended in order.
    pub(super) fn in_parallel(
        &self,
        n: usize,
        min: usize,
        work: impl Fn(usize, usize, &mut Vec<Match>) + Sync,
    ) -> Vec<Match> {
        use rayon::prelude::*;
        let mut out = self.buffer();
        let threads = rayon::current_num_threads().min(4);
        if n < min || threads < 2 {
            work(0, n, &mut out);
            return out;
        }
        let size = n.div_ceil(threads);
        let mut parts: Vec<Vec<Match>> = (0..threads).map(|_| self.buffer()).collect();
        parts
            .par_iter_mut()
            .enumerate()
            .for_each(|(t, part)| work(t * size, ((t + 1) * size).min(n), part));
        out.reserve(parts.iter().map(Vec::len).sum());
        for mut part in parts {
            out.append(&mut part);
            self.recycle(part);
        }
        out
    }

    /// Every entry of the pool that matches, as (sort key, entry): the key
    /// packs tier, tightness and amount rank so that ordering is one integer
    /// comparison.
    /// `want`: whether whole words are told from scattered matches, and
    /// whether a pinyin query that does not match an entry's name is looked
    /// for in its texts too (a Chinese one always is).
    pub(super) fn classify_all(
        &self,
        pool: Option<&[u32]>,
        hints: Option<&[u32]>,
        q: &str,
        ascii: bool,
        want: Want,
    ) -> Vec<Match> {
        let n = pool.map_or(self.len(), <[u32]>::len);
        self.classify_span(pool, hints, q, ascii, want, 0..n)
    }

    /// [`Index::classify_all`] over positions `span` of the pool (or of
    /// all entries) only.
    pub(super) fn classify_span(
        &self,
        pool: Option<&[u32]>,
        hints: Option<&[u32]>,
        q: &str,
        ascii: bool,
        want: Want,
        span: std::ops::Range<usize>,
    ) -> Vec<Match> {
        let qmask = letters_of(q);
        let mentions = want.mentions && ascii && Index::mentionable(q, ascii);
        // Positions lo..hi of the span.
        let work = |lo: usize, hi: usize, out: &mut Vec<Match>| {
            out.extend((span.start + lo..span.start + hi).filter_map(|k| {
                let i = pool.map_or(u32_of(k), |p| p[k]);
                let hint = hints.map(|h| h[k]);
                self.classify(i as usize, q, qmask, ascii, hint, want.words)
                    .or_else(|| {
                        mentions
                            .then(|| self.spoken_mention(i as usize, q))
                            .flatten()
                    })
                    .map(|(t, sp, full)| (pack(t, sp, self.amount_rank[i as usize]), i, full))
            }));
        };
        self.in_parallel(span.len(), 20_000, work)
    }

    /// The entries whose name holds `c` (`list`), best first for the
    /// one-character query `c`: tier from the name's length and first
    /// character, then amount.
    pub(super) fn rank_char(&self, c: char, list: &[u32]) -> Vec<(u64, u32)> {
        let mut ranked: Vec<(u64, u32)> = list
            .iter()
            .map(|&i| {
                let h = &self.hot[i as usize];
                let tier = if h.name_len as usize == c.len_utf8() {
                    Tier::Exact
                } else if h.first_char == c {
                    Tier::Prefix
                } else {
                    Tier::Fuzzy
                };
                (pack(tier, 1, self.amount_rank[i as usize]), i)
            })
            .collect();
        ranked.sort_unstable();
        ranked
    }

    /// A Chinese query with nothing to narrow from. One character: the head
    /// of its ranked list is the answer. More: a name can match only if it
    /// holds every character, so the characters' lists are intersected
    /// (sorted, read in order) before any name is read; a mention (two
    /// characters or more) is looked for in every other entry's purpose,
    /// behind a Bloom filter.
    ///
    /// Mentions rank below every name match: when the names give `limit`
    /// hits, mentions are not looked for (and the answer says so).
    pub(super) fn classify_chinese(&self, q: &str, limit: usize) -> (Vec<Match>, bool) {
        let chars: Vec<char> = q.chars().collect();
        let list = |c: &char| self.by_char.get(c).map_or(&[][..], Vec::as_slice);
        if let [c] = chars.as_slice() {
            let cap = (limit * 4).max(64);
            let head = self.by_char_ranked.get(c).map_or(&[][..], Vec::as_slice);
            // Past the head kept at build time (a large `--limit`): rank afresh.
            let full;
            let ranked = if cap > head.len() && head.len() < list(c).len() {
                full = self.rank_char(*c, list(c));
                &full[..]
            } else {
                head
            };
            let head = ranked
                .iter()
                .take(cap)
                .map(|&(k, i)| (k, i, NO_FULL))
                .collect();
            return (head, false);
        }
        let mut lists: Vec<&[u32]> = chars.iter().map(list).collect();
        lists.sort_by_key(|l| l.len());
        let mut candidates: Vec<u32> = lists[0].to_vec();
        for other in &lists[1..] {
            let mut j = 0;
            candidates.retain(|x| {
                while j < other.len() && other[j] < *x {
                    j += 1;
                }
                j < other.len() && other[j] == *x
            });
        }
        let key = |i: u32, t: Tier, sp: usize| pack(t, sp, self.amount_rank[i as usize]);
        let mut out = self.in_parallel(candidates.len(), 8_000, |lo, hi, out| {
            out.extend(candidates[lo..hi].iter().filter_map(|&i| {
                self.classify(i as usize, q, 0, false, None, true)
                    .map(|(t, sp, f)| (key(i, t, sp), i, f))
            }));
        });
        if out.len() >= limit {
            out.sort_unstable_by_key(|m| m.1);
            return (out, true);
        }
        let mentions = self.mentions(q, false, &out);
        out.extend_from_slice(&mentions);
        self.recycle(mentions);
        out.sort_unstable_by_key(|m| m.1);
        (out, false)
    }
}

/// What a scan looks for beyond whether and how an entry's name matches.
#[derive(Debug, Clone, Copy)]
pub(super) struct Want {
    /// Whole words inside a name told from scattered matches.
    pub words: bool,
    /// A pinyin query's mentions in the texts kept of a line.
    pub mentions: bool,
}

impl Want {
    /// Membership alone (working ahead, warming up).
    pub(super) const MEMBERSHIP: Want = Want {
        words: false,
        mentions: false,
    };
}

/// Where the query `qb` sits in a full pinyin `fb` (start, end), greedily;
/// the previous keystroke's match (`hint`), when known, leaves one letter
/// to find after it.
#[inline]
fn in_full_pinyin(qb: &[u8], fb: &[u8], hint: Option<u32>) -> Option<(usize, usize)> {
    match hint {
        Some(NO_FULL) => None,
        Some(h) if h != UNKNOWN => {
            let (start, end) = ((h >> 16) as usize, (h & 0xffff) as usize);
            let last = qb[qb.len() - 1];
            fb[end.min(fb.len())..]
                .iter()
                .position(|b| *b == last)
                .map(|k| (start, end + k + 1))
        }
        _ => greedy(qb, fb),
    }
}
