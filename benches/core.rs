//! Criterion benchmarks of the hot paths, at the bundled budget's size and at
//! city scale (100 departments, 200,000 projects, generated in memory):
//!
//!     cargo bench --bench core
//!
//! load (RON → validated model), import (published text → dataset), the
//! bundled budget read from its PDF (glyphs and rules → decoded text), one
//! search keystroke, one frame drawn at 120×40; and two years of the city
//! compared: pairing every line, and frames with the comparison columns.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use yusuan::compare::{Mapping, Timeline};
use yusuan::model::Model;
use yusuan::money::Unit;
use yusuan::search::Index;
use yusuan::tui::app::App;
use yusuan::tui::keymap::Action;
use yusuan::tui::ui;

/// The binary's allocator (`src/main.rs`), so that what is measured is what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../examples/common/gen.rs"]
mod gen;

fn city() -> Vec<yusuan::schema::Dataset> {
    let vocab = gen::vocabulary(&yusuan::load::bundled());
    gen::city(100, 200_000, 2020, &vocab)
}

fn draw(app: &App, term: &mut Terminal<TestBackend>) {
    term.draw(|f| ui::draw(f, app)).expect("draw");
}

fn bench(c: &mut Criterion) {
    c.bench_function("load bundled RON", |b| {
        b.iter(|| {
            Model::new(vec![yusuan::load::parse_ron(
                yusuan::load::BUNDLED,
                "bundled",
            )
            .expect("valid")])
        });
    });
    c.bench_function("import bundled text", |b| {
        b.iter(|| yusuan::import::import(yusuan::load::BUNDLED_SOURCE, "x").expect("import"));
    });
    let pdf = include_bytes!("../tests/fixtures/pdf/shenzhen-hrss-2020.pdf");
    c.bench_function("read the bundled budget as a PDF (92 pages)", |b| {
        b.iter(|| yusuan::read::read(pdf, &|_, _| {}).expect("read"));
    });
    let model = Model::new(vec![yusuan::load::bundled()]);
    c.bench_function("search keystrokes rcyj (bundled)", |b| {
        let mut index = Index::new(&model);
        b.iter(|| {
            index.search("", 0);
            for q in ["r", "rc", "rcy", "rcyj"] {
                std::hint::black_box(index.search(q, 50));
            }
        });
    });
    let mut app = App::new(model, Unit::Wan, false);
    app.update(Action::Resize(120, 40));
    app.update(Action::ExpandAll);
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("frame 120x40 (bundled, all expanded)", |b| {
        b.iter(|| draw(&app, &mut term));
    });

    let mut group = c.benchmark_group("city");
    group.sample_size(10);
    let datasets = city();
    let rons: Vec<String> = datasets
        .iter()
        .map(|d| yusuan::schema::to_ron(d).expect("ron"))
        .collect();
    group.bench_function("load 100 RON files (parse, validate, model, index)", |b| {
        b.iter_batched(
            || rons.clone(),
            |rons| {
                let ds: Vec<_> = rons
                    .iter()
                    .map(|r| yusuan::load::parse_ron(r, "city").expect("valid"))
                    .collect();
                let m = Model::new(ds);
                Index::new(&m)
            },
            BatchSize::LargeInput,
        );
    });
    let model = Model::new(datasets);
    let mut index = Index::new(&model);
    group.bench_function("search keystrokes zhiye (city)", |b| {
        b.iter(|| {
            index.search("", 0);
            for q in ["z", "zh", "zhi", "zhiy", "zhiye"] {
                std::hint::black_box(index.search(q, 50));
            }
        });
    });
    let mut app = App::new(model, Unit::Wan, false);
    app.update(Action::Resize(120, 40));
    group.bench_function("frame 120x40 (city, departments listed)", |b| {
        b.iter(|| draw(&app, &mut term));
    });
    app.update(Action::ExpandAll);
    group.bench_function("frame 120x40 (city, everything expanded)", |b| {
        b.iter(|| draw(&app, &mut term));
    });

    // Two years of the city, drifted (changed, removed, added, renamed, moved).
    let vocab = gen::vocabulary(&yusuan::load::bundled());
    let (years, _) = gen::city_years(100, 200_000, 2, 2020, &vocab);
    let model = Model::new(years.into_iter().flatten().collect());
    group.bench_function("compare two years (city, 200k projects each)", |b| {
        b.iter(|| Timeline::new(&model, &Mapping::none()));
    });
    let mut app = App::new(model, Unit::Wan, false);
    app.update(Action::Resize(120, 40));
    group.bench_function(
        "frame 120x40 (city, two years compared, departments listed)",
        |b| {
            b.iter(|| draw(&app, &mut term));
        },
    );
    // Into the first department and its first unit: hundreds of projects.
    for a in [Action::Down, Action::Expand, Action::Expand, Action::Expand] {
        app.update(a);
    }
    group.bench_function(
        "frame 120x40 (city, two years compared, a unit open)",
        |b| {
            b.iter(|| draw(&app, &mut term));
        },
    );
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
