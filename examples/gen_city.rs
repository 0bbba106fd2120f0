//! Write a city-wide benchmark dataset: one RON file per department.
//!
//!     cargo run --release --example gen_city -- OUT_DIR [DEPARTMENTS] [PROJECTS] [SEED] [YEARS]
//!
//! Defaults: 100 departments, 200,000 projects, seed 2020, one year. With
//! YEARS > 1, consecutive years drifted one from the next (`dept-NNN-YYYY.ron`)
//! and each step's true pairing (`truth-YYYY.ron`). Then explore it:
//! `cargo run --release -- OUT_DIR/*.ron`, or compare: `yusuan diff OUT_DIR/*.ron`.

#[path = "common/gen.rs"]
mod gen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_city OUT_DIR [DEPARTMENTS] [PROJECTS] [SEED] [YEARS]");
        std::process::exit(2);
    };
    let num =
        |i: usize, default: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let (departments, projects, seed, years) =
        (num(1, 100), num(2, 200_000), num(3, 2020) as u64, num(4, 1));
    let dir = std::path::Path::new(out);
    let written = if years > 1 {
        gen::write_city_years(dir, departments, projects, years, seed)
    } else {
        gen::write_city(dir, departments, projects, seed)
    };
    match written {
        Ok(paths) => eprintln!("wrote {} files to {out}", paths.len()),
        Err(e) => {
            eprintln!("gen_city: {out}: {e}");
            std::process::exit(2);
        }
    }
}
