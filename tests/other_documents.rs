//! The explorer on documents other than the bundled one: a national table
//! set's 预算, whose tables carry their own names and whose 三公 table states
//! this year alone. Every label names the document's own table; nothing of
//! Shenzhen's numbering is shown for a table the document does not have; and
//! a figure the document does not give (its income, with no income table) is
//! shown as not given, never as 0.

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

/// A dataset of `测试局` for `year`, with an income table (表1's one line)
/// or none.
fn small_ron(year: i32, income: bool) -> String {
    let fig = |v: &str, line: u32| {
        format!("(value: \"{v}\", precision: 0, source: (place: \"第三部分\", line: {line}))")
    };
    let income = if income {
        format!(
            "income: [(name: \"一般公共预算拨款收入\", amount: {})],",
            fig("100", 9)
        )
    } else {
        String::new()
    };
    format!(
        "(format: 1, department: \"测试局\", year: {year}, {income}
          units: [(name: \"本级\", full_name: \"测试局本级\", figures: [{}],
            categories: [(name: \"项目支出\", figures: [{}])])])",
        fig("100", 1),
        fig("100", 2)
    )
}

/// A document with no income table (no 收支总表, no 收入总表): the money
/// view's department states no amount, so it shows none — `—` in the
/// tree, `null` in JSON, an empty cell in an export, 文中未列 in `show` —
/// never a 0.00 (nor its 政府采购 as if it were its income), and no share
/// or change is computed against it.
#[test]
fn a_department_whose_income_is_not_stated_shows_no_amount_and_no_share_or_change() {
    use common::cli::{fixture, run, tree_rows};
    // Spending tables only.
    let f02 = fixture("tests/fixtures/outsider/min", "f02");
    let (code, out, err) = run(&["tree", "--view", "money", &f02]);
    assert_eq!(code, 0, "{err}");
    let dept = out.lines().nth(2).expect("the department's row");
    assert!(
        dept.starts_with("甲县农业农村局") && dept.contains('—') && !dept.contains("0.00"),
        "{out}"
    );
    assert_eq!(tree_rows(&f02, "money")[0].1, "—");
    let (_, out, _) = run(&["show", "--view", "money", "甲县农业农村局", &f02]);
    assert!(
        out.contains("—（文中未列）") && !out.contains("0 万元"),
        "{out}"
    );
    // A procurement table and no income table: 政府采购 is not the income.
    let m07 = fixture("tests/fixtures/outsider2/min", "m07");
    let (code, out, err) = run(&["tree", "--json", "--view", "money", &m07]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert!(rows[0]["amount_wan"].is_null(), "{}", rows[0]);
    let procurement = &rows[1];
    assert_eq!(procurement["name"], "政府采购");
    assert_eq!(procurement["amount_wan"], "65.5");
    assert!(procurement["share_of_parent"].is_null(), "{procurement}");
    assert!(
        procurement["share_of_department"].is_null(),
        "{procurement}"
    );
    let library = rows.iter().find(|r| r["name"] == "丁市图书馆").unwrap();
    assert_eq!(
        library["share_of_parent"], "68.70",
        "shares within 政府采购 stand"
    );
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("money.csv");
    let csv = csv.to_str().unwrap();
    let (code, _, err) = run(&["export", "--view", "money", "--out", csv, &m07]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(csv).unwrap();
    let dept = text.lines().nth(1).unwrap();
    assert!(dept.ends_with(",部门,,,,"), "no amount, no shares: {text}");
    // Two years, the later without an income table: no change computed.
    let (y2020, y2021) = (dir.path().join("2020.ron"), dir.path().join("2021.ron"));
    std::fs::write(&y2020, small_ron(2020, true)).unwrap();
    std::fs::write(&y2021, small_ron(2021, false)).unwrap();
    let (y2020, y2021) = (y2020.to_str().unwrap(), y2021.to_str().unwrap());
    let (code, out, err) = run(&["diff", "--json", "--view", "money", y2020, y2021]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let dept = &rows[0];
    assert_eq!(dept["from_wan"], "100", "{dept}");
    assert!(dept["to_wan"].is_null(), "{dept}");
    assert!(dept["change_wan"].is_null(), "{dept}");
    assert!(dept["change_pct"].is_null(), "{dept}");
    let (_, out, _) = run(&["diff", "--view", "money", "--depth", "0", y2020, y2021]);
    let dept = out.lines().nth(2).expect("the department's row");
    assert!(!dept.contains('▼') && !dept.contains("-100"), "{out}");
    let (_, out, _) = run(&["tree", "--json", "--view", "money", y2020, y2021]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let dept = rows.iter().find(|r| r["name"] == "测试局").unwrap();
    assert_eq!(dept["years"]["2020"], "100", "{dept}");
    assert!(dept["years"]["2021"].is_null(), "{dept}");
}

/// The explorer's money tree on a document with no income table: the
/// department's row shows —, not 0.00 nor its procurement, and its detail
/// says the document does not state it.
#[test]
fn the_money_tree_shows_no_amount_for_a_department_whose_income_is_not_stated() {
    let mut a = app_on("tests/fixtures/outsider2/min/m07-procurement-by-unit.txt");
    a.update(Action::View(3));
    let s = screen(&mut a, 120, 30);
    let dept = s
        .lines()
        .find(|l| l.contains("▾ 丁市文旅局"))
        .expect("the department's row");
    assert!(
        dept.contains('—') && !dept.contains("0.00") && !dept.contains("65.50"),
        "{s}"
    );
    assert!(s.contains("—（文中未列）"), "{s}");
}
