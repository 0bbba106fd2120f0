//! Reconciliation rules on small hand-made datasets — each one agreeing,
//! off by rounding, and mismatching — and the bundled budget's findings,
//! pinned.

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::check::{self, Finding, Rule, Severity};
use yusuan::model::Model;
use yusuan::schema::*;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn fig(v: &str, place: &str) -> Figure {
    let value = d(v);
    Figure {
        value,
        precision: value.scale(),
        source: Source {
            place: place.into(),
            line: 1,
        },
    }
}

fn entry(name: &str, figures: Vec<Figure>, children: Vec<Entry>) -> Entry {
    Entry {
        children,
        ..Entry::leaf(name, figures)
    }
}

/// A department with one unit whose 项目支出 holds two projects.
fn dataset(unit: &str, category: &str, a: &str, b: &str) -> Dataset {
    let mut ds: Dataset =
        ron::from_str("(format: 1, department: \"测试局\", year: 2020, units: [])").unwrap();
    ds.units.push(Unit {
        name: "本级".into(),
        full_name: "测试局本级".into(),
        figures: vec![fig(unit, "第三部分 本级")],
        staffing: None,
        goals: None,
        categories: vec![entry(
            "项目支出",
            vec![fig(category, "第三部分 项目支出")],
            vec![
                entry("甲", vec![fig(a, "第三部分 甲")], vec![]),
                entry("乙", vec![fig(b, "第三部分 乙")], vec![]),
            ],
        )],
    });
    ds
}

fn findings(ds: Dataset, rule: Rule) -> Vec<Finding> {
    let m = Model::new(vec![ds]);
    check::run(&m)
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

#[test]
fn tree_sums_agree_round_or_mismatch() {
    // Agrees: nothing listed.
    assert!(findings(dataset("100", "100", "60", "40"), Rule::UnitTreeSum).is_empty());
    // 60 + 41 = 101 against 100: 3 whole-万元 figures tolerate 1.5.
    let f = findings(dataset("100", "100", "60", "41"), Rule::UnitTreeSum);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Rounding);
    assert_eq!(f[0].difference, d("-1"));
    assert_eq!(f[0].tolerance, d("1.5"));
    assert_eq!(f[0].figures.len(), 3);
    // 60 + 45 = 105: beyond rounding.
    let f = findings(dataset("100", "100", "60", "45"), Rule::UnitTreeSum);
    assert!(f
        .iter()
        .any(|x| x.severity == Severity::Mismatch && x.difference == d("-5")));
    // A precise figure: 100.30 vs 60 + 40 = 100: tolerance 0.005 + 2 × 0.5.
    let f = findings(dataset("100.3", "100", "60", "40"), Rule::UnitTreeSum);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].severity, Severity::Rounding);
    assert_eq!(f[0].tolerance, d("0.55"));
    let f = findings(dataset("101.6", "100", "60", "40"), Rule::UnitTreeSum);
    assert_eq!(f[0].severity, Severity::Mismatch);
    assert!(f[0].message.contains("相差 1.6"), "{}", f[0].message);
}

#[test]
fn a_figure_stated_twice_agrees_within_its_rounding() {
    let with_second = |v: &str| {
        let mut ds = dataset("100", "100", "60", "40");
        ds.units[0].categories[0].children[0]
            .figures
            .push(fig(v, "表15 甲（元）"));
        findings(ds, Rule::FiguresAgree)
    };
    assert!(with_second("60").is_empty());
    let f = with_second("60.4999");
    assert_eq!(f[0].severity, Severity::Rounding);
    assert_eq!(f[0].figures.len(), 2);
    assert_eq!(f[0].figures[1].source.place, "表15 甲（元）");
    // 59.49 would round to 59, not 60.
    assert_eq!(with_second("59.49")[0].severity, Severity::Mismatch);
}

#[test]
fn sangong_rows_add_up_and_match_the_narrative() {
    let row = |unit: &str, year: i32, total: i64, reception: i64, operation: i64| SangongRow {
        unit: unit.into(),
        year,
        basis: yusuan::schema::Basis::Budget,
        split_stated: true,
        total: Decimal::from(total),
        abroad: Decimal::ZERO,
        reception: Decimal::from(reception),
        vehicles: Decimal::from(operation),
        vehicle_purchase: Decimal::ZERO,
        vehicle_operation: Decimal::from(operation),
        source: Source::default(),
    };
    let mut ds = dataset("100", "100", "60", "40");
    ds.sangong = vec![
        row("测试局", 2019, 12, 5, 7),
        row("本级", 2019, 12, 5, 7),
        row("测试局", 2020, 10, 4, 6),
        row("本级", 2020, 10, 4, 6),
    ];
    ds.sangong_text.total = Some(fig("10", "第五部分"));
    ds.sangong_text.total_change = Some(fig("-2", "第五部分"));
    assert!(findings(ds.clone(), Rule::SangongItems).is_empty());
    assert!(findings(ds.clone(), Rule::SangongUnits).is_empty());
    assert!(findings(ds.clone(), Rule::SangongNarrative).is_empty());
    // A narrative that says 减少 3 where the table says 2.
    ds.sangong_text.total_change = Some(fig("-3", "第五部分"));
    let f = findings(ds.clone(), Rule::SangongNarrative);
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].severity,
        Severity::Rounding,
        "two rounded table figures: ±1 is rounding"
    );
    ds.sangong_text.total_change = Some(fig("-5", "第五部分"));
    assert_eq!(
        findings(ds.clone(), Rule::SangongNarrative)[0].severity,
        Severity::Mismatch
    );
    // A unit row whose items do not add up.
    ds.sangong[1].total = Decimal::from(20);
    let f = findings(ds, Rule::SangongItems);
    assert_eq!(f[0].severity, Severity::Mismatch);
}

#[test]
fn stated_changes_agree_with_the_figures() {
    let mut ds = dataset("100", "100", "60", "40");
    ds.overall.expenditure = Some(fig("694773", "第二部分"));
    ds.overall.change = Some(fig("-72325", "第二部分"));
    ds.overall.change_pct = Some(fig("-9.43", "第二部分"));
    assert!(findings(ds.clone(), Rule::StatedChange).is_empty());
    ds.overall.change_pct = Some(fig("-9.44", "第二部分"));
    assert_eq!(
        findings(ds.clone(), Rule::StatedChange)[0].severity,
        Severity::Rounding
    );
    ds.overall.change_pct = Some(fig("-8.43", "第二部分"));
    assert_eq!(
        findings(ds, Rule::StatedChange)[0].severity,
        Severity::Mismatch
    );
}

#[test]
fn income_equals_spending() {
    let mut ds = dataset("100", "100", "60", "40");
    ds.overall.income = Some(fig("100", "第二部分 收入"));
    ds.overall.expenditure = Some(fig("100", "第二部分 支出"));
    assert!(findings(ds.clone(), Rule::IncomeEqualsSpending).is_empty());
    ds.overall.income = Some(fig("98", "第二部分 收入"));
    assert_eq!(
        findings(ds, Rule::IncomeEqualsSpending)[0].severity,
        Severity::Mismatch
    );
}

#[test]
fn staff_counts_are_exact() {
    let mut ds = dataset("100", "100", "60", "40");
    ds.staff.retirees = Some(10);
    ds.staff.source = Some(Source::default());
    let mut s = Staffing {
        retirees: Some(10),
        source: Source::default(),
        ..Default::default()
    };
    ds.units[0].staffing = Some(s.clone());
    assert!(findings(ds.clone(), Rule::StaffSums).is_empty());
    s.retirees = Some(9);
    ds.units[0].staffing = Some(s);
    let f = findings(ds, Rule::StaffSums);
    assert_eq!(
        f[0].severity,
        Severity::Mismatch,
        "a count of one off is no rounding"
    );
    assert_eq!(f[0].tolerance, Decimal::ZERO);
}

#[test]
fn the_bundled_budgets_findings() {
    let m = Model::new(vec![yusuan::load::bundled()]);
    let all = check::run(&m);
    let mismatches: Vec<(Rule, String)> = all
        .iter()
        .filter(|f| f.severity == Severity::Mismatch)
        .map(|f| (f.rule, f.message.clone()))
        .collect();
    assert_eq!(mismatches.len(), 6, "{mismatches:#?}");
    // 表14's project tasks against the projects: the cause of the 0.73.
    assert!(mismatches.iter().any(|(r, m)| *r == Rule::GoalsVsProjects
        && m.contains("市人社局本级")
        && m.contains("0.556963")));
    assert!(mismatches
        .iter()
        .any(|(r, m)| *r == Rule::UnitTreeSum && m.contains("可能的原因：市人社局本级")));
    // 2210199 is printed under 22102: the tree keeps it there (shares add
    // up) and the finding says its code names 22101.
    assert!(mismatches.iter().any(|(r, m)| *r == Rule::FunctionCodes
        && m.contains("2210199")
        && m.contains("22102 住房改革支出")
        && m.contains("22101")));
    assert!(!mismatches
        .iter()
        .any(|(r, m)| *r == Rule::FunctionTreeSum && m.contains("住房改革支出")));
    assert!(mismatches
        .iter()
        .any(|(r, m)| *r == Rule::ProcurementParts && m.contains("相差 -544")));
    assert!(mismatches
        .iter()
        .any(|(r, m)| *r == Rule::FiguresAgree && m.contains("人事考试管理")));
    assert!(all.iter().all(|f| !f.difference.is_zero()));
    let listing: String = all.iter().fold(String::new(), |mut s, f| {
        use std::fmt::Write as _;
        let _ = writeln!(s, "{:<9} {:<24} {}", f.severity.as_str(), f.rule, f.message);
        s
    });
    insta::assert_snapshot!(listing);
}

/// A finding read from a PDF cites each figure by page and row, as the
/// detail does, not by the line of the text the reader made of it; one read
/// from a text, by its line.
#[test]
fn a_findings_figures_are_cited_where_they_stand_in_the_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (m, _) = yusuan::load::open(&[root.join("tests/fixtures/pdf/shenzhen-hrss-2020-part.pdf")])
        .expect("the PDF opens");
    let found = check::run(&m);
    let cited: Vec<String> = found
        .iter()
        .flat_map(|f| f.figures.iter().map(move |c| (f, c)))
        .filter(|(_, c)| c.source.line > 0)
        .map(|(f, c)| f.cite(&m, c))
        .collect();
    assert!(!cited.is_empty(), "the fixture's findings cite figures");
    assert!(
        cited.iter().all(|c| c.contains("页") && c.contains("行")),
        "{cited:#?}"
    );
    let text = Model::new(vec![yusuan::load::bundled()]);
    let f = check::run(&text)
        .into_iter()
        .find(|f| f.rule == Rule::FunctionCodes)
        .expect("the misfiled 项");
    assert_eq!(
        f.cite(&text, &f.figures[0]),
        "表1 其他保障性安居工程支出 第367行"
    );
}
