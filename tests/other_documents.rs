//! The explorer on documents other than the bundled one: a national table
//! set's 预算, whose tables carry their own names and whose 三公 table states
//! this year alone. Every label names the document's own table; nothing of
//! Shenzhen's numbering is shown for a table the document does not have.

mod common;
use common::screen;
use yusuan::model::Model;
use yusuan::money::Unit;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;

fn app_on(fixture: &str) -> App {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let text = std::fs::read_to_string(&path).unwrap();
    let (d, _) = yusuan::import::import(&text, fixture).unwrap();
    let mut a = App::new(Model::new(vec![d]), Unit::Wan, false);
    a.update(Action::Resize(120, 30));
    a
}

#[test]
fn a_sangong_table_of_one_column_shows_its_figures_under_the_documents_title() {
    let mut a = app_on("tests/fixtures/outsider/min/f08-benji-named-as-department.txt");
    a.update(Action::View(2));
    let s = screen(&mut a, 120, 30);
    assert!(
        s.contains("三公经费（一般公共预算“三公”经费支出表）"),
        "{s}"
    );
    assert!(!s.contains("表12"), "{s}");
    assert!(s.contains("表中只有这一列"), "{s}");
    let row = s
        .lines()
        .find(|l| l.contains("甲县疾病预防控制中心"))
        .expect("the unit's row");
    assert!(row.contains("4.00") && row.contains("3.00"), "{row}");
    let dept = s
        .lines()
        .find(|l| l.contains("│甲县卫生健康局 ") && l.contains("10.00"))
        .expect("the department's row");
    assert!(dept.contains("8.00"), "{dept}");
    insta::assert_snapshot!(s);
}

#[test]
fn the_function_views_title_names_no_table_the_document_lacks() {
    let mut a = app_on("tests/fixtures/outsider/min/f08-benji-named-as-department.txt");
    a.update(Action::View(1));
    let s = screen(&mut a, 120, 30);
    assert!(s.contains("按科目"), "{s}");
    assert!(!s.contains("表7"), "{s}");
}

/// A 决算 that gives the department whole beside a 预算 by unit: its units
/// are neither new nor gone, and no change is shown for them — the
/// department's total is compared.
#[test]
fn a_final_account_given_whole_beside_a_budget_by_unit_adds_and_removes_no_unit() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["diff", "--depth", "2"])
        .arg(dir.join("lc-agri-2020-final.txt"))
        .arg(dir.join("lc-agri-2021-budget.txt"))
        .env("YUSUAN_NO_CACHE", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("新增") && !text.contains("取消"), "{text}");
    let unit = text
        .lines()
        .find(|l| l.contains("临川县农业技术推广中心"))
        .unwrap();
    assert!(unit.contains("未分单位") && !unit.contains('▲'), "{unit}");
    let dept = text.lines().nth(2).unwrap();
    assert!(dept.contains("▲ +60.89"), "{dept}");
    let json = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["diff", "--json"])
        .arg(dir.join("lc-agri-2020-final.txt"))
        .arg(dir.join("lc-agri-2021-budget.txt"))
        .env("YUSUAN_NO_CACHE", "1")
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "临川县农业技术推广中心")
        .unwrap();
    assert_eq!(row["unsplit"], true, "{row}");
}

/// A 决算's income line printed negative （1.20） (money returned) is read
/// and shown as −1.20: the document is opened, not refused.
#[test]
fn a_negative_income_line_of_a_final_account_opens() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/outsider2/nh-court-2022-final.txt");
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("五、其他收入\t5\t1.80", "五、其他收入\t5\t（1.20）");
    assert!(text.contains("（1.20）"));
    let (d, _) = yusuan::import::import(&text, "nh-neg.txt").unwrap();
    yusuan::load::validate(&d, "nh-neg.txt").expect("a negative income line is valid");
    let line = d
        .income
        .iter()
        .find(|l| l.name.contains("其他收入"))
        .unwrap();
    assert_eq!(line.amount.value, "-1.2".parse().unwrap());
    assert_eq!(line.amount.precision, 2);
}
