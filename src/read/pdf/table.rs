//! Ruled tables: the lines drawn on a page grouped into tables (rules that
//! touch), each table's grid (every distinct rule position), its merged
//! cells (grid cells with no rule between them), and its glyphs sorted into
//! the cells they stand in.

use super::lines::{join, lines};
use super::page::{Glyph, Rule};

/// Rules this close are one (points).
const TOUCH: f64 = 2.0;
/// The most grid cells a table is read with.
const MAX_CELLS: usize = 20_000;

/// A table found on a page.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column boundaries, left to right.
    pub xs: Vec<f64>,
    /// Row boundaries, top to bottom.
    pub ys: Vec<f64>,
    /// For each grid cell (row-major), the grid cell its merged cell starts
    /// at (itself when not merged).
    anchor: Vec<usize>,
}

impl Table {
    pub fn cols(&self) -> usize {
        self.xs.len() - 1
    }
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    pub fn top(&self) -> f64 {
        self.ys[0]
    }
    pub fn bottom(&self) -> f64 {
        self.ys[self.ys.len() - 1]
    }

    /// Does the glyph stand inside the table's box?
    pub fn holds(&self, g: &Glyph) -> bool {
        let (x, y) = (g.mid_x(), g.mid_y());
        x >= self.xs[0] - 1.0
            && x <= self.xs[self.xs.len() - 1] + 1.0
            && y >= self.top()
            && y <= self.bottom()
    }

    /// The grid cell a glyph stands in.
    fn cell_of(&self, g: &Glyph) -> usize {
        let slot = |bounds: &[f64], v: f64| {
            bounds[1..bounds.len() - 1]
                .iter()
                .take_while(|b| **b <= v)
                .count()
        };
        slot(&self.ys, g.mid_y()) * self.cols() + slot(&self.xs, g.mid_x())
    }

    /// The table's rows as cells of text: a merged cell's text in its
    /// first row and column, the cells it covers empty; a cell's wrapped
    /// lines joined. Also, for each row, the baseline of its first line of
    /// text (`None` for a row with none).
    pub fn read(&self, glyphs: Vec<Glyph>) -> Vec<(Vec<String>, Option<f64>)> {
        let n = self.rows() * self.cols();
        let mut by_cell: Vec<Vec<Glyph>> = vec![Vec::new(); n];
        for g in glyphs {
            let a = self.anchor[self.cell_of(&g)];
            by_cell[a].push(g);
        }
        let mut top: Vec<Option<f64>> = vec![None; self.rows()];
        let texts: Vec<String> = by_cell
            .into_iter()
            .enumerate()
            .map(|(i, gs)| {
                let ls = lines(gs);
                if let Some(l) = ls.first() {
                    let r = i / self.cols();
                    top[r] = Some(top[r].map_or(l.y, |t: f64| t.min(l.y)));
                }
                let parts: Vec<String> = ls.iter().map(|l| l.cells.join(" ")).collect();
                join(&parts).replace(['\t', '\n', '\r'], " ")
            })
            .collect();
        (0..self.rows())
            .map(|r| {
                let cells = (0..self.cols())
                    .map(|c| texts[r * self.cols() + c].clone())
                    .collect();
                (cells, top[r])
            })
            .collect()
    }
}

/// Positions within [`TOUCH`] of each other, as one (their mean).
fn cluster(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    // (sum, count) of each cluster, the count kept as a float.
    let mut out: Vec<(f64, f64)> = Vec::new();
    for x in v {
        match out.last_mut() {
            Some((sum, k)) if x - *sum / *k <= TOUCH => {
                *sum += x;
                *k += 1.0;
            }
            _ => out.push((x, 1.0)),
        }
    }
    out.into_iter().map(|(s, k)| s / k).collect()
}

/// Do a horizontal and a vertical rule touch or cross?
fn touch(h: &Rule, v: &Rule) -> bool {
    v.at >= h.from - TOUCH && v.at <= h.to + TOUCH && h.at >= v.from - TOUCH && h.at <= v.to + TOUCH
}

/// Collinear rules that overlap or meet, as one.
fn merge(mut rules: Vec<Rule>) -> Vec<Rule> {
    rules.sort_by(|a, b| a.at.total_cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        if let Some(last) =
            out.iter_mut().rev().take(8).find(|l| {
                (l.at - r.at).abs() <= 1.0 && r.from <= l.to + 1.0 && r.to >= l.from - 1.0
            })
        {
            last.from = last.from.min(r.from);
            last.to = last.to.max(r.to);
            continue;
        }
        out.push(r);
    }
    out
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

fn unite(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        // The smaller index (the top-left cell) stays the root.
        parent[ra.max(rb)] = ra.min(rb);
    }
}

/// The tables ruled on a page: groups of touching rules with at least two
/// rows or two columns of cells. A single ruled box (a frame round a
/// paragraph) is not a table.
pub fn tables(rules: &[Rule]) -> Vec<Table> {
    let hs = merge(rules.iter().filter(|r| r.horizontal).copied().collect());
    let vs = merge(rules.iter().filter(|r| !r.horizontal).copied().collect());
    // Group rules that touch: horizontal i is node i, vertical j is hs.len() + j.
    let mut parent: Vec<usize> = (0..hs.len() + vs.len()).collect();
    for (i, h) in hs.iter().enumerate() {
        for (j, v) in vs.iter().enumerate() {
            if touch(h, v) {
                unite(&mut parent, i, hs.len() + j);
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, (Vec<Rule>, Vec<Rule>)> =
        std::collections::BTreeMap::new();
    for (i, h) in hs.iter().enumerate() {
        groups.entry(find(&mut parent, i)).or_default().0.push(*h);
    }
    for (j, v) in vs.iter().enumerate() {
        let root = find(&mut parent, hs.len() + j);
        groups.entry(root).or_default().1.push(*v);
    }
    let mut out: Vec<Table> = groups
        .into_values()
        .filter(|(h, v)| h.len() >= 2 && v.len() >= 2)
        .filter_map(|(h, v)| grid(&h, &v))
        .collect();
    out.sort_by(|a, b| a.top().total_cmp(&b.top()));
    out
}

/// One group of touching rules as a table, if it makes more than one cell.
fn grid(hs: &[Rule], vs: &[Rule]) -> Option<Table> {
    let mut xs: Vec<f64> = vs.iter().map(|v| v.at).collect();
    xs.extend(hs.iter().flat_map(|h| [h.from, h.to]));
    let mut ys: Vec<f64> = hs.iter().map(|h| h.at).collect();
    ys.extend(vs.iter().flat_map(|v| [v.from, v.to]));
    // Only the outermost ends of the rules bound the box; inner ends (a
    // rule stopping at a merged cell) fall on other rules' positions.
    let (x_min, x_max) = bounds(&xs);
    let (y_min, y_max) = bounds(&ys);
    let mut xs = cluster(vs.iter().map(|v| v.at).chain([x_min, x_max]).collect());
    let mut ys = cluster(hs.iter().map(|h| h.at).chain([y_min, y_max]).collect());
    xs.dedup_by(|a, b| (*a - *b).abs() <= TOUCH);
    ys.dedup_by(|a, b| (*a - *b).abs() <= TOUCH);
    let (cols, rows) = (xs.len().checked_sub(1)?, ys.len().checked_sub(1)?);
    // A grid of more cells than a page of text could fill is not read as
    // one (a hostile page's thousands of rules).
    if cols * rows < 2 || cols * rows > MAX_CELLS || x_max - x_min < 10.0 || y_max - y_min < 5.0 {
        return None;
    }
    // A merged cell: no rule between two neighbouring grid cells.
    let mut parent: Vec<usize> = (0..rows * cols).collect();
    for r in 0..rows {
        let mid_y = f64::midpoint(ys[r], ys[r + 1]);
        for c in 0..cols - 1 {
            let x = xs[c + 1];
            let ruled = vs
                .iter()
                .any(|v| (v.at - x).abs() <= TOUCH && v.from <= mid_y && v.to >= mid_y);
            if !ruled {
                unite(&mut parent, r * cols + c, r * cols + c + 1);
            }
        }
    }
    for c in 0..cols {
        let mid_x = f64::midpoint(xs[c], xs[c + 1]);
        for r in 0..rows - 1 {
            let y = ys[r + 1];
            let ruled = hs
                .iter()
                .any(|h| (h.at - y).abs() <= TOUCH && h.from <= mid_x && h.to >= mid_x);
            if !ruled {
                unite(&mut parent, r * cols + c, (r + 1) * cols + c);
            }
        }
    }
    let anchor = (0..rows * cols).map(|i| find(&mut parent, i)).collect();
    Some(Table { xs, ys, anchor })
}

fn bounds(v: &[f64]) -> (f64, f64) {
    v.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(*x), hi.max(*x))
        })
}

#[cfg(test)]
mod tests {
    use super::super::lines::glyph;
    use super::*;

    fn h(y: f64, x0: f64, x1: f64) -> Rule {
        Rule {
            horizontal: true,
            at: y,
            from: x0,
            to: x1,
        }
    }
    fn v(x: f64, y0: f64, y1: f64) -> Rule {
        Rule {
            horizontal: false,
            at: x,
            from: y0,
            to: y1,
        }
    }

    /// 收入 spans two columns above 项目 | 预算数; 合计 spans two rows.
    fn ruled() -> Vec<Rule> {
        vec![
            h(100.0, 50.0, 350.0),
            h(120.0, 50.0, 250.0),
            h(140.0, 50.0, 350.0),
            h(160.0, 50.0, 350.0),
            v(50.0, 100.0, 160.0),
            v(150.0, 120.0, 160.0),
            v(250.0, 100.0, 160.0),
            v(350.0, 100.0, 160.0),
            // A lone underline elsewhere is no table.
            h(40.0, 50.0, 350.0),
        ]
    }

    #[test]
    fn merged_cells_read_in_their_first_row_and_column() {
        let ts = tables(&ruled());
        assert_eq!(ts.len(), 1);
        let t = &ts[0];
        assert_eq!((t.rows(), t.cols()), (3, 3));
        let gs = vec![
            glyph("收", 140.0, 114.0, 9.0),
            glyph("入", 149.0, 114.0, 9.0),
            glyph("合", 290.0, 125.0, 9.0),
            glyph("计", 299.0, 125.0, 9.0),
            glyph("项", 60.0, 134.0, 9.0),
            glyph("目", 69.0, 134.0, 9.0),
            // Right-aligned: ends just short of the next column's rule.
            glyph("6", 233.0, 134.0, 9.0),
            glyph("8", 237.5, 134.0, 9.0),
            // A wrapped cell: two lines in one cell.
            glyph("人", 60.0, 148.0, 6.0),
            glyph("力", 60.0, 155.0, 6.0),
        ];
        assert!(gs.iter().all(|g| t.holds(g)));
        let rows: Vec<Vec<String>> = t.read(gs).into_iter().map(|(c, _)| c).collect();
        assert_eq!(rows[0], ["收入", "", "合计"]);
        assert_eq!(rows[1], ["项目", "68", ""]);
        assert_eq!(rows[2], ["人力", "", ""]);
    }

    #[test]
    fn collinear_pieces_are_one_rule_and_a_box_is_no_table() {
        let m = merge(vec![
            h(10.0, 0.0, 50.0),
            h(10.3, 50.0, 100.0),
            h(30.0, 0.0, 100.0),
        ]);
        assert_eq!(m.len(), 2);
        assert!((m[0].from, m[0].to) == (0.0, 100.0));
        let frame = vec![
            h(10.0, 0.0, 100.0),
            h(50.0, 0.0, 100.0),
            v(0.0, 10.0, 50.0),
            v(100.0, 10.0, 50.0),
        ];
        assert!(tables(&frame).is_empty());
    }
}
