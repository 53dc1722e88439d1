//! `ftrack done TASK…`: mark items done; an item already done stays as it was.

use crate::app::cli::DoneArgs;
use crate::app::{Env, Output, event_on, text_arg};
use crate::model::event::Op;
use crate::model::resolve;
use crate::model::state::Status;
use crate::model::when::parse_at;

pub fn run(args: &DoneArgs, env: &Env) -> anyhow::Result<Output> {
    let at = args
        .at
        .as_deref()
        .map(|s| parse_at("--at", s, env.local_now(), &env.style.offset_at))
        .transpose()?;
    let note = text_arg("--note", args.note.as_deref())?;
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let tasks = resolve::tasks(t, &args.tasks)?;
    let by = env.who(args.by.by.as_deref());
    let events: Vec<_> = tasks
        .iter()
        .filter(|&&idx| t.states[idx].status != Status::Done)
        .map(|&idx| {
            let mut e = event_on(t, idx, Op::Done, env, &by);
            e.done_at = at;
            e.note = note.clone();
            e
        })
        .collect();
    super::answer_write(env, loaded, &tasks, Op::Done, events)
}
