//! Where each pane goes, from the terminal size alone. `update` (for mouse
//! clicks and paging) and `ui` (for drawing) both use it, so they agree.

use super::state::Focus;
use ratatui::layout::Rect;

/// Lines of the findings popup given to the selected finding's detail.
pub const FINDING_DETAIL: usize = 6;

/// The smallest terminal the explorer draws in; below it, a note.
pub const MIN_W: u16 = 24;
pub const MIN_H: u16 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub full: Rect,
    pub too_small: bool,
    pub header: Rect,
    pub tabs: Rect,
    pub crumb: Rect,
    pub body: Rect,
    /// The tree pane (with its border); zero-sized when hidden.
    pub tree: Rect,
    /// The detail pane (with its border); zero-sized when hidden.
    pub detail: Rect,
    pub status: Rect,
}

impl Areas {
    pub fn compute(w: u16, h: u16, focus: Focus) -> Areas {
        let full = Rect::new(0, 0, w, h);
        let zero = Rect::new(0, 0, 0, 0);
        if w < MIN_W || h < MIN_H {
            return Areas {
                full,
                too_small: true,
                header: zero,
                tabs: zero,
                crumb: zero,
                body: zero,
                tree: zero,
                detail: zero,
                status: zero,
            };
        }
        let header = Rect::new(0, 0, w, 1);
        let tabs = Rect::new(0, 1, w, 1);
        let crumb = Rect::new(0, 2, w, 1);
        let status = Rect::new(0, h - 1, w, 1);
        let body = Rect::new(0, 3, w, h - 4);
        let (tree, detail) = if w >= 90 {
            // The pane with focus takes 60%: the detail has room for its tables.
            let tw = match focus {
                Focus::Tree => w / 5 * 3 + w % 5 * 3 / 5,
                Focus::Detail => w / 5 * 2 + w % 5 * 2 / 5,
            };
            (
                Rect::new(0, body.y, tw, body.height),
                Rect::new(tw, body.y, w - tw, body.height),
            )
        } else if h >= 30 {
            // Narrow but tall: tree above, detail below.
            let th = body.height * 3 / 5;
            (
                Rect::new(0, body.y, w, th),
                Rect::new(0, body.y + th, w, body.height - th),
            )
        } else {
            // Narrow: the focused pane takes the body; Tab switches.
            match focus {
                Focus::Tree => (body, zero),
                Focus::Detail => (zero, body),
            }
        };
        Areas {
            full,
            too_small: false,
            header,
            tabs,
            crumb,
            body,
            tree,
            detail,
            status,
        }
    }

    /// Rows of tree lines inside the tree pane's border.
    /// (Inside the border, below the row of column headers.)
    pub fn tree_rows(&self) -> usize {
        self.tree.height.saturating_sub(3) as usize
    }

    /// The findings popup: its area, and how many list rows it has above the
    /// detail of the selected finding.
    pub fn findings_popup(&self) -> (Rect, usize) {
        let area = centered(
            self.full,
            self.full.width.saturating_sub(4),
            self.full.height.saturating_sub(2),
        );
        let inner_h = area.height.saturating_sub(2) as usize;
        (area, inner_h.saturating_sub(FINDING_DETAIL + 1).max(1))
    }

    /// Rows of the findings list (for paging).
    pub fn popup_rows(&self) -> usize {
        self.findings_popup().1
    }

    /// Which tree line (from the top of the pane) a click lands on.
    pub fn tree_row_at(&self, x: u16, y: u16) -> Option<usize> {
        let t = self.tree;
        (t.width > 2
            && x > t.x
            && x < t.x + t.width - 1
            && y > t.y + 1
            && y < t.y + t.height.saturating_sub(1))
        .then(|| (y - t.y - 2) as usize)
    }

    pub fn in_detail(&self, x: u16, y: u16) -> bool {
        let d = self.detail;
        x >= d.x && x < d.x + d.width && y >= d.y && y < d.y + d.height
    }
}

/// A centred rectangle of at most `w` × `h` inside `r`.
pub fn centered(r: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(r.width);
    let h = h.min(r.height);
    Rect::new(r.x + (r.width - w) / 2, r.y + (r.height - h) / 2, w, h)
}

/// A popup of at most `w` × `h`, centred, leaving a cell of the screen on
/// every side when the screen is smaller.
pub fn popup_area(full: Rect, w: u16, h: u16) -> Rect {
    centered(
        full,
        w.min(full.width.saturating_sub(2)),
        h.min(full.height.saturating_sub(2)),
    )
}
