//! The integration tests, one binary: each module runs the real `ftrack` binary in a temp
//! directory through the harness in `common` (one test crate links once, not eleven times).

mod common;

mod cache;
mod catalog;
mod commands;
mod exit_codes;
mod find;
mod golden;
mod hostile;
mod hostile_git;
mod hostile_reads;
mod hostile_text;
mod hostile_writes;
mod import;
mod import_family;
mod items;
mod journal;
mod parts;
mod plan;
mod portfolio;
mod portfolio_formats;
mod portfolio_pull;
mod portfolio_schema;
mod portfolio_walk;
mod report;
mod report_browser;
mod report_summary;
mod safety;
mod screen;
mod scripting;
mod shell;
mod team;
mod team_journal;
mod undo;
mod upgrade;
mod who;
