//! The real binary in a real terminal (tmux): start it, type, read the
//! screen with `capture-pane -p`, quit, and check the shell is back.
//!
//! Skips when tmux is not installed, unless `YUSUAN_REQUIRE_TMUX` is set (CI
//! sets it, and installs tmux), so there it cannot silently not run.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

struct Session(String);

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .output();
    }
}

fn tmux(args: &[&str]) -> String {
    let o = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn capture(s: &Session) -> String {
    tmux(&["capture-pane", "-p", "-t", &s.0])
}

/// Wait until the screen shows `what` (or fail with the screen).
fn wait_for(s: &Session, what: &str) -> String {
    wait_until(s, &format!("{what:?}"), |screen| screen.contains(what))
}

/// The screen once `ready` holds for it (a capture can fall between a
/// frame's first and last rows: wait for what the test looks at, not for
/// another part of the same frame).
fn wait_until(s: &Session, what: &str, ready: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let screen = capture(s);
        if ready(&screen) {
            return screen;
        }
        assert!(
            start.elapsed() <= Duration::from_secs(15),
            "waited for {what}; the screen shows:\n{screen}"
        );
        sleep(Duration::from_millis(100));
    }
}

fn send(s: &Session, keys: &[&str]) {
    for k in keys {
        tmux(&["send-keys", "-t", &s.0, k]);
        // Escape and a following key must not merge into Alt-key.
        sleep(Duration::from_millis(150));
    }
}

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("YUSUAN_REQUIRE_TMUX").is_none(),
        "tmux is required (YUSUAN_REQUIRE_TMUX is set) but not installed"
    );
    ok
}

fn start(name: &str, w: u16, h: u16, args: &str) -> Session {
    start_with(name, w, h, "", args)
}

/// [`start`], with `env` (`NAME=value …`) before the command.
fn start_with(name: &str, w: u16, h: u16, env: &str, args: &str) -> Session {
    let bin = env!("CARGO_BIN_EXE_yusuan");
    let s = Session(format!("yusuan-e2e-{name}-{}", std::process::id()));
    // A shell in the pane, so we can see it come back after quitting.
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &s.0,
        "-x",
        &w.to_string(),
        "-y",
        &h.to_string(),
        "bash --norc --noprofile",
    ]);
    tmux(&[
        "send-keys",
        "-t",
        &s.0,
        &format!("PS1='READY$ '; {env} {bin} {args}; echo EXIT=$?"),
        "Enter",
    ]);
    s
}

#[test]
fn explore_search_jump_and_quit_in_a_real_terminal() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = start("main", 120, 40, "");
    // The whole first frame (a capture can fall in the middle of one).
    let screen = wait_until(&s, "the first frame", |screen| {
        screen.contains("按单位") && screen.contains("513,873.74")
    });
    assert!(
        screen.contains("深圳市人力资源和社会保障局 2020年"),
        "{screen}"
    );
    assert!(screen.contains("513,873.74"), "{screen}");
    // Down twice, open 市人社局本级.
    send(&s, &["j", "j", "l"]);
    let screen = wait_for(&s, "市人社局本级（单位）");
    assert!(screen.contains("项目支出"), "{screen}");
    // Search by pinyin initials and jump.
    send(&s, &["/", "r", "c", "y", "j", "j", "g", "l"]);
    let screen = wait_for(&s, "1,493.74");
    assert!(screen.contains("搜索"), "{screen}");
    send(&s, &["Enter"]);
    let screen = wait_for(&s, "人才引进及管理（项目）");
    assert!(
        screen.contains("1,493.74 万元（文中 1,494 万元）"),
        "{screen}"
    );
    // The 三公 view.
    send(&s, &["3"]);
    let screen = wait_for(&s, "部门合计");
    let dept = screen.lines().find(|l| l.contains("部门合计")).unwrap();
    assert!(
        dept.contains("112.00") && dept.contains("107.00") && dept.contains("▼ -5.00"),
        "{screen}"
    );
    // Help, closed by Esc, then quit: the shell is back and the exit status 0.
    send(&s, &["?"]);
    wait_for(&s, "帮助（Esc 关闭）");
    send(&s, &["Escape"]);
    send(&s, &["q"]);
    let screen = wait_for(&s, "EXIT=0");
    assert!(screen.contains("READY$"), "{screen}");
    assert!(
        !screen.contains("按单位"),
        "the alternate screen is gone: {screen}"
    );
}

#[test]
fn yusuan_trace_times_the_steps_of_opening_on_standard_error() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.txt");
    let s = start_with(
        "trace",
        100,
        30,
        "YUSUAN_TRACE=1",
        &format!("2>{}", trace.display()),
    );
    wait_for(&s, "按单位");
    // The index and the checks come after the tree: wait for their lines.
    let start = Instant::now();
    let text = loop {
        let text = std::fs::read_to_string(&trace).unwrap_or_default();
        if text.contains("search index built") && text.contains("checks done")
            || start.elapsed() > Duration::from_secs(15)
        {
            break text;
        }
        sleep(Duration::from_millis(100));
    };
    send(&s, &["q"]);
    wait_for(&s, "EXIT=0");
    let steps: Vec<(f64, &str)> = text
        .lines()
        .map(|l| {
            let (t, step) = l.split_once(" s  ").expect(l);
            (t.trim().parse().expect(l), step)
        })
        .collect();
    let names: Vec<&str> = steps.iter().map(|(_, s)| *s).collect();
    // The bundled budget is ready before a loading screen would show.
    for step in ["model built", "tree drawn", "search index built"] {
        assert!(names.contains(&step), "{step}: {text}");
    }
    let at = |step: &str| steps.iter().find(|(_, s)| *s == step).unwrap().0;
    assert!(at("model built") <= at("tree drawn"), "{text}");
    // Nothing reached the screen: the trace went to the file only.
    assert!(!capture(&s).contains("tree drawn"));
}

#[test]
fn bad_file_prints_a_message_without_touching_the_terminal() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = start("bad", 80, 10, "/nonexistent/budget.ron");
    let screen = wait_for(&s, "EXIT=2");
    assert!(
        screen.contains("yusuan: /nonexistent/budget.ron: no such file"),
        "{screen}"
    );
}

#[test]
fn narrow_terminal_and_resize() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = start("narrow", 40, 15, "--no-mouse");
    let screen = wait_for(&s, "按单位");
    assert!(
        screen
            .lines()
            .all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40),
        "{screen}"
    );
    tmux(&["resize-window", "-t", &s.0, "-x", "120", "-y", "40"]);
    let screen = wait_for(&s, "详情");
    assert!(screen.contains("收入与采购"), "{screen}");
    send(&s, &["q"]);
    wait_for(&s, "EXIT=0");
}

#[test]
fn sigterm_restores_the_terminal() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    // A distinctive command line, so only this test's process is signalled.
    let s = start("sigterm", 100, 30, "--unit yi --no-mouse");
    wait_for(&s, "按单位");
    let bin = env!("CARGO_BIN_EXE_yusuan");
    let o = Command::new("pkill")
        .args(["-TERM", "-f", &format!("{bin} --unit yi --no-mouse")])
        .output()
        .expect("pkill runs");
    assert!(o.status.success(), "no process matched");
    let screen = wait_for(&s, "EXIT=130");
    assert!(screen.contains("READY$"), "{screen}");
    assert!(
        !screen.contains("按单位"),
        "the alternate screen is gone: {screen}"
    );
}

#[test]
fn closing_the_terminal_ends_the_explorer() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    // crossterm spins forever on a dead tty (its issue #793); yusuan must not outlive its terminal.
    let s = start("hangup", 100, 30, "--unit yuan --no-mouse");
    wait_for(&s, "按单位");
    let bin = env!("CARGO_BIN_EXE_yusuan");
    let pattern = format!("{bin} --unit yuan --no-mouse");
    let alive = || {
        Command::new("pgrep")
            .args(["-f", &pattern])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(alive());
    tmux(&["kill-session", "-t", &s.0]);
    let start = Instant::now();
    while alive() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "yusuan is still running after its terminal closed"
        );
        sleep(Duration::from_millis(100));
    }
}

/// tmux's view of the pane's terminal modes: alternate screen, mouse
/// reporting, cursor shown.
fn modes(s: &Session) -> String {
    tmux(&[
        "display-message",
        "-p",
        "-t",
        &s.0,
        "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
    ])
    .trim()
    .to_string()
}

#[test]
fn every_signal_restores_the_terminal() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    // The mouse is captured (no --no-mouse), so its release is checked too.
    // Each run has a command line of its own for pkill to find.
    for (signal, status, args) in [
        ("HUP", 129, "--unit wan"),
        ("QUIT", 131, "--unit yi"),
        ("INT", 130, "--unit yuan"),
    ] {
        let s = start(&format!("sig{signal}"), 100, 30, args);
        wait_for(&s, "按单位");
        assert_eq!(
            modes(&s),
            "1 1 0",
            "{signal}: the explorer holds the terminal"
        );
        let bin = env!("CARGO_BIN_EXE_yusuan");
        let o = Command::new("pkill")
            .args([&format!("-{signal}"), "-f", &format!("{bin} {args}$")])
            .output()
            .expect("pkill runs");
        assert!(o.status.success(), "{signal}: no process matched");
        let screen = wait_for(&s, &format!("EXIT={status}"));
        assert!(!screen.contains("按单位"), "{signal}: {screen}");
        assert_eq!(
            modes(&s),
            "0 0 1",
            "{signal}: alternate screen left, mouse released, cursor shown"
        );
    }
}

#[test]
fn a_note_survives_quitting_reopening_and_sigterm() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.ron");
    // A command line of its own, for pkill.
    let args = format!("--notes {} --unit wan", notes.display());
    let s = start("notes", 120, 40, &args);
    wait_for(&s, "按单位");
    // 市人社局本级, a note in Chinese, Ctrl-S.
    send(&s, &["j", "j", "N"]);
    wait_for(&s, "Ctrl-S 保存");
    tmux(&["send-keys", "-t", &s.0, "-l", "问题一：人员支出为何增加"]);
    send(&s, &["C-s"]);
    wait_for(&s, "备注已保存");
    send(&s, &["q"]);
    wait_for(&s, "EXIT=0");
    assert!(std::fs::read_to_string(&notes).unwrap().contains("问题一"));
    // Reopen: the line is marked, the list has the note.
    let bin = env!("CARGO_BIN_EXE_yusuan");
    tmux(&["send-keys", "-t", &s.0, "clear", "Enter"]);
    tmux(&[
        "send-keys",
        "-t",
        &s.0,
        &format!("{bin} {args}; echo EXIT=$?"),
        "Enter",
    ]);
    // The line's mark: waited for (it fails after 15 s when it never shows).
    wait_until(&s, "市人社局本级 marked *", |screen| {
        screen
            .lines()
            .any(|l| l.contains("市人社局本级") && l.contains('*'))
    });
    send(&s, &["'"]);
    wait_for(&s, "问题一：人员支出为何增加");
    send(&s, &["Escape"]);
    // A second note, then SIGTERM in the middle of the session.
    send(&s, &["j", "N"]);
    wait_for(&s, "Ctrl-S 保存");
    tmux(&["send-keys", "-t", &s.0, "-l", "问题二"]);
    send(&s, &["C-s"]);
    wait_for(&s, "备注已保存");
    let o = Command::new("pkill")
        .args(["-TERM", "-f", &format!("{bin} {args}$")])
        .output()
        .expect("pkill runs");
    assert!(o.status.success());
    wait_for(&s, "EXIT=130");
    // `yusuan notes --json` lists both.
    let o = Command::new(bin)
        .args([
            "notes",
            "--format",
            "json",
            "--notes",
            &notes.display().to_string(),
        ])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let texts: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["note"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["问题一：人员支出为何增加", "问题二"], "{v}");
}

#[test]
fn a_reviewer_reads_the_header_row_a_full_indicator_and_the_ranked_list() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = start(
        "readable",
        140,
        40,
        "--unit wan --no-mouse --notes /dev/null/none",
    );
    let screen = wait_until(&s, "the header row", |screen| {
        screen.lines().nth(4).is_some_and(|l| l.contains("占部门"))
    });
    let header = screen.lines().nth(4).unwrap_or_default();
    for h in ["名称", "金额", "占上级", "占部门"] {
        assert!(header.contains(h), "{header}");
    }
    // p: every project ranked; the largest first, its sub-items under it.
    send(&s, &["p"]);
    let screen = wait_for(&s, "按金额排名");
    let first = screen
        .lines()
        .find(|l| l.contains("│›") || l.contains("›  1") || l.contains("› 1"))
        .unwrap_or_default();
    assert!(
        first.contains('1') && first.contains("财政专项资金（经费）") && first.contains("509,000"),
        "{screen}"
    );
    let next = screen
        .lines()
        .skip_while(|l| !l.contains("财政专项资金（经费）"))
        .nth(1)
        .unwrap_or_default();
    assert!(
        next.contains("子项") && next.contains("高层次人才奖励补贴"),
        "{screen}"
    );
    send(
        &s,
        &[
            "Escape", "/", "z", "h", "i", "y", "e", "n", "e", "n", "g", "l", "i", "j", "i", "a",
            "n", "s", "h", "e",
        ],
    );
    wait_for(&s, "职业能力建设管理");
    send(&s, &["Enter", "Tab"]);
    wait_for(&s, "详情：");
    // Page down to the 表15 table: an indicator's name read in full.
    for _ in 0..6 {
        if capture(&s).contains("资助市级一类职业技能竞赛项目数") {
            break;
        }
        send(&s, &["PageDown"]);
    }
    let screen = capture(&s);
    let row = screen
        .lines()
        .find(|l| l.contains("资助市级一类职业技能竞赛项目数"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        row.contains("=27项") && row.contains("2020年工作计划"),
        "{row}"
    );
    send(&s, &["q"]);
    wait_for(&s, "EXIT=0");
}

#[test]
fn a_search_finds_what_the_texts_say_and_steps_through_the_hits() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let s = start("texts", 140, 40, "--no-mouse --notes /dev/null/none");
    wait_for(&s, "513,873.74");
    // 技能竞赛 stands in no name: the hits are in purposes, goals and the
    // narrative, each saying where, with the words around it.
    send(&s, &["/", "技能竞赛"]);
    let screen = wait_for(&s, "8 个结果");
    let first = screen
        .lines()
        .find(|l| l.contains("›用途"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(
        first.contains("职业能力建设管理")
            && first.contains("技能竞赛")
            && first.contains("13,618.50"),
        "{screen}"
    );
    assert!(
        screen.contains(" 目标 ") && screen.contains(" 说明 "),
        "{screen}"
    );
    // Enter: the line, its detail scrolled to the words.
    send(&s, &["Enter"]);
    let screen = wait_for(&s, "用途中的“技能竞赛”");
    // The detail's first rows hold the words (wrapped, perhaps).
    let words: String = screen
        .lines()
        .skip(4)
        .take(4)
        .filter_map(|l| l.split_once("││").map(|(_, d)| d.trim_matches([' ', '│'])))
        .collect();
    assert!(words.contains("技能竞赛"), "{screen}");
    // ; the next hit, , back.
    // (`\;`: a lone `;` separates tmux commands.)
    send(&s, &["\\;"]);
    let screen = wait_for(&s, "第 2/8 个");
    assert!(
        screen.contains("市高技能人才公共实训管理服务中心"),
        "{screen}"
    );
    send(&s, &[","]);
    wait_for(&s, "第 1/8 个");
    send(&s, &["q"]);
    wait_for(&s, "EXIT=0");
}

/// The shell's terminal modes as a program run from it sees them: `icanon`
/// and `echo`, or `-icanon` and `-echo` when they are off.
fn tty_modes(s: &Session, tag: &str) -> String {
    tmux(&["send-keys", "-t", &s.0, "clear", "Enter"]);
    tmux(&[
        "send-keys",
        "-t",
        &s.0,
        &format!("echo {tag} $(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(icanon|echo)')"),
        "Enter",
    ]);
    let screen = wait_until(s, tag, |screen| {
        screen.lines().any(|l| l.starts_with(&format!("{tag} ")))
    });
    screen
        .lines()
        .find(|l| l.starts_with(&format!("{tag} ")))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn ctrl_z_and_sigtstp_leave_the_terminal_sane_and_fg_redraws() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    // The mouse is captured (no --no-mouse), so its release is checked too.
    let args = "--unit wan --notes /dev/null/tstp";
    let s = start("tstp", 100, 30, args);
    wait_for(&s, "按单位");
    assert_eq!(modes(&s), "1 1 0", "the explorer holds the terminal");
    let bin = env!("CARGO_BIN_EXE_yusuan");
    for (how, stop) in [("Ctrl-Z", None), ("SIGTSTP", Some("-TSTP"))] {
        match stop {
            None => send(&s, &["C-z"]),
            Some(sig) => {
                let o = Command::new("pkill")
                    .args([sig, "-f", &format!("{bin} {args}$")])
                    .output()
                    .expect("pkill runs");
                assert!(o.status.success(), "{how}: no process matched");
            }
        }
        let screen = wait_for(&s, "Stopped");
        assert!(
            !screen.contains("按单位"),
            "{how}: the main screen: {screen}"
        );
        assert_eq!(
            modes(&s),
            "0 0 1",
            "{how}: alternate screen left, mouse released, cursor shown"
        );
        assert_eq!(
            tty_modes(&s, &format!("MODES-{}", how.len())),
            format!("MODES-{} icanon echo", how.len()),
            "{how}: cooked mode for the shell"
        );
        // fg: the explorer takes the terminal again and redraws at once.
        tmux(&["send-keys", "-t", &s.0, "clear", "Enter"]);
        tmux(&["send-keys", "-t", &s.0, "fg", "Enter"]);
        wait_for(&s, "按单位");
        assert_eq!(modes(&s), "1 1 0", "{how}: taken again");
        // Raw mode: a key acts without Enter (the help opens).
        send(&s, &["?"]);
        wait_for(&s, "帮助（Esc 关闭）");
        send(&s, &["Escape"]);
        wait_until(&s, "help closed", |screen| {
            !screen.contains("帮助（Esc 关闭）")
        });
    }
    send(&s, &["q"]);
    wait_until(&s, "the shell", |screen| !screen.contains("按单位"));
    assert_eq!(modes(&s), "0 0 1");
}

#[test]
fn sigterm_during_a_long_save_keeps_the_mark_and_the_note_being_typed() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    // A large notes file (another department's 20,000 notes): saving it
    // takes long enough for the signal to come in the middle.
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.ron");
    let mut text = String::from("(format: 1, notes: [\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "(key: (department: \"别的局\", year: 2019, view: \"unit\", path: [\"别的局\", \"本级\", \"第{i}行\"]), text: \"{}\"),\n",
            "问".repeat(50)
        ));
    }
    text.push_str("])\n");
    std::fs::write(&notes, text).unwrap();
    let args = format!("--notes {} --unit yi", notes.display());
    let s = start("longsave", 120, 40, &args);
    wait_for(&s, "按单位");
    // Mark 市人社局本级: shown at once, saved on its own thread.
    send(&s, &["j", "j", "m"]);
    wait_for(&s, "已标记");
    // Start a note on the next line, and stop in the middle of typing.
    send(&s, &["j", "N"]);
    wait_for(&s, "Ctrl-S 保存");
    tmux(&["send-keys", "-t", &s.0, "-l", "写到一半的问题"]);
    wait_for(&s, "写到一半的问题");
    let bin = env!("CARGO_BIN_EXE_yusuan");
    let o = Command::new("pkill")
        .args(["-TERM", "-f", &format!("{bin} {args}$")])
        .output()
        .expect("pkill runs");
    assert!(o.status.success());
    let start = Instant::now();
    while !capture(&s).contains("EXIT=130") {
        assert!(start.elapsed() < Duration::from_mins(1), "{}", capture(&s));
        sleep(Duration::from_millis(100));
    }
    let (kept, _) = yusuan::notes::Notes::open(&notes);
    assert_eq!(kept.all().len(), 20_001, "every note, and the new mark");
    assert!(kept
        .all()
        .iter()
        .any(|n| n.key.path.last().map(String::as_str) == Some("市人社局本级")));
    // The note being typed: kept as a draft (not a mark).
    let saved = std::fs::read_to_string(&notes).unwrap();
    let drafts = &saved[saved.find("drafts:").expect("a drafts list")..];
    assert!(drafts.contains("写到一半的问题"), "{drafts}");
    assert!(!kept.all().iter().any(|n| n.text.contains("写到一半")));
}

#[test]
fn a_fifo_as_match_or_notes_never_freezes_the_explorer() {
    if !have_tmux() {
        eprintln!("skipped: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.ron");
    assert!(Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap()
        .success());
    // --match: a plain message on the shell's screen, exit 2.
    let s = start("fifomatch", 100, 30, &format!("--match {}", pipe.display()));
    let screen = wait_for(&s, "EXIT=2");
    assert!(screen.contains("is a named pipe (FIFO)"), "{screen}");
    // --notes: the explorer opens, says the notes stay in memory, quits.
    let s = start(
        "fifonotes",
        120,
        40,
        &format!("--no-mouse --notes {}", pipe.display()),
    );
    // The message may follow the first frame (the notes are read while the
    // tree shows): wait for it.
    let screen = wait_for(&s, "kept in memory only");
    assert!(screen.contains("按单位"), "{screen}");
    send(&s, &["q"]);
    wait_for(&s, "EXIT=0");
}
