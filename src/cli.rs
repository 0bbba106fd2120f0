//! The non-interactive commands: the same data as the explorer, printed for
//! people (columns aligned by display width) or as stable JSON.

use crate::load;
use crate::model::{Kind, Model, NodeId, View};
use crate::money::{self, Unit};
use crate::views::{self, Sort, SortKey, SANGONG_ITEMS};
use crate::width::{pad_left, pad_right, width};
use clap::{Parser, Subcommand, ValueEnum};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::path::PathBuf;

/// yusuan (预算): explore a Chinese government department's budget in the terminal.
#[derive(Debug, Parser)]
#[command(name = "yusuan", version, about, subcommand_precedence_over_arg = true)]
pub struct Cli {
    /// Datasets to open (RON files, or published budget texts); the bundled
    /// 2020 budget of 深圳市人力资源和社会保障局 when none is given.
    pub files: Vec<PathBuf>,
    /// Do not capture the mouse, so text can be selected and copied.
    #[arg(long)]
    pub no_mouse: bool,
    /// Money unit for human output: yuan (元), wan (万元) or yi (亿元).
    #[arg(long, global = true, default_value = "wan", value_parser = parse_unit)]
    pub unit: Unit,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_unit(s: &str) -> Result<Unit, String> {
    Unit::parse(s).ok_or_else(|| format!("unknown unit {s:?}: use yuan, wan or yi"))
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ViewArg {
    /// department → unit → category → project → item
    Unit,
    /// the 科目编码 tree: 类 → 款 → 项
    Function,
    /// income (表1) and procurement (表11)
    Money,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Amount,
    Name,
    Document,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The tree with amount, share of parent and share of department.
    Tree {
        /// How many levels below the department to show.
        #[arg(long)]
        depth: Option<usize>,
        /// Which tree: units, 科目 (function) or income and procurement.
        #[arg(long, value_enum, default_value = "unit")]
        view: ViewArg,
        /// Order of siblings: by amount (largest first), name (pinyin) or document order.
        #[arg(long, value_enum, default_value = "amount")]
        sort: SortArg,
        /// Print JSON (documented in the README) instead of text.
        #[arg(long)]
        json: bool,
        /// Datasets (RON or published texts); the bundled budget when none.
        files: Vec<PathBuf>,
    },
    /// One node with everything known about it. NAME-OR-PATH is a name, or
    /// names joined by `/` (`市人社局本级/项目支出/人才引进及管理`).
    Show {
        /// A name, a 科目/品目 code, or names joined by `/`.
        name: String,
        /// Print JSON (documented in the README) instead of text.
        #[arg(long)]
        json: bool,
        /// Datasets (RON or published texts); the bundled budget when none.
        files: Vec<PathBuf>,
    },
    /// 三公经费: the earlier year against the later, by unit and in total.
    Sangong {
        /// Print JSON (documented in the README) instead of text.
        #[arg(long)]
        json: bool,
        /// Datasets (RON or published texts); the bundled budget when none.
        files: Vec<PathBuf>,
    },
    /// Ranked matches for QUERY (Chinese, full pinyin, initials or code digits).
    Find {
        /// Chinese, full pinyin (`rencaiyinjin`), initials (`rcyj`) or code digits.
        query: String,
        /// How many matches to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Print JSON (documented in the README) instead of text.
        #[arg(long)]
        json: bool,
        /// Datasets (RON or published texts); the bundled budget when none.
        files: Vec<PathBuf>,
    },
    /// Do the figures add up, and do the tables agree? Exit 1 on a mismatch.
    Check {
        /// Print JSON (documented in the README) instead of text.
        #[arg(long)]
        json: bool,
        /// Datasets (RON or published texts); the bundled budget when none.
        files: Vec<PathBuf>,
    },
    /// Read a published budget text and write it as a yusuan dataset.
    Import {
        /// The published budget text (markdown narrative, tab-separated tables).
        text: PathBuf,
        /// Where to write the dataset (RON).
        #[arg(short, long)]
        out: PathBuf,
    },
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
}

/// Load the named files, or the bundled budget. Importer warnings go to the
/// returned text, for stderr.
pub fn open(files: &[PathBuf]) -> Result<(Model, String), load::LoadError> {
    if files.is_empty() {
        return Ok((Model::new(vec![load::bundled()]), String::new()));
    }
    let (ds, warnings) = load::load_files(files)?;
    let mut w = String::new();
    for (f, x) in warnings {
        w.push_str(&format!("warning: {f}:{x}\n"));
    }
    Ok((Model::new(ds), w))
}

fn pct(p: Option<Decimal>) -> Value {
    match p {
        Some(p) => Value::String(money::format_dp(p, 2).replace(',', "")),
        None => Value::Null,
    }
}

fn dec(d: Decimal) -> Value {
    Value::String(d.normalize().to_string())
}

/// Run a subcommand.
pub fn run(cmd: Command, unit: Unit) -> Outcome {
    if let Command::Import { text, out } = cmd {
        return import(&text, &out);
    }
    let files = match &cmd {
        Command::Tree { files, .. }
        | Command::Show { files, .. }
        | Command::Sangong { files, .. }
        | Command::Find { files, .. }
        | Command::Check { files, .. } => files.clone(),
        Command::Import { .. } => unreachable!("handled above"),
    };
    let (model, warnings) = match open(&files) {
        Ok(x) => x,
        Err(e) => return Outcome::fail(2, format!("yusuan: {e}\n")),
    };
    let mut out = match cmd {
        Command::Tree {
            depth,
            view,
            sort,
            json,
            ..
        } => tree(&model, view, sort, depth, json, unit),
        Command::Show { name, json, .. } => show(&model, &name, json, unit),
        Command::Sangong { json, .. } => sangong(&model, json, unit),
        Command::Find {
            query, limit, json, ..
        } => find(&model, &query, limit, json, unit),
        Command::Check { json, .. } => crate::check::command(&model, json, unit),
        Command::Import { .. } => unreachable!("handled above"),
    };
    out.stderr.insert_str(0, &warnings);
    out
}

fn view_of(v: ViewArg) -> View {
    match v {
        ViewArg::Unit => View::Unit,
        ViewArg::Function => View::Function,
        ViewArg::Money => View::Money,
    }
}

/// The human name of a node: function nodes carry their code.
pub fn label(model: &Model, id: NodeId) -> String {
    let n = model.node(id);
    if n.code.is_empty() {
        n.name.clone()
    } else {
        format!("{} {}", n.code, n.name)
    }
}

fn node_json(model: &Model, id: NodeId) -> Value {
    let n = model.node(id);
    let mut v = json!({
        "path": model.path(id),
        "name": n.name,
        "kind": n.kind.as_str(),
        "amount_wan": dec(n.amount),
        "share_of_parent": pct(model.share_of_parent(id)),
        "share_of_department": pct(model.share_of_department(id)),
    });
    if !n.code.is_empty() {
        v["code"] = json!(n.code);
    }
    if let Some(s) = n.stated() {
        v["stated_wan"] = dec(s);
    }
    if let Some((basic, project)) = n.split {
        v["general_budget_basic_wan"] = dec(basic);
        v["general_budget_project_wan"] = dec(project);
    }
    v
}

fn tree(
    model: &Model,
    view: ViewArg,
    sort: SortArg,
    depth: Option<usize>,
    as_json: bool,
    unit: Unit,
) -> Outcome {
    let view = view_of(view);
    let sort = Sort {
        key: match sort {
            SortArg::Amount => SortKey::Amount,
            SortArg::Name => SortKey::Name,
            SortArg::Document => SortKey::Document,
        },
        reversed: false,
    };
    let top = model.top(view);
    // Depth counts from the department, whatever sits above it.
    let rows = views::flatten(model, top, depth.map(|d| d + dept_depth(model, top)), sort);
    if as_json {
        let arr: Vec<Value> = rows.iter().map(|r| node_json(model, r.id)).collect();
        return Outcome::ok(serde_json::to_string_pretty(&arr).expect("json") + "\n");
    }
    // Tree glyphs: ├ └ │ by the row's depth.
    let mut names = Vec::with_capacity(rows.len());
    let mut open_levels: Vec<bool> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let last = rows[i + 1..]
            .iter()
            .take_while(|x| x.depth > r.depth)
            .count()
            + i
            + 1
            >= rows.len()
            || rows[rows[i + 1..]
                .iter()
                .take_while(|x| x.depth > r.depth)
                .count()
                + i
                + 1]
            .depth
                < r.depth;
        open_levels.truncate(r.depth);
        let mut prefix = String::new();
        for (lvl, open) in open_levels.iter().enumerate() {
            if lvl == 0 {
                continue;
            }
            prefix.push_str(if *open { "│ " } else { "  " });
        }
        if r.depth > 0 {
            prefix.push_str(if last { "└ " } else { "├ " });
        }
        open_levels.push(!last);
        names.push(format!("{prefix}{}", label(model, r.id)));
    }
    let amounts: Vec<String> = rows
        .iter()
        .map(|r| money::format(model.node(r.id).amount, unit))
        .collect();
    let name_w = names
        .iter()
        .map(|n| width(n))
        .max()
        .unwrap_or(0)
        .clamp(4, 70);
    let amount_w = amounts
        .iter()
        .map(|a| width(a))
        .max()
        .unwrap_or(0)
        .max(width(unit.label()) + 4);
    let head_dept = model
        .dataset(top)
        .map(|d| format!("{} {}年 · ", d.department, d.year))
        .unwrap_or_default();
    let mut s = format!("{head_dept}单位：{}\n", unit.label());
    s.push_str(&format!(
        "{}  {}  {}  {}\n",
        pad_right("名称", name_w),
        pad_left(&format!("金额({})", unit.label()), amount_w),
        pad_left("占上级", 8),
        pad_left("占部门", 8)
    ));
    for ((r, name), amount) in rows.iter().zip(&names).zip(&amounts) {
        s.push_str(&format!(
            "{}  {}  {}  {}\n",
            pad_right(name, name_w),
            pad_left(amount, amount_w),
            pad_left(&money::format_pct(model.share_of_parent(r.id)), 8),
            pad_left(&money::format_pct(model.share_of_department(r.id)), 8)
        ));
    }
    Outcome::ok(s)
}

/// How many levels the start node sits above the department (root and years).
fn dept_depth(model: &Model, top: NodeId) -> usize {
    match model.node(top).kind {
        Kind::Root => 2,
        Kind::Year => 1,
        _ => 0,
    }
}

fn candidates_text(model: &Model, ids: &[NodeId]) -> String {
    let mut s = String::new();
    for id in ids {
        s.push_str(&format!("  {}\n", model.path(*id).join("/")));
    }
    s
}

/// Resolve a name or path to one node, preferring the unit view, then the others.
pub fn resolve(model: &Model, query: &str) -> Result<NodeId, String> {
    let found = model.lookup(query);
    if found.is_empty() {
        return Err(format!(
            "yusuan: nothing is named {query:?}; try `yusuan find {query}`\n"
        ));
    }
    // The unit view answers first, then the function view, then the money
    // view: a unit is also a line of 政府采购, but `show 单位` means the unit.
    let first_view = found
        .iter()
        .map(|id| model.node(*id).view.index())
        .min()
        .expect("non-empty");
    let found: Vec<NodeId> = found
        .into_iter()
        .filter(|id| model.node(*id).view.index() == first_view)
        .collect();
    if found.len() == 1 {
        return Ok(found[0]);
    }
    Err(format!(
        "yusuan: {query:?} names {} lines; give a path (names joined by /):\n{}",
        found.len(),
        candidates_text(model, &found)
    ))
}

fn show(model: &Model, query: &str, as_json: bool, unit: Unit) -> Outcome {
    let id = match resolve(model, query) {
        Ok(id) => id,
        Err(e) => return Outcome::fail(1, e),
    };
    if as_json {
        return Outcome::ok(
            serde_json::to_string_pretty(&show_json(model, id)).expect("json") + "\n",
        );
    }
    let findings = crate::check::run(model);
    Outcome::ok(crate::detail::lines(model, &findings, id, unit, 100).join("\n") + "\n")
}

fn show_json(model: &Model, id: NodeId) -> Value {
    let n = model.node(id);
    let mut v = node_json(model, id);
    v["figures"] = n
        .figures
        .iter()
        .map(|f| json!({"value_wan": dec(f.value), "precision": f.precision, "source": {"place": f.source.place, "line": f.source.line}}))
        .collect();
    if let Some(f) = &n.funding {
        v["funding"] = json!({"fiscal_wan": dec(f.fiscal), "other_wan": dec(f.other), "source": {"place": f.source.place, "line": f.source.line}});
    }
    if !n.purpose.is_empty() {
        v["purpose"] = json!(n.purpose);
    }
    if let Some(s) = &n.sheet {
        v["performance"] = json!({
            "project_type": s.project_type,
            "fund_use": s.fund_use,
            "period": s.period,
            "overview": s.overview,
            "annual_goal": s.annual_goal,
            "indicators": s.indicators.iter().map(|i| json!({"level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target, "basis": i.basis})).collect::<Vec<_>>(),
        });
    }
    if let Some(fig) = &n.fiscal {
        v["fiscal_wan"] = dec(fig.value);
    }
    if !n.by_unit.is_empty() {
        v["general_budget_by_unit"] = n
            .by_unit
            .iter()
            .map(|r| json!({"unit": r.unit, "total_wan": dec(r.total), "basic_wan": dec(r.basic), "project_wan": dec(r.project)}))
            .collect();
    }
    if let Some((d, u)) = model.unit_record(id) {
        if let Some(s) = &u.staffing {
            v["staffing"] = json!({
                "establishment": s.establishment, "actual": s.actual, "retired_cadres": s.retired_cadres,
                "retirees": s.retirees, "employees": s.employees, "students": s.students,
                "vehicles": s.vehicles, "vehicles_established": s.vehicles_established,
            });
        }
        if let Some((_, _, lines)) = views::sangong(d) {
            if let Some(l) = lines.iter().find(|l| l.unit == u.name) {
                v["sangong"] = sangong_line_json(l, d);
            }
        }
    }
    v["children"] = n.children.iter().map(|c| node_json(model, *c)).collect();
    v
}

fn sangong_line_json(l: &views::SangongLine, d: &crate::schema::Dataset) -> Value {
    let (y0, y1) = views::sangong(d).map(|(a, b, _)| (a, b)).unwrap_or((0, 0));
    let mut v = json!({ "unit": l.unit });
    let (b, a, ch) = (l.before.values(), l.after.values(), l.changes());
    for (i, (key, _)) in SANGONG_ITEMS.iter().enumerate() {
        v[*key] = json!({
            y0.to_string(): dec(b[i]),
            y1.to_string(): dec(a[i]),
            "change": dec(ch[i].0),
            "change_pct": pct(ch[i].1),
        });
    }
    v
}

fn sangong(model: &Model, as_json: bool, unit: Unit) -> Outcome {
    let mut all = Vec::new();
    let mut text = String::new();
    for d in &model.datasets {
        let Some((y0, y1, lines)) = views::sangong(d) else {
            text.push_str(&format!(
                "{} {}年: no 三公经费 for two years\n",
                d.department, d.year
            ));
            continue;
        };
        if as_json {
            all.extend(lines.iter().map(|l| sangong_line_json(l, d)));
            continue;
        }
        text.push_str(&format!(
            "{} “三公”经费 {y0}年 → {y1}年 · 单位：{}\n",
            d.department,
            unit.label()
        ));
        text.push_str(&sangong_table(&lines, y0, y1, unit).join("\n"));
        text.push('\n');
    }
    if as_json {
        return Outcome::ok(serde_json::to_string_pretty(&all).expect("json") + "\n");
    }
    Outcome::ok(text)
}

/// The 三公 table as text lines: one row per unit and item, the department last.
pub fn sangong_table(lines: &[views::SangongLine], y0: i32, y1: i32, unit: Unit) -> Vec<String> {
    let mut rows: Vec<[String; 6]> = vec![[
        "单位".into(),
        "项目".into(),
        format!("{y0}年"),
        format!("{y1}年"),
        "增减".into(),
        "增减%".into(),
    ]];
    for l in lines {
        let (b, a, ch) = (l.before.values(), l.after.values(), l.changes());
        for (i, (_, label)) in SANGONG_ITEMS.iter().enumerate() {
            rows.push([
                if i == 0 {
                    l.unit.clone()
                } else {
                    String::new()
                },
                label.to_string(),
                money::format(b[i], unit),
                money::format(a[i], unit),
                money::format_change(ch[i].0, unit),
                money::format_pct(ch[i].1),
            ]);
        }
    }
    let w: Vec<usize> = (0..6)
        .map(|c| rows.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    rows.iter()
        .map(|r| {
            format!(
                "{}  {}  {}  {}  {}  {}",
                pad_right(&r[0], w[0]),
                pad_right(&r[1], w[1]),
                pad_left(&r[2], w[2]),
                pad_left(&r[3], w[3]),
                pad_left(&r[4], w[4]),
                pad_left(&r[5], w[5])
            )
            .trim_end()
            .to_string()
        })
        .collect()
}

fn find(model: &Model, query: &str, limit: usize, as_json: bool, unit: Unit) -> Outcome {
    let mut index = crate::search::Index::new(model);
    let hits = index.search(query, limit);
    if as_json {
        let arr: Vec<Value> = hits
            .iter()
            .map(|h| {
                let n = model.node(h.id);
                json!({"name": n.name, "path": model.path(h.id), "kind": n.kind.as_str(), "amount_wan": dec(n.amount), "score": h.score, "match": h.tier.as_str(), "positions": h.positions})
            })
            .collect();
        let mut o = Outcome::ok(serde_json::to_string_pretty(&arr).expect("json") + "\n");
        if hits.is_empty() {
            o.status = 1;
        }
        return o;
    }
    if hits.is_empty() {
        return Outcome::fail(1, format!("yusuan: nothing matches {query:?}\n"));
    }
    let names: Vec<String> = hits.iter().map(|h| label(model, h.id)).collect();
    let paths: Vec<String> = hits
        .iter()
        .map(|h| {
            let p = model.path(h.id);
            let place = p[..p.len() - 1]
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join(" › ");
            if h.tier == crate::search::Tier::Mention {
                format!("用途提及 · {place}")
            } else {
                place
            }
        })
        .collect();
    let amounts: Vec<String> = hits
        .iter()
        .map(|h| money::format(model.node(h.id).amount, unit))
        .collect();
    let nw = names.iter().map(|n| width(n)).max().unwrap_or(0).min(50);
    let aw = amounts.iter().map(|a| width(a)).max().unwrap_or(0);
    let mut s = String::new();
    for i in 0..hits.len() {
        let row = format!(
            "{}  {}  {}",
            pad_right(&names[i], nw),
            pad_left(&amounts[i], aw),
            paths[i]
        );
        s.push_str(row.trim_end());
        s.push('\n');
    }
    Outcome::ok(s)
}

fn import(text: &std::path::Path, out: &std::path::Path) -> Outcome {
    let (d, warnings) = match load::load_file(text) {
        Ok(x) => x,
        Err(e) => return Outcome::fail(2, format!("yusuan: {e}\n")),
    };
    let mut stderr = String::new();
    for w in &warnings {
        stderr.push_str(&format!("warning: {}:{w}\n", text.display()));
    }
    let ron = match crate::schema::to_ron(&d) {
        Ok(r) => r,
        Err(e) => return Outcome::fail(2, format!("yusuan: cannot write RON: {e}\n")),
    };
    // Write beside the target, then rename: never a half-written file.
    let tmp = out.with_extension("ron.tmp");
    if let Err(e) = std::fs::write(&tmp, ron).and_then(|_| std::fs::rename(&tmp, out)) {
        let _ = std::fs::remove_file(&tmp);
        return Outcome::fail(2, format!("yusuan: {}: cannot write: {e}\n", out.display()));
    }
    stderr.push_str(&format!(
        "wrote {} ({} units, {} warnings)\n",
        out.display(),
        d.units.len(),
        warnings.len()
    ));
    Outcome {
        stdout: String::new(),
        stderr,
        status: 0,
    }
}
