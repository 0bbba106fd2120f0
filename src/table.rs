//! The one column-aligned text table: every column declares its alignment
//! (nothing guesses whether a cell "looks numeric"), widths are display
//! widths, and a column may be bounded or made to give way to fit a width.
//! The CLI's outputs, the detail pane's tables, the 三公 tables and the
//! findings list are all drawn with it.

use crate::width::{pad_left, pad_right, truncate, width};

/// The least room a table's first (label) column is given when it wraps
/// (four Chinese characters); narrower, labels stand on lines of their own.
pub const LABEL_LEAST: usize = 8;

/// How a column's cells sit in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text: padded on the right, cut with `…` when the column is narrower.
    Left,
    /// Figures: padded on the left, never cut.
    Right,
}

impl Align {
    /// The usual figure table's columns: a label, then `n` figures.
    pub fn label_and_figures(n: usize) -> Vec<Align> {
        std::iter::once(Align::Left)
            .chain(std::iter::repeat_n(Align::Right, n))
            .collect()
    }
}

#[derive(Debug, Clone, Copy)]
struct Column {
    align: Align,
    min: usize,
    max: Option<usize>,
}

/// Rows of cells, rendered as lines with columns two spaces apart.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with one column per alignment.
    #[must_use]
    pub fn new(aligns: &[Align]) -> Table {
        Table {
            columns: aligns
                .iter()
                .map(|&align| Column {
                    align,
                    min: 0,
                    max: None,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// A column at least `w` columns wide.
    #[must_use]
    pub fn min_width(mut self, col: usize, w: usize) -> Table {
        self.columns[col].min = w;
        self
    }

    /// A column at most `w` columns wide (its text cut with `…`).
    #[must_use]
    pub fn max_width(mut self, col: usize, w: usize) -> Table {
        self.columns[col].max = Some(w);
        self
    }

    /// Add a row; missing cells are empty, extra cells are dropped.
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    /// Add a row of string slices.
    pub fn push_strs(&mut self, row: &[&str]) {
        self.push(row.iter().map(ToString::to_string).collect());
    }

    /// Is there no row?
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each column's width: its widest cell, within its bounds.
    #[must_use]
    pub fn widths(&self) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let w = self
                    .rows
                    .iter()
                    .map(|r| width(&r[i]))
                    .max()
                    .unwrap_or(0)
                    .max(c.min);
                c.max.map_or(w, |m| w.min(m.max(c.min)))
            })
            .collect()
    }

    /// The rows as lines, each column as wide as it needs.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        self.render(&self.widths())
    }

    /// The rows as lines of at most `w` columns where possible: the `flex`
    /// column gives way (its text cut with `…`, never below 4 columns).
    #[must_use]
    pub fn lines_fitting(&self, flex: usize, w: usize) -> Vec<String> {
        let mut widths = self.widths();
        let total: usize = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
        if total > w {
            let others = total - widths[flex];
            widths[flex] = w.saturating_sub(others).max(4);
        }
        self.render(&widths)
    }

    /// The rows as lines of at most `w` columns where possible, text shared
    /// fairly: while the table is too wide, the widest text column gives
    /// way by one (its text cut with `…`, never below 4 columns), so no name
    /// is cut while another text column keeps room it does not need more.
    /// Figures are never cut.
    #[must_use]
    pub fn lines_balanced(&self, w: usize) -> Vec<String> {
        self.render(&self.balanced_widths(w))
    }

    /// The widths [`Table::lines_balanced`] draws with.
    #[must_use]
    pub fn balanced_widths(&self, w: usize) -> Vec<usize> {
        let mut widths = self.widths();
        let gaps = 2 * widths.len().saturating_sub(1);
        while widths.iter().sum::<usize>() + gaps > w {
            let widest = widths
                .iter()
                .enumerate()
                .filter(|(i, cw)| self.columns[*i].align == Align::Left && **cw > 4)
                // On a tie the later column gives way: the first text
                // column is the name.
                .max_by_key(|(i, cw)| (**cw, *i))
                .map(|(i, _)| i);
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
        widths
    }

    /// The rows as lines of at most `w` columns, nothing cut: when the table
    /// is too wide, the widest text columns give way and their cells wrap
    /// onto more lines (figures never wrap). When the first column would be
    /// left less than [`LABEL_LEAST`] (a name wrapped two characters a line),
    /// each row's first cell stands on lines of its own instead, its other
    /// cells on the line below, indented.
    #[must_use]
    pub fn lines_wrapped(&self, w: usize) -> Vec<String> {
        let natural = self.widths();
        let widths = self.shrunk(natural.clone(), w);
        let cramped = self.columns.first().is_some_and(|c| c.align == Align::Left)
            && widths[0] < natural[0].min(LABEL_LEAST);
        if !cramped {
            return self
                .rows
                .iter()
                .flat_map(|r| self.wrap_row(r, &widths))
                .collect();
        }
        let mut rest = natural;
        rest[0] = 0;
        let rest = self.shrunk(rest, w);
        let gaps = 2 * rest.len().saturating_sub(1);
        if rest.iter().sum::<usize>() + gaps > w && self.rows.len() > 1 {
            return self.records(w);
        }
        let mut out = Vec::new();
        for r in &self.rows {
            out.extend(crate::width::wrap(&r[0], w.max(1)));
            let mut below = r.clone();
            below[0] = String::new();
            out.extend(self.wrap_row(&below, &rest));
        }
        out
    }

    /// Each row as a record: its first cell on lines of its own, then each
    /// other cell after its column's heading (the first row), wrapped to `w`
    /// — for a table whose figures alone are wider than `w`.
    fn records(&self, w: usize) -> Vec<String> {
        let head = &self.rows[0];
        let mut out = Vec::new();
        for r in &self.rows[1..] {
            out.extend(crate::width::wrap(&r[0], w.max(1)));
            let fields: Vec<String> = head
                .iter()
                .zip(r)
                .skip(1)
                .filter(|(_, v)| !v.is_empty())
                .map(|(h, v)| format!("{h} {v}"))
                .collect();
            // Whole fields a line, as many as fit.
            let mut line = String::new();
            for f in fields {
                if !line.is_empty() && width(&line) + 3 + width(&f) + 2 > w {
                    out.push(format!("  {line}"));
                    line.clear();
                }
                if !line.is_empty() {
                    line.push_str(" · ");
                }
                line.push_str(&f);
            }
            if !line.is_empty() {
                out.push(format!("  {line}"));
            }
        }
        out
    }

    /// `widths` narrowed until the table fits `w`: the widest text column
    /// gives way by one, down to 4.
    fn shrunk(&self, mut widths: Vec<usize>, w: usize) -> Vec<usize> {
        let gaps = 2 * widths.len().saturating_sub(1);
        loop {
            let total: usize = widths.iter().sum::<usize>() + gaps;
            if total <= w {
                break;
            }
            let widest = widths
                .iter()
                .enumerate()
                .filter(|(i, cw)| self.columns[*i].align == Align::Left && **cw > 4)
                .max_by_key(|(_, cw)| **cw)
                .map(|(i, _)| i);
            match widest {
                Some(i) => widths[i] -= 1,
                None => break,
            }
        }
        widths
    }

    /// One row at `widths`, its text cells wrapped onto as many lines as they need.
    fn wrap_row(&self, r: &[String], widths: &[usize]) -> Vec<String> {
        let parts: Vec<Vec<String>> = r
            .iter()
            .zip(&self.columns)
            .zip(widths)
            .map(|((cell, col), &cw)| match col.align {
                Align::Left if width(cell) > cw => crate::width::wrap(cell, cw),
                _ => vec![cell.clone()],
            })
            .collect();
        let height = parts.iter().map(Vec::len).max().unwrap_or(1);
        (0..height)
            .map(|k| {
                let cells: Vec<String> = parts
                    .iter()
                    .zip(&self.columns)
                    .zip(widths)
                    .map(|((p, col), &cw)| {
                        let text = p.get(k).map_or("", String::as_str);
                        match col.align {
                            Align::Left => pad_right(text, cw),
                            Align::Right => pad_left(text, cw),
                        }
                    })
                    .collect();
                cells.join("  ").trim_end().to_string()
            })
            .collect()
    }

    fn render(&self, widths: &[usize]) -> Vec<String> {
        self.rows
            .iter()
            .map(|r| {
                let cells: Vec<String> = r
                    .iter()
                    .zip(&self.columns)
                    .zip(widths)
                    .map(|((cell, col), &w)| match col.align {
                        Align::Left => pad_right(&truncate(cell, w), w),
                        Align::Right => pad_left(cell, w),
                    })
                    .collect();
                cells.join("  ").trim_end().to_string()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_by_declared_alignment_and_display_width() {
        let mut t = Table::new(&[Align::Left, Align::Right]);
        t.push_strs(&["人才引进及管理", "1,493.74"]);
        t.push_strs(&["a", "100%"]);
        assert_eq!(
            t.lines(),
            vec!["人才引进及管理  1,493.74", "a                   100%"]
        );
    }

    #[test]
    fn balanced_tables_cut_the_widest_text_first() {
        let mut t = Table::new(&[Align::Left, Align::Left, Align::Right]);
        t.push_strs(&[
            "新引进人才租房补贴",
            "深圳市人力资源和社会保障局本级机关",
            "9,000.00",
        ]);
        // Room for both: nothing cut.
        assert!(t.lines_balanced(80).iter().all(|l| !l.contains('…')));
        // Short of room: the longer unit name gives way first, the project's stays whole.
        let lines = t.lines_balanced(50);
        assert!(lines.iter().all(|l| width(l) <= 50), "{lines:?}");
        assert!(lines[0].starts_with("新引进人才租房补贴  "), "{lines:?}");
        assert!(lines[0].ends_with("9,000.00"), "{lines:?}");
        // Shorter still: both give way, about equally.
        let w = t.balanced_widths(36);
        assert!(w[0].abs_diff(w[1]) <= 1, "{w:?}");
    }

    #[test]
    fn a_cramped_label_stands_on_its_own_line() {
        let mut t = Table::new(&Align::label_and_figures(4));
        t.push_strs(&["单位", "合计", "基本支出", "项目支出", "科目行之和"]);
        t.push_strs(&[
            "深圳市人力资源和社会保障局",
            "666,730.00",
            "29,820.00",
            "636,910.00",
            "666,731.00",
        ]);
        let lines = t.lines_wrapped(54);
        assert!(lines.iter().all(|l| width(l) <= 54), "{lines:?}");
        assert!(
            lines.contains(&"深圳市人力资源和社会保障局".to_string()),
            "{lines:?}"
        );
        let figures = lines.iter().find(|l| l.contains("666,730.00")).unwrap();
        assert!(
            figures.starts_with("  ") && figures.contains("636,910.00"),
            "{lines:?}"
        );
        // Wide enough: one line a row, as before.
        assert_eq!(t.lines_wrapped(80).len(), 2);
        // Narrower than the figures: a record, each figure after its heading.
        let lines = t.lines_wrapped(30);
        assert!(lines.iter().all(|l| width(l) <= 30), "{lines:?}");
        assert_eq!(lines[0], "深圳市人力资源和社会保障局");
        let flat = lines.concat();
        assert!(
            flat.contains("合计 666,730.00") && flat.contains("项目支出 636,910.00"),
            "{lines:?}"
        );
    }

    #[test]
    fn wrapped_tables_cut_nothing() {
        let mut t = Table::new(&[Align::Left, Align::Left, Align::Right]);
        t.push_strs(&["产出目标", "完成世界技能大赛参赛项目集训任务", "=30个"]);
        let lines = t.lines_wrapped(28);
        assert!(lines.iter().all(|l| width(l) <= 28), "{lines:?}");
        let joined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            joined.contains("完成世界") && joined.contains("集训任务"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 4, "{lines:?}");
    }

    #[test]
    fn bounded_and_flexible_columns() {
        let mut t = Table::new(&[Align::Left, Align::Right])
            .min_width(1, 6)
            .max_width(0, 6);
        t.push_strs(&["人才引进及管理", "1"]);
        assert_eq!(t.lines(), vec!["人才…        1"]);
        let mut t = Table::new(&[Align::Left, Align::Left]);
        t.push_strs(&["一二三四五六", "七八"]);
        assert_eq!(t.lines_fitting(0, 12), vec!["一二…   七八"]);
        assert!(t.lines_fitting(0, 12).iter().all(|l| width(l) <= 12));
    }
}
