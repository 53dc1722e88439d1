//! `ftrack retire TASK --reason TEXT`: take an added item out of gates, lists and counts.
//! It stays in the journal and in `show`/`log`; its id is never used again.

use super::{Env, Output, event_on, named};
use crate::cli::RetireArgs;
use crate::context::who;
use crate::error::user;
use crate::journal::Op;
use crate::resolve;
use crate::tracker::Status;

pub fn run(args: &RetireArgs, env: &Env) -> anyhow::Result<Output> {
    let reason = args.reason.trim();
    if reason.is_empty() {
        return Err(user(
            "--reason is empty",
            "say why the item no longer applies, e.g. --reason \"replaced by cloud auth\"",
        ));
    }
    let t = env.ctx.load()?;
    let idx = resolve::task(&t, &args.task)?;
    let task = t.catalog.task(idx);
    if task.added.is_none() {
        return Err(user(
            format!(
                "`{}` is a catalog item; only items added with `ftrack add` can be retired",
                task.id
            ),
            format!("waive it instead: ftrack waive {} --reason \"…\"", task.id),
        ));
    }
    if t.states[idx].status == Status::Retired {
        return Ok(Output::ok(format!(
            "already retired: {}; left as it was\n",
            named(&t, idx)
        )));
    }
    let mut e = event_on(&t, idx, Op::Retire, env, &who(args.by.by.as_deref()));
    e.reason = Some(reason.to_string());
    let out = format!("retired: {}\n", named(&t, idx));
    env.ctx.record(t, &[e])?;
    Ok(Output::ok(out))
}
