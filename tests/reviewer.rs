//! What a reviewer reads off the explorer in a meeting, on real screens
//! (a test backend at 140×40 and 80×24): the detail's labels, the findings'
//! order, search over every text kept, and the document's projects ranked.

mod common;
use common::{keys, screen};
use yusuan::load;
use yusuan::model::Model;
use yusuan::money::Unit;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;

fn app() -> App {
    let mut a = App::new(Model::new(vec![load::bundled()]), Unit::Wan, false);
    a.update(Action::Resize(140, 40));
    a
}

/// Type a search query into the open search popup and wait for its answer.
fn search(app: &mut App, q: &str) {
    keys(app, "/");
    for c in q.chars() {
        app.update(Action::Input(c));
    }
    // The search runs in line (`App::new(.., false)`): typing answers it.
    app.poll_search();
    let Some(yusuan::tui::app::Popup::Search(s)) = &app.popup else {
        panic!("the search popup is open");
    };
    assert_eq!(s.answered, q, "answered");
}

/// The first line of the screen that holds `text`.
fn line_with<'a>(s: &'a str, text: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line holds {text:?}:\n{s}"))
}

/// The screen's text without spaces and borders: a wrapped line reads on.
fn flat(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '│')
        .collect()
}

/// The detail pane's part of the screen (the right pane when both show).
fn detail_pane(s: &str) -> String {
    s.lines()
        .map(|l| l.rsplit_once("││").map_or(l, |(_, d)| d))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Select the unit tree's line named `name`, focus the detail and scroll
/// it to the line holding `at`.
fn detail_at(a: &mut App, name: &str, at: &str, w: u16, h: u16) -> String {
    let id = a
        .model
        .ids()
        .find(|id| a.model.node(*id).name == name)
        .unwrap();
    a.jump_to(id);
    a.update(Action::Resize(w, h));
    keys(a, "<Tab>");
    let inner = a.areas().detail.width.saturating_sub(2) as usize;
    let text = yusuan::detail::lines(&a.model, &a.findings, None, id, a.unit, inner);
    let line = text.iter().position(|l| l.contains(at)).unwrap();
    for _ in 0..line {
        keys(a, "j");
    }
    screen(a, w, h)
}

mod labels {
    use super::*;

    /// 表3 is 部门支出预算总表 (all funds): a unit's row is its whole
    /// spending, and only a unit with a 专项资金 row is told it is apart.
    #[test]
    fn the_table3_block_names_its_table_and_scope() {
        for (w, h) in [(140, 40), (80, 24)] {
            let mut a = app();
            let s = detail_at(&mut a, "市考试院", "【支出与政府采购", w, h);
            let f = flat(&s);
            assert!(
                f.contains("【支出与政府采购（表3部门支出预算总表，全部资金）】"),
                "{s}"
            );
            assert!(
                f.contains("支出总计10,089·基本支出2,069·项目支出8,020"),
                "{s}"
            );
            assert!(
                !f.contains("财政拨款支出合计") && !f.contains("专项资金行"),
                "{s}"
            );
            insta::assert_snapshot!(format!("table3_exam_{w}x{h}"), s);
            let mut a = app();
            let s = detail_at(&mut a, "市公共就业服务中心", "【支出与政府采购", w, h);
            let f = flat(&s);
            assert!(f.contains("全部资金，不含本单位专项资金行）】"), "{s}");
            assert!(
                f.contains("深圳市公共就业服务中心(专项资金)支出总计2,380"),
                "{s}"
            );
            insta::assert_snapshot!(format!("table3_employment_{w}x{h}"), s);
        }
    }
}

mod findings {
    use super::*;

    /// Figures that disagree first, the largest difference first; a 科目
    /// printed under another 款 apart (位置), with no difference sized like
    /// money; at 80×24 every row still ends with its difference.
    #[test]
    fn numeric_findings_by_size_placement_apart() {
        for (w, h) in [(140, 40), (80, 24)] {
            let mut a = app();
            keys(&mut a, "c");
            let s = screen(&mut a, w, h);
            let rows: Vec<&str> = s
                .lines()
                .filter(|l| l.contains("不一致 ") || l.contains("位置 ") || l.contains("舍入 "))
                .filter(|l| !l.contains("核对："))
                .collect();
            assert!(rows.len() >= 8, "{s}");
            assert!(
                rows[0].contains("当年政府采购") && rows[0].contains("相差 -544"),
                "{s}"
            );
            assert!(rows[1].contains("相差 -0.73"), "{s}");
            let placed = rows.iter().position(|r| r.contains("位置 ")).unwrap();
            assert!(
                rows[placed].contains("2210199") && !rows[placed].contains("相差"),
                "{s}"
            );
            assert!(rows[..placed].iter().all(|r| r.contains("不一致 ")), "{s}");
            assert!(
                rows[placed + 1..].iter().all(|r| r.contains("舍入 ")),
                "{s}"
            );
            for r in rows.iter().filter(|r| !r.contains("位置 ")) {
                assert!(r.contains("相差 "), "the difference cut: {r}\n{s}");
            }
            insta::assert_snapshot!(format!("findings_{w}x{h}"), s);
        }
    }

    /// The placement finding in full says its figures agree.
    #[test]
    fn a_placement_finding_in_full_has_no_difference() {
        let mut a = app();
        keys(&mut a, "c");
        let i = a
            .shown_findings()
            .iter()
            .position(|f| f.rule.is_placement())
            .unwrap();
        for _ in 0..i {
            keys(&mut a, "j");
        }
        let s = screen(&mut a, 80, 24);
        assert!(s.contains("位置问题：所列金额之间没有差额"), "{s}");
        assert!(!s.contains("相差 69000"), "{s}");
    }
}

mod copy {
    use super::*;

    /// What `y` put on the clipboard (the OSC 52 sequence decoded).
    fn copied(a: &App) -> String {
        let osc = a.effects.last().expect("an OSC 52 sequence");
        let b64 = osc
            .trim_start_matches("\u{1b}]52;c;")
            .trim_end_matches("\u{1b}\\")
            .trim_end_matches('\u{7}');
        use base64::Engine as _;
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap(),
        )
        .unwrap()
    }

    /// 人事考试管理 is marked `!`: 表15 states 7,855.5227, 表13 7,855. The
    /// copied line says what the mark means and gives 表13's figure.
    #[test]
    fn a_line_marked_with_a_disagreement_copies_its_meaning_and_the_other_figure() {
        let mut a = app();
        let id = a.model.lookup("市考试院/项目支出/人事考试管理")[0];
        a.jump_to(id);
        let s = screen(&mut a, 140, 40);
        let row = s
            .lines()
            .find(|l| l.starts_with("│›") && l.contains("人事考试管理"))
            .unwrap();
        assert!(row.contains(" !  "), "{s}");
        keys(&mut a, "y");
        let text = copied(&a);
        assert!(text.contains("7,855.5227 万元"), "{text}");
        assert!(text.contains("! 与文中别处所列不一致"), "{text}");
        assert!(
            text.contains("7,855 万元（表13 深圳市考试院 人事考试管理 第850行），相差 -0.5227"),
            "{text}"
        );
    }
}

mod search {
    use super::*;

    /// 技能竞赛 stands in no name, but in five projects' purposes, goals
    /// and indicators: the hits say where, Enter jumps to the first, `;`
    /// and `,` go on to the next and back.
    #[test]
    fn texts_beyond_names_are_found_and_say_where() {
        for (w, h) in [(140, 40), (80, 24)] {
            for q in ["技能竞赛", "jinengjingsai"] {
                let mut a = app();
                search(&mut a, q);
                let s = screen(&mut a, w, h);
                assert!(!s.contains("0 个结果"), "{s}");
                let first = line_with(&s, "›用途");
                assert!(first.contains("职业能力建设管理"), "{s}");
                assert!(s.contains("目标 ") && s.contains("说明 "), "{s}");
                if w == 140 {
                    assert!(first.contains("技能竞赛"), "the words around: {s}");
                }
                if q == "技能竞赛" {
                    insta::assert_snapshot!(format!("search_jinengjingsai_{w}x{h}"), s);
                }
                keys(&mut a, "<Enter>");
                let first = a.selected().unwrap();
                assert_eq!(a.model.node(first).name, "职业能力建设管理");
                let s = screen(&mut a, w, h);
                assert!(
                    s.contains("职业技能竞赛"),
                    "the detail shows the words: {s}"
                );
                keys(&mut a, ";");
                let second = a.selected().unwrap();
                assert_ne!(second, first);
                assert!(a.message.contains("第 2/"), "{}", a.message);
                keys(&mut a, ",");
                assert_eq!(a.selected(), Some(first));
                assert!(a.message.contains("第 1/"), "{}", a.message);
            }
        }
    }

    /// 机关运行经费 is a headline figure of the narrative: it finds the
    /// department, whose detail states it.
    #[test]
    fn the_narratives_named_figures_find_the_department() {
        for (w, h) in [(140, 40), (80, 24)] {
            let mut a = app();
            search(&mut a, "机关运行经费");
            let s = screen(&mut a, w, h);
            let hit = line_with(&s, "›说明");
            assert!(hit.contains("深圳市人力资源和社会保障局"), "{s}");
            assert!(hit.contains("694,773.00"), "{s}");
            insta::assert_snapshot!(format!("search_jiguanyunxingjingfei_{w}x{h}"), s);
            keys(&mut a, "<Enter>");
            let id = a.selected().unwrap();
            assert_eq!(a.model.node(id).name, "深圳市人力资源和社会保障局");
            let s = screen(&mut a, w, h);
            assert!(flat(&s).contains("机关运行经费2,733万元"), "{s}");
        }
    }

    /// Before any search, `;` says what it is for.
    #[test]
    fn next_match_before_a_search_says_how() {
        let mut a = app();
        keys(&mut a, ";");
        assert!(a.message.contains("按 / 搜索"), "{}", a.message);
        keys(&mut a, "?");
        // The help lists it (on a screen tall enough for the whole list).
        let s = screen(&mut a, 140, 90);
        assert!(s.contains("下一个搜索结果"), "{s}");
    }
}

mod projects {
    use super::*;

    /// `p` ranks the document's projects: 财政专项资金（经费） 509,000 first,
    /// its four sub-items under it, marked 子项 — not 高层次人才奖励补贴 as
    /// project 1.
    #[test]
    fn p_ranks_projects_with_their_sub_items_under_them() {
        for (w, h) in [(140, 40), (80, 24)] {
            let mut a = app();
            keys(&mut a, "p");
            let s = screen(&mut a, w, h);
            assert!(s.contains("个子项，列在所属项目之下") || w < 100, "{s}");
            let rows: Vec<&str> = s
                .lines()
                .filter(|l| l.contains("│›") || l.contains("│ "))
                .collect();
            let first = rows.iter().position(|l| l.contains(" 1 ")).expect("rank 1");
            assert!(rows[first].contains("财政专项资金（"), "{s}");
            assert!(rows[first].contains("509,000.00"), "{s}");
            for (k, sub) in [
                "高层次人才奖励补贴",
                "产业发展与创新人才奖",
                "新引进人才租房补贴",
            ]
            .iter()
            .enumerate()
            {
                let row = rows[first + 1 + k];
                assert!(row.contains("子项") && row.contains("└"), "{row}\n{s}");
                assert!(row.contains(&sub[..9]), "{row}\n{s}");
            }
            let second = rows.iter().position(|l| l.contains(" 2 ")).expect("rank 2");
            assert!(second > first + 4, "{s}");
            insta::assert_snapshot!(format!("projects_ranked_{w}x{h}"), s);
        }
    }

    /// A sub-item's detail says its purpose and indicators are its
    /// project's, and shows them, its own first.
    #[test]
    fn a_sub_items_detail_shows_its_projects_purpose_and_indicators() {
        for (w, h) in [(140, 40), (80, 24)] {
            let mut a = app();
            let s = detail_at(&mut a, "新引进人才租房补贴", "【所属项目", w, h);
            let f = flat(&detail_pane(&s));
            assert!(
                f.contains("【所属项目财政专项资金（经费）（509,000万元）"),
                "{s}"
            );
            assert!(f.contains("是整个项目的，文中没有单列本子项的】"), "{s}");
            assert!(f.contains("发放新引进人才租房和生活补贴人数"), "{s}");
            insta::assert_snapshot!(format!("sub_item_detail_{w}x{h}"), s);
        }
    }
}
