//! `ftrack reopen TASK…`: mark done or waived items outstanding again.

use crate::app::cli::ReopenArgs;
use crate::app::{Env, Output, event_on, text_arg};
use crate::model::event::Op;
use crate::model::resolve;
use crate::model::state::Status;

pub fn run(args: &ReopenArgs, env: &Env) -> anyhow::Result<Output> {
    let note = text_arg("--note", args.note.as_deref())?;
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let tasks = resolve::tasks(t, &args.tasks)?;
    let by = env.who(args.by.by.as_deref());
    let events: Vec<_> = tasks
        .iter()
        .filter(|&&idx| t.states[idx].status != Status::Outstanding)
        .map(|&idx| {
            let mut e = event_on(t, idx, Op::Reopen, env, &by);
            e.note = note.clone();
            e
        })
        .collect();
    super::answer_write(env, loaded, &tasks, Op::Reopen, events)
}
