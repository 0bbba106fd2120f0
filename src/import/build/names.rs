//! The names a unit goes by: part 3's short ones and the tables' full ones
//! (`市人社局` for `深圳市人力资源和社会保障局`), and which unit (or the
//! department itself) a table's row names.

use super::{nar, norm, Warning};

/// Knows the names units go by: part 3's short ones and the tables' full ones.
pub(super) struct Names {
    pub(super) department: String,
    short: String,
    city: String,
    /// (canonical key, part-3 name)
    units: Vec<(String, String)>,
}

impl Names {
    /// The names of a department (`深圳市…局`, short `市人社局`) and its
    /// part-3 units.
    pub(super) fn new(department: &str, short: &str, units_text: &[nar::UnitText]) -> Names {
        let city = department
            .split('市')
            .next()
            .filter(|c| department.contains('市') && !c.is_empty())
            .unwrap_or("")
            .to_string();
        let mut names = Names {
            department: department.to_string(),
            short: short.to_string(),
            city,
            units: Vec::new(),
        };
        names.units = units_text
            .iter()
            .map(|u| (names.canonical(&u.name).0, u.name.clone()))
            .collect();
        names
    }

    pub(super) fn canonical(&self, name: &str) -> (String, bool) {
        let mut n = norm(name);
        let special = n.ends_with("(专项资金)");
        n = n.trim_end_matches("(专项资金)").to_string();
        if !self.short.is_empty() && n.contains(&self.short) {
            let full = norm(&self.department);
            let full = full.strip_prefix(&self.city).unwrap_or(&full).to_string();
            n = n.replacen(&self.short, &full, 1);
        }
        if !self.city.is_empty() {
            if let Some(s) = n.strip_prefix(&self.city) {
                n = s.to_string();
            }
        }
        (n, special)
    }

    /// The part-3 unit a table name means (`None` for the department or an unknown unit),
    /// and whether it is the unit's (专项资金) row.
    pub(super) fn unit(&self, table_name: &str) -> Option<(String, bool)> {
        let (key, special) = self.canonical(table_name);
        let found = self.units.iter().find(|(k, _)| *k == key);
        // A per-unit table (表14, 表15) names the department itself for its 本级.
        let found = found.or_else(|| {
            let own = format!("{}本级", self.canonical(&self.department).0);
            (key == self.canonical(&self.department).0)
                .then(|| self.units.iter().find(|(k, _)| *k == own))
                .flatten()
        });
        found.map(|(_, name)| (name.clone(), special))
    }

    /// Who a table row belongs to: the department (its own name) or one of
    /// its units (part 3's name). An unknown name is a warning and `None`.
    pub(super) fn owner(
        &self,
        table_name: &str,
        table: &str,
        line: u32,
        w: &mut Vec<Warning>,
    ) -> Option<String> {
        if self.is_department(table_name) {
            return Some(self.department.clone());
        }
        if let Some((u, _)) = self.unit(table_name) {
            Some(u)
        } else {
            w.push(Warning::new(
                line,
                format!("{table}: unit {table_name:?} is not one of the units of 第三部分"),
            ));
            None
        }
    }

    pub(super) fn is_department(&self, table_name: &str) -> bool {
        let (key, special) = self.canonical(table_name);
        !special && key == self.canonical(&self.department).0
    }
}
