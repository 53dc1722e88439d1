//! The integration tests, one binary: each module runs the real `ftrack` binary in a temp
//! directory through the harness in `common` (one test crate links once, not eleven times).

mod common;

mod clones;

mod burnup;
mod cache;
mod catalog;
mod commands;
mod exit_codes;
mod find;
mod fit;
mod follow;
mod golden;
mod hostile;
mod hostile_git;
mod hostile_reads;
mod hostile_text;
mod hostile_writes;
mod import;
mod import_family;
mod import_lang;
mod import_parts;
mod items;
mod journal;
mod kept;
mod order;
mod parts;
mod plan;
mod report;
mod report_browser;
mod report_files;
mod report_summary;
mod safety;
mod schema;
mod screen;
mod scripting;
mod shell;
mod smaller;
mod staged;
mod stages;
mod stress;
mod taken_back;
mod taken_back_parts;
mod team;
mod team_journal;
mod times;
mod undo;
mod upgrade;
mod who;
