//! The panes beside the tree as components: the detail pane and the 三公
//! pane each own their state (where they are scrolled, how the table is
//! sorted) and answer their own keys, returning what the status line should
//! say. The tree itself is the explorer's centre — every popup jumps into
//! it, the filter, the years and the sort reshape it — so its state stays
//! in `App` (`app/tree.rs`).

use super::keymap::{key, Action, Context};
use super::sangong::{column_label, compact, sort_cycle, SangongView};
use crate::model::sangong::SangongLine;
use crate::money::Unit;

/// The detail pane: how far it is scrolled.
#[derive(Debug, Clone, Default)]
pub struct DetailPane {
    pub scroll: usize,
    /// Where a jump to a search hit in a text wants the detail scrolled,
    /// once the jump's own reset to the top is done.
    pub target: Option<usize>,
}

impl DetailPane {
    /// Scroll by `delta` lines, never past the last page of `len` lines
    /// shown `rows` at a time (`G` shows the last page full).
    pub fn scroll_by(&mut self, delta: isize, len: usize, rows: usize) {
        let last = len.saturating_sub(rows);
        self.scroll = self.scroll.saturating_add_signed(delta).min(last);
    }

    /// Scroll to `line` now, and keep it there after the jump that led here.
    pub fn show(&mut self, line: usize) {
        self.scroll = line;
        self.target = Some(line);
    }

    /// The pane's own keys, for the status line.
    pub fn hint() -> String {
        let k = |a| key(Context::Main, a);
        format!(
            "详情：{}{} {} {} {} {} 滚动 · {} 回到树 · {} 复制详情",
            k(Action::Up),
            k(Action::Down),
            k(Action::PageUp),
            k(Action::PageDown),
            k(Action::Top),
            k(Action::Bottom),
            k(Action::FocusNext),
            k(Action::CopyDetail)
        )
    }
}

/// The 三公 pane: its scroll, its table's sort and first item shown, and
/// the row a search jumped to (a unit's name, or the department's).
#[derive(Debug, Clone, Default)]
pub struct SangongPane {
    pub scroll: usize,
    pub view: SangongView,
    pub selected: Option<String>,
}

impl SangongPane {
    /// An action on the table of `rows` (one list per dataset shown, laid
    /// out `width` wide in `unit`): what to say, or `None` when the action is
    /// not the table's own.
    pub fn update(
        &mut self,
        action: Action,
        rows: &[Vec<SangongLine>],
        unit: Unit,
        width: usize,
    ) -> Option<String> {
        let first = rows.first()?;
        let v = &mut self.view;
        match action {
            Action::SortCycle => {
                let cycle = sort_cycle(first);
                let next = match v.sort {
                    None => cycle.first().copied(),
                    Some((c, _)) => cycle
                        .iter()
                        .position(|x| *x == c)
                        .and_then(|i| cycle.get(i + 1))
                        .copied(),
                };
                v.sort = next.map(|c| (c, false));
            }
            Action::SortReverse => {
                v.sort = v.sort.map(|(c, r)| (c, !r));
                if v.sort.is_none() {
                    return Some(format!(
                        "三公表按文档顺序：先按 {} 选一列排序",
                        key(Context::Main, Action::SortCycle)
                    ));
                }
            }
            Action::Expand | Action::Collapse => {
                return Some(self.scroll_items(action, rows, unit, width))
            }
            _ => return None,
        }
        Some(match self.view.sort {
            None => "三公表：按文档顺序".into(),
            Some((c, r)) => format!(
                "三公表：按{}排序{}（{}）",
                column_label(c),
                if r { "（从小到大）" } else { "" },
                super::keymap::sort_keys(Context::Main)
            ),
        })
    }

    /// ←/→: the items that do not fit, as far as the widest table of the
    /// datasets shown scrolls. What to say (nothing when it moved).
    fn scroll_items(
        &mut self,
        action: Action,
        rows: &[Vec<SangongLine>],
        unit: Unit,
        width: usize,
    ) -> String {
        let laid: Vec<_> = rows
            .iter()
            .map(|r| compact(r, unit, width, self.view))
            .collect();
        let right = laid.iter().map(|c| c.right).max().unwrap_or(0);
        let left = laid.iter().map(|c| c.left).max().unwrap_or(0);
        let v = &mut self.view;
        if action == Action::Expand && right > 0 {
            v.first = left + 1;
        } else if action == Action::Collapse && left > 0 {
            v.first = left - 1;
        } else if left + right == 0 {
            return "三公表各项都已显示".into();
        } else {
            return format!(
                "已到尽头（{} {} 左右移动各项）",
                key(Context::Main, Action::Collapse),
                key(Context::Main, Action::Expand)
            );
        }
        String::new()
    }

    /// The pane's own keys, for the status line.
    pub fn hints() -> Vec<String> {
        let mut own = vec![format!(
            "{}{} 滚动",
            key(Context::Main, Action::Up),
            key(Context::Main, Action::Down)
        )];
        own.extend(super::keymap::sangong_hints());
        own
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_detail_scrolls_no_further_than_its_last_page() {
        let mut d = DetailPane::default();
        d.scroll_by(5, 30, 10);
        assert_eq!(d.scroll, 5);
        d.scroll_by(isize::MAX / 2, 30, 10);
        assert_eq!(d.scroll, 20, "G shows the last page full");
        d.scroll_by(-100, 30, 10);
        assert_eq!(d.scroll, 0);
        d.scroll_by(3, 4, 10);
        assert_eq!(
            d.scroll, 0,
            "a detail shorter than the pane does not scroll"
        );
        d.show(7);
        assert_eq!((d.scroll, d.target), (7, Some(7)));
    }

    #[test]
    fn the_sangong_pane_leaves_other_keys_and_an_empty_table_alone() {
        let mut p = SangongPane::default();
        assert_eq!(p.update(Action::SortCycle, &[], Unit::Wan, 80), None);
        assert_eq!(p.update(Action::Mark, &[vec![]], Unit::Wan, 80), None);
        let reverse = p.update(Action::SortReverse, &[vec![]], Unit::Wan, 80);
        assert!(reverse.is_some_and(|m| m.contains("先按")));
        assert!(SangongPane::hints().len() > 1);
        assert!(DetailPane::hint().starts_with("详情"));
    }
}
