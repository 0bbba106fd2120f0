//! Hostile files and unlucky users: special files where files are read and
//! written, two explorers on one notes file, a damaged cache, exports that
//! open in a spreadsheet — each as a user would meet it, through the real
//! binary where it can be.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use yusuan::notes::{Key, Notes};

fn yusuan(args: &[&str]) -> Output {
    yusuan_env(args, &[])
}

fn yusuan_env(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yusuan"));
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run yusuan")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

/// The bundled budget's RON, as a file in `dir`.
fn bundled_file(dir: &Path) -> PathBuf {
    let p = dir.join("hrss.ron");
    std::fs::write(&p, yusuan::load::BUNDLED).unwrap();
    p
}

/// Run `yusuan` with a time limit: a hang is a failure, not a stuck test.
fn within(secs: u64, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            panic!("yusuan {args:?} still running after {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_fifo_as_notes_match_or_dataset_is_a_message_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.ron");
    mkfifo(&pipe);
    let p = pipe.to_str().unwrap();
    // As a dataset: exit 2, named.
    let o = within(10, &["tree", p]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("{p}: is a named pipe (FIFO), not a regular file")),
        "{}",
        stderr(&o)
    );
    // As --match: exit 2, no line 0.
    let o = within(10, &["diff", "--match", p]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains(&format!("{p}: is a named pipe")) && !e.contains(":0:"),
        "{e}"
    );
    // As --notes: said, and the command still answers.
    let o = within(10, &["notes", "--notes", p]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("kept in memory only"), "{}", stderr(&o));
    // A missing mapping file names no line either.
    let none = dir.path().join("none.ron");
    let o = yusuan(&["diff", "--match", none.to_str().unwrap()]);
    assert_eq!(
        stderr(&o),
        format!("yusuan: {}: no such file\n", none.display())
    );
}

#[test]
fn dev_zero_as_notes_is_refused_at_once() {
    // /dev/zero is named, never written: the notes are kept in memory.
    let o = within(10, &["notes", "--notes", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("/dev/zero: is a character device, not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_to_stdout_a_fifo_or_a_device_writes_into_it_and_replaces_nothing() {
    use std::os::unix::fs::FileTypeExt;
    // /dev/stdout: the CSV arrives on standard output; /dev/stdout stays
    // what it was (read only, never written here).
    let before = std::fs::symlink_metadata("/dev/stdout").map(|m| m.file_type());
    let o = yusuan(&["export", "--format", "csv", "-o", "/dev/stdout"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("人才引进及管理"));
    let after = std::fs::symlink_metadata("/dev/stdout").map(|m| m.file_type());
    assert_eq!(before.ok(), after.ok());
    // `-` is standard output.
    let o = yusuan(&["export", "--format", "md", "-o", "-"]);
    assert!(stdout(&o).starts_with("## 按单位"), "{}", stdout(&o));
    // A FIFO gets the bytes and stays a FIFO.
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("out.csv");
    mkfifo(&pipe);
    let reader = {
        let p = pipe.clone();
        std::thread::spawn(move || std::fs::read(p).unwrap())
    };
    let o = within(20, &["export", "-o", pipe.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&reader.join().unwrap()).contains("人才引进及管理"));
    assert!(std::fs::symlink_metadata(&pipe)
        .unwrap()
        .file_type()
        .is_fifo());
    // A directory is an error.
    let o = yusuan(&[
        "export",
        "--format",
        "csv",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    // A character device (made here, as root only; never under /dev).
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let o = yusuan(&["export", "--format", "xlsx", "-o", null.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device());
    } else {
        eprintln!("device case skipped: mknod needs root");
    }
}

fn key(who: &str, i: usize) -> Key {
    Key {
        department: "甲局".into(),
        year: 2020,
        view: "unit".into(),
        path: vec!["甲局".into(), who.into(), format!("第{i}行")],
    }
}

/// One of the two processes of the test below (does nothing unless that
/// test started it): waits for the go, then marks 25 lines one by one, as
/// an explorer whose user marks quickly.
#[test]
fn notes_writer_process() {
    let Ok(spec) = std::env::var("YUSUAN_TEST_NOTES_WRITER") else {
        return;
    };
    let (file, who) = spec.split_once('|').unwrap();
    let file = Path::new(file);
    let go = file.with_extension("go");
    while !go.exists() {
        std::thread::sleep(Duration::from_millis(1));
    }
    let (mut n, msg) = Notes::open(file);
    assert!(msg.is_none(), "{msg:?}");
    for i in 0..25 {
        n.set(&key(who, i), Some("")).unwrap();
    }
}

#[test]
fn two_explorers_marking_at_once_keep_all_fifty_marks() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("notes.ron");
    let me = std::env::current_exe().unwrap();
    let writers: Vec<_> = ["甲", "乙"]
        .iter()
        .map(|who| {
            Command::new(&me)
                .args(["--exact", "notes_writer_process", "--nocapture"])
                .env(
                    "YUSUAN_TEST_NOTES_WRITER",
                    format!("{}|{who}", file.display()),
                )
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    std::fs::write(file.with_extension("go"), "").unwrap();
    for mut w in writers {
        assert!(w.wait().unwrap().success());
    }
    let (n, _) = Notes::open(&file);
    assert_eq!(n.all().len(), 50, "every mark of both explorers");
}

/// A dataset big enough to be cached (a comment pads it past 1 MiB), its
/// department renamed to `dept`, as `name` in `dir`.
fn big_dataset(dir: &Path, name: &str, dept: &str) -> PathBuf {
    let text = yusuan::load::BUNDLED.replace("深圳市人力资源和社会保障局", dept);
    let p = dir.join(name);
    std::fs::write(&p, format!("// {}\n{text}", "x".repeat(1 << 20))).unwrap();
    p
}

fn cached(cache: &Path, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yusuan"));
    c.args(args)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("YUSUAN_NO_CACHE");
    c.output().unwrap()
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cache.join("yusuan"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    v.sort();
    v
}

#[test]
fn a_damaged_or_swapped_cache_entry_is_ignored_rebuilt_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let a = big_dataset(dir.path(), "a.ron", "甲局");
    let a = a.to_str().unwrap();
    let show = ["show", "市人社局本级/项目支出/人才引进及管理", a];
    let first = cached(&cache, &show);
    assert!(stdout(&first).contains("1,493.74"), "{}", stdout(&first));
    // The cache folder is its owner's only.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(cache.join("yusuan"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o700);
    // One flipped digit in the entry's payload: 1493.74 → 1493.75.
    let [entry] = &entries(&cache)[..] else {
        panic!("one entry")
    };
    let mut bytes = std::fs::read(entry).unwrap();
    let at = bytes.windows(7).position(|w| w == b"1493.74").unwrap();
    bytes[at + 6] = b'5';
    std::fs::write(entry, &bytes).unwrap();
    let o = cached(&cache, &show);
    assert_eq!(
        stdout(&o),
        stdout(&first),
        "the file's figures, not the entry's"
    );
    let e = stderr(&o);
    assert_eq!(e.matches("cache entry").count(), 1, "said once: {e}");
    assert!(
        e.contains("its checksum does not match") && e.contains("rebuilt"),
        "{e}"
    );
    // Rebuilt: the next run is quiet.
    let o = cached(&cache, &show);
    assert_eq!(stderr(&o), "");
    // Another dataset's entry (of the same length) copied over this one's: not
    // shown for this file.
    let b = big_dataset(dir.path(), "b.ron", "乙局");
    cached(&cache, &["tree", "--depth", "0", b.to_str().unwrap()]);
    let both = entries(&cache);
    assert_eq!(both.len(), 2);
    let other = both.iter().find(|p| *p != entry).unwrap();
    std::fs::copy(other, entry).unwrap();
    let o = cached(&cache, &["tree", "--depth", "0", a]);
    assert!(
        stdout(&o).contains("甲局") && !stdout(&o).contains("乙局"),
        "{}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("made from another file"),
        "{}",
        stderr(&o)
    );
    // files.txt edited to point this file at the other's entry: the same.
    let list = cache.join("yusuan/files.txt");
    let known = std::fs::read_to_string(&list).unwrap();
    let (a_name, b_name) = (
        entry.file_name().unwrap().to_str().unwrap(),
        other.file_name().unwrap().to_str().unwrap(),
    );
    std::fs::write(&list, known.replace(a_name, b_name)).unwrap();
    let o = cached(&cache, &["tree", "--depth", "0", a]);
    assert!(
        stdout(&o).contains("甲局") && !stdout(&o).contains("乙局"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn special_files_in_the_cache_folder_are_refused_without_blocking_or_reading() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let a = big_dataset(dir.path(), "a.ron", "甲局");
    let a = a.to_str().unwrap();
    let first = cached(&cache, &["tree", "--depth", "0", a]);
    let [entry] = &entries(&cache)[..] else {
        panic!("one entry")
    };
    // The entry a symlink to /dev/zero (pointed at, never written).
    std::fs::remove_file(entry).unwrap();
    std::os::unix::fs::symlink("/dev/zero", entry).unwrap();
    let run = || {
        let mut c = Command::new(env!("CARGO_BIN_EXE_yusuan"));
        c.args(["tree", "--depth", "0", a])
            .env("XDG_CACHE_HOME", &cache)
            .env_remove("YUSUAN_NO_CACHE")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("blocked");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        child.wait_with_output().unwrap()
    };
    let o = run();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), stdout(&first));
    assert!(
        stderr(&o).contains("is a character device"),
        "{}",
        stderr(&o)
    );
    // Rebuilt as a file of its own: the link is gone, nothing written through it.
    assert!(std::fs::symlink_metadata(entry).unwrap().is_file());
    // A named pipe as the entry, and as files.txt.
    let _ = std::fs::remove_file(entry);
    mkfifo(entry);
    let list = cache.join("yusuan/files.txt");
    std::fs::remove_file(&list).unwrap();
    mkfifo(&list);
    let o = run();
    assert_eq!(stdout(&o), stdout(&first));
    let e = stderr(&o);
    assert!(e.contains("files.txt ignored (is a named pipe"), "{e}");
}

const FORMULA_NAMES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/hostile/formula-names.ron"
);

/// The names of the hostile dataset, as the data has them.
const HOSTILE: [&str; 7] = [
    "=HYPERLINK(\"http://evil.example/x\",\"点我\")",
    "=cmd|' /C calc'!A0",
    "@SUM(A1)",
    "+1+1",
    "-2+3",
    "\t制表符开头",
    "\r回车开头",
];

#[test]
fn csv_exports_cannot_become_formulas_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    let o = yusuan(&["export", "-o", out.to_str().unwrap(), FORMULA_NAMES]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let names: Vec<&str> = rows.iter().map(|r| &r[4]).collect();
    for h in HOSTILE {
        assert!(
            names.contains(&format!("'{h}").as_str()),
            "{h:?} neutralised: {names:?}"
        );
    }
    // No text cell at all starts a formula; amounts are plain numbers.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
        assert_eq!(
            &row[7],
            if &row[4] == "测试局" || &row[4] == "本级" || &row[4] == "项目支出" {
                "80"
            } else {
                "10"
            }
        );
    }
    // The notes' CSV too: a mark on a hostile line.
    let notes = dir.path().join("notes.ron");
    let (mut n, _) = Notes::open(&notes);
    n.set(
        &Key {
            department: "测试局".into(),
            year: 2020,
            view: "unit".into(),
            path: vec![
                "测试局".into(),
                "本级".into(),
                "项目支出".into(),
                HOSTILE[2].into(),
            ],
        },
        Some("=1+2"),
    )
    .unwrap();
    let o = yusuan(&[
        "notes",
        "--format",
        "csv",
        "--notes",
        notes.to_str().unwrap(),
        FORMULA_NAMES,
    ]);
    let csv_text = stdout(&o);
    assert!(
        csv_text.contains("'=1+2") && csv_text.contains("测试局/本级/项目支出/@SUM(A1)"),
        "{csv_text}"
    );
    assert!(
        !csv_text
            .lines()
            .any(|l| l.split(',').any(|c| c.starts_with(['=', '@', '+', '-']))),
        "{csv_text}"
    );
}

#[test]
fn xlsx_keeps_such_names_as_strings_never_formulas() {
    use calamine::Reader as _;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.xlsx");
    let o = yusuan(&["export", "-o", out.to_str().unwrap(), FORMULA_NAMES]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("按单位").unwrap();
    for h in HOSTILE {
        assert!(
            sheet.rows().any(|r| r
                .iter()
                .any(|c| *c == calamine::Data::String(h.to_string()))),
            "{h:?} as a string cell"
        );
    }
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "no formula in {name}"
        );
    }
}

#[test]
fn markdown_treats_a_carriage_return_like_a_line_feed() {
    let o = yusuan(&["export", "--format", "md", "-o", "-", FORMULA_NAMES]);
    let md = stdout(&o);
    assert!(!md.contains('\r'), "{md:?}");
    // Every row of the table is one line: the same number of cells.
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
    let cells = rows[0].matches(" | ").count();
    assert!(
        rows.iter().all(|r| r.matches(" | ").count() == cells),
        "{md}"
    );
    assert!(md.contains("甲 乙 丙"), "{md}");
    // The notes' question list too: a CR in a note starts a quoted line.
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.ron");
    Notes::open(&notes)
        .0
        .set(
            &Key {
                department: "测试局".into(),
                year: 2020,
                view: "unit".into(),
                path: ["测试局", "本级", "项目支出", "甲\r乙\r\n丙"]
                    .map(String::from)
                    .to_vec(),
            },
            Some("问一\r问二"),
        )
        .unwrap();
    let o = yusuan(&["notes", "--notes", notes.to_str().unwrap(), FORMULA_NAMES]);
    let md = stdout(&o);
    assert!(
        md.contains("**甲 乙 丙**") && md.contains("   > 问一\n   > 问二\n"),
        "{md}"
    );
}

#[test]
fn the_same_file_twice_is_said_to_be_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = bundled_file(dir.path());
    let a = a.to_str().unwrap();
    let o = yusuan(&["tree", a, a]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!("yusuan: {a}: the same file as {a} (named twice); name each file once\n")
    );
    // By a link: the same file all the same.
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(a, &link).unwrap();
    let o = yusuan(&["tree", a, link.to_str().unwrap()]);
    assert!(stderr(&o).contains("the same file as"), "{}", stderr(&o));
    // A copy is another file holding the same department: named.
    let copy = dir.path().join("copy.ron");
    std::fs::copy(a, &copy).unwrap();
    let o = yusuan(&["tree", a, copy.to_str().unwrap()]);
    assert!(
        stderr(&o).contains(&format!("is already loaded from another file ({a})")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn ten_thousand_nested_somes_are_said_to_nest_too_deep() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/hostile/names-with-escape-sequences.ron"
    ))
    .unwrap();
    let deep = base.replace(
        "full_name: \"测试局本级\",",
        &format!(
            "full_name: {}\"x\"{},",
            "Some(".repeat(10_000),
            ")".repeat(10_000)
        ),
    );
    let f = dir.path().join("deep.ron");
    std::fs::write(&f, deep).unwrap();
    let o = yusuan(&["tree", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        format!(
            "yusuan: {}:8:17: nested more than 128 levels\n",
            f.display()
        )
    );
    // One Some( where a name stands: the parser's words, no hint about amounts.
    let once = base.replace("full_name: \"测试局本级\",", "full_name: Some(\"x\"),");
    std::fs::write(&f, once).unwrap();
    let e = stderr(&yusuan(&["tree", f.to_str().unwrap()]));
    assert!(
        e.contains("Expected string") && !e.contains("decimal strings"),
        "{e}"
    );
    // A bare number where an amount stands keeps the hint.
    let number = base.replace("value: \"60\"", "value: 60");
    std::fs::write(&f, number).unwrap();
    let e = stderr(&yusuan(&["tree", f.to_str().unwrap()]));
    assert!(e.contains("decimal strings"), "{e}");
}

/// A dataset of `n` one-line projects (about 90 bytes of RON a line).
fn many_lines(dir: &Path, n: usize) -> PathBuf {
    let mut kids = String::new();
    for i in 0..n {
        kids.push_str(&format!(
            "(name: \"x{i}\", figures: [(value: \"1\", precision: 0, source: (place: \"p\", line: 1))]),\n"
        ));
    }
    let text = format!(
        r#"(format: 1, department: "测试局", year: 2020, units: [(name: "本级", full_name: "测试局本级",
  figures: [(value: "{n}", precision: 0, source: (place: "第三部分", line: 1))],
  categories: [(name: "项目支出", figures: [(value: "{n}", precision: 0, source: (place: "第三部分", line: 2))],
  children: [
{kids}  ])])])"#
    );
    let p = dir.join(format!("lines-{n}.ron"));
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn many_small_lines_are_judged_by_their_count_not_only_their_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let f = many_lines(dir.path(), 20_000);
    let size = std::fs::metadata(&f).unwrap().len();
    // Room for twice the bytes (the old judgement), not for 20,000 lines.
    let limit = (size * 4).to_string();
    let o = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(["tree", "--json", f.to_str().unwrap()])
        .env("YUSUAN_MEMORY_LIMIT", &limit)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("lines of budgets would need about") && e.contains("open fewer"),
        "{e}"
    );
    // With room, the listing streams out whole: every line, valid JSON.
    let o = yusuan(&["tree", "--json", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 20_003);
    assert!(o.stdout.ends_with(b"]\n"));
}
