//! The one keymap: every binding with its description. The dispatcher and
//! the help popup both read this table.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// Expand the selected node, or go into it when already expanded.
    Expand,
    /// Collapse the selected node, or go to its parent.
    Collapse,
    /// Expand or collapse the selected node and everything below it.
    ExpandAll,
    FocusNext,
    SortCycle,
    /// The same sort the other way.
    SortReverse,
    SortBy(crate::views::SortKey),
    UnitCycle,
    /// The unit the other way: 亿元 → 万元 → 元.
    UnitBack,
    /// A key with no binding here (the status line says so).
    Unbound(KeyCode),
    /// In the findings list: show or hide the rounding ones.
    ToggleRounding,
    /// Every project of the department (or the selected unit), ranked.
    OpenRanked,
    /// The units side by side.
    OpenUnits,
    /// Compare an earlier year (`[`) or a later one (`]`) when several are open.
    CompareEarlier,
    CompareLater,
    /// The bar column shows the amount or the change.
    BarMode,
    View(usize),
    Help,
    OpenSearch,
    /// After a search: the next (or previous) of its hits, as `n`/`N` in
    /// less and vim (here `;` and `,`: `n` sorts by name, `N` writes a note).
    NextMatch,
    PreviousMatch,
    OpenFindings,
    Close,
    Quit,
    /// Stop the explorer and give the shell the terminal (`fg` continues).
    Suspend,
    Redraw,
    /// Mark or unmark the selected line.
    Mark,
    /// Open the note editor on the selected line.
    Note,
    /// The list of marks and notes.
    OpenMarks,
    /// Copy the selected line (one line of text) or the detail pane.
    CopyLine,
    CopyDetail,
    /// The filter popup; export the current view.
    OpenFilter,
    Export,
    /// In the note editor: save, a new line, move the cursor.
    Save,
    Newline,
    CursorLeft,
    CursorRight,
    /// In the marks list: delete the selected mark and its note.
    Delete,
    /// Typing in a popup's input.
    Input(char),
    Backspace,
    Confirm,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollUp,
    ScrollDown,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    /// The tree and the views.
    Main,
    /// The search popup.
    Search,
    /// Any list popup (findings, marks).
    List,
    /// The note editor.
    Editor,
    /// The filter popup.
    Prompt,
    /// Everywhere.
    Global,
}

impl Context {
    pub fn label(self) -> &'static str {
        match self {
            Context::Main => "浏览",
            Context::Search => "搜索",
            Context::List => "列表（核对 / 标记）",
            Context::Editor => "备注编辑",
            Context::Prompt => "筛选",
            Context::Global => "全局",
        }
    }
}

/// One binding: the keys, the action, what it does, and whether the status
/// line shows it as a hint.
pub struct Binding {
    pub context: Context,
    pub keys: &'static [(KeyCode, KeyModifiers)],
    pub shown_as: &'static str,
    pub action: Action,
    pub description: &'static str,
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

macro_rules! bind {
    ($ctx:expr, [$($k:expr),+], $shown:expr, $action:expr, $desc:expr, $hint:expr) => {
        Binding { context: $ctx, keys: &[$($k),+], shown_as: $shown, action: $action, description: $desc, hint: $hint }
    };
}

use crate::views::SortKey;
use Context::{Editor, Global, List, Main, Prompt, Search};
use KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right,
    Tab, Up, F,
};

/// The table. Order is the help popup's order.
pub fn bindings() -> &'static [Binding] {
    static TABLE: std::sync::OnceLock<Vec<Binding>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        #[rustfmt::skip]
        let table = vec![
            bind!(Main, [(Up, NONE), (Char('k'), NONE)], "↑ k", Action::Up, "上移", false),
            bind!(Main, [(Down, NONE), (Char('j'), NONE)], "↓ j", Action::Down, "下移", false),
            bind!(Main, [(Enter, NONE), (Right, NONE), (Char('l'), NONE)], "→ l Enter", Action::Expand, "展开 / 进入（三公表：各项右移）", true),
            bind!(Main, [(Left, NONE), (Char('h'), NONE), (Backspace, NONE)], "← h", Action::Collapse, "收起 / 回到上级（三公表：各项左移）", true),
            bind!(Main, [(Char('*'), NONE), (Char('e'), NONE)], "e *", Action::ExpandAll, "全部展开 / 收起", false),
            bind!(Main, [(Char('g'), NONE), (Home, NONE)], "g Home", Action::Top, "到顶部", false),
            bind!(Main, [(Char('G'), SHIFT), (Char('G'), NONE), (End, NONE)], "G End", Action::Bottom, "到底部", false),
            bind!(Main, [(PageUp, NONE)], "PgUp", Action::PageUp, "上翻一页", false),
            bind!(Main, [(PageDown, NONE)], "PgDn", Action::PageDown, "下翻一页", false),
            bind!(Main, [(Char('u'), CTRL)], "Ctrl-u", Action::HalfPageUp, "上翻半页", false),
            bind!(Main, [(Char('d'), CTRL)], "Ctrl-d", Action::HalfPageDown, "下翻半页", false),
            bind!(Main, [(Tab, NONE), (BackTab, SHIFT)], "Tab", Action::FocusNext, "切换窗格（树 / 详情）", true),
            bind!(Main, [(Char('s'), NONE)], "s", Action::SortCycle, "排序：金额 → 名称 → 文档顺序（三公表：换一列）", true),
            bind!(Main, [(Char('S'), SHIFT), (Char('S'), NONE)], "S", Action::SortReverse, "反向排序", false),
            bind!(Main, [(Char('a'), NONE)], "a", Action::SortBy(SortKey::Amount), "按金额排序（再按一次反向）", false),
            bind!(Main, [(Char('n'), NONE)], "n", Action::SortBy(SortKey::Name), "按名称（拼音）排序（再按一次反向）", false),
            bind!(Main, [(Char('o'), NONE)], "o", Action::SortBy(SortKey::Document), "按文档顺序排序（再按一次反向）", false),
            bind!(Main, [(Char('d'), NONE)], "d", Action::SortBy(SortKey::Change), "按增减额排序（两年对比时；再按一次反向）", false),
            bind!(Main, [(Char('D'), SHIFT), (Char('D'), NONE)], "D", Action::SortBy(SortKey::ChangePct), "按增减率排序（两年对比时；再按一次反向）", false),
            bind!(Main, [(Char('u'), NONE)], "u", Action::UnitCycle, "单位：元 → 万元 → 亿元", true),
            bind!(Main, [(Char('U'), SHIFT), (Char('U'), NONE)], "U", Action::UnitBack, "单位：亿元 → 万元 → 元", false),
            bind!(Main, [(Char('p'), NONE)], "p", Action::OpenRanked, "全部项目按金额排名（两年对比时按增减；在单位上只列该单位）", true),
            bind!(Main, [(Char('t'), NONE)], "t", Action::OpenUnits, "单位对比表：各单位的人员、公用、对个人和家庭、项目、合计、三公、编制、人均人员支出，可按任一列排序、导出", true),
            bind!(Main, [(Char('['), NONE)], "[", Action::CompareEarlier, "对比：换更早的起始年份（三年以上时）", false),
            bind!(Main, [(Char(']'), NONE)], "]", Action::CompareLater, "对比：换更晚的终止年份（三年以上时）", false),
            bind!(Main, [(Char('b'), NONE)], "b", Action::BarMode, "条形图：金额 / 增减额", false),
            bind!(Main, [(Char('1'), NONE)], "1", Action::View(0), "视图：按单位", false),
            bind!(Main, [(Char('2'), NONE)], "2", Action::View(1), "视图：按功能科目", false),
            bind!(Main, [(Char('3'), NONE)], "3", Action::View(2), "视图：三公经费（两年或预算数与决算数对比）", false),
            bind!(Main, [(Char('4'), NONE)], "4", Action::View(3), "视图：收入与政府采购", false),
            bind!(Main, [(Char('/'), NONE)], "/", Action::OpenSearch, "搜索（中文、拼音、首字母、编码）", true),
            bind!(Main, [(Char(';'), NONE)], ";", Action::NextMatch, "下一个搜索结果（上次 / 搜索的；如 less 的 n）", false),
            bind!(Main, [(Char(','), NONE)], ",", Action::PreviousMatch, "上一个搜索结果（如 less 的 N）", false),
            bind!(Main, [(Char('c'), NONE)], "c", Action::OpenFindings, "核对结果：加总与表间一致性", true),
            bind!(Main, [(Char('m'), NONE)], "m", Action::Mark, "标记 / 取消标记当前行", false),
            bind!(Main, [(Char('N'), SHIFT), (Char('N'), NONE)], "N", Action::Note, "给当前行写备注（标记随之加上）", false),
            bind!(Main, [(Char('\''), NONE)], "'", Action::OpenMarks, "全部标记与备注；Enter 跳转", false),
            bind!(Main, [(Char('y'), NONE)], "y", Action::CopyLine, "复制当前行（路径、金额、占比、增减、来源）", false),
            bind!(Main, [(Char('Y'), SHIFT), (Char('Y'), NONE)], "Y", Action::CopyDetail, "复制详情窗格全文", false),
            bind!(Main, [(Char('f'), NONE)], "f", Action::OpenFilter, "筛选：差异 / 标记 / 项目 / 金额 / 增减；Esc 清除", true),
            bind!(Main, [(Char('x'), NONE)], "x", Action::Export, "导出当前视图（含筛选）为 Excel 文件，存于当前目录", false),
            bind!(Main, [(Char('q'), NONE)], "q", Action::Quit, "退出", true),
            bind!(Global, [(Char('?'), NONE), (Char('?'), SHIFT), (F(1), NONE)], "?", Action::Help, "帮助：全部按键", true),
            bind!(Global, [(Esc, NONE)], "Esc", Action::Close, "关闭弹窗 / 返回", false),
            bind!(Global, [(Char('l'), CTRL)], "Ctrl-L", Action::Redraw, "重绘屏幕", false),
            bind!(Global, [(Char('c'), CTRL)], "Ctrl-C", Action::Quit, "退出", false),
            bind!(Global, [(Char('z'), CTRL)], "Ctrl-Z", Action::Suspend, "暂停，回到 shell（fg 继续）", false),
            bind!(Search, [(Up, NONE), (Char('p'), CTRL)], "↑", Action::Up, "上一个结果", true),
            bind!(Search, [(Down, NONE), (Char('n'), CTRL)], "↓", Action::Down, "下一个结果", true),
            bind!(Search, [(Enter, NONE)], "Enter", Action::Confirm, "跳到该节点", true),
            bind!(Search, [(Backspace, NONE)], "Backspace", Action::Backspace, "删除一个字", false),
            bind!(Search, [(Esc, NONE)], "Esc", Action::Close, "取消，回到原处", true),
            bind!(List, [(Up, NONE), (Char('k'), NONE)], "↑ k", Action::Up, "上一条", true),
            bind!(List, [(Down, NONE), (Char('j'), NONE)], "↓ j", Action::Down, "下一条", true),
            bind!(List, [(PageUp, NONE)], "PgUp", Action::PageUp, "上翻一页", false),
            bind!(List, [(PageDown, NONE)], "PgDn", Action::PageDown, "下翻一页", false),
            bind!(List, [(Enter, NONE)], "Enter", Action::Confirm, "跳到相关节点", true),
            bind!(List, [(Esc, NONE), (Char('q'), NONE)], "Esc q", Action::Close, "关闭", true),
            bind!(List, [(Char('x'), NONE), (Delete, NONE)], "x Del", Action::Delete, "删除所选标记及其备注（标记列表）", true),
            bind!(List, [(Char('r'), NONE)], "r", Action::ToggleRounding, "显示 / 隐藏舍入差异（核对列表）", true),
            bind!(List, [(Char('s'), NONE)], "s", Action::SortCycle, "排序：换一列（项目排名、单位对比表）", true),
            bind!(List, [(Char('S'), SHIFT), (Char('S'), NONE)], "S", Action::SortReverse, "反向排序（项目排名、单位对比表）", false),
            bind!(List, [(Char('e'), NONE)], "e", Action::Export, "导出（单位对比表，Excel 文件，存于当前目录）", true),
            bind!(Editor, [(Char('s'), CTRL)], "Ctrl-S", Action::Save, "保存备注", true),
            bind!(Editor, [(Enter, NONE)], "Enter", Action::Newline, "换行", true),
            bind!(Editor, [(Backspace, NONE)], "Backspace", Action::Backspace, "删除光标前一个字", false),
            bind!(Editor, [(Left, NONE)], "←", Action::CursorLeft, "光标左移", false),
            bind!(Editor, [(Right, NONE)], "→", Action::CursorRight, "光标右移", false),
            bind!(Editor, [(Esc, NONE)], "Esc", Action::Close, "取消（不保存）", true),
            bind!(Prompt, [(Up, NONE)], "↑", Action::Up, "上一个条件", true),
            bind!(Prompt, [(Down, NONE)], "↓", Action::Down, "下一个条件", true),
            bind!(Prompt, [(Enter, NONE)], "Enter", Action::Confirm, "应用筛选", true),
            bind!(Prompt, [(Backspace, NONE)], "Backspace", Action::Backspace, "删除一个字", false),
            bind!(Prompt, [(Esc, NONE)], "Esc", Action::Close, "取消", true),
        ];
        table
    })
}

/// The action a key press means in `context` (global bindings apply too).
/// In the search popup, any other printable character is typed.
pub fn dispatch(key: KeyEvent, context: Context) -> Option<Action> {
    let mods = key.modifiers - KeyModifiers::SHIFT;
    let matches = |b: &Binding| {
        b.keys
            .iter()
            .any(|(code, m)| *code == key.code && (*m - KeyModifiers::SHIFT) == mods)
    };
    if let Some(b) = bindings()
        .iter()
        .find(|b| b.context == context && matches(b))
    {
        return Some(b.action);
    }
    if matches!(context, Search | Editor | Prompt) {
        if let KeyCode::Char(c) = key.code {
            if !key.modifiers.contains(KeyModifiers::CONTROL)
                && !key.modifiers.contains(KeyModifiers::ALT)
            {
                return Some(Action::Input(c));
            }
        }
    }
    bindings()
        .iter()
        .find(|b| b.context == Global && matches(b))
        .map(|b| b.action)
        .or_else(|| {
            // Say so, rather than do nothing silently.
            (context == Main
                && matches!(key.code, KeyCode::Char(_) | KeyCode::F(_))
                && !key.modifiers.contains(KeyModifiers::CONTROL))
            .then_some(Action::Unbound(key.code))
        })
}

/// The key a text names for `action` in `context` (or globally), as the help
/// shows it — its first key (`Enter`, `Esc`, `Ctrl-S`): every key written
/// into a title or a message comes from the table.
pub fn key(context: Context, action: Action) -> &'static str {
    bindings()
        .iter()
        .find(|b| b.action == action && b.context == context)
        .or_else(|| {
            bindings()
                .iter()
                .find(|b| b.action == action && b.context == Global)
        })
        .and_then(|b| b.shown_as.split_whitespace().next())
        .unwrap_or("?")
}

/// A sorted list's keys, for its messages: `s 换一列 · S 反向`.
pub fn sort_keys(context: Context) -> String {
    format!(
        "{} 换一列 · {} 反向",
        key(context, Action::SortCycle),
        key(context, Action::SortReverse)
    )
}

/// The status line's hints for a context: the hinted bindings of what the
/// focused pane or popup can do (`can`), without the [`essentials`].
pub fn hints(
    context: Context,
    tree_actions: bool,
    can: impl Fn(Action) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let tree_only = |a: &Action| {
        matches!(
            a,
            Action::Expand | Action::Collapse | Action::FocusNext | Action::SortCycle
        )
    };
    let essential = essentials(context);
    let mut hinted: Vec<&Binding> = bindings()
        .iter()
        .filter(|b| b.hint && (b.context == context || b.context == Global && context == Main))
        .filter(|b| tree_actions || !tree_only(&b.action))
        .filter(|b| can(b.action))
        .collect();
    // What this pane or popup does first, moving (known to all) last: a
    // narrow line drops hints from the end.
    hinted.sort_by_key(|b| matches!(b.action, Action::Up | Action::Down));
    hinted
        .into_iter()
        .map(|b| (b.shown_as, short(b.description)))
        .filter(|h| !essential.contains(h))
        .collect()
}

/// A description's first words, for a hint.
fn short(description: &'static str) -> &'static str {
    description
        .split(['（', '：', '，', ' '])
        .next()
        .unwrap_or(description)
}

/// The hints that show at every width, last on the status line: help and
/// quit in the main screen; closing and quitting in a popup.
pub fn essentials(context: Context) -> Vec<(&'static str, &'static str)> {
    let find = |ctx: Context, action: Action| {
        bindings()
            .iter()
            .find(|b| b.context == ctx && b.action == action)
            .map(|b| (b.shown_as, short(b.description)))
    };
    let wanted: &[(Context, Action)] = match context {
        Main => &[(Global, Action::Help), (Main, Action::Quit)],
        Editor => &[
            (Editor, Action::Save),
            (Editor, Action::Close),
            (Global, Action::Quit),
        ],
        other => &[(other, Action::Close), (Global, Action::Quit)],
    };
    wanted.iter().filter_map(|(c, a)| find(*c, *a)).collect()
}

/// The 三公 table's own keys, as the main screen's bindings describe them
/// for it (`← h 各项左移`, `s 换一列` …).
pub fn sangong_hints() -> Vec<String> {
    [
        Action::Collapse,
        Action::Expand,
        Action::SortCycle,
        Action::SortReverse,
    ]
    .iter()
    .filter_map(|a| {
        let b = bindings()
            .iter()
            .find(|b| b.context == Main && b.action == *a)?;
        let what = b
            .description
            .split_once("三公表：")
            .map_or(short(b.description), |(_, rest)| {
                rest.split(['）', '；']).next().unwrap_or(rest)
            });
        Some(format!("{} {what}", b.shown_as))
    })
    .collect()
}

/// The help popup's first line: how to close it, how to quit.
pub fn help_first_line() -> String {
    let shown = |ctx: Context, action: Action| {
        bindings()
            .iter()
            .filter(|b| b.context == ctx && b.action == action)
            .map(|b| b.shown_as)
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "关闭帮助：{} 或 {} · 退出 yusuan：关闭帮助后按 {}，或随时 {}",
        shown(Global, Action::Close),
        shown(Global, Action::Help),
        shown(Main, Action::Quit),
        shown(Global, Action::Quit)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn dispatches_by_context() {
        assert_eq!(dispatch(key(Char('j')), Main), Some(Action::Down));
        assert_eq!(dispatch(key(Char('j')), Search), Some(Action::Input('j')));
        assert_eq!(dispatch(key(Char('q')), Search), Some(Action::Input('q')));
        assert_eq!(dispatch(key(Esc), Main), Some(Action::Close));
        assert_eq!(
            dispatch(KeyEvent::new(Char('l'), KeyModifiers::CONTROL), Main),
            Some(Action::Redraw)
        );
        assert_eq!(dispatch(key(Char('l')), Main), Some(Action::Expand));
        assert_eq!(
            dispatch(KeyEvent::new(Char('G'), KeyModifiers::SHIFT), Main),
            Some(Action::Bottom)
        );
        assert_eq!(dispatch(key(Char('?')), Search), Some(Action::Input('?')));
        assert_eq!(dispatch(key(Char('?')), Main), Some(Action::Help));
    }

    #[test]
    fn help_and_quit_are_the_main_screens_essentials_and_popups_say_how_to_close() {
        assert_eq!(essentials(Main), vec![("?", "帮助"), ("q", "退出")]);
        assert_eq!(
            essentials(List),
            vec![("Esc q", "关闭"), ("Ctrl-C", "退出")]
        );
        assert_eq!(
            essentials(Search),
            vec![("Esc", "取消"), ("Ctrl-C", "退出")]
        );
        // Not twice: the essentials are not among the other hints.
        let h = hints(Main, true, |_| true);
        assert!(
            !h.contains(&("q", "退出")) && !h.contains(&("?", "帮助")),
            "{h:?}"
        );
        let h = hints(List, true, |a| a != Action::Delete);
        assert!(h.iter().all(|(k, _)| *k != "x Del"), "{h:?}");
        assert!(
            help_first_line().starts_with("关闭帮助：Esc 或 ?"),
            "{}",
            help_first_line()
        );
        assert!(help_first_line().contains("按 q") && help_first_line().contains("Ctrl-C"));
    }

    #[test]
    fn every_binding_has_a_description_and_no_key_is_bound_twice_in_a_context() {
        let mut seen = std::collections::HashSet::new();
        for b in bindings() {
            assert!(!b.description.is_empty());
            for k in b.keys {
                assert!(
                    seen.insert((b.context, k.0, k.1)),
                    "{:?} bound twice in {:?}",
                    k,
                    b.context
                );
            }
        }
    }
}
