//! Glyphs into lines of text: rows by baseline, words spaced by the gaps
//! between them, and — where nothing is ruled — cells split on wide gaps.

use super::page::Glyph;

/// A line of glyphs sharing a baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub y: f64,
    pub x0: f64,
    pub x1: f64,
    /// The largest glyph's size.
    pub size: f64,
    /// The text, split into cells where a gap is wider than [`CELL_GAP`] ems.
    pub cells: Vec<String>,
    /// How many glyphs (a line of a paragraph has many).
    pub glyphs: usize,
}

impl Line {
    pub fn text(&self) -> String {
        self.cells.join("\t")
    }
}

/// With no space glyph in it, a gap wider than this (in ems) is a space.
/// `LibreOffice` and Word set Chinese a fifth to a third of an em apart
/// from figures and Latin letters where no space was typed (a justified
/// line stretches that); a typed space comes as a space glyph.
const SPACE_GAP: f64 = 0.45;
/// A gap wider than this (in ems) separates cells of an unruled table.
pub const CELL_GAP: f64 = 2.0;

/// Group glyphs into lines: sorted by baseline, a glyph joins the line
/// above when its baseline is within a third of an em of it; then each
/// line left to right, glyphs printed twice in one place (a bold face made
/// up by overprinting) once.
pub fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| g.size > 0.0);
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        match groups.last_mut() {
            Some(line) if (g.y - line[0].y).abs() <= line[0].size.max(g.size) * 0.35 => {
                line.push(g);
            }
            _ => groups.push(vec![g]),
        }
    }
    groups.into_iter().filter_map(line_of).collect()
}

/// One line's glyphs (any order) as a [`Line`].
fn line_of(mut gs: Vec<Glyph>) -> Option<Line> {
    gs.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    dedupe(&mut gs);
    let first = gs.first()?;
    let y = first.y;
    let size = gs.iter().map(|g| g.size).fold(0.0, f64::max);
    let mut cells = vec![String::new()];
    let mut end: Option<f64> = None;
    let mut x0 = f64::INFINITY;
    let mut x1 = f64::NEG_INFINITY;
    let tracking = tracking(&gs, size);
    let mut count = 0;
    let mut spaced = false;
    for g in &gs {
        if g.text.trim().is_empty() {
            // A space glyph: a space, unless the gap says more (a new cell).
            spaced = true;
            continue;
        }
        if let Some(e) = end {
            let gap = g.x0 - e;
            if gap > size * CELL_GAP {
                cells.push(String::new());
            } else if spaced || gap - tracking > g.size.max(size * 0.5) * SPACE_GAP {
                push_space(cells.last_mut().expect("one cell at least"));
            }
        }
        if spaced && end.is_none() {
            // A space glyph first on the line: it ended the line above's word.
            cells.last_mut().expect("one cell at least").push(' ');
        }
        spaced = false;
        cells
            .last_mut()
            .expect("one cell at least")
            .push_str(&g.text);
        end = Some(end.map_or(g.x1, |e: f64| e.max(g.x1)));
        x0 = x0.min(g.x0);
        x1 = x1.max(g.x1);
        count += 1;
    }
    if count == 0 {
        return None;
    }
    if spaced {
        // A space at the end of a wrapped line: the next line's first word
        // stands after a space.
        push_space(cells.last_mut().expect("one cell at least"));
    }
    Some(Line {
        y,
        x0,
        x1,
        size,
        cells,
        glyphs: count,
    })
}

/// The spacing a justified line adds between every two glyphs: the median
/// gap between neighbours (a gap wider than this is what counts as space).
fn tracking(gs: &[Glyph], size: f64) -> f64 {
    let mut gaps: Vec<f64> = gs
        .windows(2)
        .filter(|w| !w[0].text.trim().is_empty() && !w[1].text.trim().is_empty())
        .map(|w| w[1].x0 - w[0].x1)
        .filter(|g| g.abs() < size)
        .collect();
    if gaps.len() < 4 {
        return 0.0;
    }
    let mid = gaps.len() / 2;
    *gaps.select_nth_unstable_by(mid, f64::total_cmp).1
}

fn push_space(s: &mut String) {
    if !s.is_empty() && !s.ends_with(' ') {
        s.push(' ');
    }
}

/// Drop a glyph that repeats the one before it at (nearly) the same place.
fn dedupe(gs: &mut Vec<Glyph>) {
    let mut out: Vec<Glyph> = Vec::with_capacity(gs.len());
    for g in gs.drain(..) {
        let repeat = out.iter().rev().take(3).any(|p| {
            p.text == g.text
                && (p.x0 - g.x0).abs() < g.size * 0.15
                && (p.y - g.y).abs() < g.size * 0.15
        });
        if !repeat {
            out.push(g);
        }
    }
    *gs = out;
}

/// Is this a character of the Latin script (where words are spaced)?
fn latin(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// Join wrapped lines of one cell or paragraph: Chinese runs on; a word
/// of Latin letters wrapped to the next line gets its space back.
pub fn join(parts: &[String]) -> String {
    let mut out = String::new();
    for p in parts {
        if p.trim().is_empty() {
            continue;
        }
        if p.starts_with(' ') && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        let p = p.trim_start();
        let (Some(a), Some(b)) = (out.chars().last(), p.chars().next()) else {
            out.push_str(p);
            continue;
        };
        let spaced = (latin(a) && (latin(b) || b.is_ascii_digit()))
            || (latin(b) && a.is_ascii_digit())
            || (matches!(a, ',' | ';' | ':' | '.') && latin(b));
        if spaced {
            out.push(' ');
        }
        out.push_str(p);
    }
    out.trim_end().to_string()
}

#[cfg(test)]
pub(crate) fn glyph(text: &str, x0: f64, y: f64, size: f64) -> Glyph {
    let wide = crate::width::width(text) > 1;
    Glyph {
        text: text.into(),
        x0,
        x1: x0 + if wide { size } else { size * 0.5 },
        y,
        size,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run of glyphs from `x`, each its own width apart.
    fn run(s: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in s.chars() {
            let g = glyph(&c.to_string(), x, y, size);
            x = g.x1;
            out.push(g);
        }
        out
    }

    #[test]
    fn glyphs_make_lines_by_baseline_and_cells_by_wide_gaps() {
        let mut gs = run("单位名称：某局", 50.0, 100.0, 10.0);
        gs.extend(run("单位：万元", 400.0, 100.3, 10.0));
        gs.extend(run("2020 年预算", 50.0, 120.0, 10.0));
        // Out of order, as content streams often are.
        gs.reverse();
        let ls = lines(gs);
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[0].cells, ["单位名称：某局", "单位：万元"]);
        assert_eq!(ls[1].text(), "2020 年预算");
    }

    #[test]
    fn overprinted_glyphs_are_read_once() {
        let mut gs = run("部门预算", 50.0, 100.0, 16.0);
        gs.extend(run("部门预算", 50.4, 100.0, 16.0));
        assert_eq!(lines(gs)[0].text(), "部门预算");
    }

    #[test]
    fn a_space_glyph_or_a_wide_gap_is_a_space_chinese_set_apart_is_not() {
        // A third of an em between 年 and a figure: layout, no space typed.
        let mut gs = run("2020", 50.0, 100.0, 10.0);
        gs.extend(run("年预算", 73.0, 100.0, 10.0));
        assert_eq!(lines(gs)[0].text(), "2020年预算");
        let mut gs = run("2020", 50.0, 100.0, 10.0);
        gs.extend(run("年", 76.0, 100.0, 10.0));
        assert_eq!(lines(gs)[0].text(), "2020 年");
        let gs = run("预算 110,635 万元", 50.0, 100.0, 10.0);
        assert_eq!(lines(gs)[0].text(), "预算 110,635 万元");
    }

    #[test]
    fn wrapped_lines_join_without_a_space_unless_latin_words() {
        assert_eq!(
            join(&["人力资源和".into(), "社会保障局".into()]),
            "人力资源和社会保障局"
        );
        assert_eq!(join(&["694,".into(), "773".into()]), "694,773");
        assert_eq!(join(&["IT".into(), "equipment".into()]), "IT equipment");
        assert_eq!(join(&[String::new(), "甲".into()]), "甲");
        // A space that ended the line above stays.
        assert_eq!(join(&["1. 甲； 2. ".into(), "乙".into()]), "1. 甲； 2. 乙");
        assert_eq!(join(&["1. 甲；".into(), " 2. 乙".into()]), "1. 甲； 2. 乙");
    }
}
