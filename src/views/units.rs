//! The units side by side: for a department, one row per unit with its four
//! categories, total, 三公 and staffing — what a reviewer would otherwise
//! pivot in a spreadsheet. Sortable by any column; the department's own row
//! stays first.

use crate::model::{sangong, Kind, Model, NodeId, View};
use crate::money;
use crate::schema::category;
use rust_decimal::Decimal;

/// The columns, in order.
pub const UNIT_COLUMNS: [&str; 9] = [
    "单位",
    "人员支出",
    "公用支出",
    "对个人和家庭",
    "项目支出",
    "合计",
    "三公",
    "编制",
    "人均人员支出",
];

/// One unit (or the department) in the comparison; amounts in 万元.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRow {
    pub name: String,
    /// The unit's (or the department's) node in the unit view.
    pub node: NodeId,
    pub is_department: bool,
    /// 人员支出, 公用支出, 对个人和家庭的补助支出, 项目支出 (none where the
    /// document gives 基本支出 whole).
    pub categories: [Option<Decimal>; 4],
    pub total: Decimal,
    /// 三公经费, the later column of 表12.
    pub sangong: Option<Decimal>,
    /// 编制 (part 1).
    pub establishment: Option<u32>,
    /// 人员支出 ÷ 编制, 万元 a person, 四舍五入 to 2 decimals.
    pub per_person: Option<Decimal>,
}

impl UnitRow {
    /// The figure column `c` (an index into [`UNIT_COLUMNS`]) holds.
    pub fn value(&self, c: usize) -> Option<Decimal> {
        match c {
            1..=4 => self.categories[c - 1],
            5 => Some(self.total),
            6 => self.sangong,
            7 => self.establishment.map(Decimal::from),
            8 => self.per_person,
            _ => None,
        }
    }
}

/// The department `dept` (a node of any view) and its units, the department first.
pub fn unit_table(model: &Model, dept: NodeId) -> Vec<UnitRow> {
    let Some(d) = model.dataset(dept) else {
        return Vec::new();
    };
    // The department's node in the unit view: its dataset's, in its year.
    let (Some(di), Some(year)) = (model.node(dept).dataset_index(), model.year_of(dept)) else {
        return Vec::new();
    };
    let Some(top) = model
        .node(model.year_node(View::Unit, year))
        .children
        .iter()
        .copied()
        .find(|c| {
            let n = model.node(*c);
            n.kind == Kind::Department && n.dataset_index() == Some(di)
        })
    else {
        return Vec::new();
    };
    let sg = sangong::sangong(d).map(|(_, _, rows)| rows);
    let three = |names: &[&str], department: bool| -> Option<Decimal> {
        sg.as_ref()?
            .iter()
            .find(|r| {
                r.is_department == department && (department || names.contains(&r.unit.as_str()))
            })
            .map(|r| r.after.total)
    };
    let mut rows = Vec::new();
    let units: Vec<NodeId> = model
        .node(top)
        .children
        .iter()
        .copied()
        .filter(|u| model.node(*u).kind == Kind::Unit)
        .collect();
    let mut dept_categories = [None; 4];
    let mut dept_staff: Option<u32> = None;
    for u in &units {
        let n = model.node(*u);
        let cats = categories(model, *u);
        let unit = d.units.iter().find(|x| x.name == n.name);
        let establishment = unit.and_then(|x| x.staffing.as_ref()?.establishment);
        let names: Vec<&str> = unit.map_or(vec![n.name.as_str()], |x| {
            vec![x.name.as_str(), x.full_name.as_str()]
        });
        for (k, c) in cats.iter().enumerate() {
            if let Some(c) = c {
                dept_categories[k] = Some(dept_categories[k].unwrap_or_default() + c);
            }
        }
        if let Some(e) = establishment {
            dept_staff = Some(dept_staff.unwrap_or(0) + e);
        }
        rows.push(UnitRow {
            name: n.name.clone(),
            node: *u,
            is_department: false,
            categories: cats,
            total: n.amount,
            sangong: three(&names, false),
            establishment,
            per_person: per_person(cats[0], establishment),
        });
    }
    let dept_row = UnitRow {
        name: model.node(top).name.clone(),
        node: top,
        is_department: true,
        categories: dept_categories,
        total: model.node(top).amount,
        sangong: three(&[], true),
        establishment: dept_staff,
        per_person: per_person(dept_categories[0], dept_staff),
    };
    rows.insert(0, dept_row);
    rows
}

/// A unit's four categories, by name.
fn categories(model: &Model, unit: NodeId) -> [Option<Decimal>; 4] {
    category::ALL.map(|name| {
        model
            .node(unit)
            .children
            .iter()
            .find(|c| model.node(**c).name == name)
            .map(|c| model.node(*c).amount)
    })
}

fn per_person(personnel: Option<Decimal>, staff: Option<u32>) -> Option<Decimal> {
    let staff = Decimal::from(staff.filter(|s| *s > 0)?);
    Some(money::round(personnel? / staff, 2))
}

/// Sort the units (not the department's row, which stays first) by column
/// `c`: figures largest first, names by pinyin; `reversed` the other way. A
/// unit without the figure goes last either way.
pub fn sort_units(rows: &mut [UnitRow], c: usize, reversed: bool) {
    let start = usize::from(rows.first().is_some_and(|r| r.is_department));
    let units = &mut rows[start..];
    if c == 0 {
        units.sort_by_cached_key(|r| crate::collate::sort_key(&r.name));
        if reversed {
            units.reverse();
        }
        return;
    }
    units.sort_by(|a, b| match (a.value(c), b.value(c)) {
        (Some(x), Some(y)) if reversed => x.cmp(&y),
        (Some(x), Some(y)) => y.cmp(&x),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
}
