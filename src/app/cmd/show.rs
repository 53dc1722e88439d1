//! `ftrack show TASK`: full text, state, owner, due date and the task's own history.

use crate::app::cli::ShowArgs;
use crate::app::{Env, Output};
use crate::model::resolve;
use crate::present::detail;
use crate::present::view::{SCHEMA, ShowView, TaskView};

pub fn run(args: &ShowArgs, env: &Env) -> anyhow::Result<Output> {
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let idx = resolve::task(t, &args.task)?;
    let task = t.catalog.task(idx);
    let view = ShowView {
        schema: SCHEMA,
        task: TaskView::new(t, idx, env.today()),
        group: task.group.clone(),
        catalog_note: task.note.clone(),
        text_en: task.text_en.clone(),
        aliases: task.aliases.clone(),
        history: env.store.history_of(t, idx)?,
    };
    Ok(Output::ok(env.answer(&view, detail::show)?).warn(loaded.warnings))
}
