//! The next and previous match after a search (`;` and `,`, as `n` and
//! `N` in less and vim).

use super::{App, LastSearch, SearchState};
use crate::search::{Hit, Tier};

impl App {
    /// Keep a confirmed search's hits, and the one jumped to.
    pub(super) fn remember_search(&mut self, s: SearchState) {
        if s.hits.is_empty() {
            return;
        }
        self.last_search = Some(LastSearch {
            query: s.answered,
            hits: s.hits,
            at: s.selected,
        });
    }

    /// Jump to the next (`step` 1) or previous (−1) hit of the last search,
    /// round the list; the status line says which and of how many.
    pub(super) fn next_match(&mut self, step: isize) {
        let Some(last) = &mut self.last_search else {
            use crate::tui::keymap::{key, Action, Context};
            self.message = format!(
                "还没有搜索：按 {} 搜索，{} 跳到一个结果后，{} 与 {} 在结果间前后跳",
                key(Context::Main, Action::OpenSearch),
                key(Context::Search, Action::Confirm),
                key(Context::Main, Action::NextMatch),
                key(Context::Main, Action::PreviousMatch)
            );
            return;
        };
        let n = last.hits.len();
        last.at = (last.at + n).saturating_add_signed(step) % n;
        let (at, id, query) = (last.at, last.hits[last.at].id, last.query.clone());
        let hit = last.hits[at].clone();
        self.jump_to(id);
        let place = crate::search::hit_context(&self.model, &hit);
        self.message = format!(
            "“{query}” 第 {}/{n} 个：{}{}",
            at + 1,
            self.model.node(id).name,
            if place.is_empty() {
                String::new()
            } else {
                format!("（{place}）")
            }
        );
        self.show_match(&hit);
    }
}

impl App {
    /// After a jump to a hit in a text kept of the line (its purpose, an
    /// indicator …), the detail scrolled to the words that matched.
    pub(super) fn show_match(&mut self, hit: &Hit) {
        if hit.tier != Tier::Mention || hit.matched.is_empty() {
            return;
        }
        // A screen too narrow for both panes shows the detail.
        let narrow = self.areas().detail.width == 0;
        if narrow {
            self.focus = super::Focus::Detail;
        }
        let w = self.areas().detail.width.saturating_sub(2) as usize;
        let text = crate::detail::lines(&self.model, &self.findings, None, hit.id, self.unit, w);
        // The words may wrap onto the next line: read each line with the
        // start of the next.
        let line = (0..text.len()).find(|&i| {
            let next = text.get(i + 1).map_or("", |n| n.trim_start());
            format!("{}{next}", text[i].trim_end()).contains(&hit.matched)
        });
        if let Some(line) = line {
            self.detail.show(line.saturating_sub(1));
            self.message = format!(
                "{} · {}中的“{}”（详情已滚到该处{}）",
                self.message,
                hit.found.label(),
                hit.matched,
                if narrow {
                    format!(
                        "；{} 回到树",
                        crate::tui::keymap::key(
                            crate::tui::keymap::Context::Main,
                            crate::tui::keymap::Action::FocusNext
                        )
                    )
                } else {
                    String::new()
                }
            );
        }
    }
}
