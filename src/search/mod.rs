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
//!
//! Beyond names, the texts kept of a line ([`node_texts`]: what it is for,
//! its goals and indicators, the department's narrative) are searched too,
//! in Chinese and in pinyin (each character by its most common reading),
//! ranked after every name and saying which text matched ([`Found`]).
//!
//! The parts: the index's shape and its accessors here; building it
//! (`build.rs`); the texts kept of a line (`texts.rs`); the matching
//! primitives (`matching.rs`); deciding whether and how well an entry
//! matches, and the scans that do so over many entries (`classify.rs`);
//! matches in the texts and their excerpts (`mention.rs`); the keystroke
//! search, narrowing from the previous keystroke and ranking (`query.rs`);
//! working ahead while the user pauses (`ahead.rs`).

mod ahead;
mod build;
mod classify;
mod matching;
mod mention;
mod query;
mod texts;

pub use texts::{node_texts, Found};

use crate::model::{Kind, Model, NodeId};
use fuzzy_matcher::skim::SkimMatcherV2;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// How well a node matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tier {
    /// The query is the whole name, its pinyin, its initials or its code.
    Exact,
    /// The query starts the name, its pinyin, initials or code.
    Prefix,
    /// The query stands whole inside the name: consecutive characters
    /// (two or more), or consecutive characters each by its most common
    /// reading (two letters or more) — `zufang` in 新引进人才租房补贴.
    Word,
    /// Scattered.
    Fuzzy,
    /// Not in the name, but in a text kept of the line ([`node_texts`]):
    /// what it is for, its goals and indicators, the narrative —
    /// `公务接待` finds 严控类项目, `技能竞赛` an indicator. Chinese of two
    /// characters or more, or pinyin of [`MENTION_LETTERS`] letters or more
    /// (each character read by its most common reading).
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
    /// Where it matched: the name, or a text kept of the line.
    pub found: Found,
    /// For a match outside the name, the words around it, and the words
    /// that matched (a pinyin query's as the document writes them).
    pub excerpt: String,
    pub matched: String,
}

/// The fewest letters a pinyin query needs to be looked for in the texts
/// kept of a line (shorter ones spell too much by accident).
pub const MENTION_LETTERS: usize = 4;

/// Where a hit sits, for a results list: the names between its department
/// and itself (`市人社局本级 › 项目支出`), after its year when several are
/// open (the same line found in each year of a decade); a mention says so first.
pub fn hit_context(model: &Model, hit: &Hit) -> String {
    let place = hit_place(model, hit);
    if hit.tier != Tier::Mention {
        place
    } else if place.is_empty() {
        format!("{}：{}", hit.found.label(), hit.excerpt)
    } else {
        format!("{}：{} · {place}", hit.found.label(), hit.excerpt)
    }
}

/// Where a hit sits, alone: its year when several are open, and the names
/// between its department and itself.
pub fn hit_place(model: &Model, hit: &Hit) -> String {
    let path = model.path(hit.id);
    let year = (model.years().len() > 1)
        .then(|| model.year_of(hit.id))
        .flatten()
        .map(|y| model.year_label(y));
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
    place
}

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

/// Tier (3 bits), match span (22 bits) and amount rank (32 bits) in one
/// integer: smaller is better.
fn pack(t: Tier, span: usize, amount_rank: u32) -> u64 {
    ((t as u64) << 54) | ((span.min((1 << 22) - 1) as u64) << 32) | u64::from(amount_rank)
}

impl Tier {
    /// The name JSON output uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Exact => "exact",
            Tier::Prefix => "prefix",
            Tier::Word => "word",
            Tier::Fuzzy => "fuzzy",
            Tier::Mention => "mention",
        }
    }
}

fn tier_of(key: u64) -> Tier {
    match key >> 54 {
        0 => Tier::Exact,
        1 => Tier::Prefix,
        2 => Tier::Word,
        3 => Tier::Fuzzy,
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
    /// The texts kept of each line ([`node_texts`]) one after another, for
    /// [`Tier::Mention`], and a Bloom filter of each entry's characters.
    purposes: String,
    purposes_at: Vec<u32>,
    purpose_chars: Vec<[u64; 4]>,
    /// Each entry's texts: where each starts in `purposes` (from the entry's
    /// start) and in `spoken`, and its field.
    fields: Vec<(u32, u32, Found)>,
    fields_at: Vec<u32>,
    /// The texts as pinyin, each character by its most common reading, a
    /// space for anything else, entries apart by a space; `spoken_starts`
    /// marks (a bit per byte) where a character's reading starts.
    spoken: String,
    spoken_at: Vec<u32>,
    spoken_starts: Vec<u64>,
    /// For each character of any name, the entries whose name holds it: a
    /// Chinese query starts from the shortest of its characters' lists.
    by_char: HashMap<char, Vec<u32>>,
    /// The same lists as (sort key, entry), best first: a one-character
    /// Chinese query's answer is the head of its list.
    by_char_ranked: HashMap<char, Vec<(u64, u32)>>,
    /// For each ASCII letter and digit (in `letter_bit` order), the head
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

impl Step {
    /// A step for `query` holding nothing yet.
    fn new(query: &str) -> Step {
        Step {
            query: query.to_string(),
            entries: Vec::new(),
            full: Vec::new(),
            no_mentions: false,
            prefixes: false,
            all: None,
        }
    }
}

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

    /// Entry `i`'s texts: (start in its purpose text, start in its pinyin, field).
    fn fields_of(&self, i: usize) -> &[(u32, u32, Found)] {
        &self.fields[slot(&self.fields_at, i, self.fields.len())]
    }

    /// Entry `i`'s texts as pinyin, and where they start in `spoken`.
    fn spoken_of(&self, i: usize) -> (usize, &str) {
        let r = slot(&self.spoken_at, i, self.spoken.len());
        (r.start, &self.spoken[r])
    }

    /// Does a character's reading start at byte `p` of `spoken`?
    fn starts_reading(&self, p: usize) -> bool {
        self.spoken_starts
            .get(p / 64)
            .is_some_and(|w| w & (1 << (p % 64)) != 0)
    }

    /// The field of entry `i`'s texts that holds byte `at` of its purpose
    /// text (`spoken`: of its pinyin).
    fn field_at(&self, i: usize, at: usize, spoken: bool) -> Found {
        self.fields_of(i)
            .iter()
            .take_while(|(t, p, _)| (if spoken { *p } else { *t }) as usize <= at)
            .last()
            .map_or(Found::Purpose, |f| f.2)
    }

    fn readings_of(&self, i: usize) -> &[u16] {
        &self.readings[slot(&self.readings_at, i, self.readings.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::matching::lattice;
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
            "jinengjingsai",
            "技能竞赛",
            "jiguanyunxing",
            "zufang",
            "gongwujiedaifei",
        ] {
            let last = type_in(&mut typed, q, 50);
            let fresh = Index::new(&m).search(q, 50);
            assert_eq!(last, fresh, "{q}");
            let hits: Vec<(NodeId, Tier)> = last.iter().map(|h| (h.id, h.tier)).collect();
            assert_eq!(hits, scanned(&typed, q, 50), "{q}");
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
        let want = classify::Want {
            words: true,
            mentions: true,
        };
        let mut all = ix.classify_all(None, None, q, ascii, want);
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

    /// Search reads every text kept of a line: the five projects whose
    /// purposes, goals or indicators speak of 技能竞赛 are found in Chinese
    /// and in pinyin, each hit saying where; the narrative's named figures
    /// find the department; the department's own 三公 items are found.
    #[test]
    fn finds_what_the_texts_say_and_says_where() {
        let m = Model::new(vec![crate::load::bundled()]);
        let mut ix = Index::new(&m);
        for q in ["技能竞赛", "jinengjingsai", "竞赛"] {
            let hits = ix.search(q, 50);
            assert!(hits.len() >= 5, "{q}: {hits:?}");
            assert!(hits.iter().all(|h| h.tier == Tier::Mention), "{q}");
            let fields: Vec<Found> = hits.iter().map(|h| h.found).collect();
            assert!(fields.contains(&Found::Purpose), "{q}: {fields:?}");
            assert!(fields.contains(&Found::Goal), "{q}: {fields:?}");
            assert!(fields.contains(&Found::Narrative), "{q}: {fields:?}");
            // What a line is for first.
            assert!(fields.windows(2).all(|f| f[0] <= f[1]), "{q}: {fields:?}");
            assert!(
                hits[0].excerpt.contains("技能竞赛") || q == "竞赛",
                "{:?}",
                hits[0]
            );
            assert!(hits[0].excerpt.contains("竞赛"), "{:?}", hits[0]);
        }
        let hits = ix.search("机关运行", 50);
        let dept = hits
            .iter()
            .find(|h| m.node(h.id).kind == Kind::Department)
            .expect("the department");
        assert_eq!(dept.found, Found::Narrative);
        assert!(dept.excerpt.contains("机关运行经费 2,733 万元"), "{dept:?}");
        assert_eq!(hit_context(&m, dept).split('：').next(), Some("说明"));
        let hits = ix.search("公务接待费", 50);
        let own = hits
            .iter()
            .find(|h| h.tier == Tier::Mention && m.node(h.id).kind == Kind::Department)
            .expect("the department's own 三公");
        assert!(
            own.excerpt.contains("公务接待费 2020年 27，2019年 28"),
            "{own:?}"
        );
        // An indicator's name: 表15's 资助市级一类职业技能竞赛项目数.
        let hits = ix.search("一类职业技能竞赛", 50);
        assert!(hits.iter().any(|h| h.found == Found::Indicator), "{hits:?}");
    }

    /// A pinyin query standing whole inside a project's name outranks one
    /// scattered over a 科目's: `zufang` finds 新引进人才租房补贴 first.
    #[test]
    fn a_whole_word_inside_a_name_outranks_a_scattered_match() {
        let m = Model::new(vec![crate::load::bundled()]);
        let mut ix = Index::new(&m);
        let hits = ix.search("zufang", 10);
        assert_eq!(m.node(hits[0].id).name, "新引进人才租房补贴");
        assert_eq!(hits[0].tier, Tier::Word);
        assert_eq!(hits[0].positions, vec![5, 6]);
        assert!(hits[1..].iter().all(|h| h.tier > Tier::Word), "{hits:?}");
        let hits = ix.search("租房", 10);
        assert_eq!(m.node(hits[0].id).name, "新引进人才租房补贴");
        assert_eq!(hits[0].tier, Tier::Word);
    }

    #[test]
    fn sort_key_is_pinyin() {
        assert_eq!(sort_key("人才"), "rencai");
        assert!(sort_key("公用支出") < sort_key("人员支出"));
    }

    /// A keystroke in the search popup.
    #[derive(Debug, Clone)]
    enum Key {
        Type(char),
        /// Several characters at once.
        Paste(String),
        Backspace,
        /// The user pauses: the index works ahead.
        Pause,
    }

    /// Keystrokes that make queries worth asking of `texts` (names, their
    /// pinyin, initials and codes): one of them typed (every letter, or some
    /// skipped), a letter or a few pasted at a time, with stray letters,
    /// backspaces and pauses between.
    fn keystrokes(texts: Vec<Vec<char>>) -> impl proptest::strategy::Strategy<Value = Vec<Key>> {
        use proptest::collection::vec;
        use proptest::prelude::*;
        let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyz0123456789人才引进管理服务信息化公共"
            .chars()
            .collect();
        let events = vec((0u8..12, proptest::sample::select(alphabet)), 1..16);
        let n = texts.len();
        let one = (0..n, vec(0u8..5, 1..16), events).prop_map(move |(k, keep, events)| {
            // Keep most characters in order, skipping some (a fuzzy query).
            let chars: Vec<char> = texts[k]
                .iter()
                .zip(keep.iter().cycle())
                .filter(|(_, keep)| **keep > 0)
                .map(|(c, _)| *c)
                .take(keep.len())
                .collect();
            let mut keys = Vec::new();
            let (mut i, mut events) = (0, events.iter().cycle());
            while i < chars.len() {
                // Now and then a backspace, a pause or a stray letter; then
                // the next letter typed, or the next few pasted.
                let &(event, stray) = events.next().expect("cycled");
                match event {
                    0 => keys.push(Key::Backspace),
                    1 => keys.push(Key::Pause),
                    2 => keys.push(Key::Type(stray)),
                    _ => {}
                }
                let to = match event {
                    3 | 4 => (i + usize::from(event) - 1).min(chars.len()),
                    _ => i + 1,
                };
                if to - i > 1 {
                    keys.push(Key::Paste(chars[i..to].iter().collect()));
                } else {
                    keys.push(Key::Type(chars[i]));
                }
                i = to;
            }
            keys
        });
        vec(one, 1..3).prop_map(|v| v.into_iter().flatten().collect())
    }

    /// Whatever is typed, deleted or paused on, each keystroke's hits are
    /// those of scanning every entry afresh: narrowing from the previous
    /// keystroke, the rankings kept at build time and working ahead change
    /// how fast the answer comes, never what it is.
    #[test]
    fn typing_anything_gives_what_a_full_scan_gives() {
        use proptest::test_runner::{Config, TestRunner};
        let m = Model::new(vec![crate::load::bundled()]);
        let ix = std::cell::RefCell::new(Index::new(&m));
        let texts: Vec<Vec<char>> = {
            let ix = ix.borrow();
            (0..ix.len())
                .flat_map(|i| {
                    let (name, code, full, initials) = ix.parts(i);
                    // And the texts kept of the line, in Chinese and in
                    // pinyin, from each of their fields' starts.
                    let (_, spoken) = ix.spoken_of(i);
                    let purpose = ix.purpose(i);
                    let fields: Vec<&str> = ix
                        .fields_of(i)
                        .iter()
                        .flat_map(|(t, p, _)| [&purpose[*t as usize..], &spoken[*p as usize..]])
                        .map(str::trim_start)
                        .collect();
                    [name, code, full, initials]
                        .into_iter()
                        .chain(fields)
                        .map(|t| t.chars().take(24).collect::<Vec<_>>())
                        .collect::<Vec<_>>()
                })
                .filter(|t| !t.is_empty())
                .collect()
        };
        let cases = std::env::var("YUSUAN_PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(48);
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        let limits = proptest::sample::select(vec![1usize, 10, 50, 600]);
        runner
            .run(&(keystrokes(texts), limits), |(keys, limit)| {
                let mut ix = ix.borrow_mut();
                ix.search("", 0);
                let mut q: Vec<char> = Vec::new();
                for key in &keys {
                    match key {
                        Key::Type(c) => q.push(*c),
                        Key::Paste(p) => q.extend(p.chars()),
                        Key::Backspace => {
                            q.pop();
                        }
                        Key::Pause => {
                            ix.prepare(&mut || false);
                            continue;
                        }
                    }
                    let typed: String = q.iter().collect();
                    let got: Vec<(NodeId, Tier)> = ix
                        .search(&typed, limit)
                        .into_iter()
                        .map(|h| (h.id, h.tier))
                        .collect();
                    let q = typed.trim().to_lowercase();
                    let want = if q.is_empty() {
                        Vec::new()
                    } else {
                        scanned(&ix, &q, limit)
                    };
                    proptest::prop_assert_eq!(got, want, "{:?} (limit {})", typed, limit);
                }
                Ok(())
            })
            .unwrap();
    }
}
