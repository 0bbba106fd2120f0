//! Pages into the decoded text: each page's tables and free lines in
//! reading order; page furniture (running headers and footers, page
//! numbers) found by where it stands and how it repeats; the narrative's
//! wrapped lines joined into paragraphs, across page breaks too.

use super::lines::{join, lines, Line};
use super::page::{Glyph, Page};
use super::table::tables;
use crate::read::At;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What stands on a page, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A line of text outside any table.
    Text(Line),
    /// A row of a ruled table: its cells, the baseline of its first line
    /// of text (the row's top when it is empty), and where the table's
    /// column boundaries stand (whole points).
    Row {
        cells: Vec<String>,
        y: f64,
        columns: Vec<i64>,
    },
}

impl Block {
    fn y(&self) -> f64 {
        match self {
            Block::Text(l) => l.y,
            Block::Row { y, .. } => *y,
        }
    }
}

/// A page laid out.
#[derive(Debug, Clone)]
pub struct Laid {
    pub number: u32,
    pub width: f64,
    pub height: f64,
    pub blocks: Vec<Block>,
    /// Every baseline on the page, top to bottom: a line's row number.
    baselines: Vec<f64>,
}

impl Laid {
    /// The line number (from 1) of the text at baseline `y`.
    fn row(&self, y: f64) -> u32 {
        let n = self.baselines.iter().take_while(|b| **b < y - 1.0).count();
        u32::try_from(n + 1).unwrap_or(u32::MAX)
    }
}

/// Lay out one page: its tables read cell by cell, the rest line by line.
pub fn lay_out(page: Page, number: u32) -> Laid {
    let ts = tables(&page.rules);
    let mut baselines: Vec<f64> = page.glyphs.iter().map(|g| g.y).collect();
    baselines.sort_by(f64::total_cmp);
    baselines.dedup_by(|a, b| (*a - *b).abs() <= 2.0);
    let mut inside: Vec<Vec<Glyph>> = vec![Vec::new(); ts.len()];
    let mut free = Vec::new();
    for g in page.glyphs {
        match ts.iter().position(|t| t.holds(&g)) {
            Some(i) => inside[i].push(g),
            None => free.push(g),
        }
    }
    let mut keyed: Vec<(f64, Vec<Block>)> = lines(free)
        .into_iter()
        .map(|l| (l.y - l.size * 0.8, vec![Block::Text(l)]))
        .collect();
    for (t, gs) in ts.iter().zip(inside) {
        if gs.is_empty() {
            continue;
        }
        let mut last = t.top();
        let columns: Vec<i64> = t.xs.iter().map(|x| round(*x)).collect();
        let rows = t
            .read(gs)
            .into_iter()
            .map(|(cells, y)| {
                let y = y.unwrap_or(last);
                last = y;
                Block::Row {
                    cells,
                    y,
                    columns: columns.clone(),
                }
            })
            .collect();
        keyed.push((t.top(), rows));
    }
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
    Laid {
        number,
        width: page.width,
        height: page.height,
        blocks: keyed.into_iter().flat_map(|(_, b)| b).collect(),
        baselines,
    }
}

/// `— 9 —`, `- 9 -`, `第 9 页`, `第9页 共60页`, `9/60`, a bare `9`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s\-－—–―~·]*(第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?|\d+(\s*/\s*\d+)?|[ivxlcIVXLC]+)[\s\-－—–―~·]*$",
    )
    .expect("a valid pattern")
});

/// Is this text a page number?
pub fn is_page_number(s: &str) -> bool {
    PAGE_NUMBER.is_match(s.trim())
}

/// The top and bottom bands of a page where running headers and footers stand.
const HEADER_BAND: f64 = 0.075;
const FOOTER_BAND: f64 = 0.925;
/// A page number may stand a little higher.
const NUMBER_BAND: f64 = 0.85;

/// A running header or footer stands on at least this share of the pages
/// (and on two at least): a table's number atop each of its pages does not.
const RUNNING_SHARE: f64 = 0.3;

/// Which blocks are page furniture: on each page the topmost line (in the
/// header band) and the bottommost (in the footer band), set apart from
/// the rest by a blank line's height, when it is a page number or its text
/// stands so on many pages (see [`RUNNING_SHARE`]).
fn furniture(pages: &[Laid]) -> Vec<Vec<bool>> {
    // Is block `i` a line apart from its neighbour `j` (if any)?
    let apart = |p: &Laid, i: usize, j: Option<usize>| {
        let size = match &p.blocks[i] {
            Block::Text(l) => l.size,
            Block::Row { .. } => return false,
        };
        j.and_then(|j| p.blocks.get(j))
            .is_none_or(|b| (b.y() - p.blocks[i].y()).abs() >= size * 1.8)
    };
    let candidates: Vec<(Option<usize>, Option<usize>)> = pages
        .iter()
        .map(|p| {
            let texts: Vec<usize> = (0..p.blocks.len())
                .filter(|&i| matches!(p.blocks[i], Block::Text(_)))
                .collect();
            let top = texts.first().copied().filter(|&i| {
                i == 0 && p.blocks[i].y() < p.height * HEADER_BAND && apart(p, i, Some(1))
            });
            let bottom = texts.last().copied().filter(|&i| {
                let y = p.blocks[i].y();
                i + 1 == p.blocks.len()
                    && apart(p, i, i.checked_sub(1))
                    && (y > p.height * FOOTER_BAND
                        || (y > p.height * NUMBER_BAND && is_page_number(&text_of(&p.blocks[i]))))
            });
            (top, bottom.filter(|b| Some(*b) != top))
        })
        .collect();
    // How often each text stands as a page's header or footer.
    let key = |p: &Laid, i: usize| -> String {
        text_of(&p.blocks[i])
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )]
    let running = ((pages.len() as f64 * RUNNING_SHARE).ceil() as usize).max(2);
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    for (p, (top, bottom)) in pages.iter().zip(&candidates) {
        for (is_top, i) in [(true, top), (false, bottom)] {
            if let Some(i) = i {
                *seen.entry((is_top, key(p, *i))).or_default() += 1;
            }
        }
    }
    pages
        .iter()
        .zip(&candidates)
        .map(|(p, (top, bottom))| {
            let mut marks = vec![false; p.blocks.len()];
            for (is_top, i) in [(true, top), (false, bottom)] {
                if let Some(&i) = i.as_ref() {
                    marks[i] = is_page_number(&text_of(&p.blocks[i]))
                        || seen.get(&(is_top, key(p, i))).copied().unwrap_or(0) >= running;
                }
            }
            marks
        })
        .collect()
}

fn text_of(b: &Block) -> String {
    match b {
        Block::Text(l) => l.text(),
        Block::Row { cells, .. } => cells.join("\t"),
    }
}

/// Where the narrative's lines start and end on pages of one width: the
/// leftmost start and rightmost end that at least two long lines share
/// (justified text ends its wrapped lines at the right margin).
#[derive(Debug, Clone, Copy)]
struct Margins {
    left: f64,
    right: f64,
}

fn margins(pages: &[Laid], marks: &[Vec<bool>]) -> HashMap<i64, Margins> {
    let mut xs: HashMap<i64, (Vec<i64>, Vec<i64>)> = HashMap::new();
    for (p, m) in pages.iter().zip(marks) {
        let e = xs.entry(width_class(p)).or_default();
        for (b, furniture) in p.blocks.iter().zip(m) {
            if let (Block::Text(l), false) = (b, furniture) {
                if l.glyphs >= 8 && l.cells.len() == 1 {
                    e.0.push(round(l.x0));
                    e.1.push(round(l.x1));
                }
            }
        }
    }
    xs.into_iter()
        .map(|(k, (mut lefts, mut rights))| {
            let shared = |v: &mut Vec<i64>, lowest: bool| -> f64 {
                v.sort_unstable();
                let twice = v.windows(2).filter(|w| w[1] - w[0] <= 1).map(|w| w[0]);
                let pick = if lowest { twice.min() } else { twice.max() };
                #[allow(clippy::cast_precision_loss)]
                pick.or(if lowest { v.first() } else { v.last() }.copied())
                    .map_or(0.0, |x| x as f64)
            };
            let left = shared(&mut lefts, true);
            let right = shared(&mut rights, false);
            (k, Margins { left, right })
        })
        .collect()
}

#[allow(clippy::cast_possible_truncation)]
fn round(x: f64) -> i64 {
    x.round().clamp(-1e9, 1e9) as i64
}

fn width_class(p: &Laid) -> i64 {
    round(p.width / 10.0)
}

/// A paragraph being put together.
struct Open {
    text: Vec<String>,
    at: At,
    last: Line,
    page: usize,
}

/// Does line `b` (on page `pb`) carry on the paragraph whose last line is
/// `a` (on page `pa`)? `a` must run to the right margin and start at the
/// left or a first-line indent, `b` start at the left margin, both in one
/// size, `b` just below `a` or first on the next page.
fn continues(a: &Line, pa: usize, b: &Line, pb: usize, first_on_page: bool, m: Margins) -> bool {
    let size = a.size;
    let same_size = (a.size - b.size).abs() <= size * 0.05;
    let full = a.x1 >= m.right - size * 1.5;
    let body = a.x0 <= m.left + size * 2.5;
    let flush = b.x0 <= m.left + size * 0.6;
    let below = if pa == pb {
        b.y > a.y && b.y - a.y <= size * 2.2
    } else {
        pb == pa + 1 && first_on_page
    };
    same_size && full && body && flush && below && a.cells.len() == 1 && b.cells.len() == 1
}

/// A figure (a cell of a table's body, never of its header).
static FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?[\d,，]+(\.\d+)?%?$").expect("a valid pattern"));

/// The most header rows a table repeats after a page break.
const MAX_HEADER_ROWS: usize = 8;

/// Header rows repeated atop a table continued from the page before (the
/// table ended that page, this page's first block is a table with the same
/// column boundaries): its first rows that equal the first rows of the
/// table where it began, none of them holding a figure. Marked to be left
/// out.
fn repeated_headers(pages: &[Laid], furniture: &[Vec<bool>]) -> Vec<Vec<bool>> {
    let mut dropped: Vec<Vec<bool>> = furniture.iter().map(|m| vec![false; m.len()]).collect();
    // The first rows of the table being read, while it may still go on,
    // and its column boundaries.
    let mut head: Vec<&[String]> = Vec::new();
    let mut grid: &[i64] = &[];
    for ((p, m), d) in pages.iter().zip(furniture).zip(&mut dropped) {
        let cells_of = |i: usize| match &p.blocks[i] {
            Block::Row { cells, .. } => Some(cells.as_slice()),
            Block::Text(_) => None,
        };
        let columns_of = |i: usize| match &p.blocks[i] {
            Block::Row { columns, .. } => Some(columns.as_slice()),
            Block::Text(_) => None,
        };
        let body: Vec<usize> = (0..p.blocks.len()).filter(|&i| !m[i]).collect();
        let mut k = 0;
        while k < body.len() {
            let Some(cells) = cells_of(body[k]) else {
                head.clear();
                k += 1;
                continue;
            };
            // This page's run of rows of one table (tables one below the
            // other differ in their columns).
            let columns = columns_of(body[k]);
            let run: Vec<&[String]> = body[k..]
                .iter()
                .take_while(|&&i| columns_of(i) == columns)
                .map_while(|&i| cells_of(i))
                .collect();
            let same_grid = columns_of(body[k]).is_some_and(|c| {
                c.len() == grid.len() && c.iter().zip(grid).all(|(a, b)| (a - b).abs() <= 2)
            });
            let continued =
                k == 0 && same_grid && head.first().is_some_and(|h| h.len() == cells.len());
            if continued {
                let repeated = run
                    .iter()
                    .zip(&head)
                    .take_while(|(r, h)| r == h && !h.iter().any(|c| FIGURE.is_match(c.trim())))
                    .count()
                    .min(run.len() - 1);
                for i in &body[k..k + repeated] {
                    d[*i] = true;
                }
            } else {
                head = run.iter().take(MAX_HEADER_ROWS).copied().collect();
                grid = columns_of(body[k]).unwrap_or_default();
            }
            k += run.len();
        }
    }
    dropped
}

/// The decoded text of laid-out pages, with each line's page and row.
pub fn assemble(pages: &[Laid]) -> (String, Vec<At>) {
    let marks = furniture(pages);
    // Furniture is kept (on lines of its own); repeated header rows go.
    let dropped = repeated_headers(pages, &marks);
    let margins = margins(pages, &marks);
    let mut out = Output::default();
    let mut open: Option<Open> = None;
    // Furniture met while a paragraph may still run on (a page break).
    let mut held: Vec<(String, At)> = Vec::new();
    for (pi, (p, m)) in pages.iter().zip(&marks).enumerate() {
        let mg = margins.get(&width_class(p)).copied().unwrap_or(Margins {
            left: 0.0,
            right: p.width,
        });
        let mut first = true;
        for ((b, furniture), drop) in p.blocks.iter().zip(m).zip(&dropped[pi]) {
            if *drop {
                continue;
            }
            let at = At {
                page: p.number,
                row: p.row(b.y()),
                furniture: *furniture,
            };
            if *furniture {
                if open.is_some() {
                    held.push((text_of(b), at));
                } else {
                    out.push(&text_of(b), at);
                }
                continue;
            }
            match b {
                Block::Text(l) if l.cells.len() == 1 => {
                    if let Some(o) = open.as_mut() {
                        if continues(&o.last, o.page, l, pi, first, mg) {
                            o.text.push(l.text());
                            o.last = l.clone();
                            first = false;
                            continue;
                        }
                    }
                    close(&mut out, &mut open, &mut held);
                    open = Some(Open {
                        text: vec![l.text()],
                        at,
                        last: l.clone(),
                        page: pi,
                    });
                }
                Block::Text(l) => {
                    close(&mut out, &mut open, &mut held);
                    out.push(&l.text(), at);
                }
                Block::Row { cells, .. } => {
                    close(&mut out, &mut open, &mut held);
                    let mut row = cells.join("\t");
                    if cells.len() < 2 {
                        row.push('\t');
                    }
                    out.push(&row, at);
                }
            }
            first = false;
        }
    }
    close(&mut out, &mut open, &mut held);
    (out.text, out.at)
}

fn close(out: &mut Output, open: &mut Option<Open>, held: &mut Vec<(String, At)>) {
    if let Some(o) = open.take() {
        out.push(&join(&o.text), o.at);
    }
    for (t, at) in held.drain(..) {
        out.push(&t, at);
    }
}

#[derive(Default)]
struct Output {
    text: String,
    at: Vec<At>,
}

impl Output {
    fn push(&mut self, line: &str, at: At) {
        if !self.at.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(&line.replace(['\n', '\r'], " "));
        self.at.push(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str, x0: f64, x1: f64, y: f64, size: f64) -> Block {
        Block::Text(Line {
            y,
            x0,
            x1,
            size,
            cells: s.split('\t').map(String::from).collect(),
            glyphs: s.chars().count(),
        })
    }

    fn page(number: u32, blocks: Vec<Block>) -> Laid {
        let mut baselines: Vec<f64> = blocks.iter().map(Block::y).collect();
        baselines.sort_by(f64::total_cmp);
        Laid {
            number,
            width: 595.0,
            height: 842.0,
            blocks,
            baselines,
        }
    }

    #[test]
    fn page_numbers() {
        for s in [
            "— 9 —",
            "- 12 -",
            "第 3 页",
            "第3页 共60页",
            "7",
            "12/60",
            "— iv —",
        ] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["表1", "2020年", "单位：万元", "一、财政拨款\t686,630"] {
            assert!(!is_page_number(s), "{s}");
        }
    }

    #[test]
    fn paragraphs_join_across_a_page_break_and_furniture_stands_alone() {
        let header = || text("某局2020年部门预算", 200.0, 380.0, 52.0, 9.0);
        let p1 = page(
            1,
            vec![
                header(),
                text("一、主要职能", 57.0, 130.0, 100.0, 13.0),
                text("贯彻执行国家有关法律法规，拟定", 79.0, 538.0, 120.0, 11.0),
                text("本市人力资源政策和发展规划。", 57.0, 300.0, 135.0, 11.0),
                text("第二段从这里开始，写满一整行直到", 79.0, 538.0, 150.0, 11.0),
                text("页面右边距为止，然后接着写满整行", 57.0, 538.0, 165.0, 11.0),
                text("— 1 —", 280.0, 315.0, 805.0, 10.5),
            ],
        );
        let p2 = page(
            2,
            vec![
                header(),
                text("翻到下一页才写完。", 57.0, 200.0, 100.0, 11.0),
                text("单位名称：某局\t单位：万元", 57.0, 538.0, 120.0, 10.0),
                Block::Row {
                    cells: vec!["项目".into(), "2020年预算数".into()],
                    y: 140.0,
                    columns: vec![57, 300, 538],
                },
                text("— 2 —", 280.0, 315.0, 805.0, 10.5),
            ],
        );
        let (t, at) = assemble(&[p1, p2]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines,
            [
                "某局2020年部门预算",
                "一、主要职能",
                "贯彻执行国家有关法律法规，拟定本市人力资源政策和发展规划。",
                "第二段从这里开始，写满一整行直到页面右边距为止，然后接着写满整行翻到下一页才写完。",
                "— 1 —",
                "某局2020年部门预算",
                "单位名称：某局\t单位：万元",
                "项目\t2020年预算数",
                "— 2 —",
            ]
        );
        assert_eq!(at.len(), lines.len());
        assert_eq!(
            at[3],
            At {
                page: 1,
                row: 5,
                furniture: false
            }
        );
        assert_eq!(
            at[5],
            At {
                page: 2,
                row: 1,
                furniture: true
            }
        );
        assert_eq!(
            at[7],
            At {
                page: 2,
                row: 4,
                furniture: false
            }
        );
    }

    fn row(cells: &[&str], y: f64) -> Block {
        Block::Row {
            cells: cells.iter().map(|c| (*c).to_string()).collect(),
            y,
            columns: vec![57, 150, 300, 400, 538],
        }
    }

    #[test]
    fn header_rows_repeated_after_a_page_break_are_read_once() {
        let p1 = page(
            1,
            vec![
                text("部门收支预算总表", 200.0, 380.0, 90.0, 16.0),
                row(&["收入", "", "支出", ""], 120.0),
                row(&["项目", "2020年预算数", "项目", "2020年预算数"], 135.0),
                row(
                    &["一、财政拨款", "686,630", "一、一般公共服务支出", "318,532"],
                    150.0,
                ),
                text("— 1 —", 280.0, 315.0, 805.0, 10.5),
            ],
        );
        let p2 = page(
            2,
            vec![
                row(&["收入", "", "支出", ""], 60.0),
                row(&["项目", "2020年预算数", "项目", "2020年预算数"], 75.0),
                row(&["", "0", "劳动保障监察", "77"], 90.0),
            ],
        );
        // A table that does not begin the page is a table of its own.
        let p3 = page(
            3,
            vec![
                text("说明", 57.0, 90.0, 60.0, 11.0),
                row(&["收入", "", "支出", ""], 75.0),
            ],
        );
        let (t, at) = assemble(&[p1, p2, p3]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("项目\t")).count(),
            1,
            "{t}"
        );
        assert_eq!(
            lines.iter().filter(|l| l.starts_with("收入\t")).count(),
            2,
            "{t}"
        );
        let i = lines
            .iter()
            .position(|l| l.contains("劳动保障监察"))
            .unwrap();
        assert_eq!(
            at[i],
            At {
                page: 2,
                row: 3,
                furniture: false
            }
        );
    }

    #[test]
    fn a_title_repeated_below_the_header_band_is_not_furniture() {
        let pages: Vec<Laid> = (1..=3)
            .map(|n| {
                page(
                    n,
                    vec![
                        text("表1", 57.0, 75.0, 90.0, 11.0),
                        Block::Row {
                            cells: vec!["a".into(), "1".into()],
                            y: 140.0,
                            columns: vec![57, 300, 538],
                        },
                    ],
                )
            })
            .collect();
        let (t, _) = assemble(&pages);
        assert_eq!(t.lines().filter(|l| *l == "表1").count(), 3);
        assert_eq!(furniture(&pages), vec![vec![false, false]; 3]);
        // Nor in the header band (a small top margin), the table just below it.
        let pages: Vec<Laid> = (1..=3)
            .map(|n| {
                page(
                    n,
                    vec![
                        text("表14", 57.0, 80.0, 45.0, 11.0),
                        row(&["部门（单位）整体支出绩效目标表", "", "", "", ""], 60.0),
                        row(&["项目", "1", "2", "3", "4"], 75.0),
                    ],
                )
            })
            .collect();
        assert_eq!(furniture(&pages), vec![vec![false, false, false]; 3]);
        let (t, _) = assemble(&pages);
        assert_eq!(
            t.lines().filter(|l| l.starts_with("部门")).count(),
            3,
            "{t}"
        );
    }
}
