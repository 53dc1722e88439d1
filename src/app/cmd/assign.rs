//! `ftrack assign TASK… [--owner NAME] [--due DATE]`: set (or clear with '') owner and due date.
//! An item that already has that owner and due date is left as it was.

use crate::app::cli::AssignArgs;
use crate::app::{Env, Output, event_on};
use crate::model::event::Op;
use crate::model::resolve;
use crate::model::when::parse_due;

pub fn run(args: &AssignArgs, env: &Env) -> anyhow::Result<Output> {
    let owner = args.owner.as_deref().map(|o| o.trim().to_string());
    let due = match args.due.as_deref().map(str::trim) {
        Some("") => Some(None),
        Some(d) => Some(Some(parse_due("--due", d, env.local_now())?)),
        None => None,
    };
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let tasks = resolve::tasks(t, &args.tasks)?;
    let by = env.who(args.by.by.as_deref());
    let events: Vec<_> = tasks
        .iter()
        .filter(|&&idx| {
            let s = &t.states[idx];
            let same_owner = owner
                .as_ref()
                .is_none_or(|o| s.owner.as_deref().unwrap_or("") == o);
            let same_due = due.is_none_or(|d| s.due == d);
            !(same_owner && same_due)
        })
        .map(|&idx| {
            let mut e = event_on(t, idx, Op::Assign, env, &by);
            e.owner = owner.clone();
            e.due = due.map(|d| d.map(|d| d.to_string()).unwrap_or_default());
            e
        })
        .collect();
    super::answer_write(env, loaded, &tasks, Op::Assign, events)
}
