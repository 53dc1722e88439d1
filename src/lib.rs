//! ftrack as a library, in four layers that depend one way only:
//! `app` (command line, environment, one file per command) → `present` (views to text) and
//! `store` (the tracker's files) → `model` (pure rules) → `error`.
//! The binary (`src/main.rs`) is a thin shell over `app::run`; the benchmarks in `benches/`
//! measure the catalog loader and the replay directly.

pub mod app;
pub mod error;
pub mod model;
pub mod present;
pub mod store;
