//! The detail's labels against the document.

use super::lines;
use crate::model::{Kind, Model};
use crate::money::Unit;
use regex::Regex;

/// The bundled budget's tables as its document titles them, and the money
/// each counts (read off the document, not off the code under test).
const TABLES: [(&str, &str, &str); 7] = [
    ("表1", "部门收支预算总表", "全部资金"),
    ("表3", "部门支出预算总表", "全部资金"),
    ("表6", "财政拨款收支总体情况表", "财政拨款"),
    ("表7", "一般公共预算支出情况表", "一般公共预算"),
    ("表12", "“三公”经费财政拨款预算情况表", "财政拨款"),
    ("表14", "部门（单位）整体支出绩效目标表", "全部资金"),
    ("表15", "项目绩效目标表", "全部资金"),
];

/// Every heading and field of every node's detail that names a table
/// names it by the document's title, with the money that table counts;
/// 表3's block says it leaves out a 专项资金 row only for the units that
/// have one.
#[test]
fn each_label_names_its_table_and_the_money_it_counts() {
    let m = Model::new(vec![crate::load::bundled()]);
    let named = Regex::new(r"(表\d+) ").unwrap();
    let bare = Regex::new(r"（表\d+[）；，]").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut without_special = Vec::new();
    for id in m.ids() {
        if matches!(m.node(id).kind, Kind::Root | Kind::Year) {
            continue;
        }
        for l in lines(&m, &[], None, id, Unit::Wan, 400) {
            let label =
                l.starts_with('【') && !l.starts_with("【核对") || l.starts_with("基本项目");
            if !label {
                continue;
            }
            assert!(!bare.is_match(&l), "a table named by its number alone: {l}");
            for c in named.captures_iter(&l) {
                let t = &c[1];
                let rest = &l[c.get(0).unwrap().end()..];
                let Some((_, title, scope)) = TABLES.iter().find(|x| x.0 == t) else {
                    panic!("{t} is not a table of the document: {l}");
                };
                assert!(rest.starts_with(&format!("{title}，{scope}")), "{t}: {l}");
                seen.insert(t.to_string());
            }
            if l.contains("不含本单位专项资金行") {
                without_special.push(m.node(id).name.clone());
            }
        }
    }
    for t in ["表1", "表3", "表6", "表7", "表12", "表14", "表15"] {
        assert!(seen.contains(t), "no label names {t}: {seen:?}");
    }
    without_special.sort();
    assert_eq!(
        without_special,
        [
            "市人事人才公共服务中心",
            "市人社局本级",
            "市公共就业服务中心"
        ]
    );
}

/// 市考试院's 表3 row is its whole budget (10,089: 6,147.33 财政拨款 +
/// 3,942.13 其他资金 in 表14), said as 表3's 支出总计, never as 财政拨款.
#[test]
fn a_units_table3_row_is_its_spending_in_all_funds() {
    let m = Model::new(vec![crate::load::bundled()]);
    let id = m.ids().find(|id| m.node(*id).name == "市考试院").unwrap();
    let text = lines(&m, &[], None, id, Unit::Wan, 200).join("\n");
    assert!(
        text.contains("【支出与政府采购（表3 部门支出预算总表，全部资金）】"),
        "{text}"
    );
    assert!(
        text.contains("支出总计 10,089 · 基本支出 2,069 · 项目支出 8,020"),
        "{text}"
    );
    assert!(!text.contains("财政拨款支出合计"), "{text}");
    let id = m
        .ids()
        .find(|id| m.node(*id).name == "市公共就业服务中心")
        .unwrap();
    let text = lines(&m, &[], None, id, Unit::Wan, 200).join("\n");
    assert!(
        text.contains("深圳市公共就业服务中心(专项资金) 支出总计 2,380（表3 另列一行"),
        "{text}"
    );
}
