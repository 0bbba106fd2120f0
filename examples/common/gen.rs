//! A deterministic generator of city-wide datasets for benchmarks: many
//! departments with many projects, named with words from the bundled budget.
//! The output is ordinary datasets, written as RON files `yusuan` can open.
//!
//! Benchmark and test code only: benches, examples and tests include this
//! file with `#[path]`, so none of it ships in the `yusuan` binary.

#![allow(dead_code)]
// Generated amounts and counts are small; this is benchmark code.
#![allow(
    clippy::cast_possible_wrap,
    clippy::cast_possible_truncation,
    clippy::too_many_lines
)]

use rust_decimal::Decimal;
use yusuan::schema::{
    category, to_ron, Dataset, Entry, Figure, Other, Overall, Procurement, SangongNarrative,
    SangongRow, Source, StaffTotals, Unit, FORMAT_VERSION,
};

/// A small, fast, deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
}

const BUREAUS: &[&str] = &[
    "教育局",
    "卫生健康委员会",
    "人力资源和社会保障局",
    "民政局",
    "交通运输局",
    "住房和建设局",
    "水务局",
    "生态环境局",
    "科技创新委员会",
    "工业和信息化局",
    "商务局",
    "文化广电旅游体育局",
    "司法局",
    "财政局",
    "审计局",
    "统计局",
    "应急管理局",
    "市场监督管理局",
    "规划和自然资源局",
    "城市管理和综合执法局",
    "发展和改革委员会",
    "公安局",
    "退役军人事务局",
    "医疗保障局",
    "政务服务数据管理局",
    "地方金融监督管理局",
    "国有资产监督管理委员会",
    "气象局",
    "档案馆",
    "机关事务管理局",
];
const DISTRICTS: &[&str] = &[
    "",
    "福田区",
    "罗湖区",
    "南山区",
    "盐田区",
    "宝安区",
    "龙岗区",
    "龙华区",
    "坪山区",
    "光明区",
];
const SUFFIXES: &[&str] = &[
    "管理",
    "建设",
    "补贴",
    "经费",
    "专项资金",
    "服务",
    "运行维护",
    "项目",
    "资助",
    "奖励",
    "购置",
    "培训",
];
const UNIT_SUFFIXES: &[&str] = &[
    "本级",
    "信息中心",
    "服务中心",
    "管理中心",
    "执法支队",
    "研究院",
    "培训中心",
    "事务中心",
    "监测站",
    "档案室",
    "发展中心",
    "评审中心",
];
const CATEGORIES: &[&str] = &category::ALL;

/// Word pieces (2 to 4 characters) cut from the bundled budget's names.
pub fn vocabulary(d: &Dataset) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    fn entries(e: &[Entry], out: &mut Vec<String>) {
        for x in e {
            out.push(x.name.clone());
            if let Some(s) = &x.sheet {
                out.extend(s.indicators.iter().map(|i| i.name.clone()));
            }
            entries(&x.children, out);
        }
    }
    for u in &d.units {
        entries(&u.categories, &mut names);
        if let Some(g) = &u.goals {
            names.extend(g.indicators.iter().map(|i| i.name.clone()));
        }
    }
    let mut pieces: Vec<String> = Vec::new();
    for n in names {
        let chars: Vec<char> = n
            .chars()
            .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            .collect();
        let mut i = 0;
        while i + 2 <= chars.len() {
            let len = 2 + (i % 3).min(chars.len() - i - 2);
            pieces.push(chars[i..i + len].iter().collect());
            i += len;
        }
    }
    pieces.sort();
    pieces.dedup();
    pieces
}

fn figure(v: Decimal, place: &str) -> Vec<Figure> {
    vec![Figure {
        value: v,
        precision: v.scale(),
        source: Source {
            place: place.to_string(),
            line: 0,
        },
    }]
}

fn unique(name: String, taken: &mut std::collections::HashSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    for k in 2.. {
        let n = format!("{name}（{k}）");
        if taken.insert(n.clone()) {
            return n;
        }
    }
    unreachable!("some suffix is free")
}

/// `departments` datasets holding about `projects` projects in all.
pub fn city(departments: usize, projects: usize, seed: u64, vocab: &[String]) -> Vec<Dataset> {
    let mut rng = Rng::new(seed);
    let per_dept = projects / departments.max(1);
    let mut taken_depts = std::collections::HashSet::new();
    (0..departments)
        .map(|di| {
            let name = unique(
                format!(
                    "深圳市{}{}",
                    DISTRICTS[di / BUREAUS.len() % DISTRICTS.len()],
                    BUREAUS[di % BUREAUS.len()]
                ),
                &mut taken_depts,
            );
            department(&mut rng, &name, per_dept, vocab)
        })
        .collect()
}

fn department(rng: &mut Rng, name: &str, projects: usize, vocab: &[String]) -> Dataset {
    let n_units = 5 + rng.below(8);
    let mut units = Vec::new();
    let mut taken_units = std::collections::HashSet::new();
    for ui in 0..n_units {
        let uname = unique(
            if ui == 0 {
                "本级".to_string()
            } else {
                format!("{}{}", rng.pick(vocab), rng.pick(UNIT_SUFFIXES))
            },
            &mut taken_units,
        );
        let mut cats = Vec::new();
        let mut unit_total = Decimal::ZERO;
        for c in CATEGORIES {
            let mut children = Vec::new();
            let mut total = Decimal::ZERO;
            if *c == category::PROJECTS {
                let mut taken = std::collections::HashSet::new();
                for _ in 0..projects / n_units {
                    let pname = unique(
                        format!(
                            "{}{}{}",
                            rng.pick(vocab),
                            rng.pick(vocab),
                            rng.pick(SUFFIXES)
                        ),
                        &mut taken,
                    );
                    let mut items = Vec::new();
                    let mut amount = Decimal::ZERO;
                    let n_items = if rng.below(5) == 0 {
                        2 + rng.below(4)
                    } else {
                        0
                    };
                    let mut taken_items = std::collections::HashSet::new();
                    for _ in 0..n_items {
                        let v = Decimal::new(rng.below(1_000_000) as i64 + 100, 2);
                        amount += v;
                        let iname = unique(
                            format!("{}{}", rng.pick(vocab), rng.pick(SUFFIXES)),
                            &mut taken_items,
                        );
                        items.push(Entry {
                            name: iname,
                            figures: figure(v, "generated"),
                            purpose: String::new(),
                            funding: None,
                            period: String::new(),
                            sheet: None,
                            children: Vec::new(),
                        });
                    }
                    if n_items == 0 {
                        amount = Decimal::new(rng.below(5_000_000) as i64 + 100, 2);
                    }
                    total += amount;
                    children.push(Entry {
                        name: pname,
                        figures: figure(amount, "generated"),
                        purpose: format!("主要用于{}{}。", rng.pick(vocab), rng.pick(SUFFIXES)),
                        funding: None,
                        period: String::new(),
                        sheet: None,
                        children: items,
                    });
                }
            } else {
                total = Decimal::new(rng.below(10_000_000) as i64, 2);
            }
            unit_total += total;
            cats.push(Entry {
                name: c.to_string(),
                figures: figure(total, "generated"),
                purpose: String::new(),
                funding: None,
                period: String::new(),
                sheet: None,
                children,
            });
        }
        units.push(Unit {
            name: uname.clone(),
            full_name: format!("{name}{uname}"),
            figures: figure(unit_total, "generated"),
            staffing: None,
            goals: None,
            categories: cats,
        });
    }
    let mut sangong = Vec::new();
    for u in &units {
        for year in [2019, 2020] {
            let r = Decimal::from(rng.below(30));
            let o = Decimal::from(rng.below(30));
            sangong.push(SangongRow {
                unit: u.name.clone(),
                year,
                total: r + o,
                abroad: Decimal::ZERO,
                reception: r,
                vehicles: o,
                vehicle_purchase: Decimal::ZERO,
                vehicle_operation: o,
                source: Source::default(),
            });
        }
    }
    Dataset {
        format: FORMAT_VERSION,
        department: name.to_string(),
        short_name: String::new(),
        year: 2020,
        title: format!("2020年{name}部门预算（生成的基准数据）"),
        source_file: "generated".into(),
        duties: String::new(),
        work_goals: String::new(),
        staff: StaffTotals::default(),
        overall: Overall::default(),
        units,
        income: Vec::new(),
        functions: Vec::new(),
        table_totals: Vec::new(),
        spending: Vec::new(),
        procurement: Procurement::default(),
        sangong,
        sangong_text: SangongNarrative::default(),
        other: Other::default(),
        notes: Vec::new(),
    }
}

/// Generate a city and write one RON file per department into `dir`.
pub fn write_city(
    dir: &std::path::Path,
    departments: usize,
    projects: usize,
    seed: u64,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let vocab = vocabulary(&yusuan::load::bundled());
    let mut paths = Vec::new();
    for (i, d) in city(departments, projects, seed, &vocab).iter().enumerate() {
        let p = dir.join(format!("dept-{i:03}.ron"));
        let ron = to_ron(d).map_err(std::io::Error::other)?;
        std::fs::write(&p, ron)?;
        paths.push(p);
    }
    Ok(paths)
}
