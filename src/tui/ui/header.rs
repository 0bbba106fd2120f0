//! The three header lines: what is open, the view tabs, the breadcrumb.

use super::Theme;
use crate::model::{Model, NodeId};
use crate::money::Unit;
use crate::tui::layout::Areas;
use crate::tui::state::Tab;
use crate::views::Filter;
use crate::width::{truncate, width};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::widgets::Widget;

/// The header: dataset, unit and sort; the view tabs; the breadcrumb.
/// What it draws, and nothing else: what is open (the model, the years
/// compared), the unit, the sort's label, the filter on and the lines it
/// keeps, the tab, and the node selected (for the breadcrumb).
pub struct Header<'a> {
    pub model: &'a Model,
    pub compare: [usize; 2],
    pub unit: Unit,
    pub sort: String,
    pub filter: Option<Filter>,
    pub filter_count: Option<usize>,
    pub tab: Tab,
    pub selected: Option<NodeId>,
    pub areas: &'a Areas,
    pub theme: &'a Theme,
}

impl Widget for Header<'_> {
    fn render(self, _area: Rect, buf: &mut Buffer) {
        let Header {
            model,
            compare,
            unit,
            sort,
            filter,
            filter_count,
            tab: current,
            selected,
            areas: a,
            theme: t,
        } = self;
        let w = a.header.width as usize;
        let what = what(model, compare);
        let mut text = format!(
            " 预算 yusuan │ {what} │ 单位：{} │ 排序：{sort}",
            unit.label()
        );
        if let (Some(f), Some(n)) = (filter, filter_count) {
            text.push_str(&format!(
                " │ 筛选：{}（{n} 行，{} 清除）",
                f.label(),
                crate::tui::keymap::key(
                    crate::tui::keymap::Context::Global,
                    crate::tui::keymap::Action::Close
                )
            ));
        }
        // Help and quit at the right end, at every width.
        let tail = crate::tui::keymap::essentials(crate::tui::keymap::Context::Main)
            .into_iter()
            .map(|(k, d)| format!("{k} {d}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let room = w.saturating_sub(width(&tail) + 1);
        // Short of room, the least needed words go first: the years' count
        // and the program's name (the filter stays as long as it can).
        if width(&text) > room {
            if let Some(i) = text.find("（共 ") {
                if let Some(j) = text[i..].find('）') {
                    text.replace_range(i..i + j + '）'.len_utf8(), "");
                }
            }
        }
        if width(&text) > room {
            text = text.replacen(" 预算 yusuan │", "", 1);
        }
        let line = if room >= 8 {
            let head = truncate(&text, room);
            format!(
                "{head}{}{tail}",
                " ".repeat(w - width(&head) - width(&tail))
            )
        } else {
            truncate(&text, w)
        };
        Widget::render(
            Paragraph::new(Line::from(Span::styled(line, t.heading()))),
            a.header,
            buf,
        );
        let mut spans = vec![Span::raw(" ")];
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let label = format!(" {} {} ", i + 1, tab.title());
            let style = if *tab == current {
                t.selected().add_modifier(Modifier::BOLD)
            } else {
                Style::new()
            };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        let used: usize = spans.iter().map(|s| width(&s.content)).sum();
        let line = if used > w {
            // Too narrow for all tabs: just the current one.
            Line::from(Span::styled(
                truncate(
                    &format!(
                        " {} / 4 {}",
                        Tab::ALL.iter().position(|x| *x == current).unwrap_or(0) + 1,
                        current.title()
                    ),
                    w,
                ),
                t.selected(),
            ))
        } else {
            Line::from(spans)
        };
        Widget::render(Paragraph::new(line), a.tabs, buf);
        // Breadcrumb: the selected node's path, shortened from the left to fit.
        let crumb = match selected {
            Some(id) if current != Tab::Sangong => {
                let parts = model.path(id);
                breadcrumb(&parts, w.saturating_sub(2))
            }
            _ => String::new(),
        };
        Widget::render(
            Paragraph::new(Line::from(Span::styled(format!(" {crumb}"), t.dim()))),
            a.crumb,
            buf,
        );
    }
}

/// Names joined by ` › `, dropping leading names (shown as `…`) until it
/// fits; the last name is cut with … if even it does not.
pub fn breadcrumb(parts: &[String], w: usize) -> String {
    for skip in 0..parts.len() {
        let mut s = parts[skip..].join(" › ");
        if skip > 0 {
            s = format!("… › {s}");
        }
        if width(&s) <= w {
            return s;
        }
    }
    truncate(parts.last().map_or("", String::as_str), w)
}

/// What is open: the department and year, or the years compared.
fn what(model: &Model, compare: [usize; 2]) -> String {
    let ds = &model.datasets;
    let years = model.years();
    let mut depts: Vec<&str> = ds.iter().map(|d| d.department.as_str()).collect();
    depts.sort_unstable();
    depts.dedup();
    match (ds.as_slice(), depts.as_slice()) {
        ([d], _) => format!(
            "{} {}年{} · {} 个单位",
            d.department,
            d.year,
            if d.kind == crate::schema::DocKind::Final {
                "决算"
            } else {
                ""
            },
            d.units.len()
        ),
        (_, [one]) if years.len() > 1 => format!(
            "{one} · 对比 {} → {}（共 {} 年，[ ] 换年份）",
            model.year_label(compare[0]),
            model.year_label(compare[1]),
            years.len()
        ),
        (_, many) if years.len() > 1 => format!(
            "{} 个部门 · 对比 {} → {}（共 {} 年，[ ] 换年份）",
            many.len(),
            model.year_label(compare[0]),
            model.year_label(compare[1]),
            years.len()
        ),
        (many, _) => format!("{} 个部门预算", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breadcrumb_drops_leading_names_to_fit() {
        let parts: Vec<String> = [
            "深圳市人力资源和社会保障局",
            "市人社局本级",
            "项目支出",
            "人才引进及管理",
        ]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
        assert_eq!(
            breadcrumb(&parts, 200),
            "深圳市人力资源和社会保障局 › 市人社局本级 › 项目支出 › 人才引进及管理"
        );
        let b = breadcrumb(&parts, 40);
        assert!(width(&b) <= 40, "{b}");
        assert!(
            b.starts_with("… › ") && b.ends_with("人才引进及管理"),
            "{b}"
        );
        assert_eq!(breadcrumb(&parts, 6), "人才…");
    }
}
