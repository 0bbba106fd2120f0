//! The smallest documents that once showed a way the importer failed
//! (`tests/fixtures/outsider/min/`, described in its README): each reads as
//! its tables say, through the real binary's JSON.

mod common;
use common::cli::{amount_of, run};
use serde_json::Value;

fn file(prefix: &str) -> String {
    common::cli::fixture("tests/fixtures/outsider/min", prefix)
}

fn json(args: &[&str]) -> Vec<Value> {
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

fn tree(prefix: &str, view: &str) -> Vec<(String, String)> {
    common::cli::tree_rows(&file(prefix), view)
}

/// `sangong --json`: a unit's item in a column.
fn sangong(prefix: &str) -> Vec<Value> {
    json(&["sangong", "--json", &file(prefix)])
}

fn item<'a>(rows: &'a [Value], unit: &str, item: &str, column: &str) -> &'a str {
    rows.iter()
        .find(|r| r["unit"] == unit)
        .unwrap_or_else(|| panic!("no 三公 row for {unit}: {rows:?}"))[item][column]
        .as_str()
        .unwrap()
}

#[test]
fn f01_a_final_accounts_sangong_table_is_sangong_not_spending() {
    let t = tree("f01", "unit");
    assert_eq!(t[0].1, "100");
    let s = sangong("f01");
    assert_eq!(item(&s, "甲县农业农村局本级", "total", "2020决算"), "8");
    assert_eq!(item(&s, "甲县农业技术推广中心", "total", "2020决算"), "4.5");
}

#[test]
fn f02_dashes_in_empty_cells_keep_every_function_row() {
    let t = tree("f02", "function");
    assert_eq!(amount_of(&t, "/208"), "10");
    assert_eq!(amount_of(&t, "/213"), "90");
    assert_eq!(amount_of(&t, "/2080505"), "10");
    assert_eq!(amount_of(&t, "/2130153"), "20");
    assert_eq!(tree("f02", "unit")[0].1, "100");
}

#[test]
fn f03_a_wrapped_name_keeps_its_row() {
    let t = tree("f03", "function");
    assert_eq!(amount_of(&t, "/2130153"), "20");
}

#[test]
fn f04_f05_sangong_by_year_in_groups_or_rows() {
    for f in ["f04", "f05"] {
        let s = sangong(f);
        let dept = s.last().unwrap()["unit"].as_str().unwrap().to_string();
        assert_eq!(item(&s, &dept, "total", "2020"), "12.5", "{f}");
        assert_eq!(item(&s, &dept, "total", "2021"), "11.8", "{f}");
        assert_eq!(item(&s, &dept, "vehicle_operation", "2021"), "9.5", "{f}");
        assert_eq!(item(&s, &dept, "reception", "2020"), "2.5", "{f}");
    }
}

#[test]
fn f06_a_final_accounts_total_is_the_years_spending_not_with_carryover() {
    assert_eq!(tree("f06", "unit")[0].1, "95");
}

#[test]
fn f07_tables_in_yuan_keep_every_digit() {
    assert_eq!(tree("f07", "unit")[0].1, "3111.45508");
}

#[test]
fn f08_the_department_named_unit_is_a_unit_of_sangong() {
    let s = sangong("f08");
    assert_eq!(item(&s, "甲县卫生健康局", "total", "2022"), "10");
    assert_eq!(item(&s, "甲县卫生健康局本级", "total", "2022"), "6");
    assert!(
        s.iter().all(|r| r["total"].get("change").is_none()),
        "one column: no change"
    );
}

#[test]
fn f09_figures_in_yuan_under_a_wan_caption_are_said() {
    let (code, _, err) = run(&["import", &file("f09"), "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("MONEY UNIT"), "{err}");
}

#[test]
fn f10_projects_nested_under_their_units() {
    let t = tree("f10", "unit");
    assert_eq!(amount_of(&t, "本级/项目支出/高标准农田建设"), "60");
    assert_eq!(
        amount_of(&t, "甲县农业技术推广中心/项目支出/农业技术推广示范"),
        "40"
    );
}

#[test]
fn f11_income_by_unit_and_spending_by_code_give_the_split() {
    let t = tree("f11", "unit");
    assert_eq!(t[0].1, "100");
    assert_eq!(amount_of(&t, "/基本支出"), "80");
    assert_eq!(amount_of(&t, "项目支出/经济普查"), "20");
}

#[test]
fn f12_f13_import() {
    for f in ["f12", "f13"] {
        let (code, _, err) = run(&["import", &file(f), "-o", "-"]);
        assert_eq!(code, 0, "{f}: {err}");
        assert!(err.contains("unaccounted 0"), "{f}: {err}");
    }
}

#[test]
fn f14_a_year_in_chinese_numerals() {
    let t = json(&["tree", "--json", "--depth", "0", &file("f14")]);
    assert_eq!(t[0]["name"], "甲县档案馆");
    let (_, out, _) = run(&["tree", "--depth", "0", &file("f14")]);
    assert!(out.contains("2021年"), "{out}");
}

#[test]
fn f15_blank_and_dash_are_no_spending() {
    let s = sangong("f15");
    let dept = s.last().unwrap()["unit"].as_str().unwrap().to_string();
    assert_eq!(item(&s, &dept, "total", "2021"), "0.8");
    assert_eq!(item(&s, &dept, "total", "2022"), "0.6");
    assert_eq!(item(&s, &dept, "reception", "2022"), "0.6");
}
