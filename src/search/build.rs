//! Building the index: every distinct searchable line's name, code, pinyin
//! (all readings) and initials into column-wise arenas, the nodes each stands
//! for, and the per-character posting lists.

use super::matching::{char_filter, char_readings, letter_bit, letters_of};
use super::{node_texts, pack, searchable, u16_of, u32_of, Found, Hot, Index};
use crate::model::{Model, Node, NodeId};
use fuzzy_matcher::skim::SkimMatcherV2;
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashMap;

impl Index {
    pub fn new(model: &Model) -> Index {
        let mut ix = Index {
            nodes: Vec::new(),
            nodes_at: Vec::new(),
            amounts: Vec::new(),
            amount_rank: Vec::new(),
            hot: Vec::new(),
            text: String::new(),
            text_at: Vec::new(),
            readings: Vec::new(),
            readings_at: Vec::new(),
            purposes: String::new(),
            purposes_at: Vec::new(),
            purpose_chars: Vec::new(),
            fields: Vec::new(),
            fields_at: Vec::new(),
            spoken: String::new(),
            spoken_at: Vec::new(),
            spoken_starts: Vec::new(),
            by_char: HashMap::new(),
            by_char_ranked: HashMap::new(),
            by_letter_ranked: Vec::new(),
            by_start: vec![Vec::new(); 36],
            syllables: Vec::new(),
            matcher: SkimMatcherV2::default().ignore_case(),
            history: Vec::new(),
            buffers: std::sync::Mutex::new(Vec::new()),
        };
        let mut syllables = Syllables::default();
        // Lines that read alike share an entry: (name, code, texts) → entry.
        let mut entry_of: HashMap<(&str, &str, Cow<str>), u32> = HashMap::new();
        // Each searchable node's entry, in node order.
        let mut owned: Vec<(u32, NodeId)> = Vec::new();
        for (id, n) in model.nodes() {
            if !searchable(n.kind) {
                continue;
            }
            let next = u32_of(ix.amounts.len());
            let texts = node_texts(model, id);
            let joined: Cow<str> = match texts.as_slice() {
                [] => Cow::Borrowed(""),
                [(_, t)] => t.clone(),
                more => Cow::Owned(
                    more.iter()
                        .map(|(_, t)| t.as_ref())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            };
            let key = (n.name.as_str(), &*n.code, joined);
            let e = *entry_of.entry(key).or_insert_with(|| {
                ix.push_entry(n, &mut syllables);
                ix.push_texts(&texts, &mut syllables);
                next
            });
            let largest = &mut ix.amounts[e as usize];
            *largest = (*largest).max(n.amount);
            owned.push((e, id));
        }
        drop(entry_of);
        ix.list_nodes(model, &owned);
        ix.rank_amounts();
        ix.rank_characters();
        ix.rank_letters();
        ix.warm_up();
        ix
    }

    /// Two throwaway scans of every entry, so the first real keystroke that
    /// scans does not pay for first touches (match buffers, the search
    /// threads): measured on the decade, a first scan after the build took
    /// 40–60 ms, a second 20, then steady. (`search` itself would not scan:
    /// a short query is answered from its prefixes.)
    fn warm_up(&mut self) {
        for _ in 0..2 {
            let scanned =
                self.classify_all(None, None, "gg", true, super::classify::Want::MEMBERSHIP);
            self.recycle(scanned);
        }
    }

    /// Each entry's nodes, one after another (a counting sort by entry, so
    /// node order is kept), then latest year and larger amounts first
    /// within an entry.
    fn list_nodes(&mut self, model: &Model, owned: &[(u32, NodeId)]) {
        let mut at = vec![0u32; self.amounts.len() + 1];
        for (e, _) in owned {
            at[*e as usize + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        let mut fill = at.clone();
        self.nodes = vec![NodeId(0); owned.len()];
        for &(e, id) in owned {
            let slot = &mut fill[e as usize];
            self.nodes[*slot as usize] = id;
            *slot += 1;
        }
        let year = |id: NodeId| {
            model
                .node(id)
                .dataset_index()
                .map_or(0, |d| model.datasets[d].year)
        };
        for w in at.windows(2) {
            let list = &mut self.nodes[w[0] as usize..w[1] as usize];
            if list.len() > 1 {
                list.sort_by_key(|id| (Reverse(year(*id)), Reverse(model.node(*id).amount)));
            }
        }
        at.pop();
        self.nodes_at = at;
    }

    /// Index one line: its readings, texts, filters and posting lists.
    fn push_entry(&mut self, n: &Node, syl: &mut Syllables) {
        let ix = self;
        {
            let (mut full, mut initials) = (String::new(), String::new());
            let mut readings: Vec<u16> = Vec::new();
            let mut first_letters = 0u64;
            for c in n.name.chars() {
                let rs = syl.of(c, &mut ix.syllables);
                readings.push(u16_of(rs.len()));
                readings.extend(rs.iter());
                if first_letters == 0 {
                    first_letters = rs.iter().fold(0, |m, r| {
                        m | letter_bit(ix.syllables[*r as usize].as_bytes()[0])
                    });
                }
                let mut last_initial = None;
                for r in rs {
                    let r = ix.syllables[*r as usize];
                    full.push_str(r);
                    let first = r.as_bytes()[0];
                    if last_initial != Some(first) {
                        initials.push(first as char);
                        last_initial = Some(first);
                    }
                }
            }
            let name_lower = n.name.to_lowercase();
            let code = n.code.to_lowercase();
            let hot = Hot {
                letters: letters_of(&full) | letters_of(&name_lower) | letters_of(&code),
                first_letters,
                name_len: u16_of(name_lower.len()),
                code_len: u16_of(code.len()),
                full_len: u16_of(full.len()),
                name_has_ascii: n.name.chars().any(|c| c.is_ascii_alphanumeric()),
                name_chars: char_filter::<1>(&n.name)[0],
                first_char: name_lower.chars().next().unwrap_or(' '),
            };
            ix.amounts.push(n.amount);
            ix.hot.push(hot);
            ix.text_at.push(u32_of(ix.text.len()));
            for part in [&name_lower, &code, &full, &initials] {
                ix.text.push_str(part);
            }
            ix.readings_at.push(u32_of(ix.readings.len()));
            ix.readings.extend(readings);
            let entry = u32_of(ix.amounts.len() - 1);
            // The letters a query can start with and match as a whole or a
            // prefix: the first character's readings, the name's or the
            // code's first letter.
            let mut starts = first_letters;
            for text in [&name_lower, &code] {
                starts |= text.bytes().next().map_or(0, letter_bit);
            }
            while starts != 0 {
                ix.by_start[starts.trailing_zeros() as usize].push(entry);
                starts &= starts - 1;
            }
            for c in name_lower.chars() {
                let list = ix.by_char.entry(c).or_default();
                if list.last() != Some(&entry) {
                    list.push(entry);
                }
            }
        }
    }

    /// Index one line's texts (see [`node_texts`]): one after another, a
    /// line between, each with its field; and as pinyin.
    fn push_texts(&mut self, texts: &[(Found, Cow<str>)], syl: &mut Syllables) {
        let start = self.purposes.len();
        self.purposes_at.push(u32_of(start));
        self.fields_at.push(u32_of(self.fields.len()));
        if !self.spoken.is_empty() {
            self.spoken.push(' ');
        }
        let spoken_start = self.spoken.len();
        self.spoken_at.push(u32_of(spoken_start));
        for (k, (found, t)) in texts.iter().enumerate() {
            if k > 0 {
                self.purposes.push('\n');
                self.spoken.push(' ');
            }
            self.fields.push((
                u32_of(self.purposes.len() - start),
                u32_of(self.spoken.len() - spoken_start),
                *found,
            ));
            self.purposes.push_str(t);
            for c in t.chars() {
                let at = self.spoken.len();
                match syl.of(c, &mut self.syllables).first() {
                    Some(&r) => {
                        let words = (at + 64) / 64;
                        if self.spoken_starts.len() < words {
                            self.spoken_starts.resize(words, 0);
                        }
                        self.spoken_starts[at / 64] |= 1 << (at % 64);
                        let reading = self.syllables[r as usize];
                        self.spoken.push_str(reading);
                    }
                    None => self.spoken.push(' '),
                }
            }
        }
        let text = &self.purposes[start..];
        self.purpose_chars.push(char_filter::<4>(text));
    }

    /// Each entry's position when all are sorted by amount, largest first.
    fn rank_amounts(&mut self) {
        let ix = self;
        let mut order: Vec<u32> = (0..u32_of(ix.amounts.len())).collect();
        order.sort_by_key(|i| Reverse(ix.amounts[*i as usize]));
        ix.amount_rank = vec![0; order.len()];
        for (rank, i) in order.into_iter().enumerate() {
            ix.amount_rank[i as usize] = u32_of(rank);
        }
    }

    /// The one-character answers, ranked once at build time: the head of
    /// each character's ranking is kept (a common character heads tens of
    /// thousands of names; nobody reads past the first few hundred).
    fn rank_characters(&mut self) {
        let mut ranked = HashMap::with_capacity(self.by_char.len());
        for (c, list) in &self.by_char {
            let mut r = self.rank_char(*c, list);
            r.truncate(super::RANKED_HEAD);
            r.shrink_to_fit();
            ranked.insert(*c, r);
        }
        self.by_char_ranked = ranked;
    }

    /// The one-letter answers, ranked once at build time like the
    /// one-character ones: each letter's (and digit's) head.
    fn rank_letters(&mut self) {
        let n = self.len();
        let ranked = (b'a'..=b'z')
            .chain(b'0'..=b'9')
            .map(|b| {
                let q = char::from(b).to_string();
                let mut all: Vec<(u64, u32)> = (0..n)
                    .filter_map(|i| {
                        self.classify(i, &q, letter_bit(b), true, None, false)
                            .map(|(t, sp, _)| (pack(t, sp, self.amount_rank[i]), u32_of(i)))
                    })
                    .collect();
                let total = all.len();
                if all.len() > super::RANKED_HEAD {
                    all.select_nth_unstable(super::RANKED_HEAD);
                    all.truncate(super::RANKED_HEAD);
                }
                all.sort_unstable();
                all.shrink_to_fit();
                (all, total)
            })
            .collect();
        self.by_letter_ranked = ranked;
    }
}

/// Syllable ids: each distinct reading once, and each character's readings
/// looked up once.
#[derive(Default)]
struct Syllables {
    ids: HashMap<&'static str, u16>,
    by_char: HashMap<char, Vec<u16>>,
}

impl Syllables {
    /// The syllable ids of `c`'s readings, adding new syllables to `table`.
    fn of(&mut self, c: char, table: &mut Vec<&'static str>) -> &[u16] {
        let ids = &mut self.ids;
        self.by_char.entry(c).or_insert_with(|| {
            char_readings(c)
                .into_iter()
                .map(|r| {
                    let next = u16::try_from(ids.len()).unwrap_or(u16::MAX);
                    *ids.entry(r).or_insert_with(|| {
                        table.push(r);
                        next
                    })
                })
                .collect()
        })
    }
}
