//! Search: fuzzy, in Chinese and in pinyin (full and initials), over every
//! node of every view, fast enough to run on each keystroke at city scale.
//!
//! Each node's name is indexed once as (a) the Chinese name, (b) its full
//! pinyin and (c) its initials, where a character with several readings
//! contributes all of them side by side (调 → `diaotiao`, initials `dt`), so
//! the index grows linearly with the name, whatever its polyphonic characters.
//! A map from each pinyin letter back to its Chinese character lets matches
//! made on pinyin highlight the right characters. 科目 and 品目 codes are
//! matched by their digits.
//!
//! Lines that read alike — the same name, code and purpose, as a city's
//! 科目 repeat in every department and a project recurs year after year —
//! share one entry, which lists their nodes: a decade of a city is indexed
//! (and searched) about as fast as one year.
//!
//! Speed: a query that extends the previous one searches only the previous
//! hits; a cheap subsequence test runs before the Skim matcher; big
//! candidate sets are split across threads; match positions are computed
//! only for the rows shown.

mod build;
mod matching;

use crate::model::{Kind, Model, NodeId};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use matching::{
    char_filter, greedy, is_char_subsequence, lattice, letter_bit, letters_of, may_contain, span,
    text_tier,
};
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::collections::HashMap;

/// How well a node matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The query is the whole name, its pinyin, its initials or its code.
    Exact,
    /// The query starts the name, its pinyin, initials or code.
    Prefix,
    /// Scattered.
    Fuzzy,
    /// Not in the name, but the words stand in what the line is for (its
    /// 主要用于 text): `公务接待` finds 严控类项目. Chinese queries of two
    /// characters or more.
    Mention,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub id: NodeId,
    pub tier: Tier,
    pub score: i64,
    /// Indices of the matched characters of the node's name (chars, not bytes).
    pub positions: Vec<usize>,
}

/// A bit per ASCII letter or digit.
/// Where a hit sits, for a results list: the names between its department
/// and itself (`市人社局本级 › 项目支出`), after its year when several are
/// open (the same line found in each year of a decade); a mention says so first.
pub fn hit_context(model: &Model, hit: &Hit) -> String {
    let path = model.path(hit.id);
    let year = (model.years().len() > 1)
        .then(|| model.year_of(hit.id))
        .flatten()
        .map(|y| format!("{}年", model.years()[y]));
    let place = year
        .iter()
        .map(String::as_str)
        .chain(
            path[..path.len().saturating_sub(1)]
                .iter()
                .skip(1)
                .map(String::as_str),
        )
        .collect::<Vec<_>>()
        .join(" › ");
    if hit.tier == Tier::Mention {
        format!("用途提及 · {place}")
    } else {
        place
    }
}

/// Tier (2 bits), match span (22 bits) and amount rank (32 bits) in one
/// integer: smaller is better.
/// A count or offset as the index stores it, in 32 bits: a model has far
/// fewer nodes and characters than that (the loader caps names at 1,000
/// characters; a city is a few hundred thousand lines).
pub(crate) fn u32_of(n: usize) -> u32 {
    u32::try_from(n).expect("the index holds fewer than 2^32 entries")
}

/// A short length in 16 bits, saturating (a name has at most 1,000 characters).
pub(crate) fn u16_of(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Where entry `i`'s part of a column stored end to end lies: from its
/// start in `at` to the next entry's (the last, to the column's `len`).
fn slot(at: &[u32], i: usize, len: usize) -> std::ops::Range<usize> {
    at[i] as usize..at.get(i + 1).map_or(len, |e| *e as usize)
}

/// A match as the scan yields it: (sort key, entry, where it sat in the
/// full pinyin).
type Match = (u64, u32, u32);

/// Matches' entries and where each sat in its full pinyin, appended to a
/// [`Step`]'s two columns.
fn split_into(matches: &[Match], entries: &mut Vec<u32>, full: &mut Vec<u32>) {
    entries.extend(matches.iter().map(|m| m.1));
    full.extend(matches.iter().map(|m| m.2));
}

fn pack(t: Tier, span: usize, amount_rank: u32) -> u64 {
    ((t as u64) << 54) | ((span.min((1 << 22) - 1) as u64) << 32) | u64::from(amount_rank)
}

impl Tier {
    /// The name JSON output uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Prefix => "prefix",
            Tier::Fuzzy => "fuzzy",
            Tier::Mention => "mention",
        }
    }
}

fn tier_of(key: u64) -> Tier {
    match key >> 54 {
        0 => Tier::Exact,
        1 => Tier::Prefix,
        2 => Tier::Fuzzy,
        _ => Tier::Mention,
    }
}

/// What the hot loop reads of an entry, packed together: 24 bytes.
#[derive(Debug, Clone, Copy)]
struct Hot {
    /// Every ASCII letter and digit in the name, code and pinyin: a query
    /// with a letter outside it cannot match.
    letters: u64,
    /// Letters that can start the pinyin (any reading of the first character).
    first_letters: u64,
    /// Lengths of the parts of `text`: name (lowercased), code, full pinyin.
    name_len: u16,
    code_len: u16,
    full_len: u16,
    name_has_ascii: bool,
    /// A one-word Bloom filter of the name's characters, for Chinese queries.
    name_chars: u64,
    /// The name's first character (lowercased), for one-character queries.
    first_char: char,
}

/// Readings of one name are stored as, per character, a count and then
/// that many syllable ids (indices into `syllables`).
#[allow(dead_code)]
type Readings = [u16];

/// The search index over a model, one entry per distinct (name, code,
/// purpose), stored column-wise so the per-keystroke scan touches little
/// memory.
pub struct Index {
    /// The nodes of each entry, one after another: entry `i`'s are
    /// `nodes[nodes_at[i]..nodes_at[i + 1]]`, latest year first, then
    /// larger amounts first.
    nodes: Vec<NodeId>,
    nodes_at: Vec<u32>,
    /// Each entry's largest amount.
    amounts: Vec<Decimal>,
    /// Position of each entry when all are sorted by amount, largest first:
    /// a `u32` stands in for the `Decimal` in the hot comparisons.
    amount_rank: Vec<u32>,
    hot: Vec<Hot>,
    /// All entries' text, one after another: lowercased name, code, full
    /// pinyin (every reading of every character side by side) and initials.
    /// One arena, so a scan over entries reads memory in order.
    text: String,
    text_at: Vec<u32>,
    /// All entries' readings, one after another (see [`Readings`]).
    readings: Vec<u16>,
    readings_at: Vec<u32>,
    /// What each line is for (its purpose text), for [`Tier::Mention`], and
    /// a Bloom filter of its characters.
    purposes: String,
    purposes_at: Vec<u32>,
    purpose_chars: Vec<[u64; 4]>,
    /// For each character of any name, the entries whose name holds it: a
    /// Chinese query starts from the shortest of its characters' lists.
    by_char: HashMap<char, Vec<u32>>,
    /// The same lists as (sort key, entry), best first: a one-character
    /// Chinese query's answer is the head of its list.
    by_char_ranked: HashMap<char, Vec<(u64, u32)>>,
    /// For each ASCII letter and digit (in [`letter_bit`] order), the head
    /// of its one-letter ranking as (sort key, entry), and how many entries
    /// it matches: a one-letter query matches most of a city (`g`: nine
    /// entries in ten, every reading counted), so it is answered here.
    by_letter_ranked: Vec<(Vec<(u64, u32)>, usize)>,
    /// For each ASCII letter and digit, the entries a query starting with it
    /// can match as a whole or a prefix (see [`Index::prefixes_only`]).
    by_start: Vec<Vec<u32>>,
    syllables: Vec<&'static str>,
    matcher: SkimMatcherV2,
    /// (query, entries it matched), for narrowing as the user types.
    history: Vec<Step>,
    /// Match buffers kept from one keystroke to the next: a keystroke over
    /// a city fills megabytes of them, and fresh memory is page faults.
    buffers: std::sync::Mutex<Vec<Vec<Match>>>,
}

/// One keystroke's result, kept so the next keystroke searches less: the
/// entries that matched and, per entry, where the greedy match sat in its
/// full pinyin (`start << 16 | end`, or [`NO_FULL`]) — a query one letter
/// longer only has to find that letter after `end`.
struct Step {
    query: String,
    entries: Vec<u32>,
    full: Vec<u32>,
    /// The mentions were not looked for (the names gave enough hits): a
    /// longer query narrowed from here finds names only, and looks for
    /// mentions afresh when those are too few.
    no_mentions: bool,
    /// Only the whole and prefix matches were looked for
    /// ([`Index::prefixes_only`]): a longer query's prefixes are among
    /// them, its scattered matches anywhere — or among `all`.
    prefixes: bool,
    /// Every match of a query answered from its prefixes (entries, and
    /// where each full pinyin match sat), found while the user paused
    /// ([`Index::prepare`]): the next letter narrows from them when its own
    /// prefixes are too few, instead of scanning every entry.
    all: Option<(Vec<u32>, Vec<u32>)>,
}

/// How many entries [`Index::prepare`] classifies between two looks at
/// whether a query waits (about a millisecond's work on two cores).
const PREPARE_PART: usize = 32_768;

/// The query did not match the entry's full pinyin (only its name or code).
const NO_FULL: u32 = u32::MAX;
/// Where the match sat is not known: find it afresh.
const UNKNOWN: u32 = u32::MAX - 1;

/// How much of each character's one-character ranking the index keeps.
const RANKED_HEAD: usize = 512;

/// Which nodes are searched: all but the root and year nodes.
fn searchable(kind: Kind) -> bool {
    !matches!(kind, Kind::Root | Kind::Year)
}

impl Index {
    /// How many entries (distinct lines) the index holds.
    pub fn len(&self) -> usize {
        self.amounts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.amounts.is_empty()
    }

    /// How many nodes its entries stand for.
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The nodes entry `i` stands for.
    fn nodes_of(&self, i: usize) -> &[NodeId] {
        &self.nodes[slot(&self.nodes_at, i, self.nodes.len())]
    }

    /// (lowercased name, code, full pinyin, initials) of entry `i`.
    fn parts(&self, i: usize) -> (&str, &str, &str, &str) {
        let h = &self.hot[i];
        let t = &self.text[slot(&self.text_at, i, self.text.len())];
        let (n, c, f) = (
            h.name_len as usize,
            h.code_len as usize,
            h.full_len as usize,
        );
        (&t[..n], &t[n..n + c], &t[n + c..n + c + f], &t[n + c + f..])
    }

    fn purpose(&self, i: usize) -> &str {
        &self.purposes[slot(&self.purposes_at, i, self.purposes.len())]
    }

    fn readings_of(&self, i: usize) -> &[u16] {
        &self.readings[slot(&self.readings_at, i, self.readings.len())]
    }

    /// Does entry `i` match, and how well, without the Skim matcher: (tier,
    /// span of the tightest match). Skim matches exactly when the query is a
    /// subsequence, so this decides membership; Skim only orders.
    fn classify(
        &self,
        i: usize,
        q: &str,
        qmask: u64,
        ascii: bool,
        hint: Option<u32>,
    ) -> Option<(Tier, usize, u32)> {
        let h = &self.hot[i];
        if !ascii {
            // The lowercased name from the arena (the query is lowercased too):
            // read in order, not through a pointer per entry.
            let name = self.parts(i).0;
            if !may_contain(&[h.name_chars], q) || !is_char_subsequence(q, name) {
                let mention = q.chars().count() >= 2
                    && may_contain(&self.purpose_chars[i], q)
                    && self.purpose(i).contains(q);
                return mention.then_some((Tier::Mention, 0, NO_FULL));
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
            return Some((tier, last + 1 - first.unwrap_or(0), NO_FULL));
        }
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
        // first character can start the query, decides the tier. The previous
        // keystroke's match, when known, leaves one letter to find.
        let fb = full.as_bytes();
        let found = match hint {
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
        };
        let mut full_at = NO_FULL;
        if let Some((start, end)) = found {
            if start < 0xffff && end < 0xffff {
                full_at = u32_of(start) << 16 | u32_of(end);
            } else {
                full_at = UNKNOWN;
            }
            let tier = if starts {
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
            } else {
                Tier::Fuzzy
            };
            consider(tier, end - start);
        }
        best.map(|(t, sp)| (t, sp, full_at))
    }

    /// The Skim matcher's best score over the entry's name, code, pinyin and initials.
    fn skim(&self, i: usize, q: &str, ascii: bool) -> i64 {
        if !ascii {
            // The lowercased name: the query is lowercased too.
            return self.matcher.fuzzy_match(self.parts(i).0, q).unwrap_or(0);
        }
        let (name, code, full, initials) = self.parts(i);
        [name, code, full, initials]
            .iter()
            .filter(|h| !h.is_empty())
            .filter_map(|h| self.matcher.fuzzy_match(h, q))
            .max()
            .unwrap_or(0)
    }

    /// For each letter of entry `i`'s full pinyin and of its initials, the
    /// character of the name it spells — rebuilt from the readings, the way
    /// the build wrote the pinyin (only for the rows shown).
    fn letter_maps(&self, i: usize) -> (Vec<usize>, Vec<usize>) {
        let (mut full, mut initials) = (Vec::new(), Vec::new());
        let mut r = self.readings_of(i);
        let mut ci = 0;
        while let Some((&count, rest)) = r.split_first() {
            let (ids, tail) = rest.split_at((count as usize).min(rest.len()));
            let mut last_initial = None;
            for &id in ids {
                let syl = self.syllables[id as usize];
                full.extend(std::iter::repeat_n(ci, syl.len()));
                let first = syl.as_bytes()[0];
                if last_initial != Some(first) {
                    initials.push(ci);
                    last_initial = Some(first);
                }
            }
            r = tail;
            ci += 1;
        }
        (full, initials)
    }

    /// Positions (char indices of the name) to highlight for a hit: the
    /// best-scoring haystack's match, mapped from pinyin letters back to the
    /// Chinese characters they spell.
    fn positions(&self, i: usize, q: &str, ascii: bool) -> Vec<usize> {
        if !ascii {
            return self
                .matcher
                .fuzzy_indices(self.parts(i).0, q)
                .map(|(_, p)| p)
                .unwrap_or_default();
        }
        let (name, _, full, initials) = self.parts(i);
        let (full_map, initials_map) = self.letter_maps(i);
        let mut best: Option<(i64, Vec<usize>)> = self.matcher.fuzzy_indices(name, q);
        for (hay, map) in [(full, &full_map), (initials, &initials_map)] {
            if let Some((s, idx)) = self.matcher.fuzzy_indices(hay, q) {
                if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                    let mut mapped: Vec<usize> =
                        idx.iter().filter_map(|k| map.get(*k).copied()).collect();
                    mapped.dedup();
                    best = Some((s, mapped));
                }
            }
        }
        best.map(|(_, p)| p).unwrap_or_default()
    }

    /// Search for `query`; the best `limit` hits, best first: exact, then
    /// prefix, then scattered matches; by Skim score; larger amounts first
    /// among equals. Remembers the query so the next, longer one searches
    /// only what this one found.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            self.history.clear();
            return Vec::new();
        }
        let ascii = q.is_ascii();
        // Narrow from the longest earlier query this one extends.
        while let Some(prev) = self.history.last() {
            if q.starts_with(prev.query.as_str()) && prev.query.is_ascii() == ascii {
                break;
            }
            self.history.pop();
        }
        // A one-character Chinese query finds no mentions (they need two), so
        // its matches are not a superset of the next query's: search all.
        let narrowable = |prev: &str| ascii || prev.chars().count() >= 2;
        let step = self.history.last().filter(|p| narrowable(&p.query));
        // Where the previous matches sat helps only for a query one letter longer.
        let next = |p: &Step| p.query.len() + 1 == q.len();
        let (prefixes, all, step) = match step {
            Some(p) if p.prefixes => (
                Some(p.entries.as_slice()),
                p.all
                    .as_ref()
                    .map(|(e, f)| (e.as_slice(), next(p).then_some(f.as_slice()))),
                None,
            ),
            _ => (None, None, step),
        };
        let hints = step.filter(|p| next(p)).map(|p| p.full.as_slice());
        let pool = step.map(|p| p.entries.as_slice());
        let mut matched = if let Some(head) = self.one_letter(&q, pool, limit) {
            // Nothing is kept to narrow from: the next letter scans every
            // entry (its mask test rejects as many as the pool would).
            head
        } else if let Some(top) = self.prefixes_only(&q, pool, prefixes, limit) {
            // The next letter's prefixes are among these.
            self.history.push(Step {
                query: q.clone(),
                entries: top.iter().map(|m| m.1).collect(),
                full: Vec::new(),
                no_mentions: false,
                prefixes: true,
                all: None,
            });
            top
        } else {
            let (mut matched, mut no_mentions) = if !ascii && pool.is_none() {
                self.classify_chinese(&q, limit)
            } else {
                // Too few prefixes: every match of the previous query, when
                // they were found meanwhile, holds this one's.
                let (pool, hints) = match all {
                    Some((entries, hints)) => (Some(entries), hints),
                    None => (pool, hints),
                };
                let m = self.classify_all(pool, hints, &q, ascii);
                (m, step.is_some_and(|p| p.no_mentions))
            };
            let names = || {
                matched
                    .iter()
                    .filter(|m| tier_of(m.0) != Tier::Mention)
                    .count()
            };
            if no_mentions && !ascii && names() < limit {
                let mentions = self.mentions(&q, &matched);
                matched.extend_from_slice(&mentions);
                self.recycle(mentions);
                no_mentions = false;
            }
            let (mut entries, mut full) = (
                Vec::with_capacity(matched.len()),
                Vec::with_capacity(matched.len()),
            );
            split_into(&matched, &mut entries, &mut full);
            self.history.push(Step {
                query: q.clone(),
                entries,
                full,
                no_mentions,
                prefixes: false,
                all: None,
            });
            matched
        };
        let ranked = self.rank(&mut matched, &q, ascii, limit);
        self.recycle(matched);
        // Each entry stands for its nodes, in its order (latest year, then
        // larger amounts first); positions are the same for all of them.
        let mut found = Vec::with_capacity(limit.min(ranked.len() * 2));
        for (i, tier, score) in ranked {
            if found.len() >= limit {
                break;
            }
            let positions = self.positions(i as usize, &q, ascii);
            for &id in self.nodes_of(i as usize) {
                if found.len() >= limit {
                    break;
                }
                found.push(Hit {
                    id,
                    tier,
                    score,
                    positions: positions.clone(),
                });
            }
        }
        found
    }

    /// Work ahead while the user pauses (the explorer's search worker calls
    /// this when no query is waiting): when the last query was answered from
    /// its prefixes alone, find all its matches, so that the next letter —
    /// should its prefixes be too few (`xinxi` has hundreds, `xinxih` a
    /// handful) — narrows from them instead of scanning every entry. Done in
    /// parts; `stop` is asked before each, and when it says a query waits
    /// the work is dropped.
    pub fn prepare(&mut self, stop: &mut dyn FnMut() -> bool) {
        let Some(last) = self.history.last() else {
            return;
        };
        if !last.prefixes || last.all.is_some() {
            return;
        }
        let q = last.query.clone();
        let (mut entries, mut full) = (Vec::new(), Vec::new());
        let n = self.len();
        for lo in (0..n).step_by(PREPARE_PART) {
            if stop() {
                return;
            }
            let part = self.classify_span(None, None, &q, true, lo..n.min(lo + PREPARE_PART));
            split_into(&part, &mut entries, &mut full);
            self.recycle(part);
        }
        if let Some(last) = self.history.last_mut() {
            last.all = Some((entries, full));
        }
    }

    /// A one-letter query over every entry, answered from the ranking kept at
    /// build time when its head holds the `(limit × 4).max(64)` that
    /// [`Index::rank`] would keep.
    fn one_letter(&self, q: &str, pool: Option<&[u32]>, limit: usize) -> Option<Vec<Match>> {
        let &[b] = q.as_bytes() else { return None };
        let bit = letter_bit(b);
        if pool.is_some() || bit == 0 {
            return None;
        }
        let (head, total) = &self.by_letter_ranked[bit.trailing_zeros() as usize];
        let cap = (limit * 4).max(64);
        (cap <= head.len() || head.len() == *total).then(|| {
            head.iter()
                .take(cap)
                .map(|&(k, i)| (k, i, UNKNOWN))
                .collect()
        })
    }

    /// A short pinyin query over every entry matches most of a city (`gg`:
    /// three entries in four, every reading counted), but hits are ordered
    /// by tier first: whole and prefix matches before any scattered one.
    /// When the entries that can start with the query's first letter hold
    /// `limit` whole or prefix matches, the hits shown are all among them
    /// (ranked as [`Index::rank`] would rank them with the rest), and the
    /// scattered matches are never looked for.
    /// `prefixes`: the previous query's, when it was answered so.
    fn prefixes_only(
        &self,
        q: &str,
        pool: Option<&[u32]>,
        prefixes: Option<&[u32]>,
        limit: usize,
    ) -> Option<Vec<Match>> {
        let first = letter_bit(*q.as_bytes().first()?);
        if pool.is_some() || first == 0 || !q.is_ascii() {
            return None;
        }
        let list = prefixes.unwrap_or(&self.by_start[first.trailing_zeros() as usize]);
        if list.len() < limit {
            return None;
        }
        let qmask = letters_of(q);
        let found = self.in_parallel(list.len(), 8_000, |lo, hi, out| {
            out.extend(list[lo..hi].iter().filter_map(|&i| {
                self.classify(i as usize, q, qmask, true, None)
                    .filter(|(t, _, _)| *t <= Tier::Prefix)
                    .map(|(t, sp, _)| (pack(t, sp, self.amount_rank[i as usize]), i, UNKNOWN))
            }));
        });
        if found.len() >= limit {
            Some(found)
        } else {
            self.recycle(found);
            None
        }
    }

    /// Order the matches, running Skim only on as many as can reach the top
    /// `limit`: the best few hundred by (tier, tightness, amount) — exact and
    /// prefix matches first, scattered ones only when those are too few —
    /// then Skim's score decides among them.
    fn rank(
        &self,
        matched: &mut Vec<Match>,
        q: &str,
        ascii: bool,
        limit: usize,
    ) -> Vec<(u32, Tier, i64)> {
        let cap = (limit * 4).max(64);
        if matched.len() > cap {
            matched.select_nth_unstable(cap);
            matched.truncate(cap);
        }
        let mut scored: Vec<(u32, Tier, i64)> = matched
            .iter()
            .map(|&(key, i, _)| (i, tier_of(key), self.skim(i as usize, q, ascii)))
            .collect();
        scored.sort_by_key(|(i, t, s)| (*t, Reverse(*s), self.amount_rank[*i as usize]));
        scored
    }

    /// An empty match buffer, kept from an earlier keystroke when there is one.
    fn buffer(&self) -> Vec<Match> {
        self.buffers
            .lock()
            .ok()
            .and_then(|mut b| b.pop())
            .unwrap_or_default()
    }

    /// Keep a buffer for the next keystroke.
    fn recycle(&self, mut v: Vec<Match>) {
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
    fn in_parallel(
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
    fn classify_all(
        &self,
        pool: Option<&[u32]>,
        hints: Option<&[u32]>,
        q: &str,
        ascii: bool,
    ) -> Vec<Match> {
        let n = pool.map_or(self.len(), <[u32]>::len);
        self.classify_span(pool, hints, q, ascii, 0..n)
    }

    /// [`Index::classify_all`] over positions `span` of the pool (or of
    /// all entries) only.
    fn classify_span(
        &self,
        pool: Option<&[u32]>,
        hints: Option<&[u32]>,
        q: &str,
        ascii: bool,
        span: std::ops::Range<usize>,
    ) -> Vec<Match> {
        let qmask = letters_of(q);
        // Positions lo..hi of the span.
        let work = |lo: usize, hi: usize, out: &mut Vec<Match>| {
            out.extend((span.start + lo..span.start + hi).filter_map(|k| {
                let i = pool.map_or(u32_of(k), |p| p[k]);
                let hint = hints.map(|h| h[k]);
                self.classify(i as usize, q, qmask, ascii, hint)
                    .map(|(t, sp, full)| (pack(t, sp, self.amount_rank[i as usize]), i, full))
            }));
        };
        self.in_parallel(span.len(), 20_000, work)
    }

    /// The entries whose name holds `c` (`list`), best first for the
    /// one-character query `c`: tier from the name's length and first
    /// character, then amount.
    fn rank_char(&self, c: char, list: &[u32]) -> Vec<(u64, u32)> {
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
    fn classify_chinese(&self, q: &str, limit: usize) -> (Vec<Match>, bool) {
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
                self.classify(i as usize, q, 0, false, None)
                    .map(|(t, sp, f)| (key(i, t, sp), i, f))
            }));
        });
        if out.len() >= limit {
            out.sort_unstable_by_key(|m| m.1);
            return (out, true);
        }
        let mentions = self.mentions(q, &out);
        out.extend_from_slice(&mentions);
        self.recycle(mentions);
        out.sort_unstable_by_key(|m| m.1);
        (out, false)
    }

    /// Entries that mention `q` in what they are for, among those not
    /// already `matched` by name (a Chinese query of two characters or more).
    fn mentions(&self, q: &str, matched: &[Match]) -> Vec<Match> {
        if q.chars().count() < 2 {
            return Vec::new();
        }
        let mut seen = vec![false; self.len()];
        for m in matched {
            seen[m.1 as usize] = true;
        }
        let key = |i: u32, t: Tier, sp: usize| pack(t, sp, self.amount_rank[i as usize]);
        let want: [u64; 4] = char_filter::<4>(q);
        let n = self.len();
        let scan = |lo: usize, hi: usize, out: &mut Vec<Match>| {
            out.extend(
                (lo..hi)
                    .filter(|&i| {
                        let f = &self.purpose_chars[i];
                        !seen[i]
                            && (0..4).all(|w| f[w] & want[w] == want[w])
                            && self.purpose(i).contains(q)
                    })
                    .map(|i| (key(u32_of(i), Tier::Mention, 0), u32_of(i), NO_FULL)),
            );
        };
        self.in_parallel(n, 20_000, scan)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collate::sort_key;

    fn index_of(names: &[&str]) -> (Model, Index) {
        let mut d = crate::load::bundled();
        d.units.truncate(1);
        let u = &mut d.units[0];
        u.categories.truncate(1);
        u.categories[0].children = names
            .iter()
            .map(|n| crate::schema::Entry::leaf(*n, u.categories[0].figures.clone()))
            .collect();
        d.functions.clear();
        d.income.clear();
        d.procurement.lines.clear();
        let m = Model::new(vec![d]);
        let ix = Index::new(&m);
        (m, ix)
    }

    fn entry(ix: &Index, name: &str) -> usize {
        (0..ix.len()).position(|i| ix.parts(i).0 == name).unwrap()
    }

    #[test]
    fn readings_cover_polyphonic_characters() {
        let (_m, ix) = index_of(&["协调"]);
        let i = entry(&ix, "协调");
        let (_, _, full, _) = ix.parts(i);
        assert!(
            full.contains("xie") && full.contains("tiao") && full.contains("diao"),
            "{full}"
        );
        let r = ix.readings_of(i);
        assert_eq!(lattice(b"xietiao", r, &ix.syllables, false), (true, true));
        assert_eq!(lattice(b"xiediao", r, &ix.syllables, false), (true, true));
        assert_eq!(lattice(b"xiet", r, &ix.syllables, false), (false, true));
        assert_eq!(lattice(b"xt", r, &ix.syllables, true), (true, true));
        assert_eq!(lattice(b"xq", r, &ix.syllables, true), (false, false));
    }

    #[test]
    fn index_is_linear_in_polyphonic_characters() {
        // Ten characters with several readings each: the pinyin stays short.
        let (_m, ix) = index_of(&["重调重调重调重调重调"]);
        let i = entry(&ix, "重调重调重调重调重调");
        let (_, _, full, _) = ix.parts(i);
        assert!(full.len() < 200, "{}", full.len());
        let (full_map, initials_map) = ix.letter_maps(i);
        assert_eq!(full_map.len(), full.len());
        assert_eq!(initials_map.len(), ix.parts(i).3.len());
        assert_eq!(
            lattice(
                b"chongtiaozhongdiao",
                ix.readings_of(i),
                &ix.syllables,
                false
            ),
            (false, true)
        );
    }

    #[test]
    fn maps_pinyin_letters_back_to_characters() {
        let (_m, ix) = index_of(&["人才引进"]);
        let i = entry(&ix, "人才引进");
        let (_, _, full, initials) = ix.parts(i);
        // 才 also reads zai in the pinyin crate's data: every reading is kept.
        assert!(
            full.starts_with("rencai") && full.ends_with("yinjin"),
            "{full}"
        );
        let (full_map, initials_map) = ix.letter_maps(i);
        assert_eq!(full_map.len(), full.len());
        assert_eq!(full_map[3], 1);
        assert_eq!(*full_map.last().unwrap(), 3);
        assert_eq!(initials_map.len(), initials.len());
        assert_eq!(*initials_map.last().unwrap(), 3);
        assert!(
            initials.starts_with("rc") && initials.ends_with("yj"),
            "{initials}"
        );
        assert_eq!(ix.positions(i, "yinjin", true), vec![2, 3]);
    }

    #[test]
    fn ranks_exact_then_prefix_then_scattered_and_narrows() {
        let (m, mut ix) = index_of(&["调解", "协调", "重构", "人才引进及管理", "引进人才"]);
        let name = |h: &Hit| m.node(h.id).name.clone();
        let hits = ix.search("tiaojie", 10);
        assert_eq!(name(&hits[0]), "调解");
        assert_eq!(hits[0].tier, Tier::Exact);
        let hits = ix.search("chonggou", 10);
        assert_eq!(name(&hits[0]), "重构");
        let hits = ix.search("rcyj", 10);
        assert_eq!(name(&hits[0]), "人才引进及管理");
        assert_eq!(hits[0].tier, Tier::Prefix);
        assert_eq!(hits[0].positions, vec![0, 1, 2, 3]);
        let hits = ix.search("yjrc", 10);
        assert_eq!(name(&hits[0]), "引进人才");
        assert_eq!(hits[0].tier, Tier::Exact);
        let hits = ix.search("引进", 10);
        assert_eq!(name(&hits[0]), "引进人才", "prefix before scattered");
        assert_eq!(hits[0].positions, vec![0, 1]);
        assert_eq!(name(&hits[1]), "人才引进及管理");
        // Typing on narrows; deleting widens again.
        let n = ix.search("r", 50).len();
        assert!(n >= 2);
        assert_eq!(ix.search("rcyjjglx", 50).len(), 0);
        assert_eq!(ix.search("r", 50).len(), n);
    }

    /// Type `q` into a fresh popup key by key: the last keystroke's hits.
    fn type_in(ix: &mut Index, q: &str, limit: usize) -> Vec<Hit> {
        typing(ix, q, limit, false)
    }

    /// [`type_in`], pausing after each letter: the index works ahead.
    fn type_in_pausing(ix: &mut Index, q: &str, limit: usize) -> Vec<Hit> {
        typing(ix, q, limit, true)
    }

    fn typing(ix: &mut Index, q: &str, limit: usize, pause: bool) -> Vec<Hit> {
        ix.search("", 0);
        let chars: Vec<char> = q.chars().collect();
        let mut last = Vec::new();
        for n in 1..=chars.len() {
            last = ix.search(&chars[..n].iter().collect::<String>(), limit);
            if pause {
                ix.prepare(&mut || false);
            }
        }
        last
    }

    #[test]
    fn typing_gives_what_a_fresh_search_gives() {
        let m = Model::new(vec![crate::load::bundled()]);
        let mut typed = Index::new(&m);
        for q in [
            "rencaiyinjin",
            "zhiyejineng",
            "xinxihua",
            "rcyj",
            "gongwujiedai",
            "人才引进",
            "专项资金",
            "2011",
            "cdwl",
            "xietiao",
        ] {
            let last = type_in(&mut typed, q, 50);
            let fresh = Index::new(&m).search(q, 50);
            assert_eq!(last, fresh, "{q}");
            // Backspace and retype: the history is unwound, not reused wrongly.
            let chars: Vec<char> = q.chars().collect();
            let shorter: String = chars[..chars.len() - 1].iter().collect();
            assert_eq!(
                typed.search(&shorter, 50),
                Index::new(&m).search(&shorter, 50),
                "{shorter}"
            );
        }
    }

    #[test]
    fn lines_that_read_alike_share_an_entry_and_are_all_found() {
        let (m, mut ix) = index_of(&["人才引进", "协调", "人才引进"]);
        let named = |name: &str| {
            m.ids()
                .filter(|id| m.node(*id).name == name)
                .collect::<Vec<_>>()
        };
        assert_eq!(named("人才引进").len(), 2);
        assert_eq!(
            (0..ix.len())
                .filter(|i| ix.parts(*i).0 == "人才引进")
                .count(),
            1
        );
        let hits = ix.search("rcyj", 10);
        let mut ids: Vec<NodeId> = hits.iter().take(2).map(|h| h.id).collect();
        ids.sort();
        assert_eq!(ids, named("人才引进"));
        assert_eq!(hits[0].positions, hits[1].positions);
        // A limit counts nodes, not entries.
        assert_eq!(ix.search("rcyj", 1).len(), 1);
    }

    /// The hits every entry would give, scanned one by one (no narrowing,
    /// no shortcut), as (node, tier).
    fn scanned(ix: &Index, q: &str, limit: usize) -> Vec<(NodeId, Tier)> {
        let ascii = q.is_ascii();
        let mut all = ix.classify_all(None, None, q, ascii);
        let mut out = Vec::new();
        for (i, tier, _) in ix.rank(&mut all, q, ascii, limit) {
            out.extend(ix.nodes_of(i as usize).iter().map(|id| (*id, tier)));
        }
        out.truncate(limit);
        out
    }

    #[test]
    fn shortcuts_give_what_scanning_every_entry_gives() {
        // 150 names that start with gg, 150 that only mention 公共 in what
        // they are for; a query's hits are the names' when they are enough.
        // 30 more read g…g…x, but not from their start (各类改革项目).
        let mut d = crate::load::bundled();
        d.units.truncate(1);
        let u = &mut d.units[0];
        u.categories.truncate(1);
        let figures = u.categories[0].figures.clone();
        u.categories[0].children = (0..330)
            .map(|i| {
                let (name, purpose) = if i >= 300 {
                    (format!("各类改革项目{i}"), "主要用于改革。")
                } else if i % 2 == 0 {
                    (format!("公共服务{i}"), "主要用于培训。")
                } else {
                    (format!("各类培训项目{i}"), "主要用于公共服务。")
                };
                let mut e = crate::schema::Entry::leaf(&name, figures.clone());
                e.purpose = purpose.into();
                e
            })
            .collect();
        let m = Model::new(vec![d]);
        let mut ix = Index::new(&m);
        let hits = |h: Vec<Hit>| h.into_iter().map(|h| (h.id, h.tier)).collect::<Vec<_>>();
        for q in [
            "ggfw",
            "ggxm",
            "gonggong",
            "公共服务1",
            "培训项目",
            "培训",
            "用于公共",
        ] {
            let chars: Vec<char> = q.chars().collect();
            for n in 1..=chars.len() {
                let typed: String = chars[..n].iter().collect();
                for limit in [10, 120] {
                    let want = scanned(&ix, &typed, limit);
                    let got = hits(type_in(&mut ix, &typed, limit));
                    assert_eq!(got, want, "{typed} (limit {limit})");
                    let got = hits(type_in_pausing(&mut ix, &typed, limit));
                    assert_eq!(got, want, "{typed} (limit {limit}, pausing)");
                }
            }
        }
        // gg: 150 prefix matches, answered from the prefixes alone (kept
        // for the next letter's prefixes); 公共 with ten hits wanted: names only.
        ix.search("", 0);
        ix.search("gg", 10);
        assert!(ix
            .history
            .last()
            .is_some_and(|s| s.prefixes && s.entries.len() >= 150));
        // Paused on gg: all its matches are found, 各类改革项目 among them,
        // and ggx (no prefix) narrows from them; a query waiting stops it.
        ix.prepare(&mut || true);
        assert!(ix.history.last().is_some_and(|s| s.all.is_none()));
        ix.prepare(&mut || false);
        let all = ix
            .history
            .last()
            .and_then(|s| s.all.as_ref())
            .expect("found");
        assert!(all.0.len() >= 180, "{}", all.0.len());
        let h = ix.search("ggx", 10);
        assert!(h.len() == 10 && h.iter().all(|h| h.tier == Tier::Fuzzy));
        ix.search("公共", 10);
        assert!(ix.history.last().is_some_and(|s| s.no_mentions));
        // Wanting more hits than the names give: the mentions come too.
        let h = ix.search("公共", 200);
        let mentions = h.iter().filter(|h| h.tier == Tier::Mention).count();
        assert!(
            h.len() == 200 && mentions > 0 && mentions <= 50,
            "{mentions}"
        );
        assert_eq!(hits(h), scanned(&ix, "公共", 200));
    }

    #[test]
    fn a_hit_says_its_year_when_several_are_open_latest_first() {
        let mut later = crate::load::bundled();
        later.year = 2021;
        let m = Model::new(vec![crate::load::bundled(), later]);
        let mut ix = Index::new(&m);
        let contexts: Vec<String> = ix
            .search("人才引进及管理", 10)
            .iter()
            .filter(|h| h.tier == Tier::Exact)
            .map(|h| hit_context(&m, h))
            .collect();
        // Two units' lines of that name; each found in both years, the
        // later first.
        assert_eq!(
            contexts,
            [
                "2021年 › 市人社局本级 › 项目支出",
                "2020年 › 市人社局本级 › 项目支出",
                "2021年 › 市人事人才公共服务中心 › 项目支出",
                "2020年 › 市人事人才公共服务中心 › 项目支出"
            ]
        );
        let one = Model::new(vec![crate::load::bundled()]);
        let hits = Index::new(&one).search("人才引进及管理", 1);
        assert_eq!(hit_context(&one, &hits[0]), "市人社局本级 › 项目支出");
    }

    #[test]
    fn sort_key_is_pinyin() {
        assert_eq!(sort_key("人才"), "rencai");
        assert!(sort_key("公用支出") < sort_key("人员支出"));
    }
}
