//! yusuan (预算): a terminal explorer for Chinese government department budgets.
//!
//! Data flows one way: text or RON file → [`schema`] → [`load`] (validation)
//! → [`model`] (an arena tree) → views, [`search`], [`check`] → [`tui`] or [`cli`].

pub mod atomic;
pub mod check;
pub mod cli;
pub mod collate;
pub mod compare;
pub mod detail;
pub mod export;
pub mod file;
pub mod import;
pub mod load;
pub mod model;
pub mod money;
pub mod notes;
pub mod read;
pub mod schema;
pub mod search;
pub mod table;
pub mod text;
pub mod tui;
pub mod views;
pub mod width;
pub mod xdg;
