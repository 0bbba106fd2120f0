//! `YUSUAN_TRACE=1`: how long the explorer took to each step of opening —
//! the loading screen, the files loaded, the model, the tree drawn, the
//! checks and the years paired, the search index — one line each on
//! standard error, timed from the start of `main`. Only when standard error
//! is not the terminal (`yusuan FILES… 2>trace.txt`): the screen stays
//! untouched. For measuring the first frame, which no outside timer sees.

use std::io::IsTerminal as _;
use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();

fn on() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        std::env::var_os("YUSUAN_TRACE").is_some_and(|v| !v.is_empty())
            && !std::io::stderr().is_terminal()
    })
}

/// The moment the steps are timed from (the first call wins).
pub fn start() {
    START.get_or_init(Instant::now);
}

/// `step` happened now: a line on standard error, when tracing.
pub fn step(step: &str) {
    if !on() {
        return;
    }
    use std::io::Write as _;
    let t = START.get_or_init(Instant::now).elapsed();
    let _ = writeln!(std::io::stderr(), "{:8.3} s  {step}", t.as_secs_f64());
}
