//! The importer's fingerprint: a hash of the code and data that turn a
//! document into a dataset (`src/import/`, `src/read/`, `src/schema/`,
//! `assets/templates.ron`). The binary cache keys an imported PDF's or
//! workbook's dataset by it, so a changed importer never serves a stale
//! import.

use std::hash::{Hash, Hasher};
use std::path::Path;

fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, files);
        } else {
            files.push(p);
        }
    }
}

fn main() {
    let mut files = Vec::new();
    for d in ["src/import", "src/read", "src/schema"] {
        walk(Path::new(d), &mut files);
        println!("cargo:rerun-if-changed={d}");
    }
    files.push("assets/templates.ron".into());
    println!("cargo:rerun-if-changed=assets/templates.ron");
    files.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in &files {
        f.hash(&mut h);
        std::fs::read(f).unwrap_or_default().hash(&mut h);
    }
    println!(
        "cargo:rustc-env=YUSUAN_IMPORTER_FINGERPRINT={:016x}",
        h.finish()
    );
    // The format's source alone: the cache of parsed RON is keyed by it.
    let mut schema = Vec::new();
    walk(Path::new("src/schema"), &mut schema);
    schema.sort();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for f in &schema {
        std::fs::read(f).unwrap_or_default().hash(&mut h);
    }
    println!(
        "cargo:rustc-env=YUSUAN_SCHEMA_FINGERPRINT={:016x}",
        h.finish()
    );
}
