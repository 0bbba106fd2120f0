//! Whole screens at the sizes reviewers use (140×40, 120×40, 80×24): what
//! must stay on them — nothing cut while space is left, the hints that
//! always show, the detail of a line jumped to from its top — each with
//! content asserts beside its snapshot.

mod common;
use common::{keys, screen};
use unicode_width::UnicodeWidthStr;
use yusuan::load;
use yusuan::model::Model;
use yusuan::money::Unit;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;

const SIZES: [(u16, u16); 3] = [(140, 40), (120, 40), (80, 24)];

fn app() -> App {
    let mut a = App::new(Model::new(vec![load::bundled()]), Unit::Wan, false);
    a.update(Action::Resize(120, 40));
    a
}

/// The first line of the screen that holds `text`.
fn line_with<'a>(s: &'a str, text: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line holds {text:?}:\n{s}"))
}

/// The detail pane's part of a screen line (right of the tree pane).
fn detail_part(line: &str) -> &str {
    line.rsplit("││").next().unwrap_or(line)
}

#[test]
fn the_detail_of_a_line_jumped_to_starts_at_its_top() {
    for (w, h) in SIZES {
        let mut a = app();
        // 2 (科目), the detail scrolled to its end, then a search jump to 208.
        keys(&mut a, "2<Tab>G");
        assert!(a.detail.scroll > 0, "scrolled at {w}×{h}");
        keys(&mut a, "/208<Enter>");
        assert_eq!(&*a.model.node(a.selected().unwrap()).code, "208");
        assert_eq!(a.detail.scroll, 0);
        if w < 90 {
            // Narrow: the detail takes the screen when it has the focus.
            keys(&mut a, "<Tab>");
        }
        let s = screen(&mut a, w, h);
        // The detail's first line names 208 itself, not its last 类 line.
        let first = s
            .lines()
            .skip(4)
            .map(detail_part)
            .find(|l| l.contains("社会保障和就业支出"))
            .unwrap_or_else(|| panic!("{s}"));
        assert!(first.contains("208"), "{first}\n{s}");
        insta::assert_snapshot!(format!("detail_after_jump_{w}x{h}"), s);
    }
}

#[test]
fn a_move_or_a_tab_shows_the_new_lines_detail_from_its_top() {
    let mut a = app();
    keys(&mut a, "<Tab>G");
    assert!(a.detail.scroll > 0);
    keys(&mut a, "<Tab>j");
    assert_eq!(a.detail.scroll, 0, "a move");
    keys(&mut a, "k<Tab>G");
    assert!(a.detail.scroll > 0);
    keys(&mut a, "2");
    assert_eq!(a.detail.scroll, 0, "another view");
    // A resize keeps the place.
    keys(&mut a, "1G");
    let at = a.detail.scroll;
    a.update(Action::Resize(140, 40));
    assert!(at > 0);
    assert_eq!(a.detail.scroll, at);
}

#[path = "data/prior_year.rs"]
mod prior_year;

/// The test "2019" and the bundled 2020, compared.
fn two_years() -> App {
    let ds = vec![prior_year::hrss_2019(), load::bundled()];
    let mut a = App::new(Model::new(ds), Unit::Wan, false);
    a.update(Action::Resize(120, 40));
    a
}

/// The filter popup's choice `label`, applied (with `number` typed, if any).
fn filter(a: &mut App, label: &str, number: &str) {
    let at = yusuan::tui::popup::FILTER_CHOICES
        .iter()
        .position(|(l, _)| l.contains(label))
        .unwrap();
    keys(a, &format!("f{}{number}<Enter>", "<Down>".repeat(at)));
}

mod year_over_year {
    use super::*;

    #[test]
    fn a_renamed_line_says_its_old_name_and_the_status_filter_keeps_it() {
        let mut a = two_years();
        filter(&mut a, "更名", "");
        assert!(a.popup.is_none(), "applied");
        keys(&mut a, "e");
        let s = screen(&mut a, 140, 40);
        // The tree pane (84 columns, five figures) keeps the earlier name's
        // start beside the line; the detail gives it whole.
        let row = line_with(&s, "更名，原 ");
        assert!(
            row.contains("信息化") && row.contains("更名，原 信息化"),
            "{row}"
        );
        keys(&mut a, "G");
        let s = screen(&mut a, 140, 40);
        assert!(
            s.lines()
                .map(detail_part)
                .any(|l| l.contains("更名") && l.contains("信息化建设与运维")),
            "{s}"
        );
        // Only the renamed line and its ancestors are kept.
        assert!(!s.contains("人才引进及管理"), "{s}");
        assert!(s.contains("筛选：更名"), "{s}");
        insta::assert_snapshot!("filter_renamed_140x40", s);
        // 新增 keeps 预算准备金, not the renamed line.
        let mut a = two_years();
        filter(&mut a, "新增", "");
        keys(&mut a, "e");
        let s = screen(&mut a, 140, 40);
        assert!(s.contains("预算准备金"), "{s}");
        assert!(!s.contains("更名"), "{s}");
        // 变化 keeps 人才引进及管理 (1,200.5 → 1,493.74), not the added line.
        let mut a = two_years();
        filter(&mut a, "变化", "");
        keys(&mut a, "e");
        let s = screen(&mut a, 140, 40);
        assert!(s.contains("人才引进及管理"), "{s}");
        assert!(!s.contains("预算准备金"), "{s}");
    }

    #[test]
    fn a_change_threshold_never_hides_a_rename() {
        let mut a = two_years();
        // Far above any project's change.
        filter(&mut a, "增减额", "100000");
        keys(&mut a, "e");
        let s = screen(&mut a, 140, 40);
        assert!(s.contains("更名，原 信息化"), "{s}");
        assert!(!s.contains("人才引进及管理"), "{s}");
    }

    #[test]
    fn the_ranked_list_by_change_says_each_lines_status() {
        let mut a = two_years();
        keys(&mut a, "p");
        for (w, h) in SIZES {
            let s = screen(&mut a, w, h);
            assert!(line_with(&s, "名次").contains("状态"), "{s}");
            assert!(line_with(&s, "人才引进及管理").contains("增加"), "{s}");
            assert!(s.contains("新增") && s.contains("取消"), "{s}");
            insta::assert_snapshot!(format!("ranked_by_change_{w}x{h}"), s);
        }
    }

    #[test]
    fn with_one_year_the_change_keys_say_why_they_do_nothing() {
        let mut a = app();
        let sort = a.sort_label();
        for k in ["d", "D", "b"] {
            keys(&mut a, k);
            assert!(a.message.contains("只打开了一年"), "{k}: {}", a.message);
            assert_eq!(a.sort_label(), sort, "{k}");
            assert!(!a.bar_change, "{k}");
        }
        filter(&mut a, "新增", "");
        assert!(a.filter.is_none());
        assert!(a.message.contains("只打开了一年"), "{}", a.message);
    }
}

mod sangong {
    use super::*;

    #[test]
    fn at_140_no_name_is_cut_and_the_zero_items_are_named() {
        let mut a = app();
        keys(&mut a, "3");
        let s = screen(&mut a, 140, 40);
        for name in ["深圳第二高级技工学校", "市高技能人才公共实训管理服务中心"]
        {
            assert!(line_with(&s, name).contains(name), "{s}");
        }
        assert!(!s.contains('…'), "{s}");
        let head = line_with(&s, "合计上年");
        assert!(
            head.contains("公务接待") && head.contains("用车运维"),
            "{head}"
        );
        assert!(s.contains("全为 0 未列：出国(境)、用车购置"), "{s}");
        insta::assert_snapshot!("sangong_140x40", s);
    }

    #[test]
    fn at_80x24_the_items_scroll_with_a_marker_and_the_note_is_whole() {
        let mut a = app();
        keys(&mut a, "3");
        let s = screen(&mut a, 80, 24);
        // 公务接待 shown, 用车运维 (市公共就业服务中心's −4) to the right.
        assert!(s.contains("市公共就业服务中心"), "{s}");
        let head = line_with(&s, "合计上年");
        assert!(
            head.contains("公务接待") && head.trim_end_matches('│').trim_end().ends_with('▸'),
            "{head}"
        );
        let flat: String = s
            .lines()
            .map(|l| l.trim_matches('│').trim())
            .collect::<Vec<_>>()
            .concat();
        assert!(
            flat.contains("→右侧还有用车运维") || flat.contains("→ 右侧还有 用车运维"),
            "{s}"
        );
        assert!(flat.contains("全为 0 未列：出国(境)、用车购置"), "{s}");
        insta::assert_snapshot!("sangong_80x24", s);
        // → shows 用车运维 and the −4.
        keys(&mut a, "l");
        let s = screen(&mut a, 80, 24);
        let head = line_with(&s, "合计上年");
        assert!(head.contains("用车运维") && head.contains('◂'), "{head}");
        let row = line_with(&s, "市公共就业服务中心");
        assert!(
            row.ends_with("▼ -4.00") || row.contains("▼ -4.00  "),
            "{row}"
        );
        assert_eq!(
            row.matches("▼ -4.00").count(),
            2,
            "total and 用车运维: {row}"
        );
        insta::assert_snapshot!("sangong_80x24_right", s);
        // At the end, → says so; ← comes back.
        keys(&mut a, "l");
        assert!(a.message.contains("尽头"), "{}", a.message);
        keys(&mut a, "h");
        let s = screen(&mut a, 80, 24);
        assert!(line_with(&s, "合计上年").contains("公务接待"), "{s}");
    }

    #[test]
    fn s_sorts_by_each_column_and_capital_s_reverses() {
        let mut a = app();
        keys(&mut a, "3s");
        let s = screen(&mut a, 140, 40);
        assert!(s.contains("按合计本年排序"), "{s}");
        // The department first, then the units by 合计本年, largest first.
        let order: Vec<usize> = [
            "部门合计",
            "市人社局本级",
            "深圳第二高级技工学校",
            "市公共就业服务中心",
        ]
        .iter()
        .map(|n| s.lines().position(|l| l.contains(n)).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{s}");
        keys(&mut a, "S");
        let s = screen(&mut a, 140, 40);
        assert!(s.contains("按合计本年排序↑"), "{s}");
        let first_unit = s
            .lines()
            .skip_while(|l| !l.contains("部门合计"))
            .nth(1)
            .unwrap();
        assert!(
            first_unit.contains("市人社局信息中心")
                || first_unit.contains("市劳动人事争议仲裁院")
                || first_unit.contains("市人事人才公共服务中心"),
            "{first_unit}"
        );
        // s again: 增减, the department still first.
        keys(&mut a, "s");
        let s = screen(&mut a, 140, 40);
        assert!(s.contains("按增减排序"), "{s}");
        insta::assert_snapshot!("sangong_sorted_by_change_140x40", s);
    }
}

#[test]
fn the_unfocused_detail_keeps_table_7s_unit_names_whole() {
    let mut a = app();
    keys(&mut a, "2");
    a.update(Action::Resize(140, 40));
    let inner = a.areas().detail.width.saturating_sub(2) as usize;
    let text = yusuan::detail::lines(
        &a.model,
        &a.findings,
        None,
        a.selected().unwrap(),
        a.unit,
        inner,
    );
    let at = text
        .iter()
        .position(|l| l.contains("【各单位小计（表7"))
        .unwrap();
    a.detail.scroll = at;
    let s = screen(&mut a, 140, 40);
    let detail: Vec<&str> = s.lines().skip(4).map(detail_part).collect();
    assert!(
        detail.iter().any(|l| l.contains("【各单位小计（表7")),
        "{s}"
    );
    // Every unit name of 表7 on one line, not two characters a line.
    for name in [
        "深圳市人力资源和社会保障局",
        "深圳市人力资源和社会保障局本级",
    ] {
        assert!(detail.iter().any(|l| l.contains(name)), "{name}:\n{s}");
    }
    assert!(
        !detail.iter().any(|l| l.trim_start().starts_with("深圳│")),
        "{s}"
    );
    insta::assert_snapshot!("detail_table7_unfocused_140x40", s);
}

mod hints {
    use super::*;

    /// The last line (the status line) and the first (the header).
    fn ends(s: &str) -> (&str, &str) {
        (s.lines().next().unwrap(), s.lines().last().unwrap())
    }

    #[test]
    fn help_and_quit_show_at_every_size_in_the_header_and_the_status_line() {
        for (w, h) in SIZES {
            for (how, setup) in [
                ("tree", ""),
                ("detail", "<Tab>"),
                ("三公", "3"),
                ("科目", "2jjj"),
            ] {
                let mut a = app();
                keys(&mut a, setup);
                a.message.clear();
                let s = screen(&mut a, w, h);
                let (head, status) = ends(&s);
                for want in ["? 帮助", "q 退出"] {
                    assert!(status.contains(want), "{how} {w}×{h} status: {status}");
                    assert!(head.contains(want), "{how} {w}×{h} header: {head}");
                }
                assert!(status.trim_end().ends_with("q 退出"), "{status}");
                if how == "tree" {
                    insta::assert_snapshot!(format!("status_{w}x{h}"), status);
                }
            }
            // A long message keeps them too.
            let mut a = app();
            a.message = "已导出 ".to_string() + &"很长的路径/".repeat(30);
            let s = screen(&mut a, w, h);
            assert!(ends(&s).1.ends_with("? 帮助 · q 退出"), "{s}");
        }
    }

    #[test]
    fn a_popups_hints_are_what_it_can_do_and_how_to_close_it() {
        for (w, h) in SIZES {
            let mut a = app();
            keys(&mut a, "p");
            let s = screen(&mut a, w, h);
            let status = ends(&s).1;
            assert!(!status.contains("删除"), "{status}");
            assert!(!status.contains("舍入"), "{status}");
            assert!(
                status.contains("Esc q 关闭") && status.contains("Ctrl-C 退出"),
                "{status}"
            );
            let mut a = app();
            keys(&mut a, "c");
            let status = ends(&screen(&mut a, w, h)).1.to_string();
            assert!(!status.contains("删除"), "{status}");
            assert!(status.contains("Esc q 关闭"), "{status}");
        }
    }

    #[test]
    fn the_help_popup_starts_with_how_to_close_it_and_how_to_quit() {
        for (w, h) in SIZES {
            let mut a = app();
            keys(&mut a, "?");
            let s = screen(&mut a, w, h);
            let first = s.lines().nth(2).unwrap();
            assert!(first.contains("关闭帮助：Esc 或 ?"), "{w}×{h}:\n{s}");
            let top: String = s.lines().take(5).collect();
            assert!(top.contains("退出 yusuan") || top.contains("退出"), "{s}");
            assert!(s.contains("Ctrl-C"), "{s}");
            insta::assert_snapshot!(format!("help_{w}x{h}"), s);
        }
    }
}

mod precision {
    use super::*;

    #[test]
    fn the_function_views_department_row_gives_table_7s_stated_split() {
        let mut a = app();
        keys(&mut a, "2");
        for (w, h) in SIZES {
            let s = screen(&mut a, w, h);
            let row = line_with(&s, "▾ 深圳市人力资源");
            assert!(
                row.contains("29,820.00") && row.contains("636,910.00"),
                "{row}"
            );
            assert!(
                !row.contains("29,821.00") && !row.contains("636,911.00"),
                "{row}"
            );
            // The rounding marker, as on every line whose figures differ in rounding.
            assert!(row.contains('~'), "{row}");
        }
    }

    #[test]
    fn in_yi_the_list_and_the_detail_show_one_precision() {
        let mut a = app();
        keys(&mut a, "u");
        assert_eq!(a.unit, Unit::Yi);
        let s = screen(&mut a, 140, 40);
        let row = line_with(&s, "▾ 深圳市人力资源");
        assert!(row.contains("69.4773"), "{row}");
        let detail: String = s.lines().map(detail_part).collect();
        assert!(detail.contains("69.4773 亿元"), "{s}");
        assert!(
            detail.contains("68.6630"),
            "财政预算拨款 686,630 in 亿元: {s}"
        );
        assert!(
            !detail.contains("68.663 ") && !detail.contains("68.663·"),
            "{s}"
        );
        insta::assert_snapshot!("yi_140x40", s);
    }
}

mod for_the_chair {
    use super::*;

    /// The popup's row for `unit`.
    fn row<'a>(s: &'a str, unit: &str) -> &'a str {
        line_with(s, unit)
    }

    #[test]
    fn t_shows_the_units_side_by_side_at_every_size() {
        for (w, h) in SIZES {
            let mut a = app();
            keys(&mut a, "t");
            assert!(
                matches!(a.popup, Some(yusuan::tui::app::Popup::Units(_))),
                "{}",
                a.message
            );
            let s = screen(&mut a, w, h);
            let head = line_with(&s, "三公  ");
            let wanted: &[&str] = if w >= 120 {
                &[
                    "人员支出",
                    "公用支出",
                    "对个人和家庭",
                    "项目支出",
                    "合计",
                    "三公",
                    "编制",
                    "人均人员支出",
                ]
            } else {
                &["项目支出", "合计", "三公"]
            };
            for c in wanted {
                assert!(head.contains(c), "{c} at {w}×{h}: {head}");
            }
            assert!(!head.contains('…'), "{head}");
            if w < 120 {
                let flat: String = s.lines().map(|l| l.trim_matches(['│', ' '])).collect();
                assert!(flat.contains("窄屏未列："), "{s}");
            }
            // The department first, with its 三公 (107) and total.
            let dept = row(&s, "部门合计");
            assert!(
                dept.contains("694,773.00") && dept.contains("107.00"),
                "{dept}"
            );
            // A unit's figures: 市考试院's 三公 8.
            assert!(row(&s, "市考试院").contains("8.00"), "{s}");
            let status = s.lines().last().unwrap();
            assert!(
                status.contains("s 排序") && status.contains("e 导出"),
                "{status}"
            );
            assert!(!status.contains("删除"), "{status}");
            insta::assert_snapshot!(format!("units_{w}x{h}"), s);
        }
    }

    #[test]
    fn the_units_sort_by_any_column_and_export_as_shown() {
        let mut a = app();
        keys(&mut a, "ts");
        let s = screen(&mut a, 140, 40);
        assert!(line_with(&s, "人员支出").contains("合计↓"), "{s}");
        // By 合计, largest first: 市人社局本级 before 市考试院; the department stays first.
        let at = |n: &str| s.lines().position(|l| l.contains(n)).unwrap();
        assert!(
            at("部门合计") < at("市人社局本级") && at("市人社局本级") < at("市考试院"),
            "{s}"
        );
        keys(&mut a, "S");
        let s = screen(&mut a, 140, 40);
        let at = |n: &str| s.lines().position(|l| l.contains(n)).unwrap();
        assert!(line_with(&s, "人员支出").contains("合计↑"), "{s}");
        assert!(
            at("部门合计") < at("市考试院") && at("市考试院") < at("市人社局本级"),
            "{s}"
        );
        // s again: the next column (单位, by pinyin).
        keys(&mut a, "s");
        assert!(a.message.contains("按单位排序"), "{}", a.message);
        // e: the table to an XLSX file, written by the event loop's effect, not by update.
        let dir = tempfile::tempdir().unwrap();
        a.export_dir = dir.path().to_path_buf();
        keys(&mut a, "e");
        assert_eq!(a.writes.len(), 1, "queued");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "nothing written in update"
        );
        assert!(a.run_writes());
        assert!(a.message.contains("已导出"), "{}", a.message);
        let file = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        use calamine::Reader as _;
        let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
        let sheet = wb.worksheet_range("单位对比").unwrap();
        let head: Vec<String> = sheet
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(head[0], "单位");
        assert!(head.iter().any(|h| h == "三公(万元)"), "{head:?}");
        let dept = sheet.rows().nth(1).unwrap();
        let total = head.iter().position(|h| h == "合计(万元)").unwrap();
        assert_eq!(dept[total], calamine::Data::Float(694_773.0));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let plain = dir.path().join("plain");
            std::fs::File::create(&plain).unwrap();
            let mode =
                |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&file), mode(&plain), "ordinary permissions, not 0600");
        }
    }

    #[test]
    fn the_ranked_projects_sort_by_any_column() {
        let mut a = app();
        keys(&mut a, "p");
        let s = screen(&mut a, 140, 40);
        // The selected (first) row's project.
        let first = |s: &str| {
            let l = s.lines().find(|l| l.contains("│›")).unwrap();
            l.split_whitespace()
                .skip_while(|t| !t.chars().all(|c| c.is_ascii_digit()))
                .nth(1)
                .unwrap()
                .to_string()
        };
        let largest = first(&s);
        // s: 金额 (as ranked), then 项目 by pinyin, then 单位; S reverses.
        keys(&mut a, "s");
        let s = screen(&mut a, 140, 40);
        assert!(line_with(&s, "名次").contains("金额(万元)↓"), "{s}");
        assert_eq!(first(&s), largest);
        keys(&mut a, "S");
        let s = screen(&mut a, 140, 40);
        assert!(line_with(&s, "名次").contains("↑"), "{s}");
        assert_ne!(first(&s), largest, "{s}");
        // s: 占部门 (as 金额 with one year), then 项目.
        keys(&mut a, "ss");
        assert!(a.message.contains("按项目排序"), "{}", a.message);
        let s = screen(&mut a, 140, 40);
        assert!(line_with(&s, "名次").contains("项目↓"), "{s}");
    }
}

#[test]
fn the_ranked_projects_share_the_width_between_names_and_units() {
    for (w, h) in SIZES {
        let mut a = app();
        keys(&mut a, "p");
        let s = screen(&mut a, w, h);
        // Whole names where the screen has room; never a unit's column kept
        // wide while a project's name is cut shorter than it.
        let row = line_with(&s, "新引进人才租房补贴");
        assert!(row.contains("69,000.00"), "{row}");
        // The project column is no narrower than the unit column.
        let head = line_with(&s, "名次");
        let (p, u, m) = (
            head.find("项目").unwrap(),
            head.find("单位").unwrap(),
            head.find("金额").unwrap(),
        );
        let (pw, uw) = (
            UnicodeWidthStr::width(&head[p..u]),
            UnicodeWidthStr::width(&head[u..m]),
        );
        assert!(pw >= uw, "项目 {pw} < 单位 {uw}: {head}");
        if w >= 120 {
            assert!(s.contains("深圳市杰出人才选拔培养"), "{s}");
        }
        insta::assert_snapshot!(format!("ranked_{w}x{h}"), s);
    }
}

#[test]
fn x_makes_the_workbook_in_update_and_the_event_loop_writes_it() {
    let mut a = app();
    let dir = tempfile::tempdir().unwrap();
    a.export_dir = dir.path().to_path_buf();
    keys(&mut a, "x");
    assert_eq!(a.writes.len(), 1);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "update wrote nothing"
    );
    assert!(a.run_writes());
    assert!(a.writes.is_empty() && !a.run_writes(), "written once");
    let file = dir.path().join("yusuan-按单位-2020.xlsx");
    assert!(
        a.message.contains("已导出") && a.message.contains("yusuan-按单位-2020.xlsx"),
        "{}",
        a.message
    );
    // A second export does not overwrite the first.
    keys(&mut a, "x");
    a.run_writes();
    assert!(
        dir.path().join("yusuan-按单位-2020-2.xlsx").exists(),
        "{}",
        a.message
    );
    let mut z = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("<outlinePr summaryBelow=\"0\"/>"),
        "totals above their details"
    );
}
