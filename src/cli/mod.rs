//! The non-interactive commands: the same data as the explorer, printed for
//! people (columns aligned by display width) or as stable JSON.
//!
//! This file holds the arguments and the dispatch; each command renders in a
//! file of its own, and every JSON shape is a type in [`json`].

mod check;
mod diff;
mod export;
mod filters;
mod find;
mod import;
pub mod json;
mod notes;
mod sangong;
mod shell;
mod show;
mod tree;
mod values;

use crate::compare::{Mapping, Timeline};
use crate::load;
use crate::model::{Model, View};
use crate::money::Unit;
use crate::views::SortKey;
use clap::{Args, Parser, Subcommand};
use std::fmt::Write as _;
use std::path::PathBuf;

/// yusuan (预算): explore a Chinese government department's budget in the terminal.
#[derive(Debug, Parser)]
#[command(
    name = "yusuan",
    version = shell::version(),
    about,
    subcommand_precedence_over_arg = true
)]
pub struct Cli {
    /// Datasets to open: yusuan's RON files, or published budgets (PDF,
    /// XLS/XLSX, or a converter's text), told apart by content; the bundled
    /// 2020 budget of 深圳市人力资源和社会保障局 when none is given.
    pub files: Vec<PathBuf>,
    /// Do not capture the mouse, so text can be selected and copied.
    #[arg(long)]
    pub no_mouse: bool,
    /// Money unit for human output: yuan (元), wan (万元) or yi (亿元).
    #[arg(long, global = true, value_enum, default_value_t = Unit::Wan)]
    pub unit: Unit,
    /// A mapping file pairing lines across years the matcher would not
    /// (RON: `[(department, year, from_path, to_path)]`).
    #[arg(long = "match", global = true, value_name = "FILE")]
    pub matching: Option<PathBuf>,
    /// The marks-and-notes file (default: `$XDG_DATA_HOME/yusuan/notes.ron`,
    /// else `~/.local/share/yusuan/notes.ron`).
    #[arg(long, global = true, value_name = "FILE")]
    pub notes: Option<PathBuf>,
    /// Count East Asian ambiguous characters (≥ ≤ ※ ① “ ”) as two columns,
    /// as many Chinese terminals draw them (see GUIDE.md to tell).
    #[arg(long, global = true, env = "YUSUAN_AMBIGUOUS_WIDE", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false, num_args = 0, default_missing_value = "true")]
    pub ambiguous_wide: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The datasets a command reads.
#[derive(Debug, Args)]
pub struct Input {
    /// Datasets (RON or published texts); the bundled budget when none.
    pub files: Vec<PathBuf>,
}

/// How a command prints.
#[derive(Debug, Args)]
pub struct Format {
    /// Print JSON (documented in docs/json.md) instead of text.
    #[arg(long)]
    pub json: bool,
}

/// Which tree a listing shows, and how deep (`tree` and `diff`).
#[derive(Debug, Args)]
pub struct Shape {
    /// Which tree: units, 科目 (function) or income and procurement.
    #[arg(long, value_enum, default_value_t = View::Unit)]
    pub view: View,
    /// How many levels below the department to show.
    #[arg(long)]
    pub depth: Option<usize>,
}

impl Shape {
    /// The depth below `top` to list to: `--depth` counts from the
    /// department, whatever sits above it (root and years).
    pub fn depth_below(
        &self,
        model: &crate::model::Model,
        top: crate::model::NodeId,
    ) -> Option<usize> {
        use crate::model::Kind;
        let above = match model.node(top).kind {
            Kind::Root => 2,
            Kind::Year => 1,
            _ => 0,
        };
        self.depth.map(|d| d + above)
    }
}

#[derive(Debug, Args)]
pub struct TreeArgs {
    #[command(flatten)]
    pub shape: Shape,
    /// Order of siblings: by amount (largest first), name (pinyin) or document order.
    #[arg(long, value_enum, default_value_t = SortKey::Amount)]
    pub sort: SortKey,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub format: Format,
    #[command(flatten)]
    pub input: Input,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub shape: Shape,
    /// The earlier year (default: the second latest open).
    #[arg(long)]
    pub from: Option<i32>,
    /// The later year (default: the latest open).
    #[arg(long)]
    pub to: Option<i32>,
    /// Order of siblings: by change (largest first), change %, or document order.
    #[arg(long, value_enum, default_value_t = SortKey::Document)]
    pub sort: SortKey,
    #[command(flatten)]
    pub filter: FilterArgs,
    #[command(flatten)]
    pub format: Format,
    #[command(flatten)]
    pub input: Input,
}

/// Which lines a listing keeps (each given condition must hold); ancestors
/// of a kept line stay for context.
#[derive(Debug, Args, Default)]
pub struct FilterArgs {
    /// Only lines with findings: `mismatch` (real disagreements) or `findings` (any);
    /// `marked` lines; `projects` (and their sub-items).
    #[arg(long, value_enum)]
    pub only: Option<Only>,
    /// Only lines of at least this amount (万元).
    #[arg(long, value_name = "WAN")]
    pub min_amount: Option<rust_decimal::Decimal>,
    /// Only lines whose change between the years compared is at least this (万元, either way).
    #[arg(long, value_name = "WAN")]
    pub min_change: Option<rust_decimal::Decimal>,
    /// Only lines whose change is at least this percent (either way; new and removed lines count).
    #[arg(long, value_name = "PCT")]
    pub min_change_pct: Option<rust_decimal::Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Only {
    Mismatch,
    Findings,
    Marked,
    Projects,
}

impl FilterArgs {
    /// The filters given, all of which must hold.
    pub fn filters(&self) -> Vec<crate::views::Filter> {
        use crate::views::Filter;
        let mut out = Vec::new();
        if let Some(o) = self.only {
            out.push(match o {
                Only::Mismatch => Filter::Mismatch,
                Only::Findings => Filter::Findings,
                Only::Marked => Filter::Marked,
                Only::Projects => Filter::Projects,
            });
        }
        out.extend(self.min_amount.map(Filter::MinAmount));
        out.extend(self.min_change.map(Filter::MinChange));
        out.extend(self.min_change_pct.map(Filter::MinChangePct));
        out
    }
}

/// What `export` exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportView {
    Unit,
    Function,
    Money,
    Sangong,
    /// the units side by side (categories, total, 三公, 编制), the latest year's
    Units,
    /// two years compared (the two latest open)
    Diff,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// UTF-8 with a byte-order mark, for Excel and WPS
    Csv,
    /// every view, the findings and the notes, one sheet each
    Xlsx,
    /// Markdown tables, for a report
    Md,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which view (XLSX holds them all, this one first).
    #[arg(long, value_enum, default_value_t = ExportView::Unit)]
    pub view: ExportView,
    /// The format (default: from the output's extension).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// The file to write (`-`: standard output; a pipe or a device is written
    /// in place, never replaced).
    #[arg(short, long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub input: Input,
}

/// Formats of `notes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NotesFormat {
    /// a question list for the meeting, one heading per unit
    Md,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct NotesArgs {
    #[arg(long, value_enum, default_value_t = NotesFormat::Md)]
    pub format: NotesFormat,
    #[command(flatten)]
    pub input: Input,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A name, a 科目/品目 code, or names joined by `/`.
    pub name: String,
    /// Look in one tree only (the department's 表7 subtotals are in
    /// `function`, 表6's income in `money`); by default the unit tree answers
    /// first, then 科目, then income and procurement.
    #[arg(long, value_enum)]
    pub view: Option<View>,
    #[command(flatten)]
    pub format: Format,
    #[command(flatten)]
    pub input: Input,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// Chinese, full pinyin (`rencaiyinjin`), initials (`rcyj`) or code digits.
    pub query: String,
    /// How many matches to print.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    #[command(flatten)]
    pub format: Format,
    #[command(flatten)]
    pub input: Input,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub format: Format,
    #[command(flatten)]
    pub input: Input,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The published budget: a PDF, an XLS/XLSX workbook, or a text.
    pub text: PathBuf,
    /// Where to write the dataset (RON; `-`: standard output).
    #[arg(short, long)]
    pub out: PathBuf,
    /// Also write the coverage report (JSON): every number of the text, read
    /// into the dataset or skipped with a reason, and those unaccounted for.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The tree with amount, share of parent and share of department.
    Tree(TreeArgs),
    /// One node with everything known about it. NAME-OR-PATH is a name, or
    /// names joined by `/` (`市人社局本级/项目支出/人才引进及管理`).
    Show(ShowArgs),
    /// Two years compared line by line: each year's amount, the change, the
    /// change %, and whether a line is new, gone or renamed.
    Diff(DiffArgs),
    /// Write a view (with filters) as CSV, XLSX or Markdown.
    Export(ExportArgs),
    /// Every mark and note, as a Markdown question list, JSON or CSV.
    Notes(NotesArgs),
    /// 三公经费: the earlier year against the later, by unit and in total.
    Sangong(ReportArgs),
    /// Ranked matches for QUERY (Chinese, full pinyin, initials or code digits).
    Find(FindArgs),
    /// Do the figures add up, and do the tables agree? Exit 1 on a mismatch.
    Check(ReportArgs),
    /// Read a published budget (PDF, XLS/XLSX or text) and write it as a yusuan dataset.
    Import(ImportArgs),
    /// Print the completion script for a shell (bash, zsh, fish, elvish,
    /// powershell).
    Completions(CompletionsArgs),
    /// Print the man page (roff: `yusuan man > yusuan.1`).
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// What a command ends with: output, and the exit status.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: String::new(),
            status: 0,
        }
    }
    fn fail(status: i32, stderr: String) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr,
            status,
        }
    }
    /// JSON output (exit 0).
    fn json<T: serde::Serialize>(value: &T) -> Outcome {
        Outcome::ok(json::to_string(value))
    }
}

/// What every command is given besides its own arguments.
pub struct Options {
    pub unit: Unit,
    /// The `--match` file, if any.
    pub matching: Option<PathBuf>,
    /// The `--notes` file, if any (else the default under XDG).
    pub notes: Option<PathBuf>,
}

/// The notes file, read (a problem with it is said on stderr, never fatal).
fn notes(opts: &Options) -> (crate::notes::Notes, String) {
    match opts
        .notes
        .clone()
        .or_else(crate::notes::Notes::default_path)
    {
        Some(p) => {
            let (n, problem) = crate::notes::Notes::open(&p);
            (
                n,
                problem
                    .map(|p| format!("yusuan: {p}\n"))
                    .unwrap_or_default(),
            )
        }
        None => (crate::notes::Notes::in_memory(), String::new()),
    }
}

/// Run a subcommand. A large listing (`tree --json`, `diff --json`) is
/// written to `out` as it is made, already safe for a terminal; everything
/// else comes back in the [`Outcome`].
#[must_use]
pub fn run(cmd: Command, opts: &Options, out: &mut dyn std::io::Write) -> Outcome {
    let unit = opts.unit;
    match cmd {
        Command::Import(a) => import::run(&a),
        Command::Completions(a) => shell::completions(a.shell),
        Command::Man => shell::man(),
        Command::Tree(a) => with_years(&a.input, opts, |m, t, n| tree::run(m, t, n, &a, unit, out)),
        Command::Export(a) => with_years(&a.input, opts, |m, t, n| export::run(m, t, n, &a, unit)),
        Command::Notes(a) => with_years(&a.input, opts, |m, _, n| notes::run(m, n, a.format, unit)),
        Command::Diff(a) => with_years(&a.input, opts, |m, t, n| diff::run(m, t, n, &a, unit, out)),
        Command::Show(a) => with_years(&a.input, opts, |m, t, _| {
            show::run(m, t, &a.name, a.view, a.format.json, unit)
        }),
        Command::Sangong(a) => with_model(&a.input, |m| sangong::run(m, a.format.json, unit)),
        Command::Find(a) => with_model(&a.input, |m| find::run(m, &a, unit)),
        Command::Check(a) => with_model(&a.input, |m| check::run(m, a.format.json)),
    }
}

/// Progress goes to stderr while files load, when stderr is a terminal and
/// there are several files (a script's stderr stays clean).
fn stderr_shows_progress(files: usize) -> bool {
    use std::io::IsTerminal;
    files > 1 && std::io::stderr().is_terminal()
}

/// A file's name as progress shows it: sanitised, at most 40 columns.
fn shown_name(path: &std::path::Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crate::text::sanitize(&crate::width::truncate(&name, 40)).into_owned()
}

/// `载入 37/100 dept-036.ron` on one line of stderr, rewritten as files load.
fn progress(files: usize) -> impl Fn(usize, usize, &std::path::Path) + Sync {
    let show = stderr_shows_progress(files);
    move |done, total, path| {
        if show {
            eprint!("\r载入 {done}/{total} {}\x1b[K", shown_name(path));
        }
    }
}

/// Load the input with what the year-aware commands need besides: the lines
/// followed across years (when several are open) and the notes; a problem
/// with the notes file goes first on stderr.
fn with_years(
    input: &Input,
    opts: &Options,
    f: impl FnOnce(&Model, Option<&Timeline>, &crate::notes::Notes) -> Outcome,
) -> Outcome {
    with_model(input, |m| match timeline(m, opts) {
        Ok(t) => {
            let (n, problem) = notes(opts);
            let mut o = f(m, t.as_ref(), &n);
            o.stderr.insert_str(0, &problem);
            o
        }
        Err(o) => o,
    })
}

/// The lines followed across years, when several are open; a bad mapping
/// file is exit 2.
fn timeline(model: &Model, opts: &Options) -> Result<Option<Timeline>, Outcome> {
    let mapping = match &opts.matching {
        Some(f) => {
            Mapping::load(f, model).map_err(|e| Outcome::fail(2, format!("yusuan: {e}\n")))?
        }
        None => Mapping::none(),
    };
    Ok((model.years().len() > 1).then(|| Timeline::new(model, &mapping)))
}

/// `载入 budget.pdf 页 12/60` on one line of stderr, rewritten as a PDF's
/// pages are read (when stderr is a terminal); `shown` is set once it is.
pub(super) fn page_progress(
    shown: &std::sync::atomic::AtomicBool,
) -> impl Fn(&std::path::Path, u32, u32) + Sync + '_ {
    use std::io::IsTerminal;
    let show = std::io::stderr().is_terminal();
    move |path, done, total| {
        if show {
            eprint!("\r载入 {} 页 {done}/{total}\x1b[K", shown_name(path));
            shown.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

/// Load the input, run `f` on the model; importer warnings go first on stderr.
fn with_model(input: &Input, f: impl FnOnce(&Model) -> Outcome) -> Outcome {
    let paged = std::sync::atomic::AtomicBool::new(false);
    let loaded = load::open_with(
        &input.files,
        &progress(input.files.len()),
        &page_progress(&paged),
    );
    if stderr_shows_progress(input.files.len()) || paged.into_inner() {
        // The progress line goes; what the command says takes its place.
        eprint!("\r\x1b[K");
    }
    let (model, warnings) = match loaded {
        Ok(x) => x,
        Err(e) => return Outcome::fail(2, format!("yusuan: {e}\n")),
    };
    let mut out = f(&model);
    let mut w = String::new();
    for (file, x) in warnings {
        let _ = writeln!(w, "warning: {file}:{x}");
    }
    for r in load::cache::take_reports() {
        let _ = writeln!(w, "yusuan: {r}");
    }
    out.stderr.insert_str(0, &w);
    out
}
