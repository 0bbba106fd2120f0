//! What a shell and `man` want of a command-line tool: completions for
//! bash, zsh, fish (and elvish, PowerShell), a man page, and a version that
//! says which budget comes bundled.

use super::{Cli, Outcome};
use clap::CommandFactory;

/// `yusuan completions SHELL`: the completion script, to be sourced or
/// saved where the shell looks (`yusuan completions bash >
/// ~/.local/share/bash-completion/completions/yusuan`).
pub(super) fn completions(shell: clap_complete::Shell) -> Outcome {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "yusuan", &mut out);
    text(out)
}

/// `yusuan man`: the man page, in roff (`yusuan man > yusuan.1`).
pub(super) fn man() -> Outcome {
    let mut out = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut out) {
        Ok(()) => text(out),
        Err(e) => Outcome::fail(2, format!("yusuan: cannot write the man page: {e}\n")),
    }
}

fn text(bytes: Vec<u8>) -> Outcome {
    Outcome::ok(
        String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// `--version`: the program's, and the budget it bundles
/// (`0.1.0 (bundled: 2020年深圳市人力资源和社会保障局部门预算)`). The title is
/// read from the head of the bundled file, not parsed from all of it.
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        let title = crate::load::BUNDLED
            .lines()
            .take(40)
            .find_map(|l| l.trim().strip_prefix("title: \"")?.strip_suffix("\","))
            .unwrap_or("?");
        format!("{} (bundled: {title})", env!("CARGO_PKG_VERSION"))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_version_names_the_bundled_budget() {
        let d = crate::load::bundled();
        assert_eq!(
            super::version(),
            format!("{} (bundled: {})", env!("CARGO_PKG_VERSION"), d.title)
        );
    }
}
