//! The smallest documents that showed a way the importer failed on
//! documents it had not seen, round 2 (`tests/fixtures/outsider2/min/`,
//! described in its folder's README): each reads as its tables say, through
//! the real binary.

mod common;
use common::cli::{amount_of, run};
use serde_json::Value;

fn file(prefix: &str) -> String {
    common::cli::fixture("tests/fixtures/outsider2/min", prefix)
}

fn tree(prefix: &str, view: &str) -> Vec<(String, String)> {
    common::cli::tree_rows(&file(prefix), view)
}

/// `import --report`: the dataset written (as RON text), the report, and
/// what the import printed.
fn import(prefix: &str) -> (String, Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    let report = dir.path().join("report.json");
    let (code, stdout, err) = run(&[
        "import",
        &file(prefix),
        "-o",
        &out.display().to_string(),
        "--report",
        &report.display().to_string(),
    ]);
    assert_eq!(code, 0, "{prefix}: {err}");
    let r: Value = serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
    assert_eq!(r["unaccounted"], Value::Array(Vec::new()), "{prefix}: {r}");
    (
        std::fs::read_to_string(out).unwrap(),
        r,
        format!("{stdout}{err}"),
    )
}

#[test]
fn m01_shenzhens_later_wording_keeps_its_units() {
    let (_, _, said) = import("m01");
    assert!(said.contains("(shenzhen)"), "{said}");
    let rows = tree("m01", "unit");
    assert_eq!(amount_of(&rows, "深圳市某某局"), "100");
    assert_eq!(amount_of(&rows, "市某某局本级"), "60");
    assert_eq!(amount_of(&rows, "市某某中心"), "40");
    assert_eq!(amount_of(&rows, "市某某局本级/项目支出/业务运行"), "20");
}

#[test]
fn m02_a_unit_budgets_tables_are_its_income_and_spending() {
    let rows = tree("m02", "unit");
    assert_eq!(amount_of(&rows, "甲区水务中心/甲区水务中心"), "100");
    assert_eq!(amount_of(&rows, "甲区水务中心/基本支出"), "70");
    assert_eq!(amount_of(&rows, "甲区水务中心/项目支出"), "30");
}

#[test]
fn m03_a_summary_printed_as_two_tables_keeps_spending_out_of_income() {
    let rows = tree("m03", "money");
    assert_eq!(amount_of(&rows, "收入/一般公共预算拨款收入"), "100");
    assert!(
        rows.iter().all(|(p, _)| !p.contains("农林水支出")),
        "spending is not income: {rows:?}"
    );
    assert_eq!(amount_of(&tree("m03", "unit"), "甲区水务中心"), "100");
}

#[test]
fn m04_a_bracketed_figure_is_negative() {
    let (ron, _, _) = import("m04");
    // As the document writes it: （1.20） is −1.20, its fen kept.
    assert!(ron.contains("value: \"-1.20\""), "{ron}");
}

#[test]
fn m05_a_name_wrapped_below_its_figures_is_one_project_and_the_unit_is_no_title() {
    let rows = tree("m05", "unit");
    assert_eq!(
        amount_of(&rows, "项目支出/农村公路养护工程（含危桥改造）"),
        "60"
    );
    let (_, report, said) = import("m05");
    assert!(said.contains("0 warnings"), "{said}");
    let titles: Vec<&str> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"项目支出表"), "{titles:?}");
    assert!(titles.iter().all(|t| !t.contains("单位")), "{titles:?}");
}

#[test]
fn m06_a_provinces_extra_tables_are_kept_apart_and_make_no_projects() {
    let (_, report, said) = import("m06");
    assert!(said.contains("0 warnings"), "{said}");
    let kept: Vec<&str> = report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["role"] == "kept" && t["understood"] == true)
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(kept, ["财政专户管理资金收支表", "机关运行经费预算表"]);
    let rows = tree("m06", "unit");
    let projects: Vec<&(String, String)> = rows
        .iter()
        .filter(|(p, _)| p.contains("项目支出/"))
        .collect();
    assert_eq!(projects.len(), 1, "{projects:?}");
    assert_eq!(amount_of(&rows, "项目支出/非遗保护"), "20");
}

#[test]
fn m07_procurement_by_unit_gives_each_unit_its_items() {
    let rows = tree("m07", "money");
    assert_eq!(amount_of(&rows, "丁市文旅局/政府采购"), "65.5");
    assert_eq!(amount_of(&rows, "政府采购/丁市文旅局本级"), "20.5");
    assert_eq!(
        amount_of(&rows, "丁市文旅局本级/台式计算机/A02010104"),
        "12"
    );
    assert_eq!(amount_of(&rows, "丁市文旅局本级/印刷服务/C23120301"), "8.5");
    assert_eq!(amount_of(&rows, "政府采购/丁市图书馆"), "45");
    assert!(rows.iter().all(|(p, _)| !p.ends_with("/合计")), "{rows:?}");
}

#[test]
fn m08_m09_pipe_tables_and_pdftotext_layout_read_as_tabs() {
    for m in ["m08", "m09"] {
        import(m);
        let rows = tree(m, "unit");
        assert_eq!(amount_of(&rows, "戊县统计局/戊县统计局"), "100", "{m}");
        assert_eq!(amount_of(&rows, "戊县统计局/基本支出"), "80", "{m}");
        assert_eq!(amount_of(&rows, "戊县统计局/项目支出"), "20", "{m}");
        let f = tree(m, "function");
        assert_eq!(amount_of(&f, "201"), "100", "{m}");
    }
}

#[test]
fn m10_a_ratio_column_in_a_table_in_yuan_is_kept_as_printed() {
    let (ron, _, _) = import("m10");
    // 执行率 96.15%, not 96.15 元 made 0.009615 万元; the money beside it in 万元.
    assert!(ron.contains("value: \"96.15\""), "{ron}");
    assert!(!ron.contains("0.009615"), "{ron}");
    assert!(ron.contains("value: \"100\""), "{ron}");
}
