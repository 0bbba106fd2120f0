//! The meeting kit in the explorer: marks and notes, the list of them, the
//! filter, copying to the clipboard and exporting the current view.

use super::{Action, App, EditorState, FilterState, ListState, Popup};
use crate::check::Severity;
use crate::model::{NodeId, View};
use crate::notes::{self, Notes};
use crate::tui::keymap::{self, Context};
use crate::views::{self, Filter};
use crossterm::Command as _;

/// The most base64 an OSC 52 copy carries: terminals accept about this
/// much (xterm's default, tmux's and others' limits are near it).
pub const OSC52_MAX: usize = 100_000;

impl App {
    /// Use `notes` (read from the notes file) for marks and notes.
    pub fn set_notes(&mut self, notes: Notes) {
        self.notes = notes;
        self.refresh_marked();
        self.apply_filter();
        let drafts = self.notes.drafts_for_model(&self.model).count();
        if drafts > 0 {
            self.message = format!(
                "有 {drafts} 条未保存的备注草稿：在该行按 {} 继续写",
                keymap::key(Context::Main, Action::Note)
            );
        }
    }

    /// Take what the notes' saving thread finished: marks other explorers
    /// saved meanwhile appear; a failure is said. True when something changed.
    pub fn poll_notes(&mut self) -> bool {
        match self.notes.poll() {
            None => false,
            Some(r) => {
                if let Err(e) = r {
                    self.message = format!("备注未能保存：{e}");
                }
                self.refresh_marked();
                if self.filter == Some(Filter::Marked) {
                    self.apply_filter();
                }
                true
            }
        }
    }

    /// The explorer is ending (a quit key or a signal): a note being typed
    /// is kept as a draft, not lost; `N` on its line brings it back.
    pub fn keep_draft(&mut self) {
        let Some(Popup::Note(e)) = &self.popup else {
            return;
        };
        let text: String = e.text.iter().collect();
        let Some(key) = notes::key_of(&self.model, e.id) else {
            return;
        };
        if !text.trim().is_empty() {
            if let Err(e) = self.notes.set_draft(&key, Some(&text)) {
                self.message = format!("草稿未能保存：{e}");
            }
        }
    }

    /// Is `id` marked (or has a note)?
    pub fn is_marked(&self, id: NodeId) -> bool {
        self.marked.contains(&id)
    }

    pub(super) fn refresh_marked(&mut self) {
        self.marked = self
            .notes
            .for_model(&self.model)
            .filter_map(|n| notes::node_of(&self.model, &n.key))
            .collect();
    }

    /// Recompute which lines each tree keeps under the filter.
    pub(super) fn apply_filter(&mut self) {
        let lens = self.lens();
        self.keep = View::ALL.map(|v| {
            let f = self.filter?;
            let top = self.trees[v.index()].top;
            Some(views::keep(&self.model, lens, top, |id| {
                f.matches(
                    &self.model,
                    lens,
                    id,
                    self.finding_mark(id),
                    self.marked.contains(&id),
                )
            }))
        });
        self.refresh_rows();
        self.clamp_scroll();
    }

    /// How many lines the filter keeps in the current tree (matches and their
    /// ancestors), for the header.
    pub fn filter_count(&self) -> Option<usize> {
        let v = self.tab.view()?;
        self.keep[v.index()]
            .as_ref()
            .map(std::collections::HashSet::len)
    }

    /// Mark `id` with `text` (`None`: unmark). False, and the message says
    /// why, when it could not be.
    fn save(&mut self, id: NodeId, text: Option<&str>) -> bool {
        let Some(key) = notes::key_of(&self.model, id) else {
            self.message = "这一行不能标记".into();
            return false;
        };
        if let Err(e) = self.notes.set(&key, text) {
            self.message = format!("备注未能保存：{e}");
            return false;
        }
        // A draft of this line's note is done with once the note is saved.
        if self.notes.draft(&key).is_some() {
            let _ = self.notes.set_draft(&key, None);
        }
        self.refresh_marked();
        if self.filter == Some(Filter::Marked) {
            self.apply_filter();
        }
        true
    }

    /// The note editor's Save: the note kept (an empty one unmarks the line).
    pub(super) fn save_note(&mut self, id: NodeId, text: Option<&str>) {
        match text {
            None if self.save(id, None) => self.message = "备注为空：已取消标记".into(),
            Some(text) if self.save(id, Some(text)) => self.message = "备注已保存".into(),
            _ => {}
        }
    }

    /// `m`: mark or unmark the selected line (unmarking keeps a written note
    /// from being dropped by accident: it asks for `N` and an empty note).
    pub(super) fn toggle_mark(&mut self) {
        let Some(id) = self.selected() else { return };
        let key = notes::key_of(&self.model, id);
        let existing = key.as_ref().and_then(|k| self.notes.get(k)).cloned();
        match existing {
            Some(n) if !n.text.is_empty() => {
                self.message = format!(
                    "这一行有备注：{} 打开备注，清空后保存即取消标记",
                    keymap::key(Context::Main, Action::Note)
                );
            }
            Some(_) => {
                if self.save(id, None) {
                    self.message = "已取消标记".into();
                }
            }
            None => {
                if self.save(id, Some("")) {
                    self.message = format!(
                        "已标记（{} 查看全部标记）",
                        keymap::key(Context::Main, Action::OpenMarks)
                    );
                }
            }
        }
    }

    /// `N`: the note editor on the selected line (on its draft, if one was kept).
    pub(super) fn open_note(&mut self) {
        let Some(id) = self.selected() else { return };
        let key = notes::key_of(&self.model, id);
        let draft = key.as_ref().and_then(|k| self.notes.draft(k));
        if draft.is_some() {
            self.message = format!(
                "已恢复未保存的草稿（{} 保存，{} 丢弃）",
                keymap::key(Context::Editor, Action::Save),
                keymap::key(Context::Editor, Action::Close)
            );
        }
        let text: Vec<char> = draft
            .or_else(|| key.as_ref().and_then(|k| self.notes.get(k)))
            .map(|n| n.text.chars().collect())
            .unwrap_or_default();
        let cursor = text.len();
        self.popup = Some(Popup::Note(EditorState { id, text, cursor }));
    }

    /// `'`: every mark and note of the datasets open.
    pub(super) fn open_marks(&mut self) {
        if self.notes.for_model(&self.model).next().is_none() {
            self.message = format!(
                "还没有标记：{} 标记当前行，{} 写备注",
                keymap::key(Context::Main, Action::Mark),
                keymap::key(Context::Main, Action::Note)
            );
            return;
        }
        self.popup = Some(Popup::Marks(ListState::default()));
    }

    /// `f`: the filter popup.
    pub(super) fn open_filter(&mut self) {
        self.popup = Some(Popup::Filter(FilterState::default()));
    }

    /// Put `filter` on the trees.
    pub(super) fn set_filter(&mut self, filter: Filter) {
        self.filter = Some(filter);
        self.apply_filter();
        self.message = format!(
            "筛选：{}（{} 清除）",
            filter.label(),
            keymap::key(Context::Global, Action::Close)
        );
    }

    /// Esc with no popup: clear the filter, if one is on.
    pub(super) fn clear_filter(&mut self) {
        if self.filter.take().is_some() {
            self.apply_filter();
            self.message = "筛选已清除".into();
        }
    }

    /// One line of text for `y`: path, amount with unit, shares of unit and
    /// department, change where known, source.
    pub fn line_text(&self, id: NodeId) -> String {
        let m = &self.model;
        let n = m.node(id);
        let unit = self.unit;
        let mut parts = vec![
            m.path(id).join(" › "),
            n.known().map_or_else(
                || "金额文中未列".into(),
                |a| format!("{} {}", crate::money::format(a, unit), unit.label()),
            ),
        ];
        if let Some(p) = m.share_of_unit(id) {
            parts.push(format!("占单位 {}", crate::money::format_pct(Some(p))));
        }
        parts.push(format!(
            "占部门 {}",
            crate::money::format_pct(m.share_of_department(id))
        ));
        if let Some(c) = self.lens().compared(m, id) {
            parts.push(format!(
                "{}→{} {} {}",
                m.year_label(self.compare[0]),
                m.year_label(self.compare[1]),
                c.known_change()
                    .map_or_else(|| "—".into(), |d| crate::money::format_change(d, unit)),
                crate::money::format_pct(c.change_pct)
            ));
        } else if let (Some(p), Some(now)) = (m.stated_prior(id), n.known()) {
            let (ch, pct) = crate::money::change(p.value, now);
            parts.push(format!(
                "比上年 {} {}",
                crate::money::format_change(ch, unit),
                crate::money::format_pct(pct)
            ));
        }
        if let Some(f) = crate::schema::most_precise(&n.figures) {
            parts.push(format!("来源：{}", m.cite(id, f)));
        }
        parts.extend(self.marker_text(id));
        parts.join(" · ")
    }

    /// What the line's `!` or `~` means, as a copied line says it: each
    /// disagreement with the figure stated elsewhere (the other table's,
    /// with its place) and the difference; rounding differences counted.
    fn marker_text(&self, id: NodeId) -> Vec<String> {
        let m = &self.model;
        let own = crate::schema::most_precise(&m.node(id).figures).map(|f| &f.source);
        let unit = self.unit;
        let mut out = Vec::new();
        let mut rounding = 0;
        for f in crate::check::findings_for(&self.findings, id) {
            if f.severity == Severity::Rounding {
                rounding += 1;
                continue;
            }
            if f.rule.is_placement() {
                out.push(format!(
                    "! 位置（编码与所印之处不符，金额无差额）：{}",
                    f.message
                ));
                continue;
            }
            let others: Vec<String> = f
                .figures
                .iter()
                .filter(|c| Some(&c.source) != own)
                .map(|c| {
                    format!(
                        "{} {}（{}）",
                        crate::money::format(c.value, unit),
                        unit.label(),
                        f.cite(m, c)
                    )
                })
                .collect();
            out.push(if others.is_empty() {
                format!("! 不一致：{}", f.message)
            } else {
                format!(
                    "! 与文中别处所列不一致：{}，相差 {}",
                    others.join("；"),
                    f.difference
                )
            });
        }
        if rounding > 0 {
            let mark = if out.is_empty() { "~ " } else { "" };
            out.push(format!("{mark}另有 {rounding} 处只差在四舍五入"));
        }
        out
    }

    /// The detail pane's text, as `Y` copies it.
    pub fn detail_text(&self, id: NodeId) -> String {
        let years = self
            .timeline
            .as_ref()
            .filter(|_| self.compare[0] != self.compare[1])
            .map(|t| (t, self.compare[0], self.compare[1]));
        crate::detail::lines(&self.model, &self.findings, years, id, self.unit, 100).join("\n")
    }

    /// Copy to the terminal's clipboard (OSC 52): works over SSH and in tmux
    /// with `set-clipboard on`. The text passes the one sanitising function.
    /// Terminals drop a sequence longer than they accept, silently: above
    /// [`OSC52_MAX`] it is not sent, and the message says why.
    pub(super) fn copy(&mut self, what: &str, text: &str) {
        let clean = crate::text::sanitize(text);
        let encoded = clean.len().div_ceil(3) * 4;
        if encoded > OSC52_MAX {
            self.message = format!(
                "{what}太长（{} 字），超出终端剪贴板可接受的大小，未复制：请用 yusuan show 输出后复制",
                clean.chars().count()
            );
            return;
        }
        let mut osc = String::new();
        if crossterm::clipboard::CopyToClipboard::to_clipboard_from(clean.as_bytes())
            .write_ansi(&mut osc)
            .is_ok()
        {
            self.effects.push(osc);
            let chars = clean.chars().count();
            self.message = format!("已复制{what}（{chars} 字）到剪贴板");
        }
    }

    /// `x`: the current view (with its filter) to an XLSX file in the working
    /// directory, with the findings and the notes. The workbook is made
    /// here; the event loop writes it ([`App::run_writes`]).
    pub(super) fn export(&mut self) {
        let Some(v) = self.tab.view() else {
            self.message = "三公视图请用 yusuan export --view sangong".into();
            return;
        };
        let top = self.trees[v.index()].top;
        let scope = crate::export::Scope {
            model: &self.model,
            lens: self.lens(),
            unit: self.unit,
            keep: self.keep[v.index()].as_ref(),
        };
        let sheets = vec![
            crate::export::tree_sheet(&scope, top, crate::export::view_name(v)),
            crate::export::findings_sheet(&self.model, &self.findings),
            crate::export::notes_sheet(&self.model, &self.notes, self.unit),
        ];
        let year = self.model.years().last().map_or(0, |e| e.year);
        let base = format!("yusuan-{}-{year}", crate::export::view_name(v));
        self.queue_xlsx(&sheets, base);
    }

    /// A workbook of `sheets` to write as `base.xlsx` (or `base-2.xlsx` …)
    /// once `update` is done; the first sheet's rows are counted in the message.
    pub(super) fn queue_xlsx(&mut self, sheets: &[crate::export::Sheet], base: String) {
        match crate::export::xlsx(sheets) {
            Ok(bytes) => {
                self.writes.push(PendingWrite {
                    base,
                    bytes,
                    rows: sheets.first().map_or(0, |s| s.rows.len()),
                });
                self.message = "正在导出…".into();
            }
            Err(e) => self.message = format!("导出失败：{e}"),
        }
    }

    /// Write the files `update` asked for (exports): the event loop's effect,
    /// never run inside `update`. True when there was any.
    pub fn run_writes(&mut self) -> bool {
        let writes = std::mem::take(&mut self.writes);
        for w in &writes {
            let path = (1..1000)
                .map(|k| {
                    let name = if k == 1 {
                        format!("{}.xlsx", w.base)
                    } else {
                        format!("{}-{k}.xlsx", w.base)
                    };
                    if self.export_dir == std::path::Path::new(".") {
                        std::path::PathBuf::from(name)
                    } else {
                        self.export_dir.join(name)
                    }
                })
                .find(|p| !p.exists())
                .unwrap_or_default();
            // An ordinary file, readable as the umask allows (0644).
            self.message = match crate::atomic::write(&path, &w.bytes, crate::atomic::Mode::Shared)
            {
                Ok(()) => format!("已导出 {}（{} 行）", path.display(), w.rows),
                Err(e) => format!("导出失败：{}: {e}", path.display()),
            };
        }
        !writes.is_empty()
    }
}

/// A file `update` made and the event loop writes.
#[derive(Debug, Clone)]
pub struct PendingWrite {
    /// The file's name without `.xlsx` (a number is added if it exists).
    pub base: String,
    pub bytes: Vec<u8>,
    /// Rows of the first sheet, for the message.
    pub rows: usize,
}
