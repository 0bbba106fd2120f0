//! `yusuan check`: the reconciliation findings; exit 1 when any is a mismatch.

use super::json::FindingJson;
use super::Outcome;
use crate::check::{self, Severity};
use crate::model::Model;
use crate::table::{Align, Table};
use std::fmt::Write as _;

pub(super) fn run(model: &Model, as_json: bool) -> Outcome {
    let findings = check::run(model);
    let mismatches = findings
        .iter()
        .filter(|f| f.severity == Severity::Mismatch)
        .count();
    let mut out = if as_json {
        let arr: Vec<FindingJson> = findings
            .iter()
            .map(|f| FindingJson::new(model, f))
            .collect();
        Outcome::json(&arr)
    } else {
        let mut t = Table::new(&[Align::Left, Align::Left, Align::Left]).min_width(0, 8);
        for f in &findings {
            t.push(vec![
                f.severity.as_str().into(),
                f.rule.id().into(),
                f.message.clone(),
            ]);
        }
        let mut s = String::new();
        for l in t.lines() {
            s.push_str(&l);
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "{} findings: {} mismatch, {} rounding",
            findings.len(),
            mismatches,
            findings.len() - mismatches
        );
        Outcome::ok(s)
    };
    out.status = i32::from(mismatches > 0);
    out
}
