//! Every template fixture against its ground truth: department, year, kind,
//! total, every unit, every project and 三公 — and nothing unaccounted.
//!
//! The fixtures (`tests/fixtures/text/*.txt`) are documents of invented
//! departments in each template, written by `tests/fixtures/make/budgets.py`
//! with their truth beside them (`*.truth.json`).

use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;
use std::str::FromStr;
use yusuan::model::{Model, View};
use yusuan::schema::{category, Basis, Dataset, DocKind};

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().expect("an amount as text")).expect("a decimal")
}

/// The fixtures and their truths.
pub fn fixtures() -> Vec<(String, String, Value)> {
    let out = fixtures_in("tests/fixtures/text");
    assert!(out.len() >= 3, "the fixtures are there");
    out
}

/// The documents of a fixture folder (`NAME.txt` beside `NAME.truth.json`).
fn fixtures_in(folder: &str) -> Vec<(String, String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut out = Vec::new();
    for e in std::fs::read_dir(&dir).expect("fixtures") {
        let p = e.expect("entry").path();
        if p.extension().is_some_and(|x| x == "txt") {
            let truth = p.with_extension("truth.json");
            let t: Value = serde_json::from_str(&std::fs::read_to_string(&truth).expect("truth"))
                .expect("json");
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&p).expect("text"), t));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A unit's projects: the children of its 项目支出 line.
fn projects(d: &Dataset) -> Vec<(String, String, Decimal)> {
    let mut out = Vec::new();
    for u in &d.units {
        for c in u.categories.iter().filter(|c| c.name == category::PROJECTS) {
            for p in &c.children {
                let v = yusuan::schema::most_precise(&p.figures)
                    .expect("a figure")
                    .value;
                out.push((u.name.clone(), p.name.clone(), v));
            }
        }
    }
    out
}

/// Compare a dataset with its truth; the differences, one per line.
pub fn differences(name: &str, d: &Dataset, t: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut check = |what: &str, got: String, want: String| {
        if got != want {
            out.push(format!("{name}: {what}: got {got}, want {want}"));
        }
    };
    check(
        "department",
        d.department.clone(),
        t["department"].as_str().unwrap().into(),
    );
    check("year", d.year.to_string(), t["year"].to_string());
    let kind = match t["kind"].as_str().unwrap() {
        "决算" => DocKind::Final,
        _ => DocKind::Budget,
    };
    check("kind", format!("{:?}", d.kind), format!("{kind:?}"));
    let model = Model::new(vec![d.clone()]);
    let dept = model.node(model.top(View::Unit));
    check(
        "total",
        dept.amount.normalize().to_string(),
        dec(&t["total"]).normalize().to_string(),
    );
    let units: Vec<(String, String)> = d
        .units
        .iter()
        .map(|u| {
            let id = model.lookup(&format!("{}/{}", d.department, u.name));
            let amount = id.first().map_or(Decimal::MIN, |i| model.node(*i).amount);
            (u.name.clone(), amount.normalize().to_string())
        })
        .collect();
    let want: Vec<(String, String)> = t["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap().to_string(),
                dec(&u["total"]).normalize().to_string(),
            )
        })
        .collect();
    check("units", format!("{units:?}"), format!("{want:?}"));
    let got: Vec<String> = projects(d)
        .iter()
        .map(|(u, p, v)| format!("{u}/{p}={}", v.normalize()))
        .collect();
    let want: Vec<String> = t["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{}/{}={}",
                p["unit"].as_str().unwrap(),
                p["name"].as_str().unwrap(),
                dec(&p["amount"]).normalize()
            )
        })
        .collect();
    check("projects", format!("{got:?}"), format!("{want:?}"));
    let got: Vec<String> = d
        .sangong
        .iter()
        .filter(|r| r.unit == d.department)
        .map(|r| {
            format!(
                "{}{:?} {} {} {} {} {}",
                r.year,
                r.basis,
                r.total.normalize(),
                r.abroad.normalize(),
                r.vehicle_purchase.normalize(),
                r.vehicle_operation.normalize(),
                r.reception.normalize()
            )
        })
        .collect();
    let want: Vec<String> = t["sangong"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let basis = if r["basis"] == "决算" {
                Basis::Final
            } else {
                Basis::Budget
            };
            format!(
                "{}{basis:?} {} {} {} {} {}",
                r["year"],
                dec(&r["total"]).normalize(),
                dec(&r["abroad"]).normalize(),
                dec(&r["vehicle_purchase"]).normalize(),
                dec(&r["vehicle_operation"]).normalize(),
                dec(&r["reception"]).normalize()
            )
        })
        .collect();
    check("三公", format!("{got:?}"), format!("{want:?}"));
    out
}

#[test]
fn every_template_fixture_imports_to_its_truth_with_nothing_unaccounted() {
    let problems = problems_of(fixtures());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Documents written by an outsider to the importer, in conventions its own
/// fixtures do not use (`tests/fixtures/outsider`, made by
/// `tests/fixtures/make/outsider.py`).
#[test]
fn every_outsider_fixture_imports_to_its_truth_with_nothing_unaccounted() {
    let fixtures = fixtures_in("tests/fixtures/outsider");
    assert!(fixtures.len() >= 5, "the outsider fixtures are there");
    let problems = problems_of(fixtures);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Documents the importer had not seen, round 2 (`tests/fixtures/outsider2`,
/// made by `tests/fixtures/make/outsider2.py`): a 单位预算, a province's extra
/// tables, a 决算 with 执行率 and negative figures, the money unit in the
/// title line, Shenzhen's later wording, pdftotext -layout and pipe tables.
#[test]
fn every_outsider2_fixture_imports_to_its_truth_with_nothing_unaccounted() {
    let fixtures = fixtures_in("tests/fixtures/outsider2");
    assert!(fixtures.len() >= 7, "the outsider2 fixtures are there");
    let problems = problems_of(fixtures);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every way the fixtures differ from their truths: refused, invalid, a wrong
/// field, or numbers unaccounted.
fn problems_of(fixtures: Vec<(String, String, Value)>) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, text, truth) in fixtures {
        let (d, _w) = match yusuan::import::import(&text, &name) {
            Ok(x) => x,
            Err(e) => {
                problems.push(format!("{name}: refused: {e}"));
                continue;
            }
        };
        if let Err(e) = yusuan::load::validate(&d, &name) {
            problems.push(format!("{name}: does not validate: {e}"));
        }
        problems.extend(differences(&name, &d, &truth));
        let c = yusuan::import::coverage(&text, &d);
        if !c.unaccounted.is_empty() {
            problems.push(format!("{name}: unaccounted {:?}", c.unaccounted));
        }
    }
    problems
}

#[test]
fn a_title_written_department_first_reads_the_same() {
    let text = yusuan::load::BUNDLED_SOURCE.replacen(
        "# 2020年深圳市人力资源和社会保障局部门预算",
        "# 深圳市人力资源和社会保障局2020年部门预算",
        1,
    );
    assert_ne!(text, yusuan::load::BUNDLED_SOURCE);
    let (d, _) = yusuan::import::import(&text, "x").unwrap();
    let mut bundled = yusuan::load::bundled();
    assert_eq!(d.department, bundled.department);
    assert_eq!(d.year, 2020);
    bundled.title.clone_from(&d.title);
    bundled.source_file.clone_from(&d.source_file);
    assert_eq!(d, bundled, "the same dataset, the title aside");
}

#[test]
fn a_table_whose_money_unit_is_wrong_is_said_loudly() {
    let (_, text, _) = fixtures()
        .into_iter()
        .find(|(n, _, _)| n.starts_with("lc-agri-2021"))
        .unwrap();
    // The 三公 table is in 元; say it is in 万元.
    let at = text.find("“三公”经费支出表").unwrap();
    let unit = at + text[at..].find("单位：元").unwrap();
    let wrong = format!(
        "{}单位：万元{}",
        &text[..unit],
        &text[unit + "单位：元".len()..]
    );
    let (_, w) = yusuan::import::import(&wrong, "x").unwrap();
    assert!(
        w.iter()
            .any(|w| w.message.starts_with("MONEY UNIT") && w.message.contains("三公")),
        "{w:#?}"
    );
    // The 财政拨款收支总表 is in 万元; say it is in 元.
    let at = text.find("## 财政拨款收支总表").unwrap();
    let unit = at + text[at..].find("单位：万元").unwrap();
    let wrong = format!(
        "{}单位：元{}",
        &text[..unit],
        &text[unit + "单位：万元".len()..]
    );
    let (_, w) = yusuan::import::import(&wrong, "x").unwrap();
    let loud: Vec<_> = w
        .iter()
        .filter(|w| w.message.starts_with("MONEY UNIT"))
        .collect();
    assert!(
        loud.len() == 1 && loud[0].message.starts_with("MONEY UNIT: 表4"),
        "{w:#?}"
    );
    // The clean text says nothing of the kind.
    let (_, w) = yusuan::import::import(&text, "x").unwrap();
    assert!(
        w.iter().all(|w| !w.message.starts_with("MONEY UNIT")),
        "{w:#?}"
    );
}

#[test]
fn a_document_of_unknown_tables_is_refused_with_the_tables_it_has() {
    let text = "# 2021年某某局部门预算\n\n某某情况表\n单位：万元\n项目\t金额\n甲\t1.00\n乙\t2.00\n";
    let e = yusuan::import::import(text, "x").unwrap_err().to_string();
    assert!(
        e.contains("tables not understood") && e.contains("某某情况表"),
        "{e}"
    );
}

#[test]
fn a_figure_read_from_a_workbook_or_a_pdf_names_its_cell_or_page() {
    use yusuan::read::{At, Decoded, Format, Origin};
    let (_, text, _) = fixtures()
        .into_iter()
        .find(|(n, _, _)| n == "lc-agri-2021-budget.txt")
        .unwrap();
    let n = u32::try_from(text.split('\n').count()).unwrap();
    // As if every line were row `line + 10` of one sheet.
    let sheet = Decoded {
        format: Some(Format::Xlsx),
        text: text.clone(),
        origin: Origin::Sheets {
            names: vec!["三公".into()],
            lines: (1..=n)
                .map(|i| At {
                    page: 1,
                    row: i + 10,
                    furniture: false,
                })
                .collect(),
        },
    };
    let (d, _) = yusuan::import::import_decoded(&sheet, "x.xlsx").unwrap();
    let reception = d
        .tables
        .iter()
        .find(|t| t.role == "sangong")
        .and_then(|t| t.rows.first())
        .and_then(|r| r.figures[11].clone())
        .expect("2021年 公务接待费");
    assert_eq!(reception.value.normalize().to_string(), "2.3");
    let line = reception.source.line;
    assert_eq!(
        d.locate(&reception.source, Some(reception.value)),
        format!("三公!L{}", line + 10)
    );
    // A value the row holds twice names the row only.
    let purchase = d.tables.iter().find(|t| t.role == "sangong").unwrap().rows[0].figures[1]
        .clone()
        .unwrap();
    assert_eq!(
        d.locate(&purchase.source, Some(purchase.value)),
        format!("三公 第{}行", line + 10)
    );
    // A PDF: the page and its line.
    let pdf = Decoded {
        format: Some(Format::Pdf),
        text,
        origin: Origin::Pages(
            (1..=n)
                .map(|i| At {
                    page: i / 40 + 1,
                    row: i % 40,
                    furniture: false,
                })
                .collect(),
        ),
    };
    let (d, _) = yusuan::import::import_decoded(&pdf, "x.pdf").unwrap();
    let f = d.overall.expenditure.clone().unwrap();
    let l = f.source.line;
    assert_eq!(
        d.locate(&f.source, Some(f.value)),
        format!("第{}页 第{}行", l / 40 + 1, l % 40)
    );
}

#[test]
fn shenzhens_tables_alone_give_its_units_projects_and_sangong() {
    // A workbook holds the tables and no narrative: the same text from 表1 on.
    let text = yusuan::load::BUNDLED_SOURCE;
    let from = text.find("\n表1\n").expect("表1");
    let (d, _) = yusuan::import::import(&text[from..], "tables.txt").unwrap();
    let full = yusuan::load::bundled();
    assert_eq!(
        (d.department.as_str(), d.year),
        (full.department.as_str(), full.year)
    );
    let model = Model::new(vec![d.clone()]);
    let full_model = Model::new(vec![full.clone()]);
    let total = |m: &Model| m.node(m.top(View::Unit)).amount;
    assert_eq!(total(&model), total(&full_model));
    // Each unit by its full name, with its total as the tables give it.
    for u in &full.units {
        let mine = d
            .units
            .iter()
            .find(|x| x.name == u.full_name)
            .unwrap_or_else(|| panic!("{}", u.full_name));
        let amount = |m: &Model, d: &Dataset, name: &str| {
            m.node(m.lookup(&format!("{}/{name}", d.department))[0])
                .amount
        };
        let (a, b) = (
            amount(&model, &d, &mine.name),
            amount(&full_model, &full, &u.name),
        );
        assert!((a - b).abs() < Decimal::ONE, "{}: {a} vs {b}", u.name);
    }
    // 三公, every row.
    let rows = |d: &Dataset| {
        let mut v: Vec<String> = d
            .sangong
            .iter()
            .map(|r| format!("{} {} {}", r.year, r.total, r.reception))
            .collect();
        v.sort();
        v
    };
    assert_eq!(rows(&d), rows(&full));
    // Every project of 表13 under its unit.
    assert_eq!(projects(&d).len(), 33, "{:#?}", projects(&d));
    let c = yusuan::import::coverage(&text[from..], &d);
    assert!(c.unaccounted.is_empty(), "{:?}", c.unaccounted);
}

/// The real binary on the given arguments: (status, stdout).
fn yusuan(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .env("YUSUAN_NO_CACHE", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_final_account_is_compared_with_its_budget_and_the_next_never_added() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text");
    let f = |n: &str| dir.join(n).display().to_string();
    let (b20, f20, b21) = (
        f("lc-agri-2020-budget.txt"),
        f("lc-agri-2020-final.txt"),
        f("lc-agri-2021-budget.txt"),
    );
    // By default the last two editions: the 决算 against the next year's 预算.
    let (code, out) = yusuan(&["diff", &b20, &f20, &b21, "--depth", "0"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("2020年决算 → 2021年预算"), "{out}");
    assert!(
        out.contains("1,460.81") && out.contains("1,521.70"),
        "{out}"
    );
    // A year's 预算 against its 决算.
    let (_, out) = yusuan(&[
        "diff", &b20, &f20, &b21, "--from", "2020", "--to", "2020", "--depth", "0",
    ]);
    assert!(out.starts_with("2020年预算 → 2020年决算"), "{out}");
    assert!(out.contains("▼ -60.89"), "{out}");
    // Side by side, each edition its own column; nothing adds them up.
    let (_, out) = yusuan(&["tree", &b20, &f20, "--depth", "0"]);
    assert!(
        out.contains("2020年预算(万元)") && out.contains("2020年决算(万元)"),
        "{out}"
    );
    assert!(
        !out.contains("2,982.51"),
        "a 预算 and its 决算 are never added: {out}"
    );
    // The 决算's 三公: 预算数 against 决算数, with 执行率.
    let (_, out) = yusuan(&["sangong", &f20]);
    assert!(
        out.contains("2020年预算数") && out.contains("2020年决算数") && out.contains("执行率"),
        "{out}"
    );
    assert!(out.contains("88.80%"), "{out}");
}

#[test]
fn an_imported_pdf_is_cached_by_its_content_and_read_back_the_same() {
    let pdf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pdf/lc-agri-2021-budget.pdf");
    let cache = tempfile::tempdir().unwrap();
    let run = || {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["tree", &pdf.display().to_string(), "--depth", "2"])
            .env("XDG_CACHE_HOME", cache.path())
            .output()
            .expect("runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let first = run();
    let entries: Vec<_> = std::fs::read_dir(cache.path().join("yusuan"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
        .collect();
    assert_eq!(entries.len(), 1, "one entry, named by the PDF's content");
    let second = run();
    assert_eq!(
        first, second,
        "the cached import reads back as imported, warnings and all"
    );
    assert!(first.0.contains("1,521.70"), "{}", first.0);
}

#[test]
fn a_text_with_no_table_at_all_is_refused_saying_so() {
    // Figures run into the names (one space apart): no cells to read.
    let text = "# 2022年某某局部门预算\n\n部门支出总表\n单位：万元\n科目编码 科目名称 合计\n201 一般公共服务支出 100.00\n";
    let e = yusuan::import::import(text, "x").unwrap_err().to_string();
    assert!(e.contains("no table found"), "{e}");
    assert!(!e.contains("tables understood: none"), "{e}");
}

/// The 本级 printed under the department's own name is a unit in every
/// table: `check` finds the 支出总表's units and the 政府采购 table's add up.
#[test]
fn a_benji_printed_with_the_departments_name_adds_up_in_check() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/outsider2");
    for name in ["yx-transport-2021-budget.txt", "ds-culture-2023-budget.txt"] {
        let (code, out) = yusuan(&["check", &dir.join(name).display().to_string()]);
        assert_eq!(code, 0, "{name}: {out}");
        assert!(out.contains("0 mismatch"), "{name}: {out}");
    }
}

/// The fixtures are consistent documents: the checks find no figure that
/// disagrees in any of them (a false 不一致 is as misleading as a missed one —
/// a 决算's year income beside its year spending, a unit whose 基本支出 the
/// document does not give by unit).
#[test]
fn the_checks_find_no_disagreement_in_a_consistent_document() {
    let mut problems = Vec::new();
    for folder in [
        "tests/fixtures/text",
        "tests/fixtures/outsider",
        "tests/fixtures/outsider2",
    ] {
        for (name, text, _) in fixtures_in(folder) {
            let Ok((d, _)) = yusuan::import::import(&text, &name) else {
                continue;
            };
            let model = Model::new(vec![d]);
            for f in yusuan::check::run(&model) {
                if f.severity == yusuan::check::Severity::Mismatch {
                    problems.push(format!("{name}: {}", f.message));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Part 3 may give a unit's total alone (`…预算 4,892 万元。`, no 包括…):
/// it is read as the unit's statement, nothing left unaccounted.
#[test]
fn a_unit_stated_by_its_total_alone_is_read() {
    let text = yusuan::load::BUNDLED_SOURCE.replacen(
        "市人社局信息中心预算 4,892 万元，包括人员支出 1,402 万元、公用支出 86 万元、对个人和家庭的补助支出 71 万元、项目支出 3,332 万元。",
        "市人社局信息中心预算 4,892 万元。",
        1,
    );
    assert_ne!(text, yusuan::load::BUNDLED_SOURCE);
    let (d, _) = yusuan::import::import(&text, "x").unwrap();
    let unit = d
        .units
        .iter()
        .find(|u| u.name == "市人社局信息中心")
        .unwrap();
    assert!(
        unit.figures
            .iter()
            .any(|f| f.value == Decimal::from(4892) && f.precision == 0),
        "{:?}",
        unit.figures
    );
    assert!(yusuan::import::coverage(&text, &d).unaccounted.is_empty());
}
