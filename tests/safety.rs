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
