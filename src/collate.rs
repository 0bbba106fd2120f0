//! Collation: Chinese names sort by their pinyin, not by code point.

use pinyin::ToPinyin;

/// The pinyin of a name with the first reading of each character, for
/// sorting by name. Characters without a reading (letters, digits) stand for
/// themselves, lower-cased.
///
/// ```
/// assert_eq!(yusuan::collate::sort_key("人才"), "rencai");
/// assert!(yusuan::collate::sort_key("公用支出") < yusuan::collate::sort_key("人员支出"));
/// ```
#[must_use]
pub fn sort_key(name: &str) -> String {
    let mut s = String::with_capacity(name.len() * 2);
    for (c, p) in name.chars().zip(name.to_pinyin()) {
        match p {
            Some(p) => s.push_str(p.plain()),
            None => s.extend(c.to_lowercase()),
        }
    }
    s
}
