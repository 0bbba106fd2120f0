//! Loading datasets: files (RON, or a published text through the importer) or
//! the bundled budget, then validation. Any problem is a [`LoadError`] naming
//! the file and the place; nothing is half-loaded.

use crate::import;
use crate::model::Model;
use crate::schema::{Dataset, Entry, Function, Line, FORMAT_VERSION};
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::path::Path;

/// The bundled dataset: the 2020 budget of 深圳市人力资源和社会保障局.
pub const BUNDLED: &str = include_str!("../assets/shenzhen-hrss-2020.ron");
/// The published text it was made from.
pub const BUNDLED_SOURCE: &str = include_str!("../assets/shenzhen-hrss-2020-budget.txt");
pub const BUNDLED_NAME: &str = "shenzhen-hrss-2020.ron (bundled)";

/// A file that could not be loaded, and why: `file:place: message`.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}", place.as_ref().map(|p| format!(":{p}")).unwrap_or_default())]
pub struct LoadError {
    pub file: String,
    /// `line:column`, or a path in the tree.
    pub place: Option<String>,
    pub message: String,
    /// The I/O error behind it, when there is one.
    #[source]
    pub source: Option<std::io::Error>,
}

fn err(file: &str, place: Option<String>, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        place,
        message: message.into(),
        source: None,
    }
}

/// The bundled dataset, parsed and validated.
pub fn bundled() -> Dataset {
    parse_ron(BUNDLED, BUNDLED_NAME).expect("the bundled dataset is valid: tests pin it")
}

/// Open the named files as one model, or the bundled budget when none is
/// named. Importer warnings come back beside it, each with its file.
pub fn open(files: &[impl AsRef<Path>]) -> Result<(Model, FileWarnings), LoadError> {
    if files.is_empty() {
        return Ok((Model::new(vec![bundled()]), Vec::new()));
    }
    let (datasets, warnings) = load_files(files)?;
    Ok((Model::new(datasets), warnings))
}

/// Parse RON text as a dataset and validate it.
pub fn parse_ron(text: &str, file: &str) -> Result<Dataset, LoadError> {
    if text.trim().is_empty() {
        return Err(err(file, None, "the file is empty"));
    }
    let d: Dataset = ron::from_str(text).map_err(|e| {
        let pos = e.span.start;
        let msg = e.code.to_string();
        let hint = if msg.contains("Expected string") || msg.to_lowercase().contains("expected string") {
            " (amounts are decimal strings, e.g. \"1376\" or \"2654.333237\"; a bare number would pass through a float)"
        } else {
            ""
        };
        err(file, Some(format!("{}:{}", pos.line, pos.col)), format!("{msg}{hint}"))
    })?;
    validate(&d, file)?;
    Ok(d)
}

/// Does this text look like a RON dataset rather than a published budget text?
fn looks_like_ron(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('(') || t.starts_with("Dataset") || t.starts_with("//") || t.starts_with("#![")
}

/// Load one file: RON as is, anything else through the importer (its
/// warnings are returned beside the dataset).
pub fn load_file(path: &Path) -> Result<(Dataset, Vec<import::Warning>), LoadError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let what = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if path.is_dir() => "is a directory, not a file".to_string(),
            _ => format!("cannot be read: {e}"),
        };
        LoadError {
            source: Some(e),
            ..err(&file, None, what)
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let col = upto.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        err(
            &file,
            Some(format!("{line}:{col}")),
            "not UTF-8 text (save the file as UTF-8)",
        )
    })?;
    if text.trim().is_empty() {
        return Err(err(&file, None, "the file is empty"));
    }
    if looks_like_ron(&text) || path.extension().is_some_and(|e| e == "ron") {
        return parse_ron(&text, &file).map(|d| (d, Vec::new()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (d, warnings) = import::import(&text, &name).map_err(|e| err(&file, None, e.0))?;
    validate(&d, &file)?;
    Ok((d, warnings))
}

/// Importer warnings, each with the file it came from.
pub type FileWarnings = Vec<(String, import::Warning)>;

/// Load several files; none loads unless all do. Also rejects the same
/// department and year twice.
pub fn load_files(paths: &[impl AsRef<Path>]) -> Result<(Vec<Dataset>, FileWarnings), LoadError> {
    let mut out: Vec<Dataset> = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: BTreeSet<(i32, String)> = BTreeSet::new();
    for p in paths {
        let p = p.as_ref();
        let (d, w) = load_file(p)?;
        if !seen.insert((d.year, d.department.clone())) {
            return Err(err(
                &p.display().to_string(),
                None,
                format!(
                    "{} {} is already loaded from another file",
                    d.department, d.year
                ),
            ));
        }
        warnings.extend(w.into_iter().map(|w| (p.display().to_string(), w)));
        out.push(d);
    }
    Ok((out, warnings))
}

fn check_amount(v: Decimal, file: &str, place: &str) -> Result<(), LoadError> {
    if v.is_sign_negative() && !v.is_zero() {
        return Err(err(
            file,
            Some(place.to_string()),
            format!("negative amount {v}"),
        ));
    }
    Ok(())
}

/// The longest name a line may have; the search index counts a name's
/// letters in 16 bits.
pub const MAX_NAME_CHARS: usize = 1_000;

fn check_siblings<'a>(
    names: impl Iterator<Item = &'a str>,
    file: &str,
    place: &str,
) -> Result<(), LoadError> {
    let mut seen = BTreeSet::new();
    for n in names {
        if n.trim().is_empty() {
            return Err(err(
                file,
                Some(place.to_string()),
                "a line has an empty name",
            ));
        }
        if n.chars().count() > MAX_NAME_CHARS {
            return Err(err(
                file,
                Some(place.to_string()),
                format!("a name of {} characters is longer than a line's name can be ({MAX_NAME_CHARS})", n.chars().count()),
            ));
        }
        if !seen.insert(n) {
            return Err(err(
                file,
                Some(place.to_string()),
                format!("two lines are both named {n:?}; names must differ among siblings"),
            ));
        }
    }
    Ok(())
}

fn check_entries(entries: &[Entry], file: &str, place: &str) -> Result<(), LoadError> {
    check_siblings(entries.iter().map(|e| e.name.as_str()), file, place)?;
    for e in entries {
        let here = format!("{place}/{}", e.name);
        if e.figures.is_empty() {
            return Err(err(file, Some(here), "has no figures (no amount)"));
        }
        for f in &e.figures {
            check_amount(f.value, file, &here)?;
        }
        check_entries(&e.children, file, &here)?;
    }
    Ok(())
}

fn check_functions(
    fs: &[Function],
    parent_code: &str,
    file: &str,
    place: &str,
) -> Result<(), LoadError> {
    check_siblings(fs.iter().map(|f| f.code.as_str()), file, place)?;
    for f in fs {
        let here = format!("{place}/{} {}", f.code, f.name);
        check_siblings(std::iter::once(f.name.as_str()), file, &here)?;
        if !matches!(f.code.len(), 3 | 5 | 7) || !f.code.chars().all(|c| c.is_ascii_digit()) {
            return Err(err(
                file,
                Some(here),
                format!("科目编码 {:?} is not 3, 5 or 7 digits", f.code),
            ));
        }
        if !f.code.starts_with(parent_code)
            || f.code.len() != parent_code.len() + if parent_code.is_empty() { 3 } else { 2 }
        {
            return Err(err(
                file,
                Some(here),
                format!("科目编码 {} does not sit under {:?}", f.code, parent_code),
            ));
        }
        for v in f.total.iter().chain(f.fiscal.iter()).map(|x| x.value) {
            check_amount(v, file, &here)?;
        }
        for r in &f.by_unit {
            for v in [r.total, r.basic, r.project] {
                check_amount(v, file, &here)?;
            }
        }
        check_functions(&f.children, &f.code, file, &here)?;
    }
    Ok(())
}

fn check_lines(lines: &[Line], file: &str, place: &str) -> Result<(), LoadError> {
    check_siblings(lines.iter().map(|l| l.name.as_str()), file, place)?;
    for l in lines {
        let here = format!("{place}/{}", l.name);
        check_amount(l.amount.value, file, &here)?;
        check_lines(&l.children, file, &here)?;
    }
    Ok(())
}

/// Semantic checks: what RON's syntax cannot say.
pub fn validate(d: &Dataset, file: &str) -> Result<(), LoadError> {
    if d.format == 0 || d.format > FORMAT_VERSION {
        return Err(err(
            file,
            None,
            format!(
                "format version {} is not one this yusuan reads (1 to {FORMAT_VERSION})",
                d.format
            ),
        ));
    }
    if d.department.trim().is_empty() {
        return Err(err(file, None, "the department has no name"));
    }
    let root = d.department.clone();
    check_siblings(d.units.iter().map(|u| u.name.as_str()), file, &root)?;
    for u in &d.units {
        let here = format!("{root}/{}", u.name);
        if u.figures.is_empty() {
            return Err(err(file, Some(here), "has no figures (no amount)"));
        }
        for f in &u.figures {
            check_amount(f.value, file, &here)?;
        }
        check_entries(&u.categories, file, &here)?;
    }
    check_functions(&d.functions, "", file, &format!("{root}/科目"))?;
    check_lines(&d.income, file, &format!("{root}/收入"))?;
    check_lines(&d.procurement.lines, file, &format!("{root}/政府采购"))?;
    let units: BTreeSet<&str> = d.units.iter().map(|u| u.name.as_str()).collect();
    for r in &d.sangong {
        let here = format!("{root}/三公经费/{} {}", r.unit, r.year);
        if r.unit != d.department && !units.contains(r.unit.as_str()) {
            return Err(err(
                file,
                Some(here),
                format!(
                    "三公经费 row for {:?}, which is not a unit of this dataset",
                    r.unit
                ),
            ));
        }
        for v in [
            r.total,
            r.abroad,
            r.reception,
            r.vehicles,
            r.vehicle_purchase,
            r.vehicle_operation,
        ] {
            check_amount(v, file, &here)?;
        }
    }
    for r in &d.spending {
        let here = format!("{root}/表3/{}", r.table_unit);
        if r.unit != d.department && !units.contains(r.unit.as_str()) {
            return Err(err(
                file,
                Some(here),
                format!(
                    "表3 row for {:?}, which is not a unit of this dataset",
                    r.unit
                ),
            ));
        }
        for v in [r.total, r.basic, r.project] {
            check_amount(v, file, &here)?;
        }
    }
    Ok(())
}
