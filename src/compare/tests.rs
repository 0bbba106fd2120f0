use super::*;
use crate::schema::{Dataset, Entry, Figure, Source, Unit};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn fig(v: &str) -> Vec<Figure> {
    vec![Figure {
        value: d(v),
        precision: 0,
        source: Source::default(),
    }]
}

fn leaf(name: &str, v: &str) -> Entry {
    Entry::leaf(name, fig(v))
}

fn cat(name: &str, kids: Vec<Entry>) -> Entry {
    let total: Decimal = kids.iter().map(|k| k.figures[0].value).sum();
    Entry {
        children: kids,
        ..Entry::leaf(name, fig(&total.to_string()))
    }
}

fn dataset(year: i32, unit_name: &str, cats: Vec<Entry>) -> Dataset {
    let mut ds: Dataset = ron::from_str(&format!(
        "(format: 1, department: \"甲局\", year: {year}, units: [])"
    ))
    .unwrap();
    let total: Decimal = cats.iter().map(|k| k.figures[0].value).sum();
    ds.units.push(Unit {
        name: unit_name.into(),
        full_name: "甲局本级".into(),
        figures: fig(&total.to_string()),
        staffing: None,
        goals: None,
        categories: cats,
    });
    ds
}

/// 2019 → 2020: one amount changed, one project gone, one new, one renamed,
/// one moved from 公用支出 to 项目支出, the unit's short name changed.
fn two_years() -> Model {
    let y2019 = dataset(
        2019,
        "本级",
        vec![
            cat("公用支出", vec![leaf("信息化建设与运行", "30")]),
            cat(
                "项目支出",
                vec![
                    leaf("人才引进及管理", "100"),
                    leaf("促进就业管理", "50"),
                    leaf("已取消项目", "20"),
                    leaf("工资管理", "12"),
                ],
            ),
        ],
    );
    let y2020 = dataset(
        2020,
        "局本级",
        vec![
            cat("公用支出", vec![]),
            cat(
                "项目支出",
                vec![
                    leaf("人才引进与管理", "120"),
                    leaf("促进就业管理", "50"),
                    leaf("新设项目", "8"),
                    leaf("工资管理", "12"),
                    leaf("信息化建设与运行", "33"),
                ],
            ),
        ],
    );
    Model::new(vec![y2020, y2019])
}

fn status_of(m: &Model, t: &Timeline, path: &str) -> Compared {
    let id = *m.lookup(path).last().expect("found");
    t.compare(m, id, 0, 1)
}

#[test]
fn lines_pair_across_years_with_their_status() {
    let m = two_years();
    let t = Timeline::new(&m, &Mapping::none());
    let c = status_of(&m, &t, "局本级/项目支出/人才引进与管理");
    assert_eq!(c.status, Status::Renamed);
    assert_eq!(c.previous_name.as_deref(), Some("人才引进及管理"));
    assert_eq!((c.from, c.to), (Some(d("100")), Some(d("120"))));
    assert_eq!((c.change, c.change_pct), (d("20"), Some(d("20.00"))));
    assert!(matches!(c.why[0], Why::Similar(s) if s >= similar::THRESHOLD));
    assert_eq!(
        status_of(&m, &t, "局本级/项目支出/促进就业管理").status,
        Status::Same
    );
    assert_eq!(
        status_of(&m, &t, "局本级/项目支出/新设项目").status,
        Status::Added
    );
    let gone = status_of(&m, &t, "本级/项目支出/已取消项目");
    assert_eq!(
        (gone.status, gone.to, gone.change),
        (Status::Removed, None, d("-20"))
    );
    let moved = status_of(&m, &t, "局本级/项目支出/信息化建设与运行");
    assert_eq!(
        (moved.status, moved.why.clone()),
        (Status::Changed, vec![Why::Moved])
    );
    // The unit is paired by its full name, and shows as renamed.
    let unit = status_of(&m, &t, "甲局/局本级");
    assert_eq!(unit.status, Status::Renamed);
    assert_eq!(unit.why, vec![Why::FullName]);
}

#[test]
fn the_merged_tree_holds_every_line_of_both_years_once() {
    let m = two_years();
    let t = Timeline::new(&m, &Mapping::none());
    let years = [0, 1];
    let top = t.top(&m, View::Unit, &years);
    assert_eq!(m.node(top).kind, Kind::Department);
    assert_eq!(m.year_of(top), Some(1), "represented by the later year");
    let unit = t.children(&m, top, &years)[0];
    let projects = t.children(&m, t.children(&m, unit, &years)[1], &years);
    let names: Vec<&str> = projects.iter().map(|p| m.node(*p).name.as_str()).collect();
    assert_eq!(
        names,
        [
            "人才引进与管理",
            "促进就业管理",
            "新设项目",
            "工资管理",
            "信息化建设与运行",
            "已取消项目"
        ]
    );
    // The moved project is not listed again under its old category.
    let public = t.children(&m, unit, &years)[0];
    assert!(t.children(&m, public, &years).is_empty());
    // Years are never added: the department's two amounts stay apart.
    let c = t.compare(&m, top, 0, 1);
    assert_eq!((c.from, c.to), (Some(d("212")), Some(d("223"))));
}

#[test]
fn a_mapping_file_overrides_the_matcher_and_names_what_it_cannot_find() {
    let m = two_years();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("match.ron");
    std::fs::write(
        &f,
        "[\n  (\"甲局\", 2020, \"本级/项目支出/已取消项目\", \"局本级/项目支出/新设项目\"),\n]\n",
    )
    .unwrap();
    let mapping = Mapping::load(&f, &m).unwrap();
    let t = Timeline::new(&m, &mapping);
    let c = status_of(&m, &t, "局本级/项目支出/新设项目");
    assert_eq!(c.status, Status::Renamed);
    assert_eq!(c.why, vec![Why::Mapped]);
    std::fs::write(
        &f,
        "[\n  (\"甲局\", 2020,\n   \"本级/项目支出/没有这个项目\", \"局本级/项目支出/新设项目\"),\n]\n",
    )
    .unwrap();
    let e = Mapping::load(&f, &m).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.to_string().contains("没有这个项目"), "{e}");
}

#[test]
fn a_line_paired_twice_is_an_error_listing_both_pairings() {
    let m = two_years();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("match.ron");
    std::fs::write(
        &f,
        "[\n  (\"甲局\", 2020, \"本级/项目支出/已取消项目\", \"局本级/项目支出/新设项目\"),\n  (\"甲局\", 2020, \"本级/项目支出/已取消项目\", \"局本级\"),\n]\n",
    )
    .unwrap();
    let e = Mapping::load(&f, &m).unwrap_err().to_string();
    assert!(e.contains(":3: ") && e.contains("paired twice"), "{e}");
    assert!(e.contains("新设项目") && e.contains("(line 2)"), "{e}");
    assert!(e.contains("\"局本级\" (line 3)"), "{e}");
    // The same pairing twice is no conflict.
    std::fs::write(
        &f,
        "[\n  (\"甲局\", 2020, \"本级/项目支出/已取消项目\", \"局本级/项目支出/新设项目\"),\n  (\"甲局\", 2020, \"本级/项目支出/已取消项目\", \"局本级/项目支出/新设项目\"),\n]\n",
    )
    .unwrap();
    assert!(Mapping::load(&f, &m).is_ok());
}

#[test]
fn a_mapping_file_that_is_missing_or_a_fifo_names_no_line() {
    let m = two_years();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("none.ron");
    let e = Mapping::load(&f, &m).unwrap_err();
    assert_eq!(e.line, None);
    assert_eq!(e.to_string(), format!("{}: no such file", f.display()));
    let pipe = dir.path().join("pipe.ron");
    assert!(std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    let e = Mapping::load(&pipe, &m).unwrap_err().to_string();
    assert!(
        e.ends_with("is a named pipe (FIFO), not a regular file"),
        "{e}"
    );
}
