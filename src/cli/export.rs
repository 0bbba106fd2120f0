//! `yusuan export`: a view (with filters) as CSV, XLSX or Markdown, through
//! the atomic write.

use super::filters::keep;
use super::{ExportArgs, ExportFormat, ExportView, Outcome};
use crate::compare::Timeline;
use crate::export::{self, Scope, Sheet};
use crate::model::{Model, View};
use crate::money::Unit;
use crate::notes::Notes;
use crate::views::Lens;

pub(super) fn run(
    model: &Model,
    timeline: Option<&Timeline>,
    notes: &Notes,
    args: &ExportArgs,
    unit: Unit,
) -> Outcome {
    let format = args.format.or_else(|| {
        match args
            .out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .as_deref()
        {
            Some("csv") => Some(ExportFormat::Csv),
            Some("xlsx") => Some(ExportFormat::Xlsx),
            Some("md" | "markdown") => Some(ExportFormat::Md),
            _ => None,
        }
    });
    let Some(format) = format else {
        return Outcome::fail(
            2,
            format!(
                "yusuan: {}: say --format csv, xlsx or md (or name the file .csv, .xlsx or .md)\n",
                args.out.display()
            ),
        );
    };
    let n = model.years().len();
    let pair = [n.saturating_sub(2), n.saturating_sub(1)];
    if args.view == ExportView::Diff && timeline.is_none() {
        return Outcome::fail(2, "yusuan: --view diff needs two years open\n".into());
    }
    let sheet_of = |v: ExportView| -> Option<Sheet> {
        let (view, lens) = match v {
            ExportView::Sangong => return Some(export::sangong_sheet(model, unit)),
            ExportView::Diff => (
                View::Unit,
                Lens::Years {
                    timeline: timeline?,
                    years: &pair,
                },
            ),
            ExportView::Unit => (View::Unit, Lens::Plain),
            ExportView::Function => (View::Function, Lens::Plain),
            ExportView::Money => (View::Money, Lens::Plain),
        };
        let top = match (lens, timeline) {
            (Lens::Years { .. }, Some(t)) => t.top(model, view, &pair),
            _ => model.top(view),
        };
        let kept = keep(model, lens, top, &args.filter, notes);
        let scope = Scope {
            model,
            lens,
            unit,
            keep: kept.as_ref(),
        };
        let name = if v == ExportView::Diff {
            "两年对比"
        } else {
            export::view_name(view)
        };
        Some(export::tree_sheet(&scope, top, name))
    };
    let Some(first) = sheet_of(args.view) else {
        return Outcome::fail(2, "yusuan: nothing to export\n".into());
    };
    let rows = first.rows.len();
    let bytes = match format {
        ExportFormat::Csv => export::csv(&first),
        ExportFormat::Md => export::markdown(std::slice::from_ref(&first)).into_bytes(),
        ExportFormat::Xlsx => {
            let mut sheets = vec![first];
            for v in [
                ExportView::Unit,
                ExportView::Function,
                ExportView::Money,
                ExportView::Sangong,
                ExportView::Diff,
            ] {
                if v != args.view {
                    sheets.extend(sheet_of(v));
                }
            }
            sheets.push(export::findings_sheet(model, &crate::check::run(model)));
            sheets.push(export::notes_sheet(model, notes, unit));
            match export::xlsx(&sheets) {
                Ok(b) => b,
                Err(e) => {
                    return Outcome::fail(2, format!("yusuan: cannot make the workbook: {e}\n"))
                }
            }
        }
    };
    if let Err(e) = crate::atomic::write(&args.out, &bytes) {
        return Outcome::fail(
            2,
            format!("yusuan: {}: cannot write: {e}\n", args.out.display()),
        );
    }
    Outcome {
        stdout: String::new(),
        stderr: format!("wrote {} ({rows} rows)\n", args.out.display()),
        status: 0,
    }
}
