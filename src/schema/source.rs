//! Where a figure stands, and the figure itself: `Source`, the shared
//! `Place`, `Figure` and the most precise of several statements.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a figure or text stands in the source document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Source {
    /// Table and row, or part and paragraph: `表15 人力资源综合管理 项目总金额`.
    pub place: Place,
    /// Line in the source text (1-based), 0 when not known.
    #[serde(default)]
    pub line: u32,
}

/// A [`Source`]'s place: text shared by every figure that names the same
/// place (a city's generated files name a handful of places for millions
/// of figures). Written and read as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Place(std::sync::Arc<str>);

/// How many distinct places a loading thread shares before it stops
/// sharing (hostile files could name millions).
const PLACES_SHARED: usize = 65_536;

/// The places a loading thread has read, and the last of them (figures
/// side by side mostly name the same place: no hashing for those).
#[derive(Default)]
struct Places {
    all: std::collections::HashSet<std::sync::Arc<str>>,
    last: Option<std::sync::Arc<str>>,
}

thread_local! {
    static PLACES: std::cell::RefCell<Places> = std::cell::RefCell::default();
}

impl Place {
    /// The place, shared with an equal one read before on this thread.
    fn shared(s: &str) -> Place {
        PLACES.with(|p| {
            let mut p = p.borrow_mut();
            if let Some(a) = p.last.as_ref().filter(|a| ***a == *s) {
                return Place(a.clone());
            }
            let a = if let Some(a) = p.all.get(s) {
                a.clone()
            } else {
                let a: std::sync::Arc<str> = s.into();
                if p.all.len() < PLACES_SHARED {
                    p.all.insert(a.clone());
                }
                a
            };
            p.last = Some(a.clone());
            Place(a)
        })
    }
}

impl std::ops::Deref for Place {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Place {
    fn from(s: String) -> Place {
        Place(s.into())
    }
}

impl From<&str> for Place {
    fn from(s: &str) -> Place {
        Place(s.into())
    }
}

impl From<&Place> for Place {
    /// The same text, shared (no copy).
    fn from(p: &Place) -> Place {
        p.clone()
    }
}

impl From<&String> for Place {
    fn from(s: &String) -> Place {
        Place(s.as_str().into())
    }
}

impl PartialEq<str> for Place {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Place {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl Serialize for Place {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Place {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Place, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Place;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Place, E> {
                Ok(Place::shared(v))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// One figure as the document states it, in 万元.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub value: Decimal,
    /// How many decimals of 万元 the document gave (0 = whole 万元; a 元
    /// figure converted to 万元 has 4 more than its 元 digits).
    pub precision: u32,
    pub source: Source,
}

/// The most precise figure: greatest precision, the earliest among equals.
pub fn most_precise(figs: &[Figure]) -> Option<&Figure> {
    figs.iter().rev().max_by_key(|f| f.precision)
}
