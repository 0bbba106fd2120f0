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
    let Some(format) = format_of(args) else {
        return Outcome::fail(
            2,
            format!(
                "yusuan: {}: say --format csv, xlsx or md (or name the file .csv, .xlsx or .md)\n",
                args.out.display()
            ),
        );
    };
    if args.view == ExportView::Diff && timeline.is_none() {
        return Outcome::fail(2, "yusuan: --view diff needs two years open\n".into());
    }
    let n = model.years().len();
    let sheets = Sheets {
        model,
        timeline,
        notes,
        args,
        unit,
        pair: [n.saturating_sub(2), n.saturating_sub(1)],
    };
    let Some(first) = sheets.of(args.view) else {
        return Outcome::fail(2, "yusuan: nothing to export\n".into());
    };
    let rows = first.rows.len();
    let bytes = match format {
        ExportFormat::Csv => export::csv(&first),
        ExportFormat::Md => export::markdown(std::slice::from_ref(&first)).into_bytes(),
        ExportFormat::Xlsx => match export::xlsx(&sheets.workbook(first)) {
            Ok(b) => b,
            Err(e) => return Outcome::fail(2, format!("yusuan: cannot make the workbook: {e}\n")),
        },
    };
    if let Err(e) = crate::atomic::write(&args.out, &bytes, crate::atomic::Mode::Shared) {
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

/// The format asked for, or told by the output's extension.
fn format_of(args: &ExportArgs) -> Option<ExportFormat> {
    args.format.or_else(|| {
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
    })
}

/// What the sheets are made from.
struct Sheets<'a> {
    model: &'a Model,
    timeline: Option<&'a Timeline>,
    notes: &'a Notes,
    args: &'a ExportArgs,
    unit: Unit,
    /// The two years a diff compares: the two latest open.
    pair: [usize; 2],
}

impl Sheets<'_> {
    /// View `v` as a sheet, with the filters asked for (`None`: a diff with
    /// one year open).
    fn of(&self, v: ExportView) -> Option<Sheet> {
        let (model, timeline, pair) = (self.model, self.timeline, &self.pair);
        let (view, lens) = match v {
            ExportView::Sangong => return Some(export::sangong_sheet(model, self.unit)),
            ExportView::Units => return Some(self.units()),
            ExportView::Diff => (
                View::Unit,
                Lens::Years {
                    timeline: timeline?,
                    years: pair,
                },
            ),
            ExportView::Unit => (View::Unit, Lens::Plain),
            ExportView::Function => (View::Function, Lens::Plain),
            ExportView::Money => (View::Money, Lens::Plain),
        };
        let top = match (lens, timeline) {
            (Lens::Years { .. }, Some(t)) => t.top(model, view, pair),
            _ => model.top(view),
        };
        let kept = keep(model, lens, top, &self.args.filter, self.notes);
        let scope = Scope {
            model,
            lens,
            unit: self.unit,
            keep: kept.as_ref(),
        };
        let name = if v == ExportView::Diff {
            "两年对比"
        } else {
            export::view_name(view)
        };
        Some(export::tree_sheet(&scope, top, name))
    }

    /// The units side by side: each department of the latest year, its
    /// row first, then its units.
    fn units(&self) -> Sheet {
        let m = self.model;
        let last = m.years().len().saturating_sub(1);
        let rows: Vec<crate::views::UnitRow> = m
            .node(m.year_node(View::Unit, last))
            .children
            .iter()
            .flat_map(|d| crate::views::unit_table(m, *d))
            .collect();
        export::units_sheet(&rows, self.unit)
    }

    /// A workbook's sheets: the view asked for (`first`), every other view,
    /// the findings and the notes.
    fn workbook(&self, first: Sheet) -> Vec<Sheet> {
        let mut sheets = vec![first];
        for v in [
            ExportView::Unit,
            ExportView::Function,
            ExportView::Money,
            ExportView::Sangong,
            ExportView::Units,
            ExportView::Diff,
        ] {
            if v != self.args.view {
                sheets.extend(self.of(v));
            }
        }
        sheets.push(export::findings_sheet(
            self.model,
            &crate::check::run(self.model),
        ));
        sheets.push(export::notes_sheet(self.model, self.notes, self.unit));
        sheets
    }
}
