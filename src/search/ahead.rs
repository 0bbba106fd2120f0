//! Working ahead while the user pauses between letters.

use super::{split_into, Index};

/// How many entries [`Index::prepare`] classifies between two looks at
/// whether a query waits (about a millisecond's work on two cores).
const PREPARE_PART: usize = 32_768;

impl Index {
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
            let part = self.classify_span(
                None,
                None,
                &q,
                true,
                super::classify::Want::MEMBERSHIP,
                lo..n.min(lo + PREPARE_PART),
            );
            split_into(&part, &mut entries, &mut full);
            self.recycle(part);
        }
        if let Some(last) = self.history.last_mut() {
            last.all = Some((entries, full));
        }
    }
}
