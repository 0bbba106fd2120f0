//! The layers, as a test: each module's `crate::` paths (and `super::` paths
//! that leave it) are read from its source files, and an edge that runs up
//! the table below — a lower layer using a higher one — fails, naming the
//! file and the line. So does a cycle between modules of one layer.
//!
//! The table is ARCHITECTURE.md's; a module added to `src/lib.rs` must be
//! given a layer here. Test code (`#[cfg(test)]` items and the files they
//! name) may reach up: a model test loads the bundled budget.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use modules of its own layer
/// and of the layers below, never of a layer above.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundations",
        &[
            "text", "width", "collate", "money", "table", "atomic", "file", "xdg", "schema",
        ],
    ),
    ("readers", &["read"]),
    ("the importer and the model", &["import", "model"]),
    ("loading", &["load"]),
    ("over the model", &["compare", "check", "search", "notes"]),
    ("views", &["views", "detail", "export"]),
    ("front ends", &["cli", "tui"]),
];

/// The explorer's parts, lowest first, under the same rule: the keymap and
/// the 三公 table's layout know nothing of the rest; the shared state types
/// sit on the keymap; the popups and panes on the state; `App` on them;
/// drawing and the loading screen on `App`; the event loop on everything.
const TUI_LAYERS: &[(&str, &[&str])] = &[
    ("keys and tables", &["keymap", "sangong", "trace"]),
    ("shared state", &["state"]),
    ("components", &["layout", "searcher", "popup", "panes"]),
    ("the explorer's state", &["app"]),
    ("drawing", &["ui"]),
    ("the screens", &["loading", "terminal"]),
];

/// One use of another module: where it is, and which module it names.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Use {
    file: PathBuf,
    line: usize,
    from: String,
    to: String,
}

#[test]
fn every_module_has_a_layer() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: BTreeSet<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    let mut placed = BTreeSet::new();
    for (_, modules) in LAYERS {
        for m in *modules {
            assert!(placed.insert(*m), "{m} is in the table twice");
        }
    }
    assert_eq!(
        declared, placed,
        "src/lib.rs's modules and the layer table differ"
    );
}

#[test]
fn no_module_uses_a_higher_layer() {
    let layer = layer_of();
    let uses = all_uses();
    assert!(uses.len() > 100, "too few uses found: the scan is broken");
    let wrong: Vec<String> = uses
        .iter()
        .filter(|u| layer[u.to.as_str()] > layer[u.from.as_str()])
        .map(|u| {
            format!(
                "{}:{}: {} ({}) uses {} ({}), a higher layer",
                u.file.display(),
                u.line,
                u.from,
                LAYERS[layer[u.from.as_str()]].0,
                u.to,
                LAYERS[layer[u.to.as_str()]].0,
            )
        })
        .collect();
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn no_two_modules_use_each_other() {
    let uses = all_uses();
    // Each edge once, with the first place it is made.
    let mut edges: BTreeMap<(&str, &str), &Use> = BTreeMap::new();
    for u in &uses {
        edges.entry((&u.from, &u.to)).or_insert(u);
    }
    // From each module, a breadth-first walk: reaching it again is a cycle.
    for start in edges.keys().map(|e| e.0).collect::<BTreeSet<_>>() {
        let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(m) = queue.pop_front() {
            for (_, to) in edges
                .range((m, "")..)
                .take_while(|e| e.0 .0 == m)
                .map(|e| *e.0)
            {
                if came_from.contains_key(to) {
                    continue;
                }
                came_from.insert(to, m);
                if to == start {
                    let mut path = vec![start];
                    let mut at = m;
                    while at != start {
                        path.push(at);
                        at = came_from[at];
                    }
                    path.push(start);
                    path.reverse();
                    let steps: Vec<String> = path
                        .windows(2)
                        .map(|w| {
                            let u = edges[&(w[0], w[1])];
                            format!("{} → {} ({}:{})", w[0], w[1], u.file.display(), u.line)
                        })
                        .collect();
                    panic!("modules use each other: {}", steps.join(", "));
                }
                queue.push_back(to);
            }
        }
    }
}

#[test]
fn no_part_of_the_explorer_uses_a_higher_one() {
    let tui = src().join("tui");
    let declared: BTreeSet<String> = std::fs::read_to_string(tui.join("mod.rs"))
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';').to_string())
        .collect();
    let layer: BTreeMap<&str, usize> = TUI_LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, ms))| ms.iter().map(move |m| (*m, i)))
        .collect();
    let placed: BTreeSet<String> = layer.keys().map(|m| (*m).to_string()).collect();
    assert_eq!(
        declared, placed,
        "src/tui/mod.rs's modules and TUI_LAYERS differ"
    );
    let mut files = Vec::new();
    walk(&tui, &mut files);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for f in files {
        let rel = f.strip_prefix(src()).unwrap();
        let module = module_path(rel);
        if module.len() < 2 {
            continue;
        }
        let code = without_test_items(&strip(&std::fs::read_to_string(&f).unwrap()), |_| {});
        for (line, to) in references_under(&code, &module, &["tui"]) {
            let (Some(&a), Some(&b)) = (layer.get(module[1].as_str()), layer.get(to.as_str()))
            else {
                continue;
            };
            seen += 1;
            if to != module[1] && b > a {
                wrong.push(format!(
                    "{}:{line}: tui::{} ({}) uses tui::{to} ({}), a higher part",
                    rel.display(),
                    module[1],
                    TUI_LAYERS[a].0,
                    TUI_LAYERS[b].0
                ));
            }
        }
    }
    assert!(seen > 20, "too few uses found: the scan is broken");
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

fn layer_of() -> BTreeMap<&'static str, usize> {
    LAYERS
        .iter()
        .enumerate()
        .flat_map(|(i, (_, ms))| ms.iter().map(move |m| (*m, i)))
        .collect()
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every use of another top-level module, in every file of the library.
fn all_uses() -> Vec<Use> {
    let root = src();
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    let mut test_files = BTreeSet::new();
    let mut parsed = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap();
        if rel == Path::new("lib.rs") || rel == Path::new("main.rs") {
            continue;
        }
        let module = module_path(rel);
        let code = without_test_items(&strip(&std::fs::read_to_string(f).unwrap()), |name| {
            // `#[cfg(test)] mod name;`: its file is test code too.
            let dir = f.parent().unwrap();
            let dir = if f.file_name().unwrap() == "mod.rs" {
                dir.to_path_buf()
            } else {
                dir.join(f.file_stem().unwrap())
            };
            test_files.insert(dir.join(format!("{name}.rs")));
            test_files.insert(dir.join(name).join("mod.rs"));
        });
        parsed.push((f.clone(), rel.to_path_buf(), module, code));
    }
    let mut out = Vec::new();
    for (f, rel, module, code) in parsed {
        if test_files.contains(&f) {
            continue;
        }
        for (line, to) in references(&code, &module) {
            if to != module[0] {
                out.push(Use {
                    file: Path::new("src").join(&rel),
                    line,
                    from: module[0].clone(),
                    to,
                });
            }
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `check/mod.rs` → `[check]`, `schema/sangong.rs` → `[schema, sangong]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Rust source with its comments, strings and character literals blanked
/// (newlines kept, so lines still count), leaving only code.
fn strip(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(i + k).copied().unwrap_or('\0');
        if at(0) == '/' && at(1) == '/' {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if at(0) == '/' && at(1) == '*' {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if (at(0) == 'r' || (at(0) == 'b' && at(1) == 'r'))
            && !is_ident(c.get(i.wrapping_sub(1)).copied().unwrap_or(' '))
            && {
                let s = if at(0) == 'b' { 2 } else { 1 };
                let mut k = s;
                while at(k) == '#' {
                    k += 1;
                }
                at(k) == '"'
            }
        {
            // A raw string: r"…", r#"…"#, br"…".
            let s = if at(0) == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while at(s + hashes) == '#' {
                hashes += 1;
            }
            let open = s + hashes + 1;
            for _ in 0..open {
                out.push(' ');
            }
            i += open;
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|h| c.get(i + h) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                out.push(blank(c[i]));
                i += 1;
            }
        } else if at(0) == '"' {
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < c.len() {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if at(0) == '\'' && (at(1) == '\\' || at(2) == '\'') {
            // A character literal ('a', '\n', '\u{4e00}'), not a lifetime.
            out.push(' ');
            i += 1;
            while i < c.len() && c[i] != '\'' {
                if c[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                out.push(' ');
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

fn is_ident(ch: char) -> bool {
    ch.is_alphanumeric() || ch == '_'
}

/// `code` with every `#[cfg(test)]` item blanked; `test_mod` is told the
/// name of each `#[cfg(test)] mod name;` (its file is test code).
fn without_test_items(code: &str, mut test_mod: impl FnMut(&str)) -> String {
    let mut c: Vec<char> = code.chars().collect();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut i = 0;
    while i + marker.len() <= c.len() {
        if c[i..i + marker.len()] != marker[..] {
            i += 1;
            continue;
        }
        // The item runs to its first `;` (before any brace), or to the brace
        // that closes its first `{`.
        let mut j = i + marker.len();
        let mut depth = 0usize;
        while j < c.len() {
            match c[j] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ';' if depth == 0 => break,
                _ => {}
            }
            j += 1;
        }
        let item: String = c[i + marker.len()..j.min(c.len())].iter().collect();
        let words: Vec<&str> = item.split_whitespace().collect();
        if let [.., "mod", name] = words.as_slice() {
            test_mod(name);
        }
        let end = j.min(c.len() - 1);
        for ch in &mut c[i..=end] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        i = j + 1;
    }
    c.into_iter().collect()
}

/// The top-level modules `code` (of module `module`) names, with their
/// lines: `crate::m…`, `crate::{m, n…}`, and `super::…` paths that climb
/// out of the top-level module.
fn references(code: &str, module: &[String]) -> Vec<(usize, String)> {
    references_under(code, module, &[])
}

/// The modules right under `root` (`[]`: the crate's top-level modules;
/// `["tui"]`: the explorer's parts) that `code`, of module `module` inside
/// `root`, names: `crate::root::m…`, `crate::root::{m, n…}`, and `super::`
/// paths that climb to `root`.
fn references_under(code: &str, module: &[String], root: &[&str]) -> Vec<(usize, String)> {
    let tokens = tokens(code);
    let at = |k: usize| tokens.get(k).map_or("", |t| t.1.as_str());
    let depth = module.len().saturating_sub(root.len());
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let line = tokens[i].0;
        let prev = i.checked_sub(1).map(|p| tokens[p].1.as_str());
        if prev == Some("$") || prev == Some("::") {
            i += 1;
            continue;
        }
        // Where the path stands once it has reached `root`, if it does.
        let reached = match at(i) {
            "crate" => {
                let mut k = i + 1;
                let mut inside = true;
                for r in root {
                    inside &= at(k) == "::" && at(k + 1) == *r;
                    k += 2;
                }
                inside.then_some(k)
            }
            "super" => {
                let mut up = 1;
                let mut k = i + 1;
                while at(k) == "::" && at(k + 1) == "super" {
                    up += 1;
                    k += 2;
                }
                (up == depth).then_some(k)
            }
            _ => None,
        };
        let Some(k) = reached else {
            i += 1;
            continue;
        };
        if at(k) == "::" {
            match at(k + 1) {
                "{" => {
                    for name in group_heads(&tokens[k + 2..]) {
                        out.push((line, name));
                    }
                }
                name if !name.is_empty() && name.chars().all(is_ident) => {
                    out.push((line, name.to_string()));
                }
                _ => {}
            }
        }
        i = k.max(i + 1);
    }
    out
}

/// The first name of each path in a use group (`a, b::c, d::{e}}` → a, b, d).
fn group_heads(tokens: &[(usize, String)]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut expect = true;
    for (_, t) in tokens {
        match t.as_str() {
            "{" => depth += 1,
            "}" if depth == 0 => break,
            "}" => depth -= 1,
            "," if depth == 0 => expect = true,
            name if expect && depth == 0 => {
                if name != "self" && name.chars().all(is_ident) {
                    out.push(name.to_string());
                }
                expect = false;
            }
            _ => {}
        }
    }
    out
}

/// Identifiers, `::` and single punctuation, each with its line.
fn tokens(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, l) in code.lines().enumerate() {
        let c: Vec<char> = l.chars().collect();
        let mut i = 0;
        while i < c.len() {
            if c[i].is_whitespace() {
                i += 1;
            } else if is_ident(c[i]) {
                let s = i;
                while i < c.len() && is_ident(c[i]) {
                    i += 1;
                }
                out.push((n + 1, c[s..i].iter().collect()));
            } else if c[i] == ':' && c.get(i + 1) == Some(&':') {
                out.push((n + 1, "::".into()));
                i += 2;
            } else {
                out.push((n + 1, c[i].to_string()));
                i += 1;
            }
        }
    }
    out
}

/// The scan itself, on small sources: what it must find and what it must not.
#[test]
fn the_scan_finds_paths_and_skips_comments_strings_and_tests() {
    let m = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
    let found = |src: &str, module: &str| {
        let code = without_test_items(&strip(src), |_| {});
        references(&code, &m(module))
    };
    let src = r##"
use crate::money::Unit;
use crate::{schema, views::{self, Sort}, model::View};
// crate::tui in a comment
/// [`crate::cli`] in a doc comment
let s = "crate::tui in a string"; let r = r#"crate::cli"#; let c = '"';
fn f<'a>(x: &'a str) -> crate::load::Thing { $crate::tui::x(); super::check::y() }
#[cfg(test)]
mod tests { use crate::tui; fn f() { let _ = "}"; } }
#[cfg(test)]
use crate::cli;
let after = crate::search::Index::new();
"##;
    let got = found(src, "a");
    let names: Vec<(usize, &str)> = got.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        names,
        [
            (2, "money"),
            (3, "schema"),
            (3, "views"),
            (3, "model"),
            (7, "load"),
            (7, "check"),
            (12, "search")
        ]
    );
    // `super::` inside its own module names nothing outside it; climbing out does.
    assert!(found("use super::x;", "a/b").is_empty());
    assert_eq!(found("use super::super::x;", "a/b/c"), []);
    assert_eq!(
        found("use super::super::{x, y};", "a/b"),
        [(1, "x".into()), (1, "y".into())]
    );
    assert_eq!(found("pub(super) fn f() {}", "a"), []);
    let mut test_mods = Vec::new();
    without_test_items("#[cfg(test)]\nmod tests;", |n| {
        test_mods.push(n.to_string());
    });
    assert_eq!(test_mods, ["tests"]);
}

/// The explorer's scan: `crate::tui::` paths and `super::` paths that climb
/// to `tui`, not those that stay inside a part.
#[test]
fn the_explorers_scan_finds_paths_that_reach_tui() {
    let m = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
    let found = |src: &str, module: &str| -> Vec<String> {
        let code = without_test_items(&strip(src), |_| {});
        references_under(&code, &m(module), &["tui"])
            .into_iter()
            .map(|(_, n)| n)
            .collect()
    };
    let src = "use crate::tui::{keymap::Action, state};\nuse super::layout;\nuse super::super::ui;\n// crate::tui::app\n";
    assert_eq!(found(src, "tui/app"), ["keymap", "state", "layout"]);
    assert_eq!(found(src, "tui/app/tree"), ["keymap", "state", "ui"]);
}
