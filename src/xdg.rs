//! The XDG base directories yusuan keeps its files under.

use std::path::PathBuf;

/// `$VAR` if set and not empty, else `$HOME/<under_home>`; then `yusuan`
/// below it. `None` when neither is set.
pub fn dir(var: &str, under_home: &str) -> Option<PathBuf> {
    let base = std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(under_home))
        })?;
    Some(base.join("yusuan"))
}
