//! One page as drawn: its glyphs (text, position, size) and the straight
//! lines ruled on it, collected from hayro's interpreter through a
//! [`Device`] that draws nothing.

use hayro_interpret::font::{Glyph as Drawn, GlyphRun};
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::kurbo::{Affine, BezPath, PathEl, Point, Rect, Shape};
use hayro_interpret::{
    BlendMode, ClipPath, Device, DrawMode, DrawProps, Image, ImageDrawProps, SoftMask,
};

/// A glyph on the page, in points from the page's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// What it stands for (a character, sometimes several: a ligature).
    pub text: String,
    /// Left and right ends (the right one by the glyph's advance).
    pub x0: f64,
    pub x1: f64,
    /// The baseline.
    pub y: f64,
    /// The font size (the height of an em).
    pub size: f64,
}

impl Glyph {
    /// The vertical middle of the glyph's body (a CJK glyph is an em high,
    /// mostly above the baseline).
    pub fn mid_y(&self) -> f64 {
        self.y - self.size * 0.35
    }
    /// Where the glyph stands across: its middle; a space's left end (a
    /// space ending a line may hang past the margin, into the next cell).
    pub fn mid_x(&self) -> f64 {
        if self.text.trim().is_empty() {
            self.x0 - self.size * 0.1
        } else {
            f64::midpoint(self.x0, self.x1)
        }
    }
}

/// A straight line ruled on the page: horizontal (at `at` = y, from x to x)
/// or vertical (at `at` = x, from y to y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    pub at: f64,
    pub from: f64,
    pub to: f64,
}

/// A page's content.
#[derive(Debug, Default)]
pub struct Page {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    /// Glyphs with no usable Unicode (no mapping, empty, U+FFFD, private-use
    /// or control characters).
    pub undecodable: usize,
    /// The share of the page covered by images (0 to 1, overlaps counted twice).
    pub image_cover: f64,
    /// Drawing operations seen (glyphs, paths, images): hostile pages are cut off.
    pub steps: usize,
}

/// At most this many glyphs, paths and images are taken from one page;
/// a budget page holds a few thousand.
pub const MAX_STEPS: usize = 400_000;
/// At most this many rules are kept from a page (a table has hundreds).
const MAX_RULES: usize = 20_000;
/// Thicker than this, a filled rectangle is a shape, not a ruled line.
const RULE_THICKNESS: f64 = 3.0;
/// A line this far from level (or plumb) is not a ruling.
const SLANT: f64 = 0.8;

/// Is this character text a reader can use?
fn usable(c: char) -> bool {
    !(c == '\u{fffd}'
        || ('\u{e000}'..='\u{f8ff}').contains(&c)
        || ('\u{f0000}'..).contains(&c)
        || (c.is_control() && !matches!(c, '\t' | '\n' | '\r')))
}

impl Page {
    pub fn new(width: f64, height: f64) -> Page {
        Page {
            width,
            height,
            ..Page::default()
        }
    }

    fn rule(&mut self, a: Point, b: Point) {
        if self.rules.len() >= MAX_RULES {
            return;
        }
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        if dy <= SLANT && dx > dy {
            self.rules.push(Rule {
                horizontal: true,
                at: f64::midpoint(a.y, b.y),
                from: a.x.min(b.x),
                to: a.x.max(b.x),
            });
        } else if dx <= SLANT && dy > dx {
            self.rules.push(Rule {
                horizontal: false,
                at: f64::midpoint(a.x, b.x),
                from: a.y.min(b.y),
                to: a.y.max(b.y),
            });
        }
    }

    /// A filled rectangle thin enough to be a line: its middle line.
    fn thin_rect(&mut self, r: Rect) {
        let (w, h) = (r.width(), r.height());
        if h <= RULE_THICKNESS && w > h {
            let y = f64::midpoint(r.y0, r.y1);
            self.rule(Point::new(r.x0, y), Point::new(r.x1, y));
        } else if w <= RULE_THICKNESS && h > w {
            let x = f64::midpoint(r.x0, r.x1);
            self.rule(Point::new(x, r.y0), Point::new(x, r.y1));
        }
    }

    /// The straight lines of a path: a stroked path's segments, a filled
    /// path's thin rectangles. Paths with curves are glyph outlines or
    /// drawings, never rulings.
    fn path(&mut self, path: &BezPath, filled: bool) {
        let els = path.elements();
        if els
            .iter()
            .any(|e| matches!(e, PathEl::CurveTo(..) | PathEl::QuadTo(..)))
        {
            return;
        }
        // Split into subpaths of points.
        let mut sub: Vec<Point> = Vec::new();
        let flush = |page: &mut Page, sub: &mut Vec<Point>, closed: bool| {
            if filled {
                if sub.len() >= 4 && sub.len() <= 5 {
                    let bb = sub
                        .iter()
                        .fold(Rect::from_points(sub[0], sub[0]), |r, p| r.union_pt(*p));
                    // Axis-aligned: every point on the box's edge.
                    let on_edge = sub.iter().all(|p| {
                        ((p.x - bb.x0).abs() < 0.01 || (p.x - bb.x1).abs() < 0.01)
                            && ((p.y - bb.y0).abs() < 0.01 || (p.y - bb.y1).abs() < 0.01)
                    });
                    if on_edge {
                        page.thin_rect(bb);
                    }
                }
            } else {
                for w in sub.windows(2) {
                    page.rule(w[0], w[1]);
                }
                if closed && sub.len() > 2 {
                    page.rule(sub[sub.len() - 1], sub[0]);
                }
            }
            sub.clear();
        };
        for e in els {
            match *e {
                PathEl::MoveTo(p) => {
                    flush(self, &mut sub, false);
                    sub.push(p);
                }
                PathEl::LineTo(p) => sub.push(p),
                PathEl::ClosePath => flush(self, &mut sub, true),
                _ => {}
            }
        }
        flush(self, &mut sub, false);
    }
}

/// The collecting device: everything drawn is measured, nothing is painted.
pub struct Collector {
    pub page: Page,
}

impl Collector {
    fn budget(&mut self, n: usize) -> bool {
        self.page.steps = self.page.steps.saturating_add(n);
        self.page.steps <= MAX_STEPS
    }
}

fn text_of(s: Option<BfString>) -> Option<String> {
    match s? {
        BfString::Char(c) => Some(c.to_string()),
        BfString::String(s) => Some(s),
    }
}

/// Glyph space: a thousand units to the em (hayro's and the PDF's widths).
const UNITS_PER_EM: f64 = 1000.0;

/// The glyph's size: the length of its em's vertical side on the page.
fn size_of(t: Affine) -> f64 {
    let [_, _, c, d, _, _] = t.as_coeffs();
    c.hypot(d) * UNITS_PER_EM
}

/// The glyph's advance in thousandths of an em, as the font gives it.
fn advance_of(g: &Drawn<'_>) -> Option<f32> {
    match g {
        Drawn::Outline(o) => o.advance_width(),
        Drawn::Type3(t) => t.advance_width(),
    }
}

impl<'a> Device<'a> for Collector {
    fn draw_path(&mut self, path: &BezPath, props: DrawProps<'a>, mode: &DrawMode) {
        if !self.budget(1) {
            return;
        }
        let filled = match mode {
            DrawMode::Fill(_) => true,
            DrawMode::Stroke(_) | DrawMode::FillAndStroke(..) => false,
            DrawMode::Invisible => return,
        };
        let placed = props.transform * path;
        self.page.path(&placed, filled);
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}

    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph_run(&mut self, run: &GlyphRun<'_, 'a>, props: DrawProps<'a>, mode: &DrawMode) {
        // Text both filled and stroked (a bold face made up) comes twice:
        // the fill is enough.
        if matches!(mode, DrawMode::Stroke(_)) && self.stroke_repeats_fill(run, props.transform) {
            return;
        }
        for g in run.glyphs() {
            if !self.budget(1) {
                return;
            }
            let t = props.transform * g.transform();
            let origin = t * Point::ZERO;
            let size = size_of(t);
            if !origin.x.is_finite() || !origin.y.is_finite() || !size.is_finite() {
                continue;
            }
            let advance = advance_of(g).map(|w| f64::from(w) / UNITS_PER_EM * size);
            let text = text_of(g.as_unicode());
            let good = text
                .as_deref()
                .is_some_and(|s| !s.is_empty() && s.chars().all(usable));
            if !good {
                self.page.undecodable += 1;
            }
            let text = text.filter(|_| good).unwrap_or_else(|| "\u{fffd}".into());
            let wide = text
                .chars()
                .any(|c| crate::width::width(&c.to_string()) > 1);
            let advance = advance
                .filter(|a| a.is_finite() && *a > 0.0 && *a < size * 4.0)
                .unwrap_or(if wide { size } else { size * 0.5 });
            self.page.glyphs.push(Glyph {
                text,
                x0: origin.x,
                x1: origin.x + advance,
                y: origin.y,
                size,
            });
        }
    }

    fn draw_image(&mut self, _: Image<'a, '_>, props: ImageDrawProps<'a>) {
        if !self.budget(1) {
            return;
        }
        // The image is the unit square, placed by the transform.
        let bb = (props.transform * Rect::new(0.0, 0.0, 1.0, 1.0).to_path(0.1)).bounding_box();
        let area = self.page.width * self.page.height;
        if area > 0.0 && bb.area().is_finite() {
            self.page.image_cover += (bb.area() / area).min(1.0);
        }
    }

    fn pop_clip(&mut self) {}

    fn pop_transparency_group(&mut self) {}
}

impl Collector {
    /// Is this stroked run the one just filled (same glyphs, same place)?
    fn stroke_repeats_fill(&self, run: &GlyphRun<'_, '_>, transform: Affine) -> bool {
        let n = run.glyphs().len();
        let glyphs = &self.page.glyphs;
        if n == 0 || glyphs.len() < n {
            return false;
        }
        let first = transform * run.glyphs()[0].transform() * Point::ZERO;
        let earlier = &glyphs[glyphs.len() - n];
        (earlier.x0 - first.x).abs() < 0.01 && (earlier.y - first.y).abs() < 0.01
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stroked_and_thin_filled_lines_are_rules_curves_are_not() {
        let mut p = Page::new(600.0, 800.0);
        let mut line = BezPath::new();
        line.move_to((10.0, 100.0));
        line.line_to((300.0, 100.2));
        line.move_to((10.0, 100.0));
        line.line_to((10.0, 200.0));
        p.path(&line, false);
        p.path(&Rect::new(10.0, 300.0, 300.0, 300.5).to_path(0.1), true);
        // A filled box is a shape; a curve is a glyph or a drawing.
        p.path(&Rect::new(10.0, 400.0, 300.0, 450.0).to_path(0.1), true);
        let mut curve = BezPath::new();
        curve.move_to((0.0, 0.0));
        curve.line_to((100.0, 0.0));
        curve.curve_to((1.0, 1.0), (2.0, 2.0), (3.0, 3.0));
        p.path(&curve, false);
        assert_eq!(p.rules.len(), 3, "{:?}", p.rules);
        assert!(p.rules[0].horizontal && (p.rules[0].at - 100.1).abs() < 0.01);
        assert!(!p.rules[1].horizontal);
        assert!((p.rules[1].from - 100.0).abs() < 0.01 && (p.rules[1].to - 200.0).abs() < 0.01);
        assert!(p.rules[2].horizontal && (p.rules[2].at - 300.25).abs() < 0.01);
    }

    #[test]
    fn unusable_characters() {
        assert!(usable('预'));
        assert!(usable('1'));
        for c in ['\u{fffd}', '\u{e123}', '\u{1}', '\u{f0001}'] {
            assert!(!usable(c), "{c:?}");
        }
    }
}
