use clap::Parser;
use std::io::Write;
use yusuan::cli::{self, Cli};
use yusuan::text::sanitize;

/// mimalloc: a decade of a city frees hundreds of megabytes of parsed
/// entries while its model is built; glibc's allocator kept them (the
/// explorer peaked at 1.9 GB), mimalloc gives them back (1.4 GB). Chosen
/// here, by the program: the library leaves the allocator to whoever links
/// it (the benchmarks and `examples/stages.rs` choose the same, so they
/// measure what users run).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    yusuan::tui::trace::start();
    let args = match Cli::try_parse() {
        Ok(a) => a,
        // Usage errors echo arguments: they reach the terminal sanitised too.
        Err(e) => {
            let text = e.render().to_string();
            if e.use_stderr() {
                let _ = std::io::stderr().write_all(sanitize(&text).as_bytes());
            } else {
                let _ = std::io::stdout().write_all(sanitize(&text).as_bytes());
            }
            std::process::exit(e.exit_code());
        }
    };
    yusuan::width::set_ambiguous_wide(args.ambiguous_wide);
    let status = match args.command {
        Some(cmd) => {
            let opts = cli::Options {
                unit: args.unit,
                matching: args.matching,
                notes: args.notes,
            };
            let mut stdout = std::io::stdout().lock();
            let out = cli::run(cmd, &opts, &mut stdout);
            // Every byte of output passes the one sanitising function (a
            // streamed listing is JSON escaped as safely); a closed pipe
            // (`yusuan tree | head`) is not an error.
            let _ = stdout.write_all(sanitize(&out.stdout).as_bytes());
            drop(stdout);
            let _ = std::io::stderr().write_all(sanitize(&out.stderr).as_bytes());
            out.status
        }
        None => yusuan::tui::run(
            &args.files,
            args.matching.as_deref(),
            args.notes.as_deref(),
            args.unit,
            !args.no_mouse,
        ),
    };
    std::process::exit(status);
}
