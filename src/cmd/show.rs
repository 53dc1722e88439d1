//! `ftrack show TASK`: full text, state, owner, due date and the task's own history.

use super::{Env, Output};
use crate::cli::ShowArgs;
use crate::render;
use crate::resolve;
use crate::view::{SCHEMA, ShowView, TaskView};

pub fn run(args: &ShowArgs, env: &Env) -> anyhow::Result<Output> {
    let t = env.ctx.load()?;
    let idx = resolve::task(&t, &args.task)?;
    let task = t.catalog.task(idx);
    let view = ShowView {
        schema: SCHEMA,
        task: TaskView::new(&t, idx, env.today()),
        group: task.group.clone(),
        catalog_note: task.note.clone(),
        aliases: task.aliases.clone(),
        history: env.ctx.history(&t, idx)?,
    };
    Ok(Output::ok(if args.json.json {
        render::json(&view)?
    } else {
        render::human::show(&view)
    }))
}
