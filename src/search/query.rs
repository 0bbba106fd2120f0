//! The keystroke search: narrow from what the previous keystroke found,
//! answer from the rankings kept at build time where they suffice, rank by
//! tier, Skim score and amount, and map each hit's matched letters back to
//! the characters of its name.

use super::classify::Want;
use super::matching::{letter_bit, letters_of};
use super::{pack, split_into, tier_of, Found, Hit, Index, Match, Step, Tier, UNKNOWN};
use fuzzy_matcher::FuzzyMatcher;
use std::cmp::Reverse;

/// What the earlier keystrokes left for a query to narrow from.
#[derive(Default)]
struct Narrowing<'a> {
    /// The entries the previous query matched (`None`: every entry).
    pool: Option<&'a [u32]>,
    /// Where each of them matched in its full pinyin, for a query one
    /// letter longer.
    hints: Option<&'a [u32]>,
    /// The previous query looked for no mentions.
    no_mentions: bool,
    /// The previous query was answered from its whole and prefix matches:
    /// these (see [`Index::prefixes_only`]) …
    prefixes: Option<&'a [u32]>,
    /// … and all its matches (with hints), when they were found meanwhile.
    all: Option<(&'a [u32], Option<&'a [u32]>)>,
}

impl Index {
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
        let (mut matched, step) = self.matches(&q, ascii, limit);
        self.history.extend(step);
        let ranked = self.rank(&mut matched, &q, ascii, limit);
        self.recycle(matched);
        self.hits(&ranked, &q, ascii, limit)
    }

    /// What the earlier keystrokes left for `q` (which extends the last of
    /// them, if any) to narrow from.
    fn narrowing(&self, q: &str, ascii: bool) -> Narrowing<'_> {
        // A one-character Chinese query finds no mentions (they need two), so
        // its matches are not a superset of the next query's: search all.
        let narrowable = |prev: &str| ascii || prev.chars().count() >= 2;
        let step = self.history.last().filter(|p| narrowable(&p.query));
        // Where the previous matches sat helps only for a query one letter longer.
        let next = |p: &Step| p.query.len() + 1 == q.len();
        match step {
            Some(p) if p.prefixes => Narrowing {
                // Whole and prefix matches of names only: no mentions.
                no_mentions: true,
                prefixes: Some(p.entries.as_slice()),
                all: p
                    .all
                    .as_ref()
                    .map(|(e, f)| (e.as_slice(), next(p).then_some(f.as_slice()))),
                ..Narrowing::default()
            },
            Some(p) => Narrowing {
                pool: Some(p.entries.as_slice()),
                hints: next(p).then_some(p.full.as_slice()),
                no_mentions: p.no_mentions,
                ..Narrowing::default()
            },
            None => Narrowing::default(),
        }
    }

    /// Every match of `q` that can reach the top `limit`, found from what
    /// the earlier keystrokes left, and the step to remember for the next
    /// keystroke (none when the answer came from a ranking kept at build time).
    fn matches(&self, q: &str, ascii: bool, limit: usize) -> (Vec<Match>, Option<Step>) {
        let from = self.narrowing(q, ascii);
        if let Some(head) = self.one_letter(q, from.pool, limit) {
            // Nothing is kept to narrow from: the next letter scans every
            // entry (its mask test rejects as many as the pool would).
            return (head, None);
        }
        if let Some(top) = self.prefixes_only(q, from.pool, from.prefixes, limit) {
            // The next letter's prefixes are among these.
            let step = Step {
                entries: top.iter().map(|m| m.1).collect(),
                prefixes: true,
                ..Step::new(q)
            };
            return (top, Some(step));
        }
        let (mut matched, mut no_mentions) = if !ascii && from.pool.is_none() {
            self.classify_chinese(q, limit)
        } else {
            // Too few prefixes: every match of the previous query, when
            // they were found meanwhile, holds this one's.
            let (pool, hints) = match from.all {
                Some((entries, hints)) => (Some(entries), hints),
                None => (from.pool, from.hints),
            };
            // A pinyin query looks in the texts of the entries it narrows
            // from when the previous one did (they are among them); afresh,
            // only when the names give too few hits (below).
            let with_mentions = ascii && pool.is_some() && !from.no_mentions;
            let no_mentions = if ascii {
                !(with_mentions && Index::mentionable(q, ascii))
            } else {
                from.no_mentions
            };
            (
                self.classify_all(
                    pool,
                    hints,
                    q,
                    ascii,
                    Want {
                        words: true,
                        mentions: with_mentions,
                    },
                ),
                no_mentions,
            )
        };
        let names = matched
            .iter()
            .filter(|m| tier_of(m.0) != Tier::Mention)
            .count();
        if no_mentions && names < limit && Index::mentionable(q, ascii) {
            let mentions = self.mentions(q, ascii, &matched);
            matched.extend_from_slice(&mentions);
            self.recycle(mentions);
            no_mentions = false;
        }
        let mut step = Step {
            entries: Vec::with_capacity(matched.len()),
            full: Vec::with_capacity(matched.len()),
            no_mentions,
            ..Step::new(q)
        };
        split_into(&matched, &mut step.entries, &mut step.full);
        (matched, Some(step))
    }

    /// The ranked entries as hits, up to `limit`: each entry stands for its
    /// nodes, in its order (latest year, then larger amounts first);
    /// positions are the same for all of them.
    fn hits(&self, ranked: &[(u32, Tier, i64)], q: &str, ascii: bool, limit: usize) -> Vec<Hit> {
        let mut found = Vec::with_capacity(limit.min(ranked.len() * 2));
        for &(i, tier, score) in ranked {
            if found.len() >= limit {
                break;
            }
            let (positions, (at, excerpt, matched)) = if tier == Tier::Mention {
                (Vec::new(), self.mention_excerpt(i as usize, q, ascii))
            } else {
                let none = (Found::Name, String::new(), String::new());
                (self.positions(i as usize, q, ascii), none)
            };
            for &id in self.nodes_of(i as usize) {
                if found.len() >= limit {
                    break;
                }
                found.push(Hit {
                    id,
                    tier,
                    score,
                    positions: positions.clone(),
                    found: at,
                    excerpt: excerpt.clone(),
                    matched: matched.clone(),
                });
            }
        }
        found
    }

    /// A one-letter query over every entry, answered from the ranking kept at
    /// build time when its head holds the `(limit × 4).max(64)` that
    /// [`Index::rank`] would keep.
    pub(super) fn one_letter(
        &self,
        q: &str,
        pool: Option<&[u32]>,
        limit: usize,
    ) -> Option<Vec<Match>> {
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
    pub(super) fn prefixes_only(
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
                self.classify(i as usize, q, qmask, true, None, false)
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
    pub(super) fn rank(
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
        // A mention is scored by the text it stands in (what the line is
        // for first), not by how its name reads.
        let mut scored: Vec<(u32, Tier, i64)> = matched
            .iter()
            .map(|&(key, i, _)| match tier_of(key) {
                Tier::Mention => (
                    i,
                    Tier::Mention,
                    -i64::from(((key >> 32) & 0x3f_ffff) as u32),
                ),
                t => (i, t, self.skim(i as usize, q, ascii)),
            })
            .collect();
        scored.sort_by_key(|(i, t, s)| (*t, Reverse(*s), self.amount_rank[*i as usize]));
        scored
    }

    /// The Skim matcher's best score over the entry's name, code, pinyin and initials.
    pub(super) fn skim(&self, i: usize, q: &str, ascii: bool) -> i64 {
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
    pub(super) fn letter_maps(&self, i: usize) -> (Vec<usize>, Vec<usize>) {
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
    pub(super) fn positions(&self, i: usize, q: &str, ascii: bool) -> Vec<usize> {
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
}
