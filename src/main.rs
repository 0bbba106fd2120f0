use clap::Parser;
use std::io::Write;
use yusuan::cli::{self, Cli};

fn main() {
    let args = Cli::parse();
    let status = match args.command {
        Some(cmd) => {
            let out = cli::run(cmd, args.unit);
            // A closed pipe (`yusuan tree | head`) is not an error.
            let _ = std::io::stdout().write_all(out.stdout.as_bytes());
            let _ = std::io::stderr().write_all(out.stderr.as_bytes());
            out.status
        }
        None => yusuan::tui::run(&args.files, args.unit, !args.no_mouse),
    };
    std::process::exit(status);
}
