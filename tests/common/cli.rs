//! The real binary, as the CLI tests run it: a fixture by its name's start,
//! a command's exit status and output, `tree --json` as (path, amount) rows.

use serde_json::Value;
use std::process::Command;

/// The file of `folder` whose name starts with `prefix`.
pub fn fixture(folder: &str, prefix: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let found = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no fixture {prefix} in {folder}"));
    found.to_string_lossy().into_owned()
}

/// `yusuan ARGS` (no cache): exit status, standard output, standard error.
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .env("YUSUAN_NO_CACHE", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// (path joined by `/`, amount) of every row of `tree --json --view VIEW
/// FILE`; a row with a code (a 科目) ends its path with it, a row whose
/// amount the document does not state (`null`) has `—`.
pub fn tree_rows(file: &str, view: &str) -> Vec<(String, String)> {
    let (code, out, err) = run(&["tree", "--json", "--view", view, file]);
    assert_eq!(code, 0, "{file}: {err}");
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    rows.iter()
        .map(|r| {
            let mut path: Vec<&str> = r["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            if let Some(code) = r["code"].as_str() {
                path.push(code);
            }
            (
                path.join("/"),
                r["amount_wan"].as_str().unwrap_or("—").to_string(),
            )
        })
        .collect()
}

/// The amount of the row whose path ends with `path_end`.
pub fn amount_of(rows: &[(String, String)], path_end: &str) -> String {
    rows.iter()
        .find(|(p, _)| p.ends_with(path_end))
        .unwrap_or_else(|| panic!("no row {path_end} in {rows:?}"))
        .1
        .clone()
}
