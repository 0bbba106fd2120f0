//! The key tables in the docs are the keymap's: GUIDE.md's full table is
//! written from `keymap::bindings()` (the table the dispatcher and the help
//! popup read), and every key the README names is bound.
//!
//! After changing a binding: `YUSUAN_UPDATE_DOCS=1 cargo test --test keys_doc`
//! rewrites GUIDE.md's table; review the diff.

use yusuan::tui::keymap::{bindings, Context};

const BEGIN: &str = "<!-- keys: written from src/tui/keymap.rs by tests/keys_doc.rs -->";
const END: &str = "<!-- keys end -->";

/// The keymap as Markdown: one table per context, in the help's order.
fn table() -> String {
    let mut contexts: Vec<Context> = Vec::new();
    for b in bindings() {
        if !contexts.contains(&b.context) {
            contexts.push(b.context);
        }
    }
    let mut out = String::new();
    for c in contexts {
        out.push_str(&format!(
            "\n\n**{}**\n\n| 键 | 作用 |\n|---|---|\n",
            c.label()
        ));
        for b in bindings().iter().filter(|b| b.context == c) {
            let keys: Vec<String> = b
                .shown_as
                .split_whitespace()
                .map(|k| format!("`{}`", k.replace('|', "\\|")))
                .collect();
            out.push_str(&format!(
                "| {} | {} |\n",
                keys.join(" "),
                b.description.replace('|', "\\|")
            ));
        }
    }
    out
}

fn root(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

#[test]
fn the_guides_key_table_is_the_keymap() {
    let path = root("GUIDE.md");
    let guide = std::fs::read_to_string(&path).unwrap();
    let start = guide.find(BEGIN).expect("GUIDE.md has the keys marker") + BEGIN.len();
    let end = start
        + guide[start..]
            .find(END)
            .expect("GUIDE.md has the keys end marker");
    let want = format!("{}\n", table());
    if guide[start..end] != want {
        if std::env::var_os("YUSUAN_UPDATE_DOCS").is_some() {
            let updated = format!("{}{}{}", &guide[..start], want, &guide[end..]);
            std::fs::write(&path, updated).unwrap();
        } else {
            panic!(
                "GUIDE.md's key table is not the keymap's; run \
                 `YUSUAN_UPDATE_DOCS=1 cargo test --test keys_doc` and review:\n{want}"
            );
        }
    }
}

/// Every key the README's table names is bound somewhere, as the help shows it.
#[test]
fn every_key_the_readme_names_is_bound() {
    let readme = std::fs::read_to_string(root("README.md")).unwrap();
    let section = readme
        .split("## The keys that matter")
        .nth(1)
        .expect("README has its keys section");
    let section = section.split("\n## ").next().unwrap();
    let bound: std::collections::HashSet<&str> = bindings()
        .iter()
        .flat_map(|b| b.shown_as.split_whitespace())
        .collect();
    let mut named = 0;
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let keys_cell = row.split(" | ").next().unwrap();
        for key in keys_cell.split('`').skip(1).step_by(2) {
            named += 1;
            assert!(
                bound.contains(key),
                "README names `{key}`, which no binding shows"
            );
        }
    }
    assert!(
        named >= 20,
        "README's key table was not read ({named} keys)"
    );
}

/// No title, hint or message of the explorer writes a key by hand: each
/// comes from the keymap (`keymap::key`, the hints), so a rebinding shows
/// everywhere. A string literal outside the keymap naming `Enter`, `Esc` or
/// a `Ctrl-` key followed by what it does fails here.
#[test]
fn no_text_of_the_explorer_names_a_key_by_hand() {
    let mut offenders = Vec::new();
    let mut stack = vec![root("src/tui")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.file_name().is_some_and(|n| n == "keymap.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                // The string literals of the line.
                for lit in code.split('"').skip(1).step_by(2) {
                    let named = ["Enter ", "Esc ", "Ctrl-S ", "Ctrl-C ", "Tab 回"]
                        .iter()
                        .any(|k| lit.contains(k))
                        || names_a_one_key(lit);
                    if named {
                        offenders.push(format!("{}:{}: {lit}", p.display(), i + 1));
                    }
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "keys written by hand:\n{}",
        offenders.join("\n")
    );
}

/// Does a text name a one-character key and what it does (`按 p`,
/// `r 显示舍入差异`, `（' 查看）`, `← → 移动`)? `X 万元` is a placeholder.
fn names_a_one_key(lit: &str) -> bool {
    let c: Vec<char> = lit.chars().collect();
    let letter = |x: char| x.is_ascii_alphabetic() && x != 'X' || "';,?".contains(x);
    let arrow = |x: char| "←→↑↓".contains(x);
    let han = |x: char| ('\u{4e00}'..='\u{9fff}').contains(&x);
    (0..c.len()).any(|i| {
        let alone = i == 0 || " （(·：".contains(c[i - 1]);
        let pressed = i >= 2 && c[i - 1] == ' ' && c[i - 2] == '按';
        let (next, then) = (c.get(i + 1).copied(), c.get(i + 2).copied());
        let word_ends = next.is_none_or(|n| !n.is_ascii_alphanumeric());
        pressed && (letter(c[i]) || arrow(c[i]) || c[i] == '/') && word_ends
            || alone && letter(c[i]) && next == Some(' ') && then.is_some_and(han)
            || alone && arrow(c[i]) && next == Some(' ') && then.is_some_and(arrow)
    })
}

#[test]
fn a_one_key_name_written_by_hand_is_caught() {
    for bad in [
        "在树形视图中按 p",
        "（r 显示舍入差异）",
        "（' 查看）",
        "← → 左右移动",
        "u 往后 · U 往前",
    ] {
        assert!(names_a_one_key(bad), "{bad}");
    }
    for fine in [
        "金额 ≥ X 万元",
        "按单位",
        "搜索：中文 / 拼音",
        "yusuan export --view sangong",
    ] {
        assert!(!names_a_one_key(fine), "{fine}");
    }
}

#[test]
fn the_keys_a_text_names_are_the_tables() {
    use yusuan::tui::keymap::{key, Action};
    assert_eq!(key(Context::List, Action::Confirm), "Enter");
    assert_eq!(key(Context::Editor, Action::Save), "Ctrl-S");
    assert_eq!(key(Context::Main, Action::Close), "Esc");
    assert_eq!(key(Context::Main, Action::FocusNext), "Tab");
}
