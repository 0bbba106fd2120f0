//! The explorer's state and `update`: actions in, state changed. Nothing
//! here draws; drawing (`ui`) only reads this state.

use super::keymap::{Action, Context};
use super::layout::Areas;
use super::searcher::Searcher;
mod hints;
mod matches;
mod meeting;
mod popups;
mod sangong;
mod settings;
mod tree;

pub use super::panes::{DetailPane, SangongPane};
pub use super::popup::{EditorState, FilterState, Popup, RankedState, SearchState, UnitsState};
pub use super::state::{Focus, LastSearch, ListState, Row, Tab, TreeState};
use crate::check::{self, Finding, Severity};
use crate::compare::{Mapping, Timeline};
use crate::model::{Model, NodeId, View};
use crate::money::Unit;
use crate::notes::Notes;
use crate::views::{Filter, Sort};
use std::collections::HashSet;

/// The whole state of the explorer.
pub struct App {
    /// The model, shared with the search worker that indexes it.
    pub model: std::sync::Arc<Model>,
    pub findings: Vec<Finding>,
    pub tab: Tab,
    pub trees: [TreeState; 3],
    pub focus: Focus,
    /// The detail pane: its scroll.
    pub detail: DetailPane,
    /// The 三公 pane: its scroll, sort, items shown and row chosen.
    pub sangong: SangongPane,
    pub sort: Sort,
    pub unit: Unit,
    pub popup: Option<Popup>,
    pub message: String,
    pub size: (u16, u16),
    pub quit: bool,
    /// Ctrl-Z: the event loop gives the terminal back and stops.
    pub suspend: bool,
    pub redraw: bool,
    pub mouse: bool,
    pub color: bool,
    searcher: Searcher,
    /// The last search confirmed, for `;` and `,`.
    pub last_search: Option<LastSearch>,
    /// Every line followed across the years open (when several are).
    pub timeline: Option<Timeline>,
    /// The two years compared (indices into `model.years()`), earlier first.
    pub compare: [usize; 2],
    /// The bar column shows the change rather than the amount.
    pub bar_change: bool,
    /// The findings list shows rounding differences too (`r` toggles).
    pub show_rounding: bool,
    /// Marks and notes.
    pub notes: Notes,
    /// The lines marked, from `notes`.
    marked: HashSet<NodeId>,
    /// The filter on, and per view the lines it keeps.
    pub filter: Option<Filter>,
    keep: [Option<HashSet<NodeId>>; 3],
    /// Bytes for the terminal itself (OSC 52 for the clipboard), written by
    /// the event loop after `update`.
    pub effects: Vec<String>,
    /// Files to write (exports), written by the event loop after `update`
    /// ([`App::run_writes`]): `update` does no blocking I/O.
    pub writes: Vec<meeting::PendingWrite>,
    /// Where exports go: the working directory.
    pub export_dir: std::path::PathBuf,
    /// Visible rows per tree view, kept up to date by `update`.
    visible: [Vec<Row>; 3],
    /// The worst finding per node.
    marks: std::collections::HashMap<NodeId, Severity>,
    /// The checks and the pairing of years, still being computed on a
    /// thread (a city's decade takes seconds): the tree shows meanwhile.
    later: Option<std::sync::mpsc::Receiver<Later>>,
}

/// What the explorer computes after its first frame.
type Later = (Vec<Finding>, Option<Timeline>);

/// What the explorer computes before its first screen of the model: the
/// checks' findings and, with several years, the lines followed across them.
/// Plain data, so the loading thread can compute it while the explorer shows
/// its progress — or, [`Prepared::deferred`], on a thread of their own while
/// the tree already shows.
pub struct Prepared {
    pub model: Model,
    pub findings: Vec<Finding>,
    pub timeline: Option<Timeline>,
    /// The checks and the pairing are still to compute, with this mapping.
    pub deferred: Option<Mapping>,
}

impl Prepared {
    /// Everything computed now.
    pub fn new(model: Model, mapping: &Mapping) -> Prepared {
        let (findings, timeline) = later(&model, mapping);
        Prepared {
            model,
            findings,
            timeline,
            deferred: None,
        }
    }

    /// The model only: the explorer computes the checks and the pairing of
    /// years on a thread once its tree shows.
    pub fn deferred(model: Model, mapping: Mapping) -> Prepared {
        Prepared {
            model,
            findings: Vec::new(),
            timeline: None,
            deferred: Some(mapping),
        }
    }
}

/// The checks' findings and, with several years, the lines followed across them.
fn later(model: &Model, mapping: &Mapping) -> Later {
    let findings = check::run(model);
    let timeline = (model.years().len() > 1).then(|| Timeline::new(model, mapping));
    (findings, timeline)
}

impl App {
    pub fn new(model: Model, unit: Unit, searcher_threaded: bool) -> App {
        App::with_mapping(model, &Mapping::none(), unit, searcher_threaded)
    }

    /// The explorer on `model`, pairing lines across years with `mapping` first.
    pub fn with_mapping(
        model: Model,
        mapping: &Mapping,
        unit: Unit,
        searcher_threaded: bool,
    ) -> App {
        App::from_prepared(Prepared::new(model, mapping), unit, searcher_threaded)
    }

    /// The explorer on what [`Prepared::new`] computed (on another thread).
    pub fn from_prepared(p: Prepared, unit: Unit, searcher_threaded: bool) -> App {
        let Prepared {
            model,
            findings,
            timeline,
            deferred,
        } = p;
        let years = model.years().len();
        let compare = [years.saturating_sub(2), years.saturating_sub(1)];
        let trees = [View::Unit, View::Function, View::Money].map(|v| {
            let top = model.top(v);
            let mut expanded = HashSet::new();
            expanded.insert(top);
            TreeState {
                top,
                expanded,
                selected: top,
                offset: 0,
            }
        });
        let model = std::sync::Arc::new(model);
        let searcher = Searcher::new(&model, searcher_threaded);
        let later = deferred.and_then(|mapping| {
            let (tx, rx) = std::sync::mpsc::channel();
            let model = std::sync::Arc::clone(&model);
            std::thread::Builder::new()
                .name("yusuan-check".into())
                .spawn(move || {
                    let _ = tx.send(later(&model, &mapping));
                })
                .ok()
                .map(|_| rx)
        });
        let mut app = App {
            model,
            findings,
            tab: Tab::Unit,
            trees,
            focus: Focus::Tree,
            detail: DetailPane::default(),
            sangong: SangongPane::default(),
            sort: Sort::default(),
            unit,
            popup: None,
            message: String::new(),
            size: (80, 24),
            quit: false,
            suspend: false,
            redraw: false,
            mouse: true,
            color: true,
            searcher,
            last_search: None,
            timeline,
            compare,
            bar_change: false,
            show_rounding: true,
            notes: Notes::in_memory(),
            marked: HashSet::new(),
            filter: None,
            keep: [None, None, None],
            effects: Vec::new(),
            writes: Vec::new(),
            export_dir: std::path::PathBuf::from("."),
            visible: [Vec::new(), Vec::new(), Vec::new()],
            marks: std::collections::HashMap::new(),
            later,
        };
        app.mark_findings();
        app.reset_trees();
        app
    }

    /// The worst finding per node, for the tree's markers.
    fn mark_findings(&mut self) {
        self.marks.clear();
        for f in &self.findings {
            if let Some(id) = f.node {
                let m = self.marks.entry(id).or_insert(f.severity);
                *m = (*m).max(f.severity);
            }
        }
    }

    /// Are the checks and the pairing of years still being computed?
    pub fn preparing(&self) -> bool {
        self.later.is_some()
    }

    /// Take the checks and the pairing of years when they are ready: the
    /// markers appear, and with several years the trees compare them
    /// (keeping each selection). True when something changed.
    pub fn poll_later(&mut self) -> bool {
        let Some(rx) = &self.later else {
            return false;
        };
        match rx.try_recv() {
            Ok((findings, timeline)) => {
                crate::tui::trace::step("checks done, years paired");
                self.findings = findings;
                self.timeline = timeline;
                self.mark_findings();
                self.reset_trees();
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => return false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.message = "核对与跨年比较未能完成".into();
            }
        }
        self.later = None;
        true
    }

    /// The keymap context the state is in: the popup's, or the main screen's.
    pub fn context(&self) -> Context {
        self.popup.as_ref().map_or(Context::Main, Popup::context)
    }

    pub fn areas(&self) -> Areas {
        Areas::compute(self.size.0, self.size.1, self.focus)
    }

    /// Apply one action.
    pub fn update(&mut self, action: Action) {
        self.redraw = false;
        match action {
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.clamp_scroll();
                return;
            }
            Action::Redraw => {
                self.redraw = true;
                return;
            }
            Action::Quit => {
                self.quit = true;
                return;
            }
            Action::Suspend => {
                self.suspend = true;
                return;
            }
            _ => {}
        }
        // Any change of the node shown (a move, a jump, a tab) shows its
        // detail from the top; a resize or a scroll keeps the place.
        let shown = (self.tab, self.selected());
        self.update_popup_or_main(action);
        if (self.tab, self.selected()) != shown {
            self.detail.scroll = 0;
        }
        if let Some(line) = self.detail.target.take() {
            self.detail.scroll = line;
        }
    }

    fn update_popup_or_main(&mut self, action: Action) {
        let Some(mut popup) = self.popup.take() else {
            self.update_main(action);
            return;
        };
        let outcome = popup.update(action, &self.cx());
        let (stays, request) = match outcome {
            super::popup::Outcome::Stay => (true, None),
            super::popup::Outcome::Close => (false, None),
            super::popup::Outcome::Ask(r) => (true, Some(r)),
            super::popup::Outcome::CloseAnd(r) => (false, Some(r)),
        };
        if stays {
            self.popup = Some(popup);
        }
        if let Some(r) = request {
            self.perform(r);
        }
        self.poll_search();
    }

    /// What a popup reads of the explorer while it answers an action.
    fn cx(&self) -> super::popup::Cx<'_> {
        super::popup::Cx {
            model: &self.model,
            lens: self.lens(),
            notes: &self.notes,
            findings: self.findings_shown().count(),
            page: self.areas().popup_rows().max(1),
        }
    }

    fn update_main(&mut self, action: Action) {
        self.message.clear();
        if self.tab == Tab::Sangong && self.update_sangong(action) {
            return;
        }
        match action {
            Action::Up | Action::ScrollUp => self.move_by(-1),
            Action::Down | Action::ScrollDown => self.move_by(1),
            Action::PageUp => self.move_by(-self.page()),
            Action::PageDown => self.move_by(self.page()),
            Action::HalfPageUp => self.move_by(-(self.page() / 2).max(1)),
            Action::HalfPageDown => self.move_by((self.page() / 2).max(1)),
            Action::Top => self.move_by(-(isize::MAX / 2)),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Expand => self.expand(),
            Action::Collapse => self.collapse(),
            Action::ExpandAll => self.expand_all(),
            Action::FocusNext => {
                self.focus = match self.focus {
                    Focus::Tree => Focus::Detail,
                    Focus::Detail => Focus::Tree,
                };
                self.clamp_scroll();
            }
            Action::SortCycle
            | Action::SortReverse
            | Action::SortBy(_)
            | Action::CompareEarlier
            | Action::CompareLater
            | Action::BarMode
            | Action::UnitCycle
            | Action::UnitBack
            | Action::Unbound(_) => self.update_settings(action),
            Action::OpenRanked => self.open_ranked(),
            Action::NextMatch => self.next_match(1),
            Action::PreviousMatch => self.next_match(-1),
            Action::OpenUnits => self.open_units(),
            Action::View(i) => {
                if let Some(t) = Tab::ALL.get(i) {
                    self.tab = *t;
                    self.clamp_scroll();
                }
            }
            Action::Help => self.popup = Some(Popup::Help { scroll: 0 }),
            Action::OpenSearch => {
                self.popup = Some(Popup::Search(SearchState::new((self.tab, self.selected()))));
            }
            Action::OpenFindings => {
                if self.preparing() {
                    self.message = format!(
                        "核对中…，稍候再按 {}",
                        super::keymap::key(Context::Main, Action::OpenFindings)
                    );
                } else if self.findings.is_empty() {
                    self.message = "核对：没有发现差异".into();
                } else {
                    self.popup = Some(Popup::Findings(ListState::default()));
                }
            }
            Action::Click(x, y) => self.click(x, y),
            Action::Mark => self.toggle_mark(),
            Action::Note => self.open_note(),
            Action::OpenMarks => self.open_marks(),
            Action::OpenFilter => self.open_filter(),
            Action::Export => self.export(),
            Action::CopyLine => {
                if let Some(id) = self.selected() {
                    let text = self.line_text(id);
                    self.copy("当前行", &text);
                }
            }
            Action::CopyDetail => {
                if let Some(id) = self.selected() {
                    let text = self.detail_text(id);
                    self.copy("详情", &text);
                }
            }
            Action::Close => self.clear_filter(),
            // Esc with no popup, and typing outside a popup, do nothing.
            _ => {}
        }
    }

    /// Take finished search results, if any. The popup keeps showing the
    /// previous results until then.
    pub fn poll_search(&mut self) -> bool {
        let Some(Popup::Search(s)) = &mut self.popup else {
            return false;
        };
        let mut changed = false;
        while let Some((q, result)) = self.searcher.poll() {
            changed |= s.answer(q, result);
        }
        changed
    }

    /// The findings the list shows: all, or (after `r`) the real disagreements.
    pub fn shown_findings(&self) -> Vec<&Finding> {
        self.findings_shown().collect()
    }

    fn findings_shown(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| self.show_rounding || f.severity == Severity::Mismatch)
    }

    /// The node a finding is about, or the nearest one: 政府采购 for part 4's
    /// parts, the 三公 table for 三公, else the department.
    pub(super) fn finding_target(&self, f: &Finding) -> Option<NodeId> {
        if let Some(id) = f.node {
            return Some(id);
        }
        let m = &self.model;
        let view = f.rule.view();
        let dept = m
            .node(m.year_node(view, m.years().len().checked_sub(1)?))
            .children
            .first()
            .copied()?;
        if view == View::Money {
            return m
                .node(dept)
                .children
                .iter()
                .copied()
                .find(|c| m.node(*c).name == "政府采购")
                .or(Some(dept));
        }
        Some(dept)
    }

    /// Is the search index still being built (on the worker)?
    pub fn indexing(&self) -> bool {
        !self.searcher.ready()
    }

    /// The worst finding about a node, for the tree's marker.
    pub fn finding_mark(&self, id: NodeId) -> Option<Severity> {
        self.marks.get(&id).copied()
    }

    pub fn sort_label(&self) -> String {
        format!(
            "{}{}",
            self.sort.key.label(),
            if self.sort.reversed { "↑" } else { "" }
        )
    }
}
