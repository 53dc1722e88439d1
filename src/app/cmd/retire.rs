//! `ftrack retire TASK --reason TEXT`: take an added item out of gates, lists and counts.
//! It stays in the journal and in `show`/`log`; its id is never used again.

use crate::app::cli::RetireArgs;
use crate::app::{Env, Output, event_on};
use crate::error::usage;
use crate::model::event::Op;
use crate::model::resolve;
use crate::model::state::Status;

pub fn run(args: &RetireArgs, env: &Env) -> anyhow::Result<Output> {
    let reason = args.reason.trim();
    if reason.is_empty() {
        return Err(usage(
            "--reason is empty",
            "say why the item no longer applies, e.g. --reason \"replaced by cloud auth\"",
        ));
    }
    let loaded = env.store.load()?;
    let t = &loaded.state;
    let idx = resolve::task(t, &args.task)?;
    let task = t.catalog.task(idx);
    if task.added.is_none() {
        return Err(usage(
            format!(
                "`{}` is a catalog item; only items added with `ftrack add` can be retired",
                task.id
            ),
            format!("waive it instead: ftrack waive {} --reason \"…\"", task.id),
        ));
    }
    let mut events = Vec::new();
    if t.states[idx].status != Status::Retired {
        let mut e = event_on(t, idx, Op::Retire, env, &env.who(args.by.by.as_deref()));
        e.reason = Some(reason.to_string());
        events.push(e);
    }
    super::answer_write(env, loaded, &[idx], Op::Retire, events)
}
