//! Where the time and the memory of opening a collection go, stage by stage:
//! load (parse or cache, validate, and each dataset's piece of the model),
//! the model put together, the checks, the years paired, the search index.
//!
//! ```sh
//! cargo run --release --example gen_city -- /tmp/city
//! cargo run --release --example stages -- /tmp/city/*.ron
//! ```
//!
//! Prints one line per stage: the time since the start, the processor time
//! used so far (every thread), and the process's resident memory then and
//! at its peak (Linux `/proc/self/stat`, `/proc/self/status`).

/// The binary's allocator (`src/main.rs`), so that what is measured is what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .map_or_else(|| "?".into(), |k| format!("{} MB", k / 1024))
    };
    format!("rss {} · peak {}", kb("VmRSS:"), kb("VmHWM:"))
}

/// The process's processor time so far (user and system, every thread),
/// from `/proc/self/stat` (in clock ticks, taken as 1/100 s).
fn cpu() -> String {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime
    // are the 14th and 15th of the line.
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let ticks: Vec<u32> = after
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    match ticks.as_slice() {
        [u, s] => format!("cpu {:.2} s", f64::from(u + s) / 100.0),
        _ => "cpu ?".into(),
    }
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let start = std::time::Instant::now();
    let stage = |what: &str| {
        println!(
            "{what:<8} {:>7.3} s · {} · {}",
            start.elapsed().as_secs_f64(),
            cpu(),
            memory()
        );
    };
    // As the explorer opens files: each dataset's piece of the model is
    // built on the thread that loaded it.
    let (loaded, _) =
        match yusuan::load::load_files_then(&files, &|_, _, _| {}, &|_, _, _| {}, &|i, d| {
            yusuan::model::Piece::new(d, i)
        }) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
    stage("load");
    let (datasets, pieces) = loaded.into_iter().unzip();
    let model = yusuan::model::Model::assemble(datasets, pieces);
    stage("model");
    let findings = yusuan::check::run(&model);
    stage("check");
    if model.years().len() > 1 {
        let t = yusuan::compare::Timeline::new(&model, &yusuan::compare::Mapping::none());
        stage("years");
        std::hint::black_box(&t);
    }
    let index = yusuan::search::Index::new(&model);
    stage("index");
    println!(
        "{} nodes · {} findings · {} searchable · a node is {} bytes, an entry {}",
        model.ids().count(),
        findings.len(),
        index.node_count(),
        std::mem::size_of::<yusuan::model::Node>(),
        std::mem::size_of::<yusuan::schema::Entry>()
    );
}
