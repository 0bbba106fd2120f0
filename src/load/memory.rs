//! The memory guard: a collection that would not fit in memory (a province
//! over a decade, a country) is refused with a clear message, rather than
//! thrash the machine or be killed. Judged twice: from the files' sizes
//! before anything is read, and from the lines (nodes) of each dataset as it
//! is parsed, before its model is built — a file of millions of one-line
//! projects takes far more memory than its size says.

use super::{err, LoadError};
use crate::schema::Dataset;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Memory the open model and its search index take per byte of RON read,
/// at most, measured on the generated city: 173 MB of RON peak at 270 MB
/// (1.6 bytes a byte), its decade's 2.0 GB at 1.5 GB the first time.
const MEMORY_PER_INPUT_BYTE: u64 = 2;

/// Memory a line of the model takes with its search index, at most:
/// 500,000 one-line projects (44 MB of RON, 88 bytes a line) peaked at
/// 400 MB in `yusuan find`, about 790 bytes a line; the generated city's
/// lines are near it.
const MEMORY_PER_LINE: u64 = 1000;

/// The memory a collection may use, and how much its lines take so far.
pub(super) struct Budget {
    /// Nine tenths of the memory available (`None`: unknown, no limit).
    limit: Option<u64>,
    available: u64,
    files: usize,
    lines: AtomicU64,
}

#[allow(clippy::cast_precision_loss)] // a size in a message
fn gb(b: u64) -> String {
    format!("{:.1} GB", b as f64 / 1e9)
}

impl Budget {
    /// The budget for `paths`, refused at once when their sizes alone
    /// would not fit.
    pub(super) fn for_files(paths: &[impl AsRef<Path>]) -> Result<Budget, LoadError> {
        let available = available_memory();
        let budget = Budget {
            limit: available.map(|a| a / 10 * 9),
            available: available.unwrap_or(0),
            files: paths.len(),
            lines: AtomicU64::new(0),
        };
        let bytes: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p.as_ref()).ok())
            .map(|m| m.len())
            .sum();
        let need = bytes.saturating_mul(MEMORY_PER_INPUT_BYTE);
        if budget.limit.is_some_and(|l| need > l) {
            return Err(budget.refuse(&format!("{} of budgets", gb(bytes)), need));
        }
        Ok(budget)
    }

    /// Count a parsed dataset's lines against the budget: refused when the
    /// lines loaded so far would not fit.
    pub(super) fn take(&self, d: &Dataset) -> Result<(), LoadError> {
        let n = crate::model::capacity(d) as u64;
        let lines = self.lines.fetch_add(n, Ordering::SeqCst) + n;
        let need = lines.saturating_mul(MEMORY_PER_LINE);
        if self.limit.is_some_and(|l| need > l) {
            return Err(self.refuse(&format!("{lines} lines of budgets"), need));
        }
        Ok(())
    }

    fn refuse(&self, what: &str, need: u64) -> LoadError {
        err(
            &format!("{} files", self.files),
            None,
            format!(
                "{what} would need about {} of memory, and {} is available; open fewer departments or years (yusuan is for a city over a decade, or a province's departments of one year)",
                gb(need),
                gb(self.available)
            ),
        )
    }
}

/// `MemAvailable` of /proc/meminfo, in bytes (`None` where there is none);
/// `YUSUAN_MEMORY_LIMIT` (bytes) says otherwise, for a smaller budget.
fn available_memory() -> Option<u64> {
    if let Some(v) = std::env::var("YUSUAN_MEMORY_LIMIT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return Some(v);
    }
    let info = crate::file::read_text(Path::new("/proc/meminfo"), crate::file::SYSTEM).ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
