//! Template knowledge as data: `assets/templates.ron`, read once. Which
//! titles name each table's role, which header words name each column, the
//! document kinds, money units and the performance sheets' labels.
//!
//! The importer's code knows *roles* ([`Role`]) and *fields* (strings such
//! as `"basic"`, `"abroad"`); everything a department or province may word
//! differently lives in the data file.

use super::text::norm;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::sync::LazyLock;

/// The template file, as built into the binary.
pub const SOURCE: &str = include_str!("../../assets/templates.ron");

/// What a table is for: what the importer does with its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub enum Role {
    /// 部门收支总表 (Shenzhen 表1): income and spending, all funds.
    Summary,
    /// 财政拨款收支总表 (Shenzhen 表6).
    FiscalSummary,
    /// 部门收入总表: income by source, by 科目 or by unit.
    Income,
    /// 部门支出总表 (Shenzhen 表3): 基本/项目, by 科目 or by unit.
    Spending,
    /// 一般公共预算支出表 (Shenzhen 表7): by 科目 (and by unit).
    GeneralPublic,
    /// 一般公共预算基本支出表: by 经济分类 (301/302/303), 人员/公用经费.
    BasicEconomic,
    /// 政府性基金预算支出表.
    GovFund,
    /// 国有资本经营预算支出表.
    StateCapital,
    /// The 三公 table (Shenzhen 表12).
    Sangong,
    /// Projects with their funds (Shenzhen 表13, the national 项目支出表).
    Projects,
    /// 政府采购 (Shenzhen 表11).
    Procurement,
    /// 部门（单位）整体支出绩效目标表 (Shenzhen 表14), a sheet per unit.
    UnitGoals,
    /// 项目绩效目标表 (Shenzhen 表15), a sheet per project.
    ProjectGoals,
    /// A table a province adds (财政专户管理资金收支表, 机关运行经费表):
    /// known, read and kept as printed, made into no lines.
    Kept,
}

impl Role {
    /// The role's name in reports and in the dataset (`summary`, `sangong` …).
    pub fn id(self) -> &'static str {
        match self {
            Role::Summary => "summary",
            Role::FiscalSummary => "fiscal_summary",
            Role::Income => "income",
            Role::Spending => "spending",
            Role::GeneralPublic => "general_public",
            Role::BasicEconomic => "basic_economic",
            Role::GovFund => "gov_fund",
            Role::StateCapital => "state_capital",
            Role::Sangong => "sangong",
            Role::Projects => "projects",
            Role::Procurement => "procurement",
            Role::UnitGoals => "unit_goals",
            Role::ProjectGoals => "project_goals",
            Role::Kept => "kept",
        }
    }
}

/// How a table's rows are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Shape {
    /// Rows of key cells (unit, code, name …) and figure cells under headers.
    Rows,
    /// Two blocks side by side: income on the left, spending on the right.
    TwoSided,
    /// A unit's performance sheet (表14).
    UnitGoals,
    /// A project's performance sheet (表15).
    ProjectGoals,
}

/// Whether a document is a budget or a final account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Kind {
    Budget,
    Final,
}

/// A key column: what a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum Key {
    Unit,
    UnitCode,
    Code,
    CodeClass,
    CodeSection,
    CodeItem,
    Name,
    Year,
    Period,
    RowNo,
    Note,
}

/// A column group: which year or basis the columns below a header hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub enum GroupWord {
    Prior,
    Current,
    Budget,
    Final,
    Income,
    Spending,
}

#[derive(Debug, Deserialize)]
pub struct SetSpec {
    pub id: String,
    pub name: String,
    /// Titles and part headings only this set has.
    pub marks: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct KindSpec {
    pub kind: Kind,
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct MoneyUnit {
    pub name: String,
    /// How many 万元 one of it is.
    pub wan: Decimal,
}

#[derive(Debug, Deserialize)]
pub struct KeySpec {
    pub key: Key,
    pub headers: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct GroupSpec {
    pub group: GroupWord,
    pub headers: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct ColumnSpec {
    pub field: String,
    pub headers: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct TableSpec {
    pub role: Role,
    /// The standard title, for reports.
    pub name: String,
    pub sets: Vec<String>,
    pub titles: Vec<String>,
    pub shape: Shape,
    /// A sheet starts anew at every title (one per unit or project); other
    /// tables continue over pages, their title repeated.
    #[serde(default)]
    pub sheet: bool,
    /// Kept whole in the dataset, every row with its figures, beside what
    /// the importer makes of it.
    #[serde(default)]
    pub keep: bool,
    #[serde(default)]
    pub columns: Vec<ColumnSpec>,
    /// Words that make a title this table's whatever else it says (`三公`:
    /// a `三公经费支出决算表` is no 支出决算表).
    #[serde(default)]
    pub marks: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct GoalLabels {
    pub level1: Vec<String>,
    pub level2: Vec<String>,
    pub frame: Vec<String>,
}

/// The whole template file.
#[derive(Debug, Deserialize)]
pub struct Templates {
    pub sets: Vec<SetSpec>,
    pub kinds: Vec<KindSpec>,
    pub money_units: Vec<MoneyUnit>,
    pub keys: Vec<KeySpec>,
    pub groups: Vec<GroupSpec>,
    pub totals: Vec<String>,
    /// Header words of a column of ratios (执行率（%）), not of money: its
    /// figures are kept as printed, never scaled by the table's money unit.
    #[serde(default)]
    pub ratios: Vec<String>,
    pub tables: Vec<TableSpec>,
    /// Standard names of 类 and 款 codes.
    #[serde(default)]
    pub functions: std::collections::BTreeMap<String, String>,
    pub goals: GoalLabels,
}

/// The templates, parsed once (a test pins that the file parses).
pub fn get() -> &'static Templates {
    static T: LazyLock<Templates> = LazyLock::new(|| {
        ron::from_str(SOURCE).unwrap_or_else(|e| panic!("assets/templates.ron: {e}"))
    });
    &T
}

impl Templates {
    /// The table a title names, if any: a table whose mark the title holds
    /// (the longest mark wins), else the one whose title alias is the
    /// longest the title holds.
    pub fn table_for_title(&self, title: &str) -> Option<&TableSpec> {
        let t = norm(title);
        let longest = |pick: fn(&TableSpec) -> &[String]| {
            self.tables
                .iter()
                .flat_map(|s| pick(s).iter().map(move |a| (s, norm(a))))
                .filter(|(_, a)| !a.is_empty() && t.contains(a.as_str()))
                .max_by_key(|(_, a)| a.chars().count())
                .map(|(s, _)| s)
        };
        let titled = longest(|s| &s.titles)?;
        Some(longest(|s| &s.marks).unwrap_or(titled))
    }

    /// The spec of a role.
    pub fn table(&self, role: Role) -> Option<&TableSpec> {
        self.tables.iter().find(|t| t.role == role)
    }

    /// The money unit a caption names (`单位：万元` → 1; `元` → 0.0001).
    pub fn money_unit(&self, name: &str) -> Option<&MoneyUnit> {
        self.money_units.iter().find(|u| u.name == name)
    }

    /// The key a header names: it equals one of the key's words.
    pub fn key_for(&self, header: &str) -> Option<Key> {
        let h = norm(header);
        self.keys
            .iter()
            .find(|k| k.headers.iter().any(|a| norm(a) == h))
            .map(|k| k.key)
    }

    /// The group a header line names.
    pub fn group_for(&self, header: &str) -> Option<GroupWord> {
        let h = norm(header);
        self.groups
            .iter()
            .find(|g| g.headers.iter().any(|a| norm(a) == h))
            .map(|g| g.group)
    }

    /// Does a column's header say it holds ratios (执行率, %), not money?
    pub fn is_ratio(&self, header: &str) -> bool {
        let h = norm(header);
        self.ratios.iter().any(|r| h.contains(norm(r).as_str()))
    }

    /// Is this row name a total (合计, 总计 …)?
    pub fn is_total(&self, name: &str) -> bool {
        let n = norm(name);
        self.totals.iter().any(|t| n == norm(t))
    }

    /// The document kind a title says (决算 before 预算: 决算 titles may
    /// mention 预算 too).
    pub fn kind_of_title(&self, title: &str) -> Option<Kind> {
        let t = norm(title);
        self.kinds
            .iter()
            .find(|k| k.words.iter().any(|w| t.contains(norm(w).as_str())))
            .map(|k| k.kind)
    }
}

impl TableSpec {
    /// The field a leaf header names: the longest alias it contains.
    pub fn field_for(&self, leaf: &str) -> Option<&str> {
        let h = norm(leaf);
        self.columns
            .iter()
            .flat_map(|c| c.headers.iter().map(move |a| (c, norm(a))))
            .filter(|(_, a)| !a.is_empty() && h.contains(a.as_str()))
            .max_by_key(|(_, a)| (a.chars().count(), usize::from(*a == h)))
            .map(|(c, _)| c.field.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_file_parses_and_names_every_role_once() {
        let t = get();
        // A province's own tables share the role Kept, each its own name.
        let mut roles: Vec<(Role, &str)> = t
            .tables
            .iter()
            .map(|s| {
                (
                    s.role,
                    if s.role == Role::Kept {
                        s.name.as_str()
                    } else {
                        ""
                    },
                )
            })
            .collect();
        roles.sort();
        let n = roles.len();
        roles.dedup();
        assert_eq!(roles.len(), n, "a role described twice");
        for s in &t.tables {
            assert!(!s.titles.is_empty(), "{:?} has no title", s.role);
            for set in &s.sets {
                assert!(t.sets.iter().any(|x| &x.id == set), "unknown set {set}");
            }
        }
        assert!(t.money_unit("元").is_some() && t.money_unit("万元").is_some());
    }

    #[test]
    fn titles_name_their_role_whatever_the_wording() {
        let t = get();
        let role = |s: &str| t.table_for_title(s).map(|x| x.role);
        assert_eq!(role("部门收支预算总表"), Some(Role::Summary));
        assert_eq!(role("部门预算支出总表"), Some(Role::Spending));
        assert_eq!(role("单位收入总表"), Some(Role::Income));
        assert_eq!(role("单位支出总表"), Some(Role::Spending));
        assert_eq!(role("机关运行经费预算表"), Some(Role::Kept));
        assert_eq!(role("财政专户管理资金收支表"), Some(Role::Kept));
        assert_eq!(role("2021年部门收支总表"), Some(Role::Summary));
        assert_eq!(role("收入支出决算总表"), Some(Role::Summary));
        assert_eq!(role("财政拨款收入支出决算总表"), Some(Role::FiscalSummary));
        assert_eq!(
            role("一般公共预算财政拨款基本支出决算表"),
            Some(Role::BasicEconomic)
        );
        assert_eq!(role("一般公共预算“三公”经费支出表"), Some(Role::Sangong));
        assert_eq!(role("三公经费支出决算表"), Some(Role::Sangong));
        assert_eq!(
            role("一般公共预算财政拨款“三公”经费、会议费、培训费支出决算表"),
            Some(Role::Sangong)
        );
        assert_eq!(role("基本支出决算表"), Some(Role::BasicEconomic));
        assert_eq!(role("“三公”经费财政拨款预算情况表"), Some(Role::Sangong));
        assert_eq!(role("一般公共预算支出情况表"), Some(Role::GeneralPublic));
        assert_eq!(
            role("部门（单位）整体支出绩效目标表"),
            Some(Role::UnitGoals)
        );
        assert_eq!(role("项目名称"), None);
    }

    #[test]
    fn headers_name_fields_keys_and_groups() {
        let t = get();
        let sangong = t.table(Role::Sangong).unwrap();
        assert_eq!(sangong.field_for("小计"), Some("vehicles"));
        assert_eq!(sangong.field_for("公务用车购置及运行费"), Some("vehicles"));
        assert_eq!(
            sangong.field_for("公务用车 运行维护费"),
            Some("vehicle_operation")
        );
        assert_eq!(sangong.field_for("因公出国（境）费"), Some("abroad"));
        let spending = t.table(Role::Spending).unwrap();
        assert_eq!(
            spending.field_for("2020年面向中 小企业政府采 购项目"),
            Some("procurement_sme")
        );
        assert_eq!(
            spending.field_for("2020年 政府采购项目"),
            Some("procurement")
        );
        assert_eq!(t.key_for("预算单位"), Some(Key::Unit));
        assert_eq!(t.key_for("单位编码"), Some(Key::UnitCode));
        assert_eq!(t.key_for("类"), Some(Key::CodeClass));
        assert_eq!(t.group_for("决算数"), Some(GroupWord::Final));
        assert_eq!(
            t.kind_of_title("临川县农业农村局2020年度部门决算"),
            Some(Kind::Final)
        );
    }
}
