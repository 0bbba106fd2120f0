//! Every number of the bundled text is accounted for: read into the dataset
//! on its line, or skipped with a reason. A text of a kind the importer does
//! not know shows at once what it did not understand.

use std::process::Command;
use yusuan::import::{coverage, import};
use yusuan::load::BUNDLED_SOURCE;

fn report(text: &str) -> yusuan::import::coverage::Coverage {
    let (d, _) = import(text, "x").unwrap();
    coverage(text, &d)
}

#[test]
fn the_bundled_text_has_no_unaccounted_number() {
    let c = report(BUNDLED_SOURCE);
    assert!(
        c.unaccounted.is_empty(),
        "not understood: {:?}",
        &c.unaccounted[..c.unaccounted.len().min(20)]
    );
    assert_eq!(c.numbers, c.read + c.skipped.len());
    // Why numbers were skipped, by count: a new reason, or a number moving
    // between reasons, shows here.
    let reasons: Vec<String> = c
        .reasons()
        .iter()
        .map(|(r, n)| format!("{n:>5}  {r}"))
        .collect();
    insta::assert_snapshot!(
        "bundled_coverage",
        format!("{}\n\n{}", c.summary(), reasons.join("\n"))
    );
}

#[test]
fn the_figures_the_audit_found_missing_are_read() {
    let c = report(BUNDLED_SOURCE);
    let skipped = |line: u32, text: &str| {
        c.skipped
            .iter()
            .find(|s| s.line == line && s.text == text)
            .map(|s| s.reason)
    };
    // 表7's department row, a unit's subtotal, a (专项资金) row; 表6's income;
    // 表1's 收入总计; 表13's split; part 2's bracketed 教育收费; part 7's vehicles.
    for (line, text) in [
        (532, "29,820"),
        (532, "636,910"),
        (533, "15,352"),
        (657, "70,011"),
        (442, "666,730"),
        (375, "694,773"),
        (841, "4,201"),
        (39, "1800"),
        (249, "42"),
        (249, "17"),
        (229, "19"),
    ] {
        assert_eq!(
            skipped(line, text),
            None,
            "line {line} {text} should be read"
        );
    }
}

#[test]
fn an_unknown_kind_of_figure_is_unaccounted_with_its_line() {
    let mut text = BUNDLED_SOURCE.to_string();
    text.push_str("\n## 第八部分 其他\n\n本年新增基建投资 3,456.78 万元，较上年增长 12.5%。\n");
    let lines = text.lines().count();
    let c = report(&text);
    let got: Vec<(u32, &str)> = c
        .unaccounted
        .iter()
        .map(|t| (t.line, t.text.as_str()))
        .collect();
    let last = u32::try_from(lines).unwrap();
    assert_eq!(got, [(last, "3,456.78"), (last, "12.5")]);
}

#[test]
fn import_prints_a_summary_and_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("budget.txt");
    std::fs::write(&text, BUNDLED_SOURCE).unwrap();
    let out = dir.path().join("out.ron");
    let rep = dir.path().join("report.json");
    let o = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args([
            "import",
            text.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .arg("--report")
        .arg(&rep)
        .output()
        .unwrap();
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(o.status.success(), "{err}");
    let summary = err.lines().find(|l| l.starts_with("coverage: ")).unwrap();
    assert!(summary.ends_with("unaccounted 0"), "{summary}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&rep).unwrap()).unwrap();
    let numbers = v["numbers"].as_u64().unwrap();
    let read = v["read"].as_u64().unwrap();
    let skipped = v["skipped"].as_array().unwrap();
    assert!(summary.starts_with(&format!("coverage: numbers {numbers} · read {read} · ")));
    assert_eq!(numbers, read + skipped.len() as u64);
    assert_eq!(v["unaccounted"].as_array().unwrap().len(), 0);
    let first = &skipped[0];
    assert_eq!(first["line"], 3, "the title's year: {first}");
    assert_eq!(first["text"], "2020");
    assert_eq!(first["reason"], "a year");
}
