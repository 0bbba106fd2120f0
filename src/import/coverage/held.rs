//! What the dataset holds, as coverage reads it: every value with the
//! source line it came from, and every text it keeps.

use crate::schema::Dataset;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;

/// What the dataset holds: values by the source line they came from, and
/// every text it keeps (names, descriptions, indicator targets), joined.
#[derive(Default)]
pub(super) struct Held {
    values: HashMap<u32, Vec<Decimal>>,
    pub(super) text: String,
}

impl Held {
    pub(super) fn of(d: &Dataset) -> Held {
        let mut h = Held::default();
        if let Ok(v) = serde_json::to_value(d) {
            h.collect(&v, None);
        }
        h
    }

    fn collect(&mut self, v: &Value, code: Option<&str>) {
        match v {
            Value::Object(o) => {
                if let Some(line) = line_of(o) {
                    let slot = self.values.entry(line).or_default();
                    for (k, x) in o {
                        if k != "line" && k != "precision" {
                            slot.extend(scalar(x).map(|d| d.abs()));
                        }
                    }
                    // A 科目's per-unit rows (表7) print its code on their own line.
                    slot.extend(code.and_then(|c| c.parse::<Decimal>().ok()));
                }
                let code = o.get("code").and_then(Value::as_str);
                for (k, x) in o {
                    if WHOLE_PARAGRAPHS.contains(&k.as_str()) {
                        continue;
                    }
                    match x {
                        Value::String(s) if !s.is_empty() && k != "value" => {
                            self.text.push_str(&squeeze(s));
                            self.text.push('\u{0}');
                        }
                        _ => self.collect(x, if k == "by_unit" { code } else { None }),
                    }
                }
            }
            Value::Array(a) => {
                for x in a {
                    self.collect(x, code);
                }
            }
            Value::String(s) => {
                // A label of a (label, figure) pair.
                self.text.push_str(&squeeze(s));
                self.text.push('\u{0}');
            }
            _ => {}
        }
    }

    /// Take one held value equal to `f` (or to it in 元 or 亿元) from `line`.
    pub(super) fn take(&mut self, line: u32, value: Decimal, pct: bool) -> bool {
        let Some(slot) = self.values.get_mut(&line) else {
            return false;
        };
        let yuan = value / Decimal::from(10_000);
        let yi = value.checked_mul(Decimal::from(10_000));
        let hit = slot
            .iter()
            .position(|v| *v == value || (!pct && (*v == yuan || Some(*v) == yi)));
        hit.map(|i| slot.swap_remove(i)).is_some()
    }
}

/// Fields that keep whole paragraphs as the document has them (part 1's
/// staffing lines, parts 5 and 7, what the importer could not place). A
/// figure inside them is not accounted for by being kept: it must be read.
const WHOLE_PARAGRAPHS: [&str; 6] = [
    "text",
    "running_costs_text",
    "assets_text",
    "other_text",
    "notes",
    "work_goals",
];

/// Text without spaces, the way it is compared.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The line an object stands on: its own `source`, or the one line all its
/// figures' sources share (a 科目 line's code sits beside its figure).
fn line_of(o: &serde_json::Map<String, Value>) -> Option<u32> {
    let own = |v: &Value| v.get("line").and_then(Value::as_u64);
    if let Some(l) = o.get("source").and_then(own) {
        return u32::try_from(l).ok().filter(|l| *l > 0);
    }
    // A kept table's row says its line itself.
    if o.contains_key("figures") && o.contains_key("code") {
        if let Some(l) = o.get("line").and_then(Value::as_u64) {
            return u32::try_from(l).ok().filter(|l| *l > 0);
        }
    }
    // A figure's own source, or a named one (`asset_source`) for the object's figures.
    let mut lines = o
        .iter()
        .filter_map(|(k, v)| {
            if k.ends_with("_source") {
                own(v)
            } else {
                v.get("source").and_then(own)
            }
        })
        .filter(|l| *l > 0);
    let first = lines.next()?;
    lines
        .all(|l| l == first)
        .then(|| u32::try_from(first).ok())
        .flatten()
}

fn scalar(v: &Value) -> Option<Decimal> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64().map(Decimal::from),
        _ => None,
    }
}
