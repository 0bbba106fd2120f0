//! Print what a reader makes of a file: the decoded text the importer reads,
//! each line after its place (`page:row`), or just the text with `--text`.
//!
//! `cargo run --release --example decode -- budget.pdf [--text]`

use yusuan::read::{self, Origin};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        eprintln!("usage: decode FILE [--text]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    let started = std::time::Instant::now();
    let doc = match read::read(&bytes, &|_, _| {}) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    eprintln!("{path}: read in {:?}", started.elapsed());
    let places: Vec<String> = match &doc.origin {
        Origin::Pages(at) | Origin::Sheets { lines: at, .. } => {
            at.iter().map(|a| format!("{}:{}", a.page, a.row)).collect()
        }
        Origin::Text => Vec::new(),
    };
    let text_only = args.iter().any(|a| a == "--text");
    for (i, line) in doc.text.lines().enumerate() {
        let cells: Vec<String> = line
            .split('\t')
            .map(|c| yusuan::text::sanitize(c).into_owned())
            .collect();
        if text_only {
            println!("{}", cells.join("\t"));
        } else {
            let place = places.get(i).map_or("", String::as_str);
            println!("{place:>7}  {}", cells.join(" | "));
        }
    }
}
