//! Tables laid out with spaces (`pdftotext -layout`): columns are where the
//! text stands, not tabs. A text with no tab at all is read here first: each
//! block of lines whose cells are set apart by runs of two or more spaces,
//! and which holds figures, becomes tab-separated rows, every cell in the
//! column its place on the line puts it in.
//!
//! The columns are found from the rows holding figures: each cell of such a
//! row spans some characters of the line, and cells of different rows that
//! overlap are one column. A header's words (often centred over several
//! columns) go to the column they overlap most, where the table reader
//! spreads a merged header's words over the columns it spans. A figure never
//! changes column by guess: the rows of figures draw the columns.

use super::number;

/// One cell of a line: its text and the characters it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seg {
    start: usize,
    end: usize,
    text: String,
}

/// The cells of a line: runs of text set apart by two or more spaces,
/// placed by character (as pdftotext sets them).
fn segments(line: &str) -> Vec<Seg> {
    segments_in(line, false)
}

/// [`segments`], placed by display width (a Chinese character two columns)
/// when `wide`, as a text set for a terminal is.
fn segments_in(line: &str, wide: bool) -> Vec<Seg> {
    let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
    // Where each character starts on the line.
    let mut at = Vec::with_capacity(chars.len() + 1);
    let mut x = 0;
    for c in &chars {
        at.push(x);
        x += if wide {
            crate::width::char_width(*c).max(1)
        } else {
            1
        };
    }
    at.push(x);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            if chars[end] == ' ' && chars.get(end + 1).is_none_or(|c| *c == ' ') {
                break;
            }
            end += 1;
        }
        let text: String = chars[start..end].iter().collect();
        out.push(Seg {
            start: at[start],
            end: at[end],
            text,
        });
        i = end;
    }
    out
}

fn is_figure(s: &Seg) -> bool {
    matches!(number::cell(&s.text), number::Cell::Figure(_)) && !s.text.contains(' ')
}

/// The text with its space-laid tables as tab-separated rows, line for
/// line; `None` when it has tabs (a converter that writes cells apart) or
/// no such table.
pub fn to_tabs(text: &str) -> Option<String> {
    if text.contains('\t') {
        return None;
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let segs: Vec<Vec<Seg>> = lines.iter().map(|l| segments(l)).collect();
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_string()).collect();
    // The blocks: from a line of several cells to the blank line.
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if segs[i].len() < 2 {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i;
        while j < lines.len() && !segs[j].is_empty() {
            if segs[j].len() >= 2 {
                end = j;
            }
            j += 1;
        }
        // Below the last row of several cells: a wrapped name's rest
        // (indented into the table), or rows whose figures are all empty
        // (`五、事业收入`) — short, no sentence.
        while end + 1 < j
            && segs[end + 1].first().is_some_and(|s| {
                s.start > 0 || (s.text.chars().count() <= 24 && !s.text.contains('。'))
            })
        {
            end += 1;
        }
        blocks.push((i, end));
        i = j.max(end + 1);
    }
    let mut changed = false;
    let mut k = 0;
    while k < blocks.len() {
        let (a, b) = blocks[k];
        let mut at: Vec<usize> = (a..=b).collect();
        // A header cut from its rows by a page break (the page's number
        // and running header between): one table with the rows below.
        if !has_data(&segs[a..=b]) {
            if let Some(&(c, d)) = blocks.get(k + 1) {
                if c - b <= 8 && has_data(&segs[c..=d]) {
                    at.extend(c..=d);
                    k += 1;
                }
            }
        }
        let table: Vec<&str> = at.iter().map(|&n| lines[n]).collect();
        if let Some(rows) = block(&table) {
            for (n, r) in at.into_iter().zip(rows) {
                out[n] = r;
            }
            changed = true;
        }
        k += 1;
    }
    changed.then(|| out.join("\n"))
}

/// Does a block hold a row of figures?
fn has_data(lines: &[Vec<Seg>]) -> bool {
    lines
        .iter()
        .any(|l| l.len() >= 2 && l.iter().any(is_figure) && !column_numbers(l))
}

/// One block's lines as tab-separated rows: placed by character, else by
/// display width — whichever puts every cell of a row of figures in a
/// column of its own. `None` when no line holds a figure (it is not a table
/// of figures), or neither does (the columns cannot be told for certain:
/// the rows stay as they are, and what they hold is reported).
fn block(raw: &[&str]) -> Option<Vec<String>> {
    [false, true].into_iter().find_map(|wide| {
        let lines: Vec<Vec<Seg>> = raw.iter().map(|l| segments_in(l, wide)).collect();
        cells(&lines)
    })
}

/// [`block`], its cells placed one way.
fn cells(lines: &[Vec<Seg>]) -> Option<Vec<String>> {
    let data = rows_drawing_columns(lines);
    if data.is_empty() || lines.len() < 2 {
        return None;
    }
    let mut columns = figure_columns(&data);
    place_headers(lines, &data, &mut columns);
    // Every figure row's cells in columns of their own, or the columns
    // are not these.
    let distinct = data.iter().all(|l| {
        let mut seen: Vec<usize> = l.iter().map(|s| column_of(&columns, s)).collect();
        seen.dedup();
        seen.len() == l.len()
    });
    if !distinct {
        return None;
    }
    Some(lines.iter().map(|l| tab_row(l, &columns)).collect())
}

/// The rows that draw the columns: those holding figures, else an empty
/// table's row of column numbers, else its last header row (a block of
/// headers alone, no sentence among them).
fn rows_drawing_columns(lines: &[Vec<Seg>]) -> Vec<&Vec<Seg>> {
    let data: Vec<&Vec<Seg>> = lines
        .iter()
        .filter(|l| l.len() >= 2 && l.iter().any(is_figure) && !column_numbers(l))
        .collect();
    if !data.is_empty() {
        return data;
    }
    let numbers: Vec<&Vec<Seg>> = lines.iter().filter(|l| column_numbers(l)).collect();
    let several: Vec<&Vec<Seg>> = lines.iter().filter(|l| l.len() >= 2).collect();
    let headers = several.len() >= 2 && lines.iter().flatten().all(|s| !s.text.contains('。'));
    match (numbers.is_empty(), headers) {
        (false, _) => numbers,
        (true, true) => several.last().copied().into_iter().collect(),
        (true, false) => Vec::new(),
    }
}

/// The columns: spans of the figure rows' cells, overlapping ones merged.
fn figure_columns(data: &[&Vec<Seg>]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = data
        .iter()
        .flat_map(|l| l.iter().map(|s| (s.start, s.end)))
        .collect();
    spans.sort_unstable();
    let mut columns: Vec<(usize, usize)> = Vec::new();
    for (a, b) in spans {
        match columns.last_mut() {
            Some(c) if a < c.1 => c.1 = c.1.max(b),
            _ => columns.push((a, b)),
        }
    }
    columns
}

/// The header rows' words set to the columns: a header beside the figures
/// it heads (`科目编码` left-aligned over codes set to the right, `小计` over
/// its figures) widens the column to its right, when nothing else on its
/// line heads that one; a header over a column no figure row fills (其他收入,
/// empty in every row) is a column of its own.
fn place_headers(lines: &[Vec<Seg>], data: &[&Vec<Seg>], columns: &mut Vec<(usize, usize)>) {
    let mut apart: Vec<(usize, usize)> = Vec::new();
    // The header rows nearest the figures (the leaves) first; a caption
    // (`单位：万元`, `编制单位：…`) heads no column.
    for l in lines.iter().rev().filter(|l| !data.contains(l)) {
        let overlaps = |s: &Seg, c: &(usize, usize)| s.start < c.1 && s.end > c.0;
        // From the right: the header just left of a column's figures is
        // its header, not one further left.
        for s in l.iter().rev() {
            if columns.iter().any(|c| overlaps(s, c)) || is_figure(s) {
                continue;
            }
            if is_caption(s) {
                continue;
            }
            // Figures stand right-aligned under their header: the column
            // a header heads is the next one to its right.
            let right = columns.iter().position(|c| c.0 >= s.end);
            match right.filter(|&r| !l.iter().any(|o| overlaps(o, &columns[r]))) {
                Some(r) => columns[r].0 = s.start,
                None => apart.push((s.start, s.end)),
            }
        }
    }
    apart.sort_unstable();
    for (a, b) in apart {
        match columns.iter_mut().find(|c| a < c.1 && b > c.0) {
            Some(c) => *c = (c.0.min(a), c.1.max(b)),
            None => columns.push((a, b)),
        }
        columns.sort_unstable();
    }
}

/// A line as a tab-separated row, each cell in its column.
fn tab_row(l: &[Seg], columns: &[(usize, usize)]) -> String {
    // Column numbers are structure: each its own cell, in order,
    // so that the table reader knows and skips the row.
    if column_numbers(l) {
        return l
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\t");
    }
    let mut cells = vec![String::new(); columns.len()];
    // A caption beside the cells (`单位：万元`) stands in no column:
    // a cell after them all (read as the line's caption).
    let mut caption = Vec::new();
    for s in l {
        if is_caption(s) && columns.iter().all(|c| s.end <= c.0 || s.start >= c.1) {
            caption.push(s.text.as_str());
            continue;
        }
        let c = column_of(columns, s);
        if !cells[c].is_empty() {
            cells[c].push(' ');
        }
        cells[c].push_str(&s.text);
    }
    if !caption.is_empty() {
        cells.push(caption.join(" "));
    }
    cells.join("\t")
}

/// A caption's cell (`单位：万元`, `编制单位：…`).
fn is_caption(s: &Seg) -> bool {
    s.text.contains(['：', ':'])
}

/// A row of column numbers (`栏次 1 2 3 …`, `1 2 3 …`): structure, set
/// as its printer chose, not figures that draw the columns.
fn column_numbers(l: &[Seg]) -> bool {
    let numbers: Vec<&Seg> = l.iter().filter(|s| s.text != "栏次").collect();
    numbers.len() >= 2
        && numbers
            .iter()
            .zip(1u32..)
            .all(|(s, n)| s.text.parse::<u32>().is_ok_and(|v| v == n))
}

/// The column a cell stands in: the one it overlaps most, else the nearest.
fn column_of(columns: &[(usize, usize)], s: &Seg) -> usize {
    let overlap = |c: &(usize, usize)| s.end.min(c.1).saturating_sub(s.start.max(c.0));
    let gap = |c: &(usize, usize)| {
        if s.end <= c.0 {
            c.0 - s.end
        } else {
            s.start.saturating_sub(c.1)
        }
    };
    let best =
        (0..columns.len()).max_by_key(|&i| (overlap(&columns[i]), usize::MAX - gap(&columns[i])));
    best.unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_runs_apart_by_two_spaces() {
        let s = segments("一、一般公共预算  1,234.00   x y");
        let t: Vec<&str> = s.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(t, ["一、一般公共预算", "1,234.00", "x y"]);
        assert_eq!((s[1].start, s[1].end), (10, 18));
    }

    /// Lines as pdftotext -layout sets them: each cell at its character.
    fn laid(rows: &[&[(usize, &str)]]) -> String {
        rows.iter()
            .map(|r| {
                let mut line = String::new();
                for (at, text) in *r {
                    let n = line.chars().count();
                    line.push_str(&" ".repeat(at.saturating_sub(n).max(usize::from(n > 0) * 2)));
                    line.push_str(text);
                }
                line
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_laid_out_table_becomes_rows_of_cells_in_their_columns() {
        let text = format!(
            "部门支出总表\n{}\n\n一段说明  两个空格。",
            laid(&[
                &[
                    (0, "单位编码"),
                    (10, "单位名称"),
                    (26, "合计"),
                    (36, "基本支出"),
                    (46, "项目支出")
                ],
                &[
                    (0, "701001"),
                    (10, "甲局"),
                    (24, "524.00"),
                    (36, "396.00"),
                    (46, "128.00")
                ],
                &[
                    (0, "701002"),
                    (10, "乙中心"),
                    (22, "1,900.50"),
                    (36, "564.00"),
                    (44, "1,336.50")
                ],
                &[
                    (10, "合计"),
                    (22, "2,424.50"),
                    (36, "960.00"),
                    (44, "1,464.50")
                ],
            ])
        );
        let t = to_tabs(&text).expect("a table");
        let lines: Vec<&str> = t.split('\n').collect();
        assert_eq!(lines[0], "部门支出总表");
        assert_eq!(lines[1], "单位编码\t单位名称\t合计\t基本支出\t项目支出");
        assert_eq!(lines[3], "701002\t乙中心\t1,900.50\t564.00\t1,336.50");
        assert_eq!(lines[4], "\t合计\t2,424.50\t960.00\t1,464.50");
        assert_eq!(lines[6], "一段说明  两个空格。", "no figures: not a table");
    }

    #[test]
    fn an_empty_cell_and_an_empty_column_keep_their_places() {
        // 其他收入 is empty in every row: its header is a column of its own.
        let text = laid(&[
            &[
                (0, "项目"),
                (16, "预算数"),
                (24, "其他收入"),
                (34, "项目"),
                (48, "预算数"),
            ],
            &[
                (0, "一、一般公共"),
                (16, "482.30"),
                (34, "一、社保支出"),
                (49, "56.00"),
            ],
            &[(0, "二、政府性基金"), (34, "二、卫生支出"), (49, "12.00")],
            &[
                (0, "收入总计"),
                (16, "482.30"),
                (34, "支出总计"),
                (49, "68.00"),
            ],
        ]);
        let t = to_tabs(&text).expect("a table");
        let lines: Vec<&str> = t.split('\n').collect();
        assert_eq!(lines[0], "项目\t预算数\t其他收入\t项目\t预算数");
        assert_eq!(lines[2], "二、政府性基金\t\t\t二、卫生支出\t12.00");
    }

    #[test]
    fn headers_left_of_right_aligned_figures_head_them() {
        // 小计 and 运行费 stand left of their figures, not over them.
        let text = laid(&[
            &[(0, "合计"), (10, "小计"), (24, "运行费"), (34, "接待费")],
            &[(2, "3.50"), (18, "3.00"), (30, "3.00"), (38, "0.50")],
            &[(0, "栏次"), (10, "1"), (24, "2"), (34, "3")],
        ]);
        let t = to_tabs(&text).expect("a table");
        let lines: Vec<&str> = t.split('\n').collect();
        assert_eq!(lines[0], "合计\t小计\t运行费\t接待费");
        assert_eq!(lines[1], "3.50\t3.00\t3.00\t0.50");
    }

    #[test]
    fn a_text_with_tabs_is_left_alone() {
        assert_eq!(to_tabs("a\tb\n1  2\n3  4"), None);
    }
}
