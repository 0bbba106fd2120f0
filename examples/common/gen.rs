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
            place: place.into(),
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
                            funding_t13: None,
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
                        funding_t13: None,
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
                funding_t13: None,
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
                basis: yusuan::schema::Basis::Budget,
                split_stated: true,
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
        kind: yusuan::schema::DocKind::Budget,
        template: String::new(),
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
        stated: Vec::new(),
        fiscal_income: Vec::new(),
        function_units: Vec::new(),
        spending: Vec::new(),
        procurement: Procurement::default(),
        sangong,
        sangong_text: SangongNarrative::default(),
        other: Other::default(),
        notes: Vec::new(),
        units_named: Vec::new(),
        tables: Vec::new(),
        tables_seen: Vec::new(),
        origin: yusuan::schema::Origin::default(),
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

/// Write `years` consecutive drifted years of a city (`dept-NNN-YYYY.ron`)
/// and the true pairing of each step (`truth-YYYY.ron`: department, earlier
/// path, later path, kind), for `yusuan diff` and the explorer.
pub fn write_city_years(
    dir: &std::path::Path,
    departments: usize,
    projects: usize,
    years: usize,
    seed: u64,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let vocab = vocabulary(&yusuan::load::bundled());
    let (all, truths) = city_years(departments, projects, years, seed, &vocab);
    let mut paths = Vec::new();
    for year in &all {
        for (i, d) in year.iter().enumerate() {
            let p = dir.join(format!("dept-{i:03}-{}.ron", d.year));
            std::fs::write(&p, to_ron(d).map_err(std::io::Error::other)?)?;
            paths.push(p);
        }
    }
    for (k, truth) in truths.iter().enumerate() {
        let year = all[k + 1].first().map_or(0, |d| d.year);
        let rows: Vec<(String, String, String, String)> = truth
            .iter()
            .map(|(dept, ((from, to), kind))| {
                (
                    dept.clone(),
                    from.join("/"),
                    to.join("/"),
                    format!("{kind:?}"),
                )
            })
            .collect();
        let text = ron::ser::to_string_pretty(&rows, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        std::fs::write(dir.join(format!("truth-{year}.ron")), text)?;
    }
    Ok(paths)
}

/// A true pairing the drift made: a project's path (unit, category, project)
/// in the earlier year and in the later.
pub type TruePair = ([String; 3], [String; 3]);

/// What a drifted project became, for reporting the matcher's quality by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Drift {
    Kept,
    Renamed,
    Moved,
    Merged,
}

/// A new name for a project renamed between years, as departments rename
/// them: a word swapped (及/与, 运行/运维), the suffix changed, a word added.
fn rename(name: &str, rng: &mut Rng, vocab: &[String]) -> String {
    let swaps = [
        ("及", "与"),
        ("与", "及"),
        ("运行", "运维"),
        ("管理", "管护"),
        ("建设", "建设运营"),
    ];
    for (a, b) in swaps {
        if name.contains(a) && rng.below(2) == 0 {
            return name.replacen(a, b, 1);
        }
    }
    match rng.below(3) {
        0 => {
            let s = SUFFIXES
                .iter()
                .find(|s| name.ends_with(**s))
                .copied()
                .unwrap_or("");
            format!("{}{}", &name[..name.len() - s.len()], rng.pick(SUFFIXES))
        }
        1 => format!("{name}（续）"),
        _ => {
            let w = rng.pick(vocab);
            let at = name.char_indices().nth(2).map_or(name.len(), |(i, _)| i);
            format!(
                "{}{}{}",
                &name[..at],
                w.chars().next().unwrap_or('新'),
                &name[at..]
            )
        }
    }
}

/// The next year of a department, drifted: most projects kept (half with a
/// changed amount), about 3% removed, 3% added, 5% renamed, 2% moved to
/// another category, and in one department of twenty the last unit merged
/// into the one before it. Returns the dataset and the true pairing.
pub fn next_year(
    prev: &Dataset,
    rng: &mut Rng,
    vocab: &[String],
) -> (Dataset, Vec<(TruePair, Drift)>) {
    let mut d = prev.clone();
    d.year = prev.year + 1;
    d.title = format!("{}年{}部门预算（生成的基准数据）", d.year, d.department);
    let mut truth = Vec::new();
    let merge = d.units.len() > 2 && rng.below(20) == 0;
    let mut merged_projects: Vec<Entry> = Vec::new();
    let n_units = d.units.len();
    for (ui, u) in d.units.iter_mut().enumerate() {
        let unit = u.name.clone();
        let gone_unit = merge && ui == n_units - 1;
        let mut moved: Vec<Entry> = Vec::new();
        let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
        for c in &mut u.categories {
            if c.name != category::PROJECTS {
                continue;
            }
            taken.extend(c.children.iter().map(|p| p.name.clone()));
            let mut kept = Vec::new();
            for mut p in std::mem::take(&mut c.children) {
                let from = [unit.clone(), c.name.clone(), p.name.clone()];
                if gone_unit {
                    merged_projects.push(p);
                    continue;
                }
                let r = rng.below(100);
                if r < 3 {
                    continue;
                }
                if rng.below(2) == 0 {
                    // A project's items change with it, so it still adds up.
                    let f = Decimal::new(80 + rng.below(41) as i64, 2);
                    for item in &mut p.children {
                        let v = (item.figures[0].value * f).round_dp(2);
                        item.figures = figure(v, "generated");
                    }
                    let v = if p.children.is_empty() {
                        (p.figures[0].value * f).round_dp(2)
                    } else {
                        p.children.iter().map(|i| i.figures[0].value).sum()
                    };
                    p.figures = figure(v, "generated");
                }
                let kind = if r < 8 {
                    let n = rename(&p.name, rng, vocab);
                    p.name = unique(n, &mut taken);
                    Drift::Renamed
                } else if r < 10 {
                    Drift::Moved
                } else {
                    Drift::Kept
                };
                let to_cat = if kind == Drift::Moved {
                    category::PUBLIC
                } else {
                    category::PROJECTS
                };
                truth.push((
                    (from, [unit.clone(), to_cat.to_string(), p.name.clone()]),
                    kind,
                ));
                if kind == Drift::Moved {
                    moved.push(p);
                } else {
                    kept.push(p);
                }
            }
            let adds = kept.len() * 3 / 100 + usize::from(rng.below(2) == 0);
            for _ in 0..adds {
                let name = unique(
                    format!(
                        "{}{}{}",
                        rng.pick(vocab),
                        rng.pick(vocab),
                        rng.pick(SUFFIXES)
                    ),
                    &mut taken,
                );
                let v = Decimal::new(rng.below(5_000_000) as i64 + 100, 2);
                kept.push(Entry::leaf(name, figure(v, "generated")));
            }
            c.children = kept;
        }
        for c in &mut u.categories {
            if c.name == category::PUBLIC {
                c.children.extend(std::mem::take(&mut moved));
            }
        }
    }
    if merge {
        let gone = d.units.pop().expect("more than two units");
        let into = d.units.last_mut().expect("a unit before it");
        let cat = into
            .categories
            .iter_mut()
            .find(|c| c.name == category::PROJECTS)
            .expect("项目支出");
        let mut taken: std::collections::HashSet<String> =
            cat.children.iter().map(|p| p.name.clone()).collect();
        for mut p in merged_projects {
            let from = [
                gone.name.clone(),
                category::PROJECTS.to_string(),
                p.name.clone(),
            ];
            p.name = unique(p.name, &mut taken);
            truth.push((
                (
                    from,
                    [
                        into.name.clone(),
                        category::PROJECTS.to_string(),
                        p.name.clone(),
                    ],
                ),
                Drift::Merged,
            ));
            cat.children.push(p);
        }
        d.sangong.retain(|r| r.unit != gone.name);
    }
    for u in &mut d.units {
        for c in &mut u.categories {
            if !c.children.is_empty() {
                let total: Decimal = c.children.iter().map(|p| p.figures[0].value).sum();
                c.figures = figure(total, "generated");
            }
        }
        let total: Decimal = u.categories.iter().map(|c| c.figures[0].value).sum();
        u.figures = figure(total, "generated");
    }
    (d, truth)
}

/// One step's true pairing: each pair with its department and kind of drift.
pub type StepTruth = Vec<(String, (TruePair, Drift))>;

/// `years` consecutive years of a city, each drifted from the one before,
/// and the true pairing of each step (step `k` pairs year `k` with `k + 1`).
pub fn city_years(
    departments: usize,
    projects: usize,
    years: usize,
    seed: u64,
    vocab: &[String],
) -> (Vec<Vec<Dataset>>, Vec<StepTruth>) {
    let mut rng = Rng::new(seed ^ 0x5eed);
    let first = city(departments, projects, seed, vocab);
    let mut all = vec![first];
    let mut truths = Vec::new();
    for _ in 1..years {
        let mut next = Vec::new();
        let mut truth = Vec::new();
        for d in all.last().expect("a year") {
            let (n, t) = next_year(d, &mut rng, vocab);
            truth.extend(t.into_iter().map(|p| (d.department.clone(), p)));
            next.push(n);
        }
        all.push(next);
        truths.push(truth);
    }
    (all, truths)
}
