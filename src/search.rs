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
//! Speed: a query that extends the previous one searches only the previous
//! hits; a cheap subsequence test runs before the Skim matcher; big
//! candidate sets are split across threads; match positions are computed
//! only for the rows shown.

use crate::model::{Kind, Model, NodeId};
use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use pinyin::{ToPinyin, ToPinyinMulti};
use rust_decimal::Decimal;
use std::cmp::Reverse;

/// What a name is indexed as.
#[derive(Debug, Clone)]
struct Entry {
    id: NodeId,
    amount: Decimal,
    name: String,
    /// Lowercase name, for matching ASCII parts of names.
    name_lower: String,
    code: String,
    /// Readings per character (lowercase plain pinyin; a non-Chinese
    /// character reads as itself, lowercased, or not at all).
    readings: Vec<Vec<&'static str>>,
    /// All readings side by side, and the character each letter belongs to.
    full: String,
    full_map: Vec<u16>,
    initials: String,
    initials_map: Vec<u16>,
}

fn char_readings(c: char) -> Vec<&'static str> {
    if let Some(multi) = c.to_pinyin_multi() {
        let mut v: Vec<&'static str> = Vec::new();
        for p in multi {
            let r = p.plain();
            if !v.contains(&r) {
                v.push(r);
            }
        }
        v
    } else {
        Vec::new()
    }
}

impl Entry {
    fn new(id: NodeId, amount: Decimal, name: &str, code: &str) -> Entry {
        let mut readings = Vec::new();
        let (mut full, mut full_map, mut initials, mut initials_map) =
            (String::new(), Vec::new(), String::new(), Vec::new());
        for (ci, c) in name.chars().enumerate() {
            let mut rs = char_readings(c);
            if rs.is_empty() && c.is_ascii_alphanumeric() {
                rs.push(ascii_str(c.to_ascii_lowercase()));
            }
            for r in &rs {
                full.push_str(r);
                full_map.extend(std::iter::repeat_n(ci as u16, r.len()));
                let first = r.as_bytes()[0] as char;
                if !initials.ends_with(first) || initials_map.last() != Some(&(ci as u16)) {
                    initials.push(first);
                    initials_map.push(ci as u16);
                }
            }
            readings.push(rs);
        }
        Entry {
            id,
            amount,
            name: name.to_string(),
            name_lower: name.to_lowercase(),
            code: code.to_string(),
            readings,
            full,
            full_map,
            initials,
            initials_map,
        }
    }
}

/// A `&'static str` of one ASCII character.
fn ascii_str(c: char) -> &'static str {
    const TABLE: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
    let i = TABLE.find(c).unwrap_or(0);
    &TABLE[i..i + 1]
}

/// The pinyin of a name with the first reading of each character, for
/// sorting by name (Chinese sorts by pinyin, not by code point).
pub fn sort_key(name: &str) -> String {
    let mut s = String::with_capacity(name.len() * 2);
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => s.push_str(p.plain()),
            None => s.extend(c.to_lowercase()),
        }
    }
    s
}

/// How well a node matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The query is the whole name, its pinyin, its initials or its code.
    Exact,
    /// The query starts the name, its pinyin, initials or code.
    Prefix,
    /// Scattered.
    Fuzzy,
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

/// Is `q` a subsequence of `h` (bytes)? The cheap test before the real matcher.
fn is_subsequence(q: &[u8], h: &[u8]) -> bool {
    let mut it = h.iter();
    q.iter().all(|b| it.any(|x| x == b))
}

fn is_char_subsequence(q: &str, h: &str) -> bool {
    let mut it = h.chars();
    q.chars().all(|c| it.any(|x| x == c))
}

/// Does `q` equal (or start) some choice of one reading per character?
/// Walks the characters keeping the set of query positions reached: linear
/// in the name, never enumerating combinations.
fn lattice(q: &str, readings: &[Vec<&'static str>], initials: bool) -> (bool, bool) {
    let qb = q.as_bytes();
    let mut reach = vec![false; qb.len() + 1];
    reach[0] = true;
    let mut prefix = qb.is_empty();
    for rs in readings {
        if rs.is_empty() {
            continue;
        }
        let mut next = vec![false; qb.len() + 1];
        for pos in 0..=qb.len() {
            if !reach[pos] {
                continue;
            }
            for r in rs {
                let r = if initials { &r[..1] } else { r };
                let rb = r.as_bytes();
                let rest = &qb[pos..];
                if rest.len() >= rb.len() && &rest[..rb.len()] == rb {
                    next[pos + rb.len()] = true;
                } else if rb.starts_with(rest) && !rest.is_empty() {
                    // The query ends inside this reading.
                    prefix = true;
                }
            }
        }
        if next[qb.len()] {
            prefix = true;
        }
        reach = next;
        if !reach.iter().any(|x| *x) {
            break;
        }
    }
    (reach[qb.len()], prefix)
}

/// The search index over a model.
pub struct Index {
    entries: Vec<Entry>,
    matcher: SkimMatcherV2,
    /// (query, indices of the entries it matched), for narrowing as the user types.
    history: Vec<(String, Vec<u32>)>,
}

/// Which nodes are searched: all but the root and year nodes.
fn searchable(kind: Kind) -> bool {
    !matches!(kind, Kind::Root | Kind::Year)
}

impl Index {
    pub fn new(model: &Model) -> Index {
        let entries = model
            .ids()
            .filter(|id| searchable(model.node(*id).kind))
            .map(|id| {
                let n = model.node(id);
                Entry::new(id, n.amount, &n.name, &n.code)
            })
            .collect();
        Index {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
            history: Vec::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Score one entry: (tier, score), or `None` when it does not match.
    fn score(&self, e: &Entry, q: &str, ascii: bool) -> Option<(Tier, i64)> {
        let mut best: Option<(Tier, i64)> = None;
        let mut consider = |t: Tier, s: i64| {
            if best.is_none_or(|(bt, bs)| (t, Reverse(s)) < (bt, Reverse(bs))) {
                best = Some((t, s));
            }
        };
        // The Chinese name (and any ASCII in it).
        let name = if ascii { &e.name_lower } else { &e.name };
        if is_char_subsequence(q, name) {
            if let Some(s) = self.matcher.fuzzy_match(name, q) {
                let tier = if name == q {
                    Tier::Exact
                } else if name.starts_with(q) {
                    Tier::Prefix
                } else {
                    Tier::Fuzzy
                };
                consider(tier, s);
            }
        }
        if ascii {
            if !e.code.is_empty()
                && is_subsequence(q.as_bytes(), e.code.to_ascii_lowercase().as_bytes())
            {
                let code = e.code.to_ascii_lowercase();
                if let Some(s) = self.matcher.fuzzy_match(&code, q) {
                    let tier = if code == q {
                        Tier::Exact
                    } else if code.starts_with(q) {
                        Tier::Prefix
                    } else {
                        Tier::Fuzzy
                    };
                    consider(tier, s);
                }
            }
            for (hay, initials) in [(&e.full, false), (&e.initials, true)] {
                if is_subsequence(q.as_bytes(), hay.as_bytes()) {
                    if let Some(s) = self.matcher.fuzzy_match(hay, q) {
                        let (exact, prefix) = lattice(q, &e.readings, initials);
                        let tier = if exact {
                            Tier::Exact
                        } else if prefix {
                            Tier::Prefix
                        } else {
                            Tier::Fuzzy
                        };
                        consider(tier, s);
                    }
                }
            }
        }
        best
    }

    /// Positions (char indices of the name) to highlight for a hit.
    fn positions(&self, e: &Entry, q: &str, ascii: bool) -> Vec<usize> {
        let name = if ascii { &e.name_lower } else { &e.name };
        let mut best: Option<(i64, Vec<usize>)> = None;
        if let Some((s, idx)) = self.matcher.fuzzy_indices(name, q) {
            best = Some((s, idx));
        }
        if ascii {
            for (hay, map) in [(&e.full, &e.full_map), (&e.initials, &e.initials_map)] {
                if let Some((s, idx)) = self.matcher.fuzzy_indices(hay, q) {
                    if best.as_ref().is_none_or(|(bs, _)| s > *bs) {
                        let mut mapped: Vec<usize> = idx.iter().map(|i| map[*i] as usize).collect();
                        mapped.dedup();
                        best = Some((s, mapped));
                    }
                }
            }
        }
        best.map(|(_, p)| p).unwrap_or_default()
    }

    /// Search for `query`; the best `limit` hits, best first: exact, then
    /// prefix, then scattered matches; by score; larger amounts first among
    /// equals. Remembers the query so the next, longer one searches less.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<Hit> {
        let q = query.trim().to_lowercase();
        if q.is_empty() {
            self.history.clear();
            return Vec::new();
        }
        let ascii = q.is_ascii();
        // Narrow from the longest earlier query this one extends.
        while let Some((prev, _)) = self.history.last() {
            if q.starts_with(prev.as_str()) && prev.is_ascii() == ascii {
                break;
            }
            self.history.pop();
        }
        let pool: Option<&[u32]> = self.history.last().map(|(_, v)| v.as_slice());
        let scored = self.score_all(pool, &q, ascii);
        self.history
            .push((q.clone(), scored.iter().map(|(i, _, _)| *i).collect()));
        let mut scored = scored;
        scored.sort_by(|a, b| {
            (
                a.1,
                Reverse(a.2),
                Reverse(self.entries[a.0 as usize].amount),
            )
                .cmp(&(
                    b.1,
                    Reverse(b.2),
                    Reverse(self.entries[b.0 as usize].amount),
                ))
        });
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(i, tier, score)| {
                let e = &self.entries[i as usize];
                Hit {
                    id: e.id,
                    tier,
                    score,
                    positions: self.positions(e, &q, ascii),
                }
            })
            .collect()
    }

    fn score_all(&self, pool: Option<&[u32]>, q: &str, ascii: bool) -> Vec<(u32, Tier, i64)> {
        let all: Vec<u32>;
        let ids: &[u32] = match pool {
            Some(p) => p,
            None => {
                all = (0..self.entries.len() as u32).collect();
                &all
            }
        };
        let work = |chunk: &[u32]| -> Vec<(u32, Tier, i64)> {
            chunk
                .iter()
                .filter_map(|&i| {
                    self.score(&self.entries[i as usize], q, ascii)
                        .map(|(t, s)| (i, t, s))
                })
                .collect()
        };
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(4);
        if ids.len() < 20_000 || threads < 2 {
            return work(ids);
        }
        let size = ids.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = ids.chunks(size).map(|c| s.spawn(move || work(c))).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("search thread"))
                .collect()
        })
    }

    /// The naive baseline the benchmark compares against: Skim over every
    /// name's Chinese, first-reading pinyin and initials, built from scratch.
    pub fn naive(&self, model: &Model, query: &str, limit: usize) -> Vec<NodeId> {
        let q = query.to_lowercase();
        let mut hits: Vec<(i64, Decimal, NodeId)> = Vec::new();
        for e in &self.entries {
            let n = model.node(e.id);
            let full = sort_key(&n.name);
            let initials: String = n
                .name
                .as_str()
                .to_pinyin()
                .flatten()
                .map(|p| p.first_letter())
                .collect();
            let best = [&n.name, &full, &initials]
                .iter()
                .filter_map(|h| self.matcher.fuzzy_match(h, &q))
                .max();
            if let Some(s) = best {
                hits.push((s, n.amount, e.id));
            }
        }
        hits.sort_by_key(|h| (Reverse(h.0), Reverse(h.1)));
        hits.truncate(limit);
        hits.into_iter().map(|h| h.2).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_cover_polyphonic_characters() {
        let e = Entry::new(NodeId(0), Decimal::ZERO, "协调", "");
        assert!(e.full.contains("xie"));
        assert!(e.full.contains("tiao") && e.full.contains("diao"));
        assert_eq!(lattice("xietiao", &e.readings, false), (true, true));
        assert_eq!(lattice("xiediao", &e.readings, false), (true, true));
        assert_eq!(lattice("xiet", &e.readings, false), (false, true));
        assert_eq!(lattice("xt", &e.readings, true), (true, true));
        assert_eq!(lattice("xq", &e.readings, true), (false, false));
    }

    #[test]
    fn index_is_linear_in_polyphonic_characters() {
        // Ten characters with several readings each: the pinyin string stays short.
        let name = "重调重调重调重调重调";
        let e = Entry::new(NodeId(0), Decimal::ZERO, name, "");
        assert!(e.full.len() < 200, "{}", e.full.len());
        assert_eq!(e.full_map.len(), e.full.len());
    }

    #[test]
    fn maps_pinyin_letters_back_to_characters() {
        let e = Entry::new(NodeId(0), Decimal::ZERO, "人才引进", "");
        // 才 also reads zai in the pinyin crate's data: every reading is kept.
        assert!(
            e.full.starts_with("rencai") && e.full.ends_with("yinjin"),
            "{}",
            e.full
        );
        assert_eq!(e.full_map[3], 1);
        assert_eq!(*e.full_map.last().unwrap(), 3);
        assert!(
            e.initials.starts_with("rc") && e.initials.ends_with("yj"),
            "{}",
            e.initials
        );
        assert_eq!(lattice("rencaiyinjin", &e.readings, false), (true, true));
        assert_eq!(lattice("rcyj", &e.readings, true), (true, true));
    }

    #[test]
    fn sort_key_is_pinyin() {
        assert_eq!(sort_key("人才"), "rencai");
        assert!(sort_key("公用支出") < sort_key("人员支出"));
    }
}
