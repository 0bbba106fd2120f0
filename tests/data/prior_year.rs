//! A prior-year dataset for tests, derived by hand from the bundled 2020
//! budget: it is NOT real data and is never shown to users (it lives only in
//! `tests/`). Relative to 2020, its "2019":
//!
//! - states the department's total as 767,098 万元 (part 2's 2020 total plus
//!   the stated 72,325 decrease);
//! - has 人才引进及管理 at 1,200.5 万元 (2020: 1,493.74): an amount changed;
//! - has a project 就业创业补贴管理 (180 万元) that 2020 no longer has: removed;
//! - lacks 预算准备金 (950 万元), which 2020 adds;
//! - names 2020's 信息化建设与运行 信息化建设与运维: renamed;
//! - lists 公职人员管理 under 公用支出, where 2020 lists it under 项目支出:
//!   moved between categories.

#![allow(dead_code)]

use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use yusuan::schema::{Dataset, Entry, Figure, Source};

fn fig(v: &str) -> Vec<Figure> {
    vec![Figure {
        value: v.parse::<Decimal>().unwrap(),
        precision: v
            .split('.')
            .nth(1)
            .map_or(0, |f| u32::try_from(f.len()).unwrap()),
        source: Source {
            place: "测试用上年数据".into(),
            line: 0,
        },
    }]
}

fn category<'a>(d: &'a mut Dataset, unit: &str, cat: &str) -> &'a mut Entry {
    d.units
        .iter_mut()
        .find(|u| u.name == unit)
        .expect("unit")
        .categories
        .iter_mut()
        .find(|c| c.name == cat)
        .expect("category")
}

/// The test-only "2019" dataset.
pub fn hrss_2019() -> Dataset {
    let mut d = yusuan::load::bundled();
    d.year = 2019;
    d.title = "测试用上年数据（由 2020 年预算改写，非真实数据）".into();
    d.overall.expenditure = fig("767098").pop();
    d.overall.change = None;
    d.overall.change_pct = None;
    let projects = category(&mut d, "市人社局本级", "项目支出");
    let talent = projects
        .children
        .iter_mut()
        .find(|p| p.name == "人才引进及管理")
        .expect("人才引进及管理");
    talent.figures = fig("1200.5");
    talent.funding = None;
    talent.sheet = None;
    projects.children.retain(|p| p.name != "预算准备金");
    projects.children.push(Entry {
        purpose: "主要用于就业创业补贴的审核与发放管理。".into(),
        ..Entry::leaf("就业创业补贴管理", fig("180"))
    });
    for p in &mut projects.children {
        if p.name == "信息化建设与运行" {
            p.name = "信息化建设与运维".into();
        }
    }
    let moved_at = projects
        .children
        .iter()
        .position(|p| p.name == "公职人员管理")
        .expect("公职人员管理");
    let moved = projects.children.remove(moved_at);
    category(&mut d, "市人社局本级", "公用支出")
        .children
        .push(moved);
    yusuan::load::validate(&d, "prior-year test data").expect("valid");
    d
}

/// Write the test "2019" to `dir` and return its path.
pub fn write_2019(dir: &Path) -> PathBuf {
    let p = dir.join("hrss-2019-test.ron");
    std::fs::write(&p, yusuan::schema::to_ron(&hrss_2019()).unwrap()).unwrap();
    p
}
