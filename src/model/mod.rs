//! The model: pure types and rules. No file system, environment, clock or terminal: everything
//! it needs (catalog text, events, "now") is handed to it.

pub mod catalog;
pub mod damage;
pub mod diagnose;
pub mod event;
pub mod find;
pub mod gate;
pub mod health;
pub mod import;
pub mod lang;
pub mod resolve;
pub mod slug;
pub mod state;
pub mod switch;
pub mod text;
pub mod undo;
pub mod when;
