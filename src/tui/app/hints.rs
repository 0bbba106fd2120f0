//! The status line's hints: what the focused component — the popup open,
//! else the pane with the focus — can do, from the keymap table.

use super::{App, DetailPane, Focus, SangongPane, Tab};
use crate::check::Severity;
use crate::model::NodeId;
use crate::tui::keymap::{self, Action, Context};

impl App {
    /// What the status line says: the last message, else the hints.
    pub fn status_text(&self) -> String {
        if self.message.is_empty() {
            self.hints()
        } else {
            self.message.clone()
        }
    }

    /// The hints of the focused component, most useful first.
    fn hints(&self) -> String {
        let ctx = self.context();
        let mut hints: Vec<String> = match &self.popup {
            Some(p) => p
                .hint()
                .into_iter()
                .chain(pairs(keymap::hints(ctx, true, |a| p.can(a))))
                .collect(),
            None => self.pane_hints(),
        };
        if self.preparing() {
            hints.insert(0, "核对与跨年比较中…".to_string());
        }
        hints.join(" · ")
    }

    /// The focused pane's hints: the 三公 table's, the detail's, or the
    /// tree's with what the selected line's markers mean.
    fn pane_hints(&self) -> Vec<String> {
        let tree = self.tab != Tab::Sangong && self.focus == Focus::Tree;
        let mut hints = pairs(keymap::hints(Context::Main, tree, |_| true));
        if self.tab == Tab::Sangong {
            hints.insert(0, SangongPane::hints().join(" · "));
            return hints;
        }
        if self.focus == Focus::Detail {
            hints.insert(0, DetailPane::hint());
        }
        if let Some(legend) = self
            .selected()
            .map(|id| self.legend(id))
            .filter(|l| !l.is_empty())
        {
            hints.insert(0, legend);
        }
        hints
    }

    /// The meaning of a line's markers, in words.
    fn legend(&self, id: NodeId) -> String {
        let mut parts = Vec::new();
        if self.is_marked(id) {
            parts.push("* 已标记".to_string());
        }
        match self.finding_mark(id) {
            Some(Severity::Mismatch) => parts.push(format!(
                "! 数字不一致（{} 查看）",
                keymap::key(Context::Main, Action::OpenFindings)
            )),
            Some(Severity::Rounding) => parts.push("~ 仅舍入差异".to_string()),
            None => {}
        }
        parts.join(" ")
    }
}

fn pairs(hints: Vec<(&str, &str)>) -> Vec<String> {
    hints.into_iter().map(|(k, d)| format!("{k} {d}")).collect()
}
