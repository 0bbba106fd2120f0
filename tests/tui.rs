//! The explorer driven through its real event handling, and whole screens
//! drawn on a test backend and compared with snapshots.

mod common;
use common::{keys, screen, screen_row, terminal};
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEvent, MouseEventKind,
};
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use ratatui::Terminal;
use unicode_width::UnicodeWidthStr;
use yusuan::load;
use yusuan::model::{Kind, Model, View};
use yusuan::money::Unit;
use yusuan::tui::app::{App, Focus, Popup, Tab};
use yusuan::tui::keymap::Action;
use yusuan::tui::{event_to_action, ui};

fn app() -> App {
    let mut a = App::new(Model::new(vec![load::bundled()]), Unit::Wan, false);
    a.update(Action::Resize(120, 40));
    a
}

/// Feed a key through the real dispatcher.
fn key(app: &mut App, code: KeyCode, mods: KeyModifiers) {
    let ev = Event::Key(KeyEvent::new(code, mods));
    if let Some(a) = event_to_action(&ev, app.context()) {
        app.update(a);
    }
}

/// The first line of the screen that holds `text`.
fn line_with<'a>(s: &'a str, text: &str) -> &'a str {
    s.lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line holds {text:?}:\n{s}"))
}

/// Where on the screen `text` first stands (its line), if anywhere.
fn line_of(s: &str, text: &str) -> Option<usize> {
    s.lines().position(|l| l.contains(text))
}

/// No line of the screen is wider than the terminal.
fn within(s: &str, w: usize) {
    for l in s.lines() {
        assert!(UnicodeWidthStr::width(l) <= w, "wider than {w}: {l}\n{s}");
    }
}

fn selected_path(app: &App) -> String {
    app.model.path(app.selected().unwrap()).join("/")
}

#[test]
fn opens_on_the_department_sorted_by_amount() {
    let mut a = app();
    assert_eq!(selected_path(&a), "深圳市人力资源和社会保障局");
    let s = screen(&mut a, 120, 40);
    let first_unit = s.lines().find(|l| l.contains("▸")).unwrap();
    assert!(
        first_unit.contains("市人事人才公共服务中心") && first_unit.contains("513,873.74"),
        "{s}"
    );
}

#[test]
fn arrows_and_vim_keys_move_expand_and_collapse() {
    let mut a = app();
    keys(&mut a, "jj");
    assert_eq!(selected_path(&a), "深圳市人力资源和社会保障局/市人社局本级");
    keys(&mut a, "l");
    assert!(a.tree().unwrap().expanded.contains(&a.selected().unwrap()));
    keys(&mut a, "l");
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人社局本级/项目支出",
        "Enter on an open node goes in"
    );
    keys(&mut a, "h");
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人社局本级",
        "h on a closed node goes to the parent"
    );
    keys(&mut a, "h");
    assert!(!a.tree().unwrap().expanded.contains(&a.selected().unwrap()));
    keys(&mut a, "G");
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市劳动人事争议仲裁院"
    );
    keys(&mut a, "g");
    assert_eq!(selected_path(&a), "深圳市人力资源和社会保障局");
    key(&mut a, KeyCode::Down, KeyModifiers::NONE);
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人事人才公共服务中心"
    );
}

#[test]
fn only_key_presses_act() {
    let mut a = app();
    let release = Event::Key(KeyEvent {
        code: KeyCode::Char('j'),
        modifiers: KeyModifiers::NONE,
        kind: KeyEventKind::Release,
        state: crossterm::event::KeyEventState::NONE,
    });
    assert_eq!(event_to_action(&release, a.context()), None);
    let repeat = Event::Key(KeyEvent {
        kind: KeyEventKind::Repeat,
        ..KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)
    });
    assert_eq!(event_to_action(&repeat, a.context()), None);
    keys(&mut a, "j");
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人事人才公共服务中心"
    );
}

#[test]
fn sort_keys_cycle_and_reverse() {
    let mut a = app();
    keys(&mut a, "n");
    keys(&mut a, "j");
    // By pinyin: 市公共就业服务中心 (shi gong) comes first.
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/深圳第二高级技工学校"
    );
    keys(&mut a, "ng");
    keys(&mut a, "j");
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人事人才公共服务中心",
        "n again reverses"
    );
    keys(&mut a, "ogj");
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人社局本级",
        "document order"
    );
    keys(&mut a, "s");
    assert_eq!(a.sort.key, yusuan::views::SortKey::Amount);
}

#[test]
fn unit_key_cycles_yuan_wan_yi() {
    let mut a = app();
    keys(&mut a, "u");
    assert_eq!(a.unit, Unit::Yi);
    assert!(screen(&mut a, 120, 40).contains("69.4773"));
    keys(&mut a, "u");
    assert_eq!(a.unit, Unit::Yuan);
    assert!(screen(&mut a, 120, 40).contains("6,947,730,000"));
    keys(&mut a, "u");
    assert_eq!(a.unit, Unit::Wan);
}

#[test]
fn search_jumps_to_the_node_in_its_view() {
    let mut a = app();
    keys(&mut a, "/rcyjjgl");
    let Some(Popup::Search(s)) = &a.popup else {
        panic!("search open")
    };
    assert_eq!(a.model.node(s.hits[0].id).name, "人才引进及管理");
    assert_eq!(s.hits[0].positions, vec![0, 1, 2, 3, 4, 5, 6]);
    keys(&mut a, "<Enter>");
    assert!(a.popup.is_none());
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/市人社局本级/项目支出/人才引进及管理"
    );
    // Its ancestors are open, so the row is on screen.
    let s = screen(&mut a, 120, 40);
    assert!(
        s.lines()
            .any(|l| l.starts_with("│›") && l.contains("人才引进及管理")),
        "{s}"
    );
    // A 科目 code jumps to the function view.
    keys(&mut a, "/2011008<Enter>");
    assert_eq!(a.tab, Tab::Function);
    assert_eq!(&*a.model.node(a.selected().unwrap()).code, "2011008");
    assert_eq!(a.model.node(a.selected().unwrap()).view, View::Function);
}

#[test]
fn typing_chinese_character_by_character_finds_mentions() {
    let mut a = app();
    // Typed one character at a time, as an input method commits them.
    keys(&mut a, "/公务接待");
    let Some(Popup::Search(s)) = &a.popup else {
        panic!()
    };
    // The 三公 items first (each unit's 公务接待费), then the mention.
    let names: Vec<&str> = s
        .hits
        .iter()
        .map(|h| a.model.node(h.id).name.as_str())
        .collect();
    assert_eq!(names[0], "公务接待费", "{names:?}");
    assert!(names.contains(&"严控类项目"), "{names:?}");
    // A mention says which text it stands in, and shows the words.
    let hit = line_with(&screen(&mut a, 120, 40), "用途 严控类项目").to_string();
    assert!(hit.contains("公务接待"), "{hit}");
    // Enter on a 三公 item shows it in the 三公 view, its unit's row lit.
    keys(&mut a, "<Enter>");
    assert_eq!(a.tab, Tab::Sangong);
    assert_eq!(a.sangong.selected.as_deref(), Some("市人社局本级"));
}

#[test]
fn gwjd_finds_the_sangong_items_by_their_initials() {
    let mut a = app();
    keys(&mut a, "/gwjd");
    let Some(Popup::Search(s)) = &a.popup else {
        panic!()
    };
    assert_eq!(a.model.node(s.hits[0].id).name, "公务接待费");
    assert_eq!(a.model.node(s.hits[0].id).view, View::Sangong);
}

#[test]
fn search_escape_returns_to_where_you_were() {
    let mut a = app();
    keys(&mut a, "jj/xietiao");
    let Some(Popup::Search(s)) = &a.popup else {
        panic!()
    };
    assert!(a.model.node(s.hits[0].id).name.contains("协调"));
    keys(&mut a, "<Down><Esc>");
    assert!(a.popup.is_none());
    assert_eq!(selected_path(&a), "深圳市人力资源和社会保障局/市人社局本级");
    assert_eq!(a.tab, Tab::Unit);
}

#[test]
fn search_backspace_widens_again() {
    let mut a = app();
    keys(&mut a, "/rcyjx");
    let n_narrow = match &a.popup {
        Some(Popup::Search(s)) => s.hits.len(),
        _ => panic!(),
    };
    keys(&mut a, "<BS>");
    let Some(Popup::Search(s)) = &a.popup else {
        panic!()
    };
    assert_eq!(s.query, "rcyj");
    assert!(s.hits.len() > n_narrow);
}

#[test]
fn findings_list_jumps_to_a_node() {
    let mut a = app();
    keys(&mut a, "c");
    assert!(matches!(a.popup, Some(Popup::Findings(_))));
    // Move to the first finding about a node and jump.
    let i = a.findings.iter().position(|f| f.node.is_some()).unwrap();
    for _ in 0..i {
        keys(&mut a, "j");
    }
    keys(&mut a, "<Enter>");
    assert!(a.popup.is_none());
    assert_eq!(Some(a.selected().unwrap()), a.findings[i].node);
}

#[test]
fn a_jump_from_a_list_leaves_the_lists_message_behind() {
    let mut a = app();
    keys(&mut a, "cr");
    assert!(a.message.contains("只显示不一致"), "{}", a.message);
    keys(&mut a, "<Enter>");
    assert!(a.popup.is_none());
    assert!(a.message.is_empty(), "{}", a.message);
    let s = screen(&mut a, 120, 40);
    assert!(!s.contains("只显示不一致"), "{s}");
}

#[test]
fn tab_switches_focus_and_views_switch_by_number() {
    let mut a = app();
    keys(&mut a, "<Tab>");
    assert_eq!(a.focus, Focus::Detail);
    keys(&mut a, "jjj");
    assert_eq!(a.detail.scroll, 3);
    keys(&mut a, "<Tab>2");
    assert_eq!(a.tab, Tab::Function);
    keys(&mut a, "3");
    assert_eq!(a.tab, Tab::Sangong);
    keys(&mut a, "4");
    assert_eq!(a.tab, Tab::Money);
    keys(&mut a, "1");
    assert_eq!(a.tab, Tab::Unit);
}

#[test]
fn help_popup_lists_every_binding_and_escape_closes_it_first() {
    let mut a = app();
    keys(&mut a, "?");
    // The help is longer than a screen: read it page by page.
    let mut s = String::new();
    // As wide as the popup: nothing of the screen behind it on its lines.
    for _ in 0..8 {
        s.push_str(&screen(&mut a, 72, 60));
        keys(&mut a, "<PgDn>");
    }
    // Descriptions wrap inside the popup: compare the text without layout.
    let flat = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_whitespace() && !"│┌┐└┘─".contains(*c))
            .collect()
    };
    let text = flat(&s);
    for b in yusuan::tui::keymap::bindings() {
        assert!(
            text.contains(&flat(b.description)),
            "help lacks {:?}",
            b.description
        );
    }
    keys(&mut a, "<Esc>");
    assert!(a.popup.is_none());
    assert!(!a.quit);
    keys(&mut a, "q");
    assert!(a.quit);
}

#[test]
fn mouse_click_selects_and_wheel_scrolls() {
    let mut a = app();
    // Row 3 of the tree pane (inside its border, below the 3 header lines
    // and the row of column headers).
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: 5,
        row: 4 + 1 + 2,
        modifiers: KeyModifiers::NONE,
    });
    a.update(event_to_action(&click, a.context()).unwrap());
    assert_eq!(selected_path(&a), "深圳市人力资源和社会保障局/市人社局本级");
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 6,
        modifiers: KeyModifiers::NONE,
    });
    a.update(event_to_action(&wheel, a.context()).unwrap());
    assert_eq!(
        selected_path(&a),
        "深圳市人力资源和社会保障局/深圳第二高级技工学校"
    );
}

#[test]
fn cjk_rows_keep_every_column_aligned() {
    let mut a = app();
    keys(&mut a, "e");
    let s = screen(&mut a, 120, 40);
    // Every tree row is the same display width and its right border stands in one column.
    for l in s.lines().skip(3).take(35) {
        assert_eq!(UnicodeWidthStr::width(l), 120, "{l}");
    }
    let amount_ends: std::collections::BTreeSet<usize> = s
        .lines()
        .skip(4)
        .take(30)
        .filter(|l| l.contains('%'))
        .map(|l| {
            let head = &l[..l.find('%').unwrap()];
            UnicodeWidthStr::width(head)
        })
        .collect();
    assert_eq!(
        amount_ends.len(),
        1,
        "the share column moves: {amount_ends:?}\n{s}"
    );
}

#[test]
fn truncated_names_end_in_an_ellipsis_and_amounts_are_never_cut() {
    let mut a = app();
    keys(&mut a, "e");
    let s = screen(&mut a, 60, 30);
    assert!(s.contains('…'), "{s}");
    assert!(s.contains("513,873.74"), "{s}");
    for l in s.lines() {
        assert!(UnicodeWidthStr::width(l) <= 60);
    }
}

#[test]
fn every_size_down_to_1x1_draws_without_panic() {
    let mut a = app();
    keys(&mut a, "e/rc");
    for w in 1..=45u16 {
        for h in 1..=16u16 {
            let _ = screen(&mut a, w, h);
        }
    }
    assert_eq!(screen(&mut a, 1, 1), "…\n");
}

#[test]
fn no_color_keeps_the_selection_visible() {
    let mut a = app();
    a.color = false;
    let t = terminal(&mut a, 120, 40);
    let buf = t.backend().buffer();
    // The selected row (the department, first tree line, below the column
    // headers) is reverse video.
    let cell = &buf[(3, 5)];
    assert!(cell.modifier.contains(Modifier::REVERSED));
    assert_eq!(cell.fg, ratatui::style::Color::Reset);
    assert!((0..120).all(|x| buf[(x, 10)].fg == ratatui::style::Color::Reset));
}

#[test]
fn search_highlights_the_matched_chinese_characters() {
    let mut a = app();
    keys(&mut a, "/rencai");
    let t = terminal(&mut a, 120, 40);
    let buf = t.backend().buffer();
    // Find the first result row and read which characters are underlined.
    let mut found = false;
    for y in 0..40 {
        let row = screen_row(buf, y, 120);
        if row.contains('›') && row.contains("人才") {
            let marked: String = (0..120)
                .filter(|x| buf[(*x, y)].modifier.contains(Modifier::UNDERLINED))
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect();
            assert_eq!(marked, "人才", "{row}");
            found = true;
            break;
        }
    }
    assert!(found);
}

#[test]
fn resize_redraws_at_once() {
    let mut a = app();
    let wide = screen(&mut a, 120, 40);
    let narrow = screen(&mut a, 40, 15);
    assert_ne!(wide, narrow);
    assert!(narrow.lines().count() == 15);
    keys(&mut a, "<Tab>");
    let detail = screen(&mut a, 40, 15);
    assert!(
        detail.contains("详情"),
        "narrow layout shows the focused pane: {detail}"
    );
}

#[test]
fn every_project_is_reachable_by_search() {
    let model = Model::new(vec![load::bundled()]);
    let mut index = yusuan::search::Index::new(&model);
    for id in model
        .ids()
        .filter(|id| model.node(*id).kind == Kind::Project)
    {
        let name = model.node(id).name.clone();
        let hits = index.search(&name, 50);
        assert!(hits.iter().any(|h| h.id == id), "{name}");
    }
}

mod snapshots {
    use super::*;

    /// The findings popup: the count of each kind in its title, and every
    /// real disagreement of figures listed first, then where lines are
    /// printed (位置), then the rounding differences.
    pub(super) fn findings_listed(s: &str) {
        assert!(
            s.contains("核对：147 条（不一致 5，位置 1，舍入 141）"),
            "{s}"
        );
        let kinds: Vec<u8> = s
            .lines()
            .filter_map(|l| {
                let l = l.trim_start_matches(['│', ' ', '┌', '深', '›']);
                let l = l.trim_start_matches(['│', ' ', '›']);
                if l.starts_with("不一致") {
                    Some(0)
                } else if l.starts_with("位置") {
                    Some(1)
                } else if l.starts_with("舍入") {
                    Some(2)
                } else {
                    None
                }
            })
            .collect();
        assert!(
            kinds.contains(&0) && kinds.contains(&1) && kinds.contains(&2),
            "{s}"
        );
        assert!(kinds.windows(2).all(|k| k[0] <= k[1]), "out of order:\n{s}");
    }

    #[test]
    fn unit_view_120x40() {
        let mut a = app();
        keys(&mut a, "jjl");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // The unit selected and open: its figures, its place, its detail,
        // and its categories below it.
        let row = line_with(&s, "▾ 市人社局本级");
        assert!(row.starts_with("│›"), "{row}");
        assert!(
            row.contains("110,634.81") && row.contains("15.92%"),
            "{row}"
        );
        assert_eq!(
            s.lines().nth(2).unwrap().trim(),
            "深圳市人力资源和社会保障局 › 市人社局本级"
        );
        // The detail pane (right of the tree's) is the unit's.
        assert!(line_with(&s, "市人社局本级（单位）").contains("││"), "{s}");
        assert!(
            line_of(&s, "项目支出") > line_of(&s, "▾ 市人社局本级"),
            "{s}"
        );
        insta::assert_snapshot!(s);
    }

    #[test]
    fn function_view_120x40() {
        let mut a = app();
        keys(&mut a, "2e");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // The 科目 tree, all open: 类, 款 and 项 by code, with the basic and
        // project columns of 表7.
        assert!(line_with(&s, "┌ 按科目").contains("表7"), "{s}");
        assert!(line_with(&s, "名称").contains("基本") && line_with(&s, "名称").contains("项目"));
        let class = line_with(&s, "201 一般公共服务支出");
        assert!(
            class.contains("318,532.00") && class.contains("313,529.00"),
            "{class}"
        );
        assert!(
            line_of(&s, "2011008") > line_of(&s, "20110 人力资源事务"),
            "{s}"
        );
        insta::assert_snapshot!(s);
    }

    #[test]
    fn sangong_view_120x40() {
        let mut a = app();
        keys(&mut a, "3");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // Both years, the department first, then a row per unit.
        assert!(s.contains("2019年 → 2020年"), "{s}");
        let dept = line_with(&s, "部门合计");
        for figure in ["112.00", "107.00", "▼ -5.00", "-4.46%"] {
            assert!(dept.contains(figure), "{figure}: {dept}");
        }
        assert!(line_of(&s, "部门合计") < line_of(&s, "市人社局本级"), "{s}");
        for u in &load::bundled().units {
            let start: String = u.name.chars().take(6).collect();
            assert!(s.contains(&format!("│{start}")), "{} missing:\n{s}", u.name);
        }
        insta::assert_snapshot!(s);
    }

    #[test]
    fn money_view_120x40() {
        let mut a = app();
        keys(&mut a, "4e");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // Income by source, all open, and 表6 in the department's detail.
        assert!(line_with(&s, "▾ 收入").contains("694,773.00"), "{s}");
        assert!(line_with(&s, "▾ 财政拨款").contains("686,630.00"), "{s}");
        assert!(
            line_of(&s, "财政专项资金拨款") > line_of(&s, "一般公共预算拨款"),
            "{s}"
        );
        assert!(s.contains("【财政拨款收入（表6 财政拨款收支"), "{s}");
        insta::assert_snapshot!(s);
    }

    #[test]
    fn project_detail_cjk_heavy_120x40() {
        let mut a = app();
        keys(&mut a, "/rencaiyinjin<Enter>");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // Search landed on the project: its path, its detail, its amount with
        // the figure as the text states it.
        assert!(
            s.lines()
                .nth(2)
                .unwrap()
                .trim_end()
                .ends_with("› 人才引进及管理"),
            "{s}"
        );
        assert!(s.contains("人才引进及管理（项目）"), "{s}");
        assert!(s.contains("1,493.74 万元（文中 1,494 万元）"), "{s}");
        insta::assert_snapshot!(s);
    }

    #[test]
    fn help_popup_120x40() {
        let mut a = app();
        keys(&mut a, "?");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // The popup over the explorer, with how to close it and the keys.
        assert!(s.contains("帮助（Esc 关闭）"), "{s}");
        assert!(line_with(&s, "上移").contains('k') && line_with(&s, "下移").contains('j'));
        assert!(line_with(&s, "展开 / 进入").contains("Enter"), "{s}");
        insta::assert_snapshot!(s);
    }

    #[test]
    fn search_popup_120x40() {
        let mut a = app();
        keys(&mut a, "/rcyj");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        // The query, the count, and the best hit first, selected, with its
        // place and amount.
        assert!(s.contains("> rcyj"), "{s}");
        assert!(s.contains("4 个结果"), "{s}");
        // Each hit says where it matched: 名称.
        let first = line_with(&s, "›名称 人才引进及管理");
        assert!(
            first.contains("市人社局本级 › 项目支出") && first.contains("1,493.74"),
            "{first}"
        );
        assert!(
            line_of(&s, "›名称 人才引进及管理") < line_of(&s, " 名称 人才引进及管理 "),
            "{s}"
        );
        insta::assert_snapshot!(s);
    }

    #[test]
    fn findings_popup_120x40() {
        let mut a = app();
        keys(&mut a, "cj");
        let s = screen(&mut a, 120, 40);
        within(&s, 120);
        findings_listed(&s);
        // `j` moved to the second finding; each row ends with its difference.
        assert!(
            line_with(&s, "│›不一致").contains("与下级之和")
                && line_with(&s, "│›不一致").contains("相差 -0.73│"),
            "{s}"
        );
        assert!(!line_with(&s, "│ 位置").contains("相差"), "{s}");
        insta::assert_snapshot!(s);
    }

    #[test]
    fn narrow_40x15() {
        let mut a = app();
        keys(&mut a, "jjl");
        let s = screen(&mut a, 40, 15);
        within(&s, 40);
        // Names are cut to fit, with an ellipsis; amounts never are; the
        // selection is still shown.
        assert!(line_with(&s, "深圳市人力资源和社会").contains("…"), "{s}");
        for amount in ["694,773.00", "513,873.74", "110,634.81", "1,492.00"] {
            assert!(s.contains(amount), "{amount} cut:\n{s}");
        }
        assert!(line_with(&s, "市人社局本级 ").starts_with("│›"), "{s}");
        insta::assert_snapshot!(s);
    }

    #[test]
    fn tiny_1x1() {
        let mut a = app();
        let s = screen(&mut a, 1, 1);
        // One cell: an ellipsis says there is more, nothing overflows.
        assert_eq!(s, "…\n");
        insta::assert_snapshot!(s);
    }

    #[test]
    fn too_small_20x6() {
        let mut a = app();
        let s = screen(&mut a, 20, 6);
        within(&s, 20);
        // Too small to explore: says so, with the size it has and needs.
        let flat: String = s.split_whitespace().collect();
        assert!(
            flat.contains("终端太小20×6") && flat.contains("至少24×8"),
            "{s}"
        );
        insta::assert_snapshot!(s);
    }
}

#[path = "data/prior_year.rs"]
mod prior_year;

/// The explorer on the test "2019", the bundled 2020 and, with `three`, a
/// test "2018" (the "2019" with its talent project at 1,000).
fn compare_app(three: bool) -> App {
    let mut ds = vec![prior_year::hrss_2019(), load::bundled()];
    if three {
        let mut y2018 = prior_year::hrss_2019();
        y2018.year = 2018;
        ds.push(y2018);
    }
    let mut a = App::new(Model::new(ds), Unit::Wan, false);
    a.update(Action::Resize(120, 40));
    a
}

mod compare {
    use super::*;

    #[test]
    fn two_years_show_both_amounts_the_change_and_the_status() {
        let mut a = compare_app(false);
        // Into 市人社局本级 › 项目支出.
        keys(&mut a, "jjl");
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("对比 2019年 → 2020年"), "{s}");
        let head = s.lines().nth(4).unwrap();
        for h in ["名称", "2019年", "2020年", "增减", "增减%", "状态"] {
            assert!(head.contains(h), "{head}");
        }
        let dept = s.lines().nth(5).unwrap();
        assert!(
            dept.contains("767,098") && dept.contains("694,773") && dept.contains("▼ -72,325"),
            "{dept}"
        );
        insta::assert_snapshot!(s);
        // Open 项目支出.
        keys(&mut a, "jl");
        let s = screen(&mut a, 120, 40);
        for want in ["新增", "取消", "更名", "▲ +293.24", "24.43%"] {
            assert!(s.contains(want), "{want}\n{s}");
        }
    }

    #[test]
    fn sorting_by_change_puts_the_largest_change_first() {
        let mut a = compare_app(false);
        let projects = a
            .model
            .lookup("市人社局本级/项目支出")
            .into_iter()
            .find(|id| a.model.year_of(*id) == Some(1))
            .unwrap();
        a.jump_to(projects);
        keys(&mut a, "dl");
        assert_eq!(a.sort.key, yusuan::views::SortKey::Change);
        let rows: Vec<String> = a
            .rows()
            .iter()
            .map(|r| a.model.node(r.id).name.clone())
            .collect();
        let at = rows.iter().position(|n| n == "项目支出").unwrap();
        // 项目支出's children, largest change first: the new 预算准备金 (+950),
        // then 人才引进及管理 (+293.24).
        let rows: Vec<String> = a
            .rows()
            .iter()
            .map(|r| a.model.node(r.id).name.clone())
            .collect();
        assert_eq!(rows[at + 1], "预算准备金", "{rows:?}");
        assert_eq!(rows[at + 2], "人才引进及管理", "{rows:?}");
    }

    #[test]
    fn the_tree_shows_before_the_checks_and_the_pairing_and_compares_once_they_come() {
        // As the explorer starts: the model only; the checks and the pairing
        // of years on a thread of their own.
        let ds = vec![prior_year::hrss_2019(), load::bundled()];
        let p =
            yusuan::tui::app::Prepared::deferred(Model::new(ds), yusuan::compare::Mapping::none());
        let mut a = App::from_prepared(p, Unit::Wan, false);
        a.update(Action::Resize(120, 40));
        assert!(a.preparing());
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("核对与跨年比较中…"), "{s}");
        // The later year's department, its amount alone until the pairing comes.
        let dept = s.lines().nth(5).unwrap();
        assert!(
            dept.contains("694,773") && !dept.contains("767,098"),
            "{dept}"
        );
        keys(&mut a, "c");
        assert!(
            a.popup.is_none() && a.message.contains("核对中"),
            "{}",
            a.message
        );
        let deadline = std::time::Instant::now() + std::time::Duration::from_mins(1);
        while !a.poll_later() {
            assert!(std::time::Instant::now() < deadline, "checks never came");
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(!a.preparing() && !a.findings.is_empty());
        a.message.clear();
        let s = screen(&mut a, 120, 40);
        assert!(!s.contains("核对与跨年比较中"), "{s}");
        let dept = s.lines().nth(5).unwrap();
        assert!(
            dept.contains("767,098") && dept.contains("694,773") && dept.contains("▼ -72,325"),
            "{dept}"
        );
        keys(&mut a, "c");
        assert!(matches!(a.popup, Some(Popup::Findings(_))));
    }

    #[test]
    fn brackets_choose_the_years_compared_and_the_header_says_which() {
        let mut a = compare_app(true);
        assert_eq!(a.compare, [1, 2]);
        keys(&mut a, "[");
        assert_eq!(a.compare, [0, 2]);
        assert!(screen(&mut a, 120, 40).contains("对比 2018年 → 2020年"));
        keys(&mut a, "]");
        assert_eq!(
            a.compare,
            [0, 1],
            "past the last year, `]` wraps to the year after `from`"
        );
        assert!(screen(&mut a, 120, 40).contains("对比 2018年 → 2019年"));
    }

    #[test]
    fn jumping_to_a_line_of_a_year_not_compared_brings_the_comparison_to_it() {
        // 2018 has a project no other year has; 2019 → 2020 is compared.
        let mut y2018 = prior_year::hrss_2019();
        y2018.year = 2018;
        let unit = y2018
            .units
            .iter_mut()
            .find(|u| u.name == "市人社局本级")
            .unwrap();
        let projects = unit
            .categories
            .iter_mut()
            .find(|c| c.name == "项目支出")
            .unwrap();
        projects.children[0].name = "历史遗留清理专项".into();
        let ds = vec![prior_year::hrss_2019(), load::bundled(), y2018];
        let mut a = App::new(Model::new(ds), Unit::Wan, false);
        a.update(Action::Resize(120, 40));
        assert_eq!(a.compare, [1, 2]);
        let id = a.model.lookup("市人社局本级/项目支出/历史遗留清理专项")[0];
        a.jump_to(id);
        assert_eq!(a.compare, [0, 1], "{}", a.message);
        assert_eq!(a.selected(), Some(id));
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("对比 2018年 → 2019年"), "{s}");
        assert!(s.contains("对比改为 2018年 → 2019年"), "{s}");
    }

    #[test]
    fn the_detail_shows_every_year_and_why_a_rename_was_paired() {
        let mut a = compare_app(false);
        let id = a
            .model
            .lookup("市人社局本级/项目支出/信息化建设与运行")
            .into_iter()
            .find(|id| a.model.year_of(*id) == Some(1))
            .unwrap();
        a.jump_to(id);
        keys(&mut a, "<Tab>");
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("2019年名为“信息化建设与运维”"), "{s}");
        assert!(s.contains("相似度 87%"), "{s}");
        assert!(s.contains("【各年】"), "{s}");
    }

    #[test]
    fn search_finds_a_line_of_any_year_and_lands_in_the_comparison() {
        let mut a = compare_app(false);
        keys(&mut a, "/xinxihuajianshe");
        let hits: Vec<(String, Option<usize>)> = match &a.popup {
            Some(Popup::Search(s)) => s
                .hits
                .iter()
                .map(|h| (a.model.node(h.id).name.clone(), a.model.year_of(h.id)))
                .collect(),
            _ => panic!("search is open"),
        };
        assert!(
            hits.contains(&("信息化建设与运维".into(), Some(0))),
            "{hits:?}"
        );
        // Choose the 2019 name: the comparison shows its line, by its 2020 node.
        let i = hits.iter().position(|h| h.0 == "信息化建设与运维").unwrap();
        for _ in 0..i {
            keys(&mut a, "<Down>");
        }
        keys(&mut a, "<Enter>");
        let sel = a.selected().unwrap();
        assert_eq!(a.model.node(sel).name, "信息化建设与运行");
        assert_eq!(a.model.year_of(sel), Some(1));
    }
}

mod meeting {
    use super::*;
    use yusuan::notes::Notes;

    fn key_ctrl(a: &mut App, c: char) {
        key(a, KeyCode::Char(c), KeyModifiers::CONTROL);
    }

    fn talent(a: &App) -> yusuan::model::NodeId {
        a.model.lookup("市人社局本级/项目支出/人才引进及管理")[0]
    }

    #[test]
    fn marking_shows_a_star_and_the_marks_list_jumps() {
        let mut a = app();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.ron");
        a.set_notes(Notes::open(&file).0);
        keys(&mut a, "jjm");
        assert!(a.is_marked(a.selected().unwrap()));
        let s = screen(&mut a, 120, 40);
        let row = s
            .lines()
            .find(|l| l.contains("市人社局本级") && l.contains('*'))
            .unwrap_or_default();
        assert!(!row.is_empty(), "a marked row shows *:\n{s}");
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("市人社局本级"),
            "written at once"
        );
        // The marks list: Enter jumps back to it from elsewhere.
        keys(&mut a, "g'");
        assert!(matches!(a.popup, Some(Popup::Marks(_))));
        assert!(screen(&mut a, 120, 40).contains("标记与备注：1 条"));
        keys(&mut a, "<Enter>");
        assert_eq!(selected_path(&a), "深圳市人力资源和社会保障局/市人社局本级");
        // x deletes it.
        keys(&mut a, "'x");
        assert!(!a.is_marked(a.selected().unwrap()));
        assert!(Notes::open(&file).0.all().is_empty());
    }

    #[test]
    fn the_note_editor_takes_chinese_deletes_whole_characters_and_cancels() {
        let mut a = app();
        a.jump_to(talent(&a));
        keys(&mut a, "N");
        assert_eq!(a.context(), yusuan::tui::keymap::Context::Editor);
        // Typed as an input method commits: character by character.
        keys(&mut a, "为何增加人才");
        keys(&mut a, "<BS>");
        key(&mut a, KeyCode::Enter, KeyModifiers::NONE);
        keys(&mut a, "q2");
        let Some(Popup::Note(e)) = &a.popup else {
            panic!()
        };
        assert_eq!(e.text.iter().collect::<String>(), "为何增加人\nq2");
        insta::assert_snapshot!(screen(&mut a, 100, 30));
        // Esc: nothing saved, nothing marked.
        keys(&mut a, "<Esc>");
        assert!(a.popup.is_none());
        assert!(!a.is_marked(talent(&a)));
        // Ctrl-S saves: the line is marked with its note.
        keys(&mut a, "N问：比上年增加的原因？");
        key_ctrl(&mut a, 's');
        assert!(a.is_marked(talent(&a)));
        let key = yusuan::notes::key_of(&a.model, talent(&a)).unwrap();
        assert_eq!(a.notes.get(&key).unwrap().text, "问：比上年增加的原因？");
        // Saving an empty note unmarks.
        keys(&mut a, "N");
        for _ in 0..12 {
            keys(&mut a, "<BS>");
        }
        key_ctrl(&mut a, 's');
        assert!(!a.is_marked(talent(&a)));
    }

    #[test]
    fn filters_keep_matches_and_their_ancestors_and_esc_clears() {
        let mut a = app();
        // 有不一致的行.
        keys(&mut a, "f<Enter>");
        assert!(a.filter.is_some());
        keys(&mut a, "e");
        let names: Vec<String> = a
            .rows()
            .iter()
            .map(|r| a.model.node(r.id).name.clone())
            .collect();
        assert!(names.contains(&"人事考试管理".to_string()), "{names:?}");
        assert!(
            names.contains(&"市考试院".to_string()),
            "its ancestors stay: {names:?}"
        );
        assert!(!names.contains(&"人员支出".to_string()), "{names:?}");
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("筛选：有不一致"), "{s}");
        let filtered = a.rows().len();
        keys(&mut a, "<Esc>");
        assert!(a.filter.is_none());
        assert!(a.rows().len() > filtered, "every line is back");
        // 金额 ≥ 50000 万元.
        keys(&mut a, "f<Down><Down><Down><Down>50000<Enter>");
        let names: Vec<String> = a
            .rows()
            .iter()
            .map(|r| a.model.node(r.id).name.clone())
            .collect();
        assert!(
            names.iter().all(|n| a
                .model
                .lookup(n)
                .iter()
                .any(|id| a.model.node(*id).amount >= "50000".parse().unwrap())),
            "{names:?}"
        );
        assert!(names.contains(&"市人事人才公共服务中心".to_string()));
    }

    #[test]
    fn copying_writes_osc52_with_the_line_and_no_control_characters() {
        let mut a = app();
        a.jump_to(talent(&a));
        keys(&mut a, "y");
        let osc = a.effects.last().expect("an OSC 52 sequence").clone();
        assert!(osc.starts_with("\u{1b}]52;c;"), "{osc:?}");
        let b64 = osc
            .trim_start_matches("\u{1b}]52;c;")
            .trim_end_matches("\u{1b}\\")
            .trim_end_matches('\u{7}');
        use base64::Engine as _;
        let text = String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap(),
        )
        .unwrap();
        assert!(text.starts_with("深圳市人力资源和社会保障局 › 市人社局本级 › 项目支出 › 人才引进及管理 · 1,493.74 万元"), "{text}");
        assert!(
            text.contains("占单位 1.35%")
                && text.contains("占部门 0.21%")
                && text.contains("来源：表15"),
            "{text}"
        );
        assert!(!text.chars().any(yusuan::text::is_unsafe));
        assert!(a.message.contains("已复制"), "{}", a.message);
        keys(&mut a, "Y");
        let osc = a.effects.last().unwrap();
        assert!(osc.len() > 1000, "the whole detail pane");
    }
}

mod notes_kept {
    use super::*;
    use yusuan::notes::Notes;

    fn talent(a: &App) -> yusuan::model::NodeId {
        a.model.lookup("市人社局本级/项目支出/人才引进及管理")[0]
    }

    #[test]
    fn marking_the_department_row_then_listing_marks_does_not_panic() {
        let mut a = app();
        let dir = tempfile::tempdir().unwrap();
        a.set_notes(Notes::open(&dir.path().join("notes.ron")).0);
        // The top row is the department's.
        keys(&mut a, "gm'");
        assert!(matches!(a.popup, Some(Popup::Marks(_))));
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("标记与备注：1 条"), "{s}");
        assert!(s.contains("深圳市人力资源和社会保障局"), "{s}");
    }

    #[test]
    fn a_notes_file_with_an_empty_path_lists_without_a_panic() {
        let mut a = app();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.ron");
        std::fs::write(
            &file,
            "(format: 1, notes: [(key: (department: \"深圳市人力资源和社会保障局\", year: 2020, view: \"unit\", path: []), text: \"无路径的备注\")])",
        )
        .unwrap();
        let (n, msg) = Notes::open(&file);
        assert!(msg.is_none(), "{msg:?}");
        a.set_notes(n);
        keys(&mut a, "'");
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains("原行已不存在") && s.contains("无路径的备注"),
            "{s}"
        );
    }

    #[test]
    fn marking_never_waits_for_the_disk() {
        let mut a = app();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.ron");
        let (mut n, _) = Notes::open(&file);
        n.save_in_background();
        a.set_notes(n);
        // Another explorer is saving (it holds the notes' lock): marking
        // shows at once all the same, and is saved when the lock is free.
        let lock = std::fs::File::create(dir.path().join("notes.ron.lock")).unwrap();
        lock.lock().unwrap();
        a.jump_to(talent(&a));
        let t = std::time::Instant::now();
        keys(&mut a, "m");
        assert!(t.elapsed() < std::time::Duration::from_millis(500));
        assert!(a.is_marked(talent(&a)));
        assert!(a.notes.saving());
        assert!(!file.exists(), "not yet written: the lock is held");
        lock.unlock().unwrap();
        a.notes.flush(std::time::Duration::from_secs(20)).unwrap();
        assert!(std::fs::read_to_string(&file)
            .unwrap()
            .contains("人才引进及管理"));
        assert!(a.is_marked(talent(&a)));
    }

    #[test]
    fn a_note_being_typed_when_the_explorer_ends_is_kept_as_a_draft() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.ron");
        let mut a = app();
        a.set_notes(Notes::open(&file).0);
        a.jump_to(talent(&a));
        keys(&mut a, "N为何增加");
        // Ctrl-C (or a signal) ends the explorer with the editor open.
        key(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert!(a.quit);
        a.keep_draft();
        // Not a mark; brought back by N on its line.
        let mut b = app();
        b.set_notes(Notes::open(&file).0);
        assert!(b.message.contains("1 条未保存的备注草稿"), "{}", b.message);
        assert!(!b.is_marked(talent(&b)));
        b.jump_to(talent(&b));
        keys(&mut b, "N");
        let Some(Popup::Note(e)) = &b.popup else {
            panic!("the editor")
        };
        assert_eq!(e.text.iter().collect::<String>(), "为何增加");
        assert!(b.message.contains("已恢复"), "{}", b.message);
        // Saved: a note, and the draft is gone.
        keys(&mut b, "？");
        key(&mut b, KeyCode::Char('s'), KeyModifiers::CONTROL);
        let (n, _) = Notes::open(&file);
        let k = yusuan::notes::key_of(&b.model, talent(&b)).unwrap();
        assert_eq!(n.get(&k).unwrap().text, "为何增加？");
        assert!(n.draft(&k).is_none());
    }
}

mod clipboard {
    use super::*;

    #[test]
    fn a_copy_too_large_for_the_terminal_says_so_and_sends_nothing() {
        let text = load::BUNDLED.replacen(
            "主要用于：组织实施专业技术人员管理政策",
            &"主要用于：组织实施专业技术人员管理政策".repeat(20_000),
            1,
        );
        let d = load::parse_ron(&text, "big.ron").unwrap();
        let mut a = App::new(Model::new(vec![d]), Unit::Wan, false);
        a.update(Action::Resize(120, 40));
        let id = a.model.lookup("市人社局本级/项目支出/人才引进及管理")[0];
        a.jump_to(id);
        keys(&mut a, "Y");
        assert!(a.effects.is_empty(), "nothing sent");
        assert!(
            a.message.contains("太长") && a.message.contains("未复制"),
            "{}",
            a.message
        );
        assert!(!a.message.contains("已复制"));
        // The line alone fits, and is copied.
        keys(&mut a, "y");
        assert_eq!(a.effects.len(), 1);
        assert!(a.message.contains("已复制"), "{}", a.message);
    }
}

mod escapes {
    use super::*;

    /// A dataset whose names carry escape sequences and a bidi override.
    fn hostile() -> App {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/hostile/names-with-escape-sequences.ron"
        ))
        .unwrap();
        let d = load::parse_ron(&text, "hostile.ron").unwrap();
        let mut a = App::new(Model::new(vec![d]), Unit::Wan, false);
        a.update(Action::Resize(120, 40));
        a
    }

    #[test]
    fn the_explorer_shows_the_same_visible_escapes_as_the_cli() {
        let mut a = hostile();
        let id = a.model.lookup("本级/项目支出")[0];
        a.jump_to(id);
        keys(&mut a, "lj");
        // The tree, the breadcrumb and the detail pane.
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("甲\\u{1b}]0;pwned\\u{7}项目"), "{s}");
        assert!(s.contains("乙\\u{202e}目项"), "{s}");
        assert!(!s.contains('\u{1b}') && !s.contains('\u{202e}'));
        // The CLI writes the same.
        let cli = yusuan::text::sanitize("甲\u{1b}]0;pwned\u{7}项目").into_owned();
        assert!(s.contains(&cli));
        // The search popup, highlighting included.
        keys(&mut a, "/jia");
        a.poll_search();
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("甲\\u{1b}]0;pwned\\u{7}项目"), "{s}");
        // The marks list.
        keys(&mut a, "<Esc>m'");
        let s = screen(&mut a, 120, 40);
        assert!(s.contains("\\u{1b}]0;pwned"), "{s}");
    }
}

mod readable {
    use super::*;

    fn occupational(a: &App) -> yusuan::model::NodeId {
        a.model.lookup("市人社局本级/项目支出/职业能力建设管理")[0]
    }

    #[test]
    fn paging_the_detail_moves_by_its_height_and_g_shows_the_last_page_full() {
        let mut a = app();
        a.jump_to(occupational(&a));
        a.update(Action::Resize(80, 24));
        keys(&mut a, "<Tab>");
        assert_eq!(a.focus, Focus::Detail);
        // 80×24: the detail pane alone, 24 − 4 − 2 = 18 lines inside its border.
        keys(&mut a, "<PgDn>");
        assert_eq!(a.detail.scroll, 18);
        key(&mut a, KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(a.detail.scroll, 27);
        keys(&mut a, "G");
        // The last page is full: its last line is the detail's last line.
        let last_scroll = a.detail.scroll;
        let s = screen(&mut a, 80, 24);
        let text = a.detail_text(occupational(&a));
        let last_line = text.lines().last().unwrap().trim_end().to_string();
        let pane_last = s
            .lines()
            .nth(4 + 17)
            .unwrap()
            .trim_matches(|c: char| c == '│' || c.is_whitespace())
            .to_string();
        assert!(last_scroll > 18, "{last_scroll}");
        assert!(
            !pane_last.is_empty() && last_line.ends_with(&pane_last)
                || pane_last.ends_with(&last_line),
            "{pane_last:?} / {last_line:?}\n{s}"
        );
        keys(&mut a, "<PgDn>");
        assert_eq!(a.detail.scroll, last_scroll, "G is already the last page");
        keys(&mut a, "g");
        assert_eq!(a.detail.scroll, 0);
    }

    #[test]
    fn hints_follow_the_focus_and_markers_are_explained() {
        let mut a = app();
        let tree = screen(&mut a, 120, 40);
        let status = tree.lines().last().unwrap().to_string();
        assert!(
            status.contains("展开") && status.contains("! 数字不一致"),
            "{status}"
        );
        keys(&mut a, "<Tab>");
        let s = screen(&mut a, 120, 40);
        let status = s.lines().last().unwrap();
        assert!(
            status.contains("详情：↑↓ PgUp PgDn") && !status.contains("展开"),
            "{status}"
        );
    }

    #[test]
    fn u_and_shift_u_cycle_the_unit_both_ways_and_unbound_keys_say_so() {
        let mut a = app();
        keys(&mut a, "u");
        assert_eq!(a.unit, Unit::Yi);
        keys(&mut a, "U");
        assert_eq!(a.unit, Unit::Wan);
        keys(&mut a, "U");
        assert_eq!(a.unit, Unit::Yuan);
        keys(&mut a, "z");
        assert_eq!(a.message, "z 未绑定 · ? 帮助");
        assert!(screen(&mut a, 120, 40)
            .lines()
            .last()
            .unwrap()
            .contains("z 未绑定"));
    }

    #[test]
    fn p_ranks_every_project_and_enter_jumps() {
        let mut a = app();
        keys(&mut a, "p");
        let Some(Popup::Ranked(r)) = &a.popup else {
            panic!("ranked list")
        };
        let first = a.model.node(r.items[0]).name.clone();
        // The projects largest first, each sub-item under its project.
        let amounts: Vec<rust_decimal::Decimal> = r
            .items
            .iter()
            .filter(|i| a.model.node(**i).kind == Kind::Project)
            .map(|i| a.model.node(*i).amount)
            .collect();
        assert!(amounts.windows(2).all(|w| w[0] >= w[1]), "largest first");
        for (k, i) in r.items.iter().enumerate() {
            if a.model.node(*i).kind == Kind::Item {
                let parent = a.model.node(*i).parent.unwrap();
                assert!(r.items[..k].contains(&parent), "under its project");
            }
        }
        let s = screen(&mut a, 120, 40);
        assert!(
            s.contains("深圳市人力资源和社会保障局 的") && s.contains("按金额排名"),
            "{s}"
        );
        let row = s.lines().find(|l| l.contains(" 1 ")).unwrap();
        assert!(row.contains(&first), "{row}");
        keys(&mut a, "<Enter>");
        assert_eq!(a.model.node(a.selected().unwrap()).name, first);
        // On a unit: only its projects.
        a.jump_to(a.model.lookup("市考试院")[0]);
        keys(&mut a, "p");
        let Some(Popup::Ranked(r)) = &a.popup else {
            panic!()
        };
        assert!(r.items.iter().all(|i| a.model.path(*i)[1] == "市考试院"));
        assert_eq!(a.model.node(r.items[0]).name, "人事考试管理");
    }

    #[test]
    fn findings_put_the_largest_difference_first_placement_apart_and_r_hides_rounding() {
        let mut a = app();
        keys(&mut a, "c");
        let shown: Vec<String> = a
            .shown_findings()
            .iter()
            .map(|f| f.message.clone())
            .collect();
        // The figures that disagree, the largest difference first; the
        // 科目 printed under another 款 after them, its 69,000 no difference.
        assert!(shown[0].contains("当年政府采购"), "{}", shown[0]);
        assert!(
            shown[1].contains("694773.73"),
            "the 0.73 next: {}",
            shown[1]
        );
        assert!(
            shown[5].contains("住房改革支出") && shown[5].contains("印在"),
            "{}",
            shown[5]
        );
        keys(&mut a, "r");
        assert_eq!(a.shown_findings().len(), 6, "the real disagreements only");
        assert!(screen(&mut a, 120, 40).contains("已隐藏"));
        // A finding about no single line jumps to the nearest: part 4 → 政府采购.
        keys(&mut a, "<Enter>");
        assert_eq!(a.tab, Tab::Money);
        assert_eq!(a.model.node(a.selected().unwrap()).name, "政府采购");
    }
}

/// The screens a first-time reviewer read, at the sizes they used.
mod sizes {
    use super::*;

    fn occupational(a: &mut App) {
        let id = a.model.lookup("市人社局本级/项目支出/职业能力建设管理")[0];
        a.jump_to(id);
    }

    #[test]
    fn tree_with_its_header_at_140_120_80_60() {
        for (w, h) in [(140, 40), (120, 40), (80, 24), (60, 20)] {
            let mut a = app();
            let s = screen(&mut a, w, h);
            assert!(s.lines().nth(4).unwrap().contains("名称"), "{w}×{h}:\n{s}");
            insta::assert_snapshot!(format!("tree_{w}x{h}"), s);
        }
    }

    #[test]
    fn indicator_names_in_full_in_the_detail_at_every_size() {
        for (w, h) in [(140, 40), (120, 40), (80, 24), (60, 20)] {
            let mut a = app();
            occupational(&mut a);
            keys(&mut a, "<Tab>");
            // Down to the 表15 table, as wrapped at this pane's width.
            a.update(Action::Resize(w, h));
            let inner = a.areas().detail.width.saturating_sub(2) as usize;
            let text = yusuan::detail::lines(
                &a.model,
                &a.findings,
                None,
                a.selected().unwrap(),
                a.unit,
                inner,
            )
            .join("\n");
            let at = text
                .lines()
                .position(|l| l.contains("【绩效指标（表15"))
                .unwrap();
            for _ in 0..at {
                keys(&mut a, "j");
            }
            let s = screen(&mut a, w, h);
            let flat: String = s
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '│')
                .collect();
            // Wide enough, a name stands on one line; narrower, it wraps —
            // but no indicator is ever cut to an ellipsis.
            if w >= 120 {
                for name in ["参加“技能人才”考试人数", "职业技能等级认定监管批次"]
                {
                    assert!(flat.contains(name), "{name} at {w}×{h}:\n{s}");
                }
            }
            // The detail pane's part of each line (right of the tree pane, if shown).
            let detail: Vec<&str> = s
                .lines()
                .skip(4)
                .map(|l| l.rsplit("││").next().unwrap_or(l))
                .filter(|l| l.contains("产出目标") || l.contains("效果目标"))
                .collect();
            assert!(!detail.is_empty(), "{s}");
            assert!(
                detail.iter().all(|l| !l.contains('…')),
                "never cut to an ellipsis:\n{s}"
            );
            insta::assert_snapshot!(format!("indicators_{w}x{h}"), s);
        }
    }

    #[test]
    fn sangong_in_each_unit_and_the_findings_list() {
        for (w, h) in [(140, 40), (120, 40), (80, 24), (60, 20)] {
            for (u, label) in [("", "wan"), ("u", "yi"), ("uu", "yuan")] {
                let mut a = app();
                keys(&mut a, &format!("3{u}"));
                let s = screen(&mut a, w, h);
                assert!(
                    !s.contains("合…") && !s.contains("增减%…"),
                    "a header cut:\n{s}"
                );
                within(&s, usize::from(w));
                // The department's totals in full, in the unit chosen.
                let total = ["107.00", "0.0107", "1,070,000.00"][u.len()];
                assert!(line_with(&s, "部门合计").contains(total), "{total}:\n{s}");
                insta::assert_snapshot!(format!("sangong_{label}_{w}x{h}"), s);
            }
            let mut a = app();
            keys(&mut a, "c");
            let s = screen(&mut a, w, h);
            within(&s, usize::from(w));
            super::snapshots::findings_listed(&s);
            insta::assert_snapshot!(format!("findings_{w}x{h}"), s);
        }
    }
}

mod loading {
    use super::*;

    fn loading_screen(done: usize, total: usize, step: &str) -> String {
        let (w, h) = (60, 12);
        let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
        t.draw(|f| ui::loading(f, &(done, total, step.to_string())))
            .unwrap();
        let buf = t.backend().buffer();
        (0..h)
            .map(|y| screen_row(buf, y, w).trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_first_screen_says_how_far_loading_is_and_how_to_quit() {
        let s = loading_screen(37, 100, "dept-036.ron");
        assert!(s.contains("载入 37/100…"), "{s}");
        assert!(s.contains("dept-036.ron"), "{s}");
        assert!(s.contains("q 退出"), "{s}");
        // The bar: 37% of 40 cells filled.
        let bar = s.lines().find(|l| l.contains('░')).unwrap().trim();
        assert_eq!(bar.chars().filter(|c| *c == '█').count(), 14, "{bar}");
        assert_eq!(bar.chars().count(), 40);
        insta::assert_snapshot!(s);
        // A hostile file name is drawn safely.
        let s = loading_screen(1, 2, "evil\u{1b}[2J.ron");
        assert!(!s.contains('\u{1b}'), "{s}");
    }
}
