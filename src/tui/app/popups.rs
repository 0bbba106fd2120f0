//! The explorer's side of the popups: opening them on the selection, and
//! doing what they ask (`popup::Request`) — the jumps, messages, notes,
//! filters and exports only the explorer can.

use super::{App, Popup, RankedState, UnitsState};
use crate::notes;
use crate::tui::keymap::{key, Action, Context};
use crate::tui::popup::Request;
use crate::views::unit_table;

impl App {
    /// `p`: the projects of the selection's unit (or department), ranked.
    pub(super) fn open_ranked(&mut self) {
        let Some(sel) = self.selected() else {
            self.message = format!("在树形视图中按 {}", key(Context::Main, Action::OpenRanked));
            return;
        };
        match RankedState::open(&self.model, self.lens(), sel) {
            Ok(r) => self.popup = Some(Popup::Ranked(r)),
            Err(why) => self.message = why,
        }
    }

    /// `t`: the units of the selection's department side by side.
    pub(super) fn open_units(&mut self) {
        // The department of the selection (the unit tree's in the 三公 view).
        let at = self.selected().unwrap_or(self.trees[0].selected);
        let dept = self.model.department_of(at).or_else(|| {
            let top = self.trees[0].top;
            self.model
                .node(top)
                .children
                .first()
                .copied()
                .filter(|_| self.model.department_of(top).is_none())
        });
        match dept.filter(|d| unit_table(&self.model, *d).len() > 1) {
            Some(dept) => self.popup = Some(Popup::Units(UnitsState::new(dept))),
            None => {
                self.message = format!(
                    "选中一个部门（或其中的行），再按 {}",
                    key(Context::Main, Action::OpenUnits)
                );
            }
        }
    }

    /// Do what a popup asked.
    pub(super) fn perform(&mut self, request: Request) {
        match request {
            Request::Say(text) => self.message = text,
            // A jump leaves the popup's messages behind (the jump may say
            // its own: the years compared moved).
            Request::Jump(id) => {
                self.message.clear();
                self.jump_to(id);
            }
            Request::ShowFinding(i) => {
                self.message.clear();
                let target = self
                    .shown_findings()
                    .get(i)
                    .and_then(|f| self.finding_target(f));
                match target {
                    Some(id) => self.jump_to(id),
                    None => self.message = "这条核对结果没有对应的行".into(),
                }
            }
            Request::ToggleRounding => {
                self.show_rounding = !self.show_rounding;
                self.message = if self.show_rounding {
                    "显示全部核对结果（含舍入差异）".into()
                } else {
                    format!(
                        "只显示不一致（{} 显示舍入差异）",
                        key(Context::List, Action::ToggleRounding)
                    )
                };
            }
            Request::ExportUnits(u) => self.export_units(&u),
            Request::Unmark(k) => match self.notes.set(&k, None) {
                Ok(()) => {
                    self.refresh_marked();
                    self.message = "已删除标记及备注".into();
                }
                Err(e) => self.message = format!("未能删除：{e}"),
            },
            Request::SaveNote(id, text) => self.save_note(id, text.as_deref()),
            Request::DiscardNote(id) => {
                self.message = "备注未保存".into();
                // Esc discards, a kept draft too.
                if let Some(k) = notes::key_of(&self.model, id) {
                    if self.notes.draft(&k).is_some() {
                        let _ = self.notes.set_draft(&k, None);
                    }
                }
            }
            Request::SetFilter(f) => self.set_filter(f),
            Request::Search(q) => self.searcher.submit(&q),
            Request::Return(tab, sel) => {
                self.tab = tab;
                if let Some(sel) = sel {
                    if let Some(t) = self.tree_mut() {
                        t.selected = sel;
                    }
                }
            }
            Request::GoToHit(s) => {
                if let Some(h) = s.hits.get(s.selected).cloned() {
                    self.jump_to(h.id);
                    self.message = format!("→ {}", self.model.path(h.id).join(" › "));
                    self.show_match(&h);
                    self.remember_search(s);
                }
            }
        }
    }

    /// `e` in the units table: the table as shown (its sort) to an XLSX file here.
    fn export_units(&mut self, u: &UnitsState) {
        let rows = u.rows(&self.model);
        let sheet = crate::export::units_sheet(&rows, self.unit);
        let year = self
            .model
            .year_of(u.dept)
            .and_then(|y| self.model.years().get(y))
            .map_or(0, |e| e.year);
        self.queue_xlsx(&[sheet], format!("yusuan-单位对比-{year}"));
    }
}
