//! The bundled dataset against the published document: a typo in the asset,
//! or a regression in the importer, fails here.
//!
//! The tables are read again with a deliberately simple reader (split on
//! tabs, take the figures), independent of the importer, and compared with
//! the asset figure by figure.

use rust_decimal::Decimal;
use std::str::FromStr;
use yusuan::load;
use yusuan::model::{Kind, Model, View};
use yusuan::schema::Dataset;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn num(cell: &str) -> Option<Decimal> {
    let c: String = cell.trim().chars().filter(|c| *c != ',').collect();
    if c.is_empty() {
        return None;
    }
    Decimal::from_str(&c).ok()
}

fn dataset() -> Dataset {
    load::bundled()
}

/// The rows of every page of a table, from its title to the next table's `表N`.
fn table_rows(title: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in load::BUNDLED_SOURCE.lines() {
        let t = line.trim().trim_start_matches('#').trim();
        if t == title {
            inside = true;
            continue;
        }
        if inside && t.starts_with('表') && t.len() <= 6 {
            inside = false;
            continue;
        }
        if inside && line.contains('\t') {
            out.push(line.split('\t').map(|c| c.trim().to_string()).collect());
        }
    }
    out
}

#[test]
fn importing_the_source_gives_the_bundled_asset() {
    let (imported, _warnings) =
        yusuan::import::import(load::BUNDLED_SOURCE, "shenzhen-hrss-2020-budget.txt").unwrap();
    let bundled = dataset();
    assert_eq!(imported, bundled, "assets/shenzhen-hrss-2020.ron is not what the importer makes of the source: regenerate it (see docs/import.md)");
}

#[test]
fn part3_unit_and_category_totals() {
    // (unit, total, 人员, 公用, 对个人和家庭, 项目) as part 3 states them.
    let expected = [
        ("市人社局本级", 110_635, 8229, 2550, 1492, 98363),
        ("市人社局信息中心", 4892, 1402, 86, 71, 3332),
        ("深圳第二高级技工学校", 22610, 6341, 1240, 252, 14776),
        ("市劳动人事争议仲裁院", 4053, 1795, 183, 47, 2028),
        ("市公共就业服务中心", 7753, 2490, 597, 283, 4383),
        (
            "市高技能人才公共实训管理服务中心",
            20869,
            648,
            544,
            29,
            19647,
        ),
        ("市考试院", 10089, 1568, 151, 350, 8020),
        ("市人事人才公共服务中心", 513_874, 524, 31, 33, 513_286),
    ];
    let ds = dataset();
    assert_eq!(ds.units.len(), 8);
    for (name, total, a, b, c, p) in expected {
        let u = ds
            .units
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("unit {name}"));
        assert_eq!(u.figures[0].value, Decimal::from(total), "{name} total");
        assert!(u.figures[0].source.place.starts_with("第三部分"));
        let cats: Vec<(String, Decimal)> = u
            .categories
            .iter()
            .map(|c| (c.name.clone(), c.figures[0].value))
            .collect();
        assert_eq!(
            cats,
            vec![
                ("人员支出".to_string(), Decimal::from(a)),
                ("公用支出".to_string(), Decimal::from(b)),
                ("对个人和家庭的补助支出".to_string(), Decimal::from(c)),
                ("项目支出".to_string(), Decimal::from(p)),
            ],
            "{name}"
        );
    }
}

#[test]
fn table3_rows_match_the_text() {
    let ds = dataset();
    let rows: Vec<Vec<String>> = table_rows("部门支出预算总表")
        .into_iter()
        .filter(|r| !r[0].is_empty() && num(&r[1]).is_some())
        .collect();
    assert_eq!(rows.len(), 12);
    assert_eq!(ds.spending.len(), rows.len());
    for (r, s) in rows.iter().zip(&ds.spending) {
        assert_eq!(s.table_unit, r[0]);
        assert_eq!(Some(s.total), num(&r[1]), "{}", r[0]);
        assert_eq!(Some(s.basic), num(&r[2]), "{}", r[0]);
        assert_eq!(Some(s.project), num(&r[3]), "{}", r[0]);
        assert_eq!(s.procurement, num(&r[4]), "{}", r[0]);
        assert_eq!(
            s.procurement_previous,
            r.get(7).and_then(|c| num(c)),
            "{}",
            r[0]
        );
    }
    // The 专项资金 rows belong to their units.
    let special: Vec<(&str, &str)> = ds
        .spending
        .iter()
        .filter(|r| r.table_unit.contains("专项资金"))
        .map(|r| (r.table_unit.as_str(), r.unit.as_str()))
        .collect();
    assert_eq!(
        special,
        vec![
            ("深圳市人力资源和社会保障局(专项资金)", "市人社局本级"),
            ("深圳市公共就业服务中心(专项资金)", "市公共就业服务中心"),
            (
                "深圳市人事人才公共服务中心(专项资金)",
                "市人事人才公共服务中心"
            ),
        ]
    );
}

#[test]
fn table7_rows_match_the_text() {
    let ds = dataset();
    // 表7 is the only table with a 7-digit 科目编码 in its second column.
    let mut expected: Vec<(String, Decimal, Decimal, Decimal)> = load::BUNDLED_SOURCE
        .lines()
        .map(|l| {
            l.split('\t')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|r| {
            r.len() >= 6
                && r[0].is_empty()
                && r[1].len() == 7
                && r[1].chars().all(|c| c.is_ascii_digit())
        })
        .map(|r| {
            (
                r[1].clone(),
                num(&r[3]).unwrap(),
                num(&r[4]).unwrap(),
                num(&r[5]).unwrap(),
            )
        })
        .collect();
    let mut got: Vec<(String, Decimal, Decimal, Decimal)> = Vec::new();
    fn walk(fs: &[yusuan::schema::Function], out: &mut Vec<(String, Decimal, Decimal, Decimal)>) {
        for f in fs {
            for r in &f.by_unit {
                out.push((f.code.clone(), r.total, r.basic, r.project));
            }
            walk(&f.children, out);
        }
    }
    walk(&ds.functions, &mut got);
    expected.sort();
    got.sort();
    assert_eq!(expected.len(), 82);
    assert_eq!(got, expected);
}

#[test]
fn table1_and_table6_by_function() {
    let ds = dataset();
    let model = Model::new(vec![ds]);
    let find = |code: &str| {
        model
            .ids()
            .find(|id| model.node(*id).view == View::Function && &*model.node(*id).code == code)
            .unwrap_or_else(|| panic!("{code}"))
    };
    // (code, 表1 all funds, 表6 财政拨款)
    for (code, all, fiscal) in [
        ("201", "318532", "314722"),
        ("20110", "317083", "313273"),
        ("2011008", "250418", "250418"),
        ("2011099", "16738", "12928"),
        ("205", "33793", "29592"),
        ("2050303", "27518", "23332"),
        ("2050803", "242", "227"),
        ("206", "200000", "200000"),
        ("208", "67219", "67141"),
        ("20805", "2593", "2515"),
        ("2080505", "1516", "1464"),
        ("210", "421", "421"),
        ("213", "90", "90"),
        ("221", "74719", "74664"),
        ("2210199", "69000", "69000"),
        ("2210203", "3721", "3701"),
    ] {
        let n = model.node(find(code));
        assert_eq!(n.amount, d(all), "表1 {code}");
        assert_eq!(n.fiscal().map(|f| f.value), Some(d(fiscal)), "表6 {code}");
    }
    // The document prints 其他保障性安居工程支出 under 住房改革支出 (its code
    // says 22101): the tree keeps it where printed, so 221 holds one 款
    // whose stated 74,719 is the sum of its three 项 and shares add up.
    let parent = model.node(find("2210199")).parent.unwrap();
    assert_eq!(&*model.node(parent).code, "22102");
    let class = model.node(find("221"));
    assert_eq!(class.children, vec![parent]);
    let items: Decimal = model
        .node(parent)
        .children
        .iter()
        .map(|c| model.node(*c).amount)
        .sum();
    assert_eq!(items, d("74719"));
    assert_eq!(model.node(parent).amount, d("74719"));
}

#[test]
fn table1_income_nests() {
    let ds = dataset();
    let names: Vec<(String, Decimal, usize)> = ds
        .income
        .iter()
        .map(|l| (l.name.clone(), l.amount.value, l.children.len()))
        .collect();
    assert_eq!(names[0], ("财政拨款".to_string(), d("686630"), 4));
    assert_eq!(ds.income[0].children[0].name, "一般公共预算拨款");
    assert_eq!(ds.income[0].children[0].children.len(), 3);
    let total: Decimal = ds.income.iter().map(|l| l.amount.value).sum();
    assert_eq!(total, d("694773"), "income lines add up to 收入总计");
}

#[test]
fn table11_procurement_matches_the_text() {
    let ds = dataset();
    let rows = table_rows("政府采购项目支出预算表");
    let amounts: Vec<Decimal> = rows
        .iter()
        .filter_map(|r| r.last().and_then(|c| num(c)))
        .collect();
    fn flat(lines: &[yusuan::schema::Line], out: &mut Vec<Decimal>) {
        for l in lines {
            out.push(l.amount.value);
            flat(&l.children, out);
        }
    }
    let mut got = Vec::new();
    flat(&ds.procurement.lines, &mut got);
    assert_eq!(got, amounts);
    assert_eq!(ds.procurement.lines[0].amount.value, d("14436"));
}

#[test]
fn table12_sangong_matches_the_text() {
    let ds = dataset();
    let rows: Vec<Vec<Decimal>> = table_rows("“三公”经费财政拨款预算情况表")
        .iter()
        .filter(|r| r.iter().any(|c| c.ends_with('年') && c.len() == 7))
        .map(|r| {
            r.iter()
                .skip_while(|c| !c.ends_with('年'))
                .skip(1)
                .filter_map(|c| num(c))
                .collect()
        })
        .collect();
    assert_eq!(rows.len(), 18);
    assert_eq!(ds.sangong.len(), 18);
    for (r, s) in rows.iter().zip(&ds.sangong) {
        assert_eq!(
            r,
            &vec![
                s.total,
                s.abroad,
                s.reception,
                s.vehicles,
                s.vehicle_purchase,
                s.vehicle_operation
            ],
            "{} {}",
            s.unit,
            s.year
        );
    }
    let dept: Vec<_> = ds
        .sangong
        .iter()
        .filter(|r| r.unit == ds.department)
        .map(|r| (r.year, r.total))
        .collect();
    assert_eq!(dept, vec![(2019, d("112")), (2020, d("107"))]);
}

#[test]
fn table13_and_table15_reach_the_projects() {
    let model = Model::new(vec![dataset()]);
    let get = |path: &str| {
        let ids = model.lookup(path);
        assert_eq!(ids.len(), 1, "{path}: {ids:?}");
        model.node(ids[0])
    };
    // 表15 in 元 wins: 26,543,332.37 元 = 2,654.333237 万元, stated 2,654.
    let p = get("市人社局本级/项目支出/人力资源综合管理");
    assert_eq!(p.amount, d("2654.333237"));
    assert_eq!(p.stated(), Some(d("2654")));
    assert_eq!(p.sheet().unwrap().indicators.len(), 15);
    // 表13's split for 技工教育管理: 4,485 + 4,201, refined by 表15 in 元.
    let p = get("深圳第二高级技工学校/项目支出/技工教育管理");
    let f = p.funding().first().unwrap();
    assert_eq!((f.fiscal, f.other), (d("4484.830393"), d("4201")));
    // 政府投资项目 3,501 breaks down into its six 表15 projects.
    let p = get("市人社局本级/项目支出/政府投资项目");
    assert_eq!(p.children.len(), 6);
    let sum: Decimal = p.children.iter().map(|c| model.node(*c).amount).sum();
    assert_eq!(sum, d("3501.047082"));
    // 人事人才公共服务中心's 财政专项资金 509,000 into four.
    let p = get("市人事人才公共服务中心/项目支出/财政专项资金（经费）");
    let kids: Vec<(String, Decimal)> = p
        .children
        .iter()
        .map(|c| (model.node(*c).name.clone(), model.node(*c).amount))
        .collect();
    assert_eq!(
        kids,
        vec![
            ("新引进人才租房补贴".to_string(), d("69000")),
            ("产业发展与创新人才奖".to_string(), d("200000")),
            ("高层次人才奖励补贴".to_string(), d("239000")),
            ("高层次人才专项资金-人才伯乐奖".to_string(), d("1000")),
        ]
    );
    // 仲裁院's project comes from 表13 (part 3 does not list it).
    let p = get("市劳动人事争议仲裁院/项目支出/劳动关系协调管理");
    assert_eq!(p.amount, d("2027.5"));
    assert!(p.purpose.contains("兼职仲裁员"));
    // Every project of part 3 has a 表13 figure.
    let projects: Vec<_> = model
        .ids()
        .filter(|id| model.node(*id).kind == Kind::Project)
        .collect();
    assert_eq!(projects.len(), 33);
    for id in projects {
        let n = model.node(id);
        assert!(
            n.figures.iter().any(|f| f.source.place.starts_with("表13")),
            "{} has no 表13 figure",
            model.path(id).join("/")
        );
    }
}

#[test]
fn table14_unit_goals() {
    let ds = dataset();
    let totals: Vec<(String, Decimal)> = ds
        .units
        .iter()
        .map(|u| {
            (
                u.name.clone(),
                u.goals.as_ref().unwrap().total.as_ref().unwrap().value,
            )
        })
        .collect();
    assert_eq!(
        totals,
        vec![
            ("市人社局本级".to_string(), d("110634.81")),
            ("市人社局信息中心".to_string(), d("4891.72")),
            ("深圳第二高级技工学校".to_string(), d("22609.56")),
            ("市劳动人事争议仲裁院".to_string(), d("4052.83")),
            ("市公共就业服务中心".to_string(), d("7752.84")),
            (
                "市高技能人才公共实训管理服务中心".to_string(),
                d("20868.77")
            ),
            ("市考试院".to_string(), d("10089.46")),
            ("市人事人才公共服务中心".to_string(), d("513873.74")),
        ]
    );
    let exam = ds
        .units
        .iter()
        .find(|u| u.name == "市考试院")
        .unwrap()
        .goals
        .as_ref()
        .unwrap();
    assert_eq!(exam.funding.as_ref().unwrap().other, d("3942.13"));
    assert!(exam
        .indicators
        .iter()
        .any(|i| i.name == "公务员考试科次数" && i.target == "≥166800科次"));
    // LaTeX in the source reads as plain symbols.
    let school = ds
        .units
        .iter()
        .find(|u| u.name == "深圳第二高级技工学校")
        .unwrap()
        .goals
        .as_ref()
        .unwrap();
    assert!(school
        .indicators
        .iter()
        .any(|i| i.name == "学生满意度" && i.target == "≥95%"));
}

#[test]
fn part1_staffing_and_totals() {
    let ds = dataset();
    let s = &ds.staff;
    assert_eq!(
        (
            s.admin_establishment,
            s.admin_actual,
            s.public_establishment,
            s.public_actual
        ),
        (Some(171), Some(160), Some(329), Some(296))
    );
    assert_eq!(
        (
            s.retired_cadres,
            s.retirees,
            s.employees,
            s.students,
            s.vehicles
        ),
        (Some(5), Some(201), Some(101), Some(4995), Some(23))
    );
    let school = ds
        .units
        .iter()
        .find(|u| u.name == "深圳第二高级技工学校")
        .unwrap()
        .staffing
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            school.establishment,
            school.actual,
            school.students,
            school.vehicles,
            school.vehicles_other
        ),
        (Some(131), Some(108), Some(4995), Some(10), Some(4))
    );
    let o = &ds.overall;
    assert_eq!(o.expenditure.as_ref().unwrap().value, d("694773"));
    assert_eq!(o.change.as_ref().unwrap().value, d("-72325"));
    assert_eq!(o.change_pct.as_ref().unwrap().value, d("-9.43"));
    assert_eq!(o.reasons.len(), 8);
    assert_eq!(ds.other.running_costs.as_ref().unwrap().value, d("2733"));
    assert_eq!(ds.sangong_text.total.as_ref().unwrap().value, d("107"));
    assert_eq!(
        ds.sangong_text.total_change.as_ref().unwrap().value,
        d("-5")
    );
}

#[test]
fn the_unit_tree_adds_up_within_rounding() {
    let model = Model::new(vec![dataset()]);
    for id in model.ids() {
        let n = model.node(id);
        if n.view != View::Unit
            || n.children.is_empty()
            || matches!(n.kind, Kind::Root | Kind::Year)
        {
            continue;
        }
        let sum: Decimal = n.children.iter().map(|c| model.node(*c).amount).sum();
        let tolerance = Decimal::new(5, 1) * Decimal::from(n.children.len() as u64 + 1);
        assert!(
            (n.amount - sum).abs() <= tolerance,
            "{}: {} vs {}",
            model.path(id).join("/"),
            n.amount,
            sum
        );
    }
}
