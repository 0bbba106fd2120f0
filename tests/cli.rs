//! The real binary, as a script or a person would run it.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn yusuan(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .output()
        .expect("run yusuan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(args: &[&str]) -> Value {
    let o = yusuan(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn tree_aligns_columns_by_display_width() {
    let o = yusuan(&["tree", "--depth", "1"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("深圳市人力资源和社会保障局 2020年"));
    assert!(out.contains("市人事人才公共服务中心"));
    assert!(out.contains("513,873.74"));
    // Every row ends at the same display column.
    let widths: Vec<usize> = lines[1..]
        .iter()
        .map(|l| unicode_width::UnicodeWidthStr::width(*l))
        .collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}\n{out}");
    assert_eq!(lines.len(), 2 + 9, "department and its 8 units:\n{out}");
}

#[test]
fn tree_json_has_paths_kinds_amounts_and_shares() {
    let v = json(&["tree", "--json"]);
    let rows = v.as_array().unwrap();
    let dept = &rows[0];
    assert_eq!(dept["kind"], "department");
    assert_eq!(dept["amount_wan"], "694773");
    assert_eq!(
        dept["share_of_parent"], "100.00",
        "the only department of its year"
    );
    assert_eq!(dept["share_of_department"], "100.00");
    let p = rows
        .iter()
        .find(|r| {
            r["path"]
                == serde_json::json!([
                    "深圳市人力资源和社会保障局",
                    "市人社局本级",
                    "项目支出",
                    "人力资源综合管理"
                ])
        })
        .unwrap();
    assert_eq!(p["kind"], "project");
    assert_eq!(p["amount_wan"], "2654.333237");
    assert_eq!(p["stated_wan"], "2654");
    assert_eq!(p["share_of_department"], "0.38");
    let kinds: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["category", "department", "item", "project", "unit"]
            .into_iter()
            .collect()
    );
}

#[test]
fn function_view_is_the_code_tree() {
    let v = json(&["tree", "--view", "function", "--json", "--depth", "1"]);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[1]["kind"], "class");
    assert_eq!(rows[1]["code"], "201");
    assert_eq!(rows[1]["amount_wan"], "318532");
    let v = json(&["tree", "--view", "function", "--json"]);
    let item = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "2011008")
        .unwrap();
    assert_eq!(item["kind"], "item");
    // The 基本/项目 split of its 一般公共预算 (表7), 本级 1,935 + 高技能 800 + 专项资金 7,683 + 240,000.
    assert_eq!(item["general_budget_basic_wan"], "0");
    assert_eq!(item["general_budget_project_wan"], "250418");
    assert_eq!(
        item["path"],
        serde_json::json!([
            "深圳市人力资源和社会保障局",
            "一般公共服务支出",
            "人力资源事务",
            "引进人才费用"
        ])
    );
}

#[test]
fn units_switch_between_yuan_wan_and_yi() {
    let o = yusuan(&[
        "--unit",
        "yuan",
        "show",
        "市人社局本级/项目支出/人力资源综合管理",
    ]);
    assert!(stdout(&o).contains("26,543,332.37 元"), "{}", stdout(&o));
    let o = yusuan(&["show", "市人事人才公共服务中心", "--unit", "yi"]);
    // 亿元 at its one precision, four decimals, as the explorer's lists.
    assert!(stdout(&o).contains("51.3874 亿元"), "{}", stdout(&o));
}

#[test]
fn show_tells_everything_about_a_node() {
    let o = yusuan(&["show", "市人社局本级/项目支出/人力资源综合管理"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for want in [
        "2,654.333237 万元（文中 2,654 万元）",
        "财政拨款 2,654.333237",
        "法制建设",
        "人才园服务大厅日均业务量(含线上)",
        "≥2070宗",
        "表13",
        "表15 人力资源综合管理 本年度项目金额（元）",
        "第三部分",
    ] {
        assert!(out.contains(want), "missing {want:?}:\n{out}");
    }
    // A 科目 code names its line too.
    let v = json(&["show", "2011008", "--json"]);
    assert_eq!(v["name"], "引进人才费用");
    assert_eq!(v["amount_wan"], "250418");
    let v = json(&["show", "人力资源综合管理", "--json"]);
    assert_eq!(v["amount_wan"], "2654.333237");
    assert_eq!(v["performance"]["indicators"].as_array().unwrap().len(), 15);
    assert_eq!(v["funding"]["fiscal_wan"], "2654.333237");
}

#[test]
fn show_lists_candidates_for_an_ambiguous_name() {
    let o = yusuan(&["show", "人才引进及管理"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("市人社局本级/项目支出/人才引进及管理"),
        "{err}"
    );
    assert!(
        err.contains("市人事人才公共服务中心/项目支出/人才引进及管理"),
        "{err}"
    );
    let o = yusuan(&["show", "没有这个项目"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nothing is named"));
}

#[test]
fn sangong_json_compares_two_years() {
    let v = json(&["sangong", "--json"]);
    let rows = v.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let dept = rows.last().unwrap();
    assert_eq!(dept["unit"], "深圳市人力资源和社会保障局");
    assert_eq!(
        dept["total"],
        serde_json::json!({"2019": "112", "2020": "107", "change": "-5", "change_pct": "-4.46"})
    );
    assert_eq!(dept["reception"]["change"], "-1");
    assert_eq!(dept["abroad"]["change_pct"], Value::Null);
    let job = rows
        .iter()
        .find(|r| r["unit"] == "市公共就业服务中心")
        .unwrap();
    assert_eq!(
        job["vehicle_operation"],
        serde_json::json!({"2019": "16", "2020": "12", "change": "-4", "change_pct": "-25.00"})
    );
    let o = yusuan(&["sangong"]);
    let out = stdout(&o);
    assert!(out.contains("▼ -5") && out.contains("-4.46%"), "{out}");
}

#[test]
fn find_ranks_pinyin_initials_and_chinese() {
    let v = json(&["find", "rcyjjgl", "--json"]);
    let first = &v[0];
    assert_eq!(first["name"], "人才引进及管理");
    assert_eq!(
        first["amount_wan"], "1493.74",
        "larger amount first among equals"
    );
    assert_eq!(v[1]["name"], "人才引进及管理");
    let v = json(&["find", "rencaiyinjin", "--json", "--limit", "3"]);
    assert_eq!(v[0]["name"], "人才引进及管理");
    let v = json(&["find", "xietiao", "--json", "--limit", "1"]);
    assert!(v[0]["name"].as_str().unwrap().contains("协调"), "{v}");
    let v = json(&["find", "2011008", "--json", "--limit", "1"]);
    assert_eq!(v[0]["name"], "引进人才费用");
    assert_eq!(v[0]["kind"], "item");
    let v = json(&["find", "人才引进", "--json", "--limit", "2"]);
    assert_eq!(v[0]["name"], "人才引进及管理");
    assert_eq!(v[0]["positions"], serde_json::json!([0, 1, 2, 3]));
    // 三公 items are lines too: 公务接待 finds each unit's 公务接待费 first …
    let v = json(&["find", "公务接待", "--json"]);
    assert_eq!(v[0]["name"], "公务接待费");
    assert_eq!(v[0]["path"][1], "市人社局本级", "the largest first");
    assert_eq!(v[0]["amount_wan"], "19");
    // … then what only mentions it in what it is for, ranked last.
    let mention = v
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["name"] == "严控类项目")
        .unwrap();
    assert_eq!(mention["match"], "mention");
    let v = json(&["find", "三公", "--json"]);
    assert_eq!(v[0]["name"], "深圳市人力资源和社会保障局");
    assert_eq!(v[0]["amount_wan"], "107", "the department's 三公 total");
    let v = json(&["find", "人才", "--json", "--limit", "200"]);
    let tiers: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["match"].as_str().unwrap())
        .collect();
    let mut sorted = tiers.clone();
    sorted.sort_by_key(|t| {
        ["exact", "prefix", "word", "fuzzy", "mention"]
            .iter()
            .position(|x| x == t)
    });
    assert_eq!(
        tiers, sorted,
        "exact, then prefix, then whole words, then scattered, then mentions"
    );
    // A mention says where it matched, and the words around it.
    let v = json(&["find", "技能竞赛", "--json"]);
    assert_eq!(v[0]["match"], "mention");
    assert_eq!(v[0]["found"], "purpose");
    assert!(
        v[0]["excerpt"].as_str().unwrap().contains("技能竞赛"),
        "{v}"
    );
    let o = yusuan(&["find", "qqqqqqqq"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn check_exits_1_on_mismatch_and_lists_findings() {
    let o = yusuan(&["check", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let list = v.as_array().unwrap();
    assert!(list
        .iter()
        .any(|f| f["severity"] == "mismatch" && f["rule"] == "procurement-parts"));
    assert!(list
        .iter()
        .all(|f| f["severity"] == "mismatch" || f["severity"] == "rounding"));
    assert!(list.iter().all(|f| f["difference"] != "0"));
    // Each figure says where it stands in the text read.
    let misfiled = list.iter().find(|f| f["rule"] == "function-codes").unwrap();
    assert_eq!(misfiled["figures"][0]["source"]["at"], "第367行");
}

#[test]
fn check_json_cites_a_pdfs_figures_by_page_and_row() {
    let pdf = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/pdf/shenzhen-hrss-2020-part.pdf"
    );
    let o = yusuan(&["check", "--json", pdf]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let at: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["figures"].as_array().unwrap())
        .filter_map(|c| c["source"]["at"].as_str())
        .collect();
    assert!(!at.is_empty(), "{v}");
    assert!(at.iter().all(|a| a.contains('页')), "{at:?}");
}

fn write(dir: &Path, name: &str, content: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.display().to_string()
}

/// A small valid dataset in RON, to break in different ways.
fn small() -> String {
    r#"(
  format: 1,
  department: "测试局",
  year: 2020,
  units: [
    (
      name: "本级",
      full_name: "测试局本级",
      figures: [(value: "100", precision: 0, source: (place: "第三部分", line: 1))],
      categories: [
        (
          name: "项目支出",
          figures: [(value: "100", precision: 0, source: (place: "第三部分", line: 2))],
          children: [
            (name: "甲项目", figures: [(value: "60", precision: 0, source: (place: "第三部分", line: 3))]),
            (name: "乙项目", figures: [(value: "40", precision: 0, source: (place: "第三部分", line: 4))]),
          ],
        ),
      ],
    ),
  ],
)
"#
    .to_string()
}

#[test]
fn other_datasets_load_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "small.ron", small().as_bytes());
    let v = json(&["tree", "--json", &f]);
    assert_eq!(v.as_array().unwrap().len(), 5);
    assert_eq!(v[2]["share_of_parent"], "100.00");
    assert_eq!(v[3]["name"], "甲项目");
    assert_eq!(v[3]["share_of_parent"], "60.00");
}

#[test]
fn bad_input_is_a_clear_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let cases: Vec<(String, &str)> = vec![
        (p.join("missing.ron").display().to_string(), "no such file"),
        (write(p, "empty.ron", b""), "empty"),
        (
            write(p, "latin1.ron", b"(format: 1, department: \"\xe9\")"),
            "not UTF-8",
        ),
        (
            write(
                p,
                "syntax.ron",
                small()
                    .replace("name: \"甲项目\",", "name: \"甲项目\" ")
                    .as_bytes(),
            ),
            ":15:27: Expected comma",
        ),
        (
            write(
                p,
                "float.ron",
                small().replace("value: \"60\"", "value: 60").as_bytes(),
            ),
            "decimal strings",
        ),
        (
            write(p, "dup.ron", small().replace("乙项目", "甲项目").as_bytes()),
            "两",
        ),
        (
            write(
                p,
                "negative.ron",
                small().replace("\"40\"", "\"-40\"").as_bytes(),
            ),
            "negative amount -40",
        ),
        (
            write(
                p,
                "version.ron",
                small().replace("format: 1", "format: 99").as_bytes(),
            ),
            "format version 99",
        ),
        (p.display().to_string(), "directory"),
        (
            write(
                p,
                "long.ron",
                small().replace("乙项目", &"长".repeat(1001)).as_bytes(),
            ),
            "longer than a line's name can be",
        ),
    ];
    for (file, want) in cases {
        let o = yusuan(&["tree", &file]);
        assert_eq!(o.status.code(), Some(2), "{file}: {}", stderr(&o));
        let err = stderr(&o);
        let want = if want == "两" {
            "both named \"甲项目\""
        } else {
            want
        };
        assert!(err.contains(want), "{file}: expected {want:?} in {err:?}");
        assert!(err.starts_with("yusuan: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(o.stdout.is_empty());
    }
    // The explorer checks its files before touching the terminal.
    let o = yusuan(&[&p.join("missing.ron").display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn semantic_errors_name_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let with_functions = small().replace(
        "  units: [",
        "  functions: [(code: \"20\", name: \"坏编码\", children: [])],\n  units: [",
    );
    let o = yusuan(&["tree", &write(p, "code.ron", with_functions.as_bytes())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("科目编码 \"20\" is not 3, 5 or 7 digits"),
        "{}",
        stderr(&o)
    );
    let with_sangong = small().replace(
        "  units: [",
        "  sangong: [(unit: \"不存在的单位\", year: 2020, total: \"1\", abroad: \"0\", reception: \"1\", vehicles: \"0\", vehicle_purchase: \"0\", vehicle_operation: \"0\", source: (place: \"表12\"))],\n  units: [",
    );
    let o = yusuan(&["tree", &write(p, "sangong.ron", with_sangong.as_bytes())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("不存在的单位"), "{}", stderr(&o));
}

#[test]
fn import_writes_a_dataset_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hrss.ron");
    let src = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/shenzhen-hrss-2020-budget.txt"
    );
    let o = yusuan(&["import", src, "-o", &out.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning: ") && stderr(&o).contains("line 953"),
        "warnings carry line numbers"
    );
    let written = std::fs::read_to_string(&out).unwrap();
    let bundled = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/shenzhen-hrss-2020.ron"
    ))
    .unwrap();
    assert_eq!(
        written, bundled,
        "the bundled asset is exactly what import writes"
    );
    // A text opens directly too.
    let v = json(&["tree", "--json", "--depth", "0", src]);
    assert_eq!(v[0]["amount_wan"], "694773");
    // An import that cannot be written leaves nothing behind.
    let o = yusuan(&["import", src, "-o", "/nonexistent-dir/x.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"));
}

#[test]
fn several_files_group_by_year_then_department() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.ron", small().as_bytes());
    let b = write(
        dir.path(),
        "b.ron",
        small()
            .replace("测试局", "另一局")
            .replace("2020", "2019")
            .as_bytes(),
    );
    let v = json(&["tree", "--json", "--depth", "0", &a, &b]);
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "全部");
    // Two years: side by side, each department with its own year, never added.
    assert_eq!(v[0]["years"]["2019"], "100");
    assert_eq!(v[0]["years"]["2020"], "100");
    assert!(names.contains(&"测试局") && names.contains(&"另一局"));
    let other = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "另一局")
        .unwrap();
    assert!(other["years"]["2020"].is_null() && other["years"]["2019"] == "100");
    let o = yusuan(&["tree", &a, &a]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the same file as"), "{}", stderr(&o));
}

#[test]
fn import_never_writes_through_a_planted_symlink_and_replaces_only_whole() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "precious").unwrap();
    let out = dir.path().join("out.ron");
    // The old fixed temporary name, planted as a link to the victim.
    std::os::unix::fs::symlink(&victim, dir.path().join("out.ron.tmp")).unwrap();
    std::fs::write(&out, "the previous dataset").unwrap();
    let src = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/shenzhen-hrss-2020-budget.txt"
    );
    let o = yusuan(&["import", src, "-o", &out.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::read_to_string(&out).unwrap().starts_with('('));
    // No temporary is left: the victim, the planted link and the output.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    // A failed import leaves the previous output as it was.
    let bad = write(dir.path(), "bad.txt", b"not a budget at all");
    std::fs::write(&out, "the previous dataset").unwrap();
    let o = yusuan(&["import", &bad, "-o", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous dataset"
    );
    // A text that is not UTF-8: where it stops being so, and nothing written.
    let latin = write(dir.path(), "latin1.txt", b"abc\n\xe9t\xe9\n");
    let o = yusuan(&["import", &latin, "-o", &out.display().to_string()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("latin1.txt:2:1: not UTF-8 text"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "the previous dataset"
    );
}

#[test]
fn data_never_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let nasty = small()
        .replace("\"甲项目\"", "\"甲\\u{1b}]0;pwned\\u{7}项目\"")
        .replace(
            "\"乙项目\"",
            "\"乙\\u{202e}目项\\u{1b}]52;c;eA==\\u{7}\\u{9b}2J\"",
        );
    let f = write(dir.path(), "nasty.ron", nasty.as_bytes());
    for args in [
        vec!["tree", &f],
        vec!["find", "jia", &f],
        vec!["show", "本级/项目支出", &f],
        vec!["check", &f],
        vec!["tree", "--json", &f],
        vec!["find", "jia", "--json", &f],
    ] {
        let o = yusuan(&args);
        let out = stdout(&o) + &stderr(&o);
        assert!(
            !out.contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
            "{args:?}: {out:?}"
        );
        if args[0] != "check" {
            assert!(
                out.contains("u{1b}") || out.contains("u001b"),
                "{args:?}: {out}"
            );
        }
    }
    // JSON stays faithful: it reads back to the original name.
    let v = json(&["tree", "--json", &f]);
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"甲\u{1b}]0;pwned\u{7}项目"), "{names:?}");
    // A file name from the command line is sanitised too.
    let o = yusuan(&["tree", "no-such-\u{1b}]0;x\u{7}.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        !stderr(&o).contains('\u{1b}') && stderr(&o).contains("u{1b}"),
        "{}",
        stderr(&o)
    );
    // So is an argument echoed by a usage error.
    let o = yusuan(&["tree", "--unit", "\u{1b}[2J"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\u{1b}'), "{}", stderr(&o));
}

#[test]
fn limits_and_messages_name_the_place_without_library_advice() {
    let dir = tempfile::tempdir().unwrap();
    // Children of children, 300 deep.
    let leaf = r#"(name: "x", figures: [(value: "1", precision: 0, source: (place: "p", line: 1))], children: ["#;
    let deep = small().replacen(
        "children: [",
        &format!("children: [{}{}", leaf.repeat(300), "])".repeat(300) + ","),
        1,
    );
    let o = yusuan(&["tree", &write(dir.path(), "deep.ron", deep.as_bytes())]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("nested more than 128 levels") && !e.contains("serde_stacker"),
        "{e}"
    );
    for (value, want) in [
        ("\"9999999999999999999999999999\"", "out of range"),
        ("\"0.0000000000001\"", "more than 12 decimals"),
    ] {
        let t = small().replace("\"60\"", value);
        let o = yusuan(&["tree", &write(dir.path(), "big.ron", t.as_bytes())]);
        assert_eq!(o.status.code(), Some(2), "{value}");
        assert!(
            stderr(&o).contains(want) && stderr(&o).contains("本级/项目支出"),
            "{}",
            stderr(&o)
        );
    }
    let t = small().replace(
        "(value: \"40\", precision: 0",
        "(value: \"40\", precision: 4294967295",
    );
    let o = yusuan(&["check", &write(dir.path(), "p.ron", t.as_bytes())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("precision 4294967295"),
        "{}",
        stderr(&o)
    );
    // A huge name is shortened in the message: its start and its length.
    let t = small()
        .replace("\"60\"", "\"-60\"")
        .replace("甲项目", &"甲".repeat(3000));
    let o = yusuan(&["tree", &write(dir.path(), "n.ron", t.as_bytes())]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("(3000 characters)") && e.len() < 1000, "{e}");
}

#[path = "data/prior_year.rs"]
mod prior_year;

#[test]
fn diff_compares_two_years_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let y2019 = prior_year::write_2019(dir.path()).display().to_string();
    let y2020 = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/shenzhen-hrss-2020.ron");
    let v = json(&["diff", "--json", &y2019, y2020]);
    let rows = v.as_array().unwrap();
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("{name} is listed"))
    };
    let dept = &rows[0];
    assert_eq!(dept["name"], "深圳市人力资源和社会保障局");
    assert_eq!(
        (dept["from_wan"].as_str(), dept["to_wan"].as_str()),
        (Some("767098"), Some("694773"))
    );
    assert_eq!(
        (dept["change_wan"].as_str(), dept["change_pct"].as_str()),
        (Some("-72325"), Some("-9.43"))
    );
    let talent = row("人才引进及管理");
    assert_eq!(talent["status"], "changed");
    assert_eq!(
        (talent["from_year"].as_i64(), talent["to_year"].as_i64()),
        (Some(2019), Some(2020))
    );
    assert_eq!(
        (talent["from_wan"].as_str(), talent["to_wan"].as_str()),
        (Some("1200.5"), Some("1493.74"))
    );
    assert_eq!(
        (talent["change_wan"].as_str(), talent["change_pct"].as_str()),
        (Some("293.24"), Some("24.43"))
    );
    assert!(talent["previous_name"].is_null());
    let added = row("预算准备金");
    assert_eq!(
        (added["status"].as_str(), added["from_wan"].is_null()),
        (Some("added"), true)
    );
    assert!(added["change_pct"].is_null());
    let removed = row("就业创业补贴管理");
    assert_eq!(
        (removed["status"].as_str(), removed["to_wan"].is_null()),
        (Some("removed"), true)
    );
    assert_eq!(
        removed["path"][1], "市人社局本级",
        "a removed line's path is its earlier one"
    );
    let renamed = row("信息化建设与运行");
    assert_eq!(
        (
            renamed["status"].as_str(),
            renamed["previous_name"].as_str()
        ),
        (Some("renamed"), Some("信息化建设与运维"))
    );
    // Moved from 公用支出 to 项目支出: listed once, under 项目支出.
    let moved: Vec<&Value> = rows
        .iter()
        .filter(|r| r["name"] == "公职人员管理")
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0]["path"][2], "项目支出");
    // Human output: both years, change, %, status readable without colour.
    let o = yusuan(&["diff", "--sort", "change", &y2019, y2020]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("2019年 → 2020年"), "{out}");
    for want in [
        "▲ +293.24",
        "24.43%",
        "新增",
        "取消",
        "更名（原 信息化建设与运维）",
        "▼ -72,325",
    ] {
        assert!(out.contains(want), "{want}:\n{out}");
    }
    // Two years open: `tree` shows them side by side and never adds them.
    let v = json(&["tree", "--json", "--depth", "1", &y2019, y2020]);
    assert_eq!(v[0]["name"], "深圳市人力资源和社会保障局");
    assert_eq!(v[0]["years"]["2019"], "767098");
    assert_eq!(v[0]["years"]["2020"], "694773");
    let o = yusuan(&["tree", "--depth", "1", &y2019, y2020]);
    assert!(
        !stdout(&o).contains("1,461,871"),
        "no cross-year total:\n{}",
        stdout(&o)
    );
    // A year not open, and a mapping file naming a line that does not exist.
    let o = yusuan(&["diff", "--from", "2018", &y2019, y2020]);
    assert_eq!(o.status.code(), Some(2));
    let m = write(dir.path(), "m.ron", "[\n (\"深圳市人力资源和社会保障局\", 2020, \"市人社局本级/项目支出/没有\", \"市人社局本级/项目支出/预算准备金\"),\n]\n".as_bytes());
    let o = yusuan(&["diff", "--match", &m, &y2019, y2020]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("m.ron:2:") && stderr(&o).contains("没有"),
        "{}",
        stderr(&o)
    );
    // A mapping file forces a pairing.
    let m = write(dir.path(), "m2.ron", "[(\"深圳市人力资源和社会保障局\", 2020, \"市人社局本级/项目支出/就业创业补贴管理\", \"市人社局本级/项目支出/预算准备金\")]".as_bytes());
    let v = json(&["diff", "--json", "--match", &m, &y2019, y2020]);
    let r = v
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "预算准备金")
        .unwrap();
    assert_eq!(
        (r["status"].as_str(), r["previous_name"].as_str()),
        (Some("renamed"), Some("就业创业补贴管理"))
    );
    // One year: the document's own earlier figure, as 上年.
    let v = json(&["diff", "--json"]);
    assert_eq!(v[0]["from_wan"], "767098");
}

/// `YUSUAN_WRITE_2019=FILE cargo test --test cli write_the_test_prior_year -- --ignored`
/// writes the test-only "2019" dataset, to try the comparison by hand.
#[test]
#[ignore = "a tool, not a test"]
fn write_the_test_prior_year() {
    if let Some(p) = std::env::var_os("YUSUAN_WRITE_2019") {
        std::fs::write(p, yusuan::schema::to_ron(&prior_year::hrss_2019()).unwrap()).unwrap();
    }
}

#[test]
fn exports_read_back_with_the_trees_figures() {
    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("unit.csv");
    let o = yusuan(&["export", "-o", &csv_path.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "a byte-order mark for Excel and WPS"
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..2], ["层级1", "层级2"]);
    let amount_col = header.iter().position(|h| h == "金额(万元)").unwrap();
    let kind_col = header.iter().position(|h| h == "类型").unwrap();
    let name_col = header.iter().position(|h| h == "名称").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    // The units add up to 694,773.73, as the tree's units do; exact decimals.
    let units: rust_decimal::Decimal = rows
        .iter()
        .filter(|x| &x[kind_col] == "单位")
        .map(|x| x[amount_col].parse::<rust_decimal::Decimal>().unwrap())
        .sum();
    assert_eq!(units.to_string(), "694773.73");
    let talent = rows
        .iter()
        .find(|x| &x[name_col] == "人力资源综合管理")
        .unwrap();
    assert_eq!(
        &talent[amount_col], "2654.333237",
        "as precise as the document"
    );
    // Byte-for-byte stable.
    let again = dir.path().join("again.csv");
    yusuan(&["export", "-o", &again.display().to_string()]);
    assert_eq!(std::fs::read(&again).unwrap(), bytes);

    // XLSX: sheets, numbers as numbers, outline levels, stable bytes.
    let x = dir.path().join("all.xlsx");
    let o = yusuan(&["export", "-o", &x.display().to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&x).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "按单位",
            "按科目",
            "收入与采购",
            "三公经费",
            "单位对比",
            "核对",
            "标记与备注"
        ]
    );
    let sheet = wb.worksheet_range("按单位").unwrap();
    let head: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let a = head.iter().position(|h| h == "金额(万元)").unwrap();
    let dept = sheet.rows().nth(1).unwrap();
    assert_eq!(dept[a], calamine::Data::Float(694_773.0));
    // 核对: a 科目 printed under another 款 is 位置, with no difference.
    let checks = wb.worksheet_range("核对").unwrap();
    let placed = checks.rows().find(|r| r[1] == "function-codes").unwrap();
    assert_eq!(placed[0].to_string(), "位置");
    assert_eq!(placed[4], calamine::Data::Empty, "no 相差 sized like money");
    let file = std::fs::File::open(&x).unwrap();
    let mut z = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(
        xml.contains("outlineLevel=\"1\"") && xml.contains("outlineLevel=\"3\""),
        "rows fold in Excel"
    );
    assert!(
        xml.contains("<outlinePr summaryBelow=\"0\"/>"),
        "totals sit above their details: summary rows below detail off"
    );
    assert!(
        xml.contains("<pane ") && xml.contains("ySplit=\"1\""),
        "a frozen header"
    );
    // An ordinary file, readable as the umask allows (not 0600).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&x), mode(&plain));
    }
    let x2 = dir.path().join("again.xlsx");
    yusuan(&["export", "-o", &x2.display().to_string()]);
    assert_eq!(std::fs::read(&x2).unwrap(), std::fs::read(&x).unwrap());

    // Markdown, with a filter: only real disagreements (and their ancestors).
    let md = dir.path().join("m.md");
    let o = yusuan(&[
        "export",
        "--only",
        "mismatch",
        "-o",
        &md.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.starts_with("## 按单位\n\n| 层级1 |"), "{text}");
    assert!(
        text.contains("人事考试管理") && !text.contains("人员支出"),
        "{text}"
    );
    // A failed export leaves nothing behind.
    let o = yusuan(&["export", "-o", "/nonexistent-dir/x.csv"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn notes_list_marks_as_json_markdown_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("notes.ron");
    std::fs::write(
        &f,
        r#"(format: 1, notes: [
  (key: (department: "深圳市人力资源和社会保障局", year: 2020, view: "unit", path: ["深圳市人力资源和社会保障局", "市人社局本级", "项目支出", "人才引进及管理"]), text: "问：为何增加？"),
  (key: (department: "深圳市人力资源和社会保障局", year: 2020, view: "unit", path: ["深圳市人力资源和社会保障局", "市人社局本级", "项目支出", "已经没有的项目"]), text: "旧备注"),
])"#,
    )
    .unwrap();
    let notes = f.display().to_string();
    let v = json(&["notes", "--format", "json", "--notes", &notes]);
    assert_eq!(v[0]["name"], "人才引进及管理");
    assert_eq!(v[0]["amount_wan"], "1493.74");
    assert_eq!(v[0]["note"], "问：为何增加？");
    assert_eq!(v[0]["orphaned"], false);
    assert_eq!(v[1]["orphaned"], true, "kept, never dropped");
    let o = yusuan(&["notes", "--notes", &notes]);
    let md = stdout(&o);
    assert!(
        md.contains("## 深圳市人力资源和社会保障局 2020年 · 市人社局本级"),
        "{md}"
    );
    assert!(
        md.contains("**人才引进及管理** — 1,493.74 万元，占单位 1.35%")
            && md.contains("> 问：为何增加？"),
        "{md}"
    );
    let o = yusuan(&["notes", "--format", "csv", "--notes", &notes]);
    assert!(stdout(&o).contains("问：为何增加？"));
    // `--only marked` keeps the marked lines.
    let v = json(&["tree", "--json", "--only", "marked", "--notes", &notes]);
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.last(), Some(&"人才引进及管理"), "{names:?}");
    assert_eq!(names.len(), 4, "the line and its ancestors: {names:?}");
}

#[test]
fn the_binary_cache_is_used_checked_and_safe_to_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let bundled = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/shenzhen-hrss-2020.ron"
    ))
    .unwrap();
    // Big enough to be cached (a comment pads it past 1 MiB).
    let big = format!("// {}\n{bundled}", "x".repeat(1 << 20));
    let f = write(dir.path(), "big.ron", big.as_bytes());
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_yusuan"))
            .args(["tree", "--json", "--depth", "1", &f])
            .env("XDG_CACHE_HOME", &cache)
            .env_remove("YUSUAN_NO_CACHE")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{}", stderr(&first));
    let entries: Vec<_> = std::fs::read_dir(cache.join("yusuan"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(
        run().stdout,
        first.stdout,
        "the cached parse gives the same tree"
    );
    // The file is remembered as unchanged (not read again next time)...
    let known = std::fs::read_to_string(cache.join("yusuan/files.txt")).unwrap();
    assert_eq!(known.lines().count(), 1, "{known}");
    assert_eq!(run().stdout, first.stdout);
    // ...until it changes, even to the same size.
    let renamed = big.replace("市人社局本级", "市人社局总部");
    assert_eq!(renamed.len(), big.len());
    std::fs::write(&f, renamed.as_bytes()).unwrap();
    let changed = run();
    assert!(
        stdout(&changed).contains("市人社局总部") && !stdout(&changed).contains("市人社局本级"),
        "{}",
        stdout(&changed)
    );
    std::fs::write(&f, big.as_bytes()).unwrap();
    assert_eq!(run().stdout, first.stdout);
    // A corrupt entry is ignored and rewritten; a deleted cache is no harm.
    std::fs::write(&entries[0], b"yusuan-cache-1-garbage").unwrap();
    assert_eq!(run().stdout, first.stdout);
    assert!(
        std::fs::read(&entries[0]).unwrap().len() > 1000,
        "rewritten"
    );
    std::fs::remove_dir_all(&cache).unwrap();
    assert_eq!(run().stdout, first.stdout);
}

#[test]
fn a_collection_too_big_for_memory_fails_clearly() {
    let f = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/shenzhen-hrss-2020.ron");
    let o = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["tree", f])
        .env("YUSUAN_MEMORY_LIMIT", "1000000")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("would need about") && e.contains("open fewer departments or years"),
        "{e}"
    );
}

#[test]
fn show_json_carries_what_the_detail_shows() {
    let v = json(&["show", "深圳市人力资源和社会保障局", "--json"]);
    assert_eq!(v["overall"]["prior_wan"], "767098");
    assert_eq!(v["overall"]["change_wan"], "-72325");
    assert_eq!(v["staff"]["employees"], 101);
    assert_eq!(v["staff"]["vehicles_other"], 4);
    assert_eq!(v["staff"]["source"]["line"], 13);
    assert_eq!(v["sangong"]["total"]["2020"], "107");
    let v = json(&["show", "市考试院", "--json"]);
    assert_eq!(v["staffing"]["establishment_kind"], "事业");
    assert_eq!(v["staffing"]["establishment"], 32);
    assert_eq!(v["staffing"]["vehicles_other"], 0);
    assert!(v["staffing"]["text"]
        .as_str()
        .unwrap()
        .starts_with("7. 市考试院事业编制数32人"));
    let v = json(&["show", "市人社局本级", "--json"]);
    assert_eq!(
        v["spending"]["total_wan"], "40624",
        "表3's own row, without 专项资金"
    );
    assert_eq!(v["goals"]["tasks"].as_array().unwrap().len(), 9);
    let v = json(&["show", "2011008", "--json"]);
    let rows = v["general_budget_by_unit"].as_array().unwrap();
    assert!(rows.iter().any(
        |r| r["table_unit"] == "深圳市人力资源和社会保障局(专项资金)" && r["total_wan"] == "7683"
    ));
    let v = json(&["show", "市人社局本级/项目支出/人力资源综合管理", "--json"]);
    assert!(v["performance"].get("asset_purchase_wan").is_some());
}

#[test]
fn show_json_carries_the_stated_figures_totals_and_both_splits() {
    let v = json(&["show", "--json", "深圳市人力资源和社会保障局"]);
    let stated = v["stated"].as_array().unwrap();
    let find = |needle: &str| {
        stated
            .iter()
            .find(|s| s["label"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {stated:?}"))
    };
    assert_eq!(find("其中定编车辆")["value"], "19");
    assert_eq!(find("其中定编车辆")["source"]["line"], 229);
    assert_eq!(find("一般公务用车17")["unit"], "辆");
    assert_eq!(find("通用设备24")["value"], "24");
    assert_eq!(find("教育收费")["value"], "1800");
    let totals = v["table_totals"].as_array().unwrap();
    assert!(totals
        .iter()
        .any(|t| t[0] == "表1 本年收入合计" && t[1]["value"] == "693472"));
    assert!(totals
        .iter()
        .any(|t| t[0] == "表1 收入总计" && t[1]["source"]["line"] == 375));
    let dept = &v["table3_rows"][0];
    assert_eq!(
        (
            &dept["procurement_sme"],
            &dept["procurement_micro"],
            &dept["procurement_previous"]
        ),
        (&"5994".into(), &"734".into(), &"545".into())
    );
    assert_eq!(v["overall"]["income_change_wan"], "-72325");
    assert_eq!(v["overall"]["income_change_pct"], "-9.43");
    assert_eq!(v["overall"]["running_costs_change_pct"], "-1.26");
    assert_eq!(v["sangong"]["vehicles"]["2020"], "80", "表12's 小计");
    // 表7's subtotals and 表6's income: the department in the 科目 and money trees.
    let f = json(&[
        "show",
        "--view",
        "function",
        "--json",
        "深圳市人力资源和社会保障局",
    ]);
    let rows = f["table7_subtotals"].as_array().unwrap();
    assert_eq!(
        (&rows[0]["basic"], &rows[0]["project"]),
        (&"29820".into(), &"636910".into())
    );
    assert!(rows
        .iter()
        .any(|r| r["table_unit"] == "深圳市人力资源和社会保障局本级" && r["project"] == "15352"));
    let m = json(&[
        "show",
        "--view",
        "money",
        "--json",
        "深圳市人力资源和社会保障局",
    ]);
    assert_eq!(m["fiscal_income"][0]["amount"]["value"], "666730");
    let p = json(&["show", "--json", "技工教育管理"]);
    assert_eq!(p["funding_table13"]["fiscal_wan"], "4485");
    assert_eq!(p["funding_table13"]["other_wan"], "4201");
    assert_eq!(
        p["funding"]["source"]["line"], 2045,
        "表15's own 财政拨款资金 line"
    );
}

/// `--version` names the budget that comes bundled.
#[test]
fn version_names_the_bundled_budget() {
    for flag in ["--version", "-V"] {
        let o = yusuan(&[flag]);
        assert!(o.status.success());
        assert_eq!(
            stdout(&o),
            format!(
                "yusuan {} (bundled: 2020年深圳市人力资源和社会保障局部门预算)\n",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}

/// Completions for each shell: a script that names every command and
/// option, and that the shell itself reads without a syntax error.
#[test]
fn completions_for_bash_zsh_and_fish() {
    let commands = [
        "tree", "show", "diff", "export", "notes", "sangong", "find", "check", "import", "man",
    ];
    for (shell, head) in [
        ("bash", "_yusuan()"),
        ("zsh", "#compdef yusuan"),
        ("fish", "complete -c yusuan"),
    ] {
        let o = yusuan(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        assert!(script.contains(head), "{shell}:\n{script}");
        // Options as each shell spells them (`--unit`, fish's `-l unit`).
        for word in commands
            .iter()
            .chain(&["unit", "json", "view", "ambiguous-wide"])
        {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
        // The shell's own parser, where the shell is installed.
        let check = if shell == "fish" {
            "--no-execute"
        } else {
            "-n"
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("yusuan.{shell}"));
        std::fs::write(&path, &script).unwrap();
        if let Ok(r) = Command::new(shell).arg(check).arg(&path).output() {
            assert!(
                r.status.success(),
                "{shell} {check}: {}",
                String::from_utf8_lossy(&r.stderr)
            );
        }
    }
    let o = yusuan(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bash"), "{}", stderr(&o));
}

/// `yusuan man`: a man page in roff, with every command.
#[test]
fn man_prints_a_man_page() {
    let o = yusuan(&["man"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.contains(".TH yusuan 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}:\n{page}");
    }
    for command in [
        "yusuan\\-tree",
        "yusuan\\-show",
        "yusuan\\-export",
        "yusuan\\-completions",
    ] {
        assert!(page.contains(command), "{command}:\n{page}");
    }
    assert!(
        page.contains("2020年深圳市人力资源和社会保障局部门预算"),
        "{page}"
    );
    // man itself renders it, where it is installed.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yusuan.1");
    std::fs::write(&path, &page).unwrap();
    if let Ok(r) = Command::new("man")
        .arg("-l")
        .arg(&path)
        .env("MANPAGER", "cat")
        .output()
    {
        if r.status.success() {
            assert!(String::from_utf8_lossy(&r.stdout).contains("yusuan"));
        }
    }
}

#[test]
fn export_units_puts_the_units_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("units.csv");
    let o = yusuan(&[
        "export",
        "--view",
        "units",
        "-o",
        &out.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let head = lines.next().unwrap();
    assert!(
        head.starts_with("单位,人员支出(万元),公用支出(万元)"),
        "{head}"
    );
    assert!(head.contains("三公(万元),编制,人均人员支出"), "{head}");
    // The department first (its 三公 107 and 编制 500), then 市人社局本级.
    assert_eq!(
        lines.next().unwrap(),
        "深圳市人力资源和社会保障局,22997,5382,2557,663835,694773,107,500,45.99"
    );
    assert!(lines.next().unwrap().starts_with("市人社局本级,8229,"));
}
