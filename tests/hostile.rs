//! Hostile input, through the real binary: thousands of seeded mutants of the
//! bundled dataset (RON) and of the published text it was made from — byte
//! flips, truncation, deleted and duplicated lines, huge, tiny and negative
//! numbers, extreme precision, invalid UTF-8, deep nesting, control and bidi
//! characters, very long lines — each run through a command of `yusuan`.
//!
//! A run fails on exit status 101 or any other than 0, 1, 2; on "panicked";
//! on a time-out; on a raw control, C1 or bidi character in the output; and,
//! for `import`, on writing a dataset that does not load back.
//!
//! Deterministic: the mutants come from a fixed seed, so a failure is
//! reproducible; each failing input is saved under `target/hostile-failures/`
//! to be kept in `tests/hostile/` as a regression case, where every file is
//! replayed on each run. By default 300 mutants run (a warm `cargo test`
//! stays short); CI sets `YUSUAN_HOSTILE_COUNT=1600`, and
//! `YUSUAN_HOSTILE_COUNT=20000 cargo test --release --test hostile` is the
//! longer fuzzing run (docs/safety.md). Damaged PDFs likewise:
//! 40 by default, `YUSUAN_HOSTILE_PDF_COUNT` in CI.

#[path = "../examples/common/gen.rs"]
mod gen;

use gen::Rng;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const RON: &str = include_str!("../assets/shenzhen-hrss-2020.ron");
const TEXT: &str = include_str!("../assets/shenzhen-hrss-2020-budget.txt");
const SEED: u64 = 20_201_127;
/// Per run; a dataset loads in well under a second.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// What hostile text can hold: escape sequences that retitle the terminal,
/// write the clipboard, clear the screen; C1 controls; bidi overrides.
const NASTY: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}]52;c;cHduZWQ=\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\u{85}",
    "\u{202e}evil\u{202c}",
    "\u{2066}x\u{2069}",
    "\u{8}\u{8}",
    "\r",
    "\u{7f}",
];

fn mutate(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    let ops = 1 + rng.below(3);
    for _ in 0..ops {
        match rng.below(11) {
            0 => {
                for _ in 0..=rng.below(8) {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
            }
            1 => b.truncate(rng.below(b.len())),
            2 | 3 => {
                let lines: Vec<&[u8]> = b.split(|c| *c == b'\n').collect();
                let i = rng.below(lines.len());
                let mut out: Vec<u8> = Vec::with_capacity(b.len() + 200);
                for (k, l) in lines.iter().enumerate() {
                    let times = match (k == i, rng.below(2)) {
                        (false, _) => 1,
                        (true, 0) => 0,
                        (true, _) => 2,
                    };
                    for _ in 0..times {
                        out.extend_from_slice(l);
                        out.push(b'\n');
                    }
                }
                b = out;
            }
            4 | 5 => number(&mut b, rng),
            6 => splice(
                &mut b,
                rng,
                b"precision: ",
                &["4294967295", "28", "29", "99", "13"],
            ),
            7 => {
                let i = rng.below(b.len());
                b.splice(i..i, [0xff, 0xfe, 0xc3].into_iter().take(1 + rng.below(3)));
            }
            8 => {
                let depth = 100 + rng.below(400);
                let i = rng.below(b.len());
                let open = *rng.pick(&[b"[".as_slice(), b"(".as_slice(), b"Some(".as_slice()]);
                let ins: Vec<u8> = open.repeat(depth);
                b.splice(i..i, ins);
            }
            9 => {
                // Into a string (after a quote) or a line of the text.
                let s = rng.pick(NASTY).as_bytes().to_vec();
                let quotes: Vec<usize> = b
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| **c == b'"' || **c == b'\t')
                    .map(|(i, _)| i + 1)
                    .collect();
                let i = if quotes.is_empty() {
                    rng.below(b.len())
                } else {
                    *rng.pick(&quotes)
                };
                b.splice(i..i, s);
            }
            _ => {
                let i = rng.below(b.len());
                let units = ["人才引进", "1,234\t", "项目\t", "a"];
                let unit = units[rng.below(units.len())];
                let long = unit.as_bytes().repeat(20_000 + rng.below(20_000));
                b.splice(i..i, long);
            }
        }
        if b.is_empty() {
            break;
        }
    }
    b
}

/// Replace a run of digits with an extreme number.
fn number(b: &mut Vec<u8>, rng: &mut Rng) {
    let starts: Vec<usize> = (1..b.len())
        .filter(|&i| b[i].is_ascii_digit() && !b[i - 1].is_ascii_digit())
        .collect();
    if starts.is_empty() {
        return;
    }
    let s = *rng.pick(&starts);
    let e = (s..b.len())
        .find(|&i| !b[i].is_ascii_digit())
        .unwrap_or(b.len());
    let with: String = match rng.below(7) {
        0 => "9".repeat(16 + rng.below(30)),
        1 => format!("0.{}1", "0".repeat(10 + rng.below(30))),
        2 => format!("-{}", &String::from_utf8_lossy(&b[s..e])),
        3 => "1e30".into(),
        4 => "79228162514264337593543950335".into(),
        5 => format!("{}.{}", "9".repeat(14), "9".repeat(14)),
        _ => "0".into(),
    };
    b.splice(s..e, with.into_bytes());
}

/// Replace what follows `key` (up to a delimiter) with one of `values`.
fn splice(b: &mut Vec<u8>, rng: &mut Rng, key: &[u8], values: &[&str]) {
    let at: Vec<usize> = b
        .windows(key.len())
        .enumerate()
        .filter(|(_, w)| *w == key)
        .map(|(i, _)| i + key.len())
        .collect();
    if at.is_empty() {
        return;
    }
    let s = *rng.pick(&at);
    let e = (s..b.len())
        .find(|&i| !b[i].is_ascii_digit())
        .unwrap_or(b.len());
    b.splice(s..e, rng.pick(values).bytes());
}

/// A run's verdict: `None` when it behaved.
fn run(args: &[&str]) -> Result<(i32, String, String), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yusuan"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("spawn: {e}"))?;
    let start = Instant::now();
    // Read both pipes on threads so a large output cannot block the child.
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err, &mut v);
        v
    });
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {TIME_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
    let code = status.code().unwrap_or(-1);
    if code == 101 || stderr.contains("panicked") {
        return Err(format!("panicked (exit {code}): {}", tail(&stderr)));
    }
    if !matches!(code, 0..=2) {
        return Err(format!("exit status {code}: {}", tail(&stderr)));
    }
    for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        if let Some(c) = text.chars().find(|c| yusuan::text::is_unsafe(*c)) {
            return Err(format!("raw U+{:04X} on {name}", u32::from(c)));
        }
    }
    Ok((code, stdout, stderr))
}

fn tail(s: &str) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(5)..].join("\n")
}

/// The commands a mutant of each kind is run through, in turn.
const RON_COMMANDS: &[&[&str]] = &[
    &["tree"],
    &["check"],
    &["sangong"],
    &["find", "rencai"],
    &["show", "人才引进及管理"],
    &["tree", "--json", "--unit", "yuan"],
    &["show", "市人社局本级", "--json"],
];
const TEXT_COMMANDS: &[&[&str]] = &[&["check"], &["import"], &["tree", "--depth", "2"]];

/// Try one input file with one command; for `import`, the written dataset
/// must load back.
fn try_input(path: &Path, command: &[&str], scratch: &Path) -> Result<(), String> {
    let p = path.to_str().expect("UTF-8 path");
    if command == ["import"] {
        let out = scratch.with_extension("out.ron");
        let o = out.to_str().expect("UTF-8 path");
        let (code, _, _) = run(&["import", p, "-o", o])?;
        if code == 0 {
            let (code, _, stderr) = run(&["tree", "--depth", "1", o])?;
            if code != 0 {
                return Err(format!(
                    "import wrote a dataset that does not load: {}",
                    tail(&stderr)
                ));
            }
        } else if out.exists() {
            return Err("a failed import left a file behind".into());
        }
        let _ = std::fs::remove_file(&out);
        return Ok(());
    }
    let mut args: Vec<&str> = command.to_vec();
    // Options after the subcommand, the file last.
    args.push(p);
    run(&args).map(|_| ())
}

fn failures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/hostile-failures")
}

#[test]
fn thousands_of_mutants_never_crash_hang_or_leak_control_characters() {
    let count: usize = std::env::var("YUSUAN_HOSTILE_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let failures = run_mutants(count, &|n| {
        let mut rng = Rng::new(SEED + n as u64);
        // One in four mutants is of the text, the rest of the RON.
        let text = n % 4 == 3;
        let (base, ext, commands) = if text {
            (TEXT.as_bytes(), "txt", TEXT_COMMANDS)
        } else {
            (RON.as_bytes(), "ron", RON_COMMANDS)
        };
        (
            mutate(base, &mut rng),
            ext,
            commands[n / 4 % commands.len()],
        )
    });
    assert!(
        failures.is_empty(),
        "{} of {count} mutants failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A mutant: its bytes, its file's extension, the command it goes through.
type Mutant = (Vec<u8>, &'static str, &'static [&'static str]);

/// Make `count` mutants (`make(n)`) and try each on every core; the
/// failures, each saved under `target/hostile-failures/`.
fn run_mutants(count: usize, make: &(dyn Fn(usize) -> Mutant + Sync)) -> Vec<String> {
    let dir = tempfile::tempdir().expect("scratch dir");
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
    std::thread::scope(|s| {
        for w in 0..workers {
            let (next, failures, dir) = (&next, &failures, dir.path());
            s.spawn(move || loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= count {
                    break;
                }
                let (input, ext, command) = make(n);
                let path = dir.join(format!("w{w}-{n}.{ext}"));
                std::fs::write(&path, &input).expect("write mutant");
                if let Err(e) = try_input(&path, command, &dir.join(format!("w{w}"))) {
                    let keep = failures_dir().join(format!("mutant-{n}.{ext}"));
                    let _ = std::fs::create_dir_all(failures_dir());
                    let _ = std::fs::write(&keep, &input);
                    failures.lock().unwrap().push(format!(
                        "mutant {n} ({ext} {command:?}): {e}\n  saved as {}",
                        keep.display()
                    ));
                }
                let _ = std::fs::remove_file(&path);
            });
        }
    });
    failures.into_inner().unwrap()
}

/// The PDF mutants' base: a published document (narrative and ruled
/// tables), in both font kinds.
const PDFS: &[&str] = &[
    "tests/fixtures/pdf/shenzhen-hrss-2020-part.pdf",
    "tests/fixtures/pdf/shenzhen-hrss-2020-part-type0.pdf",
];
const PDF_COMMANDS: &[&[&str]] = &[&["import"], &["tree", "--depth", "1"]];

/// A damaged PDF: bits flipped, cut short (its end-of-file marker put back
/// or not), a piece deleted or doubled, a number (a length, an offset, a
/// count) made huge, zero or negative.
fn mutate_pdf(base: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = base.to_vec();
    for _ in 0..=rng.below(3) {
        if b.len() < 16 {
            break;
        }
        match rng.below(6) {
            0 => {
                for _ in 0..=rng.below(16) {
                    let i = rng.below(b.len());
                    b[i] ^= 1 << rng.below(8);
                }
            }
            1 => {
                b.truncate(rng.below(b.len()));
                if rng.below(2) == 0 {
                    b.extend_from_slice(b"\n%%EOF\n");
                }
            }
            2 => {
                let i = rng.below(b.len());
                let n = (1 + rng.below(2000)).min(b.len() - i);
                b.drain(i..i + n);
            }
            3 => {
                let i = rng.below(b.len());
                let n = (1 + rng.below(2000)).min(b.len() - i);
                let piece = b[i..i + n].to_vec();
                b.splice(i..i, piece);
            }
            4 => {
                // The end: the cross-reference table and the trailer.
                let from = b.len().saturating_sub(1500);
                for _ in 0..=rng.below(8) {
                    let i = from + rng.below(b.len() - from);
                    b[i] = *rng.pick(b"0123456789 /<>[]RobjnfeRxt");
                }
            }
            _ => {
                let key = *rng.pick(&[
                    b"/Length ".as_slice(),
                    b"/Count ",
                    b"/N ",
                    b"/First ",
                    b"/W [",
                    b"/Size ",
                    b"startxref\n",
                ]);
                splice(
                    &mut b,
                    rng,
                    key,
                    &["0", "-1", "99999999999", "4294967296", "7"],
                );
            }
        }
    }
    b
}

/// Damaged PDFs never crash or hang: each is read or refused (exit 2)
/// within the time limit, and an import either writes a dataset that loads
/// or nothing. A few dozen by default; CI sets `YUSUAN_HOSTILE_PDF_COUNT`.
#[test]
fn damaged_pdfs_never_crash_or_hang() {
    let count: usize = std::env::var("YUSUAN_HOSTILE_PDF_COUNT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bases: Vec<Vec<u8>> = PDFS
        .iter()
        .map(|p| std::fs::read(root.join(p)).expect("the PDF fixtures are there"))
        .collect();
    let failures = run_mutants(count, &|n| {
        let mut rng = Rng::new((SEED ^ 0x0050_4446) + n as u64);
        let input = mutate_pdf(&bases[n % bases.len()], &mut rng);
        let command = PDF_COMMANDS[n / bases.len() % PDF_COMMANDS.len()];
        (input, "pdf", command)
    });
    assert!(
        failures.is_empty(),
        "{} of {count} PDF mutants failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_saved_regression_case_still_behaves() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let scratch = tempfile::tempdir().expect("scratch dir");
    let mut tried = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/hostile exists") {
        let path = entry.expect("entry").path();
        let commands = match path.extension().and_then(|e| e.to_str()) {
            Some("ron") => RON_COMMANDS,
            Some("txt") => TEXT_COMMANDS,
            Some("pdf") => PDF_COMMANDS,
            _ => continue,
        };
        for c in commands {
            if let Err(e) = try_input(&path, c, &scratch.path().join("r")) {
                panic!("{} with {c:?}: {e}", path.display());
            }
        }
        tried += 1;
    }
    assert!(tried >= 5, "the regression cases are there ({tried})");
}
