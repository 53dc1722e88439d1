//! `ftrack waive TASK… --reason TEXT`: close items as not applicable to this engagement.

use crate::app::cli::WaiveArgs;
use crate::app::{Env, Output, event_on, text_arg};
use crate::error::usage;
use crate::model::event::Op;
use crate::model::resolve;
use crate::model::state::Status;

pub fn run(args: &WaiveArgs, env: &Env) -> anyhow::Result<Output> {
    let reason = text_arg("--reason", Some(&args.reason))?.unwrap_or_default();
    if reason.trim().is_empty() {
        return Err(usage(
            "--reason is empty",
            "say why the item does not apply, e.g. --reason \"cloud-only tenant\"",
        ));
    }
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let tasks = resolve::tasks(t, &args.tasks)?;
    let by = env.who(args.by.by.as_deref());
    let events: Vec<_> = tasks
        .iter()
        .filter(|&&idx| {
            let s = &t.states[idx];
            !(s.status == Status::Waived && s.note.as_deref() == Some(reason.as_str()))
        })
        .map(|&idx| {
            let mut e = event_on(t, idx, Op::Waive, env, &by);
            e.reason = Some(reason.clone());
            e
        })
        .collect();
    super::answer_write(env, loaded, &tasks, Op::Waive, events)
}
