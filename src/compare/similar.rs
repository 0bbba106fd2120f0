//! How alike two names are, for pairing a line renamed between years
//! ("信息化建设与运行" → "信息化建设与运维", "人才引进及管理" → "人才引进与管理").
//!
//! The measure is the longest common subsequence of the two names' characters
//! over the longer name's length: a one-character change in a seven-character
//! name scores 6/7 = 86%; names that share only a generic tail ("工资管理" and
//! "人事考试管理" share "管理") score 33%. A pair is made at [`THRESHOLD`] or
//! above; GUIDE.md reports how often that is right on generated data whose
//! true pairing is known (`cargo run --release --example drift`).

/// The least similarity, in percent, at which two names under the same
/// parent are taken for one line renamed.
pub const THRESHOLD: u32 = 60;

/// Similarity of two names in percent (0–100): LCS of characters / longer length.
pub fn similarity(a: &str, b: &str) -> u32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 100;
    }
    // Names are short (a line's name is at most 1,000 characters, usually
    // under 20): the quadratic table is small; long names are cut to 64.
    let (a, b) = (&a[..a.len().min(64)], &b[..b.len().min(64)]);
    let mut prev = vec![0u16; b.len() + 1];
    let mut cur = vec![0u16; b.len() + 1];
    for ca in a {
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let lcs = u32::from(prev[b.len()]);
    let longer = u32::try_from(longer.min(64)).unwrap_or(64);
    lcs * 100 / longer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_score_high_and_strangers_low() {
        assert_eq!(similarity("信息化建设与运行", "信息化建设与运维"), 87);
        assert_eq!(similarity("人才引进及管理", "人才引进与管理"), 85);
        assert!(similarity("工资管理", "人事考试管理") < THRESHOLD);
        assert!(similarity("促进就业管理", "基金监督管理") < THRESHOLD);
        assert_eq!(similarity("", ""), 100);
        assert_eq!(similarity("甲", "甲"), 100);
    }
}
