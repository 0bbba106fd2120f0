//! Per-keystroke search at city scale, against the naive baseline, as one
//! JSON line:
//!
//!     cargo bench --bench search
//!
//! Generates (once) 100 departments with 200,000 projects under
//! target/city-bench (`CITY_DEPARTMENTS`, `CITY_PROJECTS`; `CITY_YEARS=10`
//! for a decade of the city, drifted year to year), loads them through the real loader, then types 60
//! queries (or those of `-- --queries FILE`) character by character and times every
//! keystroke, for the index and for a naive scan that scores every name's
//! Chinese, pinyin and initials from scratch. Timings are reported, never
//! asserted.
//!
//! Between two keystrokes the index works ahead, untimed, as the explorer's
//! search worker does while the user has not typed the next letter
//! (`Index::prepare`; a person types a letter every 100 ms or more, the
//! work is a few milliseconds, and a letter typed meanwhile stops it).
//! `SEARCH_NO_PAUSE=1` types back to back instead: no work ahead.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;
use pinyin::ToPinyin;
use rust_decimal::Decimal;
use std::cmp::Reverse;
use std::time::Instant;
use yusuan::collate::sort_key;
use yusuan::model::{Kind, Model, NodeId};
use yusuan::search::Index;

/// The binary's allocator (`src/main.rs`), so that what is measured is what users run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The default query set: 60 queries of every kind — short and long pinyin
/// prefixes, initials, mixed pinyin, Chinese of one to six characters, codes,
/// and queries that match nothing. `-- --queries FILE` reads another (one
/// query per line), so a set nobody tuned for can be measured.
const QUERIES: [&str; 60] = [
    // Short pinyin prefixes (the widest pools).
    "g",
    "gg",
    "zh",
    "js",
    "ji",
    "sh",
    "x",
    "xi",
    "rc",
    "jy",
    // Long pinyin.
    "rencaiyinjin",
    "zhiyejineng",
    "xinxihua",
    "gongwujiedai",
    "xietiao",
    "laodongguanxi",
    "shehuibaoxian",
    "jiaoyu",
    "peixun",
    "yunxingweihu",
    // Initials.
    "rcyj",
    "zyjn",
    "xxhjs",
    "gwjd",
    "ldgx",
    "shbx",
    "pxbt",
    "zxzj",
    "zfcg",
    "yxwh",
    // Mixed and partial readings.
    "rencaiyj",
    "zhiyejn",
    "xinxihjs",
    "gongwjd",
    "jiaoyuf",
    // Chinese, one to six characters.
    "人",
    "教",
    "运行",
    "培训",
    "人才引进",
    "职业技能",
    "信息化建设",
    "公务接待费",
    "劳动关系协调",
    "社会保险基金",
    "专项资金",
    "政府采购",
    "补贴",
    "服务中心",
    // Codes.
    "201",
    "2011008",
    "22101",
    "A02",
    "C99",
    // Nothing matches.
    "qqqqq",
    "zzzxxx",
    "龘龘",
    "9999999",
    "xqzv",
    "鱻",
];

#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)]
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[path = "../examples/common/gen.rs"]
mod gen;

/// The naive baseline: Skim over every name's Chinese, first-reading pinyin
/// and initials, built from scratch on every call.
fn naive(model: &Model, query: &str, limit: usize) -> Vec<NodeId> {
    let matcher = SkimMatcherV2::default();
    let q = query.to_lowercase();
    let mut hits: Vec<(i64, Decimal, NodeId)> = Vec::new();
    for id in model.ids() {
        let n = model.node(id);
        if matches!(n.kind, Kind::Root | Kind::Year) {
            continue;
        }
        let full = sort_key(&n.name);
        let initials: String = n
            .name
            .as_str()
            .to_pinyin()
            .flatten()
            .map(pinyin::Pinyin::first_letter)
            .collect();
        let best = [&n.name, &full, &initials]
            .iter()
            .filter_map(|h| matcher.fuzzy_match(h, &q))
            .max();
        if let Some(s) = best {
            hits.push((s, n.amount, id));
        }
    }
    hits.sort_by_key(|h| (Reverse(h.0), Reverse(h.1)));
    hits.truncate(limit);
    hits.into_iter().map(|h| h.2).collect()
}

/// The generated city's dataset files (written once under the target
/// directory): `CITY_DEPARTMENTS`, `CITY_PROJECTS`, `CITY_YEARS`.
fn city() -> (usize, usize, Vec<std::path::PathBuf>) {
    let departments: usize = std::env::var("CITY_DEPARTMENTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let projects: usize = std::env::var("CITY_PROJECTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let years: usize = std::env::var("CITY_YEARS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target").to_string());
    let name = if years > 1 {
        format!("city-bench-{departments}-{projects}-{years}y")
    } else {
        format!("city-bench-{departments}-{projects}")
    };
    let dir = std::path::Path::new(&target).join(name);
    let is_dataset = |p: &std::path::Path| {
        // A decade's pairings (`truth-YYYY.ron`) are not datasets.
        p.extension().is_some_and(|e| e == "ron")
            && p.file_name()
                .is_some_and(|f| f.to_string_lossy().starts_with("dept-"))
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|r| {
            r.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_dataset(p))
                .collect()
        })
        .unwrap_or_default();
    if paths.len() != departments * years {
        paths = if years > 1 {
            gen::write_city_years(&dir, departments, projects, years, 2020)
        } else {
            gen::write_city(&dir, departments, projects, 2020)
        }
        .expect("write the city dataset");
        paths.retain(|p| is_dataset(p));
    }
    paths.sort();
    (departments, years, paths)
}

fn main() {
    let (departments, years, paths) = city();

    let t = Instant::now();
    // As the explorer opens files (each dataset's piece of the model built
    // on the thread that loaded it).
    let (model, _) = yusuan::load::open(&paths).expect("load the city dataset");
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let mut index = Index::new(&model);
    let index_ms = t.elapsed().as_secs_f64() * 1e3;

    // Ours first, then the baseline, each over all keystrokes: neither
    // pollutes the other's caches.
    let mut ours = Vec::new();
    let mut naive_ms = Vec::new();
    let mut keystrokes = 0;
    // `cargo bench --bench search -- --queries FILE`: one query per line.
    let args: Vec<String> = std::env::args().collect();
    let from_file: Option<Vec<String>> = args
        .iter()
        .position(|a| a == "--queries")
        .and_then(|i| args.get(i + 1))
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap_or_else(|e| panic!("--queries {f}: {e}"))
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        });
    let queries: Vec<String> =
        from_file.unwrap_or_else(|| QUERIES.iter().map(|q| (*q).to_string()).collect());
    let prefixes: Vec<Vec<String>> = queries
        .iter()
        .map(|q| {
            let chars: Vec<char> = q.chars().collect();
            (1..=chars.len())
                .map(|n| chars[..n].iter().collect())
                .collect()
        })
        .collect();
    let pause = std::env::var_os("SEARCH_NO_PAUSE").is_none_or(|v| v.is_empty());
    for typed in &prefixes {
        index.search("", 0); // a fresh popup
        for prefix in typed {
            let t = Instant::now();
            let hits = index.search(prefix, 50);
            let ms = t.elapsed().as_secs_f64() * 1e3;
            if pause {
                index.prepare(&mut || false);
            }
            if std::env::var_os("SEARCH_TRACE").is_some() {
                eprintln!("{ms:8.3} ms  {prefix}");
            }
            ours.push(ms);
            std::hint::black_box(hits);
            keystrokes += 1;
        }
    }
    if std::env::var_os("SEARCH_SKIP_NAIVE").is_none() {
        for prefix in prefixes.iter().flatten() {
            let t = Instant::now();
            let hits = naive(&model, prefix, 50);
            naive_ms.push(t.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(hits);
        }
    } else {
        naive_ms.push(f64::NAN);
    }
    ours.sort_by(f64::total_cmp);
    naive_ms.sort_by(f64::total_cmp);
    let project_count = model
        .ids()
        .filter(|id| model.node(*id).kind == Kind::Project)
        .count();
    let (m, n) = (percentile(&ours, 0.5), percentile(&naive_ms, 0.5));
    println!(
        "{{\"departments\":{departments},\"years\":{years},\"projects\":{project_count},\"nodes\":{},\"entries\":{},\"keystrokes\":{keystrokes},\"search_ms\":{{\"median\":{m:.3},\"p99\":{:.3},\"max\":{:.3}}},\"naive_ms\":{{\"median\":{n:.3},\"p99\":{:.3}}},\"median_vs_naive\":{:.3},\"load_ms\":{load_ms:.0},\"index_ms\":{index_ms:.0},\"peak_rss_mb\":{:.0},\"threads\":{},\"pauses\":{pause}}}",
        index.node_count(),
        index.len(),
        percentile(&ours, 0.99),
        ours.last().copied().unwrap_or(0.0),
        percentile(&naive_ms, 0.99),
        m / n,
        peak_rss_mb().unwrap_or(0.0),
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
    );
}
