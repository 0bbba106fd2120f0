//! Write a city-wide benchmark dataset: one RON file per department.
//!
//!     cargo run --release --example gen_city -- OUT_DIR [DEPARTMENTS] [PROJECTS] [SEED]
//!
//! Defaults: 100 departments, 200,000 projects, seed 2020. Then explore it:
//! `cargo run --release -- OUT_DIR/*.ron`.

#[path = "common/gen.rs"]
mod gen;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_city OUT_DIR [DEPARTMENTS] [PROJECTS] [SEED]");
        std::process::exit(2);
    };
    let num =
        |i: usize, default: usize| args.get(i).and_then(|s| s.parse().ok()).unwrap_or(default);
    let (departments, projects, seed) = (num(1, 100), num(2, 200_000), num(3, 2020) as u64);
    match gen::write_city(std::path::Path::new(out), departments, projects, seed) {
        Ok(paths) => eprintln!("wrote {} files to {out}", paths.len()),
        Err(e) => {
            eprintln!("gen_city: {out}: {e}");
            std::process::exit(2);
        }
    }
}
