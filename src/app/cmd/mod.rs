//! One file per command: each resolves its inputs, asks the model, records through the store
//! and answers with a view, which `app::Env::answer` renders as text, JSON or nothing.

pub mod add;
pub mod advance;
pub mod assign;
pub mod catalog;
pub mod catalog_diff;
pub mod catalog_import;
pub mod catalog_use;
pub mod completions;
pub mod doctor;
pub mod done;
pub mod gate;
pub mod init;
pub mod list;
pub mod log;
pub mod man;
pub mod note;
pub mod plan;
pub mod portfolio;
mod portfolio_read;
pub mod reopen;
pub mod report;
pub mod retire;
pub mod schema;
pub mod show;
pub mod status;
pub mod undo;
pub mod waive;

use crate::app::{Env, Output};
use crate::model::event::{Event, Op};
use crate::present::changes::{self, Change, WriteView};
use crate::store::Loaded;

/// Record the events a write command decided on `loaded` (all or none) and answer with each of
/// `tasks` before and after: "changed" where an event is about it, else "unchanged".
pub fn answer_write(
    env: &Env,
    loaded: Loaded,
    tasks: &[usize],
    op: Op,
    events: Vec<Event>,
) -> anyhow::Result<Output> {
    let t = &loaded.state;
    let after = t.preview(&events);
    let list = tasks
        .iter()
        .map(|&idx| {
            let state = after.iter().find(|(i, _)| *i == idx).map(|(_, s)| s);
            Change::item(t, idx, op.as_str(), state)
        })
        .collect();
    let view = WriteView::new(env.tracker_display(), list);
    let text = env.answer(&view, changes::human)?;
    let warnings = loaded.warnings.clone();
    let recorded = crate::app::record(env, loaded, &events)?;
    Ok(Output::ok(text).warn(warnings).warn(recorded.warnings))
}
