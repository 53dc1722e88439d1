//! ftrack as a library: the binary (`src/main.rs`) is a thin shell over `cmd::run`, and the
//! benchmarks in `benches/` measure the catalog loader and the replay directly.

pub mod atomic;
pub mod cache;
pub mod catalog;
pub mod cli;
pub mod cmd;
pub mod complete;
pub mod context;
pub mod error;
pub mod fileid;
pub mod import;
pub mod journal;
pub mod render;
pub mod report;
pub mod resolve;
pub mod slug;
pub mod tracker;
pub mod view;
pub mod when;
