//! `yusuan import`: read a published text, write a dataset — one that the
//! loader accepts, or nothing.

use super::Outcome;
use crate::{atomic, load, schema};
use std::fmt::Write as _;
use std::path::Path;

pub(super) fn run(text: &Path, out: &Path) -> Outcome {
    let (d, warnings) = match load::load_file(text) {
        Ok(x) => x,
        Err(e) => return Outcome::fail(2, format!("yusuan: {e}\n")),
    };
    let mut stderr = String::new();
    for w in &warnings {
        let _ = writeln!(stderr, "warning: {}:{w}", text.display());
    }
    let ron = match schema::to_ron(&d) {
        Ok(r) => r,
        Err(e) => return Outcome::fail(2, format!("yusuan: cannot write RON: {e}\n")),
    };
    // Never write what the loader would refuse: read our own output back.
    if let Err(e) = load::parse_ron(&ron, &out.display().to_string()) {
        return Outcome::fail(
            2,
            format!("{stderr}yusuan: the import would not load back, nothing written: {e}\n"),
        );
    }
    if let Err(e) = atomic::write(out, ron.as_bytes()) {
        return Outcome::fail(
            2,
            format!("{stderr}yusuan: {}: cannot write: {e}\n", out.display()),
        );
    }
    let _ = writeln!(
        stderr,
        "wrote {} ({} units, {} warnings)",
        out.display(),
        d.units.len(),
        warnings.len()
    );
    Outcome {
        stdout: String::new(),
        stderr,
        status: 0,
    }
}
